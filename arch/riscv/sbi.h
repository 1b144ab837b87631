/* SPDX-License-Identifier: BSD-2-Clause */
/* The few SBI calls rvtrace makes (SBI specification v1.0). */
#ifndef RVT_ARCH_SBI_H
#define RVT_ARCH_SBI_H

#define RVT_SBI_EXT_IPI		0x735049UL	/* "sPI" */
#define RVT_SBI_EXT_RFENCE	0x52464e43UL	/* "RFNC" */
#define RVT_SBI_IPI_SEND	0
#define RVT_SBI_RFENCE_FENCE_I	0

struct rvt_sbiret {
	long error;
	long value;
};

static inline struct rvt_sbiret rvt_sbi_call2(unsigned long ext,
					      unsigned long fid,
					      unsigned long arg0,
					      unsigned long arg1)
{
	register unsigned long a0 __asm__("a0") = arg0;
	register unsigned long a1 __asm__("a1") = arg1;
	register unsigned long a6 __asm__("a6") = fid;
	register unsigned long a7 __asm__("a7") = ext;
	struct rvt_sbiret ret;

	__asm__ __volatile__("ecall"
			     : "+r"(a0), "+r"(a1)
			     : "r"(a6), "r"(a7)
			     : "memory");
	ret.error = (long)a0;
	ret.value = (long)a1;
	return ret;
}

#endif
