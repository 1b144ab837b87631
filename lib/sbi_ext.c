// SPDX-License-Identifier: BSD-2-Clause
/*
 * The rvtrace SBI extension's handler (rvtrace/sbi_ext.h), free of any SBI
 * implementation: the firmware's ecall path hands it the call, and its
 * rvt_sbi_mem_ops the caller's memory. Every argument is checked before
 * anything changes, so a refused call leaves the tracers as they were.
 */
#include <rvtrace/graph.h>
#include <rvtrace/names.h>
#include <rvtrace/profile.h>
#include <rvtrace/sbi_ext.h>

#include "internal.h"

_Static_assert(RVT_SBI_STOP_WHEN_FULL == RVT_TRACE_STOP_WHEN_FULL &&
	       RVT_SBI_START_OFF == RVT_TRACE_START_OFF,
	       "START's flags are the tracers' own");

enum { EVENT_SLOT, PROFILE_SLOT };

struct tracer {
	int (*start)(const struct rvt_trace_config *cfg);
	int (*stop)(void);
	unsigned int slot;	/* which filter it keeps while it runs */
};

static const struct tracer tracers[] = {
	[RVT_SBI_FUNCTION] = { rvt_ftrace_start, rvt_ftrace_stop, EVENT_SLOT },
	[RVT_SBI_GRAPH] = { rvt_graph_start, rvt_graph_stop, EVENT_SLOT },
	[RVT_SBI_PROFILER] = { rvt_profile_start, rvt_profile_stop,
			       PROFILE_SLOT },
};

#define NR_TRACERS	(sizeof(tracers) / sizeof(tracers[0]))

/* What runs now: RVT_SBI_RUNS() bits. */
static unsigned long running(void)
{
	unsigned long runs = 0;

	switch (rvt_trace_running()) {
	case RVT_DUMP_TRACER_FUNCTION:
		runs |= RVT_SBI_RUNS(RVT_SBI_FUNCTION);
		break;
	case RVT_DUMP_TRACER_GRAPH:
		runs |= RVT_SBI_RUNS(RVT_SBI_GRAPH);
		break;
	default:
		break;
	}
	if (rvt_profile_running())
		runs |= RVT_SBI_RUNS(RVT_SBI_PROFILER);
	return runs;
}

/* Whether the tracer of slot runs: its filter array is in use. */
static bool slot_busy(unsigned int slot)
{
	return slot == EVENT_SLOT ?
		       rvt_trace_running() != RVT_DUMP_TRACER_NONE :
		       rvt_profile_running();
}

/*
 * The refusals every function shares; enoent is what RVT_ENOENT means to
 * the function (nothing taken yet, a tracer that is not running).
 */
static long sbi_error(int ret, long enoent)
{
	switch (ret) {
	case 0:
		return RVT_SBI_SUCCESS;
	case RVT_ENOENT:
		return enoent;
	case RVT_EINVAL:
		return RVT_SBI_ERR_INVALID_PARAM;
	case RVT_EBUSY:		/* a start's: that tracer runs already */
		return RVT_SBI_ERR_ALREADY_STARTED;
	case RVT_EPERM:
	case RVT_EDEADLK:
		return RVT_SBI_ERR_DENIED;
	case RVT_ENOSYS:
		return RVT_SBI_ERR_NOT_SUPPORTED;
	case RVT_ETIMEDOUT:
		return RVT_SBI_ERR_TIMEOUT;
	default:
		return RVT_SBI_ERR_FAILED;
	}
}

static bool is_space(char c)
{
	return c == ' ' || c == ',' || c == '\n' || c == '\t';
}

/*
 * The functions the globs in text select, each once, into funcs: their
 * number, or an SBI error (a glob that selects nothing is one).
 */
static long match_globs(char *text, unsigned long len, const void **funcs)
{
	unsigned long i = 0, j;
	size_t n = 0, k, m, end;
	int got;

	text[len] = '\0';
	while (i < len) {
		if (is_space(text[i])) {
			i++;
			continue;
		}
		for (j = i; j < len && !is_space(text[j]); j++)
			;
		text[j] = '\0';
		got = rvt_names_match(&text[i], funcs + n,
				      RVT_SBI_FILTER_FUNCS - n);
		if (got == RVT_ENOSPC || !got)
			return RVT_SBI_ERR_INVALID_PARAM;
		if (got < 0)
			return sbi_error(got, RVT_SBI_ERR_INVALID_PARAM);
		/* Keep those that an earlier glob did not select. */
		end = n + (size_t)got;
		for (k = n; k < end; k++) {
			for (m = 0; m < n && funcs[m] != funcs[k]; m++)
				;
			if (m == n)
				funcs[n++] = funcs[k];
		}
		i = j + 1;
	}
	return (long)n;
}

