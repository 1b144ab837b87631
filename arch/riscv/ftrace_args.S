/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * rvt_ftrace_record_args: the function tracer's entry event with the
 * argument registers its configuration asks for (rvt_trace.nr_args), as
 * rvt_ring_record_entry() writes it: the event, then its values as data
 * events, three a slot, a0.. first and, under a hard-float ABI, fa0.. after
 * them. Entered as rvt_ftrace_record is (the DIRECT contract, interrupts
 * masked inside, nothing called, ring_write.h) and only where it is.
 *
 * The event and its data events take rvt_trace.entry_claims slots, claimed
 * together (RING_GROUP_CLAIM). Each data event is published at once and
 * the event last, so a reader that has the event has its values.
 *
 * The argument registers are put aside in the frame: the data events read
 * them there, and a0-a7 are free to work with until they are set back.
 */
#include "ring_write.h"

/* mstatus, a0-a7, and fa0-fa7 in 8-byte slots (FLEN 32: zero above). */
#define VAL(n)		((1 + (n)) * SZREG)
#ifdef RVT_ASM_FP_ABI
#define FVAL(n)		(((VAL(8) + 7) & ~7) + 8 * (n))
#define ARGS_FRAME	((FVAL(8) + 15) & ~15)
#else
#define ARGS_FRAME	((VAL(8) + 15) & ~15)
#endif

/*
 * A value at off(a2) into lo (and hi, rv32 and wide=1: an 8-byte value),
 * and a value from them into the 64-bit field off(a6): an argument
 * register zero-extended on rv32.
 */
.macro LOAD_VAL lo, hi, off, wide
#if __riscv_xlen == 64
	ld	\lo, \off(a2)
#else
	lw	\lo, \off(a2)
.if \wide
	lw	\hi, \off + 4(a2)
.endif
#endif
.endm

.macro STORE_VAL lo, hi, off, wide
#if __riscv_xlen == 32
.if \wide
	sw	\lo, \off(a6)
	sw	\hi, \off + 4(a6)
	.exitm
.endif
#endif
	STORE64	\lo, \off, a6
.endm

/*
 * The data events of a run of a0 values at a2, step bytes apart (8-byte
 * ones with wide=1), numbered on from the info bits in a3: one slot each
 * from a6, whose claim is a7 - 1. Missing values are 0. Scratch: a1, t3,
 * and t1 for wide values on rv32.
 */
.macro DATA_RUN step, wide
.Lrun\@:
	li	t3, 1			/* values in this data event */
	LOAD_VAL a1, t1, 0, \wide
	STORE_VAL a1, t1, RVT_EV_TS, \wide
	li	a1, 0
#if __riscv_xlen == 32
.if \wide
	li	t1, 0
.endif
#endif
	bge	t3, a0, .Lone\@
	LOAD_VAL a1, t1, \step, \wide
	li	t3, 2
.Lone\@:
	STORE_VAL a1, t1, RVT_EV_FUNC, \wide
	li	a1, 0
	bge	t3, a0, .Ltwo\@
	LOAD_VAL a1, t1, 2 * \step, \wide
	li	t3, 3
.Ltwo\@:
	STORE_VAL a1, t1, RVT_EV_CALLER, \wide
	slli	t3, t3, 8
	or	t3, t3, a3
	sw	t3, RVT_EV_INFO(a6)
	fence	w, w
	sw	a7, RVT_EV_SEQ(a6)
	addi	a7, a7, 1
	NEXT_SLOT a6, a4, a5
	addi	a2, a2, 3 * \step
	addi	a3, a3, 3 << 4
	addi	a0, a0, -3
	bgtz	a0, .Lrun\@
.endm

	.text
	.balign	4
	.globl	rvt_ftrace_record_args
	.type	rvt_ftrace_record_args, @function
