/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The hart coherence protocol of DESIGN.md section 3, as lib/ops.c,
 * lib/hart.c and lib/dispatch.c carry it out with the M-mode IPI round.
 * README.md beside this file says what is abstracted and why.
 *
 * One site f and one hook A. The patcher P, the boot hart, registers A (the
 * site goes nop -> jalr, the destination stub -> A) and then unregisters it
 * (back again). Hart W is online from the start and calls f in a loop; hart
 * N comes online at any moment, or never, and then does the same.
 *
 * Memory: a store waits in its hart's store buffer and reaches memory at
 * any later moment, in any order with the hart's other stores (process
 * "memory"); a fence rw,rw drains the buffer of its own hart. Instruction
 * fetch: each hart keeps its own copy of the word at f+4; a fetch returns
 * that copy or refills it from memory first, and only fence.i forces the
 * refill.
 *
 * OPS_SLOT models the build with the per-function ops slot
 * (RVTRACE_CALL_OPS): the destination is the slot at f-8, which
 * rvt_site_write() stores with a plain store next to f+4, so it narrows
 * before the round rather than after it.
 *
 * Mutations, each of which SPIN must reject (spin -DNAME -a coherence.pml):
 *   NO_STEP2_FENCE     rvt_sync() reads the online set without the fence
 *                      of step 2 (the race raised in the review)
 *   NO_ONLINE_FENCE    rvt_mark_online() without its fence rw,rw
 *   NO_RELEASE         the destination stored without release order
 *   NO_WMB             set_dest() without its fence w,w after the store
 *   ANY_DEST           (not a mutation) leaves out the check that a hart
 *                      that took the new jalr reads the new destination,
 *                      so that NO_RELEASE NO_WMB shows the other failure
 *   NO_WAIT_QUIESCENT  rvt_unregister() without the wait for the callers
 *                      its round found inside (owed_cnt[e & 1])
 *   NARROW_AFTER_ROUND the shared destination narrows after the round (the
 *                      order of the previous protocol): a caller that reads
 *                      it after its hart's handler ran is not marked
 *
 * The grace period is the round itself: a call sets its busy bit (a plain
 * store, no fence) before it reads the destination; the unregister
 * narrows the site and the destination BEFORE its round, and the IPI
 * handler of that round, besides fence.i, marks a call that is inside as
 * owed; an owed call reports at its exit, and the unregister waits for
 * the reports. This file checks it against the site, the online set and
 * the round; quiescence.pml checks it in depth (tasks, switches,
 * migration, timeouts, two grace periods in a row, the spare).
 *
 * The printf()s only narrate a replayed trail (spin -t); pan ignores them.
 */

/*
 * Values of the word at f+4 (nop: the jalr's stand-in), of the destination
 * (stub: rvt_stub_ops, hook: A), and "any" for a promise not yet made.
 */
mtype = { nop, jalr, stub, hook, any };

#define P	0	/* the patcher */
#define W	1	/* a hart online from the start */
#define N	2	/* a hart coming online concurrently */

/* Memory: what a load returns once a store has left its buffer. */
mtype text = nop;		/* the word at f+4 */
mtype dest = stub;		/* rvt_core.dest, or the ops slot */
bool hook_init;			/* A's fields and its link in the hook list */
bool online_w = true;		/* rvt_core.online: the bits of W and N */
bool online_n;
byte ipi_req[3];		/* rvt_core.harts[].ipi_req */
byte ipi_ack[3];		/* rvt_core.harts[].ipi_ack */
bool msip[3];			/* a software interrupt is pending */
bit qepoch;			/* rvt_core.qepoch & 1: all that is ever used */
bit epoch[3];			/* rvt_core.harts[h].epoch & 1 */
byte owed_cnt[2];		/* rvt_core.owed[]: owed callers by parity */
/*
 * The re-entry guard of each hart's thread level (W and N run no tasks):
 * bit 0 of busy, owed, owed_odd. Only the hart itself (or its IPI handler)
 * reads or writes it, so it is not buffered.
 */
bool busy[3], owed[3], odd[3];

/* Store buffers: a flag per location a hart writes, and the value. */
bool sb_text, sb_dest, sb_hook;
mtype sb_text_val, sb_dest_val;
bool sb_online;			/* N's online bit */
bool sb_ack[3];
byte sb_ack_val[3];

/* Each hart's copy of the word at f+4. */
mtype icache[3] = nop;

/*
 * Ghosts: what the patcher promises. Set when the call that makes the
 * promise has synchronised, withdrawn before the next change begins.
 */
mtype expect_text = any;	/* every fetch of f+4 returns this */
mtype expect_dest = any;	/* every read of the destination returns this */
bool unregistered;		/* rvt_unregister(A) has returned */
bool registering;		/* from rvt_register(A) to rvt_unregister(A) */

