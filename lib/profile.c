// SPDX-License-Identifier: BSD-2-Clause
/*
 * The profiler (rvtrace/profile.h): an entry hook pushes a shadow frame with
 * the entry time; the frame's exit adds the call's inclusive time to its
 * function, its self time (inclusive minus what the profiled callees took)
 * too, and its inclusive time to the caller's frame. Figures are shared by
 * all harts and updated with atomics, so interrupts and other harts never
 * lose a call.
 *
 * The entry finds its function's record without a search: the buffer also
 * holds a bucket index of the text, bucket b covering the addresses
 * (b << shift) above the first site, and giving the first site at or above
 * them. With up to two buckets per site a look-up reads a bucket word and
 * mostly one site address, whatever the number of sites.
 */
#include <rvtrace/names.h>

#include "fmt.h"
#include "ring.h"
#include "shadow.h"

#ifndef RVTRACE_PROFILE_POOL
#define RVTRACE_PROFILE_POOL	16384
#endif

/* A 64-bit counter that rv32 adds to with 32-bit atomics. */
union counter {
	uint64_t v;
	uint32_t w[2];		/* little-endian: low word first */
};

struct prof_rec {
	union counter hits, total, self;
	unsigned long min, max;
};

/* What the assembly entry and exit read too (asm_layout.h). */
struct rvt_prof {
	unsigned long live;		/* the hook may count: table is set up */
	struct prof_rec *table;		/* one per site; NULL: no profile taken */
	uint32_t *buckets;		/* after the records: bucket_count + 1 */
	unsigned long bucket_count;
	unsigned long bucket_shift;
	const unsigned long *sites;	/* rvt_core.sites */
	unsigned long first;		/* sites[0]: where bucket 0 begins */
};

_Static_assert(offsetof(struct rvt_prof, live) == RVT_PROF_LIVE &&
	       offsetof(struct rvt_prof, table) == RVT_PROF_TABLE &&
	       offsetof(struct rvt_prof, buckets) == RVT_PROF_BUCKETS &&
	       offsetof(struct rvt_prof, bucket_shift) == RVT_PROF_SHIFT &&
	       offsetof(struct rvt_prof, sites) == RVT_PROF_SITES &&
	       offsetof(struct rvt_prof, first) == RVT_PROF_FIRST &&
	       offsetof(struct prof_rec, hits) == RVT_PREC_HITS &&
	       offsetof(struct prof_rec, total) == RVT_PREC_TOTAL &&
	       offsetof(struct prof_rec, self) == RVT_PREC_SELF &&
	       offsetof(struct prof_rec, min) == RVT_PREC_MIN &&
	       offsetof(struct prof_rec, max) == RVT_PREC_MAX &&
	       sizeof(struct prof_rec) == RVT_PREC_SIZE &&
	       offsetof(struct rvt_shadow_frame, ts) == RVT_FRAME_TS &&
	       offsetof(struct rvt_shadow_frame, child) == RVT_FRAME_CHILD &&
	       RVT_SHADOW_PROFILE == RVT_SHADOW_OWNER_PROFILE,
	       "the assembly's layout (asm_layout.h)");

/*
 * A profiler frame's owner word holds its record's offset in the table, the
 * owner number in the low bits a record's size leaves clear: the exit adds
 * it to the table as it is.
 */
_Static_assert(sizeof(struct prof_rec) % 4 == 0, "owner bits clear");

static unsigned long rec_offset(unsigned long owner)
{
	return owner & ~3ul;
}

RVT_POOL(pool, struct prof_rec, RVTRACE_PROFILE_POOL);
static struct rvt_ops profile_ops;
struct rvt_prof rvt_prof;
static unsigned int running;	/* claimed by the start that owns the hook */

static void counter_add(union counter *c, uint64_t v)
{
#if __riscv_xlen != 32
	__atomic_fetch_add(&c->v, v, __ATOMIC_RELAXED);
#else
	uint32_t lo = (uint32_t)v;
	uint32_t old = __atomic_fetch_add(&c->w[0], lo, __ATOMIC_RELAXED);
	uint32_t hi = (uint32_t)(v >> 32) + (old + lo < old);

	/* Each adder carries its own overflow, so no carry is lost. */
	if (hi)
		__atomic_fetch_add(&c->w[1], hi, __ATOMIC_RELAXED);
#endif
}

