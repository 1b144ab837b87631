/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The grace period of rvt_unregister() with the round as the barrier: a
 * call marks itself in its context's re-entry guard (a plain store, no
 * fence), the IPI handler of the round finds the contexts that are inside
 * and marks them owed, a task switched out while inside is marked owed by
 * the switch, and an owed context reports at its outermost exit
 * (arch/riscv/caller.S, lib/dispatch.c run_hooks(), lib/hart.c
 * rvt_handle_ipi(), rvt_quiesce_report(), rvt_sync_grace(), lib/task.c
 * rvt_task_switch()). The spare task context counts in a global counter.
 * README.md beside this file says what is abstracted and why.
 *
 * Hooks A and B are registered when the model starts, so the destination
 * is the list walker over A and B. The patcher P calls rvt_unregister(A)
 * (the destination narrows to B) and rvt_unregister(B) (to the stub), then
 * rvt_synchronize() if a grace period timed out. The destination narrows
 * BEFORE the round, so one round is both the fence.i and the barrier.
 *
 * Contexts: hart 0 runs task P and task T, hart 1 task W and T: T migrates
 * (switched out on one hart, in on the other, by the scheduler process,
 * which may switch at any step outside a masked region: preemption). T and
 * W call f in a loop; each call may make one nested call from inside the
 * hook, and each call of T or W may be one of the spare's tasks (path S1).
 *
 * Memory as in coherence.pml: each hart's stores to shared memory wait in
 * its store buffer and reach memory in any order (process "memory"); a
 * fence rw,rw drains the hart's buffer; a load sees its own hart's
 * buffered store first (program order on one hart: T and P share hart 0's
 * buffer). The re-entry guards are not buffered: only the hart running the
 * context (or its interrupt handler, at a precise point of that hart's
 * program order) reads a guard, and a task that moves to another hart
 * does so through the scheduler's fence. So the caller's busy store and its
 * load of the destination are ordered only against the hart's own
 * interrupt handler, which is the point of the protocol.
 *
 * Configurations:
 *   IRQ      an interrupt handler on hart 1 (irq level 1, the hart's
 *            guard) calls f over whatever hart 1 runs
 *   P_IRQ    P runs each call at irq level on hart 0 (over T, which then
 *            cannot run until P returns); hart 0 runs T or nothing
 *   ANSWERED a round's IPI to hart 1 may fail to send: the patcher
 *            answers for hart 1 (no handler, hart 1's epoch unchanged,
 *            ipi_missed set) and claims nothing for that grace period; the
 *            unregister keeps its removal. Hart 1 may take the missed
 *            interrupt later (the handler takes the epoch then) or not.
 *            A grace period first runs a catch-up round if a hart lags.
 *   NO_TIMEOUT  the patcher's waits have no timeout (not a test)
 * Mutations, each of which SPIN must reject ("hook in use after free"):
 *   DEST_BEFORE_GUARD  the caller reads the destination before it sets busy
 *   NO_PARK            the task switch does not mark a task that is inside
 *   PARK_GLOBAL_EPOCH  the switch takes the parity from qepoch, not h.epoch
 *   MARK_NEW_PARITY    the handler marks with parity E & 1, not (E - 1) & 1
 *   NO_FIRST_WAIT      no wait for the stragglers before qepoch moves
 *   NO_SELF_MARK       (with P_IRQ) the patcher does not mark its own hart
 *   NO_REPORT_CHECK_NESTED  the report does not check g.busy & bit: a
 *                      nested call reports for the outer one
 *   NO_CATCH_UP        (with ANSWERED) no lagging() check: a hart answered
 *                      for stays an epoch behind into the next grace period
 * Not rejected, and why, in README.md (not tests):
 *   SPARE_NO_FENCE     the spare's add without its acquire (a plain add)
 *   NO_SELF_MARK       without P_IRQ
 *   NO_FIRST_WAIT      with NO_TIMEOUT
 *
 * The printf()s only narrate a replayed trail (spin -t); pan ignores them.
 */

