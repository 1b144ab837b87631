/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The smallest M-mode SBI the extension's test needs: a hart enters S-mode
 * with fw_enter_s(), its ecalls and interrupts come to fw_trap() on a stack
 * of its own, and fw_leave_s() brings it back to where it entered, as if
 * fw_enter_s() returned.
 *
 * struct fw_hart (sbi_ext_fw.c) is the hart's save area; it sits at the top
 * of the hart's trap stack, and mscratch points at it while the hart runs
 * in S-mode, so the trap entry finds both with one swap.
 */
#include "asm.h"

#define AREA_RA		(0 * SZREG)
#define AREA_SP		(1 * SZREG)
#define AREA_S(n)	((2 + (n)) * SZREG)
#define AREA_MTVEC	(14 * SZREG)
#define FRAME		(32 * SZREG)	/* mepc, then x1-x31 */
#define MSTATUS_MPP	(3 << 11)
#define MSTATUS_MPP_S	(1 << 11)

	.text
	.balign	4
/* unsigned long fw_enter_s(entry, arg, s_sp, struct fw_hart *area) */
	.globl	fw_enter_s
fw_enter_s:
	/* No interrupt in M-mode from here: it would take mepc and MPP. */
	csrci	mstatus, 8
	REG_S	ra, AREA_RA(a3)
	REG_S	sp, AREA_SP(a3)
	REG_S	s0, AREA_S(0)(a3)
	REG_S	s1, AREA_S(1)(a3)
	REG_S	s2, AREA_S(2)(a3)
	REG_S	s3, AREA_S(3)(a3)
	REG_S	s4, AREA_S(4)(a3)
	REG_S	s5, AREA_S(5)(a3)
	REG_S	s6, AREA_S(6)(a3)
	REG_S	s7, AREA_S(7)(a3)
	REG_S	s8, AREA_S(8)(a3)
	REG_S	s9, AREA_S(9)(a3)
	REG_S	s10, AREA_S(10)(a3)
	REG_S	s11, AREA_S(11)(a3)
	csrr	t0, mtvec
	REG_S	t0, AREA_MTVEC(a3)
	lla	t0, fw_trap_entry
	csrw	mtvec, t0
	csrw	mscratch, a3
	csrw	mepc, a0
	li	t0, MSTATUS_MPP
	csrc	mstatus, t0
	li	t0, MSTATUS_MPP_S
	csrs	mstatus, t0
	mv	a0, a1
	mv	sp, a2
	mret

/* fw_leave_s(struct fw_hart *area, unsigned long code): from fw_trap(). */
	.globl	fw_leave_s
fw_leave_s:
	REG_L	t0, AREA_MTVEC(a0)
	csrw	mtvec, t0
	REG_L	ra, AREA_RA(a0)
	REG_L	sp, AREA_SP(a0)
	REG_L	s0, AREA_S(0)(a0)
	REG_L	s1, AREA_S(1)(a0)
	REG_L	s2, AREA_S(2)(a0)
	REG_L	s3, AREA_S(3)(a0)
	REG_L	s4, AREA_S(4)(a0)
	REG_L	s5, AREA_S(5)(a0)
	REG_L	s6, AREA_S(6)(a0)
	REG_L	s7, AREA_S(7)(a0)
	REG_L	s8, AREA_S(8)(a0)
	REG_L	s9, AREA_S(9)(a0)
	REG_L	s10, AREA_S(10)(a0)
	REG_L	s11, AREA_S(11)(a0)
	mv	a0, a1
	ret

/* From S-mode only: the payload's registers in a frame below the area. */
	.balign	4
fw_trap_entry:
	csrrw	sp, mscratch, sp
	addi	sp, sp, -FRAME
	REG_S	x1, 1 * SZREG(sp)
	REG_S	x3, 3 * SZREG(sp)
	REG_S	x4, 4 * SZREG(sp)
	REG_S	x5, 5 * SZREG(sp)
	REG_S	x6, 6 * SZREG(sp)
	REG_S	x7, 7 * SZREG(sp)
	REG_S	x8, 8 * SZREG(sp)
	REG_S	x9, 9 * SZREG(sp)
	REG_S	x10, 10 * SZREG(sp)
	REG_S	x11, 11 * SZREG(sp)
	REG_S	x12, 12 * SZREG(sp)
	REG_S	x13, 13 * SZREG(sp)
	REG_S	x14, 14 * SZREG(sp)
	REG_S	x15, 15 * SZREG(sp)
	REG_S	x16, 16 * SZREG(sp)
	REG_S	x17, 17 * SZREG(sp)
	REG_S	x18, 18 * SZREG(sp)
	REG_S	x19, 19 * SZREG(sp)
	REG_S	x20, 20 * SZREG(sp)
	REG_S	x21, 21 * SZREG(sp)
	REG_S	x22, 22 * SZREG(sp)
	REG_S	x23, 23 * SZREG(sp)
	REG_S	x24, 24 * SZREG(sp)
	REG_S	x25, 25 * SZREG(sp)
	REG_S	x26, 26 * SZREG(sp)
	REG_S	x27, 27 * SZREG(sp)
	REG_S	x28, 28 * SZREG(sp)
	REG_S	x29, 29 * SZREG(sp)
	REG_S	x30, 30 * SZREG(sp)
	REG_S	x31, 31 * SZREG(sp)
	csrr	t0, mscratch
	REG_S	t0, 2 * SZREG(sp)
	csrr	t0, mepc
	REG_S	t0, 0 * SZREG(sp)
	mv	a0, sp
	call	fw_trap
	/* mscratch: the area again, for the next trap. */
	addi	t0, sp, FRAME
	csrw	mscratch, t0
	REG_L	t0, 0 * SZREG(sp)
	csrw	mepc, t0
	REG_L	x1, 1 * SZREG(sp)
	REG_L	x3, 3 * SZREG(sp)
	REG_L	x4, 4 * SZREG(sp)
	REG_L	x5, 5 * SZREG(sp)
	REG_L	x6, 6 * SZREG(sp)
	REG_L	x7, 7 * SZREG(sp)
	REG_L	x8, 8 * SZREG(sp)
	REG_L	x9, 9 * SZREG(sp)
	REG_L	x10, 10 * SZREG(sp)
	REG_L	x11, 11 * SZREG(sp)
	REG_L	x12, 12 * SZREG(sp)
	REG_L	x13, 13 * SZREG(sp)
	REG_L	x14, 14 * SZREG(sp)
	REG_L	x15, 15 * SZREG(sp)
	REG_L	x16, 16 * SZREG(sp)
	REG_L	x17, 17 * SZREG(sp)
	REG_L	x18, 18 * SZREG(sp)
	REG_L	x19, 19 * SZREG(sp)
	REG_L	x20, 20 * SZREG(sp)
	REG_L	x21, 21 * SZREG(sp)
	REG_L	x22, 22 * SZREG(sp)
	REG_L	x23, 23 * SZREG(sp)
	REG_L	x24, 24 * SZREG(sp)
	REG_L	x25, 25 * SZREG(sp)
	REG_L	x26, 26 * SZREG(sp)
	REG_L	x27, 27 * SZREG(sp)
	REG_L	x28, 28 * SZREG(sp)
	REG_L	x29, 29 * SZREG(sp)
	REG_L	x30, 30 * SZREG(sp)
	REG_L	x31, 31 * SZREG(sp)
	REG_L	sp, 2 * SZREG(sp)
	mret
