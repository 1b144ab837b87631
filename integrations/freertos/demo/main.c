// SPDX-License-Identifier: BSD-2-Clause
/*
 * FreeRTOS with rvtrace on QEMU virt (M-mode, one hart): five tasks, two
 * more that delete themselves, a queue, a software timer and a 1 kHz tick.
 * A control task starts the function-graph tracer and the profiler, lets
 * the others run (preempted by the tick and by each other, inside traced
 * calls and inside the kernel's queue calls), stops them and prints the
 * trace on the UART for rvtrace-decode, which shows each task's calls on
 * their own (../try.sh checks them).
 */
#include "FreeRTOS.h"
#include "queue.h"
#include "task.h"
#include "timers.h"

#include <rvtrace/rvtrace.h>

#define UART		((volatile unsigned char *)0x10000000UL)	/* 16550 */
#define UART_LSR_THRE	0x20
#define EXIT_DEVICE	((volatile uint32_t *)0x100000UL)	/* test finisher */
#define EXIT_PASS	0x5555
#define EXIT_FAIL	0x3333

#define TRACE_TICKS	12
#define TRACE_BYTES	(512 * 1024)
#define STACK_WORDS	1024

/* The console: not traced, so that the trace holds the tasks' work only. */
RVT_NOTRACE static int uart_write(void *ctx, const void *buf, size_t len)
{
	const char *c = buf;

	(void)ctx;
	while (len--) {
		while (!(UART[5] & UART_LSR_THRE))
			;
		UART[0] = (unsigned char)*c++;
	}
	return 0;
}

RVT_NOTRACE static void print(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	uart_write(NULL, s, n);
}

RVT_NOTRACE static void print_num(long v)
{
	char b[24];
	unsigned long u = v < 0 ? -(unsigned long)v : (unsigned long)v;
	int i = sizeof(b);

	b[--i] = 0;
	do
		b[--i] = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		b[--i] = '-';
	print(&b[i]);
}

RVT_NOTRACE static __attribute__((noreturn)) void demo_exit(unsigned int code)
{
	*EXIT_DEVICE = code ? EXIT_FAIL | code << 16 : EXIT_PASS;
	for (;;)
		;
}

RVT_NOTRACE void demo_assert(const char *file, int line)
{
	print("freertos-demo: assertion failed at ");
	print(file);
	print(":");
	print_num(line);
	print("\n");
	demo_exit(1);
}

/* The traced work. */

RVT_TRACEABLE unsigned long mix(unsigned long x, unsigned int n)
{
	while (n--)
		x = x * 1103515245UL + 12345UL;
	return x;
}

/* v folded into 16 bits: a short leaf. */
RVT_TRACEABLE unsigned long fold(unsigned long v)
{
	while (v >> 16)
		v = (v & 0xffff) ^ (v >> 16);
	return v;
}

RVT_TRACEABLE unsigned long sample(unsigned long i)
{
	return mix(i, 8000) % 100000;
}

RVT_TRACEABLE unsigned long filter(unsigned long *avg, unsigned long v)
{
	*avg = (*avg * 3 + v) / 4;
	return fold(mix(*avg, 5000) >> 8);
}

RVT_TRACEABLE unsigned long crunch(unsigned long seed)
{
	unsigned int i;

	for (i = 0; i < 4; i++)
		seed = fold(mix(seed, 25000)) + seed;
	return seed;
}

/* v in hex, without leading zeros; returns the digits written. */
RVT_TRACEABLE unsigned int format_hex(char *o, unsigned long v)
{
	unsigned int shift = 4, len = 0;

	while (shift < 8 * sizeof(v) && v >> shift)
		shift += 4;
	while (shift) {
		shift -= 4;
		o[len++] = "0123456789abcdef"[(v >> shift) & 0xf];
	}
	return len;
}

