/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * rvt_caller, rvt_caller_mhartid: the trampoline every enabled site calls,
 * the second where mhartid is the hart number (RVT_PLAT_FAST_MHARTID);
 * rvt_init() encodes the sites' calls to the one the platform allows
 * (rvt_core.caller).
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
 * rvtrace/regs.h) and runs the hooks, restores what f relies on and
 * continues at regs->ip, or enters a DIRECT trampoline with t0 = regs->ip.
 *
 * Running the hooks is rvt_dispatch()'s run_hooks() (lib/dispatch.c), done
 * here where mhartid is the hart number and every hart is online, so that a
 * lone hook is called with nothing in between: the hart and its guard read
 * with interrupts masked; the guard set, and only then the destination
 * read (no fence: the round that removes a hook finds the call inside from
 * this hart's own IPI handler, which sees program order; lib/hart.c, the
 * grace period); the hook, called at once when its ops->core.call says
 * there is nothing to check first, else after the checks of
 * rvt_dispatch_hooks(), or that C function for the walk and for a hook
 * with a filter (it may not apply at f); the guard back, and if a
 * round found anything inside on this guard, rvt_quiesce_report(). A guard
 * pinned for shared use (bit 31 of its bit) and everything else goes to
 * rvt_dispatch().
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

/*
 * Below the struct rvt_regs (whose end is the caller's sp, for the shadow
 * stacks), what the path keeps across the hook: the guard, its busy word
 * before.
 */
#define X_GUARD		(0 * SZREG)
#define X_WAS		(1 * SZREG)
#define X_SIZE		16	/* keeps sp 16-byte aligned */
#define REGS		X_SIZE		/* the struct rvt_regs, from sp */
#define FRAME		(X_SIZE + R_SIZE)

#define MSTATUS_MIE	8

/* f's argument registers to (op: REG_S, FREG_S) or from struct rvt_regs. */
.macro ARGS op, fop
.irp n, 0, 1, 2, 3, 4, 5, 6, 7
	\op	a\n, REGS + R_A(\n)(sp)
#ifdef RVT_ASM_FP_ABI
	\fop	fa\n, REGS + R_FA(\n)(sp)
#endif
.endr
.endm

/*
 * The fast entry, else on with struct rvt_regs saved, t1 = &rvt_core and
 * t3 = rvt_core.missing. No fast entry while a hart of the platform is
 * not online.
 */
.macro ENTRY
	lla	t1, rvt_core
	REG_L	t3, RVT_CORE_MISSING(t1)
	bnez	t3, 2f
#ifdef RVT_CALL_OPS
	/* The ops slot, 8 bytes before f: a fast entry has bit 0 set. */
	REG_L	t4, -16(t0)
	andi	t5, t4, 1
	beqz	t5, 2f
#else
	REG_L	t4, RVT_CORE_FAST_DEST(t1)
	beqz	t4, 2f
#endif
	jr	t4			/* jalr drops bit 0 */
2:
	addi	sp, sp, -FRAME
	REG_S	t0, REGS + R_IP(sp)
	REG_S	ra, REGS + R_RA(sp)
	ARGS	REG_S, FREG_S
	REG_S	t2, REGS + R_T2(sp)
	REG_S	zero, REGS + R_DIRECT(sp)
.endm

	.text
	/* Where the hart number is a call: rvt_dispatch() runs the hooks. */
	.balign	4
	.globl	rvt_caller
	.type	rvt_caller, @function
rvt_caller:
	ENTRY
	j	.Ldispatch
	.size	rvt_caller, . - rvt_caller

	/* Where mhartid is the hart number (rvt_init() picks the entry). */
	.balign	4
	.globl	rvt_caller_mhartid
	.type	rvt_caller_mhartid, @function
