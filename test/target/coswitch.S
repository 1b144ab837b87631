/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Cooperative task switching for the tests, in any mode: a task is its
 * stack pointer, and its saved context is ra and s0-s11 on its own stack.
 * tp stays with the hart, so a task that moves reads the new hart's
 * thread-locals (the board's hart index among them). Assembly: no site.
 */
#include "asm.h"

/* 13 registers, rounded up to keep sp aligned; then fs0-fs11 if the ABI
   keeps them across calls. */
#ifdef RVT_ASM_FP_ABI
#define FP_CALLEE	1
#define FP_AT		(16 * SZREG)
#define CTX		(16 * SZREG + 12 * 8)
#else
#define CTX		(16 * SZREG)
#endif

	.text
	.balign	4
/* void co_switch(unsigned long *save_sp, unsigned long next_sp) */
	.globl	co_switch
	.type	co_switch, @function
co_switch:
	addi	sp, sp, -CTX
	REG_S	ra, 0 * SZREG(sp)
	REG_S	s0, 1 * SZREG(sp)
	REG_S	s1, 2 * SZREG(sp)
	REG_S	s2, 3 * SZREG(sp)
	REG_S	s3, 4 * SZREG(sp)
	REG_S	s4, 5 * SZREG(sp)
	REG_S	s5, 6 * SZREG(sp)
	REG_S	s6, 7 * SZREG(sp)
	REG_S	s7, 8 * SZREG(sp)
	REG_S	s8, 9 * SZREG(sp)
	REG_S	s9, 10 * SZREG(sp)
	REG_S	s10, 11 * SZREG(sp)
	REG_S	s11, 12 * SZREG(sp)
#ifdef FP_CALLEE
	FREG_S	fs0, FP_AT + 0 * 8(sp)
	FREG_S	fs1, FP_AT + 1 * 8(sp)
	FREG_S	fs2, FP_AT + 2 * 8(sp)
	FREG_S	fs3, FP_AT + 3 * 8(sp)
	FREG_S	fs4, FP_AT + 4 * 8(sp)
	FREG_S	fs5, FP_AT + 5 * 8(sp)
	FREG_S	fs6, FP_AT + 6 * 8(sp)
	FREG_S	fs7, FP_AT + 7 * 8(sp)
	FREG_S	fs8, FP_AT + 8 * 8(sp)
	FREG_S	fs9, FP_AT + 9 * 8(sp)
	FREG_S	fs10, FP_AT + 10 * 8(sp)
	FREG_S	fs11, FP_AT + 11 * 8(sp)
#endif
	/* Saved in full before the next task may be run by another hart. */
	fence	rw, w
	REG_S	sp, 0(a0)
	mv	sp, a1
	REG_L	ra, 0 * SZREG(sp)
	REG_L	s0, 1 * SZREG(sp)
	REG_L	s1, 2 * SZREG(sp)
	REG_L	s2, 3 * SZREG(sp)
	REG_L	s3, 4 * SZREG(sp)
	REG_L	s4, 5 * SZREG(sp)
	REG_L	s5, 6 * SZREG(sp)
	REG_L	s6, 7 * SZREG(sp)
	REG_L	s7, 8 * SZREG(sp)
	REG_L	s8, 9 * SZREG(sp)
	REG_L	s9, 10 * SZREG(sp)
	REG_L	s10, 11 * SZREG(sp)
	REG_L	s11, 12 * SZREG(sp)
#ifdef FP_CALLEE
	FREG_L	fs0, FP_AT + 0 * 8(sp)
	FREG_L	fs1, FP_AT + 1 * 8(sp)
	FREG_L	fs2, FP_AT + 2 * 8(sp)
	FREG_L	fs3, FP_AT + 3 * 8(sp)
	FREG_L	fs4, FP_AT + 4 * 8(sp)
	FREG_L	fs5, FP_AT + 5 * 8(sp)
	FREG_L	fs6, FP_AT + 6 * 8(sp)
	FREG_L	fs7, FP_AT + 7 * 8(sp)
	FREG_L	fs8, FP_AT + 8 * 8(sp)
	FREG_L	fs9, FP_AT + 9 * 8(sp)
	FREG_L	fs10, FP_AT + 10 * 8(sp)
	FREG_L	fs11, FP_AT + 11 * 8(sp)
#endif
	addi	sp, sp, CTX
	ret
	.size	co_switch, . - co_switch

/*
 * unsigned long co_frame(void *stack_top, void (*entry)(void)): the saved
 * context of a new task whose first switch-in enters entry, which must
 * never return.
 */
	.globl	co_frame
	.type	co_frame, @function
co_frame:
	andi	a0, a0, -16
	addi	a0, a0, -CTX
	REG_S	a1, 0 * SZREG(a0)
	ret
	.size	co_frame, . - co_frame
