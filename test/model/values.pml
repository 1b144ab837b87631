/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * An event with values (lib/ring.c ring_write() and write_data(), issue
 * 19): the writer claims the event's slot and its data event's slot with
 * one add, marks both busy, fills the data event and publishes it (its seq,
 * after fence w,w), then fills the event and publishes it the same way. A
 * reader (rvt_ring_read() for a dump; the consuming read, which stops
 * before a slot that is not published) that takes the event whole, its seq
 * right before and after the copy, must then find its data event published
 * and whole: the decoder gives the values that follow an event to it, and
 * a reader that stopped between the two would split them.
 *
 * W records one event with one data event into a fresh ring (claims 0 and
 * 1, seq 1 and 2 when published). The reader is proctype patcher, the name
 * the test runner checks. Memory as in the other models: W's stores wait
 * in its store buffer and reach memory in any order, fence w,w drains it;
 * the reader's loads are ordered by its fence r,r (rvt_rmb()). The
 * assembly recorders (arch/riscv/ring_write.h) mark a slot with an
 * amoswap.w.aq and publish with an amoswap.w.rl: the acquire orders the
 * mark before every later store, as the fence after the marks does here,
 * and the release is the fence and the store of publish_*().
 *
 * Mutations, each of which SPIN must reject:
 *   HEAD_FIRST     the event is published before its data event
 *   NO_HEAD_FENCE  no fence w,w before the event's seq (publish()'s), so
 *                  it may reach memory before its data event's
 */

#define BUSY	255
#define V	7		/* the call's value */

/* Memory. */
byte hseq, hval, dseq, dval;

/* W's store buffer: one pending store per location, committed any order. */
bool p_hseq, p_hval, p_dseq, p_dval;
byte v_hseq, v_hval, v_dseq, v_dval;

#define EMPTY	(!p_hseq && !p_hval && !p_dseq && !p_dval)
#define FENCE	EMPTY

active proctype memory()
{
end:
	do
	:: d_step { p_hseq -> hseq = v_hseq; p_hseq = false }
	:: d_step { p_hval -> hval = v_hval; p_hval = false }
	:: d_step { p_dseq -> dseq = v_dseq; p_dseq = false }
	:: d_step { p_dval -> dval = v_dval; p_dval = false }
	od
}

inline publish_data()
{
	d_step { v_dval = V; p_dval = true };
	FENCE;
	d_step { v_dseq = 2; p_dseq = true }
}

inline publish_head()
{
	d_step { v_hval = V; p_hval = true };
#ifndef NO_HEAD_FENCE
	FENCE;
#endif
	d_step { v_hseq = 1; p_hseq = true }
}

active proctype writer()
{
	/* Both claimed slots busy, then fence w,w. */
	d_step { v_hseq = BUSY; p_hseq = true; v_dseq = BUSY; p_dseq = true };
	FENCE;
#ifdef HEAD_FIRST
	publish_head();
	publish_data();
#else
	publish_data();
	publish_head();
#endif
end:
	skip
}

active proctype patcher()
{
	byte s1, s2, v, d1, d2, dv;

	/* rvt_ring_read(claim 0): seq, fence r,r, the copy, fence r,r, seq */
	s1 = hseq;
	v = hval;
	s2 = hseq;
	if
	:: s1 == 1 && s2 == 1 ->
		assert(v == V);
		/* the next claim, its data event */
		d1 = dseq;
		dv = dval;
		d2 = dseq;
		assert(d1 == 2 && d2 == 2);
		assert(dv == V);
		printf("reader: the event and its values\n")
	:: else ->
		printf("reader: the event is not published yet\n")
	fi
}
