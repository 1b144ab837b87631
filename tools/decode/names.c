// SPDX-License-Identifier: BSD-2-Clause
/* Names of addresses and the checks every format shares. */
#include <string.h>

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
