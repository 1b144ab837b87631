// SPDX-License-Identifier: BSD-2-Clause
/*
 * The S-mode side of the SBI extension's test: every function of the
 * extension and its refusals (each leaves the tracers as they were), and
 * the dump and profile it hands back, checked against the calls made on
 * every hart. Built without patch sites: it runs in S-mode.
 */
#include <string.h>

#include <rvtrace/sbi_ext.h>

#include "check.h"
#include "sbi_ext_fw.h"

unsigned char s_mem[S_MEM_BYTES] __attribute__((aligned(16)));

#define FILTER		(s_mem)
#define DUMP		(s_mem + 1024)
#define DUMP_MAX	(32 * 1024)
#define ROWS		((struct rvt_sbi_profile_row *)(DUMP + DUMP_MAX))
#define ROW		sizeof(struct rvt_sbi_profile_row)
#define WORKER_CALLS	20

/* Outside s_mem: the firmware must refuse it. */
static volatile unsigned long go, quit, done;

static unsigned long fw_call(unsigned long fid, unsigned long a0)
{
	struct rvt_sbi_ret r = rvt_sbi_ecall(FW_TEST_EID, fid, a0, 0, 0, 0, 0);

	CHECK_EQ(r.error, 0);
	return r.value;
}

static void echo(unsigned int n)
{
	while (n--)
		CHECK_EQ(fw_call(FW_ECHO, n), 3 * n);
}

#define EXPECT(r, err, val)						\
	do {								\
		struct rvt_sbi_ret __r = (r);				\
		CHECK_EQ(__r.error, err);				\
		CHECK_EQ(__r.value, val);				\
	} while (0)

static unsigned long filter(const char *globs)
{
	size_t len = strlen(globs);

	memcpy(FILTER, globs, len);
	return len;
}

/* A start with the filter text at lo, hi. */
static struct rvt_sbi_ret start(unsigned long tracer, unsigned long flags,
				unsigned long lo, unsigned long hi,
				unsigned long len)
{
	return rvt_sbi_call(RVT_SBI_START, tracer, flags, lo, hi, len);
}

static struct rvt_sbi_ret stop(unsigned long tracer)
{
	return rvt_sbi_call(RVT_SBI_STOP, tracer, 0, 0, 0, 0);
}

static struct rvt_sbi_ret record(unsigned long how)
{
	return rvt_sbi_call(RVT_SBI_RECORD, how, 0, 0, 0, 0);
}

static unsigned long runs(void)
{
	struct rvt_sbi_ret r = rvt_sbi_call(RVT_SBI_TRACERS, 0, 0, 0, 0, 0);

	CHECK_EQ(r.error, 0);
	return r.value & (RVT_SBI_RUNS(RVT_SBI_FUNCTION) |
			  RVT_SBI_RUNS(RVT_SBI_GRAPH) |
			  RVT_SBI_RUNS(RVT_SBI_PROFILER));
}

static void check_start_refusals(void)
{
	unsigned long f = RVT_SBI_LO(FILTER), len = filter("fw_echo");

	EXPECT(start(3, 0, f, 0, len), RVT_SBI_ERR_INVALID_PARAM, 0);
	EXPECT(start(RVT_SBI_GRAPH, 4, f, 0, len),
	       RVT_SBI_ERR_INVALID_PARAM, 0);
	EXPECT(start(RVT_SBI_GRAPH, 0, RVT_SBI_LO(&go), 0, len),
	       RVT_SBI_ERR_INVALID_ADDRESS, 0);
	EXPECT(start(RVT_SBI_GRAPH, 0, RVT_SBI_LO(s_mem + S_MEM_BYTES - 2), 0,
		     len), RVT_SBI_ERR_INVALID_ADDRESS, 0);
	EXPECT(start(RVT_SBI_GRAPH, 0, f, 1, len),
	       RVT_SBI_ERR_INVALID_ADDRESS, 0);
	EXPECT(start(RVT_SBI_PROFILER, 0, f, 0, RVT_SBI_FILTER_TEXT + 1),
	       RVT_SBI_ERR_INVALID_PARAM, 0);
	len = filter("fw_echo no_such_function*");
	EXPECT(start(RVT_SBI_FUNCTION, 0, f, 0, len),
	       RVT_SBI_ERR_INVALID_PARAM, 0);
	CHECK_EQ(runs(), 0);
}

