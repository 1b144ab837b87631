/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The demo's workload: three jobs on generated data, run by the harts while
 * the boot hart switches tracers on and off.
 *
 * - checksum: CRC-32 (table and bitwise), Adler-32 (plain and blocked) and
 *   Fletcher-32 of random blocks, each computed two ways that must agree;
 * - compress: LZ77 compression of generated text and decompression back,
 *   which must give the text again;
 * - parse: generated records written as text lines and parsed back, whose
 *   checksums must match.
 *
 * The records come in nr_record_types types, each with its own emit, parse
 * and fold functions, generated at build time (gen_records.cmake).
 */
#ifndef DEMO_WORKLOAD_H
#define DEMO_WORKLOAD_H

#include <stddef.h>
#include <stdint.h>

/*
 * Functions whose calls the trace should show: at -O3 the compiler would
 * fold most static helpers into their callers (and a folded call has no
 * patch site of its own).
 */
#define DEMO_NOINLINE	__attribute__((noinline))

/* xorshift32: each hart has its own generator. */
struct rng {
	uint32_t s;
};

static inline uint32_t rng_next(struct rng *g)
{
	uint32_t x = g->s;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return g->s = x;
}

#define REC_MAX_FIELDS	4
#define REC_MAX_TEXT	80	/* the longest line a record type writes */

struct rec {
	unsigned int type;
	unsigned int n;
	uint32_t v[REC_MAX_FIELDS];
};

/* A parser's position in a text. */
struct cursor {
	const char *p;
	const char *end;
};

struct record_type {
	int (*emit)(struct rng *g, struct rec *r, char *out);
	int (*parse)(struct cursor *c, struct rec *r);
	uint32_t (*fold)(const struct rec *r, uint32_t acc);
};

extern const struct record_type record_types[];
extern const unsigned int nr_record_types;

/* Writing records (text.c): each returns where the text continues. */
char *put_tag(char *o, struct rec *r, unsigned int type);
char *put_dec(char *o, struct rec *r, uint32_t v);
char *put_hex(char *o, struct rec *r, uint32_t v);
char *put_word(char *o, struct rec *r, struct rng *g);
int end_record(const char *start, char *o);

/* Reading them back: 0, or -1 for text that is not the expected field. */
int get_dec(struct cursor *c, struct rec *r);
int get_hex(struct cursor *c, struct rec *r);
int get_word(struct cursor *c, struct rec *r);
int end_parse(struct cursor *c, struct rec *r, unsigned int type,
	      unsigned int nfields);

/* Random records as text into buf (at most cap bytes); their checksum. */
size_t gen_records(struct rng *g, char *buf, size_t cap, uint32_t *sum,
		   unsigned int *count);

/* The jobs: 0 when the round's results check out, else a failure code. */
int job_checksum(struct rng *g);
int job_compress(struct rng *g);
int job_parse(struct rng *g);

#endif
