// SPDX-License-Identifier: BSD-2-Clause
/*
 * Five tasks of the tiny RTOS (rtos.c) on every hart QEMU gives: a
 * calibration job, a sensor feeding a controller through a FIFO (two
 * semaphores), a logger woken by the controller, and a report job the
 * controller starts half way, which takes the calibration's trace record.
 * They are preempted by the tick wherever they are, deep in traced calls
 * too, block and resume, and move between harts. Each task's calls depend
 * only on its own loop count, never on timing, so its call graph is known
 * (examples/rtos/check_decode.py knows it too).
 *
 * The function-graph tracer records them. The check: follow the harts'
 * events in time order, each event into the graph of the task its tag
 * names; every graph must be complete (each entry closed by its exit, at
 * the right depth), and the switch events must tell what the scheduler
 * counted (switches, migrations). Then the trace is printed for
 * rvtrace-decode.
 */
#include "board.h"
#include "rtos.h"

#define STACK_BYTES	4096
#define SLICE_TICKS	200	/* 20 us of the 10 MHz clock */
#define ROUNDS		16	/* samples from the sensor to the controller */
#define FIFO_SLOTS	4
#define LOG_EVERY	4	/* control rounds per log line */
#define CALIB_ROUNDS	3
#define REPORT_ROUNDS	3
#define SETPOINT	2000
#define TRACE_BYTES	(256 * 1024)
#define DEPTH_MAX	16

enum { CALIB, SENSOR, CONTROL, LOGGER, REPORT, NR_TASKS };

/* Work shared by the tasks: most of their time goes here. */
RVT_TRACEABLE unsigned long mix(unsigned long x, unsigned int n)
{
	while (n--)
		x = x * 1103515245UL + 12345UL;
	return x;
}

RVT_TRACEABLE unsigned long isqrt(unsigned long v)
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

/* Sampling: two channels of an ADC per sample. */
RVT_TRACEABLE unsigned long adc_convert(unsigned long raw)
{
	return mix(raw, 6000) % 4096;
}

RVT_TRACEABLE unsigned long adc_read(unsigned int channel, unsigned int i)
{
	return adc_convert(channel * 1000 + i);
}

RVT_TRACEABLE unsigned long acquire(unsigned int i)
{
	unsigned long a = adc_read(0, i);

	return (a + adc_read(1, i)) / 2;
}

static unsigned long offset;	/* calibration: what a sample reads at rest */

static void calib_task(void *arg)
{
	unsigned long sum = 0;
	unsigned int k;

	(void)arg;
	for (k = 0; k < CALIB_ROUNDS; k++)
		sum += acquire(100 + k);
	offset = sum / CALIB_ROUNDS;
}

/* The sensor's samples to the controller: a FIFO between two semaphores. */
struct fifo {
	unsigned long slot[FIFO_SLOTS];
	unsigned int head, tail;
	struct rtos_sem items, space;
};

static struct fifo samples = { .space = { .count = FIFO_SLOTS } };

RVT_TRACEABLE void fifo_put(struct fifo *f, unsigned long v)
{
	rtos_sem_wait(&f->space);
	f->slot[f->tail++ % FIFO_SLOTS] = v;
	rtos_sem_post(&f->items);
}

RVT_TRACEABLE unsigned long fifo_get(struct fifo *f)
{
	unsigned long v;

	rtos_sem_wait(&f->items);
	v = f->slot[f->head++ % FIFO_SLOTS];
	rtos_sem_post(&f->space);
	return v;
}

static void sensor_task(void *arg)
{
	unsigned int i;

	(void)arg;
	for (i = 0; i < ROUNDS; i++)
		fifo_put(&samples, acquire(i));
}

/* The controller: a PID step per sample, towards a set point. */
struct pid {
	long integral, last;
};

