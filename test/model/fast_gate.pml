/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The trampoline's fast entry and the online harts (lib/ops.c
 * rvt_fast_dest_update(), lib/hart.c rvt_mark_online(), rvt_hart_offline(),
 * rvt_unlock() and fast_dest_settle()). Without the ops slot the trampoline
 * decides on one load: rvt_core.fast_dest, the lone hook's fast entry, must
 * be 0 while a hart of the platform is not online (missing > 0), since such
 * a hart must not enter it. Only the patch lock's holder writes fast_dest,
 * from missing and the destination. A hart going offline holds the lock;
 * one coming online does not: the last one (missing reaches 0) sets
 * fast_owed, and whoever takes the lock next for it, or the holder as it
 * lets go, sets fast_dest. The two sides each write their word, fence, and
 * read the other's, so one of them sees the other.
 *
 * P, the patcher, registers a DIRECT hook alone everywhere (its fast entry
 * is the destination's), unregisters it, and registers it again. Hart V
 * goes offline and comes online again; hart N, offline at the start, comes
 * online once. Memory as in the other models: the stores that matter here
 * (fast_owed = 1 before the online hart's fence, the lock's release before
 * the unlock's fence) wait in a store buffer and reach memory at any
 * moment; fence rw,rw drains it. Stores made under the lock reach memory
 * by its release. Checked: the fast entry is never open while a hart is
 * missing, nor for a destination without one; and once everything is
 * done, it is open exactly when it should be (no opening lost).
 *
 * Mutations, each of which SPIN must reject:
 *   NO_ONLINE_FENCE     rvt_mark_online() reads the lock before its
 *                       fast_owed store is visible
 *   NO_UNLOCK_FENCE     rvt_unlock() reads fast_owed before its release
 *   NO_UNLOCK_SETTLE    rvt_unlock() does not look at fast_owed
 *   NO_SETTLE_LOOP      fast_dest_settle() lets go without looking again
 *   NO_OFFLINE_CLOSE    rvt_hart_offline() leaves fast_dest as it was
 *   NO_OWED_ACQUIRE     the settle reads missing before it takes
 *                       fast_owed (its exchange without the acquire)
 */

bit lock;
byte missing = 1;		/* N is not online */
bit dest_fast;			/* the destination has a fast entry */
bit fast;			/* rvt_core.fast_dest != 0 */
bit owed;			/* rvt_core.fast_owed */
bool v_done, n_done;

/* Store buffers: fast_owed = 1 (V's, N's), the lock's release (each). */
bit sb_owed_v, sb_owed_n;
bit sb_lock_p, sb_lock_v, sb_lock_n;
bit sb_none;			/* P stores no fast_owed */

#define UPDATE	fast = (missing == 0 && dest_fast)
#define TAKE	atomic { lock == 0 -> lock = 1 }

active proctype memory()
{
end:
	do
	:: d_step { sb_owed_v -> owed = 1; sb_owed_v = 0 }
	:: d_step { sb_owed_n -> owed = 1; sb_owed_n = 0 }
	:: d_step { sb_lock_p -> lock = 0; sb_lock_p = 0 }
	:: d_step { sb_lock_v -> lock = 0; sb_lock_v = 0 }
	:: d_step { sb_lock_n -> lock = 0; sb_lock_n = 0 }
	od
}

/* Never open while a hart is missing, nor to a destination without one. */
active proctype monitor()
{
end:	atomic { !(!fast || (missing == 0 && dest_fast)) ->
		 assert(!fast || (missing == 0 && dest_fast)) }
}

/*
 * fast_dest_settle() of the context whose buffers are sb (its lock's
 * release) and sbo (its fast_owed = 1): while fast_owed is set, take the
 * lock if it is free (else its holder settles), clear fast_owed, update,
 * release, fence, and look again. A context reads its own buffered store
 * (forwarding), and its atomics on an address come after its own stores
 * to it.
 */
inline settle(sb, sbo)
{
	do
	:: owed == 0 && sbo == 0 -> break
	:: else ->
		/* The xchg is ordered after this context's own release. */
		d_step { if :: sb == 1 -> lock = 0; sb = 0 :: else fi };
		if
		:: atomic { lock == 0 -> lock = 1 }
		:: atomic { lock == 1 -> skip }; break
		fi;
		/*
		 * The exchange of fast_owed, an acquire: missing is read
		 * after it (without: before, and then it may be old).
		 */
#ifdef NO_OWED_ACQUIRE
		m = missing;
		d_step { if :: sbo == 1 -> owed = 1; sbo = 0 :: else fi;
			 if :: owed == 1 -> owed = 0;
			fast = (m == 0 && dest_fast) :: else fi };
#else
		d_step { if :: sbo == 1 -> owed = 1; sbo = 0 :: else fi;
			 if :: owed == 1 -> owed = 0; UPDATE :: else fi };
#endif
		sb = 1;				/* the release */
		/* fence rw,rw */
		d_step { if :: sb == 1 -> lock = 0; sb = 0 :: else fi;
			 if :: sbo == 1 -> owed = 1; sbo = 0 :: else fi };
#ifdef NO_SETTLE_LOOP
		break
#endif
	od
}

/* rvt_unlock(): the release, the fence, then fast_owed. */
inline unlock(sb, sbo)
{
	sb = 1;
#ifndef NO_UNLOCK_FENCE
	d_step { if :: sb == 1 -> lock = 0; sb = 0 :: else fi;
		 if :: sbo == 1 -> owed = 1; sbo = 0 :: else fi };
#endif
#ifndef NO_UNLOCK_SETTLE
	settle(sb, sbo)
#endif
}

/*
 * rvt_mark_online(): missing down (an AMO), fast_owed set at 0 (a store
 * that depends on the AMO's result, and a release: it lands after the
 * drop), fence, settle.
 */
inline online(sb_owed, sb_lock)
{
	d_step { missing = missing - 1; if :: missing == 0 -> sb_owed = 1
					    :: else fi };
#ifndef NO_ONLINE_FENCE
	d_step { if :: sb_owed == 1 -> owed = 1; sb_owed = 0 :: else fi;
		 if :: sb_lock == 1 -> lock = 0; sb_lock = 0 :: else fi };
#endif
	settle(sb_lock, sb_owed)
}

active proctype hart_v()
{
	byte m;		/* the settle's read of missing */

	/* rvt_hart_offline(): under the lock, masked; V runs nothing meanwhile. */
	TAKE;
#ifdef NO_OFFLINE_CLOSE
	missing = missing + 1;
#else
	d_step { missing = missing + 1; UPDATE };
#endif
	unlock(sb_lock_v, sb_owed_v);
	online(sb_owed_v, sb_lock_v);
	v_done = true
}

active proctype hart_n()
{
	byte m;		/* the settle's read of missing */

	online(sb_owed_n, sb_lock_n);
	n_done = true
}

active proctype patcher()
{
	byte m;		/* the settle's read of missing */

	/* rvt_register_direct(): set_dest() under the lock. */
	TAKE;
	d_step { dest_fast = 1; UPDATE };
	unlock(sb_lock_p, sb_none);
	/* rvt_unregister_direct() */
	TAKE;
	d_step { dest_fast = 0; UPDATE };
	unlock(sb_lock_p, sb_none);
	/* rvt_register_direct() again */
	TAKE;
	d_step { dest_fast = 1; UPDATE };
	unlock(sb_lock_p, sb_none);

	/* Everything done and in memory: open exactly when it should be. */
	(v_done && n_done && !sb_owed_v && !sb_owed_n && !sb_lock_p &&
	 !sb_lock_v && !sb_lock_n);
	assert(fast == (missing == 0 && dest_fast));
	printf("P: the fast entry follows the harts\n")
}
