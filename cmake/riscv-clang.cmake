# SPDX-License-Identifier: BSD-2-Clause
# Debian's clang 14 with lld for bare metal, any XLEN.
include(${CMAKE_CURRENT_LIST_DIR}/riscv-common.cmake)

set(CMAKE_C_COMPILER clang)
set(CMAKE_ASM_COMPILER clang)
set(CMAKE_C_COMPILER_TARGET riscv${RVTRACE_XLEN}-unknown-elf)
set(CMAKE_ASM_COMPILER_TARGET riscv${RVTRACE_XLEN}-unknown-elf)
# lld 14 implements no RISC-V linker relaxation and rejects objects that ask
# for it.
set(CMAKE_C_FLAGS_INIT
	"-march=${RVTRACE_MARCH} -mabi=${RVTRACE_MABI} -mcmodel=medany -mno-relax")
set(CMAKE_ASM_FLAGS_INIT "${CMAKE_C_FLAGS_INIT}")
set(CMAKE_EXE_LINKER_FLAGS_INIT "-fuse-ld=lld")