static uint64_t counter_read(const union counter *c)
{
#if __riscv_xlen != 32
	return RVT_READ_ONCE(c->v);
#else
	uint32_t hi, lo;

	do {
		hi = RVT_READ_ONCE(c->w[1]);
		lo = RVT_READ_ONCE(c->w[0]);
	} while (hi != RVT_READ_ONCE(c->w[1]));
	return (uint64_t)hi << 32 | lo;
#endif
}

/* Move *p to v if v is below it (lower) or above it (!lower). */
static void bound_to(unsigned long *p, unsigned long v, bool lower)
{
	unsigned long cur = RVT_READ_ONCE(*p);

	while ((lower ? v < cur : v > cur) &&
	       !__atomic_compare_exchange_n(p, &cur, v, true, __ATOMIC_RELAXED,
					    __ATOMIC_RELAXED))
		;
}

/*
 * The smallest shift that leaves at most two buckets per site: with one,
 * a look-up in a cluster of small functions (accessors, helpers) read
 * about two sites more (bench: profile_call on mix, 153 -> 148).
 */
static unsigned int shift_for_sites(void)
{
	int n = rvt_core.nr_sites;
	unsigned long span = n ? rvt_site_addr(n - 1) - rvt_site_addr(0) : 0;
	unsigned int shift = 1;

	while ((span >> shift) >= 2ul * (unsigned long)n &&
	       shift < 8 * sizeof(span))
		shift++;
	return shift;
}

static size_t nr_buckets(unsigned int shift)
{
	int n = rvt_core.nr_sites;

	return n ? ((rvt_site_addr(n - 1) - rvt_site_addr(0)) >> shift) + 1 : 0;
}

static void buckets_fill(uint32_t *b, unsigned int shift)
{
	size_t nb = nr_buckets(shift), k;
	int i = 0;

	for (k = 0; k < nb; k++) {
		while (i < rvt_core.nr_sites &&
		       (rvt_site_addr(i) - rvt_site_addr(0)) >> shift < k)
			i++;
		b[k] = (uint32_t)i;
	}
	b[nb] = (uint32_t)rvt_core.nr_sites;
}

/* The site index of ip, or -1. */
static int site_of(unsigned long ip)
{
	size_t k;
	uint32_t i, end;

	if (!rvt_prof.bucket_count)
		return -1;
	k = (ip - rvt_site_addr(0)) >> rvt_prof.bucket_shift;
	if (k >= rvt_prof.bucket_count)
		return -1;
	for (i = rvt_prof.buckets[k], end = rvt_prof.buckets[k + 1]; i < end;
	     i++)
		if (rvt_site_addr((int)i) == ip)
			return (int)i;
	return -1;
}

static void profile_entry(unsigned long ip, unsigned long parent_ip,
			  struct rvt_ops *ops, struct rvt_regs *regs)
{
	struct rvt_shadow_frame *f;
	struct rvt_task *s;
	int index;

	(void)parent_ip;
	(void)ops;
	if (!__atomic_load_n(&rvt_prof.live, __ATOMIC_ACQUIRE) ||
	    !rvt_trace_recording())
		return;
	index = site_of(ip);
	if (index < 0)
		return;
	f = rvt_shadow_push(regs, ip, RVT_SHADOW_PROFILE |
			    (unsigned long)index * sizeof(struct prof_rec), &s);
	if (f) {
		f->child = 0;
		f->ts = (unsigned long)rvt_now();
	}
}

/*
 * Durations are differences of clock readings modulo the word size. Masked
 * from the read of the table to the last add, as graph_return.S is: the
 * start's round then finds the exit outside (rvt_profile_start()).
 */
void rvt_profile_frame_exit(struct rvt_task *s, struct rvt_shadow_frame *f)
{
	unsigned long flags = rvt_core.plat->irq_save();
	struct prof_rec *r = (struct prof_rec *)
		((char *)RVT_READ_ONCE(rvt_prof.table) + rec_offset(f->owner));
	unsigned long dur = (unsigned long)rvt_now() - f->ts;
	unsigned long self = dur > f->child ? dur - f->child : 0;
	struct rvt_shadow_frame *up;

	for (up = f; up > s->frames; ) {
		up--;
		if (RVT_SHADOW_OWNER(up->owner) == RVT_SHADOW_PROFILE) {
			up->child += dur;
			break;
		}
	}
	counter_add(&r->hits, 1);
	counter_add(&r->total, dur);
	counter_add(&r->self, self);
	bound_to(&r->min, dur, true);
	bound_to(&r->max, dur, false);
	rvt_core.plat->irq_restore(flags);
}

