// SPDX-License-Identifier: BSD-2-Clause
/*
 * The function tracer and the dumps: the exact entry events of a fixed call
 * graph on every hart, markers, both buffer-full modes with exact counts,
 * and the text dump decoded back to the bytes of the binary one. The writer
 * contract: a writer that returns the byte count as POSIX write() does gets
 * the whole dump, and one that returns its own error part-way stops it with
 * RVT_EPIPE, whatever that error was.
 */
#include <stdlib.h>
#include <string.h>

#include "callgraph.h"
#include "check.h"
#include "dumpbuf.h"

/* A writer that counts, and returns what the test asks for on call n. */
static size_t posix_bytes;
static unsigned int calls, fail_on;
static int fail_with;

static int posix_write(void *ctx, const void *buf, size_t len)
{
	(void)ctx;
	(void)buf;
	calls++;
	if (calls == fail_on)
		return fail_with;
	posix_bytes += len;
	return (int)len;
}

static void check_writer_contract(void)
{
	static const int errors[] = { -1, RVT_EINVAL, RVT_ENOENT, -1000 };
	unsigned int i;

	/* As POSIX write(): the whole dump, and its length returned. */
	posix_bytes = calls = fail_on = 0;
	CHECK_EQ(rvt_trace_dump(posix_write, NULL), dump_len);
	CHECK_EQ(posix_bytes, dump_len);
	posix_bytes = calls = 0;
	CHECK_EQ(rvt_trace_dump_text(posix_write, NULL), text_len);
	CHECK_EQ(posix_bytes, text_len);
	CHECK(calls > 3);

	/* Any negative value stops it, on the third call: RVT_EPIPE. */
	for (i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		fail_with = errors[i];
		posix_bytes = calls = 0;
		fail_on = 3;
		CHECK_EQ(rvt_trace_dump(posix_write, NULL), RVT_EPIPE);
		CHECK_EQ(calls, 3);
		posix_bytes = calls = 0;
		CHECK_EQ(rvt_trace_dump_text(posix_write, NULL), RVT_EPIPE);
		CHECK_EQ(calls, 3);
	}
	fail_on = 0;
}

static void check_graph(unsigned int h)
{
	const struct rvt_event *ev;
	uint32_t n, i;

	ev = dump_events(h, &n, NULL);
	CHECK_EQ(n, CALLGRAPH_CALLS);
	for (i = 0; i < n; i++) {
		const struct callgraph_call *c = &callgraph_calls[i];

		CHECK_EQ(RVT_EVENT_KIND(ev[i].info), RVT_EVENT_ENTRY);
		CHECK_EQ(RVT_EVENT_HART(ev[i].info), h);
		CHECK_EQ(ev[i].func, (uintptr_t)c->fn);
		if (c->caller)
			CHECK(callgraph_inside(ev[i].caller, c->caller));
		if (i)
			CHECK(ev[i].ts >= ev[i - 1].ts);
	}
}

static int b64(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	return c == '+' ? 62 : c == '/' ? 63 : -1;
}

/* Decode the framed text dump and compare it with the binary dump. */
static void check_text(void)
{
	static uint8_t bytes[sizeof(dump_bytes)];
	size_t n = 0, announced;
	char *line = strstr(text_buf, "@rvtrace begin v1 ");
	unsigned long lineno = 0;

	CHECK(line);
	announced = strtoul(line + 18, &line, 10);
	CHECK_EQ(announced, dump_len);
	for (;;) {
		char *p = strstr(line, "@rvtrace ");
		int v, bits = 0;
		uint32_t acc = 0;

		CHECK(p);
		p += 9;
		if (!strncmp(p, "end ", 4))
			break;
		CHECK_EQ(strtoul(p, &p, 10), lineno++);
		for (p++; (v = b64(*p)) >= 0 || *p == '='; p++) {
			if (*p == '=')
				continue;
			acc = acc << 6 | (uint32_t)v;
			bits += 6;
			if (bits >= 8) {
				bits -= 8;
				bytes[n++] = (uint8_t)(acc >> bits);
			}
		}
		line = p;
	}
	CHECK_EQ(n, dump_len);
	CHECK(!memcmp(bytes, dump_bytes, n));
}

