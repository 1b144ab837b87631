/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The grace period of rvt_unregister(): rvt_dispatch()'s counters
 * inside[qepoch & 1] and rvt_wait_quiescent()'s epoch flip (lib/dispatch.c,
 * lib/hart.c), with a task preempted on the patcher's own hart, a task that
 * migrates between harts, timeouts, and two unregisters in a row.
 * README.md beside this file says what is abstracted and why.
 *
 * Hooks A and B are registered when the model starts, so the destination
 * is the list walker over A and B. The patcher P (task on hart 0) calls
 * rvt_unregister(A) (the destination narrows to B) and rvt_unregister(B)
 * (to the stub), then rvt_synchronize() if a grace period timed out. Task
 * T shares hart 0 with P (SPIN's interleaving of the two is preemption) and
 * may migrate to hart 1 and back; task W runs on hart 1. Both call f in a
 * loop, and every call reaches rvt_dispatch(): the site and the IPI round
 * are left out (coherence.pml has them), which only adds calls.
 *
 * Memory as in coherence.pml: each hart's stores wait in its store buffer
 * and reach memory in any order (process "memory"); a fence rw,rw drains the
 * hart's buffer; a load sees its own hart's buffered store first (program
 * order on one hart: T and P share hart 0's buffer). An amoadd is buffered
 * as a delta and applied to memory in one step, as the AMO is atomic there.
 *
 * Mutations, each of which SPIN must reject:
 *   NO_SELF_HART       the waits skip the patcher's own hart (the old code)
 *   NO_FIRST_WAIT      no wait for inside[cur ^ 1] before the flip
 *   NO_DISPATCH_FENCE  no fence rw,rw after rvt_dispatch()'s increment
 *                      (the code's increment is an amoadd.aq, or
 *                      .aqrl: the acquire orders every later load after
 *                      it, which is what the fence stands for here)
 *   DEC_THIS_HART      the decrement goes to the hart the task is on now,
 *                      not to the counter it incremented
 *
 * The printf()s only narrate a replayed trail (spin -t); pan ignores them.
 */

#define NHARTS	2
#define NTASKS	2
#define TT	0	/* task T: starts on hart 0, may migrate */
#define TW	1	/* task W: on hart 1 */

/* Destinations: the walker over A then B, B alone, the stub. */
#define D_AB	0
#define D_B	1
#define D_STUB	2

/* Memory. inside[2 * hart + i] is rvt_core.harts[hart].inside[i]. */
bit qepoch;			/* rvt_core.qepoch & 1 */
byte dest = D_AB;		/* rvt_core.dest */
short inside[4];

/* Store buffers: P's two locations on hart 0, amoadd deltas per hart. */
bool sb_q;			/* the flip of qepoch (P, hart 0) */
bool sb_dest;
byte sb_dest_val;
short sb_d[8];			/* sb_d[4 * hart + counter] */

/* Ghosts. */
byte in_hook[NTASKS] = D_STUB;	/* what a task is running: D_AB, D_B or none */
bool unlinked_a, unlinked_b;	/* the destination store left them out */
bool free_a, free_b;		/* a grace period returned 0 after that */

/* One buffered amoadd, sb_d[i], reaches memory. */
#define DRAIN(i) d_step { sb_d[i] != 0 -> \
		inside[(i) % 4] = inside[(i) % 4] + sb_d[i]; \
		printf("memory: hart %d's amoadd %d on inside[%d][%d]\n", \
		       (i) / 4, sb_d[i], ((i) % 4) / 2, (i) % 2); \
		sb_d[i] = 0 }

active proctype memory()
{
end:
	do
	:: d_step { sb_q -> qepoch = 1 - qepoch; sb_q = false;
		printf("memory: P's flip of qepoch arrives (%d)\n", qepoch) }
	:: d_step { sb_dest -> dest = sb_dest_val; sb_dest = false;
		printf("memory: P's store dest = %d arrives\n", dest) }
	:: DRAIN(0) :: DRAIN(1) :: DRAIN(2) :: DRAIN(3)
	:: DRAIN(4) :: DRAIN(5) :: DRAIN(6) :: DRAIN(7)
	od
}

/*
 * fence rw,rw on hart h: its buffer drains. (Draining one entry at a time
 * in any order is already possible through "memory" before the fence.)
 */
inline fence(h)
{
	if
	:: h == 0 && sb_q -> qepoch = 1 - qepoch; sb_q = false
	:: else
	fi;
	if
	:: h == 0 && sb_dest -> dest = sb_dest_val; sb_dest = false
	:: else
	fi;
	k = 0;
	do
	:: k < 4 -> inside[k] = inside[k] + sb_d[4 * h + k];
		sb_d[4 * h + k] = 0; k++
	:: else -> break
	od;
	k = 0	/* also keeps the loop's exit inside a d_step */
}

/* A load on hart h sees that hart's buffered stores first. */
#define LOAD_Q(h)	((h) == 0 && sb_q -> 1 - qepoch : qepoch)
#define LOAD_DEST(h)	((h) == 0 && sb_dest -> sb_dest_val : dest)
#define LOAD_IN(h, c)	(inside[c] + sb_d[4 * (h) + (c)])

/*
 * The wait for one counter of every hart: a hart scanned in turn until its
 * counter is 0, or the platform's timeout. The timeout may fire whenever
 * the wait has not yet seen 0 (the platform's wait() callback may yield
 * meanwhile: here T may run at any moment anyway).
 */
inline wait_all(i)
{
	h = 0;
	do
	:: h == NHARTS -> break
	:: h < NHARTS ->
#ifdef NO_SELF_HART
		if
		:: h == 0 -> h++
		:: else ->
#endif
		if
		/* P's load on hart 0: hart 0's buffer forwards, not h's. */
		:: LOAD_IN(0, 2 * h + (i)) == 0 -> h++
#ifndef NO_TIMEOUT
		:: LOAD_IN(0, 2 * h + (i)) != 0 ->
			timed_out = true;
			printf("P: waits for inside[%d][%d]: timeout\n", h, i);
			break
#endif
		fi
#ifdef NO_SELF_HART
		fi
#endif
	od;
	h = 0
}

/*
 * rvt_wait_quiescent(): fence; cur = qepoch & 1; wait for inside[cur ^ 1]
 * (stragglers that read qepoch before the previous flip); flip; fence; wait
 * for inside[cur]; fence. Returns 0 or RVT_ETIMEDOUT in timed_out. A grace
 * period that returns 0 makes every hook unlinked before it free.
 */
inline grace()
{
	timed_out = false;
	d_step {
		fence(0);
		cur = qepoch;
		printf("P: fence rw,rw; cur = %d\n", cur)
	};
#ifndef NO_FIRST_WAIT
	wait_all(1 - cur);
#endif
	if
	:: !timed_out ->
		d_step {
			sb_q = true;
			fence(0);
			printf("P: qepoch++ (parity %d), fence rw,rw\n", 1 - cur)
		};
		wait_all(cur);
		d_step { fence(0) }
	:: else
	fi;
	d_step {
		if
		:: !timed_out ->
			free_a = unlinked_a;
			free_b = unlinked_b;
			assert(!free_a || in_hook[TT] != D_AB && in_hook[TW] != D_AB);
			assert(!free_b || in_hook[TT] == D_STUB && in_hook[TW] == D_STUB);
			printf("P: grace period returns 0\n")
		:: else ->
			printf("P: grace period returns RVT_ETIMEDOUT\n")
		fi
	}
}

/* set_dest(): release store, then fence w,w (P has only stores buffered). */
inline set_dest(v)
{
	d_step {
		fence(0);
		sb_dest = true;
		sb_dest_val = v;
		fence(0);
		printf("P: dest := %d\n", v)
	}
}

active proctype patcher()
{
	bit cur;
	byte h, k;
	bool timed_out;

	/* rvt_unregister(A): A unlinked, the destination narrows to B. */
	d_step { unlinked_a = true };
	set_dest(D_B);
	grace();
	/* rvt_unregister(B). */
	d_step { unlinked_b = true };
	set_dest(D_STUB);
	grace();
	/* A timed-out grace period: rvt_synchronize() before reuse. */
	if
	:: timed_out -> grace()
	:: else
	fi;
	printf("P: done, free A %d, free B %d\n", free_a, free_b)
}

/* A preemption point of T at which it may move to the other hart. */
inline may_migrate()
{
	if
	:: id == TT -> d_step { fence(me); me = 1 - me;
		printf("T: migrates to hart %d\n", me) }
	:: true
	fi
}

proctype task(byte id; byte start)
{
	byte me = start;	/* the hart the task runs on now */
	bit idx;
	byte c, d, k;
	bool first = true;

end:
	do
	:: /*
		 * rvt_dispatch(): idx = load(qepoch) & 1. The model starts
		 * after an earlier grace period flipped qepoch from 1 to 0: a
		 * task's first call may have read 1 before that flip.
		 */
		if
		:: idx = LOAD_Q(me)
#ifndef NO_STALE_START
		:: first -> idx = 1
#endif
		fi;
		first = false;
		may_migrate();
		/* amoadd.aq(&this_hart->inside[idx], +1): the add, then the fence */
		d_step {
			c = 2 * me + idx;
			sb_d[4 * me + c]++;
			printf("task %d on hart %d: inside[%d][%d] += 1\n",
			       id, me, me, idx)
		};
#ifndef NO_DISPATCH_FENCE
		d_step { fence(me) };
#endif
		/* The destination, and through it the hooks. */
		d_step {
			d = LOAD_DEST(me);
			assert(!(d == D_AB && free_a));
			assert(!(d != D_STUB && free_b));
			in_hook[id] = d;
			printf("task %d: reads dest %d\n", id, d)
		};
		/* The hook runs, preemptible, perhaps moving. */
		may_migrate();
		d_step {
			assert(!(d == D_AB && free_a));
			assert(!(d != D_STUB && free_b));
			in_hook[id] = D_STUB;
			fence(me)
		};
		/* amoadd(&same_counter, -1) */
		d_step {
#ifdef DEC_THIS_HART
			c = 2 * me + idx;
#endif
			sb_d[4 * me + c]--;
			printf("task %d on hart %d: inside[%d][%d] -= 1\n",
			       id, me, c / 2, c % 2);
			c = 0;
			d = 0;
			idx = 0
		}
	od
}

init
{
	atomic {
		run task(TT, 0);
		run task(TW, 1)
	}
}
