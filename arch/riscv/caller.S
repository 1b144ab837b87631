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
 * every hart is online (rvt_core.missing == 0, which fast_dest follows): a
 * hart that is not must reach rvt_dispatch(), which sends it straight back.
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
 * The fast entry; else on, with t1 = &rvt_core, or to missing while a hart
 * of the platform is not online (rvt_core.missing): no fast entry then.
 * rvt_core.fast_dest is 0 meanwhile (but on the hart going offline, which
 * runs none; lib/internal.h), so only the ops slot, whose bit does not
 * follow missing, needs missing read first; otherwise missing is read
 * after, where on=1: the path on runs the hooks only while none is.
 */
.macro FAST_ENTRY missing, on
	lla	t1, rvt_core
#ifdef RVT_CALL_OPS
	REG_L	t3, RVT_CORE_MISSING(t1)
	bnez	t3, \missing
	/* The ops slot, 8 bytes before f: a fast entry has bit 0 set. */
	REG_L	t4, -16(t0)
	andi	t5, t4, 1
	beqz	t5, 3f
#else
	REG_L	t4, RVT_CORE_FAST_DEST(t1)
	beqz	t4, 3f
#endif
	jr	t4			/* jalr drops bit 0 */
3:
#ifndef RVT_CALL_OPS
.if \on
	REG_L	t3, RVT_CORE_MISSING(t1)
	bnez	t3, \missing
.endif
#endif
.endm

/* struct rvt_regs saved, but its direct (see .Lpolicy, .Ldispatch). */
.macro SAVE
	addi	sp, sp, -FRAME
	REG_S	t0, REGS + R_IP(sp)
	REG_S	ra, REGS + R_RA(sp)
	ARGS	REG_S, FREG_S
	REG_S	t2, REGS + R_T2(sp)
.endm

/* f's registers back from struct rvt_regs, and the frame dropped. */
.macro RESTORE
	REG_L	t0, REGS + R_IP(sp)
	REG_L	ra, REGS + R_RA(sp)
	ARGS	REG_L, FREG_L
	REG_L	t2, REGS + R_T2(sp)
	addi	sp, sp, FRAME
.endm

/* func(ip, parent_ip, ops = a5, regs) */
.macro CALL_HOOK func
	addi	a0, t0, -8
	mv	a1, ra
	mv	a2, a5
	addi	a3, sp, REGS
	jalr	\func
.endm

/*
 * The guard back as it was: an interrupt at another level has set and
 * cleared its own bit by now, and a task's guard is its own. Then whether
 * a round found a call on this guard inside: rare, and checked in C.
 */
.macro GUARD_BACK
	REG_L	a2, X_GUARD(sp)
	REG_L	a6, X_WAS(sp)
	sw	a6, 0(a2)
	lw	t4, RVT_GUARD_OWED(a2)
	beqz	t4, 1f
	mv	a0, a2
	call	rvt_quiesce_report
1:
.endm

	.text
	/* Where the hart number is a call: rvt_dispatch() runs the hooks. */
	.balign	4
	.globl	rvt_caller
	.type	rvt_caller, @function
rvt_caller:
	FAST_ENTRY .Lmissing, 0
	j	.Lmissing
	.size	rvt_caller, . - rvt_caller

	/* Where mhartid is the hart number (rvt_init() picks the entry). */
	.balign	4
	.globl	rvt_caller_mhartid
	.type	rvt_caller_mhartid, @function
rvt_caller_mhartid:
	FAST_ENTRY .Lmissing, 1
	SAVE

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
	csrs	mstatus, t6	/* only MIE was cleared: restores it alone */
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
	/*
	 * A hook with nothing to look at first (ops->core.call): not DIRECT,
	 * so f continues at regs->ip and regs->direct is never read. (The
	 * walker's, rvt_walk_straight, leaves by .Lguard_back instead.)
	 */
	REG_L	t4, RVT_OPS_CALL(a5)
	beqz	t4, .Lpolicy
	bnez	a7, .Lpolicy
	CALL_HOOK t4
.Lcalled:
	GUARD_BACK
.Lrestore_plain:
	RESTORE
	jr	t0

	/* Everything else may end in a DIRECT trampoline: regs->direct. */
.Lpolicy:
	REG_S	zero, REGS + R_DIRECT(sp)
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
	beqz	t4, .Lguard_back
	CALL_HOOK t4
	j	.Lguard_back

.Lin_c:
	addi	a0, sp, REGS
	mv	a1, a5
	snez	a2, a7
	call	rvt_dispatch_hooks
.Lguard_back:
	GUARD_BACK
	j	.Lrestore

#ifdef RVT_CALL_OPS
	/* The slot changed to a fast entry after it was read: go there. */
.Lslot_fast:
	andi	a5, a5, -2
	REG_S	a5, REGS + R_DIRECT(sp)
	j	.Lguard_back
#endif

.Lnot_a_hart:
	csrs	mstatus, t6
	j	.Lrestore_plain

	/*
	 * A hart not online (rvt_dispatch() finds out which), or rvt_caller's
	 * every call.
	 */
.Lmissing:
	SAVE
.Ldispatch:
	REG_S	zero, REGS + R_DIRECT(sp)
	addi	a0, sp, REGS
	call	rvt_dispatch

.Lrestore:
	REG_L	t1, REGS + R_DIRECT(sp)
	beqz	t1, .Lrestore_plain
	RESTORE
	/* DIRECT: its trampoline continues with "jr t0". */
	jr	t1
	.size	rvt_caller_mhartid, . - rvt_caller_mhartid

	/*
	 * rvt_list_ops' core.call, entered from rvt_caller_mhartid's straight
	 * call with sp its frame: a hook of the list may ask for its DIRECT
	 * trampoline, which that call's return would not enter.
	 */
	.balign	4
	.globl	rvt_walk_straight
	.type	rvt_walk_straight, @function
rvt_walk_straight:
	REG_S	zero, REGS + R_DIRECT(sp)
	call	rvt_walk_called
	REG_L	t1, REGS + R_DIRECT(sp)
	bnez	t1, .Lguard_back
	j	.Lcalled
	.size	rvt_walk_straight, . - rvt_walk_straight
