// SPDX-License-Identifier: BSD-2-Clause
/*
 * Dumps of the event rings: the binary format of rvtrace/trace.h, and the
 * same bytes as framed text lines. Both stream through the caller's writer
 * and use one snapshot of the ring heads, so the size announced by the text
 * frame is the size written.
 */
#include "fmt.h"
#include "ring.h"

/* The format is the same for rv32 and rv64: no padding the ABI could move. */
_Static_assert(sizeof(struct rvt_dump_header) == 104 &&
	       sizeof(struct rvt_dump_hart) == 24 &&
	       sizeof(struct rvt_event) == 32 &&
	       sizeof(struct rvt_dump_profile) == 48,
	       "dump layout of rvtrace/trace.h");

struct plan {
	unsigned long lo[RVT_MAX_HARTS], hi[RVT_MAX_HARTS];
	unsigned int nr;
	unsigned int nr_profile;
	uint8_t flags;		/* RVT_DUMP_SNAPSHOT */
	size_t bytes;
};

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
	pl->bytes = sizeof(struct rvt_dump_header) +
		    pl->nr_profile * sizeof(struct rvt_dump_profile);
	for (h = 0; h < pl->nr; h++) {
		unsigned long head = RVT_READ_ONCE(rvt_trace.rings[h].head);

		if ((rvt_trace.flags & RVT_TRACE_STOP_WHEN_FULL) &&
		    head > rvt_trace.cap)
			head = rvt_trace.cap;
		pl->hi[h] = head;
		pl->lo[h] = head > rvt_trace.cap ? head - rvt_trace.cap : 0;
		pl->bytes += sizeof(struct rvt_dump_hart) +
			     (pl->hi[h] - pl->lo[h]) * sizeof(struct rvt_event);
	}
	return 0;
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

/* Field by field, with rvt_zero() for the padding: no call to memset. */
static void make_header(struct rvt_dump_header *hd, const struct plan *pl)
{
	static const char magic[] = RVT_DUMP_MAGIC;
	unsigned int i;

	rvt_zero(hd, sizeof(*hd));
	for (i = 0; i < sizeof(hd->magic); i++)
		hd->magic[i] = magic[i];
	hd->version = RVT_DUMP_VERSION;
	hd->header_size = sizeof(struct rvt_dump_header);
	hd->hart_header_size = sizeof(struct rvt_dump_hart);
	hd->event_size = sizeof(struct rvt_event);
	hd->xlen = __riscv_xlen;
	hd->flags = (uint8_t)(pl->flags | (pl->nr ? rvt_trace.flags : 0));
	hd->nr_harts = (uint16_t)pl->nr;
	hd->events_per_hart = pl->nr ? rvt_trace.cap : 0;
	hd->clock_hz = rvt_core.plat->clock_hz;
	hd->tracer = (uint8_t)(pl->nr ? rvt_trace.kind : RVT_DUMP_TRACER_NONE);
	hd->profile_size = sizeof(struct rvt_dump_profile);
	hd->nr_profile = pl->nr_profile;
	hd->anchor = (uintptr_t)rvt_init;
	put_build_id(hd);
}

