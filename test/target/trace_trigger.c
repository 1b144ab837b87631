// SPDX-License-Identifier: BSD-2-Clause
/*
 * Triggers: the function tracer starts with recording off; calling
 * trig_on() turns it on, trig_snap() copies the buffers into a snapshot (once),
 * trig_off() turns it off. The events recorded and the snapshot's are
 * exactly the calls between. Plus the refusals of bad triggers.
 */
#include <string.h>

#include "callgraph.h"
#include "check.h"
#include "dumpbuf.h"

TRACED void trig_on(void) { __asm__ volatile(""); }
TRACED void trig_off(void) { __asm__ volatile(""); }
TRACED void trig_snap(void) { __asm__ volatile(""); }
RVT_NOTRACE static void not_a_site(void) { }

static uint64_t snap[1024];
static uint64_t tiny_snap[4];

/* The functions of the events of hart h in dump d, into fn; how many. */
static unsigned int event_funcs(const uint8_t *d, unsigned int h,
				const void **fn, unsigned int max)
{
	const struct rvt_dump_header *hd = (const void *)d;
	const uint8_t *p = d + hd->header_size;
	unsigned int i, k;

	for (i = 0; i < hd->nr_harts; i++) {
		const struct rvt_dump_hart *hh = (const void *)p;
		const struct rvt_event *ev = (const void *)(p + sizeof(*hh));

		p += sizeof(*hh) + hh->nr_events * sizeof(*ev);
		if (hh->hart != h)
			continue;
		CHECK(hh->nr_events <= max);
		for (k = 0; k < hh->nr_events; k++)
			fn[k] = (const void *)(uintptr_t)ev[k].func;
		return hh->nr_events;
	}
	CHECK(0);
	return 0;
}

int main(void)
{
	static const void *const traced[] = {
		(const void *)top, (const void *)left, (const void *)right,
		(const void *)leaf, (const void *)trig_on,
		(const void *)trig_off, (const void *)trig_snap,
	};
	const void *const recorded[] = {
		(const void *)trig_on, (const void *)top, (const void *)left,
		(const void *)leaf, (const void *)right, (const void *)leaf,
		(const void *)leaf, (const void *)trig_snap,
		(const void *)trig_snap,
	};
	struct rvt_trace_config cfg = {
		.filter = traced, .filter_len = 7,
		.flags = RVT_TRACE_START_OFF,
	};
	struct rvt_trigger on = { .func = (const void *)trig_on,
				  .action = RVT_TRIGGER_TRACE_ON };
	struct rvt_trigger off = { .func = (const void *)trig_off,
				   .action = RVT_TRIGGER_TRACE_OFF };
	struct rvt_trigger snapshot = {
		.func = (const void *)trig_snap, .action = RVT_TRIGGER_SNAPSHOT,
		.count = 1, .snapshot = snap, .snapshot_size = sizeof(snap),
	};
	struct rvt_trigger bad = { .func = (const void *)trig_on,
				   .action = RVT_TRIGGER_SNAPSHOT };
	const unsigned int self = board_hart_index();
	const struct rvt_dump_header *sh = (const void *)snap;
	const void *fn[64];
	unsigned int n;

	CHECK(rvt_init(board_platform()) > 0);
	/* Refusals. */
	CHECK_EQ(rvt_trigger_add(NULL), RVT_EINVAL);
	CHECK_EQ(rvt_trigger_add(&bad), RVT_EINVAL);	/* no snapshot memory */
	bad.action = 7;
	CHECK_EQ(rvt_trigger_add(&bad), RVT_EINVAL);
	bad.action = RVT_TRIGGER_TRACE_ON;
	bad.func = (const void *)not_a_site;
	CHECK_EQ(rvt_trigger_add(&bad), RVT_ENOENT);
	CHECK_EQ(rvt_trigger_remove(&bad), RVT_ENOENT);
	CHECK_EQ(rvt_trace_snapshot(NULL, 64), RVT_EINVAL);
	CHECK_EQ(rvt_trace_snapshot(snap, sizeof(snap)), RVT_ENOENT);

	/* Added before the tracer: they act before it sees the same call. */
	CHECK_EQ(rvt_trigger_add(&on), 0);
	CHECK_EQ(rvt_trigger_add(&on), RVT_EBUSY);
	CHECK_EQ(rvt_trigger_add(&off), 0);
	CHECK_EQ(rvt_trigger_add(&snapshot), 0);
	CHECK_EQ(rvt_ftrace_start(&cfg), 0);
	CHECK(!rvt_trace_is_on());

	top(1);			/* not recorded */
	trig_on();
	top(2);
	trig_snap();		/* the snapshot, without this call */
	trig_snap();		/* count 1: no second snapshot */
	trig_off();
	top(3);			/* not recorded */
	CHECK(!rvt_trace_is_on());
	CHECK_EQ(rvt_ftrace_stop(), 0);

	CHECK_EQ(on.fired, 1);
	CHECK_EQ(off.fired, 1);
	CHECK_EQ(snapshot.fired, 1);
	dump_take();
	n = event_funcs(dump_bytes, self, fn, 64);
	CHECK_EQ(n, 9);
	CHECK(!memcmp(fn, recorded, sizeof(recorded)));
	CHECK(!(dump_header()->flags & RVT_DUMP_SNAPSHOT));

	/* A refused start leaves that trace as it was. */
	{
		const void *bad_filter[] = { (const void *)not_a_site };
		struct rvt_trace_config bad_cfg = { .filter = bad_filter,
						    .filter_len = 1 };
		size_t len = dump_len;

		CHECK_EQ(rvt_ftrace_start(&bad_cfg), RVT_ENOENT);
		bad_cfg.filter = NULL;
		bad_cfg.flags = 1u << 7;
		CHECK_EQ(rvt_graph_start(&bad_cfg), RVT_EINVAL);
		dump_take();
		CHECK_EQ(dump_len, len);
		CHECK_EQ(event_funcs(dump_bytes, self, fn, 64), 9);
		CHECK(!memcmp(fn, recorded, sizeof(recorded)));
	}

	CHECK(snapshot.snapshot_len > 0);
	CHECK(sh->flags & RVT_DUMP_SNAPSHOT);
	CHECK_EQ(sh->version, RVT_DUMP_VERSION);
	n = event_funcs((const uint8_t *)snap, self, fn, 64);
	CHECK_EQ(n, 7);
	CHECK(!memcmp(fn, recorded, 7 * sizeof(fn[0])));

	/* A snapshot too large for its memory is an error, memory untouched. */
	CHECK_EQ(rvt_trigger_remove(&snapshot), 0);
	CHECK_EQ(rvt_trigger_remove(&snapshot), RVT_ENOENT);
	snapshot.snapshot = tiny_snap;
	snapshot.snapshot_size = sizeof(tiny_snap);
	tiny_snap[0] = 0x5a5a;
	CHECK_EQ(rvt_trigger_add(&snapshot), 0);
	trig_snap();
	CHECK_EQ(snapshot.snapshot_len, RVT_ENOSPC);
	CHECK_EQ(tiny_snap[0], 0x5a5a);
	CHECK_EQ(rvt_trigger_remove(&snapshot), 0);

	/* Removed triggers fire no more. */
	CHECK_EQ(rvt_trigger_remove(&on), 0);
	CHECK_EQ(rvt_trigger_remove(&off), 0);
	rvt_trace_off();
	trig_on();
	CHECK(!rvt_trace_is_on());
	CHECK_EQ(on.fired, 1);
	board_printf("trace_trigger: traceon, traceoff and a snapshot at exactly the calls asked for\n");
	return 0;
}
