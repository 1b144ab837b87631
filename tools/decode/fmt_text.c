// SPDX-License-Identifier: BSD-2-Clause
/*
 * The layout of ftrace's "trace" file: one line per event, all harts merged
 * in time order. Where ftrace has the task, this has the hart. An entry is
 * "func <-caller"; an exit of the graph tracer is "func ->caller" (the
 * address it returned to); a marker is "marker: <id> <-caller".
 */
#include <inttypes.h>

#include "formats.h"
#include "out.h"

static void columns(const struct ctx *c)
{
	fprintf(c->out, "#           HART    CPU#     TIMESTAMP  FUNCTION\n");
	fprintf(c->out, "#              |      |          |         |\n");
}

static void header(const struct ctx *c)
{
	const struct trace *t = c->t;
	uint64_t in = 0, lost = t->overwritten + t->dropped;
	unsigned int h;

	for (h = 0; h < t->nr_harts; h++)
		in += t->harts[h].nr;
	fprintf(c->out, "# tracer: %s\n#\n", tracer_name(t));
	fprintf(c->out, "# entries-in-buffer/entries-written: %" PRIu64 "/%" PRIu64 "   #P:%u\n",
		in, in + lost, t->nr_harts);
	if (!t->clock_hz)
		fprintf(c->out, "# timestamps are clock ticks (the dump does not say the clock's frequency)\n");
	fprintf(c->out, "#\n");
	columns(c);
}

static void event_line(const struct ctx *c, const struct hart_trace *ht,
		       uint32_t i)
{
	char name[NAME_MAX_LEN], caller[NAME_MAX_LEN], ts[40], task[24];
	const struct event *ev = &ht->ev[i];

	snprintf(task, sizeof(task), "hart-%u", ht->hart);
	fmt_ts(c->t, event_time(ht, i), ts, sizeof(ts));
	fprintf(c->out, "%16s    [%03u] %13s: ", task, ht->hart, ts);
	if (ev->kind != EV_LOST)
		caller_name(c, ev->caller, caller, sizeof(caller));
	switch (ev->kind) {
	case EV_ENTRY:
		func_name(c, ev->func, name, sizeof(name));
		fprintf(c->out, "%s <-%s\n", name, caller);
		break;
	case EV_EXIT:
		func_name(c, ev->func, name, sizeof(name));
		fprintf(c->out, "%s ->%s\n", name, caller);
		break;
	case EV_MARKER:
		fprintf(c->out, "marker: %" PRIu64 " <-%s\n", ev->func, caller);
		break;
	default:
		fprintf(c->out, "<lost: the slot was rewritten while it was read>\n");
	}
}

/* Every event of c->t, all harts merged in time order. */
static int events(const struct ctx *c)
{
	struct merge m;
	unsigned int h;
	uint32_t i;

	if (merge_init(&m, c->t)) {
		err_set(c->e, "out of memory");
		return -1;
	}
	while (!merge_next(&m, &h, &i))
		event_line(c, &c->t->harts[h], i);
	merge_free(&m);
	return 0;
}

int fmt_text(struct ctx *c)
{
	if (need_events(c, "text"))
		return -1;
	header(c);
	return events(c);
}

void text_follow_header(const struct ctx *c)
{
	fprintf(c->out, "# tracer: %s (following a stream: lines as chunks arrive, in time order within each)\n#\n",
		tracer_name(c->t));
	columns(c);
}

int text_follow_chunk(const struct ctx *c)
{
	unsigned int h;

	for (h = 0; h < c->t->nr_harts; h++) {
		const struct hart_trace *ht = &c->t->harts[h];

		if (ht->overwritten + ht->dropped)
			fprintf(c->out, "# hart-%u: %" PRIu64 " events lost\n",
				ht->hart, ht->overwritten + ht->dropped);
	}
	return events(c);
}
