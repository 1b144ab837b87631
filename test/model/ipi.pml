/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The M-mode IPI round of DESIGN.md section 3 as device output: lib/hart.c
 * ipi_round(), ipi_wait(), rvt_handle_ipi(), rvt_hart_offline(), and the
 * undo of a timed-out change in lib/ops.c. README.md beside this file says
 * what is abstracted and why.
 *
 * The patcher P (hart 0) changes the word at f+4 and runs a round to the
 * online harts W (1) and D (2): it stores each target's ipi_req (memory),
 * fence w,o, stores each target's MSIP = 1 (ACLINT MSWI: device output),
 * and waits for each ipi_ack. A target's rvt_handle_ipi() stores its MSIP =
 * 0, fence o,r, reads ipi_req and, if it differs from ipi_ack, runs fence.i
 * and fence rw,rw and stores ipi_ack.
 *
 * Memory and device: each hart's memory stores wait in its store buffer,
 * its device writes in its own I/O buffer; the process "bus" moves any of
 * them to memory or to the device at any later moment, in any order. A
 * fence rw,rw drains the memory buffer only; a fence with o on its
 * predecessor side drains the I/O buffer; fence w,o drains the memory
 * buffer before later device writes. A load sees its own hart's buffered
 * store first.
 *
 * Configurations:
 *   (none)   two calls, every hart answers, no timeout: a round that can
 *            never complete violates assert(!stuck).
 *   SLOW     any target may be slow (a wait may time out while it has not
 *            answered), D starts with interrupts masked and may unmask at
 *            any moment, the platform's send_ipi() to D may fail, and one
 *            software interrupt from another part of the firmware reaches
 *            D at any moment. A timed-out change is undone (another round,
 *            whose timeout is only counted), and the patcher answers for
 *            every hart that did not (ipi_ack = seq).
 *   OFFLINE  D may call rvt_hart_offline() at any moment: under the patch
 *            lock it clears its online bit, then it parks (answers no
 *            interrupt, runs no instrumented code).
 *
 * Mutations, each of which SPIN must reject:
 *   NO_FENCE_W_O     ipi_round() without fence w,o (none)
 *   NO_FENCE_O_R     rvt_handle_ipi() without fence o,r (none)
 *   NO_ANSWER        no answer-for-it store (SLOW)
 *   NO_OFFLINE_LOCK  rvt_hart_offline() clears its bit without the lock
 *                    (OFFLINE)
 *
 * The printf()s only narrate a replayed trail (spin -t); pan ignores them.
 */

#define P	0
#define W	1
#define D	2

/* Memory. */
bit text;			/* the word at f+4: 0 old, 1 new */
byte ipi_req[3];
byte ipi_ack[3];
bool online[3] = true;		/* rvt_core.online */
bool lock;			/* rvt_core.lock */
/* Device: the MSIP bit of each hart (ACLINT MSWI). */
bool msip[3];
/* Each hart's instruction copy of f+4: fence.i refills it. */
bit icache[3];

/* P's memory store buffer. */
bool sb_text;
bit sb_text_val;
bool sb_req[3];
byte sb_req_val[3];
bool sb_pack[3];		/* P's answer-for-it store of ipi_ack[h] */
byte sb_pack_val[3];
/* P's I/O buffer: MSIP = 1 of each target. */
bool io_set[3];
/* A target's memory buffer (its ipi_ack) and I/O buffer (its MSIP = 0). */
bool sb_tack[3];
byte sb_tack_val[3];
bool io_clr[3];

/* Ghosts. */
bool in_call;			/* P is inside a patching call */
bool owed[3];			/* an MSIP that rvtrace raised is set */
bool consumed[3];		/* this handler's clear took such an MSIP */
bool masked[3];			/* the hart's interrupts are masked */
bool parked[3];			/* the hart went offline */
bool stuck;
byte selfack[3];		/* the last round the hart answered itself */

/*
 * ipi_ack has two writers: the hart, and P answering for it. As specified,
 * both use a plain store. With ACK_MAX both use amomaxu instead: the AMO
 * is buffered like a store and applied at memory as max(old, value), so
 * ipi_ack never goes back; a load of the hart that issued it sees at least
 * its value. A second store to ipi_ack while the first is still buffered
 * sends the first to memory (same-address order).
 */
#ifdef ACK_MAX
#define ACK_LAND(h, x)	ipi_ack[h] = (ipi_ack[h] > (x) -> ipi_ack[h] : (x))
#define ACK_SEEN(h, x)	(ipi_ack[h] > (x) -> ipi_ack[h] : (x))
#else
#define ACK_LAND(h, x)	ipi_ack[h] = (x)
#define ACK_SEEN(h, x)	(x)
#endif
#define ACK_STORE(sb, val, h, x) \
	if \
	:: sb[h] -> ACK_LAND(h, val[h]) \
	:: else \
	fi; \
	sb[h] = true; \
	val[h] = (x)

/* A target's MSIP = 0 reaches the device; it takes what is pending. */
#define CLEAR(h) \
	msip[h] = false; consumed[h] = owed[h]; owed[h] = false; \
	io_clr[h] = false; \
	printf("bus: hart %d's MSIP = 0 reaches the device\n", h)

