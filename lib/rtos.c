// SPDX-License-Identifier: BSD-2-Clause
/*
 * The RTOS layer (rvtrace/rtos.h): task records from the firmware's pool.
 *
 * A record deleted while a hart runs its task (a task deleting itself)
 * must not be handed out before that hart switches away: the deleter marks
 * it, then looks for a hart running it; the switch stores the hart's new
 * task, then looks at the mark. A full fence between store and look on both
 * sides means at least one of them sees the other, and a CAS lets only one
 * of them free it.
 */
#include "internal.h"

enum { RECORD_FREE, RECORD_USED, RECORD_DELETED, RECORD_RELEASING };

/* The pool's record of task; NULL for another task (the spare, NULL). */
static struct rvt_rtos_record *record_of(struct rvt_rtos_pool *pool,
					 struct rvt_task *task)
{
	uintptr_t at = (uintptr_t)task - offsetof(struct rvt_rtos_record, task);
	uintptr_t first = (uintptr_t)pool->records;

	if (!task || at < first ||
	    at >= first + pool->nr_records * sizeof(*pool->records) ||
	    (at - first) % sizeof(*pool->records))
		return NULL;
	return (struct rvt_rtos_record *)at;
}

struct rvt_task *rvt_rtos_created(struct rvt_rtos_pool *pool, uint32_t id,
				  const char *name)
{
	unsigned int i;

	if (!pool || !rvt_ready())
		return NULL;
	for (i = 0; i < pool->nr_records; i++) {
		struct rvt_rtos_record *r = &pool->records[i];
		unsigned int want = RECORD_FREE;

		if (!__atomic_compare_exchange_n(&r->state, &want, RECORD_USED,
						 false, __ATOMIC_ACQUIRE,
						 __ATOMIC_RELAXED))
			continue;
		rvt_task_init(&r->task, pool->frames + i * pool->nr_frames,
			      pool->nr_frames);
		if (!rvt_task_name(&r->task, id, name))
			return &r->task;
		/* No identity left: the spare, rather than an unnamed record. */
		__atomic_store_n(&r->state, RECORD_FREE, __ATOMIC_RELEASE);
		break;
	}
	/*
	 * Its re-entry guard stays set, so no hook runs for the tasks that
	 * share it (but those that run re-entered): a guard that they took
	 * and gave back in turn, on several harts, could be left set or lost.
	 */
	RVT_WRITE_ONCE(pool->spare.guard.busy, RVT_GUARD_PINNED);
	return &pool->spare;
}

/* Whether some hart runs task at thread level now. */
static bool running(const struct rvt_task *task)
{
	unsigned int h;

	for (h = 0; h < rvt_core.nr_harts; h++)
		if (RVT_READ_ONCE(rvt_core.harts[h].task) == task)
			return true;
	return false;
}

/*
 * One caller wins the record (the deleter or the hart that switched away
 * from it); the task never runs again, so what it owed a grace period,
 * preempted inside a hook, it will never report: given up here.
 */
static void release(struct rvt_rtos_record *r)
{
	unsigned int want = RECORD_DELETED;

	if (!__atomic_compare_exchange_n(&r->state, &want, RECORD_RELEASING,
					 false, __ATOMIC_ACQUIRE,
					 __ATOMIC_RELAXED))
		return;
	rvt_quiesce_forget(&r->task.guard);
	__atomic_store_n(&r->state, RECORD_FREE, __ATOMIC_RELEASE);
}

int rvt_rtos_deleted(struct rvt_rtos_pool *pool, struct rvt_task *task)
{
	struct rvt_rtos_record *r;

	if (!pool)
		return RVT_EINVAL;
	if (task == &pool->spare)
		return 0;
	r = record_of(pool, task);
	if (!r || RVT_READ_ONCE(r->state) != RECORD_USED)
		return RVT_EINVAL;
	rvt_task_exit(task);
	RVT_WRITE_ONCE(r->state, RECORD_DELETED);
	rvt_mb();
	if (!running(task))
		release(r);
	return 0;
}

int rvt_rtos_switched_in(struct rvt_rtos_pool *pool, struct rvt_task *next)
{
	struct rvt_task *prev = rvt_task_current();
	struct rvt_rtos_record *r;
	int ret;

	if (!pool)
		return RVT_EINVAL;
	ret = rvt_task_switch(prev, next);
	if (ret || prev == next)
		return ret;
	rvt_mb();
	r = record_of(pool, prev);
	if (r && RVT_READ_ONCE(r->state) == RECORD_DELETED)
		release(r);
	return 0;
}
