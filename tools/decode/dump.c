// SPDX-License-Identifier: BSD-2-Clause
/*
 * The binary dump (rvtrace/trace.h, versions 2 and 3). Fields are read one by one
 * as little-endian at the offsets of the public structures, so the decoder
 * runs on any host; every size and count is checked against the bytes that
 * are really there before anything is allocated.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rvtrace/printk.h>
#include <rvtrace/trace.h>

#include "fold.h"
#include "model.h"

#define FIELD(type, m)	offsetof(struct type, m)

void err_set(struct err *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
}

uint32_t crc32_ieee(uint32_t crc, const uint8_t *p, size_t len)
{
	static uint32_t table[256];
	static int ready;
	uint32_t i, k, c;

	if (!ready) {
		for (i = 0; i < 256; i++) {
			c = i;
			for (k = 0; k < 8; k++)
				c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1u)));
			table[i] = c;
		}
		ready = 1;
	}
	crc = ~crc;
	while (len--)
		crc = (crc >> 8) ^ table[(crc ^ *p++) & 0xffu];
	return ~crc;
}

static uint64_t get_le(const uint8_t *p, size_t n)
{
	uint64_t v = 0;

	while (n--)
		v = (v << 8) | p[n];
	return v;
}

#define GET(p, type, m) \
	get_le((p) + FIELD(type, m), sizeof(((struct type *)0)->m))

int trace_is_binary(const uint8_t *buf, size_t len)
{
	return len >= sizeof(RVT_DUMP_MAGIC) &&
	       !memcmp(buf, RVT_DUMP_MAGIC, sizeof(RVT_DUMP_MAGIC));
}

void trace_free(struct trace *t)
{
	unsigned int h;

	if (t->harts)
		for (h = 0; h < t->nr_harts; h++)
			free(t->harts[h].ev), free(t->harts[h].vals);
	free(t->harts);
	free(t->profile);
	free(t->names);
	free(t->tasks);
	memset(t, 0, sizeof(*t));
}

void trace_rebase(struct trace *t, uint64_t bias)
{
	uint64_t mask = t->xlen == 32 ? UINT32_MAX : UINT64_MAX;
	unsigned int h;
	uint32_t i;

	for (h = 0; h < t->nr_harts; h++) {
		for (i = 0; i < t->harts[h].nr; i++) {
			struct event *ev = &t->harts[h].ev[i];

			/* A printk's format is in the image, which moved. */
			if (ev->kind == EV_ENTRY || ev->kind == EV_EXIT ||
			    ev->kind == EV_PRINTK)
				ev->func = (ev->func - bias) & mask;
			if ((ev->kind == EV_ENTRY || ev->kind == EV_EXIT ||
			     ev->kind == EV_MARKER || ev->kind == EV_PRINTK) &&
			    ev->caller)
				ev->caller = (ev->caller - bias) & mask;
		}
	}
	for (i = 0; i < t->nr_profile; i++)
		t->profile[i].func = (t->profile[i].func - bias) & mask;
}

/* A cursor over the dump: every take is checked against what is left. */
struct cursor {
	const uint8_t *p;
	size_t left, len;
};

static const uint8_t *take(struct cursor *c, uint64_t n)
{
	const uint8_t *p = c->p;

	if (n > c->left)
		return NULL;
	c->p += n;
	c->left -= n;
	return p;
}

/* The version 2 header as it was first written: without the anchor. */
#define HEADER_MIN	offsetof(struct rvt_dump_header, anchor)
/* A header that has the member announcing a names table. */
#define HEADER_NAMES	(FIELD(rvt_dump_header, names_size) + 4)
/* A header that announces task records (version 3). */
#define HEADER_TASKS	(FIELD(rvt_dump_header, nr_tasks) + 2)
/* The oldest version read: 2 has no tasks, its events' hart in bits 16-31. */
#define VERSION_MIN	2

static int version_known(unsigned int version)
{
	return version >= VERSION_MIN && version <= RVT_DUMP_VERSION;
}

