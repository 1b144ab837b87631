/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Tracing: per-hart event buffers filled by the tracers, and dumps of them.
 *
 * Buffers: one ring per hart, carved out of the memory given in the
 * configuration (or a static pool of RVTRACE_TRACE_POOL bytes). Each hart is
 * the only writer of its ring, with interrupts masked while it writes an
 * event, so a ring is in time order and no task is preempted or moved
 * inside; a slot is claimed with one atomic add, so a trap that records on
 * the same hart meanwhile takes the next slot, and an event is published by
 * its sequence number, written last. A dump copies
 * only events whose sequence number is whole before and after the copy, so
 * no event is ever torn, even while tracing goes on.
 */
#ifndef RVTRACE_TRACE_H
#define RVTRACE_TRACE_H

#include <stddef.h>
#include <stdint.h>

/* Keep the oldest events and count what no longer fits (default: overwrite). */
#define RVT_TRACE_STOP_WHEN_FULL	(1u << 0)
/* Start with recording off, for a trigger (rvtrace/trigger.h) to turn on. */
#define RVT_TRACE_START_OFF		(1u << 1)
/* The graph tracer: every exit event carries the return value. */
#define RVT_TRACE_RETVAL		(1u << 2)

/* Argument registers an entry event can carry (a0-a7). */
#define RVT_TRACE_MAX_ARGS		8

/*
 * Values (nr_args, RVT_TRACE_RETVAL) and a threshold are recorded by the
 * tracers' C hooks: the assembly recorders do neither, so a traced call
 * costs more with them (bench: ftrace_args2, graph_retval). Members are
 * added at the end: give a configuration with a designated initializer,
 * or zero it first, so that those a firmware does not know are 0.
 */
struct rvt_trace_config {
	const void *const *filter;	/* NULL or 0: every function */
	size_t filter_len;
	unsigned int flags;		/* RVT_TRACE_* */
	void *buffer;			/* NULL: the static pool; memory that
					   takes AMOs (docs/porting.md) */
	size_t buffer_size;		/* bytes, shared out among the harts */
	/*
	 * Every entry event carries a0 to a<nr_args - 1>, and under a
	 * hard-float ABI fa0 to fa<nr_args - 1> too (at most
	 * RVT_TRACE_MAX_ARGS): the decoder types them from the ELF's DWARF.
	 */
	unsigned int nr_args;
	/*
	 * The graph tracer only: a call shorter than thresh clock ticks
	 * records nothing; a longer one records, when it returns, one
	 * RVT_EVENT_CALL with its entry and exit times (ftrace's
	 * tracing_thresh). 0: every call, entry and exit events. Not with
	 * nr_args, which the entry would have to keep.
	 */
	uint64_t thresh;
	/*
	 * The graph tracer only: keep the slowest call of max_func so far,
	 * whole, in max_buf (max_size bytes) as rvtrace/graph.h's
	 * rvt_graph_max() tells. Not with a threshold.
	 */
	const void *max_func;
	void *max_buf;
	size_t max_size;
};

/*
 * A writer: takes len bytes at buf for ctx's output. Returns a negative
 * value to stop the output (the call then returns RVT_EPIPE, never the
 * writer's own value); anything else, 0 or the bytes written as POSIX
 * write() returns, means go on. It must take all len bytes: there is no
 * partial write.
 */
typedef int (*rvt_write_fn)(void *ctx, const void *buf, size_t len);

/*
 * The function tracer: an entry event for every call of a traced function.
 * RVT_EBUSY if tracing is already on, RVT_EINVAL for a configuration whose
 * buffer holds less than one event per hart; otherwise as rvt_register().
 * A stop (this one, rvt_graph_stop(), rvt_profile_stop()) returns as
 * rvt_unregister(); after RVT_ETIMEDOUT nothing is recorded any more, but the
 * tracer stays the running one, and a start is RVT_EBUSY, until a later stop
 * returns 0 (it then only waits for callers to leave). A start waits for the
 * events being written (on every hart) before it sets the buffers up, and
 * again before it records: RVT_ETIMEDOUT if one is still being written after
 * the platform's sync timeout. The tracer is then not started; the last
 * trace is as it was if the first wait timed out, else cleared.
 */
int rvt_ftrace_start(const struct rvt_trace_config *cfg);
int rvt_ftrace_stop(void);

