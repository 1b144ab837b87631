// SPDX-License-Identifier: BSD-2-Clause
/*
 * Version 4's events with values, made plain for the formats: a data event
 * goes into the event before it (the target claims them together, so
 * nothing comes between), and a call event that the graph tracer's
 * threshold kept becomes an entry and an exit, in the place their times
 * give them, so every format nests it as if both had been recorded.
 */
#include <stdlib.h>
#include <string.h>

#include <rvtrace/trace.h>

#include "fold.h"

/* Events that data events may follow. */
static int takes_values(unsigned int kind)
{
	return kind == EV_ENTRY || kind == EV_EXIT || kind == EV_PRINTK ||
	       kind == EV_CALL;
}

static int fold_values(struct hart_trace *ht, struct err *e)
{
	uint32_t i, n, owner = UINT32_MAX, rows = 0;

	for (i = 0; i < ht->nr; i++)
		rows += ht->ev[i].kind == EV_DATA;
	if (!rows)
		return 0;
	ht->vals = calloc(rows, sizeof(*ht->vals));
	if (!ht->vals) {
		err_set(e, "out of memory");
		return -1;
	}
	for (i = n = 0; i < ht->nr; i++) {
		struct event *ev = &ht->ev[i];
		const uint64_t w[3] = { ev->ts, ev->func, ev->caller };
		struct event *to;
		unsigned int k;

		if (ev->kind != EV_DATA) {
			owner = takes_values(ev->kind) ? n : UINT32_MAX;
			ht->ev[n++] = *ev;
			continue;
		}
		/* Its event was overwritten or lost: nothing to give it to. */
		if (owner == UINT32_MAX)
			continue;
		to = &ht->ev[owner];
		to->seq_end = ev->seq;
		if (!to->present)
			to->row = ht->nr_vals++;
		for (k = 0; k < ev->depth >> 4; k++) {
			ht->vals[to->row][(ev->depth & 0xf) + k] = w[k];
			to->present |= 1u << ((ev->depth & 0xf) + k);
		}
	}
	ht->nr = n;
	return 0;
}

struct placed {
	struct event ev;
	uint32_t at;		/* its place among the hart's events */
	int order;		/* among events of the same time */
};

/*
 * At the same time exits go first, the deeper first, then the other events
 * in ring order, then entries, the outer first: so a call that a threshold
 * kept nests around its callees and after its siblings.
 */
static int placed_cmp(const void *a, const void *b)
{
	const struct placed *x = a, *y = b;

	if (x->ev.ts != y->ev.ts)
		return x->ev.ts < y->ev.ts ? -1 : 1;
	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	return x->at < y->at ? -1 : x->at > y->at;
}

static int unfold_calls(struct hart_trace *ht, struct err *e)
{
	uint32_t i, n = 0, calls = 0;
	struct placed *p;

	for (i = 0; i < ht->nr; i++)
		calls += ht->ev[i].kind == EV_CALL;
	if (!calls)
		return 0;
	p = calloc((size_t)ht->nr + calls, sizeof(*p));
	if (!p) {
		err_set(e, "out of memory");
		return -1;
	}
	for (i = 0; i < ht->nr; i++) {
		const struct event *ev = &ht->ev[i];
		struct placed *x = &p[n++];

		x->ev = *ev;
		x->at = i;
		if (ev->kind != EV_CALL)
			continue;
		/* Without its entry time (a lost data event) it is dropped. */
		if (!(ev->present & 1u << RVT_DATA_ENTRY_TS) ||
		    ht->vals[ev->row][RVT_DATA_ENTRY_TS] > ev->ts) {
			n--;
			continue;
		}
		x->ev.kind = EV_EXIT;
		x->order = -(int)ev->depth - 1;
		x = &p[n++];
		x->ev = *ev;
		x->ev.kind = EV_ENTRY;
		x->ev.present = 0;
		/* Out of the ring's order: a stream numbers only its exit. */
		x->ev.seq = x->ev.seq_end = 0;
		x->ev.ts = ht->vals[ev->row][RVT_DATA_ENTRY_TS];
		x->at = i;
		x->order = 1 + (int)ev->depth;
	}
	qsort(p, n, sizeof(*p), placed_cmp);
	free(ht->ev);
	ht->ev = calloc(n ? n : 1, sizeof(*ht->ev));
	if (!ht->ev) {
		free(p);
		err_set(e, "out of memory");
		return -1;
	}
	for (i = 0; i < n; i++)
		ht->ev[i] = p[i].ev;
	ht->nr = n;
	free(p);
	return 0;
}

int fold_hart(struct hart_trace *ht, struct err *e)
{
	return fold_values(ht, e) || unfold_calls(ht, e) ? -1 : 0;
}
