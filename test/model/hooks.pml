/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The hooks side of the protocol: two hooks on one site, the list walker of
 * rvt_dispatch() (lib/dispatch.c walk()) with its acquire loads of `next`,
 * rvt_register() appending a hook, rvt_unregister() unlinking one while the
 * other stays (lib/ops.c do_register(), do_unregister(), set_dest(),
 * pick_dest(), slot_ops(), site_sync()), and a DIRECT hook with
 * rvt_modify_direct() and rvt_unregister_direct(). coherence.pml and
 * quiescence.pml treat all of this as one destination value.
 * README.md beside this file says what is abstracted and why.
 *
 * The site f stays on throughout (some hook applies to it at every
 * moment), so the word at f+4 is always the jalr and is not modelled: a
 * call of f always reaches rvt_dispatch().
 *
 * Default: hook B is registered when the model starts (the destination is
 * B alone). The patcher P registers A (appended after B: the list is B, A;
 * the destination widens to the walker), then calls rvt_unregister(B): B is
 * unlinked (ops_list := B->next, B's own next left as is), the destination
 * narrows to A (OPS_SLOT: the slot at f-8, written by site_sync(); shared:
 * set_dest()), both before the round, and the round is the grace period:
 * W's IPI handler marks a call that is inside, and P waits for its report.
 * Hart W calls f in a loop. P runs no instrumented code (as coherence.pml).
 *
 * Configurations:
 *   OPS_SLOT    the per-function ops slot (RVTRACE_CALL_OPS) is the
 *               destination instead of rvt_core.dest
 *   ORDER_AB    A is registered when the model starts; P registers B
 *               (appended after A with a release store), then unregisters
 *               it (A->next := NULL)
 *   THIRD       a third hook C, registered from the start at the head of
 *               the list, stays: the destination is the walker throughout,
 *               so W can be walking while a hook is linked in (with the
 *               shared destination C may be another function's hook; with
 *               OPS_SLOT it applies to f too)
 *   DIRECT      B is a DIRECT hook with trampoline T1; before unregistering
 *               it (rvt_unregister_direct()), P calls
 *               rvt_modify_direct(B, T2)
 *   STARTED_ONLY  checks, for DIRECT, only what calls that start after
 *               rvt_unregister_direct() returns do (not a mutation: the
 *               stronger check fails on the code, see README.md)
 *
 * Mutations, each of which SPIN must reject (spin -DNAME -a hooks.pml):
 *   NO_GRACE            rvt_unregister() without the wait for the calls
 *                       its round found inside (the round stays: fence.i)
 *   NO_ACQUIRE          the walker's load of `next` without acquire: it may
 *                       see the new link but old fields of the hook it
 *                       names, modelled as the store of the new hook's
 *                       fields left in the buffer past the link's release
 *   CLEAR_NEXT          the unlink also clears B->core.next
 *   SLOT_BEFORE_UNLINK  (OPS_SLOT, default order, no THIRD) site_sync()
 *                       before the unlink, so slot_ops() still finds B
 *                       first in the list and the slot narrows to B
 *   NO_MODIFY_ROUND     rvt_modify_direct() without its rvt_sync()
 * Not rejected, and why, in README.md (not tests):
 *   NO_UNLINK_RELEASE   the unlink as a plain store
 *   NO_ACQUIRE          without THIRD
 *
 * Memory as in coherence.pml: each of P's stores waits in its store buffer
 * and reaches memory at any later moment, in any order with its other
 * stores (process "memory"); a second store to the same location sends the
 * first to memory (same-address order); fence rw,rw drains the buffer; a
 * release store is a drain, then a buffered store. W's loads read memory
 * (it stores nothing P reads but owed_cnt and its acknowledgement; its
 * re-entry guard only W and its own handler read).
 *
 * The printf()s only narrate a replayed trail (spin -t); pan ignores them.
 */

/* Nodes of the list; next[HEAD] is rvt_core.ops_list. */
#define NIL	0
#define HEAD	0
#define HB	1	/* hook B: leaves */
#define HA	2	/* hook A: stays */
#define HC	3	/* hook C (THIRD): stays */
#define LIST	4	/* &rvt_list_ops: the walker */

/* A node's letter in the narration: ops_list or NULL is '0', the walker 'L'. */
#define NAME(x)	(x == HB -> 'B' : (x == HA -> 'A' : (x == HC -> 'C' : \
		 (x == LIST -> 'L' : '0'))))

