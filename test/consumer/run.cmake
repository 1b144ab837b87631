# SPDX-License-Identifier: BSD-2-Clause
#
# One consumer test (cmake -P): configure and build the firmware project in
# fw/ as a user would, then boot it on QEMU virt; it passes when the firmware
# exits with status 0.
#
#   cmake -DMODE=add_subdirectory|find_package -DRVTRACE_SOURCE_DIR=...
#         -DRVTRACE_BINARY_DIR=... -DWORK_DIR=... -DQEMU=... -P run.cmake
#
# find_package first installs RVTRACE_BINARY_DIR (already built) into
# WORK_DIR/prefix.
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

if(MODE STREQUAL "find_package")
	set(prefix ${WORK_DIR}/prefix)
	run("install ${RVTRACE_BINARY_DIR} to ${prefix}"
		${CMAKE_COMMAND} --install ${RVTRACE_BINARY_DIR} --prefix ${prefix})
	# Only the fresh install may satisfy find_package.
	list(APPEND args -DRVTRACE_USE_PACKAGE=ON -DCMAKE_PREFIX_PATH=${prefix}
		-DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
		-DCMAKE_FIND_USE_SYSTEM_PACKAGE_REGISTRY=OFF)
elseif(MODE STREQUAL "add_subdirectory")
	list(APPEND args -DRVTRACE_SOURCE_DIR=${RVTRACE_SOURCE_DIR})
else()
	message(FATAL_ERROR
		"consumer: MODE=${MODE}: add_subdirectory or find_package")
endif()

run("configure" ${CMAKE_COMMAND} ${args})
if(MODE STREQUAL "find_package")
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
