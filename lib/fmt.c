// SPDX-License-Identifier: BSD-2-Clause
#include "fmt.h"

char *rvt_fmt_str(char *o, const char *s)
{
	while (*s)
		*o++ = *s++;
	return o;
}

char *rvt_fmt_hex(char *o, uint64_t v, int digits)
{
	while (digits--)
		*o++ = "0123456789abcdef"[(v >> (4 * digits)) & 0xf];
	return o;
}

/* Digit by digit, by subtracting powers of ten. */
char *rvt_fmt_dec(char *o, uint64_t v)
{
	uint64_t p = 1;
	int n = 1, i;

	while (n < 20 && v >= p * 10) {
		p *= 10;
		n++;
	}
	for (i = 0; i < n; i++) {
		char d = '0';

		while (v >= p) {
			v -= p;
			d++;
		}
		*o++ = d;
		p = rvt_udiv64(p, 10);
	}
	return o;
}

char *rvt_fmt_right(char *start, char *o, int width)
{
	int len = (int)(o - start), pad = width - len, i;

	if (pad <= 0)
		return o;
	for (i = len - 1; i >= 0; i--)
		start[i + pad] = start[i];
	for (i = 0; i < pad; i++)
		start[i] = ' ';
	return o + pad;
}

uint64_t rvt_udiv64(uint64_t n, uint64_t d)
{
#if __riscv_xlen != 32
	return n / d;
#else
	uint64_t q = 0, r = 0;
	int i;

	for (i = 63; i >= 0; i--) {
		r = (r << 1) | ((n >> i) & 1);
		if (r >= d) {
			r -= d;
			q |= 1ull << i;
		}
	}
	return q;
#endif
}
