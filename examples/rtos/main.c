// SPDX-License-Identifier: BSD-2-Clause
/*
 * Three tasks of the tiny RTOS (rtos.c) share the hart, preempted by the
 * timer wherever they are, in the middle of traced calls too, and share
 * some of their functions. The function-graph tracer records all of them.
 * The check: split the hart's events by the scheduler's markers into each
 * task's own stream; each must be a complete call graph (every entry
 * closed by its exit, at the right depth), although the tasks interleave.
 * Then the trace is printed for rvtrace-decode.
 */
#include "board.h"
#include "rtos.h"

#define STACK_BYTES	4096
#define SLICE_TICKS	200	/* 20 us of the 10 MHz clock */
#define ROUNDS		12
#define TRACE_BYTES	(128 * 1024)
#define DEPTH_MAX	16

/* Work shared by the tasks: each call takes a good part of a slice. */
__attribute__((noinline)) unsigned long isqrt(unsigned long v)
{
	unsigned long r = 0, bit = 1UL << (sizeof(long) * 8 - 2);

	while (bit > v)
		bit >>= 2;
	for (; bit; bit >>= 2) {
		if (v >= r + bit) {
			v -= r + bit;
			r = (r >> 1) + bit;
		} else {
			r >>= 1;
		}
	}
	return r;
}

__attribute__((noinline)) unsigned long mix(unsigned long x, unsigned int n)
{
	while (n--)
		x = x * 1103515245UL + 12345UL;
	return x;
}

/* The sensor task: read, filter, and take the magnitude. */
__attribute__((noinline)) unsigned long read_sample(unsigned long seed)
{
	return mix(seed, 3000) % 100000;
}

__attribute__((noinline)) unsigned long filter(unsigned long *avg,
					       unsigned long sample)
{
	*avg = (*avg * 3 + sample) / 4;
	return isqrt(*avg * *avg + sample);
}

static void sensor_task(void *arg)
{
	unsigned long avg = 0, *out = arg;
	unsigned int i;

	for (i = 0; i < ROUNDS; i++)
		*out += filter(&avg, read_sample(i));
}