rvt_caller_mhartid:
	ENTRY
	bnez	t3, .Ldispatch

	/*
	 * Masked, the hart read is the one whose guard is read: its context
	 * cannot change meanwhile. Once read, the guard is the caller's
	 * wherever it runs (a task's moves with it).
	 */
	csrrci	t6, mstatus, MSTATUS_MIE
	csrr	t3, mhartid
	lw	t4, RVT_CORE_NR_HARTS(t1)
	bgeu	t3, t4, .Lnot_a_hart
	slli	t4, t3, RVT_GUARD_SHIFT
	add	t4, t4, t1
	REG_L	a2, RVT_CORE_GUARDS(t4)		/* the guard's word */
	lw	a3, RVT_CORE_GUARDS + SZREG(t4)	/* its bit */
	andi	t6, t6, MSTATUS_MIE
	csrs	mstatus, t6
	bltz	a3, .Ldispatch		/* pinned: counted in by C */

	/* The guard set; a7: it was already (re-entered). */
	lw	a6, 0(a2)
	and	a7, a6, a3
	or	t4, a6, a3
	sw	t4, 0(a2)
	REG_S	a2, X_GUARD(sp)
	REG_S	a6, X_WAS(sp)
	/* Then the destination: nothing removed is read before. */
#ifdef RVT_CALL_OPS
	REG_L	a5, -16(t0)
	andi	t4, a5, 1
	bnez	t4, .Lslot_fast
#else
	REG_L	a5, RVT_CORE_DEST(t1)
#endif
	/* A hook with nothing to look at first (ops->core.call). */
	REG_L	t4, RVT_OPS_CALL(a5)
	beqz	t4, .Lpolicy
	bnez	a7, .Lpolicy
.Lcall:
	/* func(ip, parent_ip, ops, regs) */
	addi	a0, t0, -8
	mv	a1, ra
	mv	a2, a5
	addi	a3, sp, REGS
	jalr	t4
	j	.Lguard_back

.Lpolicy:
	lla	t4, rvt_list_ops
	beq	a5, t4, .Lin_c
#ifndef RVT_CALL_OPS
	/* A shared destination may name a hook that does not apply at f. */
	REG_L	t4, RVT_OPS_FILTER_LEN(a5)
	REG_L	t5, RVT_OPS_NOTRACE_LEN(a5)
	or	t4, t4, t5
	bnez	t4, .Lin_c
#endif
	REG_L	t4, RVT_OPS_FLAGS(a5)
	beqz	a7, 1f
	andi	t5, t4, RVT_OPS_ALWAYS_RUN
	beqz	t5, .Lguard_back
1:
	andi	t5, t4, RVT_OPS_DIRECT_FLAG
	beqz	t5, 1f
	REG_L	t5, RVT_OPS_DIRECT(a5)
	REG_S	t5, REGS + R_DIRECT(sp)
1:
	REG_L	t4, RVT_OPS_FUNC(a5)
	bnez	t4, .Lcall
	j	.Lguard_back

.Lin_c:
	addi	a0, sp, REGS
	mv	a1, a5
	snez	a2, a7
	call	rvt_dispatch_hooks
.Lguard_back:
	/*
	 * As it was: an interrupt at another level has set and cleared its
	 * own bit by now, and a task's guard is its own. Then whether a round
	 * found a call on this guard inside: rare, and checked in C.
	 */
	REG_L	a2, X_GUARD(sp)
	REG_L	a6, X_WAS(sp)
	sw	a6, 0(a2)
	lw	t4, RVT_GUARD_OWED(a2)
	beqz	t4, .Lrestore
	mv	a0, a2
	call	rvt_quiesce_report
	j	.Lrestore

#ifdef RVT_CALL_OPS
	/* The slot changed to a fast entry after it was read: go there. */
.Lslot_fast:
	andi	a5, a5, -2
	REG_S	a5, REGS + R_DIRECT(sp)
	j	.Lguard_back
#endif

.Lnot_a_hart:
	andi	t6, t6, MSTATUS_MIE
	csrs	mstatus, t6
	j	.Lrestore

.Ldispatch:
	addi	a0, sp, REGS
	call	rvt_dispatch

.Lrestore:
	REG_L	t0, REGS + R_IP(sp)
	REG_L	t1, REGS + R_DIRECT(sp)
	REG_L	ra, REGS + R_RA(sp)
	ARGS	REG_L, FREG_L
	REG_L	t2, REGS + R_T2(sp)
	addi	sp, sp, FRAME
	bnez	t1, 1f
	jr	t0
1:
	/* DIRECT: its trampoline continues with "jr t0". */
	jr	t1
	.size	rvt_caller_mhartid, . - rvt_caller_mhartid
