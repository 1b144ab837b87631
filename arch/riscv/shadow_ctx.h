/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * SHADOW_STACK: the calling context's shadow stack, for the graph tracer's
 * assembly; what rvt_ctx_lookup() and stack_of() do in lib/shadow.c. A task
 * may move to another hart between any two instructions: every switch
 * counts on the hart it leaves, so the same mhartid and an unchanged count
 * after the look-up mean it described the caller.
 *
 * core is &rvt_core (kept); s receives the stack, or the code branches to
 * none (a hart the platform does not have, an irq level without a stack of
 * its own). a, b, c, d are scratch. Uses the local labels 90-93.
 */
#ifndef RVT_ARCH_SHADOW_CTX_H
#define RVT_ARCH_SHADOW_CTX_H

#include "asm.h"
#include "asm_layout.h"

.macro SHADOW_STACK core, s, none, a, b, c, d
90:	csrr	\a, mhartid
	lw	\b, RVT_CORE_NR_HARTS(\core)
	bgeu	\a, \b, \none
	slli	\b, \a, RVT_HART_SHIFT
	add	\b, \b, \core
	addi	\b, \b, RVT_CORE_HARTS	/* b: the hart */
	REG_L	\c, RVT_HART_SWITCHES(\b)
	lw	\s, RVT_HART_IRQ_LEVEL(\b)
	li	\d, 0
	bnez	\s, 91f
	REG_L	\d, RVT_HART_TASK(\b)
91:	REG_L	\b, RVT_HART_SWITCHES(\b)
	bne	\b, \c, 90b
	csrr	\b, mhartid
	bne	\b, \a, 90b
	bnez	\d, 92f		/* the task's own stack */
	/* The hart's own, for thread level or the first irq level. */
	li	\b, RVT_SHADOW_LEVELS
	bgeu	\s, \b, \none
	slli	\a, \a, 1
	add	\a, \a, \s
	li	\b, RVT_TASK_SIZE
	mul	\a, \a, \b
	lla	\s, rvt_hart_stacks
	add	\s, \s, \a
	j	93f
92:	mv	\s, \d
93:
.endm

#endif
