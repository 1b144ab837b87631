// SPDX-License-Identifier: BSD-2-Clause
/*
 * S-mode specifics: OpenSBI starts the boot hart at _start; the others are
 * started through SBI HSM and woken with SBI IPIs.
 */
#include "board.h"
#include "csr.h"
#include "sbi.h"

#define SBI_EXT_HSM		0x48534dUL
#define SBI_HSM_HART_START	0
#define SBI_ERR_ALREADY_AVAILABLE	(-6)
#define SBI_ERR_ALREADY_STARTED		(-7)
#define SBI_EXT_TIME		0x54494d45UL
#define SBI_TIME_SET_TIMER	0
#define SIE_SSIE		(1UL << 1)
#define SIE_STIE		(1UL << 5)
#define SCAUSE_IRQ		(1UL << (__riscv_xlen - 1))
#define IRQ_S_SOFT		1
#define IRQ_S_TIMER		5
#define VIRT_TIME_HZ		10000000ULL

void _start_secondary(void);

static struct rvt_platform platform;

const struct rvt_platform *board_platform(void)
{
	return &platform;
}

static struct rvt_sbi_ret sbi_hart_start(unsigned long hart, unsigned long pc)
{
	return rvt_sbi_ecall(SBI_EXT_HSM, SBI_HSM_HART_START, hart, pc, 0, 0,
			     0);
}

void board_mode_boot(unsigned int boot_hart, unsigned int nr_harts)
{
	unsigned int h;

	platform = rvt_platform_sbi;
	platform.name = "virt-s";
	platform.hart_index = board_hart_index;
	platform.nr_harts = nr_harts;
	platform.clock_hz = VIRT_TIME_HZ;
	/* As in M-mode: QEMU may translate with several threads. */
	platform.quirks = RVT_PLAT_QUIRK_REFETCH;

	for (h = 0; h < nr_harts; h++) {
		struct rvt_sbi_ret r;
		unsigned long start;

		if (h == boot_hart)
			continue;
		/*
		 * A hart that OpenSBI has not yet parked as stopped refuses
		 * to start (seen now and then on a loaded host): retry for
		 * up to a second of the time CSR.
		 */
		start = RVT_CSR_READ(time);
		do {
			r = sbi_hart_start(h, (unsigned long)_start_secondary);
			/*
			 * An attempt that reported failure may still have
			 * started it: the retry then finds it running.
			 */
			if (r.error == SBI_ERR_ALREADY_AVAILABLE ||
			    r.error == SBI_ERR_ALREADY_STARTED)
				r.error = 0;
		} while (r.error &&
			 RVT_CSR_READ(time) - start < (unsigned long)VIRT_TIME_HZ);
		if (r.error) {
			board_printf("hart %u: SBI HSM could not start hart %u (%ld)\n",
				     boot_hart, h, r.error);
			board_exit(101);
		}
	}
	board_irq_enable();
}

void board_wake(unsigned int hart)
{
	platform.send_ipi(hart);
}

/* SSIP is lowered before rvtrace looks for a request, never after. */
static void soft_interrupt(void)
{
	RVT_CSR_CLEAR(sip, RVT_SIP_SSIP);
	rvt_handle_ipi();
}

void board_idle(void)
{
	__asm__ __volatile__("wfi");
	soft_interrupt();
}

void board_timer_set(uint64_t ticks)
{
	uint64_t when = platform.clock() + ticks;

#if __riscv_xlen == 64
	rvt_sbi_ecall(SBI_EXT_TIME, SBI_TIME_SET_TIMER, when, 0, 0, 0, 0);
#else
	rvt_sbi_ecall(SBI_EXT_TIME, SBI_TIME_SET_TIMER, (unsigned long)when,
		      (unsigned long)(when >> 32), 0, 0, 0);
#endif
	RVT_CSR_SET(sie, SIE_STIE);
}

void board_irq_enable(void)
{
	RVT_CSR_SET(sie, SIE_SSIE);
	RVT_CSR_SET(sstatus, RVT_SSTATUS_SIE);
}

void board_irq_disable(void)
{
	RVT_CSR_CLEAR(sstatus, RVT_SSTATUS_SIE);
}

void board_trap(unsigned long cause, unsigned long epc, unsigned long tval)
{
	if (cause == (SCAUSE_IRQ | IRQ_S_SOFT)) {
		board_count_soft_interrupt();
		soft_interrupt();
		return;
	}
	if (cause == (SCAUSE_IRQ | IRQ_S_TIMER)) {
		RVT_CSR_CLEAR(sie, SIE_STIE);
		board_timer_handle();
		return;
	}
	board_printf("hart %u: unexpected trap scause=%#lx sepc=%#lx stval=%#lx\n",
		     board_hart_index(), cause, epc, tval);
	board_exit(100);
}