static size_t records_bytes(void)
{
	return (size_t)rvt_core.nr_sites * sizeof(struct prof_rec);
}

size_t rvt_profile_bytes(void)
{
	size_t words;

	if (!rvt_ready())
		return 0;
	words = nr_buckets(shift_for_sites()) + 1;
	/* Whole 8-byte words, as the records are. */
	return records_bytes() + (words * sizeof(uint32_t) + 7) / 8 * 8;
}

/* Where the table goes; nothing is written yet. */
static int table_place(const struct rvt_trace_config *cfg,
		       struct prof_rec **out)
{
	struct prof_rec *t = RVT_POOL_AT(pool);
	size_t bytes = sizeof(pool);

	if (cfg && (cfg->flags & ~RVT_TRACE_START_OFF))
		return RVT_EINVAL;
	if (cfg && cfg->buffer) {
		if ((uintptr_t)cfg->buffer % sizeof(uint64_t))
			return RVT_EINVAL;
		t = cfg->buffer;
		bytes = cfg->buffer_size;
	}
	if (!t)
		return RVT_EINVAL;
	if (bytes < rvt_profile_bytes())
		return RVT_ENOSPC;
	*out = t;
	return 0;
}

static void table_init(struct prof_rec *t)
{
	int i;

	rvt_zero(t, rvt_profile_bytes());
	for (i = 0; i < rvt_core.nr_sites; i++)
		t[i].min = ~0ul;
	rvt_prof.bucket_shift = shift_for_sites();
	rvt_prof.bucket_count = nr_buckets(rvt_prof.bucket_shift);
	rvt_prof.buckets = (uint32_t *)(void *)((char *)t + records_bytes());
	rvt_prof.sites = rvt_core.sites;
	rvt_prof.first = rvt_core.nr_sites ? rvt_core.sites[0] : 0;
	buckets_fill(rvt_prof.buckets, rvt_prof.bucket_shift);
}

/*
 * Exits count themselves nowhere, so no drain waits for one that read the
 * last table: a round after the new table's store does. An exit is masked
 * from its load of the table to its last add, so on every other hart it
 * has either added before the hart answers or loads the new table
 * (test/model/profile_exit.pml); a hart answered for was not waited for.
 */
static int table_round(void)
{
	int ret = rvt_lock();

	if (ret)
		return ret;
	ret = rvt_sync_answered();
	rvt_unlock();
	return ret;
}

/*
 * The hook is registered before the table is touched, so a refused start
 * leaves the last profile as it was; it counts nothing until live is set.
 * Calls still running from the last profile add to the new one.
 */
int rvt_profile_start(const struct rvt_trace_config *cfg)
{
	struct prof_rec *t;
	int ret;

	if (!rvt_ready())
		return RVT_EPERM;
	if (__atomic_exchange_n(&running, 1, __ATOMIC_ACQUIRE))
		return RVT_EBUSY;
	ret = table_place(cfg, &t);
	if (!ret) {
		rvt_zero(&profile_ops, sizeof(profile_ops));
		profile_ops.func = profile_entry;
		profile_ops.core.fast = rvt_recorder_fast(rvt_profile_record);
		if (cfg) {
			profile_ops.filter = cfg->filter;
			profile_ops.filter_len = cfg->filter_len;
		}
		ret = rvt_register(&profile_ops);
	}
	if (!ret) {
		struct prof_rec *last = rvt_prof.table;

		table_init(t);
		/* Release: an exit that finds the table finds it cleared. */
		__atomic_store_n(&rvt_prof.table, t, __ATOMIC_RELEASE);
		/*
		 * The assembly entry's loads of the table are ordered after
		 * its count, not after its read of live: one counted in
		 * meanwhile could take an old field (test/model/start.pml).
		 * Timed out, the last profile is read again (cleared if it
		 * was in this buffer); the entry reads the rest only live.
		 */
		ret = rvt_ring_drain(RVT_MAX_HARTS);
		if (!ret)
			ret = table_round();
		if (ret) {
			RVT_WRITE_ONCE(rvt_prof.table, last);
			if (rvt_unregister(&profile_ops))
				return ret;	/* still running: stop it */
		}
	}
	if (ret) {
		__atomic_store_n(&running, 0, __ATOMIC_RELEASE);
		return ret;
	}
	rvt_trace_switch_for(cfg);
	rvt_shadow_fast_exit(RVT_SHADOW_PROFILE, profile_ops.core.fast != 0);
	__atomic_store_n(&rvt_prof.live, 1, __ATOMIC_RELEASE);
	return 0;
}

