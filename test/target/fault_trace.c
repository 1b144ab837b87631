// SPDX-License-Identifier: BSD-2-Clause
/*
 * Tracer resources running out on every hart at once, and everything
 * consistent afterwards, read back through the API: event rings that fill
 * up in stop mode (exactly the first events kept, the rest counted as
 * dropped) and in overwrite mode (exactly the last ones kept), and shadow
 * stacks that fill up under recursion deeper than RVTRACE_GRAPH_DEPTH (the
 * deeper calls are not graph-traced, every traced level gets its exit, and
 * the next call starts at depth 0 again). After each tracer stops, every
 * site is as it was before it started.
 */
#include "check.h"
#include "dumpbuf.h"
#include "sitesnap.h"

#ifndef RVT_TEST_GRAPH_DEPTH
#define RVT_TEST_GRAPH_DEPTH	16
#endif

#define CAP		8	/* events per hart */
#define ROUNDS		20	/* a call and a marker each */
#define RECURSION	(2 * RVT_TEST_GRAPH_DEPTH + 8)

TRACED long g_leaf(long x)
{
	return x * 2;
}

static long (*volatile g_next)(long n, long acc);

TRACED long g_deep(long n, long acc)
{
	return n ? g_next(n - 1, acc + 3) : acc;
}

static const void *const traced[] = { (const void *)g_leaf,
				      (const void *)g_deep };
static struct rvt_event ring_mem[BOARD_MAX_HARTS * CAP];

static void fill_rings(unsigned int hart, void *arg)
{
	long i;

	(void)hart;
	(void)arg;
	for (i = 0; i < ROUNDS; i++) {
		if (g_leaf(i) != 2 * i)
			board_exit(90);
		rvt_trace_marker(1000 + (unsigned long)i);
	}
}

static void recurse(unsigned int hart, void *arg)
{
	(void)hart;
	(void)arg;
	if (g_deep(RECURSION, 0) != 3 * RECURSION || g_deep(3, 0) != 9)
		board_exit(91);
}

static void run_everywhere(void (*fn)(unsigned int, void *))
{
	board_run_others(fn, NULL);
	fn(board_hart_index(), NULL);
	board_wait_others();
}

/* Event i of a ring that saw rounds first .. : a call, then a marker. */
static void expect_ring_event(const struct rvt_event *e, unsigned int hart,
			      unsigned int i)
{
	CHECK_EQ(RVT_EVENT_HART(e->info), hart);
	if (i % 2 == 0) {
		CHECK_EQ(RVT_EVENT_KIND(e->info), RVT_EVENT_ENTRY);
		CHECK_EQ(e->func, (uintptr_t)g_leaf);
	} else {
		CHECK_EQ(RVT_EVENT_KIND(e->info), RVT_EVENT_MARKER);
		CHECK_EQ(e->func, 1000 + i / 2);
	}
}

static void rings_full(unsigned int flags, const struct sitesnap *idle)
{
	/* Rings for every hart of the platform, events from those running. */
	const unsigned int slots = board_platform()->nr_harts;
	const unsigned int harts = board_nr_harts(), lost = 2 * ROUNDS - CAP;
	struct rvt_trace_config cfg = {
		.filter = traced, .filter_len = 1, .flags = flags,
		.buffer = ring_mem,
		.buffer_size = slots * CAP * sizeof(struct rvt_event),
	};
	bool stop = flags & RVT_TRACE_STOP_WHEN_FULL;
	static struct sitesnap now;
	struct rvt_trace_stats st;
	unsigned int h;
	uint32_t i;

	CHECK_EQ(rvt_ftrace_start(&cfg), 0);
	CHECK_EQ(rvt_trace_stats(&st), 0);
	CHECK_EQ(st.recorded + st.dropped + st.overwritten, 0);
	run_everywhere(fill_rings);
	CHECK_EQ(rvt_ftrace_stop(), 0);

	sitesnap_take(&now);
	sitesnap_expect(idle, &now);
	CHECK_EQ(rvt_trace_stats(&st), 0);
	CHECK_EQ(st.recorded, harts * CAP);
	CHECK_EQ(st.dropped, stop ? harts * lost : 0);
	CHECK_EQ(st.overwritten, stop ? 0 : harts * lost);
	dump_take();
	CHECK(slots <= BOARD_MAX_HARTS);
	CHECK_EQ(dump_header()->nr_harts, slots);
	CHECK_EQ(dump_header()->events_per_hart, CAP);
	for (h = 0; h < harts; h++) {
		const struct rvt_dump_hart *hh;
		const struct rvt_event *ev = dump_events(h, &i, &hh);

		CHECK_EQ(i, CAP);
		CHECK_EQ(hh->dropped, stop ? lost : 0);
		CHECK_EQ(hh->overwritten, stop ? 0 : lost);
		for (i = 0; i < CAP; i++)
			expect_ring_event(&ev[i], h, stop ? i : lost + i);
	}
}

static void shadow_full(const struct sitesnap *idle)
{
	struct rvt_trace_config cfg = { .filter = traced + 1, .filter_len = 1 };
	const unsigned int depth = RVT_TEST_GRAPH_DEPTH;
	static struct sitesnap now;
	unsigned int h;
	uint32_t i;

	CHECK_EQ(rvt_graph_start(&cfg), 0);
	run_everywhere(recurse);
	CHECK_EQ(rvt_graph_stop(), 0);
	sitesnap_take(&now);
	sitesnap_expect(idle, &now);

	dump_take();
	for (h = 0; h < board_nr_harts(); h++) {
		const struct rvt_event *ev = dump_events(h, &i, NULL);

		/* depth entries, their exits, then 4 levels from depth 0. */
		CHECK_EQ(i, 2 * depth + 8);
		for (i = 0; i < 2 * depth + 8; i++) {
			bool first = i < 2 * depth;
			unsigned int n = first ? depth : 4;
			unsigned int k = first ? i : i - 2 * depth;
			bool entry = k < n;

			CHECK_EQ(ev[i].func, (uintptr_t)g_deep);
			CHECK_EQ(RVT_EVENT_KIND(ev[i].info),
				 entry ? RVT_EVENT_ENTRY : RVT_EVENT_EXIT);
			CHECK_EQ(RVT_EVENT_DEPTH(ev[i].info),
				 entry ? k : 2 * n - 1 - k);
		}
	}
}

int main(void)
{
	static struct sitesnap idle;

	g_next = g_deep;
	CHECK(rvt_init(board_platform()) > 0);
	sitesnap_take(&idle);
	CHECK_EQ(sitesnap_on(&idle), 0);
	rings_full(RVT_TRACE_STOP_WHEN_FULL, &idle);
	rings_full(0, &idle);
	shadow_full(&idle);
	board_printf("fault_trace: %u harts: full rings (stop and overwrite) and full shadow stacks, exact and consistent\n",
		     board_nr_harts());
	return 0;
}
