/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Internal: a reader of flattened device trees (fdt_harts.c) for the code
 * that takes what it needs from the tree QEMU, a boot loader or an SBI
 * hands over. Nothing is read outside the sizes the tree's header gives.
 */
#ifndef RVT_ARCH_FDT_H
#define RVT_ARCH_FDT_H

#include <stdint.h>

/* Tokens of the structure block that a walk (rvt_fdt_walk()) is given. */
#define RVT_FDT_BEGIN_NODE	1
#define RVT_FDT_END_NODE	2
#define RVT_FDT_PROP		3

/*
 * One token: a node's start or end (name: its name, for a start), or one of
 * its properties (name, value, len). depth is that node's, the root's 1.
 */
struct rvt_fdt_token {
	const uint8_t *name, *name_end;
	const uint8_t *value;
	uint32_t len;
	unsigned int depth;
};

/*
 * The state of /cpus during a walk (rvt_fdt_cpus_track()): in_cpus while
 * inside it, and for its child being read (cpu), whether it is a hart
 * (is_cpu, its ID in id when has_reg) and enabled (okay). A cpu's
 * properties come before its subnodes, so they are known in those.
 */
struct rvt_fdt_cpus {
	uint32_t cells, id;
	int in_cpus, is_cpu, has_reg, okay;
};

/* Big-endian, byte by byte: the tree need not be aligned for this hart. */
uint32_t rvt_fdt_be32(const uint8_t *p);

/* The NUL-terminated string at s equals want, within [s, end). */
int rvt_fdt_str_is(const uint8_t *s, const uint8_t *end, const char *want);

/* The property of token t is called name. */
int rvt_fdt_prop_is(const struct rvt_fdt_token *t, const char *name);

/* A status property's value that means "in use". */
int rvt_fdt_status_okay(const uint8_t *v, uint32_t len);

/*
 * fn(ctx, token, t) for every token of fdt (version 17 or later) in order,
 * up to the end of its structure block. Returns 0; RVT_EINVAL when fdt is
 * no device tree, its header's sizes do not fit together or a token is
 * malformed or runs past the block (fn may have seen the tokens before);
 * or the first non-zero return of fn, which ends the walk there.
 */
int rvt_fdt_walk(const void *fdt,
		 int (*fn)(void *ctx, int token, const struct rvt_fdt_token *t),
		 void *ctx);

/* Follow /cpus through a walk: give it every token, from in_cpus 0. */
void rvt_fdt_cpus_track(struct rvt_fdt_cpus *c, int tok,
			const struct rvt_fdt_token *t);

#endif