/* Tasks (values of cur[]), and the contexts of in_hook[]. */
#define TT	0	/* task T: hart 0 or 1 */
#define TW	1	/* task W: hart 1 */
#define TP	2	/* task P, the patcher: hart 0 */
#define NONE	3	/* the hart runs no task (idle) */
#define CI	2	/* in_hook[CI]: the irq-level caller on hart 1 (IRQ) */

/* Guards: a task's (bit 0), a hart's (bit L: irq level L). */
#define GT	0	/* = TT */
#define GW	1	/* = TW */
#define GH0	2
#define GH1	3

/* Destinations: the walker over A then B, B alone, the stub. */
#define D_AB	0
#define D_B	1
#define D_STUB	2

/*
 * Memory. The epochs are whole (each grace period moves qepoch by at most
 * 1, so it stays below 4): with ANSWERED a hart may lag by two.
 */
byte qepoch;			/* rvt_core.qepoch */
byte epoch[2];			/* each hart's copy: written by the hart */
byte owed_cnt[2];		/* rvt_core.owed[]: owed contexts by parity */
byte shared_inside;		/* the spare's callers */
byte dest = D_AB;		/* rvt_core.dest */
/* struct rvt_guard of each context: bit masks. */
byte busy[4], owed[4], odd[4];
bool ipi_pend;			/* hart 1: ipi_req != ipi_ack, the MSIP raised */
bool ipi_missed;		/* hart 1: answered for, its interrupt not taken */

/* Store buffers: P's destination (hart 0), the spare's adds (per hart). */
bool sb_dest;
byte sb_dest_val;
byte sb_s[2];

/* Who runs where: the task at thread level, an interrupt above it. */
byte cur[2] = NONE;
bool irq_on[2];

/* Ghosts. */
byte in_hook[3] = D_STUB;	/* what a context is running */
bool unlinked_a, unlinked_b;	/* the destination store left them out */
bool free_a, free_b;		/* a grace period returned 0 after that */
bool p_done;

/* A task's hart, and whether it is the one running there now. */
#define HART(id)	(cur[1] == (id) -> 1 : 0)
#define RUNS(id)	(cur[0] == (id) && !irq_on[0] || \
			 cur[1] == (id) && !irq_on[1])
#ifdef P_IRQ
#define RUNS_P		true
#define P_READY		false
#else
#define RUNS_P		(cur[0] == TP)
#define P_READY		(!p_done)
#endif

/* A load on hart h sees that hart's buffered stores first. */
#define LOAD_DEST(h)	((h) == 0 && sb_dest -> sb_dest_val : dest)
#define LOAD_SH(h)	(shared_inside + sb_s[h])

/* "Hook in use after free": every check of it has this form. */
#define NOT_FREED(d) \
	assert(!free_a || (d) != D_AB); \
	assert(!free_b || (d) == D_STUB)

/*
 * The counters are exact: owed_cnt[p] is the number of owed contexts of
 * parity p (so a wait for 0 ends once they have all left: no leak, no
 * early 0).
 */
#define OWES(g, b, p)	(((owed[g] >> (b)) & 1) == 1 && ((odd[g] >> (b)) & 1) == (p))
#define OWED_N(p)	(OWES(GT, 0, p) + OWES(GW, 0, p) + OWES(GH0, 0, p) + \
			 OWES(GH0, 1, p) + OWES(GH1, 0, p) + OWES(GH1, 1, p))
#define CHECK_COUNTS() \
	assert(owed_cnt[0] == OWED_N(0) && owed_cnt[1] == OWED_N(1))

proctype memory()
{
end:
	do
	:: d_step { sb_dest -> dest = sb_dest_val; sb_dest = false;
		printf("memory: P's store dest = %d arrives\n", dest) }
	:: d_step { sb_s[0] != 0 -> shared_inside = shared_inside + sb_s[0];
		sb_s[0] = 0 }
	:: d_step { sb_s[1] != 0 -> shared_inside = shared_inside + sb_s[1];
		sb_s[1] = 0 }
	od
}

