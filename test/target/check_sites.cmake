# SPDX-License-Identifier: BSD-2-Clause
#
# cmake/check-sites.cmake against small images whose tables it must judge
# (cmake -P): one site off the boundary and one on it, the table in each
# order, linked with rvtrace.ld and with rvtrace_rodata.ld inside a
# script's own read-only section (where the table has no section of its
# own), and once with padding in the table. STRICT=ON, so that a finding
# fails the check and its message says which.
#
#   cmake -DAS=... -DLD=... -DOBJCOPY=... -DOBJDUMP=... -DNM=... -DALIGN=4|8
#         -DPOINTER=4|8 -DSOURCE_DIR=... -DWORK_DIR=... -P check_sites.cmake
cmake_minimum_required(VERSION 3.21)

foreach(var AS LD OBJCOPY OBJDUMP NM ALIGN POINTER SOURCE_DIR WORK_DIR)
	if(NOT DEFINED ${var})
		message(FATAL_ERROR "check_sites: -D${var}=... is missing")
	endif()
endforeach()
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})

if(POINTER EQUAL 8)
	set(arch -march=rv64i -mabi=lp64)
	set(emulation elf64lriscv)
	set(entry .quad)
else()
	set(arch -march=rv32i -mabi=ilp32)
	set(emulation elf32lriscv)
	set(entry .word)
endif()

# odd starts 6 bytes in, off any boundary rvtrace needs; even 16 bytes in.
function(image name order script)
	file(WRITE ${WORK_DIR}/${name}.S "\t.text
\t.globl _start
\t.balign 16
_start:\t.space 6
odd:\t.space 10
even:\t.space 4
\t.section .rodata, \"a\"
\t.balign 8
\t.space 8
\t.section __patchable_function_entries, \"aw\", @progbits
\t.balign ${POINTER}
\t${entry} ${order}
")
	execute_process(COMMAND ${AS} ${arch} -o ${name}.o ${name}.S
		WORKING_DIRECTORY ${WORK_DIR} COMMAND_ERROR_IS_FATAL ANY)
	execute_process(COMMAND ${LD} -m ${emulation} --no-warn-rwx-segments
		-L${SOURCE_DIR}/linker -T ${script} -o ${name}.elf ${name}.o
		WORKING_DIRECTORY ${WORK_DIR} COMMAND_ERROR_IS_FATAL ANY)
endfunction()

file(WRITE ${WORK_DIR}/writable.ld "SECTIONS
{
\t. = 0x80000000;
\t.text : { *(.text) }
\tINCLUDE rvtrace.ld
}
")
file(WRITE ${WORK_DIR}/readonly.ld "MEMORY
{
\tRAM (w) : ORIGIN = 0x80200000, LENGTH = 1M
\tCODE (x) : ORIGIN = 0x80000000, LENGTH = 1M
\tROM (r) : ORIGIN = 0x80100000, LENGTH = 1M
}
SECTIONS
{
\t.text : { *(.text) } > CODE
\t.rodata : { *(.rodata) INCLUDE rvtrace_rodata.ld } > ROM
\t.rvtrace.bss (NOLOAD) : { INCLUDE rvtrace_bss.ld } > RAM
}
")
# The table after 8 bytes of read-only data, its part aligned to 16.
file(READ ${WORK_DIR}/readonly.ld script)
string(REPLACE ".rodata : {" ".rodata : SUBALIGN(16) {" script "${script}")
file(WRITE ${WORK_DIR}/subalign.ld "${script}")

# check <image> <what it must say: "", or regexes the message must match>
function(check name)
	execute_process(COMMAND ${CMAKE_COMMAND} -DELF=${name}.elf
		-DOBJCOPY=${OBJCOPY} -DOBJDUMP=${OBJDUMP} -DNM=${NM}
		-DALIGN=${ALIGN} -DPOINTER=${POINTER} -DSTRICT=ON
		-P ${SOURCE_DIR}/cmake/check-sites.cmake
		WORKING_DIRECTORY ${WORK_DIR}
		RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
	string(REGEX REPLACE "[ \t\n]+" " " out "${out}")
	if(NOT ARGN AND NOT rc EQUAL 0)
		message(FATAL_ERROR "check_sites: ${name}: flagged: ${out}")
	endif()
	if(ARGN AND rc EQUAL 0)
		message(FATAL_ERROR "check_sites: ${name}: not flagged")
	endif()
	foreach(want IN LISTS ARGN)
		if(NOT out MATCHES "${want}")
			message(FATAL_ERROR
				"check_sites: ${name}: no \"${want}\" in: ${out}")
		endif()
	endforeach()
	if(name MATCHES "writable|in_order" AND out MATCHES "RVT_EROFS")
		message(FATAL_ERROR "check_sites: ${name}: RVT_EROFS: ${out}")
	endif()
	message(STATUS "check_sites: ${name}: as expected")
endfunction()

set(misaligned "1 of 2 patch sites .* do not start on a ${ALIGN}-byte boundary")
set(order "RVT_EROFS")

image(writable "odd, even" writable.ld)
check(writable ${misaligned} "first: 0x0*80000006")
image(readonly_misaligned_first "odd, even" readonly.ld)
check(readonly_misaligned_first ${misaligned} ${order} "0x0*80000010 comes too late")
image(readonly_in_order "even, odd" readonly.ld)
check(readonly_in_order ${misaligned})
image(readonly_aligned_unsorted "even, _start" readonly.ld)
check(readonly_aligned_unsorted ${order} "0x0*80000000 comes too late")
image(readonly_good "_start, even" readonly.ld)
check(readonly_good)
image(readonly_padded "_start, even" subalign.ld)
check(readonly_padded "entries of the read-only site table .* are 0")

# A tool that cannot read the image: a warning, and never a failed link.
execute_process(COMMAND ${CMAKE_COMMAND} -DELF=readonly_good.elf
	-DOBJCOPY=${WORK_DIR}/no-such-objcopy -DOBJDUMP=${OBJDUMP} -DNM=${NM}
	-DALIGN=${ALIGN} -DPOINTER=${POINTER}
	-P ${SOURCE_DIR}/cmake/check-sites.cmake
	WORKING_DIRECTORY ${WORK_DIR}
	RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0 OR NOT out MATCHES "holds its site table")
	message(FATAL_ERROR "check_sites: unreadable image: ${rc}: ${out}")
endif()
message(STATUS "check_sites: unreadable image: warned")
