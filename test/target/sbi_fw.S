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

/* The M-mode caller's s0-s11 to (op: REG_S) or from the area at reg. */
.macro SAVED op, reg
.irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
	\op	s\n, AREA_S(\n)(\reg)
.endr
.endm

/* The payload's x1 and x3-x31 to (op: REG_S) or from the frame at sp. */
.macro PAYLOAD op
.irp n, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, \
	18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	\op	x\n, \n * SZREG(sp)
.endr
.endm

	.text
	.balign	4
/* unsigned long fw_enter_s(entry, arg, s_sp, struct fw_hart *area) */
	.globl	fw_enter_s
fw_enter_s:
	/* No interrupt in M-mode from here: it would take mepc and MPP. */
	csrci	mstatus, 8
	REG_S	ra, AREA_RA(a3)
	REG_S	sp, AREA_SP(a3)
	SAVED	REG_S, a3
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
	SAVED	REG_L, a0
	mv	a0, a1
	ret

/* From S-mode only: the payload's registers in a frame below the area. */
	.balign	4
fw_trap_entry:
	csrrw	sp, mscratch, sp
	addi	sp, sp, -FRAME
	PAYLOAD	REG_S
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
	PAYLOAD	REG_L
	REG_L	sp, 2 * SZREG(sp)
	mret
