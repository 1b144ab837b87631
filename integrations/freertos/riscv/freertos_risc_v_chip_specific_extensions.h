/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * rvtrace's bracketing of the FreeRTOS RISC-V port's trap handler
 * (portable/GCC/RISC-V), without changing the kernel: the port's
 * portContext.h includes this header by name, before the chip's own, when
 * this directory comes first on the assembler's include path. It includes
 * the chip's header (#include_next: the next directory of the path) under
 * other macro names and wraps its two register macros:
 *
 * - portasmSAVE_ADDITIONAL_REGISTERS, the last step of every trap entry
 *   (all registers saved, still on the task's stack): the chip's saving,
 *   then rvt_freertos_irq_enter();
 * - portasmRESTORE_ADDITIONAL_REGISTERS, the first step of every trap exit
 *   (the next task's stack chosen): rvt_freertos_irq_exit(), then the
 *   chip's restoring. The port also runs it once to start the first task,
 *   where the exit call does nothing.
 *
 * So the tick, the context switch and every interrupt and exception
 * handler, whatever they call, run between rvt_irq_enter() and
 * rvt_irq_exit(). The calls run on the interrupt stack (xISRStackTop, free
 * at both points), so task stacks need no room for them, and keep ra and t0,
 * which the port's code around the macros uses; t1 and the caller-saved
 * registers the port has saved or reloads afterwards.
 */
#ifndef RVTRACE_FREERTOS_RISC_V_EXTENSIONS_H
#define RVTRACE_FREERTOS_RISC_V_EXTENSIONS_H

#define portasmSAVE_ADDITIONAL_REGISTERS	rvt_chip_save_registers
#define portasmRESTORE_ADDITIONAL_REGISTERS	rvt_chip_restore_registers
#include_next "freertos_risc_v_chip_specific_extensions.h"
#undef portasmSAVE_ADDITIONAL_REGISTERS
#undef portasmRESTORE_ADDITIONAL_REGISTERS

.extern xISRStackTop
.extern rvt_freertos_irq_enter
.extern rvt_freertos_irq_exit

.macro rvt_freertos_call fn
	mv	t1, sp
	load_x	sp, xISRStackTop
	addi	sp, sp, -(4 * portWORD_SIZE)
	store_x	t1, 0(sp)
	store_x	t0, 1 * portWORD_SIZE(sp)
	store_x	ra, 2 * portWORD_SIZE(sp)
	call	\fn
	load_x	ra, 2 * portWORD_SIZE(sp)
	load_x	t0, 1 * portWORD_SIZE(sp)
	load_x	sp, 0(sp)
.endm

.macro portasmSAVE_ADDITIONAL_REGISTERS
	rvt_chip_save_registers
	rvt_freertos_call rvt_freertos_irq_enter
.endm

.macro portasmRESTORE_ADDITIONAL_REGISTERS
	rvt_freertos_call rvt_freertos_irq_exit
	rvt_chip_restore_registers
.endm

#endif
