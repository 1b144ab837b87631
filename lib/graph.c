// SPDX-License-Identifier: BSD-2-Clause
/*
 * The function-graph tracer. The entry hook pushes the traced function's
 * return address on a shadow stack (per hart and per rvt_irq_enter() level)
 * and points regs->ra, which the trampoline restores, at rvt_graph_return;
 * the exit pops it again. A frame is known by its caller's stack pointer, so
 * frames that a longjmp() skipped (deeper, so lower) are dropped on the way.
 */
#include "ring.h"

#ifndef RVTRACE_GRAPH_DEPTH
#define RVTRACE_GRAPH_DEPTH	16
#endif
/* Thread level and one interrupt level; deeper levels are not graph-traced. */
#define GRAPH_LEVELS		2

struct graph_frame {
	unsigned long ret;	/* the real return address */
	unsigned long sp;	/* the caller's stack pointer */
	unsigned long func;
};

struct graph_stack {
	struct graph_frame f[RVTRACE_GRAPH_DEPTH];
	unsigned int top;
};

static struct graph_stack stacks[RVT_MAX_HARTS][GRAPH_LEVELS];
static struct rvt_ops graph_ops;

void rvt_graph_return(void);
unsigned long rvt_graph_exit(unsigned long sp);

void rvt_graph_reset(void)
{
	rvt_zero(stacks, sizeof(stacks));
}

static struct graph_stack *this_stack(void)
{
	struct rvt_hart *h = rvt_this_hart();

	if (!h || h->irq_level >= GRAPH_LEVELS)
		return NULL;
	return &stacks[h - rvt_core.harts][h->irq_level];
}

static void graph_entry(unsigned long ip, unsigned long parent_ip,
			struct rvt_ops *ops, struct rvt_regs *regs)
{
	struct graph_stack *s = this_stack();
	struct graph_frame *f;

	(void)ops;
	if (!s || s->top >= RVTRACE_GRAPH_DEPTH)
		return;
	f = &s->f[s->top];
	f->ret = parent_ip;
	/* The trampoline's frame is a struct rvt_regs just below it. */
	f->sp = (unsigned long)(regs + 1);
	f->func = ip;
	s->top++;
	rvt_ring_record(RVT_EVENT_ENTRY, ip, parent_ip, s->top - 1);
	regs->ra = (unsigned long)rvt_graph_return;
}

/* Called by rvt_graph_return with the caller's sp; returns where to go. */
unsigned long rvt_graph_exit(unsigned long sp)
{
	struct graph_stack *s = this_stack();
	struct graph_frame *f;

	/* Only a pushed frame sends a return here, so s and a frame exist. */
	while (s->top > 1 && s->f[s->top - 1].sp < sp)
		s->top--;
	f = &s->f[--s->top];
	rvt_ring_record(RVT_EVENT_EXIT, f->func, f->ret, s->top);
	return f->ret;
}

int rvt_graph_start(const struct rvt_trace_config *cfg)
{
	return rvt_tracer_start(&graph_ops, graph_entry, RVT_DUMP_TRACER_GRAPH,
				cfg);
}

int rvt_graph_stop(void)
{
	return rvt_tracer_stop(&graph_ops);
}