int rvt_profile_running(void)
{
	return (int)__atomic_load_n(&running, __ATOMIC_ACQUIRE);
}

int rvt_profile_stop(void)
{
	int ret;

	if (!rvt_ready())
		return RVT_EPERM;
	if (!RVT_READ_ONCE(running))
		return RVT_ENOENT;
	ret = rvt_unregister_again(&profile_ops);
	if (ret)
		return ret;
	/*
	 * The assembly entry is not waited for by the unregister: like the
	 * tracers' recorders it counts itself in before it checks live
	 * (test/model/recorder.pml).
	 */
	__atomic_store_n(&rvt_prof.live, 0, __ATOMIC_RELEASE);
	rvt_shadow_fast_exit(RVT_SHADOW_PROFILE, false);
	ret = rvt_ring_drain(RVT_MAX_HARTS);
	if (ret)
		return ret;
	__atomic_store_n(&running, 0, __ATOMIC_RELEASE);
	return 0;
}

void rvt_profile_reset(void)
{
	rvt_zero(&rvt_prof, sizeof(rvt_prof));
	running = 0;
}

/* Profiled functions in rank order: busiest self time first, then address. */
static bool ranks_before(uint64_t self_a, int a, uint64_t self_b, int b)
{
	return self_a > self_b || (self_a == self_b && a < b);
}

static void fill_entry(int i, struct rvt_profile_entry *e)
{
	const struct prof_rec *r = &rvt_prof.table[i];

	e->func = (const void *)rvt_site_func(i);
	e->hits = counter_read(&r->hits);
	e->total = counter_read(&r->total);
	e->self = counter_read(&r->self);
	e->min = RVT_READ_ONCE(r->min);
	e->max = RVT_READ_ONCE(r->max);
	if (e->min > e->max)
		e->min = e->max;
}

int rvt_profile_next(struct rvt_profile_entry *e)
{
	int after = -1, best = -1, i;
	uint64_t after_self = 0, best_self = 0;

	if (!e)
		return RVT_EINVAL;
	if (!rvt_ready() || !RVT_READ_ONCE(rvt_prof.table))
		return RVT_ENOENT;
	if (e->func) {
		after = rvt_site_index(e->func);
		if (after < 0)
			return RVT_EINVAL;
		after_self = e->self;
	}
	for (i = 0; i < rvt_core.nr_sites; i++) {
		uint64_t self = counter_read(&rvt_prof.table[i].self);

		if (!counter_read(&rvt_prof.table[i].hits))
			continue;
		if (after >= 0 && !ranks_before(after_self, after, self, i))
			continue;
		if (best < 0 || ranks_before(self, i, best_self, best)) {
			best = i;
			best_self = self;
		}
	}
	if (best < 0)
		return RVT_ENOENT;
	fill_entry(best, e);
	e->self = best_self;
	return 0;
}

/* For the dump: profiled functions in address order. */
unsigned int rvt_profile_count(void)
{
	unsigned int n = 0;
	int i;

	if (!RVT_READ_ONCE(rvt_prof.table))
		return 0;
	for (i = 0; i < rvt_core.nr_sites; i++)
		n += counter_read(&rvt_prof.table[i].hits) != 0;
	return n;
}

