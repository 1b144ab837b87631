// SPDX-License-Identifier: BSD-2-Clause
/* Triggers (rvtrace/trigger.h): a plain hook per trigger, on one function. */
#include "internal.h"

static void trigger_fire(unsigned long ip, unsigned long parent_ip,
			 struct rvt_ops *ops, struct rvt_regs *regs)
{
	struct rvt_trigger *t = ops->private;
	unsigned long n;

	(void)ip;
	(void)parent_ip;
	(void)regs;
	/* Claim one of the count firings; a claim past the count is undone. */
	n = __atomic_add_fetch(&t->fired, 1, __ATOMIC_RELAXED);
	if (t->count && n > t->count) {
		__atomic_fetch_sub(&t->fired, 1, __ATOMIC_RELAXED);
		return;
	}
	switch (t->action) {
	case RVT_TRIGGER_TRACE_ON:
		rvt_trace_on();
		break;
	case RVT_TRIGGER_TRACE_OFF:
		rvt_trace_off();
		break;
	case RVT_TRIGGER_SNAPSHOT:
		/* One snapshot at a time into the trigger's memory. */
		if (__atomic_exchange_n(&t->taking, 1, __ATOMIC_ACQUIRE))
			break;
		RVT_WRITE_ONCE(t->snapshot_len,
			       rvt_trace_snapshot(t->snapshot,
						  t->snapshot_size));
		__atomic_store_n(&t->taking, 0, __ATOMIC_RELEASE);
		break;
	}
}

int rvt_trigger_add(struct rvt_trigger *t)
{
	unsigned long fired;
	int ret, len;

	if (!t || t->action < RVT_TRIGGER_TRACE_ON ||
	    t->action > RVT_TRIGGER_SNAPSHOT ||
	    (t->action == RVT_TRIGGER_SNAPSHOT && !t->snapshot))
		return RVT_EINVAL;
	if (!rvt_ready())
		return RVT_EPERM;
	if (t->ops.flags & RVT_OPS_FL_ENABLED)
		return RVT_EBUSY;
	ret = rvt_site_index(t->func);
	if (ret < 0)
		return ret;
	/*
	 * Ready before it can fire. A refused registration puts back the
	 * figures of the last arming; ops is the core's and was unused.
	 */
	fired = t->fired;
	len = t->snapshot_len;
	rvt_zero(&t->ops, sizeof(t->ops));
	t->ops.func = trigger_fire;
	t->ops.private = t;
	t->ops.filter = &t->func;
	t->ops.filter_len = 1;
	t->fired = 0;
	t->snapshot_len = 0;
	t->taking = 0;
	ret = rvt_register(&t->ops);
	if (ret) {
		t->fired = fired;
		t->snapshot_len = len;
	}
	return ret;
}

int rvt_trigger_remove(struct rvt_trigger *t)
{
	if (!t)
		return RVT_EINVAL;
	if (!rvt_ready())
		return RVT_EPERM;
	if (!(t->ops.flags & RVT_OPS_FL_ENABLED))
		return RVT_ENOENT;
	return rvt_unregister(&t->ops);
}