RVT_TRACEABLE unsigned long log_line(unsigned long v)
{
	char line[32];
	unsigned int len = format_hex(line, fold(mix(v, 30000)));

	return mix(len, 20000) ^ (unsigned char)line[0];
}

static volatile unsigned long blinks, ticks_seen, sink;

RVT_TRACEABLE void blink_count(void)
{
	blinks++;
}

RVT_TRACEABLE unsigned long tick_work(unsigned long t)
{
	return mix(t, 50);
}

/*
 * The kernel's hooks. The tick hook runs in the trap handler: its calls are
 * traced at the interrupt level, under the hart's own context.
 */

void vApplicationTickHook(void)
{
	ticks_seen++;
	sink = tick_work(ticks_seen);
}

void vApplicationStackOverflowHook(TaskHandle_t task, char *name)
{
	(void)task;
	print("freertos-demo: stack overflow in ");
	print(name);
	print("\n");
	demo_exit(2);
}

void vApplicationMallocFailedHook(void)
{
	print("freertos-demo: out of heap\n");
	demo_exit(3);
}

/* The tasks. */

static QueueHandle_t samples;
static TaskHandle_t handles[8];
static unsigned int nr_handles;
static unsigned long consumed;

static void producer_task(void *arg)
{
	unsigned long i;

	(void)arg;
	for (i = 0;; i++) {
		unsigned long v = sample(i);

		xQueueSend(samples, &v, portMAX_DELAY);
		if (i % 8 == 7)
			vTaskDelay(1);
	}
}

static void consumer_task(void *arg)
{
	unsigned long v, avg = 0;

	(void)arg;
	for (;;) {
		if (xQueueReceive(samples, &v, portMAX_DELAY) == pdTRUE) {
			sink = filter(&avg, v);
			consumed++;
		}
	}
}

/* worker and logger share a priority: the tick slices them. */
static void worker_task(void *arg)
{
	unsigned long seed = 1;

	(void)arg;
	for (;;)
		seed = crunch(seed);
}

static void logger_task(void *arg)
{
	unsigned long i;

	(void)arg;
	for (i = 0;; i++)
		sink = log_line(i);
}

static void blink(TimerHandle_t t)
{
	(void)t;
	blink_count();
}

/*
 * A task that deletes itself: its record goes back to the pool when the
 * hart switches away, for the next one (the pool has a record for each of
 * eight tasks: FreeRTOSConfig.h). Not traced itself, as a call that never
 * returns would stay open in the graph.
 */
RVT_NOTRACE static void oneshot_task(void *arg)
{
	(void)arg;
	sink = crunch(7);
	vTaskDelay(1);
	sink = log_line(7);
	vTaskDelete(NULL);
}

static uint64_t trace_buffer[TRACE_BYTES / 8];
static unsigned long yields;

/* rvtrace waits through this (struct rvt_platform.yield). */
RVT_NOTRACE static void demo_yield(void)
{
	yields++;
	rvt_freertos_yield();
}

/* The port fills its interrupt stack with 0xee (configASSERT defined). */
static unsigned long isr_stack_used(void)
{
	extern const StackType_t xISRStackTop;
	const uint8_t *p = (const uint8_t *)xISRStackTop -
			   configISR_STACK_SIZE_WORDS * sizeof(StackType_t);
	const uint8_t *top = (const uint8_t *)xISRStackTop;

	while (p < top && *p == 0xee)
		p++;
	return (unsigned long)(top - p) / sizeof(StackType_t);
}

