/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Host stand-in for arch/riscv/csr.h: the host tests' platforms set no
 * RVT_PLAT_FAST_* flag, so the library never reads these CSRs there.
 */
#ifndef RVT_ARCH_CSR_H
#define RVT_ARCH_CSR_H

#include <stdint.h>

static inline unsigned int rvt_csr_mhartid(void)
{
	return 0;
}

static inline uint64_t rvt_csr_time(void)
{
	return 0;
}

/* The interrupt mask the recorders and the dispatcher take in M-mode. */
#define RVT_MSTATUS_MIE			(1UL << 3)

static inline unsigned long rvt_m_irq_save(void)
{
	return 0;
}

static inline void rvt_m_irq_restore(unsigned long mie)
{
	(void)mie;
}

#endif
