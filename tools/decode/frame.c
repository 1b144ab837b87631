// SPDX-License-Identifier: BSD-2-Clause
/*
 * Finding text dumps in a console log. A frame line is recognised by
 * "@rvtrace " anywhere in it, so a prefix the console adds (a timestamp, a
 * hart tag) is skipped, and so is a trailing '\r' or blank. Lines that do
 * not belong to a frame are ignored; inside a frame every line must be the
 * next one, whole, with a matching CRC, or that dump is reported broken.
 */
#include <stdlib.h>
#include <string.h>

#include "frame.h"

#define TAG		"@rvtrace "
#define LINE_BYTES	48		/* bytes per line in lib/dump.c */
#define MAX_DUMP	(1u << 30)	/* larger is no firmware buffer */

struct parser {
	struct frame_list *l;
	struct frame *cur;	/* open frame, or NULL */
	size_t want;		/* bytes announced by its begin */
	size_t cap;
	unsigned long next;	/* next line number */
	uint32_t crc;
	size_t lineno;
};

static int b64_value(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* Decode n characters into out (room for n / 4 * 3); -1 if not base64. */
static long b64_decode(const char *s, size_t n, uint8_t *out)
{
	size_t i, o = 0;

	if (!n || n % 4)
		return -1;
	for (i = 0; i < n; i += 4) {
		int v[4], k, pad = 0;
		uint32_t w = 0;

		for (k = 0; k < 4; k++) {
			if (s[i + k] == '=' && i + 4 == n && k >= 2) {
				pad++;
				v[k] = 0;
				continue;
			}
			if (pad)
				return -1;
			v[k] = b64_value(s[i + k]);
			if (v[k] < 0)
				return -1;
		}
		w = (uint32_t)v[0] << 18 | (uint32_t)v[1] << 12 |
		    (uint32_t)v[2] << 6 | (uint32_t)v[3];
		out[o++] = (uint8_t)(w >> 16);
		if (pad < 2)
			out[o++] = (uint8_t)(w >> 8);
		if (pad < 1)
			out[o++] = (uint8_t)w;
	}
	return (long)o;
}

/* A decimal number of the whole token; -1 if it is not one. */
static int parse_dec(const char *s, size_t n, unsigned long long *v)
{
	size_t i;

	if (!n || n > 12)
		return -1;
	*v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*v = *v * 10 + (unsigned)(s[i] - '0');
	}
	return 0;
}

static int parse_hex32(const char *s, size_t n, uint32_t *v)
{
	size_t i;

	if (n != 8)
		return -1;
	*v = 0;
	for (i = 0; i < n; i++) {
		char c = s[i];
		unsigned int d;

		if (c >= '0' && c <= '9')
			d = (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			d = (unsigned)(c - 'A' + 10);
		else
			return -1;
		*v = *v << 4 | d;
	}
	return 0;
}

/* Up to max whitespace-separated tokens of s[0..n); returns how many. */
static int split(const char *s, size_t n, const char **tok, size_t *tlen,
		 int max)
{
	size_t i = 0;
	int nr = 0;

	while (i < n) {
		size_t start;

		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i == n)
			break;
		if (nr == max)
			return max + 1;
		start = i;
		while (i < n && s[i] != ' ' && s[i] != '\t')
			i++;
		tok[nr] = s + start;
		tlen[nr++] = i - start;
	}
	return nr;
}

static void fail(struct parser *p, const char *what)
{
	err_set(&p->cur->err, "text dump at line %zu: %s (log line %zu)",
		p->cur->line, what, p->lineno);
	free(p->cur->bytes);
	p->cur->bytes = NULL;
	p->cur->len = 0;
	p->cur = NULL;
}

static int open_frame(struct parser *p, const char **tok, size_t *tlen,
		      int nr, struct err *e)
{
	struct frame *f;
	unsigned long long size = 0;
	size_t n = p->l->nr + 1;

	if (p->cur)
		fail(p, "no \"@rvtrace end\" before the next begin");
	f = realloc(p->l->f, n * sizeof(*f));
	if (!f) {
		err_set(e, "out of memory");
		return -1;
	}
	p->l->f = f;
	p->l->nr = n;
	p->cur = &f[n - 1];
	memset(p->cur, 0, sizeof(*p->cur));
	p->cur->line = p->lineno;
	p->next = 0;
	p->crc = 0;
	if (nr != 3 || tlen[1] != 2 || memcmp(tok[1], "v1", 2)) {
		fail(p, nr >= 2 && tok[1][0] == 'v' ?
			"unsupported text framing version (this decoder reads v1)" :
			"malformed begin line");
		return 0;
	}
	if (parse_dec(tok[2], tlen[2], &size) || size > MAX_DUMP) {
		fail(p, "absurd or malformed size in the begin line");
		return 0;
	}
	p->want = (size_t)size;
	p->cap = p->want ? p->want : 1;
	p->cur->bytes = malloc(p->cap);
	if (!p->cur->bytes) {
		err_set(e, "out of memory");
		return -1;
	}
	return 0;
}

