/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The rvtrace SBI extension: an S-mode payload or an OS drives the tracers
 * of the M-mode firmware it runs on (OpenSBI traced with rvtrace, or any
 * firmware that links the library) through ecalls.
 *
 * Calling convention as every SBI extension: a7 = RVT_SBI_EXT_ID,
 * a6 = function, arguments in a0-a5; the firmware returns an SBI error in
 * a0 and a value in a1. A refused call (any error) changes nothing.
 * Addresses are physical, as a pair (lo, hi) like the debug console's:
 * the caller must be allowed to read (or write) every byte of the range.
 *
 *   fid  name          arguments               value
 *   0    VERSION       -                       (major << 16) | minor
 *   1    TRACERS       -                       RVT_SBI_HAS_* | RVT_SBI_RUNS_*
 *   2    START         tracer, flags,          0
 *                      filter lo, hi, len
 *   3    STOP          tracer                  0
 *   4    RECORD        RVT_SBI_RECORD_*        the switch before (1: on)
 *   5    MARKER        id                      0
 *   6    DUMP_SIZE     -                       bytes DUMP needs now
 *   7    DUMP          buffer lo, hi, len      bytes written
 *   8    PROFILE       buffer lo, hi, len,     rows written
 *                      first row
 *
 * START's filter is text in the caller's memory, len bytes, not
 * NUL-terminated: function-name globs (rvtrace/names.h) separated by
 * spaces, commas or newlines; len 0 traces every function. Globs need
 * names embedded in the firmware (RVT_SBI_HAS_NAMES).
 *
 * DUMP writes the binary dump of rvtrace/trace.h (a snapshot, taken while
 * tracing goes on) for rvtrace-decode; RVT_SBI_ERR_FAILED with nothing
 * written if it does not fit (ask DUMP_SIZE again: it grows as events
 * arrive). PROFILE writes rows of struct rvt_sbi_profile_row, busiest
 * first, starting at row first; 0 rows past the last.
 *
 * Refusals: INVALID_PARAM for an unknown tracer, flag or RECORD value, a
 * filter longer than RVT_SBI_FILTER_TEXT, a glob that selects nothing or
 * globs selecting more than RVT_SBI_FILTER_FUNCS functions, a DUMP length
 * of 0 or a PROFILE buffer shorter than a row; INVALID_ADDRESS for memory
 * the caller may not access; NOT_SUPPORTED for an unknown function, and
 * for globs without embedded names; ALREADY_STARTED (that tracer, or the
 * other event tracer, runs) and ALREADY_STOPPED; INVALID_STATE for a dump
 * or profile before any was taken; DENIED before rvt_init() or while
 * another hart starts or stops a tracer (retry); TIMEOUT when a stop's
 * wait for other harts timed out (the tracer records nothing more but
 * still runs: stop again), or RECORD off's wait for events in flight (the
 * switch is off; they may still land); FAILED for a DUMP buffer too
 * small, with the bytes needed as value.
 */
#ifndef RVTRACE_SBI_EXT_H
#define RVTRACE_SBI_EXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* In the firmware-specific range 0x0A000000-0x0AFFFFFF: "RVT". */
#define RVT_SBI_EXT_ID		0x0A525654UL
#define RVT_SBI_VERSION_MAJOR	1
#define RVT_SBI_VERSION_MINOR	0

enum rvt_sbi_fid {
	RVT_SBI_VERSION = 0,
	RVT_SBI_TRACERS = 1,
	RVT_SBI_START = 2,
	RVT_SBI_STOP = 3,
	RVT_SBI_RECORD = 4,
	RVT_SBI_MARKER = 5,
	RVT_SBI_DUMP_SIZE = 6,
	RVT_SBI_DUMP = 7,
	RVT_SBI_PROFILE = 8,
};

/* START and STOP: which tracer. The first two exclude each other. */
enum rvt_sbi_tracer {
	RVT_SBI_FUNCTION = 0,	/* rvt_ftrace_start() */
	RVT_SBI_GRAPH = 1,	/* rvt_graph_start() */
	RVT_SBI_PROFILER = 2,	/* rvt_profile_start() */
};

/* START's flags: RVT_TRACE_STOP_WHEN_FULL and RVT_TRACE_START_OFF. */
#define RVT_SBI_STOP_WHEN_FULL	(1UL << 0)
#define RVT_SBI_START_OFF	(1UL << 1)

/* TRACERS: bit t of the tracers this firmware offers, bit 8 + t running. */
#define RVT_SBI_HAS(t)		(1UL << (t))
#define RVT_SBI_RUNS(t)		(1UL << (8 + (t)))
#define RVT_SBI_HAS_NAMES	(1UL << 16)	/* globs can be matched */

/* RECORD: the recording switch (rvt_trace_on()/rvt_trace_off()). */
#define RVT_SBI_RECORD_OFF	0
#define RVT_SBI_RECORD_ON	1
#define RVT_SBI_RECORD_QUERY	2

