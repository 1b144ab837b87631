// SPDX-License-Identifier: BSD-2-Clause
/*
 * Per-hart event rings (see rvtrace/trace.h). A hart claims slot idx with
 * one atomic add, marks it busy, fills it and publishes it by writing
 * seq = idx + 1 last. The only other writers of a hart's ring are interrupts
 * and traps nested on that hart: one that finds its slot busy (an interrupted
 * writer below it) takes the next, so a slot always ends up holding one
 * writer's whole event. Readers check seq before and after copying.
 */
#include "ring.h"
#include "asm_layout.h"
#include "shadow.h"

_Static_assert(sizeof(struct rvt_ring) == 1u << RVT_RING_SHIFT &&
	       offsetof(struct rvt_ring, head) == RVT_RING_HEAD &&
	       offsetof(struct rvt_ring, writers) == RVT_RING_WRITERS &&
	       offsetof(struct rvt_ring, info) == RVT_RING_INFO &&
	       offsetof(struct rvt_ring, stack) == RVT_RING_STACK &&
	       offsetof(struct rvt_ring, entry_info) == RVT_RING_ENTRY_INFO &&
	       offsetof(struct rvt_ring, ev_seq) == RVT_RING_EV_SEQ &&
	       RVT_EVENT_ENTRY == RVT_EV_KIND_ENTRY &&
	       RVT_MAX_HARTS <= 256 &&
	       RVT_MSTATUS_MIE == RVT_AL_MSTATUS_MIE &&
	       offsetof(struct rvt_trace, rings) == RVT_TRACE_RINGS &&
	       offsetof(struct rvt_trace, nr_harts) == RVT_TRACE_NR_HARTS &&
	       offsetof(struct rvt_trace, cap) == RVT_TRACE_CAP &&
	       offsetof(struct rvt_trace, limit) == RVT_TRACE_LIMIT &&
	       offsetof(struct rvt_trace, state) == RVT_TRACE_STATE &&
	       offsetof(struct rvt_trace, graph_exit) == RVT_TRACE_GRAPH_EXIT &&
	       offsetof(struct rvt_trace, nr_args) == RVT_TRACE_NR_ARGS &&
	       offsetof(struct rvt_trace, entry_claims) ==
		       RVT_TRACE_ENTRY_CLAIMS &&
	       RVT_DUMP_TRACER_FUNCTION == RVT_LIVE_FUNCTION &&
	       RVT_DUMP_TRACER_GRAPH == RVT_LIVE_GRAPH &&
	       sizeof(struct rvt_event) == 1u << RVT_EVENT_SHIFT &&
	       offsetof(struct rvt_event, ts) == RVT_EV_TS &&
	       offsetof(struct rvt_event, func) == RVT_EV_FUNC &&
	       offsetof(struct rvt_event, caller) == RVT_EV_CALLER &&
	       offsetof(struct rvt_event, info) == RVT_EV_INFO &&
	       offsetof(struct rvt_event, seq) == RVT_EV_SEQ &&
	       RVT_EVENT_EXIT == RVT_EV_KIND_EXIT &&
	       RVT_EVENT_DATA == RVT_EV_KIND_DATA &&
	       RVT_DATA_FARG(0) == RVT_EV_DATA_FARG0 &&
	       RVT_DATA_RET_A0 == 0 && RVT_RET_VALUES == RVT_EV_RET_VALUES,
	       "the assembly recorder's layout (asm_layout.h)");

#ifndef RVTRACE_TRACE_POOL
#define RVTRACE_TRACE_POOL	16384
#endif

struct rvt_trace rvt_trace;
RVT_POOL(pool, struct rvt_event, RVTRACE_TRACE_POOL);
/* The hook of the tracer that owns the rings: one tracer at a time. */
static struct rvt_ops *tracer;

