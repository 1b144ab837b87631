/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Triggers, like ftrace's traceon, traceoff and snapshot: an action taken
 * when a given function is called, from any hart, while tracing goes on.
 */
#ifndef RVTRACE_TRIGGER_H
#define RVTRACE_TRIGGER_H

#include <rvtrace/ops.h>

enum rvt_trigger_action {
	RVT_TRIGGER_TRACE_ON = 1,	/* rvt_trace_on() */
	RVT_TRIGGER_TRACE_OFF = 2,	/* rvt_trace_off() */
	RVT_TRIGGER_SNAPSHOT = 3,	/* rvt_trace_snapshot() into snapshot */
};

struct rvt_trigger {
	const void *func;		/* the function whose calls fire it */
	enum rvt_trigger_action action;
	unsigned long count;		/* times it may fire; 0: no limit */
	void *snapshot;			/* SNAPSHOT: where the dump goes */
	size_t snapshot_size;
	/* what follows belongs to the core */
	unsigned long fired;		/* times it fired */
	int snapshot_len;		/* the last snapshot's rvt_trace_snapshot() */
	unsigned int taking;
	struct rvt_ops ops;
};

/*
 * Arm t, a hook on t->func (registered with the hook API, so it takes its
 * place among the other hooks: a trigger added before a tracer starts acts
 * before that tracer sees the same call). The trigger must stay in memory
 * until removed. Returns 0, RVT_EINVAL for a NULL t, an unknown action or a
 * snapshot without memory, RVT_ENOENT if func is not a site, RVT_EBUSY if t
 * is armed already; otherwise as rvt_register().
 */
int rvt_trigger_add(struct rvt_trigger *t);

/* Disarm t; once this returns it fires no more. RVT_ENOENT if not armed. */
int rvt_trigger_remove(struct rvt_trigger *t);

#endif
