// SPDX-License-Identifier: BSD-2-Clause
/*
 * rvt_init(). Nothing here relies on .bss having been cleared: the core state
 * is written in full before use, and the one flag that must be right from
 * power-on lives in .data.
 */
#include "internal.h"
#include "ring.h"
#include "shadow.h"

#define RVT_STATE_COLD	0x636f6c64UL	/* "cold" */
#define RVT_STATE_READY	0x72656479UL	/* "redy" */

struct rvt_core rvt_core;
static unsigned long rvt_state = RVT_STATE_COLD;

bool rvt_ready(void)
{
	return __atomic_load_n(&rvt_state, __ATOMIC_ACQUIRE) == RVT_STATE_READY;
}

/* A byte loop the compiler cannot turn into a call to memset. */
void rvt_zero(void *p, size_t n)
{
	volatile unsigned char *b = p;

	while (n--)
		*b++ = 0;
}

#ifndef RVTRACE_SYNC_TIMEOUT_US
#define RVTRACE_SYNC_TIMEOUT_US	10000000u
#endif

static bool has_clock(const struct rvt_platform *plat)
{
	return plat->clock && plat->clock_hz;
}

static int platform_check(const struct rvt_platform *plat)
{
	if (!plat || !plat->hart_index || !plat->nr_harts ||
	    plat->nr_harts > RVT_MAX_HARTS ||
	    !plat->irq_save || !plat->irq_restore)
		return RVT_EINVAL;
	if (plat->nr_harts > 1 && !plat->send_ipi)
		return RVT_EINVAL;
	if ((plat->fast & ~(RVT_PLAT_FAST_MHARTID | RVT_PLAT_FAST_TIME)) ||
	    ((plat->fast & RVT_PLAT_FAST_TIME) && !has_clock(plat)) ||
	    (plat->quirks & ~RVT_PLAT_QUIRK_REFETCH))
		return RVT_EINVAL;
	/* An explicit timeout that could not be measured would never fire. */
	if (plat->sync_timeout_us &&
	    plat->sync_timeout_us != RVT_SYNC_WAIT_FOREVER && !has_clock(plat))
		return RVT_EINVAL;
	return 0;
}

/*
 * The round timeout as a product of microseconds and (scaled) clock Hz,
 * which ipi_wait() compares with elapsed ticks times a million: no 64-bit
 * division, which rv32 would need libgcc for. 0: no timeout.
 */
static void sync_limit(const struct rvt_platform *plat)
{
	uint64_t us = plat->sync_timeout_us ? plat->sync_timeout_us :
					      RVTRACE_SYNC_TIMEOUT_US;
	uint64_t hz = plat->clock_hz;

	rvt_core.sync_limit = 0;
	rvt_core.sync_shift = 0;
	if (plat->sync_timeout_us == RVT_SYNC_WAIT_FOREVER || !has_clock(plat))
		return;
	/* Both factors below 2^32: the product fits. */
	while (hz >> 32) {
		hz >>= 1;
		rvt_core.sync_shift++;
	}
	rvt_core.sync_limit = us * hz;
}

int rvt_init(const struct rvt_platform *plat)
{
	unsigned int self, h;
	int ret;

	if (rvt_ready())
		return RVT_EBUSY;
	ret = platform_check(plat);
	if (ret)
		return ret;
	self = plat->hart_index();
	if (self >= plat->nr_harts)
		return RVT_EINVAL;

	rvt_zero(&rvt_core, sizeof(rvt_core));
	rvt_dispatch_reset();
	rvt_task_reset();
	rvt_profile_reset();
	rvt_core.plat = plat;
	rvt_core.hart_index = plat->hart_index;
	rvt_core.nr_harts = plat->nr_harts;
	rvt_core.missing = plat->nr_harts;
	rvt_core.fast = plat->fast;
	rvt_core.caller = plat->fast & RVT_PLAT_FAST_MHARTID ?
				  (unsigned long)rvt_caller_mhartid :
				  (unsigned long)rvt_caller;
	rvt_shadow_reset();
	rvt_trace_reset();
	rvt_graph_reset();
	/* Before any switch: every hart runs its own context. */
	for (h = 0; h < plat->nr_harts; h++)
		rvt_hart_follow(h);
	rvt_core.dest = &rvt_stub_ops;
	sync_limit(plat);

	ret = rvt_sites_arm();
	if (ret < 0)
		return ret;
	rvt_mark_online(self);
	__atomic_store_n(&rvt_state, RVT_STATE_READY, __ATOMIC_RELEASE);
	return ret;
}
