/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Binary printk: rvt_trace_printf(fmt, ...) records the format's address
 * and its arguments' raw values as one event of the calling hart's ring,
 * formatting nothing on the target; the decoder formats them from the
 * ELF's read-only data, as Linux's trace_printk/bprintk does. Safe where
 * rvt_trace_marker() is: hooks and interrupt handlers included. It records
 * while a tracer's rings are set up and the recording switch is on.
 *
 * fmt must be a string literal (the decoder reads it from the ELF), and so
 * must every %s argument. Conversions: %d %i %u %x %X %o %c %s %p %%, with
 * flags, widths, precisions and the hh, h, l, ll, z, j, t modifiers; at
 * most RVT_PRINTK_MAX_ARGS integer or pointer arguments. The compiler
 * checks them against the format as it checks printf's. A bit-field
 * needs a cast to its integer type (GCC gives it a type of its own). A
 * printk takes up to four slots of the ring: in a ring of fewer it is
 * not recorded.
 */
#ifndef RVTRACE_PRINTK_H
#define RVTRACE_PRINTK_H

#include <stdint.h>

#define RVT_PRINTK_MAX_ARGS	8

/* The recorder: fmt and nr raw values (as rvt_pk_* below make them). */
void rvt_trace_printk(const char *fmt, unsigned int nr, const uint64_t *args);

/* Raw values: signed integers sign-extended, the rest zero-extended. */
static inline uint64_t rvt_pk_signed(long long v)
{
	return (uint64_t)v;
}

static inline uint64_t rvt_pk_unsigned(unsigned long long v)
{
	return v;
}

static inline uint64_t rvt_pk_pointer(const volatile void *p)
{
	return (uintptr_t)p;
}

#define RVT_PK(x) _Generic((x),						\
	signed char: rvt_pk_signed, short: rvt_pk_signed,		\
	int: rvt_pk_signed, long: rvt_pk_signed,			\
	long long: rvt_pk_signed,					\
	char: rvt_pk_unsigned, _Bool: rvt_pk_unsigned,			\
	unsigned char: rvt_pk_unsigned, unsigned short: rvt_pk_unsigned, \
	unsigned int: rvt_pk_unsigned, unsigned long: rvt_pk_unsigned,	\
	unsigned long long: rvt_pk_unsigned,				\
	default: rvt_pk_pointer)(x)

/* Never called: lets the compiler check the arguments against fmt. */
static inline __attribute__((format(printf, 1, 2))) void
rvt_pk_check(const char *fmt, ...)
{
	(void)fmt;
}

#define RVT_PK_0(f) rvt_trace_printk(f, 0, (const uint64_t *)0)
#define RVT_PK_1(f, a) \
	rvt_trace_printk(f, 1, (const uint64_t[]){ RVT_PK(a) })
#define RVT_PK_2(f, a, b) \
	rvt_trace_printk(f, 2, (const uint64_t[]){ RVT_PK(a), RVT_PK(b) })
#define RVT_PK_3(f, a, b, c)						\
	rvt_trace_printk(f, 3, (const uint64_t[]){ RVT_PK(a), RVT_PK(b), \
						   RVT_PK(c) })
#define RVT_PK_4(f, a, b, c, d)						\
	rvt_trace_printk(f, 4, (const uint64_t[]){ RVT_PK(a), RVT_PK(b), \
						   RVT_PK(c), RVT_PK(d) })
#define RVT_PK_5(f, a, b, c, d, e)					\
	rvt_trace_printk(f, 5, (const uint64_t[]){ RVT_PK(a), RVT_PK(b), \
						   RVT_PK(c), RVT_PK(d), \
						   RVT_PK(e) })
#define RVT_PK_6(f, a, b, c, d, e, g)					\
	rvt_trace_printk(f, 6, (const uint64_t[]){ RVT_PK(a), RVT_PK(b), \
						   RVT_PK(c), RVT_PK(d), \
						   RVT_PK(e), RVT_PK(g) })
#define RVT_PK_7(f, a, b, c, d, e, g, h)				\
	rvt_trace_printk(f, 7, (const uint64_t[]){ RVT_PK(a), RVT_PK(b), \
						   RVT_PK(c), RVT_PK(d), \
						   RVT_PK(e), RVT_PK(g), \
						   RVT_PK(h) })
#define RVT_PK_8(f, a, b, c, d, e, g, h, i)				\
	rvt_trace_printk(f, 8, (const uint64_t[]){ RVT_PK(a), RVT_PK(b), \
						   RVT_PK(c), RVT_PK(d), \
						   RVT_PK(e), RVT_PK(g), \
						   RVT_PK(h), RVT_PK(i) })
#define RVT_PK_PICK(_0, _1, _2, _3, _4, _5, _6, _7, _8, name, ...) name

/* A format and up to RVT_PRINTK_MAX_ARGS arguments, as printf takes them. */
#define rvt_trace_printf(...)						\
	do {								\
		if (0)							\
			rvt_pk_check(__VA_ARGS__);			\
		RVT_PK_PICK(__VA_ARGS__, RVT_PK_8, RVT_PK_7, RVT_PK_6,	\
			    RVT_PK_5, RVT_PK_4, RVT_PK_3, RVT_PK_2,	\
			    RVT_PK_1, RVT_PK_0, _)(__VA_ARGS__);	\
	} while (0)

#endif