static int stream(const struct plan *pl, struct sink *s)
{
	bool stop_mode = rvt_trace.flags & RVT_TRACE_STOP_WHEN_FULL;
	struct rvt_dump_header hd;
	unsigned int h;
	int ret;

	make_header(&hd, pl);
	for (h = 0; h < pl->nr; h++) {
		unsigned long excess = rvt_ring_excess(&rvt_trace.rings[h]);

		if (stop_mode)
			hd.dropped += excess;
		else
			hd.overwritten += excess;
	}
	ret = emit(s, &hd, sizeof(hd));
	for (h = 0; !ret && h < pl->nr; h++) {
		const struct rvt_ring *r = &rvt_trace.rings[h];
		unsigned long excess = rvt_ring_excess(r), idx;
		struct rvt_dump_hart hh;

		rvt_zero(&hh, sizeof(hh));
		hh.hart = h;
		hh.nr_events = (uint32_t)(pl->hi[h] - pl->lo[h]);
		hh.overwritten = stop_mode ? 0 : excess;
		hh.dropped = stop_mode ? excess : 0;
		ret = emit(s, &hh, sizeof(hh));
		for (idx = pl->lo[h]; !ret && idx < pl->hi[h]; idx++) {
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

/* --- Text framing ---------------------------------------------------- */

#define LINE_BYTES	48

struct framer {
	rvt_write_fn write;
	void *ctx;
	size_t count;		/* text bytes the writer took */
	uint8_t line[LINE_BYTES];
	size_t fill;
	unsigned long lineno;
	uint32_t crc;
};

/* CRC-32 (IEEE 802.3, reflected), bit by bit: small, and fast enough here. */
static uint32_t crc32_update(uint32_t crc, const uint8_t *p, size_t len)
{
	int k;

	crc = ~crc;
	while (len--) {
		crc ^= *p++;
		for (k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
	}
	return ~crc;
}

static char *put_base64(char *o, const uint8_t *p, size_t len)
{
	static const char b64[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t i;

	for (i = 0; i < len; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16;

		if (i + 1 < len)
			v |= (uint32_t)p[i + 1] << 8;
		if (i + 2 < len)
			v |= p[i + 2];
		*o++ = b64[(v >> 18) & 63];
		*o++ = b64[(v >> 12) & 63];
		*o++ = i + 1 < len ? b64[(v >> 6) & 63] : '=';
		*o++ = i + 2 < len ? b64[v & 63] : '=';
	}
	return o;
}

static int flush_line(struct framer *f)
{
	char out[16 + 24 + LINE_BYTES / 3 * 4 + 16];
	char *o = out;

	if (!f->fill)
		return 0;
	o = rvt_fmt_str(o, "@rvtrace ");
	o = rvt_fmt_dec(o, f->lineno++);
	*o++ = ' ';
	o = put_base64(o, f->line, f->fill);
	*o++ = ' ';
	o = rvt_fmt_hex(o, crc32_update(0, f->line, f->fill), 8);
	*o++ = '\n';
	f->fill = 0;
	return rvt_write_out(f->write, f->ctx, out, (size_t)(o - out),
			     &f->count);
}

static int framer_write(void *ctx, const void *buf, size_t len)
{
	struct framer *f = ctx;
	const uint8_t *p = buf;
	int ret = 0;

	f->crc = crc32_update(f->crc, p, len);
	while (!ret && len--) {
		f->line[f->fill++] = *p++;
		if (f->fill == LINE_BYTES)
			ret = flush_line(f);
	}
	return ret;
}

int rvt_trace_dump_text(rvt_write_fn write, void *ctx)
{
	struct sink s = { framer_write, NULL, 0 };
	struct framer f;
	char out[48], *o;
	struct plan pl;
	int ret;

	if (!write)
		return RVT_EINVAL;
	rvt_zero(&f, sizeof(f));
	f.write = write;
	f.ctx = ctx;
	s.ctx = &f;
	ret = make_plan(&pl);
	if (ret)
		return ret;
	o = rvt_fmt_str(out, "\n@rvtrace begin v1 ");
	o = rvt_fmt_dec(o, pl.bytes);
	*o++ = '\n';
	ret = rvt_write_out(write, ctx, out, (size_t)(o - out), &f.count);
	if (!ret)
		ret = stream(&pl, &s);
	if (!ret)
		ret = flush_line(&f);
	if (ret)
		return ret;
	o = rvt_fmt_str(out, "@rvtrace end ");
	o = rvt_fmt_hex(o, f.crc, 8);
	*o++ = '\n';
	ret = rvt_write_out(write, ctx, out, (size_t)(o - out), &f.count);
	return ret ? ret : (int)f.count;
}
