/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A profiler's start while another hart returns from a call the last
 * profile timed (lib/profile.c rvt_profile_start(), table_round(),
 * rvt_profile_frame_exit(); arch/riscv/graph_return.S). The exit adds the
 * call's figures to the table rvt_prof.table names. Once the start has
 * returned, the last table's buffer is the firmware's again: no exit may
 * add to it then. An exit that adds to the new table must find it cleared
 * (table_init()), or the clear wipes its figures or half of them.
 *
 * E, the exit, on a hart of its own, unmasked when it begins:
 *   ASM  graph_return.S where the platform is fast: a load of graph_exit,
 *        csrrci, a load of the table, the adds, csrs. RVWMO lets the two
 *        loads reach memory in either order; an interrupt taken between
 *        the first load and the csrrci runs the second again after its
 *        handler (the trap is precise). The first load may also have been
 *        made before the last profile's stop cleared the bit, the exit
 *        interrupted or preempted before its csrrci since: E may begin
 *        with the bit read as set.
 *   C    the profiler's bit is clear: rvt_graph_exit() and
 *        rvt_profile_frame_exit(), masked from the load of the table to the
 *        last add.
 * An IPI handler (rvt_handle_ipi()) runs wherever E is unmasked, also
 * after E is done: its fence orders E's loads before it before its answer,
 * and those after it after.
 *
 * P, the patcher: rvt_register()'s round, table_init() (the clear), the
 * table's store (a release: after the clear), the drain's fences, the
 * round of table_round(), the fast-exit bit (live is not read by an
 * exit); the start returns and the firmware takes the last buffer back. A round is the requests, a
 * fence (the stores before the IPI: device output), the IPI, and the wait
 * for the answer.
 *
 * Memory as in the other models: P's stores wait in its store buffer and
 * reach memory in any order (the release orders the table's after the
 * clear); a fence drains it. E's adds are AMOs, performed in memory at
 * once (one step here), inside E's masked window: P may go on meanwhile,
 * but E's handler runs only after them.
 *
 * Mutations, each of which SPIN must reject:
 *   NO_ROUND    no table_round() (the code before): an exit that begins
 *               after the registration's round reads the last table, and
 *               adds to it after the start returned
 *   C_UNMASKED  the C exit unmasked: its hart answers the round between
 *               the load of the table and the adds
 *   NO_RELEASE  the table's store plain (the code before): it may reach
 *               memory before the clear
 *   ASM_UNMASKED  the assembly exit unmasked between its load of the
 *               table and its adds (it never was: the check that the
 *               model needs the mask there too)
 */

#define OLD	1
#define NEW	2

/* Memory. */
byte table = OLD;
bit cleared;		/* the new table's clear has reached memory */
bit fast;		/* rvt_trace.graph_exit: the profiler's bit */
bit ipi;		/* E's IPI is pending */
byte answers;		/* rounds E's hart has answered */

/* P's store buffer. */
bool p_clear, p_table, p_fast;

#define FENCE	(!p_clear && !p_table && !p_fast)

/* Ghost: the start has returned; the last buffer is the firmware's. */
bit returned;

active proctype memory()
{
end:
	do
	:: d_step { p_clear -> cleared = 1; p_clear = false }
#ifdef NO_RELEASE
	:: d_step { p_table -> table = NEW; p_table = false }
#else
	:: d_step { p_table && !p_clear -> table = NEW; p_table = false }
#endif
	:: d_step { p_fast -> fast = 1; p_fast = false }
	od
}

/* E's IPI handler: answers the round (after its fence). */
inline handler()
{
	d_step { ipi -> ipi = 0; answers++ }
}

inline add(t)
{
	assert(t == OLD && !returned || t == NEW && cleared)
}

active proctype exit()
{
	byte b = 2, t;

	if
	:: b = 1	/* the last profile's bit, read before its stop */
	:: skip
	fi;
	/* lw graph_exit; csrrci; lw table: either load may come first */
	do
	:: b == 2 -> b = fast
	:: t == 0 -> t = table
	:: handler(); t = 0	/* before the csrrci: the table read again */
	:: b != 2 && t != 0 -> break
	od;
	if
	:: b == 1 ->
#ifdef ASM_UNMASKED
		do
		:: handler()
		:: break
		od;
#endif
		add(t)	/* masked: P goes on, no handler runs */
	:: else ->
		/* the C exit */
		do
		:: handler()
		:: break
		od;
#ifdef C_UNMASKED
		t = table;
		do
		:: handler()
		:: break
		od;
		add(t)
#else
		t = table;	/* masked, as in the ASM exit */
		add(t)
#endif
	fi;
end:
	do
	:: handler()
	od
}

inline round(n)
{
	FENCE;
	ipi = 1;
	answers == n
}

active proctype patcher()
{
	round(1);			/* rvt_register() */
	p_clear = true;
	p_table = true;
	FENCE;				/* rvt_ring_drain() */
#ifndef NO_ROUND
	round(2);
#endif
	p_fast = true;
	returned = 1
}
