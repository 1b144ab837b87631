/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * rvt_graph_record: the graph tracer's entry, entered from the trampoline's
 * first instructions with the DIRECT contract (t0 = f + 8, ra = f's return
 * address, arguments untouched; t1 and t3-t6 free). What graph_entry() and
 * rvt_shadow_push() do in C: a frame on the calling context's shadow stack,
 * f's return sent to rvt_graph_return, and the entry event. It calls
 * nothing; a0 and a1 are borrowed in its frame (ring_write.h, IRQS_OFF).
 *
 * Interrupts stay masked from the hart's line to the event (ring_write.h):
 * the stack the line names is the caller's throughout, and nothing else
 * pushes on it meanwhile.
 *
 * Only used where the platform says that mhartid is the hart's number and
 * the time CSR its clock, and with the M extension (rvt_recorder_fast());
 * without it this is never entered.
 */
#include "ring_write.h"

	.text
	.balign	4
	.globl	rvt_graph_record
	.type	rvt_graph_record, @function
rvt_graph_record:
#ifdef __riscv_div
	IRQS_OFF t1
	REG_S	a0, REC_SLOT(1)(sp)
	REG_S	a1, REC_SLOT(2)(sp)
	HART_LINE t1, a0, a1		/* a0: the rings, a1: this hart's line */
	lw	t3, RW_T(NR_HARTS)(a0)
	bgeu	t1, t3, 9f		/* no ring: nothing to record */
	REG_L	t6, RVT_RING_STACK(a1)
	beqz	t6, 9f			/* this context has no stack */
	lw	t1, RVT_TASK_TOP(t6)
	lw	t3, RVT_TASK_NR_FRAMES(t6)
	bgeu	t1, t3, 9f		/* full: this call is not watched */
	addi	t3, t1, 1
	sw	t3, RVT_TASK_TOP(t6)
	REG_L	t5, RVT_TASK_FRAMES(t6)	/* t5: frames[0] */
	li	t3, RVT_FRAME_SIZE
	mul	t1, t1, t3
	add	t1, t1, t5		/* t1: the frame */
	REG_S	ra, RVT_FRAME_RET(t1)	/* ra is free from here */

	/*
	 * The depth: one more than the nearest graph frame's below, 0 with
	 * none (the bottom frame is tested first: no walk at all).
	 */
	li	t3, 0
	beq	t1, t5, 2f
	mv	t4, t1
1:	addi	t4, t4, -RVT_FRAME_SIZE
	REG_L	t6, RVT_FRAME_OWNER(t4)
	andi	ra, t6, 3
	addi	ra, ra, -RVT_SHADOW_OWNER_GRAPH
	beqz	ra, 5f
	bne	t4, t5, 1b
	j	2f
5:	srli	t3, t6, 2
	addi	t3, t3, 1
2:	addi	t4, sp, REC_FRAME	/* the caller's sp */
	REG_S	t4, RVT_FRAME_SP(t1)
	addi	t4, t0, -8
	REG_S	t4, RVT_FRAME_FUNC(t1)
	slli	t4, t3, 2
	ori	t4, t4, RVT_SHADOW_OWNER_GRAPH
	REG_S	t4, RVT_FRAME_OWNER(t1)

	/* The caller: the first return below that is not ours (a tail call). */
	lla	ra, rvt_graph_return
3:	REG_L	t4, RVT_FRAME_RET(t1)
	bne	t4, ra, 4f
	beq	t1, t5, 4f
	addi	t1, t1, -RVT_FRAME_SIZE
	j	3b
	/*
	 * info: ENTRY | (depth & 0xfff) << 4 | the line's, whose tag is the
	 * stack's owner's: the line names both.
	 */
4:	slli	t3, t3, __riscv_xlen - 12
	srli	t3, t3, __riscv_xlen - 16
	RING_WRITE_MASKED RVT_LIVE_GRAPH, t0, -8, t4, t3, RVT_EV_KIND_ENTRY, RVT_RING_INFO, a0, t1, a1, t5, t6, 1
9:	REG_L	a0, REC_SLOT(1)(sp)
	REG_L	a1, REC_SLOT(2)(sp)
	IRQS_RESTORE t1
	jr	t0
#else
	unimp
#endif
	.size	rvt_graph_record, . - rvt_graph_record
