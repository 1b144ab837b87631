// SPDX-License-Identifier: BSD-2-Clause
/*
 * A CTF 1.8 trace for babeltrace2 and Trace Compass: a directory with the
 * TSDL "metadata" and one stream file per hart ("hartN"), each one packet.
 * Event classes: func_entry, func_exit, marker and lost, and printk when
 * the dump has any. CTF wants the time
 * of a stream never to go back: a lost slot takes the time of the event
 * before it, and so does an event older than its predecessor.
 *
 * A dump with tasks gives every event a context, the task it belongs to
 * (its tag, 0 for the hart's own context, and its name, "hart N" for tag
 * 0), and has a class task_switch (prev and next, tag and name).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <rvtrace/trace.h>

#include "formats.h"
#include "out.h"

#define CTF_MAGIC	0xc1fc1fc1u

enum { ID_ENTRY, ID_EXIT, ID_MARKER, ID_LOST, ID_SWITCH, ID_PRINTK };

struct buf {
	uint8_t *p;
	size_t len, cap;
	int oom;
};

static void put(struct buf *b, const void *src, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 4096;
		uint8_t *p;

		while (cap < b->len + n)
			cap *= 2;
		p = realloc(b->p, cap);
		if (!p) {
			b->oom = 1;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, src, n);
	b->len += n;
}

static void put_le(struct buf *b, uint64_t v, size_t n)
{
	uint8_t le[8];
	size_t i;

	for (i = 0; i < n; i++)
		le[i] = (uint8_t)(v >> (8 * i));
	put(b, le, n);
}

static void patch_le(struct buf *b, size_t at, uint64_t v)
{
	size_t i;

	for (i = 0; i < 8; i++)
		b->p[at + i] = (uint8_t)(v >> (8 * i));
}

/* Fixed for a given dump, so the same dump gives the same trace. */
static void make_uuid(const struct trace *t, uint8_t *u)
{
	uint32_t w = t->crc;
	int i;

	for (i = 0; i < 16; i += 4) {
		w = crc32_ieee(w, (const uint8_t *)"rvtrace", 7);
		u[i] = (uint8_t)w;
		u[i + 1] = (uint8_t)(w >> 8);
		u[i + 2] = (uint8_t)(w >> 16);
		u[i + 3] = (uint8_t)(w >> 24);
	}
	u[6] = (uint8_t)((u[6] & 0x0f) | 0x40);
	u[8] = (uint8_t)((u[8] & 0x3f) | 0x80);
}

static void put_tsdl_str(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		if ((unsigned char)*s >= 0x20 && (unsigned char)*s < 0x7f)
			fputc(*s, f);
	}
}

static const char *const event_fields[] = {
	[ID_ENTRY] = "addr_t ip; addr_t parent_ip; uint16_t depth; string func; string caller;",
	[ID_EXIT] = "addr_t ip; addr_t parent_ip; uint16_t depth; string func; string caller;",
	[ID_MARKER] = "uint64_t id; addr_t parent_ip; string caller;",
	[ID_LOST] = "uint8_t unused;",
	[ID_SWITCH] = "uint8_t prev; string prev_name; uint8_t next; string next_name;",
	[ID_PRINTK] = "addr_t fmt; addr_t parent_ip; string message; string caller;",
};

static const char *const event_names[] = {
	[ID_ENTRY] = "func_entry", [ID_EXIT] = "func_exit",
	[ID_MARKER] = "marker", [ID_LOST] = "lost",
	[ID_SWITCH] = "task_switch", [ID_PRINTK] = "printk",
};

