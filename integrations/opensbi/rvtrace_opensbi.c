// SPDX-License-Identifier: BSD-2-Clause
/*
 * rvtrace inside OpenSBI (1.5 to 1.9): the platform rvtrace runs on, its IPI
 * event, the rvtrace SBI extension (rvtrace/sbi_ext.h), and the two hooks
 * that arm rvtrace on the boot hart and bring every other hart online.
 *
 * No patch of OpenSBI's sources is needed: rvtrace.mk lists this file's
 * rvt_opensbi_ecall among OpenSBI's ecall extensions, whose
 * register_extensions callbacks sbi_ecall_init() runs once on the boot hart
 * after the platform's final_init(cold); that callback initialises rvtrace
 * and chains the platform's final_init (rvt_hart_online() on each hart that
 * boots warm) and early_exit (rvt_hart_offline() when a hart stops).
 *
 * rvtrace calls everything here from its trampoline, its recorders and its
 * synchronisation rounds, so this file carries no patch site (rvtrace.mk
 * builds it without the flags, and RVT_NOTRACE says so again).
 */
#include <sbi/riscv_asm.h>
#include <sbi/riscv_barrier.h>
#include <sbi/riscv_encoding.h>
#include <sbi/sbi_bitops.h>
#include <sbi/sbi_console.h>
#include <sbi/sbi_domain.h>
#include <sbi/sbi_ecall.h>
#include <sbi/sbi_ecall_interface.h>
#include <sbi/sbi_error.h>
#include <sbi/sbi_hart.h>
#include <sbi/sbi_hsm.h>
#include <sbi/sbi_ipi.h>
#include <sbi/sbi_platform.h>
#include <sbi/sbi_scratch.h>
#include <sbi/sbi_string.h>
#include <sbi/sbi_timer.h>
#include <sbi/sbi_trap.h>
#include <sbi/sbi_version.h>

#define RVT_OSBI_VER(major, minor)	(((major) << 16) | (minor))

/* 1.8 replaced sbi_hart_map_saddr() with the hart protection layer. */
#if OPENSBI_VERSION >= RVT_OSBI_VER(1, 8)
#include <sbi/sbi_hart_protection.h>
#endif

/*
 * OpenSBI's bool (int before 1.6, _Bool since), as its callback types use
 * it; rvtrace's headers below bring <stdbool.h>, which makes bool _Bool.
 */
typedef bool rvt_osbi_bool;

#include <rvtrace/compiler.h>
#include <rvtrace/error.h>
#include <rvtrace/platform.h>
#include <rvtrace/sbi_ext.h>

#ifndef RVT_OPENSBI_MAX_HARTS
#define RVT_OPENSBI_MAX_HARTS	32	/* the library's RVTRACE_MAX_HARTS */
#endif
#ifndef RVT_OPENSBI_TRACE_KB
#define RVT_OPENSBI_TRACE_KB	128	/* the event tracers' buffer */
#endif
#ifndef RVT_OPENSBI_PROFILE_KB
#define RVT_OPENSBI_PROFILE_KB	16	/* the profiler's table */
#endif
/* How long a send waits for a hart between final_init and STARTED. */
#define RVT_OSBI_START_WAIT_US	100000

static struct rvt_platform rvt_plat;
static u32 rvt_event;
static const struct sbi_timer_device *rvt_timer;
static const struct sbi_platform_operations *rvt_plat_ops;
static struct sbi_platform_operations rvt_chained_ops;

/* --- Which hart: O(1) on every version --------------------------------- */

#if OPENSBI_VERSION < RVT_OSBI_VER(1, 6)
/*
 * Before 1.6 the scratch area has no hart index and
 * sbi_hartid_to_hartindex() searches a table: keep each hart's index in a
 * scratch slot of our own, filled for every hart at init.
 */
static unsigned long rvt_index_off;
#endif

/* Hart IDs 0 .. N-1 (QEMU virt): mhartid, which rvtrace reads itself. */
static RVT_NOTRACE unsigned int rvt_osbi_mhartid(void)
{
	return (unsigned int)csr_read(CSR_MHARTID);
}

static RVT_NOTRACE unsigned int rvt_osbi_hart_index(void)
{
#if OPENSBI_VERSION >= RVT_OSBI_VER(1, 6)
	return (unsigned int)current_hartindex();
#else
	unsigned long off = rvt_index_off;

	/* Out of range until the slot exists: rvtrace ignores such a hart. */
	if (!off)
		return -1U;
	return *(u32 *)sbi_scratch_offset_ptr(sbi_scratch_thishart_ptr(), off);
#endif
}

static u32 rvt_osbi_nr_harts(void)
{
#if OPENSBI_VERSION >= RVT_OSBI_VER(1, 6)
	return sbi_hart_count();
#else
	return sbi_scratch_last_hartindex() + 1;
#endif
}

