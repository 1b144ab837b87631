// SPDX-License-Identifier: BSD-2-Clause
/*
 * Dumps of the event rings: the binary format of rvtrace/trace.h, and the
 * same bytes as framed text lines. Both stream through the caller's writer
 * and use one snapshot of the ring heads, so the size announced by the text
 * frame is the size written. The consuming read (rvt_trace_read()) writes
 * the same format, a chunk: only the events since the last read.
 */
#include "fmt.h"
#include "ring.h"

/* The format is the same for rv32 and rv64: no padding the ABI could move. */
_Static_assert(sizeof(struct rvt_dump_header) == 120 &&
	       sizeof(struct rvt_dump_hart) == 24 &&
	       sizeof(struct rvt_event) == 32 &&
	       sizeof(struct rvt_dump_profile) == 48 &&
	       sizeof(struct rvt_dump_task) == 24,
	       "dump layout of rvtrace/trace.h");

/*
 * What goes out: per hart the claims [lo, hi) and the counts its section
 * reports (a dump: since the start; a chunk: since the last read).
 */
struct plan {
	unsigned long lo[RVT_MAX_HARTS], hi[RVT_MAX_HARTS];
	unsigned long over[RVT_MAX_HARTS], drop[RVT_MAX_HARTS];
	unsigned int nr;
	unsigned int nr_profile;
	unsigned int nr_tasks;
	unsigned long task_changes;	/* rvt_task_changes() when planned */
	uint8_t flags;		/* RVT_DUMP_SNAPSHOT */
	size_t names;		/* bytes of the names table, padded */
	size_t bytes;
};

#define NAMES_ALIGN	8
/* header_size is 16 bits wide, and the table is part of the header. */
#define NAMES_MAX	((0xffffu - sizeof(struct rvt_dump_header)) & \
			 ~(size_t)(NAMES_ALIGN - 1))

/*
 * The embedded names table goes at the end of the header, where a decoder
 * that does not know it skips it as a longer header; padded so that the
 * sections after it stay 8-byte aligned. 0 without one, or when it is too
 * large for the header (then only the ELF names functions).
 */
static size_t names_bytes(void)
{
	const void *at;
	size_t n = rvt_names_image(&at);

	n = (n + NAMES_ALIGN - 1) & ~(size_t)(NAMES_ALIGN - 1);
	return n <= NAMES_MAX ? n : 0;
}

/* The bytes the plan writes: the text frame announces them first. */
static void plan_size(struct plan *pl)
{
	unsigned int h;

	pl->bytes = sizeof(struct rvt_dump_header) + pl->names +
		    pl->nr_profile * sizeof(struct rvt_dump_profile) +
		    pl->nr_tasks * sizeof(struct rvt_dump_task);
	for (h = 0; h < pl->nr; h++)
		pl->bytes += sizeof(struct rvt_dump_hart) +
			     (pl->hi[h] - pl->lo[h]) * sizeof(struct rvt_event);
}

/* Which events of each ring go into the dump: the last cap claimed. */
static int make_plan(struct plan *pl)
{
	unsigned int h;

	if (!rvt_ready())
		return RVT_EPERM;
	pl->nr = RVT_READ_ONCE(rvt_trace.nr_harts);
	pl->nr_profile = rvt_profile_count();
	if (!pl->nr && !pl->nr_profile)
		return RVT_ENOENT;
	pl->flags = 0;
	pl->names = names_bytes();
	pl->nr_tasks = rvt_task_count();
	for (h = 0; h < pl->nr; h++) {
		const struct rvt_ring *r = &rvt_trace.rings[h];
		unsigned long head = RVT_READ_ONCE(r->head);
		unsigned long excess = head > rvt_trace.cap ?
				       head - rvt_trace.cap : 0;

		if (rvt_trace.flags & RVT_TRACE_STOP_WHEN_FULL) {
			pl->lo[h] = 0;
			pl->hi[h] = head - excess;
			pl->over[h] = 0;
			pl->drop[h] = excess;
		} else {
			pl->lo[h] = excess;
			pl->hi[h] = head;
			pl->over[h] = excess;
			pl->drop[h] = 0;
		}
	}
	plan_size(pl);
	return 0;
}

/*
 * Whether claim idx is settled: its event published (and not replaced), or
 * never to be told from a busy slot (rvt_seq_unusable()), so lost.
 */