/* The caller's filter text into a copy of the firmware's own. */
static long read_filter(struct rvt_sbi_ext *ext, const unsigned long *args,
			char *text)
{
	unsigned long len = args[4], i;
	const char *p;

	if (len > RVT_SBI_FILTER_TEXT)
		return RVT_SBI_ERR_INVALID_PARAM;
	p = ext->mem->map(args[2], args[3], len, false);
	if (!p)
		return RVT_SBI_ERR_INVALID_ADDRESS;
	for (i = 0; i < len; i++)
		text[i] = RVT_READ_ONCE(p[i]);
	ext->mem->unmap((void *)p, len);
	return 0;
}

/*
 * The lock is only tried: a hart spinning here with interrupts masked
 * would not answer the round the holder's start or stop waits for.
 */
static bool try_lock(struct rvt_sbi_ext *ext)
{
	return !__atomic_exchange_n(&ext->lock, 1, __ATOMIC_ACQUIRE);
}

static void unlock(struct rvt_sbi_ext *ext)
{
	__atomic_store_n(&ext->lock, 0, __ATOMIC_RELEASE);
}

static long start_tracer(struct rvt_sbi_ext *ext, const unsigned long *args)
{
	unsigned long which = args[0], flags = args[1];
	char text[RVT_SBI_FILTER_TEXT + 1];
	struct rvt_trace_config cfg;
	const struct tracer *t;
	const void **funcs;
	long n = 0;

	if (which >= NR_TRACERS ||
	    flags & ~(RVT_SBI_STOP_WHEN_FULL | RVT_SBI_START_OFF))
		return RVT_SBI_ERR_INVALID_PARAM;
	t = &tracers[which];
	if (args[4]) {
		n = read_filter(ext, args, text);
		if (n)
			return n;
	}
	if (!try_lock(ext))
		return RVT_SBI_ERR_DENIED;
	/* Its filter array may be in use: only an idle tracer gets it. */
	if (slot_busy(t->slot)) {
		n = RVT_SBI_ERR_ALREADY_STARTED;
		goto out;
	}
	funcs = ext->filter[t->slot];
	if (args[4]) {
		n = match_globs(text, args[4], funcs);
		if (n < 0)
			goto out;
	}
	/* No values, threshold or slowest call from S-mode (yet). */
	rvt_zero(&cfg, sizeof(cfg));
	cfg.filter = n ? funcs : NULL;
	cfg.filter_len = (size_t)n;
	cfg.flags = (unsigned int)flags;
	if (t->slot == EVENT_SLOT) {
		cfg.buffer = ext->trace_buffer;
		cfg.buffer_size = ext->trace_size;
	} else {
		cfg.buffer = ext->profile_buffer;
		cfg.buffer_size = ext->profile_size;
	}
	n = sbi_error(t->start(&cfg), RVT_SBI_ERR_INVALID_PARAM);
out:
	unlock(ext);
	return n;
}

static long stop_tracer(struct rvt_sbi_ext *ext, unsigned long which)
{
	int ret;

	if (which >= NR_TRACERS)
		return RVT_SBI_ERR_INVALID_PARAM;
	if (!try_lock(ext))
		return RVT_SBI_ERR_DENIED;
	/* RVT_ENOENT: that tracer is not the one running. */
	ret = tracers[which].stop();
	unlock(ext);
	return sbi_error(ret, RVT_SBI_ERR_ALREADY_STOPPED);
}

static long record(unsigned long how, unsigned long *value)
{
	if (how > RVT_SBI_RECORD_QUERY)
		return RVT_SBI_ERR_INVALID_PARAM;
	*value = (unsigned long)rvt_trace_is_on();
	if (how == RVT_SBI_RECORD_ON)
		rvt_trace_on();
	else if (how == RVT_SBI_RECORD_OFF)
		return sbi_error(rvt_trace_off(), RVT_SBI_ERR_FAILED);
	return RVT_SBI_SUCCESS;
}

