/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * rvt_graph_return: where a graph-traced function returns to instead of its
 * caller. It keeps the return values (a0, a1, and fa0, fa1 under a
 * hard-float ABI), lets rvt_graph_exit() record the exit and give back the
 * real return address, and continues there. sp is the caller's again, which rvt_graph_exit() uses
 * to find the function's shadow frame.
 */
#include "asm.h"

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
