/* SPDX-License-Identifier: BSD-2-Clause */
/* The few SBI calls rvtrace makes (SBI specification v1.0). */
#ifndef RVT_ARCH_SBI_H
#define RVT_ARCH_SBI_H

#include <rvtrace/sbi_ext.h>

#define RVT_SBI_EXT_IPI		0x735049UL	/* "sPI" */
#define RVT_SBI_EXT_RFENCE	0x52464e43UL	/* "RFNC" */
#define RVT_SBI_IPI_SEND	0
#define RVT_SBI_RFENCE_FENCE_I	0

#endif
