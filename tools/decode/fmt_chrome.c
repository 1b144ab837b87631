// SPDX-License-Identifier: BSD-2-Clause
/*
 * Trace Event Format JSON, as Chrome's trace viewer and Perfetto's UI load
 * it: one process (the firmware), one thread track per hart that recorded
 * events, a complete event ("X") per call of a graph trace, an instant event
 * ("i") per entry of a function trace and per marker. Times are
 * microseconds; a call that never returned lasts until the hart's last event
 * and says "unfinished".
 *
 * A dump with tasks adds a second process, "tasks": a track per task (tid:
 * its tag) with its calls and markers, whichever hart ran them, since a
 * task may move; and per hart a track "tasks on hart N" (tid: 256 plus the
 * hart's id, above every tag) with a slice per stretch it ran a task or its
 * own context, from the switch events. The hart's track keeps its own
 * context's calls (interrupts included): apart from the runs, so that a
 * handler's call that spans a switch does not cross their slices. A call
 * that returned has a thread duration, "tdur": the time its task ran
 * during it (call_time()), and "tts", its start less the time its task
 * had been switched out before.
 */
#include <inttypes.h>
#include <stdlib.h>

#include <rvtrace/trace.h>

#include "formats.h"
#include "out.h"

/* The processes, and the tid of a hart's runs: above every tag. */
enum { PID_HARTS = 0, PID_TASKS = 1, TID_RUNS = 256 };

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
			const char *name, unsigned int pid, uint64_t tid)
{
	fprintf(c->out, "%s\n{\"ph\":\"%s\",\"pid\":%u,\"tid\":%" PRIu64 ",\"name\":\"",
		*first ? "" : ",", ph, pid, tid);
	put_json_str(c->out, name);
	fputc('"', c->out);
	*first = 0;
}

static void thread(const struct ctx *c, int *first, unsigned int pid,
		   uint64_t tid, const char *name, uint64_t sort)
{
	begin_event(c, first, "M", "thread_name", pid, tid);
	fprintf(c->out, ",\"args\":{\"name\":\"");
	put_json_str(c->out, name);
	fprintf(c->out, "\"}}");
	begin_event(c, first, "M", "thread_sort_index", pid, tid);
	fprintf(c->out, ",\"args\":{\"sort_index\":%" PRIu64 "}}", sort);
}

static void metadata(const struct ctx *c, int *first)
{
	char name[32];
	unsigned int h;

	begin_event(c, first, "M", "process_name", PID_HARTS, 0);
	fprintf(c->out, ",\"args\":{\"name\":\"");
	put_json_str(c->out, c->program);
	fprintf(c->out, "\"}}");
	for (h = 0; h < c->t->nr_harts; h++) {
		uint32_t hart = c->t->harts[h].hart;

		/* A hart that recorded nothing gets no track. */
		if (!c->t->harts[h].nr)
			continue;
		snprintf(name, sizeof(name), "hart %u", hart);
		thread(c, first, PID_HARTS, hart, name, hart);
	}
}

/* The tracks of the tasks that ran or recorded, and of the harts' runs. */
static void task_metadata(const struct ctx *c, int *first,
			  const struct run *runs, size_t nr)
{
	char seen[CALL_HARTS] = { 0 }, name[64];
	unsigned int h, k;
	size_t i;
	uint32_t j;

	begin_event(c, first, "M", "process_name", PID_TASKS, 0);
	fprintf(c->out, ",\"args\":{\"name\":\"tasks\"}}");
	begin_event(c, first, "M", "process_sort_index", PID_TASKS, 0);
	fprintf(c->out, ",\"args\":{\"sort_index\":%u}}", PID_TASKS);
	for (h = 0; h < c->t->nr_harts; h++) {
		for (i = 0; i < nr && runs[i].hart != h; i++)
			;
		if (i < nr) {
			snprintf(name, sizeof(name), "tasks on hart %u",
				 c->t->harts[h].hart);
			thread(c, first, PID_TASKS,
			       TID_RUNS + (uint64_t)c->t->harts[h].hart, name,
			       h);
		}
		for (j = 0; j < c->t->harts[h].nr; j++)
			seen[c->t->harts[h].ev[j].task] = 1;
	}
	for (i = 0; i < nr; i++)
		if (runs[i].context < CALL_HARTS)
			seen[runs[i].context] = 1;
	/* Tags are 1-255; after the runs. */
	for (k = 1; k < CALL_HARTS; k++) {
		if (!seen[k])
			continue;
		context_label(c->t, k, name, sizeof(name));
		thread(c, first, PID_TASKS, k, name, c->t->nr_harts + k);
	}
}

/* Which task or hart ran when: a slice per run on its hart's track. */
static void run_slices(const struct ctx *c, int *first,
		       const struct run *runs, size_t nr)
{
	char name[64];
	size_t i;

	for (i = 0; i < nr; i++) {
		context_label(c->t, runs[i].context, name, sizeof(name));
		begin_event(c, first, "X", name, PID_TASKS,
			    TID_RUNS + (uint64_t)c->t->harts[runs[i].hart].hart);
		fprintf(c->out, ",\"cat\":\"task\",\"ts\":");
		put_us(c, runs[i].start);
		fprintf(c->out, ",\"dur\":");
		put_us(c, runs[i].end - runs[i].start);
		fputc('}', c->out);
	}
}

/* The track of an event of task tag on hart index h. */
static void begin_on(const struct ctx *c, int *first, const char *ph,
		     const char *name, unsigned int tag, unsigned int h)
{
	if (tag)
		begin_event(c, first, ph, name, PID_TASKS, tag);
	else
		begin_event(c, first, ph, name, PID_HARTS,
			    c->t->harts[h].hart);
}

