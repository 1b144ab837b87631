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

/*
 * The dumps of a binary input end to end (a binary stream): how many, and
 * where dump index starts and how long it is; 0 if it is not dumps end to
 * end (then it is one dump, checked as such when parsed).
 */
static long binary_dumps(const uint8_t *buf, size_t len, long index,
			 size_t *at, size_t *size)
{
	size_t pos = 0, n;
	struct err e;
	long nr = 0;

	while (pos < len) {
		if (trace_dump_size(buf + pos, len - pos, &n, &e))
			return 0;
		if (nr == index) {
			*at = pos;
			*size = n;
		}
		pos += n;
		nr++;
	}
	return nr;
}

static int select_binary(const uint8_t *buf, size_t len, long index,
			 uint8_t **dump, size_t *dump_len, struct err *e)
{
	long n = binary_dumps(buf, len, -1, NULL, NULL);
	size_t at = 0, size = len;

	if (n > 1) {
		if (index < -n || index >= n) {
			err_set(e, "there is no dump %ld: the input has %ld end to end (0 to %ld, or -1 to -%ld from the end)",
				index, n, n - 1, n);
			return -1;
		}
		binary_dumps(buf, len, index < 0 ? index + n : index, &at,
			     &size);
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
	memcpy(*dump, buf + at, size);
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
		long n = binary_dumps(buf, len, -1, NULL, NULL), k;
		size_t at = 0, size = len;

		if (n <= 1) {
			fprintf(out, "dump 0: a binary dump of %zu bytes\n", len);
			return 0;
		}
		for (k = 0; k < n; k++) {
			binary_dumps(buf, len, k, &at, &size);
			fprintf(out, "dump %ld: byte %zu, %zu bytes\n", k, at,
				size);
		}
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
