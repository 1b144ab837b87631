// SPDX-License-Identifier: BSD-2-Clause
/*
 * Values in events: the argument registers of entries (nr_args), the return
 * registers of exits (RVT_TRACE_RETVAL), binary printk from code, a hook
 * and an interrupt handler, and the graph tracer's threshold. The raw
 * values read back from a dump are the registers the ABI puts them in,
 * exactly; each run is also printed as a text dump, which
 * tools/test/target's decode:values decodes with the ELF's DWARF.
 * Refused configurations change nothing.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "dumpbuf.h"

enum color { RED, GREEN, BLUE };

struct point {
	int x, y;
};

int table[4] = { 10, 20, 30, 40 };
struct point pt = { 3, 4 };

TRACED int v_ints(int8_t a, uint16_t b, int32_t c, uint32_t d, short e,
		  unsigned char f, long g, unsigned long h)
{
	return c + (int)(a + b + d + e + f + g + h) * 0;
}

TRACED int64_t v_wide(int64_t x, uint64_t y)
{
	return x * 3 + (int64_t)(y & 0);
}

TRACED enum color v_misc(bool b, char c, enum color e, const int *p,
			 struct point *s)
{
	return b && c == 'A' && e == GREEN && *p == 30 && s->x == 3 ? BLUE :
								      RED;
}

/* Two registers' worth of return value on every XLEN: a0 and a1. */
struct pair {
	long lo, hi;
};

TRACED struct pair v_pair(long lo, long hi)
{
	struct pair p = { lo * 2, hi - 1 };

	return p;
}

TRACED double v_fp(float f, double d, int i)
{
	return f * d + (i - 7);
}

TRACED void v_void(void)
{
	__asm__ volatile("" ::: "memory");
}

TRACED int v_many(int a, int b, int c, int d, int e, int f, int g, int h,
		  int i, int j)
{
	return a + b + c + d + e + f + g + h + i + j;
}

/* Busy for about n ticks of the platform clock. */
TRACED void v_slow(unsigned int n)
{
	uint64_t end = board_platform()->clock() + n;

	while (board_platform()->clock() < end)
		;
}

TRACED void v_outer(unsigned int n)
{
	v_void();
	v_slow(n);
}

/* Slow once, when n says so: the call the slowest-call mode keeps. */
TRACED void v_sometimes(unsigned int n)
{
	v_void();
	if (n)
		v_slow(n);
}

static uint64_t events[1024];

/* Sign-extended as the RV64 ABI keeps 32-bit values in registers. */
static unsigned long reg32(uint32_t v)
{
	return (unsigned long)(long)(int32_t)v;
}

/* One event of the dump with the values of the data events after it. */
struct seen {
	const struct rvt_event *ev;
	uint64_t v[16];
	uint32_t present;
};

/* The n-th event of kind kind for func (all funcs: 0), values gathered. */
static bool find(const struct rvt_event *ev, uint32_t nr, unsigned int kind,
		 unsigned long func, unsigned int n, struct seen *out)
{
	uint32_t i, j, k;

	for (i = 0; i < nr; i++) {
		if (RVT_EVENT_KIND(ev[i].info) != kind ||
		    (func && ev[i].func != func) || n--)
			continue;
		memset(out, 0, sizeof(*out));
		out->ev = &ev[i];
		for (j = i + 1; j < nr &&
		     RVT_EVENT_KIND(ev[j].info) == RVT_EVENT_DATA; j++) {
			const uint64_t w[3] = { ev[j].ts, ev[j].func,
						ev[j].caller };
			unsigned int first = RVT_DATA_FIRST(ev[j].info);

			CHECK(RVT_DATA_COUNT(ev[j].info) >= 1);
			for (k = 0; k < RVT_DATA_COUNT(ev[j].info); k++) {
				out->v[first + k] = w[k];
				out->present |= 1u << (first + k);
			}
		}
		return true;
	}
	return false;
}

static const struct rvt_event *take(uint32_t *nr)
{
	dump_take();
	CHECK_EQ(dump_header()->version, RVT_DUMP_VERSION);
	return dump_events(board_hart_index(), nr, NULL);
}

