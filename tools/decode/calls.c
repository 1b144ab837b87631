// SPDX-License-Identifier: BSD-2-Clause
#include <stdlib.h>
#include <string.h>

#include <rvtrace/trace.h>

#include "calls.h"

struct stack {
	size_t *c;
	size_t nr, cap;
};

static int push(struct stack *s, size_t call)
{
	if (s->nr == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64, *c;

		c = realloc(s->c, cap * sizeof(*c));
		if (!c)
			return -1;
		s->c = c;
		s->cap = cap;
	}
	s->c[s->nr++] = call;
	return 0;
}

static struct call *new_call(struct call_set *cs, size_t *cap)
{
	if (cs->nr == *cap) {
		size_t n = *cap ? *cap * 2 : 256;
		struct call *c = realloc(cs->c, n * sizeof(*c));

		if (!c)
			return NULL;
		cs->c = c;
		*cap = n;
	}
	memset(&cs->c[cs->nr], 0, sizeof(cs->c[0]));
	return &cs->c[cs->nr++];
}

uint64_t event_time(const struct hart_trace *h, uint32_t idx)
{
	while (idx && h->ev[idx].kind == EV_LOST)
		idx--;
	return h->ev[idx].kind == EV_LOST ? 0 : h->ev[idx].ts;
}

static void close_call(struct call_set *cs, size_t i, uint64_t ts)
{
	struct call *c = &cs->c[i];

	c->ended = 1;
	c->end = ts < c->start ? c->start : ts;
	if (c->parent != NO_CALL)
		cs->c[c->parent].child += c->end - c->start;
}

/* The open call an exit closes: same function and depth, innermost. */
static size_t match(const struct call_set *cs, const struct stack *s,
		    const struct event *ev, const size_t *depth)
{
	size_t i = s->nr;

	while (i--)
		if (cs->c[s->c[i]].func == ev->func && depth[i] == ev->depth)
			return i;
	return NO_CALL;
}

static int build_hart(const struct trace *t, struct call_set *cs,
		      unsigned int h, size_t *cap, struct stack *s,
		      struct stack *depth)
{
	const struct hart_trace *ht = &t->harts[h];
	int nest = t->tracer == RVT_DUMP_TRACER_GRAPH;
	uint32_t i;

	s->nr = depth->nr = 0;
	for (i = 0; i < ht->nr; i++) {
		const struct event *ev = &ht->ev[i];
		struct call *c;
		size_t k;

		cs->note[h][i] = NO_CALL;
		if (ev->kind == EV_ENTRY) {
			c = new_call(cs, cap);
			if (!c)
				return -1;
			c->func = ev->func;
			c->caller = ev->caller;
			c->start = ev->ts;
			c->hart = h;
			c->parent = nest && s->nr ? s->c[s->nr - 1] : NO_CALL;
			c->level = nest ? (unsigned int)s->nr : 0;
			cs->note[h][i] = cs->nr - 1;
			if (nest && (push(s, cs->nr - 1) || push(depth, ev->depth)))
				return -1;
		} else if (ev->kind == EV_EXIT) {
			k = match(cs, s, ev, depth->c);
			if (k == NO_CALL) {
				cs->unmatched++;
				continue;
			}
			cs->note[h][i] = s->c[k];
			close_call(cs, s->c[k], ev->ts);
			s->nr = depth->nr = k;
		}
	}
	return 0;
}

int calls_build(const struct trace *t, struct call_set *cs, struct err *e)
{
	struct stack s = { 0 }, depth = { 0 };
	size_t cap = 0;
	unsigned int h;
	int ret = 0;

	memset(cs, 0, sizeof(*cs));
	cs->nr_harts = t->nr_harts;
	cs->note = calloc(t->nr_harts ? t->nr_harts : 1, sizeof(*cs->note));
	if (!cs->note)
		ret = -1;
	for (h = 0; !ret && h < t->nr_harts; h++) {
		cs->note[h] = calloc(t->harts[h].nr ? t->harts[h].nr : 1,
				     sizeof(size_t));
		if (!cs->note[h] || build_hart(t, cs, h, &cap, &s, &depth))
			ret = -1;
	}
	free(s.c);
	free(depth.c);
	if (ret) {
		err_set(e, "out of memory");
		calls_free(cs);
	}
	return ret;
}

void calls_free(struct call_set *cs)
{
	unsigned int h;

	if (cs->note)
		for (h = 0; h < cs->nr_harts; h++)
			free(cs->note[h]);
	free(cs->note);
	free(cs->c);
	memset(cs, 0, sizeof(*cs));
}

uint64_t call_self(const struct call *c)
{
	uint64_t in = c->end - c->start;

	return c->child < in ? in - c->child : 0;
}

int merge_init(struct merge *m, const struct trace *t)
{
	unsigned int n = t->nr_harts ? t->nr_harts : 1;

	m->t = t;
	m->pos = calloc(n, sizeof(*m->pos));
	m->last = calloc(n, sizeof(*m->last));
	if (!m->pos || !m->last) {
		merge_free(m);
		return -1;
	}
	return 0;
}

int merge_next(struct merge *m, unsigned int *hart, uint32_t *idx)
{
	unsigned int h, best = 0;
	uint64_t best_ts = 0;
	int found = 0;

	for (h = 0; h < m->t->nr_harts; h++) {
		const struct hart_trace *ht = &m->t->harts[h];
		uint64_t ts;

		if (m->pos[h] >= ht->nr)
			continue;
		ts = ht->ev[m->pos[h]].kind == EV_LOST ? m->last[h] :
			ht->ev[m->pos[h]].ts;
		if (!found || ts < best_ts) {
			best = h;
			best_ts = ts;
			found = 1;
		}
	}
	if (!found)
		return -1;
	*hart = best;
	*idx = m->pos[best]++;
	m->last[best] = best_ts;
	return 0;
}

void merge_free(struct merge *m)
{
	free(m->pos);
	free(m->last);
	m->pos = NULL;
	m->last = NULL;
}
