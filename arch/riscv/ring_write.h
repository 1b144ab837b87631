/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The assembly recorders' part of the protocol of rvt_ring_record()
 * (lib/ring.c): count in as a writer, check the switch, claim a slot with
 * one atomic add (another if it is busy: a writer this one interrupted),
 * mark it busy, fill it, publish seq = claim + 1, count out. Interrupts that
 * record on this hart meanwhile take slots of their own, so a recorder
 * needs no lock and calls nothing.
 *
 * A recorder is entered without the dispatcher, so nothing waits for it to
 * leave but the writer count: after counting in it also checks that its
 * tracer still runs (rvt_trace.state), and records nothing if not.
 *
 * Interrupts are masked (mstatus.MIE, M-mode: mhartid is readable) from the
 * read of mhartid to the publication, so that a task is neither preempted
 * nor moved inside: its event goes to the ring of the hart it runs on, with
 * that ring's tag, stamped between the events around it, and the hart's
 * line (its ring, its shadow stack) stays the caller's throughout.
 */
#ifndef RVT_ARCH_RING_WRITE_H
#define RVT_ARCH_RING_WRITE_H

#include "asm.h"
#include "asm_layout.h"

/* A field of struct rvt_trace from \a, which points at its rings[0]. */
#define RW_T(field)	(RVT_TRACE_##field - RVT_TRACE_RINGS)

/*
 * IRQS_OFF makes the recorder's frame (REC_FRAME bytes, sp kept aligned)
 * and masks interrupts, keeping the mstatus it found in the frame; a
 * recorder borrows registers in REC_SLOT(1) and REC_SLOT(2). sp moves
 * first: masking interrupts masks neither exceptions nor resumable NMIs,
 * and an M-mode trap vector saves its frame on the interrupted sp (the
 * board's does, and OpenSBI's; test/target/trace_trap.c), so nothing of
 * the recorder's may lie below sp. IRQS_RESTORE sets mstatus's bits again,
 * which restores MIE alone (no other bit can have been cleared meanwhile),
 * and drops the frame. REC_FRAME is the caller's sp, from the frame's sp.
 */
#define REC_FRAME	(4 * SZREG)	/* a multiple of 16 */
#define REC_SLOT(n)	((n) * SZREG)

.macro IRQS_OFF tmp
	addi	sp, sp, -REC_FRAME
	csrrci	\tmp, mstatus, RVT_AL_MSTATUS_MIE
	REG_S	\tmp, 0(sp)
.endm

.macro IRQS_RESTORE tmp
	REG_L	\tmp, 0(sp)
	csrs	mstatus, \tmp
	addi	sp, sp, REC_FRAME
.endm

/*
 * HART_LINE: with interrupts masked, the calling hart's number in hart
 * (mhartid: RVT_PLAT_FAST_MHARTID), &rvt_trace.rings[0] in base and the
 * hart's line, rvt_trace.rings[hart], in line. With none, branches there
 * for a number beyond RVT_MAX_HARTS (without, the caller reads nothing of
 * the line before RING_WRITE_MASKED's check); have_base=1 when base holds
 * it already. The line of a hart the platform does not have has no stack
 * and no buffer.
 */
.macro HART_LINE hart, base, line, none, have_base=0
	csrr	\hart, mhartid
.ifnb \none
	li	\line, RVT_MAX_HARTS
	bgeu	\hart, \line, \none
.endif
.if !\have_base
	lla	\base, rvt_trace + RVT_TRACE_RINGS
.endif
	slli	\line, \hart, RVT_RING_SHIFT
	add	\line, \line, \base
.endm

/*
 * RING_WRITE_MASKED: one event into the ring of the line HART_LINE found
 * (a: base, b: hart, c: line), interrupts masked. The event is func +
 * func_off, caller, and the info bits in the register info ORed with
 * info_imm and the ring's field ring_info: RVT_RING_INFO (the hart and the
 * tag of what it runs) or RVT_RING_ENTRY_INFO (that, of an entry event).
 * Reads the time CSR
 * (RVT_PLAT_FAST_TIME). a, b, d, e are scratch afterwards, c is kept;
 * nothing else is written. With checked=1 the caller has checked that the
 * hart has a ring, and b is only scratch. Uses the local labels 95-99.
 */
.macro RING_WRITE_MASKED live, func, func_off, caller, info, info_imm, ring_info, a, b, c, d, e, checked=0
.if !\checked
	lw	\d, RW_T(NR_HARTS)(\a)
	bgeu	\b, \d, 99f		/* no rings (yet), or not for this hart */
.endif
	li	\e, 1
	/*
	 * writers (offset 0); .aq: counted before the state is read. b:
	 * claims made, from the writers already in flight here (0 but
	 * under an exception or NMI), which only shortens the bound.
	 */
	AMOADD_REG_AQ	\b, \e, (\c)
	/* Its tracer still runs and the switch is on (rvt_trace.state). */
97:	lw	\d, RW_T(STATE)(\a)
	addi	\d, \d, -\live
	bnez	\d, 98f
	addi	\d, \c, RVT_RING_HEAD
	AMOADD_REG	\d, \e, (\d)	/* d: the claim; e is 1 */
	REG_L	\e, RW_T(LIMIT)(\a)
	bgeu	\d, \e, 98f		/* stop mode, full */
	LWU	\e, RW_T(CAP)(\a)
	remu	\e, \d, \e
	slli	\e, \e, RVT_EVENT_SHIFT
	REG_L	\a, RVT_RING_EV(\c)	/* a is free of the trace from here */
	add	\e, \e, \a		/* e: the slot */
	lw	\a, RVT_EV_SEQ(\e)
	addi	\a, \a, 1
	bnez	\a, 96f
	/* Busy (a writer this one interrupted): another, up to cap claims. */
	lla	\a, rvt_trace + RVT_TRACE_RINGS
	addi	\b, \b, 1
	LWU	\e, RW_T(CAP)(\a)
	bgeu	\b, \e, 98f
	li	\e, 1
	j	97b
96:	li	\a, -1
	sw	\a, RVT_EV_SEQ(\e)
	fence	w, w
#if __riscv_xlen == 64
	rdtime	\a
	sd	\a, RVT_EV_TS(\e)
	addi	\a, \func, \func_off
	sd	\a, RVT_EV_FUNC(\e)
	sd	\caller, RVT_EV_CALLER(\e)
#else
95:	rdtimeh	\b
	rdtime	\a
	sw	\a, RVT_EV_TS(\e)
	sw	\b, RVT_EV_TS + 4(\e)
	rdtimeh	\a
	bne	\a, \b, 95b
	/* The upper words of func and caller stay as the start left them: 0. */
	addi	\a, \func, \func_off
	sw	\a, RVT_EV_FUNC(\e)
	sw	\caller, RVT_EV_CALLER(\e)
#endif
	lw	\a, \ring_info(\c)
.ifnc \info, zero
	or	\a, \a, \info
.endif
.if \info_imm
	ori	\a, \a, \info_imm
.endif
	sw	\a, RVT_EV_INFO(\e)
	fence	w, w
	addi	\d, \d, 1
	sw	\d, RVT_EV_SEQ(\e)
98:	li	\e, -1
	AMOADD_REG_RL	zero, \e, (\c)	/* after the event is published */
99:
.endm

#endif
