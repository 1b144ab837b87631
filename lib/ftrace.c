// SPDX-License-Identifier: BSD-2-Clause
/*
 * The function tracer: one entry event per call. Alone on its sites it is
 * an assembly recorder, which the trampoline enters before it saves a
 * register: rvt_ftrace_record, or rvt_ftrace_record_args when its events
 * carry the argument registers. Shared with other hooks, or where the
 * platform gives the hart number or the clock only through a call, it is
 * this plain hook.
 */
#include "ring.h"

static struct rvt_ops ftrace_ops;

static void ftrace_entry(unsigned long ip, unsigned long parent_ip,
			 struct rvt_ops *ops, struct rvt_regs *regs)
{
	(void)ops;
	rvt_ring_record_entry(NULL, ip, parent_ip, 0, regs, NULL);
}

/* A threshold, return values and the slowest call are the graph tracer's. */
int rvt_ftrace_start(const struct rvt_trace_config *cfg)
{
	if (cfg && (cfg->thresh || cfg->max_func ||
		    (cfg->flags & RVT_TRACE_RETVAL)))
		return RVT_EINVAL;
	return rvt_tracer_start(&ftrace_ops, ftrace_entry,
				cfg && cfg->nr_args ? rvt_ftrace_record_args :
						      rvt_ftrace_record,
				RVT_DUMP_TRACER_FUNCTION, cfg);
}

int rvt_ftrace_stop(void)
{
	return rvt_tracer_stop(&ftrace_ops);
}
