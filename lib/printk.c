// SPDX-License-Identifier: BSD-2-Clause
/*
 * Binary printk (rvtrace/printk.h): the format's address and the raw
 * arguments as a printk event and its data events, claimed together.
 */
#include <rvtrace/printk.h>

#include "ring.h"

void rvt_trace_printk(const char *fmt, unsigned int nr, const uint64_t *args)
{
	struct rvt_ring_vals vals = { .v = args };

	if (!rvt_ready() || !fmt || nr > RVT_PRINTK_MAX_ARGS || (nr && !args))
		return;
	vals.count[0] = (uint8_t)nr;
	rvt_ring_record_vals(NULL, RVT_EVENT_PRINTK, (unsigned long)fmt,
			     (unsigned long)__builtin_return_address(0), nr,
			     &vals, NULL);
}
