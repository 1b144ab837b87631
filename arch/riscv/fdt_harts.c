// SPDX-License-Identifier: BSD-2-Clause
/*
 * A reader of flattened device trees (the one a RISC-V boot loader, QEMU or
 * an SBI hands over in a1; fdt.h), and rvt_fdt_nr_harts(): how many hart
 * numbers such a tree gives a platform whose hart_index() is the hart ID.
 * Only as much of the format as that takes, and nothing read outside the
 * sizes its header gives.
 */
#include <rvtrace/error.h>
#include <rvtrace/platform.h>

#include "fdt.h"

#define FDT_MAGIC	0xd00dfeedu
#define FDT_NOP		4
#define FDT_END		9
#define FDT_HEADER	40	/* bytes of a version 17 header */

/* Where a walk of the structure block is. */
struct fdt {
	const uint8_t *base;
	const uint8_t *strings;
	uint32_t str_size;
	uint32_t pos, end;
	unsigned int depth;
};

uint32_t rvt_fdt_be32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	       ((uint32_t)p[2] << 8) | p[3];
}

int rvt_fdt_str_is(const uint8_t *s, const uint8_t *end, const char *want)
{
	while (s < end && *want && *s == (uint8_t)*want) {
		s++;
		want++;
	}
	return s < end && !*want && !*s;
}

int rvt_fdt_prop_is(const struct rvt_fdt_token *t, const char *name)
{
	return rvt_fdt_str_is(t->name, t->name_end, name);
}

/* A node name: "cpus", or "cpus@..." (a unit address nobody should use). */
static int is_cpus(const uint8_t *s, const uint8_t *end)
{
	static const char cpus[] = "cpus";
	unsigned int i;

	for (i = 0; i < sizeof(cpus) - 1; i++)
		if (s + i >= end || s[i] != (uint8_t)cpus[i])
			return 0;
	return s + i < end && (!s[i] || s[i] == '@');
}

int rvt_fdt_status_okay(const uint8_t *v, uint32_t len)
{
	return rvt_fdt_str_is(v, v + len, "okay") ||
	       rvt_fdt_str_is(v, v + len, "ok");
}

/* Up to the next token (4-byte aligned), but never past end. */
static uint32_t next_token(uint32_t off, uint32_t end)
{
	off += -off & 3u;
	return off < end ? off : end;
}

static int fdt_open(struct fdt *f, const void *fdt)
{
	const uint8_t *base = fdt;
	uint32_t total, pos, end, str_off, str_size;

	if (!base || rvt_fdt_be32(base) != FDT_MAGIC)
		return RVT_EINVAL;
	total = rvt_fdt_be32(base + 4);
	if (total < FDT_HEADER || rvt_fdt_be32(base + 20) < 17)
		return RVT_EINVAL;
	pos = rvt_fdt_be32(base + 8);
	end = rvt_fdt_be32(base + 36);
	str_off = rvt_fdt_be32(base + 12);
	str_size = rvt_fdt_be32(base + 32);
	if (pos > total || end > total - pos || pos % 4 ||
	    str_off > total || str_size > total - str_off)
		return RVT_EINVAL;
	f->base = base;
	f->strings = base + str_off;
	f->str_size = str_size;
	f->pos = pos;
	f->end = pos + end;
	f->depth = 0;
	return 0;
}

/* The next token but a NOP into *t, or RVT_EINVAL. */
static int fdt_next(struct fdt *f, struct rvt_fdt_token *t)
{
	const uint8_t *base = f->base;
	uint32_t tok, name;

	for (;;) {
		if (f->end - f->pos < 4)
			return RVT_EINVAL;
		tok = rvt_fdt_be32(base + f->pos);
		f->pos += 4;
		if (tok != FDT_NOP)
			break;
	}
	switch (tok) {
	case RVT_FDT_BEGIN_NODE:
		t->depth = ++f->depth;
		t->name = base + f->pos;
		t->name_end = base + f->end;
		while (f->pos < f->end && base[f->pos])
			f->pos++;
		if (f->pos == f->end)
			return RVT_EINVAL;
		f->pos = next_token(f->pos + 1, f->end);
		break;
	case RVT_FDT_END_NODE:
		if (!f->depth)
			return RVT_EINVAL;
		t->depth = f->depth--;
		break;
	case RVT_FDT_PROP:
		if (f->end - f->pos < 8)
			return RVT_EINVAL;
		t->len = rvt_fdt_be32(base + f->pos);
		name = rvt_fdt_be32(base + f->pos + 4);
		f->pos += 8;
		if (t->len > f->end - f->pos || name >= f->str_size)
			return RVT_EINVAL;
		t->depth = f->depth;
		t->name = f->strings + name;
		t->name_end = f->strings + f->str_size;
		t->value = base + f->pos;
		f->pos = next_token(f->pos + t->len, f->end);
		break;
	case FDT_END:
		break;
	default:
		return RVT_EINVAL;
	}
	return (int)tok;
}

