/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * rvt_graph_return: where a graph-traced function returns to instead of its
 * caller. Only the return values (a0, a1, and fa0, fa1 under a hard-float
 * ABI) are live here; the other caller-saved registers are free.
 *
 * While the graph tracer runs where the platform lets the assembly find the
 * shadow stack (rvt_core.graph_exit: mhartid, the time CSR, the M
 * extension), a graph frame is popped and its exit recorded here, as
 * rvt_graph_exit() and rvt_graph_frame_exit() do; anything else (a
 * profiler's frame, a graph frame after the stop, another platform) goes to
 * rvt_graph_exit() with the caller's sp, which handles every frame.
 */
#include "ring_write.h"
#include "shadow_ctx.h"

#ifdef RVT_ASM_FP_ABI
#define FRAME	(4 * 8)
#else
#define FRAME	16
#endif

	.text
	.balign	4
	.globl	rvt_graph_return
	.type	rvt_graph_return, @function
rvt_graph_return:
#ifdef __riscv_div
	lla	t1, rvt_core
	REG_L	t2, RVT_CORE_GRAPH_EXIT(t1)
	beqz	t2, 8f
	SHADOW_STACK t1, a2, 8f, t3, t4, t5, t6	/* a2: the stack */
	lw	a3, RVT_TASK_TOP(a2)
	REG_L	a4, RVT_TASK_FRAMES(a2)
	li	a5, RVT_FRAME_SIZE
	/* Frames a longjmp() skipped are deeper, so lower: dropped. */
1:	addi	a6, a3, -1
	mul	a6, a6, a5
	add	a6, a6, a4		/* a6: frames[top - 1] */
	li	t3, 1
	bgeu	t3, a3, 2f
	REG_L	t4, RVT_FRAME_SP(a6)
	bgeu	t4, sp, 2f
	addi	a3, a3, -1
	j	1b
2:	REG_L	t4, RVT_FRAME_OWNER(a6)
	andi	t5, t4, 3
	addi	t5, t5, -RVT_SHADOW_OWNER_GRAPH
	bnez	t5, 7f

	/* The caller: the first return below that is not ours (a tail call). */
	lla	t5, rvt_graph_return
	mv	t6, a6
3:	REG_L	a7, RVT_FRAME_RET(t6)
	bne	a7, t5, 4f
	beq	t6, a4, 4f
	addi	t6, t6, -RVT_FRAME_SIZE
	j	3b
4:	REG_L	a5, RVT_FRAME_FUNC(a6)
	REG_L	ra, RVT_FRAME_RET(a6)
	addi	a3, a3, -1
	sw	a3, RVT_TASK_TOP(a2)	/* popped, all of it read */
	/*
	 * info: EXIT | (depth & 0xfff) << 4, the depth kept in the owner,
	 * | the stack's task tag
	 */
	srli	t4, t4, 2
	slli	t4, t4, __riscv_xlen - 12
	srli	t4, t4, __riscv_xlen - 16
	lw	t6, RVT_TASK_INFO(a2)
	or	t4, t4, t6
	RING_WRITE RVT_LIVE_GRAPH, a5, 0, a7, t4, RVT_EV_KIND_EXIT, RVT_RING_HART_INFO, t0, t1, t2, t3, t5
	ret

7:	sw	a3, RVT_TASK_TOP(a2)	/* the frames dropped so far */
8:
#endif
	/* rvt_graph_exit() finds the frame by the caller's sp. */
	addi	sp, sp, -FRAME
	REG_S	a0, 0(sp)
	REG_S	a1, SZREG(sp)
#ifdef RVT_ASM_FP_ABI
	FREG_S	fa0, 16(sp)
	FREG_S	fa1, 24(sp)
#endif
	addi	a0, sp, FRAME
	call	rvt_graph_exit
	mv	ra, a0
	REG_L	a0, 0(sp)
	REG_L	a1, SZREG(sp)
#ifdef RVT_ASM_FP_ABI
	FREG_L	fa0, 16(sp)
	FREG_L	fa1, 24(sp)
#endif
	addi	sp, sp, FRAME
	ret
	.size	rvt_graph_return, . - rvt_graph_return
