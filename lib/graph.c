// SPDX-License-Identifier: BSD-2-Clause
/*
 * The function-graph tracer: an entry event and a shadow frame on the way
 * in, an exit event when the frame comes back (lib/shadow.c). Alone on its
 * sites, where the platform allows, it is the assembly recorder
 * rvt_graph_record with its exit in rvt_graph_return; otherwise this hook.
 */
#include "ring.h"
#include "shadow.h"

static struct rvt_ops graph_ops;

/* The call depth counts the graph's own frames, kept in the frame. */
static unsigned int graph_depth(const struct rvt_task *s,
				const struct rvt_shadow_frame *f)
{
	while (f > s->frames) {
		f--;
		if (RVT_SHADOW_OWNER(f->owner) == RVT_SHADOW_GRAPH)
			return (unsigned int)RVT_SHADOW_DATA(f->owner) + 1;
	}
	return 0;
}

static void graph_entry(unsigned long ip, unsigned long parent_ip,
			struct rvt_ops *ops, struct rvt_regs *regs)
{
	struct rvt_shadow_frame *f;
	struct rvt_task *s;
	unsigned int depth;

	(void)ops;
	(void)parent_ip;
	f = rvt_shadow_push(regs, ip, RVT_SHADOW_GRAPH, &s);
	if (!f)
		return;
	depth = graph_depth(s, f);
	f->owner |= (unsigned long)depth << 2;
	rvt_ring_record_of(s, RVT_EVENT_ENTRY, ip, rvt_shadow_caller(s, f),
			   depth);
}

void rvt_graph_frame_exit(struct rvt_task *s, struct rvt_shadow_frame *f)
{
	rvt_ring_record_of(s, RVT_EVENT_EXIT, f->func, rvt_shadow_caller(s, f),
			   (unsigned int)RVT_SHADOW_DATA(f->owner));
}

int rvt_graph_start(const struct rvt_trace_config *cfg)
{
	int ret = rvt_tracer_start(&graph_ops, graph_entry, rvt_graph_record,
				   RVT_DUMP_TRACER_GRAPH, cfg);

	/* Its exits in assembly too where its entry is. */
	if (!ret)
		rvt_shadow_fast_exit(RVT_SHADOW_GRAPH,
				     graph_ops.core.fast != 0);
	return ret;
}

int rvt_graph_stop(void)
{
	int ret = rvt_tracer_stop(&graph_ops);

	if (!ret)
		rvt_shadow_fast_exit(RVT_SHADOW_GRAPH, false);
	return ret;
}
