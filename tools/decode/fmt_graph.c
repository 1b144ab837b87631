// SPDX-License-Identifier: BSD-2-Clause
/*
 * The layout of ftrace's "function_graph" output: hart, duration, and the
 * calls indented by nesting; a call with no traced callee is one line
 * "func();", others open with "func() {" and close with "}" and their
 * duration. Harts are merged in time order, as ftrace merges its CPUs. A
 * call left without its exit (longjmp) is closed with a "func: no exit"
 * comment; an exit whose entry is not in the dump shows as a "}" with the
 * function's name in a comment, as ftrace shows it.
 *
 * With tasks, a column names the task of every line as function_graph's
 * "proc" option does ("sensor-1", "<hart0>-0" for a hart's own context),
 * each task's calls nest on their own (calls.c), so that after a switch
 * the indentation is that of the task that runs, a switch is ftrace's
 * context-switch block, and durations are call_time(): the time the task
 * ran, not the time it was switched out.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <rvtrace/trace.h>

#include "formats.h"
#include "out.h"

/* Nesting contexts: tags 1-255 are tasks, a hart's own follow by index. */
#define TAGS		256
/* function_graph's proc column: "comm-pid" centred in 12 characters. */
#define PROC_CELL	12

/* ftrace's marks for long calls, above 10 us up to above 1 s. */
static char mark(const struct trace *t, uint64_t ticks)
{
	static const struct {
		uint64_t us;
		char c;
	} marks[] = {
		{ 1000000, '$' }, { 100000, '@' }, { 10000, '*' },
		{ 1000, '#' }, { 100, '!' }, { 10, '+' },
	};
	uint64_t us;
	size_t i;

	if (!t->clock_hz)
		return ' ';
	us = ticks_to_ns(ticks, t->clock_hz) / 1000;
	for (i = 0; i < sizeof(marks) / sizeof(marks[0]); i++)
		if (us > marks[i].us)
			return marks[i].c;
	return ' ';
}

/* "sensor-1": task (a tag) on hart number hart. */
static void proc(const struct ctx *c, unsigned int task, uint32_t hart,
		 char *buf, size_t size)
{
	char comm[24], pid[16];

	task_comm_pid(c->t, task, hart, comm, sizeof(comm), pid, sizeof(pid));
	snprintf(buf, size, "%s-%s", comm, pid);
}

/* The proc column; a longer name widens it rather than being cut. */
static void proc_cell(const struct ctx *c, unsigned int task, uint32_t hart)
{
	char p[48];
	int pad;

	proc(c, task, hart, p, sizeof(p));
	pad = PROC_CELL - (int)strlen(p);
	if (pad < 0)
		pad = 0;
	fprintf(c->out, "%*s%s%*s", pad / 2, "", p, pad - pad / 2, "");
}

static void line(const struct ctx *c, uint32_t hart, unsigned int task,
		 const uint64_t *ticks, size_t level, const char *text)
{
	char dur[40] = "";

	if (ticks)
		fmt_dur(c->t, *ticks, dur, sizeof(dur));
	fprintf(c->out, "%3u) ", hart);
	if (c->tasks) {
		proc_cell(c, task, hart);
		fprintf(c->out, " | ");
	}
	fprintf(c->out, "%c %13s |  %*s%s\n", ticks ? mark(c->t, *ticks) : ' ',
		dur, (int)(2 * level), "", text);
}

/* A switch, as ftrace marks one: the task leaving => the task arriving. */
static void switch_block(const struct ctx *c, uint32_t hart,
			 const struct event *ev)
{
	char next[48];

	proc(c, (unsigned int)ev->caller, hart, next, sizeof(next));
	fprintf(c->out, " ------------------------------------------\n%3u) ",
		hart);
	proc_cell(c, (unsigned int)ev->func, hart);
	fprintf(c->out, " => %s\n ------------------------------------------\n\n",
		next);
}

/* A marker, a printk or a lost slot, as a comment at the current level. */
static void other_line(const struct ctx *c, const struct hart_trace *ht,
		       unsigned int task, const struct event *ev, size_t level)
{
	char text[VALUES_MAX_LEN + 8], msg[VALUES_MAX_LEN];

	if (ev->kind == EV_MARKER) {
		snprintf(text, sizeof(text), "/* marker: %" PRIu64 " */",
			 ev->func);
	} else if (ev->kind == EV_PRINTK) {
		printk_text(c, ht, ev, msg, sizeof(msg));
		snprintf(text, sizeof(text), "/* %s */", msg);
	} else {
		snprintf(text, sizeof(text), "/* lost event */");
	}
	line(c, ht->hart, task, NULL, level, text);
}

