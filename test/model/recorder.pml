/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The stop of a tracer whose assembly recorder the trampoline enters
 * without the dispatcher (arch/riscv/ring_write.h, lib/ring.c
 * rvt_tracer_stop() and rvt_ring_drain()). Nothing counts such a caller in
 * before it reaches the recorder, so the unregister's grace period does not
 * wait for it; a caller may even arrive after the stop, having read the
 * trampoline's fast entry just before the sites were switched off and then
 * been preempted. The recorder counts itself in as a writer of its ring,
 * fences, and writes only while live names its tracer; the stop closes
 * live, fences, and waits until no writer is counted. After that the
 * buffer is the caller's again (a new start may clear it, the firmware may
 * reuse it): no recorder may write to it any more.
 *
 * R is a hart calling traced functions: each call is one pass through the
 * recorder, entered at any moment (before, during or after the stop). P,
 * the patcher, stops the tracer and then reuses the buffer. Memory as in
 * the other models: each hart's stores wait in its store buffer and reach
 * memory in any order; fence rw,rw drains the buffer; a release store is a
 * fence rw,w and the store; an amoadd is buffered as a delta.
 *
 * Mutations, each of which SPIN must reject:
 *   NO_RECORDER_FENCE  no fence rw,rw between the count and the live check
 *                      (the code's count is an amoadd.aq: the acquire
 *                      orders the live check after it, as the fence does)
 *   NO_LIVE_CHECK      the recorder writes without looking at live
 *   NO_STOP_FENCE      no fence rw,rw between closing live and the wait
 *   NO_DRAIN           the stop does not wait for the writers
 */

#define CALLS	2

bit live = 1;			/* rvt_trace.state names this tracer */
byte writers;			/* the ring's writer count, in memory */
bool reused;			/* ghost: the stop returned, the buffer is free */

/* Store buffers: R's count (a delta), P's store to live. */
short sb_writers;
bool sb_live;

active proctype memory()
{
end:
	do
	:: d_step { sb_writers != 0 -> writers = writers + sb_writers;
		sb_writers = 0 }
	:: d_step { sb_live -> live = 0; sb_live = false }
	od
}

active proctype recorder()
{
	byte n;

	do
	:: n == CALLS -> break
	:: n < CALLS ->
		/* amoadd.aq writers, 1: the add, then the fence */
		sb_writers = sb_writers + 1;
#ifndef NO_RECORDER_FENCE
		d_step { writers = writers + sb_writers; sb_writers = 0 };
#endif
#ifndef NO_LIVE_CHECK
		if
		:: live == 1 ->
#endif
			/* claim, fill, publish: every store to the buffer */
			assert(!reused);
			printf("R: event written\n");
			assert(!reused);
#ifndef NO_LIVE_CHECK
		:: else -> printf("R: live closed, nothing written\n")
		fi;
#endif
		/* amoadd.rl writers, -1: after the event's stores */
		d_step { writers = writers + sb_writers; sb_writers = 0;
			 sb_writers = -1 };
		n++
	od
}

active proctype patcher()
{
	/* rvt_tracer_stop(): the sites are off; live = 0 */
	sb_live = true;
#ifndef NO_STOP_FENCE
	d_step {
		if
		:: sb_live -> live = 0; sb_live = false
		:: else
		fi
	};
#endif
#ifndef NO_DRAIN
	/* rvt_ring_drain(): every counted writer has counted out */
	writers == 0;
#endif
	reused = true;
	printf("P: stop returned, the buffer is reused\n")
}
