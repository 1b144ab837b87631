// SPDX-License-Identifier: BSD-2-Clause
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rvtrace/trace.h>

#include "frame.h"
#include "stream.h"

void stream_init(struct stream *s)
{
	memset(s, 0, sizeof(*s));
}

void stream_free(struct stream *s)
{
	free(s->pos);
	free(s->last_ts);
	free(s->first.names);
	free(s->first.tasks);
	memset(s, 0, sizeof(*s));
}

/* Room for hart number h in the per-hart arrays. */
static int grow(struct stream *s, uint32_t h, struct err *e)
{
	unsigned int n = h + 1, i;
	uint32_t *pos;
	uint64_t *ts;

	if (h < s->nr_pos)
		return 0;
	pos = realloc(s->pos, n * sizeof(*pos));
	ts = pos ? realloc(s->last_ts, n * sizeof(*ts)) : NULL;
	if (pos)
		s->pos = pos;
	if (!ts) {
		err_set(e, "out of memory");
		return -1;
	}
	s->last_ts = ts;
	for (i = s->nr_pos; i < n; i++) {
		s->pos[i] = 0;
		s->last_ts[i] = 0;
	}
	s->nr_pos = n;
	return 0;
}

static int same_run(const struct trace *a, const struct trace *b)
{
	return a->xlen == b->xlen && a->tracer == b->tracer &&
	       a->clock_hz == b->clock_hz &&
	       a->events_per_hart == b->events_per_hart &&
	       a->build_id_len == b->build_id_len &&
	       !memcmp(a->build_id, b->build_id, a->build_id_len);
}

/*
 * One hart's section: an event whose number is not past the last one seen
 * was seen before (a chunk that came twice) and is dropped, unless it is
 * newer in time (the tracer started again: numbering restarts); a jump in
 * the numbers is events lost, whatever the chunk itself says.
 */
static void sequence(struct stream *s, struct hart_trace *ht, int *restart)
{
	uint32_t pos = s->pos[ht->hart], i, out = 0;
	uint64_t gap = 0;
	int numbered = 0;

	for (i = 0; i < ht->nr; i++) {
		struct event ev = ht->ev[i];

		if (ev.kind == EV_LOST) {
			pos++;
		} else if (!ev.seq) {
			/* A call's entry: its exit carries the number. */
		} else if ((int32_t)(ev.seq - pos) <= 0 &&
			   ev.ts <= s->last_ts[ht->hart]) {
			numbered = 1;
			continue;
		} else {
			if ((int32_t)(ev.seq - pos) <= 0) {
				*restart = 1;
				pos = 0;
			}
			gap += ev.seq - pos - 1;
			pos = ev.seq_end;
			s->last_ts[ht->hart] = ev.ts;
			numbered = 1;
		}
		ht->ev[out++] = ev;
	}
	ht->nr = out;
	/* Without a number to go by, the chunk's own count. */
	if (!numbered) {
		gap = ht->overwritten;
		pos += (uint32_t)ht->overwritten;
	}
	pos += (uint32_t)ht->dropped;
	ht->overwritten = gap;
	s->pos[ht->hart] = pos;
}

/* A chunk's task records: new names and exits replace the stream's. */
static int merge_tasks(struct trace *into, const struct trace *c,
		       struct err *e)
{
	unsigned int i;

	for (i = 0; i < c->nr_tasks; i++) {
		struct task_rec *r = (struct task_rec *)trace_task(into,
							c->tasks[i].tag);

		if (!r) {
			r = realloc(into->tasks,
				    (into->nr_tasks + 1) * sizeof(*r));
			if (!r) {
				err_set(e, "out of memory");
				return -1;
			}
			into->tasks = r;
			r += into->nr_tasks++;
		}
		*r = c->tasks[i];
	}
	return 0;
}

