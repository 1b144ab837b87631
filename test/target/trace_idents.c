// SPDX-License-Identifier: BSD-2-Clause
/*
 * Task identities (rvtrace/task.h) and the RTOS layer (rvtrace/rtos.h), on
 * one hart with a hand-driven "scheduler": events carry the tag of the task
 * that records them (the hart's own, 0, in an interrupt); switch events
 * name both sides; a dump names the tasks; identities run out with
 * RVT_ENOSPC and are reused oldest exit first; the pool hands a record
 * out again only once no hart runs its deleted task. Refused calls change
 * nothing.
 */
#include <string.h>

#include "check.h"
#include "dumpbuf.h"

#define MAX_TASKS	32	/* RVTRACE_MAX_TASKS's default */

TRACED int work(int x)
{
	return x + 1;
}

static struct rvt_task tasks[MAX_TASKS + 1];
static uint64_t events[512];

static unsigned int tag(const struct rvt_task *t)
{
	return RVT_EVENT_TASK(t->info);
}

/* Who records what: a task, the hart's own context, an interrupt. */
static void events_are_tagged(void)
{
	const struct rvt_trace_config cfg = {
		.buffer = events, .buffer_size = sizeof(events),
	};
	unsigned int self = board_hart_index(), n;
	const struct rvt_dump_task *rec;
	const struct rvt_event *ev;
	uint32_t nr;

	CHECK_EQ(rvt_task_init(&tasks[0], NULL, 0), 0);
	CHECK_EQ(rvt_task_init(&tasks[1], NULL, 0), 0);
	CHECK_EQ(rvt_task_name(&tasks[0], 100, "alpha"), 0);
	CHECK_EQ(rvt_task_name(&tasks[1], 101, NULL), 0);
	CHECK(tag(&tasks[0]) && tag(&tasks[1]) &&
	      tag(&tasks[0]) != tag(&tasks[1]));

	CHECK_EQ(rvt_ftrace_start(&cfg), 0);
	CHECK_EQ(work(1), 2);				/* 0: main */
	CHECK_EQ(rvt_task_switch_to(&tasks[0]), 0);	/* 1 */
	CHECK(rvt_task_current() == &tasks[0]);
	CHECK_EQ(work(2), 3);				/* 2: alpha */
	rvt_irq_enter();
	rvt_trace_marker(7);				/* 3: the hart's own */
	rvt_irq_exit();
	rvt_trace_marker(8);				/* 4: alpha */
	CHECK_EQ(rvt_task_switch(&tasks[0], &tasks[0]), 0); /* no event */
	CHECK_EQ(rvt_task_switch(&tasks[1], NULL), RVT_EINVAL);
	CHECK_EQ(rvt_task_switch(&tasks[0], &tasks[1]), 0); /* 5 */
	CHECK_EQ(work(3), 4);				/* 6: tasks[1] */
	CHECK_EQ(rvt_task_switch_to(NULL), 0);		/* 7 */
	CHECK(rvt_task_current() == NULL);
	CHECK_EQ(rvt_ftrace_stop(), 0);
	/* After the stop a switch records nothing. */
	CHECK_EQ(rvt_task_switch_to(&tasks[0]), 0);
	CHECK_EQ(rvt_task_switch_to(NULL), 0);

	dump_take();
	CHECK_EQ(dump_header()->version, RVT_DUMP_VERSION);
	ev = dump_events(self, &nr, NULL);
	CHECK_EQ(nr, 8);
	CHECK_EQ(RVT_EVENT_TASK(ev[0].info), 0);
	CHECK_EQ(RVT_EVENT_KIND(ev[1].info), RVT_EVENT_SWITCH);
	CHECK_EQ(ev[1].func, 0);
	CHECK_EQ(ev[1].caller, tag(&tasks[0]));
	CHECK_EQ(RVT_EVENT_TASK(ev[2].info), tag(&tasks[0]));
	CHECK_EQ(ev[2].func, (uintptr_t)work);
	CHECK_EQ(RVT_EVENT_TASK(ev[3].info), 0);
	CHECK_EQ(RVT_EVENT_TASK(ev[4].info), tag(&tasks[0]));
	CHECK_EQ(ev[5].func, tag(&tasks[0]));
	CHECK_EQ(ev[5].caller, tag(&tasks[1]));
	CHECK_EQ(RVT_EVENT_TASK(ev[6].info), tag(&tasks[1]));
	CHECK_EQ(RVT_EVENT_KIND(ev[7].info), RVT_EVENT_SWITCH);
	CHECK_EQ(ev[7].func, tag(&tasks[1]));
	CHECK_EQ(ev[7].caller, 0);
	CHECK_EQ(RVT_EVENT_HART(ev[7].info), self);

	rec = dump_tasks(&n);
	CHECK_EQ(n, 2);
	CHECK_EQ(rec[0].tag, tag(&tasks[0]));
	CHECK_EQ(rec[0].id, 100);
	CHECK(!strcmp(rec[0].name, "alpha"));
	CHECK_EQ(rec[1].id, 101);
	CHECK_EQ(rec[1].name[0], 0);
}

