// SPDX-License-Identifier: BSD-2-Clause
/*
 * Dumps the firmware cannot (yet) make, written from the structures of
 * rvtrace/trace.h, for the decoder's tests:
 *
 *   mkdump profile ELF OUT   profile records only (no tracer ran), for
 *                            functions of ELF, with known times
 *   mkdump grown IN OUT      the binary dump IN again with every header and
 *                            record 8 bytes longer, as a later version of
 *                            the format may make them: a decoder must skip
 *                            the bytes it does not know and read the same
 *                            (a names table stays at the header's end)
 *   mkdump names ELF IN OUT  IN again, with the names table of ELF's
 *                            functions that rvtrace_embed_names() would
 *                            embed, every address moved as if the image
 *                            ran 1 GiB above its link address
 *   mkdump chunks ELF IN OUT the same as a stream of two chunks, each with
 *                            half of every hart's events, the table and
 *                            the task records in the first only, as
 *                            rvt_trace_read() writes them
 *   mkdump slot ELF OUT      a function trace (xlen 32) whose events name
 *                            fib by the start of its ops slot (fib - 8, as
 *                            __patchable_function_entries lists it), by
 *                            fib + 4 (inside it) and by fib itself
 *   mkdump tasks ELF OUT     a graph trace of tasks on two harts, with
 *                            functions of ELF: task "alpha" switched out
 *                            inside two calls on hart 0 goes on on hart 1
 *                            after an interrupt there (the hart's own
 *                            context); tag 2 has no record, tag 3 a record
 *                            without a name, and a marker; a slot is lost
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rvtrace/trace.h>

#include "model.h"
#include "symbols.h"

#define GROWTH	8

_Static_assert(sizeof(struct rvt_dump_header) == 120 &&
	       sizeof(struct rvt_dump_hart) == 24 &&
	       sizeof(struct rvt_event) == 32 &&
	       sizeof(struct rvt_dump_profile) == 48 &&
	       sizeof(struct rvt_dump_task) == 24,
	       "dump layout of rvtrace/trace.h");

static FILE *out;

/* The host is little-endian, as the format: the structures as they are. */
static void put(const void *p, size_t len, size_t size)
{
	static const uint8_t pad[GROWTH] = {
		0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee,
	};

	fwrite(p, 1, len, out);
	if (size > len)
		fwrite(pad, 1, size - len, out);
}

/* The symbols of elf; NULL, said on stderr, if it cannot be read. */
static struct symtab *open_elf(const char *elf)
{
	struct symtab *s;
	struct err e;

	s = symtab_open(elf, 0, &e);
	if (!s)
		fprintf(stderr, "mkdump: %s\n", e.msg);
	return s;
}

static void header(struct rvt_dump_header *h, unsigned int growth)
{
	memset(h, 0, sizeof(*h));
	memcpy(h->magic, RVT_DUMP_MAGIC, sizeof(h->magic));
	h->version = RVT_DUMP_VERSION;
	h->header_size = sizeof(*h) + growth;
	h->hart_header_size = sizeof(struct rvt_dump_hart) + growth;
	h->event_size = sizeof(struct rvt_event) + growth;
	h->profile_size = sizeof(struct rvt_dump_profile) + growth;
	h->task_size = sizeof(struct rvt_dump_task) + growth;
}

