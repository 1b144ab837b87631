// SPDX-License-Identifier: BSD-2-Clause
/*
 * The layout of ftrace's "trace" file: one line per event, all harts merged
 * in time order. Where ftrace has the task, this has the hart, unless the
 * trace has tasks: then ftrace's TASK-PID, the task's name and RTOS id
 * ("sensor-1"), with "<hart0>-0" for a hart's own context as ftrace has
 * "<idle>-0", and a switch is a line like ftrace's sched_switch event. An
 * entry is "func <-caller"; an exit of the graph tracer is "func ->caller"
 * (the address it returned to); a marker is "marker: <id> <-caller".
 */
#include <inttypes.h>

#include "formats.h"
#include "out.h"

static void columns(const struct ctx *c)
{
	if (c->tasks) {
		fprintf(c->out, "#           TASK-ID    CPU#     TIMESTAMP  FUNCTION\n");
		fprintf(c->out, "#              | |       |          |         |\n");
		return;
	}
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

/* The TASK-PID or HART column of an event: what runs, where. */
static void who(const struct ctx *c, const struct hart_trace *ht,
		const struct event *ev)
{
	char comm[24], pid[16];

	if (!c->tasks) {
		snprintf(comm, sizeof(comm), "hart-%u", ht->hart);
		fprintf(c->out, "%16s    ", comm);
		return;
	}
	task_comm_pid(c->t, ev->task, ht->hart, comm, sizeof(comm), pid,
		      sizeof(pid));
	fprintf(c->out, "%16s-%-5s ", comm, pid);
}

static void switch_line(const struct ctx *c, const struct hart_trace *ht,
			const struct event *ev)
{
	char prev[24], prev_id[16], next[24], next_id[16];

	task_comm_pid(c->t, (unsigned int)ev->func, ht->hart, prev,
		      sizeof(prev), prev_id, sizeof(prev_id));
	task_comm_pid(c->t, (unsigned int)ev->caller, ht->hart, next,
		      sizeof(next), next_id, sizeof(next_id));
	fprintf(c->out, "sched_switch: prev=%s-%s ==> next=%s-%s\n", prev,
		prev_id, next, next_id);
}

static void event_line(const struct ctx *c, const struct hart_trace *ht,
		       uint32_t i)
{
	char name[NAME_MAX_LEN], caller[NAME_MAX_LEN], ts[40];
	char vals[VALUES_MAX_LEN];
	const struct event *ev = &ht->ev[i];

	fmt_ts(c->t, event_time(ht, i), ts, sizeof(ts));
	who(c, ht, ev);
	fprintf(c->out, "[%03u] %13s: ", ht->hart, ts);
	if (ev->kind != EV_LOST && ev->kind != EV_SWITCH)
		caller_name(c, ev->caller, caller, sizeof(caller));
	switch (ev->kind) {
	case EV_ENTRY:
		func_name(c, ev->func, name, sizeof(name));
		args_text(c, ht, ev, vals, sizeof(vals));
		fprintf(c->out, ev->present ? "%s(%s) <-%s\n" : "%s%s <-%s\n",
			name, vals, caller);
		break;
	case EV_EXIT:
		func_name(c, ev->func, name, sizeof(name));
		ret_text(c, ht, ev, vals, sizeof(vals));
		fprintf(c->out, "%s ->%s%s%s\n", name, caller,
			vals[0] ? " = " : "", vals);
		break;
	case EV_PRINTK:
		printk_text(c, ht, ev, vals, sizeof(vals));
		fprintf(c->out, "printk: %s <-%s\n", vals, caller);
		break;
	case EV_MARKER:
		fprintf(c->out, "marker: %" PRIu64 " <-%s\n", ev->func, caller);
		break;
	case EV_SWITCH:
		switch_line(c, ht, ev);
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