RVT_TRACEABLE long clamp(long v, long lo, long hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

RVT_TRACEABLE long derivative(struct pid *p, long error)
{
	long noise = (long)(mix((unsigned long)error, 12000) & 1);
	long d = error - p->last + noise;

	p->last = error;
	return d;
}

RVT_TRACEABLE long pid(struct pid *p, long error)
{
	p->integral = clamp(p->integral + error, -10000, 10000);
	return 3 * error + p->integral / 8 + derivative(p, error) / 4;
}

RVT_TRACEABLE long control_step(struct pid *p, long measured)
{
	return clamp(pid(p, SETPOINT - measured), -1000, 1000);
}

static struct rtos_task tasks[NR_TASKS];
static uint8_t stacks[NR_TASKS][STACK_BYTES] __attribute__((aligned(16)));
static long history[ROUNDS];	/* the controller's outputs */
static struct rtos_sem log_ready;
static unsigned long report_rms, logged;
static long position;

/* The report: statistics of the controller's first half. */
RVT_TRACEABLE unsigned long stats(const long *v, unsigned int n)
{
	unsigned long sq = 0, rms;
	unsigned int i;

	for (i = 0; i < n; i++)
		sq += (unsigned long)(v[i] * v[i]);
	rms = isqrt(sq / n);
	return rms + (mix(sq, 20000) & 1);
}

static void report_task(void *arg)
{
	unsigned int k, n = ROUNDS / 2 / REPORT_ROUNDS;

	(void)arg;
	for (k = 0; k < REPORT_ROUNDS; k++)
		report_rms += stats(history + k * n, n);
}

static void control_task(void *arg)
{
	struct pid p = { 0 };
	unsigned int i;

	(void)arg;
	rtos_task_join(&tasks[CALIB]);
	for (i = 0; i < ROUNDS; i++) {
		long measured = (long)(fifo_get(&samples) - offset);

		history[i] = control_step(&p, position + measured);
		position += history[i] / 4;
		if (i == ROUNDS / 2 &&
		    rtos_task_create(&tasks[REPORT], "report", report_task,
				     NULL, stacks[REPORT], STACK_BYTES))
			board_exit(20);
		if (i % LOG_EVERY == LOG_EVERY - 1)
			rtos_sem_post(&log_ready);
	}
	rtos_task_join(&tasks[REPORT]);
}

/* The logger: a line per LOG_EVERY control rounds, checksummed. */
RVT_TRACEABLE unsigned int format_number(char *o, unsigned long v)
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

RVT_TRACEABLE unsigned long crc(unsigned long sum)
{
	return mix(sum, 40000) & 0xffff;
}

RVT_TRACEABLE unsigned long checksum(const char *s, unsigned int len)
{
	unsigned long sum = 0;

	while (len--)
		sum = sum * 31 + (unsigned char)*s++;
	return crc(sum);
}

RVT_TRACEABLE unsigned long emit(const char *line, unsigned int len)
{
	return checksum(line, len) ^ len;
}

RVT_TRACEABLE unsigned long log_line(long v)
{
	char line[24];
	unsigned int len = format_number(line, isqrt((unsigned long)(v * v)));

	return emit(line, len);
}

static void logger_task(void *arg)
{
	unsigned int i;

	(void)arg;
	for (i = 0; i < ROUNDS / LOG_EVERY; i++) {
		rtos_sem_wait(&log_ready);
		logged += log_line(history[i * LOG_EVERY + LOG_EVERY - 1]);
	}
}

static uint64_t trace_buffer[TRACE_BYTES / 8];
static uint64_t snapshot[TRACE_BYTES / 8 + 512];

/* One context's view of the trace, as the check walks it. */
struct graph {
	unsigned long stack[DEPTH_MAX];
	unsigned int depth;
	unsigned long calls;
	unsigned long preempted_inside;	/* switched out with calls open */
	unsigned int deepest;		/* most calls open at such a switch */
	unsigned long switches_in, migrations;
	unsigned int hart;		/* where it ran last, + 1 */
};

/* Whether e comes next in g: an entry at its depth, or its last call's exit. */
static bool fits(const struct graph *g, const struct rvt_event *e)
{
	unsigned int kind = RVT_EVENT_KIND(e->info);
	unsigned int depth = RVT_EVENT_DEPTH(e->info);

	if (kind == RVT_EVENT_ENTRY)
		return depth == g->depth && g->depth < DEPTH_MAX;
	return kind == RVT_EVENT_EXIT && g->depth && depth == g->depth - 1 &&
	       g->stack[g->depth - 1] == (unsigned long)e->func;
}

static int follow(struct graph *g, const struct rvt_event *e)
{
	if (!fits(g, e))
		return -1;
	if (RVT_EVENT_KIND(e->info) == RVT_EVENT_ENTRY) {
		g->stack[g->depth++] = (unsigned long)e->func;
		g->calls++;
	} else {
		g->depth--;
	}
	return 0;
}

/*
 * The snapshot as the check reads it: each hart's events, and which task
 * each tag stands for (from the dump's task records: a tag names the
 * task, whatever record it ran on).
 */
static struct {
	const struct rvt_dump_header *hdr;
	struct rvt_event *ev[RTOS_MAX_HARTS];
	uint32_t nr[RTOS_MAX_HARTS], at[RTOS_MAX_HARTS];
	struct graph *graph_of[256];	/* by tag; 0: the hart's own */
	struct graph graphs[NR_TASKS];
	struct graph own[RTOS_MAX_HARTS];
	struct graph *running[RTOS_MAX_HARTS];
} walk;

static int walk_init(void)
{
	uint8_t *p = (uint8_t *)snapshot;
	const struct rvt_dump_task *rec;
	unsigned int h, i, t;

	walk.hdr = (const void *)p;
	if (rvt_trace_snapshot(snapshot, sizeof(snapshot)) < 0 ||
	    walk.hdr->nr_harts > RTOS_MAX_HARTS || walk.hdr->overwritten ||
	    walk.hdr->dropped ||
	    walk.hdr->event_size != sizeof(struct rvt_event))
		return -1;
	p += walk.hdr->header_size;
	for (h = 0; h < walk.hdr->nr_harts; h++) {
		const struct rvt_dump_hart *dh = (const void *)p;

		walk.ev[h] = (void *)(p + walk.hdr->hart_header_size);
		walk.nr[h] = dh->nr_events;
		walk.running[h] = &walk.own[h];
		p = (uint8_t *)(walk.ev[h] + walk.nr[h]);
	}
	p += walk.hdr->nr_profile * walk.hdr->profile_size;
	for (i = 0; i < walk.hdr->nr_tasks; i++) {
		rec = (const void *)(p + i * walk.hdr->task_size);
		for (t = 0; t < NR_TASKS; t++)
			if (tasks[t].id == rec->id)
				walk.graph_of[rec->tag] = &walk.graphs[t];
	}
	return 0;
}

/* The graph an event's tag names; tag 0 is the hart's own context. */
static struct graph *graph_of(uint32_t tag, unsigned int hart)
{
	return tag ? walk.graph_of[tag & 0xff] : &walk.own[hart];
}

/*
 * The next event of all harts in time order, and its hart; -1 at the end.
 * Each ring is in time order already: the recorder masks interrupts while
 * it writes an event, so no task is preempted or moved inside it.
 */
static int walk_next(const struct rvt_event **e)
{
	const struct rvt_event *c;
	unsigned int h;
	int hart = -1;

	for (h = 0; h < walk.hdr->nr_harts; h++) {
		if (walk.at[h] == walk.nr[h])
			continue;
		c = &walk.ev[h][walk.at[h]];
		if (hart < 0 || c->ts < (*e)->ts) {
			*e = c;
			hart = (int)h;
		}
	}
	if (hart >= 0)
		walk.at[hart]++;
	return hart;
}

/* A switch on hart h: from the task that ran there, to the next one. */
static int switched(unsigned int h, const struct rvt_event *e)
{
	struct graph *from = graph_of((uint32_t)e->func, h);
	struct graph *to = graph_of((uint32_t)e->caller, h);

	if (!from || from != walk.running[h] || !to)
		return -1;
	if (from->depth && from != &walk.own[h]) {
		from->preempted_inside++;
		if (from->depth > from->deepest)
			from->deepest = from->depth;
	}
	if (to != &walk.own[h]) {
		to->switches_in++;
		if (to->hart && to->hart != h + 1)
			to->migrations++;
		to->hart = h + 1;
	}
	walk.running[h] = to;
	return 0;
}

/*
 * Each task's events form a complete call graph, and the switch events
 * agree with what the scheduler counted.
 */
static int check_graphs(void)
{
	const struct rvt_event *e = NULL;
	unsigned long blocks = 0, migrations = 0;
	unsigned int h, t, deepest = 0;
	int hart, ret = 0;

	if (walk_init())
		return 10;
	while ((hart = walk_next(&e)) >= 0) {
		struct graph *g = graph_of(RVT_EVENT_TASK(e->info), hart);

		if (RVT_EVENT_KIND(e->info) == RVT_EVENT_SWITCH) {
			if (switched(hart, e))
				return 11;
		} else if (!g || follow(g, e)) {
			board_printf("rtos: hart %d: an event breaks a graph\n",
				     hart);
			return 12;
		}
	}
	for (t = 0; t < NR_TASKS; t++) {
		struct rtos_task *task = &tasks[t];
		struct graph *g = &walk.graphs[t];

		board_printf("rtos: task %-7s %3lu switches in, %3lu "
			     "migrations, %2lu blocks, %3lu calls, %3lu times "
			     "preempted in a call (%u deep), graph %s\n",
			     task->name, task->switches_in, task->migrations,
			     task->blocks, g->calls, g->preempted_inside,
			     g->deepest, g->depth ? "open" : "complete");
		if (g->depth || !g->calls ||
		    g->switches_in != task->switches_in ||
		    g->migrations != task->migrations)
			ret = 13;
		blocks += task->blocks;
		migrations += task->migrations;
		if (g->deepest > deepest)
			deepest = g->deepest;
	}
	for (h = 0; h < walk.hdr->nr_harts; h++)
		if (walk.own[h].depth)
			ret = 14;
	/*
	 * What the run is for: deep preemption, blocking, migration, and a
	 * trace record reused (the pool has one for each task alive at once:
	 * report takes calib's).
	 */
	if (deepest < 4 || !blocks ||
	    (walk.hdr->nr_harts > 1 && !migrations) ||
	    tasks[REPORT].trace != tasks[CALIB].trace)
		ret = 15;
	return ret;
}

static unsigned int harts_done;	/* the other harts out of rtos_run() */

/*
 * The other harts: the scheduler, then idle here with interrupts on, as
 * the tick goes on (rtos_run()); rvtrace's synchronisation is answered in
 * the interrupt. Not traced: it never returns.
 */
RVT_NOTRACE static void run_hart(unsigned int hart, void *arg)
{
	(void)hart;
	(void)arg;
	rtos_run(SLICE_TICKS);
	__atomic_fetch_add(&harts_done, 1, __ATOMIC_RELEASE);
	for (;;)
		__asm__ __volatile__("wfi");
}

int main(void)
{
	struct rvt_trace_config cfg = {
		.flags = RVT_TRACE_STOP_WHEN_FULL,
		.buffer = trace_buffer, .buffer_size = sizeof(trace_buffer),
	};
	int ret;

	if (rvt_init(board_platform()) < 0)
		return 1;
	if (rtos_task_create(&tasks[CALIB], "calib", calib_task, NULL,
			     stacks[CALIB], STACK_BYTES) ||
	    rtos_task_create(&tasks[SENSOR], "sensor", sensor_task, NULL,
			     stacks[SENSOR], STACK_BYTES) ||
	    rtos_task_create(&tasks[CONTROL], "control", control_task, NULL,
			     stacks[CONTROL], STACK_BYTES) ||
	    rtos_task_create(&tasks[LOGGER], "logger", logger_task, NULL,
			     stacks[LOGGER], STACK_BYTES))
		return 2;

	if (rvt_graph_start(&cfg))
		return 3;
	board_run_others(run_hart, NULL);
	rtos_run(SLICE_TICKS);
	/* Every hart's return from rtos_run() in the trace. */
	while (__atomic_load_n(&harts_done, __ATOMIC_ACQUIRE) !=
	       board_nr_harts() - 1)
		;
	if (rvt_graph_stop())
		return 4;

	board_printf("rtos: %u hart%s, results %lu %ld %lu %lu\n",
		     board_nr_harts(), board_nr_harts() > 1 ? "s" : "",
		     offset, position, report_rms, logged);
	ret = check_graphs();
	/* The trace either way: rvtrace-decode shows what the check saw. */
	if (rvt_trace_dump_text(board_console_write, NULL) <= 0 && !ret)
		ret = 16;
	return ret;
}
