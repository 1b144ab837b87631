# SPDX-License-Identifier: BSD-2-Clause
#
# Firmware for QEMU virt and CTest entries that boot it: used by rvtrace's own
# tests, examples and benchmarks (a firmware with its own start-up needs none
# of this).
#
#   rvtrace_virt_firmware(<name> MODE m|s|m-pie SOURCES ... [NO_INSTRUMENT]
#                         [NAMES] [TABLE_RO] [LIBRARIES ...]
#                         [DEFINITIONS ...])
#   rvtrace_virt_test(<name> SOURCES ... [MODES m s m-pie] [HARTS 1 4]
#                     [LABELS ...] [QEMU_ARGS ...] [TIMEOUT s] [NO_INSTRUMENT]
#                     [NAMES] [TABLE_RO] [LIBRARIES ...] [DEFINITIONS ...]
#                     [LEAN_HARTS n])
#   rvtrace_virt_sockets(<var> <harts> <sockets>): QEMU_ARGS for sockets
#   rvtrace_virt_run(<name> <firmware> <mode> <harts> TIMEOUT s [LABELS ...]
#                    [QEMU_ARGS ...]): one more run of a test's firmware
#
# NAMES embeds the function names (rvtrace_embed_names()). TABLE_RO (M-mode
# only) links the site table with the read-only data (virt-m-rodata.ld).
#
# RVTRACE_TEST_LEAN (set by most presets): each test runs in every mode but
# on its first HARTS only (LEAN_HARTS: on these). The multi-hart matrix
# stays with the full presets, which between them run it on every ISA, with
# both compilers and both dispatch layouts (README, Presets).
#
# A test passes when its firmware exits with status 0 (board_exit()).
# m-pie is M-mode as a static PIE linked at 0, loaded at 0x80000000 as a flat
# image; only tests that ask for it run that way, with clang/lld on rv64.

find_program(RVTRACE_QEMU qemu-system-riscv${RVTRACE_XLEN} REQUIRED)
set(RVTRACE_OPENSBI_FW_JUMP
	/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin
	CACHE FILEPATH "OpenSBI fw_jump for S-mode firmware")

# S-mode needs an OpenSBI of the same XLEN; Debian ships only the 64-bit one.
set(RVTRACE_VIRT_MODES m)
if(RVTRACE_XLEN EQUAL 64 AND EXISTS ${RVTRACE_OPENSBI_FW_JUMP})
	list(APPEND RVTRACE_VIRT_MODES s)
endif()

# A static PIE needs lld (GNU ld's bare-metal RISC-V target has no -pie) and
# a C library built for any address (picolibc's rv32 multilibs are not).
if(CMAKE_C_COMPILER_ID STREQUAL "GNU")
	set(RVTRACE_COMPILER gcc)
else()
	set(RVTRACE_COMPILER clang)
	if(RVTRACE_XLEN EQUAL 64)
		list(APPEND RVTRACE_VIRT_MODES m-pie)
	endif()
endif()
set(RVTRACE_CONFIG_NAME ${RVTRACE_MARCH}-${RVTRACE_COMPILER})
if(RVTRACE_CALL_OPS)
	string(APPEND RVTRACE_CONFIG_NAME -ops)
endif()

# picolibc for the board's stdio: GCC through its specs file; clang with the
# same multilib, found through GCC.
add_library(rvtrace_picolibc INTERFACE)
if(RVTRACE_COMPILER STREQUAL "gcc")
	target_compile_options(rvtrace_picolibc INTERFACE --specs=picolibc.specs)
	target_link_options(rvtrace_picolibc INTERFACE
		--specs=picolibc.specs -nostartfiles)
