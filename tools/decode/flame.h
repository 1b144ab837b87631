/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The call tree behind the folded stacks and the flame graph: a node per
 * distinct path of functions from the top, weighted by the self time of the
 * calls that took that path (ticks). A dump with profile records and no
 * graph events gives one level: each function with its self time.
 *
 * A group splits the tree under the root, so that the stacks of different
 * harts (or tasks) are never merged: each call at the top of its stack goes
 * into the subtree of its group's key, a node of its own at depth 1.
 */
#ifndef RVTD_FLAME_H
#define RVTD_FLAME_H

#include "formats.h"

#define FLAME_NONE	((size_t)-1)

struct flame_node {
	uint64_t func;		/* a group's node: its key */
	uint64_t self;		/* ticks */
	uint64_t total;		/* self of the node and all below it */
	size_t parent, child, next;	/* first child, next sibling */
	unsigned int depth;	/* the root "all" is 0 */
	int group;		/* the node of a group, not of a function */
};

struct flame {
	struct flame_node *n;	/* n[0] is the root */
	size_t nr, cap;
};

struct flame_group {
	/* The group of a call at the top of its stack. */
	uint64_t (*key)(const struct ctx *c, const struct call *k);
	/* The label of a group's node, e.g. "hart 1". */
	void (*name)(const struct ctx *c, uint64_t key, char *buf, size_t len);
};

/* A subtree per hart, labelled with the hart's id. */
extern const struct flame_group flame_by_hart;
/*
 * A subtree per task, labelled with its name (task_label()), and one per
 * hart's own context ("hart 0"): tasks by tag, then the harts.
 */
extern const struct flame_group flame_by_task;

/*
 * g NULL: no groups, the paths of all harts merged. Profile records hold
 * no hart: a profile's tree has no groups whatever g is.
 */
int flame_build(struct ctx *c, struct flame *f, const char *format,
		const struct flame_group *g);
void flame_free(struct flame *f);

#endif