static int check_sizes(unsigned int header, unsigned int hart,
		       unsigned int event, unsigned int profile,
		       uint32_t nr_profile, struct err *e)
{
	if (header < HEADER_MIN)
		err_set(e, "corrupted header: header_size %u is smaller than the version 2 header (%zu bytes)",
			header, HEADER_MIN);
	else if (hart < sizeof(struct rvt_dump_hart))
		err_set(e, "corrupted header: hart_header_size %u is smaller than a hart header (%zu bytes)",
			hart, sizeof(struct rvt_dump_hart));
	else if (event < sizeof(struct rvt_event))
		err_set(e, "corrupted header: event_size %u is smaller than an event (%zu bytes)",
			event, sizeof(struct rvt_event));
	else if (nr_profile && profile < sizeof(struct rvt_dump_profile))
		err_set(e, "corrupted header: profile_size %u is smaller than a profile record (%zu bytes)",
			profile, sizeof(struct rvt_dump_profile));
	else
		return 0;
	return -1;
}

static int read_header(struct trace *t, struct cursor *c, unsigned int *sizes,
		       struct err *e)
{
	const uint8_t *h = c->p;
	unsigned int header, members, names = 0;

	if (!trace_is_binary(c->p, c->left)) {
		err_set(e, "not an rvtrace dump: wrong magic (expected \"%s\")",
			RVT_DUMP_MAGIC);
		return -1;
	}
	if (c->left < FIELD(rvt_dump_header, header_size) + 2) {
		err_set(e, "truncated dump: %zu bytes, not even a header", c->len);
		return -1;
	}
	t->version = (unsigned int)GET(h, rvt_dump_header, version);
	if (!version_known(t->version)) {
		err_set(e, "unsupported dump format version %u (this decoder reads versions %d to %d)",
			t->version, VERSION_MIN, RVT_DUMP_VERSION);
		return -1;
	}
	header = (unsigned int)GET(h, rvt_dump_header, header_size);
	if (header < HEADER_MIN) {
		/* Reported with the other sizes below, once they are read. */
		header = HEADER_MIN;
	}
	if (!take(c, header)) {
		err_set(e, "truncated dump: %zu bytes, the header alone needs %u",
			c->len, header);
		return -1;
	}
	sizes[0] = (unsigned int)GET(h, rvt_dump_header, header_size);
	sizes[1] = (unsigned int)GET(h, rvt_dump_header, hart_header_size);
	sizes[2] = (unsigned int)GET(h, rvt_dump_header, event_size);
	sizes[3] = (unsigned int)GET(h, rvt_dump_header, profile_size);
	t->xlen = (unsigned int)GET(h, rvt_dump_header, xlen);
	t->flags = (unsigned int)GET(h, rvt_dump_header, flags);
	t->nr_harts = (unsigned int)GET(h, rvt_dump_header, nr_harts);
	t->events_per_hart = (uint32_t)GET(h, rvt_dump_header, events_per_hart);
	t->clock_hz = GET(h, rvt_dump_header, clock_hz);
	t->overwritten = GET(h, rvt_dump_header, overwritten);
	t->dropped = GET(h, rvt_dump_header, dropped);
	t->tracer = (unsigned int)GET(h, rvt_dump_header, tracer);
	t->nr_profile = (uint32_t)GET(h, rvt_dump_header, nr_profile);
	/* The names table ends the header; the members come before it. */
	if (header >= HEADER_NAMES) {
		names = (unsigned int)GET(h, rvt_dump_header, names_size);
		if (names > header - HEADER_NAMES) {
			err_set(e, "corrupted header: a names table of %u bytes does not fit in a header of %u",
				names, header);
			return -1;
		}
	}
	members = header - names;
	t->anchor = members >= FIELD(rvt_dump_header, anchor) + 8 ?
		    GET(h, rvt_dump_header, anchor) : 0;
	if (members >= FIELD(rvt_dump_header, build_id) + 32) {
		t->build_id_len = (unsigned int)GET(h, rvt_dump_header,
						    build_id_len);
		if (t->build_id_len > sizeof(t->build_id)) {
			err_set(e, "corrupted header: build-id of %u bytes",
				t->build_id_len);
			return -1;
		}
		memcpy(t->build_id, h + FIELD(rvt_dump_header, build_id),
		       t->build_id_len);
	}
	if (t->version >= 3 && members >= HEADER_TASKS) {
		sizes[4] = (unsigned int)GET(h, rvt_dump_header, task_size);
		t->nr_tasks = (unsigned int)GET(h, rvt_dump_header, nr_tasks);
		if (t->nr_tasks && sizes[4] < sizeof(struct rvt_dump_task)) {
			err_set(e, "corrupted header: task_size %u is smaller than a task record (%zu bytes)",
				sizes[4], sizeof(struct rvt_dump_task));
			return -1;
		}
	}
	if (check_sizes(sizes[0], sizes[1], sizes[2], sizes[3], t->nr_profile, e))
		return -1;
	if (t->xlen != 32 && t->xlen != 64) {
		err_set(e, "corrupted header: xlen %u (expected 32 or 64)", t->xlen);
		return -1;
	}
	if (t->tracer > RVT_DUMP_TRACER_GRAPH) {
		err_set(e, "corrupted header: unknown tracer %u", t->tracer);
		return -1;
	}
	if (names) {
		t->names = malloc(names);
		if (!t->names) {
			err_set(e, "out of memory");
			return -1;
		}
		memcpy(t->names, h + members, names);
		t->names_size = names;
	}
	return 0;
}

