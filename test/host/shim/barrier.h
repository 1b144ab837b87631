/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Host stand-in for arch/riscv/barrier.h, found first on the include path of
 * the host tests. Same macros, host meanings: the full fence stays a real
 * fence, and fence.i becomes a call the test counts per hart, so a test can
 * see which hart synchronised its instruction fetch and when.
 */
#ifndef RVT_ARCH_BARRIER_H
#define RVT_ARCH_BARRIER_H

void rvt_test_fence_i(void);

#define rvt_mb()	__atomic_thread_fence(__ATOMIC_SEQ_CST)
#define rvt_wmb()	__atomic_thread_fence(__ATOMIC_RELEASE)
#define rvt_rmb()	__atomic_thread_fence(__ATOMIC_ACQUIRE)
#define rvt_barrier()	__atomic_signal_fence(__ATOMIC_SEQ_CST)
/* Device output is memory here: a full fence stands for both. */
#define rvt_fence_w_o()	__atomic_thread_fence(__ATOMIC_SEQ_CST)
#define rvt_fence_o_r()	__atomic_thread_fence(__ATOMIC_SEQ_CST)
#define rvt_fence_i()	rvt_test_fence_i()
#define rvt_cpu_relax()	do { } while (0)

#define RVT_READ_ONCE(x)	__atomic_load_n(&(x), __ATOMIC_RELAXED)
#define RVT_WRITE_ONCE(x, v)	__atomic_store_n(&(x), (v), __ATOMIC_RELAXED)

#endif