/* B's trampolines (DIRECT); 0: the call continues at f+8. */
#define T1	1
#define T2	2

/* Who joins, after whom, and where B is in the list when it leaves. */
#ifdef ORDER_AB
#define JOIN	HB
#define TAIL	HA
#define PRED_B	HA	/* the list is [C,] A, B */
#define NEXT_B	NIL
#else
#define JOIN	HA
#define TAIL	HB
#ifdef THIRD
#define PRED_B	HC	/* the list is C, B, A */
#else
#define PRED_B	HEAD	/* the list is B, A */
#endif
#define NEXT_B	HA
#endif
/* The destination once B is gone: pick_dest() / slot_ops(). */
#ifdef THIRD
#define AFTER_B	LIST
#else
#define AFTER_B	HA
#endif
/*
 * SLOT_BEFORE_UNLINK: slot_ops() with one user left but B still linked
 * returns the first hook of the list that applies (two users: the walker).
 */
#if defined(THIRD)
#define STALE_SLOT	LIST
#elif defined(ORDER_AB)
#define STALE_SLOT	HA
#else
#define STALE_SLOT	HB
#endif

/* Memory. */
byte next[4];		/* next[x]: x->core.next; next[HEAD]: ops_list */
bool fields[4];		/* x's fields: func, flags, filter, direct, next */
byte dest;		/* rvt_core.dest, or (OPS_SLOT) the slot at f-8 */
byte direct = T1;	/* B->core.direct (DIRECT) */
bit qepoch;		/* rvt_core.qepoch & 1 */
bit w_epoch;		/* W's rvt_core.harts[W].epoch & 1 */
byte owed_cnt[2];	/* rvt_core.owed[] by parity */
bool busy, owed;	/* W's guard: bit 0 of busy and owed */
bit odd;		/* and of owed_odd */
bool msip;		/* W's software interrupt is pending */
bit req, ack;		/* W's ipi_req and ipi_ack, modulo 2 */

/* P's store buffer: a flag per location and the value. */
bool sb_next[4];
byte sb_next_val[4];
bool sb_fields[4];
bool sb_dest;
byte sb_dest_val;
bool sb_direct;
byte sb_direct_val;

/*
 * Ghosts: what the patcher promises, set when the call that makes the
 * promise returns (a_on, t2_on, b_free) or withdrawn when one begins (b_on).
 */
bool a_on;		/* A registered: every call that starts calls A */
bool b_on;		/* B registered, its unregister not begun */
bool t2_on;		/* rvt_modify_direct(B, T2) returned */
bool b_free;		/* rvt_unregister(B) returned */
byte w_holds;		/* the hook W holds a pointer to (NIL: none) */
byte w_tramp;		/* the trampoline W is about to enter (0: none) */

#define DRAIN_NEXT(x) \
	if \
	:: sb_next[x] -> next[x] = sb_next_val[x]; sb_next[x] = false \
	:: else \
	fi
#define DRAIN_FIELDS(x) \
	if \
	:: sb_fields[x] -> fields[x] = true; sb_fields[x] = false \
	:: else \
	fi

/* Each buffered store reaches memory some time; the hart may go on first. */
proctype memory()
{
end:
	do
	:: d_step { sb_next[HEAD] -> DRAIN_NEXT(HEAD);
		printf("memory: P's store ops_list = %c arrives\n", NAME(next[HEAD])) }
	:: d_step { sb_next[HB] -> DRAIN_NEXT(HB);
		printf("memory: P's store B->next = %c arrives\n", NAME(next[HB])) }
	:: d_step { sb_next[HA] -> DRAIN_NEXT(HA);
		printf("memory: P's store A->next = %c arrives\n", NAME(next[HA])) }
	:: d_step { sb_next[HC] -> DRAIN_NEXT(HC);
		printf("memory: P's store C->next = %c arrives\n", NAME(next[HC])) }
	:: d_step { sb_fields[JOIN] -> DRAIN_FIELDS(JOIN);
		printf("memory: P's stores of %c's fields arrive\n", NAME(JOIN)) }
	:: d_step { sb_dest -> dest = sb_dest_val; sb_dest = false;
		printf("memory: P's store dest = %c arrives\n", NAME(dest)) }
	:: d_step { sb_direct -> direct = sb_direct_val; sb_direct = false;
		printf("memory: P's store B->direct = T%d arrives\n", direct) }
	od
}

