/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Entry of the payload. OpenSBI's fw_jump (or fw_payload) enters _start on
 * its boot hart in S-mode with a0 = hart ID and a1 = the device tree; the
 * other harts enter _secondary when the payload starts them through SBI HSM,
 * with a0 = hart ID and a1 = the opaque value of the start call.
 */
#define STACK_SIZE	8192
#define MAX_HARTS	8

	.section .text.entry, "ax"
	.globl _start
_start:
	.option push
	.option norelax
	la	gp, __global_pointer$
	.option pop
	csrw	sie, zero
	/* .bss once, by the only hart running yet. */
	la	t0, __bss_start
	la	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:	call	set_stack
	call	payload_main
	j	park

	.globl _secondary
_secondary:
	.option push
	.option norelax
	la	gp, __global_pointer$
	.option pop
	csrw	sie, zero
	call	set_stack
	call	payload_secondary
	j	park

/* sp = the top of hart a0's stack; a hart beyond MAX_HARTS parks. */
set_stack:
	li	t0, MAX_HARTS
	bgeu	a0, t0, park
	la	sp, stacks
	addi	t0, a0, 1
	li	t1, STACK_SIZE
	mul	t0, t0, t1
	add	sp, sp, t0
	ret

park:	wfi
	j	park

	.bss
	.balign	16
stacks:	.space	STACK_SIZE * MAX_HARTS
