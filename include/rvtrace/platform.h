/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The porting layer: what rvtrace needs from the firmware it runs in.
 */
#ifndef RVTRACE_PLATFORM_H
#define RVTRACE_PLATFORM_H

#include <stddef.h>
#include <stdint.h>

/* struct rvt_platform.sync_timeout_us: no timeout, wait for every hart. */
#define RVT_SYNC_WAIT_FOREVER	0xffffffffu

struct rvt_platform {
	const char *name;
	/*
	 * Harts are numbered 0 .. nr_harts - 1; nr_harts is at most the
	 * RVTRACE_MAX_HARTS the library was built with (default 64). Give
	 * the harts this machine has (rvt_fdt_nr_harts()), not the most the
	 * platform could have: each number gets an equal share of a trace
	 * buffer whether or not a hart ever comes online, a dump lists them
	 * all (the decoder's "#P:"), and the trampoline's fast entries open
	 * only once every one of them is online.
	 */
	unsigned int nr_harts;
	/* The calling hart's number. Must not be instrumented. */
	unsigned int (*hart_index)(void);
	/*
	 * Raise the software interrupt of hart; its handler calls
	 * rvt_handle_ipi(). Used for every change when remote_fence_i is NULL,
	 * and for destination changes otherwise. rvtrace executes "fence w,o"
	 * after storing its request and before this call, so a plain store to
	 * the interrupt's MMIO register (ACLINT MSIP) is enough; an
	 * implementation that goes through memory first (a queue, an SBI
	 * call) must keep its own stores before the device write the same way.
	 */
	int (*send_ipi)(unsigned int hart);
	/*
	 * Lower the calling hart's software interrupt; NULL where the
	 * firmware's own handler does it (the interrupt is shared) before it
	 * calls rvt_handle_ipi(). Either way rvt_handle_ipi() executes
	 * "fence o,r" after it and before reading its request, so a request
	 * stored after the clear raises the interrupt again, never before the
	 * clear wipes it.
	 */
	void (*clear_ipi)(void);
	/*
	 * Optional: make every hart set in mask (bit i of word i / XLEN =
	 * hart i, i < nr_harts) execute fence.i, returning when they all have
	 * (SBI remote_fence_i).
	 */
	int (*remote_fence_i)(const unsigned long *mask, unsigned int nr_harts);
	/*
	 * Store len bytes (4, or sizeof(long) for an ops slot) at the naturally
	 * aligned text address dst with one single-copy-atomic store.
	 * NULL: a plain store. A non-zero return aborts the batch.
	 */
	int (*text_write)(void *dst, const void *src, size_t len);
	/* Timestamps: a free-running counter and its frequency (may be NULL/0). */
	uint64_t (*clock)(void);
	uint64_t clock_hz;
	/*
	 * How long a synchronisation round waits for the other online harts
	 * to acknowledge, in microseconds of clock: 0 for the default,
	 * RVTRACE_SYNC_TIMEOUT_US (10 s unless the library was built with
	 * another), or RVT_SYNC_WAIT_FOREVER. A timeout other than the
	 * default needs clock and clock_hz (RVT_EINVAL from rvt_init());
	 * without them the default is to wait for ever. A call whose round
	 * times out is undone and returns RVT_ETIMEDOUT (see rvt_register()).
	 * With remote_fence_i, the wait inside that call is the SBI's own.
	 */
	uint32_t sync_timeout_us;
	/*
	 * Mask interrupts on the calling hart, returning what to restore
	 * (required: the recorders hold it while they write an event, as
	 * does a hart coming online while it opens the fast entries). Must
	 * not be instrumented.
	 */
	unsigned long (*irq_save)(void);
	void (*irq_restore)(unsigned long flags);
	/*
	 * Optional: called over and over while a patching call or
	 * rvt_trace_off() waits for other harts or tasks (acknowledgements,
	 * callers leaving a removed hook, the patch lock, events being
	 * written). Under a preemptive RTOS it should let lower-priority tasks
	 * run (FreeRTOS: vTaskDelay(1)): a task preempted inside a hook, or
	 * holding the patch lock, on the waiting task's own hart can only
	 * finish then. NULL: spin (Zihintpause pause); a wait on a task of the
	 * same hart then ends only by the timeout (or RVT_EDEADLK for the
	 * lock). Only ever called at thread level, never from an interrupt.
	 */
	void (*yield)(void);
	/*
	 * Optional: what the hot path may read itself instead of calling
	 * hart_index and clock (RVT_PLAT_FAST_*). Only claim what holds on
	 * every hart: the CSR read must not trap.
	 */
	unsigned int fast;
	/*
	 * Where the platform departs from the ISA in a way rvtrace must work
	 * around (RVT_PLAT_QUIRK_*); 0 on conforming hardware.
	 */
	unsigned int quirks;
};

/* struct rvt_platform.fast: hart_index() returns mhartid (M-mode). */
#define RVT_PLAT_FAST_MHARTID	(1u << 0)
/* struct rvt_platform.fast: clock() returns the time CSR (rdtime). */
#define RVT_PLAT_FAST_TIME	(1u << 1)

/*
 * struct rvt_platform.quirks: fence.i does not stop a fetch that began
 * before the store it orders (QEMU's multi-threaded TCG translates
 * concurrently with it). After each synchronisation round, rvtrace stores
 * the word of every site that switched once more, with the same value:
 * every fetch that began before the round has ended by then.
 */
#define RVT_PLAT_QUIRK_REFETCH	(1u << 0)