static void metadata(const struct ctx *c, FILE *f, const uint8_t *u,
		     int tasks, int printks)
{
	const struct trace *t = c->t;
	int i;

	fprintf(f, "/* CTF 1.8 */\n\n");
	fprintf(f, "typealias integer { size = 8; align = 8; signed = false; } := uint8_t;\n");
	fprintf(f, "typealias integer { size = 16; align = 8; signed = false; } := uint16_t;\n");
	fprintf(f, "typealias integer { size = 32; align = 8; signed = false; } := uint32_t;\n");
	fprintf(f, "typealias integer { size = 64; align = 8; signed = false; } := uint64_t;\n");
	fprintf(f, "typealias integer { size = 64; align = 8; signed = false; base = 16; } := addr_t;\n\n");
	fprintf(f, "trace {\n\tmajor = 1;\n\tminor = 8;\n\tuuid = \"");
	for (i = 0; i < 16; i++)
		fprintf(f, "%s%02x", i == 4 || i == 6 || i == 8 || i == 10 ?
			"-" : "", u[i]);
	fprintf(f, "\";\n\tbyte_order = le;\n");
	fprintf(f, "\tpacket.header := struct {\n\t\tuint32_t magic;\n\t\tuint8_t uuid[16];\n\t\tuint32_t stream_id;\n\t};\n};\n\n");
	fprintf(f, "env {\n\tdomain = \"rvtrace\";\n\ttracer_name = \"rvtrace\";\n\ttracer = \"%s\";\n\tprogram = \"",
		tracer_name(t));
	put_tsdl_str(f, c->program);
	fprintf(f, "\";\n\txlen = %u;\n\tclock_hz = %" PRIu64 ";\n\toverwritten = %" PRIu64 ";\n\tdropped = %" PRIu64 ";\n};\n\n",
		t->xlen, t->clock_hz, t->overwritten, t->dropped);
	/* An unknown frequency: ticks are shown as nanoseconds. */
	fprintf(f, "clock {\n\tname = platform;\n\tdescription = \"%s\";\n\tfreq = %" PRIu64 ";\n\tprecision = 1;\n\toffset_s = 0;\n\toffset = 0;\n\tabsolute = FALSE;\n};\n\n",
		t->clock_hz ? "the firmware's platform clock" :
		"the firmware's platform clock, frequency unknown: ticks shown as ns",
		t->clock_hz ? t->clock_hz : 1000000000u);
	fprintf(f, "typealias integer { size = 64; align = 8; signed = false; map = clock.platform.value; } := clock_t;\n\n");
	fprintf(f, "stream {\n\tid = 0;\n\tpacket.context := struct {\n\t\tclock_t timestamp_begin;\n\t\tclock_t timestamp_end;\n\t\tuint64_t content_size;\n\t\tuint64_t packet_size;\n\t\tuint32_t cpu_id;\n\t};\n");
	fprintf(f, "\tevent.header := struct {\n\t\tuint32_t id;\n\t\tclock_t timestamp;\n\t};\n");
	if (tasks)
		fprintf(f, "\tevent.context := struct {\n\t\tuint8_t task;\n\t\tstring task_name;\n\t};\n");
	fprintf(f, "};\n\n");
	for (i = ID_ENTRY; i <= ID_PRINTK; i++)
		if ((i != ID_SWITCH || tasks) && (i != ID_PRINTK || printks))
			fprintf(f, "event {\n\tname = \"%s\";\n\tid = %d;\n\tstream_id = 0;\n\tfields := struct { %s };\n};\n\n",
				event_names[i], i, event_fields[i]);
}

/* Whether t has printk events: only then is their class declared. */
static int has_printk(const struct trace *t)
{
	unsigned int h;
	uint32_t i;

	for (h = 0; h < t->nr_harts; h++)
		for (i = 0; i < t->harts[h].nr; i++)
			if (t->harts[h].ev[i].kind == EV_PRINTK)
				return 1;
	return 0;
}

static void put_str(struct buf *b, const char *s)
{
	put(b, s, strlen(s) + 1);
}

/* A task's tag and name: "hart N" (its id) for the hart's own context. */
static void put_task(const struct ctx *c, struct buf *b, unsigned int tag,
		     uint32_t hart)
{
	char name[64];

	task_label(c->t, tag, hart, name, sizeof(name));
	put_le(b, tag, 1);
	put_str(b, name);
}

