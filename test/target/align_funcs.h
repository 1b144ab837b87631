/* SPDX-License-Identifier: BSD-2-Clause */
/* The functions of core_align (align_funcs.c), one table per copy. */
#ifndef RVT_TEST_ALIGN_FUNCS_H
#define RVT_TEST_ALIGN_FUNCS_H

#define ALIGN_FUNCS	24

typedef long (*align_fn)(long);

/* The copies at -Os, -O2 and -O0, in the order of align_funcs.c. */
extern const align_fn align_os_table[ALIGN_FUNCS];
extern const align_fn align_o2_table[ALIGN_FUNCS];
extern const align_fn align_o0_table[ALIGN_FUNCS];

#endif
