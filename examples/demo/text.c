// SPDX-License-Identifier: BSD-2-Clause
/* Records as text lines: "r<type>" and its fields, space separated. */
#include "workload.h"

#define BLOCK_RECORDS_MAX	256

DEMO_NOINLINE
static char *put_udec(char *o, uint32_t v)
{
	char tmp[10];
	int n = 0;

	do
		tmp[n++] = (char)('0' + v % 10);
	while (v /= 10);
	while (n)
		*o++ = tmp[--n];
	return o;
}

static void push(struct rec *r, uint32_t v)
{
	if (r->n < REC_MAX_FIELDS)
		r->v[r->n++] = v;
}

char *put_tag(char *o, struct rec *r, unsigned int type)
{
	r->type = type;
	r->n = 0;
	*o++ = 'r';
	return put_udec(o, type);
}

char *put_dec(char *o, struct rec *r, uint32_t v)
{
	push(r, v);
	*o++ = ' ';
	return put_udec(o, v);
}

char *put_hex(char *o, struct rec *r, uint32_t v)
{
	int shift;

	push(r, v);
	*o++ = ' ';
	*o++ = '0';
	*o++ = 'x';
	for (shift = 28; shift >= 0; shift -= 4)
		*o++ = "0123456789abcdef"[(v >> shift) & 0xf];
	return o;
}

/* A word's value is a hash of its letters, so the parser can check it. */
static uint32_t word_hash(uint32_t h, char c)
{
	return (h ^ (uint8_t)c) * 16777619u;
}

/* Log-like text: words from a small vocabulary, so that it compresses. */
char *put_word(char *o, struct rec *r, struct rng *g)
{
	static const char *const words[] = {
		"idle", "ready", "busy", "error", "retry", "sensor", "uart",
		"flash", "boot", "timer", "dma", "irq", "spi", "gpio", "adc",
		"watchdog",
	};
	const char *w = words[rng_next(g) % (sizeof(words) / sizeof(words[0]))];
	uint32_t h = 2166136261u;

	*o++ = ' ';
	while (*w) {
		h = word_hash(h, *w);
		*o++ = *w++;
	}
	push(r, h);
	return o;
}

int end_record(const char *start, char *o)
{
	*o++ = '\n';
	return (int)(o - start);
}

static int expect(struct cursor *c, char ch)
{
	if (c->p == c->end || *c->p != ch)
		return -1;
	c->p++;
	return 0;
}

int get_dec(struct cursor *c, struct rec *r)
{
	uint32_t v = 0;
	const char *start;

	if (expect(c, ' '))
		return -1;
	start = c->p;
	while (c->p != c->end && *c->p >= '0' && *c->p <= '9')
		v = v * 10 + (uint32_t)(*c->p++ - '0');
	if (c->p == start)
		return -1;
	push(r, v);
	return 0;
}

static int hex_digit(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	return -1;
}

int get_hex(struct cursor *c, struct rec *r)
{
	uint32_t v = 0;
	int i, d;

	if (expect(c, ' ') || expect(c, '0') || expect(c, 'x'))
		return -1;
	for (i = 0; i < 8; i++) {
		if (c->p == c->end || (d = hex_digit(*c->p)) < 0)
			return -1;
		v = v << 4 | (uint32_t)d;
		c->p++;
	}
	push(r, v);
	return 0;
}

int get_word(struct cursor *c, struct rec *r)
{
	uint32_t h = 2166136261u;
	const char *start;

	if (expect(c, ' '))
		return -1;
	start = c->p;
	while (c->p != c->end && *c->p >= 'a' && *c->p <= 'z')
		h = word_hash(h, *c->p++);
	if (c->p == start)
		return -1;
	push(r, h);
	return 0;
}

int end_parse(struct cursor *c, struct rec *r, unsigned int type,
	      unsigned int nfields)
{
	if (expect(c, '\n') || r->n != nfields)
		return -1;
	r->type = type;
	return 0;
}

size_t gen_records(struct rng *g, char *buf, size_t cap, uint32_t *sum,
		   unsigned int *count)
{
	size_t len = 0;
	struct rec r;

	*sum = 0;
	*count = 0;
	while (len + REC_MAX_TEXT <= cap && *count < BLOCK_RECORDS_MAX) {
		const struct record_type *t =
			&record_types[rng_next(g) % nr_record_types];

		len += (size_t)t->emit(g, &r, buf + len);
		*sum = t->fold(&r, *sum);
		(*count)++;
	}
	return len;
}
