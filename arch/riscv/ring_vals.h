/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The assembly recorders' entries with values (ftrace_args.S,
 * graph_entry.S): the argument registers put aside in the recorder's
 * frame, where the data events read them and from where they are set back,
 * so that a0-a7 are free to work with meanwhile; and the data events of an
 * entry, as rvt_ring_record_entry() writes them: a0.. (rvt_trace.nr_args
 * of them) from value number 0, then under a hard-float ABI fa0.. from
 * number 8, three a slot, the missing ones 0.
 */
#ifndef RVT_ARCH_RING_VALS_H
#define RVT_ARCH_RING_VALS_H

#include "ring_write.h"

/*
 * The frame: mstatus, a0-a7, a spare slot for the recorder, and fa0-fa7
 * in 8-byte slots (FLEN 32: zero above).
 */
#define VAL(n)		((1 + (n)) * SZREG)
#define ARGS_SPARE	VAL(8)
#ifdef RVT_ASM_FP_ABI
#define FVAL(n)		(((VAL(9) + 7) & ~7) + 8 * (n))
#define ARGS_FRAME	((FVAL(8) + 15) & ~15)
#else
#define ARGS_FRAME	((VAL(9) + 15) & ~15)
#endif

/*
 * ARGS_SAVE is IRQS_OFF with this frame, and puts the argument registers
 * aside; ARGS_RESTORE sets them back, then mstatus, and drops the frame.
 */
.macro ARGS_SAVE tmp
	IRQS_OFF \tmp, ARGS_FRAME
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
.endm

.macro ARGS_RESTORE tmp
	REG_L	a0, VAL(0)(sp)
	REG_L	a1, VAL(1)(sp)
	REG_L	a2, VAL(2)(sp)
	REG_L	a3, VAL(3)(sp)
	REG_L	a4, VAL(4)(sp)
	REG_L	a5, VAL(5)(sp)
	REG_L	a6, VAL(6)(sp)
	REG_L	a7, VAL(7)(sp)
	IRQS_RESTORE \tmp, ARGS_FRAME
.endm

/*
 * A value at off(a2) into lo (and hi, rv32 and wide=1: an 8-byte value),
 * and a value from them into the 64-bit field off(a6) (a slot by its
 * seq): an argument register zero-extended on rv32.
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
 * Value n (from 0) of a data event into its field: from a2's run if t3,
 * the values it holds so far, is below a0, the values left, else 0.
 */
.macro DATA_VAL n, field, step, wide
	li	a1, 0
#if __riscv_xlen == 32
.if \wide
	li	t1, 0
.endif
#endif
	bge	t3, a0, .Lnone\@
	LOAD_VAL a1, t1, \n * \step, \wide
	li	t3, \n + 1
.Lnone\@:
	STORE_VAL a1, t1, \field, \wide
.endm

/*
 * The data events of a run of a0 values at a2, step bytes apart (8-byte
 * ones with wide=1), numbered on from the info bits in a3: one slot each
 * from a6 (by its seq), whose claim is a7 - 1. Missing values are 0.
 * Scratch: a1, t3, and t1 for wide values on rv32.
 */
.macro DATA_RUN step, wide
.Lrun\@:
	li	t3, 1			/* values in this data event */
	LOAD_VAL a1, t1, 0, \wide
	STORE_VAL a1, t1, SEQ_AT(TS), \wide
	DATA_VAL 1, SEQ_AT(FUNC), \step, \wide
	DATA_VAL 2, SEQ_AT(CALLER), \step, \wide
	slli	t3, t3, 8
	or	t3, t3, a3
	sw	t3, SEQ_AT(INFO)(a6)
	PUBLISH	a6, a7
	addi	a7, a7, 1
	NEXT_SLOT a6, a4, a5
	addi	a2, a2, 3 * \step
	addi	a3, a3, 3 << 4
	addi	a0, a0, -3
	bgtz	a0, .Lrun\@
.endm

/*
 * ENTRY_DATA: the entry's data events into the group RING_GROUP_CLAIM
 * claimed (its registers, the claim sized by entry_claims), each published
 * at once, from the slot after the event's; base is &rings[0], line the
 * hart's line. nr_args is read, as entry_claims was, once the run is seen
 * live: a writer that came late into this recorder, from a run that had
 * arguments, writes what the run it finds asks for, none included.
 * Scratch: a0-a3, a6, a7, t3, and t1 under a hard-float ABI on rv32.
 */
.macro ENTRY_DATA base, line
	lw	a0, RW_T(NR_ARGS)(\base)
	beqz	a0, .Lnone\@
	mv	a6, t6
	NEXT_SLOT a6, a4, a5
	addi	a7, t5, 2
	lw	a3, RVT_RING_INFO(\line)	/* the hart and the tag */
	ori	a3, a3, RVT_EV_KIND_DATA
	addi	a2, sp, VAL(0)
	DATA_RUN SZREG, 0
#ifdef RVT_ASM_FP_ABI
	lw	a3, RVT_RING_INFO(\line)
	ori	a3, a3, RVT_EV_KIND_DATA | RVT_EV_DATA_FARG0 << 4
	lw	a0, RW_T(NR_ARGS)(\base)
	addi	a2, sp, FVAL(0)
	DATA_RUN 8, 1
#endif
.Lnone\@:
.endm

#endif
