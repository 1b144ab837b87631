// SPDX-License-Identifier: BSD-2-Clause
/*
 * rvtrace quickstart: trace this firmware's own functions with the
 * function-graph tracer and print the trace on the UART, as text lines that
 * rvtrace-decode turns into a call graph. See README.md.
 */
#include <rvtrace/rvtrace.h>

#define UART		((volatile unsigned char *)0x10000000UL)	/* 16550 */
#define UART_THR	0
#define UART_LSR	5
#define UART_LSR_THRE	0x20

/* An rvt_write_fn: where the dump goes (called by no hook: may be traced). */
static int uart_write(void *ctx, const void *buf, size_t len)
{
	const char *c = buf;

	(void)ctx;
	while (len--) {
		while (!(UART[UART_LSR] & UART_LSR_THRE))
			;
		UART[UART_THR] = (unsigned char)*c++;
	}
	return 0;
}

static void print(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	uart_write(NULL, s, n);
}

/* The traced workload: parse a version string such as "1.4.2". */
__attribute__((noinline)) static int digit(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : -1;
}

__attribute__((noinline)) static unsigned int number(const char **s)
{
	unsigned int n = 0;
	int d;

	while ((d = digit(**s)) >= 0) {
		n = n * 10 + (unsigned int)d;
		(*s)++;
	}
	return n;
}

__attribute__((noinline)) static unsigned int version(const char *s)
{
	unsigned int major, minor;

	major = number(&s);
	s++;
	minor = number(&s);
	s++;
	return major << 16 | minor << 8 | number(&s);
}

static const char *volatile input = "1.4.2";

/* The porting layer, for as many harts as the device tree lists. */
static struct rvt_platform platform;

/* start.S passes the device tree QEMU hands every hart in a1. */
int main(const void *fdt)
{
	struct rvt_trace_stats st;

	/*
	 * 1. Arm every patch site, on the boot hart, before other harts run;
	 * the trace buffer is shared out among the harts QEMU runs.
	 */
	if (rvt_platform_virt_m_fdt(&platform, fdt) < 0 ||
	    rvt_init(&platform) < 0)
		return 1;
	/* 2. Trace every instrumented function's entries and exits. */
	if (rvt_graph_start(NULL))
		return 2;
	if (version(input) != 0x010402)
		return 3;
	rvt_graph_stop();
	/* 3. Print the trace; rvtrace-decode finds it in the console log. */
	if (rvt_trace_dump_text(uart_write, NULL) <= 0)
		return 4;

	/* version, 3 x number, 6 x digit: an entry and an exit each. */
	if (rvt_trace_stats(&st) || st.recorded != 20)
		return 5;
	print("quickstart: 20 events traced\n");
	return 0;
}