/* The text dump for the decoder's test, after a line naming the run. */
static void print_dump(const char *run)
{
	board_printf("values run %s\n", run);
	CHECK(rvt_trace_dump_text(board_console_write, NULL) > 0);
}

#ifdef RVT_REGS_FP
#define ARG_MASK	0xffffu
#else
#define ARG_MASK	0xffu
#endif

static void entries_and_exits(void)
{
	const struct rvt_trace_config cfg = {
		.buffer = events, .buffer_size = sizeof(events),
		.nr_args = 8, .flags = RVT_TRACE_RETVAL,
	};
	const struct rvt_event *ev;
	struct seen s;
	uint32_t nr;
	double r;

	CHECK_EQ(rvt_graph_start(&cfg), 0);
	CHECK_EQ(v_ints(-128, 65535, -7, 0x80000001u, -300, 200, -5,
			123456789ul), -7);
	CHECK_EQ(v_wide(-5, 0x123456789abcdef0ull), -15);
	CHECK_EQ(v_misc(true, 'A', GREEN, &table[2], &pt), BLUE);
	r = v_fp(1.5f, -2.25, 7);
	CHECK(r == -3.375);
	CHECK_EQ(v_pair(21, 100).hi, 99);
	v_void();
	CHECK_EQ(v_many(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 55);
	CHECK_EQ(rvt_graph_stop(), 0);
	ev = take(&nr);

	CHECK(find(ev, nr, RVT_EVENT_ENTRY, (uintptr_t)v_ints, 0, &s));
	CHECK_EQ(s.present, ARG_MASK);
	CHECK_EQ(s.v[0], (unsigned long)-128l);
	CHECK_EQ(s.v[1], 65535);
	CHECK_EQ(s.v[2], (unsigned long)-7l);
	CHECK_EQ(s.v[3], reg32(0x80000001u));
	CHECK_EQ(s.v[4], (unsigned long)-300l);
	CHECK_EQ(s.v[5], 200);
	CHECK_EQ(s.v[6], (unsigned long)-5l);
	CHECK_EQ(s.v[7], 123456789ul);
	CHECK(find(ev, nr, RVT_EVENT_EXIT, (uintptr_t)v_ints, 0, &s));
	CHECK_EQ(s.v[RVT_DATA_RET_A0], (unsigned long)-7l);
#ifdef RVT_REGS_FP
	CHECK_EQ(s.present, 7);
#else
	CHECK_EQ(s.present, 3);
#endif

	CHECK(find(ev, nr, RVT_EVENT_ENTRY, (uintptr_t)v_wide, 0, &s));
	CHECK(find(ev, nr, RVT_EVENT_EXIT, (uintptr_t)v_wide, 0, &s));
#if __riscv_xlen == 32
	CHECK_EQ(s.v[RVT_DATA_RET_A0], 0xfffffff1u);
	CHECK_EQ(s.v[RVT_DATA_RET_A1], 0xffffffffu);
#else
	CHECK_EQ(s.v[RVT_DATA_RET_A0], (unsigned long)-15l);
#endif
	CHECK(find(ev, nr, RVT_EVENT_ENTRY, (uintptr_t)v_wide, 0, &s));
#if __riscv_xlen == 32
	CHECK_EQ(s.v[0], 0xfffffffbu);
	CHECK_EQ(s.v[1], 0xffffffffu);
	CHECK_EQ(s.v[2], 0x9abcdef0u);
	CHECK_EQ(s.v[3], 0x12345678u);
#else
	CHECK_EQ(s.v[0], (unsigned long)-5l);
	CHECK_EQ(s.v[1], 0x123456789abcdef0ul);
#endif

	CHECK(find(ev, nr, RVT_EVENT_ENTRY, (uintptr_t)v_misc, 0, &s));
	CHECK_EQ(s.v[0], 1);
	CHECK_EQ(s.v[1], 'A');
	CHECK_EQ(s.v[2], GREEN);
	CHECK_EQ(s.v[3], (uintptr_t)&table[2]);
	CHECK_EQ(s.v[4], (uintptr_t)&pt);
	CHECK(find(ev, nr, RVT_EVENT_EXIT, (uintptr_t)v_misc, 0, &s));
	CHECK_EQ(s.v[RVT_DATA_RET_A0], BLUE);

#if defined(RVT_REGS_FP) && __riscv_flen == 64
	/* lp64d, ilp32d: all three in FP registers, the float NaN-boxed. */
	CHECK(find(ev, nr, RVT_EVENT_ENTRY, (uintptr_t)v_fp, 0, &s));
	CHECK_EQ(s.v[RVT_DATA_FARG(0)], 0xffffffff3fc00000ull);
	CHECK(s.v[RVT_DATA_FARG(1)] == 0xc002000000000000ull);
	CHECK_EQ(s.v[0], 7);
	CHECK(find(ev, nr, RVT_EVENT_EXIT, (uintptr_t)v_fp, 0, &s));
	CHECK(s.v[RVT_DATA_RET_FA0] == 0xc00b000000000000ull);
#elif defined(RVT_REGS_FP)
	/* ilp32f: the float in fa0; the double as two words in a0, a1. */
	CHECK(find(ev, nr, RVT_EVENT_ENTRY, (uintptr_t)v_fp, 0, &s));
	CHECK_EQ(s.v[RVT_DATA_FARG(0)], 0x3fc00000u);
	CHECK_EQ(s.v[0], 0);
	CHECK_EQ(s.v[1], 0xc0020000u);
	CHECK_EQ(s.v[2], 7);
	CHECK(find(ev, nr, RVT_EVENT_EXIT, (uintptr_t)v_fp, 0, &s));
	CHECK_EQ(s.v[RVT_DATA_RET_A0], 0);
	CHECK_EQ(s.v[RVT_DATA_RET_A1], 0xc00b0000u);
#endif

	CHECK(find(ev, nr, RVT_EVENT_EXIT, (uintptr_t)v_pair, 0, &s));
	CHECK_EQ(s.v[RVT_DATA_RET_A0], 42);
	CHECK_EQ(s.v[RVT_DATA_RET_A1], 99);

	CHECK(find(ev, nr, RVT_EVENT_ENTRY, (uintptr_t)v_many, 0, &s));
	CHECK_EQ(s.v[0], 1);
	CHECK_EQ(s.v[7], 8);
	CHECK(find(ev, nr, RVT_EVENT_EXIT, (uintptr_t)v_many, 0, &s));
	CHECK_EQ(s.v[RVT_DATA_RET_A0], 55);
	print_dump("graph-values");
}

/* The function tracer with two argument registers: entries only. */
static void function_args(void)
{
	const struct rvt_trace_config cfg = {
		.buffer = events, .buffer_size = sizeof(events), .nr_args = 2,
	};
	const struct rvt_event *ev;
	struct seen s;
	uint32_t nr;

	CHECK_EQ(rvt_ftrace_start(&cfg), 0);
	CHECK_EQ(v_many(11, 12, 3, 4, 5, 6, 7, 8, 9, 10), 75);
	CHECK_EQ(rvt_ftrace_stop(), 0);
	ev = take(&nr);
	CHECK(find(ev, nr, RVT_EVENT_ENTRY, (uintptr_t)v_many, 0, &s));
#ifdef RVT_REGS_FP
	CHECK_EQ(s.present, 0x303);
#else
	CHECK_EQ(s.present, 3);
#endif
	CHECK_EQ(s.v[0], 11);
	CHECK_EQ(s.v[1], 12);
	CHECK(!find(ev, nr, RVT_EVENT_EXIT, 0, 0, &s));
}

static const char fmt_hook[] = "hook: %s hit %d times";
static const char fmt_irq[] = "irq: hart %u, mcause %lx";
static const char fmt_main[] = "main: %c%c %5d|%-4x|%llu %p %%";
static const char fmt_none[] = "no arguments";
static const char fmt_more[] = "more: %i %o %X %hhd %hu %zu";
static const char fmt_rest[] = "rest: %.3s|%+d|%08lx|%jd|%td";
static const char word_abc[] = "abcdef";
static const char word_ints[] = "v_ints";
static int hook_hits;
static volatile int irq_done;

static void printk_hook(unsigned long ip, unsigned long parent_ip,
			struct rvt_ops *ops, struct rvt_regs *regs)
{
	(void)ip;
	(void)parent_ip;
	(void)ops;
	(void)regs;
	rvt_trace_printf(fmt_hook, word_ints, ++hook_hits);
}

void board_timer_interrupt(void)
{
	rvt_trace_printf(fmt_irq, board_hart_index(), 0x80000007ul);
	__atomic_store_n(&irq_done, 1, __ATOMIC_RELEASE);
}

static void printk_everywhere(void)
{
	const struct rvt_trace_config cfg = {
		.buffer = events, .buffer_size = sizeof(events),
	};
	const void *const only[] = { (const void *)v_ints };
	struct rvt_ops hook = {
		.func = printk_hook, .filter = only, .filter_len = 1,
	};
	const struct rvt_event *ev;
	struct seen s;
	uint32_t nr;

	CHECK_EQ(rvt_ftrace_start(&cfg), 0);
	CHECK_EQ(rvt_register(&hook), 0);
	rvt_trace_printf(fmt_main, 'o', 'k', -42, 0xbeefu, 18446744073709551615ull,
			 (void *)&pt);
	rvt_trace_printf(fmt_none);
	rvt_trace_printf(fmt_more, -7, 8u, 0xabcu, (signed char)-1,
			 (unsigned short)65535, (size_t)42);
	rvt_trace_printf(fmt_rest, word_abc, 5, 0xbeeful, (intmax_t)-9,
			 (ptrdiff_t)-3);
	CHECK_EQ(v_ints(1, 2, 3, 4, 5, 6, 7, 8), 3);
	irq_done = 0;
	board_timer_set(100);
	while (!__atomic_load_n(&irq_done, __ATOMIC_ACQUIRE))
		;
	CHECK_EQ(rvt_unregister(&hook), 0);
	CHECK_EQ(rvt_ftrace_stop(), 0);
	ev = take(&nr);

	CHECK(find(ev, nr, RVT_EVENT_PRINTK, (uintptr_t)fmt_main, 0, &s));
	CHECK_EQ(RVT_EVENT_DEPTH(s.ev->info), 6);
	CHECK_EQ(s.present, 0x3f);
	CHECK_EQ(s.v[0], 'o');
	CHECK_EQ(s.v[2], (unsigned long)-42l);
	CHECK(s.v[2] == (uint64_t)-42);
	CHECK_EQ(s.v[3], 0xbeef);
	CHECK(s.v[4] == ~0ull);
	CHECK_EQ(s.v[5], (uintptr_t)&pt);
	CHECK(find(ev, nr, RVT_EVENT_PRINTK, (uintptr_t)fmt_none, 0, &s));
	CHECK_EQ(s.present, 0);
	CHECK(find(ev, nr, RVT_EVENT_PRINTK, (uintptr_t)fmt_more, 0, &s));
	CHECK_EQ(s.present, 0x3f);
	CHECK(s.v[0] == (uint64_t)-7 && s.v[3] == (uint64_t)-1);
	CHECK(find(ev, nr, RVT_EVENT_PRINTK, (uintptr_t)fmt_rest, 0, &s));
	CHECK_EQ(s.present, 0x1f);
	CHECK_EQ(s.v[0], (uintptr_t)word_abc);
	CHECK(s.v[3] == (uint64_t)-9 && s.v[4] == (uint64_t)-3);
	CHECK(find(ev, nr, RVT_EVENT_PRINTK, (uintptr_t)fmt_hook, 0, &s));
	CHECK_EQ(s.v[0], (uintptr_t)word_ints);
	CHECK_EQ(s.v[1], 1);
	CHECK(find(ev, nr, RVT_EVENT_PRINTK, (uintptr_t)fmt_irq, 0, &s));
	CHECK_EQ(s.v[0], board_hart_index());
	CHECK_EQ(s.v[1], 0x80000007ul);
	print_dump("printk");
}

/* Only calls of thresh ticks or more, each one call event with its times. */
static void threshold(void)
{
	const struct rvt_trace_config cfg = {
		.buffer = events, .buffer_size = sizeof(events),
		.thresh = 200, .flags = RVT_TRACE_RETVAL,
	};
	const struct rvt_event *ev;
	struct seen s;
	uint32_t nr, i, calls = 0;

	CHECK_EQ(rvt_graph_start(&cfg), 0);
	v_outer(400);			/* v_void fast, v_slow slow: 2 calls */
	v_slow(10);			/* fast */
	v_void();			/* fast */
	v_slow(300);			/* slow */
	CHECK_EQ(rvt_graph_stop(), 0);
	ev = take(&nr);
	for (i = 0; i < nr; i++) {
		CHECK(RVT_EVENT_KIND(ev[i].info) == RVT_EVENT_CALL ||
		      RVT_EVENT_KIND(ev[i].info) == RVT_EVENT_DATA);
		calls += RVT_EVENT_KIND(ev[i].info) == RVT_EVENT_CALL;
	}
	CHECK_EQ(calls, 3);
	/* In the order they returned: v_slow inside v_outer first. */
	CHECK(find(ev, nr, RVT_EVENT_CALL, 0, 0, &s));
	CHECK_EQ(s.ev->func, (uintptr_t)v_slow);
	CHECK_EQ(RVT_EVENT_DEPTH(s.ev->info), 1);
	CHECK(s.present & 1u << RVT_DATA_ENTRY_TS);
	CHECK(s.ev->ts - s.v[RVT_DATA_ENTRY_TS] >= 400);
	CHECK(find(ev, nr, RVT_EVENT_CALL, 0, 1, &s));
	CHECK_EQ(s.ev->func, (uintptr_t)v_outer);
	CHECK_EQ(RVT_EVENT_DEPTH(s.ev->info), 0);
	CHECK(s.ev->ts - s.v[RVT_DATA_ENTRY_TS] >= 400);
	CHECK(find(ev, nr, RVT_EVENT_CALL, 0, 2, &s));
	CHECK_EQ(s.ev->func, (uintptr_t)v_slow);
	CHECK(s.ev->ts - s.v[RVT_DATA_ENTRY_TS] >= 300);
	print_dump("threshold");
}

/* The kept dump's events, or NULL if kept is no dump of one hart. */
static const struct rvt_event *kept_events(const uint8_t *kept, uint32_t *nr)
{
	const struct rvt_dump_header *hd = (const void *)kept;
	const struct rvt_dump_hart *hh;

	if (hd->version != RVT_DUMP_VERSION || hd->nr_harts != 1)
		return NULL;
	hh = (const void *)(kept + hd->header_size);
	*nr = hh->nr_events;
	return (const void *)(hh + 1);
}

/* The slowest of several calls is kept whole, and a slower one replaces it. */
static void slowest_call(void)
{
	static uint64_t kept[256];
	struct rvt_trace_config cfg = {
		.buffer = events, .buffer_size = sizeof(events),
		.max_func = (const void *)v_sometimes,
		.max_buf = kept, .max_size = sizeof(kept),
	};
	const unsigned long want[] = {
		RVT_EVENT_ENTRY, (uintptr_t)v_sometimes,
		RVT_EVENT_ENTRY, (uintptr_t)v_void,
		RVT_EVENT_EXIT, (uintptr_t)v_void,
		RVT_EVENT_ENTRY, (uintptr_t)v_slow,
		RVT_EVENT_EXIT, (uintptr_t)v_slow,
		RVT_EVENT_EXIT, (uintptr_t)v_sometimes,
	};
	const struct rvt_event *ev;
	struct rvt_graph_max m;
	unsigned int i;
	uint32_t nr;

	CHECK_EQ(rvt_graph_start(&cfg), 0);
	CHECK_EQ(rvt_graph_max(&m), 0);
	CHECK_EQ(m.ticks, 0);
	CHECK_EQ(rvt_graph_max_dump(dump_write, NULL), RVT_ENOENT);
	for (i = 0; i < 6; i++)
		v_sometimes(i == 2 ? 300 : 0);
	CHECK_EQ(rvt_graph_max(&m), 0);
	CHECK(m.ticks >= 300 && m.ticks < 400);
	v_sometimes(0);
	v_outer(500);			/* not max_func: no matter how slow */
	v_sometimes(600);		/* the new slowest */
	v_sometimes(350);
	CHECK_EQ(rvt_graph_stop(), 0);

	CHECK_EQ(rvt_graph_max(&m), 0);
	CHECK(m.ticks >= 600 && m.ticks < 700);
	CHECK_EQ(m.hart, board_hart_index());
	CHECK_EQ(m.missed, 0);
	ev = kept_events((const uint8_t *)kept, &nr);
	CHECK(ev);
	CHECK_EQ(nr, 6);
	for (i = 0; i < 6; i++) {
		CHECK_EQ(RVT_EVENT_KIND(ev[i].info), want[2 * i]);
		CHECK_EQ(ev[i].func, want[2 * i + 1]);
	}
	CHECK(ev[5].ts - ev[0].ts == m.ticks);
	dump_len = 0;
	CHECK_EQ(rvt_graph_max_dump(dump_write, NULL), (int)m.len);
	CHECK(!memcmp(dump_bytes, kept, m.len));
	board_printf("values run slowest\n");
	CHECK(rvt_graph_max_dump_text(board_console_write, NULL) > 0);

	/* Too small to hold the call: counted, not kept. */
	cfg.max_size = sizeof(struct rvt_dump_header) +
		       sizeof(struct rvt_dump_hart) +
		       4 * sizeof(struct rvt_event);
	CHECK_EQ(rvt_graph_start(&cfg), 0);
	v_sometimes(100);
	CHECK_EQ(rvt_graph_stop(), 0);
	CHECK_EQ(rvt_graph_max(&m), 0);
	CHECK_EQ(m.ticks, 0);
	CHECK_EQ(m.missed, 1);

	/* Refused: with a threshold, without a buffer, too small, ftrace. */
	cfg.max_size = sizeof(kept);
	cfg.thresh = 10;
	CHECK_EQ(rvt_graph_start(&cfg), RVT_EINVAL);
	cfg.thresh = 0;
	CHECK_EQ(rvt_ftrace_start(&cfg), RVT_EINVAL);
	cfg.max_buf = NULL;
	CHECK_EQ(rvt_graph_start(&cfg), RVT_EINVAL);
	cfg.max_buf = kept;
	cfg.max_size = sizeof(struct rvt_dump_header);
	CHECK_EQ(rvt_graph_start(&cfg), RVT_EINVAL);
	CHECK_EQ(rvt_trace_running(), RVT_DUMP_TRACER_NONE);
	/* What the last run kept is still there. */
	CHECK_EQ(rvt_graph_max(&m), 0);
	CHECK_EQ(m.missed, 1);
}

/*
 * Stop mode: a printk whose slots would run past the full ring's end
 * leaves the ones before the end as lost placeholders, so that a
 * consuming read goes on to the end and counts the rest as dropped.
 */
static void stop_when_full(void)
{
	static uint64_t small[8 * sizeof(struct rvt_event) / sizeof(uint64_t)];
	const struct rvt_trace_config cfg = {
		.buffer = small, .buffer_size = sizeof(small),
		.flags = RVT_TRACE_STOP_WHEN_FULL,
	};
	const struct rvt_dump_hart *hh;
	const struct rvt_event *ev;
	uint32_t nr;

	if (board_nr_harts() != 1)
		return;
	CHECK_EQ(rvt_ftrace_start(&cfg), 0);
	v_void();					/* claim 0 */
	rvt_trace_printf(fmt_more, 1, 2u, 3u, (signed char)4,
			 (unsigned short)5, (size_t)6); /* 1-3 */
	rvt_trace_printf(fmt_more, 1, 2u, 3u, (signed char)4,
			 (unsigned short)5, (size_t)6); /* 4-6 */
	rvt_trace_printf(fmt_more, 1, 2u, 3u, (signed char)4,
			 (unsigned short)5, (size_t)6); /* 7-9 */
	v_void();					/* 10 */
	dump_len = 0;
	CHECK(rvt_trace_read(dump_write, NULL) > 0);
	CHECK_EQ(rvt_ftrace_stop(), 0);
	ev = dump_events(0, &nr, &hh);
	CHECK_EQ(nr, 8);
	CHECK_EQ(ev[7].info, 0);	/* lost: kind 0 */
	CHECK_EQ(ev[7].seq, 8);
	CHECK_EQ(hh->dropped, 3);
}

/* Values in a stream's chunk too, for the decoder's --follow. */
static void streamed(void)
{
	const struct rvt_trace_config cfg = {
		.buffer = events, .buffer_size = sizeof(events),
		.nr_args = 4, .flags = RVT_TRACE_RETVAL,
	};

	CHECK_EQ(rvt_graph_start(&cfg), 0);
	CHECK_EQ(v_wide(-5, 7), -15);
	v_outer(0);
	board_printf("values run stream\n");
	CHECK(rvt_trace_read_text(board_console_write, NULL) > 0);
	CHECK_EQ(rvt_graph_stop(), 0);
}

/* Each refusal leaves the last trace and the tracer state as they were. */
static void refusals(void)
{
	struct rvt_trace_config cfg = {
		.buffer = events, .buffer_size = sizeof(events),
	};

	cfg.nr_args = RVT_TRACE_MAX_ARGS + 1;
	CHECK_EQ(rvt_graph_start(&cfg), RVT_EINVAL);
	CHECK_EQ(rvt_ftrace_start(&cfg), RVT_EINVAL);
	cfg.nr_args = 1;
	cfg.thresh = 5;
	CHECK_EQ(rvt_graph_start(&cfg), RVT_EINVAL);
	CHECK_EQ(rvt_ftrace_start(&cfg), RVT_EINVAL);
	cfg.nr_args = 0;
	cfg.thresh = 0;
	cfg.flags = RVT_TRACE_RETVAL;
	CHECK_EQ(rvt_ftrace_start(&cfg), RVT_EINVAL);
	cfg.flags = 1u << 7;
	CHECK_EQ(rvt_graph_start(&cfg), RVT_EINVAL);
	/* Room for two events of two slots, not for two of eight arguments. */
	cfg.flags = 0;
	cfg.nr_args = 8;
	cfg.buffer_size = 4 * sizeof(struct rvt_event) * board_nr_harts();
	CHECK_EQ(rvt_graph_start(&cfg), RVT_EINVAL);
	cfg.nr_args = 0;
	CHECK_EQ(rvt_graph_start(&cfg), 0);
	CHECK_EQ(rvt_graph_stop(), 0);

	CHECK_EQ(rvt_trace_running(), RVT_DUMP_TRACER_NONE);
}

static void refusal_keeps_trace(void)
{
	struct rvt_trace_config cfg = {
		.buffer = events, .buffer_size = sizeof(events), .nr_args = 9,
	};
	static uint8_t before[sizeof(dump_bytes)];
	size_t len;

	dump_take();
	len = dump_len;
	memcpy(before, dump_bytes, len);
	CHECK_EQ(rvt_graph_start(&cfg), RVT_EINVAL);
	dump_take();
	CHECK_EQ(dump_len, len);
	CHECK(!memcmp(before, dump_bytes, len));
}

int main(void)
{
	struct rvt_graph_max m;

	CHECK_EQ(rvt_graph_max(&m), RVT_EPERM);
	CHECK_EQ(rvt_graph_max_dump(dump_write, NULL), RVT_EPERM);
	CHECK(rvt_init(board_platform()) > 0);
	CHECK_EQ(rvt_graph_max(&m), RVT_ENOENT);
	CHECK_EQ(rvt_graph_max(NULL), RVT_EINVAL);
	entries_and_exits();
	refusal_keeps_trace();
	function_args();
	printk_everywhere();
	threshold();
	slowest_call();
	refusals();
	stop_when_full();
	streamed();
	board_printf("trace_values: raw argument, return and printk values exact; threshold keeps 3 of 5 calls; the slowest call kept whole\n");
	return 0;
}
