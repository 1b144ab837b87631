// SPDX-License-Identifier: BSD-2-Clause
/*
 * The consuming read (rvt_trace_read()): each chunk holds the events since
 * the one before, and every event recorded goes out exactly once or is
 * counted as lost:
 *
 * 1. refused calls: no writer, no tracer yet, a reader inside a reader;
 * 2. one hart, overwrite mode: new events only, nothing when nothing
 *    happened, a wrapped ring counted as overwritten, a chunk the writer
 *    stopped written again;
 * 3. stop mode: the ring fills once, the claims beyond it counted as
 *    dropped, each only once, and after as good as 2^31 drops the claims
 *    are taken back instead, so the ring is never written over;
 * 4. every other hart records numbered markers (one as fast as it can, the
 *    others paced) while this one reads chunks: per hart the numbers read plus the numbers counted as
 *    lost are 1..N, each once, in order;
 * 5. claims near 2^32 (seq_wrap()).
 */
#include <string.h>

#include "check.h"
#include "dumpbuf.h"
/* Only to move a ring's claim counter (stop_mode(), seq_wrap()). */
#include "../../lib/ring.h"

#define SMALL_CAP	8
#define MARKS		10000u
#define PAUSE		300u	/* loop turns between two markers */
#define MARK_ID(h, i)	((unsigned long)(h) << 24 | (i))

TRACED long stream_work(long x)
{
	return x + 1;
}

static const void *const work_only[] = { (const void *)stream_work };

#define BIG_CAP		128

static struct rvt_event small_buf[SMALL_CAP * BOARD_MAX_HARTS];
static struct rvt_event big_buf[BIG_CAP * BOARD_MAX_HARTS];

/* Rings of cap events on each hart of the machine. */
static size_t ring_bytes(unsigned int cap)
{
	return cap * board_nr_harts() * sizeof(struct rvt_event);
}

/* One chunk into dump_bytes; returns what rvt_trace_read() returned. */
static int read_chunk(void)
{
	dump_len = 0;
	return rvt_trace_read(dump_write, NULL);
}

static int nested_ret = 1;

static int nesting_write(void *ctx, const void *buf, size_t len)
{
	nested_ret = rvt_trace_read(dump_write, NULL);
	return dump_write(ctx, buf, len);
}

static int failing_write(void *ctx, const void *buf, size_t len)
{
	(void)ctx;
	(void)buf;
	(void)len;
	return -1;
}

static void call_work(unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		CHECK_EQ(stream_work((long)i), i + 1);
}

/* This hart's section of the chunk in dump_bytes. */
static const struct rvt_event *my_events(uint32_t *n,
					 const struct rvt_dump_hart **hh)
{
	CHECK(dump_header()->flags & RVT_DUMP_CHUNK);
	CHECK_EQ(dump_header()->nr_profile, 0);
	return dump_events(board_hart_index(), n, hh);
}

static void check_chunk(uint32_t want_events, uint64_t want_over,
			uint64_t want_drop, uint32_t first_seq)
{
	const struct rvt_dump_hart *hh;
	const struct rvt_event *ev;
	uint32_t n, i;

	CHECK(dump_len > 0);
	ev = my_events(&n, &hh);
	CHECK_EQ(n, want_events);
	CHECK_EQ(hh->overwritten, want_over);
	CHECK_EQ(hh->dropped, want_drop);
	CHECK_EQ(dump_header()->overwritten, want_over);
	CHECK_EQ(dump_header()->dropped, want_drop);
	for (i = 0; i < n; i++) {
		CHECK_EQ(RVT_EVENT_KIND(ev[i].info), RVT_EVENT_ENTRY);
		CHECK_EQ(ev[i].func, (uintptr_t)stream_work);
		CHECK_EQ(ev[i].seq, first_seq + i);
	}
}

static void refused(void)
{
	CHECK_EQ(rvt_trace_read(NULL, NULL), RVT_EINVAL);
	CHECK_EQ(rvt_trace_read_text(NULL, NULL), RVT_EINVAL);
	CHECK_EQ(read_chunk(), RVT_ENOENT);
	CHECK_EQ(rvt_trace_read_text(text_write, NULL), RVT_ENOENT);
	CHECK_EQ(dump_len, 0);
}

