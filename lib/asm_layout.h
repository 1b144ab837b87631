/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The layout of what the assembly in arch/riscv reads and writes: the head
 * of struct rvt_core, the rings and their events, the harts, the tasks'
 * shadow stacks. The C files that define each structure check every offset.
 */
#ifndef RVT_LIB_ASM_LAYOUT_H
#define RVT_LIB_ASM_LAYOUT_H

#ifndef RVT_MAX_HARTS
#define RVT_MAX_HARTS		64	/* the CMake cache's RVTRACE_MAX_HARTS */
#endif

#define RVT_AL_SZREG		__SIZEOF_LONG__
#if __SIZEOF_LONG__ == 8
#define RVT_AL_LOG_SZREG	3
#else
#define RVT_AL_LOG_SZREG	2
#endif
#define RVT_AL_MSTATUS_MIE	8	/* RVT_MSTATUS_MIE (csr.h) */

/* struct rvt_core (internal.h) */
#define RVT_CORE_MISSING	0
#define RVT_CORE_FAST_DEST	(1 * RVT_AL_SZREG)
#define RVT_CORE_NR_HARTS	(2 * RVT_AL_SZREG)
#define RVT_CORE_DEST		(2 * RVT_AL_SZREG + 8)
#define RVT_CORE_GUARDS		64	/* struct rvt_guard_ref: 2 words */
#define RVT_GUARD_SHIFT		(RVT_AL_LOG_SZREG + 1)
#define RVT_GUARD_OWED		4	/* struct rvt_guard (rvtrace/task.h) */

/* struct rvt_ops (rvtrace/ops.h) */
#define RVT_OPS_FUNC		0
#define RVT_OPS_FLAGS		(1 * RVT_AL_SZREG)
#define RVT_OPS_FILTER_LEN	(5 * RVT_AL_SZREG)
#define RVT_OPS_NOTRACE_LEN	(7 * RVT_AL_SZREG)
#define RVT_OPS_DIRECT		(9 * RVT_AL_SZREG)
#define RVT_OPS_CALL		(13 * RVT_AL_SZREG)
#define RVT_OPS_DIRECT_FLAG	4	/* RVT_OPS_FL_DIRECT */
#define RVT_OPS_ALWAYS_RUN	0x16	/* RECURSION | IPMODIFY | DIRECT */

/* struct rvt_task and struct rvt_shadow_frame (rvtrace/task.h) */
#define RVT_TASK_FRAMES		0
#define RVT_TASK_TOP		(1 * RVT_AL_SZREG)
#define RVT_TASK_END		(2 * RVT_AL_SZREG)
#define RVT_FRAME_RET		0
#define RVT_FRAME_SP		(1 * RVT_AL_SZREG)
#define RVT_FRAME_FUNC		(2 * RVT_AL_SZREG)
#define RVT_FRAME_OWNER		(3 * RVT_AL_SZREG)
#define RVT_FRAME_TS		(4 * RVT_AL_SZREG)
#define RVT_FRAME_CHILD		(5 * RVT_AL_SZREG)
#define RVT_FRAME_SIZE		(6 * RVT_AL_SZREG)
/* rvt_graph_return's save of the return registers: fa0 after a0, a1. */
#define RVT_RET_FA0		16
#define RVT_SHADOW_OWNER_GRAPH	1
#define RVT_SHADOW_OWNER_PROFILE 2
/*
 * A graph frame's owner word is its entry event's info bits but the
 * line's: the depth where the event keeps it (bits 4-15), and the owner
 * number 1, which is RVT_EV_KIND_ENTRY. The recorders write the entry's
 * info from it as it is, and the exit's by one add. A stack holds at most
 * RVT_TASK_MAX_FRAMES (4096) frames, so the entry's add of one to the
 * depth below never carries out of bit 15.
 */
#define RVT_GRAPH_DEPTH_SHIFT	4
#define RVT_GRAPH_DEPTH_MASK	0xfff
#if (RVT_GRAPH_DEPTH_MASK << RVT_GRAPH_DEPTH_SHIFT) != 0xfff0
#error "the owner word's depth is the event's (bits 4-15)"
#endif