static int rvt_osbi_index_init(void)
{
	u32 i, n = rvt_osbi_nr_harts();
	bool identity = true;

	for (i = 0; i < n; i++)
		identity = identity && sbi_hartindex_to_hartid(i) == i;
#ifdef RVT_OPENSBI_NO_MHARTID
	identity = false;
#endif
	if (identity) {
		rvt_plat.hart_index = rvt_osbi_mhartid;
		rvt_plat.fast |= RVT_PLAT_FAST_MHARTID;
		return 0;
	}
	rvt_plat.hart_index = rvt_osbi_hart_index;
#if OPENSBI_VERSION < RVT_OSBI_VER(1, 6)
	{
		unsigned long off = sbi_scratch_alloc_offset(sizeof(u32));
		struct sbi_scratch *s;

		if (!off)
			return SBI_ENOMEM;
		for (i = 0; i < n; i++) {
			s = sbi_hartindex_to_scratch(i);
			if (s)
				*(u32 *)sbi_scratch_offset_ptr(s, off) = i;
		}
		/* The slots before the offset that makes them read. */
		smp_wmb();
		rvt_index_off = off;
	}
#endif
	return 0;
}

/* --- Clock and interrupt masking --------------------------------------- */

/* Harts whose time CSR traps in M-mode: the timer device's mtime. */
static RVT_NOTRACE uint64_t rvt_osbi_mtime(void)
{
	return rvt_timer->timer_value();
}

static RVT_NOTRACE unsigned long rvt_osbi_irq_save(void)
{
	return csr_read_clear(CSR_MSTATUS, MSTATUS_MIE) & MSTATUS_MIE;
}

static RVT_NOTRACE void rvt_osbi_irq_restore(unsigned long flags)
{
	if (flags)
		csr_set(CSR_MSTATUS, MSTATUS_MIE);
}

/* --- IPIs --------------------------------------------------------------- */

/*
 * rvtrace waits with interrupts masked; so does OpenSBI when it waits for a
 * remote fence (tlb_sync()), which answers only fence requests. Answering
 * every pending IPI event here, rvtrace's own included, lets a hart that
 * patches and a hart that fences wait for each other without a deadlock.
 */
static RVT_NOTRACE void rvt_osbi_yield(void)
{
	if (csr_read(CSR_MIP) & (MIP_MSIP | MIP_MEIP))
		sbi_ipi_process();
	cpu_relax();
}

/* OpenSBI has cleared the interrupt before it calls an event's process. */
static RVT_NOTRACE void rvt_osbi_ipi_process(struct sbi_scratch *scratch)
{
	(void)scratch;
	rvt_handle_ipi();
}

static const struct sbi_ipi_event_ops rvt_ipi_ops = {
	.name = "IPI_RVTRACE",
	.process = rvt_osbi_ipi_process,
};

/*
 * The HSM state of a hart rvtrace counts online, once it is one OpenSBI
 * delivers IPIs to or never will. A hart comes online in final_init(warm),
 * before sbi_hsm_hart_start_finish() makes it STARTED: sbi_ipi_send_many()
 * skips it until then (1.5) or refuses (1.6 and later). It does not wait
 * for anyone on the way, so wait for it, briefly.
 */
static RVT_NOTRACE int rvt_osbi_settled_state(const struct sbi_domain *dom,
					      u32 hartid)
{
	uint64_t start = 0, limit = 0;
	int state;

	if (rvt_plat.clock_hz)
		limit = rvt_plat.clock_hz / (1000000 / RVT_OSBI_START_WAIT_US);
	for (;;) {
		state = sbi_hsm_hart_get_state(dom, hartid);
		if (state != SBI_HSM_STATE_START_PENDING &&
		    state != SBI_HSM_STATE_RESUME_PENDING)
			return state;
		if (!limit)
			return state;
		if (!start)
			start = rvt_plat.clock() | 1;
		else if (rvt_plat.clock() - start > limit)
			return state;
		rvt_osbi_yield();
	}
}

/*
 * Non-zero for a hart OpenSBI will not interrupt (stopped, stopping, or
 * still starting after the wait): rvtrace then answers the round for it,
 * and the hart runs the fence.i it owes at its next rvtrace IPI, instead of
 * the round waiting for the sync timeout.
 */
static RVT_NOTRACE int rvt_osbi_send_ipi(unsigned int hart)
{
	const struct sbi_domain *dom = sbi_domain_thishart_ptr();
	u32 hartid = sbi_hartindex_to_hartid(hart);
	int state = rvt_osbi_settled_state(dom, hartid);

	if (state != SBI_HSM_STATE_STARTED &&
	    state != SBI_HSM_STATE_SUSPENDED)
		return SBI_EINVAL;
	return sbi_ipi_send_many(1UL << (hartid % BITS_PER_LONG),
				 hartid - hartid % BITS_PER_LONG, rvt_event,
				 NULL);
}

