/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef RVT_ARCH_BARRIER_H
#define RVT_ARCH_BARRIER_H

/* Full fence: orders every earlier access before every later one. */
#define rvt_mb()	__asm__ __volatile__("fence rw, rw" ::: "memory")
/* Stores before later stores; loads before later loads. */
#define rvt_wmb()	__asm__ __volatile__("fence w, w" ::: "memory")
#define rvt_rmb()	__asm__ __volatile__("fence r, r" ::: "memory")
/*
 * Device output (a software interrupt raised or cleared through MMIO) against
 * memory: "fence rw,rw" orders memory accesses only.
 */
#define rvt_fence_w_o()	__asm__ __volatile__("fence w, o" ::: "memory")
#define rvt_fence_o_r()	__asm__ __volatile__("fence o, r" ::: "memory")
/*
 * The compiler's order only: against this hart's own interrupt handler,
 * program order is all there is to keep (C11's signal fence).
 */
#define rvt_barrier()	__atomic_signal_fence(__ATOMIC_SEQ_CST)
/* Make this hart's instruction fetch see earlier stores to text. */
#define rvt_fence_i()	__asm__ __volatile__("fence.i" ::: "memory")
/* Spin-wait hint (Zihintpause "pause"; a harmless fence where unsupported). */
#define rvt_cpu_relax()	__asm__ __volatile__(".word 0x0100000f" ::: "memory")

#define RVT_READ_ONCE(x)	__atomic_load_n(&(x), __ATOMIC_RELAXED)
#define RVT_WRITE_ONCE(x, v)	__atomic_store_n(&(x), (v), __ATOMIC_RELAXED)

#endif
