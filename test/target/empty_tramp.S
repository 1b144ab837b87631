/* SPDX-License-Identifier: BSD-2-Clause */
/* The cheapest DIRECT trampoline: straight on to the function. */
	.text
	.globl	direct_tramp_empty
	.type	direct_tramp_empty, @function
	.balign	4
direct_tramp_empty:
	jr	t0
	.size	direct_tramp_empty, . - direct_tramp_empty