else()
	set(gcc_args -march=${RVTRACE_MARCH} -mabi=${RVTRACE_MABI} -misa-spec=2.2)
	execute_process(COMMAND riscv64-unknown-elf-gcc ${gcc_args}
		-print-multi-directory
		OUTPUT_VARIABLE multilib OUTPUT_STRIP_TRAILING_WHITESPACE
		COMMAND_ERROR_IS_FATAL ANY)
	execute_process(COMMAND riscv64-unknown-elf-gcc ${gcc_args}
		-print-libgcc-file-name
		OUTPUT_VARIABLE libgcc OUTPUT_STRIP_TRAILING_WHITESPACE
		COMMAND_ERROR_IS_FATAL ANY)
	set(picolibc /usr/lib/picolibc/riscv64-unknown-elf)
	target_compile_options(rvtrace_picolibc INTERFACE
		-isystem ${picolibc}/include -ftls-model=local-exec)
	target_link_options(rvtrace_picolibc INTERFACE -nostdlib)
	target_link_libraries(rvtrace_picolibc INTERFACE
		${picolibc}/lib/${multilib}/libc.a ${libgcc})
endif()

function(rvtrace_virt_firmware name)
	cmake_parse_arguments(FW "NO_INSTRUMENT;NAMES;TABLE_RO" "MODE"
		"SOURCES;LIBRARIES;DEFINITIONS" ${ARGN})
	set(script virt-${FW_MODE}.ld)
	if(FW_TABLE_RO)
		if(NOT FW_MODE STREQUAL "m")
			message(FATAL_ERROR "${name}: TABLE_RO is for mode m only")
		endif()
		set(script virt-m-rodata.ld)
	endif()
	add_executable(${name} ${FW_SOURCES})
	set_target_properties(${name} PROPERTIES SUFFIX .elf)
	string(REPLACE "-" "_" board ${FW_MODE})
	target_link_libraries(${name} PRIVATE ${FW_LIBRARIES}
		rvtrace_virt_${board} rvtrace::rvtrace rvtrace_picolibc)
	target_compile_definitions(${name} PRIVATE ${FW_DEFINITIONS}
		$<$<BOOL:${RVTRACE_CALL_OPS}>:RVT_TEST_CALL_OPS>)
	target_compile_options(${name} PRIVATE -Wall -Wextra -Werror)
	target_link_options(${name} PRIVATE
		-T${PROJECT_SOURCE_DIR}/linker/${script}
		-Wl,--gc-sections
		$<$<C_COMPILER_ID:GNU>:-Wl,--no-warn-rwx-segments>)
	if(FW_MODE STREQUAL "m-pie")
		# Hidden: a static PIE binds its own symbols, weak ones too (no PLT).
		target_compile_options(${name} PRIVATE -fPIE -fvisibility=hidden)
		target_link_options(${name} PRIVATE
			-Wl,-pie -Wl,--no-dynamic-linker -Wl,-z,text
			-Wl,-z,norelro)
		add_custom_command(TARGET ${name} POST_BUILD
			COMMAND ${CMAKE_OBJCOPY} -O binary $<TARGET_FILE:${name}>
				$<TARGET_FILE_DIR:${name}>/${name}.bin)
	endif()
	set_property(TARGET ${name} APPEND PROPERTY LINK_DEPENDS
		${PROJECT_SOURCE_DIR}/linker/${script}
		${PROJECT_SOURCE_DIR}/linker/virt-image.ld
		${PROJECT_SOURCE_DIR}/linker/virt-code.ld
		${PROJECT_SOURCE_DIR}/linker/virt-data.ld
		${PROJECT_SOURCE_DIR}/linker/virt-ram.ld
		${PROJECT_SOURCE_DIR}/linker/rvtrace.ld
		${PROJECT_SOURCE_DIR}/linker/rvtrace_rodata.ld
		${PROJECT_SOURCE_DIR}/linker/rvtrace_ids.ld
		${PROJECT_SOURCE_DIR}/linker/rvtrace_bss.ld)
	if(NOT FW_NO_INSTRUMENT)
		rvtrace_instrument(${name})
	endif()
	if(FW_NAMES)
		rvtrace_embed_names(${name})
	endif()
endfunction()