static void data_line(struct parser *p, const char **tok, size_t *tlen, int nr)
{
	struct frame *f = p->cur;
	unsigned long long num;
	uint8_t buf[LINE_BYTES + 3];
	uint32_t crc;
	long n;

	if (nr != 3 || parse_dec(tok[0], tlen[0], &num)) {
		fail(p, "malformed data line");
		return;
	}
	if (num != p->next) {
		fail(p, num > p->next ? "a data line is missing" :
			"a data line is repeated or out of order");
		return;
	}
	if (tlen[1] > (LINE_BYTES / 3) * 4 ||
	    (n = b64_decode(tok[1], tlen[1], buf)) < 0) {
		fail(p, "bad base64 in a data line");
		return;
	}
	if (parse_hex32(tok[2], tlen[2], &crc)) {
		fail(p, "malformed CRC in a data line");
		return;
	}
	if (crc32_ieee(0, buf, (size_t)n) != crc) {
		fail(p, "CRC mismatch in a data line");
		return;
	}
	if ((size_t)n > p->want - f->len) {
		fail(p, "more bytes than the begin line announced");
		return;
	}
	memcpy(f->bytes + f->len, buf, (size_t)n);
	f->len += (size_t)n;
	p->crc = crc32_ieee(p->crc, buf, (size_t)n);
	p->next++;
}

static void end_frame(struct parser *p, const char **tok, size_t *tlen, int nr)
{
	uint32_t crc;

	if (nr != 2 || parse_hex32(tok[1], tlen[1], &crc)) {
		fail(p, "malformed end line");
		return;
	}
	if (p->cur->len != p->want) {
		fail(p, "fewer bytes than the begin line announced");
		return;
	}
	if (crc != p->crc) {
		fail(p, "CRC of the whole dump does not match");
		return;
	}
	p->cur->ok = 1;
	p->cur = NULL;
}

static int one_line(struct parser *p, const char *s, size_t n, struct err *e)
{
	const char *tag = NULL, *tok[4];
	size_t i, tlen[4];
	int nr;

	for (i = 0; i + sizeof(TAG) - 1 <= n; i++) {
		if (!memcmp(s + i, TAG, sizeof(TAG) - 1)) {
			tag = s + i + sizeof(TAG) - 1;
			break;
		}
	}
	if (!tag)
		return 0;
	n -= (size_t)(tag - s);
	while (n && (tag[n - 1] == '\r' || tag[n - 1] == ' ' ||
		     tag[n - 1] == '\t'))
		n--;
	nr = split(tag, n, tok, tlen, 3);
	if (nr < 1)
		return 0;
	if (tlen[0] == 5 && !memcmp(tok[0], "begin", 5))
		return open_frame(p, tok, tlen, nr, e);
	if (!p->cur)
		return 0;
	if (tlen[0] == 3 && !memcmp(tok[0], "end", 3))
		end_frame(p, tok, tlen, nr);
	else
		data_line(p, tok, tlen, nr);
	return 0;
}

int frames_find(const char *log, size_t len, struct frame_list *out,
		struct err *e)
{
	struct parser p;
	size_t pos = 0;

	memset(out, 0, sizeof(*out));
	memset(&p, 0, sizeof(p));
	p.l = out;
	while (pos < len) {
		const char *nl = memchr(log + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (log + pos)) : len - pos;

		p.lineno++;
		if (one_line(&p, log + pos, n, e)) {
			frames_free(out);
			return -1;
		}
		pos += n + 1;
	}
	if (p.cur)
		fail(&p, "the log ends inside the dump (no \"@rvtrace end\")");
	return 0;
}

struct frame_reader {
	struct parser p;
	struct frame_list l;
};

struct frame_reader *frame_reader_new(void)
{
	struct frame_reader *r = calloc(1, sizeof(*r));

	if (r)
		r->p.l = &r->l;
	return r;
}

/* Move the oldest frame, if it is closed, to *out: 1, or 0 if none is. */
static int take_closed(struct frame_reader *r, struct frame *out)
{
	struct frame_list *l = &r->l;

	if (!l->nr || r->p.cur == &l->f[0])
		return 0;
	*out = l->f[0];
	memmove(&l->f[0], &l->f[1], (l->nr - 1) * sizeof(*l->f));
	l->nr--;
	if (r->p.cur)
		r->p.cur = &l->f[0];
	return 1;
}

int frame_reader_line(struct frame_reader *r, const char *s, size_t n,
		      struct frame *out, struct err *e)
{
	r->p.lineno++;
	if (one_line(&r->p, s, n, e))
		return -1;
	return take_closed(r, out);
}

int frame_reader_end(struct frame_reader *r, struct frame *out)
{
	if (r->p.cur)
		fail(&r->p, "the input ends inside the dump (no \"@rvtrace end\")");
	return take_closed(r, out);
}

void frame_reader_free(struct frame_reader *r)
{
	if (r) {
		frames_free(&r->l);
		free(r);
	}
}

void frames_free(struct frame_list *l)
{
	size_t i;

	for (i = 0; i < l->nr; i++)
		free(l->f[i].bytes);
	free(l->f);
	memset(l, 0, sizeof(*l));
}
