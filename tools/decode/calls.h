/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Calls rebuilt from a graph trace: every entry event starts a call, and an
 * exit closes the innermost open call of the same function and recorded
 * depth. Calls above it that never saw their exit (left by longjmp(), or
 * their exit was overwritten) stay without an end; an exit whose entry is
 * not in the trace (overwritten, or the call began before tracing) closes
 * nothing. An interrupt's calls nest inside the call they interrupted.
 */
#ifndef RVTD_CALLS_H
#define RVTD_CALLS_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"

#define NO_CALL	((size_t)-1)

struct call {
	uint64_t func, caller;
	uint64_t start, end;	/* end: only when ended */
	uint64_t child;		/* time in ended callees */
	size_t parent;		/* NO_CALL at the top */
	unsigned int hart;	/* index in trace.harts */
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

/* Entries only (a function trace) give calls that never end. */
int calls_build(const struct trace *t, struct call_set *cs, struct err *e);
void calls_free(struct call_set *cs);

/* Time in the call itself, without its ended callees. */
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
