/* SPDX-License-Identifier: BSD-2-Clause */
/* XLEN-independent loads and stores for the tests' assembly files. */
#ifndef RVT_TEST_ASM_H
#define RVT_TEST_ASM_H

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
