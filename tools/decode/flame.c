// SPDX-License-Identifier: BSD-2-Clause
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <rvtrace/trace.h>

#include "flame.h"

static size_t add(struct flame *f, size_t parent, uint64_t func)
{
	struct flame_node *n;
	size_t i, *link;

	if (parent != FLAME_NONE) {
		link = &f->n[parent].child;
		for (i = *link; i != FLAME_NONE; i = f->n[i].next) {
			if (f->n[i].func == func)
				return i;
			link = &f->n[i].next;
		}
	}
	if (f->nr == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 64;

		n = realloc(f->n, cap * sizeof(*n));
		if (!n)
			return FLAME_NONE;
		f->n = n;
		f->cap = cap;
	}
	n = &f->n[f->nr];
	memset(n, 0, sizeof(*n));
	n->func = func;
	n->parent = parent;
	n->child = n->next = FLAME_NONE;
	n->depth = parent == FLAME_NONE ? 0 : f->n[parent].depth + 1;
	/* Appended last: siblings keep the order they were first seen in. */
	if (parent != FLAME_NONE) {
		link = &f->n[parent].child;
		while (*link != FLAME_NONE)
			link = &f->n[*link].next;
		*link = f->nr;
	}
	return f->nr++;
}

/* The node a call at the top of its stack goes under. */
static size_t top(struct flame *f, const struct ctx *c,
		  const struct flame_group *g, const struct call *k)
{
	size_t n;

	if (!g)
		return 0;
	n = add(f, 0, g->key(c, k));
	if (n != FLAME_NONE)
		f->n[n].group = 1;
	return n;
}

static int from_calls(struct flame *f, const struct ctx *c,
		      const struct flame_group *g)
{
	const struct call_set *cs = c->cs;
	size_t *node = malloc((cs->nr ? cs->nr : 1) * sizeof(*node));
	size_t i, up;

	if (!node)
		return -1;
	/* A parent's entry comes before its callees': its node exists. */
	for (i = 0; i < cs->nr; i++) {
		const struct call *k = &cs->c[i];

		up = k->parent == NO_CALL ? top(f, c, g, k) : node[k->parent];
		node[i] = up == FLAME_NONE ? FLAME_NONE : add(f, up, k->func);
		if (node[i] == FLAME_NONE) {
			free(node);
			return -1;
		}
		if (k->ended)
			f->n[node[i]].self += call_self(k);
	}
	free(node);
	return 0;
}

static int from_profile(struct flame *f, const struct trace *t)
{
	uint32_t i;

	for (i = 0; i < t->nr_profile; i++) {
		size_t n = add(f, 0, t->profile[i].func);

		if (n == FLAME_NONE)
			return -1;
		f->n[n].self += t->profile[i].self;
	}
	return 0;
}

/* The hart's index in trace.harts, where its id is. */
static uint64_t hart_key(const struct ctx *c, const struct call *k)
{
	(void)c;
	return k->hart;
}

static void hart_name(const struct ctx *c, uint64_t key, char *buf,
		      size_t len)
{
	snprintf(buf, len, "hart %" PRIu32, c->t->harts[key].hart);
}

const struct flame_group flame_by_hart = { hart_key, hart_name };

static uint64_t task_key(const struct ctx *c, const struct call *k)
{
	(void)c;
	return call_context(k);
}

static void task_name(const struct ctx *c, uint64_t key, char *buf,
		      size_t len)
{
	context_label(c->t, (unsigned int)key, buf, len);
}

const struct flame_group flame_by_task = { task_key, task_name };

int flame_build(struct ctx *c, struct flame *f, const char *format,
		const struct flame_group *g)
{
	int profile = c->t->tracer != RVT_DUMP_TRACER_GRAPH &&
		      c->t->nr_profile;
	size_t i;
	int ret;

	memset(f, 0, sizeof(*f));
	if (!profile && need_graph(c, format))
		return -1;
	/* The root, "all". */
	ret = add(f, FLAME_NONE, 0) == FLAME_NONE ? -1 : 0;
	if (!ret)
		ret = profile ? from_profile(f, c->t) : from_calls(f, c, g);
	if (ret) {
		flame_free(f);
		err_set(c->e, "out of memory");
		return -1;
	}
	/* Children come after their parent: sum from the end. */
	for (i = f->nr; i--;) {
		f->n[i].total += f->n[i].self;
		if (i)
			f->n[f->n[i].parent].total += f->n[i].total;
	}
	return 0;
}

void flame_free(struct flame *f)
{
	free(f->n);
	memset(f, 0, sizeof(*f));
}
