/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Entry of every hart and the trap vector, for M-mode (-bios none: every hart
 * starts here with a0 = mhartid, a1 = device tree) or, with BOARD_S_MODE,
 * S-mode behind OpenSBI fw_jump (the boot hart starts here, the others at
 * _start_secondary through SBI HSM). With BOARD_PIE the image is a static PIE
 * that relocates itself. Nothing here may carry a patch site.
 */
#include "asm.h"
#include "board_layout.h"

#ifdef BOARD_S_MODE
#define XSTATUS	sstatus
#define XTVEC	stvec
#define XIE	sie
#define XCAUSE	scause
#define XEPC	sepc
#define XTVAL	stval
#define XRET	sret
#define SOFT_IE	(1 << 1)
#else
#define XSTATUS	mstatus
#define XTVEC	mtvec
#define XIE	mie
#define XCAUSE	mcause
#define XEPC	mepc
#define XTVAL	mtval
#define XRET	mret
#define SOFT_IE	(1 << 3)
#endif

	.section .text.start, "ax"
	.balign	4
	.globl	_start
_start:
	/* s0 = hart, s1 = device tree */
	mv	s0, a0
	mv	s1, a1
#ifdef BOARD_S_MODE
	/*
	 * OpenSBI 1.1 marks a hart START_PENDING before it stores the start
	 * address, so a hart started through HSM may read the old address
	 * and come here instead of _start_secondary (seen on a loaded host:
	 * two harts in board_boot). The first hart here boots; a later one
	 * is one of those, and goes on as the secondary it was started as.
	 */
	lla	t0, boot_claimed
	li	t1, 1
	amoswap.w	t1, t1, (t0)
	bnez	t1, _start_secondary
#endif
#ifdef BOARD_PIE
	/* Linked at 0, run where loaded: relocate before anything reads data. */
	bnez	s0, 1f
	jal	relocate
1:
#endif
	jal	hart_setup
#ifdef BOARD_S_MODE
	j	boot_hart
#else
	bnez	s0, secondary
	j	boot_hart
#endif

#ifdef BOARD_S_MODE
	.globl	_start_secondary
_start_secondary:
	mv	s0, a0
	jal	hart_setup
	j	secondary_ready
#endif

boot_hart:
	/* Clear .bss; fill rvtrace's own with garbage: rvt_init must not care. */
	lla	t0, __bss_start
	lla	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sb	zero, 0(t0)
	addi	t0, t0, 1
	j	1b
2:	lla	t0, __rvt_bss_start
	lla	t1, __rvt_bss_end
	li	t2, 0xa5
3:	bgeu	t0, t1, 4f
	sb	t2, 0(t0)
	addi	t0, t0, 1
	j	3b
4:	mv	a0, tp
	call	board_tls_init
	fence	rw, rw
	lla	t0, board_ready
	li	t1, 1
	sw	t1, 0(t0)
	mv	a0, s0
	mv	a1, s1
	call	board_boot
	j	park

secondary:
	/* Until the boot hart has cleared .bss. */
	lla	t0, board_ready
1:	lw	t1, 0(t0)
	beqz	t1, 1b
	fence	r, rw
#ifdef BOARD_S_MODE
secondary_ready:
#endif
	mv	a0, tp
	call	board_tls_init
	mv	a0, s0
	call	board_secondary
park:
	wfi
	j	park

#ifdef BOARD_PIE
#define R_RISCV_RELATIVE	3
#define R_RISCV_JUMP_SLOT	5
#define TEST_FINISHER		0x100000
#define FAIL_BAD_RELOC		((99 << 16) | 0x3333)
/*
 * Apply .rela.dyn (Elf_Rela: offset, info, addend, one XLEN word each) for
 * the address the image runs at. A static PIE has only entries without a
 * symbol: R_RISCV_RELATIVE (pointers in data, the GOT, the patch-site table)
 * and, from lld, R_RISCV_JUMP_SLOT for calls through its PLT; both mean
 * "image address + addend". Anything else stops the machine (exit 99).
 */
