/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * rvtrace for FreeRTOS: the kernel's trace macros mapped onto rvtrace's RTOS
 * layer (rvtrace/rtos.h), so that each task keeps its own shadow stack and
 * its name in traces. Include it at the end of FreeRTOSConfig.h (the
 * settings it reads must be defined before it) and build
 * rvtrace_freertos.c into the firmware; README.md has the rest.
 *
 * Assembly that includes FreeRTOSConfig.h sees nothing of this file.
 */
#ifndef RVTRACE_FREERTOS_H
#define RVTRACE_FREERTOS_H

#ifndef __ASSEMBLER__

/*
 * The pool of task records (override before including): tasks traced at
 * once, the idle and timer tasks included, and the traced call depth each
 * can have (shadow frames of six words). A task beyond the pool still runs,
 * untraced by the graph tracer and the profiler, its events counted as the
 * hart's own.
 */
#ifndef RVT_FREERTOS_TASKS
#define RVT_FREERTOS_TASKS	16
#endif
#ifndef RVT_FREERTOS_FRAMES
#define RVT_FREERTOS_FRAMES	16
#endif

/*
 * The thread-local storage pointer of each TCB that holds its record; the
 * last one unless you say otherwise. configNUM_THREAD_LOCAL_STORAGE_POINTERS
 * must leave it to rvtrace.
 */
#if !defined(configNUM_THREAD_LOCAL_STORAGE_POINTERS) || \
	configNUM_THREAD_LOCAL_STORAGE_POINTERS < 1
#error "rvtrace_freertos.h: set configNUM_THREAD_LOCAL_STORAGE_POINTERS (1 or more) before including it"
#endif
#ifndef RVT_FREERTOS_TLS_INDEX
#define RVT_FREERTOS_TLS_INDEX	(configNUM_THREAD_LOCAL_STORAGE_POINTERS - 1)
#endif
#if RVT_FREERTOS_TLS_INDEX < 0 || \
	RVT_FREERTOS_TLS_INDEX >= configNUM_THREAD_LOCAL_STORAGE_POINTERS
#error "rvtrace_freertos.h: RVT_FREERTOS_TLS_INDEX is not a storage pointer of the TCB"
#endif

struct rvt_task;

/*
 * What the macros call (rvtrace_freertos.c): a new task's record (stored in
 * its TCB by traceTASK_CREATE), a deleted task's, the next task's.
 */
struct rvt_task *rvt_freertos_task_created(unsigned long number,
					   const char *name);
void rvt_freertos_task_deleted(struct rvt_task *record);
void rvt_freertos_task_switched_in(struct rvt_task *record);

/*
 * For the platform's yield member (struct rvt_platform): lets every
 * lower-priority task run (vTaskDelay(1)) while rvtrace waits, once the
 * scheduler runs; needs INCLUDE_vTaskDelay and INCLUDE_xTaskGetSchedulerState
 * (or configUSE_TIMERS).
 */
void rvt_freertos_yield(void);

/*
 * Called by the RISC-V port's trap entry and exit through
 * riscv/freertos_risc_v_chip_specific_extensions.h: rvt_irq_enter() and
 * rvt_irq_exit() around everything the trap handler runs.
 */
void rvt_freertos_irq_enter(void);
void rvt_freertos_irq_exit(void);

/*
 * What the macros read of a TCB, in tasks.c where its members are visible
 * (no kernel call from inside the scheduler): the task's record, and the
 * kernel's own number for the task (TaskStatus_t.xTaskNumber) where it
 * keeps one; otherwise rvtrace_freertos.c counts the tasks itself.
 */
#define RVT_FREERTOS_RECORD(tcb)					\
	((tcb)->pvThreadLocalStoragePointers[RVT_FREERTOS_TLS_INDEX])
#if defined(configUSE_TRACE_FACILITY) && configUSE_TRACE_FACILITY == 1
#define RVT_FREERTOS_TCB_NUMBER(tcb)	((unsigned long)(tcb)->uxTCBNumber)
#else
#define RVT_FREERTOS_TCB_NUMBER(tcb)	0UL
#endif

/*
 * The three hooks rvtrace needs. traceTASK_SWITCHED_OUT is left to you: the
 * task a hart switches away from is rvtrace's own per-hart bookkeeping. A
 * firmware that needs these macros for something else defines
 * RVT_FREERTOS_NO_MACROS and its own, each doing what the one here does as
 * well.
 */
#ifndef RVT_FREERTOS_NO_MACROS
#if defined(traceTASK_CREATE) || defined(traceTASK_DELETE) || \
	defined(traceTASK_SWITCHED_IN)
#error "rvtrace_freertos.h: a trace macro it defines is defined already (see RVT_FREERTOS_NO_MACROS)"
#endif

#define traceTASK_CREATE(pxNewTCB)					\
	(RVT_FREERTOS_RECORD(pxNewTCB) = rvt_freertos_task_created(	\
		RVT_FREERTOS_TCB_NUMBER(pxNewTCB), (pxNewTCB)->pcTaskName))
#define traceTASK_DELETE(pxTCB)						\
	rvt_freertos_task_deleted(RVT_FREERTOS_RECORD(pxTCB))
#define traceTASK_SWITCHED_IN()						\
	rvt_freertos_task_switched_in(RVT_FREERTOS_RECORD(pxCurrentTCB))
#endif

#endif /* __ASSEMBLER__ */
#endif
