/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A task record of the RTOS layer deleted while a hart runs its task (a
 * task deleting itself, lib/rtos.c rvt_rtos_deleted() and
 * rvt_rtos_switched_in()). The record must not go back to the pool while
 * the hart still runs the task (a new task would get its shadow stack while
 * the old one still pushes on it), and it must go back once the hart has
 * switched away (or the pool leaks a record per such task).
 *
 * D (proctype patcher, the name the test runner checks) deletes the task: marks the record deleted, fences, and
 * frees it if no hart runs the task. S, the hart that runs it, switches to
 * another task: stores its new task, fences, and frees the record if it is
 * marked deleted. Both free with a CAS from "deleted", so only one does.
 * Memory as in the other models: each hart's stores wait in its store
 * buffer and reach memory in any order; fence rw,rw drains the buffer.
 *
 * Mutations, each of which SPIN must reject:
 *   NO_DELETE_FENCE  no fence between D's mark and its look at the harts:
 *                    both read the old values, nobody frees (a leak)
 *   NO_SWITCH_FENCE  no fence between S's switch and its look at the mark:
 *                    S may free the record while its switch is not yet
 *                    visible (and both may read old values and leak it)
 *   EARLY_LOOK       S looks at the mark before it switches: it may free
 *                    the record while it still runs the task
 */

mtype = { USED, DELETED, FREE };

mtype state = USED;		/* the record, in memory */
bit runs = 1;			/* the hart's task is the record's, in memory */
bit d_done, s_done;

/* Store buffers: D's mark, S's switch. */
bool sb_state, sb_runs;

active proctype memory()
{
end:
	do
	:: d_step { sb_state -> state = DELETED; sb_state = false }
	:: d_step { sb_runs -> runs = 0; sb_runs = false }
	od
}

inline release()
{
	d_step {
		if
		:: state == DELETED ->
			/* Freed: nothing may run the task any more. */
			assert(runs == 0 && !sb_runs);
			state = FREE
		:: else
		fi
	}
}

active proctype patcher()
{
	sb_state = true;
#ifndef NO_DELETE_FENCE
	d_step { if :: sb_state -> state = DELETED; sb_state = false
		 :: else fi };
#endif
	if
	:: runs == 0 -> release()
	:: else
	fi;
	d_done = 1
}

active proctype switcher()
{
#ifdef EARLY_LOOK
	release();
#endif
	sb_runs = true;
#ifndef NO_SWITCH_FENCE
	d_step { if :: sb_runs -> runs = 0; sb_runs = false :: else fi };
#endif
#ifndef EARLY_LOOK
	release();
#endif
	s_done = 1
}

/* Once both are done and memory has settled, the record is free. */
active proctype leak_check()
{
	d_done && s_done && !sb_state && !sb_runs;
	assert(state == FREE)
}
