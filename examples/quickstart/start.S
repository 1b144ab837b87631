/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Start-up for QEMU virt, M-mode, -bios none: every hart enters here with
 * a0 = mhartid, a1 = the device tree. Hart 0 runs main(device tree), the
 * others sleep. Assembly carries no patch site, which is what trap and
 * start-up code needs.
 */
#define EXIT_DEVICE	0x100000	/* QEMU virt's test finisher */
#define EXIT_PASS	0x5555
#define EXIT_FAIL	0x3333		/* status in bits 16-31 */

	.section .text.start, "ax"
	.globl	_start
_start:
	lla	t0, trap
	csrw	mtvec, t0
#ifdef __riscv_flen
	/* Hard-float code (the trampoline keeps fa0-fa7) needs the FPU on. */
	li	t0, (1 << 13)
	csrs	mstatus, t0
#endif
	bnez	a0, sleep
	lla	sp, __stack_top
	lla	t0, __bss_start
	lla	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sb	zero, 0(t0)
	addi	t0, t0, 1
	j	1b
2:	mv	a0, a1
	call	main
	/* QEMU exits with main's return value. */
	li	t0, EXIT_DEVICE
	li	t1, EXIT_PASS
	beqz	a0, 3f
	slli	a0, a0, 16
	li	t1, EXIT_FAIL
	or	t1, t1, a0
3:	sw	t1, 0(t0)
sleep:
	wfi
	j	sleep

	/* Any trap is a bug here: exit with status 255. */
	.balign	4
trap:
	li	t0, EXIT_DEVICE
	li	t1, (255 << 16) | EXIT_FAIL
	sw	t1, 0(t0)
	j	sleep