/* At rvt_init(), before any writer: .bss may not have been cleared. */
void rvt_trace_reset(void)
{
	unsigned int h;

	RVT_WRITE_ONCE(rvt_trace.nr_harts, 0);
	RVT_WRITE_ONCE(rvt_trace.state, 0);	/* no tracer, the switch on */
	RVT_WRITE_ONCE(rvt_trace.graph_exit, 0);
	RVT_WRITE_ONCE(rvt_trace.reader, 0);
	RVT_WRITE_ONCE(rvt_trace.generation, 0);
	for (h = 0; h < RVT_MAX_HARTS; h++) {
		RVT_WRITE_ONCE(rvt_trace.rings[h].writers, 0);
		rvt_trace.rings[h].hart_info = h << RVT_EVENT_HART_SHIFT;
		RVT_WRITE_ONCE(rvt_trace.rings[h].info, h << RVT_EVENT_HART_SHIFT);
		RVT_WRITE_ONCE(rvt_trace.rings[h].entry_info,
			       h << RVT_EVENT_HART_SHIFT | RVT_EVENT_ENTRY);
		RVT_WRITE_ONCE(rvt_trace.rings[h].stack, NULL);
	}
	RVT_WRITE_ONCE(tracer, NULL);
}

static unsigned int data_events(const struct rvt_ring_vals *vals);

/* An entry's values: n argument registers, of each kind the ABI has. */
static void args_runs(struct rvt_ring_vals *vals, unsigned int n)
{
	vals->first[0] = RVT_DATA_ARG(0);
	vals->count[0] = (uint8_t)n;
	vals->first[1] = RVT_DATA_FARG(0);
#ifdef RVT_REGS_FP
	vals->count[1] = (uint8_t)n;
#else
	vals->count[1] = 0;
#endif
}

/* Slots of an entry event with nr_args argument registers. */
static unsigned int entry_claims(unsigned int nr_args)
{
	struct rvt_ring_vals entry = { 0 };

	args_runs(&entry, nr_args);
	return data_events(&entry) + 1;
}

/* Slots of the largest event cfg has a tracer write: entry, exit or call. */
static unsigned int largest_event(const struct rvt_trace_config *cfg)
{
	struct rvt_ring_vals exit = { 0 };
	unsigned int a, b;

	if (!cfg)
		return 1;
	if (cfg->flags & RVT_TRACE_RETVAL)
		exit.count[0] = RVT_RET_VALUES;
	if (cfg->thresh)
		exit.count[1] = 1;
	a = entry_claims(cfg->nr_args);
	b = data_events(&exit) + 1;
	return a > b ? a : b;
}

/* Where the rings go and how many events each holds; nothing is written. */
static int ring_place(const struct rvt_trace_config *cfg,
		      struct rvt_event **out, size_t *out_cap)
{
	struct rvt_event *ev = RVT_POOL_AT(pool);
	size_t bytes = sizeof(pool);
	size_t cap;

	if (cfg && cfg->buffer) {
		if ((uintptr_t)cfg->buffer % sizeof(uint64_t))
			return RVT_EINVAL;
		ev = cfg->buffer;
		bytes = cfg->buffer_size;
	}
	if (cfg && ((cfg->flags & ~(RVT_TRACE_STOP_WHEN_FULL |
				    RVT_TRACE_START_OFF | RVT_TRACE_RETVAL)) ||
		    cfg->nr_args > RVT_TRACE_MAX_ARGS))
		return RVT_EINVAL;
	/*
	 * Two of the largest event a tracer writes at least, so a nested
	 * writer always finds room.
	 */
	cap = bytes / rvt_core.nr_harts / sizeof(*ev);
	if (cap < 2 * largest_event(cfg) ||
	    cap > UINT32_MAX)
		return RVT_EINVAL;
	*out = ev;
	*out_cap = cap;
	return 0;
}

/*
 * The writers in flight are waited for twice (test/model/start.pml). Once
 * nr_harts is 0, for those that took the old rings: none is inside them
 * while they are cleared and set up again. Once the new set-up is written:
 * a recorder's loads of it are ordered after its count, not after its read
 * of the state, so one that counted in meanwhile could take an old field
 * with the new run's state. Any writer that counts in later reads the new
 * set-up. A wait that times out before the rings are touched leaves the
 * last trace as it was; after, the rings stay closed (nr_harts 0).
 */
static int ring_init(enum rvt_dump_tracer kind,
		     const struct rvt_trace_config *cfg,
		     struct rvt_event *ev, size_t cap)
{
	unsigned int nr = rvt_core.nr_harts, was = rvt_trace.nr_harts, h;
	size_t i;
	int ret;

