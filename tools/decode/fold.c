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

static unsigned int data_first(const struct event *ev)
{
	return RVT_DATA_FIRST(ev->depth << 4);
}

static unsigned int data_count(const struct event *ev)
{
	return RVT_DATA_COUNT(ev->depth << 4);
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
		/*
		 * Its event was overwritten or lost (a reader from outside
		 * leaves no placeholder): nothing to give it to, unless the
		 * numbers say it follows the event before it at once.
		 */
		if (owner == UINT32_MAX ||
		    ev->seq != ht->ev[owner].seq_end + 1) {
			owner = UINT32_MAX;
			continue;
		}
		to = &ht->ev[owner];
		to->seq_end = ev->seq;
		if (!to->present)
			to->row = ht->nr_vals++;
		/* depth holds info bits 4-15: first in 0-3, count in 4-5. */
		for (k = 0; k < data_count(ev); k++) {
			ht->vals[to->row][data_first(ev) + k] = w[k];
			to->present |= 1u << (data_first(ev) + k);
		}
	}
	ht->nr = n;
	return 0;
}

/* Entries made of call events: by time, the outer first at one time. */
static int entry_cmp(const void *a, const void *b)
{
	const struct event *x = a, *y = b;

	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	return (x->depth > y->depth) - (x->depth < y->depth);
}

/* A call event with its entry time: the time it was entered, or 0. */
static int call_entry(const struct hart_trace *ht, const struct event *ev,
		      uint64_t *at)
{
	if (!(ev->present & 1u << RVT_DATA_ENTRY_TS) ||
	    ht->vals[ev->row][RVT_DATA_ENTRY_TS] > ev->ts)
		return 0;
	*at = ht->vals[ev->row][RVT_DATA_ENTRY_TS];
	return 1;
}

/*
 * Each call event becomes an exit where it is, and an entry goes in before
 * the first event of the ring that is later than it (a lost slot counts as
 * the time before it): at one time exits and other events first, so a
 * kept call nests around its callees and after its siblings. The ring's
 * own order is kept.
 */
static int unfold_calls(struct hart_trace *ht, struct err *e)
{
	uint32_t i, k = 0, n = 0, nr_entries = 0;
	struct event *entries, *out;
	uint64_t last = 0, at;

	for (i = 0; i < ht->nr; i++)
		nr_entries += ht->ev[i].kind == EV_CALL;
	if (!nr_entries)
		return 0;
	entries = calloc(nr_entries, sizeof(*entries));
	out = calloc((size_t)ht->nr + nr_entries, sizeof(*out));
	if (!entries || !out) {
		free(entries);
		free(out);
		err_set(e, "out of memory");
		return -1;
	}
	nr_entries = 0;
	for (i = 0; i < ht->nr; i++) {
		struct event *x;

		if (ht->ev[i].kind != EV_CALL ||
		    !call_entry(ht, &ht->ev[i], &at))
			continue;
		x = &entries[nr_entries++];
		*x = ht->ev[i];
		x->kind = EV_ENTRY;
		x->present = 0;
		x->ts = at;
		/* Out of the ring's order: a stream numbers only its exit. */
		x->seq = x->seq_end = 0;
	}
	qsort(entries, nr_entries, sizeof(*entries), entry_cmp);
	for (i = 0; i < ht->nr; i++) {
		struct event ev = ht->ev[i];
		uint64_t t = ev.kind == EV_LOST ? last : ev.ts;

		/* Without its entry time (a lost data event) it is dropped. */
		if (ev.kind == EV_CALL && !call_entry(ht, &ev, &at))
			continue;
		while (k < nr_entries && entries[k].ts < t)
			out[n++] = entries[k++];
		if (ev.kind == EV_CALL)
			ev.kind = EV_EXIT;
		out[n++] = ev;
		if (ev.kind != EV_LOST && ev.ts > last)
			last = ev.ts;
	}
	while (k < nr_entries)
		out[n++] = entries[k++];
	free(entries);
	free(ht->ev);
	ht->ev = out;
	ht->nr = n;
	return 0;
}

int fold_hart(struct hart_trace *ht, struct err *e)
{
	return fold_values(ht, e) || unfold_calls(ht, e) ? -1 : 0;
}
