// SPDX-License-Identifier: BSD-2-Clause
/*
 * The recording switch under load: rvt_trace_off() returns only once no
 * event can be recorded any more. A writer is held inside the recorder,
 * after it has read the switch, by the platform clock it calls for the
 * event's timestamp:
 *
 * 1. a task of the caller's own hart, preempted there: the caller's wait
 *    yields to it, and its event lands before rvt_trace_off() returns;
 * 2. an interrupt handler that calls rvt_trace_off() right after the
 *    event it interrupted: the recorder masks interrupts while it writes,
 *    so the interrupt, due while the writer is held, is taken only once the
 *    event is published, and the handler's call returns 0 at once;
 * 3. two or more harts: a writer on another hart, held until the switch
 *    call has returned or 20 ms have passed. No event and no count may
 *    change after rvt_trace_off() returned;
 * 4. a tracer stopped, without a yield, while a task is preempted inside
 *    it: RVT_ETIMEDOUT, the tracer stays the running one (a start is
 *    RVT_EBUSY) until a stop after the task has left returns 0;
 * 5. a start while a printk on another hart is held in the last run's ring
 *    (start_over_writer());
 * 6. a profiler's start while a call the last profile timed returns on
 *    another hart, held after its exit has found the last profile's table
 *    (profile_start_over_exit());
 * 7. the same, the call returning as the start sends its first IPI.
 *
 * Before the fix rvt_trace_off() was a plain store: in 3 the held event
 * landed after it returned.
 */
#include "check.h"
#include "dumpbuf.h"

#include <rvtrace/profile.h>

#define TIMEOUT_US	500000u
#define STACK_WORDS	1024

void co_switch(unsigned long *save_sp, unsigned long next_sp);
unsigned long co_frame(void *stack_top, void (*entry)(void));

TRACED long traced_work(long x)
{
	return x * 3;
}

static struct rvt_platform plat;

/* What the clock does on its next call on one hart. */
enum hold { HOLD_NONE, HOLD_YIELD, HOLD_IRQ, HOLD_UNTIL_OFF };
static volatile enum hold hold;
static volatile int hold_hart = -1;
static volatile bool holding, off_returned;
/*
 * Set when a hold starts and left set: a hart whose vCPU thread the host
 * does not run for the whole hold (MTTCG on a loaded machine) must still
 * see that the hold happened, or it waits for it forever.
 */
static volatile bool held;

/* 6, 7: inside until told to return; its exit's clock call is held. */
static volatile bool in_long, go_return;
/* 7: go_return is set once an IPI has been sent to the hart to hold. */
static volatile bool return_on_ipi;

TRACED long traced_long(long x)
{
	in_long = true;
	while (!go_return)
		;
	hold = HOLD_UNTIL_OFF;
	return x * 3;
}

/* The switch events' own clock calls are not the writer to hold. */
static volatile bool switching;
static unsigned long main_sp, t_sp;
static struct rvt_task t_task;
static unsigned long t_stack[STACK_WORDS] __attribute__((aligned(16)));
static volatile bool t_done;

static volatile bool irq_done;
static volatile int irq_off_ret = 1;

RVT_NOTRACE static uint64_t real_clock(void)
{
	return board_platform()->clock();
}

RVT_NOTRACE static void to_main(void)
{
	switching = true;
	CHECK_EQ(rvt_task_switch(&t_task, NULL), 0);
	switching = false;
	co_switch(&t_sp, main_sp);
}

RVT_NOTRACE static void to_task(void)
{
	switching = true;
	CHECK_EQ(rvt_task_switch(NULL, &t_task), 0);
	switching = false;
	co_switch(&main_sp, t_sp);
}

RVT_NOTRACE static uint64_t test_clock(void)
{
	enum hold h = hold;
	uint64_t t0;

	if (h == HOLD_NONE || switching ||
	    (int)board_hart_index() != hold_hart)
		return real_clock();
	hold = HOLD_NONE;
	holding = true;
	held = true;
	switch (h) {
	case HOLD_YIELD:
		/* Preempted inside the recorder. */
		to_main();
		break;
	case HOLD_IRQ:
		irq_done = false;
		board_timer_set(100);
		t0 = real_clock();
		while (!irq_done && real_clock() - t0 < plat.clock_hz / 100)
			;
		CHECK(!irq_done);
		break;
	default:
		t0 = real_clock();
		while (!off_returned && real_clock() - t0 < plat.clock_hz / 50)
			;
		break;
	}
	holding = false;
	return real_clock();
}

void board_timer_interrupt(void)
{
	irq_off_ret = rvt_trace_off();
	irq_done = true;
}

RVT_NOTRACE static void test_yield(void)
{
	if ((int)board_hart_index() == hold_hart && t_sp && !t_done)
		to_task();
}

/*
 * Events published in the buffers (a slot still being written is dumped as
 * kind 0, lost), and the recorder's counts; both without the task switches'
 * events (none is lost: the buffer holds them all).
 */
