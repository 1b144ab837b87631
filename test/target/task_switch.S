/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The context switch of the test's scheduler (trace_task.c), M-mode. Tasks
 * are only ever switched inside the timer interrupt, so every saved context
 * is the interrupt handler's: callee-saved registers, ra and the interrupted
 * pc (mepc), on the task's own stack. The trap entry and exit of the board
 * keep the rest.
 */
#include "asm.h"

#define CTX	(14 * SZREG)

	.text
	.balign	4
/* void task_switch(unsigned long *save_sp, unsigned long next_sp) */
	.globl	task_switch
task_switch:
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
	csrr	t0, mepc
	REG_S	t0, 13 * SZREG(sp)
	REG_S	sp, 0(a0)
	mv	sp, a1
	REG_L	t0, 13 * SZREG(sp)
	csrw	mepc, t0
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
	addi	sp, sp, CTX
	ret

/*
 * A new task's first "return" from task_switch lands here, still in the
 * interrupt: leave it as the board's trap exit would, into the task's entry
 * (s0) with its argument (s1), interrupts on after mret.
 */
	.globl	task_boot
task_boot:
	call	rvt_irq_exit
	csrw	mepc, s0
	li	t0, (1 << 7)		/* MPIE */
	csrs	mstatus, t0
	mv	a0, s1
	mret

/* unsigned long task_frame(void *stack_top, void (*entry)(void *), void *arg) */
	.globl	task_frame
task_frame:
	andi	a0, a0, -16
	addi	a0, a0, -CTX
	lla	t0, task_boot
	REG_S	t0, 0 * SZREG(a0)
	REG_S	a1, 1 * SZREG(a0)
	REG_S	a2, 2 * SZREG(a0)
	REG_S	a1, 13 * SZREG(a0)
	ret