	RVT_WRITE_ONCE(rvt_trace.nr_harts, 0);
	RVT_WRITE_ONCE(rvt_trace.generation, rvt_trace.generation + 1);
	ret = rvt_ring_drain(RVT_MAX_HARTS);
	if (ret) {
		RVT_WRITE_ONCE(rvt_trace.generation, rvt_trace.generation + 1);
		RVT_WRITE_ONCE(rvt_trace.nr_harts, was);
		return ret;
	}
	/* Whole slots, not only seq: nothing of an earlier run stays. */
	for (i = 0; i < cap * nr; i++) {
		ev[i].ts = 0;
		ev[i].func = 0;
		ev[i].caller = 0;
		ev[i].info = 0;
		RVT_WRITE_ONCE(ev[i].seq, 0);
	}
	for (h = 0; h < nr; h++) {
		rvt_trace.rings[h].ev = ev + h * cap;
		rvt_trace.rings[h].ev_seq = &ev[h * cap].seq;
		rvt_trace.rings[h].head = 0;
		rvt_trace.rings[h].read = 0;
	}
	rvt_trace.cap = (uint32_t)cap;
	rvt_trace.flags = cfg ? cfg->flags : 0;
	/* Stop mode: what does not fit is counted by head alone. */
	rvt_trace.limit = rvt_trace.flags & RVT_TRACE_STOP_WHEN_FULL ? cap :
								      ~0UL;
	rvt_trace.kind = kind;
	ret = rvt_ring_drain(RVT_MAX_HARTS);
	if (ret)
		return ret;
	RVT_WRITE_ONCE(rvt_trace.generation, rvt_trace.generation + 1);
	RVT_WRITE_ONCE(rvt_trace.nr_harts, nr);
	return 0;
}

/*
 * The hook is registered before the rings are touched, so a refused start
 * leaves the last trace as it was; until the new rings are up its events go
 * to the old ones, which are then cleared.
 */
unsigned long rvt_recorder_fast(void (*recorder)(void))
{
	const unsigned int need = RVT_PLAT_FAST_MHARTID | RVT_PLAT_FAST_TIME;

#ifdef __riscv_div
	if ((rvt_core.fast & need) == need)
		return (unsigned long)recorder;
#endif
	(void)need;
	(void)recorder;
	return 0;
}

