/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The register frame the trampoline hands to a hook: the traced function's
 * arguments, its caller's return address and where execution continues.
 */
#ifndef RVTRACE_REGS_H
#define RVTRACE_REGS_H

#include <stdint.h>

/*
 * Under a hard-float ABI (lp64f, lp64d, ilp32f, ilp32d) the trampoline also
 * keeps fa0-fa7, FLEN bits each, which carry floating-point arguments.
 */
#if defined(__riscv_float_abi_single) || defined(__riscv_float_abi_double)
#define RVT_REGS_FP	1
#if __riscv_flen == 64
typedef uint64_t rvt_freg_t;
#else
typedef uint32_t rvt_freg_t;
#endif
#endif

/*
 * Layout shared with arch/riscv/caller.S; hooks use the accessors below.
 * ip is where execution continues when the hook returns: the instruction
 * after the patch site (f + 8) unless an IPMODIFY hook moved it.
 */
struct rvt_regs {
	unsigned long ip;
	unsigned long ra;
	unsigned long a[8];
	unsigned long t2;	/* static chain of GNU C nested functions */
	unsigned long direct;	/* core: DIRECT trampoline to enter, or 0 */
#ifdef RVT_REGS_FP
	rvt_freg_t fa[8];	/* fa0-fa7 as stored by fsd/fsw */
#endif
};

#define RVT_REGS_NARGS	8

/* Argument register a<n>; 0 for n >= 8 (further arguments are on the stack). */
static inline unsigned long rvt_regs_arg(const struct rvt_regs *regs,
					 unsigned int n)
{
	return n < RVT_REGS_NARGS ? regs->a[n] : 0;
}

#ifdef RVT_REGS_FP
/*
 * Floating-point argument register fa<n>, its raw bits (a float in the low
 * 32 bits, NaN-boxed above them when FLEN is 64); 0 for n >= 8.
 */
static inline rvt_freg_t rvt_regs_farg(const struct rvt_regs *regs,
				       unsigned int n)
{
	return n < RVT_REGS_NARGS ? regs->fa[n] : 0;
}
#endif

/* The traced function's return address (its caller). */
static inline unsigned long rvt_regs_ra(const struct rvt_regs *regs)
{
	return regs->ra;
}

/* Where execution continues after the hooks. */
static inline unsigned long rvt_regs_ip(const struct rvt_regs *regs)
{
	return regs->ip;
}

/*
 * Continue at another function's entry, with the original arguments and
 * return address: only for hooks registered with RVT_OPS_FL_IPMODIFY.
 */
static inline void rvt_regs_set_ip(struct rvt_regs *regs, unsigned long ip)
{
	regs->ip = ip;
}

#endif
