// SPDX-License-Identifier: BSD-2-Clause
/*
 * The function-graph tracer: an entry event and a shadow frame on the way
 * in, an exit event when the frame comes back (lib/shadow.c). Alone on its
 * sites, where the platform allows, it is the assembly recorder
 * rvt_graph_record (rvt_graph_record_args with the argument registers)
 * with its exit in rvt_graph_return, the return values included;
 * otherwise, and whenever it keeps only slow calls, this hook.
 */
#include "asm_layout.h"
#include "fmt.h"
#include "ring.h"
#include "shadow.h"

static struct rvt_ops graph_ops;

/*
 * The slowest call of func (rvtrace/graph.h): kept by a hart that takes
 * lock, so a reader never sees half a dump, and a hart that finds it taken
 * does not wait in the traced function's exit.
 */
static struct {
	const void *func;	/* NULL: no run asked for one */
	uint8_t *buf;
	size_t size;
	unsigned int lock;
	uint64_t ticks;
	/* ticks, read without the lock: a word, whole on RV32 too. */
	unsigned long floor;
	uint32_t hart, len;
	unsigned long missed;
} slowest;

/*
 * A frame that this run's hook pushed with a threshold or for the slowest
 * call has in child the run's tag (its rings' generation, which every
 * start moves) above, for the slowest call, the hart its entry event went
 * to + 1 (0: not recorded), and in ts the entry's time (threshold) or
 * claim (slowest call). A frame of an earlier run, or one the assembly
 * pushed (it leaves child as it was), has another tag: its ts means
 * nothing now.
 */
#define TAG_SHIFT	9
#define ENTRY_HART(f)	((f)->child & ((1ul << TAG_SHIFT) - 1))

static unsigned long run_tag(void)
{
	return RVT_READ_ONCE(rvt_trace.generation) << TAG_SHIFT;
}

static bool this_run(const struct rvt_shadow_frame *f)
{
	return (f->child & ~((1ul << TAG_SHIFT) - 1)) == run_tag();
}

/*
 * The call depth counts the graph's own frames, kept in the frame's owner
 * word where its events keep it (asm_layout.h). A stack holds at most
 * RVT_TASK_MAX_FRAMES frames, so the depth fits that field as it is.
 */
_Static_assert(RVT_TASK_MAX_FRAMES - 1 <= RVT_GRAPH_DEPTH_MASK,
	       "the deepest frame's depth fits the event's field");

static unsigned int frame_depth(const struct rvt_shadow_frame *f)
{
	return (unsigned int)(f->owner >> RVT_GRAPH_DEPTH_SHIFT) &
	       RVT_GRAPH_DEPTH_MASK;
}

static unsigned int graph_depth(const struct rvt_task *s,
				const struct rvt_shadow_frame *f)
{
	while (f > s->frames) {
		f--;
		if (RVT_SHADOW_OWNER(f->owner) == RVT_SHADOW_GRAPH)
			return frame_depth(f) + 1;
	}
	return 0;
}

static void graph_entry(unsigned long ip, unsigned long parent_ip,
			struct rvt_ops *ops, struct rvt_regs *regs)
{
	struct rvt_shadow_frame *f;
	struct rvt_task *s;
	unsigned int depth;

	(void)ops;
	(void)parent_ip;
	f = rvt_shadow_push(regs, ip, RVT_SHADOW_GRAPH, &s);
	if (!f)
		return;
	depth = graph_depth(s, f);
	f->owner |= (unsigned long)depth << RVT_GRAPH_DEPTH_SHIFT;
	/* With a threshold the exit decides, from the entry time. */
	if (rvt_trace.thresh) {
		f->ts = (unsigned long)rvt_now();
		f->child = run_tag();
	} else if ((const void *)ip == RVT_READ_ONCE(slowest.func)) {
		struct rvt_ring_where w;

		rvt_ring_record_entry(s, ip, rvt_shadow_caller(s, f), depth,
				      regs, &w);
		f->ts = w.idx;
		f->child = run_tag() |
			   (w.hart < RVT_MAX_HARTS ? w.hart + 1 : 0);
	} else {
		rvt_ring_record_entry(s, ip, rvt_shadow_caller(s, f), depth,
				      regs, NULL);
	}
}

void rvt_graph_reset(void)
{
	rvt_zero(&slowest, sizeof(slowest));
}

static bool slowest_try_lock(void)
{
	return !__atomic_exchange_n(&slowest.lock, 1, __ATOMIC_ACQUIRE);
}

