// SPDX-License-Identifier: BSD-2-Clause
/*
 * Embedded names (rvtrace_embed_names): names of functions and of addresses
 * inside them, glob filters resolved on the target and used by a tracer,
 * the profile report printing names, and the table carried by dumps,
 * snapshots and a stream's first chunk for a decoder without the ELF. Run
 * in the relocated m-pie image too, where the table must follow the code.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "dumpbuf.h"

static volatile int uart_sent;

TRACED void uart_init(void) { uart_sent = 0; }
TRACED void uart_putc(char c) { uart_sent += c != 0; }
TRACED void uart_puts(const char *s) { while (*s) uart_putc(*s++); }
TRACED int spi_read(int x) { return x ^ 0x55; }
RVT_NOTRACE TRACED int uart_no_site(int x) { return x; }

/* The table as the image holds it (linker/rvtrace.ld). */
extern const char __rvt_names_start[], __rvt_names_end[];

static size_t table_size(void)
{
	return (size_t)(__rvt_names_end - __rvt_names_start);
}

static uint32_t le32(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/*
 * The dump (or chunk) in dump_bytes carries the table at the end of its
 * header, padded to 8 bytes, and its offsets from the anchor give the
 * functions' addresses, as a decoder reads them.
 */
static void check_carried(const struct rvt_dump_header *hd)
{
	const uint8_t *t = (const uint8_t *)hd + hd->header_size -
			   hd->names_size;
	uint32_t count = le32(t + 4), i;
	size_t k;
	bool found = false;

	CHECK_EQ(hd->names_size, (table_size() + 7) & ~(size_t)7);
	CHECK_EQ(hd->header_size, sizeof(*hd) + hd->names_size);
	CHECK(!memcmp(t, __rvt_names_start, table_size()));
	for (k = table_size(); k < hd->names_size; k++)
		CHECK_EQ(t[k], 0);
	CHECK_EQ(count, rvt_names_count());
	CHECK_EQ(hd->anchor, (uintptr_t)rvt_init);
	/* The board has a uart_putc of its own: one of them is this one. */
	for (i = 0; i < count; i++) {
		const uint8_t *e = t + 8 + 8 * i;
		uint64_t func = hd->anchor + (uint64_t)(int32_t)le32(e);

		found |= !strcmp((const char *)t + le32(e + 4), "uart_putc") &&
			 (uintptr_t)func == (uintptr_t)uart_putc;
	}
	CHECK(found);
}

/* The whole dump's length, from its sections. */
static size_t sections_size(const struct rvt_dump_header *hd)
{
	size_t bytes = hd->header_size +
		       hd->nr_profile * sizeof(struct rvt_dump_profile);
	unsigned int h;
	uint32_t n;

	for (h = 0; h < hd->nr_harts; h++) {
		dump_events(h, &n, NULL);
		bytes += sizeof(struct rvt_dump_hart) +
			 n * sizeof(struct rvt_event);
	}
	return bytes;
}

static uint8_t snap[sizeof(dump_bytes)];

static int failing_write(void *ctx, const void *buf, size_t len)
{
	(void)ctx; (void)buf; (void)len;
	return -1;
}

/* Dumps, snapshots and text dumps carry the table, and count it. */
static void check_dumps(void)
{
	const struct rvt_dump_header *hd = dump_header();
	const char *begin;

	dump_take();
	CHECK(hd->nr_harts && hd->nr_profile);
	check_carried(hd);
	CHECK_EQ(dump_len, sections_size(hd));

	/* Room for all but the table, or all but a byte: not enough. */
	CHECK_EQ(rvt_trace_snapshot(snap, dump_len - hd->names_size),
		 RVT_ENOSPC);
	CHECK_EQ(rvt_trace_snapshot(snap, dump_len - 1), RVT_ENOSPC);
	CHECK_EQ(rvt_trace_snapshot(snap, dump_len), dump_len);
	/* The same bytes as the dump, but for the snapshot's flag. */
	CHECK(snap[offsetof(struct rvt_dump_header, flags)] &
	      RVT_DUMP_SNAPSHOT);
	snap[offsetof(struct rvt_dump_header, flags)] &= ~RVT_DUMP_SNAPSHOT;
	CHECK(!memcmp(snap, dump_bytes, dump_len));

	/* The text frame announces the bytes of the binary dump. */
	text_len = 0;
	CHECK(rvt_trace_dump_text(text_write, NULL) > 0);
	begin = strstr(text_buf, "@rvtrace begin v1 ");
	CHECK(begin);
	CHECK_EQ(strtoul(begin + 18, NULL, 10), dump_len);
}

/* A stream has it in its first chunk after the start, and only there. */
static void check_stream(const struct rvt_trace_config *cfg)
{
	const struct rvt_dump_header *hd = dump_header();

	CHECK_EQ(rvt_ftrace_start(cfg), 0);
	uart_init();
	/* A chunk the writer stopped goes out again, the table with it. */
	CHECK_EQ(rvt_trace_read(failing_write, NULL), RVT_EPIPE);
	dump_len = 0;
	CHECK_EQ(rvt_trace_read(dump_write, NULL), dump_len);
	CHECK(hd->flags & RVT_DUMP_CHUNK);
	check_carried(hd);
	CHECK_EQ(dump_len, sections_size(hd));

	uart_putc('x');
	dump_len = 0;
	CHECK_EQ(rvt_trace_read(dump_write, NULL), dump_len);
	CHECK(hd->flags & RVT_DUMP_CHUNK);
	CHECK_EQ(hd->names_size, 0);
	CHECK_EQ(hd->header_size, sizeof(*hd));
	CHECK_EQ(dump_len, sections_size(hd));
	CHECK_EQ(rvt_ftrace_stop(), 0);

	/* A new start: the next stream is named too. */
	CHECK_EQ(rvt_ftrace_start(cfg), 0);
	uart_init();
	dump_len = 0;
	CHECK_EQ(rvt_trace_read(dump_write, NULL), dump_len);
	check_carried(hd);
	CHECK_EQ(rvt_ftrace_stop(), 0);
}

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

	check_dumps();
	check_stream(&cfg);
	board_printf("trace_names: %d names, glob filters, named report, a table of %u bytes in dumps and streams\n",
		     rvt_names_count(), (unsigned int)table_size());
	return 0;
}
