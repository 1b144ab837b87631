/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The call tree behind the folded stacks and the flame graph: a node per
 * distinct path of functions from the top, weighted by the self time of the
 * calls that took that path (ticks). A dump with profile records and no
 * graph events gives one level: each function with its self time.
 */
#ifndef RVTD_FLAME_H
#define RVTD_FLAME_H

#include "formats.h"

#define FLAME_NONE	((size_t)-1)

struct flame_node {
	uint64_t func;
	uint64_t self;		/* ticks */
	uint64_t total;		/* self of the node and all below it */
	size_t parent, child, next;	/* first child, next sibling */
	unsigned int depth;	/* the root "all" is 0 */
};

struct flame {
	struct flame_node *n;	/* n[0] is the root */
	size_t nr, cap;
};

int flame_build(struct ctx *c, struct flame *f, const char *format);
void flame_free(struct flame *f);

#endif
