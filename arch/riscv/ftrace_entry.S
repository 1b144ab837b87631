/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * rvt_ftrace_record: the function tracer's entry event, entered from the
 * trampoline's first instructions with the DIRECT contract (t0 = f + 8,
 * ra = f's return address, arguments untouched; t1 and t3-t6 free). It
 * saves nothing and calls nothing (ring_write.h), so it cannot re-enter
 * itself.
 *
 * Only used where the platform says that mhartid is the hart's number and
 * the time CSR its clock (RVT_PLAT_FAST_MHARTID | RVT_PLAT_FAST_TIME), and
 * with the M extension, the slot index being a remainder
 * (rvt_recorder_fast()); without it this is never entered.
 */
#include "ring_write.h"

	.text
	.balign	4
	.globl	rvt_ftrace_record
	.type	rvt_ftrace_record, @function
rvt_ftrace_record:
#ifdef __riscv_div
	IRQS_OFF t1
	HART_LINE t3, t1, t4
	RING_WRITE_MASKED RVT_LIVE_FUNCTION, t0, -8, ra, zero, RVT_RING_ENTRY_INFO, t1, t3, t4, t5, t6
	IRQS_RESTORE t1
	jr	t0
#else
	unimp
#endif
	.size	rvt_ftrace_record, . - rvt_ftrace_record
