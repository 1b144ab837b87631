// SPDX-License-Identifier: BSD-2-Clause
/*
 * Two workloads, built in every configuration of the benchmark:
 *
 * - tiny(): a leaf that adds one, the worst case for any per-call cost;
 * - mix(): one step of a firmware-like job with a mix of function sizes:
 *   accessors of a few instructions, small helpers, loops of a hundred or
 *   more, and callers of all of them (WL_MIX_CALLS calls per step).
 *
 * The state's lookup table fills up during the first steps; the harness runs
 * every copy once before it measures, so each measured step takes one path.
 *
 * WL_PREFIX names the copy. Every function is a real call in every copy:
 * not inlined, and not cloned by GCC (a clone would be another function).
 */
#include <stdint.h>

#include "workload.h"

#define WL_CAT2(a, b)	a##_##b
#define WL_CAT(a, b)	WL_CAT2(a, b)
#define WL(name)	WL_CAT(WL_PREFIX, name)

#ifdef __clang__
#define WL_FN	__attribute__((noinline))
#else
#define WL_FN	__attribute__((noinline, noclone))
#endif

/* The prototypes of the copy, so that -Wmissing-prototypes stays quiet. */
unsigned long WL(tiny)(unsigned long x);
uint32_t WL(msg_len)(const struct wl_msg *m);
uint32_t WL(clamp)(uint32_t v, uint32_t lo, uint32_t hi);
uint32_t WL(hash)(uint32_t key);
struct wl_entry *WL(lookup)(struct wl_state *s, uint32_t key);
uint32_t WL(checksum)(const uint8_t *p, uint32_t n);
void WL(stat_add)(struct wl_state *s, unsigned int i, uint32_t v);
void WL(fill)(struct wl_msg *m, uint32_t id, unsigned long seed);
uint32_t WL(process)(struct wl_state *s, struct wl_msg *m);

WL_FN unsigned long WL(tiny)(unsigned long x)
{
	return x + 1;
}

WL_FN uint32_t WL(msg_len)(const struct wl_msg *m)
{
	return m->len;
}

WL_FN uint32_t WL(clamp)(uint32_t v, uint32_t lo, uint32_t hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

WL_FN uint32_t WL(hash)(uint32_t key)
{
	key ^= key >> 16;
	key *= 0x45d9f3bu;
	key ^= key >> 13;
	return key;
}

/* Open addressing over a small table: a short, data-dependent probe. */
WL_FN struct wl_entry *WL(lookup)(struct wl_state *s, uint32_t key)
{
	uint32_t i = WL(hash)(key) % WL_TABLE_SIZE;
	unsigned int n;

	for (n = 0; n < WL_TABLE_SIZE; n++) {
		struct wl_entry *e = &s->table[(i + n) % WL_TABLE_SIZE];

		if (e->key == key || e->key == 0) {
			e->key = key;
			return e;
		}
	}
	return &s->table[i];
}

/* Fletcher-16 over the payload: the loop of the workload. */
WL_FN uint32_t WL(checksum)(const uint8_t *p, uint32_t n)
{
	uint32_t a = 0, b = 0;
	uint32_t i;

	for (i = 0; i < n; i++) {
		a = (a + p[i]) % 255;
		b = (b + a) % 255;
	}
	return b << 8 | a;
}

WL_FN void WL(stat_add)(struct wl_state *s, unsigned int i, uint32_t v)
{
	s->stats[i % 4] += v;
}

WL_FN void WL(fill)(struct wl_msg *m, uint32_t id, unsigned long seed)
{
	uint32_t x = (uint32_t)seed * 2654435761u + id;
	unsigned int i;

	m->id = id;
	m->len = 8 + (x >> 7) % (WL_MSG_BYTES + 8);
	for (i = 0; i < WL_MSG_BYTES; i += 4) {
		x = x * 1103515245u + 12345u;
		m->data[i] = (uint8_t)(x >> 24);
		m->data[i + 1] = (uint8_t)(x >> 16);
		m->data[i + 2] = (uint8_t)(x >> 8);
		m->data[i + 3] = (uint8_t)x;
	}
}

WL_FN uint32_t WL(process)(struct wl_state *s, struct wl_msg *m)
{
	uint32_t len = WL(clamp)(WL(msg_len)(m), 1, WL_MSG_BYTES);
	struct wl_entry *e;

	m->sum = WL(checksum)(m->data, len);
	e = WL(lookup)(s, m->id % 23 + 1);
	e->hits++;
	WL(stat_add)(s, m->id, len);
	return m->sum ^ e->key;
}

/* 1 + 2 * (fill, process, msg_len, clamp, checksum, lookup, hash, stat_add) */
WL_FN unsigned long WL(mix)(struct wl_state *s, unsigned long seed)
{
	unsigned long r = 0;
	unsigned int i;

	for (i = 0; i < 2; i++) {
		WL(fill)(&s->msgs[i], (uint32_t)(seed * 2 + i), seed);
		r += WL(process)(s, &s->msgs[i]);
	}
	return r;
}
