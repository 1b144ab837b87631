// SPDX-License-Identifier: BSD-2-Clause
/*
 * libFuzzer target: everything the decoder does with outside data, from
 * finding a dump (binary, or text frames in a log) to every format that
 * writes to a stream, without an ELF (with the names the dump carries, if
 * it has a table). Any input must end in an error message or an output,
 * never a crash, a leak or a hang.
 */
#include <stdio.h>
#include <stdlib.h>

#include "formats.h"
#include "input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *null;
	struct symtab *sym;
	struct call_set cs;
	struct trace t;
	struct err e;
	uint8_t *dump;
	size_t len;

	if (!null)
		null = fopen("/dev/null", "w");
	if (!null)
		abort();
	input_list(data, size, null, &e);
	if (input_select(data, size, INDEX_LAST, &dump, &len, &e))
		return 0;
	if (!trace_parse(&t, dump, len, &e)) {
		/* A broken table leaves sym NULL: hex, as the decoder does. */
		symtab_from_names(&t, &sym, &e);
		if (!calls_build(&t, &cs, &e)) {
			struct ctx c = {
				.t = &t, .sym = sym, .cs = &cs,
				.program = "fuzz", .out = null, .e = &e,
				.tasks = trace_has_tasks(&t),
			};

			fmt_text(&c);
			fmt_graph(&c);
			fmt_profile(&c);
			fmt_chrome(&c);
			fmt_folded(&c);
			fmt_svg(&c);
			calls_free(&cs);
		}
		symtab_close(sym);
		trace_free(&t);
	}
	free(dump);
	return 0;
}
