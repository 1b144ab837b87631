// SPDX-License-Identifier: BSD-2-Clause
#include "check.h"

/* Built with -msave-restore: the prologue calls __riscv_save_N through t0. */
TRACED long sr_helper(long x)
{
	return x * x - 1;
}

TRACED long sr_mix(long a, long b, long c)
{
	long x = sr_helper(a) + b;
	long y = sr_helper(x) * c;

	return sr_helper(y) + x - y;
}
