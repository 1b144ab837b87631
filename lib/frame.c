// SPDX-License-Identifier: BSD-2-Clause
/*
 * The text frame of a dump (rvtrace/trace.h): "@rvtrace" lines of base64
 * with a CRC each, which survive a serial console and are found among other
 * output. Apart from the dumps themselves, so that a payload which only
 * frames a dump it holds (rvt_dump_frame_text()) links nothing else.
 */
#include "fmt.h"
#include "internal.h"

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

int rvt_frame_text(size_t len,
		   int (*body)(const void *arg, rvt_write_fn write, void *wctx),
		   const void *arg, rvt_write_fn write, void *ctx)
{
	struct framer f;
	char out[48], *o;
	int ret;

	f.write = write;
	f.ctx = ctx;
	f.count = 0;
	f.fill = 0;
	f.lineno = 0;
	f.crc = 0;
	o = rvt_fmt_str(out, "\n@rvtrace begin v1 ");
	o = rvt_fmt_dec(o, len);
	*o++ = '\n';
	ret = rvt_write_out(write, ctx, out, (size_t)(o - out), &f.count);
	if (!ret)
		ret = body(arg, framer_write, &f);
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

struct memory_dump {
	const void *bytes;
	size_t len;
};

/* write is the framer's own: 0, or RVT_EPIPE from the caller's writer. */
static int memory_body(const void *arg, rvt_write_fn write, void *wctx)
{
	const struct memory_dump *m = arg;

	return write(wctx, m->bytes, m->len);
}

int rvt_dump_frame_text(const void *dump, size_t len, rvt_write_fn write,
			void *ctx)
{
	struct memory_dump m = { dump, len };

	if (!dump || !len || !write || len > RVT_DUMP_FRAME_MAX)
		return RVT_EINVAL;
	return rvt_frame_text(len, memory_body, &m, write, ctx);
}
