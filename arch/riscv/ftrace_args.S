/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * rvt_ftrace_record_args: the function tracer's entry event with the
 * argument registers its configuration asks for (rvt_trace.nr_args), as
 * rvt_ring_record_entry() writes it: the event and its data events
 * (ring_vals.h), rvt_trace.entry_claims slots claimed together
 * (RING_GROUP_CLAIM), each data event published at once and the event
 * last, so that a reader that has the event has its values. Entered as
 * rvt_ftrace_record is (the DIRECT contract, interrupts masked inside,
 * nothing called, ring_write.h) and only where it is.
 */
#include "ring_vals.h"

	.text
	.balign	4
	.globl	rvt_ftrace_record_args
	.type	rvt_ftrace_record_args, @function
rvt_ftrace_record_args:
#ifdef __riscv_div
	ARGS_SAVE t1
	HART_LINE t3, t1, t4		/* t1: &rings[0], t4: the line */
	lw	t5, RW_T(NR_HARTS)(t1)
	bgeu	t3, t5, 9f		/* no rings (yet), or not for this hart */
	RING_GROUP_CLAIM RVT_LIVE_FUNCTION, t1, t4, a1, 8f, .Lfa_again, .Lfa_busy, .Lfa_full, RW_T(ENTRY_CLAIMS)
	ENTRY_DATA t1, t4
	addi	a0, t0, -8
	lw	a3, RVT_RING_ENTRY_INFO(t4)
	RING_PUBLISH a0, ra, a3
8:	li	t5, -1
	AMOADD_REG_RL	zero, t5, (t4)	/* after the event is published */
9:	ARGS_RESTORE t1
	jr	t0

	RING_GROUP_LOST t4, a1, 8b, .Lfa_again, .Lfa_busy, .Lfa_full
#else
	unimp
#endif
	.size	rvt_ftrace_record_args, . - rvt_ftrace_record_args
