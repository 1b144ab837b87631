// SPDX-License-Identifier: BSD-2-Clause
/*
 * Start-up shared by M-mode and S-mode: the boot hart brings up the console
 * and counts the harts, the others idle until board_run_others() gives them
 * work.
 */
#include "board.h"
#include "csr.h"

/* How long the boot hart waits for the others to check in: 20 s of time. */
#define CHECK_IN_TICKS	(20ULL * 10000000ULL)

struct hart_work {
	void (*fn)(unsigned int hart, void *arg);
	void *arg;
	int busy;
	bool offline;	/* run fn before rvt_hart_online() */
};

static __thread unsigned int this_hart;
static __thread unsigned long soft_interrupts;
static unsigned int nr_harts;
static unsigned int boot_hart;
static const void *boot_fdt;
static int harts_up;
static bool checked_in[BOARD_MAX_HARTS];
static struct hart_work work[BOARD_MAX_HARTS];

unsigned int board_hart_index(void)
{
	return this_hart;
}

unsigned int board_nr_harts(void)
{
	return nr_harts;
}

const void *board_fdt(void)
{
	return boot_fdt;
}

/*
 * Every other hart checks in before main() may ask anything of it. One that
 * never does (its start was lost) ends the run with a message, not a hang.
 */
static void wait_check_in(void)
{
	uint64_t start = rvt_csr_time();
	unsigned int h;

	while (__atomic_load_n(&harts_up, __ATOMIC_ACQUIRE) != (int)nr_harts - 1)
		if (rvt_csr_time() - start > CHECK_IN_TICKS)
			break;
	if (__atomic_load_n(&harts_up, __ATOMIC_ACQUIRE) == (int)nr_harts - 1)
		return;
	for (h = 0; h < nr_harts; h++)
		if (h != boot_hart &&
		    !__atomic_load_n(&checked_in[h], __ATOMIC_ACQUIRE))
			board_printf("hart %u: hart %u was started but never checked in\n",
				     boot_hart, h);
	board_exit(102);
}

void board_boot(unsigned int hart, const void *fdt)
{
	int ret;

	this_hart = hart;
	boot_hart = hart;
	boot_fdt = fdt;
	board_console_init();
	/* What the firmware itself would give rvt_init() (a tree of QEMU's). */
	ret = rvt_fdt_nr_harts(fdt);
	nr_harts = ret < 1 ? 1 : (unsigned int)ret;
	if (nr_harts > BOARD_MAX_HARTS)
		nr_harts = BOARD_MAX_HARTS;
	board_mode_boot(hart, nr_harts);
	wait_check_in();
	board_exit(main());
}

void board_secondary(unsigned int hart)
{
	struct hart_work *w = &work[hart];

	this_hart = hart;
	__atomic_store_n(&checked_in[hart], true, __ATOMIC_RELEASE);
	__atomic_fetch_add(&harts_up, 1, __ATOMIC_RELEASE);
	for (;;) {
		while (!__atomic_load_n(&w->busy, __ATOMIC_ACQUIRE))
			board_idle();
		if (!w->offline)
			rvt_hart_online();
		board_irq_enable();
		w->fn(hart, w->arg);
		board_irq_disable();
		__atomic_store_n(&w->busy, 0, __ATOMIC_RELEASE);
	}
}

static void run_others(void (*fn)(unsigned int hart, void *arg), void *arg,
		       bool offline)
{
	unsigned int h;

	for (h = 0; h < nr_harts; h++) {
		if (h == boot_hart)
			continue;
		work[h].fn = fn;
		work[h].arg = arg;
		work[h].offline = offline;
		__atomic_store_n(&work[h].busy, 1, __ATOMIC_RELEASE);
		board_wake(h);
	}
}

void board_run_others(void (*fn)(unsigned int hart, void *arg), void *arg)
{
	run_others(fn, arg, false);
}

void board_run_others_offline(void (*fn)(unsigned int hart, void *arg),
			      void *arg)
{
	run_others(fn, arg, true);
}

void board_wait_others(void)
{
	unsigned int h;

	for (h = 0; h < nr_harts; h++)
		while (__atomic_load_n(&work[h].busy, __ATOMIC_ACQUIRE))
			rvt_handle_ipi();
}

unsigned long board_soft_interrupts(void)
{
	return soft_interrupts;
}

void board_count_soft_interrupt(void)
{
	soft_interrupts++;
}

__attribute__((weak)) void board_timer_interrupt(void)
{
}

void board_timer_handle(void)
{
	rvt_irq_enter();
	board_timer_interrupt();
	rvt_irq_exit();
}

#if __riscv_xlen == 32
static uint32_t instreth(void)
{
	uint32_t v;

	__asm__ __volatile__("csrr %0, instreth" : "=r"(v));
	return v;
}
#endif

uint64_t board_instret(void)
{
	unsigned long lo;
#if __riscv_xlen == 32
	uint32_t hi;

	do {
		hi = instreth();
		__asm__ __volatile__("csrr %0, instret" : "=r"(lo));
	} while (hi != instreth());
	return ((uint64_t)hi << 32) | lo;
#else
	__asm__ __volatile__("csrr %0, instret" : "=r"(lo));
	return lo;
#endif
}

extern const char __tdata_start[], __tdata_end[];

/* Give this hart its own copy of the thread-local data (picolibc's errno). */
void board_tls_init(char *block)
{
	size_t n = (size_t)(__tdata_end - __tdata_start);
	size_t i;

	for (i = 0; i < (1u << BOARD_TLS_SHIFT); i++)
		block[i] = 0;
	for (i = 0; i < n; i++)
		block[i] = __tdata_start[i];
}