/* end: when a call that never returned stops; ev: its entry event. */
static void call(const struct ctx *c, int *first, const struct call *k,
		 const struct event *ev, uint64_t end, int tasks)
{
	char name[NAME_MAX_LEN], caller[NAME_MAX_LEN], args[VALUES_MAX_LEN];

	if (k->ended)
		end = k->end;
	func_name(c, k->func, name, sizeof(name));
	caller_name(c, k->caller, caller, sizeof(caller));
	if (c->t->tracer == RVT_DUMP_TRACER_GRAPH) {
		begin_on(c, first, "X", name, k->task, k->hart);
		fprintf(c->out, ",\"cat\":\"function\",\"ts\":");
		put_us(c, k->start);
		fprintf(c->out, ",\"dur\":");
		put_us(c, end > k->start ? end - k->start : 0);
		if (tasks && k->ended) {
			fprintf(c->out, ",\"tts\":");
			put_us(c, k->start - k->away_start);
			fprintf(c->out, ",\"tdur\":");
			put_us(c, call_time(k));
		}
	} else {
		begin_on(c, first, "i", name, k->task, k->hart);
		fprintf(c->out, ",\"cat\":\"function\",\"s\":\"t\",\"ts\":");
		put_us(c, k->start);
	}
	fprintf(c->out, ",\"args\":{\"addr\":\"0x%" PRIx64 "\",\"caller\":\"",
		k->func);
	put_json_str(c->out, caller);
	fputc('"', c->out);
	args_text(c, &c->t->harts[k->hart], ev, args, sizeof(args));
	if (args[0]) {
		fprintf(c->out, ",\"arguments\":\"");
		put_json_str(c->out, args);
		fputc('"', c->out);
	}
	/* A task may move: say where the call began. */
	if (k->task)
		fprintf(c->out, ",\"hart\":%" PRIu32, c->t->harts[k->hart].hart);
	fprintf(c->out, "%s}}", c->t->tracer == RVT_DUMP_TRACER_GRAPH && !k->ended ?
		",\"unfinished\":true" : "");
}

static void instant(const struct ctx *c, int *first, const struct event *ev,
		    uint64_t ts, unsigned int h)
{
	char name[VALUES_MAX_LEN], caller[NAME_MAX_LEN];

	if (ev->kind == EV_MARKER)
		snprintf(name, sizeof(name), "marker %" PRIu64, ev->func);
	else if (ev->kind == EV_PRINTK)
		printk_text(c, &c->t->harts[h], ev, name, sizeof(name));
	else
		snprintf(name, sizeof(name), "lost event");
	begin_on(c, first, "i", name, ev->task, h);
	fprintf(c->out, ",\"cat\":\"%s\",\"s\":\"t\",\"ts\":",
		ev->kind == EV_MARKER ? "marker" :
		ev->kind == EV_PRINTK ? "printk" : "lost");
	put_us(c, ts);
	if (ev->kind == EV_PRINTK) {
		caller_name(c, ev->caller, caller, sizeof(caller));
		fprintf(c->out, ",\"args\":{\"caller\":\"");
		put_json_str(c->out, caller);
		fprintf(c->out, "\"}");
	}
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
	int first = 1, tasks = trace_has_tasks(t);
	struct run *runs = NULL;
	uint64_t last = 0, end;
	size_t nr_runs = 0;
	unsigned int h;
	uint32_t i;

	if (need_events(c, "chrome"))
		return -1;
	if (tasks && runs_build(t, &runs, &nr_runs)) {
		err_set(c->e, "out of memory");
		return -1;
	}
	fprintf(c->out, "{\"displayTimeUnit\":\"ns\",\"otherData\":{\"tracer\":\"%s\",\"clock_hz\":%" PRIu64 ",\"time_unit\":\"%s\",\"xlen\":%u,\"overwritten\":%" PRIu64 ",\"dropped\":%" PRIu64 "},\n\"traceEvents\":[",
		tracer_name(t), t->clock_hz,
		t->clock_hz ? "us" : "clock ticks", t->xlen, t->overwritten,
		t->dropped);
	metadata(c, &first);
	if (tasks) {
		task_metadata(c, &first, runs, nr_runs);
		run_slices(c, &first, runs, nr_runs);
	}
	/* A task's call that never returned: still running at the end. */
	for (h = 0; h < t->nr_harts; h++)
		if (t->harts[h].nr &&
		    event_time(&t->harts[h], t->harts[h].nr - 1) > last)
			last = event_time(&t->harts[h], t->harts[h].nr - 1);
	for (h = 0; h < t->nr_harts; h++) {
		const struct hart_trace *ht = &t->harts[h];

		end = ht->nr ? event_time(ht, ht->nr - 1) : 0;
		for (i = 0; i < ht->nr; i++) {
			size_t k = c->cs->note[h][i];

			if (ht->ev[i].kind == EV_ENTRY)
				call(c, &first, &c->cs->c[k], &ht->ev[i],
				     c->cs->c[k].task ? last : end, tasks);
			else if (ht->ev[i].kind == EV_MARKER ||
				 ht->ev[i].kind == EV_PRINTK ||
				 ht->ev[i].kind == EV_LOST)
				instant(c, &first, &ht->ev[i],
					event_time(ht, i), h);
		}
	}
	fprintf(c->out, "\n]}\n");
	free(runs);
	return 0;
}