static int profile(const char *elf)
{
	/* hits, total, self, min, max in ticks of a 10 MHz clock. */
	static const struct {
		const char *name;
		uint64_t hits, total, self, min, max;
	} rows[] = {
		{ "fib", 30, 900, 600, 10, 120 },
		{ "work", 2, 2000, 300, 900, 1100 },
		{ "busy", 2, 700, 700, 300, 400 },
		{ "leaf", 6, 60, 60, 9, 12 },
		{ "top", 2, 400, 340, 190, 210 },
	};
	struct rvt_dump_header h;
	struct symtab *s;
	size_t i;

	s = open_elf(elf);
	if (!s)
		return 1;
	header(&h, 0);
	h.xlen = 64;
	h.clock_hz = 10000000;
	h.tracer = RVT_DUMP_TRACER_NONE;
	h.nr_profile = sizeof(rows) / sizeof(rows[0]);
	put(&h, sizeof(h), sizeof(h));
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct rvt_dump_profile p = {
			.func = sym_lookup(s, rows[i].name),
			.hits = rows[i].hits, .total = rows[i].total,
			.self = rows[i].self, .min = rows[i].min,
			.max = rows[i].max,
		};

		if (!p.func) {
			fprintf(stderr, "mkdump: no function %s in %s\n",
				rows[i].name, elf);
			return 1;
		}
		put(&p, sizeof(p), sizeof(p));
	}
	symtab_close(s);
	return 0;
}

static int slot(const char *elf)
{
	struct rvt_dump_header h;
	struct rvt_dump_hart hh = { .hart = 0, .nr_events = 3 };
	const int64_t off[3] = { -8, 4, 0 };
	uint64_t fib, work;
	struct symtab *s;
	unsigned int i;

	s = open_elf(elf);
	if (!s)
		return 1;
	fib = sym_lookup(s, "fib");
	work = sym_lookup(s, "work");
	symtab_close(s);
	if (!fib || !work) {
		fprintf(stderr, "mkdump: no fib or work in %s\n", elf);
		return 1;
	}
	header(&h, 0);
	h.xlen = 32;
	h.clock_hz = 10000000;
	h.tracer = RVT_DUMP_TRACER_FUNCTION;
	h.nr_harts = 1;
	h.events_per_hart = 4;
	put(&h, sizeof(h), sizeof(h));
	put(&hh, sizeof(hh), sizeof(hh));
	for (i = 0; i < 3; i++) {
		struct rvt_event ev = {
			.ts = 1000 + 10 * i, .func = fib + (uint64_t)off[i],
			.caller = work + 0x10, .info = RVT_EVENT_ENTRY,
			.seq = i + 1,
		};

		put(&ev, sizeof(ev), sizeof(ev));
	}
	return 0;
}

/* How a recorded dump is written again. */
struct shape {
	unsigned int growth;	/* bytes added to every header and record */
	uint64_t bias;		/* added to every code address */
	uint64_t anchor;
	const uint8_t *names;	/* the names table to carry; NULL: none */
	size_t names_size;
	unsigned int chunks;	/* 0: a dump; else a stream of this many */
};

static struct trace in_trace;
static uint8_t *in_bytes;

static int read_in(const char *in)
{
	struct err e;
	long len;
	FILE *f = fopen(in, "rb");

	if (!f || fseek(f, 0, SEEK_END) || (len = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) || !(in_bytes = malloc((size_t)len + 1)) ||
	    fread(in_bytes, 1, (size_t)len, f) != (size_t)len) {
		fprintf(stderr, "mkdump: cannot read %s\n", in);
		return 1;
	}
	fclose(f);
	if (trace_parse(&in_trace, in_bytes, (size_t)len, &e)) {
		fprintf(stderr, "mkdump: %s: %s\n", in, e.msg);
		return 1;
	}
	return 0;
}

/* Chunk c of n of a hart's events: [*from, *to). */
static void share(uint32_t nr, unsigned int c, unsigned int n, uint32_t *from,
		  uint32_t *to)
{
	*from = (uint32_t)((uint64_t)nr * c / n);
	*to = (uint32_t)((uint64_t)nr * (c + 1) / n);
}

