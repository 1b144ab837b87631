// SPDX-License-Identifier: BSD-2-Clause
/* M-mode specifics: every hart starts at _start; MSWI wakes and syncs them. */
#include "aclint.h"
#include "board.h"
#include "csr.h"

#define MIE_MSIE	(1UL << 3)
#define MIE_MTIE	(1UL << 7)
#define MCAUSE_IRQ	(1UL << (__riscv_xlen - 1))
#define IRQ_M_SOFT	3
#define IRQ_M_TIMER	7

/*
 * rvt_platform_virt_m with the harts this machine has: once they are all
 * online the trampoline's fast entries open (rvtrace's README, "Fast
 * entries"), as they do for a firmware that gives its real count. Its
 * IPIs and timers are those of each hart's socket, as the tree lists them.
 */
static struct rvt_platform platform;

const struct rvt_platform *board_platform(void)
{
	return &platform;
}

void board_mode_boot(unsigned int boot_hart, unsigned int nr_harts)
{
	(void)boot_hart;
	if (rvt_platform_virt_m_fdt(&platform, board_fdt()) < 0)
		platform = rvt_platform_virt_m;
	platform.nr_harts = nr_harts;
	RVT_CSR_SET(mie, MIE_MSIE);
	board_irq_enable();
}

void board_wake(unsigned int hart)
{
	platform.send_ipi(hart);
}

/*
 * MSIP is lowered before rvtrace looks for a request, never after: a request
 * that arrives in between raises it again or is seen by rvt_handle_ipi().
 */
static void soft_interrupt(void)
{
	platform.clear_ipi();
	rvt_handle_ipi();
}

/* Interrupts are off here; wfi still returns when MSIP is raised. */
void board_idle(void)
{
	__asm__ __volatile__("wfi");
	soft_interrupt();
}

void board_timer_set(uint64_t ticks)
{
	volatile uint64_t *cmp = rvt_platform_virt_m_mtimecmp(board_hart_index());

	if (!cmp) {
		board_printf("hart %u: no timer in the device tree\n",
			     board_hart_index());
		board_exit(103);
	}
	*cmp = platform.clock() + ticks;
	RVT_CSR_SET(mie, MIE_MTIE);
}

void board_irq_enable(void)
{
	RVT_CSR_SET(mie, MIE_MSIE);
	RVT_CSR_SET(mstatus, RVT_MSTATUS_MIE);
}

void board_irq_disable(void)
{
	RVT_CSR_CLEAR(mstatus, RVT_MSTATUS_MIE);
}

__attribute__((weak)) bool board_trap_other(unsigned long cause,
					    unsigned long epc,
					    unsigned long tval)
{
	(void)cause;
	(void)epc;
	(void)tval;
	return false;
}

void board_trap(unsigned long cause, unsigned long epc, unsigned long tval)
{
	if (cause == (MCAUSE_IRQ | IRQ_M_SOFT)) {
		board_count_soft_interrupt();
		soft_interrupt();
		return;
	}
	if (cause == (MCAUSE_IRQ | IRQ_M_TIMER)) {
		RVT_CSR_CLEAR(mie, MIE_MTIE);
		board_timer_handle();
		return;
	}
	if (board_trap_other(cause, epc, tval))
		return;
	board_printf("hart %u: unexpected trap mcause=%#lx mepc=%#lx mtval=%#lx\n",
		     board_hart_index(), cause, epc, tval);
	board_exit(100);
}
