// SPDX-License-Identifier: BSD-2-Clause
/*
 * rvt_platform_sbi: S-mode under an SBI implementation such as OpenSBI.
 * Text changes reach other harts through RFENCE remote_fence_i, destination
 * changes through SBI IPIs (supervisor software interrupts). Hart numbers are
 * SBI hart IDs; the firmware supplies hart_index and nr_harts (no default
 * here: rvt_init() refuses 0), the latter from the device tree the SBI hands
 * over (rvt_fdt_nr_harts()).
 */
#include <rvtrace/platform.h>

#include "csr.h"
#include "sbi.h"

#define LONG_BITS	(8 * sizeof(unsigned long))

static int sbi_send_ipi(unsigned int hart)
{
	struct rvt_sbi_ret r;

	r = rvt_sbi_ecall(RVT_SBI_EXT_IPI, RVT_SBI_IPI_SEND,
			  1UL << (hart % LONG_BITS), hart - hart % LONG_BITS,
			  0, 0, 0);
	return r.error ? -1 : 0;
}

static void sbi_clear_ipi(void)
{
	RVT_CSR_CLEAR(sip, RVT_SIP_SSIP);
}

/* One call per word of the mask: SBI takes a mask and its base hart. */
static int sbi_remote_fence_i(const unsigned long *mask, unsigned int nr_harts)
{
	unsigned int w;

	for (w = 0; w * LONG_BITS < nr_harts; w++) {
		struct rvt_sbi_ret r;

		if (!mask[w])
			continue;
		r = rvt_sbi_ecall(RVT_SBI_EXT_RFENCE, RVT_SBI_RFENCE_FENCE_I,
				  mask[w], w * LONG_BITS, 0, 0, 0);
		if (r.error)
			return -1;
	}
	return 0;
}

static uint64_t sbi_clock(void)
{
	return rvt_csr_time();
}

static unsigned long sbi_irq_save(void)
{
	return RVT_CSR_READ_CLEAR(sstatus, RVT_SSTATUS_SIE) & RVT_SSTATUS_SIE;
}

static void sbi_irq_restore(unsigned long flags)
{
	if (flags)
		RVT_CSR_SET(sstatus, RVT_SSTATUS_SIE);
}

const struct rvt_platform rvt_platform_sbi = {
	.name = "sbi",
	.send_ipi = sbi_send_ipi,
	.clear_ipi = sbi_clear_ipi,
	.remote_fence_i = sbi_remote_fence_i,
	.clock = sbi_clock,
	.irq_save = sbi_irq_save,
	.irq_restore = sbi_irq_restore,
};
