// SPDX-License-Identifier: BSD-2-Clause
/*
 * rvt_platform_virt_m: M-mode on QEMU virt. Harts are numbered by mhartid,
 * IPIs are ACLINT MSWI software interrupts, timestamps come from mtime.
 * How many harts there are, and which socket's ACLINT serves each, only
 * the device tree says (rvt_platform_virt_m_fdt()).
 */
#include <rvtrace/error.h>
#include <rvtrace/platform.h>

#include "aclint.h"
#include "csr.h"

#define VIRT_ACLINT_MSWI	0x02000000UL
#define VIRT_ACLINT_MTIMECMP	0x02004000UL
#define VIRT_ACLINT_MTIME	0x0200bff8UL
#define VIRT_MTIME_HZ		10000000ULL
/* Without a device tree, a guess: virt takes up to 512 (the tree says). */
#define VIRT_MAX_HARTS		8
/* The most harts one ACLINT device serves. */
#define ACLINT_MAX_HARTS	4095

/*
 * Without a device tree, or one that lists no device of a kind: the one
 * ACLINT of a single socket, serving every hart it can.
 */
#define DEFAULT_MSWI	{ VIRT_ACLINT_MSWI, 0, ACLINT_MAX_HARTS }
#define DEFAULT_MTIMER	{ VIRT_ACLINT_MTIMECMP, 0, ACLINT_MAX_HARTS }

static const struct rvt_aclint_dev default_mswi = DEFAULT_MSWI;
static const struct rvt_aclint_dev default_mtimer = DEFAULT_MTIMER;

/* Initialised data: rvt_init() does not need .bss cleared, nor does this. */
static struct rvt_aclint aclint = {
	.mswi = { 1, { DEFAULT_MSWI } },
	.mtimer = { 1, { DEFAULT_MTIMER } },
};

/* hart's register of size bytes in the device of set serving it, or 0. */
static uintptr_t aclint_reg(const struct rvt_aclint_set *set,
			    unsigned int hart, unsigned int size)
{
	const struct rvt_aclint_dev *d = set->dev, *end = d + set->nr;
	uintptr_t n;

	/* One compare per socket before it: a few instructions per IPI. */
	for (; d < end; d++) {
		n = (uintptr_t)hart - d->first;
		if (n < d->nr)
			return d->base + size * n;
	}
	return 0;
}

volatile uint32_t *rvt_platform_virt_m_msip(unsigned int hart)
{
	return (volatile uint32_t *)aclint_reg(&aclint.mswi, hart, 4);
}

volatile uint64_t *rvt_platform_virt_m_mtimecmp(unsigned int hart)
{
	return (volatile uint64_t *)aclint_reg(&aclint.mtimer, hart, 8);
}

static unsigned int virt_m_hart_index(void)
{
	return rvt_csr_mhartid();
}

static int virt_m_send_ipi(unsigned int hart)
{
	volatile uint32_t *msip = rvt_platform_virt_m_msip(hart);

	if (!msip)
		return RVT_EINVAL;
	*msip = 1;
	return 0;
}

static void virt_m_clear_ipi(void)
{
	volatile uint32_t *msip = rvt_platform_virt_m_msip(virt_m_hart_index());

	/* No device serves this hart: no interrupt of it could be raised. */
	if (msip)
		*msip = 0;
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
	return rvt_m_irq_save();
}

static void virt_m_irq_restore(unsigned long flags)
{
	rvt_m_irq_restore(flags);
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

/* The devices found, or the default where there are none. */
static void aclint_set(struct rvt_aclint_set *dst,
		       const struct rvt_aclint_set *src,
		       const struct rvt_aclint_dev *dflt)
{
	unsigned int i, nr = src->nr ? src->nr : 1;

	/* Field by field: a structure copy may become a call to memcpy. */
	for (i = 0; i < nr; i++) {
		const struct rvt_aclint_dev *d = src->nr ? &src->dev[i] : dflt;

		dst->dev[i].base = d->base;
		dst->dev[i].first = d->first;
		dst->dev[i].nr = d->nr;
	}
	dst->nr = nr;
}

int rvt_platform_virt_m_fdt(struct rvt_platform *plat, const void *fdt)
{
	const unsigned char *src = (const unsigned char *)&rvt_platform_virt_m;
	volatile unsigned char *dst = (volatile unsigned char *)plat;
	int harts = rvt_fdt_nr_harts(fdt);
	struct rvt_aclint found;
	size_t i;

	/* All read before anything is written. */
	if (!plat || harts < 0 || rvt_fdt_aclint(fdt, &found))
		return RVT_EINVAL;
	/* Byte by byte: a structure copy may become a call to memcpy. */
	for (i = 0; i < sizeof(*plat); i++)
		dst[i] = src[i];
	plat->nr_harts = (unsigned int)harts;
	aclint_set(&aclint.mswi, &found.mswi, &default_mswi);
	aclint_set(&aclint.mtimer, &found.mtimer, &default_mtimer);
	return harts;
}
