// SPDX-License-Identifier: BSD-2-Clause
/*
 * The function-graph tracer: an entry event and a shadow frame on the way
 * in, an exit event when the frame comes back (lib/shadow.c). Alone on its
 * sites, where the platform allows, it is the assembly recorder
 * rvt_graph_record with its exit in rvt_graph_return; otherwise, and
 * whenever it records values or keeps only slow calls, this hook.
 */
#include "asm_layout.h"
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
	/* With a threshold the exit decides, from the entry time. */
	if (rvt_trace.thresh)
		f->ts = (unsigned long)rvt_now();
	else
		rvt_ring_record_entry(s, ip, rvt_shadow_caller(s, f), depth,
				      regs);
}

/* The return registers' values (numbers of rvtrace/trace.h). */
static uint32_t ret_vals(const struct rvt_ret_regs *ret, uint64_t *v)
{
	const unsigned long *a = (const unsigned long *)ret;

	v[RVT_DATA_RET_A0] = a[0];
	v[RVT_DATA_RET_A1] = a[1];
#ifdef RVT_REGS_FP
	v[RVT_DATA_RET_FA0] = *(const rvt_freg_t *)((const char *)ret +
						     RVT_RET_FA0);
	return 1u << RVT_DATA_RET_A0 | 1u << RVT_DATA_RET_A1 |
	       1u << RVT_DATA_RET_FA0;
#else
	return 1u << RVT_DATA_RET_A0 | 1u << RVT_DATA_RET_A1;
#endif
}

void rvt_graph_frame_exit(struct rvt_task *s, struct rvt_shadow_frame *f,
			  const struct rvt_ret_regs *ret)
{
	unsigned int depth = (unsigned int)RVT_SHADOW_DATA(f->owner);
	uint64_t v[RVT_DATA_ENTRY_TS + 1];
	struct rvt_ring_vals vals = { v, 0 };
	unsigned int kind = RVT_EVENT_EXIT;
	uint64_t thresh = rvt_trace.thresh;

	if (thresh) {
		uint64_t now = rvt_now();
		unsigned long took = (unsigned long)now - f->ts;

		if (took < thresh)
			return;
		kind = RVT_EVENT_CALL;
		v[RVT_DATA_ENTRY_TS] = now - took;
		vals.present = 1u << RVT_DATA_ENTRY_TS;
	}
	if (rvt_trace.flags & RVT_TRACE_RETVAL)
		vals.present |= ret_vals(ret, v);
	if (vals.present)
		rvt_ring_record_vals(s, kind, f->func, rvt_shadow_caller(s, f),
				     depth, &vals);
	else
		rvt_ring_record_of(s, kind, f->func, rvt_shadow_caller(s, f),
				   depth);
}

int rvt_graph_start(const struct rvt_trace_config *cfg)
{
	bool in_c = cfg && (cfg->nr_args || cfg->thresh ||
			    (cfg->flags & RVT_TRACE_RETVAL));
	int ret;

	if (cfg && cfg->thresh && cfg->nr_args)
		return RVT_EINVAL;
	ret = rvt_tracer_start(&graph_ops, graph_entry,
			       in_c ? NULL : rvt_graph_record,
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
