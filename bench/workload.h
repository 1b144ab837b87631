/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The call workloads, compiled once per configuration from workload.c with
 * its own name prefix (plain_, site_, fin_, pg_): the same source, only the
 * instrumentation differs.
 */
#ifndef BENCH_WORKLOAD_H
#define BENCH_WORKLOAD_H

#include <stdint.h>

/* Calls of workload functions in one mix() (mix itself included). */
#define WL_MIX_CALLS	17

#define WL_MSG_BYTES	32
#define WL_TABLE_SIZE	16

struct wl_msg {
	uint32_t id;
	uint32_t len;
	uint32_t sum;
	uint8_t data[WL_MSG_BYTES];
};

struct wl_entry {
	uint32_t key;
	uint32_t hits;
};

/*
 * The state of one copy, given by the caller: the workload touches no global
 * data, so where the linker puts each copy's data (and whether it relaxes
 * the accesses to gp-relative ones) cannot make the copies differ.
 */
struct wl_state {
	struct wl_msg msgs[2];
	struct wl_entry table[WL_TABLE_SIZE];
	uint32_t stats[4];
};

#define WL_DECLARE(p)							\
	unsigned long p##_tiny(unsigned long x);			\
	unsigned long p##_mix(struct wl_state *s, unsigned long seed)

WL_DECLARE(plain);
WL_DECLARE(site);
WL_DECLARE(fin);
WL_DECLARE(pg);

#endif
