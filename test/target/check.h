/* SPDX-License-Identifier: BSD-2-Clause */
/* Assertions for firmware tests: report the line and exit with its number. */
#ifndef RVT_TEST_CHECK_H
#define RVT_TEST_CHECK_H

#include <stdbool.h>

#include "board.h"

#define CHECK(cond)							\
	do {								\
		if (!(cond)) {						\
			board_printf("FAIL %s:%d: %s\n", __FILE__,	\
				     __LINE__, #cond);			\
			board_exit(__LINE__ & 0x7fff ? __LINE__ & 0x7fff : 1); \
		}							\
	} while (0)

#define CHECK_EQ(a, b)							\
	do {								\
		unsigned long __a = (unsigned long)(a);			\
		unsigned long __b = (unsigned long)(b);			\
		if (__a != __b) {					\
			board_printf("FAIL %s:%d: %s == %#lx, expected %s == %#lx\n", \
				     __FILE__, __LINE__, #a, __a, #b, __b); \
			board_exit(__LINE__ & 0x7fff ? __LINE__ & 0x7fff : 1); \
		}							\
	} while (0)

/*
 * A function under test: not inlined, not cloned (GCC's f.constprop.0 would
 * be another function with its own site), and opaque to the caller (clang
 * would otherwise infer it touches no memory and fold around the call, as if
 * no hook could run). A weak definition may be replaced at link time, so
 * neither compiler reasons about its body.
 */
#define TRACED	__attribute__((noinline, weak))

/* The instruction words at addr, for checking what rvtrace wrote. */
static inline uint32_t text_word(unsigned long addr)
{
	/* Hide where addr came from: reading around a function is the point. */
	__asm__("" : "+r"(addr));
	return *(volatile const uint32_t *)addr;
}

/* A hook that counts its calls per hart (counting.c). */
extern unsigned long counted[BOARD_MAX_HARTS];
void count_call(unsigned long ip, unsigned long parent_ip,
		struct rvt_ops *ops, struct rvt_regs *regs);
unsigned long counted_total(void);
/* A hook that does nothing (counting.c): the cost of a call alone. */
void null_call(unsigned long ip, unsigned long parent_ip,
	       struct rvt_ops *ops, struct rvt_regs *regs);

/*
 * The trampolines: rvt_init() has the sites call the second where mhartid
 * is the hart number.
 */
void rvt_caller(void);
void rvt_caller_mhartid(void);

static inline unsigned long trampoline_for(const struct rvt_platform *p)
{
	return p->fast & RVT_PLAT_FAST_MHARTID ?
		       (unsigned long)rvt_caller_mhartid :
		       (unsigned long)rvt_caller;
}

#endif