/*
 * fence rw,rw on P: its buffered stores reach memory before it goes on
 * (draining them all at once is one of the orders "memory" could have
 * chosen anyway). Used inside d_step.
 */
inline fence_p()
{
	DRAIN_NEXT(HEAD); DRAIN_NEXT(HB); DRAIN_NEXT(HA); DRAIN_NEXT(HC);
	DRAIN_FIELDS(HB); DRAIN_FIELDS(HA);
	if
	:: sb_dest -> dest = sb_dest_val; sb_dest = false
	:: else
	fi;
	if
	:: sb_direct -> direct = sb_direct_val; sb_direct = false
	:: else
	fi
}

/* A plain store of P to x->core.next (or ops_list); same-address order. */
inline store_next(x, v)
{
	DRAIN_NEXT(x);
	sb_next[x] = true;
	sb_next_val[x] = v
}

/* A plain store of P to the destination (shared or slot). */
inline store_dest(v)
{
	if
	:: sb_dest -> dest = sb_dest_val
	:: else
	fi;
	sb_dest = true;
	sb_dest_val = v
}

/*
 * set_dest(): a release store of pick_dest() to rvt_core.dest, then
 * rvt_wmb(). P has only stores buffered, so fence w,w drains it all. In the
 * OPS_SLOT build dispatch reads the slot, not rvt_core.dest: only the two
 * fences matter (set_dest() is called there too).
 */
inline set_dest(v)
{
	d_step {
		fence_p();
#ifndef OPS_SLOT
		store_dest(v);
		printf("P: set_dest(): dest := %c (release), fence w,w\n", NAME(v));
#else
		printf("P: set_dest(): fence rw,w; store of rvt_core.dest; fence w,w\n");
#endif
		fence_p()
	}
}

/*
 * site_sync() of f in the OPS_SLOT build: rvt_site_write(on) stores the
 * slot (write_slot() skips an equal value), rvt_wmb(), then the word at
 * f+4, which is the jalr already (write_word() skips it too). Without the
 * slot, nothing is stored.
 */
inline site_sync(v)
{
#ifdef OPS_SLOT
	d_step {
		if
		:: dest != v -> store_dest(v)
		:: else
		fi;
		fence_p();
		printf("P: site_sync(): slot := %c, fence w,w; f+4 unchanged\n", NAME(v))
	}
#else
	skip
#endif
}

/*
 * rvt_sync(): step 2's fence rw,rw, the online set (W), the round:
 * request, fence, the interrupt, W's acknowledgement, fence rw,rw.
 */
inline sync()
{
	d_step { fence_p();
		printf("P: fence rw,rw (step 2), reads the online set\n") };
	round()
}

inline round()
{
	d_step { req = 1 - req; fence_p(); msip = true;
		printf("P: requests the round, sends W the IPI\n") };
	ack == req;
	d_step { fence_p(); printf("P: round acknowledged\n") }
}

/*
 * The unregister's sync with the grace period in it (rvt_sync_grace()):
 * fence; e = qepoch; wait for the stragglers of parity e + 1; qepoch =
 * e + 1, fence rw,rw (also step 2's); the round, whose handler on W marks
 * a call inside; wait for owed_cnt[e]; fence. P's own hart runs no
 * instrumented code here: nothing to mark; no timeout (quiescence.pml
 * models both).
 */