/* The dump, or chunk c of the stream, of in_trace as sh says. */
static void put_piece(const struct shape *sh, unsigned int c)
{
	static const uint8_t zeros[8];
	const struct trace *t = &in_trace;
	uint64_t mask = t->xlen == 32 ? UINT32_MAX : UINT64_MAX;
	unsigned int n = sh->chunks ? sh->chunks : 1;
	size_t names = c ? 0 : (sh->names_size + 7) & ~(size_t)7;
	struct rvt_dump_header h;
	uint32_t k, from, to;
	unsigned int i;

	header(&h, sh->growth);
	h.header_size = (uint16_t)(h.header_size + names);
	h.names_size = (uint32_t)names;
	h.xlen = (uint8_t)t->xlen;
	h.flags = (uint8_t)(t->flags | (sh->chunks ? RVT_DUMP_CHUNK : 0));
	h.nr_harts = (uint16_t)t->nr_harts;
	h.events_per_hart = t->events_per_hart;
	h.clock_hz = t->clock_hz;
	h.overwritten = c ? 0 : t->overwritten;
	h.dropped = c ? 0 : t->dropped;
	h.tracer = (uint8_t)t->tracer;
	h.nr_profile = sh->chunks ? 0 : t->nr_profile;
	h.nr_tasks = (uint16_t)(c ? 0 : t->nr_tasks);
	h.anchor = sh->anchor;
	h.build_id_len = (uint8_t)t->build_id_len;
	memcpy(h.build_id, t->build_id, t->build_id_len);
	put(&h, sizeof(h), sizeof(h) + sh->growth);
	if (names) {
		fwrite(sh->names, 1, sh->names_size, out);
		fwrite(zeros, 1, names - sh->names_size, out);
	}
	for (i = 0; i < t->nr_harts; i++) {
		const struct hart_trace *ht = &t->harts[i];
		struct rvt_dump_hart hh = {
			.hart = ht->hart,
			.overwritten = c ? 0 : ht->overwritten,
			.dropped = c ? 0 : ht->dropped,
		};

		share(ht->nr, c, n, &from, &to);
		hh.nr_events = to - from;
		put(&hh, sizeof(hh), h.hart_header_size);
		for (k = from; k < to; k++) {
			const struct event *x = &ht->ev[k];
			struct rvt_event ev = {
				.ts = x->ts, .func = x->func, .caller = x->caller,
				.info = x->kind == 0 ? 0 :
					x->kind | x->depth << 4 | ht->hart << 16 |
					x->task << 24,
				.seq = x->kind ? k + 1 : 0,
			};

			if (x->kind == EV_ENTRY || x->kind == EV_EXIT)
				ev.func = (ev.func + sh->bias) & mask;
			/* A switch's are tags, not addresses. */
			if (x->kind != EV_LOST && x->kind != EV_SWITCH &&
			    ev.caller)
				ev.caller = (ev.caller + sh->bias) & mask;
			put(&ev, sizeof(ev), h.event_size);
		}
	}
	for (k = 0; k < h.nr_profile; k++) {
		const struct profile_rec *r = &t->profile[k];
		struct rvt_dump_profile p = {
			.func = (r->func + sh->bias) & mask, .hits = r->hits,
			.total = r->total, .self = r->self, .min = r->min,
			.max = r->max,
		};

		put(&p, sizeof(p), h.profile_size);
	}
	for (k = 0; k < h.nr_tasks; k++) {
		const struct task_rec *r = &t->tasks[k];
		struct rvt_dump_task d = {
			.tag = (uint8_t)r->tag, .exited = (uint8_t)r->exited,
			.id = r->id,
		};

		memcpy(d.name, r->name, sizeof(d.name));
		put(&d, sizeof(d), h.task_size);
	}
}

static void put_shape(const struct shape *sh)
{
	unsigned int c;

	for (c = 0; c < (sh->chunks ? sh->chunks : 1); c++)
		put_piece(sh, c);
}

static int grown(const char *in)
{
	struct shape sh = { .growth = GROWTH };

	if (read_in(in))
		return 1;
	sh.anchor = in_trace.anchor;
	sh.names = in_trace.names;
	sh.names_size = in_trace.names_size;
	put_shape(&sh);
	return 0;
}

