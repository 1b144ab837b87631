/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The start of a tracer while other harts write events (lib/ring.c
 * rvt_tracer_start(), ring_init(), ring_write(); arch/riscv/ring_write.h).
 * The start gives the rings a new configuration (where the events go and
 * how many a ring holds: cfg_a and cfg_b here, OLD then NEW) and clears
 * them. A writer that reads one field of the old run and another of the
 * new one indexes past its ring; one that writes into a ring while it is
 * cleared leaves a torn slot in the new trace.
 *
 * Two writers, on harts of their own:
 *   A  an assembly recorder: counts in (amoadd.aq), then reads the state
 *      and the configuration with plain loads, which RVWMO lets reach
 *      memory in any order (the acquire orders them after the count, not
 *      after each other); it writes only if the state names its run.
 *   C  lib/ring.c's writer of an event that needs no tracer (a printk):
 *      reads nr_harts, counts in, fences, reads nr_harts again and the
 *      configuration with plain loads (in any order), and writes if both
 *      reads of nr_harts were nonzero.
 * P, the patcher, runs ring_init() and the start's last steps: nr_harts
 * 0, fence, wait for the writers (the first drain), new configuration,
 * clear, fence, wait for the writers (the second drain), fence, nr_harts
 * again, then the state names the run (a release store). With PROFILE,
 * rvt_profile_start(): its writer is the assembly entry alone, and its
 * only wait is the second (after table_init(), before live).
 *
 * Memory as in the other models: P's stores wait in its store buffer and
 * reach memory in any order; a fence drains it. A writer's count is an
 * AMO, performed in memory at once; its count out (amoadd.rl) comes after
 * its event has reached memory.
 *
 * Mutations, each of which SPIN must reject:
 *   NO_CLEAR_DRAIN  no first drain: a writer that counted in before
 *                   nr_harts went to 0 reads the configuration while it
 *                   changes, or writes while the rings are cleared
 *   NO_SETUP_DRAIN  no second drain: A reads the old configuration early
 *                   and the state of the new run late
 *   NO_RECHECK      C does not read nr_harts again once counted in
 *   NR_BEFORE_DRAIN nr_harts set again before the second drain, not after:
 *                   C's plain loads may then take an old field early and
 *                   the new nr_harts late (an acquire on its second read
 *                   would be needed)
 * and with PROFILE, NO_SETUP_DRAIN (the profiler's start without its wait).
 */

#define OLD	1
#define NEW	2

/* Memory. */
byte nr_harts = 1;		/* the old run's rings are up */
byte cfg_a = OLD, cfg_b = OLD;
bit live;			/* rvt_trace.state names the new run */
byte writers;			/* the writer counts of A's and C's rings */

/* P's store buffer: one pending store per location. */
bool p_nr, p_a, p_b, p_live;
byte v_nr;

#define FENCE	(!p_nr && !p_a && !p_b && !p_live)

/* Ghosts: how far P's clearing of the rings has gone. */
bool clearing, cleared;

active proctype memory()
{
end:
	do
	:: d_step { p_nr -> nr_harts = v_nr; p_nr = false }
	:: d_step { p_a -> cfg_a = NEW; p_a = false }
	:: d_step { p_b -> cfg_b = NEW; p_b = false }
	:: d_step { p_live -> live = 1; p_live = false }
	od
}

/*
 * An event written with the configuration (a, b) reaches memory: it must
 * be of one run, and land in a ring that is not being cleared. Its stores
 * may reach memory any time from the check to the count out; a writer
 * checks at both ends, and the clearing only moves forward.
 */
inline event_lands(a, b)
{
	assert(a == b);
	assert(a == OLD && !clearing || a == NEW && cleared)
}

active proctype asm_writer()
{
	byte s = 2, a, b;

	/* amoadd.aq: counted in before any of the loads below */
	d_step { writers++ };
	/* lw state, the configuration's loads: in any order */
	do
	:: s == 2 -> s = live
	:: a == 0 -> a = cfg_a
	:: b == 0 -> b = cfg_b
	:: s != 2 && a != 0 && b != 0 -> break
	od;
	if
	:: s == 1 ->
		event_lands(a, b);	/* its stores follow the check, */
		d_step { event_lands(a, b); writers-- }	/* and end here */
	:: else -> d_step { writers-- }
	fi
}

#ifndef PROFILE
active proctype c_writer()
{
	byte a, b, n;

	if
	:: nr_harts == 0 -> goto done
	:: else
	fi;
	d_step { writers++ };	/* fetch_add, then rvt_mb() */
#ifdef NO_RECHECK
	n = 2;
#else
	/* plain loads: the configuration's may come first */
	do
	:: n == 0 -> n = nr_harts + 1
	:: a == 0 -> a = cfg_a
	:: b == 0 -> b = cfg_b
	:: n != 0 && a != 0 && b != 0 -> break
	od;
#endif
	if
	:: n == 1 -> writers--	/* nr_harts 0: nothing written */
	:: else ->
		do
		:: a == 0 -> a = cfg_a
		:: b == 0 -> b = cfg_b
		:: a != 0 && b != 0 -> break
		od;
		event_lands(a, b);
		d_step { event_lands(a, b); writers-- }
	fi;
done:
	skip
}
#endif

active proctype patcher()
{
	d_step { v_nr = 0; p_nr = true };
	FENCE;
#if !defined(NO_CLEAR_DRAIN) && !defined(PROFILE)
	writers == 0;
#endif
	/* the new configuration, then the rings cleared */
	p_a = true;
	p_b = true;
	clearing = true;
	FENCE;
	d_step { cleared = true; clearing = false };
#ifdef NR_BEFORE_DRAIN
	d_step { v_nr = 1; p_nr = true };
	FENCE;
#endif
#ifndef NO_SETUP_DRAIN
	writers == 0;
#endif
	FENCE;
#ifndef NR_BEFORE_DRAIN
	d_step { v_nr = 1; p_nr = true };
	FENCE;
#endif
	p_live = true
}