int rvt_profile_dump(rvt_write_fn emit, void *ctx, unsigned int limit,
		     size_t *count)
{
	struct rvt_dump_profile rec;
	struct rvt_profile_entry e;
	int i, ret = 0;

	for (i = 0; !ret && limit && i < rvt_core.nr_sites; i++) {
		if (!counter_read(&rvt_prof.table[i].hits))
			continue;
		fill_entry(i, &e);
		rvt_zero(&rec, sizeof(rec));
		rec.func = (uintptr_t)e.func;
		rec.hits = e.hits;
		rec.total = e.total;
		rec.self = e.self;
		rec.min = e.min;
		rec.max = e.max;
		ret = rvt_write_out(emit, ctx, &rec, sizeof(rec), count);
		limit--;
	}
	/* Fewer than counted only if a start raced the dump: keep the count. */
	rvt_zero(&rec, sizeof(rec));
	for (; !ret && limit; limit--)
		ret = rvt_write_out(emit, ctx, &rec, sizeof(rec), count);
	return ret;
}

/* --- The report ------------------------------------------------------ */

/* Nanoseconds per tick when that is a whole number, else 0 (print ticks). */
static unsigned long ns_per_tick(void)
{
	uint64_t hz64 = rvt_core.plat->clock_hz;
	unsigned long hz = (unsigned long)hz64;

	if (!hz64 || hz64 > 1000000000u || 1000000000ul % hz)
		return 0;
	return 1000000000ul / hz;
}

static char *put_time(char *o, uint64_t ticks, unsigned long ns)
{
	char *start = o;
	unsigned int frac;
	uint64_t us;

	if (!ns)
		return rvt_fmt_right(start, rvt_fmt_dec(o, ticks), 12);
	ticks *= ns;
	us = rvt_udiv64(ticks, 1000);
	frac = (unsigned int)(ticks - us * 1000);
	o = rvt_fmt_dec(o, us);
	*o++ = '.';
	*o++ = (char)('0' + frac / 100);
	*o++ = (char)('0' + frac / 10 % 10);
	*o++ = (char)('0' + frac % 10);
	return rvt_fmt_right(start, o, 12);
}

static char *put_func(char *o, const void *func)
{
	unsigned long off;
	const char *name = rvt_name_of(func, &off);
	char *start = o;

	if (name && !off)
		o = rvt_fmt_str(o, name);
	else
		o = rvt_fmt_hex(rvt_fmt_str(o, "0x"), (uintptr_t)func,
				2 * (int)sizeof(long));
	/* Columns line up for names up to 30 characters. */
	while (o - start < 30)
		*o++ = ' ';
	*o++ = ' ';
	return o;
}

int rvt_profile_report(rvt_write_fn write, void *ctx, unsigned int max_rows)
{
	static const char *const heads[] = {
		"hits", "total", "avg", "min", "max", "self",
	};
	unsigned long ns = ns_per_tick();
	struct rvt_profile_entry e;
	char line[256], *o;
	unsigned int rows = 0, i;
	size_t count = 0;
	int ret;

	if (!write)
		return RVT_EINVAL;
	e.func = NULL;
	ret = rvt_profile_next(&e);
	if (ret)
		return ret;
	o = rvt_fmt_str(line, ns ? "function (times in us)" :
				   "function (times in clock ticks)");
	while (o - line < 31)
		*o++ = ' ';
	for (i = 0; i < sizeof(heads) / sizeof(heads[0]); i++) {
		char *col = o;

		o = rvt_fmt_right(col, rvt_fmt_str(o, heads[i]), i ? 12 : 10);
	}
	*o++ = '\n';
	ret = rvt_write_out(write, ctx, line, (size_t)(o - line), &count);
	if (ret)
		return ret;
	for (;;) {
		char *col;

		o = put_func(line, e.func);
		col = o;
		o = rvt_fmt_right(col, rvt_fmt_dec(o, e.hits), 10);
		o = put_time(o, e.total, ns);
		o = put_time(o, rvt_udiv64(e.total, e.hits), ns);
		o = put_time(o, e.min, ns);
		o = put_time(o, e.max, ns);
		o = put_time(o, e.self, ns);
		*o++ = '\n';
		ret = rvt_write_out(write, ctx, line, (size_t)(o - line),
				    &count);
		if (ret)
			return ret;
		rows++;
		if ((max_rows && rows >= max_rows) || rvt_profile_next(&e))
			return (int)rows;
	}
}
