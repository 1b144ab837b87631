// SPDX-License-Identifier: BSD-2-Clause
/*
 * The demo firmware: every hart runs a job on generated data (checksums,
 * compression, parsing; see workload.h) while the boot hart, between rounds
 * of its own, turns the profiler and the function-graph tracer on, pauses
 * and resumes recording, and turns them off again, all without stopping the
 * other harts. It then checks what was recorded and prints the profile and
 * a text dump of the trace for rvtrace-decode (tools/demo.sh).
 *
 * Built with DEMO_STREAM (tools/demo.sh --stream), the boot hart instead
 * streams the trace while it runs: between two rounds of its own it prints
 * the events recorded since the last time (rvt_trace_read_text()), for
 * rvtrace-decode --follow to show as they come.
 *
 * Exit status: 0, or the job's failure code, or 60 and up for a tracer that
 * did not record what it should have.
 */
#include "board.h"
#include "workload.h"

#ifndef DEMO_STREAM
#define DEMO_STREAM	0		/* 1: stream the trace as it runs */
#endif
/* Rounds of every hart per phase; streamed, everything crosses the UART. */
#define PHASE_ROUNDS	(DEMO_STREAM ? 1 : 6)
#define TRACE_BYTES	(512 * 1024)	/* event rings, shared by the harts */
#define PROFILE_BYTES	(48 * 1024)

enum marker { MARK_GRAPH_ON = 1, MARK_PAUSE = 2, MARK_RESUME = 3 };

typedef int (*job_fn)(struct rng *g);

static const struct {
	const char *name;
	job_fn run;
} jobs[] = {
	{ "checksum", job_checksum },
	{ "compress", job_compress },
	{ "parse", job_parse },
};

#define NR_JOBS		(sizeof(jobs) / sizeof(jobs[0]))

static struct rvt_platform platform;
static uint64_t trace_buffer[TRACE_BYTES / 8];
static uint64_t profile_buffer[PROFILE_BYTES / 8];
static uint64_t snapshot[(TRACE_BYTES + PROFILE_BYTES) / 8];
static unsigned long rounds[BOARD_MAX_HARTS];
static int stop;

/* The boot hart takes the jobs in turn; hart h > 0 always job h - 1. */
static unsigned int job_of(unsigned int hart, unsigned long round)
{
	return hart ? (hart - 1) % NR_JOBS : round % NR_JOBS;
}

static void run_round(unsigned int hart, struct rng *g)
{
	unsigned long n = rounds[hart];
	unsigned int j = job_of(hart, n);
	int err = jobs[j].run(g);

	if (err) {
		board_printf("demo: hart %u: %s round %lu failed (%d)\n", hart,
			     jobs[j].name, n, err);
		board_exit(err);
	}
	__atomic_store_n(&rounds[hart], n + 1, __ATOMIC_RELEASE);
}

static void worker(unsigned int hart, void *arg)
{
	struct rng g = { 0x9e3779b9u * (hart + 1) };

	(void)arg;
	while (!__atomic_load_n(&stop, __ATOMIC_ACQUIRE))
		run_round(hart, &g);
}

/* Streaming: what was recorded since the last call (no tracer yet: none). */
static void stream(void)
{
	int ret;

	if (!DEMO_STREAM)
		return;
	ret = rvt_trace_read_text(board_console_write, NULL);
	if (ret < 0 && ret != RVT_ENOENT) {
		board_printf("demo: rvt_trace_read_text: %s\n",
			     rvt_strerror(ret));
		board_exit(67);
	}
}

/* Work on the boot hart until every hart has done n more rounds. */
static void run_phase(struct rng *g, unsigned long n)
{
	unsigned long target[BOARD_MAX_HARTS];
	unsigned int h, nr = board_nr_harts(), done;

	for (h = 0; h < nr; h++)
		target[h] = __atomic_load_n(&rounds[h], __ATOMIC_ACQUIRE) + n;
	do {
		run_round(board_hart_index(), g);
		stream();
		for (done = 0, h = 0; h < nr; h++)
			done += __atomic_load_n(&rounds[h], __ATOMIC_ACQUIRE) >=
				target[h];
	} while (done < nr);
}

static uint64_t events_seen(void)
{
	struct rvt_trace_stats st;

	if (rvt_trace_stats(&st))
		return 0;
	return st.recorded + st.overwritten + st.dropped;
}