/* fence rw,rw on hart h: its buffer drains. Used inside d_step. */
inline fence(h)
{
	if
	:: h == 0 && sb_dest -> dest = sb_dest_val; sb_dest = false
	:: else
	fi;
	shared_inside = shared_inside + sb_s[h];
	sb_s[h] = 0
}

/*
 * mark(g, p): the contexts of g that are inside and not owed yet owe
 * parity p. (The spare's guard, busy = PINNED, is never marked: it is not
 * modelled, its callers count in shared_inside.)
 */
inline mark(g, p)
{
	inl = busy[g] & ~owed[g];
	if
	:: inl != 0 ->
		owed[g] = owed[g] | inl;
		if
		:: p -> odd[g] = odd[g] | inl
		:: else -> odd[g] = odd[g] & ~inl
		fi;
		owed_cnt[p] = owed_cnt[p] + (inl & 1) + ((inl >> 1) & 1);
		printf("guard %d: %d owe parity %d\n", g, inl, p)
	:: else
	fi;
	inl = 0
}

/*
 * rvt_quiesce_report(g, bit), interrupts masked: a nested call leaves the
 * report to the outer one. The decrement is a release: the hook's accesses
 * before it (its loads read memory when they run here, so there is nothing
 * to drain but the hart's own buffer).
 */
inline report(g, b, h)
{
#ifndef NO_REPORT_CHECK_NESTED
	if
	:: busy[g] & b -> skip
	:: else ->
#endif
		par = (odd[g] & b) != 0;
		owed[g] = owed[g] & ~b;
		odd[g] = odd[g] & ~b;
		fence(h);
		owed_cnt[par]--;
		printf("guard %d: %d reports (parity %d)\n", g, b, par);
		CHECK_COUNTS();
		par = 0
#ifndef NO_REPORT_CHECK_NESTED
	fi
#endif
}

/*
 * take_epoch(h, E) (interrupts masked): a hart that takes a new epoch E
 * marks its guard and its task's (the patcher has none) with parity p, the
 * parity of the epoch it leaves, (E - 1) & 1.
 */
inline take_epoch(h, E, p)
{
	if
	:: epoch[h] != E ->
		epoch[h] = E;
		mark(GH0 + h, p);
		if
		:: cur[h] == TT || cur[h] == TW -> mark(cur[h], p)
		:: else
		fi
	:: else
	fi
}

#ifdef MARK_NEW_PARITY
#define LEFT(E)	((E) & 1)
#else
#define LEFT(E)	(((E) + 1) & 1)	/* (E - 1) & 1 */
#endif

/*
 * The handler of the round's IPI on hart 1 (rvt_handle_ipi()): read req
 * (acquire) and ipi_missed; E = qepoch, fence.i, fence rw,rw; take_epoch;
 * ack (release) if a request is outstanding. One step: it runs between two
 * steps of whatever hart 1 runs, and P, waiting for the ack, has nothing
 * buffered meanwhile. With ANSWERED it also runs for an interrupt that
 * was answered for (the missed path: the epoch, no ack). The load of
 * qepoch precedes the fences as in the code; that order of two loads is
 * not represented here (only stores are buffered; see README.md).
 */
proctype ipi_handler()
{
	byte inl;
	byte E;

end:
	do
	:: d_step {
		(ipi_pend || ipi_missed) ->
		ipi_missed = false;
		E = qepoch;
		fence(1);
		take_epoch(1, E, LEFT(E));
		CHECK_COUNTS();
		if
		:: ipi_pend ->
			ipi_pend = false;
			printf("hart 1: IPI: epoch %d, acknowledges\n", E)
		:: else ->
			printf("hart 1: missed interrupt: epoch %d\n", E)
		fi;
		E = 0
	   }
	od
}

/*
 * rvt_task_switch() on hart h, interrupts masked: a task switched out
 * while inside owes the parity of the hart's epoch (unless it owes one
 * already). The switch fences (a task that moves to another hart takes
 * its stores with it).
 */