int rvt_fdt_walk(const void *fdt,
		 int (*fn)(void *ctx, int token, const struct rvt_fdt_token *t),
		 void *ctx)
{
	struct fdt f;
	struct rvt_fdt_token t;
	int tok, ret;

	if (fdt_open(&f, fdt))
		return RVT_EINVAL;
	while ((tok = fdt_next(&f, &t)) != FDT_END) {
		if (tok < 0)
			return RVT_EINVAL;
		ret = fn(ctx, tok, &t);
		if (ret)
			return ret;
	}
	return 0;
}

void rvt_fdt_cpus_track(struct rvt_fdt_cpus *c, int tok,
			const struct rvt_fdt_token *t)
{
	const uint8_t *v = t->value;

	if (tok == RVT_FDT_BEGIN_NODE) {
		if (t->depth == 2) {
			c->in_cpus = is_cpus(t->name, t->name_end);
			c->cells = 2;	/* the default without #address-cells */
		} else if (t->depth == 3 && c->in_cpus) {
			c->is_cpu = 0;
			c->has_reg = 0;
			c->okay = 1;
		}
		return;
	}
	if (tok == RVT_FDT_END_NODE) {
		if (t->depth == 2)
			c->in_cpus = 0;
		return;
	}
	if (tok != RVT_FDT_PROP || !c->in_cpus || t->depth > 3)
		return;
	/* Properties come before subnodes: cells is known. */
	if (t->depth == 2) {
		if (rvt_fdt_prop_is(t, "#address-cells") && t->len == 4)
			c->cells = rvt_fdt_be32(v);
	} else if (rvt_fdt_prop_is(t, "device_type")) {
		c->is_cpu = rvt_fdt_str_is(v, v + t->len, "cpu");
	} else if (rvt_fdt_prop_is(t, "status")) {
		c->okay = rvt_fdt_status_okay(v, t->len);
	} else if (rvt_fdt_prop_is(t, "reg") &&
		   (c->cells == 1 || c->cells == 2) && t->len >= 4 * c->cells) {
		/* The hart ID: the last cell of the first address. */
		c->id = rvt_fdt_be32(v + 4 * (c->cells - 1));
		c->has_reg = c->cells == 1 || !rvt_fdt_be32(v);
	}
}

/*
 * 1 + the highest hart ID (the cell of reg) among the children of /cpus with
 * device_type "cpu" whose status is "okay" or absent. Disabled harts (an
 * SBI marks those outside the payload's domain so) would never come online
 * and keep the fast entries closed; one below the highest still has a
 * number, as the rings are indexed by it.
 */
struct harts {
	struct rvt_fdt_cpus cpus;
	uint32_t nr;
};

static int count_hart(void *ctx, int tok, const struct rvt_fdt_token *t)
{
	struct harts *h = ctx;
	const struct rvt_fdt_cpus *c = &h->cpus;

	if (tok == RVT_FDT_END_NODE && t->depth == 3 && c->in_cpus &&
	    c->is_cpu && c->has_reg && c->okay && c->id < INT32_MAX &&
	    c->id + 1 > h->nr)
		h->nr = c->id + 1;
	rvt_fdt_cpus_track(&h->cpus, tok, t);
	return 0;
}

int rvt_fdt_nr_harts(const void *fdt)
{
	struct harts h;

	/* Not an initialiser: at -Os GCC would make it a call to memset. */
	h.cpus.in_cpus = 0;
	h.nr = 0;
	if (rvt_fdt_walk(fdt, count_hart, &h) || !h.nr)
		return RVT_EINVAL;
	return (int)h.nr;
}
