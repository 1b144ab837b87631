/* SPDX-License-Identifier: BSD-2-Clause */
/* The DIRECT trampoline of the benchmark: nothing but the continuation. */
	.text
	.balign	4
	.globl	bench_empty_tramp
	.type	bench_empty_tramp, @function
bench_empty_tramp:
	jr	t0
	.size	bench_empty_tramp, . - bench_empty_tramp