# fw is the firmware target; the image is its ELF, or for m-pie its flat copy.
function(rvtrace_virt_command out mode harts fw)
	set(image -kernel $<TARGET_FILE:${fw}>)
	set(bios none)
	if(mode STREQUAL "s")
		set(bios ${RVTRACE_OPENSBI_FW_JUMP})
	elseif(mode STREQUAL "m-pie")
		set(image -device
			loader,file=$<TARGET_FILE_DIR:${fw}>/${fw}.bin,addr=0x80000000)
	endif()
	set(${out} ${RVTRACE_QEMU} -machine virt -nographic -monitor none
		-m 256M -smp ${harts} -bios ${bios} ${image} PARENT_SCOPE)
endfunction()

# QEMU arguments for a virt machine of harts harts in sockets sockets (one
# NUMA node each, with its share of the 256 MiB; sockets divides both).
function(rvtrace_virt_sockets out harts sockets)
	math(EXPR per "${harts} / ${sockets}")
	math(EXPR mem "256 / ${sockets}")
	math(EXPR all_harts "${per} * ${sockets}")
	math(EXPR all_mem "${mem} * ${sockets}")
	if(per LESS 1 OR NOT all_harts EQUAL harts OR NOT all_mem EQUAL 256)
		message(FATAL_ERROR
			"${harts} harts do not split into ${sockets} sockets")
	endif()
	set(args)
	math(EXPR last "${sockets} - 1")
	foreach(s RANGE ${last})
		math(EXPR lo "${s} * ${per}")
		math(EXPR hi "${lo} + ${per} - 1")
		list(APPEND args -object memory-backend-ram,size=${mem}M,id=m${s}
			-numa node,cpus=${lo}-${hi},memdev=m${s})
	endforeach()
	set(${out} ${args} PARENT_SCOPE)
endfunction()

# One test: firmware fw in mode on harts harts, named <name>/<mode>/<harts>h.
function(rvtrace_virt_run name fw mode harts)
	cmake_parse_arguments(T "" "TIMEOUT" "LABELS;QEMU_ARGS" ${ARGN})
	set(test ${RVTRACE_CONFIG_NAME}:${name}/${mode}/${harts}h)
	rvtrace_virt_command(cmd ${mode} ${harts} ${fw})
	add_test(NAME ${test} COMMAND ${cmd} ${T_QEMU_ARGS})
	set_tests_properties(${test} PROPERTIES TIMEOUT ${T_TIMEOUT}
		LABELS "target;${mode}mode;${T_LABELS}")
endfunction()

function(rvtrace_virt_test name)
	cmake_parse_arguments(T "NO_INSTRUMENT;NAMES;TABLE_RO" "TIMEOUT;LEAN_HARTS"
		"SOURCES;MODES;HARTS;LABELS;QEMU_ARGS;LIBRARIES;DEFINITIONS"
		${ARGN})
	if(NOT T_MODES)
		set(T_MODES m s)
	endif()
	if(NOT T_HARTS)
		set(T_HARTS 1 4)
	endif()
	if(RVTRACE_TEST_LEAN)
		if(T_LEAN_HARTS)
			set(T_HARTS ${T_LEAN_HARTS})
		else()
			list(GET T_HARTS 0 T_HARTS)
		endif()
	endif()
	if(NOT T_TIMEOUT)
		set(T_TIMEOUT 60)
	endif()
	set(fwopts)
	if(T_NO_INSTRUMENT)
		list(APPEND fwopts NO_INSTRUMENT)
	endif()
	if(T_NAMES)
		list(APPEND fwopts NAMES)
	endif()
	if(T_TABLE_RO)
		list(APPEND fwopts TABLE_RO)
	endif()
	foreach(mode IN LISTS T_MODES)
		if(NOT mode IN_LIST RVTRACE_VIRT_MODES)
			continue()
		endif()
		set(fw ${name}-${mode})
		rvtrace_virt_firmware(${fw} MODE ${mode} ${fwopts}
			SOURCES ${T_SOURCES} LIBRARIES ${T_LIBRARIES}
			DEFINITIONS ${T_DEFINITIONS})
		foreach(harts IN LISTS T_HARTS)
			rvtrace_virt_run(${name} ${fw} ${mode} ${harts}
				TIMEOUT ${T_TIMEOUT} LABELS ${T_LABELS}
				QEMU_ARGS ${T_QEMU_ARGS})
		endforeach()
	endforeach()
endfunction()