/* Each buffered store reaches memory some time; the hart may go on first. */
active proctype memory()
{
end:
	do
	:: d_step { sb_hook -> hook_init = true; sb_hook = false;
		printf("memory: P's store to A's fields arrives\n") }
	:: d_step { sb_dest -> dest = sb_dest_val; sb_dest = false;
		printf("memory: P's store dest = %e arrives\n", dest) }
	:: d_step { sb_text -> text = sb_text_val; sb_text = false;
		printf("memory: P's store f+4 = %e arrives\n", text) }
	:: d_step { sb_online -> online_n = true; sb_online = false;
		printf("memory: N's online bit arrives\n") }
	:: d_step { sb_ack[W] -> ipi_ack[W] = sb_ack_val[W]; sb_ack[W] = false }
	:: d_step { sb_ack[N] -> ipi_ack[N] = sb_ack_val[N]; sb_ack[N] = false }
	od
}

/*
 * fence rw, rw: the hart's buffered stores reach memory before it goes on.
 * Draining them all at once is one of the orders the memory process could
 * have chosen anyway, so nothing is lost. Used inside d_step.
 */
inline fence_p()
{
	if
	:: sb_hook -> hook_init = true; sb_hook = false
	:: else
	fi;
	if
	:: sb_dest -> dest = sb_dest_val; sb_dest = false
	:: else
	fi;
	if
	:: sb_text -> text = sb_text_val; sb_text = false
	:: else
	fi
}

inline fence_h(h)
{
	if
	:: h == N && sb_online -> online_n = true; sb_online = false
	:: else
	fi;
	if
	:: sb_ack[h] -> ipi_ack[h] = sb_ack_val[h]; sb_ack[h] = false
	:: else
	fi
}

/* rvt_site_write(): a plain store; an older one to f+4 is ordered first. */
inline store_text(v)
{
	d_step {
		if
		:: sb_text -> text = sb_text_val
		:: else
		fi;
		sb_text = true;
		sb_text_val = v;
		printf("P: f+4 := %e (buffered)\n", v)
	}
}

/*
 * The destination. With release order (set_dest(); the slot store after
 * the hook list's release store) it is fence rw, w and then the store;
 * without, a plain store (the slot switched off). set_dest() then issues
 * fence w,w (rvt_wmb()), so the site stores that follow become visible
 * only after it: P has only stores buffered, so fence w,w drains it all.
 * The slot is written by rvt_site_write() itself, with no fence of its own
 * (wmb false).
 */
inline store_dest(v, release, wmb)
{
	d_step {
#ifndef NO_RELEASE
		if
		:: release -> fence_p()
		:: else
		fi;
#endif
		if
		:: sb_dest -> dest = sb_dest_val
		:: else
		fi;
		sb_dest = true;
		sb_dest_val = v;
#ifndef NO_WMB
		if
		:: wmb -> fence_p()
		:: else
		fi;
#endif
		printf("P: dest := %e (buffered)\n", v)
	}
}

/*
 * rvt_sync(): steps 2 to 4. Left out: the patcher's own fence.i (it runs
 * no instrumented code here) and the early return when no other hart is
 * online (W always is).
 */
inline sync()
{
#ifndef NO_STEP2_FENCE
	d_step { fence_p(); printf("P: fence rw,rw (step 2)\n") };
#endif
	round()
}

/* The online set and ipi_round(). */
inline round()
{
	d_step {
		to_w = online_w;
		to_n = online_n;
		printf("P: reads the online set: W %d, N %d\n", to_w, to_n)
	};
	/* ipi_round(): requests, fence rw, rw, interrupts, acknowledgements. */
	seq++;
	d_step {
		if
		:: to_w -> ipi_req[W] = seq
		:: else
		fi;
		if
		:: to_n -> ipi_req[N] = seq
		:: else
		fi;
		fence_p();
		printf("P: requests round %d, fence rw,rw, sends the IPIs\n", seq)
	};
	d_step { msip[W] = to_w; msip[N] = to_n };
	(!to_w || ipi_ack[W] == seq);
	(!to_n || ipi_ack[N] == seq);
	d_step { fence_p(); printf("P: round %d acknowledged\n", seq) }
}

/*
 * rvt_sync_grace() with the unregister's round in it: fence; e =
 * qepoch; wait for the stragglers of parity e + 1; qepoch = e + 1 and
 * fence rw,rw (which is also step 2's fence of rvt_sync()); the own hart
 * takes the epoch (P runs no instrumented code here: nothing to mark);
 * the online set and the round, whose handlers mark the callers inside;
 * wait for parity e. No timeout: quiescence.pml models it.
 */
inline grace_round()
{
	d_step {
		fence_p();
		e = qepoch;
		printf("P: fence rw,rw, e = %d, waits for stragglers\n", e)
	};
	owed_cnt[1 - e] == 0;
	d_step {
		qepoch = 1 - e;
		fence_p();
		printf("P: qepoch = e + 1, fence rw,rw (step 2)\n")
	};
	round();
#ifdef NARROW_AFTER_ROUND
	store_dest(stub, true, true);
#endif
	/* From here on every hart fetches the stand-in and reads the stub. */
	d_step { expect_text = nop; expect_dest = stub };
#ifndef NO_WAIT_QUIESCENT
	owed_cnt[e] == 0;
	d_step { fence_p(); printf("P: no caller inside owes the grace period\n") }
#endif
}

