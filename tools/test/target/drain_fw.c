// SPDX-License-Identifier: BSD-2-Clause
/*
 * Firmware for the tests of the host reader (tools/capture/rvtrace-drain.py):
 * every hart records markers MARKER(hart, n) for n = 0, 1, 2, ..., which the
 * tool reads out of its memory through QEMU's monitor. The firmware has no
 * part in the reading: it says on its console how large each ring is and how
 * many markers each hart recorded, and then idles for the tool's last pass.
 * A marker is the only event (the tracer's filter names a function never
 * called), so marker n of a hart is claim n of its ring, with seq n + 1.
 *
 * The drain test: PACED_SECONDS of one marker every PERIOD_US per hart,
 * which the tool keeps up with, then BURST markers as fast as the hart goes,
 * which it cannot, so that it has losses to count.
 *
 * DRAIN_FILL, the capture speed test: rings of RING_BYTES in all, which
 * every hart fills once over and a quarter more as fast as it goes, so that
 * each ring has wrapped.
 */
#include "check.h"

/* The hart in the upper bits, its count in the lower 24. */
#define MARKER(hart, n)	((unsigned long)(hart) << 24 | (n))
#define COUNT_LIMIT	(1ul << 24)

#ifdef DRAIN_FILL
#define RING_BYTES	(64ul << 20)
#else
#define RING_BYTES	(1ul << 20)
#define PACED_SECONDS	3
#define PERIOD_US	50
#define BURST		100000ul
#endif

/*
 * The rings go after the image (virt-ram.ld ends it with the stacks), in
 * the RAM that cmake/virt.cmake gives QEMU (-m 256M): 64 MiB in .bss would
 * be cleared byte by byte at every start.
 */
#define RAM_END		0x90000000ul
extern char __stacks_end[];

static unsigned long recorded[BOARD_MAX_HARTS];

/* The tracer's filter: a function with a site that nothing calls. */
TRACED void drain_fw_never_called(void)
{
	__asm__ volatile("" ::: "memory");
}

static const void *const never[] = { (const void *)drain_fw_never_called };

#ifdef DRAIN_FILL
static unsigned long fill;	/* markers per hart */

static void record(unsigned int hart, void *arg)
{
	unsigned long n;

	(void)arg;
	for (n = 0; n < fill; n++)
		rvt_trace_marker(MARKER(hart, n));
	recorded[hart] = n;
}
#else
static uint64_t paced_end;

static void record(unsigned int hart, void *arg)
{
	const struct rvt_platform *p = board_platform();
	uint64_t period = p->clock_hz / 1000000 * PERIOD_US, next = 0, now;
	unsigned long n = 0, i;

	(void)arg;
	/* No catching up after a stall: the rate stays at most the pace. */
	while ((now = p->clock()) < paced_end) {
		if (now >= next) {
			rvt_trace_marker(MARKER(hart, n++));
			next = now + period;
		}
	}
	for (i = 0; i < BURST; i++)
		rvt_trace_marker(MARKER(hart, n++));
	recorded[hart] = n;
}
#endif

int main(void)
{
	const struct rvt_platform *p = board_platform();
	uintptr_t rings = ((uintptr_t)__stacks_end + 63) & ~(uintptr_t)63;
	struct rvt_trace_config cfg = {
		.filter = never,
		.filter_len = 1,
		.buffer = (void *)rings,
		.buffer_size = RING_BYTES,
	};
	unsigned int nr = board_nr_harts(), h;
	unsigned long cap = RING_BYTES / nr / sizeof(struct rvt_event);

	CHECK(rings + RING_BYTES <= RAM_END);
	CHECK(rvt_init(p) > 0);
	CHECK_EQ(rvt_ftrace_start(&cfg), 0);
	board_printf("drain_fw: %u harts, rings of %lu events\n", nr, cap);
#ifdef DRAIN_FILL
	fill = cap + cap / 4;
#else
	paced_end = p->clock() + (uint64_t)PACED_SECONDS * p->clock_hz;
#endif
	board_run_others(record, NULL);
	record(board_hart_index(), NULL);
	board_wait_others();
	CHECK_EQ(rvt_ftrace_stop(), 0);
	for (h = 0; h < nr; h++) {
		CHECK(recorded[h] < COUNT_LIMIT);
		board_printf("drain_fw: hart %u recorded %lu markers\n", h,
			     recorded[h]);
	}
	board_printf("drain_fw: done\n");
	for (;;)
		__asm__ volatile("wfi");
}