/*
 * Names of the firmware's functions as rvtrace-names.cmake embeds them, in
 * an image loaded NAMES_BIAS above its link address.
 */
#define NAMES_BIAS	0x40000000u
#define NAMES_RANGE	0x80000000u	/* offsets are 32-bit */

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* Whether addr is within the reach of the table's 32-bit offsets. */
static int reachable(uint64_t addr, uint64_t anchor)
{
	return addr - anchor + NAMES_RANGE < 2 * (uint64_t)NAMES_RANGE;
}

/* The names table of the ELF's symbols, into *table; its size, or 0. */
static size_t names_table(const char *elf, uint64_t *anchor, uint8_t **table)
{
	size_t i, count = 0, strings = 0, size, at;
	const char *name;
	struct symtab *s;
	uint64_t addr;
	uint8_t *p;

	s = open_elf(elf);
	if (!s)
		return 0;
	if (!sym_find(s, "rvt_init", anchor)) {
		fprintf(stderr, "mkdump: no rvt_init in %s\n", elf);
		symtab_close(s);
		return 0;
	}
	for (i = 0; sym_nth(s, i, &addr, &name); i++) {
		if (reachable(addr, *anchor)) {
			count++;
			strings += strlen(name) + 1;
		}
	}
	size = 8 + count * 8 + strings;
	p = calloc(1, size);
	if (!p) {
		fprintf(stderr, "mkdump: out of memory\n");
		symtab_close(s);
		return 0;
	}
	memcpy(p, "RVTN", 4);
	put_le32(p + 4, (uint32_t)count);
	at = 8 + count * 8;
	count = 0;
	for (i = 0; sym_nth(s, i, &addr, &name); i++) {
		if (!reachable(addr, *anchor))
			continue;
		put_le32(p + 8 + count * 8, (uint32_t)(addr - *anchor));
		put_le32(p + 12 + count * 8, (uint32_t)at);
		memcpy(p + at, name, strlen(name) + 1);
		at += strlen(name) + 1;
		count++;
	}
	symtab_close(s);
	*table = p;
	return size;
}