/* --- The hooks on every hart ------------------------------------------- */

/*
 * final_init(warm) runs after sbi_ipi_init(warm): the hart takes IPIs from
 * here on, and is STARTED a few calls later (see rvt_osbi_send_ipi()).
 */
static int rvt_osbi_final_init(rvt_osbi_bool cold_boot)
{
	int rc = 0;

	if (rvt_plat_ops->final_init)
		rc = rvt_plat_ops->final_init(cold_boot);
	if (!rc && !cold_boot)
		rvt_hart_online();
	return rc;
}

/* sbi_exit(): HSM stop, and non-retentive suspend on the way out. */
static void rvt_osbi_early_exit(void)
{
	rvt_hart_offline();
	if (rvt_plat_ops->early_exit)
		rvt_plat_ops->early_exit();
}

/*
 * The platform descriptor is shared by all harts and read through its ops
 * pointer on every call: point it at a copy whose final_init and
 * early_exit call rvtrace's hooks after (before) the platform's own.
 */
static void rvt_osbi_chain_platform(void)
{
	struct sbi_platform *plat =
		(struct sbi_platform *)sbi_platform_thishart_ptr();

	rvt_plat_ops = sbi_platform_ops(plat);
	rvt_chained_ops = *rvt_plat_ops;
	rvt_chained_ops.final_init = rvt_osbi_final_init;
	rvt_chained_ops.early_exit = rvt_osbi_early_exit;
	smp_wmb();
	plat->platform_ops_addr = (unsigned long)&rvt_chained_ops;
}

/* --- The SBI extension --------------------------------------------------- */

/*
 * The caller's memory, checked against its domain for the mode it called
 * from (mstatus.MPP, as the trap left it), and opened to M-mode where
 * Smepmp would keep M-mode out of S-mode memory.
 */
static RVT_NOTRACE void *rvt_osbi_map(unsigned long lo, unsigned long hi,
				      unsigned long size, bool write)
{
	unsigned long mode = (csr_read(CSR_MSTATUS) & MSTATUS_MPP) >>
			     MSTATUS_MPP_SHIFT;

	if (hi || !size || lo + size < lo)
		return NULL;
	if (!sbi_domain_check_addr_range(sbi_domain_thishart_ptr(), lo, size,
					 mode, write ? SBI_DOMAIN_WRITE :
						       SBI_DOMAIN_READ))
		return NULL;
#if OPENSBI_VERSION >= RVT_OSBI_VER(1, 8)
	if (sbi_hart_protection_map_range(lo, size))
		return NULL;
#else
	if (sbi_hart_map_saddr(lo, size))
		return NULL;
#endif
	return (void *)lo;
}

static RVT_NOTRACE void rvt_osbi_unmap(void *p, unsigned long size)
{
#if OPENSBI_VERSION >= RVT_OSBI_VER(1, 8)
	sbi_hart_protection_unmap_range((unsigned long)p, size);
#else
	(void)p;
	(void)size;
	sbi_hart_unmap_saddr();
#endif
}

static const struct rvt_sbi_mem_ops rvt_mem_ops = {
	.map = rvt_osbi_map,
	.unmap = rvt_osbi_unmap,
};

static unsigned long rvt_trace_buf[RVT_OPENSBI_TRACE_KB * 1024 /
				   sizeof(unsigned long)];
static unsigned long rvt_profile_buf[RVT_OPENSBI_PROFILE_KB * 1024 /
				     sizeof(unsigned long)];

static struct rvt_sbi_ext rvt_ext = {
	.mem = &rvt_mem_ops,
	.trace_buffer = rvt_trace_buf,
	.trace_size = sizeof(rvt_trace_buf),
	.profile_buffer = rvt_profile_buf,
	.profile_size = sizeof(rvt_profile_buf),
};

static int rvt_osbi_handle(unsigned long extid, unsigned long funcid,
			   struct sbi_trap_regs *regs,
			   struct sbi_ecall_return *out)
{
	const unsigned long args[6] = { regs->a0, regs->a1, regs->a2,
					regs->a3, regs->a4, regs->a5 };
	long err;

	(void)extid;
	err = rvt_sbi_ext_call(&rvt_ext, funcid, args, &out->value);
	/* An error newer than this OpenSBI knows would be reported as bad. */
	return err < SBI_LAST_ERR ? SBI_ERR_FAILED : (int)err;
}

static int rvt_osbi_register(void);

