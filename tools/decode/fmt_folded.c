// SPDX-License-Identifier: BSD-2-Clause
/*
 * Folded stacks, the input of flamegraph.pl and speedscope: one line per
 * call path, "outer;inner;leaf <self time in clock ticks>".
 */
#include <inttypes.h>
#include <stdlib.h>

#include "flame.h"

int fmt_folded(struct ctx *c)
{
	char name[NAME_MAX_LEN];
	struct flame f;
	size_t i, *up, n, k;

	/* Harts merged: a line is a path of functions only, as readers expect. */
	if (flame_build(c, &f, "folded", NULL))
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
			sym_func(c->sym, f.n[up[n]].func, name, sizeof(name));
			fprintf(c->out, "%s%c", name, n ? ';' : ' ');
		}
		fprintf(c->out, "%" PRIu64 "\n", f.n[i].self);
	}
	free(up);
	flame_free(&f);
	return 0;
}
