/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The RTOS's context switch, M-mode. Tasks are only switched in the timer
 * interrupt, so every saved context is the interrupt handler's: the
 * callee-saved registers, ra and the interrupted pc (mepc), on the task's
 * own stack; the board's trap entry and exit keep the rest. Assembly: no
 * patch site.
 */
#if __riscv_xlen == 64
#define REG_S	sd
#define REG_L	ld
#define SZREG	8
#else
#define REG_S	sw
#define REG_L	lw
#define SZREG	4
#endif
/* With a hard-float ABI the callee-saved fs0-fs11 are part of a task too. */
#if defined(__riscv_float_abi_single) || defined(__riscv_float_abi_double)
#define FP_CALLEE	1
#if __riscv_flen == 64
#define FREG_S	fsd
#define FREG_L	fld
#else
#define FREG_S	fsw
#define FREG_L	flw
#endif
#define FP_AT	(16 * SZREG)
#define CTX	(16 * SZREG + 12 * 8)
#else
#define CTX	(14 * SZREG)
#endif

	.text
	.balign	4
/* void rtos_context_switch(unsigned long *save_sp, unsigned long next_sp) */
	.globl	rtos_context_switch
rtos_context_switch:
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
	/*
	 * The saved registers first, then the stack pointer that publishes
	 * them: another hart may take the task as soon as it sees it.
	 */
	fence	rw, w
	REG_S	sp, 0(a0)
	mv	sp, a1
	REG_L	t0, 13 * SZREG(sp)
	csrw	mepc, t0
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
 * A new task's first "return" from rtos_context_switch lands here, still in
 * the interrupt: leave it as the board's trap exit would (rvt_irq_exit()
 * included), into the task's entry (s0) with its argument (s1), interrupts
 * on after mret, and rtos_task_exit() to return to.
 */
rtos_task_boot:
	call	rvt_irq_exit
	csrw	mepc, s0
	li	t0, (1 << 7)		/* MPIE */
	csrs	mstatus, t0
	mv	a0, s1
	lla	ra, rtos_task_exit
	mret

/*
 * unsigned long rtos_task_frame(void *stack_top, void (*entry)(void *),
 *			       void *arg)
 */
	.globl	rtos_task_frame
rtos_task_frame:
	andi	a0, a0, -16
	addi	a0, a0, -CTX
	lla	t0, rtos_task_boot
	REG_S	t0, 0 * SZREG(a0)
	REG_S	a1, 1 * SZREG(a0)
	REG_S	a2, 2 * SZREG(a0)
	REG_S	a1, 13 * SZREG(a0)
	ret
