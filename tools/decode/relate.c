// SPDX-License-Identifier: BSD-2-Clause
/*
 * Relating a dump to the firmware's ELF: identity, load bias, a sanity
 * check; or, without an ELF, to the names the firmware embedded.
 */
#include <stdio.h>
#include <string.h>

#include "relate.h"

/* Traced addresses of t (functions entered or left, profiled) not at a
   symbol's start in sym, of *total. */
static uint64_t off_entry(const struct trace *t, const struct symtab *sym,
			  uint64_t *total)
{
	uint64_t bad = 0;
	unsigned int h;
	uint32_t i;

	*total = 0;
	for (h = 0; h < t->nr_harts; h++) {
		for (i = 0; i < t->harts[h].nr; i++) {
			const struct event *ev = &t->harts[h].ev[i];

			if (ev->kind != EV_ENTRY && ev->kind != EV_EXIT)
				continue;
			(*total)++;
			bad += !sym_is_entry(sym, ev->func);
		}
	}
	for (i = 0; i < t->nr_profile; i++) {
		(*total)++;
		bad += !sym_is_entry(sym, t->profile[i].func);
	}
	return bad;
}

int relate(struct trace *t, const struct symtab *sym,
	   struct relate_opts *o, struct err *e)
{
	uint64_t bias = o->bias, at, bad, total;
	const uint8_t *id;
	size_t id_len = sym_build_id(sym, &id);

	/* The image's identity first: a build-id names exactly one build. */
	if (t->build_id_len && !o->force &&
	    (id_len != t->build_id_len ||
	     memcmp(id, t->build_id, id_len))) {
		char want[65], have[65];
		unsigned int i;

		for (i = 0; i < t->build_id_len; i++)
			sprintf(want + 2 * i, "%02x", t->build_id[i]);
		for (i = 0; i < id_len && i < 32; i++)
			sprintf(have + 2 * i, "%02x", id[i]);
		have[2 * i] = 0;
		err_set(e, "%s is not the firmware of this dump: its build-id is %s, the dump's %s (--force decodes anyway)",
			o->elf, id_len ? have : "missing", want);
		return -1;
	}

	if (!o->has_bias && t->anchor) {
		if (!sym_find(sym, "rvt_init", &at)) {
			err_set(e, "%s has no rvt_init: it is not the firmware this dump came from (--load-bias decodes it anyway)",
				o->elf);
			return -1;
		}
		bias = t->anchor - at;
	}
	if (bias)
		trace_rebase(t, bias);
	o->bias_found = bias;
	if (o->has_bias)
		return 0;
	bad = off_entry(t, sym, &total);
	if (bad * 2 > total) {
		err_set(e, "%s does not match this dump: %llu of %llu traced addresses start no function in it (another build of the firmware?)",
			o->elf, (unsigned long long)bad,
			(unsigned long long)total);
		return -1;
	}
	if (bad)
		fprintf(stderr, "rvtrace-decode: warning: %llu of %llu traced addresses start no function in %s\n",
			(unsigned long long)bad, (unsigned long long)total,
			o->elf);
	return 0;
}

struct symtab *relate_embedded(const struct trace *t)
{
	struct symtab *s;
	struct err e;

	if (symtab_from_names(t, &s, &e)) {
		fprintf(stderr, "rvtrace-decode: warning: %s: addresses in hex (--elf names them)\n",
			e.msg);
		return NULL;
	}
	return s;
}
