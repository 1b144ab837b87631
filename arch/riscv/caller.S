/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * rvt_caller: the trampoline every enabled site calls.
 *
 * Entry (from "auipc t0; jalr t0" at f): t0 = f + 8, ra = f's return address,
 * a0-a7 (and fa0-fa7 under a hard-float ABI) = f's arguments, t2 = f's static
 * chain, sp = f's caller's stack.
 * t1 and t3-t6 are dead at a function entry and free to use here.
 *
 * Where the one hook to run has an entry with the DIRECT contract (a DIRECT
 * hook without func, a tracer's recorder), the trampoline jumps there at
 * once: the site's ops slot names it (bit 0 set), or without slots
 * rvt_core.fast_dest does when that hook applies to every site. Only while
 * every hart is online (rvt_core.missing == 0): a hart that is not must
 * reach rvt_dispatch(), which sends it straight back.
 * Otherwise it builds a struct rvt_regs on the stack (layout in
 * rvtrace/regs.h), lets rvt_dispatch() run the hooks, restores what f
 * relies on and continues at regs->ip, or enters a DIRECT trampoline with
 * t0 = regs->ip.
 */
#include "asm.h"
#include "asm_layout.h"

#define R_IP		(0 * SZREG)
#define R_RA		(1 * SZREG)
#define R_A(n)		((2 + (n)) * SZREG)
#define R_T2		(10 * SZREG)
#define R_DIRECT	(11 * SZREG)
#ifdef RVT_ASM_FP_ABI
#define R_FA(n)		(12 * SZREG + (n) * SZFREG)
#define R_SIZE		R_FA(8)		/* a multiple of 16: keeps sp aligned */
#else
#define R_SIZE		(12 * SZREG)	/* a multiple of 16: keeps sp aligned */
#endif

	.text
	.balign	4
	.globl	rvt_caller
	.type	rvt_caller, @function
rvt_caller:
	/* No fast entry while a hart of the platform is not online. */
	lla	t1, rvt_core
	REG_L	t3, RVT_CORE_MISSING(t1)
	bnez	t3, 2f
#ifdef RVT_CALL_OPS
	/* The ops slot, 8 bytes before f: a fast entry has bit 0 set. */
	REG_L	t1, -16(t0)
	andi	t3, t1, 1
	beqz	t3, 2f
#else
	REG_L	t1, RVT_CORE_FAST_DEST(t1)
	beqz	t1, 2f
#endif
	jr	t1			/* jalr drops bit 0 */
2:
	addi	sp, sp, -R_SIZE
	REG_S	t0, R_IP(sp)
	REG_S	ra, R_RA(sp)
	REG_S	a0, R_A(0)(sp)
	REG_S	a1, R_A(1)(sp)
	REG_S	a2, R_A(2)(sp)
	REG_S	a3, R_A(3)(sp)
	REG_S	a4, R_A(4)(sp)
	REG_S	a5, R_A(5)(sp)
	REG_S	a6, R_A(6)(sp)
	REG_S	a7, R_A(7)(sp)
	REG_S	t2, R_T2(sp)
	REG_S	zero, R_DIRECT(sp)
#ifdef RVT_ASM_FP_ABI
	FREG_S	fa0, R_FA(0)(sp)
	FREG_S	fa1, R_FA(1)(sp)
	FREG_S	fa2, R_FA(2)(sp)
	FREG_S	fa3, R_FA(3)(sp)
	FREG_S	fa4, R_FA(4)(sp)
	FREG_S	fa5, R_FA(5)(sp)
	FREG_S	fa6, R_FA(6)(sp)
	FREG_S	fa7, R_FA(7)(sp)
#endif

	mv	a0, sp
	call	rvt_dispatch

	REG_L	t0, R_IP(sp)
	REG_L	t1, R_DIRECT(sp)
	REG_L	ra, R_RA(sp)
	REG_L	a0, R_A(0)(sp)
	REG_L	a1, R_A(1)(sp)
	REG_L	a2, R_A(2)(sp)
	REG_L	a3, R_A(3)(sp)
	REG_L	a4, R_A(4)(sp)
	REG_L	a5, R_A(5)(sp)
	REG_L	a6, R_A(6)(sp)
	REG_L	a7, R_A(7)(sp)
	REG_L	t2, R_T2(sp)
#ifdef RVT_ASM_FP_ABI
	FREG_L	fa0, R_FA(0)(sp)
	FREG_L	fa1, R_FA(1)(sp)
	FREG_L	fa2, R_FA(2)(sp)
	FREG_L	fa3, R_FA(3)(sp)
	FREG_L	fa4, R_FA(4)(sp)
	FREG_L	fa5, R_FA(5)(sp)
	FREG_L	fa6, R_FA(6)(sp)
	FREG_L	fa7, R_FA(7)(sp)
#endif
	addi	sp, sp, R_SIZE
	bnez	t1, 1f
	jr	t0
1:
	/* DIRECT: its trampoline continues with "jr t0". */
	jr	t1
	.size	rvt_caller, . - rvt_caller