relocate:
	lla	t0, __rela_dyn_start
	lla	t1, __rela_dyn_end
	lla	t2, __image_start
1:	bgeu	t0, t1, 3f
	REG_L	t3, 1 * SZREG(t0)
	li	t4, R_RISCV_RELATIVE
	beq	t3, t4, 2f
	li	t4, R_RISCV_JUMP_SLOT
	beq	t3, t4, 2f
	li	t3, TEST_FINISHER
	li	t4, FAIL_BAD_RELOC
	sw	t4, 0(t3)
	j	park
2:	REG_L	t3, 0(t0)
	REG_L	t4, 2 * SZREG(t0)
	add	t3, t3, t2
	add	t4, t4, t2
	REG_S	t4, 0(t3)
	addi	t0, t0, 3 * SZREG
	j	1b
3:	fence.i
	ret
#endif

/* gp, sp, tp and the trap vector for hart s0; interrupts off, wake-ups on. */
hart_setup:
	.option	push
	.option	norelax
	lla	gp, __global_pointer$
	.option	pop
	li	t0, BOARD_MAX_HARTS
	bgeu	s0, t0, park
	lla	sp, __stacks_end
	slli	t0, s0, BOARD_STACK_SHIFT
	sub	sp, sp, t0
	lla	tp, __tls_blocks
	slli	t0, s0, BOARD_TLS_SHIFT
	add	tp, tp, t0
	lla	t0, board_trap_entry
	csrw	XTVEC, t0
	li	t0, SOFT_IE
	csrs	XIE, t0
#ifdef __riscv_flen
	/* The FPU on (FS = Initial): a build with F may use it anywhere. */
	li	t0, (1 << 13)
	csrs	XSTATUS, t0
#endif
	ret

#ifdef __riscv_flen
#if __riscv_flen == 64
#define TFREG_S	fsd
#define TFREG_L	fld
#else
#define TFREG_S	fsw
#define TFREG_L	flw
#endif
/* The FP registers a C handler may clobber: ft0-ft11, fa0-fa7. */
#define TRAP_FP		(16 * SZREG)
#define TRAP_FRAME	(16 * SZREG + 20 * 8)
#else
#define TRAP_FRAME	(16 * SZREG)
#endif

	.text
	.balign	4
board_trap_entry:
	addi	sp, sp, -TRAP_FRAME
	REG_S	ra, 0 * SZREG(sp)
	REG_S	t0, 1 * SZREG(sp)
	REG_S	t1, 2 * SZREG(sp)
	REG_S	t2, 3 * SZREG(sp)
	REG_S	t3, 4 * SZREG(sp)
	REG_S	t4, 5 * SZREG(sp)
	REG_S	t5, 6 * SZREG(sp)
	REG_S	t6, 7 * SZREG(sp)
	REG_S	a0, 8 * SZREG(sp)
	REG_S	a1, 9 * SZREG(sp)
	REG_S	a2, 10 * SZREG(sp)
	REG_S	a3, 11 * SZREG(sp)
	REG_S	a4, 12 * SZREG(sp)
	REG_S	a5, 13 * SZREG(sp)
	REG_S	a6, 14 * SZREG(sp)
	REG_S	a7, 15 * SZREG(sp)
#ifdef __riscv_flen
	TFREG_S	ft0, TRAP_FP + 0 * 8(sp)
	TFREG_S	ft1, TRAP_FP + 1 * 8(sp)
	TFREG_S	ft2, TRAP_FP + 2 * 8(sp)
	TFREG_S	ft3, TRAP_FP + 3 * 8(sp)
	TFREG_S	ft4, TRAP_FP + 4 * 8(sp)
	TFREG_S	ft5, TRAP_FP + 5 * 8(sp)
	TFREG_S	ft6, TRAP_FP + 6 * 8(sp)
	TFREG_S	ft7, TRAP_FP + 7 * 8(sp)
	TFREG_S	ft8, TRAP_FP + 8 * 8(sp)
	TFREG_S	ft9, TRAP_FP + 9 * 8(sp)
	TFREG_S	ft10, TRAP_FP + 10 * 8(sp)
	TFREG_S	ft11, TRAP_FP + 11 * 8(sp)
	TFREG_S	fa0, TRAP_FP + 12 * 8(sp)
	TFREG_S	fa1, TRAP_FP + 13 * 8(sp)
	TFREG_S	fa2, TRAP_FP + 14 * 8(sp)
	TFREG_S	fa3, TRAP_FP + 15 * 8(sp)
	TFREG_S	fa4, TRAP_FP + 16 * 8(sp)
	TFREG_S	fa5, TRAP_FP + 17 * 8(sp)
	TFREG_S	fa6, TRAP_FP + 18 * 8(sp)
	TFREG_S	fa7, TRAP_FP + 19 * 8(sp)