struct sbi_ecall_extension rvt_opensbi_ecall = {
#if OPENSBI_VERSION >= RVT_OSBI_VER(1, 6)
	.name = "rvtrace",
#endif
	.extid_start = RVT_SBI_EXT_ID,
	.extid_end = RVT_SBI_EXT_ID,
	.register_extensions = rvt_osbi_register,
	.handle = rvt_osbi_handle,
};

/* --- Cold boot ----------------------------------------------------------- */

/*
 * QEMU's machines may translate with several threads:
 * RVT_PLAT_QUIRK_REFETCH. Told by the platform's name (the generic
 * platform takes the device tree's model, "riscv-virtio,qemu" on virt)
 * unless the build says (RVT_REFETCH=y or n: RVT_OPENSBI_REFETCH).
 * Conforming hardware does without it.
 */
static bool rvt_osbi_on_qemu(struct sbi_scratch *scratch)
{
#ifdef RVT_OPENSBI_REFETCH
	(void)scratch;
	return RVT_OPENSBI_REFETCH;
#else
	const char *name = sbi_platform_name(sbi_platform_ptr(scratch));

	for (; name && *name; name++)
		if (!sbi_strncmp(name, "qemu", 4))
			return true;
	return false;
#endif
}

static int rvt_osbi_setup(void)
{
	struct sbi_scratch *scratch = sbi_scratch_thishart_ptr();
	u32 n = rvt_osbi_nr_harts();
	int ret;

	if (n > RVT_OPENSBI_MAX_HARTS) {
		sbi_printf("rvtrace: %u harts, the library takes %u "
			   "(RVT_MAX_HARTS)\n", n, RVT_OPENSBI_MAX_HARTS);
		return SBI_EINVAL;
	}
	ret = sbi_ipi_event_create(&rvt_ipi_ops);
	if (ret < 0)
		return ret;
	rvt_event = ret;

	rvt_plat.name = "opensbi";
	rvt_plat.nr_harts = n;
	if (rvt_osbi_on_qemu(scratch))
		rvt_plat.quirks = RVT_PLAT_QUIRK_REFETCH;
	rvt_plat.send_ipi = rvt_osbi_send_ipi;
	rvt_plat.irq_save = rvt_osbi_irq_save;
	rvt_plat.irq_restore = rvt_osbi_irq_restore;
	rvt_plat.yield = rvt_osbi_yield;
	/* OpenSBI's choice of clock (sbi_timer_init()), made once here. */
	rvt_timer = sbi_timer_get_device();
	if (rvt_timer)
		rvt_plat.clock_hz = rvt_timer->timer_freq;
	if (sbi_hart_has_extension(scratch, SBI_HART_EXT_ZICNTR)) {
		/* The time CSR, as the library reads it for S-mode. */
		rvt_plat.clock = rvt_platform_sbi.clock;
		rvt_plat.fast |= RVT_PLAT_FAST_TIME;
	} else if (rvt_timer && rvt_timer->timer_value) {
		rvt_plat.clock = rvt_osbi_mtime;
	} else {
		rvt_plat.clock_hz = 0;
	}
	return rvt_osbi_index_init();
}

/*
 * On the boot hart, from sbi_ecall_init(): after final_init(cold), before
 * any other hart is released from sbi_hsm_hart_wait(), where the harts of
 * OpenSBI 1.5 and later wait (running only the files rvtrace.mk leaves out)
 * while rvt_init() arms the sites. A failure leaves OpenSBI as it was,
 * without the extension; it never stops the boot.
 */
static int rvt_osbi_register(void)
{
	int ret = rvt_osbi_setup();

	if (ret) {
		sbi_printf("rvtrace: not started (%d)\n", ret);
		return 0;
	}
	rvt_osbi_chain_platform();
	ret = rvt_init(&rvt_plat);
	if (ret < 0) {
		sbi_printf("rvtrace: rvt_init: %s\n", rvt_strerror(ret));
		return 0;
	}
	sbi_printf("rvtrace: %d sites, %u harts, hart index %s, clock %s "
		   "%lu Hz,%s SBI extension 0x%lx\n", ret, rvt_plat.nr_harts,
		   rvt_plat.fast & RVT_PLAT_FAST_MHARTID ? "mhartid" : "scratch",
		   !rvt_plat.clock ? "none" :
		   rvt_plat.clock == rvt_platform_sbi.clock ? "time CSR" : "mtime",
		   (unsigned long)rvt_plat.clock_hz,
		   rvt_plat.quirks & RVT_PLAT_QUIRK_REFETCH ?
			   " QEMU (sites stored again after rounds)," : "",
		   RVT_SBI_EXT_ID);
	ret = sbi_ecall_register_extension(&rvt_opensbi_ecall);
	if (ret)
		sbi_printf("rvtrace: extension not registered (%d)\n", ret);
	return 0;
}
