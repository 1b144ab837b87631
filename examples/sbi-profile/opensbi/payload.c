// SPDX-License-Identifier: BSD-2-Clause
/*
 * An S-mode payload that has OpenSBI trace its own handling of the payload's
 * SBI calls, through the rvtrace SBI extension (rvtrace/sbi_ext.h) of an
 * OpenSBI built with integrations/opensbi/:
 *
 * 1. starts the other harts (SBI HSM) and, while they come up, the profiler
 *    on every traced function of OpenSBI ("sbi_*"): that round meets harts
 *    between OpenSBI's final_init and STARTED, the window that
 *    rvtrace_opensbi.c's send_ipi waits out;
 * 2. starts the function-graph tracer on the ecall path once every hart
 *    runs the payload;
 * 3. every hart makes ROUNDS rounds of SBI calls (base, timer, IPI,
 *    remote fences, HSM status), each result checked;
 * 4. stops both, prints the profiler's rows (PROFILE) and the trace's dump
 *    (DUMP) as the "@rvtrace" text frame that rvtrace-decode reads from the
 *    console log, and powers off.
 *
 * The extension is the interface; of the library the payload links only
 * rvt_dump_frame_text(), which frames the dump it got for the console.
 * Last line "sbi-trace: PASS", or "sbi-trace: FAIL <why>".
 */
#include <stdint.h>

#include <rvtrace/sbi_ext.h>
#include <rvtrace/trace.h>

#define MAX_HARTS	8	/* start.S has this many stacks */
#define ROUNDS		5
#define DUMP_MAX	(512 * 1024)
#define PROFILE_ROWS	24
/*
 * A start or stop that waited for rvtrace's 10 s sync timeout (a hart the
 * round could not reach) takes longer than this; a slow host's QEMU, running
 * 8 harts on 2 cores, takes about 1 s.
 */
#define SLOW_TICKS	(5 * 10000000UL)	/* 5 s of QEMU virt's 10 MHz */

#define SBI_EXT_BASE	0x10
#define SBI_EXT_TIME	0x54494d45
#define SBI_EXT_IPI	0x735049
#define SBI_EXT_RFENCE	0x52464e43
#define SBI_EXT_HSM	0x48534d
#define SBI_EXT_SRST	0x53525354
#define SBI_EXT_DBCN	0x4442434e
#define HSM_STARTED	0

/* What to trace: the ecall path, and what IPIs and fences run there. */
static const char graph_globs[] =
	"sbi_trap_handler sbi_ecall_* sbi_tlb_* sbi_timer_*";
static const char profile_globs[] = "sbi_*";

static struct rvt_sbi_ret sbi(unsigned long ext, unsigned long fid,
			       unsigned long arg0, unsigned long arg1,
			       unsigned long arg2, unsigned long arg3)
{
	return rvt_sbi_ecall(ext, fid, arg0, arg1, arg2, arg3, 0);
}

static uint64_t ticks(void)
{
	uint64_t t;

	__asm__ __volatile__("rdtime %0" : "=r"(t));
	return t;
}

/* --- Console: SBI debug console, or the legacy putchar ------------------- */

static int have_dbcn;
static char out[256];
static unsigned int out_fill;

static void flush(void)
{
	unsigned int i, done = 0;
	struct rvt_sbi_ret r;

	while (have_dbcn && done < out_fill) {
		r = sbi(SBI_EXT_DBCN, 0, out_fill - done,
			(unsigned long)&out[done], 0, 0);
		if (r.error)
			break;
		done += r.value;
	}
	for (i = done; i < out_fill; i++)
		sbi(0x01, 0, (unsigned char)out[i], 0, 0, 0);
	out_fill = 0;
}

static void put_char(char c)
{
	out[out_fill++] = c;
	if (c == '\n' || out_fill == sizeof(out))
		flush();
}

static void put_str(const char *s)
{
	while (*s)
		put_char(*s++);
}

