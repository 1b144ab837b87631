/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef RVT_ARCH_CSR_H
#define RVT_ARCH_CSR_H

#include <stdint.h>

#define RVT_CSR_READ(csr)						\
	({								\
		unsigned long __v;					\
		__asm__ __volatile__("csrr %0, " #csr : "=r"(__v) :	\
				     : "memory");			\
		__v;							\
	})

#define RVT_CSR_READ_CLEAR(csr, bits)					\
	({								\
		unsigned long __v;					\
		__asm__ __volatile__("csrrc %0, " #csr ", %1"		\
				     : "=r"(__v) : "rK"(bits)		\
				     : "memory");			\
		__v;							\
	})

#define RVT_CSR_SET(csr, bits)						\
	__asm__ __volatile__("csrs " #csr ", %0" : : "rK"(bits) : "memory")

#define RVT_CSR_CLEAR(csr, bits)					\
	__asm__ __volatile__("csrc " #csr ", %0" : : "rK"(bits) : "memory")

/* mhartid, where the platform says it is the hart's number (M-mode). */
static inline unsigned int rvt_csr_mhartid(void)
{
	return (unsigned int)RVT_CSR_READ(mhartid);
}

/* The time CSR, 64 bits also on RV32. */
static inline uint64_t rvt_csr_time(void)
{
#if __riscv_xlen == 64
	return RVT_CSR_READ(time);
#else
	unsigned long hi, lo;

	do {
		hi = RVT_CSR_READ(timeh);
		lo = RVT_CSR_READ(time);
	} while (hi != RVT_CSR_READ(timeh));
	return ((uint64_t)hi << 32) | lo;
#endif
}

#define RVT_MSTATUS_MIE		(1UL << 3)
#define RVT_SSTATUS_SIE		(1UL << 1)
#define RVT_SIP_SSIP		(1UL << 1)

/* Interrupts masked on an M-mode hart; what rvt_m_irq_restore() needs. */
static inline unsigned long rvt_m_irq_save(void)
{
	return RVT_CSR_READ_CLEAR(mstatus, RVT_MSTATUS_MIE) & RVT_MSTATUS_MIE;
}

static inline void rvt_m_irq_restore(unsigned long mie)
{
	RVT_CSR_SET(mstatus, mie);
}

#endif