/* SBI error codes (the SBI specification's). */
#define RVT_SBI_SUCCESS			0
#define RVT_SBI_ERR_FAILED		(-1)
#define RVT_SBI_ERR_NOT_SUPPORTED	(-2)
#define RVT_SBI_ERR_INVALID_PARAM	(-3)
#define RVT_SBI_ERR_DENIED		(-4)
#define RVT_SBI_ERR_INVALID_ADDRESS	(-5)
#define RVT_SBI_ERR_ALREADY_STARTED	(-7)
#define RVT_SBI_ERR_ALREADY_STOPPED	(-8)
#define RVT_SBI_ERR_INVALID_STATE	(-10)
#define RVT_SBI_ERR_TIMEOUT		(-12)

/* A PROFILE row: rvtrace/profile.h's entry, 64-bit fields on every XLEN. */
struct rvt_sbi_profile_row {
	uint64_t func;
	uint64_t hits;
	uint64_t total;
	uint64_t self;
	uint64_t min;
	uint64_t max;
};

/* The longest START filter text, and the functions it may select. */
#define RVT_SBI_FILTER_TEXT	256
#define RVT_SBI_FILTER_FUNCS	256

/* --- In the firmware ------------------------------------------------- */

/*
 * How the firmware reaches the caller's memory: map gives a pointer M-mode
 * may use for the caller's bytes [addr, addr + size), for reading or (write)
 * for writing, or NULL if the caller may not access them all (OpenSBI:
 * sbi_domain_check_addr_range() and sbi_hart_map_saddr()); unmap ends that
 * access. Both are called on the calling hart, with nothing else mapped.
 */
struct rvt_sbi_mem_ops {
	void *(*map)(unsigned long lo, unsigned long hi, unsigned long size,
		     bool write);
	void (*unmap)(void *p, unsigned long size);
};

/*
 * The extension's state, one per firmware (static: the handler keeps the
 * tracers' filters in it while they run). The buffers are the tracers'
 * (struct rvt_trace_config); NULL takes the static pools.
 */
struct rvt_sbi_ext {
	const struct rvt_sbi_mem_ops *mem;
	void *trace_buffer;
	size_t trace_size;
	void *profile_buffer;
	size_t profile_size;
	/* Core: set by the handler. */
	int lock;		/* a start or a stop in progress */
	const void *filter[2][RVT_SBI_FILTER_FUNCS];	/* event tracer's,
							   profiler's */
};

/*
 * One call of the extension: fid and a0-a5 in args; returns an SBI error
 * and sets *value. From the firmware's ecall handler, on any hart, at
 * thread level (not bracketed by rvt_irq_enter()), with rvtrace
 * initialised (else RVT_SBI_ERR_DENIED) and the calling hart online. An
 * ext without its mem ops is RVT_SBI_ERR_FAILED, a NULL value
 * RVT_SBI_ERR_INVALID_PARAM. Start and stop wait for rounds of IPIs, as
 * rvt_register() does; one hart's start or stop while another's is in
 * progress is RVT_SBI_ERR_DENIED (the caller retries), never a wait with
 * interrupts masked that the other's round could need.
 */
long rvt_sbi_ext_call(struct rvt_sbi_ext *ext, unsigned long fid,
		      const unsigned long args[6], unsigned long *value);

/* --- In the S-mode caller -------------------------------------------- */

#ifdef __riscv
struct rvt_sbi_ret {
	long error;
	unsigned long value;
};

/*
 * Any SBI call: extension eid, function fid, arguments a0-a4. Always
 * inline, so that an instrumented caller's own site brackets the call.
 */
static inline __attribute__((always_inline)) struct rvt_sbi_ret
rvt_sbi_ecall(unsigned long eid, unsigned long fid, unsigned long a0,
	      unsigned long a1, unsigned long a2, unsigned long a3,
	      unsigned long a4)
{
	register unsigned long r0 __asm__("a0") = a0;
	register unsigned long r1 __asm__("a1") = a1;
	register unsigned long r2 __asm__("a2") = a2;
	register unsigned long r3 __asm__("a3") = a3;
	register unsigned long r4 __asm__("a4") = a4;
	register unsigned long r6 __asm__("a6") = fid;
	register unsigned long r7 __asm__("a7") = eid;
	struct rvt_sbi_ret ret;

	__asm__ __volatile__("ecall"
			     : "+r"(r0), "+r"(r1)
			     : "r"(r2), "r"(r3), "r"(r4), "r"(r6), "r"(r7)
			     : "memory");
	ret.error = (long)r0;
	ret.value = r1;
	return ret;
}

/* A call of the rvtrace extension. */
static inline struct rvt_sbi_ret rvt_sbi_call(unsigned long fid,
					      unsigned long a0,
					      unsigned long a1,
					      unsigned long a2,
					      unsigned long a3,
					      unsigned long a4)
{
	return rvt_sbi_ecall(RVT_SBI_EXT_ID, fid, a0, a1, a2, a3, a4);
}

/* A physical address as the (lo, hi) pair; identity-mapped callers. */
#define RVT_SBI_LO(p)	((unsigned long)(uintptr_t)(p))
#define RVT_SBI_HI(p)	0UL
#endif

#endif
