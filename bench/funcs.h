/* SPDX-License-Identifier: BSD-2-Clause */
/* The generated functions of the patching benchmarks (gen_funcs.cmake). */
#ifndef BENCH_FUNCS_H
#define BENCH_FUNCS_H

extern const unsigned int bench_nr_fns;
extern unsigned long (*const bench_fns[])(unsigned long);

#endif