int rvt_tracer_start(struct rvt_ops *ops, rvt_func_t func,
		     void (*recorder)(void), enum rvt_dump_tracer kind,
		     const struct rvt_trace_config *cfg)
{
	struct rvt_ops *none = NULL;
	struct rvt_event *ev;
	size_t cap;
	int ret;

	if (!rvt_ready())
		return RVT_EPERM;
	if (!__atomic_compare_exchange_n(&tracer, &none, ops, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
		return RVT_EBUSY;
	ret = ring_place(cfg, &ev, &cap);
	if (!ret) {
		/*
		 * Before the hook can run: a call it enters and leaves
		 * around the rings' set-up is recorded one way throughout.
		 * Only this tracer's hooks read them.
		 */
		rvt_trace.nr_args = cfg ? cfg->nr_args : 0;
		rvt_trace.entry_claims = entry_claims(rvt_trace.nr_args);
		rvt_trace.thresh = cfg ? cfg->thresh : 0;
		rvt_mb();
		rvt_zero(ops, sizeof(*ops));
		ops->func = func;
		ops->core.fast = rvt_recorder_fast(recorder);
		if (cfg) {
			ops->filter = cfg->filter;
			ops->filter_len = cfg->filter_len;
		}
		ret = rvt_register(ops);
	}
	if (!ret) {
		ret = ring_init(kind, cfg, ev, cap);
		if (ret && rvt_unregister(ops))
			return ret;	/* still the tracer: stop it */
	}
	if (ret) {
		__atomic_store_n(&tracer, NULL, __ATOMIC_RELEASE);
		return ret;
	}
	rvt_trace_switch_for(cfg);
	/* After the rings: a recorder that sees it writes to these. */
	__atomic_fetch_or(&rvt_trace.state, kind, __ATOMIC_RELEASE);
	return 0;
}

int rvt_ring_drain(unsigned int skip)
{
	struct rvt_deadline d = { 0 };
	unsigned int h, nr = rvt_core.nr_harts;

	rvt_mb();
	for (h = 0; h < nr; h++)
		while (h != skip && RVT_READ_ONCE(rvt_trace.rings[h].writers))
			if (rvt_wait_step(&d))
				return RVT_ETIMEDOUT;
	rvt_mb();
	return 0;
}

/*
 * A recorder entered without the dispatcher (ops->core.fast) is not waited
 * for by the unregister: once no site calls it, live closes and the writers
 * in flight are waited for (a late one sees live closed; the model is
 * test/model/recorder.pml).
 */
int rvt_tracer_stop(struct rvt_ops *ops)
{
	int ret;

	if (!rvt_ready())
		return RVT_EPERM;
	if (RVT_READ_ONCE(tracer) != ops)
		return RVT_ENOENT;
	ret = rvt_unregister_again(ops);
	if (!(ops->flags & RVT_OPS_FL_ENABLED))
		__atomic_fetch_and(&rvt_trace.state, ~RVT_TRACE_KIND,
				   __ATOMIC_RELAXED);
	if (!ret)
		ret = rvt_ring_drain(RVT_MAX_HARTS);
	if (!ret)
		__atomic_store_n(&tracer, NULL, __ATOMIC_RELEASE);
	return ret;
}

void rvt_trace_switch_for(const struct rvt_trace_config *cfg)
{
	if (cfg && (cfg->flags & RVT_TRACE_START_OFF))
		__atomic_fetch_or(&rvt_trace.state, RVT_TRACE_OFF,
				  __ATOMIC_RELAXED);
	else
		rvt_trace_on();
}

void rvt_trace_on(void)
{
	__atomic_fetch_and(&rvt_trace.state, ~RVT_TRACE_OFF, __ATOMIC_RELAXED);
}

/*
 * Off, and then wait for the writers that checked the switch before it went
 * off (each counts itself in its ring before it looks). From an interrupt
 * handler the writers of its own hart's ring are not waited for: the one it
 * interrupted cannot finish before it returns.
 */
int rvt_trace_off(void)
{
	unsigned int self = RVT_MAX_HARTS;
	struct rvt_ctx c;

	__atomic_fetch_or(&rvt_trace.state, RVT_TRACE_OFF, __ATOMIC_RELAXED);
	if (!rvt_ready())
		return 0;
	if (rvt_this_ctx(&c) && c.level)
		self = c.index;
	return rvt_ring_drain(self);
}

int rvt_trace_is_on(void)
{
	return rvt_trace_recording();
}

int rvt_trace_running(void)
{
	return __atomic_load_n(&tracer, __ATOMIC_ACQUIRE) ?
		       (int)RVT_READ_ONCE(rvt_trace.kind) :
		       RVT_DUMP_TRACER_NONE;
}

/* How an event is recorded; each caller passes constants. */
enum {
	RING_OWN_TAG = 1,	/* the task's tag is in info already */
	RING_LIVE = 2,		/* only while a tracer runs, not after its stop */
};

/* The data events that carry vals: three values a slot. */
static unsigned int data_events(const struct rvt_ring_vals *vals)
{
	return (vals->count[0] + RVT_DATA_PER_EVENT - 1) / RVT_DATA_PER_EVENT +
	       (vals->count[1] + RVT_DATA_PER_EVENT - 1) / RVT_DATA_PER_EVENT;
}

/* The slot after slot, in a ring of cap: no division per slot. */
static inline unsigned long next_slot(unsigned long slot)
{
	return ++slot == rvt_trace.cap ? 0 : slot;
}

/* Whether none of the n slots from slot is being written. */
static bool slots_free(const struct rvt_ring *r, unsigned long slot,
		       unsigned int n)
{
	for (; n--; slot = next_slot(slot))
		if (RVT_READ_ONCE(r->ev[slot].seq) == RVT_SEQ_BUSY)
			return false;
	return true;
}

static void publish(struct rvt_event *e, unsigned long idx)
{
	rvt_wmb();
	RVT_WRITE_ONCE(e->seq, (uint32_t)(idx + 1));
}

/*
 * Claims idx to idx + n - 1 that will hold no event: a group that met a
 * busy slot (a writer this one interrupted, a lap behind), or reached the
 * end of a full ring in stop mode. Each of their slots that is not busy
 * becomes a published placeholder of a lost event, so that readers, which
 * stop before a claim not yet published, go on past them.
 */
static void fill_lost(struct rvt_ring *r, unsigned long idx, unsigned long n)
{
	unsigned long slot = idx % rvt_trace.cap;

	for (; n--; idx++, slot = next_slot(slot)) {
		struct rvt_event *e = &r->ev[slot];

		if (RVT_READ_ONCE(e->seq) == RVT_SEQ_BUSY)
			continue;
		RVT_WRITE_ONCE(e->seq, RVT_SEQ_BUSY);
		rvt_wmb();
		e->ts = 0;
		e->func = 0;
		e->caller = 0;
		e->info = RVT_EVENT_LOST;
		publish(e, idx);
	}
}

/*
 * The data events from claim idx (in slot), each published at once: the
 * event they belong to (claim idx - 1) is published after them, so a
 * reader that has it has them too. info: the ring's bits (hart, tag).
 */
static void write_data(struct rvt_ring *r, unsigned long slot,
		       unsigned long idx, uint32_t info,
		       const struct rvt_ring_vals *vals)
{
	unsigned int run, k, n;

	for (run = 0; run < 2; run++) {
		const uint64_t *v = vals->v + vals->first[run];

		for (k = 0; k < vals->count[run]; k += n) {
			struct rvt_event *e = &r->ev[slot];

			n = vals->count[run] - k;
			if (n > RVT_DATA_PER_EVENT)
				n = RVT_DATA_PER_EVENT;
			e->ts = v[k];
			e->func = n > 1 ? v[k + 1] : 0;
			e->caller = n > 2 ? v[k + 2] : 0;
			e->info = info | RVT_EVENT_DATA |
				  (vals->first[run] + k) << 4 | n << 8;
			publish(e, idx++);
			slot = next_slot(slot);
		}
	}
}

/*
 * Counted in its ring before the switch is read, and out after the event is
 * published, for rvt_trace_off() to wait for. A task that moves to another
 * hart meanwhile finishes in the ring it began in; its slot is claimed
 * atomically, so that is safe. An event with values claims its data
 * events' slots with it, in one add. Inline with the platform's way to the
 * hart number and the clock, so that the common case calls nothing.
 */
static inline __attribute__((always_inline)) void
ring_write(unsigned int hart, uint32_t info, unsigned int how,
	   unsigned long func, unsigned long caller, uint64_t (*now)(void),
	   const struct rvt_ring_vals *vals, struct rvt_ring_where *where)
{
	unsigned int tries, nr = (vals ? data_events(vals) : 0) + 1, i;
	unsigned long below;
	struct rvt_ring *r;

	if (hart >= RVT_READ_ONCE(rvt_trace.nr_harts))
		return;
	r = &rvt_trace.rings[hart];
	info |= how & RING_OWN_TAG ? r->hart_info : RVT_READ_ONCE(r->info);
	below = __atomic_fetch_add(&r->writers, 1, __ATOMIC_RELAXED);
	rvt_mb();
	/*
	 * Counted in first, as the assembly recorders: the stop waits for it,
	 * and a start that sets the rings up again (ring_init()) closes them
	 * (nr_harts 0) and opens them only once no writer that counted in
	 * meanwhile is left, so a writer that reads them open reads one run's
	 * set-up (test/model/start.pml).
	 */
	if (hart >= RVT_READ_ONCE(rvt_trace.nr_harts) ||
	    ((how & RING_LIVE) &&
	     !(RVT_READ_ONCE(rvt_trace.state) & RVT_TRACE_KIND)))
		goto out;
	for (tries = 0; rvt_trace_recording() && tries + nr <= rvt_trace.cap;
	     tries += nr) {
		unsigned long idx = __atomic_fetch_add(&r->head, nr,
						       __ATOMIC_RELAXED);
		unsigned long slot, s;
		struct rvt_event *e;

		/* ~0 is no limit (overwrite mode), a claim too on rv32. */
		if (idx + nr - 1 >= rvt_trace.limit && ~rvt_trace.limit) {
			if (idx < rvt_trace.limit)
				fill_lost(r, idx, rvt_trace.limit - idx);
			else if ((long)idx < 0)
				/* As the assembly: never a wrap (rv32). */
				__atomic_fetch_sub(&r->head, nr,
						   __ATOMIC_RELAXED);
			break;
		}
		slot = idx % rvt_trace.cap;
		/*
		 * With no other writer of this ring in flight, a busy slot
		 * is not being written: a claim whose seq, idx + 1, is
		 * RVT_SEQ_BUSY left it so (once in 2^32); it is taken back.
		 */
		if (below && !slots_free(r, slot, nr)) {
			if (nr > 1)
				fill_lost(r, idx, nr);
			continue;
		}
		for (i = 0, s = slot; i < nr; i++, s = next_slot(s))
			RVT_WRITE_ONCE(r->ev[s].seq, RVT_SEQ_BUSY);
		rvt_wmb();
		if (nr > 1)
			write_data(r, next_slot(slot), idx + 1, info & ~0xffffu,
				   vals);
		e = &r->ev[slot];
		e->ts = now();
		e->func = func;
		e->caller = caller;
		e->info = info;
		if (where) {
			where->hart = hart;
			where->idx = idx;
			where->last = idx + nr - 1;
			where->ts = e->ts;
		}
		publish(e, idx);
		break;
	}
out:
	__atomic_fetch_sub(&r->writers, 1, __ATOMIC_RELEASE);
}

/*
 * Interrupts are masked from the read of the hart number to the
 * publication, so that a task is neither preempted nor moved inside: its
 * event goes to the ring of the hart it runs on, carries that ring's tag,
 * and is stamped between the events before and after it in the ring.
 */
static __attribute__((noinline)) void
ring_record_called(uint32_t info, unsigned int how, unsigned long func,
		   unsigned long caller, const struct rvt_ring_vals *vals,
		   struct rvt_ring_where *where)
{
	unsigned long flags = rvt_core.plat->irq_save();

	ring_write(rvt_core.hart_index(), info, how, func, caller,
		   rvt_clock_called, vals, where);
	rvt_core.plat->irq_restore(flags);
}

static inline __attribute__((always_inline)) void
ring_record(uint32_t info, unsigned int how, unsigned long func,
	    unsigned long caller, const struct rvt_ring_vals *vals,
	    struct rvt_ring_where *where)
{
	const unsigned int inline_ok = RVT_PLAT_FAST_MHARTID |
				       RVT_PLAT_FAST_TIME;
	unsigned long mie;

	if ((rvt_core.fast & inline_ok) != inline_ok) {
		ring_record_called(info, how, func, caller, vals, where);
		return;
	}
	/* mhartid is readable: M-mode, where mstatus.MIE masks them. */
	mie = rvt_m_irq_save();
	ring_write(rvt_csr_mhartid(), info, how, func, caller, rvt_csr_time,
		   vals, where);
	rvt_m_irq_restore(mie);
}

void rvt_ring_record(unsigned int kind, unsigned long func,
		     unsigned long caller, unsigned int depth)
{
	ring_record((kind & 0xfu) | ((depth & 0xfffu) << 4), 0, func, caller,
		    NULL, NULL);
}

void rvt_ring_record_of(const struct rvt_task *s, unsigned int kind,
			unsigned long func, unsigned long caller,
			unsigned int depth)
{
	ring_record((kind & 0xfu) | ((depth & 0xfffu) << 4) | s->info,
		    RING_OWN_TAG, func, caller, NULL, NULL);
}

/* Not inlined: only the C tracers' value-recording runs take this. */
void rvt_ring_record_vals(const struct rvt_task *s, unsigned int kind,
			  unsigned long func, unsigned long caller,
			  unsigned int depth, const struct rvt_ring_vals *vals,
			  struct rvt_ring_where *where)
{
	uint32_t info = (kind & 0xfu) | ((depth & 0xfffu) << 4);

	if (where)
		where->hart = RVT_MAX_HARTS;
	if (s)
		ring_record(info | s->info, RING_OWN_TAG, func, caller, vals,
			    where);
	else
		ring_record(info, 0, func, caller, vals, where);
}

void rvt_ring_record_entry(const struct rvt_task *s, unsigned long func,
			   unsigned long caller, unsigned int depth,
			   const struct rvt_regs *regs,
			   struct rvt_ring_where *where)
{
	unsigned int n = rvt_trace.nr_args, i;
	uint64_t v[RVT_DATA_FARG(RVT_TRACE_MAX_ARGS)];
	struct rvt_ring_vals vals = { .v = v };

	if (!n && !where) {
		if (s)
			rvt_ring_record_of(s, RVT_EVENT_ENTRY, func, caller,
					   depth);
		else
			rvt_ring_record(RVT_EVENT_ENTRY, func, caller, depth);
		return;
	}
	for (i = 0; i < n; i++) {
		v[RVT_DATA_ARG(i)] = regs->a[i];
#ifdef RVT_REGS_FP
		v[RVT_DATA_FARG(i)] = regs->fa[i];
#endif
	}
	args_runs(&vals, n);
	rvt_ring_record_vals(s, RVT_EVENT_ENTRY, func, caller, depth, &vals,
			     where);
}

void rvt_ring_record_switch(unsigned int from, unsigned int to)
{
	ring_record(RVT_EVENT_SWITCH, RING_LIVE, from, to, NULL, NULL);
}

void rvt_ring_follow(const struct rvt_ctx *c)
{
	struct rvt_ring *r = &rvt_trace.rings[c->index];
	uint32_t info = r->hart_info | (c->task ? c->task->info : 0);

	RVT_WRITE_ONCE(r->info, info);
	RVT_WRITE_ONCE(r->entry_info, info | RVT_EVENT_ENTRY);
	RVT_WRITE_ONCE(r->stack, rvt_shadow_stack_at(c));
}

/* Events beyond the capacity: overwritten, or dropped in stop mode. */
static unsigned long ring_excess(const struct rvt_ring *r)
{
	unsigned long head = RVT_READ_ONCE(r->head);

	return head > rvt_trace.cap ? head - rvt_trace.cap : 0;
}

bool rvt_ring_read(const struct rvt_ring *r, unsigned long idx,
		   struct rvt_event *out)
{
	const struct rvt_event *e = &r->ev[idx % rvt_trace.cap];
	uint32_t want = (uint32_t)(idx + 1);

	if (rvt_seq_unusable(idx) || RVT_READ_ONCE(e->seq) != want)
		return false;
	rvt_rmb();
	out->ts = e->ts;
	out->func = e->func;
	out->caller = e->caller;
	out->info = e->info;
	out->seq = want;
	/*
	 * Addresses and words but in a data event: on RV32 the assembly
	 * writes their lower words only, above which a data event's value may
	 * have stayed.
	 */
	if (RVT_EVENT_KIND(out->info) != RVT_EVENT_DATA) {
		out->func = (unsigned long)out->func;
		out->caller = (unsigned long)out->caller;
	}
	rvt_rmb();
	return RVT_READ_ONCE(e->seq) == want;
}

void rvt_trace_marker(unsigned long id)
{
	if (rvt_ready())
		rvt_ring_record(RVT_EVENT_MARKER, id,
				(unsigned long)__builtin_return_address(0), 0);
}

int rvt_trace_stats(struct rvt_trace_stats *st)
{
	unsigned int h, nr;

	if (!st)
		return RVT_EINVAL;
	if (!rvt_ready())
		return RVT_EPERM;
	nr = RVT_READ_ONCE(rvt_trace.nr_harts);
	st->recorded = st->overwritten = st->dropped = 0;
	for (h = 0; h < nr; h++) {
		const struct rvt_ring *r = &rvt_trace.rings[h];
		unsigned long head = RVT_READ_ONCE(r->head);
		unsigned long excess = ring_excess(r);

		st->recorded += head - excess;
		if (rvt_trace.flags & RVT_TRACE_STOP_WHEN_FULL)
			st->dropped += excess;
		else
			st->overwritten += excess;
	}
	return 0;
}