/*
 * An entry's "name(args)", and the comment with its exit's return value
 * ("= ret" after a leaf, "name = ret" after a closing brace), from what
 * the events recorded.
 */
static void call_text(const struct ctx *c, const struct hart_trace *ht,
		      const struct event *ev, const char *tail, char *buf,
		      size_t len)
{
	char name[NAME_MAX_LEN], args[VALUES_MAX_LEN];

	func_name(c, ev->func, name, sizeof(name));
	args_text(c, ht, ev, args, sizeof(args));
	snprintf(buf, len, "%s(%s)%s", name, args, tail);
}

static void ret_comment(const struct ctx *c, const struct hart_trace *ht,
			const struct event *ev, const char *name, char *buf,
			size_t len)
{
	char ret[VALUES_MAX_LEN];

	ret_text(c, ht, ev, ret, sizeof(ret));
	if (ret[0])
		snprintf(buf, len, " /* %s%s= %s */", name, name[0] ? " " : "",
			 ret);
	else
		buf[0] = 0;
}

static void header(const struct ctx *c, const char *how)
{
	fprintf(c->out, "# tracer: function_graph%s\n#\n", how);
	if (!c->t->clock_hz)
		fprintf(c->out, "# durations are clock ticks (tk): the dump does not say the clock's frequency\n#\n");
	if (!c->tasks) {
		fprintf(c->out, "# HART  DURATION           FUNCTION CALLS\n");
		fprintf(c->out, "#  |     |   |              |   |   |   |\n");
		return;
	}
	fprintf(c->out, "# durations: the time the call's task ran, without the time it was switched out\n#\n");
	fprintf(c->out, "# HART  TASK/ID        DURATION           FUNCTION CALLS\n");
	fprintf(c->out, "#  |     |   |          |   |              |   |   |   |\n");
}

/*
 * What is shown of a dump's calls: in each nesting context the innermost
 * call shown open ("func() {"), whose ancestors (struct call.parent) are
 * the others; per hart, the exit a leaf line showed and the context that
 * runs there (a lost slot's).
 */
struct graph_view {
	size_t *top;		/* by context; NO_CALL: none open */
	uint32_t *skip;		/* by hart index: that exit, + 1 */
	unsigned int *cur;	/* by hart index */
};

static unsigned int context(unsigned int task, unsigned int h)
{
	return task ? task : TAGS + h;
}

/* The level of a line after the calls open in context n. */
static size_t level_in(const struct ctx *c, const struct graph_view *v,
		       unsigned int n)
{
	return v->top[n] == NO_CALL ? 0 : c->cs->c[v->top[n]].level + 1;
}

static void entry(const struct ctx *c, unsigned int h, uint32_t i,
		  struct graph_view *v)
{
	const struct hart_trace *ht = &c->t->harts[h];
	size_t k = c->cs->note[h][i];
	const struct call *call = &c->cs->c[k];
	char text[NAME_MAX_LEN + 3 * VALUES_MAX_LEN], ret[VALUES_MAX_LEN + 16];

	if (call->ended && i + 1 < ht->nr && c->cs->note[h][i + 1] == k &&
	    ht->ev[i + 1].kind == EV_EXIT) {
		uint64_t d = call_time(call);

		ret_comment(c, ht, &ht->ev[i + 1], "", ret, sizeof(ret));
		call_text(c, ht, &ht->ev[i], ";", text, sizeof(text));
		strncat(text, ret, sizeof(text) - strlen(text) - 1);
		line(c, ht->hart, call->task, &d, call->level, text);
		v->skip[h] = i + 2;
		return;
	}
	call_text(c, ht, &ht->ev[i], " {", text, sizeof(text));
	line(c, ht->hart, call->task, NULL, call->level, text);
	v->top[context(call->task, h)] = k;
}

static void leave(const struct ctx *c, unsigned int h, uint32_t i,
		  struct graph_view *v)
{
	const struct hart_trace *ht = &c->t->harts[h];
	const struct event *ev = &ht->ev[i];
	unsigned int n = context(ev->task, h);
	size_t k = c->cs->note[h][i];
	char name[NAME_MAX_LEN], text[2 * NAME_MAX_LEN + VALUES_MAX_LEN + 32];
	uint64_t d;