int stream_next(struct stream *s, struct trace *c, struct err *e)
{
	int restart = 0;
	unsigned int h;

	if (!trace_is_chunk(c)) {
		err_set(e, "a whole dump where a stream chunk should be");
		return -1;
	}
	if (s->started && !same_run(&s->first, c))
		return 2;
	if (!s->started) {
		s->first = *c;
		s->first.harts = NULL;
		s->first.nr_harts = 0;
		s->first.profile = NULL;
		s->first.nr_profile = 0;
		s->first.names = NULL;
		s->first.names_size = 0;
		s->first.tasks = NULL;
		s->first.nr_tasks = 0;
		s->started = 1;
	}
	if (merge_tasks(&s->first, c, e))
		return -1;
	/* Only the first chunk after a start has them: they name the stream. */
	if (!s->first.names && c->names) {
		s->first.names = c->names;
		s->first.names_size = c->names_size;
		c->names = NULL;
		c->names_size = 0;
	}
	c->overwritten = 0;
	for (h = 0; h < c->nr_harts; h++) {
		if (grow(s, c->harts[h].hart, e))
			return -1;
		sequence(s, &c->harts[h], &restart);
		c->overwritten += c->harts[h].overwritten;
	}
	s->chunks++;
	return restart;
}

/* Append chunk c's events to t (harts matched by number). */
static int append(struct trace *t, const struct trace *c, struct err *e)
{
	unsigned int h, k;

	for (h = 0; h < c->nr_harts; h++) {
		const struct hart_trace *from = &c->harts[h];
		struct hart_trace *to = NULL;
		struct event *ev;
		uint64_t (*vals)[EV_VALUES];
		uint32_t i;

		for (k = 0; k < t->nr_harts; k++)
			if (t->harts[k].hart == from->hart)
				to = &t->harts[k];
		if (!to) {
			to = realloc(t->harts, (t->nr_harts + 1) * sizeof(*to));
			if (!to)
				goto oom;
			t->harts = to;
			to = &t->harts[t->nr_harts++];
			memset(to, 0, sizeof(*to));
			to->hart = from->hart;
		}
		ev = realloc(to->ev, ((size_t)to->nr + from->nr + 1) *
				     sizeof(*ev));
		if (!ev)
			goto oom;
		to->ev = ev;
		memcpy(ev + to->nr, from->ev, from->nr * sizeof(*ev));
		/* The chunk's values go too, its events' rows after these. */
		if (from->nr_vals) {
			vals = realloc(to->vals, ((size_t)to->nr_vals +
						  from->nr_vals) *
						 sizeof(*vals));
			if (!vals)
				goto oom;
			to->vals = vals;
			memcpy(vals + to->nr_vals, from->vals,
			       from->nr_vals * sizeof(*vals));
			for (i = 0; i < from->nr; i++)
				if (ev[to->nr + i].present)
					ev[to->nr + i].row += to->nr_vals;
			to->nr_vals += from->nr_vals;
		}
		to->nr += from->nr;
		to->overwritten += from->overwritten;
		to->dropped += from->dropped;
		if (to->nr > t->events_per_hart)
			t->events_per_hart = to->nr;
	}
	t->overwritten += c->overwritten;
	t->dropped += c->dropped;
	return 0;
oom:
	err_set(e, "out of memory");
	return -1;
}

/*
 * The dumps of the input, in order: slices of buf, or decoded text frames.
 * split() returns 0, 1 if a binary input is not dumps end to end, or -1.
 */
struct pieces {
	struct frame_list frames;	/* text input */
	const uint8_t *buf;		/* binary input: nr_bin dumps, */
	size_t len, *at, nr_bin;	/* at these offsets of buf */
};

static int split(const uint8_t *buf, size_t len, struct pieces *p,
		 struct err *e)
{
	memset(p, 0, sizeof(*p));
	if (!trace_is_binary(buf, len))
		return frames_find((const char *)buf, len, &p->frames, e);
	/* Not dumps end to end: a single dump, and its own errors. */
	p->nr_bin = trace_split(buf, len, NULL, 0);
	if (!p->nr_bin)
		return 1;
	p->at = malloc(p->nr_bin * sizeof(*p->at));
	if (!p->at) {
		err_set(e, "out of memory");
		return -1;
	}
	trace_split(buf, len, p->at, p->nr_bin);
	p->buf = buf;
	p->len = len;
	return 0;
}

