// SPDX-License-Identifier: BSD-2-Clause
/* One instrumented wrapper per SBI call (see sbi_calls.h). */
#include <rvtrace/sbi_ext.h>

#include "sbi_calls.h"

/* The SBI calling convention: a7 extension, a6 function, a0-a5 arguments. */
static inline __attribute__((always_inline)) struct sbiret
ecall(unsigned long ext, unsigned long fid, unsigned long arg0,
      unsigned long arg1, unsigned long arg2, unsigned long arg3)
{
	struct rvt_sbi_ret r = rvt_sbi_ecall(ext, fid, arg0, arg1, arg2, arg3,
					     0);
	struct sbiret ret = { r.error, (long)r.value };

	return ret;
}

/* noinline: every call must reach the wrapper's patch site. */
#define WRAPPER	__attribute__((noinline))

WRAPPER struct sbiret sbi_get_spec_version(void)
{
	return ecall(SBI_EXT_BASE, 0, 0, 0, 0, 0);
}

WRAPPER struct sbiret sbi_get_impl_id(void)
{
	return ecall(SBI_EXT_BASE, 1, 0, 0, 0, 0);
}

WRAPPER struct sbiret sbi_get_impl_version(void)
{
	return ecall(SBI_EXT_BASE, 2, 0, 0, 0, 0);
}

WRAPPER struct sbiret sbi_probe_extension(long extension_id)
{
	return ecall(SBI_EXT_BASE, 3, (unsigned long)extension_id, 0, 0, 0);
}

WRAPPER struct sbiret sbi_get_mvendorid(void)
{
	return ecall(SBI_EXT_BASE, 4, 0, 0, 0, 0);
}

WRAPPER struct sbiret sbi_get_marchid(void)
{
	return ecall(SBI_EXT_BASE, 5, 0, 0, 0, 0);
}

WRAPPER struct sbiret sbi_get_mimpid(void)
{
	return ecall(SBI_EXT_BASE, 6, 0, 0, 0, 0);
}

WRAPPER struct sbiret sbi_set_timer(uint64_t stime_value)
{
#if __riscv_xlen == 32
	return ecall(SBI_EXT_TIME, 0, (unsigned long)stime_value,
		     (unsigned long)(stime_value >> 32), 0, 0);
#else
	return ecall(SBI_EXT_TIME, 0, stime_value, 0, 0, 0);
#endif
}

WRAPPER struct sbiret sbi_send_ipi(unsigned long hart_mask,
				   unsigned long hart_mask_base)
{
	return ecall(SBI_EXT_IPI, 0, hart_mask, hart_mask_base, 0, 0);
}

WRAPPER struct sbiret sbi_remote_fence_i(unsigned long hart_mask,
					 unsigned long hart_mask_base)
{
	return ecall(SBI_EXT_RFENCE, 0, hart_mask, hart_mask_base, 0, 0);
}

WRAPPER struct sbiret sbi_remote_sfence_vma(unsigned long hart_mask,
					    unsigned long hart_mask_base,
					    unsigned long start_addr,
					    unsigned long size)
{
	return ecall(SBI_EXT_RFENCE, 1, hart_mask, hart_mask_base, start_addr,
		     size);
}

WRAPPER struct sbiret sbi_hart_get_status(unsigned long hartid)
{
	return ecall(SBI_EXT_HSM, 2, hartid, 0, 0, 0);
}

const struct sbi_call_info sbi_calls[] = {
	{ (const void *)sbi_get_spec_version, "BASE", "get_spec_version" },
	{ (const void *)sbi_get_impl_id, "BASE", "get_impl_id" },
	{ (const void *)sbi_get_impl_version, "BASE", "get_impl_version" },
	{ (const void *)sbi_probe_extension, "BASE", "probe_extension" },
	{ (const void *)sbi_get_mvendorid, "BASE", "get_mvendorid" },
	{ (const void *)sbi_get_marchid, "BASE", "get_marchid" },
	{ (const void *)sbi_get_mimpid, "BASE", "get_mimpid" },
	{ (const void *)sbi_set_timer, "TIME", "set_timer" },
	{ (const void *)sbi_send_ipi, "IPI", "send_ipi" },
	{ (const void *)sbi_remote_fence_i, "RFENCE", "remote_fence_i" },
	{ (const void *)sbi_remote_sfence_vma, "RFENCE", "remote_sfence_vma" },
	{ (const void *)sbi_hart_get_status, "HSM", "hart_get_status" },
};
const unsigned int nr_sbi_calls = sizeof(sbi_calls) / sizeof(sbi_calls[0]);
