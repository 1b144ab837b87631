// SPDX-License-Identifier: BSD-2-Clause
/*
 * Patching costs on the N generated functions (gen_funcs.cmake): rvt_init()
 * per site; one hook on every function (one batch that switches all N sites
 * on) and its removal, per site, while every other hart is online, asleep,
 * and answering the synchronisation rounds; the IPIs each batch sent, in
 * rounds (IPIs / other harts); a round with nothing to change, per other
 * hart. Also the RAM per site the linker reserved.
 *
 * The rows with goals are measured as on conforming hardware: the platform
 * without RVT_PLAT_QUIRK_REFETCH, which -icount allows (QEMU then runs one
 * thread, so no translation overlaps a store). The "refetch" rows repeat
 * the batch pair with the quirk, as QEMU's virt board sets it otherwise.
 *
 * Under -icount QEMU runs the harts in turn on one thread, instret counts
 * the instructions of all of them, and a hart that spins keeps the others
 * from running until its time slice (millions of instructions) is over. So
 * no hart here waits by spinning: each IPI the library sends waits, asleep,
 * until its target has taken it and woken the sender. A batch's figure is
 * then every instruction the machine ran for it: the patching hart's work,
 * and the other harts' interrupts and handshakes.
 */
#include <stdio.h>

#include "funcs.h"
#include "bench.h"

/* Defined by linker/rvtrace_rodata.ld and rvtrace_bss.ld. */
extern const char __rvt_sites_start[], __rvt_sites_end[];
extern const char __rvt_sites_ro_end[];
extern const char __rvt_site_state[], __rvt_site_state_end[];

static struct rvt_platform plat;
static unsigned long ipis;
static unsigned long calls_seen;
static unsigned long wakes[BOARD_MAX_HARTS];
static unsigned long harts_up;
static unsigned int boot_hart;
static int stop;

