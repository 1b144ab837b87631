// SPDX-License-Identifier: BSD-2-Clause
/*
 * The checksum job: CRC-32, Adler-32 and Fletcher-32 of random blocks, the
 * first two computed two ways that must agree.
 */
#include "workload.h"

#define BLOCK_BYTES	1024
#define ADLER_MOD	65521u
#define ADLER_NMAX	5552	/* bytes before the sums must be reduced */

static uint32_t crc_table[256];
static int crc_table_ready;

static uint32_t crc32_byte_bitwise(uint32_t crc, uint8_t b)
{
	int k;

	crc ^= b;
	for (k = 0; k < 8; k++)
		crc = crc >> 1 ^ (0xedb88320u & -(crc & 1));
	return crc;
}

/* Built once per hart that finds it missing; every hart builds the same. */
DEMO_NOINLINE
static void crc32_init_table(void)
{
	unsigned int i;

	for (i = 0; i < 256; i++)
		crc_table[i] = crc32_byte_bitwise(0, (uint8_t)i);
	__atomic_store_n(&crc_table_ready, 1, __ATOMIC_RELEASE);
}

DEMO_NOINLINE
static uint32_t crc32_bitwise(const uint8_t *p, size_t n)
{
	uint32_t crc = 0xffffffffu;

	while (n--)
		crc = crc32_byte_bitwise(crc, *p++);
	return ~crc;
}

DEMO_NOINLINE
static uint32_t crc32_table(const uint8_t *p, size_t n)
{
	uint32_t crc = 0xffffffffu;

	if (!__atomic_load_n(&crc_table_ready, __ATOMIC_ACQUIRE))
		crc32_init_table();
	while (n--)
		crc = crc_table[(crc ^ *p++) & 0xff] ^ crc >> 8;
	return ~crc;
}

DEMO_NOINLINE
static uint32_t adler32_plain(const uint8_t *p, size_t n)
{
	uint32_t a = 1, b = 0;

	while (n--) {
		a = (a + *p++) % ADLER_MOD;
		b = (b + a) % ADLER_MOD;
	}
	return b << 16 | a;
}

/* Sums a block without reducing, then reduces once. */
DEMO_NOINLINE
static void adler32_block(uint32_t *a, uint32_t *b, const uint8_t *p,
			  size_t n)
{
	while (n--) {
		*a += *p++;
		*b += *a;
	}
	*a %= ADLER_MOD;
	*b %= ADLER_MOD;
}

DEMO_NOINLINE
static uint32_t adler32_blocked(const uint8_t *p, size_t n)
{
	uint32_t a = 1, b = 0;

	while (n) {
		size_t k = n < ADLER_NMAX ? n : ADLER_NMAX;

		adler32_block(&a, &b, p, k);
		p += k;
		n -= k;
	}
	return b << 16 | a;
}

DEMO_NOINLINE
static uint32_t fletcher32(const uint8_t *p, size_t n)
{
	uint32_t s1 = 0xffff, s2 = 0xffff;

	for (; n >= 2; n -= 2, p += 2) {
		s1 = (s1 + (uint32_t)(p[0] | p[1] << 8)) % 65535u;
		s2 = (s2 + s1) % 65535u;
	}
	if (n) {
		s1 = (s1 + p[0]) % 65535u;
		s2 = (s2 + s1) % 65535u;
	}
	return s2 << 16 | s1;
}

DEMO_NOINLINE
static void fill_random(struct rng *g, uint8_t *p, size_t n)
{
	while (n--)
		*p++ = (uint8_t)rng_next(g);
}

/* The standard check value of CRC-32: "123456789" gives 0xcbf43926. */
DEMO_NOINLINE
static int crc32_known_answer(void)
{
	static const uint8_t digits[] = "123456789";

	return crc32_table(digits, 9) == 0xcbf43926u ? 0 : 20;
}

/* Each checksum must notice a flipped bit (all three catch every one). */
DEMO_NOINLINE
static int detects_flip(struct rng *g, uint8_t *block, size_t n, uint32_t crc,
			uint32_t adler, uint32_t fletcher)
{
	size_t bit = rng_next(g) % (8 * n);
	int caught;

	block[bit / 8] ^= (uint8_t)(1u << bit % 8);
	caught = crc32_table(block, n) != crc &&
		 adler32_blocked(block, n) != adler &&
		 fletcher32(block, n) != fletcher;
	block[bit / 8] ^= (uint8_t)(1u << bit % 8);
	return caught;
}

int job_checksum(struct rng *g)
{
	uint8_t block[BLOCK_BYTES];
	size_t n = BLOCK_BYTES / 2 + rng_next(g) % (BLOCK_BYTES / 2);
	uint32_t crc, adler;

	if (crc32_known_answer())
		return 20;
	fill_random(g, block, n);
	crc = crc32_table(block, n);
	if (crc != crc32_bitwise(block, n))
		return 21;
	adler = adler32_plain(block, n);
	if (adler != adler32_blocked(block, n))
		return 22;
	return detects_flip(g, block, n, crc, adler, fletcher32(block, n)) ?
	       0 : 23;
}
