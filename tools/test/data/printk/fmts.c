// SPDX-License-Identifier: BSD-2-Clause
/*
 * The format strings and strings of tools/test/printk_test.c: each a global
 * array, so the test finds its address by its symbol. Built into the
 * fixture ELFs as README.md says; nothing runs it.
 */
#define KEEP __attribute__((used))

/* Each conversion. */
KEEP const char fmt_ints[] = "d=%d i=%i u=%u";
KEEP const char fmt_hex[] = "x=%x X=%X o=%o";
KEEP const char fmt_char[] = "c=%c|";
KEEP const char fmt_str[] = "s=%s|";
KEEP const char fmt_ptr[] = "p=%p";
KEEP const char fmt_pct[] = "100%% %d%%";

/* Flags, widths and precisions. */
KEEP const char fmt_width[] = "[%5d]";
KEEP const char fmt_left[] = "%-5d|";
KEEP const char fmt_zero[] = "%05x";
KEEP const char fmt_prec_s[] = "%.3s";
KEEP const char fmt_alt[] = "%#x %#X %#o %#o %#x";
KEEP const char fmt_alt_prec[] = "%#.0o|%#.0x|%.0x|%#5o|%#08x|%-#8x|";
KEEP const char fmt_sign[] = "%+d %+d % d % d %+u";
KEEP const char fmt_prec_d[] = "[%.4d|%8.3d|%-8.3x|%.0d|%08.3d|%-05d|%05d]";
KEEP const char fmt_swidth[] = "[%8s|%-8s|%8.2s|%5c|%-3c]";
KEEP const char fmt_star[] = "[%*d|%*d|%.*s|%.*d]";
KEEP const char fmt_pwidth[] = "[%18p|%-12p|%012p]";

/* Length modifiers. */
KEEP const char fmt_long[] = "%ld %lu %lx %li";
KEEP const char fmt_llong[] = "%lld %llu %llx %llo";
KEEP const char fmt_short[] = "%hhd %hhu %hd %hu %hhx %hX";
KEEP const char fmt_size[] = "%zu %zd %td %jd %ju %zx";

/* Not formatted here: copied as they are, taking no argument. */
KEEP const char fmt_bad[] = "%f %n %lf %q %ls %lc %lp %5.2f %-% %d";
KEEP const char fmt_end[] = "tail %";
KEEP const char fmt_end_spec[] = "tail %-08.*";
KEEP const char fmt_end_len[] = "tail %5ll";

/* More conversions than arguments. */
KEEP const char fmt_many[] = "%d %s %d|%*d|%.*s";

/* Strings that %s prints, one in .srodata (8 bytes at most). */
KEEP const char str_hello[] = "hello, world";
KEEP const char str_short[] = "abc";
KEEP const char str_empty[] = "";

/* Bytes of no section with file bytes (.bss), and a string without a NUL
 * at the end of its section. */
KEEP char str_bss[16];
KEEP __attribute__((section(".tail"))) const char str_unterminated[4] = {
	'a', 'b', 'c', 'd',
};