static void overwrite_mode(void)
{
	struct rvt_trace_config cfg = {
		.filter = work_only, .filter_len = 1,
		.buffer = small_buf, .buffer_size = ring_bytes(SMALL_CAP),
	};
	int n;

	CHECK_EQ(rvt_ftrace_start(&cfg), 0);
	/* Refused while a read is going on: its positions are its own. */
	call_work(1);
	dump_len = 0;
	n = rvt_trace_read(nesting_write, NULL);
	CHECK(n > 0);
	CHECK_EQ(nested_ret, RVT_EBUSY);
	check_chunk(1, 0, 0, 1);

	call_work(5);
	CHECK_EQ(read_chunk(), dump_len);
	check_chunk(5, 0, 0, 2);
	/* Nothing new: nothing written. */
	CHECK_EQ(read_chunk(), 0);
	CHECK_EQ(dump_len, 0);

	/* 20 claims on a ring of 8: the oldest 12 are overwritten. */
	call_work(20);
	CHECK_EQ(read_chunk(), dump_len);
	check_chunk(SMALL_CAP, 20 - SMALL_CAP, 0, 7 + 20 - SMALL_CAP);

	/* A chunk the writer stopped is written again by the next read. */
	call_work(3);
	CHECK_EQ(rvt_trace_read(failing_write, NULL), RVT_EPIPE);
	CHECK_EQ(read_chunk(), dump_len);
	check_chunk(3, 0, 0, 27);

	/* The text form frames the same chunk. */
	call_work(2);
	text_len = 0;
	n = rvt_trace_read_text(text_write, NULL);
	CHECK(n > 0);
	CHECK_EQ((size_t)n, text_len);
	CHECK(!strncmp(text_buf, "\n@rvtrace begin v1 ", 19));
	CHECK_EQ(read_chunk(), 0);
	CHECK_EQ(rvt_ftrace_stop(), 0);
}

static void stop_mode(void)
{
	struct rvt_trace_config cfg = {
		.filter = work_only, .filter_len = 1,
		.flags = RVT_TRACE_STOP_WHEN_FULL,
		.buffer = small_buf, .buffer_size = ring_bytes(SMALL_CAP),
	};
	struct rvt_ring *r = &rvt_trace.rings[board_hart_index()];
	const unsigned long top = ~0ul / 2 + 1, wrapped = 0ul - 2;

	CHECK_EQ(rvt_ftrace_start(&cfg), 0);
	call_work(5);
	CHECK_EQ(read_chunk(), dump_len);
	check_chunk(5, 0, 0, 1);
	/* 3 more fit, 7 are dropped. */
	call_work(10);
	CHECK_EQ(read_chunk(), dump_len);
	check_chunk(3, 0, 7, 6);
	/* Only the drops since the last read. */
	call_work(4);
	CHECK_EQ(read_chunk(), dump_len);
	check_chunk(0, 0, 4, 0);
	CHECK_EQ(read_chunk(), 0);
	/*
	 * Two claims short of the top bit, as after 2^31 drops: two more
	 * dropped, then every claim taken back, the markers' (lib/ring.c)
	 * and the function tracer's. Then where the claims would have
	 * wrapped (rv32: 2^32, an hour of a busy hart): taken back too, and
	 * nothing to tell. Before, the claims went on past the wrap, below
	 * the limit again, and wrote over the ring.
	 */
	r->head = r->read = top - 2;
	rvt_trace_marker(1);
	rvt_trace_marker(2);
	rvt_trace_marker(3);
	call_work(2);
	CHECK_EQ(r->head, top);
	CHECK_EQ(read_chunk(), dump_len);
	check_chunk(0, 0, 2, 0);
	r->head = r->read = wrapped;
	rvt_trace_marker(4);
	call_work(2);
	CHECK_EQ(r->head, wrapped);
	CHECK_EQ(read_chunk(), 0);
	CHECK_EQ(rvt_ftrace_stop(), 0);
}

/* --- 4: markers from every other hart against a reader on this one --- */

static volatile unsigned int finished;

/* Paced so that the reader keeps up with some and loses others. */
static void mark_paced(unsigned int hart, void *arg)
{
	volatile unsigned int k;
	unsigned int i;

	(void)arg;
	for (i = 1; i <= MARKS; i++) {
		rvt_trace_marker(MARK_ID(hart, i));
		for (k = 0; k < PAUSE * (hart % 3); k++)
			;
	}
	__atomic_fetch_add(&finished, 1, __ATOMIC_RELEASE);
}

struct follow {
	uint32_t next[BOARD_MAX_HARTS];		/* number expected next */
	uint64_t read[BOARD_MAX_HARTS], lost[BOARD_MAX_HARTS];
	unsigned int chunks_with_events;
};

/* Check the chunk in dump_bytes against what each hart must have recorded. */
static void follow_chunk(struct follow *f)
{
	const struct rvt_dump_header *hd = dump_header();
	unsigned int h, events = 0;

	CHECK(hd->flags & RVT_DUMP_CHUNK);
	for (h = 0; h < board_nr_harts(); h++) {
		const struct rvt_dump_hart *hh;
		const struct rvt_event *ev;
		uint32_t n, i;

		ev = dump_events(h, &n, &hh);
		if (h == board_hart_index()) {
			CHECK_EQ(n + hh->overwritten + hh->dropped, 0);
			continue;
		}
		f->next[h] += (uint32_t)hh->overwritten;
		f->lost[h] += hh->overwritten;
		CHECK_EQ(hh->dropped, 0);
		for (i = 0; i < n; i++, f->next[h]++) {
			/* Reused between the plan and the copy: one claim. */
			if (RVT_EVENT_KIND(ev[i].info) == 0) {
				f->lost[h]++;
				continue;
			}
			CHECK_EQ(RVT_EVENT_KIND(ev[i].info), RVT_EVENT_MARKER);
			CHECK_EQ(ev[i].func, MARK_ID(h, f->next[h]));
			CHECK_EQ(ev[i].seq, f->next[h]);
			f->read[h]++;
		}
		events += n;
	}
	f->chunks_with_events += events > 0;
}

