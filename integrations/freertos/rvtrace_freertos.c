// SPDX-License-Identifier: BSD-2-Clause
/*
 * rvtrace for FreeRTOS: what the trace macros of rvtrace_freertos.h call.
 * A task's record (rvtrace/rtos.h) lives in a pool here; the macros keep it
 * in a thread-local storage pointer of the task's TCB. Everything here runs
 * in the scheduler or in the trap path, where a patch site must not be:
 * each function is RVT_NOTRACE, even in a file built with
 * rvtrace_instrument().
 */
#include "FreeRTOS.h"
#include "task.h"

#include "rvtrace_freertos.h"

#include <rvtrace/compiler.h>
#include <rvtrace/platform.h>
#include <rvtrace/rtos.h>

/* V10 has no SMP kernel: one core. */
#ifndef configNUMBER_OF_CORES
#define configNUMBER_OF_CORES	1
#endif
#if configNUMBER_OF_CORES > 1
#define this_core()	((unsigned int)portGET_CORE_ID())
#else
#define this_core()	0u
#endif

RVT_RTOS_POOL(rvt_freertos_pool, RVT_FREERTOS_TASKS, RVT_FREERTOS_FRAMES);

/* Task numbers of our own, for a kernel without configUSE_TRACE_FACILITY. */
static unsigned long tasks_created;

/* Whether this core's trap entry called rvt_irq_enter() (see irq_exit). */
static unsigned char in_trap[configNUMBER_OF_CORES];

/*
 * In prvAddNewTaskToReadyList(), inside the kernel's critical section,
 * before the task first runs. Before rvt_init() the record is NULL: the task
 * then runs as the pool's spare.
 */
RVT_NOTRACE struct rvt_task *rvt_freertos_task_created(unsigned long number,
							const char *name)
{
	if (!number)
		number = __atomic_add_fetch(&tasks_created, 1,
					    __ATOMIC_RELAXED);
	return rvt_rtos_created(&rvt_freertos_pool, (uint32_t)number, name);
}

/*
 * In vTaskDelete(), inside its critical section. A task deleting itself
 * still runs: rvt_rtos_deleted() then frees its record when its hart
 * switches away.
 */
RVT_NOTRACE void rvt_freertos_task_deleted(struct rvt_task *record)
{
	if (record)
		rvt_rtos_deleted(&rvt_freertos_pool, record);
}

/*
 * In vTaskSwitchContext() once the next task is chosen (in the trap handler,
 * or under the kernel's locks in SMP), and once in vTaskStartScheduler()
 * with interrupts masked. A task without a record runs as the pool's spare,
 * never as NULL: that is the hart's own context, whose shadow stack such
 * tasks would then share with each other.
 */
RVT_NOTRACE void rvt_freertos_task_switched_in(struct rvt_task *record)
{
	rvt_rtos_switched_in(&rvt_freertos_pool,
			     record ? record : &rvt_freertos_pool.spare);
}

#if INCLUDE_vTaskDelay == 1 && \
	(INCLUDE_xTaskGetSchedulerState == 1 || configUSE_TIMERS == 1)
RVT_NOTRACE void rvt_freertos_yield(void)
{
	/* Before the scheduler runs (and while it is suspended) vTaskDelay()
	   must not be called: spin as without a yield. */
	if (xTaskGetSchedulerState() == taskSCHEDULER_RUNNING)
		vTaskDelay(1);
}
#endif

RVT_NOTRACE void rvt_freertos_irq_enter(void)
{
	in_trap[this_core()] = 1;
	rvt_irq_enter();
}

/*
 * The port also restores registers where no trap was taken, when it starts
 * the first task (xPortStartFirstTask): no rvt_irq_exit() then.
 */
RVT_NOTRACE void rvt_freertos_irq_exit(void)
{
	unsigned int core = this_core();

	if (in_trap[core]) {
		in_trap[core] = 0;
		rvt_irq_exit();
	}
}
