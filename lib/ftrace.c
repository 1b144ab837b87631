// SPDX-License-Identifier: BSD-2-Clause
/* The function tracer: one entry event per call, through a plain hook. */
#include "ring.h"

static struct rvt_ops ftrace_ops;

static void ftrace_entry(unsigned long ip, unsigned long parent_ip,
			 struct rvt_ops *ops, struct rvt_regs *regs)
{
	(void)ops;
	(void)regs;
	rvt_ring_record(RVT_EVENT_ENTRY, ip, parent_ip, 0);
}

/* The ops may hold garbage before its first use: ask the core. */
bool rvt_ftrace_running(void)
{
	return rvt_ops_registered(&ftrace_ops);
}

int rvt_ftrace_start(const struct rvt_trace_config *cfg)
{
	int ret;

	if (!rvt_ready())
		return RVT_EPERM;
	if (rvt_ftrace_running() || rvt_graph_running())
		return RVT_EBUSY;
	ret = rvt_ring_setup(cfg);
	if (ret)
		return ret;
	rvt_zero(&ftrace_ops, sizeof(ftrace_ops));
	ftrace_ops.func = ftrace_entry;
	if (cfg) {
		ftrace_ops.filter = cfg->filter;
		ftrace_ops.filter_len = cfg->filter_len;
	}
	return rvt_register(&ftrace_ops);
}

int rvt_ftrace_stop(void)
{
	if (!rvt_ready())
		return RVT_EPERM;
	return rvt_ftrace_running() ? rvt_unregister(&ftrace_ops) : RVT_ENOENT;
}