inline switch_to(h, next)
{
	prev = cur[h];
	fence(h);
	if
	:: (prev == TT || prev == TW) && (busy[prev] & 1) && !(owed[prev] & 1) ->
#ifdef PARK_GLOBAL_EPOCH
		par = qepoch & 1;
#else
		par = epoch[h] & 1;
#endif
#ifndef NO_PARK
		owed[prev] = owed[prev] | 1;
		if
		:: par -> odd[prev] = odd[prev] | 1
		:: else -> odd[prev] = odd[prev] & ~1
		fi;
		owed_cnt[par]++;
		printf("hart %d: switches out task %d inside: owes %d\n", h, prev, par);
#endif
		CHECK_COUNTS()
	:: else
	fi;
	cur[h] = next;
	printf("hart %d: runs task %d\n", h, next);
	prev = 0;
	par = 0
}

/* Preemption: at any step outside a masked region (not within an irq). */
proctype scheduler()
{
	byte prev;
	bit par;

end:
	do
	:: d_step { !irq_on[0] && cur[0] != TT && cur[1] != TT -> switch_to(0, TT) }
	:: d_step { !irq_on[0] && cur[0] != TP && P_READY -> switch_to(0, TP) }
	:: d_step { !irq_on[0] && cur[0] != NONE && !P_READY -> switch_to(0, NONE) }
	:: d_step { !irq_on[1] && cur[1] != TT && cur[0] != TT -> switch_to(1, TT) }
	:: d_step { !irq_on[1] && cur[1] != TW -> switch_to(1, TW) }
	od
}

/*
 * A bounded wait: the condition, or (while it does not hold) the platform's
 * timeout. P's loads run on hart 0.
 */
#ifdef NO_TIMEOUT
#define WAIT(cond) \
	d_step { RUNS_P && (cond) -> printf("P: the wait ends\n") }
#else
#define WAIT(cond) \
	if \
	:: d_step { RUNS_P && (cond) -> printf("P: the wait ends\n") } \
	:: d_step { RUNS_P && !(cond) -> timed_out = true; \
		printf("P: the wait times out\n") } \
	fi
#endif

/*
 * sync_round() for the grace period and its ipi_round(): with take, its
 * own hart (masked) takes qepoch and marks; the request and the IPI to
 * hart 1 (with ANSWERED the send may fail: P answers for hart 1, which
 * then takes no handler for it, and sets answered); the wait for the
 * acknowledgement. A round that timed out ends the model (the unregister
 * is undone: nothing is claimed).
 */
inline round(take)
{
	if
	:: take ->
		d_step {
			RUNS_P ->
#ifdef NO_SELF_MARK
			epoch[0] = qepoch;
#else
			take_epoch(0, qepoch, (qepoch + 1) & 1);
#endif
			CHECK_COUNTS();
			printf("P: own hart: epoch %d, marked\n", qepoch)
		}
	:: else
	fi;
#ifdef ANSWERED
	if
	:: d_step { RUNS_P -> ipi_pend = true;
		printf("P: round: request, IPI to hart 1\n") }
	:: d_step { RUNS_P -> ipi_missed = true; answered = true;
		printf("P: round: the IPI to hart 1 fails, answered for\n") }
	fi;
#else
	d_step { RUNS_P -> ipi_pend = true;
		printf("P: round: request, IPI to hart 1\n") };
#endif
#ifdef NO_TIMEOUT
	d_step { RUNS_P && !ipi_pend -> printf("P: round acknowledged\n") }
#else
	if
	:: d_step { RUNS_P && !ipi_pend -> printf("P: round acknowledged\n") }
	:: d_step { RUNS_P && ipi_pend -> printf("P: round: timeout, undone\n") };
		goto done
	fi
#endif
}

/*
 * rvt_sync_grace() after the unlink and the narrowing: fence; e = qepoch;
 * (ANSWERED) if a hart lags (lagging(e)), a catch-up round, and the grace
 * period is not claimed if it was answered for or a hart still lags; wait
 * for the stragglers of parity e + 1; qepoch = e + 1; fence; the round (its
 * own hart takes the epoch); wait for parity e and the spare's callers.
 * After a wait that timed out, the round still runs (qepoch unchanged, its
 * own hart takes nothing) and nothing is claimed. Returns 0 or
 * RVT_ETIMEDOUT in timed_out.
 */
