/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * DIRECT trampolines for the tests: each counts the call in a thread-local
 * (so per-hart) counter and continues where the site does, "jr t0". They use
 * only t1 and t3, as the DIRECT contract allows.
 */
#include "asm.h"

.macro counting_tramp name, counter
	.globl	\name
	.type	\name, @function
	.balign	4
\name:
	lui	t1, %tprel_hi(\counter)
	add	t1, t1, tp, %tprel_add(\counter)
	REG_L	t3, %tprel_lo(\counter)(t1)
	addi	t3, t3, 1
	REG_S	t3, %tprel_lo(\counter)(t1)
	jr	t0
	.size	\name, . - \name
.endm

	.text
	counting_tramp direct_tramp_a, direct_hits_a
	counting_tramp direct_tramp_b, direct_hits_b
