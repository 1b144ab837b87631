/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Offsets in struct rvt_trace, struct rvt_ring and struct rvt_event for the
 * assembly recorder (arch/riscv/ftrace_entry.S); ring.c checks each one.
 */
#ifndef RVT_LIB_RING_LAYOUT_H
#define RVT_LIB_RING_LAYOUT_H

#define RVT_RL_SZREG		__SIZEOF_LONG__

/* struct rvt_ring: 64 bytes. */
#define RVT_RING_SHIFT		6
#define RVT_RING_WRITERS	0
#define RVT_RING_HEAD		(1 * RVT_RL_SZREG)
#define RVT_RING_EV		(2 * RVT_RL_SZREG)
#define RVT_RING_INFO		(3 * RVT_RL_SZREG)

/* struct rvt_trace: its fields, then rings[] on the next line. */
#define RVT_TRACE_NR_HARTS	0
#define RVT_TRACE_ON		4
#define RVT_TRACE_CAP		8
#define RVT_TRACE_LIMIT		16
#define RVT_TRACE_RINGS		64

/* struct rvt_event: 32 bytes. */
#define RVT_EVENT_SHIFT		5
#define RVT_EV_TS		0
#define RVT_EV_FUNC		8
#define RVT_EV_CALLER		16
#define RVT_EV_INFO		24
#define RVT_EV_SEQ		28
#define RVT_EV_KIND_ENTRY	1	/* RVT_EVENT_ENTRY */

#endif
