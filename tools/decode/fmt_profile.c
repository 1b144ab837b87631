// SPDX-License-Identifier: BSD-2-Clause
/*
 * A function profile in the manner of ftrace's trace_stat: one row per
 * function with its hits and inclusive, average, shortest, longest and self
 * time, busiest (by self time) first. The rows are the profiler's records
 * when the dump has them, otherwise they are computed from the calls of a
 * graph trace the same way: a hit is a call that returned, self time is the
 * call's time minus that of its traced callees.
 *
 * A graph trace with tasks has a table over all of them, then one per task
 * and per hart's own context, each headed by the time it ran (from the
 * switch events); a call's time leaves out the time its task was switched
 * out (call_time()).
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "formats.h"
#include "out.h"

/* from_calls() of every context. */
#define ALL_CONTEXTS	((unsigned int)-1)

static int by_func(const void *a, const void *b)
{
	const struct profile_rec *x = a, *y = b;

	return x->func < y->func ? -1 : x->func > y->func;
}

static int by_self(const void *a, const void *b)
{
	const struct profile_rec *x = a, *y = b;

	if (x->self != y->self)
		return x->self > y->self ? -1 : 1;
	if (x->total != y->total)
		return x->total > y->total ? -1 : 1;
	return by_func(a, b);
}

/* One row per function that returned at least once in context. */
static struct profile_rec *from_calls(const struct call_set *cs,
				      unsigned int context, size_t *nr)
{
	struct profile_rec *r = calloc(cs->nr ? cs->nr : 1, sizeof(*r));
	size_t i, n = 0;

	*nr = 0;
	if (!r)
		return NULL;
	for (i = 0; i < cs->nr; i++) {
		const struct call *c = &cs->c[i];

		if (!c->ended ||
		    (context != ALL_CONTEXTS && call_context(c) != context))
			continue;
		r[n].func = c->func;
		r[n].hits = 1;
		r[n].total = r[n].min = r[n].max = call_time(c);
		r[n].self = call_self(c);
		n++;
	}
	qsort(r, n, sizeof(*r), by_func);
	for (i = 0; i < n; i++) {
		struct profile_rec *o = *nr ? &r[*nr - 1] : NULL;

		if (o && o->func == r[i].func) {
			o->hits++;
			o->total += r[i].total;
			o->self += r[i].self;
			if (r[i].min < o->min)
				o->min = r[i].min;
			if (r[i].max > o->max)
				o->max = r[i].max;
		} else {
			r[(*nr)++] = r[i];
		}
	}
	return r;
}

/* Average of a row: to the nanosecond when the clock is known. */
static void fmt_avg(const struct trace *t, const struct profile_rec *r,
		    char *buf, size_t len)
{
	uint64_t ns;

	if (!r->hits) {
		snprintf(buf, len, "-");
	} else if (!t->clock_hz) {
		snprintf(buf, len, "%" PRIu64 " tk", r->total / r->hits);
	} else {
		ns = ticks_to_ns(r->total, t->clock_hz) / r->hits;
		snprintf(buf, len, "%" PRIu64 ".%03" PRIu64 " us", ns / 1000,
			 ns % 1000);
	}
}

static void table(struct ctx *c, const struct profile_rec *r, size_t nr)
{
	char name[NAME_MAX_LEN], v[5][40];
	int width = 30;
	size_t i;

	for (i = 0; i < nr; i++) {
		func_name(c, r[i].func, name, sizeof(name));
		if ((int)strlen(name) > width)
			width = (int)strlen(name);
	}
	fprintf(c->out, "  %-*s %10s %15s %15s %15s %15s %15s\n", width,
		"Function", "Hit", "Total", "Avg", "Min", "Max", "Self");
	fprintf(c->out, "  %-*s %10s %15s %15s %15s %15s %15s\n", width,
		"--------", "---", "-----", "---", "---", "---", "----");
	for (i = 0; i < nr; i++) {
		func_name(c, r[i].func, name, sizeof(name));
		fmt_dur(c->t, r[i].total, v[0], sizeof(v[0]));
		fmt_avg(c->t, &r[i], v[1], sizeof(v[1]));
		fmt_dur(c->t, r[i].min, v[2], sizeof(v[2]));
		fmt_dur(c->t, r[i].max, v[3], sizeof(v[3]));
		fmt_dur(c->t, r[i].self, v[4], sizeof(v[4]));
		if (!r[i].hits) {
			strcpy(v[2], "-");
			strcpy(v[3], "-");
		}
		fprintf(c->out, "  %-*s %10" PRIu64 " %15s %15s %15s %15s %15s\n",
			width, name, r[i].hits, v[0], v[1], v[2], v[3], v[4]);
	}
}