active proctype patcher()
{
	byte seq;
	bool to_w, to_n;
	bit e;

	/* rvt_register(A): A linked in, the destination, the site, the round. */
	d_step { sb_hook = true; printf("P: links A in (buffered)\n") };
	d_step { registering = true };
	store_dest(hook, true, true);
	store_text(jalr);
	sync();
	d_step {
		expect_text = jalr;
		expect_dest = hook;
		printf("P: rvt_register(A) returns\n")
	};

	/*
	 * rvt_unregister(A): the site and the destination, both BEFORE the
	 * round (the shared destination by set_dest(); the slot is stored
	 * with the site), then the one round that is both the fence.i and the
	 * grace period, and the wait for the callers it found inside.
	 */
	d_step { expect_text = any; expect_dest = any; registering = false };
	store_text(nop);
#ifdef OPS_SLOT
	store_dest(stub, false, false);
#elif !defined(NARROW_AFTER_ROUND)
	store_dest(stub, true, true);
#endif
	grace_round();
	d_step {
		unregistered = true;
		printf("P: rvt_unregister(A) returns\n")
	}
}

/*
 * rvt_handle_ipi(): clear, fence, compare the request with the last
 * acknowledgement, fence.i, fence, take qepoch: a new epoch marks the
 * hart's caller owed if it is inside (parity E - 1); acknowledge (a
 * buffered store, after the mark's add: the release). One step: the
 * patcher is waiting for this hart and has nothing buffered meanwhile.
 */
inline handle_ipi(h)
{
	d_step {
		msip[h] = false;
		fence_h(h);
		if
		:: ipi_req[h] != ipi_ack[h] ->
			icache[h] = text;
			if
			:: epoch[h] != qepoch ->
				epoch[h] = qepoch;
				if
				:: busy[h] && !owed[h] ->
					owed[h] = true;
					odd[h] = 1 - qepoch;
					owed_cnt[1 - qepoch]++;
					printf("hart %d: IPI: inside: owed\n", h)
				:: else
				fi
			:: else
			fi;
			sb_ack[h] = true;
			sb_ack_val[h] = ipi_req[h];
			printf("hart %d: IPI: fence.i (f+4 = %e), acknowledges\n",
			       h, text)
		:: else
		fi
	}
}

/* A stretch of code during which the interrupt may be taken, or not yet. */
inline interruptible(h)
{
	do
	:: msip[h] -> handle_ipi(h)
	:: break
	od
}

proctype hart(byte h)
{
	mtype w, d;

	if
	:: h == N ->
		/* rvt_hart_online(): mark online, fence rw, rw, fence.i. */
		sb_online = true;
		printf("hart %d: marks itself online (buffered)\n", h);
#ifndef NO_ONLINE_FENCE
		d_step { fence_h(h); printf("hart %d: fence rw,rw\n", h) };
#endif
		icache[h] = text;
		printf("hart %d: fence.i (f+4 = %e), runs instrumented code\n",
		       h, text)
	:: else
	fi;
end:
	do
	:: msip[h] -> handle_ipi(h)
	:: atomic {
		/*
		 * Fetch f+4: the hart's copy, or memory now. Not d_step, which
		 * would always take the first choice.
		 */
		if
		:: icache[h] = text
		:: skip
		fi;
		w = icache[h];
		printf("hart %d: calls f, fetches f+4 = %e\n", h, w);
		assert(expect_text == any || w == expect_text)
	   };
		if
		:: w == jalr ->
			/* In rvt_caller, before the guard: interrupts may come. */
			interruptible(h);
			/* The guard: busy |= bit, a plain store, no fence. */
			atomic {
				assert(!owed[h]);
				busy[h] = true;
				printf("hart %d: busy\n", h)
			};
			/* Ordered only against this hart's own handler. */
			interruptible(h);
			/*
			 * The destination, and through it A's fields (acquire).
			 * The jalr fetched while the register is in progress
			 * comes from P's store, which its fence w,w ordered after
			 * the destination: the new destination is seen. (atomic:
			 * a d_step may not be the target of the loop's break.)
			 */
			atomic {
				d = dest;
				printf("hart %d: reads dest = %e\n", h, d);
				assert(expect_dest == any || d == expect_dest);
				assert(d != hook || hook_init);
#ifndef ANY_DEST
				assert(!registering || d == hook)
#else
				skip
#endif
			};
			/* The hook runs, interruptible, until its exit here. */
			interruptible(h);
			/*
			 * busy = was; if owed, rvt_quiesce_report(): owed
			 * cleared, amoadd.rl(owed_cnt[parity], -1). The release
			 * drains the hart's buffer; the add itself is applied at
			 * once (a later arrival would only make P wait longer).
			 */
			atomic {
				assert(d != hook || !unregistered);
				printf("hart %d: leaves dest %e\n", h, d);
				busy[h] = false;
				if
				:: owed[h] ->
					fence_h(h);
					owed[h] = false;
					owed_cnt[odd[h]]--;
					odd[h] = 0;
					printf("hart %d: reports\n", h)
				:: else
				fi;
				d = 0
			}
		:: else
		fi;
		w = 0
	od
}

init
{
	atomic {
		run hart(W);
		run hart(N)
	}
}
