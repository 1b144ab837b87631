/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef RVT_ARCH_CSR_H
#define RVT_ARCH_CSR_H

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

#define RVT_MSTATUS_MIE		(1UL << 3)
#define RVT_SSTATUS_SIE		(1UL << 1)
#define RVT_SIP_SSIP		(1UL << 1)

#endif
