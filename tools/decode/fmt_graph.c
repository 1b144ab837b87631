// SPDX-License-Identifier: BSD-2-Clause
/*
 * The layout of ftrace's "function_graph" output: hart, duration, and the
 * calls indented by nesting; a call with no traced callee is one line
 * "func();", others open with "func() {" and close with "}" and their
 * duration. Harts are merged in time order, as ftrace merges its CPUs. A
 * call left without its exit (longjmp) is closed with a "func: no exit"
 * comment; an exit whose entry is not in the dump shows as a "}" with the
 * function's name in a comment, as ftrace shows it.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <rvtrace/trace.h>

#include "formats.h"
#include "out.h"

struct hart_state {
	size_t *open;		/* calls shown as "func() {", innermost last */
	size_t nr;
	uint32_t skip;		/* exit already shown by a leaf line, + 1 */
};

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

static void line(const struct ctx *c, uint32_t hart, const uint64_t *ticks,
		 size_t level, const char *text)
{
	char dur[40] = "";

	if (ticks)
		fmt_dur(c->t, *ticks, dur, sizeof(dur));
	fprintf(c->out, "%3u) %c %13s |  %*s%s\n", hart,
		ticks ? mark(c->t, *ticks) : ' ', dur, (int)(2 * level), "",
		text);
}

static void entry(const struct ctx *c, unsigned int h, uint32_t i,
		  struct hart_state *st)
{
	const struct hart_trace *ht = &c->t->harts[h];
	size_t k = c->cs->note[h][i];
	const struct call *call = &c->cs->c[k];
	char name[NAME_MAX_LEN], text[NAME_MAX_LEN + 8];

	func_name(c, call->func, name, sizeof(name));
	if (call->ended && i + 1 < ht->nr && c->cs->note[h][i + 1] == k &&
	    ht->ev[i + 1].kind == EV_EXIT) {
		uint64_t d = call->end - call->start;

		snprintf(text, sizeof(text), "%s();", name);
		line(c, ht->hart, &d, st->nr, text);
		st->skip = i + 2;
		return;
	}
	snprintf(text, sizeof(text), "%s() {", name);
	line(c, ht->hart, NULL, st->nr, text);
	st->open[st->nr++] = k;
}

static void leave(const struct ctx *c, unsigned int h, uint32_t i,
		  struct hart_state *st)
{
	const struct hart_trace *ht = &c->t->harts[h];
	size_t k = c->cs->note[h][i];
	char name[NAME_MAX_LEN], text[NAME_MAX_LEN + 24];

	if (st->skip == i + 1)
		return;
	if (k == NO_CALL) {
		func_name(c, ht->ev[i].func, name, sizeof(name));
		snprintf(text, sizeof(text), "} /* %s */", name);
		line(c, ht->hart, NULL, st->nr, text);
		return;
	}
	while (st->nr && st->open[st->nr - 1] != k) {
		st->nr--;
		func_name(c, c->cs->c[st->open[st->nr]].func, name,
			  sizeof(name));
		snprintf(text, sizeof(text), "} /* %s: no exit */", name);
		line(c, ht->hart, NULL, st->nr, text);
	}
	if (st->nr) {
		uint64_t d = c->cs->c[k].end - c->cs->c[k].start;

		st->nr--;
		line(c, ht->hart, &d, st->nr, "}");
	}
}

/* A marker or a lost slot, as a comment at the current level. */
static void other_line(const struct ctx *c, uint32_t hart,
		       const struct event *ev, size_t level)
{
	char text[64];

	if (ev->kind == EV_MARKER)
		snprintf(text, sizeof(text), "/* marker: %" PRIu64 " */",
			 ev->func);
	else
		snprintf(text, sizeof(text), "/* lost event */");
	line(c, hart, NULL, level, text);
}

static void other(const struct ctx *c, unsigned int h, uint32_t i,
		  const struct hart_state *st)
{
	const struct hart_trace *ht = &c->t->harts[h];

	other_line(c, ht->hart, &ht->ev[i], st->nr);
}

static void header(const struct ctx *c, const char *how)
{
	fprintf(c->out, "# tracer: function_graph%s\n#\n", how);
	if (!c->t->clock_hz)
		fprintf(c->out, "# durations are clock ticks (tk): the dump does not say the clock's frequency\n#\n");
	fprintf(c->out, "# HART  DURATION           FUNCTION CALLS\n");
	fprintf(c->out, "#  |     |   |              |   |   |   |\n");
}

