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
 *   mkdump slot ELF OUT      a function trace (xlen 32) whose events name
 *                            fib by the start of its ops slot (fib - 8, as
 *                            __patchable_function_entries lists it), by
 *                            fib + 4 (inside it) and by fib itself
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rvtrace/trace.h>

#include "model.h"
#include "symbols.h"

#define GROWTH	8

_Static_assert(sizeof(struct rvt_dump_header) == 104 &&
	       sizeof(struct rvt_dump_hart) == 24 &&
	       sizeof(struct rvt_event) == 32 &&
	       sizeof(struct rvt_dump_profile) == 48,
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

static void header(struct rvt_dump_header *h, unsigned int growth)
{
	memset(h, 0, sizeof(*h));
	memcpy(h->magic, RVT_DUMP_MAGIC, sizeof(h->magic));
	h->version = RVT_DUMP_VERSION;
	h->header_size = sizeof(*h) + growth;
	h->hart_header_size = sizeof(struct rvt_dump_hart) + growth;
	h->event_size = sizeof(struct rvt_event) + growth;
	h->profile_size = sizeof(struct rvt_dump_profile) + growth;
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
	struct err e;
	size_t i;

	s = symtab_open(elf, 0, &e);
	if (!s) {
		fprintf(stderr, "mkdump: %s\n", e.msg);
		return 1;
	}
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
	struct err e;
	unsigned int i;

	s = symtab_open(elf, 0, &e);
	if (!s) {
		fprintf(stderr, "mkdump: %s\n", e.msg);
		return 1;
	}
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

static int grown(const char *in)
{
	struct rvt_dump_header h;
	struct trace t;
	struct err e;
	uint8_t *buf;
	long len;
	unsigned int i;
	uint32_t k;
	FILE *f = fopen(in, "rb");

	if (!f || fseek(f, 0, SEEK_END) || (len = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) || !(buf = malloc((size_t)len + 1)) ||
	    fread(buf, 1, (size_t)len, f) != (size_t)len) {
		fprintf(stderr, "mkdump: cannot read %s\n", in);
		return 1;
	}
	fclose(f);
	if (trace_parse(&t, buf, (size_t)len, &e)) {
		fprintf(stderr, "mkdump: %s: %s\n", in, e.msg);
		return 1;
	}
	header(&h, GROWTH);
	h.xlen = (uint8_t)t.xlen;
	h.flags = (uint8_t)t.flags;
	h.nr_harts = (uint16_t)t.nr_harts;
	h.events_per_hart = t.events_per_hart;
	h.clock_hz = t.clock_hz;
	h.overwritten = t.overwritten;
	h.dropped = t.dropped;
	h.tracer = (uint8_t)t.tracer;
	h.nr_profile = t.nr_profile;
	put(&h, sizeof(h), h.header_size);
	for (i = 0; i < t.nr_harts; i++) {
		const struct hart_trace *ht = &t.harts[i];
		struct rvt_dump_hart hh = {
			.hart = ht->hart, .nr_events = ht->nr,
			.overwritten = ht->overwritten, .dropped = ht->dropped,
		};

		put(&hh, sizeof(hh), h.hart_header_size);
		for (k = 0; k < ht->nr; k++) {
			const struct event *x = &ht->ev[k];
			struct rvt_event ev = {
				.ts = x->ts, .func = x->func, .caller = x->caller,
				.info = x->kind == 0 ? 0 :
					x->kind | x->depth << 4 | ht->hart << 16,
				.seq = x->kind ? k + 1 : 0,
			};

			put(&ev, sizeof(ev), h.event_size);
		}
	}
	for (k = 0; k < t.nr_profile; k++) {
		const struct profile_rec *r = &t.profile[k];
		struct rvt_dump_profile p = {
			.func = r->func, .hits = r->hits, .total = r->total,
			.self = r->self, .min = r->min, .max = r->max,
		};

		put(&p, sizeof(p), h.profile_size);
	}
	trace_free(&t);
	free(buf);
	return 0;
}

int main(int argc, char **argv)
{
	int ret;

	if (argc != 4 || (strcmp(argv[1], "profile") &&
			  strcmp(argv[1], "grown") && strcmp(argv[1], "slot"))) {
		fprintf(stderr, "usage: mkdump profile|slot ELF OUT | mkdump grown IN OUT\n");
		return 2;
	}
	out = fopen(argv[3], "wb");
	if (!out) {
		fprintf(stderr, "mkdump: cannot write %s\n", argv[3]);
		return 1;
	}
	if (!strcmp(argv[1], "profile"))
		ret = profile(argv[2]);
	else if (!strcmp(argv[1], "slot"))
		ret = slot(argv[2]);
	else
		ret = grown(argv[2]);
	if (fclose(out) && !ret) {
		fprintf(stderr, "mkdump: cannot write %s\n", argv[3]);
		ret = 1;
	}
	return ret;
}
