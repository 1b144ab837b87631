/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * rvt_profile_record: the profiler's entry, entered from the trampoline's
 * first instructions with the DIRECT contract (t0 = f + 8, ra = f's return
 * address, arguments untouched; t1 and t3-t6 free). What profile_entry()
 * and rvt_shadow_push() do in C: f's record found through the bucket index,
 * a frame with the entry time on the calling context's shadow stack, and
 * f's return sent to rvt_graph_return, whose assembly adds the call to the
 * record. It calls nothing; a0 and a1 are borrowed in its frame
 * (ring_write.h, IRQS_OFF).
 *
 * Interrupts stay masked from the hart's line to the push (ring_write.h).
 * The stop does not wait for it through the unregister: it counts itself in
 * on its hart's line before it checks that the profiler still runs, as the
 * tracers' recorders do (test/model/recorder.pml).
 *
 * Only used where the platform says that mhartid is the hart's number and
 * the time CSR its clock, and with the M extension (rvt_recorder_fast());
 * without it this is never entered.
 */
#include "ring_write.h"

	.text
	.balign	4
	.globl	rvt_profile_record
	.type	rvt_profile_record, @function
rvt_profile_record:
#ifdef __riscv_div
	IRQS_OFF t1
	REG_S	a0, REC_SLOT(1)(sp)
	REG_S	a1, REC_SLOT(2)(sp)
	HART_LINE t1, t4, a0, 9f	/* t4: the rings, a0: this hart's line */
	REG_L	a1, RVT_RING_STACK(a0)
	beqz	a1, 9f			/* this context has no stack */
	li	t3, 1
	/* writers (offset 0); .aq: counted before the switches are read */
	AMOADD_REG_AQ	zero, t3, (a0)
	lw	t3, RW_T(STATE)(t4)
	bltz	t3, 8f			/* the recording switch is off */
	lla	t1, rvt_prof
	REG_L	t3, RVT_PROF_LIVE(t1)
	beqz	t3, 8f

	/*
	 * f's index: t4 is f as the site table has it. Only armed sites come
	 * here, all between the sorted table's first and last, which the
	 * bucket index spans: no bound to check. The index read is the live
	 * run's: the start writes it before live and waits for the writers
	 * in between (README, "The start waits for the writers too").
	 */
	addi	t4, t0, -8 - RVT_AL_SLOT_BYTES
	REG_L	t5, RVT_PROF_FIRST(t1)
	sub	t5, t4, t5
	REG_L	t6, RVT_PROF_SHIFT(t1)
	srl	t5, t5, t6		/* t5: its bucket */
	REG_L	t6, RVT_PROF_BUCKETS(t1)
	slli	t5, t5, 2
	add	t6, t6, t5		/* t6: &buckets[bucket] */
	LWU	t5, 0(t6)		/* t5: the first site at or above it */
	REG_L	t1, RVT_PROF_SITES(t1)
	/* Only sites come here, so f is in its bucket: the next check fails last. */
1:	slli	t3, t5, LOG_SZREG
	add	t3, t3, t1
	REG_L	t3, 0(t3)
	beq	t3, t4, 2f
	addi	t5, t5, 1
	LWU	t3, 4(t6)		/* the next bucket's first */
	bltu	t5, t3, 1b
	j	8f

2:	REG_L	t1, RVT_TASK_TOP(a1)	/* t1: the frame */
	REG_L	t3, RVT_TASK_END(a1)
	bgeu	t1, t3, 8f		/* full: this call is not watched */
	addi	t3, t1, RVT_FRAME_SIZE
	REG_S	t3, RVT_TASK_TOP(a1)
	REG_S	ra, RVT_FRAME_RET(t1)
	addi	t3, sp, REC_FRAME	/* the caller's sp */
	REG_S	t3, RVT_FRAME_SP(t1)
#if RVT_AL_SLOT_BYTES == 0
	REG_S	t4, RVT_FRAME_FUNC(t1)	/* t4 is f itself */
#else
	addi	t3, t0, -8
	REG_S	t3, RVT_FRAME_FUNC(t1)
#endif
	/* The owner word: f's record's offset in the table (profile.c). */
#if RVT_PREC_SIZE == 32
	slli	t5, t5, 5
#else
	li	t3, RVT_PREC_SIZE
	mul	t5, t5, t3
#endif
	ori	t5, t5, RVT_SHADOW_OWNER_PROFILE
	REG_S	t5, RVT_FRAME_OWNER(t1)
	REG_S	zero, RVT_FRAME_CHILD(t1)
	rdtime	t3			/* durations are modulo the word size */
	REG_S	t3, RVT_FRAME_TS(t1)
	lla	ra, rvt_graph_return

8:	li	t3, -1
	AMOADD_REG_RL	zero, t3, (a0)	/* after the frame is pushed */
9:	REG_L	a0, REC_SLOT(1)(sp)
	REG_L	a1, REC_SLOT(2)(sp)
	IRQS_RESTORE t1
	jr	t0
#else
	unimp
#endif
	.size	rvt_profile_record, . - rvt_profile_record