active proctype bus()
{
end:
	do
	:: d_step { sb_text -> text = sb_text_val; sb_text = false;
		printf("bus: P's f+4 = %d arrives\n", text) }
	:: d_step { sb_req[W] -> ipi_req[W] = sb_req_val[W]; sb_req[W] = false;
		printf("bus: P's ipi_req[W] = %d arrives\n", ipi_req[W]) }
	:: d_step { sb_req[D] -> ipi_req[D] = sb_req_val[D]; sb_req[D] = false;
		printf("bus: P's ipi_req[D] = %d arrives\n", ipi_req[D]) }
	:: d_step { sb_pack[W] -> ACK_LAND(W, sb_pack_val[W]); sb_pack[W] = false;
		printf("bus: P's ipi_ack[W] = %d arrives\n", ipi_ack[W]) }
	:: d_step { sb_pack[D] -> ACK_LAND(D, sb_pack_val[D]); sb_pack[D] = false;
		printf("bus: P's ipi_ack[D] = %d arrives\n", ipi_ack[D]) }
	:: d_step { io_set[W] -> msip[W] = true; owed[W] = true; io_set[W] = false;
		printf("bus: P's MSIP[W] = 1 reaches the device\n") }
	:: d_step { io_set[D] -> msip[D] = true; owed[D] = true; io_set[D] = false;
		printf("bus: P's MSIP[D] = 1 reaches the device\n") }
	:: d_step { sb_tack[W] -> ACK_LAND(W, sb_tack_val[W]); sb_tack[W] = false;
		printf("bus: W's ipi_ack = %d arrives\n", ipi_ack[W]) }
	:: d_step { sb_tack[D] -> ACK_LAND(D, sb_tack_val[D]); sb_tack[D] = false;
		printf("bus: D's ipi_ack = %d arrives\n", ipi_ack[D]) }
	:: d_step { io_clr[W] -> CLEAR(W) }
	:: d_step { io_clr[D] -> CLEAR(D) }
	od
}

/* P's fence with w (or rw) on the predecessor side: memory stores drain. */
inline fence_p()
{
	if
	:: sb_text -> text = sb_text_val; sb_text = false
	:: else
	fi;
	for (k : 1 .. 2) {
		if
		:: sb_req[k] -> ipi_req[k] = sb_req_val[k]; sb_req[k] = false
		:: else
		fi;
		if
		:: sb_pack[k] -> ACK_LAND(k, sb_pack_val[k]); sb_pack[k] = false
		:: else
		fi
	};
	k = 0
}

/* P's load of ipi_ack[h]: its own buffered answer first. */
#define P_ACK(h)	(sb_pack[h] -> ACK_SEEN(h, sb_pack_val[h]) : ipi_ack[h])
/* A target's load of its ipi_ack: its own buffered store first. */
#define T_ACK(h)	(sb_tack[h] -> ACK_SEEN(h, sb_tack_val[h]) : ipi_ack[h])

/*
 * ipi_round() for the harts in to[]: requests, fence w,o, interrupts, then
 * ipi_wait() for each, then fence rw,rw. On a timeout, P answers for every
 * hart that has not answered (SLOW). ok: whether every hart answered.
 */
inline round()
{
	seq++;
	d_step {
		for (k : 1 .. 2) {
			if
			:: to[k] -> sb_req[k] = true; sb_req_val[k] = seq
			:: else
			fi
		};
		k = 0;
		printf("P: round %d: ipi_req of W %d, D %d (buffered)\n",
		       seq, to[W], to[D])
	};
#ifndef NO_FENCE_W_O
	d_step { fence_p(); printf("P: fence w,o\n") };
#endif
	for (h : 1 .. 2) {
		if
		:: to[h] ->
#ifdef SLOW
			if
#ifndef NO_SEND_FAIL
			:: h == D ->
				/* The platform's send_ipi() fails: answer for it. */
				d_step {
#ifndef NO_ANSWER
					ACK_STORE(sb_pack, sb_pack_val, D, seq);
#endif
					printf("P: send_ipi(D) fails\n")
				}
#endif
			:: true -> io_set[h] = true
			fi
#else
			io_set[h] = true
#endif
		:: else
		fi
	};
	h = 0;
	printf("P: MSIP of W %d, D %d (buffered)\n", to[W], to[D]);
	ok = true;
	for (h : 1 .. 2) {
		do
		:: !to[h] || P_ACK(h) == seq -> break
		:: to[h] && P_ACK(h) != seq && parked[h] ->
			waits_parked = true;
			assert(!waits_parked)
#ifdef SLOW
		:: to[h] && P_ACK(h) != seq ->
			ok = false;
			printf("P: round %d: timeout on hart %d\n", seq, h);
			break
#endif
		:: timeout ->
			/* Nothing else can move: the wait never ends. */
			stuck = true;
			assert(!stuck)
		od;
		if
		:: !ok -> break
		:: else
		fi
	};
	h = 0;
#ifdef SLOW
	d_step {
		if
		:: !ok ->
			for (k : 1 .. 2) {
				if
				:: to[k] && P_ACK(k) != seq ->
#ifndef NO_ANSWER
					ACK_STORE(sb_pack, sb_pack_val, k, seq);
					printf("P: answers for hart %d\n", k)
#else
					printf("P: does not answer for hart %d\n", k)
#endif
				:: else
				fi
			};
			k = 0
		:: else
		fi
	};
#endif
	d_step {
		fence_p();
		/* Every hart that answered this round itself has the word. */
		for (k : 1 .. 2) {
			assert(!to[k] || selfack[k] != seq || icache[k] == v)
		};
		k = 0;
		printf("P: round %d answered %d, fence rw,rw\n", seq, ok)
	}
}

