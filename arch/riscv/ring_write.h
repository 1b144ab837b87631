/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * RING_WRITE: one event into the calling hart's ring, for the assembly
 * recorders. The protocol of rvt_ring_record() (lib/ring.c): count in as a
 * writer, check the switch, claim a slot with one atomic add (another if it
 * is busy: a writer this one interrupted), mark it busy, fill it, publish
 * seq = claim + 1, count out. Interrupts that record on this hart meanwhile
 * take slots of their own, so the recorder needs no lock and calls nothing.
 *
 * A recorder is entered without the dispatcher, so nothing waits for it to
 * leave but the writer count: after counting in it also checks that its
 * tracer (live, the kind) still runs, and records nothing if not.
 *
 * Interrupts are masked (mstatus.MIE, M-mode: mhartid is readable) from the
 * read of mhartid to the publication, so that a task is neither preempted
 * nor moved inside: its event goes to the ring of the hart it runs on, with
 * that ring's tag, stamped between the events around it. The mstatus it
 * found waits just below sp, which nothing else can use until it is
 * restored; setting its bits again restores MIE alone, as no other bit
 * can have been cleared meanwhile.
 *
 * Reads mhartid and the time CSR (RVT_PLAT_FAST_MHARTID | _TIME). The event
 * is func + func_off, caller, and the info bits in the register info ORed
 * with info_imm and the ring's field ring_info: RVT_RING_INFO (the hart and
 * the tag of what it runs) or RVT_RING_HART_INFO (the hart alone, for a
 * recorder that has the task's tag in info). a, b, c, d, e are five scratch
 * registers; nothing else is written. Uses the local labels 95-99.
 */
#ifndef RVT_ARCH_RING_WRITE_H
#define RVT_ARCH_RING_WRITE_H

#include "asm.h"
#include "asm_layout.h"

/* A field of struct rvt_trace from \a, which points at its rings[0]. */
#define RW_T(field)	(RVT_TRACE_##field - RVT_TRACE_RINGS)

.macro RING_WRITE live, func, func_off, caller, info, info_imm, ring_info, a, b, c, d, e
	csrrci	\b, mstatus, RVT_AL_MSTATUS_MIE
	REG_S	\b, -SZREG(sp)
	csrr	\b, mhartid
	lla	\a, rvt_trace + RVT_TRACE_RINGS
	lw	\c, RW_T(NR_HARTS)(\a)
	bgeu	\b, \c, 99f		/* no rings (yet), or not our hart */
	slli	\c, \b, RVT_RING_SHIFT
	add	\c, \c, \a		/* c: this hart's ring */
	li	\e, 1
	AMOADD_REG	zero, \e, (\c)	/* writers: offset 0 */
	fence	rw, rw			/* counted before the switch is read */
	lw	\d, RW_T(LIVE)(\a)
	addi	\d, \d, -\live
	bnez	\d, 98f			/* the tracer has stopped */
	li	\b, 0			/* b: claims made */
97:	lw	\d, RW_T(ON)(\a)
	beqz	\d, 98f
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
	ori	\a, \a, \info_imm
	sw	\a, RVT_EV_INFO(\e)
	fence	w, w
	addi	\d, \d, 1
	sw	\d, RVT_EV_SEQ(\e)
98:	li	\e, -1
	AMOADD_REG_RL	zero, \e, (\c)	/* after the event is published */
99:	REG_L	\a, -SZREG(sp)
	csrs	mstatus, \a
.endm

#endif