#endif
	csrr	a0, XCAUSE
	csrr	a1, XEPC
	csrr	a2, XTVAL
	call	board_trap
	REG_L	ra, 0 * SZREG(sp)
	REG_L	t0, 1 * SZREG(sp)
	REG_L	t1, 2 * SZREG(sp)
	REG_L	t2, 3 * SZREG(sp)
	REG_L	t3, 4 * SZREG(sp)
	REG_L	t4, 5 * SZREG(sp)
	REG_L	t5, 6 * SZREG(sp)
	REG_L	t6, 7 * SZREG(sp)
	REG_L	a0, 8 * SZREG(sp)
	REG_L	a1, 9 * SZREG(sp)
	REG_L	a2, 10 * SZREG(sp)
	REG_L	a3, 11 * SZREG(sp)
	REG_L	a4, 12 * SZREG(sp)
	REG_L	a5, 13 * SZREG(sp)
	REG_L	a6, 14 * SZREG(sp)
	REG_L	a7, 15 * SZREG(sp)
#ifdef __riscv_flen
	TFREG_L	ft0, TRAP_FP + 0 * 8(sp)
	TFREG_L	ft1, TRAP_FP + 1 * 8(sp)
	TFREG_L	ft2, TRAP_FP + 2 * 8(sp)
	TFREG_L	ft3, TRAP_FP + 3 * 8(sp)
	TFREG_L	ft4, TRAP_FP + 4 * 8(sp)
	TFREG_L	ft5, TRAP_FP + 5 * 8(sp)
	TFREG_L	ft6, TRAP_FP + 6 * 8(sp)
	TFREG_L	ft7, TRAP_FP + 7 * 8(sp)
	TFREG_L	ft8, TRAP_FP + 8 * 8(sp)
	TFREG_L	ft9, TRAP_FP + 9 * 8(sp)
	TFREG_L	ft10, TRAP_FP + 10 * 8(sp)
	TFREG_L	ft11, TRAP_FP + 11 * 8(sp)
	TFREG_L	fa0, TRAP_FP + 12 * 8(sp)
	TFREG_L	fa1, TRAP_FP + 13 * 8(sp)
	TFREG_L	fa2, TRAP_FP + 14 * 8(sp)
	TFREG_L	fa3, TRAP_FP + 15 * 8(sp)
	TFREG_L	fa4, TRAP_FP + 16 * 8(sp)
	TFREG_L	fa5, TRAP_FP + 17 * 8(sp)
	TFREG_L	fa6, TRAP_FP + 18 * 8(sp)
	TFREG_L	fa7, TRAP_FP + 19 * 8(sp)
#endif
	addi	sp, sp, TRAP_FRAME
	XRET

	.data
	.balign	4
board_ready:
	.word	0
#ifdef BOARD_S_MODE
boot_claimed:
	.word	0
#endif

	/* Per-hart memory, placed by linker/virt-ram.ld (NOLOAD). */
	.section .board.tls_blocks, "aw", @nobits
	.balign	64
	.space	BOARD_MAX_HARTS << BOARD_TLS_SHIFT

	.section .board.stacks, "aw", @nobits
	.balign	16
	.space	BOARD_MAX_HARTS << BOARD_STACK_SHIFT
