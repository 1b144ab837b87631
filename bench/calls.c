// SPDX-License-Identifier: BSD-2-Clause
/*
 * The cost per call of every mode, on the two workloads: the copy built
 * without instrumentation is the baseline, measured in the same run; the
 * copy with rvtrace's sites is measured as compiled, armed, hooked and
 * traced and profiled; the -finstrument-functions and (GCC) -pg copies record the
 * function tracer's event. Built with the ops slot (an -ops preset), the
 * single hook is the per-function ops slot's path.
 */
#include "baseline.h"
#include "workload.h"
#include "bench.h"

#ifdef RVT_TEST_CALL_OPS
#define SINGLE_HOOK	"null_hook_ops_slot"
#else
#define SINGLE_HOOK	"null_hook_single"
#endif

void bench_empty_tramp(void);

static struct wl_state states[4];
static const struct bench_copy plain = { plain_tiny, plain_mix, &states[0] };
static const struct bench_copy site = { site_tiny, site_mix, &states[1] };
static const struct bench_copy fin = { fin_tiny, fin_mix, &states[2] };
#ifdef BENCH_PG
static const struct bench_copy pg = { pg_tiny, pg_mix, &states[3] };
#endif

static struct bench_cost none;
static unsigned long calls_seen;

static void nothing(unsigned long ip, unsigned long parent_ip,
		    struct rvt_ops *ops, struct rvt_regs *regs)
{
	(void)ip;
	(void)parent_ip;
	(void)ops;
	(void)regs;
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

/* Every hook applies to every function: only the site_ copy has sites. */
static struct rvt_ops counter = { .func = count };
static struct rvt_ops null_hooks[4] = {
	{ .func = nothing }, { .func = nothing },
	{ .func = nothing }, { .func = nothing },
};
static struct rvt_ops direct;

static void measure_hooks(const char *name, unsigned int n)
{
	struct bench_cost c;
	unsigned int i;

	for (i = 0; i < n; i++)
		CHECK_EQ(rvt_register(&null_hooks[i]), 0);
	bench_measure(&site, &c);
	for (i = 0; i < n; i++)
		CHECK_EQ(rvt_unregister(&null_hooks[i]), 0);
	bench_report(name, &c, &none);
}

static uint64_t trace_events(void)
{
	struct rvt_trace_stats st;

	CHECK_EQ(rvt_trace_stats(&st), 0);
	return st.recorded + st.overwritten + st.dropped;
}

/* Calls that returned, over every function the profile holds. */
static uint64_t profile_hits(void)
{
	struct rvt_profile_entry e = { .func = NULL };
	uint64_t hits = 0;

	while (rvt_profile_next(&e) == 0)
		hits += e.hits;
	return hits;
}

static struct rvt_platform plat;

#define PRINTK_CALLS	1000UL

/*
 * The tracers with values: two argument registers an entry (the function
 * tracer, the graph tracer), the return value an exit; each data event is
 * one slot more. And one rvt_trace_printf() of two arguments, per call,
 * over an empty loop.
 */
/* A tracer started with cfg over the site copy: events per call, its row. */
static void measure_tracer(const char *name,
			   int (*start)(const struct rvt_trace_config *),
			   int (*stop)(void), const struct rvt_trace_config *cfg,
			   uint64_t events)
{
	struct bench_cost c;

	CHECK_EQ(start(cfg), 0);
	bench_measure(&site, &c);
	CHECK_EQ(trace_events(), events * BENCH_CALLS);
	CHECK_EQ(stop(), 0);
	bench_report(name, &c, &none);
}

/* fa0 and fa1 too under a hard-float ABI: a data event of their own. */
#ifdef RVT_REGS_FP
#define ARG_EVENTS	2
#else
#define ARG_EVENTS	1
#endif

static void measure_values(void)
{
	struct rvt_trace_config cfg = { .nr_args = 2 };
	uint64_t start, loop, printk;
	unsigned long i;

	measure_tracer("ftrace_args2", rvt_ftrace_start, rvt_ftrace_stop, &cfg,
		       1 + ARG_EVENTS);
	measure_tracer("graph_args2", rvt_graph_start, rvt_graph_stop, &cfg,
		       2 + ARG_EVENTS);
	cfg.nr_args = 0;
	cfg.flags = RVT_TRACE_RETVAL;
	measure_tracer("graph_retval", rvt_graph_start, rvt_graph_stop, &cfg, 3);

	CHECK_EQ(rvt_ftrace_start(NULL), 0);
	start = board_instret();
	for (i = 0; i < PRINTK_CALLS; i++)
		__asm__ volatile("" : "+r"(i));
	loop = board_instret() - start;
	start = board_instret();
	for (i = 0; i < PRINTK_CALLS; i++) {
		rvt_trace_printf("bench %lu %d", i, 7);
		__asm__ volatile("" : "+r"(i));
	}
	printk = board_instret() - start;
	CHECK_EQ(trace_events(), 2 * PRINTK_CALLS);
	CHECK_EQ(rvt_ftrace_stop(), 0);
	bench_row("printk_event", "2args",
		  bench_per((int64_t)(printk - loop), PRINTK_CALLS),
		  "insn/call", BENCH_NO_BASELINE);
}

static void measure_baseline(const char *name, const struct bench_copy *copy)
{
	struct bench_cost c;

	baseline_reset();
	bench_measure(copy, &c);
	CHECK_EQ(baseline_events(), BENCH_CALLS);
	bench_report(name, &c, &none);
}

int main(void)
{
	struct bench_cost c;

	bench_warm_up(&plain);
	bench_warm_up(&site);
	bench_warm_up(&fin);
#ifdef BENCH_PG
	bench_warm_up(&pg);
#endif
	bench_measure(&plain, &none);
	bench_report("none", &none, &none);

	bench_measure(&site, &c);
	bench_report("sites_compiled", &c, &none);

	/* The harts there are, all online: the fast entries may be taken. */
	plat = *board_platform();
	plat.nr_harts = board_nr_harts();
	CHECK(rvt_init(&plat) > 0);
	bench_measure(&site, &c);
	bench_report("armed_off", &c, &none);

	/* Every call of the workloads reaches a hook: WL_MIX_CALLS is right. */
	CHECK_EQ(rvt_register(&counter), 0);
	bench_measure(&site, &c);
	CHECK_EQ(rvt_unregister(&counter), 0);
	CHECK_EQ(calls_seen, BENCH_CALLS);

	measure_hooks(SINGLE_HOOK, 1);
	measure_hooks("null_hook_list4", 4);

	CHECK_EQ(rvt_register_direct(&direct,
				     (unsigned long)bench_empty_tramp), 0);
	bench_measure(&site, &c);
	CHECK_EQ(rvt_unregister_direct(&direct), 0);
	bench_report("direct_empty", &c, &none);

	CHECK_EQ(rvt_ftrace_start(NULL), 0);
	bench_measure(&site, &c);
	CHECK_EQ(trace_events(), BENCH_CALLS);
	CHECK_EQ(rvt_ftrace_stop(), 0);
	bench_report("ftrace_event", &c, &none);

	CHECK_EQ(rvt_graph_start(NULL), 0);
	bench_measure(&site, &c);
	CHECK_EQ(trace_events(), 2 * BENCH_CALLS);
	CHECK_EQ(rvt_graph_stop(), 0);
	bench_report("graph_call", &c, &none);

	measure_values();

	CHECK_EQ(rvt_profile_start(NULL), 0);
	bench_measure(&site, &c);
	CHECK_EQ(rvt_profile_stop(), 0);
	CHECK_EQ(profile_hits(), BENCH_CALLS);
	bench_report("profile_call", &c, &none);

	measure_baseline("finstrument_event", &fin);
#ifdef BENCH_PG
	measure_baseline("pg_event", &pg);
#endif
	return 0;
}
