/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Shadow stacks (rvtrace/graph.h), shared by the tracers that watch returns:
 * a tracer's entry hook pushes a frame and sends the return through
 * rvt_graph_return, whose exit hands the frame back to its owner.
 */
#ifndef RVT_LIB_SHADOW_H
#define RVT_LIB_SHADOW_H

#include "internal.h"

/*
 * rvt_shadow_frame.owner: the tracer in bits 0-1, its own data above (the
 * graph's depth, the profiler's record: asm_layout.h, profile.c).
 */
#define RVT_SHADOW_GRAPH	1ul
#define RVT_SHADOW_PROFILE	2ul
#define RVT_SHADOW_OWNER(o)	((o) & 3ul)

void rvt_shadow_reset(void);
/* rvt_init(): no slowest call kept, none asked for. */
void rvt_graph_reset(void);

/* The stack of context c; NULL if it has none (a level beyond the first). */
struct rvt_task *rvt_shadow_stack_at(const struct rvt_ctx *c);
/*
 * A tracer's start (on: with its assembly entry) and stop: bit is its owner
 * number, or RVT_GRAPH_EXIT_VALS for the graph tracer's exits with values.
 */
void rvt_shadow_fast_exit(unsigned long bit, bool on);

/*
 * Push a frame for the call regs describes, owned by owner, and point its
 * return at rvt_graph_return. NULL if the calling context has no stack or it
 * is full: the call is then not watched.
 */
struct rvt_shadow_frame *rvt_shadow_push(struct rvt_regs *regs,
					 unsigned long ip,
					 unsigned long owner,
					 struct rvt_task **stack);

/* The real caller of the call in frame f (another tracer may be below it). */
unsigned long rvt_shadow_caller(const struct rvt_task *s,
				const struct rvt_shadow_frame *f);

/*
 * The return registers as rvt_graph_return keeps them for rvt_graph_exit():
 * a0, a1, and fa0 (FLEN bits) at RVT_RET_FA0 under a hard-float ABI.
 */
struct rvt_ret_regs;

/*
 * The owners' exits, called with the frame just popped from s (and the
 * return registers of the call it ends).
 */
void rvt_graph_frame_exit(struct rvt_task *s, struct rvt_shadow_frame *f,
			  const struct rvt_ret_regs *ret);
void rvt_profile_frame_exit(struct rvt_task *s, struct rvt_shadow_frame *f);

#endif