/*
 * One patching call: f+4 := v, then rvt_sync(): fence rw,rw (step 2), the
 * online set, the round. A timed-out round is undone: f+4 back, a round
 * that is only counted. Under the patch lock (OFFLINE).
 */
inline change(nv)
{
#ifdef OFFLINE
	atomic { !lock -> lock = true };
#endif
	d_step {
		in_call = true;
		v = nv;
		sb_text = true;
		sb_text_val = v;
		printf("P: f+4 := %d (buffered)\n", v)
	};
	d_step {
		fence_p();
		to[W] = online[W];
		to[D] = online[D];
		printf("P: fence rw,rw; online W %d, D %d\n", to[W], to[D])
	};
	round();
#ifdef SLOW
	if
	:: !ok ->
		d_step {
			v = 1 - v;
			sb_text = true;
			sb_text_val = v;
			printf("P: undo: f+4 := %d (buffered)\n", v)
		};
		d_step { fence_p(); to[W] = online[W]; to[D] = online[D] };
		round();
		ok = false
	:: else
	fi;
#endif
	d_step {
		in_call = false;
		printf("P: the call returns (0 = RVT_ETIMEDOUT) %d\n", ok)
	};
#ifdef OFFLINE
	d_step { fence_p(); lock = false }
#endif
}

proctype patcher()
{
	byte seq, h, k;
	bool to[3], ok, waits_parked;
	bit v;

	change(1);
	change(0)
}

/*
 * rvt_handle_ipi() on hart h, from the interrupt: MSIP = 0 (device
 * output), fence o,r, compare, fence.i, fence rw,rw, ipi_ack (buffered).
 */
inline handle_ipi(h)
{
	d_step {
		io_clr[h] = true;
		printf("hart %d: interrupt; MSIP = 0 (buffered)\n", h)
	};
#ifndef NO_FENCE_O_R
	d_step {
		if
		:: io_clr[h] -> CLEAR(h)
		:: else
		fi;
		printf("hart %d: fence o,r\n", h)
	};
#endif
	d_step {
		r = ipi_req[h];
		if
		:: r != T_ACK(h) ->
			/*
			 * Claimed as rvtrace's. Outside a call, only if
			 * rvtrace's MSIP for this hart was taken by this
			 * handler, or is set, or is on its way (the MSIP bit
			 * merges interrupts, so one taken early may stand for
			 * one still to come: that one then finds req == ack).
			 */
			assert(in_call || consumed[h] || owed[h] || io_set[h]);
			icache[h] = text;
			ACK_STORE(sb_tack, sb_tack_val, h, r);
			selfack[h] = r;
			printf("hart %d: req %d: fence.i (f+4 = %d), fence, ack\n",
			       h, r, text)
		:: else ->
			printf("hart %d: req %d == ack: not rvtrace's\n", h, r)
		fi;
		r = 0;
		consumed[h] = false
	}
}

proctype hart(byte h)
{
	byte r;

end:
	do
	:: msip[h] && !masked[h] -> handle_ipi(h)
#ifdef SLOW
	:: masked[h] -> masked[h] = false; printf("hart %d: unmasks\n", h)
#endif
#ifdef OFFLINE
	:: h == D ->
		/* rvt_hart_offline(): rvt_lock() answers rounds meanwhile. */
#ifndef NO_OFFLINE_LOCK
		do
		:: atomic { !lock -> lock = true }; break
		:: msip[h] -> handle_ipi(h)
		od;
#endif
		online[h] = false;
		printf("hart %d: clears its online bit\n", h);
#ifndef NO_OFFLINE_LOCK
		d_step {
			if
			:: sb_tack[h] -> ACK_LAND(h, sb_tack_val[h]); sb_tack[h] = false
			:: else
			fi;
			lock = false
		};
#endif
		parked[h] = true;
		printf("hart %d: parked\n", h);
		break
#endif
	od
}

#ifdef SLOW
/* Another part of the firmware raises D's MSIP, once. */
active proctype other()
{
	msip[D] = true;
	printf("other: MSIP[D] = 1\n")
}
#endif

init
{
	atomic {
#ifdef SLOW
		/* W is offline here: D alone shows every case, in fewer states. */
		masked[D] = true;
		online[W] = false;
#else
		run hart(W);
#endif
		run hart(D);
		/* After the set-up above, which the patcher must not miss. */
		run patcher()
	}
}
