/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Patch sites: every function compiled with a patchable entry, as listed by
 * the compiler in __patchable_function_entries.
 */
#ifndef RVTRACE_SITE_H
#define RVTRACE_SITE_H

/* Number of usable (armed) sites; RVT_EPERM before rvt_init(). */
int rvt_site_count(void);

/*
 * Index of func's site in [0, rvt_site_count()), in address order;
 * RVT_ENOENT if func has no usable site.
 */
int rvt_site_index(const void *func);

/* The function of site index; 0 if index is out of range. */
unsigned long rvt_site_func(int index);

/*
 * Entries of __patchable_function_entries that rvt_init() refused because the
 * bytes there were not the expected NOPs (wrong flags, mixed build,
 * corruption), were misaligned, or were out of the trampoline's reach. They
 * are left untouched.
 */
int rvt_site_refused_count(void);

/* Address recorded for the n-th refused entry; 0 if out of range. */
unsigned long rvt_site_refused(int n);

/*
 * Whether the site of func currently calls the trampoline (1), is armed and
 * off (0), or RVT_ENOENT. Off, f + 4 holds "addi x0, t0, imm", a no-op with
 * the upper halfword of the jalr it stands for. RVT_EFAULT if f or f + 4
 * holds neither (a debugger's breakpoint, another patcher's instruction):
 * the site is not known to be on or off. Only a look: it reports nothing.
 */
int rvt_site_enabled(const void *func);

/*
 * Before every write to a site rvtrace checks that the site holds what it
 * wrote there: auipc t0 at f, jalr t0, lo12(t0) or its stand-in (addi x0,
 * t0, lo12) at f + 4, by their opcodes and registers and by where the pair
 * goes (rvtrace's trampoline), so every bit of both words; and, with the
 * ops slot, a pointer to ops.
 * A site that holds anything else is left untouched, the call that needed
 * it fails with RVT_EFAULT and is undone, and the site is reported here.
 *
 * rvt_site_foreign() is the function whose site was most recently found so
 * (0 if none since rvt_init()); rvt_site_foreign_count() how many times a
 * foreign word was found. A word counts once for as long as it stays: found
 * again at the same place, unchanged, before rvtrace has seen that site as
 * it wrote it, it is the same finding.
 */
unsigned long rvt_site_foreign(void);
unsigned long rvt_site_foreign_count(void);

#endif