/* Functions in the profile, and whether each job's entry point is there. */
static int check_profile(void)
{
	struct rvt_profile_entry e = { 0 };
	unsigned int functions = 0, jobs_seen = 0, j;

	while (!rvt_profile_next(&e)) {
		functions++;
		for (j = 0; j < NR_JOBS; j++)
			if (e.func == (const void *)jobs[j].run && e.hits)
				jobs_seen |= 1u << j;
	}
	board_printf("demo: profiler: %u functions called\n", functions);
	if (jobs_seen != (1u << NR_JOBS) - 1)
		return 61;
	return functions >= 2 * nr_record_types ? 0 : 62;
}

/* Every hart that ran must have recorded entries and exits. */
static int check_trace(void)
{
	const struct rvt_dump_header *hdr = (const void *)snapshot;
	const uint8_t *p = (const uint8_t *)snapshot;
	int len = rvt_trace_snapshot(snapshot, sizeof(snapshot));
	unsigned int h, with_exits = 0;

	if (len < 0 || hdr->tracer != RVT_DUMP_TRACER_GRAPH)
		return 63;
	p += hdr->header_size;
	for (h = 0; h < hdr->nr_harts; h++) {
		const struct rvt_dump_hart *dh = (const void *)p;
		const uint8_t *ev = p + hdr->hart_header_size;
		unsigned int i, exits = 0;

		for (i = 0; i < dh->nr_events; i++) {
			const struct rvt_event *e =
				(const void *)(ev + i * hdr->event_size);

			exits += RVT_EVENT_KIND(e->info) == RVT_EVENT_EXIT;
		}
		board_printf("demo: hart %u: %lu rounds, %u events in the trace\n",
			     h, rounds[h], (unsigned int)dh->nr_events);
		with_exits += exits > 0;
		p = ev + dh->nr_events * hdr->event_size;
	}
	return with_exits == board_nr_harts() ? 0 : 64;
}

int main(void)
{
	struct rvt_trace_config graph = {
		.buffer = trace_buffer, .buffer_size = sizeof(trace_buffer),
	};
	struct rvt_trace_config profile = {
		.buffer = profile_buffer, .buffer_size = sizeof(profile_buffer),
	};
	struct rng g = { 0x2545f491u };
	uint64_t paused_at;
	int ret;

	/* The rings are shared out among the harts there are, not 8. */
	platform = *board_platform();
	platform.nr_harts = board_nr_harts();
	ret = rvt_init(&platform);
	if (ret < 0) {
		board_printf("demo: rvt_init: %s\n", rvt_strerror(ret));
		return 1;
	}
	board_printf("demo: %d functions instrumented, %u record types, %u harts\n",
		     ret, nr_record_types, board_nr_harts());
	if (rvt_profile_bytes() > sizeof(profile_buffer))
		return 2;

	board_run_others(worker, NULL);
	run_phase(&g, PHASE_ROUNDS);

	board_printf("demo: profiler on\n");
	if (rvt_profile_start(&profile))
		return 60;
	run_phase(&g, PHASE_ROUNDS);

	board_printf("demo: function-graph tracer on\n");
	if (rvt_graph_start(&graph))
		return 60;
	rvt_trace_marker(MARK_GRAPH_ON);
	run_phase(&g, PHASE_ROUNDS);

	board_printf("demo: recording paused\n");
	rvt_trace_marker(MARK_PAUSE);
	rvt_trace_off();
	paused_at = events_seen();
	run_phase(&g, PHASE_ROUNDS);
	if (events_seen() != paused_at)
		return 65;

	board_printf("demo: recording resumed\n");
	rvt_trace_on();
	rvt_trace_marker(MARK_RESUME);
	run_phase(&g, PHASE_ROUNDS);

	board_printf("demo: tracer and profiler off\n");
	if (rvt_graph_stop() || rvt_profile_stop())
		return 60;
	run_phase(&g, 1);
	__atomic_store_n(&stop, 1, __ATOMIC_RELEASE);
	board_wait_others();

	ret = check_profile();
	if (!ret)
		ret = check_trace();
	if (ret)
		return ret;
	rvt_profile_report(board_console_write, NULL, 12);
	if (DEMO_STREAM) {
		/* The rest of the stream. */
		stream();
		return 0;
	}
	return rvt_trace_dump_text(board_console_write, NULL) > 0 ? 0 : 66;
}
