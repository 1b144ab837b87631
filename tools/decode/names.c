// SPDX-License-Identifier: BSD-2-Clause
/* Names of addresses and the checks every format shares. */
#include <string.h>

#include <rvtrace/printk.h>
#include <rvtrace/trace.h>

#include "formats.h"

void func_name(const struct ctx *c, uint64_t addr, char *buf, size_t len)
{
	size_t n;

	sym_func(c->sym, addr, buf, len);
	n = strlen(buf);
	if (c->lines && n < len)
		sym_line(c->sym, addr, 0, buf + n, len - n);
}

void caller_name(const struct ctx *c, uint64_t addr, char *buf, size_t len)
{
	size_t n;

	sym_caller(c->sym, addr, buf, len);
	n = strlen(buf);
	if (c->lines && n < len)
		sym_line(c->sym, addr, 1, buf + n, len - n);
}

/* The recorded registers of ev: a0.. and fa0.. (value numbers 0-7, 8-15). */
static void regs_of(const struct hart_trace *ht, const struct event *ev,
		    struct call_regs *r)
{
	unsigned int i;

	memset(r, 0, sizeof(*r));
	for (i = 0; i < 8 && (ev->present >> i & 1); i++)
		r->a[r->nr_a++] = ht->vals[ev->row][i];
	for (i = 0; i < 8 && (ev->present >> (8 + i) & 1); i++)
		r->fa[r->nr_fa++] = ht->vals[ev->row][8 + i];
}

void args_text(const struct ctx *c, const struct hart_trace *ht,
	       const struct event *ev, char *buf, size_t len)
{
	struct call_regs r;

	buf[0] = 0;
	if (ev->kind != EV_ENTRY || !ev->present)
		return;
	regs_of(ht, ev, &r);
	values_args(c->vals, c->sym, ev->func, &r, buf, len);
}

void ret_text(const struct ctx *c, const struct hart_trace *ht,
	      const struct event *ev, char *buf, size_t len)
{
	const uint32_t ret = 1u << RVT_DATA_RET_A0 | 1u << RVT_DATA_RET_A1;
	struct call_regs r;

	buf[0] = 0;
	if (ev->kind != EV_EXIT || (ev->present & ret) != ret)
		return;
	memset(&r, 0, sizeof(r));
	r.a[0] = ht->vals[ev->row][RVT_DATA_RET_A0];
	r.a[1] = ht->vals[ev->row][RVT_DATA_RET_A1];
	r.nr_a = 2;
	if (ev->present & 1u << RVT_DATA_RET_FA0) {
		r.fa[0] = ht->vals[ev->row][RVT_DATA_RET_FA0];
		r.nr_fa = 1;
	}
	values_ret(c->vals, c->sym, ev->func, &r, buf, len);
}

void printk_text(const struct ctx *c, const struct hart_trace *ht,
		 const struct event *ev, char *buf, size_t len)
{
	uint64_t args[RVT_PRINTK_MAX_ARGS];
	unsigned int n = 0;

	/* Up to a lost data event: the format shows the rest as missing. */
	while (n < ev->depth && n < RVT_PRINTK_MAX_ARGS &&
	       (ev->present >> n & 1)) {
		args[n] = ht->vals[ev->row][n];
		n++;
	}
	printk_format(c->img, ev->func, args, n, c->t->xlen, buf, len);
}

int need_events(struct ctx *c, const char *format)
{
	if (c->t->tracer != RVT_DUMP_TRACER_NONE)
		return 0;
	err_set(c->e, "the %s format shows events, and this dump has none (no tracer ran; try --format profile)",
		format);
	return -1;
}

int need_graph(struct ctx *c, const char *format)
{
	if (need_events(c, format))
		return -1;
	if (c->t->tracer == RVT_DUMP_TRACER_GRAPH)
		return 0;
	err_set(c->e, "the %s format needs exit events, and this dump is from the function tracer (entries only; try --format text, or trace with the function-graph tracer)",
		format);
	return -1;
}