static int read_event(struct trace *t, const uint8_t *p, uint32_t hart,
		      uint32_t i, struct event *ev, struct err *e)
{
	uint32_t info = (uint32_t)GET(p, rvt_event, info);
	uint64_t limit = t->xlen == 32 ? UINT32_MAX : UINT64_MAX;
	/* Version 2: the hart has the top 16 bits and there are no tasks. */
	unsigned int event_hart = t->version < 3 ? info >> 16 :
				  RVT_EVENT_HART(info);

	ev->ts = GET(p, rvt_event, ts);
	ev->func = GET(p, rvt_event, func);
	ev->caller = GET(p, rvt_event, caller);
	ev->kind = RVT_EVENT_KIND(info);
	ev->depth = RVT_EVENT_DEPTH(info);
	ev->task = t->version < 3 ? 0 : RVT_EVENT_TASK(info);
	ev->seq = (uint32_t)GET(p, rvt_event, seq);
	ev->seq_end = ev->seq;
	if (ev->kind > (t->version < 3 ? EV_MARKER :
			t->version < 4 ? EV_SWITCH : EV_CALL)) {
		err_set(e, "corrupted record: hart %u event %u has unknown kind %u",
			hart, i, ev->kind);
		return -1;
	}
	if (ev->kind != EV_LOST && event_hart != hart) {
		err_set(e, "corrupted record: hart %u event %u says hart %u",
			hart, i, event_hart);
		return -1;
	}
	if (ev->kind == EV_SWITCH && (ev->func > 255 || ev->caller > 255)) {
		err_set(e, "corrupted record: hart %u event %u switches between tasks %llu and %llu (tags are 0 to 255)",
			hart, i, (unsigned long long)ev->func,
			(unsigned long long)ev->caller);
		return -1;
	}
	if (ev->kind == EV_LOST && (info || ev->ts || ev->func || ev->caller)) {
		err_set(e, "corrupted record: hart %u event %u is a lost slot with data",
			hart, i);
		return -1;
	}
	if (ev->kind == EV_DATA) {
		unsigned int first = RVT_DATA_FIRST(info);
		unsigned int count = RVT_DATA_COUNT(info);

		if (!count || first + count > EV_VALUES) {
			err_set(e, "corrupted record: hart %u event %u has values %u to %u",
				hart, i, first, first + count - 1);
			return -1;
		}
		/* The data fields are values, no addresses. */
		return 0;
	}
	if (ev->kind == EV_PRINTK && ev->depth > RVT_PRINTK_MAX_ARGS) {
		err_set(e, "corrupted record: hart %u event %u is a printk of %u arguments",
			hart, i, ev->depth);
		return -1;
	}
	if (ev->kind != EV_MARKER && (ev->func > limit || ev->caller > limit)) {
		err_set(e, "corrupted record: hart %u event %u has an address beyond %u bits",
			hart, i, t->xlen);
		return -1;
	}
	if ((ev->kind == EV_ENTRY || ev->kind == EV_EXIT) &&
	    t->tracer == RVT_DUMP_TRACER_NONE) {
		err_set(e, "corrupted record: hart %u event %u in a dump without a tracer",
			hart, i);
		return -1;
	}
	if ((ev->kind == EV_EXIT || ev->kind == EV_CALL) &&
	    t->tracer != RVT_DUMP_TRACER_GRAPH) {
		err_set(e, "corrupted record: hart %u event %u is an exit in a function trace",
			hart, i);
		return -1;
	}
	return 0;
}

