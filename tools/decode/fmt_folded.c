// SPDX-License-Identifier: BSD-2-Clause
/*
 * Folded stacks, the input of flamegraph.pl and speedscope: one line per
 * call path, "outer;inner;leaf <self time in clock ticks>". A dump with
 * tasks roots each path at its task's name ("sensor;sensor_task;..."), or
 * at "hart N" for a hart's own context, and a preempted call's self time
 * leaves out the time other tasks ran.
 */
#include <inttypes.h>
#include <stdlib.h>

#include "flame.h"

int fmt_folded(struct ctx *c)
{
	/*
	 * Harts merged: a line is a path of functions only, as readers
	 * expect; tasks, though, are what a reader of an RTOS trace tells
	 * apart.
	 */
	const struct flame_group *g = trace_has_tasks(c->t) ?
				      &flame_by_task : NULL;
	char name[NAME_MAX_LEN];
	struct flame f;
	size_t i, *up, n, k;

	if (flame_build(c, &f, "folded", g))
		return -1;
	up = malloc(f.nr * sizeof(*up));
	if (!up) {
		flame_free(&f);
		err_set(c->e, "out of memory");
		return -1;
	}
	for (i = 1; i < f.nr; i++) {
		if (!f.n[i].self)
			continue;
		/* The path from the top: the ancestors below the root. */
		for (n = 0, k = i; k; k = f.n[k].parent)
			up[n++] = k;
		while (n--) {
			k = up[n];
			if (f.n[k].group)
				g->name(c, f.n[k].func, name, sizeof(name));
			else
				sym_func(c->sym, f.n[k].func, name,
					 sizeof(name));
			fprintf(c->out, "%s%c", name, n ? ';' : ' ');
		}
		fprintf(c->out, "%" PRIu64 "\n", f.n[i].self);
	}
	free(up);
	flame_free(&f);
	return 0;
}
