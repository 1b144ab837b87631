// SPDX-License-Identifier: BSD-2-Clause
/*
 * A firmware with its own start-up, console and exit that uses rvtrace the
 * way a user's would: arm the sites, hook one function, check the hook sees
 * exactly its calls and that the function still computes the same results.
 * The exit status names the first check that failed.
 */
#include <stdint.h>

#include <rvtrace/rvtrace.h>

#define UART_BASE	0x10000000UL
#define UART_THR	0
#define UART_LSR	5
#define UART_LSR_THRE	0x20
#define TEST_BASE	0x00100000UL
#define TEST_PASS	0x5555u
#define TEST_FAIL	0x3333u

#define CALLS		100

enum failure {
	FAIL_INIT = 1,
	FAIL_NO_SITE,
	FAIL_HOOKED_EARLY,
	FAIL_REGISTER,
	FAIL_RESULT_HOOKED,
	FAIL_HOOK_COUNT,
	FAIL_HOOK_IP,
	FAIL_HOOK_ARG,
	FAIL_FILTER,
	FAIL_UNREGISTER,
	FAIL_HOOKED_AFTER,
	FAIL_RESULT_AFTER,
};

int main(void);
__attribute__((noreturn)) void fw_exit(int code);

static volatile uint8_t *const uart = (volatile uint8_t *)UART_BASE;

static void put_char(char c)
{
	while (!(uart[UART_LSR] & UART_LSR_THRE))
		;
	uart[UART_THR] = (uint8_t)c;
}

static void put_str(const char *s)
{
	while (*s)
		put_char(*s++);
}

static void put_int(long v)
{
	char buf[24];
	unsigned long u = v < 0 ? -(unsigned long)v : (unsigned long)v;
	int n = 0;

	do
		buf[n++] = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		put_char('-');
	while (n)
		put_char(buf[--n]);
}

/* Called by start.S with main's return value. */
void fw_exit(int code)
{
	volatile uint32_t *test = (volatile uint32_t *)TEST_BASE;

	put_str(code ? "consumer: FAIL " : "consumer: PASS");
	if (code)
		put_int(code);
	put_char('\n');
	*test = code ? ((uint32_t)(code & 0xffff) << 16) | TEST_FAIL : TEST_PASS;
	for (;;)
		__asm__ __volatile__("wfi");
}

/*
 * The traced function. noipa: GCC must neither inline nor clone it, nor use
 * what it knows of its body at the call sites, so every call goes through
 * its patch site.
 */
__attribute__((noipa)) unsigned long scramble(unsigned long x)
{
	x ^= x >> 7;
	x *= 0x9e3779b97f4a7c15UL;
	return x ^ (x >> 29);
}

/* Instrumented too, but outside the hook's filter. */
__attribute__((noipa)) unsigned long untraced(unsigned long x)
{
	return x * 3 + 1;
}

static volatile unsigned long hook_calls;
static volatile unsigned long hook_ip;
static volatile unsigned long hook_arg;

/* A hook and what it calls carry no patch site. */
RVT_NOTRACE static void count_hook(unsigned long ip, unsigned long parent_ip,
				   struct rvt_ops *ops, struct rvt_regs *regs)
{
	(void)parent_ip;
	(void)ops;
	hook_calls++;
	hook_ip = ip;
	hook_arg = rvt_regs_arg(regs, 0);
}

static const void *const only_scramble[] = { (const void *)scramble };

static struct rvt_ops counter = {
	.func = count_hook,
	.filter = only_scramble,
	.filter_len = 1,
};

/* The sum of CALLS results, each folded in so no call can be dropped. */
static unsigned long run(unsigned long seed)
{
	unsigned long sum = 0, i;

	for (i = 0; i < CALLS; i++)
		sum = sum * 31 + scramble(seed + i);
	return sum;
}

int main(void)
{
	unsigned long expect, got, seen;
	int sites = rvt_init(&rvt_platform_virt_m);

	put_str("consumer: rvt_init armed ");
	put_int(sites);
	put_str(" sites\n");
	if (sites < 1)
		return FAIL_INIT;
	if (rvt_site_index((const void *)scramble) < 0)
		return FAIL_NO_SITE;

	/* Armed but not hooked: no hook calls, the reference results. */
	expect = run(1);
	if (hook_calls != 0)
		return FAIL_HOOKED_EARLY;

	if (rvt_register(&counter))
		return FAIL_REGISTER;
	got = run(1);
	seen = hook_calls;
	put_str("consumer: hook saw ");
	put_int((long)seen);
	put_str(" calls\n");
	if (got != expect)
		return FAIL_RESULT_HOOKED;
	if (seen != CALLS)
		return FAIL_HOOK_COUNT;
	if (hook_ip != (unsigned long)scramble)
		return FAIL_HOOK_IP;
	if (hook_arg != 1 + CALLS - 1)
		return FAIL_HOOK_ARG;
	if (untraced(seen) != 3 * seen + 1 || hook_calls != seen)
		return FAIL_FILTER;

	if (rvt_unregister(&counter))
		return FAIL_UNREGISTER;
	got = run(1);
	if (hook_calls != seen)
		return FAIL_HOOKED_AFTER;
	if (got != expect)
		return FAIL_RESULT_AFTER;
	return 0;
}