/*
 * Arm every valid site (auipc t0 + nop) and make the calling hart online.
 * Runs on the boot hart while no other hart executes instrumented code; does
 * not rely on .bss having been cleared. Returns the number of usable sites
 * (sites out of the trampoline's reach are refused like mis-built ones),
 * RVT_EINVAL for an incomplete platform (or a sync_timeout_us without a
 * clock), RVT_EBUSY if already initialised,
 * RVT_EPERM if a text write failed (every site is then as built),
 * RVT_ENOSPC if the linker script reserved too little per-site state,
 * RVT_EROFS if the site table is read-only (linker/rvtrace_rodata.ld) but
 * has a refused entry before a usable one or is not in address order (every
 * site is then as built).
 */
int rvt_init(const struct rvt_platform *plat);

/*
 * How often a platform call of a synchronisation round (send_ipi,
 * remote_fence_i) failed, or a round that undid a timed-out call timed out
 * too. The change had been made (or undone); a hart that was not reached may
 * run stale code until its next fence.i.
 */
unsigned long rvt_sync_failures(void);

/*
 * How often undoing a refused or timed-out change could not be completed: a
 * site's word could not be written back (the text write failed, or the word
 * was no longer rvtrace's), or the wait for callers of the hook that was
 * unlinked again timed out (its memory may be reused only after
 * rvt_synchronize() returns 0).
 */
unsigned long rvt_undo_failures(void);

/* A secondary hart, before it runs instrumented code. */
void rvt_hart_online(void);

/*
 * A hart about to stop running instrumented code or taking interrupts
 * (hotplug, parking). A hart that stops answering without this makes every
 * later change time out (RVT_ETIMEDOUT), or wait for ever without a timeout.
 * Takes the patch lock: 0, RVT_EPERM before rvt_init(), RVT_EINVAL on a hart
 * not in the platform, RVT_EBUSY while a context of the hart is inside a
 * hook (from a hook, or from a handler that interrupted one: a grace
 * period could not see it any more), or the lock's RVT_EDEADLK or
 * RVT_ETIMEDOUT (the hart is then still online).
 */
int rvt_hart_offline(void);

/*
 * Call from the software-interrupt handler (after or instead of the
 * firmware's own IPI handling). Returns non-zero if rvtrace had asked for the
 * interrupt.
 */
int rvt_handle_ipi(void);

/*
 * Bracket trap handlers that may run instrumented code, so that hooks
 * interrupted on this hart can run again at the new level. Without them a
 * hook interrupted mid-way is not re-entered by the handler.
 *
 * In a handler so bracketed, the calls that change hooks (rvt_register()
 * and the rest of rvtrace/ops.h, the tracers' and profiler's start and
 * stop, triggers' add and remove, rvt_synchronize(), rvt_hart_offline())
 * return RVT_EDEADLK: they may wait for the context the handler
 * interrupted. The recording switch (rvt_trace_on/off), markers,
 * snapshots and rvt_handle_ipi() are allowed there.
 *
 * Events recorded in a bracketed handler belong to the hart's own context,
 * not to the task it interrupted (rvtrace/task.h). An rvt_irq_exit() without
 * its rvt_irq_enter() (a hart's first task started by a trap return, say)
 * does nothing; so do both before rvt_init() and on a hart not in the
 * platform.
 */
void rvt_irq_enter(void);
void rvt_irq_exit(void);

/*
 * What nr_harts should be for the flattened device tree fdt (the one QEMU,
 * a boot loader or an SBI hands the firmware in a1): 1 + the highest hart
 * ID among the /cpus nodes with device_type "cpu" and a status of "okay"
 * (or none), as hart_index() is the hart ID on these platforms. Returns it,
 * or RVT_EINVAL when fdt is not a device tree (version 17 or later) or
 * lists no hart. Reads only within the sizes the tree's header gives; may
 * be called before rvt_init() and from any hart.
 */
int rvt_fdt_nr_harts(const void *fdt);

/*
 * M-mode on QEMU virt: ACLINT MSWI software interrupts, mhartid, mtime.
 * Without a device tree it cannot know how many harts QEMU runs (virt
 * takes up to 512), so its nr_harts is a guess, 8: the trace buffer is
 * split 8 ways and the fast entries stay closed unless 8 harts come
 * online; and
 * it raises every hart's interrupt in the one ACLINT of a single socket
 * (MSIP of hart h at 0x02000000 + 4 * h). Use rvt_platform_virt_m_fdt()
 * where the firmware has the device tree.
 */
extern const struct rvt_platform rvt_platform_virt_m;

/*
 * rvt_platform_virt_m with nr_harts from the device tree fdt
 * (rvt_fdt_nr_harts()), copied into *plat, which must stay in place after
 * rvt_init(). It also reads which MSWI device serves which harts (QEMU
 * virt has one per socket: "riscv,clint0" CLINTs, or "riscv,aclint-mswi"
 * devices with aclint=on; at most 8, each serving consecutive hart IDs in
 * the order of its interrupts-extended), and from then on the send_ipi and
 * clear_ipi of rvt_platform_virt_m and of every copy of it use those
 * (send_ipi to a hart none serves: RVT_EINVAL); a tree that lists none
 * keeps the single socket's. Returns nr_harts, or RVT_EINVAL (*plat and
 * the devices unchanged) for a NULL plat, a tree without harts, or a
 * malformed list of devices. Call it before other harts take IPIs of
 * rvt_platform_virt_m (before rvt_init(), say).
 */
int rvt_platform_virt_m_fdt(struct rvt_platform *plat, const void *fdt);

/*
 * S-mode under an SBI implementation: SBI IPIs and RFENCE remote_fence_i,
 * the time CSR. It cannot know the calling hart's number nor how many harts
 * there are: copy it and set hart_index, and nr_harts (rvt_fdt_nr_harts() of
 * the device tree the SBI hands over in a1), before rvt_init().
 */
extern const struct rvt_platform rvt_platform_sbi;

#endif