static int read_harts(struct trace *t, struct cursor *c, const unsigned int *sz,
		      struct err *e)
{
	unsigned int h, k;
	uint32_t i;

	t->harts = calloc(t->nr_harts ? t->nr_harts : 1, sizeof(*t->harts));
	if (!t->harts) {
		err_set(e, "out of memory");
		return -1;
	}
	for (h = 0; h < t->nr_harts; h++) {
		struct hart_trace *ht = &t->harts[h];
		const uint8_t *p = take(c, sz[1]), *evp;

		if (!p) {
			err_set(e, "truncated dump: %zu bytes, hart section %u of %u is missing",
				c->len, h, t->nr_harts);
			return -1;
		}
		ht->hart = (uint32_t)GET(p, rvt_dump_hart, hart);
		ht->nr = (uint32_t)GET(p, rvt_dump_hart, nr_events);
		ht->overwritten = GET(p, rvt_dump_hart, overwritten);
		ht->dropped = GET(p, rvt_dump_hart, dropped);
		if (ht->hart > (t->version < 3 ? 0xffffu : 0xffu)) {
			err_set(e, "corrupted record: hart section %u names hart %u",
				h, ht->hart);
			return -1;
		}
		for (k = 0; k < h; k++) {
			if (t->harts[k].hart == ht->hart) {
				err_set(e, "corrupted record: hart %u has two sections",
					ht->hart);
				return -1;
			}
		}
		if (ht->nr > t->events_per_hart) {
			err_set(e, "corrupted record: hart %u has %u events, more than its ring holds (%u)",
				ht->hart, ht->nr, t->events_per_hart);
			return -1;
		}
		evp = take(c, (uint64_t)ht->nr * sz[2]);
		if (!evp) {
			err_set(e, "truncated dump: %zu bytes, hart %u's %u events do not fit",
				c->len, ht->hart, ht->nr);
			return -1;
		}
		ht->ev = calloc(ht->nr ? ht->nr : 1, sizeof(*ht->ev));
		if (!ht->ev) {
			err_set(e, "out of memory");
			return -1;
		}
		for (i = 0; i < ht->nr; i++)
			if (read_event(t, evp + (size_t)i * sz[2], ht->hart, i,
				       &ht->ev[i], e))
				return -1;
		if (fold_hart(ht, e))
			return -1;
	}
	return 0;
}

static int read_profile(struct trace *t, struct cursor *c, unsigned int size,
			struct err *e)
{
	const uint8_t *p = take(c, (uint64_t)t->nr_profile * size);
	uint32_t i;

	if (!p) {
		err_set(e, "truncated dump: %zu bytes, the %u profile records do not fit",
			c->len, t->nr_profile);
		return -1;
	}
	t->profile = calloc(t->nr_profile ? t->nr_profile : 1,
			    sizeof(*t->profile));
	if (!t->profile) {
		err_set(e, "out of memory");
		return -1;
	}
	for (i = 0; i < t->nr_profile; i++, p += size) {
		struct profile_rec *r = &t->profile[i];

		r->func = GET(p, rvt_dump_profile, func);
		r->hits = GET(p, rvt_dump_profile, hits);
		r->total = GET(p, rvt_dump_profile, total);
		r->self = GET(p, rvt_dump_profile, self);
		r->min = GET(p, rvt_dump_profile, min);
		r->max = GET(p, rvt_dump_profile, max);
		if (r->self > r->total ||
		    (r->hits && (r->min > r->max || r->max > r->total))) {
			err_set(e, "corrupted record: profile record %u has inconsistent times",
				i);
			return -1;
		}
	}
	return 0;
}

static int read_tasks(struct trace *t, struct cursor *c, unsigned int size,
		      struct err *e)
{
	const uint8_t *p = take(c, (uint64_t)t->nr_tasks * size);
	unsigned int i, k;

