# SPDX-License-Identifier: BSD-2-Clause
# Debian's riscv64-unknown-elf-gcc (GCC 12) for bare metal, any XLEN.
include(${CMAKE_CURRENT_LIST_DIR}/riscv-common.cmake)

set(CMAKE_C_COMPILER riscv64-unknown-elf-gcc)
set(CMAKE_ASM_COMPILER riscv64-unknown-elf-gcc)
# -misa-spec=2.2 keeps csr* and fence.i in the base ISA without spelling out
# _zicsr_zifencei, which picolibc's multilib lookup does not understand.
set(CMAKE_C_FLAGS_INIT
	"-march=${RVTRACE_MARCH} -mabi=${RVTRACE_MABI} -misa-spec=2.2 -mcmodel=medany")
set(CMAKE_ASM_FLAGS_INIT "${CMAKE_C_FLAGS_INIT}")
