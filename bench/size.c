// SPDX-License-Identifier: BSD-2-Clause
/*
 * The library's own size for one feature set: an entry point that calls
 * exactly that set's API, linked with nothing else (no C library, no board)
 * and --gc-sections, so that what the link keeps besides this file is what
 * the feature set costs. BENCH_SIZE_NONE links the entry point alone, which
 * tools/bench.sh subtracts. BENCH_SIZE_ALL adds markers, statistics, triggers
 * and the name look-up to every tracer.
 */
#include <stddef.h>

#include <rvtrace/rvtrace.h>

void bench_size_entry(void);

#ifndef BENCH_SIZE_NONE
static struct rvt_ops ops;
#endif

#if defined(BENCH_SIZE_FTRACE) || defined(BENCH_SIZE_GRAPH) || \
	defined(BENCH_SIZE_PROFILE) || defined(BENCH_SIZE_ALL)
static int sink(void *ctx, const void *buf, size_t len)
{
	(void)ctx;
	(void)buf;
	(void)len;
	return 0;
}
#endif

void bench_size_entry(void)
{
#ifndef BENCH_SIZE_NONE
	/* Core: sites, hooks with their whole policy, harts, IPIs. */
	rvt_init(&rvt_platform_virt_m);
	rvt_hart_online();
	rvt_handle_ipi();
	rvt_irq_enter();
	rvt_irq_exit();
	rvt_register(&ops);
	rvt_unregister(&ops);
	rvt_register_direct(&ops, 4);
	rvt_modify_direct(&ops, 8);
	rvt_unregister_direct(&ops);
#endif
#if defined(BENCH_SIZE_FTRACE) || defined(BENCH_SIZE_ALL)
	rvt_ftrace_start(NULL);
	rvt_ftrace_stop();
#endif
#if defined(BENCH_SIZE_GRAPH) || defined(BENCH_SIZE_ALL)
	rvt_graph_start(NULL);
	rvt_graph_stop();
#endif
#if defined(BENCH_SIZE_FTRACE) || defined(BENCH_SIZE_GRAPH) || \
	defined(BENCH_SIZE_ALL)
	rvt_trace_dump(sink, NULL);
	rvt_trace_dump_text(sink, NULL);
#endif
#if defined(BENCH_SIZE_PROFILE) || defined(BENCH_SIZE_ALL)
	rvt_profile_start(NULL);
	rvt_profile_stop();
	rvt_profile_report(sink, NULL, 0);
#endif
#ifdef BENCH_SIZE_ALL
	{
		static struct rvt_trigger trig;
		struct rvt_trace_stats st;
		const void *f;

		rvt_trace_marker(1);
		rvt_trace_stats(&st);
		rvt_trigger_add(&trig);
		rvt_trigger_remove(&trig);
		rvt_names_match("*", &f, 1);
	}
#endif
	for (;;)
		;
}