/* The hart section of hart in the dump at DUMP, and its events. */
static const struct rvt_event *hart_events(unsigned int hart, uint32_t *n)
{
	const struct rvt_dump_header *hd = (const void *)DUMP;
	const uint8_t *p = DUMP + hd->header_size;
	unsigned int h;

	for (h = 0; h < hd->nr_harts; h++) {
		const struct rvt_dump_hart *hh = (const void *)p;

		p += hd->hart_header_size;
		if (hh->hart == hart) {
			*n = hh->nr_events;
			return (const void *)p;
		}
		p += (size_t)hh->nr_events * hd->event_size;
	}
	CHECK(0);
	return NULL;
}

/* A dump taken through the extension, with each refusal first: its bytes. */
static unsigned long take_dump(unsigned int tracer)
{
	const struct rvt_dump_header *hd = (const void *)DUMP;
	struct rvt_sbi_ret r = rvt_sbi_call(RVT_SBI_DUMP_SIZE, 0, 0, 0, 0, 0);
	unsigned long n = r.value, i;

	CHECK_EQ(r.error, 0);
	CHECK(n > sizeof(*hd) && n <= DUMP_MAX);
	memset(DUMP, 0xa5, DUMP_MAX);
	EXPECT(rvt_sbi_call(RVT_SBI_DUMP, RVT_SBI_LO(DUMP), 0, n - 1, 0, 0),
	       RVT_SBI_ERR_FAILED, n);
	for (i = 0; i < DUMP_MAX; i++)
		CHECK_EQ(DUMP[i], 0xa5);
	EXPECT(rvt_sbi_call(RVT_SBI_DUMP, RVT_SBI_LO(&go), 0, n, 0, 0),
	       RVT_SBI_ERR_INVALID_ADDRESS, 0);
	EXPECT(rvt_sbi_call(RVT_SBI_DUMP, RVT_SBI_LO(DUMP), 0, 0, 0, 0),
	       RVT_SBI_ERR_INVALID_PARAM, 0);
	EXPECT(rvt_sbi_call(RVT_SBI_DUMP, RVT_SBI_LO(DUMP), 0, DUMP_MAX, 0, 0),
	       0, n);
	CHECK(!memcmp(hd->magic, RVT_DUMP_MAGIC, 8));
	CHECK_EQ(hd->tracer, tracer);
	CHECK(hd->flags & RVT_DUMP_SNAPSHOT);
	return n;
}

/* The function tracer on fw_leaf, started with recording off. */
static void check_function(unsigned int me, unsigned long nr_harts)
{
	const struct rvt_event *ev;
	unsigned long len = filter("fw_leaf");
	uint32_t n;
	unsigned int h;

	EXPECT(start(RVT_SBI_FUNCTION, RVT_SBI_START_OFF, RVT_SBI_LO(FILTER),
		     0, len), 0, 0);
	CHECK_EQ(runs(), RVT_SBI_RUNS(RVT_SBI_FUNCTION));
	EXPECT(record(RVT_SBI_RECORD_QUERY), 0, 0);
	echo(3);
	EXPECT(record(RVT_SBI_RECORD_ON), 0, 0);
	EXPECT(record(RVT_SBI_RECORD_QUERY), 0, 1);
	EXPECT(record(3),
	       RVT_SBI_ERR_INVALID_PARAM, 0);
	echo(2);
	/* Refused: the running tracer keeps its own filter. */
	len = filter("fw_echo");
	EXPECT(start(RVT_SBI_GRAPH, 0, RVT_SBI_LO(FILTER), 0, len),
	       RVT_SBI_ERR_ALREADY_STARTED, 0);
	EXPECT(start(RVT_SBI_FUNCTION, 0, RVT_SBI_LO(FILTER), 0, len),
	       RVT_SBI_ERR_ALREADY_STARTED, 0);
	echo(1);
	EXPECT(stop(RVT_SBI_GRAPH),
	       RVT_SBI_ERR_ALREADY_STOPPED, 0);
	EXPECT(stop(7), RVT_SBI_ERR_INVALID_PARAM, 0);
	EXPECT(stop(RVT_SBI_FUNCTION), 0, 0);
	EXPECT(stop(RVT_SBI_FUNCTION),
	       RVT_SBI_ERR_ALREADY_STOPPED, 0);
	CHECK_EQ(runs(), 0);

	take_dump(RVT_DUMP_TRACER_FUNCTION);
	for (h = 0; h < nr_harts; h++) {
		ev = hart_events(h, &n);
		CHECK_EQ(n, h == me ? 3 : 0);
	}
	ev = hart_events(me, &n);
	for (h = 0; h < n; h++) {
		CHECK_EQ(RVT_EVENT_KIND(ev[h].info), RVT_EVENT_ENTRY);
		CHECK_EQ(ev[h].func, (uintptr_t)fw_leaf);
	}
}