static bool settled(const struct rvt_ring *r, unsigned long idx)
{
	return rvt_seq_unusable(idx) ||
	       RVT_READ_ONCE(r->ev[idx % rvt_trace.cap].seq) ==
		       (uint32_t)(idx + 1);
}

/*
 * A chunk: per hart the events from the last read on, up to the first one
 * still being written (it and those after it go in the next chunk, so each
 * hart's events stay in order); a claim that can never read as published
 * goes out as lost instead of being waited for (settled()).
 * Claims whose slots were reused before this read are counted as
 * overwritten; in stop mode, claims beyond the capacity as dropped. The
 * first chunk after a tracer's start (no read position has moved) carries
 * the names table, so that a stream is named once, and the task records;
 * later chunks carry them again when they changed.
 * Returns 0, or RVT_ENOENT if there is nothing to tell.
 */
static unsigned long chunk_task_changes;

static int make_chunk_plan(struct plan *pl)
{
	bool stop_mode = rvt_trace.flags & RVT_TRACE_STOP_WHEN_FULL;
	unsigned long cap = rvt_trace.cap;
	bool news = false, first = true;
	unsigned int h;

	pl->nr = RVT_READ_ONCE(rvt_trace.nr_harts);
	if (!pl->nr)
		return RVT_ENOENT;
	pl->nr_profile = 0;
	pl->flags = RVT_DUMP_CHUNK;
	for (h = 0; h < pl->nr; h++) {
		const struct rvt_ring *r = &rvt_trace.rings[h];
		unsigned long head = RVT_READ_ONCE(r->head);
		unsigned long read = r->read, top, idx;

		top = stop_mode && head > cap ? cap : head;
		if (stop_mode && read > top)
			top = read;	/* the drops counted already */
		/*
		 * Distances, not comparisons: on rv32 the claims wrap after
		 * 2^32, and a read just before that goes on past it.
		 */
		pl->lo[h] = !stop_mode && top - read > cap ? top - cap : read;
		for (idx = pl->lo[h]; idx != top && settled(r, idx); idx++)
			;
		pl->hi[h] = idx;
		pl->over[h] = pl->lo[h] - read;
		/* Stop mode, ring full: the claims beyond it were dropped. */
		pl->drop[h] = stop_mode && idx >= cap && head > idx ?
			      head - idx : 0;
		news |= pl->hi[h] != pl->lo[h] || pl->over[h] || pl->drop[h];
		first &= !read;
	}
	pl->names = first ? names_bytes() : 0;
	pl->task_changes = rvt_task_changes();
	pl->nr_tasks = first || pl->task_changes != chunk_task_changes ?
		       rvt_task_count() : 0;
	plan_size(pl);
	return news ? 0 : RVT_ENOENT;
}

/* After a chunk went out whole: the next read starts where it ended. */
static void chunk_done(const struct plan *pl)
{
	unsigned int h;

	for (h = 0; h < pl->nr; h++)
		rvt_trace.rings[h].read = pl->hi[h] + pl->drop[h];
	chunk_task_changes = pl->task_changes;
}

/* The sink the binary dump writes into: the caller's, or the text framer. */
struct sink {
	rvt_write_fn write;
	void *ctx;
	size_t count;		/* bytes it took */
};

static int emit(struct sink *s, const void *buf, size_t len)
{
	return rvt_write_out(s->write, s->ctx, buf, len, &s->count);
}

/* The image's build-id note (linker/rvtrace.ld); empty without one. */
extern const uint8_t __rvt_build_id_start[];
extern const uint8_t __rvt_build_id_end[];

#define NOTE_GNU_BUILD_ID	3

