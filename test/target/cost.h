/* SPDX-License-Identifier: BSD-2-Clause */
/* Instructions per call, counted with minstret (exact under -icount). */
#ifndef RVT_TEST_COST_H
#define RVT_TEST_COST_H

#include "check.h"

/* Hundredths of an instruction per call of fn(x) -> x + 1, calls times. */
static inline unsigned long per_call_x100(unsigned long (*fn)(unsigned long),
					  unsigned long calls)
{
	unsigned long (*volatile call)(unsigned long) = fn;
	uint64_t start, end;
	unsigned long x = 0, i;

	start = board_instret();
	for (i = 0; i < calls; i++)
		x = call(x);
	end = board_instret();
	CHECK_EQ(x, calls);
	return (unsigned long)((end - start) * 100 / calls);
}

#endif
