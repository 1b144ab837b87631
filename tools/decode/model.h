/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A dump as the decoder holds it: the binary format of rvtrace/trace.h read
 * into host structures, checked on the way in.
 */
#ifndef RVTD_MODEL_H
#define RVTD_MODEL_H

#include <stddef.h>
#include <stdint.h>

/*
 * Event kinds; 0 is a slot that was rewritten while the dump was taken.
 * Data and call events are only read: fold.c makes them values of other
 * events, and entries and exits.
 */
enum {
	EV_LOST = 0, EV_ENTRY = 1, EV_EXIT = 2, EV_MARKER = 3, EV_SWITCH = 4,
	EV_DATA = 5, EV_PRINTK = 6, EV_CALL = 7,
};

/* Value numbers of an event (rvtrace/trace.h's RVT_DATA_*). */
#define EV_VALUES	16

struct event {
	uint64_t ts;
	uint64_t func;		/* function, marker id, or the leaving task */
	uint64_t caller;	/* return address, or the task switched to */
	unsigned int kind;
	unsigned int depth;
	unsigned int task;	/* tag of the task it belongs to; 0: the hart's */
	uint32_t seq;		/* claim + 1 on its hart; 0 for a lost slot,
				   and for the entry made of a call event */
	uint32_t seq_end;	/* seq of its last data event, or seq */
	uint32_t present;	/* bit n: value n recorded, in its hart's */
	uint32_t row;		/* vals[row] */
};

/* A task's identity (rvt_task_name()): what a tag stands for. */
struct task_rec {
	unsigned int tag;	/* 1-255 */
	uint32_t id;
	int exited;
	char name[17];		/* "" if it has none */
};

struct hart_trace {
	uint32_t hart;
	uint32_t nr;
	uint64_t overwritten;
	uint64_t dropped;
	struct event *ev;
	uint64_t (*vals)[EV_VALUES];	/* the events' values */
	uint32_t nr_vals;
};

struct profile_rec {
	uint64_t func, hits, total, self, min, max;
};

struct trace {
	unsigned int version;
	unsigned int xlen;
	unsigned int flags;
	unsigned int tracer;	/* enum rvt_dump_tracer */
	uint32_t events_per_hart;
	uint64_t clock_hz;	/* 0: unknown, times are ticks */
	uint64_t overwritten;
	uint64_t dropped;
	unsigned int nr_harts;
	struct hart_trace *harts;
	uint32_t nr_profile;
	struct profile_rec *profile;
	uint32_t crc;		/* of the dump's bytes: names the CTF trace */
	uint64_t anchor;	/* run-time address of rvt_init; 0: unknown */
	unsigned int build_id_len;	/* 0: the image had none */
	uint8_t build_id[32];
	/*
	 * The image's embedded names table as the dump carries it, padding
	 * included, unchecked (symtab_from_names() reads it); NULL: none.
	 */
	uint8_t *names;
	size_t names_size;
	/* The task records, by tag (version 3); a tag may have none. */
	unsigned int nr_tasks;
	struct task_rec *tasks;
};

/* Error text of a failed call, for the user. */
struct err {
	char msg[256];
};

/*
 * Read a binary dump of exactly len bytes. Returns 0, or -1 with e set; t
 * then holds nothing to free.
 */
int trace_parse(struct trace *t, const uint8_t *buf, size_t len, struct err *e);
void trace_free(struct trace *t);

/*
 * Move every code address of t (functions, callers, profile records; not
 * marker ids) by -bias, modulo 2^xlen: from where the image ran to where
 * its ELF was linked.
 */
void trace_rebase(struct trace *t, uint64_t bias);

/* Whether buf starts like a binary dump (its magic). */
int trace_is_binary(const uint8_t *buf, size_t len);

/*
 * The length of the binary dump at the start of buf, from its header and
 * section headers, for dumps that follow each other (a binary stream):
 * 0 with *size set, 1 if buf ends before that can be told or before the
 * dump ends, -1 with e set if the header is not a dump's.
 */
int trace_dump_size(const uint8_t *buf, size_t len, size_t *size,
		    struct err *e);

/*
 * Keep only the events of hart number hart (--hart): the other harts'
 * sections go, with their lost counts. 0, or -1 with e set if t has no such
 * hart.
 */
int trace_keep_hart(struct trace *t, unsigned int hart, struct err *e);

/*
 * Keep only the events of one task (--task): task is its name or its tag
 * as a number (0: the harts' own contexts), a name first. Its switches in
 * and out stay; lost slots, whose task is unknown, go. 0, or -1 with e set
 * if t has no such task (neither a record nor an event of it); t is then
 * as it was.
 */
int trace_keep_task(struct trace *t, const char *task, struct err *e);

/*
 * The dumps of a binary input laid end to end (a binary stream): the
 * offset of each in buf into at[] (room for max of them; NULL to count).
 * Returns how many, or 0 if buf is not whole dumps end to end (then it is
 * one dump, whose parse reports what is wrong with it).
 */
size_t trace_split(const uint8_t *buf, size_t len, size_t *at, size_t max);

/* Whether any event belongs to a task (not only to harts' own contexts). */
int trace_has_tasks(const struct trace *t);

/* The record of tag, or NULL. */
const struct task_rec *trace_task(const struct trace *t, unsigned int tag);

/*
 * What a user calls the context of tag on hart (its number): the task's
 * name ("sensor"), "task 7" for a tag without a record or a name, "hart 0"
 * for tag 0, a hart's own context (interrupts included).
 */
void task_label(const struct trace *t, unsigned int tag, uint32_t hart,
		char *buf, size_t size);

/* Whether t is a chunk of a stream (rvt_trace_read()). */
int trace_is_chunk(const struct trace *t);

void err_set(struct err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

uint32_t crc32_ieee(uint32_t crc, const uint8_t *p, size_t len);

#endif