/* Each call of fw_echo, in order: in, in fw_leaf, out of it, out. */
static void check_calls(const struct rvt_event *ev, uint32_t n,
			unsigned int calls, bool marker)
{
	static const unsigned int kinds[4] = {
		RVT_EVENT_ENTRY, RVT_EVENT_ENTRY, RVT_EVENT_EXIT, RVT_EVENT_EXIT
	};
	const uintptr_t funcs[4] = {
		(uintptr_t)fw_echo, (uintptr_t)fw_leaf,
		(uintptr_t)fw_leaf, (uintptr_t)fw_echo
	};
	unsigned int i, k = 0;

	CHECK_EQ(n, 4 * calls + marker);
	for (i = 0; i < n; i++) {
		if (RVT_EVENT_KIND(ev[i].info) == RVT_EVENT_MARKER) {
			CHECK(marker);
			CHECK_EQ(ev[i].func, 42);
			continue;
		}
		CHECK_EQ(RVT_EVENT_KIND(ev[i].info), kinds[k % 4]);
		CHECK_EQ(ev[i].func, funcs[k % 4]);
		k++;
	}
}

/* The graph tracer on every hart, with a marker and the switch. */
static void check_graph(unsigned int me, unsigned long nr_harts)
{
	const struct rvt_event *ev;
	unsigned long len = filter("fw_echo,fw_leaf\nfw_ech?");
	unsigned long bytes;
	uint32_t n;
	unsigned int h;

	EXPECT(start(RVT_SBI_GRAPH, 0, RVT_SBI_LO(FILTER), 0, len), 0, 0);
	CHECK_EQ(runs(), RVT_SBI_RUNS(RVT_SBI_GRAPH));
	__atomic_store_n(&go, 1, __ATOMIC_RELEASE);
	echo(4);
	/* The switch is every hart's: off only once the others are done. */
	while (__atomic_load_n(&done, __ATOMIC_ACQUIRE) != nr_harts - 1)
		;
	EXPECT(rvt_sbi_call(RVT_SBI_MARKER, 42, 0, 0, 0, 0), 0, 0);
	EXPECT(record(RVT_SBI_RECORD_OFF), 0, 1);
	echo(3);
	EXPECT(record(RVT_SBI_RECORD_ON), 0, 0);
	echo(1);
	EXPECT(stop(RVT_SBI_GRAPH), 0, 0);

	bytes = take_dump(RVT_DUMP_TRACER_GRAPH);
	for (h = 0; h < nr_harts; h++) {
		ev = hart_events(h, &n);
		check_calls(ev, n, h == me ? 5 : WORKER_CALLS, h == me);
	}
	/* For the decoder (tools/test/target, decode:sbi_ext), as a payload would. */
	CHECK(rvt_dump_frame_text(DUMP, bytes, board_console_write, NULL) > 0);
}

static const struct rvt_sbi_profile_row *row_of(unsigned long func)
{
	unsigned int i;

	for (i = 0; i < 2; i++)
		if (ROWS[i].func == func)
			return &ROWS[i];
	CHECK(0);
	return NULL;
}

