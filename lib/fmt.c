// SPDX-License-Identifier: BSD-2-Clause
#include "fmt.h"

char *rvt_fmt_str(char *o, const char *s)
{
	while (*s)
		*o++ = *s++;
	return o;
}

/* Shifts by constants only: rv32 calls libgcc for a variable 64-bit one. */
char *rvt_fmt_hex(char *o, uint64_t v, int digits)
{
	uint32_t hi = (uint32_t)(v >> 32), lo = (uint32_t)v;

	while (digits--) {
		unsigned int shift = 4 * (unsigned int)digits;
		uint32_t word = shift >= 32 ? hi : lo;

		*o++ = "0123456789abcdef"[(word >> (shift % 32)) & 0xf];
	}
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

	/* Bit by bit, shifting by constants only, as above. */
	for (i = 0; i < 64; i++) {
		r = (r << 1) | (n >> 63);
		n <<= 1;
		q <<= 1;
		if (r >= d) {
			r -= d;
			q |= 1;
		}
	}
	return q;
#endif
}

int rvt_write_out(rvt_write_fn write, void *ctx, const void *buf, size_t len,
		  size_t *count)
{
	if (write(ctx, buf, len) < 0)
		return RVT_EPIPE;
	*count += len;
	return 0;
}
