// SPDX-License-Identifier: BSD-2-Clause
/*
 * The baselines' recording, written as a firmware engineer would write it
 * for -finstrument-functions or -pg: the same 32-byte event and the same
 * ring protocol as rvtrace's tracers (lib/ring.c), sized the same way (a
 * 16 KiB pool shared by QEMU virt's 8 harts), but with the hart number and
 * the clock read inline rather than through a platform structure.
 *
 * With BASELINE_PAIR the exit hook records an exit event too and both keep
 * a per-hart call depth, as the graph tracer does; without it the exit hook
 * is empty and only entries are recorded, as the function tracer does.
 */
#include <stdint.h>

#include <rvtrace/trace.h>

#include "baseline.h"

#define POOL_BYTES	16384
#define HARTS		8
#define CAP		(POOL_BYTES / HARTS / sizeof(struct rvt_event))
#define SEQ_BUSY	0xffffffffu
#define MTIME		0x0200bff8UL

#define NO_HOOK		__attribute__((no_instrument_function))

struct ring {
	unsigned long head;
	unsigned long depth;
	struct rvt_event ev[CAP];
} __attribute__((aligned(64)));

static struct ring rings[HARTS];

NO_HOOK static inline unsigned int hart_id(void)
{
	unsigned long id;

	__asm__ __volatile__("csrr %0, mhartid" : "=r"(id));
	return (unsigned int)id;
}

NO_HOOK static inline uint64_t read_clock(void)
{
#if __riscv_xlen == 64
	return *(volatile uint64_t *)MTIME;
#else
	volatile uint32_t *t = (volatile uint32_t *)MTIME;
	uint32_t hi, lo;

	do {
		hi = t[1];
		lo = t[0];
	} while (hi != t[1]);
	return ((uint64_t)hi << 32) | lo;
#endif
}

NO_HOOK static inline void record(struct ring *r, unsigned int hart,
				  unsigned int kind, unsigned long func,
				  unsigned long caller, unsigned long depth)
{
	unsigned int tries;

	for (tries = 0; tries < CAP; tries++) {
		unsigned long idx = __atomic_fetch_add(&r->head, 1,
						       __ATOMIC_RELAXED);
		struct rvt_event *e = &r->ev[idx % CAP];

		/* A slot an interrupted writer on this hart still fills. */
		if (__atomic_load_n(&e->seq, __ATOMIC_RELAXED) == SEQ_BUSY)
			continue;
		__atomic_store_n(&e->seq, SEQ_BUSY, __ATOMIC_RELAXED);
		__asm__ __volatile__("fence w, w" ::: "memory");
		e->ts = read_clock();
		e->func = func;
		e->caller = caller;
		e->info = kind | (unsigned int)(depth & 0xfff) << 4 | hart << 16;
		__asm__ __volatile__("fence w, w" ::: "memory");
		__atomic_store_n(&e->seq, (uint32_t)(idx + 1), __ATOMIC_RELAXED);
		return;
	}
}

NO_HOOK void __cyg_profile_func_enter(void *fn, void *call_site)
{
	unsigned int hart = hart_id();
	struct ring *r;

	if (hart >= HARTS)
		return;
	r = &rings[hart];
#ifdef BASELINE_PAIR
	record(r, hart, RVT_EVENT_ENTRY, (unsigned long)fn,
	       (unsigned long)call_site, r->depth++);
#else
	record(r, hart, RVT_EVENT_ENTRY, (unsigned long)fn,
	       (unsigned long)call_site, 0);
#endif
}

NO_HOOK void __cyg_profile_func_exit(void *fn, void *call_site)
{
#ifdef BASELINE_PAIR
	unsigned int hart = hart_id();
	struct ring *r;

	if (hart >= HARTS)
		return;
	r = &rings[hart];
	record(r, hart, RVT_EVENT_EXIT, (unsigned long)fn,
	       (unsigned long)call_site, --r->depth);
#else
	(void)fn;
	(void)call_site;
#endif
}

/*
 * GCC's -pg calls _mcount after the prologue with the function's return
 * address in a0; our own return address lies inside the function.
 */
NO_HOOK void _mcount(unsigned long frompc)
{
	unsigned int hart = hart_id();

	if (hart >= HARTS)
		return;
	record(&rings[hart], hart, RVT_EVENT_ENTRY,
	       (unsigned long)__builtin_return_address(0), frompc, 0);
}

unsigned long baseline_events(void)
{
	unsigned long n = 0;
	unsigned int h;

	for (h = 0; h < HARTS; h++)
		n += __atomic_load_n(&rings[h].head, __ATOMIC_RELAXED);
	return n;
}

void baseline_reset(void)
{
	unsigned int h;

	for (h = 0; h < HARTS; h++) {
		rings[h].head = 0;
		rings[h].depth = 0;
	}
}
