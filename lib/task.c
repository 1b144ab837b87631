// SPDX-License-Identifier: BSD-2-Clause
/*
 * Tasks (rvtrace/task.h): their stacks, their identities in events, and
 * the switches between them.
 *
 * An identity is a slot of a fixed table; its tag (slot + 1) goes in the
 * top byte of every event the task records, through its ring's info while
 * it runs (rvt_hart_follow()) and through its shadow stack for graph events.
 * Slots are taken lowest first and never become free again, only given up
 * (exited) and then reused, oldest first: so the slots in use are always a
 * prefix of the table, and a dump planned with n of them can write n.
 */
#include "fmt.h"
#include "ring.h"

#ifndef RVTRACE_MAX_TASKS
#define RVTRACE_MAX_TASKS	32
#endif
_Static_assert(RVTRACE_MAX_TASKS >= 1 && RVTRACE_MAX_TASKS <= 255,
	       "a tag is one byte of an event's info, 0 meaning none");
_Static_assert(sizeof(((struct rvt_dump_task *)0)->name) == RVT_TASK_NAME_LEN,
	       "a name as the dump holds it");

enum ident_state { IDENT_FREE, IDENT_CLAIMED, IDENT_LIVE, IDENT_EXITED };

struct ident {
	unsigned int state;	/* enum ident_state */
	/* Odd while id or name change: a dump copies an even, unchanged one. */
	unsigned int gen;
	uint32_t id;
	char name[RVT_TASK_NAME_LEN];
	unsigned long exited_at;	/* exits before it: reuse oldest first */
	const struct rvt_task *owner;	/* who named it last */
};

static struct ident idents[RVTRACE_MAX_TASKS];
static unsigned long exits;
/* Bumped by every change of a name or an exit, for the chunks. */
static unsigned long changes;

void rvt_task_reset(void)
{
	rvt_zero(idents, sizeof(idents));
	exits = 0;
	changes = 0;
}

int rvt_task_init(struct rvt_task *task, struct rvt_shadow_frame *frames,
		  unsigned int nr_frames)
{
	if (!task || (!frames && nr_frames))
		return RVT_EINVAL;
	if (nr_frames > RVT_TASK_MAX_FRAMES)
		nr_frames = RVT_TASK_MAX_FRAMES;
	task->frames = frames;
	task->nr_frames = nr_frames;
	task->top = frames;
	task->end = frames + nr_frames;
	rvt_zero(&task->guard, sizeof(task->guard));
	task->info = 0;
	return 0;
}

static unsigned int tag_of(const struct rvt_task *task)
{
	return task->info >> RVT_EVENT_TASK_SHIFT;
}

/* The identity task holds (live or given up, not taken since); or NULL. */
static struct ident *ident_of(const struct rvt_task *task)
{
	unsigned int tag = tag_of(task);

	if (!tag || tag > RVTRACE_MAX_TASKS ||
	    RVT_READ_ONCE(idents[tag - 1].owner) != task)
		return NULL;
	return &idents[tag - 1];
}

/* A free slot, else the one given up longest ago; -1 if all are held. */
static int ident_claim(void)
{
	unsigned int i, want;
	int best;

	for (;;) {
		best = -1;
		for (i = 0; i < RVTRACE_MAX_TASKS; i++) {
			unsigned int s = RVT_READ_ONCE(idents[i].state);

			if (s == IDENT_FREE) {
				best = (int)i;
				break;
			}
			if (s == IDENT_EXITED &&
			    (best < 0 || idents[i].exited_at <
					 idents[best].exited_at))
				best = (int)i;
		}
		if (best < 0)
			return -1;
		want = RVT_READ_ONCE(idents[best].state);
		if ((want == IDENT_FREE || want == IDENT_EXITED) &&
		    __atomic_compare_exchange_n(&idents[best].state, &want,
						IDENT_CLAIMED, false,
						__ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED))
			return best;
	}
}

static void ident_write(struct ident *d, uint32_t id, const char *name)
{
	unsigned int i;

	RVT_WRITE_ONCE(d->gen, d->gen + 1);
	rvt_wmb();
	d->id = id;
	/* Cut to fit, always NUL-terminated. */
	for (i = 0; i < RVT_TASK_NAME_LEN; i++) {
		d->name[i] = name && i < RVT_TASK_NAME_LEN - 1 ? name[i] : 0;
		if (name && !name[i])
			name = NULL;
	}
	rvt_wmb();
	RVT_WRITE_ONCE(d->gen, d->gen + 1);
	__atomic_fetch_add(&changes, 1, __ATOMIC_RELAXED);
}