	if (v->skip[h] == i + 1)
		return;
	if (k == NO_CALL) {
		func_name(c, ev->func, name, sizeof(name));
		snprintf(text, sizeof(text), "} /* %s */", name);
		line(c, ht->hart, ev->task, NULL, level_in(c, v, n), text);
		return;
	}
	/* Calls above it that never saw their exit end with it. */
	while (v->top[n] != NO_CALL && v->top[n] != k) {
		const struct call *open = &c->cs->c[v->top[n]];

		func_name(c, open->func, name, sizeof(name));
		snprintf(text, sizeof(text), "} /* %s: no exit */", name);
		line(c, ht->hart, ev->task, NULL, open->level, text);
		v->top[n] = open->parent;
	}
	if (v->top[n] == k) {
		char ret[NAME_MAX_LEN + VALUES_MAX_LEN + 16];

		func_name(c, ev->func, name, sizeof(name));
		ret_comment(c, ht, ev, name, ret, sizeof(ret));
		snprintf(text, sizeof(text), "}%s", ret);
		d = call_time(&c->cs->c[k]);
		line(c, ht->hart, ev->task, &d, c->cs->c[k].level, text);
		v->top[n] = c->cs->c[k].parent;
	}
}

static void show_event(const struct ctx *c, unsigned int h, uint32_t i,
		       struct graph_view *v)
{
	const struct hart_trace *ht = &c->t->harts[h];
	const struct event *ev = &ht->ev[i];
	unsigned int n = context(ev->task, h);

	switch (ev->kind) {
	case EV_ENTRY:
		entry(c, h, i, v);
		break;
	case EV_EXIT:
		leave(c, h, i, v);
		break;
	case EV_SWITCH:
		switch_block(c, ht->hart, ev);
		n = context((unsigned int)ev->caller, h);
		break;
	case EV_MARKER:
	case EV_PRINTK:
		other_line(c, ht, ev->task, ev, level_in(c, v, n));
		break;
	default:
		/* Its task is unknown: the one that runs there. */
		n = v->cur[h];
		other_line(c, ht, n < TAGS ? n : 0, ev, level_in(c, v, n));
	}
	v->cur[h] = n;
}

int fmt_graph(struct ctx *c)
{
	const struct trace *t = c->t;
	unsigned int h, nr = t->nr_harts ? t->nr_harts : 1;
	struct graph_view v;
	struct merge m;
	uint32_t i;

	if (need_graph(c, "graph"))
		return -1;
	v.top = malloc((TAGS + nr) * sizeof(*v.top));
	v.skip = calloc(nr, sizeof(*v.skip));
	v.cur = calloc(nr, sizeof(*v.cur));
	if (!v.top || !v.skip || !v.cur || merge_init(&m, t)) {
		free(v.top);
		free(v.skip);
		free(v.cur);
		err_set(c->e, "out of memory");
		return -1;
	}
	for (h = 0; h < TAGS + nr; h++)
		v.top[h] = NO_CALL;
	for (h = 0; h < nr; h++)
		v.cur[h] = context(0, h);
	header(c, "");
	while (!merge_next(&m, &h, &i))
		show_event(c, h, i, &v);
	free(v.top);
	free(v.skip);
	free(v.cur);
	merge_free(&m);
	return 0;
}

/* --- Following a stream: calls stay open from one chunk to the next --- */

struct open_call {
	uint64_t func, start;
	uint64_t away;		/* its nest's time switched out before */
};

/* A nesting context followed across chunks: a task, or a hart's own. */
struct follow_nest {
	unsigned int task;	/* tag; 0: the hart's own */
	uint32_t hart;		/* tag 0: whose */
	struct open_call *open;	/* shown as "func() {", innermost last */
	size_t nr, cap;
	struct away away;
};

struct follow_hart {
	uint32_t hart;
	unsigned int cur;	/* the nest that runs there */
	struct open_call pend;	/* an entry not shown yet: a leaf? */
	char pend_args[VALUES_MAX_LEN];	/* its arguments */
	unsigned int pend_nest;
	int pending;
};

struct graph_follow {
	struct follow_nest *n;
	unsigned int nr_nests;
	struct follow_hart *h;
	unsigned int nr_harts;
	int told;		/* that a function trace is left out */
};