/*
 * The recording switch, one for all tracers, like ftrace's tracing_on:
 * while it is off the tracers stay registered but record nothing. Starting
 * a tracer turns it on, or off with RVT_TRACE_START_OFF. Safe anywhere,
 * hooks and interrupt handlers included.
 *
 * rvt_trace_off() returns 0 once no event can be recorded any more: events
 * being written when it was called (on any hart, by any task) are finished
 * first, waiting through the platform's yield. In an interrupt handler
 * bracketed by rvt_irq_enter()/rvt_irq_exit() it does not wait for its own
 * hart: an event that the handler interrupted, or that a task preempted on
 * that hart was writing, may still be finished after it returns (at most one
 * per such context). RVT_ETIMEDOUT if writers were still in flight after
 * the platform's sync timeout (recording is off; their events may land
 * later).
 */
void rvt_trace_on(void);
int rvt_trace_off(void);
int rvt_trace_is_on(void);

/*
 * The event tracer that runs (enum rvt_dump_tracer below), RVT_DUMP_TRACER_NONE
 * for none; one whose stop timed out still runs.
 */
int rvt_trace_running(void);

/* Record a marker event (id in the function field) on the calling hart. */
void rvt_trace_marker(unsigned long id);

/*
 * Events recorded and lost so far, over all harts. A hart's drops stop
 * counting near 2^31 on rv32 (2^63 on rv64): the full ring is kept.
 */
struct rvt_trace_stats {
	uint64_t recorded;	/* still in the buffers */
	uint64_t overwritten;	/* replaced by newer ones (overwrite mode) */
	uint64_t dropped;	/* not recorded: buffer full (stop mode) */
};
int rvt_trace_stats(struct rvt_trace_stats *st);

/*
 * The buffers in the binary format below, through write (called with pieces
 * of the dump in order). Returns the number of bytes the writer took (the
 * whole dump), RVT_EPIPE if the writer stopped it part-way, or another
 * negative RVT_E* code before anything was written.
 */
int rvt_trace_dump(rvt_write_fn write, void *ctx);

/*
 * The binary dump, with RVT_DUMP_SNAPSHOT in its flags, into buf: a copy of
 * the buffers as they are now, taken anywhere (a hook, an interrupt) while
 * tracing goes on. Returns its length, RVT_ENOSPC if it does not fit (buf
 * untouched), RVT_EINVAL for a NULL buf, RVT_ENOENT with nothing to dump.
 * With embedded names the dump carries their table: size buf for it too.
 */
int rvt_trace_snapshot(void *buf, size_t size);

/*
 * The bytes rvt_trace_dump() or rvt_trace_snapshot() would take now (more
 * while tracing goes on), or as rvt_trace_snapshot() with nothing to dump.
 */
int rvt_trace_dump_bytes(void);

/*
 * The same bytes as text lines that survive a serial console and can be found
 * among other output:
 *
 *   @rvtrace begin v1 <bytes>
 *   @rvtrace <line number> <base64 of up to 48 bytes> <crc32 of them, hex>
 *   ...
 *   @rvtrace end <crc32 of all bytes, hex>
 *
 * Returns the number of text bytes the writer took, or as rvt_trace_dump().
 */
int rvt_trace_dump_text(rvt_write_fn write, void *ctx);

/*
 * A dump already in memory (rvt_trace_snapshot()'s, or one an S-mode
 * payload got through the SBI extension's DUMP) framed as the same text
 * lines. It reads only the len bytes at dump: no rvt_init() needed, so a
 * payload may link it alone. Returns the text bytes, RVT_EINVAL for a NULL
 * dump or writer or a len of 0 or over RVT_DUMP_FRAME_MAX, RVT_EPIPE if
 * the writer stopped it.
 */
#define RVT_DUMP_FRAME_MAX	(1u << 30)
int rvt_dump_frame_text(const void *dump, size_t len, rvt_write_fn write,
			void *ctx);

/*
 * Streaming, like ftrace's trace_pipe: a consuming read of the buffers.
 * Writes one chunk, a binary dump with RVT_DUMP_CHUNK in its flags, whose
 * hart sections hold only the events recorded since the last read (at the
 * first read after a tracer's start, all of them) and whose overwritten and
 * dropped counts are the events lost since the last read: reused before
 * they were read (overwrite mode) or never recorded (stop mode, full ring).
 * A hart's events stop before the first one still being written; it goes
 * out in the next chunk, so each hart's events stay in order and every
 * event goes out exactly once or is counted as lost. The first chunk after
 * a tracer's start also carries the embedded names table (names_size
 * below), the others do not. A concatenation of chunks is a stream;
 * rvtrace-decode reads it whole or follows it live.
 *
 * Safe anywhere, against writers on every hart and in interrupts; one reader
 * at a time (RVT_EBUSY for a second one, an interrupt's included), and not
 * during a tracer's start. Returns the bytes written, 0 when nothing
 * happened since the last read (nothing is written), RVT_ENOENT when no
 * tracer has run, RVT_EPIPE if the writer stopped it (the next read writes
 * those events again, unless they are lost by then), RVT_EINVAL for a NULL
 * writer, RVT_EPERM before rvt_init().
 */
