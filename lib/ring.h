/* SPDX-License-Identifier: BSD-2-Clause */
/* The per-hart event rings, shared by the tracers and the dumps. */
#ifndef RVT_LIB_RING_H
#define RVT_LIB_RING_H

#include "internal.h"

/* seq of a slot being written; 0 is a slot never written. */
#define RVT_SEQ_BUSY	0xffffffffu
#define RVT_EVENT_LOST	0	/* kind of a dumped slot rewritten meanwhile */

/*
 * Claim idx is published with seq idx + 1 (32 bits), which once in 2^32
 * claims of a hart is RVT_SEQ_BUSY: that claim can never be told from a
 * slot being written, and readers count it as lost. Its slot keeps that
 * seq until the next writer finds it "busy" with no writer of the ring in
 * flight but itself, and takes it back.
 */
static inline bool rvt_seq_unusable(unsigned long idx)
{
	return (uint32_t)(idx + 1) == RVT_SEQ_BUSY;
}

/* The layout is also known to the assembly recorder (asm_layout.h). */
struct rvt_ring {
	unsigned long writers;	/* writers in flight here */
	unsigned long head;	/* slots claimed so far */
	struct rvt_event *ev;
	/*
	 * The hart's part of an event's info, with the tag of what it runs
	 * (rvt_ring_follow()); hart_info has the hart's bits only, for the
	 * C recorders that know the task from its shadow stack (the assembly
	 * ones read the stack from this line, so its info is the stack's).
	 */
	uint32_t info;
	uint32_t hart_info;
	unsigned long read;	/* claims the consuming read accounted for */
	/*
	 * The shadow stack that what the hart runs pushes on (NULL: none), for
	 * the assembly recorders: with interrupts masked they read it without
	 * the look-up that guards against a task moving meanwhile. Every
	 * hart of the platform has this line, with or without trace buffers.
	 */
	struct rvt_task *stack;
	uint32_t entry_info;	/* info | RVT_EVENT_ENTRY: the function
				   tracer's events, one OR fewer */
	/*
	 * &ev[0].seq: the assembly recorders address a slot by its seq, the
	 * word their atomics mark and publish (an AMO takes no offset).
	 */
	uint32_t *ev_seq;
} __attribute__((aligned(64)));

/* rvt_trace.state: the live tracer's kind, and the recording switch. */
#define RVT_TRACE_KIND	0xffu
#define RVT_TRACE_OFF	0x80000000u	/* the sign bit: one branch tests it */

struct rvt_trace {
	unsigned int nr_harts;	/* 0: no buffers set up */
	/*
	 * The running tracer's kind while its assembly recorder may write,
	 * and RVT_TRACE_OFF while the recording switch is off, in one word so
	 * that a recorder tests both with one compare. A recorder entered
	 * without the dispatcher counts itself in as a writer, then checks
	 * this, so that one that comes late after the stop (preempted on its
	 * way in) or the switch records nothing.
	 */
	unsigned int state;
	uint32_t cap;		/* events per ring */
	unsigned int flags;
	unsigned long limit;	/* claims that may be written: cap or ~0 */
	unsigned int kind;	/* enum rvt_dump_tracer of the rings' owner */
	/*
	 * Bit 1 << owner (a shadow frame's): rvt_graph_return does that
	 * tracer's exits in assembly (rvt_shadow_fast_exit()).
	 */
	unsigned int graph_exit;
	unsigned int nr_args;	/* the configuration's, for the entries */
	/* Slots of an entry event with them (the recorders with arguments). */
	unsigned int entry_claims;
	unsigned int reader;	/* a consuming read is in progress */
	/*
	 * Odd while a start sets the rings up, one more when it is done: a
	 * reader from outside (tools/capture) that sees the same even value
	 * before and after its copies read the rings of one run.
	 */
	unsigned long generation;
	uint64_t thresh;
	struct rvt_ring rings[RVT_MAX_HARTS];
};

extern struct rvt_trace rvt_trace;

/* Whether the recording switch is on (rvt_trace_on()). */
static inline bool rvt_trace_recording(void)
{
	return !(RVT_READ_ONCE(rvt_trace.state) & RVT_TRACE_OFF);
}

void rvt_trace_reset(void);
/* A tracer's start sets the recording switch as its configuration says. */
void rvt_trace_switch_for(const struct rvt_trace_config *cfg);

/*
 * Set up the rings and register ops (zeroed, then func, recorder as its fast
 * entry where the platform lets the assembly run, and cfg's filter) as the
 * one tracer; RVT_EBUSY while another tracer runs. Stop: RVT_ENOENT if ops
 * is not the running tracer; after RVT_ETIMEDOUT the tracer records nothing
 * more but is still the one tracer until a stop returns 0. A start's
 * RVT_ETIMEDOUT (a writer stayed inside the rings) leaves the tracer
 * stopped, or, where even its unregister timed out, still the one tracer,
 * to be stopped.
 */
