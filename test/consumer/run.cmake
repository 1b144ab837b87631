# SPDX-License-Identifier: BSD-2-Clause
#
# One consumer test (cmake -P): configure and build the firmware project in
# fw/ as a user would, then boot it on QEMU virt; it passes when the firmware
# exits with status 0.
#
#   cmake -DMODE=add_subdirectory|find_package|install
#         -DRVTRACE_SOURCE_DIR=... -DRVTRACE_BINARY_DIR=... -DWORK_DIR=...
#         -DQEMU=... -P run.cmake
#
# find_package first installs RVTRACE_BINARY_DIR (already built) into
# WORK_DIR/prefix. install builds the library alone from the source tree
# with a toolchain file of its own (none of the project's variables, no
# QEMU, no tests), installs it, and then uses it as find_package does.
cmake_minimum_required(VERSION 3.21)

foreach(var MODE RVTRACE_SOURCE_DIR RVTRACE_BINARY_DIR WORK_DIR QEMU)
	if(NOT DEFINED ${var})
		message(FATAL_ERROR "consumer: -D${var}=... is missing")
	endif()
endforeach()

function(run what)
	message(STATUS "consumer: ${what}")
	execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc)
	if(NOT rc EQUAL 0)
		message(FATAL_ERROR "consumer: ${what} failed: ${rc}")
	endif()
endfunction()

# From scratch every time: a stale cache would hide a broken configure.
file(REMOVE_RECURSE ${WORK_DIR})
set(fw_build ${WORK_DIR}/fw)
set(args -G Ninja -S ${RVTRACE_SOURCE_DIR}/test/consumer/fw -B ${fw_build}
	-DCMAKE_BUILD_TYPE=Release)

set(prefix ${WORK_DIR}/prefix)
if(MODE STREQUAL "install")
	# What a user's own bare-metal toolchain file says, and nothing more.
	set(toolchain ${WORK_DIR}/my-riscv.cmake)
	file(WRITE ${toolchain} "set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR riscv)
set(CMAKE_C_COMPILER riscv64-unknown-elf-gcc)
set(CMAKE_ASM_COMPILER riscv64-unknown-elf-gcc)
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
set(CMAKE_C_FLAGS_INIT \"-march=rv64imac -mabi=lp64 -mcmodel=medany -misa-spec=2.2\")
set(CMAKE_ASM_FLAGS_INIT \"\${CMAKE_C_FLAGS_INIT}\")
")
	set(lib_build ${WORK_DIR}/rvtrace)
	run("configure the library alone" ${CMAKE_COMMAND} -G Ninja
		-S ${RVTRACE_SOURCE_DIR} -B ${lib_build}
		--toolchain ${toolchain} -DCMAKE_BUILD_TYPE=Release
		-DCMAKE_INSTALL_PREFIX=${prefix})
	run("build and install it" ${CMAKE_COMMAND} --build ${lib_build}
		--target install)
	if(EXISTS ${lib_build}/test OR EXISTS ${lib_build}/CTestTestfile.cmake)
		message(FATAL_ERROR "consumer: the library alone built tests")
	endif()
	execute_process(COMMAND riscv64-unknown-elf-objdump -h
		${prefix}/lib/librvtrace.a OUTPUT_VARIABLE sections)
	if(NOT sections MATCHES "debug_info")
		message(FATAL_ERROR "consumer: installed without debug information")
	endif()
endif()
if(MODE STREQUAL "find_package" OR MODE STREQUAL "install")
	if(MODE STREQUAL "find_package")
		run("install ${RVTRACE_BINARY_DIR} to ${prefix}"
			${CMAKE_COMMAND} --install ${RVTRACE_BINARY_DIR}
			--prefix ${prefix})
	endif()
	# Only the fresh install may satisfy find_package.
	list(APPEND args -DRVTRACE_USE_PACKAGE=ON -DCMAKE_PREFIX_PATH=${prefix}
		-DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
		-DCMAKE_FIND_USE_SYSTEM_PACKAGE_REGISTRY=OFF)
elseif(MODE STREQUAL "add_subdirectory")
	list(APPEND args -DRVTRACE_SOURCE_DIR=${RVTRACE_SOURCE_DIR})
else()
	message(FATAL_ERROR
		"consumer: MODE=${MODE}: add_subdirectory, find_package or install")
endif()

run("configure" ${CMAKE_COMMAND} ${args})
if(NOT MODE STREQUAL "add_subdirectory")
	file(STRINGS ${fw_build}/CMakeCache.txt found REGEX "^rvtrace_DIR:")
	if(NOT found MATCHES "=${prefix}/")
		message(FATAL_ERROR "consumer: found rvtrace elsewhere: ${found}")
	endif()
endif()
run("build" ${CMAKE_COMMAND} --build ${fw_build})

set(qemu ${QEMU} -machine virt -nographic -monitor none -bios none -smp 1
	-kernel ${fw_build}/fw.elf)
string(JOIN " " shown ${qemu})
message(STATUS "consumer: ${shown}")
execute_process(COMMAND ${qemu} INPUT_FILE /dev/null TIMEOUT 30
	RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
	message(FATAL_ERROR "consumer: firmware failed: ${rc}")
endif()
