/* SPDX-License-Identifier: BSD-2-Clause */
/* The output formats: each writes one decoded dump. */
#ifndef RVTD_FORMATS_H
#define RVTD_FORMATS_H

#include <stdio.h>

#include "calls.h"
#include "model.h"
#include "printk.h"
#include "symbols.h"
#include "values.h"

#define NAME_MAX_LEN	512
/* An event's values or a printk's message as text. */
#define VALUES_MAX_LEN	1024

struct ctx {
	const struct trace *t;
	const struct symtab *sym;	/* the ELF's, or the names the dump
					   carries; NULL: addresses in hex */
	const struct values *vals;	/* the ELF's DWARF; NULL: values in hex */
	const struct image *img;	/* the ELF's bytes, for printk's
					   formats; NULL: none */
	const struct call_set *cs;
	const char *program;		/* the ELF's file name, or "firmware" */
	int lines;			/* file:line after names */
	int tasks;			/* show tasks: --task, or the trace
					   (following: a chunk so far) has
					   some (trace_has_tasks()) */
	FILE *out;
	struct err *e;
};

/* Each returns 0, or -1 with ctx->e set. */
int fmt_text(struct ctx *c);
int fmt_graph(struct ctx *c);
int fmt_profile(struct ctx *c);
int fmt_chrome(struct ctx *c);
int fmt_folded(struct ctx *c);
int fmt_svg(struct ctx *c);
/* CTF goes into a directory: metadata and one stream file per hart. */
int fmt_ctf(struct ctx *c, const char *dir);

/*
 * Following a stream (--follow): the header once, then each chunk's events
 * as it arrives (c->t is the chunk). The graph keeps calls open from one
 * chunk to the next.
 */
void text_follow_header(const struct ctx *c);
int text_follow_chunk(const struct ctx *c);
struct graph_follow;
struct graph_follow *graph_follow_new(void);
void graph_follow_header(const struct ctx *c);
int graph_follow_chunk(const struct ctx *c, struct graph_follow *g);
void graph_follow_free(struct graph_follow *g);

/* A function's name, with " (file:line)" when lines are on. */
void func_name(const struct ctx *c, uint64_t addr, char *buf, size_t len);
/* A return address as "func+0xoff", with its line when lines are on. */
void caller_name(const struct ctx *c, uint64_t addr, char *buf, size_t len);

/*
 * The values an event carries, as text (empty when it has none): an
 * entry's arguments "n=5, c='A'", an exit's return value "5" (nothing for
 * a void function), a printk's message.
 */
void args_text(const struct ctx *c, const struct hart_trace *ht,
	       const struct event *ev, char *buf, size_t len);
void ret_text(const struct ctx *c, const struct hart_trace *ht,
	      const struct event *ev, char *buf, size_t len);
void printk_text(const struct ctx *c, const struct hart_trace *ht,
		 const struct event *ev, char *buf, size_t len);

/* Whether the dump has events; sets the error for formats that need them. */
int need_events(struct ctx *c, const char *format);
/* Whether the dump has exit events; sets the error otherwise. */
int need_graph(struct ctx *c, const char *format);

#endif