struct graph_follow *graph_follow_new(void)
{
	return calloc(1, sizeof(struct graph_follow));
}

void graph_follow_free(struct graph_follow *g)
{
	unsigned int i;

	if (!g)
		return;
	for (i = 0; i < g->nr_nests; i++)
		free(g->n[i].open);
	free(g->n);
	free(g->h);
	free(g);
}

/* The nest of task on hart number hart, made if new; -1: out of memory. */
static int follow_nest(struct graph_follow *g, unsigned int task,
		       uint32_t hart, unsigned int *idx)
{
	struct follow_nest *n;
	unsigned int i;

	if (task)
		hart = 0;
	for (i = 0; i < g->nr_nests; i++) {
		if (g->n[i].task == task && g->n[i].hart == hart) {
			*idx = i;
			return 0;
		}
	}
	n = realloc(g->n, (g->nr_nests + 1) * sizeof(*n));
	if (!n)
		return -1;
	g->n = n;
	n = &g->n[g->nr_nests];
	memset(n, 0, sizeof(*n));
	n->task = task;
	n->hart = hart;
	*idx = g->nr_nests++;
	return 0;
}

static struct follow_hart *follow_hart(struct graph_follow *g, uint32_t hart)
{
	struct follow_hart *h;
	unsigned int i, own;

	for (i = 0; i < g->nr_harts; i++)
		if (g->h[i].hart == hart)
			return &g->h[i];
	if (follow_nest(g, 0, hart, &own))
		return NULL;
	h = realloc(g->h, (g->nr_harts + 1) * sizeof(*h));
	if (!h)
		return NULL;
	g->h = h;
	h = &g->h[g->nr_harts++];
	memset(h, 0, sizeof(*h));
	h->hart = hart;
	h->cur = own;
	return h;
}

/* The time of an open call that ends at end: its task's, as call_time(). */
static uint64_t follow_time(const struct follow_nest *n,
			    const struct open_call *o, uint64_t end)
{
	uint64_t d = end > o->start ? end - o->start : 0;
	uint64_t away = n->away.total - o->away;

	return away < d ? d - away : 0;
}

/* The entry held back is not a leaf after all: show it open. */
static int show_pending(const struct ctx *c, struct graph_follow *g,
			struct follow_hart *fh)
{
	struct follow_nest *n = &g->n[fh->pend_nest];
	char name[NAME_MAX_LEN], text[NAME_MAX_LEN + VALUES_MAX_LEN + 8];

	if (!fh->pending)
		return 0;
	fh->pending = 0;
	if (n->nr == n->cap) {
		size_t cap = n->cap ? 2 * n->cap : 16;
		struct open_call *o = realloc(n->open, cap * sizeof(*o));

		if (!o)
			return -1;
		n->open = o;
		n->cap = cap;
	}
	func_name(c, fh->pend.func, name, sizeof(name));
	snprintf(text, sizeof(text), "%s(%s) {", name, fh->pend_args);
	line(c, fh->hart, n->task, NULL, n->nr, text);
	n->open[n->nr++] = fh->pend;
	return 0;
}

static int follow_exit(const struct ctx *c, struct graph_follow *g,
		       struct follow_hart *fh, const struct hart_trace *ht,
		       const struct event *ev)
{
	char name[NAME_MAX_LEN], ret[NAME_MAX_LEN + VALUES_MAX_LEN + 16];
	char text[2 * NAME_MAX_LEN + 2 * VALUES_MAX_LEN + 32];
	struct follow_nest *n;
	unsigned int idx;
	uint64_t d;
	size_t k;

	if (follow_nest(g, ev->task, fh->hart, &idx))
		return -1;
	n = &g->n[idx];
	fh->cur = idx;
	func_name(c, ev->func, name, sizeof(name));
	if (fh->pending && fh->pend_nest == idx && fh->pend.func == ev->func) {
		fh->pending = 0;
		d = follow_time(n, &fh->pend, ev->ts);
		ret_comment(c, ht, ev, "", ret, sizeof(ret));
		snprintf(text, sizeof(text), "%s(%s);%s", name, fh->pend_args,
			 ret);
		line(c, fh->hart, n->task, &d, n->nr, text);
		return 0;
	}
	if (show_pending(c, g, fh))
		return -1;
	for (k = n->nr; k && n->open[k - 1].func != ev->func; k--)
		;
	if (!k) {
		snprintf(text, sizeof(text), "} /* %s */", name);
		line(c, fh->hart, n->task, NULL, n->nr, text);
		return 0;
	}
	while (n->nr > k) {
		n->nr--;
		func_name(c, n->open[n->nr].func, name, sizeof(name));
		snprintf(text, sizeof(text), "} /* %s: no exit */", name);
		line(c, fh->hart, n->task, NULL, n->nr, text);
	}
	n->nr--;
	d = follow_time(n, &n->open[n->nr], ev->ts);
	func_name(c, ev->func, name, sizeof(name));
	ret_comment(c, ht, ev, name, ret, sizeof(ret));
	snprintf(text, sizeof(text), "}%s", ret);
	line(c, fh->hart, n->task, &d, n->nr, text);
	return 0;
}

