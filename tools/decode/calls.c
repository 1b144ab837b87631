// SPDX-License-Identifier: BSD-2-Clause
#include <stdio.h>
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

static void close_call(struct call_set *cs, size_t i, uint64_t ts,
		       uint64_t away)
{
	struct call *c = &cs->c[i];

	c->ended = 1;
	c->end = ts < c->start ? c->start : ts;
	c->away = away - c->away_start;
	if (c->away > c->end - c->start)
		c->away = c->end - c->start;
	if (c->parent != NO_CALL)
		cs->c[c->parent].child += call_time(c);
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

/*
 * The open calls of one nesting context (a task, or a hart's own), and the
 * time it has been switched out so far.
 */
struct nest {
	struct stack s, depth;
	struct away away;
};

void away_switch(struct away *from, struct away *to, uint64_t ts)
{
	if (from != to) {
		from->out = 1;
		from->out_at = ts;
	}
	if (to->out && ts > to->out_at)
		to->total += ts - to->out_at;
	to->out = 0;
}

static void switch_nests(struct nest *nests, unsigned int h,
			 const struct event *ev)
{
	away_switch(&nests[ev->func ? ev->func : CALL_HARTS + h].away,
		    &nests[ev->caller ? ev->caller : CALL_HARTS + h].away,
		    ev->ts);
}

static int add_event(const struct trace *t, struct call_set *cs,
		     unsigned int h, uint32_t i, size_t *cap, struct nest *n)
{
	const struct event *ev = &t->harts[h].ev[i];
	int nest = t->tracer == RVT_DUMP_TRACER_GRAPH;
	struct stack *s = &n->s, *depth = &n->depth;
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
		c->task = ev->task;
		c->away_start = n->away.total;
		c->parent = nest && s->nr ? s->c[s->nr - 1] : NO_CALL;
		c->level = nest ? (unsigned int)s->nr : 0;
		cs->note[h][i] = cs->nr - 1;
		if (nest && (push(s, cs->nr - 1) || push(depth, ev->depth)))
			return -1;
	} else if (ev->kind == EV_EXIT) {
		k = match(cs, s, ev, depth->c);
		if (k == NO_CALL) {
			cs->unmatched++;
			return 0;
		}
		cs->note[h][i] = s->c[k];
		close_call(cs, s->c[k], ev->ts, n->away.total);
		s->nr = depth->nr = k;
	}
	return 0;
}

int calls_build(const struct trace *t, struct call_set *cs, struct err *e)
{
	struct nest *nests;
	struct merge m = { 0 };
	size_t cap = 0, nr_nests = CALL_HARTS + t->nr_harts, k;
	unsigned int h;
	uint32_t i;
	int ret = 0, tasks = trace_has_tasks(t);

	memset(cs, 0, sizeof(*cs));
	cs->nr_harts = t->nr_harts;
	cs->note = calloc(t->nr_harts ? t->nr_harts : 1, sizeof(*cs->note));
	nests = calloc(nr_nests, sizeof(*nests));
	if (!cs->note || !nests || merge_init(&m, t))
		ret = -1;
	for (h = 0; !ret && h < t->nr_harts; h++) {
		cs->note[h] = calloc(t->harts[h].nr ? t->harts[h].nr : 1,
				     sizeof(size_t));
		if (!cs->note[h])
			ret = -1;
	}
	/*
	 * Tasks in time order, so that one that moved goes on where it left
	 * off; without tasks hart by hart, each hart's calls together.
	 */
	while (!ret && tasks && !merge_next(&m, &h, &i)) {
		const struct event *ev = &t->harts[h].ev[i];

		if (ev->kind == EV_SWITCH)
			switch_nests(nests, h, ev);
		ret = add_event(t, cs, h, i, &cap,
				&nests[ev->task ? ev->task : CALL_HARTS + h]);
	}
	for (h = 0; !ret && !tasks && h < t->nr_harts; h++)
		for (i = 0; !ret && i < t->harts[h].nr; i++)
			ret = add_event(t, cs, h, i, &cap,
					&nests[CALL_HARTS + h]);
	merge_free(&m);
	for (k = 0; nests && k < nr_nests; k++) {
		free(nests[k].s.c);
		free(nests[k].depth.c);
	}
	free(nests);
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

uint64_t call_time(const struct call *c)
{
	return c->end - c->start - c->away;
}

uint64_t call_self(const struct call *c)
{
	uint64_t in = call_time(c);

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

unsigned int call_context(const struct call *k)
{
	return k->task ? k->task : CALL_HARTS + k->hart;
}

void context_label(const struct trace *t, unsigned int context, char *buf,
		   size_t len)
{
	if (context < CALL_HARTS)
		task_label(t, context, 0, buf, len);
	else
		task_label(t, 0, t->harts[context - CALL_HARTS].hart, buf,
			   len);
}

static int add_run(struct run **runs, size_t *nr, size_t *cap,
		   unsigned int h, unsigned int context, uint64_t start,
		   uint64_t end)
{
	struct run *r;

	if (end <= start)
		return 0;
	if (*nr == *cap) {
		size_t n = *cap ? *cap * 2 : 64;

		r = realloc(*runs, n * sizeof(*r));
		if (!r)
			return -1;
		*runs = r;
		*cap = n;
	}
	r = &(*runs)[(*nr)++];
	r->start = start;
	r->end = end;
	r->hart = h;
	r->context = context;
	return 0;
}

/* What hart h ran before its first switch, or throughout without one. */
static unsigned int first_context(const struct hart_trace *ht,
				  unsigned int h)
{
	unsigned int tag = 0;
	uint32_t i;

	for (i = 0; i < ht->nr; i++) {
		if (ht->ev[i].kind == EV_SWITCH) {
			tag = (unsigned int)ht->ev[i].func;
			break;
		}
		if (!tag)
			tag = ht->ev[i].task;
	}
	return tag ? tag : CALL_HARTS + h;
}

int runs_build(const struct trace *t, struct run **runs, size_t *nr)
{
	size_t cap = 0;
	unsigned int h, context;
	uint32_t i;
	uint64_t at;

	*runs = NULL;
	*nr = 0;
	for (h = 0; h < t->nr_harts; h++) {
		const struct hart_trace *ht = &t->harts[h];

		if (!ht->nr)
			continue;
		context = first_context(ht, h);
		at = event_time(ht, 0);
		for (i = 0; i < ht->nr; i++) {
			const struct event *ev = &ht->ev[i];

			if (ev->kind != EV_SWITCH)
				continue;
			if (add_run(runs, nr, &cap, h, context, at, ev->ts))
				goto oom;
			context = ev->caller ? (unsigned int)ev->caller :
					       CALL_HARTS + h;
			at = ev->ts;
		}
		if (add_run(runs, nr, &cap, h, context, at,
			    event_time(ht, ht->nr - 1)))
			goto oom;
	}
	return 0;
oom:
	free(*runs);
	*runs = NULL;
	*nr = 0;
	return -1;
}