RVT_NOTRACE static void count_events(uint64_t *published, uint64_t *counted)
{
	struct rvt_trace_stats st;
	uint64_t switches = 0;
	unsigned int h;
	uint32_t n, i;

	dump_take();
	*published = 0;
	for (h = 0; h < board_nr_harts(); h++) {
		const struct rvt_event *e = dump_events(h, &n, NULL);

		for (i = 0; i < n; i++) {
			unsigned int kind = RVT_EVENT_KIND(e[i].info);

			*published += kind && kind != RVT_EVENT_SWITCH;
			switches += kind == RVT_EVENT_SWITCH;
		}
	}
	CHECK_EQ(rvt_trace_stats(&st), 0);
	*counted = st.recorded + st.overwritten + st.dropped - switches;
}

RVT_NOTRACE static void t_entry(void)
{
	CHECK_EQ(traced_work(2), 6);
	t_done = true;
	for (;;)
		to_main();
}

/* 1: a writer preempted on this hart. */
static void preempted_writer(void)
{
	uint64_t p0, c0, p1, c1;

	CHECK_EQ(rvt_task_init(&t_task, NULL, 0), 0);
	t_done = false;
	t_sp = co_frame(t_stack + STACK_WORDS, t_entry);
	count_events(&p0, &c0);
	hold_hart = (int)board_hart_index();
	hold = HOLD_YIELD;
	to_task();
	CHECK(holding);
	CHECK(!t_done);
	/* The wait yields to the task, which finishes its event. */
	CHECK_EQ(rvt_trace_off(), 0);
	CHECK(t_done);
	count_events(&p1, &c1);
	CHECK_EQ(p1, p0 + 1);
	CHECK_EQ(c1, c0 + 1);
	CHECK_EQ(traced_work(1), 3);
	count_events(&p0, &c0);
	CHECK_EQ(p0, p1);
	CHECK_EQ(c0, c1);
	t_sp = 0;
	rvt_trace_on();
}

/* 2: the handler interrupts its own hart's writer. */
static void off_from_irq(void)
{
	uint64_t t0;

	hold_hart = (int)board_hart_index();
	hold = HOLD_IRQ;
	t0 = real_clock();
	CHECK_EQ(traced_work(3), 9);
	/*
	 * Taken once the recorder unmasked interrupts (the bound only against
	 * a timer that never fires: QEMU on a loaded host may be late).
	 */
	while (!irq_done && real_clock() - t0 < 30 * plat.clock_hz)
		;
	CHECK(irq_done);
	CHECK_EQ(irq_off_ret, 0);
	CHECK(real_clock() - t0 < plat.clock_hz / 1000000u * TIMEOUT_US);
	CHECK(!rvt_trace_is_on());
	rvt_trace_on();
}

/* 3: a writer on another hart. */
enum { IDLE, CALL, PRINT, PROFILED, DONE, STOP };
static int state;

RVT_NOTRACE static void other(unsigned int hart, void *arg)
{
	(void)arg;
	for (;;) {
		int st = __atomic_load_n(&state, __ATOMIC_ACQUIRE);

		if (st == STOP)
			return;
		if ((st != CALL && st != PRINT && st != PROFILED) ||
		    (int)hart != hold_hart)
			continue;
		if (st == CALL)
			CHECK_EQ(traced_work(4), 12);
		else if (st == PROFILED)
			CHECK_EQ(traced_long(5), 15);
		else
			rvt_trace_printk("held", 0, NULL);
		__atomic_store_n(&state, DONE, __ATOMIC_RELEASE);
	}
}

/* Another hart, held as h says, runs other() and is given st. */
static void other_hart_does(int st, enum hold h)
{
	hold_hart = board_hart_index() == 1 ? 0 : 1;
	off_returned = false;
	held = false;
	hold = h;
	__atomic_store_n(&state, IDLE, __ATOMIC_RELEASE);
	board_run_others(other, NULL);
	__atomic_store_n(&state, st, __ATOMIC_RELEASE);
}

/* The held hart goes on, and is done. */
static void other_hart_released(void)
{
	off_returned = true;
	while (__atomic_load_n(&state, __ATOMIC_ACQUIRE) != DONE)
		;
}

static void other_hart_stops(void)
{
	__atomic_store_n(&state, STOP, __ATOMIC_RELEASE);
	board_wait_others();
}

/* The buffer of n words that the held hart must leave as it is now. */
static void released_leaves(const uint64_t *buf, uint64_t *copy,
			    unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		copy[i] = buf[i];
	other_hart_released();
	for (i = 0; i < n; i++)
		CHECK_EQ(buf[i], copy[i]);
}

static void writer_on_other_hart(void)
{
	uint64_t p0, c0, p1, c1;

	other_hart_does(CALL, HOLD_UNTIL_OFF);
	while (!held)
		;
	CHECK_EQ(rvt_trace_off(), 0);
	count_events(&p0, &c0);
	other_hart_released();
	count_events(&p1, &c1);
	CHECK_EQ(p1, p0);
	CHECK_EQ(c1, c0);
	other_hart_stops();
}

/*
 * 5: a start while a printk on another hart (it needs no tracer) is held
 * inside the last run's ring: nothing may land in the last run's buffer,
 * the firmware's again, once the start has returned. The registration's
 * round already waits for a writer that masks interrupts, as this one does;
 * ring_init()'s drain waits for one that came in after the round, which a
 * test cannot time (test/model/start.pml checks that one).
 */
