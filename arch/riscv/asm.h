/* SPDX-License-Identifier: BSD-2-Clause */
/* XLEN-independent load/store for the assembly files. */
#ifndef RVT_ARCH_ASM_H
#define RVT_ARCH_ASM_H

#if __riscv_xlen == 64
#define REG_L	ld
#define REG_S	sd
#define SZREG	8
#else
#define REG_L	lw
#define REG_S	sw
#define SZREG	4
#endif

#endif
