/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Start-up of the consumer firmware on QEMU virt, M-mode, -bios none: every
 * hart enters _start at 0x80000000 with a0 = mhartid. Hart 0 runs main(),
 * the others park. Assembly, so it carries no patch site.
 */
#define TEST_BASE	0x100000
#define TRAP_EXIT	((0xfe << 16) | 0x3333)	/* exit status 254 */

	.section .text.start, "ax"
	.globl	_start
_start:
	/* No interrupts; any trap is a failure (see trap below). */
	csrw	mie, zero
	lla	t0, trap
	csrw	mtvec, t0
	bnez	a0, park

	.option	push
	.option	norelax
	lla	gp, __global_pointer$
	.option	pop
	lla	sp, __stack_top

	lla	t0, __bss_start
	lla	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:	call	main
	call	fw_exit

park:
	wfi
	j	park

	/* mtvec in direct mode needs 4-byte alignment. */
	.balign	4
trap:
	li	t0, TEST_BASE
	li	t1, TRAP_EXIT
	sw	t1, 0(t0)
	j	park
