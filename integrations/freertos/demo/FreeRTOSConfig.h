/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The demo's kernel configuration: QEMU virt, M-mode, one hart, a 1 kHz
 * tick from the ACLINT's mtime (10 MHz).
 */
#ifndef FREERTOS_CONFIG_H
#define FREERTOS_CONFIG_H

/* QEMU virt's ACLINT: mtime, and mtimecmp of hart 0. */
#define configMTIME_BASE_ADDRESS		(0x2000000UL + 0xbff8UL)
#define configMTIMECMP_BASE_ADDRESS		(0x2000000UL + 0x4000UL)
/* The port counts mtime at this rate, not the core's clock. */
#define configCPU_CLOCK_HZ			10000000UL
#define configTICK_RATE_HZ			1000
#define configISR_STACK_SIZE_WORDS		1024

#define configUSE_PREEMPTION			1
#define configUSE_TIME_SLICING			1
#define configUSE_PORT_OPTIMISED_TASK_SELECTION	0
#define configMAX_PRIORITIES			6
#define configMINIMAL_STACK_SIZE		512
#define configMAX_TASK_NAME_LEN			16
#define configUSE_16_BIT_TICKS			0
#define configIDLE_SHOULD_YIELD			1
#define configSUPPORT_DYNAMIC_ALLOCATION	1
#define configSUPPORT_STATIC_ALLOCATION		0
#define configTOTAL_HEAP_SIZE			(96 * 1024)
#define configUSE_IDLE_HOOK			0
#define configUSE_TICK_HOOK			1
#define configUSE_MUTEXES			1
#define configUSE_COUNTING_SEMAPHORES		1
#define configQUEUE_REGISTRY_SIZE		0
#define configCHECK_FOR_STACK_OVERFLOW		2
#define configUSE_MALLOC_FAILED_HOOK		1

#define configUSE_TIMERS			1
#define configTIMER_TASK_PRIORITY		3
#define configTIMER_QUEUE_LENGTH		8
#define configTIMER_TASK_STACK_DEPTH		768

/* rvtrace: task numbers in traces, and a storage pointer for its record. */
#define configUSE_TRACE_FACILITY		1
#define configNUM_THREAD_LOCAL_STORAGE_POINTERS	1

#define INCLUDE_vTaskDelay			1
#define INCLUDE_vTaskDelete			1
#define INCLUDE_xTaskGetSchedulerState		1
#define INCLUDE_uxTaskGetStackHighWaterMark	1

#ifndef __ASSEMBLER__
void demo_assert(const char *file, int line);
#define configASSERT(x)						\
	do {								\
		if (!(x))						\
			demo_assert(__FILE__, __LINE__);		\
	} while (0)
#endif

/* Records for eight tasks: oneshot2 gets the one oneshot gave back. */
#define RVT_FREERTOS_TASKS			8
#include "rvtrace_freertos.h"

#endif