/* The chunks of a stream carry the records the first time and on change. */
static unsigned int chunk_records(void)
{
	dump_len = 0;
	CHECK(rvt_trace_read(dump_write, NULL) > 0);
	return dump_header()->nr_tasks;
}

static void chunks_carry_records(void)
{
	const struct rvt_trace_config cfg = {
		.buffer = events, .buffer_size = sizeof(events),
	};

	CHECK_EQ(rvt_ftrace_start(&cfg), 0);
	CHECK_EQ(work(1), 2);
	CHECK_EQ(chunk_records(), 2);
	CHECK_EQ(work(1), 2);
	CHECK_EQ(chunk_records(), 0);
	CHECK_EQ(rvt_task_name(&tasks[1], 101, "beta"), 0);
	CHECK_EQ(work(1), 2);
	CHECK_EQ(chunk_records(), 2);
	CHECK_EQ(rvt_task_exit(&tasks[1]), 0);
	CHECK_EQ(work(1), 2);
	CHECK_EQ(chunk_records(), 2);
	CHECK_EQ(work(1), 2);
	CHECK_EQ(chunk_records(), 0);
	CHECK_EQ(rvt_ftrace_stop(), 0);
	/* Named again: a new identity (its old one is given up). */
	CHECK_EQ(rvt_task_name(&tasks[1], 101, "beta"), 0);
}

/* Identities run out, and come back oldest exit first. */
static void identities_are_reused(void)
{
	unsigned int i, n, first_exit, named = 2;
	const struct rvt_dump_task *rec;

	CHECK_EQ(rvt_task_exit(NULL), RVT_EINVAL);
	for (i = 2; i < MAX_TASKS; i++, named++)
		CHECK_EQ(rvt_task_name(&tasks[i], i, "filler"), 0);
	CHECK_EQ(rvt_task_init(&tasks[MAX_TASKS], NULL, 0), 0);
	CHECK_EQ(rvt_task_name(&tasks[MAX_TASKS], 1, "one too many"),
		 RVT_ENOSPC);
	CHECK_EQ(tasks[MAX_TASKS].info, 0);
	/* Exits of tasks[5], then [3]: [5]'s identity goes first. */
	first_exit = tag(&tasks[5]);
	CHECK_EQ(rvt_task_exit(&tasks[5]), 0);
	CHECK_EQ(rvt_task_exit(&tasks[3]), 0);
	CHECK_EQ(rvt_task_name(&tasks[MAX_TASKS], 1, "late"), 0);
	CHECK_EQ(tag(&tasks[MAX_TASKS]), first_exit);
	dump_take();
	rec = dump_tasks(&n);
	CHECK_EQ(n, named);
	CHECK(!strcmp(rec[first_exit - 1].name, "late"));
	CHECK(!rec[first_exit - 1].exited);
	CHECK(rec[tag(&tasks[3]) - 1].exited);
	/*
	 * tasks[5] still holds the tag in its events' info: its exit, or
	 * naming it again, must not touch the identity that "late" took.
	 */
	CHECK_EQ(rvt_task_exit(&tasks[5]), 0);
	CHECK_EQ(rvt_task_name(&tasks[5], 5, "again"), 0);
	CHECK(tag(&tasks[5]) != first_exit);
	dump_take();
	rec = dump_tasks(&n);
	CHECK(!strcmp(rec[first_exit - 1].name, "late"));
	CHECK(!rec[first_exit - 1].exited);
	/* Room for the pool's tasks. */
	for (i = 5; i < 16; i++)
		CHECK_EQ(rvt_task_exit(&tasks[i]), 0);
}

