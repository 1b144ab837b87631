/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef RVTD_RELATE_H
#define RVTD_RELATE_H

#include <stdint.h>

#include "model.h"
#include "symbols.h"

struct relate_opts {
	const char *elf;	/* its file name, for messages */
	int force;		/* go on with another build-id */
	int has_bias;		/* bias given: no search, no check */
	uint64_t bias;
	uint64_t bias_found;	/* set: the bias relate() applied */
};

/*
 * Relate the dump's run-time addresses to the ELF: by the given bias, or by
 * where rvt_init ran (the dump's anchor) against its symbol; then check that
 * what was traced starts functions in the ELF. A relocated image (OpenSBI
 * runs where it is loaded) decodes with names without being told. Refuses
 * an ELF whose build-id is not the dump's unless forced.
 */
int relate(struct trace *t, const struct symtab *sym, struct relate_opts *o,
	   struct err *e);

/*
 * Names for a dump decoded without an ELF: the table the firmware embedded,
 * if t carries one, already at t's run-time addresses (NULL: none). A
 * corrupted table gets a warning on stderr and is left out: the events do
 * not depend on it, and come out with addresses in hex.
 */
struct symtab *relate_embedded(const struct trace *t);

#endif
