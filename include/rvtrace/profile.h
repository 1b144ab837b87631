/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The profiler: per function, how often it was called and how long the
 * calls took, over all harts, like ftrace's function profile.
 */
#ifndef RVTRACE_PROFILE_H
#define RVTRACE_PROFILE_H

#include <rvtrace/trace.h>

/*
 * Count and time every call of the functions in cfg's filter (NULL: all
 * sites), through the shadow stacks of rvtrace/graph.h. Times are in ticks
 * of the platform clock: a call's inclusive time runs from entry to return,
 * its self time leaves out its profiled callees. Time spent in interrupts,
 * and in other tasks while a task is preempted, counts towards the function
 * that was interrupted. The profile lives in cfg->buffer (8-byte aligned,
 * rvt_profile_bytes() long at least) or in a static pool of
 * RVTRACE_PROFILE_POOL bytes, and stays there after stop, for
 * rvt_profile_report() and the dump, until the next start.
 *
 * The profiler runs beside the event tracers, one profiler at a time.
 * Errors: RVT_EBUSY while it runs, RVT_ENOSPC if the buffer is too small,
 * RVT_EINVAL for a misaligned buffer or unknown flags, RVT_EPERM before
 * rvt_init(); RVT_ETIMEDOUT also if a profiled call's entry on some hart was
 * still counting after the platform's sync timeout, or a hart did not answer
 * the round that waits for the last profile's exits, when the profiler is
 * not started and the last profile is read as before (cleared if it was in
 * the same buffer); otherwise as rvt_register(). Once the start has
 * returned, calls still running from the last profile add to the new one,
 * and the last profile's buffer is the firmware's again. After
 * RVT_ETIMEDOUT neither buffer is: a hart that did not answer may still
 * add to either.
 */
int rvt_profile_start(const struct rvt_trace_config *cfg);
int rvt_profile_stop(void);

/* 1 while the profiler runs (one whose stop timed out too), else 0. */
int rvt_profile_running(void);

/* Bytes of buffer the profiler needs for this firmware's sites. */
size_t rvt_profile_bytes(void);

/* One function's figures, in clock ticks; min and max are per call. */
struct rvt_profile_entry {
	const void *func;
	uint64_t hits;
	uint64_t total;
	uint64_t self;
	uint64_t min;
	uint64_t max;
};

/*
 * The functions called while profiling, busiest first (by self time, then by
 * address): with e->func NULL, the first one into *e; with the previous
 * one in *e, the next. Returns 0, RVT_ENOENT after the last or if no profile
 * was taken, RVT_EINVAL for a NULL e. Figures read while the profiler runs
 * may lag behind by a call.
 */
int rvt_profile_next(struct rvt_profile_entry *e);

/*
 * Print the profile as a table through write, at most max_rows functions
 * (0: all), busiest first: function (its name when the firmware embeds
 * names, see rvtrace/names.h), hits, total, average, minimum, maximum and
 * self time, in microseconds when the clock frequency allows, else ticks.
 * Returns the number of functions printed, RVT_ENOENT if no profile was
 * taken, or RVT_EPIPE if the writer stopped it (rvtrace/trace.h).
 */
int rvt_profile_report(rvt_write_fn write, void *ctx, unsigned int max_rows);

#endif
