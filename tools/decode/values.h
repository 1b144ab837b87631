/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A traced call's arguments and return value as typed, named values: the
 * raw registers the target recorded, laid out by the RISC-V calling
 * convention over the function's parameter types from the ELF's DWARF
 * (libdw). Without DWARF for a function, the registers in hex.
 */
#ifndef RVTD_VALUES_H
#define RVTD_VALUES_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"
#include "symbols.h"

/* What the target recorded for one call (unrecorded registers are absent). */
struct call_regs {
	uint64_t a[8];		/* a0..a7 as recorded, zero-extended on RV32 */
	uint64_t fa[8];		/* fa0..fa7 raw bits (hard-float ABIs only) */
	unsigned int nr_a;	/* a0..a(nr_a-1) are recorded */
	unsigned int nr_fa;	/* fa0..fa(nr_fa-1) are recorded */
};

struct values;

/*
 * The DWARF of ELF path. NULL with e set if the file cannot be read as ELF;
 * a valid struct values (that just prints hex) if it has no debug info.
 */
struct values *values_open(const char *path, struct err *e);
void values_close(struct values *v);

/* Whether v found DWARF for the function at (link-time) address func. */
int values_known(const struct values *v, uint64_t func);

/*
 * The arguments of the call of func: "n=5, c='A', p=0x80001000 <buf+0x10>".
 * s may be NULL (pointers then without symbol). v NULL or no DWARF for func:
 * the recorded registers in hex, "a0=0x5, a1=0x41". Parameters whose
 * registers were not recorded (or that are passed on the stack) end the
 * list with ", ...".
 */
void values_args(const struct values *v, const struct symtab *s, uint64_t func,
		 const struct call_regs *r, char *buf, size_t len);

/*
 * The return value of func from a0/a1 (r->a, r->nr_a) and fa0 (r->fa,
 * r->nr_fa): "" for a void function; typed as for the args; without DWARF
 * "0x5" (a0 in hex).
 */
void values_ret(const struct values *v, const struct symtab *s, uint64_t func,
		const struct call_regs *r, char *buf, size_t len);

#endif