static long dump(struct rvt_sbi_ext *ext, const unsigned long *args,
		 unsigned long *value)
{
	unsigned long len = args[2];
	void *p;
	long ret;

	if (!len)
		return RVT_SBI_ERR_INVALID_PARAM;
	p = ext->mem->map(args[0], args[1], len, true);
	if (!p)
		return RVT_SBI_ERR_INVALID_ADDRESS;
	ret = rvt_trace_snapshot(p, len);
	ext->mem->unmap(p, len);
	if (ret >= 0) {
		*value = (unsigned long)ret;
		return RVT_SBI_SUCCESS;
	}
	if (ret == RVT_ENOSPC) {
		ret = rvt_trace_dump_bytes();
		*value = ret > 0 ? (unsigned long)ret : 0;
		return RVT_SBI_ERR_FAILED;
	}
	return sbi_error((int)ret, RVT_SBI_ERR_INVALID_STATE);
}

static long profile(struct rvt_sbi_ext *ext, const unsigned long *args,
		    unsigned long *value)
{
	unsigned long len = args[2], first = args[3], rows, i, n = 0;
	struct rvt_sbi_profile_row *out;
	struct rvt_profile_entry e;
	int ret;

	rvt_zero(&e, sizeof(e));
	rows = len / sizeof(*out);
	if (!rows)
		return RVT_SBI_ERR_INVALID_PARAM;
	ret = rvt_profile_next(&e);
	if (ret)
		return sbi_error(ret, RVT_SBI_ERR_INVALID_STATE);
	out = ext->mem->map(args[0], args[1], rows * sizeof(*out), true);
	if (!out)
		return RVT_SBI_ERR_INVALID_ADDRESS;
	for (i = 0; !ret && n < rows; i++, ret = rvt_profile_next(&e)) {
		if (i < first)
			continue;
		out[n].func = (uintptr_t)e.func;
		out[n].hits = e.hits;
		out[n].total = e.total;
		out[n].self = e.self;
		out[n].min = e.min;
		out[n].max = e.max;
		n++;
	}
	ext->mem->unmap(out, rows * sizeof(*out));
	*value = n;
	return RVT_SBI_SUCCESS;
}

long rvt_sbi_ext_call(struct rvt_sbi_ext *ext, unsigned long fid,
		      const unsigned long args[6], unsigned long *value)
{
	long ret;

	if (!value)
		return RVT_SBI_ERR_INVALID_PARAM;
	*value = 0;
	if (!ext || !ext->mem || !ext->mem->map || !ext->mem->unmap)
		return RVT_SBI_ERR_FAILED;
	if (!rvt_ready())
		return RVT_SBI_ERR_DENIED;
	switch (fid) {
	case RVT_SBI_VERSION:
		*value = (RVT_SBI_VERSION_MAJOR << 16) | RVT_SBI_VERSION_MINOR;
		return RVT_SBI_SUCCESS;
	case RVT_SBI_TRACERS:
		*value = RVT_SBI_HAS(RVT_SBI_FUNCTION) |
			 RVT_SBI_HAS(RVT_SBI_GRAPH) |
			 RVT_SBI_HAS(RVT_SBI_PROFILER) | running() |
			 (rvt_names_count() > 0 ? RVT_SBI_HAS_NAMES : 0);
		return RVT_SBI_SUCCESS;
	case RVT_SBI_START:
		return start_tracer(ext, args);
	case RVT_SBI_STOP:
		return stop_tracer(ext, args[0]);
	case RVT_SBI_RECORD:
		return record(args[0], value);
	case RVT_SBI_MARKER:
		rvt_trace_marker(args[0]);
		return RVT_SBI_SUCCESS;
	case RVT_SBI_DUMP_SIZE:
		ret = rvt_trace_dump_bytes();
		if (ret < 0)
			return sbi_error((int)ret, RVT_SBI_ERR_INVALID_STATE);
		*value = (unsigned long)ret;
		return RVT_SBI_SUCCESS;
	case RVT_SBI_DUMP:
		return dump(ext, args, value);
	case RVT_SBI_PROFILE:
		return profile(ext, args, value);
	default:
		return RVT_SBI_ERR_NOT_SUPPORTED;
	}
}
