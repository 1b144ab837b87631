/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Calls rebuilt from a graph trace: every entry event starts a call, and an
 * exit closes the innermost open call of the same function and recorded
 * depth. Calls above it that never saw their exit (left by longjmp(), or
 * their exit was overwritten) stay without an end; an exit whose entry is
 * not in the trace (overwritten, or the call began before tracing) closes
 * nothing. An interrupt's calls nest inside the call they interrupted.
 *
 * Each task nests on its own: the events of a task (its tag) form one
 * stream across every hart it ran on, in time order, and those of a hart's
 * own context (tag 0, interrupts included) one per hart.
 */
#ifndef RVTD_CALLS_H
#define RVTD_CALLS_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"

#define NO_CALL	((size_t)-1)
/* A nesting context: a task's tag, or CALL_HARTS + a hart's index. */
#define CALL_HARTS	256

struct call {
	uint64_t func, caller;
	uint64_t start, end;	/* end: only when ended */
	uint64_t child;		/* time in ended callees (their call_time()) */
	uint64_t away;		/* ended: time its task was switched out */
	uint64_t away_start;	/* the task's time switched out before it */
	size_t parent;		/* NO_CALL at the top */
	unsigned int hart;	/* index in trace.harts */
	unsigned int task;	/* tag; 0: the hart's own context */
	unsigned int level;	/* nesting in the rebuilt tree, from 0 */
	int ended;
};

struct call_set {
	struct call *c;
	size_t nr;
	/* Per hart, per event: the call an entry starts or an exit ends. */
	size_t **note;
	unsigned int nr_harts;
	size_t unmatched;	/* exits that closed nothing */
};

/*
 * The nesting context of a call, as calls.h nests them: its task's tag
 * (1-255), or for a hart's own context CALL_HARTS plus the hart's index.
 */
unsigned int call_context(const struct call *k);
/* A context's label: the task's name, "task 7", or "hart 0". */
void context_label(const struct trace *t, unsigned int context, char *buf,
		   size_t len);

/* A stretch of time during which a hart ran one context. */
struct run {
	uint64_t start, end;
	unsigned int hart;	/* index in trace.harts */
	unsigned int context;	/* as call_context() */
};

/*
 * Who ran when, from the switch events: each hart's runs in time order,
 * from its first event to the first switch (the context the switch
 * leaves), between switches, and from the last switch to its last event.
 * A hart without switches ran the task its events belong to (its own
 * context if none has a tag) throughout. Runs of no time are left out.
 * 0, or -1 when out of memory.
 */
int runs_build(const struct trace *t, struct run **runs, size_t *nr);

/*
 * How long a nesting context has been switched out so far: what a switch
 * event changes, for the time of a preempted call (call_time()).
 */
struct away {
	uint64_t total;
	uint64_t out_at;	/* when it was switched out */
	int out;
};

/* A switch at ts from the context of from to that of to. */
void away_switch(struct away *from, struct away *to, uint64_t ts);

/* Entries only (a function trace) give calls that never end. */
int calls_build(const struct trace *t, struct call_set *cs, struct err *e);
void calls_free(struct call_set *cs);

/*
 * An ended call's time: from entry to exit, less the time its task was
 * switched out meanwhile (the switch events say when), so that a call
 * preempted by other tasks counts only the time its own task ran.
 */
uint64_t call_time(const struct call *c);
/* Its time without its ended callees'. */
uint64_t call_self(const struct call *c);

/* Events of all harts in time order (each hart's own order kept). */
struct merge {
	const struct trace *t;
	uint32_t *pos;
	uint64_t *last;		/* last real timestamp per hart */
};

int merge_init(struct merge *m, const struct trace *t);
/* The next event: 0 with *hart (index) and *idx set, or -1 at the end. */
int merge_next(struct merge *m, unsigned int *hart, uint32_t *idx);
void merge_free(struct merge *m);

/* A lost slot has no time: it takes the time of the event before it. */
uint64_t event_time(const struct hart_trace *h, uint32_t idx);

#endif