static void slowest_unlock(void)
{
	__atomic_store_n(&slowest.lock, 0, __ATOMIC_RELEASE);
}

/*
 * Outside a traced exit, waited for: a hart keeping a call or a reader
 * lets go soon, but one this interrupted cannot, hence the deadline.
 */
static int slowest_lock(void)
{
	struct rvt_deadline d = { 0 };

	/* Before rvt_init() the lock may hold whatever memory held. */
	if (!rvt_ready())
		return RVT_EPERM;
	while (!slowest_try_lock())
		if (rvt_wait_step(&d))
			return RVT_ETIMEDOUT;
	return 0;
}

/*
 * The call of frame f, whose exit event went where w says, if it is the
 * slowest so far: its entry and exit on one hart, every event between
 * still in the ring, and room in the buffer.
 */
static void slowest_keep(const struct rvt_shadow_frame *f,
			 const struct rvt_ring_where *w)
{
	struct rvt_event entry;
	uint64_t took;
	size_t len;

	if (w->hart + 1 != ENTRY_HART(f))
		return;
	if (!rvt_ring_read(&rvt_trace.rings[w->hart], f->ts, &entry) ||
	    RVT_EVENT_KIND(entry.info) != RVT_EVENT_ENTRY ||
	    entry.func != f->func) {
		__atomic_fetch_add(&slowest.missed, 1, __ATOMIC_RELAXED);
		return;
	}
	took = w->ts - entry.ts;
	if (took <= RVT_READ_ONCE(slowest.floor))
		return;
	if (!slowest_try_lock()) {
		__atomic_fetch_add(&slowest.missed, 1, __ATOMIC_RELAXED);
		return;
	}
	if (took > slowest.ticks) {
		len = rvt_dump_hart_events(slowest.buf, slowest.size, w->hart,
					   f->ts, w->last);
		if (len) {
			slowest.ticks = took;
			RVT_WRITE_ONCE(slowest.floor, took < ~0ul ?
				       (unsigned long)took : ~0ul);
			slowest.hart = w->hart;
			slowest.len = (uint32_t)len;
		} else {
			__atomic_fetch_add(&slowest.missed, 1, __ATOMIC_RELAXED);
		}
	}
	slowest_unlock();
}

/* The return registers' values, RVT_RET_VALUES from number 0. */
static void ret_vals(const struct rvt_ret_regs *ret, uint64_t *v)
{
	const unsigned long *a = (const unsigned long *)ret;

	v[RVT_DATA_RET_A0] = a[0];
	v[RVT_DATA_RET_A1] = a[1];
#ifdef RVT_REGS_FP
	v[RVT_DATA_RET_FA0] = *(const rvt_freg_t *)((const char *)ret +
						     RVT_RET_FA0);
#endif
}

void rvt_graph_frame_exit(struct rvt_task *s, struct rvt_shadow_frame *f,
			  const struct rvt_ret_regs *ret)
{
	unsigned int depth = frame_depth(f);
	uint64_t v[RVT_DATA_ENTRY_TS + 1];
	struct rvt_ring_vals vals = { .v = v };
	unsigned int kind = RVT_EVENT_EXIT;
	uint64_t thresh = rvt_trace.thresh;

	if (rvt_trace.flags & RVT_TRACE_RETVAL) {
		ret_vals(ret, v);
		vals.count[0] = RVT_RET_VALUES;
	}
	if (thresh) {
		uint64_t now = rvt_now();
		unsigned long took = (unsigned long)now - f->ts;

		/* A call of an earlier run has no entry time: nothing. */
		if (!this_run(f) || took < thresh)
			return;
		kind = RVT_EVENT_CALL;
		v[RVT_DATA_ENTRY_TS] = now - took;
		/* After fa0 in the same run; without it, a run of its own. */
		if (vals.count[0] == RVT_DATA_ENTRY_TS) {
			vals.count[0]++;
		} else {
			vals.first[1] = RVT_DATA_ENTRY_TS;
			vals.count[1] = 1;
		}
	}
	if ((const void *)f->func == slowest.func && this_run(f) &&
	    ENTRY_HART(f)) {
		struct rvt_ring_where w;

		rvt_ring_record_vals(s, kind, f->func, rvt_shadow_caller(s, f),
				     depth, &vals, &w);
		if (w.hart < RVT_MAX_HARTS)
			slowest_keep(f, &w);
	} else if (vals.count[0] || vals.count[1]) {
		rvt_ring_record_vals(s, kind, f->func, rvt_shadow_caller(s, f),
				     depth, &vals, NULL);
	} else {
		rvt_ring_record_of(s, kind, f->func, rvt_shadow_caller(s, f),
				   depth);
	}
}

