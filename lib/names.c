// SPDX-License-Identifier: BSD-2-Clause
/*
 * Embedded function names (rvtrace/names.h). cmake/rvtrace-names.cmake puts
 * a table in section .rvtrace.names, which linker/rvtrace.ld brackets:
 *
 *   header:  "RVTN", count (u32)
 *   entries: count x { off (s32): function - rvt_init, name (u32) }, by address
 *   names:   NUL-terminated, name = offset from the start of the table
 *
 * Offsets from rvt_init rather than addresses keep the table right in
 * firmware that is relocated at run time.
 */
#include "internal.h"

struct names_header {
	char magic[4];
	uint32_t count;
};

struct names_entry {
	int32_t off;
	uint32_t name;
};

extern const char __rvt_names_start[], __rvt_names_end[];

static const struct names_header *table(void)
{
	const struct names_header *h = (const void *)__rvt_names_start;
	size_t size = (size_t)(__rvt_names_end - __rvt_names_start);

	if (size < sizeof(*h) || h->magic[0] != 'R' || h->magic[1] != 'V' ||
	    h->magic[2] != 'T' || h->magic[3] != 'N' ||
	    h->count > (size - sizeof(*h)) / sizeof(struct names_entry))
		return NULL;
	return h;
}

size_t rvt_names_image(const void **at)
{
	const struct names_header *h = table();

	*at = h;
	return h ? (size_t)(__rvt_names_end - __rvt_names_start) : 0;
}

static const struct names_entry *entries(const struct names_header *h)
{
	return (const struct names_entry *)(h + 1);
}

static unsigned long entry_func(const struct names_entry *e)
{
	return (unsigned long)rvt_init + (unsigned long)(long)e->off;
}

static const char *entry_name(const struct names_header *h,
			      const struct names_entry *e)
{
	return (const char *)h + e->name;
}

int rvt_names_count(void)
{
	const struct names_header *h = table();

	return h ? (int)h->count : 0;
}

const char *rvt_name_of(const void *addr, unsigned long *offset)
{
	const struct names_header *h = table();
	unsigned long a = (unsigned long)addr;
	const struct names_entry *e;
	uint32_t lo = 0, hi;

	if (!h || !h->count)
		return NULL;
	e = entries(h);
	/* The last entry at or below a. */
	hi = h->count;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (entry_func(&e[mid]) <= a)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return NULL;
	if (offset)
		*offset = a - entry_func(&e[lo - 1]);
	return entry_name(h, &e[lo - 1]);
}

/*
 * A set's closing ']', for set pointing after the '['; NULL if unclosed.
 * A ']' first in the set (after an optional '!') is a member, as in the
 * shell.
 */
static const char *set_end(const char *set)
{
	const char *p = set + (*set == '!');

	if (*p)
		p++;
	while (*p && *p != ']')
		p++;
	return *p ? p : NULL;
}

static bool set_has(const char *set, const char *end, char c)
{
	bool negate = *set == '!', found = false;
	const char *p = set + negate;

	while (p < end) {
		if (p + 2 < end && p[1] == '-') {
			found |= c >= p[0] && c <= p[2];
			p += 3;
		} else {
			found |= c == *p++;
		}
	}
	return found != negate;
}

/* Does the pattern element at *g match c? On a match *g moves past it. */
static bool element_match(const char **g, char c)
{
	const char *p = *g, *end;

	if (*p == '?') {
		*g = p + 1;
		return true;
	}
	if (*p == '[' && (end = set_end(p + 1))) {
		if (!set_has(p + 1, end, c))
			return false;
		*g = end + 1;
		return true;
	}
	if (*p != c)
		return false;
	*g = p + 1;
	return true;
}

static bool glob_match(const char *g, const char *s)
{
	const char *star = NULL, *resume = NULL;

	while (*s) {
		if (*g == '*') {
			star = ++g;
			resume = s;
		} else if (*g && element_match(&g, *s)) {
			s++;
		} else if (star) {
			/* Let the last '*' take one more character. */
			g = star;
			s = ++resume;
		} else {
			return false;
		}
	}
	while (*g == '*')
		g++;
	return !*g;
}

int rvt_names_match(const char *glob, const void **funcs, size_t max)
{
	const struct names_header *h;
	const struct names_entry *e;
	size_t n = 0, i;
	int pass;

	if (!glob)
		return RVT_EINVAL;
	if (!rvt_ready())
		return RVT_EPERM;
	h = table();
	if (!h)
		return RVT_ENOSYS;
	e = entries(h);
	/* Count first, so a refused call writes nothing. */
	for (pass = 0; pass < 2; pass++) {
		n = 0;
		for (i = 0; i < h->count; i++) {
			unsigned long f = entry_func(&e[i]);

			if (!glob_match(glob, entry_name(h, &e[i])) ||
			    rvt_site_index((const void *)f) < 0)
				continue;
			if (pass)
				funcs[n] = (const void *)f;
			n++;
		}
		if (!funcs)
			break;
		if (n > max)
			return RVT_ENOSPC;
	}
	return (int)n;
}