static uint64_t last_buf[512], next_buf[512], last_copy[512];

static void start_over_writer(void)
{
	const struct rvt_trace_config last = {
		.buffer = last_buf, .buffer_size = sizeof(last_buf),
	}, next = {
		.buffer = next_buf, .buffer_size = sizeof(next_buf),
	};

	CHECK_EQ(rvt_ftrace_start(&last), 0);
	CHECK_EQ(rvt_ftrace_stop(), 0);
	other_hart_does(PRINT, HOLD_UNTIL_OFF);
	while (!held)
		;
	CHECK_EQ(rvt_ftrace_start(&next), 0);
	released_leaves(last_buf, last_copy, 512);
	CHECK_EQ(rvt_ftrace_stop(), 0);
	other_hart_stops();
}

RVT_NOTRACE static int test_send_ipi(unsigned int hart)
{
	int ret = board_platform()->send_ipi(hart);

	if (return_on_ipi && (int)hart == hold_hart) {
		return_on_ipi = false;
		go_return = true;
	}
	return ret;
}

/*
 * 6, 7: the last profile's buffer is the firmware's again once the next
 * start has returned, also for a call that the last profile timed and that
 * returns on another hart meanwhile. Its exit, held by the clock after it
 * has read which table to add to, is masked until its last add, so the
 * start's rounds wait for it. In 6 the exit is held before the start
 * begins: before the fix it answered the rounds while held, and its
 * figures landed in the last buffer after the start had returned. In 7 it
 * begins as the registration's round sends its IPI, so it mostly reads the
 * last table after that round and before the new table's store: only the
 * start's second round waits for it (before the fix, none did).
 */
static uint64_t prof_last[1024], prof_next[1024], prof_copy[1024];

static void profile_start_over_exit(bool at_ipi)
{
	const struct rvt_trace_config last = {
		.buffer = prof_last, .buffer_size = sizeof(prof_last),
	}, next = {
		.buffer = prof_next, .buffer_size = sizeof(prof_next),
	};

	CHECK(rvt_profile_bytes() <= sizeof(prof_last));
	CHECK_EQ(rvt_profile_start(&last), 0);
	in_long = false;
	go_return = false;
	/* traced_long() holds its exit. */
	other_hart_does(PROFILED, HOLD_NONE);
	while (!in_long)
		;
	/* The platform's clock is not the CSR: the exit takes the C path. */
	CHECK_EQ(rvt_profile_stop(), 0);
	if (at_ipi) {
		return_on_ipi = true;
	} else {
		go_return = true;
		while (!held)
			;
	}
	CHECK_EQ(rvt_profile_start(&next), 0);
	CHECK(go_return);
	released_leaves(prof_last, prof_copy, 1024);
	CHECK_EQ(rvt_profile_stop(), 0);
	other_hart_stops();
}

/* 4: a stop that cannot wait for a preempted task. */
static void stop_times_out(const struct rvt_trace_config *cfg)
{
	CHECK_EQ(rvt_task_init(&t_task, NULL, 0), 0);
	t_done = false;
	t_sp = co_frame(t_stack + STACK_WORDS, t_entry);
	hold_hart = (int)board_hart_index();
	hold = HOLD_YIELD;
	to_task();
	CHECK(holding);
	plat.yield = NULL;
	CHECK_EQ(rvt_ftrace_stop(), RVT_ETIMEDOUT);
	CHECK_EQ(rvt_ftrace_start(cfg), RVT_EBUSY);
	CHECK_EQ(rvt_ftrace_stop(), RVT_ETIMEDOUT);
	to_task();
	CHECK(t_done);
	CHECK_EQ(rvt_ftrace_stop(), 0);
	CHECK_EQ(rvt_ftrace_stop(), RVT_ENOENT);
	CHECK_EQ(rvt_ftrace_start(cfg), 0);
	CHECK_EQ(rvt_ftrace_stop(), 0);
	plat.yield = test_yield;
	t_sp = 0;
}

int main(void)
{
	static const void *const work_only[] = { (const void *)traced_work };
	struct rvt_trace_config cfg = { .filter = work_only, .filter_len = 1 };

	plat = *board_platform();
	plat.clock = test_clock;
	/* The library must call this clock: it no longer reads the CSR. */
	plat.fast &= ~RVT_PLAT_FAST_TIME;
	plat.sync_timeout_us = TIMEOUT_US;
	plat.yield = test_yield;
	plat.send_ipi = test_send_ipi;
	CHECK(rvt_init(&plat) > 0);
	CHECK_EQ(rvt_ftrace_start(&cfg), 0);

	preempted_writer();
	off_from_irq();
	if (board_nr_harts() > 1)
		writer_on_other_hart();
	rvt_trace_on();
	stop_times_out(&cfg);
	if (board_nr_harts() > 1) {
		start_over_writer();
		profile_start_over_exit(false);
		profile_start_over_exit(true);
	}
	board_printf("trace_switch: passed on %u harts\n", board_nr_harts());
	return 0;
}
