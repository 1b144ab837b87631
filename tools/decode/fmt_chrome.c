// SPDX-License-Identifier: BSD-2-Clause
/*
 * Trace Event Format JSON, as Chrome's trace viewer and Perfetto's UI load
 * it: one process (the firmware), one thread track per hart that recorded
 * events, a complete event ("X") per call of a graph trace, an instant event
 * ("i") per entry of a function trace and per marker. Times are
 * microseconds; a call that never returned lasts until the hart's last event
 * and says "unfinished".
 */
#include <inttypes.h>

#include <rvtrace/trace.h>

#include "formats.h"
#include "out.h"

static void put_us(const struct ctx *c, uint64_t ticks)
{
	uint64_t ns;

	if (!c->t->clock_hz) {
		fprintf(c->out, "%" PRIu64, ticks);
		return;
	}
	ns = ticks_to_ns(ticks, c->t->clock_hz);
	fprintf(c->out, "%" PRIu64 ".%03" PRIu64, ns / 1000, ns % 1000);
}

static void begin_event(const struct ctx *c, int *first, const char *ph,
			const char *name, uint32_t hart)
{
	fprintf(c->out, "%s\n{\"ph\":\"%s\",\"pid\":0,\"tid\":%u,\"name\":\"",
		*first ? "" : ",", ph, hart);
	put_json_str(c->out, name);
	fputc('"', c->out);
	*first = 0;
}

static void metadata(const struct ctx *c, int *first)
{
	char name[32];
	unsigned int h;

	begin_event(c, first, "M", "process_name", 0);
	fprintf(c->out, ",\"args\":{\"name\":\"");
	put_json_str(c->out, c->program);
	fprintf(c->out, "\"}}");
	for (h = 0; h < c->t->nr_harts; h++) {
		uint32_t hart = c->t->harts[h].hart;

		/* A hart that recorded nothing gets no track. */
		if (!c->t->harts[h].nr)
			continue;
		snprintf(name, sizeof(name), "hart %u", hart);
		begin_event(c, first, "M", "thread_name", hart);
		fprintf(c->out, ",\"args\":{\"name\":\"%s\"}}", name);
		begin_event(c, first, "M", "thread_sort_index", hart);
		fprintf(c->out, ",\"args\":{\"sort_index\":%u}}", hart);
	}
}

static void call(const struct ctx *c, int *first, const struct call *k,
		 uint64_t hart_end)
{
	char name[NAME_MAX_LEN], caller[NAME_MAX_LEN];
	uint32_t hart = c->t->harts[k->hart].hart;
	uint64_t end = k->ended ? k->end : hart_end;

	func_name(c, k->func, name, sizeof(name));
	caller_name(c, k->caller, caller, sizeof(caller));
	if (c->t->tracer == RVT_DUMP_TRACER_GRAPH) {
		begin_event(c, first, "X", name, hart);
		fprintf(c->out, ",\"cat\":\"function\",\"ts\":");
		put_us(c, k->start);
		fprintf(c->out, ",\"dur\":");
		put_us(c, end > k->start ? end - k->start : 0);
	} else {
		begin_event(c, first, "i", name, hart);
		fprintf(c->out, ",\"cat\":\"function\",\"s\":\"t\",\"ts\":");
		put_us(c, k->start);
	}
	fprintf(c->out, ",\"args\":{\"addr\":\"0x%" PRIx64 "\",\"caller\":\"",
		k->func);
	put_json_str(c->out, caller);
	fprintf(c->out, "\"%s}}", c->t->tracer == RVT_DUMP_TRACER_GRAPH && !k->ended ?
		",\"unfinished\":true" : "");
}

static void instant(const struct ctx *c, int *first, const struct event *ev,
		    uint64_t ts, uint32_t hart)
{
	char name[64], caller[NAME_MAX_LEN];

	if (ev->kind == EV_MARKER)
		snprintf(name, sizeof(name), "marker %" PRIu64, ev->func);
	else
		snprintf(name, sizeof(name), "lost event");
	begin_event(c, first, "i", name, hart);
	fprintf(c->out, ",\"cat\":\"%s\",\"s\":\"t\",\"ts\":",
		ev->kind == EV_MARKER ? "marker" : "lost");
	put_us(c, ts);
	if (ev->kind == EV_MARKER) {
		caller_name(c, ev->caller, caller, sizeof(caller));
		fprintf(c->out, ",\"args\":{\"id\":%" PRIu64 ",\"caller\":\"",
			ev->func);
		put_json_str(c->out, caller);
		fprintf(c->out, "\"}");
	}
	fputc('}', c->out);
}

int fmt_chrome(struct ctx *c)
{
	const struct trace *t = c->t;
	unsigned int h;
	int first = 1;
	uint32_t i;

	if (need_events(c, "chrome"))
		return -1;
	fprintf(c->out, "{\"displayTimeUnit\":\"ns\",\"otherData\":{\"tracer\":\"%s\",\"clock_hz\":%" PRIu64 ",\"time_unit\":\"%s\",\"xlen\":%u,\"overwritten\":%" PRIu64 ",\"dropped\":%" PRIu64 "},\n\"traceEvents\":[",
		tracer_name(t), t->clock_hz,
		t->clock_hz ? "us" : "clock ticks", t->xlen, t->overwritten,
		t->dropped);
	metadata(c, &first);
	for (h = 0; h < t->nr_harts; h++) {
		const struct hart_trace *ht = &t->harts[h];
		uint64_t end = ht->nr ? event_time(ht, ht->nr - 1) : 0;

		for (i = 0; i < ht->nr; i++) {
			size_t k = c->cs->note[h][i];

			if (ht->ev[i].kind == EV_ENTRY)
				call(c, &first, &c->cs->c[k], end);
			else if (ht->ev[i].kind != EV_EXIT)
				instant(c, &first, &ht->ev[i],
					event_time(ht, i), ht->hart);
		}
	}
	fprintf(c->out, "\n]}\n");
	return 0;
}