static uint32_t le32(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* An ELF note: namesz, descsz, type, "GNU\0", then the id itself. */
static void put_build_id(struct rvt_dump_header *hd)
{
	const uint8_t *p = __rvt_build_id_start;
	size_t len = (size_t)(__rvt_build_id_end - __rvt_build_id_start);
	uint32_t desc, i;

	if (len < 16 || le32(p) != 4 || le32(p + 8) != NOTE_GNU_BUILD_ID)
		return;
	desc = le32(p + 4);
	if (!desc || desc > sizeof(hd->build_id) || 16 + desc > len)
		return;
	for (i = 0; i < desc; i++)
		hd->build_id[i] = p[16 + i];
	hd->build_id_len = (uint8_t)desc;
}

/*
 * Field by field, with rvt_zero() for the padding: no call to memset. The
 * counts of what follows the header come from the plan.
 */
static void make_header(struct rvt_dump_header *hd, const struct plan *pl)
{
	static const char magic[] = RVT_DUMP_MAGIC;
	unsigned int i;

	rvt_zero(hd, sizeof(*hd));
	for (i = 0; i < sizeof(hd->magic); i++)
		hd->magic[i] = magic[i];
	hd->version = RVT_DUMP_VERSION;
	hd->header_size = (uint16_t)(sizeof(*hd) + pl->names);
	hd->hart_header_size = sizeof(struct rvt_dump_hart);
	hd->event_size = sizeof(struct rvt_event);
	hd->xlen = sizeof(unsigned long) * 8;	/* XLEN: ilp32 and lp64 */
	hd->flags = (uint8_t)(pl->flags | (pl->nr ? rvt_trace.flags : 0));
	hd->nr_harts = (uint16_t)pl->nr;
	hd->events_per_hart = pl->nr ? rvt_trace.cap : 0;
	hd->clock_hz = rvt_core.plat->clock_hz;
	hd->tracer = (uint8_t)(pl->nr ? rvt_trace.kind : RVT_DUMP_TRACER_NONE);
	hd->profile_size = sizeof(struct rvt_dump_profile);
	hd->nr_profile = pl->nr_profile;
	hd->anchor = (uintptr_t)rvt_init;
	put_build_id(hd);
	hd->names_size = (uint32_t)pl->names;
	hd->task_size = sizeof(struct rvt_dump_task);
	hd->nr_tasks = (uint16_t)pl->nr_tasks;
}

/* The names table as the image holds it, then zeros up to the plan's size. */
static int emit_names(struct sink *s, size_t size)
{
	static const uint8_t zeros[NAMES_ALIGN];
	const void *at;
	size_t n = rvt_names_image(&at);
	int ret = emit(s, at, n);

	return ret || n == size ? ret : emit(s, zeros, size - n);
}

static int stream(const struct plan *pl, struct sink *s)
{
	struct rvt_dump_header hd;
	unsigned int h;
	int ret;

	make_header(&hd, pl);
	for (h = 0; h < pl->nr; h++) {
		hd.overwritten += pl->over[h];
		hd.dropped += pl->drop[h];
	}
	ret = emit(s, &hd, sizeof(hd));
	if (!ret && pl->names)
		ret = emit_names(s, pl->names);
	for (h = 0; !ret && h < pl->nr; h++) {
		const struct rvt_ring *r = &rvt_trace.rings[h];
		struct rvt_dump_hart hh;
		unsigned long idx;

		rvt_zero(&hh, sizeof(hh));
		hh.hart = h;
		hh.nr_events = (uint32_t)(pl->hi[h] - pl->lo[h]);
		hh.overwritten = pl->over[h];
		hh.dropped = pl->drop[h];
		ret = emit(s, &hh, sizeof(hh));
		for (idx = pl->lo[h]; !ret && idx != pl->hi[h]; idx++) {
			struct rvt_event ev;

			/* Rewritten since the plan: a placeholder keeps the count. */
			if (!rvt_ring_read(r, idx, &ev)) {
				rvt_zero(&ev, sizeof(ev));
				ev.info = RVT_EVENT_LOST;
			}
			ret = emit(s, &ev, sizeof(ev));
		}
	}
	if (!ret && pl->nr_profile)
		ret = rvt_profile_dump(s->write, s->ctx, pl->nr_profile,
				       &s->count);
	if (!ret && pl->nr_tasks)
		ret = rvt_task_dump(s->write, s->ctx, pl->nr_tasks, &s->count);
	return ret;
}

int rvt_trace_dump(rvt_write_fn write, void *ctx)
{
	struct sink s = { write, ctx, 0 };
	struct plan pl;
	int ret;

	if (!write)
		return RVT_EINVAL;
	ret = make_plan(&pl);
	if (!ret)
		ret = stream(&pl, &s);
	return ret ? ret : (int)s.count;
}

/* Into the caller's memory, which the plan said is large enough. */
static int memory_write(void *ctx, const void *buf, size_t len)
{
	uint8_t **at = ctx;
	const uint8_t *p = buf;

	while (len--)
		*(*at)++ = *p++;
	return 0;
}

int rvt_trace_snapshot(void *buf, size_t size)
{
	uint8_t *at = buf;
	struct sink s = { memory_write, &at, 0 };
	struct plan pl;
	int ret;

	if (!buf)
		return RVT_EINVAL;
	ret = make_plan(&pl);
	if (ret)
		return ret;
	if (pl.bytes > size)
		return RVT_ENOSPC;
	pl.flags = RVT_DUMP_SNAPSHOT;
	ret = stream(&pl, &s);
	return ret ? ret : (int)pl.bytes;
}

size_t rvt_dump_hart_events(void *buf, size_t size, unsigned int hart,
			    unsigned long lo, unsigned long hi)
{
	const struct rvt_ring *r = &rvt_trace.rings[hart];
	uint8_t *at = buf;
	struct sink s = { memory_write, &at, 0 };
	struct rvt_dump_header hd;
	struct rvt_dump_hart hh;
	struct plan one;
	unsigned long idx;

	if (hi < lo || hi - lo >= rvt_trace.cap ||
	    size < sizeof(hd) + sizeof(hh) +
			   (hi - lo + 1) * sizeof(struct rvt_event))
		return 0;
	/* Only what the header says: one hart, no names, profile or tasks. */
	one.nr = 1;
	one.names = 0;
	one.nr_profile = 0;
	one.nr_tasks = 0;
	one.flags = RVT_DUMP_SNAPSHOT;
	make_header(&hd, &one);
	rvt_zero(&hh, sizeof(hh));
	hh.hart = hart;
	hh.nr_events = (uint32_t)(hi - lo + 1);
	emit(&s, &hd, sizeof(hd));
	emit(&s, &hh, sizeof(hh));
	for (idx = lo; idx <= hi; idx++) {
		struct rvt_event ev;

		if (!rvt_ring_read(r, idx, &ev))
			return 0;
		emit(&s, &ev, sizeof(ev));
	}
	return s.count;
}

int rvt_trace_dump_bytes(void)
{
	struct plan pl;
	int ret = make_plan(&pl);

	return ret ? ret : (int)pl.bytes;
}

/* --- Text framing (frame.c) ------------------------------------------ */

/* rvt_frame_text()'s body: the planned dump or chunk, through the framer. */
static int planned_body(const void *arg, rvt_write_fn write, void *wctx)
{
	struct sink s = { write, wctx, 0 };

	return stream(arg, &s);
}

int rvt_trace_dump_text(rvt_write_fn write, void *ctx)
{
	struct plan pl;
	int ret;

	if (!write)
		return RVT_EINVAL;
	ret = make_plan(&pl);
	return ret ? ret : rvt_frame_text(pl.bytes, planned_body, &pl, write,
					  ctx);
}

/* --- The consuming read ---------------------------------------------- */

static int read_chunk(rvt_write_fn write, void *ctx, bool text)
{
	struct sink s = { write, ctx, 0 };
	struct plan pl;
	int ret;

	if (!write)
		return RVT_EINVAL;
	if (!rvt_ready())
		return RVT_EPERM;
	/* One reader at a time: the read positions are its own. */
	if (__atomic_exchange_n(&rvt_trace.reader, 1, __ATOMIC_ACQUIRE))
		return RVT_EBUSY;
	ret = make_chunk_plan(&pl);
	if (ret == RVT_ENOENT) {
		/* Rings with nothing new: nothing to write, no error. */
		ret = RVT_READ_ONCE(rvt_trace.nr_harts) ? 0 : RVT_ENOENT;
	} else if (text) {
		ret = rvt_frame_text(pl.bytes, planned_body, &pl, write, ctx);
	} else {
		ret = stream(&pl, &s);
		if (!ret)
			ret = (int)s.count;
	}
	/* A chunk the writer stopped goes out again (as far as it still can). */
	if (ret > 0)
		chunk_done(&pl);
	__atomic_store_n(&rvt_trace.reader, 0, __ATOMIC_RELEASE);
	return ret;
}

int rvt_trace_read(rvt_write_fn write, void *ctx)
{
	return read_chunk(write, ctx, false);
}

int rvt_trace_read_text(rvt_write_fn write, void *ctx)
{
	return read_chunk(write, ctx, true);
}
