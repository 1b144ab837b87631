// SPDX-License-Identifier: BSD-2-Clause
/*
 * Prelude of the README's tracing snippet (readme_snippets.py appends the
 * snippet's writer and a main() around the snippet): the functions it
 * names, the console it writes to, and what must have happened.
 */
#include <rvtrace/rvtrace.h>

#include "board.h"

RVT_TRACEABLE int parse(int x)
{
	return x * 3 + 1;
}

RVT_TRACEABLE int crc(int x)
{
	return x ^ 0x5a;
}

static volatile int result;

static void workload(void)
{
	result = parse(4) + crc(parse(2));
}

static void uart_putc(char c)
{
	board_printf("%c", c);
}

/* Both functions profiled, four graph events (two calls each way). */
static int readme_check(void)
{
	struct rvt_profile_entry e = { 0 };
	struct rvt_trace_stats st;
	unsigned int found = 0;

	while (!rvt_profile_next(&e))
		found += e.func == (const void *)parse ? e.hits :
			 e.func == (const void *)crc ? 10 * e.hits : 0;
	if (found != 2 + 10)
		return 2;
	if (rvt_trace_stats(&st) || st.recorded != 6)
		return 3;
	return 0;
}
