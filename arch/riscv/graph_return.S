/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * rvt_graph_return: where a traced function returns to instead of its
 * caller. Only the return values (a0, a1, and fa0, fa1 under a hard-float
 * ABI) are live here; the other caller-saved registers are free.
 *
 * Where the platform lets the assembly find the shadow stack (mhartid, the
 * time CSR, the M extension), the frame is popped here, interrupts masked
 * as at the entry (ring_write.h), when its owner's bit is set in
 * rvt_trace.graph_exit: the graph tracer's exit event, as
 * rvt_graph_frame_exit() records it, or the profiler's figures, as
 * rvt_profile_frame_exit() adds them, while that tracer runs; with
 * RVT_GRAPH_EXIT_VALS in place of the graph's bit, its exit event and a
 * data event with the return values. Anything else (a frame after its
 * tracer's stop, another platform) goes to rvt_graph_exit() with the
 * caller's sp, which handles every frame.
 */
#include "ring_write.h"

/*
 * COUNTER_ADD: the 64-bit counter at rec + off += val (a word), atomically;
 * rv32 adds the carry to the upper word, each adder its own, so none is
 * lost. With one=1, val holds 1 and the carry is the lower word wrapping
 * to 0. At offset 0 rec itself is the counter's address. a and b are
 * scratch.
 */
.macro COUNTER_ADD rec, off, val, a, b, one=0
.if \off
	addi	\a, \rec, \off
	COUNTER_ADD_AT \a, \val, \a, \b, \one
.else
	COUNTER_ADD_AT \rec, \val, \a, \b, \one
.endif
.endm

.macro COUNTER_ADD_AT at, val, a, b, one
#if __riscv_xlen == 64
	amoadd.d	zero, \val, (\at)
#else
	amoadd.w	\b, \val, (\at)
.if \one
	addi	\b, \b, 1
	bnez	\b, 12f		/* no wrap, no carry */
	addi	\a, \at, 4
	amoadd.w	zero, \val, (\a)
.else
	add	\b, \b, \val
	bgeu	\b, \val, 12f		/* no wrap, no carry */
	li	\b, 1
	addi	\a, \at, 4
	amoadd.w	zero, \b, (\a)
.endif
12:
#endif
.endm

/*
 * GRAPH_EXIT_FIELDS: of the graph's frame at a6 (frames[0] at a4, its
 * owner word in t4), the exit event's func in a5, caller in a7 and info
 * bits in t4. The caller is the first return from the frame down that is
 * not ours (only a tail call's is), the frame's own tested first. info:
 * the owner word, the entry's info (asm_layout.h), made the exit's; the
 * line's bits (its tag is the stack's owner's) are ORed in by the writer.
 * Scratch: t5, t6.
 */
.macro GRAPH_EXIT_FIELDS
	lla	t5, rvt_graph_return
	REG_L	a7, RVT_FRAME_RET(a6)
	bne	a7, t5, .Lcaller\@
	mv	t6, a6
.Lbelow\@:
	beq	t6, a4, .Lcaller\@
	addi	t6, t6, -RVT_FRAME_SIZE
	REG_L	a7, RVT_FRAME_RET(t6)
	beq	a7, t5, .Lbelow\@
.Lcaller\@:
	REG_L	a5, RVT_FRAME_FUNC(a6)
	addi	t4, t4, RVT_EV_KIND_EXIT - RVT_EV_KIND_ENTRY
.endm

#if RVT_SHADOW_OWNER_PROFILE - RVT_SHADOW_OWNER_GRAPH != 1
#error "the profiler's exit takes its count's 1 from the owner numbers"
#endif

/* a0, a1, then fa0, fa1 at RVT_RET_FA0 (asm_layout.h) in 8-byte slots. */
#ifdef RVT_ASM_FP_ABI
#define FRAME	(RVT_RET_FA0 + 2 * 8)
#else
#define FRAME	16
#endif

/* The exit with values: a0, a1, the return address, the caller, fa0. */
#define VALS_RET	(2 * SZREG)
#define VALS_CALLER	(3 * SZREG)
#define VALS_FA0	((4 * SZREG + 7) & ~7)
#define VALS_FRAME	((VALS_FA0 + 8 + 15) & ~15)

	.text
	.balign	4
	.globl	rvt_graph_return
	.type	rvt_graph_return, @function
rvt_graph_return:
#ifdef __riscv_div
	/* Zero where the platform is not fast: no M-mode CSR before this. */
	lla	t0, rvt_trace + RVT_TRACE_RINGS
	lw	t2, RW_T(GRAPH_EXIT)(t0)
	beqz	t2, 8f
	/* ra is free until the return: it keeps the mstatus found. */
	csrrci	ra, mstatus, RVT_AL_MSTATUS_MIE
	HART_LINE t3, t0, t1, 6f, 1	/* t1: this hart's line */
	REG_L	a2, RVT_RING_STACK(t1)
	beqz	a2, 6f
	REG_L	a6, RVT_TASK_TOP(a2)
	REG_L	a4, RVT_TASK_FRAMES(a2)
	addi	a6, a6, -RVT_FRAME_SIZE	/* a6: the top frame */
	/*
	 * Frames a longjmp() skipped are deeper, so lower: dropped, down to
	 * the bottom one at most. The top frame's sp is tested first: it
	 * is the one returning but after a longjmp().
	 */
1:	REG_L	t4, RVT_FRAME_SP(a6)
	bgeu	t4, sp, 2f
	beq	a6, a4, 2f
	addi	a6, a6, -RVT_FRAME_SIZE
	j	1b
2:	REG_L	t4, RVT_FRAME_OWNER(a6)
	andi	t5, t4, 3
	SLLW	t6, t2, t5		/* this owner's bit to the sign */
	bgez	t6, 7f			/* this owner's exit is rvt_graph_exit()'s */
	REG_S	a6, RVT_TASK_TOP(a2)	/* popped; masked, so still readable */
	addi	t5, t5, -RVT_SHADOW_OWNER_GRAPH
	bnez	t5, 5f			/* the profiler's */

	GRAPH_EXIT_FIELDS
	RING_WRITE_MASKED RVT_LIVE_GRAPH, a5, 0, a7, t4, RVT_RING_INFO, t0, t3, t1, t2, t5
	/*
	 * Read while masked: once not, an interrupt may push over the frame.
	 * 9's two instructions again, a jump fewer on the graph's way out.
	 */
	REG_L	a3, RVT_FRAME_RET(a6)
	csrs	mstatus, ra
	jr	a3

	/*
	 * The profiler's frame, as rvt_profile_frame_exit() counts it: the
	 * duration, the self time (less what profiled callees took), the
	 * duration as callee time of the nearest profiled frame below, and
	 * the record's figures by atomics (shared by every hart). t5 is 1,
	 * the profiler's owner number less the graph's: the count's add.
	 */
5:	rdtime	t1
	REG_L	t6, RVT_FRAME_TS(a6)
	sub	t1, t1, t6		/* t1: the duration */
	REG_L	t6, RVT_FRAME_CHILD(a6)
	sub	a5, t1, t6		/* a5: the self time, 0 if below */
	bgeu	t1, t6, 13f
	li	a5, 0
13:
	REG_L	a3, RVT_FRAME_RET(a6)	/* as above; a6 walks down now */
10:	beq	a6, a4, 11f
	addi	a6, a6, -RVT_FRAME_SIZE
	REG_L	a7, RVT_FRAME_OWNER(a6)
	andi	a7, a7, RVT_SHADOW_OWNER_PROFILE	/* the graph's is 1 */
	beqz	a7, 10b
	REG_L	a7, RVT_FRAME_CHILD(a6)
	add	a7, a7, t1
	REG_S	a7, RVT_FRAME_CHILD(a6)
11:	lla	t6, rvt_prof
	REG_L	t6, RVT_PROF_TABLE(t6)
	andi	t4, t4, -4		/* the record's offset (profile.c) */
	add	t6, t6, t4		/* t6: its record */
	COUNTER_ADD t6, RVT_PREC_HITS, t5, t2, t4, one=1
	COUNTER_ADD t6, RVT_PREC_TOTAL, t1, t2, t4
	COUNTER_ADD t6, RVT_PREC_SELF, a5, t2, t4
	addi	t2, t6, RVT_PREC_MIN
	AMOMINU_REG	zero, t1, (t2)
	addi	t2, t6, RVT_PREC_MAX
	AMOMAXU_REG	zero, t1, (t2)
9:	csrs	mstatus, ra
	jr	a3

	/*
	 * The graph's frame while it records return values
	 * (RVT_GRAPH_EXIT_VALS): its exit event and one data event, a0, a1
	 * (and fa0), as rvt_graph_frame_exit() records them, the two claimed
	 * together. a0, a1 and the return address wait in a frame.
	 */
7:	addi	t6, t5, -RVT_SHADOW_OWNER_GRAPH
	bnez	t6, 17f
	SLLIW	t6, t2, RVT_GRAPH_EXIT_VALS
	bgez	t6, 17f
	REG_S	a6, RVT_TASK_TOP(a2)	/* popped */
	GRAPH_EXIT_FIELDS
	addi	sp, sp, -VALS_FRAME
	REG_S	a0, 0(sp)
	REG_S	a1, SZREG(sp)
	REG_L	a3, RVT_FRAME_RET(a6)
	REG_S	a3, VALS_RET(sp)
	REG_S	a7, VALS_CALLER(sp)
	mv	t2, a5			/* t2: func, t4: the info bits */
#ifdef RVT_ASM_FP_ABI
	FREG_S	fa0, VALS_FA0(sp)
#if SZFREG == 4
	sw	zero, VALS_FA0 + 4(sp)
#endif
#endif
	lw	a0, RW_T(NR_HARTS)(t0)
	bgeu	t3, a0, 19f		/* no rings (yet), or not for this hart */
	li	a1, 2
	RING_GROUP_CLAIM RVT_LIVE_GRAPH, t0, t1, a1, 18f, .Lgr_again, .Lgr_busy, .Lgr_full
	mv	a6, t6
	NEXT_SLOT a6, a4, a5
	REG_L	a0, 0(sp)
	STORE64	a0, SEQ_AT(TS), a6
	REG_L	a0, SZREG(sp)
	STORE64	a0, SEQ_AT(FUNC), a6
#ifdef RVT_ASM_FP_ABI
#if __riscv_xlen == 64
	ld	a0, VALS_FA0(sp)
	sd	a0, SEQ_AT(CALLER)(a6)
#else
	lw	a0, VALS_FA0(sp)
	sw	a0, SEQ_AT(CALLER)(a6)
	lw	a0, VALS_FA0 + 4(sp)
	sw	a0, SEQ_AT(CALLER) + 4(a6)
#endif
#else
	STORE64	zero, SEQ_AT(CALLER), a6
#endif
	lw	a3, RVT_RING_INFO(t1)
	ori	a0, a3, RVT_EV_KIND_DATA | RVT_EV_RET_VALUES << 8
	sw	a0, SEQ_AT(INFO)(a6)
	addi	a0, t5, 2
	PUBLISH	a6, a0
	or	a3, a3, t4
	REG_L	a7, VALS_CALLER(sp)
	RING_PUBLISH t2, a7, a3
18:	li	t5, -1
	AMOADD_REG_RL	zero, t5, (t1)	/* after the event is published */
19:	REG_L	a0, 0(sp)
	REG_L	a1, SZREG(sp)
	REG_L	a3, VALS_RET(sp)
	addi	sp, sp, VALS_FRAME
	j	9b

	RING_GROUP_LOST t1, a1, 18b, .Lgr_again, .Lgr_busy, .Lgr_full

17:	addi	a3, a6, RVT_FRAME_SIZE
	REG_S	a3, RVT_TASK_TOP(a2)	/* the frames dropped so far */
6:	csrs	mstatus, ra
8:
#endif
	/*
	 * rvt_graph_exit() finds the frame by the caller's sp, and reads the
	 * return values where they are kept.
	 */
	addi	sp, sp, -FRAME
	REG_S	a0, 0(sp)
	REG_S	a1, SZREG(sp)
#ifdef RVT_ASM_FP_ABI
	FREG_S	fa0, RVT_RET_FA0(sp)
	FREG_S	fa1, RVT_RET_FA0 + 8(sp)
#endif
	addi	a0, sp, FRAME
	mv	a1, sp
	call	rvt_graph_exit
	mv	ra, a0
	REG_L	a0, 0(sp)
	REG_L	a1, SZREG(sp)
#ifdef RVT_ASM_FP_ABI
	FREG_L	fa0, RVT_RET_FA0(sp)
	FREG_L	fa1, RVT_RET_FA0 + 8(sp)
#endif
	addi	sp, sp, FRAME
	ret
	.size	rvt_graph_return, . - rvt_graph_return