/* The time the leaving task is out counts against its open calls. */
static int follow_switch(const struct ctx *c, struct graph_follow *g,
			 struct follow_hart *fh, const struct event *ev)
{
	struct follow_nest *from, *to;
	unsigned int f, t;

	if (follow_nest(g, (unsigned int)ev->func, fh->hart, &f) ||
	    follow_nest(g, (unsigned int)ev->caller, fh->hart, &t))
		return -1;
	from = &g->n[f];
	to = &g->n[t];
	away_switch(&from->away, &to->away, ev->ts);
	fh->cur = t;
	switch_block(c, fh->hart, ev);
	return 0;
}

static int follow_event(const struct ctx *c, struct graph_follow *g,
			struct follow_hart *fh, const struct hart_trace *ht,
			const struct event *ev)
{
	struct follow_nest *n;
	unsigned int idx;

	if (ev->kind == EV_EXIT)
		return follow_exit(c, g, fh, ht, ev);
	if (show_pending(c, g, fh))
		return -1;
	if (ev->kind == EV_SWITCH)
		return follow_switch(c, g, fh, ev);
	if (ev->kind != EV_LOST && follow_nest(g, ev->task, fh->hart, &fh->cur))
		return -1;
	idx = fh->cur;
	n = &g->n[idx];
	if (ev->kind == EV_ENTRY) {
		args_text(c, ht, ev, fh->pend_args, sizeof(fh->pend_args));
		fh->pend.func = ev->func;
		fh->pend.start = ev->ts;
		fh->pend.away = n->away.total;
		fh->pend_nest = idx;
		fh->pending = 1;
	} else {
		other_line(c, ht, n->task, ev, n->nr);
	}
	return 0;
}

void graph_follow_header(const struct ctx *c)
{
	header(c, " (following a stream: lines as chunks arrive)");
}

int graph_follow_chunk(const struct ctx *c, struct graph_follow *g)
{
	const struct trace *t = c->t;
	struct follow_hart *fh;
	struct merge m;
	unsigned int h;
	uint32_t i;
	int ret = 0;

	if (t->tracer != RVT_DUMP_TRACER_GRAPH) {
		if (!g->told)
			fprintf(c->out, "# a function trace: the graph format shows only graph traces, its chunks are left out\n");
		g->told = 1;
		return 0;
	}
	for (h = 0; !ret && h < t->nr_harts; h++) {
		const struct hart_trace *ht = &t->harts[h];
		char text[64];

		if (!(ht->overwritten + ht->dropped))
			continue;
		fh = follow_hart(g, ht->hart);
		if (!fh || show_pending(c, g, fh)) {
			ret = -1;
			break;
		}
		snprintf(text, sizeof(text), "/* %" PRIu64 " events lost */",
			 ht->overwritten + ht->dropped);
		line(c, ht->hart, g->n[fh->cur].task, NULL, g->n[fh->cur].nr,
		     text);
	}
	if (ret || merge_init(&m, t)) {
		err_set(c->e, "out of memory");
		return -1;
	}
	while (!ret && !merge_next(&m, &h, &i)) {
		fh = follow_hart(g, t->harts[h].hart);
		ret = fh ? follow_event(c, g, fh, &t->harts[h],
					&t->harts[h].ev[i]) : -1;
	}
	merge_free(&m);
	/* Shown now, not when the next chunk comes: it may be a while. */
	for (h = 0; !ret && h < g->nr_harts; h++)
		ret = show_pending(c, g, &g->h[h]);
	if (ret)
		err_set(c->e, "out of memory");
	return ret;
}