int rvt_task_name(struct rvt_task *task, uint32_t id, const char *name)
{
	struct ident *d;
	int slot;

	if (!task)
		return RVT_EINVAL;
	if (!rvt_ready())
		return RVT_EPERM;
	d = ident_of(task);
	/* Its own identity, not given up: a rename. */
	if (d && RVT_READ_ONCE(d->state) == IDENT_LIVE) {
		ident_write(d, id, name);
		return 0;
	}
	slot = ident_claim();
	if (slot < 0)
		return RVT_ENOSPC;
	ident_write(&idents[slot], id, name);
	RVT_WRITE_ONCE(idents[slot].owner, task);
	__atomic_store_n(&idents[slot].state, IDENT_LIVE, __ATOMIC_RELEASE);
	RVT_WRITE_ONCE(task->info, (uint32_t)(slot + 1) << RVT_EVENT_TASK_SHIFT);
	return 0;
}

int rvt_task_exit(struct rvt_task *task)
{
	unsigned int want = IDENT_LIVE;
	struct ident *d;

	if (!task)
		return RVT_EINVAL;
	if (!rvt_ready())
		return RVT_EPERM;
	d = ident_of(task);
	if (!d)
		return 0;
	d->exited_at = __atomic_fetch_add(&exits, 1, __ATOMIC_RELAXED);
	if (__atomic_compare_exchange_n(&d->state, &want,
					IDENT_EXITED, false, __ATOMIC_RELEASE,
					__ATOMIC_RELAXED))
		__atomic_fetch_add(&changes, 1, __ATOMIC_RELAXED);
	return 0;
}

int rvt_task_switch(struct rvt_task *prev, struct rvt_task *next)
{
	unsigned long flags;
	struct rvt_hart *h;
	unsigned int index;

	if (!rvt_ready())
		return RVT_EPERM;
	h = rvt_this_hart();
	if (!h)
		return RVT_EPERM;
	if (h->task && h->task != prev)
		return RVT_EINVAL;
	prev = h->task;
	index = (unsigned int)(h - rvt_core.harts);
	/* Masked: this hart's IPI handler sees prev running or parked. */
	flags = rvt_core.plat->irq_save();
	if (prev)
		rvt_quiesce_park(h, prev);
	/*
	 * The count first: a task that looked up its context on this hart
	 * (rvt_this_ctx()) and then moved sees it changed.
	 */
	RVT_WRITE_ONCE(h->switches, h->switches + 1);
	RVT_WRITE_ONCE(h->task, next);
	rvt_hart_follow(index);
	rvt_core.plat->irq_restore(flags);
	if (prev != next)
		rvt_ring_record_switch(prev ? tag_of(prev) : 0,
				       next ? tag_of(next) : 0);
	return 0;
}

int rvt_task_switch_to(struct rvt_task *next)
{
	/* Before rvt_init() or off the platform, the switch says RVT_EPERM. */
	return rvt_task_switch(rvt_task_current(), next);
}

struct rvt_task *rvt_task_current(void)
{
	struct rvt_hart *h;

	if (!rvt_ready())
		return NULL;
	h = rvt_this_hart();
	return h ? RVT_READ_ONCE(h->task) : NULL;
}

/* --- The tasks' part of a dump --------------------------------------- */

unsigned int rvt_task_count(void)
{
	unsigned int n = 0;

	while (n < RVTRACE_MAX_TASKS &&
	       RVT_READ_ONCE(idents[n].state) != IDENT_FREE)
		n++;
	return n;
}

unsigned long rvt_task_changes(void)
{
	return RVT_READ_ONCE(changes);
}

/* A copy of slot i as a dump record; false while it is being rewritten. */
static bool ident_read(unsigned int i, struct rvt_dump_task *rec)
{
	const struct ident *d = &idents[i];
	unsigned int gen = RVT_READ_ONCE(d->gen), state, k;

	rvt_rmb();
	state = RVT_READ_ONCE(d->state);
	rvt_zero(rec, sizeof(*rec));
	rec->tag = (uint8_t)(i + 1);
	rec->exited = state == IDENT_EXITED;
	rec->id = d->id;
	for (k = 0; k < RVT_TASK_NAME_LEN; k++)
		rec->name[k] = d->name[k];
	rvt_rmb();
	return !(gen & 1) && state != IDENT_CLAIMED &&
	       RVT_READ_ONCE(d->gen) == gen;
}

int rvt_task_dump(rvt_write_fn emit, void *ctx, unsigned int nr,
		  size_t *count)
{
	struct rvt_dump_task rec;
	unsigned int i, tries;
	int ret = 0;

	for (i = 0; !ret && i < nr; i++) {
		/* A name being written as we copy: its last one, or none. */
		for (tries = 0; !ident_read(i, &rec) && tries < 4; tries++)
			;
		if (tries == 4) {
			rvt_zero(rec.name, sizeof(rec.name));
			rec.id = 0;
		}
		ret = rvt_write_out(emit, ctx, &rec, sizeof(rec), count);
	}
	return ret;
}