	if (!p) {
		err_set(e, "truncated dump: %zu bytes, the %u task records do not fit",
			c->len, t->nr_tasks);
		return -1;
	}
	t->tasks = calloc(t->nr_tasks ? t->nr_tasks : 1, sizeof(*t->tasks));
	if (!t->tasks) {
		err_set(e, "out of memory");
		return -1;
	}
	for (i = 0; i < t->nr_tasks; i++, p += size) {
		struct task_rec *r = &t->tasks[i];

		r->tag = (unsigned int)GET(p, rvt_dump_task, tag);
		r->id = (uint32_t)GET(p, rvt_dump_task, id);
		r->exited = !!GET(p, rvt_dump_task, exited);
		memcpy(r->name, p + FIELD(rvt_dump_task, name), 16);
		r->name[16] = 0;
		if (!r->tag) {
			err_set(e, "corrupted record: task record %u has tag 0",
				i);
			return -1;
		}
		for (k = 0; k < i; k++) {
			if (t->tasks[k].tag == r->tag) {
				err_set(e, "corrupted record: task tag %u has two records",
					r->tag);
				return -1;
			}
		}
	}
	return 0;
}

int trace_has_tasks(const struct trace *t)
{
	unsigned int h;
	uint32_t i;

	for (h = 0; h < t->nr_harts; h++)
		for (i = 0; i < t->harts[h].nr; i++)
			if (t->harts[h].ev[i].task ||
			    t->harts[h].ev[i].kind == EV_SWITCH)
				return 1;
	return 0;
}

const struct task_rec *trace_task(const struct trace *t, unsigned int tag)
{
	unsigned int i;

	for (i = 0; tag && i < t->nr_tasks; i++)
		if (t->tasks[i].tag == tag)
			return &t->tasks[i];
	return NULL;
}

void task_label(const struct trace *t, unsigned int tag, uint32_t hart,
		char *buf, size_t size)
{
	const struct task_rec *r = trace_task(t, tag);

	if (!tag)
		snprintf(buf, size, "hart %u", hart);
	else if (r && r->name[0])
		snprintf(buf, size, "%s", r->name);
	else
		snprintf(buf, size, "task %u", tag);
}

size_t trace_split(const uint8_t *buf, size_t len, size_t *at, size_t max)
{
	size_t pos = 0, size, n = 0;
	struct err e;

	while (pos < len) {
		if (trace_dump_size(buf + pos, len - pos, &size, &e))
			return 0;
		if (at && n < max)
			at[n] = pos;
		pos += size;
		n++;
	}
	return n;
}

int trace_keep_hart(struct trace *t, unsigned int hart, struct err *e)
{
	unsigned int h, keep = t->nr_harts;

	for (h = 0; h < t->nr_harts; h++)
		if (t->harts[h].hart == hart)
			keep = h;
	if (keep == t->nr_harts) {
		err_set(e, "the dump has no hart %u (it has %u hart section%s)",
			hart, t->nr_harts, t->nr_harts == 1 ? "" : "s");
		return -1;
	}
	t->overwritten = t->harts[keep].overwritten;
	t->dropped = t->harts[keep].dropped;
	for (h = 0; h < t->nr_harts; h++)
		if (h != keep)
			free(t->harts[h].ev), free(t->harts[h].vals);
	t->harts[0] = t->harts[keep];
	t->nr_harts = 1;
	return 0;
}

/* Whether ev is of the task tag: its own, or a switch to or from it. */
static int of_task(const struct event *ev, unsigned int tag)
{
	if (ev->kind == EV_SWITCH)
		return ev->func == tag || ev->caller == tag;
	return ev->kind != EV_LOST && ev->task == tag;
}

/* Whether t knows tag: a record or an event of it. */
static int has_tag(const struct trace *t, unsigned int tag)
{
	unsigned int h;
	uint32_t i;

	if (trace_task(t, tag))
		return 1;
	for (h = 0; h < t->nr_harts; h++)
		for (i = 0; i < t->harts[h].nr; i++)
			if (of_task(&t->harts[h].ev[i], tag))
				return 1;
	return 0;
}

/* The tasks t has, by tag: their names, or their tags where unnamed. */
static void no_task(const struct trace *t, const char *task, struct err *e)
{
	char list[160] = "none";
	size_t at = 0;
	unsigned int tag;

	for (tag = 1; tag < 256 && at < sizeof(list); tag++) {
		const struct task_rec *r = trace_task(t, tag);

		if (!has_tag(t, tag))
			continue;
		if (r && r->name[0])
			at += (size_t)snprintf(list + at, sizeof(list) - at,
					       "%s%s", at ? ", " : "", r->name);
		else
			at += (size_t)snprintf(list + at, sizeof(list) - at,
					       "%s%u", at ? ", " : "", tag);
	}
	err_set(e, "the dump has no task '%s' (it has: %s)", task, list);
}

