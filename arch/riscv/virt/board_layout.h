/* SPDX-License-Identifier: BSD-2-Clause */
/* Per-hart memory of the virt board, shared by start.S and the linker script. */
#ifndef RVT_VIRT_BOARD_LAYOUT_H
#define RVT_VIRT_BOARD_LAYOUT_H

/* The most harts the board starts: the library's RVTRACE_MAX_HARTS. */
#ifndef BOARD_MAX_HARTS
#error "BOARD_MAX_HARTS comes from the build (cmake: RVTRACE_MAX_HARTS)"
#endif
#define BOARD_STACK_SHIFT	15	/* 32 KiB per hart */
#define BOARD_TLS_SHIFT		8	/* 256 bytes of thread-local data */

#endif
