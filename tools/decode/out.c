// SPDX-License-Identifier: BSD-2-Clause
#include <rvtrace/trace.h>

#include "out.h"

uint64_t ticks_to_ns(uint64_t ticks, uint64_t hz)
{
	uint64_t s = ticks / hz, rem = ticks % hz;

	/* rem * 1e9 fits in 64 bits for any clock below 18 GHz. */
	if (hz <= UINT64_MAX / 1000000000u)
		return s * 1000000000u + rem * 1000000000u / hz;
	return s * 1000000000u + (uint64_t)((long double)rem * 1e9L / hz);
}

void fmt_ts(const struct trace *t, uint64_t ticks, char *buf, size_t len)
{
	uint64_t scale = 1, hz = t->clock_hz;
	int digits = 0;

	if (!hz) {
		snprintf(buf, len, "%llu", (unsigned long long)ticks);
		return;
	}
	/* Enough decimals for one tick: 7 for a 10 MHz clock. */
	while (scale < hz && digits < 9) {
		scale *= 10;
		digits++;
	}
	if (digits)
		snprintf(buf, len, "%llu.%0*llu",
			 (unsigned long long)(ticks / hz), digits,
			 (unsigned long long)(ticks_to_ns(ticks % hz, hz) /
					      (1000000000u / scale)));
	else
		snprintf(buf, len, "%llu", (unsigned long long)(ticks / hz));
}

void fmt_dur(const struct trace *t, uint64_t ticks, char *buf, size_t len)
{
	uint64_t ns;

	if (!t->clock_hz) {
		snprintf(buf, len, "%llu tk", (unsigned long long)ticks);
		return;
	}
	ns = ticks_to_ns(ticks, t->clock_hz);
	snprintf(buf, len, "%llu.%03llu us", (unsigned long long)(ns / 1000),
		 (unsigned long long)(ns % 1000));
}

void put_json_str(FILE *f, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
}

void put_xml_str(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '&':
			fputs("&amp;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		default:
			if ((unsigned char)*s >= 0x20 && (unsigned char)*s < 0x7f)
				fputc(*s, f);
			else
				fputc('?', f);
		}
	}
}

void task_comm_pid(const struct trace *t, unsigned int tag, uint32_t hart,
		   char *comm, size_t comm_size, char *pid, size_t pid_size)
{
	const struct task_rec *r = trace_task(t, tag);

	if (!tag)
		snprintf(comm, comm_size, "<hart%u>", hart);
	else if (!r)
		snprintf(comm, comm_size, "<task%u>", tag);
	else
		snprintf(comm, comm_size, "%s", r->name[0] ? r->name : "<...>");
	if (r)
		snprintf(pid, pid_size, "%u", r->id);
	else
		snprintf(pid, pid_size, "%s", tag ? "?" : "0");
}

const char *tracer_name(const struct trace *t)
{
	switch (t->tracer) {
	case RVT_DUMP_TRACER_FUNCTION:
		return "function";
	case RVT_DUMP_TRACER_GRAPH:
		return "function_graph";
	default:
		return "nop";
	}
}