static unsigned long load(const unsigned long *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

/*
 * Sleep until *p differs from old. Interrupts stay off, so a wake-up that
 * comes before the wfi keeps it from sleeping rather than being taken.
 */
static void sleep_while(const unsigned long *p, unsigned long old)
{
	const struct rvt_platform *b = board_platform();
	unsigned long flags = b->irq_save();

	while (load(p) == old) {
		__asm__ __volatile__("wfi");
		b->clear_ipi();
	}
	b->irq_restore(flags);
}

static int handshake_send_ipi(unsigned int hart)
{
	unsigned long seen = load(&wakes[hart]);
	int ret;

	ipis++;
	ret = board_platform()->send_ipi(hart);
	if (!ret)
		sleep_while(&wakes[hart], seen);
	return ret;
}

static void count(unsigned long ip, unsigned long parent_ip,
		  struct rvt_ops *ops, struct rvt_regs *regs)
{
	(void)ip;
	(void)parent_ip;
	(void)ops;
	(void)regs;
	calls_seen++;
}

static struct rvt_ops every = { .func = count };

/* Online, interrupts on: each interrupt taken is reported to the boot hart. */
static void sleep_online(unsigned int hart, void *arg)
{
	(void)arg;
	__atomic_fetch_add(&harts_up, 1, __ATOMIC_RELEASE);
	board_platform()->send_ipi(boot_hart);
	while (!__atomic_load_n(&stop, __ATOMIC_ACQUIRE)) {
		__asm__ __volatile__("wfi");
		__atomic_fetch_add(&wakes[hart], 1, __ATOMIC_RELEASE);
		board_platform()->send_ipi(boot_hart);
	}
}

static unsigned long call_all(void)
{
	unsigned long x = 0;
	unsigned int i;

	for (i = 0; i < bench_nr_fns; i++)
		x += bench_fns[i](i);
	return x;
}

static void report_batch(const char *name, const char *what, uint64_t insns,
			 unsigned int others, const char *variant)
{
	char v[48];

	bench_row(name, variant, bench_per((int64_t)insns, bench_nr_fns),
		  "insn/site", BENCH_NO_BASELINE);
	if (!what)
		return;
	snprintf(v, sizeof(v), "%s/%s", what, variant);
	/* One hart alone has nobody to interrupt: no round at all. */
	bench_row("ipi_rounds_per_batch", v,
		  others ? (int64_t)(ipis * 100 / others) : 0, "rounds",
		  BENCH_NO_BASELINE);
}

/* One batch, op on the hook of every function; its rows as "<what>_all". */
static void batch(int (*op)(struct rvt_ops *), const char *what,
		  unsigned int others, const char *variant, bool refetch)
{
	char name[40];
	uint64_t t0, t1;

	ipis = 0;
	t0 = board_instret();
	CHECK_EQ(op(&every), 0);
	t1 = board_instret();
	snprintf(name, sizeof(name), "%s_all%s_per_site", what,
		 refetch ? "_refetch" : "");
	report_batch(name, refetch ? NULL : what, t1 - t0, others, variant);
}

/*
 * One round with nothing changed (rvt_synchronize(): a grace period), per
 * other hart: what a round costs the machine for each hart it interrupts.
 */
static void idle_round(unsigned int others, const char *variant)
{
	uint64_t t0, t1;

	ipis = 0;
	t0 = board_instret();
	CHECK_EQ(rvt_synchronize(), 0);
	t1 = board_instret();
	bench_row("round_per_hart", variant,
		  bench_per((int64_t)(t1 - t0), others), "insn/hart",
		  BENCH_NO_BASELINE);
	bench_row("ipi_rounds_per_sync", variant,
		  (int64_t)(ipis * 100 / others), "rounds", BENCH_NO_BASELINE);
}

/* One hook on every function, and its removal; every call still counted. */
static void batch_pair(unsigned long sum, unsigned int others,
		       const char *variant, bool refetch)
{
	unsigned long seen = calls_seen;

	plat.quirks = refetch ? RVT_PLAT_QUIRK_REFETCH : 0;
	batch(rvt_register, "enable", others, variant, refetch);
	CHECK_EQ(call_all(), sum);
	CHECK_EQ(calls_seen, seen + bench_nr_fns);
	batch(rvt_unregister, "disable", others, variant, refetch);
	CHECK_EQ(call_all(), sum);
	CHECK_EQ(calls_seen, seen + bench_nr_fns);
}

int main(void)
{
	unsigned int harts = board_nr_harts(), others = harts - 1, h;
	unsigned long sum, up;
	uint64_t t0, t1;
	char variant[32];
	int n;

	snprintf(variant, sizeof(variant), "N=%u/%uh", bench_nr_fns, harts);
	plat = *board_platform();
	plat.send_ipi = handshake_send_ipi;
	boot_hart = board_hart_index();
	sum = call_all();

	t0 = board_instret();
	n = rvt_init(&plat);
	t1 = board_instret();
	CHECK_EQ(n, bench_nr_fns);
	bench_row("init_per_site", variant, bench_per((int64_t)(t1 - t0), n),
		  "insn/site", BENCH_NO_BASELINE);
	bench_row("ram_per_site", "state",
		  bench_per(__rvt_site_state_end - __rvt_site_state, n),
		  "bytes", BENCH_NO_BASELINE);
	/* The table as rvtrace.ld links it: writable, so in RAM. */
	bench_row("ram_per_site", "state+table",
		  bench_per(__rvt_site_state_end - __rvt_site_state +
			    __rvt_sites_end - __rvt_sites_start, n),
		  "bytes", BENCH_NO_BASELINE);
	/* As this image links it (rvtrace_rodata.ld): none of it in RAM. */
	CHECK_EQ((unsigned long)__rvt_sites_ro_end,
		 (unsigned long)__rvt_sites_end);
	bench_row("ram_per_site", "state+table_ro",
		  bench_per(__rvt_site_state_end - __rvt_site_state +
			    __rvt_sites_end - __rvt_sites_ro_end, n),
		  "bytes", BENCH_NO_BASELINE);

	board_run_others(sleep_online, NULL);
	for (up = 0; up < others; up = __atomic_load_n(&harts_up,
							__ATOMIC_ACQUIRE))
		sleep_while(&harts_up, up);

	batch_pair(sum, others, variant, false);
	batch_pair(sum, others, variant, true);
	if (others)
		idle_round(others, variant);

	__atomic_store_n(&stop, 1, __ATOMIC_RELEASE);
	for (h = 0; h < harts; h++)
		if (h != boot_hart)
			handshake_send_ipi(h);
	board_wait_others();
	return 0;
}