static void racing_harts(void)
{
	struct rvt_trace_config cfg = {
		.filter = work_only, .filter_len = 1,
		.buffer = big_buf, .buffer_size = ring_bytes(BIG_CAP),
	};
	struct follow f = { { 0 }, { 0 }, { 0 }, 0 };
	unsigned int h, others = board_nr_harts() - 1;
	uint64_t read = 0, lost = 0;
	int n;

	for (h = 0; h < BOARD_MAX_HARTS; h++)
		f.next[h] = 1;
	CHECK_EQ(rvt_ftrace_start(&cfg), 0);
	board_run_others(mark_paced, NULL);
	for (;;) {
		bool last = __atomic_load_n(&finished, __ATOMIC_ACQUIRE) ==
			    others;

		n = read_chunk();
		CHECK(n >= 0);
		CHECK_EQ((size_t)n, dump_len);
		if (n)
			follow_chunk(&f);
		if (last)
			break;
	}
	board_wait_others();
	CHECK_EQ(read_chunk(), 0);
	for (h = 0; h < board_nr_harts(); h++) {
		if (h == board_hart_index())
			continue;
		CHECK_EQ(f.next[h], MARKS + 1);
		CHECK_EQ(f.read[h] + f.lost[h], MARKS);
		read += f.read[h];
		lost += f.lost[h];
	}
	/* It read while they recorded, not only at the end. */
	CHECK(f.chunks_with_events >= 2);
	CHECK(read > 0);
	CHECK_EQ(rvt_ftrace_stop(), 0);
	board_printf("trace_stream: %u harts recorded %lu markers, %lu read in %u chunks, %lu counted lost\n",
		     others, (unsigned long)(read + lost), (unsigned long)read,
		     f.chunks_with_events, (unsigned long)lost);
}

/*
 * 5: the claims of one hart near 2^32, its ring's counts moved there (what
 * takes 2^32 calls, an hour of a busy hart). Claim 0xfffffffe is published
 * with seq 0xffffffff, which reads as busy: the read counts it as lost and
 * goes on. The next writer on its slot finds it "busy" with no other
 * writer in flight and takes it back, so the lap after it is read whole,
 * on rv32 across the wrap of the claim counter itself. Before, the read
 * stopped there for good (on rv32 at the wrap too), and on the next lap
 * the slot's writer gave its claim up.
 */
static void seq_wrap(void)
{
	const struct rvt_trace_config cfg = {
		.filter = work_only, .filter_len = 1,
		.buffer = small_buf, .buffer_size = ring_bytes(SMALL_CAP),
	};
	struct rvt_ring *r = &rvt_trace.rings[board_hart_index()];
	const unsigned long near = 0x100000000ull - SMALL_CAP;
	const struct rvt_event *ev;
	uint32_t n, i;

	CHECK_EQ(rvt_ftrace_start(&cfg), 0);
	/* Every slot written once, as after 2^32 claims. */
	call_work(SMALL_CAP);
	CHECK_EQ(read_chunk(), dump_len);
	check_chunk(SMALL_CAP, 0, 0, 1);
	r->head = near;
	r->read = near;

	/* Claims 0xfffffff8 to 0xfffffffe: the last one reads as lost. */
	call_work(SMALL_CAP - 1);
	CHECK_EQ(read_chunk(), dump_len);
	ev = my_events(&n, NULL);
	CHECK_EQ(n, SMALL_CAP - 1);
	for (i = 0; i < SMALL_CAP - 2; i++) {
		CHECK_EQ(RVT_EVENT_KIND(ev[i].info), RVT_EVENT_ENTRY);
		CHECK_EQ(ev[i].seq, (uint32_t)(near + i + 1));
	}
	CHECK_EQ(RVT_EVENT_KIND(ev[i].info), RVT_EVENT_LOST);

	/* Claims 0xffffffff to 2^32 + 6 (on rv32, 6), the last in that slot. */
	call_work(SMALL_CAP);
	CHECK_EQ(read_chunk(), dump_len);
	check_chunk(SMALL_CAP, 0, 0, 0);
	CHECK_EQ(rvt_ftrace_stop(), 0);
}

int main(void)
{
	CHECK(rvt_init(board_platform()) > 0);
	refused();
	overwrite_mode();
	stop_mode();
	seq_wrap();
	if (board_nr_harts() > 1)
		racing_harts();
	board_printf("trace_stream: passed on %u harts\n", board_nr_harts());
	return 0;
}
