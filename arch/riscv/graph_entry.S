/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * rvt_graph_record: the graph tracer's entry, entered from the trampoline's
 * first instructions with the DIRECT contract (t0 = f + 8, ra = f's return
 * address, arguments untouched; t1 and t3-t6 free). What graph_entry() and
 * rvt_shadow_push() do in C: a frame on the calling context's shadow stack,
 * f's return sent to rvt_graph_return, and the entry event. It calls
 * nothing; a0 and a1 are borrowed in its frame (ring_write.h, IRQS_OFF).
 * rvt_graph_record_args does the same with the argument registers the
 * configuration asks for (rvt_trace.nr_args) in data events after the
 * event, as rvt_ftrace_record_args writes them (ring_vals.h).
 *
 * Interrupts stay masked from the hart's line to the event (ring_write.h):
 * the stack the line names is the caller's throughout, and nothing else
 * pushes on it meanwhile.
 *
 * Only used where the platform says that mhartid is the hart's number and
 * the time CSR its clock, and with the M extension (rvt_recorder_fast());
 * without it this is never entered.
 */
#include "ring_vals.h"

.macro GRAPH_RECORD name, vals
	.text
	.balign	4
	.globl	\name
	.type	\name, @function
\name:
#ifdef __riscv_div
.if \vals
	ARGS_SAVE t1			/* a0 and a1 among them */
.else
	IRQS_OFF t1
	REG_S	a0, REC_SLOT(1)(sp)
	REG_S	a1, REC_SLOT(2)(sp)
.endif
	HART_LINE t1, a0, a1		/* a0: the rings, a1: this hart's line */
	lw	t3, RW_T(NR_HARTS)(a0)
	bgeu	t1, t3, .Lout\@		/* no ring: nothing to record */
	REG_L	t6, RVT_RING_STACK(a1)
	beqz	t6, .Lout\@		/* this context has no stack */
	REG_L	t1, RVT_TASK_TOP(t6)	/* t1: the frame */
	REG_L	t3, RVT_TASK_END(t6)
	bgeu	t1, t3, .Lout\@		/* full: this call is not watched */
	addi	t3, t1, RVT_FRAME_SIZE
	REG_S	t3, RVT_TASK_TOP(t6)
	REG_L	t5, RVT_TASK_FRAMES(t6)	/* t5: frames[0] */
	REG_S	ra, RVT_FRAME_RET(t1)	/* ra is free from here */

	/*
	 * t3: the owner word, which is the entry event's info but the
	 * line's (asm_layout.h): the depth is one more than the nearest
	 * graph frame's below (no carry: at most RVT_TASK_MAX_FRAMES
	 * frames), 0 with none. The frame right below is read first; the
	 * walk past the profiler's frames and the bottom are out of line.
	 */
	beq	t1, t5, .Lbottom\@
	REG_L	t6, RVT_FRAME_OWNER - RVT_FRAME_SIZE(t1)
	andi	ra, t6, RVT_SHADOW_OWNER_GRAPH	/* the profiler's is 2 */
	beqz	ra, .Lwalk\@
.Lgraph\@:
	addi	t3, t6, 1 << RVT_GRAPH_DEPTH_SHIFT	/* the owner bit kept */
.Ldepth\@:
.if \vals
	addi	t4, sp, ARGS_FRAME	/* the caller's sp */
.else
	addi	t4, sp, REC_FRAME
.endif
	REG_S	t4, RVT_FRAME_SP(t1)
	addi	t4, t0, -8
	REG_S	t4, RVT_FRAME_FUNC(t1)
	REG_S	t3, RVT_FRAME_OWNER(t1)

	/* The caller: the first return below that is not ours (a tail call). */
	lla	ra, rvt_graph_return
.Lcaller\@:
	REG_L	t4, RVT_FRAME_RET(t1)
	bne	t4, ra, .Lfound\@
	beq	t1, t5, .Lfound\@
	addi	t1, t1, -RVT_FRAME_SIZE
	j	.Lcaller\@
	/*
	 * info: the owner word (ENTRY and the depth) | the line's, whose
	 * tag is the stack's owner's: the line names both.
	 */
.Lfound\@:
.if \vals
	/*
	 * The group's claim keeps t1, t4 and a1 and ra: the rings, the line,
	 * the slots and the info bits; the caller waits in the frame.
	 */
	REG_S	t4, ARGS_SPARE(sp)
	mv	ra, t3
	mv	t1, a0
	mv	t4, a1
	RING_GROUP_CLAIM RVT_LIVE_GRAPH, t1, t4, a1, .Ldone\@, .Lagain\@, .Lbusy\@, .Lfull\@, RW_T(ENTRY_CLAIMS)
	ENTRY_DATA t1, t4
	addi	a0, t0, -8
	REG_L	a3, ARGS_SPARE(sp)
	lw	a4, RVT_RING_INFO(t4)
	or	a4, a4, ra
	RING_PUBLISH a0, a3, a4
.Ldone\@:
	li	t5, -1
	AMOADD_REG_RL	zero, t5, (t4)	/* after the event is published */
	lla	ra, rvt_graph_return
.Lout\@:
	ARGS_RESTORE t1
	jr	t0

	RING_GROUP_LOST t4, a1, .Ldone\@, .Lagain\@, .Lbusy\@, .Lfull\@
.else
	RING_WRITE_MASKED RVT_LIVE_GRAPH, t0, -8, t4, t3, RVT_RING_INFO, a0, t1, a1, t5, t6, 1
.Lout\@:
	REG_L	a0, REC_SLOT(1)(sp)
	REG_L	a1, REC_SLOT(2)(sp)
	IRQS_RESTORE t1
	jr	t0
.endif

.Lwalk\@:
	addi	t4, t1, -RVT_FRAME_SIZE
.Lbelow\@:
	beq	t4, t5, .Lbottom\@
	addi	t4, t4, -RVT_FRAME_SIZE
	REG_L	t6, RVT_FRAME_OWNER(t4)
	andi	ra, t6, RVT_SHADOW_OWNER_GRAPH
	beqz	ra, .Lbelow\@
	j	.Lgraph\@
.Lbottom\@:
	li	t3, RVT_SHADOW_OWNER_GRAPH
	j	.Ldepth\@
#else
	unimp
#endif
	.size	\name, . - \name
.endm

	GRAPH_RECORD rvt_graph_record, 0
	GRAPH_RECORD rvt_graph_record_args, 1