RVT_RTOS_POOL(pool, 2, 4);

/*
 * Hooks do not run in the tasks that share the spare, wherever they run;
 * they do in a task of its own.
 */
static void spare_is_untraced(struct rvt_task *spare, struct rvt_task *own)
{
	static const void *const only_work[] = { (const void *)work };
	static struct rvt_ops counter = {
		.func = count_call, .filter = only_work, .filter_len = 1,
	};

	CHECK_EQ(rvt_register(&counter), 0);
	CHECK_EQ(rvt_rtos_switched_in(&pool, spare), 0);
	CHECK_EQ(work(1), 2);
	CHECK_EQ(counted_total(), 0);
	CHECK_EQ(rvt_rtos_switched_in(&pool, own), 0);
	CHECK_EQ(work(1), 2);
	CHECK_EQ(counted_total(), 1);
	CHECK_EQ(rvt_rtos_switched_in(&pool, NULL), 0);
	CHECK_EQ(work(1), 2);
	CHECK_EQ(counted_total(), 2);
	CHECK_EQ(rvt_unregister(&counter), 0);
}

/* The RTOS layer's records. */
static void pool_hands_out_records(void)
{
	struct rvt_task *a, *b, *c, *d, foreign;

	a = rvt_rtos_created(&pool, 1, "a");
	b = rvt_rtos_created(&pool, 2, "b");
	CHECK(a && b && a != b && a != &pool.spare && b != &pool.spare);
	CHECK_EQ(a->nr_frames, 4);
	CHECK(tag(a) && tag(b));
	/* Empty: the spare, untraced and unnamed. */
	c = rvt_rtos_created(&pool, 3, "c");
	CHECK(c == &pool.spare);
	CHECK_EQ(c->nr_frames, 0);
	CHECK_EQ(c->info, 0);
	spare_is_untraced(c, b);
	CHECK_EQ(rvt_rtos_deleted(&pool, c), 0);
	CHECK_EQ(rvt_rtos_deleted(NULL, a), RVT_EINVAL);
	CHECK_EQ(rvt_task_init(&foreign, NULL, 0), 0);
	CHECK_EQ(rvt_rtos_deleted(&pool, &foreign), RVT_EINVAL);
	CHECK(rvt_rtos_created(NULL, 1, "x") == NULL);
	CHECK_EQ(rvt_rtos_switched_in(NULL, a), RVT_EINVAL);

	/* a deletes itself: its record stays taken until the hart leaves it. */
	CHECK_EQ(rvt_rtos_switched_in(&pool, a), 0);
	CHECK(rvt_task_current() == a);
	CHECK_EQ(rvt_rtos_deleted(&pool, a), 0);
	CHECK_EQ(rvt_rtos_deleted(&pool, a), RVT_EINVAL);
	CHECK(rvt_rtos_created(&pool, 4, "d") == &pool.spare);
	CHECK_EQ(rvt_rtos_switched_in(&pool, b), 0);
	d = rvt_rtos_created(&pool, 4, "d");
	CHECK(d == a);
	/* b is deleted while another hart (here: none) does not run it. */
	CHECK_EQ(rvt_rtos_switched_in(&pool, NULL), 0);
	CHECK_EQ(rvt_rtos_deleted(&pool, b), 0);
	CHECK(rvt_rtos_created(&pool, 5, "e") == b);
}

int main(void)
{
	unsigned int self = board_hart_index();

	if (self != 0)
		return 0;
	CHECK_EQ(rvt_task_init(&tasks[0], NULL, 0), 0);
	CHECK_EQ(rvt_task_name(&tasks[0], 1, "early"), RVT_EPERM);
	CHECK_EQ(rvt_task_exit(&tasks[0]), RVT_EPERM);
	CHECK(rvt_task_current() == NULL);
	CHECK(rvt_rtos_created(&pool, 1, "early") == NULL);
	CHECK(rvt_init(board_platform()) > 0);
	events_are_tagged();
	chunks_carry_records();
	identities_are_reused();
	pool_hands_out_records();
	board_printf("trace_idents: tags, switches, records, reuse and the pool as expected\n");
	return 0;
}