/* The tag task names: a task's name, else a tag t knows. */
static int task_tag(const struct trace *t, const char *task,
		    unsigned int *tag, struct err *e)
{
	const struct task_rec *found = NULL;
	unsigned long v;
	unsigned int i;
	char *end;

	for (i = 0; task[0] && i < t->nr_tasks; i++) {
		if (strcmp(t->tasks[i].name, task))
			continue;
		if (found) {
			err_set(e, "two tasks are named '%s' (tags %u and %u): give the tag",
				task, found->tag, t->tasks[i].tag);
			return -1;
		}
		found = &t->tasks[i];
	}
	if (found) {
		*tag = found->tag;
		return 0;
	}
	v = strtoul(task, &end, 10);
	if (task[0] >= '0' && task[0] <= '9' && !*end && v <= 255 &&
	    has_tag(t, (unsigned int)v)) {
		*tag = (unsigned int)v;
		return 0;
	}
	no_task(t, task, e);
	return -1;
}

int trace_keep_task(struct trace *t, const char *task, struct err *e)
{
	unsigned int h, tag;
	uint32_t i, n;

	if (task_tag(t, task, &tag, e))
		return -1;
	for (h = 0; h < t->nr_harts; h++) {
		struct hart_trace *ht = &t->harts[h];

		for (i = n = 0; i < ht->nr; i++)
			if (of_task(&ht->ev[i], tag))
				ht->ev[n++] = ht->ev[i];
		ht->nr = n;
	}
	return 0;
}

int trace_is_chunk(const struct trace *t)
{
	return !!(t->flags & RVT_DUMP_CHUNK);
}

int trace_dump_size(const uint8_t *buf, size_t len, size_t *size,
		    struct err *e)
{
	uint64_t at, header, hart, event, nr_harts, h;

	if (len < sizeof(struct rvt_dump_header))
		return 1;
	if (!trace_is_binary(buf, len) ||
	    !version_known((unsigned int)GET(buf, rvt_dump_header, version))) {
		err_set(e, "not a version %d to %d dump where one should start",
			VERSION_MIN, RVT_DUMP_VERSION);
		return -1;
	}
	header = GET(buf, rvt_dump_header, header_size);
	hart = GET(buf, rvt_dump_header, hart_header_size);
	event = GET(buf, rvt_dump_header, event_size);
	nr_harts = GET(buf, rvt_dump_header, nr_harts);
	if (check_sizes((unsigned int)header, (unsigned int)hart,
			(unsigned int)event,
			(unsigned int)GET(buf, rvt_dump_header, profile_size),
			(uint32_t)GET(buf, rvt_dump_header, nr_profile), e))
		return -1;
	at = header;
	for (h = 0; h < nr_harts; h++) {
		if (at + hart > len)
			return 1;
		at += hart + GET(buf + at, rvt_dump_hart, nr_events) * event;
	}
	at += GET(buf, rvt_dump_header, nr_profile) *
	      GET(buf, rvt_dump_header, profile_size);
	if (GET(buf, rvt_dump_header, version) >= 3 && header >= HEADER_TASKS +
	    GET(buf, rvt_dump_header, names_size))
		at += GET(buf, rvt_dump_header, nr_tasks) *
		      GET(buf, rvt_dump_header, task_size);
	if (at > len)
		return 1;
	*size = (size_t)at;
	return 0;
}

int trace_parse(struct trace *t, const uint8_t *buf, size_t len, struct err *e)
{
	struct cursor c = { buf, len, len };
	unsigned int sizes[5] = { 0 };

	memset(t, 0, sizeof(*t));
	if (read_header(t, &c, sizes, e) || read_harts(t, &c, sizes, e) ||
	    read_profile(t, &c, sizes[3], e) || read_tasks(t, &c, sizes[4], e))
		goto fail;
	if (c.left) {
		err_set(e, "corrupted dump: %zu bytes after its end (%zu of %zu used)",
			c.left, len - c.left, len);
		goto fail;
	}
	t->crc = crc32_ieee(0, buf, len);
	return 0;
fail:
	trace_free(t);
	return -1;
}