inline grace_round()
{
	d_step { fence_p(); e = qepoch;
		printf("P: rvt_sync_grace(): fence, e = %d\n", e) };
	owed_cnt[1 - e] == 0;
	d_step { qepoch = 1 - e; fence_p();
		printf("P: qepoch = e + 1, fence rw,rw; reads the online set\n") };
	round();
#ifndef NO_GRACE
	owed_cnt[e] == 0;
	d_step { fence_p(); printf("P: no call inside owes the grace period\n") }
#endif
}

proctype patcher()
{
	bit e;
	bool keep;

	/*
	 * rvt_register(JOIN): its fields (next = NULL, direct, flags) are
	 * plain stores; the link at the tail is a release store; a wider
	 * destination before the site; the round.
	 */
	d_step { sb_fields[JOIN] = true;
		printf("P: writes %c's fields (buffered)\n", NAME(JOIN)) };
	d_step {
#ifdef NO_ACQUIRE
		/* The release does not reach the walker: the fields may lag. */
		keep = sb_fields[JOIN];
		sb_fields[JOIN] = false;
		fence_p();
		sb_fields[JOIN] = keep;
#else
		fence_p();
#endif
		store_next(TAIL, JOIN);
		printf("P: links %c: %c->next := %c (release)\n",
		       NAME(JOIN), NAME(TAIL), NAME(JOIN))
	};
	set_dest(LIST);
	site_sync(LIST);
	sync();
	d_step {
#ifdef ORDER_AB
		b_on = true;
#else
		a_on = true;
#endif
		printf("P: rvt_register(%c) returns\n", NAME(JOIN))
	};

#ifdef DIRECT
	/* rvt_modify_direct(B, T2): one release store, the round. */
	d_step { fence_p(); sb_direct = true; sb_direct_val = T2;
		printf("P: B->direct := T2 (release)\n") };
#ifndef NO_MODIFY_ROUND
	sync();
#endif
	d_step { t2_on = true; printf("P: rvt_modify_direct() returns\n") };
#endif

	/*
	 * rvt_unregister(B): the unlink, a release store of its predecessor's
	 * next (B's own next left as is); the site (slot); the shared
	 * destination narrows; then the round that is the grace period.
	 */
	d_step { b_on = false };
#ifdef SLOT_BEFORE_UNLINK
	site_sync(STALE_SLOT);
#endif
	d_step {
#ifndef NO_UNLINK_RELEASE
		fence_p();
#endif
		store_next(PRED_B, NEXT_B);
		if
		:: PRED_B == HEAD ->
			printf("P: unlinks B: ops_list := %c (release)\n",
			       NAME(NEXT_B))
		:: else ->
			printf("P: unlinks B: %c->next := %c (release)\n",
			       NAME(PRED_B), NAME(NEXT_B))
		fi
	};
#ifdef CLEAR_NEXT
	d_step { store_next(HB, NIL); printf("P: B->next := NULL\n") };
#endif
#ifndef SLOT_BEFORE_UNLINK
	site_sync(AFTER_B);
#endif
	set_dest(AFTER_B);
	grace_round();
	d_step {
		b_free = true;
		/* No hart is in B or holds a pointer to it. */
		assert(w_holds != HB);
#ifdef DIRECT
		printf("P: rvt_unregister_direct(B) returns\n")
#else
		printf("P: rvt_unregister(B) returns\n")
#endif
	}
}

/*
 * rvt_handle_ipi() on W: clear, fence, compare, fence.i, fence; a new
 * qepoch marks W's call owed if it is inside (parity qepoch - 1); ack.
 */
inline handle_ipi()
{
	d_step {
		msip = false;
		if
		:: req != ack ->
			if
			:: w_epoch != qepoch ->
				w_epoch = qepoch;
				if
				:: busy && !owed -> owed = true; odd = 1 - qepoch;
					owed_cnt[odd]++;
					printf("W: IPI: inside: owed\n")
				:: else
				fi
			:: else
			fi;
			ack = req;
			printf("W: IPI: fence.i, fence, acknowledges\n")
		:: else
		fi
	}
}

/* A stretch of code during which the interrupt may be taken, or not yet. */
inline interruptible()
{
	do
	:: msip -> handle_ipi()
	:: break
	od
}