/* The binary dump framed from memory: the same text as rvt_trace_dump_text. */
static void check_frame(void)
{
	static char framed[sizeof(text_buf)];
	size_t len = text_len;

	memcpy(framed, text_buf, len);
	text_len = 0;
	CHECK_EQ(rvt_dump_frame_text(dump_bytes, dump_len, text_write, NULL),
		 len);
	CHECK_EQ(text_len, len);
	CHECK(!memcmp(framed, text_buf, len));
	CHECK_EQ(rvt_dump_frame_text(NULL, dump_len, text_write, NULL),
		 RVT_EINVAL);
	CHECK_EQ(rvt_dump_frame_text(dump_bytes, 0, text_write, NULL),
		 RVT_EINVAL);
	CHECK_EQ(rvt_dump_frame_text(dump_bytes, dump_len, NULL, NULL),
		 RVT_EINVAL);
	CHECK_EQ(text_len, len);
}

static struct rvt_event small[16] __attribute__((aligned(8)));

int main(void)
{
	const struct rvt_platform *plat = board_platform();
	struct rvt_trace_config cfg = { .filter = callgraph, .filter_len = 4 };
	struct rvt_trace_stats st;
	unsigned int h, i;
	uint32_t n;
	const struct rvt_event *ev;
	const struct rvt_dump_hart *hh;

	CHECK(rvt_init(plat) > 0);
	CHECK_EQ(rvt_trace_dump(dump_write, NULL), RVT_ENOENT);
	CHECK_EQ(rvt_ftrace_stop(), RVT_ENOENT);
	cfg.flags = 0x80;
	CHECK_EQ(rvt_ftrace_start(&cfg), RVT_EINVAL);
	cfg.flags = 0;

	CHECK_EQ(rvt_ftrace_start(&cfg), 0);
	CHECK_EQ(rvt_ftrace_start(&cfg), RVT_EBUSY);
	board_run_others(callgraph_run, NULL);
	callgraph_run(board_hart_index(), NULL);
	board_wait_others();
	CHECK_EQ(rvt_ftrace_stop(), 0);
	CHECK_EQ(leaf(1), 2);		/* not traced any more */

	dump_take();
	CHECK(!memcmp(dump_header()->magic, RVT_DUMP_MAGIC, 8));
	CHECK_EQ(dump_header()->version, RVT_DUMP_VERSION);
	CHECK_EQ(dump_header()->xlen, __riscv_xlen);
	CHECK_EQ(dump_header()->event_size, sizeof(struct rvt_event));
	CHECK_EQ(dump_header()->clock_hz, plat->clock_hz);
	CHECK_EQ(dump_header()->overwritten + dump_header()->dropped, 0);
	for (h = 0; h < board_nr_harts(); h++)
		check_graph(h);

	text_len = 0;
	CHECK_EQ(rvt_trace_dump_text(text_write, NULL), text_len);
	check_text();
	check_frame();
	check_writer_contract();

	/* A full buffer: 16 slots shared out, the boot hart's part fills up. */
	cfg.buffer = small;
	cfg.buffer_size = plat->nr_harts * sizeof(struct rvt_event);
	CHECK_EQ(rvt_ftrace_start(&cfg), RVT_EINVAL);	/* < 2 slots a hart */
	cfg.buffer_size = sizeof(small);
	cfg.flags = RVT_TRACE_STOP_WHEN_FULL;
	cfg.filter_len = 0;
	cfg.filter = NULL;
	for (i = 0; i < 2; i++) {
		unsigned int cap;

		CHECK_EQ(rvt_ftrace_start(&cfg), 0);
		CHECK_EQ(rvt_ftrace_stop(), 0);	/* markers only */
		cap = (unsigned int)(cfg.buffer_size / plat->nr_harts /
				     sizeof(struct rvt_event));
		for (n = 0; n < cap + 12; n++)
			rvt_trace_marker(1000 + n);
		CHECK_EQ(rvt_trace_stats(&st), 0);
		dump_take();
		ev = dump_events(board_hart_index(), &n, &hh);
		CHECK_EQ(n, cap);
		if (cfg.flags & RVT_TRACE_STOP_WHEN_FULL) {
			CHECK_EQ(hh->dropped, 12);
			CHECK_EQ(st.dropped, 12);
			CHECK_EQ(ev[0].func, 1000);	/* the oldest stay */
		} else {
			CHECK_EQ(hh->overwritten, 12);
			CHECK_EQ(st.overwritten, 12);
			CHECK_EQ(ev[0].func, 1012);	/* the newest stay */
		}
		CHECK_EQ(RVT_EVENT_KIND(ev[0].info), RVT_EVENT_MARKER);
		CHECK_EQ(ev[n - 1].func, ev[0].func + cap - 1);
		cfg.flags = 0;
	}
	board_printf("trace_ftrace: %u harts, %u events each, dumps agree (%u bytes)\n",
		     board_nr_harts(), (unsigned int)CALLGRAPH_CALLS,
		     (unsigned int)dump_len);
	return 0;
}
