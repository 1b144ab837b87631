// SPDX-License-Identifier: BSD-2-Clause
/*
 * rvt_fdt_aclint(): the MSWI and MTIMER devices of a device tree and the
 * harts each serves. Two walks, nothing stored but what the result holds:
 * the first finds the devices, the second the hart ID behind every phandle
 * of their interrupts-extended, as the cpus may come before or after them.
 */
#include <stddef.h>

#include <rvtrace/error.h>

#include "aclint.h"
#include "fdt.h"

#define IRQ_M_SOFT	3
#define IRQ_M_TIMER	7
#define CLINT_MTIMECMP	0x4000u	/* from a SiFive CLINT's base */
/* Nodes deeper than this are none of ours (their #address-cells unkept). */
#define MAX_DEPTH	8

/* A device's interrupts-extended, until its harts are known. */
struct irqs {
	const uint8_t *v;
	uint32_t len, resolved;
};

/*
 * The properties of the node being read, and the cells of its ancestors;
 * in the second walk, /cpus.
 */
struct walk {
	struct rvt_aclint *a;
	struct rvt_fdt_cpus cpus;
	struct irqs soft[RVT_ACLINT_MAX], timer[RVT_ACLINT_MAX];
	uint32_t acells[MAX_DEPTH + 1], scells[MAX_DEPTH + 1];
	const uint8_t *compat, *reg, *irqs;
	uint32_t compat_len, reg_len, irqs_len;
	unsigned int depth;	/* of the node, 0 once it is complete */
	int okay;
};

/* want is one of the strings of a compatible property's value. */
static int compat_has(const uint8_t *v, uint32_t len, const char *want)
{
	const uint8_t *end = v + len;

	while (v < end) {
		if (rvt_fdt_str_is(v, end, want))
			return 1;
		while (v < end && *v)
			v++;
		v++;
	}
	return 0;
}

/* Address i of the node's reg, in the cells its parent gives. */
static int reg_addr(const struct walk *w, uint32_t i, uintptr_t *addr)
{
	uint32_t ac = w->acells[w->depth - 1], sc = w->scells[w->depth - 1];
	uint32_t off;
	uint64_t v;

	if ((ac != 1 && ac != 2) || sc > 2)
		return RVT_EINVAL;
	off = 4 * i * (ac + sc);
	if (w->reg_len < off + 4 * ac)
		return RVT_EINVAL;
	v = rvt_fdt_be32(w->reg + off);
	if (ac == 2)
		v = v << 32 | rvt_fdt_be32(w->reg + off + 4);
	*addr = (uintptr_t)v;
	return *addr == v ? 0 : RVT_EINVAL;
}

/* The node's harts for interrupt cause make a device of set. */
static int add(struct rvt_aclint_set *set, struct irqs *irqs,
	       uintptr_t base, const struct walk *w, uint32_t cause)
{
	struct rvt_aclint_dev *d;
	uint32_t i, nr = 0;

	if (!w->irqs || w->irqs_len % 8)
		return RVT_EINVAL;
	for (i = 0; i < w->irqs_len; i += 8)
		nr += rvt_fdt_be32(w->irqs + i + 4) == cause;
	if (!nr)
		return 0;
	if (set->nr == RVT_ACLINT_MAX)
		return RVT_EINVAL;
	irqs[set->nr].v = w->irqs;
	irqs[set->nr].len = w->irqs_len;
	irqs[set->nr].resolved = 0;
	d = &set->dev[set->nr++];
	d->base = base;
	d->first = 0;
	d->nr = nr;
	return 0;
}

enum kind { NOT_OURS, CLINT, MSWI, MTIMER };

static enum kind node_kind(const struct walk *w)
{
	if (!w->okay || !w->compat)
		return NOT_OURS;
	if (compat_has(w->compat, w->compat_len, "riscv,clint0") ||
	    compat_has(w->compat, w->compat_len, "sifive,clint0"))
		return CLINT;
	if (compat_has(w->compat, w->compat_len, "riscv,aclint-mswi"))
		return MSWI;
	if (compat_has(w->compat, w->compat_len, "riscv,aclint-mtimer"))
		return MTIMER;
	return NOT_OURS;
}

/* The node whose properties have all been read: a device of ours, or none. */
static int device(struct walk *w)
{
	enum kind k = node_kind(w);
	uintptr_t base, cmp;
	int ret;

	if (k == NOT_OURS)
		return 0;
	ret = reg_addr(w, 0, &base);
	if (ret)
		return ret;
	if (k == MTIMER) {
		/*
		 * QEMU gives mtime, then the mtimecmp array; an ACLINT has
		 * the array first: it is the lower address either way.
		 */
		if (!reg_addr(w, 1, &cmp) && cmp < base)
			base = cmp;
		return add(&w->a->mtimer, w->timer, base, w, IRQ_M_TIMER);
	}
	ret = add(&w->a->mswi, w->soft, base, w, IRQ_M_SOFT);
	if (ret || k == MSWI)
		return ret;
	return add(&w->a->mtimer, w->timer, base + CLINT_MTIMECMP, w,
		   IRQ_M_TIMER);
}

