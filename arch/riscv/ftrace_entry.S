/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * rvt_ftrace_record: the function tracer's entry event, entered from the
 * trampoline's first instructions with the DIRECT contract (t0 = f + 8,
 * ra = f's return address, arguments untouched; t1 and t3-t6 free). It
 * saves nothing and calls nothing, so it cannot re-enter itself; an
 * interrupt that arrives meanwhile and records on this hart takes another
 * slot, as with rvt_ring_record() (lib/ring.c), whose protocol it follows:
 * count in as a writer, check the switch, claim a slot with one atomic add,
 * mark it busy, fill it, publish seq = claim + 1, count out.
 *
 * Only used where the platform says that mhartid is the hart's number and
 * the time CSR its clock (RVT_PLAT_FAST_MHARTID | RVT_PLAT_FAST_TIME), and
 * built only with the M extension (the slot index is a remainder).
 */
#include "asm.h"
#include "ring_layout.h"

#define SEQ_BUSY	-1

#ifdef __riscv_div
	.text
	.balign	4
	.globl	rvt_ftrace_record
	.type	rvt_ftrace_record, @function
rvt_ftrace_record:
	csrr	t3, mhartid
	lla	t1, rvt_trace
	lw	t4, RVT_TRACE_NR_HARTS(t1)
	bgeu	t3, t4, 9f		/* no rings (yet), or not our hart */
	slli	t4, t3, RVT_RING_SHIFT
	add	t4, t4, t1
	addi	t4, t4, RVT_TRACE_RINGS	/* t4: this hart's ring */
	li	t6, 1
	AMOADD_REG	zero, t6, (t4)	/* writers: offset 0 */
	fence	rw, rw			/* counted before the switch is read */
	li	t3, 0			/* t3: claims made */
1:	lw	t5, RVT_TRACE_ON(t1)
	beqz	t5, 8f
	addi	t5, t4, RVT_RING_HEAD
	AMOADD_REG	t5, t6, (t5)	/* t5: the claim; t6 is 1 */
	REG_L	t6, RVT_TRACE_LIMIT(t1)
	bgeu	t5, t6, 8f		/* stop mode, full */
	LWU	t6, RVT_TRACE_CAP(t1)
	remu	t6, t5, t6
	slli	t6, t6, RVT_EVENT_SHIFT
	REG_L	t1, RVT_RING_EV(t4)	/* t1 is free of the trace until 7: */
	add	t6, t6, t1		/* t6: the slot */
	lw	t1, RVT_EV_SEQ(t6)
	addi	t1, t1, -SEQ_BUSY
	beqz	t1, 7f			/* a writer this one interrupted */
	li	t1, SEQ_BUSY
	sw	t1, RVT_EV_SEQ(t6)
	fence	w, w
#if __riscv_xlen == 64
	rdtime	t1
	sd	t1, RVT_EV_TS(t6)
	addi	t1, t0, -8
	sd	t1, RVT_EV_FUNC(t6)
	sd	ra, RVT_EV_CALLER(t6)
#else
2:	rdtimeh	t3
	rdtime	t1
	sw	t1, RVT_EV_TS(t6)
	sw	t3, RVT_EV_TS + 4(t6)
	rdtimeh	t1
	bne	t1, t3, 2b
	addi	t1, t0, -8
	sw	t1, RVT_EV_FUNC(t6)
	sw	zero, RVT_EV_FUNC + 4(t6)
	sw	ra, RVT_EV_CALLER(t6)
	sw	zero, RVT_EV_CALLER + 4(t6)
#endif
	lw	t1, RVT_RING_INFO(t4)
	ori	t1, t1, RVT_EV_KIND_ENTRY	/* depth 0 */
	sw	t1, RVT_EV_INFO(t6)
	fence	w, w
	addi	t5, t5, 1
	sw	t5, RVT_EV_SEQ(t6)
8:	li	t6, -1
	AMOADD_REG_RL	zero, t6, (t4)	/* after the event is published */
9:	jr	t0
	/* The slot is busy: another, up to the ring's capacity in all. */
7:	lla	t1, rvt_trace
	addi	t3, t3, 1
	LWU	t6, RVT_TRACE_CAP(t1)
	bgeu	t3, t6, 8b
	li	t6, 1
	j	1b
	.size	rvt_ftrace_record, . - rvt_ftrace_record
#endif
