/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Internal: the ACLINT devices of QEMU virt, one MSWI and one MTIMER per
 * socket (a SiFive CLINT is both), as the device tree lists them
 * (fdt_aclint.c), and the registers of a hart rvt_platform_virt_m drives.
 */
#ifndef RVT_ARCH_ACLINT_H
#define RVT_ARCH_ACLINT_H

#include <stdint.h>

/* Devices of each kind: QEMU virt's most sockets. */
#define RVT_ACLINT_MAX	8

/* A device serving harts first .. first + nr - 1, in that order. */
struct rvt_aclint_dev {
	uintptr_t base;	/* msip (MSWI) or mtimecmp (MTIMER) of hart first */
	uint32_t first, nr;
};

struct rvt_aclint_set {
	unsigned int nr;
	struct rvt_aclint_dev dev[RVT_ACLINT_MAX];
};

struct rvt_aclint {
	struct rvt_aclint_set mswi, mtimer;
};

/*
 * The enabled MSWI devices ("riscv,aclint-mswi", or a "riscv,clint0" or
 * "sifive,clint0") and MTIMER devices ("riscv,aclint-mtimer", or the same
 * CLINTs) of fdt, in tree order, into *a: each with its harts, those of its
 * interrupts-extended entries for the machine software (3) or timer (7)
 * interrupt, through the phandle of a cpu's interrupt controller to that
 * cpu's hart ID. A device with no such entry is left out. 0 (a set may be
 * empty), or RVT_EINVAL (*a then undefined) for a tree that is malformed,
 * an entry whose controller is no cpu's, a device whose harts are not
 * consecutive IDs in order, or more than RVT_ACLINT_MAX of a kind.
 */
int rvt_fdt_aclint(const void *fdt, struct rvt_aclint *a);

/*
 * The MSIP and MTIMECMP registers rvt_platform_virt_m gives hart (the
 * devices rvt_platform_virt_m_fdt() last found, or the one ACLINT of a
 * single socket), or NULL for a hart no device serves.
 */
volatile uint32_t *rvt_platform_virt_m_msip(unsigned int hart);
volatile uint64_t *rvt_platform_virt_m_mtimecmp(unsigned int hart);

#endif