/* What a context's table is of, and the time it ran. */
static void context_head(const struct ctx *c, unsigned int context,
			 uint64_t ran, size_t nr)
{
	const struct task_rec *r = context < CALL_HARTS ?
				   trace_task(c->t, context) : NULL;
	char label[64], what[40], dur[40];

	context_label(c->t, context, label, sizeof(label));
	if (context >= CALL_HARTS)
		snprintf(what, sizeof(what), "its own context");
	else if (r)
		snprintf(what, sizeof(what), "task %u, id %" PRIu32, context,
			 r->id);
	else
		snprintf(what, sizeof(what), "task %u, no record", context);
	fmt_dur(c->t, ran, dur, sizeof(dur));
	fprintf(c->out, "\n# %s (%s): ran %s, %zu function%s\n", label, what,
		dur, nr, nr == 1 ? "" : "s");
}

/*
 * The table of all calls (r), then one per context that ran or has calls:
 * the tasks by tag, then the harts' own contexts.
 */
static int by_task(struct ctx *c, const struct profile_rec *r, size_t nr)
{
	const struct trace *t = c->t;
	unsigned int nr_contexts = CALL_HARTS + t->nr_harts, k;
	uint64_t *ran = calloc(nr_contexts, sizeof(*ran)), sum = 0;
	char *seen = calloc(nr_contexts, 1), dur[40];
	struct profile_rec *own;
	struct run *runs = NULL;
	size_t nr_runs = 0, i;
	int ret = -1;

	if (!ran || !seen || runs_build(t, &runs, &nr_runs))
		goto out;
	for (i = 0; i < nr_runs; i++) {
		ran[runs[i].context] += runs[i].end - runs[i].start;
		sum += runs[i].end - runs[i].start;
		seen[runs[i].context] = 1;
	}
	for (i = 0; i < c->cs->nr; i++)
		seen[call_context(&c->cs->c[i])] = 1;
	fmt_dur(t, sum, dur, sizeof(dur));
	fprintf(c->out, "# all tasks and harts: ran %s, %zu function%s\n", dur,
		nr, nr == 1 ? "" : "s");
	table(c, r, nr);
	for (k = 1; k < nr_contexts; k++) {
		if (!seen[k])
			continue;
		own = from_calls(c->cs, k, &i);
		if (!own)
			goto out;
		qsort(own, i, sizeof(*own), by_self);
		context_head(c, k, ran[k], i);
		table(c, own, i);
		free(own);
	}
	ret = 0;
out:
	free(runs);
	free(seen);
	free(ran);
	if (ret)
		err_set(c->e, "out of memory");
	return ret;
}

int fmt_profile(struct ctx *c)
{
	const struct trace *t = c->t;
	struct profile_rec *r;
	size_t nr;
	int tasks = 0, ret = 0;

	if (t->nr_profile) {
		nr = t->nr_profile;
		r = malloc(nr * sizeof(*r));
		if (r)
			memcpy(r, t->profile, nr * sizeof(*r));
		fprintf(c->out, "# profile: %zu functions, recorded by the profiler\n",
			nr);
	} else {
		if (need_graph(c, "profile"))
			return -1;
		r = from_calls(c->cs, ALL_CONTEXTS, &nr);
		fprintf(c->out, "# profile: %zu functions, from the calls of a function_graph trace\n",
			nr);
		tasks = trace_has_tasks(t);
	}
	if (!r) {
		err_set(c->e, "out of memory");
		return -1;
	}
	if (!t->clock_hz)
		fprintf(c->out, "# times are clock ticks (tk): the dump does not say the clock's frequency\n");
	if (tasks)
		fprintf(c->out, "# per task: a call preempted by other tasks counts only the time its own task ran\n");
	fprintf(c->out, "#\n");
	qsort(r, nr, sizeof(*r), by_self);
	if (tasks)
		ret = by_task(c, r, nr);
	else
		table(c, r, nr);
	free(r);
	return ret;
}
