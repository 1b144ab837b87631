// SPDX-License-Identifier: BSD-2-Clause
/*
 * Every function gets a usable site, at every optimisation level: the same
 * 24 functions (a third of them cold) compiled at -Os, -O2 and -O0. GCC
 * aligns neither -Os code nor cold functions to -falign-functions, so with
 * the C extension their entries may sit at 2 mod 4 (mod 8 for the ops
 * slot); the virt images' SUBALIGN(8) on .text puts every function's
 * section on the boundary again. Checked: no site refused, each function
 * has one, and a hook on all of them sees every call with the results
 * unchanged.
 */
#include "check.h"
#include "align_funcs.h"

static const align_fn *const copies[] = { align_os_table, align_o2_table,
					  align_o0_table };

#define COPIES	(sizeof(copies) / sizeof(copies[0]))

static long call_all(void)
{
	long sum = 0;
	unsigned int c;
	int i;

	for (c = 0; c < COPIES; c++)
		for (i = 0; i < ALIGN_FUNCS; i++)
			sum = sum * 7 + copies[c][i](i + (long)c);
	return sum;
}

static const void *funcs[COPIES * ALIGN_FUNCS];
static struct rvt_ops hook = { .func = count_call, .filter = funcs };

int main(void)
{
	unsigned int c, misaligned = 0;
	long plain;
	int i;

	CHECK(rvt_init(board_platform()) > 0);
	CHECK_EQ(rvt_site_refused_count(), 0);
	for (c = 0; c < COPIES; c++) {
		for (i = 0; i < ALIGN_FUNCS; i++) {
			const void *f = (const void *)copies[c][i];

			CHECK(rvt_site_index(f) >= 0);
			funcs[c * ALIGN_FUNCS + i] = f;
			misaligned += (unsigned long)f % 8 != 0;
		}
	}
	plain = call_all();
	hook.filter_len = COPIES * ALIGN_FUNCS;
	CHECK_EQ(rvt_register(&hook), 0);
	CHECK_EQ(call_all(), plain);
	CHECK_EQ(counted_total(), COPIES * ALIGN_FUNCS);
	CHECK_EQ(rvt_unregister(&hook), 0);
	CHECK_EQ(call_all(), plain);
	board_printf("core_align: %u functions at -Os, -O2 and -O0, every one "
		     "with a site (%u not 8-byte aligned)\n",
		     (unsigned int)(COPIES * ALIGN_FUNCS), misaligned);
	return 0;
}