static int tasks(const char *elf)
{
	/* Entries and exits name func and caller; a switch's tags are a, b. */
	static const struct {
		unsigned int hart, kind, depth, task;
		uint64_t ts;
		const char *func, *caller;
		uint64_t a, b;
	} evs[] = {
		{ 0, EV_ENTRY, 0, 1, 1000, "work", "top", 0, 0 },
		{ 0, EV_ENTRY, 1, 1, 1010, "busy", "work", 0, 0 },
		{ 0, EV_SWITCH, 0, 0, 1020, NULL, NULL, 1, 2 },
		{ 0, EV_ENTRY, 0, 2, 1030, "top", "fib", 0, 0 },
		{ 0, EV_ENTRY, 1, 2, 1040, "leaf", "top", 0, 0 },
		{ 0, EV_EXIT, 1, 2, 1050, "leaf", "top", 0, 0 },
		{ 0, EV_EXIT, 0, 2, 1060, "top", "fib", 0, 0 },
		{ 0, EV_SWITCH, 0, 0, 1070, NULL, NULL, 2, 0 },
		{ 0, EV_LOST, 0, 0, 0, NULL, NULL, 0, 0 },
		{ 1, EV_SWITCH, 0, 0, 1100, NULL, NULL, 0, 1 },
		{ 1, EV_ENTRY, 0, 0, 1110, "right", "left", 0, 0 },
		{ 1, EV_EXIT, 0, 0, 1115, "right", "left", 0, 0 },
		{ 1, EV_EXIT, 1, 1, 1120, "busy", "work", 0, 0 },
		{ 1, EV_EXIT, 0, 1, 1130, "work", "top", 0, 0 },
		{ 1, EV_SWITCH, 0, 0, 1140, NULL, NULL, 1, 3 },
		{ 1, EV_ENTRY, 0, 3, 1150, "fib", "work", 0, 0 },
		{ 1, EV_MARKER, 0, 3, 1160, NULL, "fib", 7, 0 },
		{ 1, EV_EXIT, 0, 3, 1170, "fib", "work", 0, 0 },
	};
	static const struct task_rec recs[] = {
		{ .tag = 1, .id = 10, .name = "alpha" },
		{ .tag = 3, .id = 30, .name = "" },
	};
	struct trace *t = &in_trace;
	struct shape sh = { 0 };
	struct symtab *s;
	size_t i;

	s = open_elf(elf);
	if (!s)
		return 1;
	t->xlen = 64;
	t->clock_hz = 10000000;
	t->tracer = RVT_DUMP_TRACER_GRAPH;
	t->events_per_hart = 16;
	t->nr_harts = 2;
	t->harts = calloc(2, sizeof(*t->harts));
	t->tasks = malloc(sizeof(recs));
	for (i = 0; t->harts && i < 2; i++) {
		t->harts[i].hart = (uint32_t)i;
		t->harts[i].ev = calloc(t->events_per_hart,
					sizeof(struct event));
	}
	if (!t->harts || !t->harts[0].ev || !t->harts[1].ev || !t->tasks) {
		fprintf(stderr, "mkdump: out of memory\n");
		symtab_close(s);
		return 1;
	}
	memcpy(t->tasks, recs, sizeof(recs));
	t->nr_tasks = sizeof(recs) / sizeof(recs[0]);
	for (i = 0; i < sizeof(evs) / sizeof(evs[0]); i++) {
		struct hart_trace *ht = &t->harts[evs[i].hart];
		struct event *ev = &ht->ev[ht->nr++];

		ev->kind = evs[i].kind;
		ev->depth = evs[i].depth;
		ev->task = evs[i].task;
		ev->ts = evs[i].ts;
		ev->func = evs[i].func ? sym_lookup(s, evs[i].func) : evs[i].a;
		ev->caller = evs[i].caller ?
			     sym_lookup(s, evs[i].caller) + 0x10 : evs[i].b;
	}
	symtab_close(s);
	put_shape(&sh);
	return 0;
}

static int names(const char *elf, const char *in, unsigned int chunks)
{
	struct shape sh = { .bias = NAMES_BIAS, .chunks = chunks };
	uint8_t *table = NULL;

	sh.names_size = names_table(elf, &sh.anchor, &table);
	if (!sh.names_size || read_in(in)) {
		free(table);
		return 1;
	}
	sh.names = table;
	sh.anchor += NAMES_BIAS;
	put_shape(&sh);
	free(table);
	return 0;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	int names_mode = !strcmp(mode, "names") || !strcmp(mode, "chunks");
	int ret;

	if (argc != 4 + names_mode ||
	    (strcmp(mode, "profile") && strcmp(mode, "grown") &&
	     strcmp(mode, "slot") && strcmp(mode, "tasks") && !names_mode)) {
		fprintf(stderr, "usage: mkdump profile|slot|tasks ELF OUT | mkdump grown IN OUT | mkdump names|chunks ELF IN OUT\n");
		return 2;
	}
	out = fopen(argv[argc - 1], "wb");
	if (!out) {
		fprintf(stderr, "mkdump: cannot write %s\n", argv[argc - 1]);
		return 1;
	}
	if (!strcmp(mode, "profile"))
		ret = profile(argv[2]);
	else if (!strcmp(mode, "slot"))
		ret = slot(argv[2]);
	else if (!strcmp(mode, "tasks"))
		ret = tasks(argv[2]);
	else if (!strcmp(mode, "grown"))
		ret = grown(argv[2]);
	else
		ret = names(argv[2], argv[3], !strcmp(mode, "chunks") ? 2 : 0);
	if (fclose(out) && !ret) {
		fprintf(stderr, "mkdump: cannot write %s\n", argv[argc - 1]);
		ret = 1;
	}
	trace_free(&in_trace);
	free(in_bytes);
	return ret;
}
