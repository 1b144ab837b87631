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

static void other(const struct ctx *c, unsigned int h, uint32_t i,
		  const struct hart_state *st)
{
	const struct hart_trace *ht = &c->t->harts[h];
	char text[64];

	if (ht->ev[i].kind == EV_MARKER)
		snprintf(text, sizeof(text), "/* marker: %" PRIu64 " */",
			 ht->ev[i].func);
	else
		snprintf(text, sizeof(text), "/* lost event */");
	line(c, ht->hart, NULL, st->nr, text);
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
	if (!ret) {
		fprintf(c->out, "# tracer: function_graph\n#\n");
		if (!t->clock_hz)
			fprintf(c->out, "# durations are clock ticks (tk): the dump does not say the clock's frequency\n#\n");
		fprintf(c->out, "# HART  DURATION           FUNCTION CALLS\n");
		fprintf(c->out, "#  |     |   |              |   |   |   |\n");
	}
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
