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

int input_select(const uint8_t *buf, size_t len, long index, uint8_t **dump,
		 size_t *dump_len, struct err *e)
{
	struct frame_list l;
	long n;

	if (trace_is_binary(buf, len)) {
		if (index != 0 && index != INDEX_LAST) {
			err_set(e, "a binary dump holds one dump: there is no dump %ld",
				index);
			return -1;
		}
		*dump = malloc(len ? len : 1);
		if (!*dump) {
			err_set(e, "out of memory");
			return -1;
		}
		memcpy(*dump, buf, len);
		*dump_len = len;
		return 0;
	}
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
		fprintf(out, "dump 0: a binary dump of %zu bytes\n", len);
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
