/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The assembly recorders' part of the protocol of rvt_ring_record()
 * (lib/ring.c): count in as a writer, check the switch, claim a slot with
 * one atomic add (another if it is busy: a writer this one interrupted),
 * mark it busy, fill it, publish seq = claim + 1 (the mark and the
 * publication are swaps on seq: MARK_BUSY, PUBLISH), count out. A writer
 * nested on this hart meanwhile (an exception or an NMI: interrupts are
 * masked) takes slots of its own, so a recorder needs no lock and calls
 * nothing.
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
 * A field of an event from its seq: the recorders name a slot by its seq
 * (the line's ev_seq is &ev[0].seq), the word their swaps mark busy and
 * publish, since an AMO takes no offset.
 */
#define SEQ_AT(field)	(RVT_EV_##field - RVT_EV_SEQ)

/*
 * IRQS_OFF makes the recorder's frame (REC_FRAME bytes, sp kept aligned)
 * and masks interrupts, keeping the mstatus it found in the frame; a
 * recorder borrows registers in REC_SLOT(1) and REC_SLOT(2). sp moves
 * first: masking interrupts masks neither exceptions nor resumable NMIs,
 * and an M-mode trap vector saves its frame on the interrupted sp (the
 * board's does, and OpenSBI's; test/target/trace_trap.c), so nothing of
 * the recorder's may lie below sp. IRQS_RESTORE sets mstatus's bits again,
 * which restores MIE alone (no other bit can have been cleared meanwhile),
 * and drops the frame. REC_FRAME is the caller's sp, from the frame's sp;
 * a recorder that needs more gives its own size (a multiple of 16).
 */
#define REC_FRAME	(4 * SZREG)	/* a multiple of 16 */
#define REC_SLOT(n)	((n) * SZREG)

.macro IRQS_OFF tmp, frame=REC_FRAME
	addi	sp, sp, -(\frame)
	csrrci	\tmp, mstatus, RVT_AL_MSTATUS_MIE
	REG_S	\tmp, 0(sp)
.endm

.macro IRQS_RESTORE tmp, frame=REC_FRAME
	REG_L	\tmp, 0(sp)
	csrs	mstatus, \tmp
	addi	sp, sp, \frame
.endm

/*
 * STAMP: the ts of the event whose seq is at slot, from the time CSR
 * (RVT_PLAT_FAST_TIME); on rv32 its two halves read again until they
 * agree. a (and b on rv32) are scratch.
 */
.macro STAMP slot, a, b
#if __riscv_xlen == 64
	rdtime	\a
	sd	\a, SEQ_AT(TS)(\slot)
#else
.Lts\@:
	rdtimeh	\b
	rdtime	\a
	sw	\a, SEQ_AT(TS)(\slot)
	sw	\b, SEQ_AT(TS) + 4(\slot)
	rdtimeh	\a
	bne	\a, \b, .Lts\@
#endif
.endm

/*
 * MARK_BUSY: the slot whose seq is at slot marked busy (RVT_SEQ_BUSY,
 * -1) by a swap, which returns what it held: a is 0 if that was busy
 * already (a writer this one interrupted; the swap changed nothing).
 * .aq: the mark is seen before anything of the event.
 */
.macro MARK_BUSY slot, a
	li	\a, -1
	amoswap.w.aq	\a, \a, (\slot)
	addi	\a, \a, 1
.endm

/* PUBLISH: seq = claim + 1 (in seq); .rl: after all of the event. */
.macro PUBLISH slot, seq
	amoswap.w.rl	zero, \seq, (\slot)
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
 * func_off, caller, and the info bits in the register info (its kind
 * among them, or zero) ORed with the ring's field ring_info: RVT_RING_INFO
 * (the hart and the tag of what it runs) or RVT_RING_ENTRY_INFO (that, of
 * an entry event). Reads the time CSR (RVT_PLAT_FAST_TIME). a, b, d, e
 * are scratch afterwards, c is kept; nothing else is written. With
 * checked=1 the caller has checked that the hart has a ring, and b is
 * only scratch. Uses the local labels 94-99.
 */
.macro RING_WRITE_MASKED live, func, func_off, caller, info, ring_info, a, b, c, d, e, checked=0
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
	bltu	\d, \e, 95f		/* below the stop limit */
	/* Unless no limit (~0, overwrite mode), a claim too on rv32. */
	addi	\e, \e, 1
	bnez	\e, 94f		/* stop mode, full */
95:	LWU	\e, RW_T(CAP)(\a)
	remu	\e, \d, \e
	slli	\e, \e, RVT_EVENT_SHIFT
	REG_L	\a, RVT_RING_EV_SEQ(\c)	/* a is free of the trace from here */
	add	\e, \e, \a		/* e: the slot's seq */
	MARK_BUSY \e, \a
	bnez	\a, 96f
	/*
	 * Busy with no other writer of this ring in flight (b 0 at the
	 * first claim): not being written, but left so by a claim whose
	 * seq, claim + 1, is RVT_SEQ_BUSY (once in 2^32); taken back.
	 */
	beqz	\b, 96f
	/* Busy (a writer this one interrupted): another, up to cap claims. */
	lla	\a, rvt_trace + RVT_TRACE_RINGS
	addi	\b, \b, 1
	LWU	\e, RW_T(CAP)(\a)
	bgeu	\b, \e, 98f
	li	\e, 1
	j	97b
	/*
	 * Stop mode, full: a claim with the top bit set is taken back, so
	 * that the claims never wrap (rv32: at 2^32) to below the limit and
	 * over the events kept. The drops stop counting there.
	 */
94:	bgez	\d, 98f
	addi	\d, \c, RVT_RING_HEAD
	li	\e, -1
	AMOADD_REG	zero, \e, (\d)
	j	98f
96:	STAMP	\e, \a, \b
	/*
	 * On rv32 the lower words of func and caller: readers take no more
	 * of an event that is not a data event (rvt_ring_read()).
	 */
.if \func_off
	addi	\a, \func, \func_off
	REG_S	\a, SEQ_AT(FUNC)(\e)
.else
	REG_S	\func, SEQ_AT(FUNC)(\e)
.endif
	REG_S	\caller, SEQ_AT(CALLER)(\e)
	lw	\a, \ring_info(\c)
.ifnc \info, zero
	or	\a, \a, \info
.endif
	sw	\a, SEQ_AT(INFO)(\e)
	addi	\d, \d, 1
	PUBLISH	\e, \d
98:	li	\e, -1
	AMOADD_REG_RL	zero, \e, (\c)	/* after the event is published */
99:
.endm

/* p to the next slot of the ring whose slots run from base to end. */
.macro NEXT_SLOT p, base, end
	addi	\p, \p, 1 << RVT_EVENT_SHIFT
	bne	\p, \end, .Lnext\@
	mv	\p, \base
.Lnext\@:
.endm

/* A register into the 64-bit field off(slot), zero-extended on rv32. */
.macro STORE64 r, off, slot
#if __riscv_xlen == 64
	sd	\r, \off(\slot)
#else
	sw	\r, \off(\slot)
	sw	zero, \off + 4(\slot)
#endif
.endm

/*
 * RING_GROUP_CLAIM: count in as a writer on the ring of line (HART_LINE's,
 * its hart checked against nr_harts; base: &rings[0]) and claim, in one
 * add, the nr slots (a register, kept) of an event and its data events,
 * as lib/ring.c's ring_write() does. Falls through with the group marked
 * busy (MARK_BUSY, slot by slot): t5 its first claim, t6 the event's
 * slot, a4 the ring's first slot and a5 its end, each by its seq
 * (SEQ_AT()). Goes to done, where the caller counts out, when it is to
 * write nothing: its tracer stopped, the switch off. again, busy and full
 * name the labels of RING_GROUP_LOST, which the caller puts out of the
 * way. With nr_off, nr is loaded from that offset of base (RW_T()) once
 * the run is seen live, so that a writer that came late (preempted before
 * it masked interrupts, the tracer started again meanwhile) claims what
 * the run it writes to asks for. Scratch: a0, a2, a3, a6, a7, t3.
 */
.macro RING_GROUP_CLAIM live, base, line, nr, done, again, busy, full, nr_off
	li	t5, 1
	/* .aq: counted before the state is read; t3: claims so far. */
	AMOADD_REG_AQ	t3, t5, (\line)
\again:
	lw	t5, RW_T(STATE)(\base)
	addi	t5, t5, -\live
	bnez	t5, \done
.ifnb \nr_off
	lw	\nr, \nr_off(\base)
.endif
	addi	t5, \line, RVT_RING_HEAD
	AMOADD_REG	t5, \nr, (t5)
	LWU	a3, RW_T(CAP)(\base)
	REG_L	a4, RVT_RING_EV_SEQ(\line)
	slli	a5, a3, RVT_EVENT_SHIFT
	add	a5, a5, a4
	remu	t6, t5, a3
	slli	t6, t6, RVT_EVENT_SHIFT
	add	t6, t6, a4
	mv	a6, t6
	addi	a0, t5, 1		/* a0: seq of a placeholder at a6 */
	REG_L	a2, RW_T(LIMIT)(\base)
	add	a7, t5, \nr
	bgtu	a7, a2, \full
	mv	a7, \nr
	/*
	 * A slot found busy (a writer this one interrupted) ends the loop
	 * at busy with a6 on it and a7 the slots from it on; those before
	 * it are marked, this one's writer's still.
	 */
.Lmark\@:
	MARK_BUSY a6, a2
	beqz	a2, \busy
\busy\()_take:
	NEXT_SLOT a6, a4, a5
	addi	a7, a7, -1
	bnez	a7, .Lmark\@
.endm

/*
 * RING_GROUP_LOST: RING_GROUP_CLAIM's way when its group cannot be written
 * (its labels and registers). At busy a slot is a writer's this one
 * interrupted: the slots before it, which this one marked, and those after
 * it that are not busy become published placeholders of a lost event, and
 * another claim follows, up to cap claims. (With no writer of the ring in
 * flight but this one, the busy slot is not being written and the group
 * goes on at busy_take, in RING_GROUP_CLAIM.) At full, stop mode, the group
 * would run past the full ring's end: the slots before it become
 * placeholders, and no claim follows; if none fits, a claim with the top
 * bit set is taken back, as in RING_WRITE_MASKED. line: the claim's. t5
 * counts the slots marked here, so it is scratch at done and again.
 */
.macro RING_GROUP_LOST line, nr, done, again, busy, full
\full:
	bltu	t5, a2, .Lpart\@
	bgez	t5, \done		/* nothing of the group fits */
	addi	a2, \line, RVT_RING_HEAD
	neg	a7, \nr
	AMOADD_REG	zero, a7, (a2)
	j	\done
.Lpart\@:
	sub	a7, a2, t5
	mv	t3, a3			/* no claim after this one */
	li	t5, 0			/* t5: slots this one marked */
	j	.Lfill\@
\busy:
	/* Not being written, as in RING_WRITE_MASKED: taken back. */
	beqz	t3, \busy\()_take
	sub	t5, \nr, a7
	mv	a6, t6
	mv	a7, \nr
.Lfill\@:
	beqz	t5, .Lcheck\@
	addi	t5, t5, -1
	j	.Lours\@
.Lcheck\@:
	MARK_BUSY a6, a2
	beqz	a2, .Lkept\@		/* its writer's: the swap changed nothing */
.Lours\@:
	STORE64	zero, SEQ_AT(TS), a6
	STORE64	zero, SEQ_AT(FUNC), a6
	STORE64	zero, SEQ_AT(CALLER), a6
	sw	zero, SEQ_AT(INFO)(a6)	/* RVT_EVENT_LOST */
	PUBLISH	a6, a0
.Lkept\@:
	addi	a0, a0, 1
	NEXT_SLOT a6, a4, a5
	addi	a7, a7, -1
	bnez	a7, .Lfill\@
	add	t3, t3, \nr
	add	a2, t3, \nr
	bleu	a2, a3, \again
	j	\done
.endm

/*
 * RING_PUBLISH: the event of a group RING_GROUP_CLAIM claimed, at t6
 * (claim t5), after its data events: stamped now, func, caller (registers
 * other than a1, a2; on rv32 their lower words, as RING_WRITE_MASKED) and
 * info, then published. Scratch: a1, a2.
 */
.macro RING_PUBLISH func, caller, info
	STAMP	t6, a1, a2
	REG_S	\func, SEQ_AT(FUNC)(t6)
	REG_S	\caller, SEQ_AT(CALLER)(t6)
	sw	\info, SEQ_AT(INFO)(t6)
	addi	a1, t5, 1
	PUBLISH	t6, a1
.endm

#endif