rvt_ftrace_record_args:
#ifdef __riscv_div
	addi	sp, sp, -ARGS_FRAME	/* first, as IRQS_OFF (ring_write.h) */
	csrrci	t1, mstatus, RVT_AL_MSTATUS_MIE
	REG_S	t1, 0(sp)
	REG_S	a0, VAL(0)(sp)
	REG_S	a1, VAL(1)(sp)
	REG_S	a2, VAL(2)(sp)
	REG_S	a3, VAL(3)(sp)
	REG_S	a4, VAL(4)(sp)
	REG_S	a5, VAL(5)(sp)
	REG_S	a6, VAL(6)(sp)
	REG_S	a7, VAL(7)(sp)
#ifdef RVT_ASM_FP_ABI
	FREG_S	fa0, FVAL(0)(sp)
	FREG_S	fa1, FVAL(1)(sp)
	FREG_S	fa2, FVAL(2)(sp)
	FREG_S	fa3, FVAL(3)(sp)
	FREG_S	fa4, FVAL(4)(sp)
	FREG_S	fa5, FVAL(5)(sp)
	FREG_S	fa6, FVAL(6)(sp)
	FREG_S	fa7, FVAL(7)(sp)
#if SZFREG == 4
	sw	zero, FVAL(0) + 4(sp)
	sw	zero, FVAL(1) + 4(sp)
	sw	zero, FVAL(2) + 4(sp)
	sw	zero, FVAL(3) + 4(sp)
	sw	zero, FVAL(4) + 4(sp)
	sw	zero, FVAL(5) + 4(sp)
	sw	zero, FVAL(6) + 4(sp)
	sw	zero, FVAL(7) + 4(sp)
#endif
#endif
	HART_LINE t3, t1, t4		/* t1: &rings[0], t4: the line */
	lw	t5, RW_T(NR_HARTS)(t1)
	bgeu	t3, t5, 9f		/* no rings (yet), or not for this hart */
	lw	a1, RW_T(ENTRY_CLAIMS)(t1)
	RING_GROUP_CLAIM RVT_LIVE_FUNCTION, t1, t4, a1, 8f, .Lfa_again, .Lfa_busy, .Lfa_full

	/* The data events, from the slot after the event's. */
	mv	a6, t6
	NEXT_SLOT a6, a4, a5
	addi	a7, t5, 2
	lw	a3, RVT_RING_INFO(t4)	/* the hart and the tag */
	ori	a3, a3, RVT_EV_KIND_DATA
	lw	a0, RW_T(NR_ARGS)(t1)
	addi	a2, sp, VAL(0)
	DATA_RUN SZREG, 0
#ifdef RVT_ASM_FP_ABI
	lw	a3, RVT_RING_INFO(t4)
	ori	a3, a3, RVT_EV_KIND_DATA | RVT_EV_DATA_FARG0 << 4
	lw	a0, RW_T(NR_ARGS)(t1)
	addi	a2, sp, FVAL(0)
	DATA_RUN 8, 1
#endif
	addi	a0, t0, -8
	lw	a3, RVT_RING_ENTRY_INFO(t4)
	RING_PUBLISH a0, ra, a3
8:	li	t5, -1
	AMOADD_REG_RL	zero, t5, (t4)	/* after the event is published */
9:	REG_L	t1, 0(sp)
	csrs	mstatus, t1
	REG_L	a0, VAL(0)(sp)
	REG_L	a1, VAL(1)(sp)
	REG_L	a2, VAL(2)(sp)
	REG_L	a3, VAL(3)(sp)
	REG_L	a4, VAL(4)(sp)
	REG_L	a5, VAL(5)(sp)
	REG_L	a6, VAL(6)(sp)
	REG_L	a7, VAL(7)(sp)
	addi	sp, sp, ARGS_FRAME
	jr	t0

	RING_GROUP_LOST a1, 8b, .Lfa_again, .Lfa_busy, .Lfa_full
#else
	unimp
#endif
	.size	rvt_ftrace_record_args, . - rvt_ftrace_record_args
