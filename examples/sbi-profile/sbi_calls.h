/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The SBI calls the payload makes, one wrapper per extension and function
 * (SBI specification v1.0), so that rvtrace can profile each of them: the
 * ecall itself is inlined into its wrapper, and the wrapper is a patch site.
 */
#ifndef SBI_CALLS_H
#define SBI_CALLS_H

#include <stdint.h>

struct sbiret {
	long error;
	long value;
};

struct sbiret sbi_get_spec_version(void);
struct sbiret sbi_get_impl_id(void);
struct sbiret sbi_get_impl_version(void);
struct sbiret sbi_probe_extension(long extension_id);
struct sbiret sbi_get_mvendorid(void);
struct sbiret sbi_get_marchid(void);
struct sbiret sbi_get_mimpid(void);
struct sbiret sbi_set_timer(uint64_t stime_value);
struct sbiret sbi_send_ipi(unsigned long hart_mask,
			   unsigned long hart_mask_base);
struct sbiret sbi_remote_fence_i(unsigned long hart_mask,
				 unsigned long hart_mask_base);
struct sbiret sbi_remote_sfence_vma(unsigned long hart_mask,
				    unsigned long hart_mask_base,
				    unsigned long start_addr,
				    unsigned long size);
struct sbiret sbi_hart_get_status(unsigned long hartid);

#define SBI_EXT_BASE	0x10
#define SBI_EXT_TIME	0x54494d45
#define SBI_EXT_IPI	0x735049
#define SBI_EXT_RFENCE	0x52464e43
#define SBI_EXT_HSM	0x48534d

/* What a profile row is about: the wrapper, its extension and function. */
struct sbi_call_info {
	const void *wrapper;
	const char *extension;
	const char *function;
};

extern const struct sbi_call_info sbi_calls[];
extern const unsigned int nr_sbi_calls;

#endif