int rvt_tracer_start(struct rvt_ops *ops, rvt_func_t func,
		     void (*recorder)(void), enum rvt_dump_tracer kind,
		     const struct rvt_trace_config *cfg);
int rvt_tracer_stop(struct rvt_ops *ops);

/*
 * The assembly recorders (arch/riscv/ftrace_entry.S, ftrace_args.S,
 * graph_entry.S), without and with the argument registers.
 */
void rvt_ftrace_record(void);
void rvt_ftrace_record_args(void);
void rvt_graph_record_args(void);
void rvt_graph_record(void);
/*
 * recorder as a fast entry (rvt_ops.core.fast) where the platform gives
 * mhartid and the time CSR and the library has the M extension (its slot
 * index is a remainder); else 0.
 */
unsigned long rvt_recorder_fast(void (*recorder)(void));
/* The profiler's (arch/riscv/profile_entry.S). */
void rvt_profile_record(void);

/*
 * Wait for the writers in flight on every hart's line but skip's
 * (RVT_MAX_HARTS: none skipped): the recorders count in there.
 */
int rvt_ring_drain(unsigned int skip);

/* An event of what the calling hart runs (its ring's info says). */
void rvt_ring_record(unsigned int kind, unsigned long func,
		     unsigned long caller, unsigned int depth);
/*
 * An event of the context whose shadow stack is s: exact even if the task
 * moves to another hart meanwhile.
 */
void rvt_ring_record_of(const struct rvt_task *s, unsigned int kind,
			unsigned long func, unsigned long caller,
			unsigned int depth);

/*
 * Values that follow an event as data events (RVT_EVENT_DATA): up to two
 * runs of value numbers, v[first] to v[first + count - 1] each.
 */
struct rvt_ring_vals {
	const uint64_t *v;	/* v[n]: value number n */
	uint8_t first[2];
	uint8_t count[2];	/* 0: no such run */
};

/* Return registers an exit's values hold: a0, a1 (and fa0). */
#ifdef RVT_REGS_FP
#define RVT_RET_VALUES	3
#else
#define RVT_RET_VALUES	2
#endif

/* Where an event went: hart RVT_MAX_HARTS if it was not recorded. */
struct rvt_ring_where {
	unsigned int hart;	/* an index */
	unsigned long idx;	/* its claim */
	unsigned long last;	/* the claim of its last data event */
	uint64_t ts;
};

/*
 * An event and its values, in slots claimed together: of the context whose
 * shadow stack is s, or with s NULL of what the calling hart runs. where
 * (NULL: not asked) tells where it went.
 */
void rvt_ring_record_vals(const struct rvt_task *s, unsigned int kind,
			  unsigned long func, unsigned long caller,
			  unsigned int depth, const struct rvt_ring_vals *vals,
			  struct rvt_ring_where *where);

/*
 * An entry event, with the argument registers the tracer's configuration
 * asks for (nr_args) from regs; s and where as above.
 */
void rvt_ring_record_entry(const struct rvt_task *s, unsigned long func,
			   unsigned long caller, unsigned int depth,
			   const struct rvt_regs *regs,
			   struct rvt_ring_where *where);

/*
 * A snapshot dump of hart's events from claim lo to claim hi (both in) into
 * buf: its length, or 0 if it does not fit, or an event of it is no longer
 * in the ring (dump.c).
 */
size_t rvt_dump_hart_events(void *buf, size_t size, unsigned int hart,
			    unsigned long lo, unsigned long hi);

/* A task switch (tags), while a tracer runs. */
void rvt_ring_record_switch(unsigned int from, unsigned int to);

/*
 * What hart (an index) runs now, for its events' info and its recorders'
 * shadow stack: its task at thread level; the hart's own context in an
 * interrupt and without a task (rvt_hart_follow()).
 */
void rvt_ring_follow(const struct rvt_ctx *c);

/* The profile's part of a dump (profile.c): records with hits, by address. */
void rvt_profile_reset(void);
unsigned int rvt_profile_count(void);
int rvt_profile_dump(rvt_write_fn emit, void *ctx, unsigned int limit,
		     size_t *count);

/* rvt_init(): no task has an identity yet. */
void rvt_task_reset(void);
/* The tasks' part of a dump (task.c): the identities named so far. */
unsigned int rvt_task_count(void);
/* Grows with every name given or changed and every exit. */
unsigned long rvt_task_changes(void);
int rvt_task_dump(rvt_write_fn emit, void *ctx, unsigned int nr,
		  size_t *count);

/* Copy event idx if it is whole; false if it is gone or being rewritten. */
bool rvt_ring_read(const struct rvt_ring *r, unsigned long idx,
		   struct rvt_event *out);

#endif
