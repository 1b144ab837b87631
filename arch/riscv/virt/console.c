// SPDX-License-Identifier: BSD-2-Clause
/* NS16550 UART of QEMU virt as picolibc's stdout; sifive_test for exit. */
#include <stdarg.h>
#include <stdio.h>

#include "board.h"

#define UART_BASE	0x10000000UL
#define UART_THR	0
#define UART_LSR	5
#define UART_LSR_THRE	0x20
#define TEST_BASE	0x00100000UL
#define TEST_PASS	0x5555u
#define TEST_FAIL	0x3333u

static volatile uint8_t *const uart = (volatile uint8_t *)UART_BASE;
static int console_lock;

static int uart_putc(char c, FILE *file)
{
	(void)file;
	while (!(uart[UART_LSR] & UART_LSR_THRE))
		;
	uart[UART_THR] = (uint8_t)c;
	return (unsigned char)c;
}

static FILE board_stdout = FDEV_SETUP_STREAM(uart_putc, NULL, NULL,
					     _FDEV_SETUP_WRITE);
FILE *const stdout = &board_stdout;
FILE *const stderr = &board_stdout;

void board_console_init(void)
{
	__atomic_store_n(&console_lock, 0, __ATOMIC_RELEASE);
}

int board_printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	while (__atomic_exchange_n(&console_lock, 1, __ATOMIC_ACQUIRE))
		;
	va_start(ap, fmt);
	n = vprintf(fmt, ap);
	va_end(ap);
	__atomic_store_n(&console_lock, 0, __ATOMIC_RELEASE);
	return n;
}

int board_console_write(void *ctx, const void *buf, size_t len)
{
	(void)ctx;
	board_printf("%.*s", (int)len, (const char *)buf);
	return 0;
}

void board_exit(int code)
{
	volatile uint32_t *test = (volatile uint32_t *)TEST_BASE;

	if (code == 0)
		*test = TEST_PASS;
	else
		*test = ((uint32_t)(code & 0xffff) << 16) | TEST_FAIL;
	for (;;)
		__asm__ __volatile__("wfi");
}