/* The ops slot before each site (RVT_SLOT_BYTES, internal.h). */
#ifdef RVT_CALL_OPS
#define RVT_AL_SLOT_BYTES	8
#else
#define RVT_AL_SLOT_BYTES	0
#endif

/* struct rvt_prof and its records, struct prof_rec (profile.c). */
#define RVT_PROF_LIVE		0
#define RVT_PROF_TABLE		(1 * RVT_AL_SZREG)
#define RVT_PROF_BUCKETS	(2 * RVT_AL_SZREG)
#define RVT_PROF_SHIFT		(4 * RVT_AL_SZREG)
#define RVT_PROF_SITES		(5 * RVT_AL_SZREG)
#define RVT_PROF_FIRST		(6 * RVT_AL_SZREG)
#define RVT_PREC_HITS		0
#define RVT_PREC_TOTAL		8
#define RVT_PREC_SELF		16
#define RVT_PREC_MIN		24
#define RVT_PREC_MAX		(24 + RVT_AL_SZREG)
#define RVT_PREC_SIZE		(24 + 2 * RVT_AL_SZREG)

/* struct rvt_ring: 64 bytes. */
#define RVT_RING_SHIFT		6
#define RVT_RING_WRITERS	0
#define RVT_RING_HEAD		(1 * RVT_AL_SZREG)
#define RVT_RING_INFO		(3 * RVT_AL_SZREG)
#define RVT_RING_STACK		(4 * RVT_AL_SZREG + 8)
#define RVT_RING_ENTRY_INFO	(5 * RVT_AL_SZREG + 8)
#define RVT_RING_EV_SEQ		(6 * RVT_AL_SZREG + 8)

/* struct rvt_trace: its fields, then rings[] on the next line. */
#define RVT_TRACE_NR_HARTS	0
#define RVT_TRACE_STATE		4
#define RVT_TRACE_CAP		8
#define RVT_TRACE_LIMIT		16
#define RVT_TRACE_GRAPH_EXIT	(RVT_TRACE_LIMIT + RVT_AL_SZREG + 4)
#define RVT_TRACE_NR_ARGS	(RVT_TRACE_GRAPH_EXIT + 4)
#define RVT_TRACE_ENTRY_CLAIMS	(RVT_TRACE_GRAPH_EXIT + 8)
/*
 * graph_exit: which frames rvt_graph_return's assembly takes, a bit each,
 * counted down from bit 31 so that a shift left by the number brings it to
 * the sign: the owners' (1 and 2), and RVT_GRAPH_EXIT_VALS for the graph
 * tracer's frames with their return values.
 */
#define RVT_GRAPH_EXIT_BIT(n)	(1u << (31 - (n)))
#define RVT_GRAPH_EXIT_VALS	8
#define RVT_TRACE_RINGS		64

/* struct rvt_event: 32 bytes. */
#define RVT_EVENT_SHIFT		5
#define RVT_EV_TS		0
#define RVT_EV_FUNC		8
#define RVT_EV_CALLER		16
#define RVT_EV_INFO		24
#define RVT_EV_SEQ		28
#define RVT_EV_KIND_ENTRY	1	/* RVT_EVENT_ENTRY */
#define RVT_EV_KIND_EXIT	2	/* RVT_EVENT_EXIT */
#define RVT_EV_KIND_DATA	5	/* RVT_EVENT_DATA */
#if RVT_EV_KIND_ENTRY != RVT_SHADOW_OWNER_GRAPH
#error "a graph frame's owner word is no longer its entry event's info"
#endif
#define RVT_EV_DATA_FARG0	8	/* RVT_DATA_FARG(0) */
/* An exit's values, from number 0: a0, a1 (and fa0): RVT_RET_VALUES. */
#if defined(__riscv_float_abi_single) || defined(__riscv_float_abi_double)
#define RVT_EV_RET_VALUES	3
#else
#define RVT_EV_RET_VALUES	2
#endif
#define RVT_LIVE_FUNCTION	1	/* RVT_DUMP_TRACER_FUNCTION */
#define RVT_LIVE_GRAPH		2	/* RVT_DUMP_TRACER_GRAPH */

#endif
