/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * QEMU virt board support for rvtrace's examples and tests: start-up of every
 * hart, console, exit codes. Not part of the library; firmware brings its own.
 */
#ifndef RVT_VIRT_BOARD_H
#define RVT_VIRT_BOARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rvtrace/rvtrace.h>

#include "board_layout.h"

/* The firmware's entry on the boot hart; its return value is the exit code. */
int main(void);

/* This hart's number (its hart ID) and how many harts the machine has. */
unsigned int board_hart_index(void);
unsigned int board_nr_harts(void);

/*
 * rvt_platform_virt_m in M-mode, rvt_platform_sbi filled in in S-mode; with
 * nr_harts = board_nr_harts() either way.
 */
const struct rvt_platform *board_platform(void);

/* The device tree QEMU (M-mode) or OpenSBI (S-mode) handed the boot hart. */
const void *board_fdt(void);

/*
 * Run fn(hart, arg) on every hart but the boot hart, each after
 * rvt_hart_online(); returns at once. board_wait_others() waits for them.
 */
void board_run_others(void (*fn)(unsigned int hart, void *arg), void *arg);
void board_wait_others(void);
/* The same without rvt_hart_online(): fn may call it, or never. */
void board_run_others_offline(void (*fn)(unsigned int hart, void *arg),
			      void *arg);

/* printf that keeps lines of different harts apart. */
int board_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * An rvt_write_fn for the console (dumps, chunks, reports): the bytes as
 * they are, kept apart from other harts' output like board_printf().
 */
int board_console_write(void *ctx, const void *buf, size_t len);

/* Stop QEMU with this exit status (0 = pass). */
__attribute__((noreturn)) void board_exit(int code);

/* Instructions retired by this hart (exact under qemu -icount shift=0). */
uint64_t board_instret(void);

/* Software interrupts this hart has taken (rvtrace sync rounds, wake-ups). */
unsigned long board_soft_interrupts(void);

/*
 * Raise a timer interrupt on this hart after ticks of the 10 MHz clock. The
 * trap vector turns it off, then calls board_timer_interrupt() between
 * rvt_irq_enter() and rvt_irq_exit(); that may set it again.
 */
void board_timer_set(uint64_t ticks);
void board_timer_interrupt(void);

/*
 * M-mode: a synchronous trap the board does not expect (a test's debug
 * trigger, say) goes here first; true if the test handled it, and the
 * trapping instruction runs again. The trap vector saves its frame on the
 * interrupted sp, as OpenSBI's does. Default: false (the run ends).
 */
bool board_trap_other(unsigned long cause, unsigned long epc,
		      unsigned long tval);

/* Internal to the board, shared by its files. */
void board_boot(unsigned int hart, const void *fdt);
void board_secondary(unsigned int hart);
void board_trap(unsigned long cause, unsigned long epc, unsigned long tval);
void board_console_init(void);
void board_mode_boot(unsigned int boot_hart, unsigned int nr_harts);
void board_wake(unsigned int hart);
void board_idle(void);
void board_tls_init(char *block);
void board_count_soft_interrupt(void);
void board_timer_handle(void);
void board_irq_enable(void);
void board_irq_disable(void);

#endif
