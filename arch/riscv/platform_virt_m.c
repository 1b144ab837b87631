// SPDX-License-Identifier: BSD-2-Clause
/*
 * rvt_platform_virt_m: M-mode on QEMU virt. Harts are numbered by mhartid,
 * IPIs are ACLINT MSWI software interrupts, timestamps come from mtime.
 * How many harts there are only the device tree says
 * (rvt_platform_virt_m_fdt()).
 */
#include <rvtrace/error.h>
#include <rvtrace/platform.h>

#include "csr.h"

#define VIRT_ACLINT_MSWI	0x02000000UL
#define VIRT_ACLINT_MTIME	0x0200bff8UL
#define VIRT_MTIME_HZ		10000000ULL
/* Without a device tree: QEMU virt's most harts in one socket. */
#define VIRT_MAX_HARTS		8

static volatile uint32_t *msip(unsigned int hart)
{
	return (volatile uint32_t *)(VIRT_ACLINT_MSWI + 4UL * hart);
}

static unsigned int virt_m_hart_index(void)
{
	return rvt_csr_mhartid();
}

static int virt_m_send_ipi(unsigned int hart)
{
	*msip(hart) = 1;
	return 0;
}

static void virt_m_clear_ipi(void)
{
	*msip(virt_m_hart_index()) = 0;
}

static uint64_t virt_m_clock(void)
{
#if __riscv_xlen == 64
	return *(volatile uint64_t *)VIRT_ACLINT_MTIME;
#else
	volatile uint32_t *t = (volatile uint32_t *)VIRT_ACLINT_MTIME;
	uint32_t hi, lo;

	do {
		hi = t[1];
		lo = t[0];
	} while (hi != t[1]);
	return ((uint64_t)hi << 32) | lo;
#endif
}

static unsigned long virt_m_irq_save(void)
{
	return RVT_CSR_READ_CLEAR(mstatus, RVT_MSTATUS_MIE) & RVT_MSTATUS_MIE;
}

static void virt_m_irq_restore(unsigned long flags)
{
	if (flags)
		RVT_CSR_SET(mstatus, RVT_MSTATUS_MIE);
}

const struct rvt_platform rvt_platform_virt_m = {
	.name = "virt-m",
	.nr_harts = VIRT_MAX_HARTS,
	.hart_index = virt_m_hart_index,
	.send_ipi = virt_m_send_ipi,
	.clear_ipi = virt_m_clear_ipi,
	.clock = virt_m_clock,
	.clock_hz = VIRT_MTIME_HZ,
	.irq_save = virt_m_irq_save,
	.irq_restore = virt_m_irq_restore,
	/* QEMU's ACLINT timer backs the time CSR in M-mode too. */
	.fast = RVT_PLAT_FAST_MHARTID | RVT_PLAT_FAST_TIME,
	/* A machine of QEMU's, which may translate with several threads. */
	.quirks = RVT_PLAT_QUIRK_REFETCH,
};

int rvt_platform_virt_m_fdt(struct rvt_platform *plat, const void *fdt)
{
	const unsigned char *src = (const unsigned char *)&rvt_platform_virt_m;
	volatile unsigned char *dst = (volatile unsigned char *)plat;
	int harts = rvt_fdt_nr_harts(fdt);
	size_t i;

	if (!plat || harts < 0)
		return RVT_EINVAL;
	/* Byte by byte: a structure copy may become a call to memcpy. */
	for (i = 0; i < sizeof(*plat); i++)
		dst[i] = src[i];
	plat->nr_harts = (unsigned int)harts;
	return harts;
}
