// SPDX-License-Identifier: BSD-2-Clause
/*
 * Embedded names (rvtrace_embed_names): names of functions and of addresses
 * inside them, glob filters resolved on the target and used by a tracer,
 * and the profile report printing names. Run in the relocated m-pie image
 * too, where the table must follow the code.
 */
#include <string.h>

#include "check.h"
#include "dumpbuf.h"

static volatile int uart_sent;

TRACED void uart_init(void) { uart_sent = 0; }
TRACED void uart_putc(char c) { uart_sent += c != 0; }
TRACED void uart_puts(const char *s) { while (*s) uart_putc(*s++); }
TRACED int spi_read(int x) { return x ^ 0x55; }
RVT_NOTRACE TRACED int uart_no_site(int x) { return x; }

static void check_name(const void *addr, const char *name,
		       unsigned long offset)
{
	unsigned long off = ~0ul;
	const char *got = rvt_name_of(addr, &off);

	CHECK(got && !strcmp(got, name));
	CHECK_EQ(off, offset);
}

int main(void)
{
	const void *funcs[4] = { 0, 0, 0, 0 };
	struct rvt_trace_config cfg = { .filter = funcs };
	const struct rvt_event *ev;
	uint32_t n, i;
	int count;

	CHECK_EQ(rvt_names_match("uart_*", funcs, 4), RVT_EPERM);
	CHECK(rvt_init(board_platform()) > 0);
	CHECK(rvt_names_count() > 5);
	check_name((const void *)uart_putc, "uart_putc", 0);
	check_name((const char *)spi_read + 2, "spi_read", 2);
	check_name((const void *)rvt_init, "rvt_init", 0);
	check_name((const void *)uart_no_site, "uart_no_site", 0);
	CHECK(rvt_name_of((const void *)0x10, NULL) == NULL);

	/* Sites only (uart_no_site has none), in address order. */
	CHECK_EQ(rvt_names_match("uart_*", NULL, 0), 3);
	CHECK_EQ(rvt_names_match("uart_put?", funcs, 4), 2);
	CHECK(funcs[0] != funcs[1]);
	CHECK(funcs[0] == (const void *)uart_putc ||
	      funcs[0] == (const void *)uart_puts);
	CHECK_EQ(rvt_names_match("uart_[!p]*", funcs, 4), 1);
	CHECK(funcs[0] == (const void *)uart_init);
	CHECK_EQ(rvt_names_match("[r-t]pi_rea[a-z]", funcs, 4), 1);
	CHECK(funcs[0] == (const void *)spi_read);
	CHECK_EQ(rvt_names_match("*_re*d", funcs, 4), 1);
	CHECK_EQ(rvt_names_match("nothing_like_this*", funcs, 4), 0);
	CHECK_EQ(rvt_names_match(NULL, funcs, 4), RVT_EINVAL);
	/* Too many for the array: refused, the array untouched. */
	funcs[0] = funcs[1] = NULL;
	CHECK_EQ(rvt_names_match("uart_*", funcs, 2), RVT_ENOSPC);
	CHECK(!funcs[0] && !funcs[1]);

	/* The glob as a tracer's filter. */
	count = rvt_names_match("uart_*", funcs, 4);
	CHECK_EQ(count, 3);
	cfg.filter_len = (size_t)count;
	CHECK_EQ(rvt_ftrace_start(&cfg), 0);
	CHECK_EQ(rvt_profile_start(&cfg), 0);
	uart_init();
	uart_puts("hi");
	CHECK_EQ(spi_read(1), 0x54);
	CHECK_EQ(rvt_profile_stop(), 0);
	CHECK_EQ(rvt_ftrace_stop(), 0);
	dump_take();
	ev = dump_events(board_hart_index(), &n, NULL);
	CHECK_EQ(n, 4);		/* uart_init, uart_puts, uart_putc x2 */
	for (i = 0; i < n; i++)
		CHECK(!strncmp(rvt_name_of((const void *)(uintptr_t)ev[i].func,
					   NULL), "uart_", 5));

	/* The report names its functions. */
	CHECK_EQ(rvt_profile_report(text_write, NULL, 0), 3);
	CHECK(strstr(text_buf, "\nuart_putc ") && strstr(text_buf, "\nuart_puts ") &&
	      strstr(text_buf, "\nuart_init "));
	board_printf("%s", text_buf);
	board_printf("trace_names: %d names, glob filters, named report\n",
		     rvt_names_count());
	return 0;
}