int rvt_trace_read(rvt_write_fn write, void *ctx);

/*
 * The same chunk framed as the text lines of rvt_trace_dump_text(), for a
 * serial console; returns the text bytes written, or as rvt_trace_read().
 */
int rvt_trace_read_text(rvt_write_fn write, void *ctx);

/*
 * Binary dump format, version 3, little-endian: a header, then for every
 * hart a hart header and its events, oldest first, then nr_profile profile
 * records (rvtrace/profile.h), in address order, then nr_tasks task records.
 * A decoder skips the trailing bytes of a header or record larger than it
 * knows (the sizes are in the header), so members can be added at the end
 * without a new version. Version 4 added the data, printk and call events;
 * version 3 added the task tag to an event's info, the switch event and
 * the task records; version 2 is version 3 without them (its events carry
 * the hart in bits 16-31).
 *
 * The header may end in the image's names table (names_size below), so its
 * members are the first header_size - names_size bytes: a member is there
 * only if those bytes reach past it.
 */
#define RVT_DUMP_MAGIC		"RVTRACE"	/* 8 bytes with the NUL */
#define RVT_DUMP_VERSION	4

/*
 * header.flags: the RVT_TRACE_* of the run, and these bits: a snapshot, or a
 * chunk of a stream (rvt_trace_read(): no profile records, and the counts
 * of lost events are those since the chunk before).
 */
#define RVT_DUMP_SNAPSHOT	(1u << 7)
#define RVT_DUMP_CHUNK		(1u << 6)

/* header.tracer: what filled the event rings. */
enum rvt_dump_tracer {
	RVT_DUMP_TRACER_NONE = 0,	/* no rings: a profile only */
	RVT_DUMP_TRACER_FUNCTION = 1,	/* entry events */
	RVT_DUMP_TRACER_GRAPH = 2,	/* entry and exit events */
};

struct rvt_dump_header {
	char magic[8];
	uint16_t version;
	uint16_t header_size;		/* up to the first hart section:
					   this structure, the names table */
	uint16_t hart_header_size;	/* sizeof(struct rvt_dump_hart) */
	uint16_t event_size;		/* sizeof(struct rvt_event) */
	uint8_t xlen;			/* 32 or 64 */
	uint8_t flags;			/* RVT_TRACE_* of the run */
	uint16_t nr_harts;		/* hart sections that follow */
	uint32_t events_per_hart;	/* ring capacity */
	uint64_t clock_hz;		/* timestamp unit; 0 if unknown */
	uint64_t overwritten;		/* totals over all harts */
	uint64_t dropped;
	uint8_t tracer;			/* enum rvt_dump_tracer */
	uint8_t reserved;
	uint16_t profile_size;		/* sizeof(struct rvt_dump_profile) */
	uint32_t nr_profile;		/* profile records after the harts */
	/*
	 * Where rvt_init() ran, so that a decoder relates the run-time
	 * addresses of a relocated image to its ELF (added to version 2: a
	 * shorter header has none; 0: not known).
	 */
	uint64_t anchor;
	/*
	 * The image's GNU build-id (added to version 2 like anchor): a
	 * decoder refuses an ELF whose build-id differs. Length 0: none.
	 */
	uint8_t build_id_len;
	uint8_t reserved2[7];
	uint8_t build_id[32];
	/*
	 * The function names the image embeds (rvtrace_embed_names(),
	 * rvtrace/names.h), so that a decoder names functions without the
	 * ELF (added to version 2 like anchor; 0: none). The table is the
	 * last names_size bytes of the header, zero-padded to a multiple of
	 * 8: a decoder that does not know this member skips it with the rest
	 * of a header larger than it knows. Its layout, as the image holds it
	 * in section .rvtrace.names:
	 *
	 *   "RVTN", count (u32)
	 *   count x { off (s32), name (u32) }, by address
	 *   the names, NUL-terminated
	 *
	 * where off is the function's address minus rvt_init's (so anchor +
	 * off is where it ran) and name the offset of its name from the
	 * table's start. Dumps and snapshots carry it; of a stream, only the
	 * first chunk after a tracer's start. A table that would make the
	 * header larger than 65535 bytes (about 2000 functions with names of
	 * 20 characters) is left out.
	 */
	uint32_t names_size;
	uint32_t reserved3;
	/*
	 * Task records after the profile records (added to version 3). A
	 * dump has every task named so far; a chunk only when they changed
	 * since the chunk before (a decoder keeps them from chunk to chunk).
	 */
	uint16_t task_size;		/* sizeof(struct rvt_dump_task) */
	uint16_t nr_tasks;
	uint32_t reserved4;
};

