// SPDX-License-Identifier: BSD-2-Clause
#include <stdlib.h>
#include <string.h>

#include "input.h"

static int find(const uint8_t *buf, size_t len, struct frame_list *l,
		struct err *e)
{
	if (frames_find((const char *)buf, len, l, e))
		return -1;
	if (!l->nr) {
		err_set(e, len ? "no rvtrace dump found: neither a binary dump (magic \"RVTRACE\") nor a log with \"@rvtrace begin\"" :
			"the input is empty");
		frames_free(l);
		return -1;
	}
	return 0;
}

/* Where dump k of the n laid end to end at the offsets at[] lies in buf. */
static void slice(const size_t *at, size_t n, size_t len, size_t k,
		  size_t *start, size_t *size)
{
	*start = at[k];
	*size = (k + 1 < n ? at[k + 1] : len) - at[k];
}

/* The offsets of the n > 1 dumps end to end in buf; NULL if out of memory. */
static size_t *offsets(const uint8_t *buf, size_t len, size_t n, struct err *e)
{
	size_t *at = malloc(n * sizeof(*at));

	if (!at)
		err_set(e, "out of memory");
	else
		trace_split(buf, len, at, n);
	return at;
}

static int select_binary(const uint8_t *buf, size_t len, long index,
			 uint8_t **dump, size_t *dump_len, struct err *e)
{
	size_t n = trace_split(buf, len, NULL, 0), start = 0, size = len;

	if (n > 1) {
		long nr = (long)n;
		size_t *at;

		if (index < -nr || index >= nr) {
			err_set(e, "there is no dump %ld: the input has %ld end to end (0 to %ld, or -1 to -%ld from the end)",
				index, nr, nr - 1, nr);
			return -1;
		}
		at = offsets(buf, len, n, e);
		if (!at)
			return -1;
		slice(at, n, len, (size_t)(index < 0 ? index + nr : index),
		      &start, &size);
		free(at);
	} else if (index != 0 && index != INDEX_LAST) {
		err_set(e, "a binary dump holds one dump: there is no dump %ld",
			index);
		return -1;
	}
	*dump = malloc(size ? size : 1);
	if (!*dump) {
		err_set(e, "out of memory");
		return -1;
	}
	memcpy(*dump, buf + start, size);
	*dump_len = size;
	return 0;
}

int input_select(const uint8_t *buf, size_t len, long index, uint8_t **dump,
		 size_t *dump_len, struct err *e)
{
	struct frame_list l;
	long n;

	if (trace_is_binary(buf, len))
		return select_binary(buf, len, index, dump, dump_len, e);
	if (find(buf, len, &l, e))
		return -1;
	n = (long)l.nr;
	if (index < -n || index >= n) {
		err_set(e, "there is no dump %ld: the log has %ld (0 to %ld, or -1 to -%ld from the end)",
			index, n, n - 1, n);
		frames_free(&l);
		return -1;
	}
	if (index < 0)
		index += n;
	if (!l.f[index].ok) {
		*e = l.f[index].err;
		frames_free(&l);
		return -1;
	}
	*dump = l.f[index].bytes;
	*dump_len = l.f[index].len;
	l.f[index].bytes = NULL;
	frames_free(&l);
	return 0;
}

int input_list(const uint8_t *buf, size_t len, FILE *out, struct err *e)
{
	struct frame_list l;
	size_t i;

	if (trace_is_binary(buf, len)) {
		size_t n = trace_split(buf, len, NULL, 0), k, start, size;
		size_t *at;

		if (n <= 1) {
			fprintf(out, "dump 0: a binary dump of %zu bytes\n", len);
			return 0;
		}
		at = offsets(buf, len, n, e);
		if (!at)
			return -1;
		for (k = 0; k < n; k++) {
			slice(at, n, len, k, &start, &size);
			fprintf(out, "dump %zu: byte %zu, %zu bytes\n", k, start,
				size);
		}
		free(at);
		return 0;
	}
	if (find(buf, len, &l, e))
		return -1;
	for (i = 0; i < l.nr; i++) {
		if (l.f[i].ok)
			fprintf(out, "dump %zu: log line %zu, %zu bytes\n", i,
				l.f[i].line, l.f[i].len);
		else
			fprintf(out, "dump %zu: log line %zu, broken: %s\n", i,
				l.f[i].line, l.f[i].err.msg);
	}
	frames_free(&l);
	return 0;
}
