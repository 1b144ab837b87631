// SPDX-License-Identifier: BSD-2-Clause
/*
 * The compress job: LZ77 with a hash of 3-byte prefixes. Output tokens: a
 * byte 0..127 is a run of that many plus one literals that follow; a byte
 * 0x80 | (length - 3) is a match of 3..130 bytes, followed by its distance
 * back, 1..65535, as two bytes little-endian.
 */
#include "workload.h"

#define TEXT_BYTES	1536
#define OUT_BYTES	(TEXT_BYTES + TEXT_BYTES / 128 + 16)
#define MIN_MATCH	3
#define MAX_MATCH	130
#define MAX_RUN		128
#define HASH_BITS	10

struct lz {
	const uint8_t *in;
	size_t len;
	size_t pos;
	size_t lit_start;	/* literals not yet written start here */
	uint8_t *out;
	size_t olen;
	size_t cap;
	uint16_t head[1u << HASH_BITS];	/* last position + 1 of each hash */
};

DEMO_NOINLINE
static unsigned int lz_hash3(const uint8_t *p)
{
	uint32_t v = (uint32_t)p[0] | (uint32_t)p[1] << 8 |
		     (uint32_t)p[2] << 16;

	return (v * 2654435761u) >> (32 - HASH_BITS);
}

DEMO_NOINLINE
static size_t lz_match_length(const uint8_t *a, const uint8_t *b, size_t max)
{
	size_t n = 0;

	while (n < max && a[n] == b[n])
		n++;
	return n;
}

/* The length of the match at the last position with the same hash, if any. */
DEMO_NOINLINE
static size_t lz_find_match(struct lz *z, size_t *dist)
{
	unsigned int h;
	size_t cand, max = z->len - z->pos, n;

	if (max < MIN_MATCH)
		return 0;
	h = lz_hash3(z->in + z->pos);
	cand = z->head[h];
	z->head[h] = (uint16_t)(z->pos + 1);
	if (!cand--)
		return 0;
	if (max > MAX_MATCH)
		max = MAX_MATCH;
	n = lz_match_length(z->in + cand, z->in + z->pos, max);
	*dist = z->pos - cand;
	return n >= MIN_MATCH ? n : 0;
}

static int lz_put(struct lz *z, uint8_t b)
{
	if (z->olen == z->cap)
		return -1;
	z->out[z->olen++] = b;
	return 0;
}

DEMO_NOINLINE
static int lz_flush_literals(struct lz *z)
{
	while (z->lit_start < z->pos) {
		size_t run = z->pos - z->lit_start, i;

		if (run > MAX_RUN)
			run = MAX_RUN;
		if (lz_put(z, (uint8_t)(run - 1)))
			return -1;
		for (i = 0; i < run; i++)
			if (lz_put(z, z->in[z->lit_start++]))
				return -1;
	}
	return 0;
}

DEMO_NOINLINE
static int lz_put_match(struct lz *z, size_t n, size_t dist)
{
	if (lz_flush_literals(z) ||
	    lz_put(z, (uint8_t)(0x80 | (n - MIN_MATCH))) ||
	    lz_put(z, (uint8_t)dist) || lz_put(z, (uint8_t)(dist >> 8)))
		return -1;
	z->pos += n;
	z->lit_start = z->pos;
	return 0;
}

DEMO_NOINLINE
static long lz_compress(struct lz *z, const uint8_t *in, size_t len,
			uint8_t *out, size_t cap)
{
	size_t i, n, dist = 0;

	for (i = 0; i < (1u << HASH_BITS); i++)
		z->head[i] = 0;
	z->in = in;
	z->len = len;
	z->pos = 0;
	z->lit_start = 0;
	z->out = out;
	z->olen = 0;
	z->cap = cap;
	while (z->pos < len) {
		n = lz_find_match(z, &dist);
		if (n) {
			if (lz_put_match(z, n, dist))
				return -1;
		} else {
			z->pos++;
		}
	}
	return lz_flush_literals(z) ? -1 : (long)z->olen;
}

DEMO_NOINLINE
static long lz_copy_match(uint8_t *out, size_t olen, size_t cap, size_t n,
			  size_t dist)
{
	size_t i;

	if (dist == 0 || dist > olen || n > cap - olen)
		return -1;
	/* Byte by byte: a match may overlap what it writes. */
	for (i = 0; i < n; i++)
		out[olen + i] = out[olen + i - dist];
	return (long)(olen + n);
}

DEMO_NOINLINE
static long lz_decompress(const uint8_t *in, size_t len, uint8_t *out,
			  size_t cap)
{
	size_t i = 0, olen = 0;

	while (i < len) {
		uint8_t t = in[i++];

		if (t & 0x80) {
			long r;

			if (len - i < 2)
				return -1;
			r = lz_copy_match(out, olen, cap,
					  (size_t)(t & 0x7f) + MIN_MATCH,
					  (size_t)in[i] | (size_t)in[i + 1] << 8);
			if (r < 0)
				return -1;
			olen = (size_t)r;
			i += 2;
		} else {
			size_t run = (size_t)t + 1;

			if (run > len - i || run > cap - olen)
				return -1;
			while (run--)
				out[olen++] = in[i++];
		}
	}
	return (long)olen;
}

DEMO_NOINLINE
static int same_bytes(const uint8_t *a, const uint8_t *b, size_t n)
{
	while (n--)
		if (*a++ != *b++)
			return 0;
	return 1;
}

int job_compress(struct rng *g)
{
	char text[TEXT_BYTES];
	uint8_t packed[OUT_BYTES], back[TEXT_BYTES];
	struct lz z;
	unsigned int count;
	uint32_t sum;
	size_t len = gen_records(g, text, sizeof(text), &sum, &count);
	long plen, blen;

	plen = lz_compress(&z, (const uint8_t *)text, len, packed,
			   sizeof(packed));
	if (plen < 0)
		return 40;
	/* Record text repeats its tags and letters: it must shrink. */
	if ((size_t)plen >= len)
		return 41;
	blen = lz_decompress(packed, (size_t)plen, back, sizeof(back));
	if (blen != (long)len || !same_bytes(back, (const uint8_t *)text, len))
		return 42;
	return 0;
}