/* One function's profile: times in platform clock ticks, over all harts. */
struct rvt_dump_profile {
	uint64_t func;
	uint64_t hits;			/* calls that returned */
	uint64_t total;			/* inclusive time */
	uint64_t self;			/* minus the traced callees' time */
	uint64_t min;			/* inclusive, of one call */
	uint64_t max;
};

/* A task's identity (rvtrace/task.h): what its events' tag stands for. */
struct rvt_dump_task {
	uint8_t tag;			/* in its events' info; 1-255 */
	uint8_t exited;			/* rvt_task_exit() was called */
	uint16_t reserved;
	uint32_t id;			/* the RTOS's number for it */
	char name[16];			/* NUL-terminated; "": none */
};

struct rvt_dump_hart {
	uint32_t hart;
	uint32_t nr_events;		/* events that follow */
	uint64_t overwritten;
	uint64_t dropped;
};

enum rvt_event_kind {
	RVT_EVENT_ENTRY = 1,
	RVT_EVENT_EXIT = 2,
	RVT_EVENT_MARKER = 3,
	/* rvt_task_switch(): func is the leaving task's tag, caller the next's */
	RVT_EVENT_SWITCH = 4,
	/*
	 * Values of the event just before it in the ring (claimed with it in
	 * one add, so nothing comes between): ts, func and caller hold up to
	 * three of them, numbered from RVT_DATA_FIRST(info); RVT_DATA_COUNT
	 * of them are there. Value numbers by the event they belong to:
	 * an entry's a<n> is n and fa<n> is 8 + n; an exit's (and a call's)
	 * return value is a0 = 0, a1 = 1, fa0 = 2; a call's entry time is 3;
	 * a printk's arguments are 0, 1, ...
	 */
	RVT_EVENT_DATA = 5,
	/*
	 * rvt_trace_printf() (rvtrace/printk.h): func is the format's
	 * address, caller the call's return address, the depth field the
	 * number of arguments, which follow as values.
	 */
	RVT_EVENT_PRINTK = 6,
	/*
	 * A whole call kept by the graph tracer's threshold, recorded when
	 * it returns: ts is its exit time, value 3 its entry time, the depth
	 * field its call depth.
	 */
	RVT_EVENT_CALL = 7,
};

/* A data event's info: first value number in bits 4-7, count in 8-9. */
#define RVT_DATA_FIRST(info)	(((info) >> 4) & 0xfu)
#define RVT_DATA_COUNT(info)	(((info) >> 8) & 0x3u)
#define RVT_DATA_PER_EVENT	3
#define RVT_DATA_ARG(n)		(n)
#define RVT_DATA_FARG(n)	(8 + (n))
#define RVT_DATA_RET_A0		0
#define RVT_DATA_RET_A1		1
#define RVT_DATA_RET_FA0	2
#define RVT_DATA_ENTRY_TS	3

/*
 * info: kind in bits 0-3, call depth in bits 4-15, hart in bits 16-23, and
 * in bits 24-31 the tag of the task the event belongs to (0: the hart's
 * own context, an interrupt's included).
 */
#define RVT_EVENT_HART_SHIFT	16
#define RVT_EVENT_TASK_SHIFT	24
#define RVT_EVENT_KIND(info)	((info) & 0xfu)
#define RVT_EVENT_DEPTH(info)	(((info) >> 4) & 0xfffu)
#define RVT_EVENT_HART(info)	(((info) >> RVT_EVENT_HART_SHIFT) & 0xffu)
#define RVT_EVENT_TASK(info)	((info) >> RVT_EVENT_TASK_SHIFT)

struct rvt_event {
	uint64_t ts;			/* platform clock */
	uint64_t func;			/* traced function (or marker id) */
	uint64_t caller;		/* its return address */
	uint32_t info;
	uint32_t seq;			/* core: publication mark */
};

#endif
