// SPDX-License-Identifier: BSD-2-Clause
/*
 * A mis-built object (misbuilt.c) next to correctly built ones: its site is
 * refused, counted, reported, byte-for-byte untouched and never patched, and
 * every other site works.
 */
#include "check.h"

int misbuilt_twice(int x);

TRACED int good_inc(int x)
{
	return x + 1;
}

static struct rvt_ops all = { .func = count_call };
static const void *const bad_filter[] = { (const void *)misbuilt_twice };
static struct rvt_ops bad = {
	.func = count_call,
	.filter = bad_filter,
	.filter_len = 1,
};

int main(void)
{
	unsigned long f = (unsigned long)misbuilt_twice;
	uint32_t before[2];	/* its first 8 bytes: where a site would be */
	int i, found = 0, n;

	for (i = 0; i < 2; i++)
		before[i] = text_word(f + 4 * i);

	n = rvt_init(board_platform());
	CHECK(n > 0);
	CHECK_EQ(rvt_site_refused_count(), 1);
	/* The recorded entry is the function, or its slot before it. */
	CHECK(rvt_site_refused(0) >= f - 8 && rvt_site_refused(0) <= f);
	CHECK_EQ(rvt_site_refused(1), 0);
	CHECK_EQ(rvt_site_index(misbuilt_twice), RVT_ENOENT);
	for (i = 0; i < 2; i++)
		CHECK_EQ(text_word(f + 4 * i), before[i]);

	CHECK_EQ(rvt_register(&bad), RVT_ENOENT);
	CHECK_EQ(rvt_register(&all), 0);
	for (i = 0; i < 10; i++) {
		CHECK_EQ(misbuilt_twice(i), 2 * i + 1);
		CHECK_EQ(good_inc(i), i + 1);
	}
	CHECK_EQ(counted_total(), 10);
	for (i = 0; i < 2; i++)
		CHECK_EQ(text_word(f + 4 * i), before[i]);
	CHECK_EQ(rvt_unregister(&all), 0);
	for (i = 0; i < n; i++)
		found += rvt_site_enabled((void *)rvt_site_func(i));
	CHECK_EQ(found, 0);
	board_printf("core_refused: %d sites armed, %#lx refused and untouched\n",
		     n, rvt_site_refused(0));
	return 0;
}