static void event(const struct ctx *c, struct buf *b,
		  const struct hart_trace *ht, const struct event *ev,
		  uint64_t ts, int tasks)
{
	char name[NAME_MAX_LEN], caller[NAME_MAX_LEN], msg[VALUES_MAX_LEN];
	uint32_t hart = ht->hart;
	int id = ev->kind == EV_ENTRY ? ID_ENTRY : ev->kind == EV_EXIT ?
		 ID_EXIT : ev->kind == EV_MARKER ? ID_MARKER :
		 ev->kind == EV_SWITCH ? ID_SWITCH :
		 ev->kind == EV_PRINTK ? ID_PRINTK : ID_LOST;

	put_le(b, (uint64_t)id, 4);
	put_le(b, ts, 8);
	if (tasks)
		put_task(c, b, ev->task, hart);
	if (id == ID_LOST) {
		put_le(b, 0, 1);
		return;
	}
	if (id == ID_SWITCH) {
		put_task(c, b, (unsigned int)ev->func, hart);
		put_task(c, b, (unsigned int)ev->caller, hart);
		return;
	}
	caller_name(c, ev->caller, caller, sizeof(caller));
	if (id == ID_PRINTK) {
		printk_text(c, ht, ev, msg, sizeof(msg));
		put_le(b, ev->func, 8);
		put_le(b, ev->caller, 8);
		put_str(b, msg);
		put_str(b, caller);
		return;
	}
	if (id == ID_MARKER) {
		put_le(b, ev->func, 8);
		put_le(b, ev->caller, 8);
		put_str(b, caller);
		return;
	}
	func_name(c, ev->func, name, sizeof(name));
	put_le(b, ev->func, 8);
	put_le(b, ev->caller, 8);
	put_le(b, ev->depth, 2);
	put_str(b, name);
	put_str(b, caller);
}

static int stream(const struct ctx *c, unsigned int h, const uint8_t *u,
		  const char *path, int tasks)
{
	const struct hart_trace *ht = &c->t->harts[h];
	struct buf b = { 0 };
	uint64_t ts = 0, first = 0;
	uint32_t i;
	size_t ctx_at;
	FILE *f;
	int ret = 0;

	put_le(&b, CTF_MAGIC, 4);
	put(&b, u, 16);
	put_le(&b, 0, 4);
	ctx_at = b.len;
	/* Begin and end times, content and packet size: patched below. */
	for (i = 0; i < 4; i++)
		put_le(&b, 0, 8);
	put_le(&b, ht->hart, 4);
	for (i = 0; i < ht->nr; i++) {
		uint64_t t = event_time(ht, i);

		if (t > ts || !i)
			ts = t;
		if (!i)
			first = ts;
		event(c, &b, ht, &ht->ev[i], ts, tasks);
	}
	if (b.oom) {
		free(b.p);
		err_set(c->e, "out of memory");
		return -1;
	}
	patch_le(&b, ctx_at, first);
	patch_le(&b, ctx_at + 8, ts);
	patch_le(&b, ctx_at + 16, (uint64_t)b.len * 8);
	patch_le(&b, ctx_at + 24, (uint64_t)b.len * 8);
	f = fopen(path, "wb");
	if (!f || fwrite(b.p, 1, b.len, f) != b.len)
		ret = -1;
	if (f && fclose(f))
		ret = -1;
	if (ret)
		err_set(c->e, "cannot write %s: %s", path, strerror(errno));
	free(b.p);
	return ret;
}

int fmt_ctf(struct ctx *c, const char *dir)
{
	char path[4096];
	int tasks = trace_has_tasks(c->t);
	uint8_t u[16];
	unsigned int h;
	FILE *f;

	if (need_events(c, "ctf"))
		return -1;
	if (mkdir(dir, 0777) && errno != EEXIST) {
		err_set(c->e, "cannot create the directory %s: %s", dir,
			strerror(errno));
		return -1;
	}
	make_uuid(c->t, u);
	snprintf(path, sizeof(path), "%s/metadata", dir);
	f = fopen(path, "w");
	if (!f) {
		err_set(c->e, "cannot write %s: %s", path, strerror(errno));
		return -1;
	}
	metadata(c, f, u, tasks, has_printk(c->t));
	if (fclose(f)) {
		err_set(c->e, "cannot write %s: %s", path, strerror(errno));
		return -1;
	}
	for (h = 0; h < c->t->nr_harts; h++) {
		snprintf(path, sizeof(path), "%s/hart%u", dir, c->t->harts[h].hart);
		if (stream(c, h, u, path, tasks))
			return -1;
	}
	return 0;
}