/* The control task: a PI controller towards a set point. */
__attribute__((noinline)) long clamp(long v, long lo, long hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

__attribute__((noinline)) long control_step(long *integral, long error)
{
	long noise = (long)(mix((unsigned long)error, 2000) & 1);

	*integral = clamp(*integral + error, -10000, 10000);
	return clamp(3 * error + *integral / 8 + noise, -1000, 1000);
}

static void control_task(void *arg)
{
	long integral = 0, position = 0, *out = arg;
	unsigned int i;

	for (i = 0; i < ROUNDS; i++)
		position += control_step(&integral, 5000 - position);
	*out = position;
}

/* The logger task: format numbers and checksum the line. */
__attribute__((noinline)) unsigned int format_number(char *o, unsigned long v)
{
	char tmp[24];
	unsigned int n = 0, len;

	do
		tmp[n++] = (char)('0' + v % 10);
	while (v /= 10);
	for (len = n; n; n--)
		*o++ = tmp[n - 1];
	return len;
}

__attribute__((noinline)) unsigned long log_line(unsigned long v)
{
	char line[32];
	unsigned int len = format_number(line, isqrt(mix(v, 1500)));

	return mix(len, 1500) ^ (unsigned char)line[0];
}

static void logger_task(void *arg)
{
	unsigned long *out = arg;
	unsigned int i;

	for (i = 0; i < ROUNDS; i++)
		*out ^= log_line(i);
}

static struct rtos_task tasks[3];
static uint8_t stacks[3][STACK_BYTES] __attribute__((aligned(16)));
static uint64_t trace_buffer[TRACE_BYTES / 8];
static uint64_t snapshot[TRACE_BYTES / 8 + 256];

/* One task's view of the trace, as the check walks it. */
struct task_graph {
	unsigned long stack[DEPTH_MAX];
	unsigned int depth;
	unsigned long calls;
	unsigned long preempted_inside;	/* switched out with calls open */
};

static int follow(struct task_graph *g, const struct rvt_event *e)
{
	unsigned int kind = RVT_EVENT_KIND(e->info);
	unsigned int depth = RVT_EVENT_DEPTH(e->info);

	if (kind == RVT_EVENT_ENTRY) {
		if (depth != g->depth || g->depth == DEPTH_MAX)
			return -1;
		g->stack[g->depth++] = (unsigned long)e->func;
		g->calls++;
		return 0;
	}
	if (kind == RVT_EVENT_EXIT) {
		if (!g->depth || depth != g->depth - 1 ||
		    g->stack[g->depth - 1] != (unsigned long)e->func)
			return -1;
		g->depth--;
		return 0;
	}
	return -1;
}

/* Each task's events (by the switch markers) form a complete call graph. */
static int check_graphs(void)
{
	const struct rvt_dump_header *hdr = (const void *)snapshot;
	const struct rvt_dump_hart *dh;
	const uint8_t *ev;
	struct task_graph graphs[4] = { 0 };
	unsigned int running = 0, i, t;
	int ret = 0;

	if (rvt_trace_snapshot(snapshot, sizeof(snapshot)) < 0 ||
	    hdr->nr_harts != 1 || hdr->overwritten || hdr->dropped)
		return 10;
	dh = (const void *)((const uint8_t *)snapshot + hdr->header_size);
	ev = (const uint8_t *)dh + hdr->hart_header_size;
	for (i = 0; i < dh->nr_events; i++) {
		const struct rvt_event *e =
			(const void *)(ev + i * hdr->event_size);

		if (RVT_EVENT_KIND(e->info) == RVT_EVENT_MARKER) {
			if (e->func > 3)
				return 11;
			/* A switch away from a task with calls open. */
			if (graphs[running].depth)
				graphs[running].preempted_inside++;
			running = (unsigned int)e->func;
		} else if (follow(&graphs[running], e)) {
			board_printf("rtos: event %u breaks the graph of %s\n", i,
				     running ? tasks[running - 1].name : "main");
			return 12;
		}
	}
	for (t = 1; t <= 3; t++) {
		struct task_graph *g = &graphs[t];

		board_printf("rtos: task %-8s %2lu switches in, %3lu calls traced, "
			     "%2lu times preempted inside a call, graph %s\n",
			     tasks[t - 1].name, tasks[t - 1].switches_in, g->calls,
			     g->preempted_inside, g->depth ? "open" : "complete");
		if (g->depth || !g->calls || !g->preempted_inside)
			ret = 13;
	}
	return ret;
}

int main(void)
{
	static struct rvt_platform platform;
	struct rvt_trace_config cfg = {
		.flags = RVT_TRACE_STOP_WHEN_FULL,
		.buffer = trace_buffer, .buffer_size = sizeof(trace_buffer),
	};
	unsigned long sensor = 0, logger = 0;
	long control = 0;
	int ret;

	/* One hart runs the RTOS: give it the whole trace buffer. */
	platform = *board_platform();
	platform.nr_harts = 1;
	if (board_hart_index() != 0 || rvt_init(&platform) < 0)
		return 1;
	if (rtos_task_create(&tasks[0], "sensor", sensor_task, &sensor,
			     stacks[0], STACK_BYTES) ||
	    rtos_task_create(&tasks[1], "control", control_task, &control,
			     stacks[1], STACK_BYTES) ||
	    rtos_task_create(&tasks[2], "logger", logger_task, &logger,
			     stacks[2], STACK_BYTES))
		return 2;

	if (rvt_graph_start(&cfg))
		return 3;
	rtos_run(SLICE_TICKS);
	rvt_graph_stop();

	board_printf("rtos: results %lu %ld %lu\n", sensor, control, logger);
	ret = check_graphs();
	if (ret)
		return ret;
	return rvt_trace_dump_text(board_console_write, NULL) > 0 ? 0 : 14;
}