inline grace()
{
	timed_out = false;
	d_step { RUNS_P -> fence(0); e = qepoch;
		printf("P: fence rw,rw; e = %d\n", e) };
#if defined(ANSWERED) && !defined(NO_CATCH_UP)
	if
	:: d_step { RUNS_P && (epoch[0] != e || epoch[1] != e) ->
		printf("P: a hart lags: catch-up round\n") };
		answered = false;
		round(true);
		d_step {
			RUNS_P ->
			if
			:: answered || epoch[0] != e || epoch[1] != e ->
				timed_out = true;
				printf("P: catch-up answered for, or a hart lags\n")
			:: else
			fi
		}
	:: d_step { RUNS_P && epoch[0] == e && epoch[1] == e -> skip }
	fi;
#endif
#ifndef NO_FIRST_WAIT
	if
	:: !timed_out -> WAIT(owed_cnt[(e + 1) & 1] == 0)
	:: else
	fi;
#endif
	if
	:: !timed_out ->
		d_step { RUNS_P -> qepoch = e + 1; fence(0);
			printf("P: qepoch = e + 1, fence rw,rw\n") }
	:: else
	fi;
	answered = false;
	round(!timed_out);
	if
	:: !timed_out && !answered ->
		WAIT(owed_cnt[e & 1] == 0 && LOAD_SH(0) == 0)
	:: else
	fi;
	d_step {
		if
		:: !timed_out && !answered ->
			free_a = unlinked_a;
			free_b = unlinked_b;
			NOT_FREED(in_hook[TT]);
			NOT_FREED(in_hook[TW]);
			NOT_FREED(in_hook[CI]);
			printf("P: grace period returns 0\n")
		:: else ->
			timed_out = true;
			printf("P: grace period returns RVT_ETIMEDOUT\n")
		fi
	}
}

/* The unlink and the narrowing: a release store, buffered. */
inline narrow(v)
{
	d_step { RUNS_P -> fence(0); sb_dest = true; sb_dest_val = v;
		printf("P: dest := %d (release)\n", v) }
}

/* P_IRQ: each API call runs at irq level on hart 0. */
inline api_begin()
{
#ifdef P_IRQ
	d_step { !irq_on[0] -> irq_on[0] = true; printf("P: irq on hart 0\n") }
#else
	skip
#endif
}

inline api_end()
{
#ifdef P_IRQ
	irq_on[0] = false
#else
	skip
#endif
}

proctype patcher()
{
	byte e;
	byte inl;
	byte call;
	bool timed_out, answered;

	/*
	 * Call 0, rvt_unregister(A): A unlinked, the destination narrows to
	 * B. Call 1, rvt_unregister(B). Call 2, if that grace period timed
	 * out: rvt_synchronize() before reuse. One copy of grace() serves
	 * them all (so each of its statements is reached by some call).
	 */
	do
	:: call == 2 && !timed_out -> break
	:: call == 3 -> break
	:: else ->
		api_begin();
		if
		:: call == 0 -> narrow(D_B); unlinked_a = true
		:: call == 1 -> narrow(D_STUB); unlinked_b = true
		:: else
		fi;
		grace();
		api_end();
		call++
	od;
done:
	skip;
	d_step {
		irq_on[0] = false;
		p_done = true;
		printf("P: done, free A %d, free B %d\n", free_a, free_b)
	}
}

/*
 * A nested call from inside the hook (the hook calls an instrumented
 * function), whole in one step: it reads the destination and leaves; its
 * exit reports only if it is the outermost.
 */
inline nested(g, b, h)
{
	d_step {
		RUNS(id) ->
		h = HART(id);
		d2 = LOAD_DEST(h);
		NOT_FREED(d2);
		if
		:: owed[g] & b -> report(g, b, h)
		:: else
		fi;
		d2 = 0;
		printf("task %d: nested call\n", id)
	}
}