static void put_dec(unsigned long v, int width)
{
	char d[24];
	int n = 0;

	do {
		d[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (width-- > n)
		put_char(' ');
	while (n)
		put_char(d[--n]);
}

static void put_hex(unsigned long v, int digits)
{
	while (digits--)
		put_char("0123456789abcdef"[(v >> (4 * digits)) & 0xf]);
}

/* Ticks of the 10 MHz time CSR as microseconds, one decimal. */
static void put_us(uint64_t t, int width)
{
	put_dec((unsigned long)(t / 10), width - 2);
	put_char('.');
	put_dec((unsigned long)(t % 10), 1);
}

/* rvt_dump_frame_text()'s writer: the console. */
static int console_write(void *ctx, const void *buf, size_t len)
{
	const char *p = buf;

	(void)ctx;
	while (len--)
		put_char(*p++);
	return 0;
}

/* --- The harts and their rounds -------------------------------------------- */

void _secondary(void);

static unsigned long nr_harts, boot_hart;
static int arrived, finished, go, failed;
static uint8_t dump[DUMP_MAX] __attribute__((aligned(8)));
static struct rvt_sbi_profile_row rows[PROFILE_ROWS];

static void fail(int code)
{
	__atomic_store_n(&failed, code, __ATOMIC_RELAXED);
}

/* Every call checked; the first wrong result fails the run. */
static int sbi_round(unsigned long hart)
{
	unsigned long next = (hart + 1) % nr_harts;
	struct rvt_sbi_ret r;

	r = sbi(SBI_EXT_BASE, 0, 0, 0, 0, 0);	/* spec version */
	if (r.error || r.value < 0x1000000)
		return 10;
	r = sbi(SBI_EXT_BASE, 3, SBI_EXT_TIME, 0, 0, 0);	/* probe */
	if (r.error || !r.value)
		return 11;
	if (sbi(SBI_EXT_BASE, 4, 0, 0, 0, 0).error ||	/* mvendorid */
	    sbi(SBI_EXT_BASE, 5, 0, 0, 0, 0).error ||	/* marchid */
	    sbi(SBI_EXT_BASE, 6, 0, 0, 0, 0).error)	/* mimpid */
		return 12;
	if (sbi(SBI_EXT_TIME, 0, -1UL, 0, 0, 0).error)	/* never fires */
		return 13;
	if (sbi(SBI_EXT_IPI, 0, 1UL << next, 0, 0, 0).error)
		return 14;
	if (sbi(SBI_EXT_RFENCE, 0, 1UL << next, 0, 0, 0).error ||
	    sbi(SBI_EXT_RFENCE, 1, 1UL << hart, 0, 0, 4096).error)
		return 15;
	r = sbi(SBI_EXT_HSM, 2, next, 0, 0, 0);
	if (r.error || r.value != HSM_STARTED)
		return 16;
	return 0;
}

static void run_rounds(unsigned long hart)
{
	int i, err = 0;

	rvt_sbi_call(RVT_SBI_MARKER, 0x5b10 + hart, 0, 0, 0, 0);
	for (i = 0; i < ROUNDS && !err; i++)
		err = sbi_round(hart);
	if (err)
		fail(err);
}

void payload_secondary(unsigned long hart)
{
	__atomic_fetch_add(&arrived, 1, __ATOMIC_RELEASE);
	while (!__atomic_load_n(&go, __ATOMIC_ACQUIRE))
		;
	run_rounds(hart);
	__atomic_fetch_add(&finished, 1, __ATOMIC_RELEASE);
}

static void wait_count(int *count, int want)
{
	while (__atomic_load_n(count, __ATOMIC_ACQUIRE) < want)
		;
}

/* --- The boot hart --------------------------------------------------------- */

static struct rvt_sbi_ret start(unsigned long tracer, unsigned long flags,
				const char *globs, int names)
{
	unsigned long len = 0;

	while (names && globs[len])
		len++;
	return rvt_sbi_call(RVT_SBI_START, tracer, flags, RVT_SBI_LO(globs),
			    RVT_SBI_HI(globs), len);
}

static void report(const char *what, long error, uint64_t took)
{
	put_str("sbi-trace: ");
	put_str(what);
	put_str(error ? ": error " : ": ok, ");
	if (error) {
		put_dec((unsigned long)-error, 0);
		put_str(", ");
	}
	put_us(took, 0);
	put_str(" us\n");
}

static void print_profile(void)
{
	struct rvt_sbi_ret r = rvt_sbi_call(RVT_SBI_PROFILE, RVT_SBI_LO(rows),
					    RVT_SBI_HI(rows), sizeof(rows), 0,
					    0);
	unsigned long i;

	if (r.error || !r.value) {
		fail(30);
		return;
	}
	put_str("sbi-trace: profile, busiest first (M-mode addresses, "
		"times in us)\n");
	put_str("@sbi-profile         func      hits     total      self"
		"       min       max\n");
	for (i = 0; i < r.value; i++) {
		put_str("@sbi-profile ");
		put_hex(rows[i].func, 16);
		put_dec(rows[i].hits, 10);
		put_us(rows[i].total, 10);
		put_us(rows[i].self, 10);
		put_us(rows[i].min, 10);
		put_us(rows[i].max, 10);
		put_char('\n');
	}
}

static void print_dump(void)
{
	struct rvt_sbi_ret r = rvt_sbi_call(RVT_SBI_DUMP_SIZE, 0, 0, 0, 0, 0);

	if (r.error || r.value > sizeof(dump)) {
		fail(31);
		return;
	}
	r = rvt_sbi_call(RVT_SBI_DUMP, RVT_SBI_LO(dump), RVT_SBI_HI(dump),
			 sizeof(dump), 0, 0);
	if (r.error || !r.value) {
		fail(32);
		return;
	}
	rvt_dump_frame_text(dump, r.value, console_write, NULL);
}

void payload_main(unsigned long hart)
{
	struct rvt_sbi_ret r;
	uint64_t t, took[4];
	long err[4];
	unsigned long h;
	int names;

	boot_hart = hart;
	have_dbcn = sbi(SBI_EXT_BASE, 3, SBI_EXT_DBCN, 0, 0, 0).value != 0;
	put_str("sbi-trace: boot hart ");
	put_dec(hart, 0);
	put_char('\n');
	if (!sbi(SBI_EXT_BASE, 3, RVT_SBI_EXT_ID, 0, 0, 0).value) {
		put_str("sbi-trace: FAIL no rvtrace extension\n");
		goto off;
	}
	r = rvt_sbi_call(RVT_SBI_TRACERS, 0, 0, 0, 0, 0);
	names = !r.error && (r.value & RVT_SBI_HAS_NAMES);

	/* Hart IDs 0 .. N-1, as on QEMU virt: HSM knows each of them. */
	for (nr_harts = 0; nr_harts < MAX_HARTS; nr_harts++)
		if (sbi(SBI_EXT_HSM, 2, nr_harts, 0, 0, 0).error)
			break;
	for (h = 0; h < nr_harts; h++)
		if (h != hart && sbi(SBI_EXT_HSM, 0, h,
				     (unsigned long)_secondary, 0, 0).error)
			fail(1);

	/* 1: the profiler, while the other harts are still starting. */
	t = ticks();
	r = start(RVT_SBI_PROFILER, 0, profile_globs, names);
	took[0] = ticks() - t;
	err[0] = r.error;
	wait_count(&arrived, (int)nr_harts - 1);

	/* 2: the graph tracer, every hart in the payload. */
	t = ticks();
	r = start(RVT_SBI_GRAPH, RVT_SBI_STOP_WHEN_FULL, graph_globs, names);
	took[1] = ticks() - t;
	err[1] = r.error;

	/* 3: the rounds. */
	__atomic_store_n(&go, 1, __ATOMIC_RELEASE);
	run_rounds(hart);
	wait_count(&finished, (int)nr_harts - 1);

	/* 4: stop, report, dump. */
	t = ticks();
	err[2] = rvt_sbi_call(RVT_SBI_STOP, RVT_SBI_GRAPH, 0, 0, 0, 0).error;
	took[2] = ticks() - t;
	t = ticks();
	err[3] = rvt_sbi_call(RVT_SBI_STOP, RVT_SBI_PROFILER, 0, 0, 0, 0).error;
	took[3] = ticks() - t;

	put_str("sbi-trace: ");
	put_dec(nr_harts, 0);
	put_str(" harts, ");
	put_dec(ROUNDS, 0);
	put_str(" rounds each, names ");
	put_str(names ? "embedded\n" : "absent (no filters)\n");
	report("start profiler", err[0], took[0]);
	report("start graph", err[1], took[1]);
	report("stop graph", err[2], took[2]);
	report("stop profiler", err[3], took[3]);
	for (h = 0; h < 4; h++)
		if (err[h] || took[h] > SLOW_TICKS)
			fail(20 + (int)h);
	print_profile();
	print_dump();
	if (failed) {
		put_str("sbi-trace: FAIL ");
		put_dec((unsigned long)failed, 0);
		put_char('\n');
	} else {
		put_str("sbi-trace: PASS\n");
	}
off:
	flush();
	sbi(SBI_EXT_SRST, 0, 0, 0, 0, 0);	/* shutdown */
}