static void pieces_free(struct pieces *p)
{
	frames_free(&p->frames);
	free(p->at);
}

static size_t nr_pieces(const struct pieces *p)
{
	return p->nr_bin ? p->nr_bin : p->frames.nr;
}

/* Piece i: 0 with its bytes, or 1 if it is a broken text frame. */
static int piece(const struct pieces *p, size_t i, const uint8_t **b,
		 size_t *len)
{
	if (p->nr_bin) {
		*b = p->buf + p->at[i];
		*len = (i + 1 < p->nr_bin ? p->at[i + 1] : p->len) - p->at[i];
		return 0;
	}
	if (!p->frames.f[i].ok)
		return 1;
	*b = p->frames.f[i].bytes;
	*len = p->frames.f[i].len;
	return 0;
}

static int has_chunk(const struct pieces *p)
{
	size_t i, len;
	const uint8_t *b;

	for (i = 0; i < nr_pieces(p); i++)
		if (!piece(p, i, &b, &len) &&
		    len > offsetof(struct rvt_dump_header, flags) &&
		    (b[offsetof(struct rvt_dump_header, flags)] &
		     RVT_DUMP_CHUNK))
			return 1;
	return 0;
}

int stream_collect(const uint8_t *buf, size_t len, struct trace *t,
		   struct err *e)
{
	struct stream s;
	struct pieces p;
	size_t i, dumps = 0;
	uint32_t crc = 0;
	int ret = -1;

	memset(t, 0, sizeof(*t));
	ret = split(buf, len, &p, e);
	if (ret)
		goto out_pieces;
	ret = 1;
	if (!has_chunk(&p))
		goto out_pieces;
	ret = -1;
	stream_init(&s);
	for (i = 0; i < nr_pieces(&p); i++) {
		const uint8_t *b;
		struct trace c;
		size_t n;
		int r;

		if (piece(&p, i, &b, &n)) {
			/* Its events show as a gap in the numbers. */
			fprintf(stderr, "rvtrace-decode: warning: %s\n",
				p.frames.f[i].err.msg);
			continue;
		}
		if (trace_parse(&c, b, n, e))
			goto out;
		if (!trace_is_chunk(&c)) {
			dumps++;
			trace_free(&c);
			continue;
		}
		r = stream_next(&s, &c, e);
		if (r > 0) {
			/* A new run: like a log of dumps, the last one counts. */
			fprintf(stderr, "rvtrace-decode: warning: the stream starts over at chunk %zu (%s): decoding the run from there\n",
				i, r == 1 ? "the tracer started again" :
				"another tracer, firmware or buffer");
			trace_free(t);
			crc = 0;
			if (r == 2) {
				stream_free(&s);
				stream_init(&s);
				r = stream_next(&s, &c, e);
			} else {
				r = 0;
			}
		}
		if (!r && !t->harts) {
			*t = s.first;
			t->events_per_hart = 0;
			t->overwritten = t->dropped = 0;
			t->names = NULL;	/* the stream's until the end */
			t->names_size = 0;
			t->tasks = NULL;
			t->nr_tasks = 0;
		}
		if (!r)
			r = append(t, &c, e);
		crc = crc32_ieee(crc, b, n);
		trace_free(&c);
		if (r)
			goto out;
	}
	if (dumps)
		fprintf(stderr, "rvtrace-decode: warning: %zu whole dumps among the stream's chunks are left out (--index decodes one)\n",
			dumps);
	t->crc = crc;
	t->names = s.first.names;
	t->names_size = s.first.names_size;
	s.first.names = NULL;
	t->tasks = s.first.tasks;
	t->nr_tasks = s.first.nr_tasks;
	s.first.tasks = NULL;
	ret = 0;
out:
	if (ret)
		trace_free(t);
	stream_free(&s);
out_pieces:
	pieces_free(&p);
	return ret;
}