/*
 * A task calling f: the caller's steps 1-6. The guard of a task is its
 * own (bit 0); a spare call touches no guard. Steps 5 and 6 (busy
 * restored, the owed check and report) are one step: between them the
 * context is no longer busy, so neither the handler nor a switch would
 * mark it, and a report later is only a slower one.
 */
proctype task(byte id)
{
	byte me, d, d2;
	bit par;

end:
	do
	:: /* Steps 1-2: the guard (masked), busy |= bit, a plain store. */
#ifdef DEST_BEFORE_GUARD
		d_step { RUNS(id) -> me = HART(id); d = LOAD_DEST(me);
			printf("task %d: reads dest %d\n", id, d) };
		d_step { RUNS(id) -> assert(!(owed[id] & 1)); busy[id] = busy[id] | 1;
			in_hook[id] = d; NOT_FREED(d);
			printf("task %d: busy\n", id) };
#else
		d_step { RUNS(id) -> assert(!(owed[id] & 1)); busy[id] = busy[id] | 1;
			printf("task %d: busy\n", id) };
		/* Step 3: the destination (a load; no fence before it). */
		d_step { RUNS(id) -> me = HART(id); d = LOAD_DEST(me);
			in_hook[id] = d; NOT_FREED(d);
			printf("task %d on hart %d: reads dest %d\n", id, me, d) };
#endif
		/* Step 4: the hook runs, preemptible, perhaps moving. */
		if
		:: nested(id, 1, me)
		:: skip
		fi;
		/* Steps 5-6: busy = was; if owed, report. */
		d_step {
			RUNS(id) ->
			NOT_FREED(in_hook[id]);
			in_hook[id] = D_STUB;
			busy[id] = busy[id] & ~1;
			me = HART(id);
			if
			:: owed[id] & 1 -> report(id, 1, me)
			:: else
			fi;
			printf("task %d: leaves\n", id);
			me = 0;
			d = 0
		}
	:: true ->
		/* S1: one of the spare's tasks: amoadd.aq, no guard. */
		d_step { RUNS(id) -> me = HART(id);
#ifdef SPARE_NO_FENCE
			sb_s[me]++;
#else
			shared_inside++;
#endif
			printf("task %d: spare: shared_inside += 1\n", id) };
		d_step { RUNS(id) -> me = HART(id); d = LOAD_DEST(me);
			in_hook[id] = d; NOT_FREED(d);
			printf("task %d on hart %d: spare reads dest %d\n", id, me, d) };
		/* amoadd.rl(-1) */
		d_step { RUNS(id) -> NOT_FREED(in_hook[id]); in_hook[id] = D_STUB;
			me = HART(id); fence(me); shared_inside--;
			printf("task %d: spare leaves\n", id);
			me = 0; d = 0 }
	od
}

#ifdef IRQ
/* An interrupt on hart 1 (level 1, the hart's guard) that calls f. */
proctype irq1()
{
	byte d;
	bit par;

end:
	do
	:: d_step { !irq_on[1] -> irq_on[1] = true;
		assert(!(owed[GH1] & 2)); busy[GH1] = busy[GH1] | 2;
		printf("irq on hart 1: busy\n") };
		d_step { d = LOAD_DEST(1); in_hook[CI] = d; NOT_FREED(d);
			printf("irq on hart 1: reads dest %d\n", d) };
		d_step {
			NOT_FREED(in_hook[CI]);
			in_hook[CI] = D_STUB;
			busy[GH1] = busy[GH1] & ~2;
			if
			:: owed[GH1] & 2 -> report(GH1, 2, 1)
			:: else
			fi;
			irq_on[1] = false;
			printf("irq on hart 1: leaves\n");
			d = 0
		}
	od
}
#endif

init
{
	atomic {
		cur[0] = TT;
		cur[1] = TW;
		run memory();
		run ipi_handler();
		run scheduler();
		run patcher();
		run task(TT);
		run task(TW);
#ifdef IRQ
		run irq1();
#endif
	}
}