/* What a run's configuration asks of the slowest call, checked first. */
static int slowest_check(const struct rvt_trace_config *cfg)
{
	if (!cfg || !cfg->max_func)
		return 0;
	if (cfg->thresh || !cfg->max_buf ||
	    cfg->max_size < sizeof(struct rvt_dump_header) +
				    sizeof(struct rvt_dump_hart) +
				    2 * sizeof(struct rvt_event))
		return RVT_EINVAL;
	return 0;
}

/*
 * A started run forgets the last one's call, and keeps its own if asked;
 * under the lock, which the start took.
 */
static void slowest_reset(const struct rvt_trace_config *cfg)
{
	slowest.buf = cfg ? cfg->max_buf : NULL;
	slowest.size = cfg ? cfg->max_size : 0;
	slowest.ticks = 0;
	RVT_WRITE_ONCE(slowest.floor, 0);
	slowest.len = 0;
	RVT_WRITE_ONCE(slowest.missed, 0);
	__atomic_store_n(&slowest.func, cfg ? cfg->max_func : NULL,
			 __ATOMIC_RELEASE);
}

int rvt_graph_start(const struct rvt_trace_config *cfg)
{
	bool in_c = cfg && (cfg->thresh || cfg->max_func);
	bool args = cfg && cfg->nr_args;
	bool vals = cfg && (cfg->flags & RVT_TRACE_RETVAL);
	int ret;

	if (!rvt_ready())
		return RVT_EPERM;
	if (cfg && cfg->thresh && cfg->nr_args)
		return RVT_EINVAL;
	ret = slowest_check(cfg);
	if (ret)
		return ret;
	/* Taken first: a start that cannot take it changes nothing. */
	if (slowest_lock())
		return RVT_EBUSY;
	ret = rvt_tracer_start(&graph_ops, graph_entry,
			       in_c ? NULL :
			       args ? rvt_graph_record_args : rvt_graph_record,
			       RVT_DUMP_TRACER_GRAPH, cfg);
	if (!ret)
		slowest_reset(cfg);
	slowest_unlock();
	if (ret)
		return ret;
	/* Its exits in assembly too where its entry is, with their values. */
	rvt_shadow_fast_exit(vals ? RVT_GRAPH_EXIT_VALS : RVT_SHADOW_GRAPH,
			     graph_ops.core.fast != 0);
	return 0;
}

int rvt_graph_stop(void)
{
	int ret = rvt_tracer_stop(&graph_ops);

	if (!ret) {
		rvt_shadow_fast_exit(RVT_SHADOW_GRAPH, false);
		rvt_shadow_fast_exit(RVT_GRAPH_EXIT_VALS, false);
	}
	return ret;
}

int rvt_graph_max(struct rvt_graph_max *m)
{
	int ret;

	if (!m)
		return RVT_EINVAL;
	ret = slowest_lock();
	if (ret)
		return ret;
	m->ticks = slowest.ticks;
	m->hart = slowest.hart;
	m->len = slowest.len;
	m->missed = RVT_READ_ONCE(slowest.missed);
	ret = slowest.buf ? 0 : RVT_ENOENT;
	slowest_unlock();
	return ret;
}

/* The kept dump, held so that no hart replaces it meanwhile. */
static int slowest_out(rvt_write_fn write, void *ctx, bool text)
{
	size_t count = 0;
	int ret;

	if (!write)
		return RVT_EINVAL;
	ret = slowest_lock();
	if (ret)
		return ret;
	if (!slowest.len)
		ret = RVT_ENOENT;
	else if (text)
		ret = rvt_dump_frame_text(slowest.buf, slowest.len, write,
					  ctx);
	else
		ret = rvt_write_out(write, ctx, slowest.buf, slowest.len,
				    &count);
	slowest_unlock();
	return ret ? ret : (int)count;
}

int rvt_graph_max_dump(rvt_write_fn write, void *ctx)
{
	return slowest_out(write, ctx, false);
}

int rvt_graph_max_dump_text(rvt_write_fn write, void *ctx)
{
	return slowest_out(write, ctx, true);
}
