/* SPDX-License-Identifier: BSD-2-Clause */
/* XLEN-independent load/store for the assembly files. */
#ifndef RVT_ARCH_ASM_H
#define RVT_ARCH_ASM_H

#if __riscv_xlen == 64
#define REG_L	ld
#define REG_S	sd
#define SZREG	8
#define LWU	lwu
#define AMOADD_REG	amoadd.d
#define AMOADD_REG_AQ	amoadd.d.aq
#define AMOADD_REG_RL	amoadd.d.rl
#define AMOMINU_REG	amominu.d
#define AMOMAXU_REG	amomaxu.d
#define LOG_SZREG	3
/* Shifts of a 32-bit word whose bit 31 ends up as the sign. */
#define SLLW	sllw
#define SLLIW	slliw
#else
#define REG_L	lw
#define REG_S	sw
#define SZREG	4
#define LWU	lw
#define AMOADD_REG	amoadd.w
#define AMOADD_REG_AQ	amoadd.w.aq
#define AMOADD_REG_RL	amoadd.w.rl
#define AMOMINU_REG	amominu.w
#define AMOMAXU_REG	amomaxu.w
#define LOG_SZREG	2
#define SLLW	sll
#define SLLIW	slli
#endif

/* Hard-float ABIs pass values in fa0-fa7, FLEN bits each. */
#if defined(__riscv_float_abi_single) || defined(__riscv_float_abi_double)
#define RVT_ASM_FP_ABI	1
#if __riscv_flen == 64
#define FREG_L	fld
#define FREG_S	fsd
#define SZFREG	8
#else
#define FREG_L	flw
#define FREG_S	fsw
#define SZFREG	4
#endif
#endif

#endif
