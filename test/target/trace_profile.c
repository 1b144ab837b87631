// SPDX-License-Identifier: BSD-2-Clause
/*
 * The profiler: exact hit counts for a fixed call graph run on every hart;
 * self times that add up to the root's inclusive time exactly; the ranking,
 * the report and the dump; the profiler beside the graph tracer (both watch
 * the same calls) with exact graphs; recursion deeper than the shadow stack;
 * a count past 2^32; and refused starts that leave the last profile as it
 * was.
 */
#include <string.h>

#include "callgraph.h"
#include "check.h"
#include "dumpbuf.h"

#define SHADOW_DEPTH	16	/* RVTRACE_GRAPH_DEPTH */
#define RECURSION	40

TRACED unsigned long deep(unsigned int n)
{
	volatile unsigned int d = n;

	return n ? deep(n - 1) * 3 + d : 1;
}

static struct rvt_profile_entry find(const void *fn)
{
	struct rvt_profile_entry e = { .func = NULL };

	while (!rvt_profile_next(&e))
		if (e.func == fn)
			return e;
	CHECK(0);
	return e;
}

static unsigned int lines(const char *s)
{
	unsigned int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* The callgraph profile: hits, the self-time identity, min <= avg <= max. */
static void check_callgraph_profile(unsigned int harts)
{
	struct rvt_profile_entry e = { .func = NULL }, t, l, r, f;
	uint64_t last_self = ~0ull;
	unsigned int n = 0;

	t = find((const void *)top);
	l = find((const void *)left);
	r = find((const void *)right);
	f = find((const void *)leaf);
	CHECK_EQ(t.hits, harts);
	CHECK_EQ(l.hits, harts);
	CHECK_EQ(r.hits, harts);
	CHECK_EQ(f.hits, 3 * harts);
	/* top is the root: every other call's time is some caller's child. */
	CHECK(t.self + l.self + r.self + f.self == t.total);
	CHECK(t.total >= l.total + r.total);
	CHECK(t.self == t.total - l.total - r.total);
	CHECK(f.self == f.total);
	CHECK(f.min <= f.max && f.min * f.hits <= f.total &&
	      f.total <= f.max * f.hits);
	/* Busiest first, each function once. */
	while (!rvt_profile_next(&e)) {
		CHECK(e.self <= last_self);
		last_self = e.self;
		n++;
	}
	CHECK_EQ(n, 4);
}

static uint64_t table[512];	/* a caller's profile buffer */

/* A writer that returns the count as POSIX write() does, or -5 on the
   line after stop_after lines. */
static unsigned int written_lines, stop_after;

static int counting_write(void *ctx, const void *buf, size_t len)
{
	(void)ctx;
	(void)buf;
	if (stop_after && written_lines == stop_after)
		return -5;
	written_lines++;
	return (int)len;
}

/*
 * Counts and times past 2^32, which rv32 carries into the upper word: the
 * records open the caller's buffer, one per site in site order, hits, total
 * and self time first (lib/profile.c); leaf's are set just under the carry
 * between two calls while the profiler runs. A call takes at least a tick
 * of total and self time only when the clock is that fine, so the times
 * start at the top of the lower word, where any duration carries.
 */
static void check_counter_carry(struct rvt_trace_config *cfg)
{
	const size_t rec_bytes = 3 * sizeof(uint64_t) +
				 2 * sizeof(unsigned long);
	const uint64_t top = 0xffffffffull, carried = 0x100000000ull;
	const void *only_leaf[] = { (const void *)leaf };
	int i = rvt_site_index((const void *)leaf);
	volatile uint64_t *hits, *total, *self;
	struct rvt_profile_entry e;

	CHECK(i >= 0);
	cfg->filter = only_leaf;
	cfg->filter_len = 1;
	cfg->buffer = table;
	cfg->buffer_size = sizeof(table);
	CHECK_EQ(rvt_profile_start(cfg), 0);
	hits = (volatile uint64_t *)((char *)table + (size_t)i * rec_bytes);
	CHECK_EQ(leaf(1), 2);
	CHECK(*hits == 1);
	*hits = top - 1;
	CHECK_EQ(leaf(2), 3);
	CHECK(*hits == top);
	CHECK_EQ(leaf(3), 4);
	CHECK(*hits == carried);

	/* Durations added to two counters at 2^32 - 1, until one is > 0. */
	total = hits + 1;
	self = hits + 2;
	*total = top;
	*self = top;
	while (*total == top)
		CHECK_EQ(leaf(4), 5);
	CHECK(*total >= carried && *total < carried + top);
	CHECK(*self >= carried && *self <= *total);
	CHECK_EQ(rvt_profile_stop(), 0);
	e = find((const void *)leaf);
	CHECK(e.hits > carried);
	CHECK(e.total == *total && e.self == *self);
	cfg->filter = NULL;
	cfg->filter_len = 0;
}

int main(void)
{
	struct rvt_trace_config cfg = { .filter = callgraph, .filter_len = 4 };
	const void *only_deep[] = { (const void *)deep };
	const unsigned int harts = board_nr_harts(), self = board_hart_index();
	struct rvt_profile_entry e = { .func = NULL }, first;
	const struct rvt_dump_profile *rec;
	const struct rvt_event *ev;
	unsigned int h, i;
	uint32_t n;

	CHECK(rvt_init(board_platform()) > 0);
	CHECK_EQ(rvt_profile_next(&e), RVT_ENOENT);
	CHECK_EQ(rvt_profile_report(text_write, NULL, 0), RVT_ENOENT);
	CHECK_EQ(rvt_trace_dump(dump_write, NULL), RVT_ENOENT);
	CHECK_EQ(rvt_profile_stop(), RVT_ENOENT);

	/* The profiler alone. */
	CHECK_EQ(rvt_profile_start(&cfg), 0);
	CHECK_EQ(rvt_profile_start(&cfg), RVT_EBUSY);
	board_run_others(callgraph_run, NULL);
	callgraph_run(self, NULL);
	board_wait_others();
	CHECK_EQ(rvt_profile_stop(), 0);
	CHECK_EQ(rvt_profile_stop(), RVT_ENOENT);
	check_callgraph_profile(harts);

	/* The report: a heading and a line per function. */
	CHECK_EQ(rvt_profile_report(text_write, NULL, 0), 4);
	CHECK_EQ(lines(text_buf), 5);
	CHECK(!strncmp(text_buf, "function (times in us)", 22));
	text_len = 0;
	CHECK_EQ(rvt_profile_report(text_write, NULL, 2), 2);
	CHECK_EQ(lines(text_buf), 3);
	CHECK_EQ(rvt_profile_report(NULL, NULL, 0), RVT_EINVAL);
	/* A POSIX-style writer gets every line; a negative return stops it. */
	CHECK_EQ(rvt_profile_report(counting_write, NULL, 0), 4);
	CHECK_EQ(written_lines, 5);
	written_lines = 0;
	stop_after = 2;
	CHECK_EQ(rvt_profile_report(counting_write, NULL, 0), RVT_EPIPE);
	CHECK_EQ(written_lines, 2);
	stop_after = 0;

	/* The dump: no rings, the four records, in address order. */
	dump_take();
	CHECK_EQ(dump_header()->tracer, RVT_DUMP_TRACER_NONE);
	CHECK_EQ(dump_header()->nr_harts, 0);
	CHECK_EQ(dump_header()->nr_profile, 4);
	CHECK_EQ(dump_header()->profile_size, sizeof(*rec));
	CHECK_EQ(dump_len, sizeof(struct rvt_dump_header) + 4 * sizeof(*rec));
	rec = (const void *)(dump_bytes + sizeof(struct rvt_dump_header));
	for (i = 0; i < 4; i++) {
		e = find((const void *)(uintptr_t)rec[i].func);
		CHECK_EQ(rec[i].hits, e.hits);
		CHECK(rec[i].total == e.total && rec[i].self == e.self);
		CHECK(!i || rec[i].func > rec[i - 1].func);
	}

	/* Refused starts leave that profile as it was. */
	e.func = NULL;
	CHECK_EQ(rvt_profile_next(&e), 0);
	first = e;
	cfg.buffer = table;
	cfg.buffer_size = 8;
	CHECK_EQ(rvt_profile_start(&cfg), RVT_ENOSPC);
	cfg.buffer = (char *)table + 4;
	cfg.buffer_size = sizeof(table) - 8;
	CHECK_EQ(rvt_profile_start(&cfg), RVT_EINVAL);
	cfg.buffer = NULL;
	cfg.flags = RVT_TRACE_STOP_WHEN_FULL;
	CHECK_EQ(rvt_profile_start(&cfg), RVT_EINVAL);
	cfg.flags = 0;
	cfg.filter = (const void *const *)&only_deep;
	only_deep[0] = (const void *)check_callgraph_profile;	/* no site */
	CHECK_EQ(rvt_profile_start(&cfg), RVT_ENOENT);
	e.func = NULL;
	CHECK_EQ(rvt_profile_next(&e), 0);
	CHECK(e.func == first.func && e.hits == first.hits &&
	      e.total == first.total && e.self == first.self);

	/* Beside the graph tracer, started after it: both watch each call. */
	cfg.filter = callgraph;
	cfg.buffer = table;
	cfg.buffer_size = sizeof(table);
	CHECK(rvt_profile_bytes() <= sizeof(table));
	CHECK_EQ(rvt_profile_start(&cfg), 0);
	cfg.buffer = NULL;
	CHECK_EQ(rvt_graph_start(&cfg), 0);
	board_run_others(callgraph_run, NULL);
	callgraph_run(self, NULL);
	board_wait_others();
	CHECK_EQ(rvt_graph_stop(), 0);
	CHECK_EQ(rvt_profile_stop(), 0);
	check_callgraph_profile(harts);
	dump_take();
	CHECK_EQ(dump_header()->tracer, RVT_DUMP_TRACER_GRAPH);
	CHECK_EQ(dump_header()->nr_profile, 4);
	for (h = 0; h < harts; h++) {
		unsigned int depth = 0;

		ev = dump_events(h, &n, NULL);
		CHECK_EQ(n, 2 * CALLGRAPH_CALLS);
		for (i = 0; i < n; i++) {
			const void *fn = (const void *)(uintptr_t)ev[i].func;
			unsigned int k;

			if (RVT_EVENT_KIND(ev[i].info) == RVT_EVENT_EXIT)
				depth--;
			CHECK_EQ(RVT_EVENT_DEPTH(ev[i].info), depth);
			/* The caller is the real one, not the return trampoline. */
			for (k = 0; k < CALLGRAPH_CALLS; k++)
				if (callgraph_calls[k].fn == fn)
					break;
			if (callgraph_calls[k].caller)
				CHECK(callgraph_inside(ev[i].caller,
						       callgraph_calls[k].caller));
			if (RVT_EVENT_KIND(ev[i].info) == RVT_EVENT_ENTRY)
				depth++;
		}
	}

	/* Recursion deeper than the shadow stack: the outer calls count. */
	cfg.filter = (const void *const *)&only_deep;
	only_deep[0] = (const void *)deep;
	cfg.filter_len = 1;
	CHECK_EQ(rvt_profile_start(&cfg), 0);
	deep(RECURSION);
	CHECK_EQ(rvt_profile_stop(), 0);
	e = find((const void *)deep);
	CHECK_EQ(e.hits, SHADOW_DEPTH);
	CHECK(e.self <= e.total && e.min <= e.max);

	check_counter_carry(&cfg);

	board_printf("trace_profile: %u harts, exact hits and self times, beside the graph tracer, %d-deep recursion\n",
		     harts, RECURSION);
	return 0;
}