static void check_profile(void)
{
	const struct rvt_sbi_profile_row *echo_row, *leaf_row;
	unsigned long rows = RVT_SBI_LO(ROWS), len = filter("fw_echo fw_leaf");
	struct rvt_sbi_profile_row second;

	EXPECT(rvt_sbi_call(RVT_SBI_PROFILE, rows, 0, 4 * ROW, 0, 0),
	       RVT_SBI_ERR_INVALID_STATE, 0);
	EXPECT(start(RVT_SBI_PROFILER, 0, RVT_SBI_LO(FILTER), 0, len), 0, 0);
	CHECK_EQ(runs(), RVT_SBI_RUNS(RVT_SBI_PROFILER));
	EXPECT(start(RVT_SBI_PROFILER, 0, 0, 0, 0),
	       RVT_SBI_ERR_ALREADY_STARTED, 0);
	echo(10);
	EXPECT(stop(RVT_SBI_PROFILER), 0, 0);
	CHECK_EQ(runs(), 0);

	EXPECT(rvt_sbi_call(RVT_SBI_PROFILE, rows, 0, ROW - 1, 0, 0),
	       RVT_SBI_ERR_INVALID_PARAM, 0);
	EXPECT(rvt_sbi_call(RVT_SBI_PROFILE, RVT_SBI_LO(&go), 0, 4 * ROW, 0, 0),
	       RVT_SBI_ERR_INVALID_ADDRESS, 0);
	EXPECT(rvt_sbi_call(RVT_SBI_PROFILE, rows, 0, 4 * ROW, 0, 0), 0, 2);
	echo_row = row_of((uintptr_t)fw_echo);
	leaf_row = row_of((uintptr_t)fw_leaf);
	CHECK_EQ(echo_row->hits, 10);
	CHECK_EQ(leaf_row->hits, 10);
	CHECK(echo_row->total >= leaf_row->total);
	CHECK(echo_row->min <= echo_row->max);
	CHECK(echo_row->self <= echo_row->total);
	second = ROWS[1];
	EXPECT(rvt_sbi_call(RVT_SBI_PROFILE, rows, 0, 4 * ROW, 1, 0), 0, 1);
	CHECK(!memcmp(&ROWS[0], &second, sizeof(second)));
	EXPECT(rvt_sbi_call(RVT_SBI_PROFILE, rows, 0, 4 * ROW, 2, 0), 0, 0);
}

void payload_main(unsigned long nr_harts)
{
	unsigned int me = board_hart_index();

	EXPECT(rvt_sbi_call(RVT_SBI_VERSION, 0, 0, 0, 0, 0), 0,
	       RVT_SBI_VERSION_MAJOR << 16 | RVT_SBI_VERSION_MINOR);
	EXPECT(rvt_sbi_call(RVT_SBI_TRACERS, 0, 0, 0, 0, 0), 0,
	       RVT_SBI_HAS(RVT_SBI_FUNCTION) | RVT_SBI_HAS(RVT_SBI_GRAPH) |
		       RVT_SBI_HAS(RVT_SBI_PROFILER) | RVT_SBI_HAS_NAMES);
	EXPECT(rvt_sbi_call(99, 0, 0, 0, 0, 0), RVT_SBI_ERR_NOT_SUPPORTED, 0);
	EXPECT(rvt_sbi_call(RVT_SBI_DUMP_SIZE, 0, 0, 0, 0, 0),
	       RVT_SBI_ERR_INVALID_STATE, 0);
	check_start_refusals();
	check_function(me, nr_harts);
	check_graph(me, nr_harts);
	check_profile();
	__atomic_store_n(&quit, 1, __ATOMIC_RELEASE);
	fw_call(FW_EXIT, 0);
}

void payload_worker(unsigned long hart)
{
	(void)hart;
	while (!__atomic_load_n(&go, __ATOMIC_ACQUIRE))
		;
	echo(WORKER_CALLS);
	__atomic_fetch_add(&done, 1, __ATOMIC_RELEASE);
	while (!__atomic_load_n(&quit, __ATOMIC_ACQUIRE))
		;
	fw_call(FW_EXIT, 0);
}
