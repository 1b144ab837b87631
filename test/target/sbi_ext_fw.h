/* SPDX-License-Identifier: BSD-2-Clause */
/* Between the extension test's M-mode firmware and its S-mode payload. */
#ifndef RVT_TEST_SBI_EXT_FW_H
#define RVT_TEST_SBI_EXT_FW_H

/* The firmware's own extension: what the payload traces, and its exit. */
#define FW_TEST_EID	0x0A000100UL
#define FW_ECHO		0	/* a0 = x: value fw_echo(x) */
#define FW_EXIT		1	/* a0 = code: back to M-mode */

/* The payload's memory: the only bytes the extension may touch. */
#define S_MEM_BYTES	(48 * 1024)
extern unsigned char s_mem[S_MEM_BYTES];

/* What the firmware traces; their addresses, for the payload's checks. */
unsigned long fw_echo(unsigned long x);
unsigned long fw_leaf(unsigned long x);

/* The payloads: on the boot hart, and on each of the others. */
void payload_main(unsigned long nr_harts);
void payload_worker(unsigned long hart);

/* The firmware's count of mapped and unmapped caller ranges. */
extern unsigned long fw_maps, fw_unmaps;

#endif