/*
 * W loaded a pointer p (the destination, ops_list or a next): the hook it
 * names is in memory whole (a link never precedes its fields), and it is
 * not B once rvt_unregister(B) returned.
 */
inline loaded(p)
{
	assert(p == NIL || p == LIST || fields[p]);
	assert(!(p == HB && b_free));
	w_holds = (p == LIST -> NIL : p)
}

proctype hart()
{
	byte p;
	bool after_a, after_b, after_t2, after_free, called_a, called_b;
	bool walking;		/* the destination was the walker */

end:
	do
	:: msip -> handle_ipi()
	:: d_step {
		/* A call of f starts: the fetch of f+4 (always the jalr). */
		after_a = a_on;
		after_b = b_on;
		after_t2 = t2_on;
		after_free = b_free;
		printf("W: calls f\n")
	   };
		/* In rvt_caller, before the guard: interrupts may come. */
		interruptible();
		/* The guard: busy |= bit, a plain store, no fence. */
		atomic { assert(!owed); busy = true; printf("W: busy\n") };
		/* Ordered only against W's own handler. */
		interruptible();
		/* destination(): an acquire load. */
		atomic { p = dest; loaded(p); walking = p == LIST;
			printf("W: reads dest %c\n", NAME(p)) };
		if
		:: walking ->
			/* walk(): ops_list, then each next, acquire loads. */
			d_step { p = next[HEAD]; loaded(p);
				printf("W: walk: ops_list = %c\n", NAME(p)) }
		:: else
		fi;
		do
		:: p == NIL -> break
		:: p != NIL ->
			/* call_one(p): its function runs, interruptible. */
			d_step {
				assert(!(p == HB && b_free));
				called_a = called_a || p == HA;
				called_b = called_b || p == HB;
				printf("W: calls %c\n", NAME(p))
			};
			interruptible();
			atomic {
				assert(!(p == HB && b_free));
#ifdef DIRECT
				/* regs->direct = READ_ONCE(ops->core.direct) */
				if
				:: p == HB -> w_tramp = direct;
					printf("W: regs->direct = T%d\n", w_tramp)
				:: else
				fi;
#endif
				/* The lone hook: done; the walker: its next. */
				if
				:: walking -> p = next[p]; loaded(p);
					printf("W: walk: next = %c\n", NAME(p))
				:: else -> p = NIL; w_holds = NIL
				fi
			}
		od;
		/*
		 * busy = was; if owed, rvt_quiesce_report(): amoadd.rl(-1) on
		 * the parity's counter (W has nothing else buffered; a later
		 * arrival would only make P wait longer).
		 */
		atomic {
			busy = false;
			if
			:: owed -> owed = false; owed_cnt[odd]--; odd = 0;
				printf("W: reports\n")
			:: else
			fi;
			printf("W: leaves the hooks\n");
			/*
			 * No call that started with A registered misses A;
			 * none that ran while B stayed registered misses B.
			 */
			assert(!after_a || called_a);
			assert(!(after_b && b_on) || called_b)
		};
		/* rvt_caller: restores and continues at regs->direct: jr t1. */
		if
		:: w_tramp != 0 ->
			d_step {
				printf("W: enters B's trampoline T%d\n", w_tramp);
#ifndef STARTED_ONLY
				/* None after rvt_unregister_direct(B) returned. */
				assert(!b_free);
#endif
				/* None for a call that started after it. */
				assert(!after_free);
				/* rvt_modify_direct(): the new one from then on. */
				assert(!after_t2 || w_tramp == T2);
				w_tramp = 0
			}
		:: else
		fi;
		d_step { walking = false; after_a = false; after_b = false;
			after_t2 = false; after_free = false;
			called_a = false; called_b = false }
	od
}

init
{
	atomic {
#ifdef ORDER_AB
		next[HEAD] = HA; fields[HA] = true; dest = HA; a_on = true;
#else
		next[HEAD] = HB; fields[HB] = true; dest = HB; b_on = true;
#endif
#ifdef THIRD
		fields[HC] = true; next[HC] = next[HEAD]; next[HEAD] = HC;
		dest = LIST;
#endif
		run memory();
		run patcher();
		run hart()
	}
}
