/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Start-up for QEMU virt, M-mode, -bios none: traps go to the FreeRTOS
 * port's handler; hart 0 runs main(device tree), any other hart sleeps.
 */
	.section .text.start, "ax"
	.globl	_start
_start:
	csrw	mie, zero
	lla	t0, freertos_risc_v_trap_handler
	csrw	mtvec, t0
	bnez	a0, park
	lla	sp, __stack_top
	lla	t0, __bss_start
	lla	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sb	zero, 0(t0)
	addi	t0, t0, 1
	j	1b
2:	mv	a0, a1
	call	main
park:
	wfi
	j	park
