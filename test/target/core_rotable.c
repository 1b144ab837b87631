// SPDX-License-Identifier: BSD-2-Clause
/*
 * The site table linked read-only (linker/rvtrace_rodata.ld) by a script
 * with memory regions (virt-m-rodata.ld), so it must land in the read-only
 * one, ROM, with the build-id; ROM is locked by a PMP entry that binds
 * M-mode too: a store to it traps, and the board fails the test.
 * rvt_init() arms the sites by reading the table only, and hooks work.
 * Built with RVT_TEST_REFUSED, a mis-built object (misbuilt.c, linked
 * first) puts a refused entry before the usable ones: rvt_init() returns
 * RVT_EROFS and leaves every site as built.
 */
#include <rvtrace/error.h>

#include "check.h"

extern const unsigned long __rvt_sites_start[];
extern const unsigned long __rvt_sites_end[];
extern const unsigned long __rvt_sites_ro_end[];
extern const char __rvt_build_id_start[], __rvt_build_id_end[];
extern const char __rom_start[], __rom_end[];

#define MAX_ENTRIES	32
#define PMP_R		0x01u
#define PMP_TOR		0x08u
#define PMP_L		0x80u

int misbuilt_twice(int x);

TRACED int good_inc(int x)
{
	return x + 1;
}

static struct rvt_ops all = { .func = count_call };

/* Entry 1, TOR over [start, end), read-only and locked: M-mode obeys it. */
static void lock_read_only(const char *start, const char *end)
{
	unsigned long cfg = (PMP_L | PMP_TOR | PMP_R) << 8;

	__asm__ __volatile__("csrw pmpaddr0, %0"
			     : : "r"((unsigned long)start >> 2));
	__asm__ __volatile__("csrw pmpaddr1, %0"
			     : : "r"((unsigned long)end >> 2));
	__asm__ __volatile__("csrw pmpcfg0, %0" : : "r"(cfg) : "memory");
}

static bool in_rom(const void *start, const void *end)
{
	return (const char *)start >= __rom_start &&
	       (const char *)end <= __rom_end;
}

int main(void)
{
	unsigned long end = (unsigned long)__rvt_sites_end;
	unsigned long f = (unsigned long)good_inc;
	int nr = (int)(__rvt_sites_end - __rvt_sites_start);
	unsigned long table[MAX_ENTRIES];
	uint32_t words[2];
	int i, n;

	CHECK((unsigned long)__rvt_sites_ro_end == end);
	CHECK(in_rom(__rvt_sites_start, __rvt_sites_end));
	CHECK(__rvt_build_id_end - __rvt_build_id_start > 0);
	CHECK(in_rom(__rvt_build_id_start, __rvt_build_id_end));
	CHECK(nr > 1 && nr <= MAX_ENTRIES);
	for (i = 0; i < nr; i++)
		table[i] = __rvt_sites_start[i];
	for (i = 0; i < 2; i++)
		words[i] = text_word(f + 4 * i);
	lock_read_only(__rom_start, __rom_end);

	n = rvt_init(board_platform());
	for (i = 0; i < nr; i++)
		CHECK_EQ(__rvt_sites_start[i], table[i]);
#ifdef RVT_TEST_REFUSED
	CHECK_EQ(n, RVT_EROFS);
	CHECK_EQ(rvt_site_count(), RVT_EPERM);
	CHECK_EQ(rvt_register(&all), RVT_EPERM);
	for (i = 0; i < 2; i++)
		CHECK_EQ(text_word(f + 4 * i), words[i]);
	CHECK_EQ(good_inc(1), 2);
	CHECK_EQ(misbuilt_twice(1), 3);
	CHECK_EQ(counted_total(), 0);
	board_printf("core_rotable: %d entries, refused one first: %s\n", nr,
		     rvt_strerror(n));
#else
	CHECK_EQ(n, nr);
	CHECK_EQ(rvt_site_refused_count(), 0);
	CHECK(rvt_site_index(good_inc) >= 0);
	CHECK(text_word(f) != words[0]);
	CHECK_EQ(rvt_register(&all), 0);
	for (i = 0; i < 10; i++)
		CHECK_EQ(good_inc(i), i + 1);
	CHECK_EQ(counted_total(), 10);
	CHECK_EQ(rvt_unregister(&all), 0);
	CHECK_EQ(rvt_site_enabled(good_inc), 0);
	board_printf("core_rotable: %d sites armed from a read-only table\n", n);
#endif
	return 0;
}