static void report(void)
{
	struct rvt_trace_stats st;
	unsigned int i;

	if (!rvt_trace_stats(&st)) {
		print("freertos-demo: events recorded ");
		print_num((long)st.recorded);
		print(", dropped ");
		print_num((long)st.dropped);
		print(", overwritten ");
		print_num((long)st.overwritten);
		print("\n");
	}
	print("freertos-demo: yields while rvtrace waited ");
	print_num((long)yields);
	print("\n");
	print("freertos-demo: items consumed ");
	print_num((long)consumed);
	print(", timer callbacks ");
	print_num((long)blinks);
	print(", ticks ");
	print_num((long)ticks_seen);
	print("\n");
	print("freertos-demo: interrupt stack used (words) ");
	print_num((long)isr_stack_used());
	print("\n");
	for (i = 0; i < nr_handles; i++) {
		print("freertos-demo: stack left (words) ");
		print(pcTaskGetName(handles[i]));
		print(" ");
		print_num((long)uxTaskGetStackHighWaterMark(handles[i]));
		print("\n");
	}
}

RVT_NOTRACE static void fail(const char *what, int ret)
{
	print("freertos-demo: ");
	print(what);
	print(": ");
	print(rvt_strerror(ret));
	print("\n");
	demo_exit(4);
}

static void control_task(void *arg)
{
	const struct rvt_trace_config cfg = {
		.flags = RVT_TRACE_STOP_WHEN_FULL,
		.buffer = trace_buffer,
		.buffer_size = sizeof(trace_buffer),
	};
	int ret;

	(void)arg;
	vTaskDelay(5);
	ret = rvt_profile_start(NULL);
	if (ret)
		fail("rvt_profile_start", ret);
	ret = rvt_graph_start(&cfg);
	if (ret)
		fail("rvt_graph_start", ret);
	if (xTaskCreate(oneshot_task, "oneshot", STACK_WORDS, NULL, 2,
			NULL) != pdPASS)
		demo_exit(5);
	vTaskDelay(TRACE_TICKS / 2);
	/* The pool's last record, given back by oneshot. */
	if (xTaskCreate(oneshot_task, "oneshot2", STACK_WORDS, NULL, 2,
			NULL) != pdPASS)
		demo_exit(5);
	vTaskDelay(TRACE_TICKS / 2);
	/* Both wait through demo_yield() for tasks inside their hooks. */
	ret = rvt_graph_stop();
	if (ret)
		fail("rvt_graph_stop", ret);
	ret = rvt_profile_stop();
	if (ret)
		fail("rvt_profile_stop", ret);
	/* Calls in flight at the stop record their exits as they return. */
	vTaskDelay(5);
	if (rvt_trace_dump_text(uart_write, NULL) <= 0)
		demo_exit(7);
	rvt_profile_report(uart_write, NULL, 12);
	report();
	print("freertos-demo: done\n");
	demo_exit(0);
}

static void create(TaskFunction_t fn, const char *name, UBaseType_t prio)
{
	if (xTaskCreate(fn, name, STACK_WORDS, NULL, prio,
			&handles[nr_handles]) != pdPASS)
		demo_exit(8);
	nr_handles++;
}

/* The porting layer: QEMU virt M-mode, with FreeRTOS's yield. */
static struct rvt_platform platform;

int main(const void *fdt)
{
	TimerHandle_t timer;
	int sites;

	print("freertos-demo: FreeRTOS " tskKERNEL_VERSION_NUMBER "\n");
	/* Before the first task is created: tasks get their records then. */
	if (rvt_platform_virt_m_fdt(&platform, fdt) < 0)
		demo_exit(9);
	platform.yield = demo_yield;
	sites = rvt_init(&platform);
	if (sites < 0)
		demo_exit(10);
	print("freertos-demo: ");
	print_num(sites);
	print(" patch sites\n");

	samples = xQueueCreate(4, sizeof(unsigned long));
	timer = xTimerCreate("blink", 3, pdTRUE, NULL, blink);
	if (!samples || !timer || xTimerStart(timer, 0) != pdPASS)
		demo_exit(11);
	create(control_task, "control", 5);
	create(consumer_task, "consumer", 4);
	create(producer_task, "producer", 2);
	create(worker_task, "worker", 1);
	create(logger_task, "logger", 1);
	vTaskStartScheduler();
	demo_exit(12);
}