static void node_start(struct walk *w, unsigned int depth)
{
	w->depth = depth;
	w->acells[depth] = 2;	/* the defaults for its children */
	w->scells[depth] = 1;
	w->compat = w->reg = w->irqs = NULL;
	w->compat_len = w->reg_len = w->irqs_len = 0;
	w->okay = 1;
}

static void node_prop(struct walk *w, const struct rvt_fdt_token *t)
{
	if (rvt_fdt_prop_is(t, "#address-cells") && t->len == 4) {
		w->acells[w->depth] = rvt_fdt_be32(t->value);
	} else if (rvt_fdt_prop_is(t, "#size-cells") && t->len == 4) {
		w->scells[w->depth] = rvt_fdt_be32(t->value);
	} else if (rvt_fdt_prop_is(t, "compatible")) {
		w->compat = t->value;
		w->compat_len = t->len;
	} else if (rvt_fdt_prop_is(t, "reg")) {
		w->reg = t->value;
		w->reg_len = t->len;
	} else if (rvt_fdt_prop_is(t, "interrupts-extended")) {
		w->irqs = t->value;
		w->irqs_len = t->len;
	} else if (rvt_fdt_prop_is(t, "status")) {
		w->okay = rvt_fdt_status_okay(t->value, t->len);
	}
}

/*
 * The first walk. A node's properties come before its subnodes: it is
 * complete at the start of its first subnode or at its end.
 */
static int find_devices(void *ctx, int tok, const struct rvt_fdt_token *t)
{
	struct walk *w = ctx;

	if (tok == RVT_FDT_PROP) {
		if (t->depth == w->depth)
			node_prop(w, t);
		return 0;
	}
	if (w->depth > 1 && device(w))
		return RVT_EINVAL;
	w->depth = 0;
	if (tok == RVT_FDT_BEGIN_NODE && t->depth <= MAX_DEPTH)
		node_start(w, t->depth);
	return 0;
}

/*
 * hart's interrupt controller is phandle: it is hart k of every device
 * with an entry k for it and cause (counting that cause's entries only).
 */
static int resolve(struct rvt_aclint_set *set, struct irqs *irqs,
		   uint32_t phandle, uint32_t hart, uint32_t cause)
{
	unsigned int n;
	uint32_t i, k;

	for (n = 0; n < set->nr; n++) {
		struct rvt_aclint_dev *d = &set->dev[n];
		struct irqs *q = &irqs[n];

		for (i = k = 0; i < q->len; i += 8) {
			if (rvt_fdt_be32(q->v + i + 4) != cause)
				continue;
			/* Consecutive in order: hart - k is the same for all. */
			if (rvt_fdt_be32(q->v + i) == phandle) {
				if (q->resolved++ && d->first != hart - k)
					return RVT_EINVAL;
				d->first = hart - k;
			}
			k++;
		}
	}
	return 0;
}

/* The second walk: the cpus' interrupt controllers, children of theirs. */
static int find_harts(void *ctx, int tok, const struct rvt_fdt_token *t)
{
	struct walk *w = ctx;
	const struct rvt_fdt_cpus *c = &w->cpus;
	uint32_t ph;

	rvt_fdt_cpus_track(&w->cpus, tok, t);
	if (tok != RVT_FDT_PROP || t->depth != 4 || !c->in_cpus ||
	    !c->is_cpu || !c->has_reg || t->len != 4 ||
	    !rvt_fdt_prop_is(t, "phandle"))
		return 0;
	ph = rvt_fdt_be32(t->value);
	if (resolve(&w->a->mswi, w->soft, ph, c->id, IRQ_M_SOFT) ||
	    resolve(&w->a->mtimer, w->timer, ph, c->id, IRQ_M_TIMER))
		return RVT_EINVAL;
	return 0;
}

/* Every entry of every device found its hart, and the IDs do not wrap. */
static int complete(const struct rvt_aclint_set *set, const struct irqs *irqs)
{
	unsigned int n;

	for (n = 0; n < set->nr; n++)
		if (irqs[n].resolved != set->dev[n].nr ||
		    set->dev[n].first > UINT32_MAX - (set->dev[n].nr - 1))
			return RVT_EINVAL;
	return 0;
}

int rvt_fdt_aclint(const void *fdt, struct rvt_aclint *a)
{
	struct walk w;

	w.a = a;
	w.depth = 0;
	w.cpus.in_cpus = 0;
	a->mswi.nr = 0;
	a->mtimer.nr = 0;
	if (rvt_fdt_walk(fdt, find_devices, &w) ||
	    rvt_fdt_walk(fdt, find_harts, &w) ||
	    complete(&a->mswi, w.soft) || complete(&a->mtimer, w.timer))
		return RVT_EINVAL;
	return 0;
}