int fmt_graph(struct ctx *c)
{
	const struct trace *t = c->t;
	struct hart_state *st;
	struct merge m;
	unsigned int h;
	uint32_t i;
	int ret = 0;

	if (need_graph(c, "graph"))
		return -1;
	st = calloc(t->nr_harts ? t->nr_harts : 1, sizeof(*st));
	if (!st || merge_init(&m, t)) {
		free(st);
		err_set(c->e, "out of memory");
		return -1;
	}
	for (h = 0; h < t->nr_harts; h++) {
		st[h].open = calloc(t->harts[h].nr ? t->harts[h].nr : 1,
				    sizeof(size_t));
		if (!st[h].open)
			ret = -1;
	}
	if (!ret)
		header(c, "");
	while (!ret && !merge_next(&m, &h, &i)) {
		switch (t->harts[h].ev[i].kind) {
		case EV_ENTRY:
			entry(c, h, i, &st[h]);
			break;
		case EV_EXIT:
			leave(c, h, i, &st[h]);
			break;
		default:
			other(c, h, i, &st[h]);
		}
	}
	for (h = 0; h < t->nr_harts; h++)
		free(st[h].open);
	free(st);
	merge_free(&m);
	if (ret)
		err_set(c->e, "out of memory");
	return ret;
}

/* --- Following a stream: calls stay open from one chunk to the next --- */

struct open_call {
	uint64_t func, start;
};

struct follow_hart {
	uint32_t hart;
	struct open_call *open;	/* shown as "func() {", innermost last */
	size_t nr, cap;
	struct open_call pend;	/* an entry not shown yet: a leaf? */
	int pending;
};

struct graph_follow {
	struct follow_hart *h;
	unsigned int nr;
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
	for (i = 0; i < g->nr; i++)
		free(g->h[i].open);
	free(g->h);
	free(g);
}

static struct follow_hart *follow_hart(struct graph_follow *g, uint32_t hart)
{
	struct follow_hart *h;
	unsigned int i;

	for (i = 0; i < g->nr; i++)
		if (g->h[i].hart == hart)
			return &g->h[i];
	h = realloc(g->h, (g->nr + 1) * sizeof(*h));
	if (!h)
		return NULL;
	g->h = h;
	h = &g->h[g->nr++];
	memset(h, 0, sizeof(*h));
	h->hart = hart;
	return h;
}

/* The entry held back is not a leaf after all: show it open. */
static int show_pending(const struct ctx *c, struct follow_hart *fh)
{
	char name[NAME_MAX_LEN], text[NAME_MAX_LEN + 8];

	if (!fh->pending)
		return 0;
	fh->pending = 0;
	if (fh->nr == fh->cap) {
		size_t cap = fh->cap ? 2 * fh->cap : 16;
		struct open_call *o = realloc(fh->open, cap * sizeof(*o));

		if (!o)
			return -1;
		fh->open = o;
		fh->cap = cap;
	}
	func_name(c, fh->pend.func, name, sizeof(name));
	snprintf(text, sizeof(text), "%s() {", name);
	line(c, fh->hart, NULL, fh->nr, text);
	fh->open[fh->nr++] = fh->pend;
	return 0;
}

static void follow_exit(const struct ctx *c, struct follow_hart *fh,
			const struct event *ev)
{
	char name[NAME_MAX_LEN], text[NAME_MAX_LEN + 24];
	uint64_t d;
	size_t k;

	func_name(c, ev->func, name, sizeof(name));
	if (fh->pending && fh->pend.func == ev->func) {
		fh->pending = 0;
		d = ev->ts - fh->pend.start;
		snprintf(text, sizeof(text), "%s();", name);
		line(c, fh->hart, &d, fh->nr, text);
		return;
	}
	for (k = fh->nr; k && fh->open[k - 1].func != ev->func; k--)
		;
	if (!k) {
		snprintf(text, sizeof(text), "} /* %s */", name);
		line(c, fh->hart, NULL, fh->nr, text);
		return;
	}
	while (fh->nr > k) {
		fh->nr--;
		func_name(c, fh->open[fh->nr].func, name, sizeof(name));
		snprintf(text, sizeof(text), "} /* %s: no exit */", name);
		line(c, fh->hart, NULL, fh->nr, text);
	}
	fh->nr--;
	d = ev->ts - fh->open[fh->nr].start;
	line(c, fh->hart, &d, fh->nr, "}");
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
		if (!fh || show_pending(c, fh)) {
			ret = -1;
			break;
		}
		snprintf(text, sizeof(text), "/* %" PRIu64 " events lost */",
			 ht->overwritten + ht->dropped);
		line(c, ht->hart, NULL, fh->nr, text);
	}
	if (ret || merge_init(&m, t)) {
		err_set(c->e, "out of memory");
		return -1;
	}
	while (!ret && !merge_next(&m, &h, &i)) {
		const struct event *ev = &t->harts[h].ev[i];

		fh = follow_hart(g, t->harts[h].hart);
		if (!fh) {
			ret = -1;
			break;
		}
		if (ev->kind == EV_EXIT) {
			follow_exit(c, fh, ev);
			continue;
		}
		ret = show_pending(c, fh);
		if (ev->kind == EV_ENTRY) {
			fh->pend.func = ev->func;
			fh->pend.start = ev->ts;
			fh->pending = 1;
		} else {
			other_line(c, fh->hart, ev, fh->nr);
		}
	}
	merge_free(&m);
	/* Shown now, not when the next chunk comes: it may be a while. */
	for (h = 0; !ret && h < g->nr; h++)
		ret = show_pending(c, &g->h[h]);
	if (ret)
		err_set(c->e, "out of memory");
	return ret;
}
