# SPDX-License-Identifier: BSD-2-Clause
#
# The link step of a target given to rvtrace_embed_names(), run as
#   cmake -DRVTRACE_NM=<nm> -P rvtrace-names.cmake -- <link command>
# It links once, writes the names of the functions in the result into an
# assembly file (section .rvtrace.names, read by lib/names.c), assembles it
# with the link command's compiler and target flags, and links again with
# it. linker/rvtrace.ld places the table after the code, so the code does
# not move; the second link is checked for that, and the build fails if a
# linker script put the table before code.

set(cmd)
set(seen_sep FALSE)
math(EXPR last "${CMAKE_ARGC} - 1")
foreach(i RANGE 1 ${last})
	if(seen_sep)
		list(APPEND cmd "${CMAKE_ARGV${i}}")
	elseif(CMAKE_ARGV${i} STREQUAL "--")
		set(seen_sep TRUE)
	endif()
endforeach()
list(FIND cmd "-o" o_at)
if(NOT cmd OR o_at LESS 0)
	message(FATAL_ERROR "rvtrace-names: no link command with -o after --")
endif()
math(EXPR o_at "${o_at} + 1")
list(GET cmd ${o_at} out)
list(GET cmd 0 compiler)

# The names table of an ELF file, as assembly, from nm's function symbols.
function(names_asm elf result)
	execute_process(COMMAND ${RVTRACE_NM} -n --defined-only ${elf}
		OUTPUT_VARIABLE syms RESULT_VARIABLE rc)
	if(rc)
		message(FATAL_ERROR "rvtrace-names: ${RVTRACE_NM} failed on ${elf}")
	endif()
	string(REPLACE "\n" ";" lines "${syms}")
	set(anchor)
	set(addrs)
	set(names)
	set(last_addr)
	foreach(line IN LISTS lines)
		if(NOT line MATCHES "^([0-9a-fA-F]+) [TtWw] ([^ ]+)$")
			continue()
		endif()
		set(addr ${CMAKE_MATCH_1})
		set(name ${CMAKE_MATCH_2})
		if(name STREQUAL "rvt_init")
			set(anchor ${addr})
		endif()
		# Local labels and mapping symbols are not functions; the first of
		# several names at one address wins.
		if(name MATCHES "^(\\$|\\.L)" OR addr STREQUAL last_addr)
			continue()
		endif()
		set(last_addr ${addr})
		list(APPEND addrs ${addr})
		list(APPEND names ${name})
	endforeach()
	if(NOT anchor)
		message(FATAL_ERROR "rvtrace-names: ${elf} has no rvt_init")
	endif()
	list(LENGTH names count)
	math(EXPR anchor_v "0x${anchor}")
	math(EXPR name_at "8 + ${count} * 8")
	set(entries)
	set(strings)
	foreach(addr name IN ZIP_LISTS addrs names)
		math(EXPR off "0x${addr} - ${anchor_v}")
		string(APPEND entries "\t.word ${off}, ${name_at}\n")
		string(APPEND strings "\t.asciz \"${name}\"\n")
		string(LENGTH "${name}" len)
		math(EXPR name_at "${name_at} + ${len} + 1")
	endforeach()
	set(text "\t.section .rvtrace.names,\"a\"\n\t.balign 4\n")
	string(APPEND text "\t.ascii \"RVTN\"\n\t.word ${count}\n")
	string(APPEND text "${entries}${strings}")
	set(${result} "${text}" PARENT_SCOPE)
endfunction()

execute_process(COMMAND ${cmd} RESULT_VARIABLE rc)
if(rc)
	message(FATAL_ERROR "rvtrace-names: link failed")
endif()
names_asm(${out} table)
file(WRITE ${out}.names.s "${table}")

# Assemble with the compiler and the flags that choose the target and ABI.
set(asm_flags)
set(take_next FALSE)
foreach(arg IN LISTS cmd)
	if(take_next)
		list(APPEND asm_flags "${arg}")
		set(take_next FALSE)
	elseif(arg MATCHES "^(-m|--target=|--sysroot=|--gcc-toolchain=)")
		list(APPEND asm_flags "${arg}")
	elseif(arg STREQUAL "-target")
		list(APPEND asm_flags "${arg}")
		set(take_next TRUE)
	endif()
endforeach()
execute_process(COMMAND ${compiler} ${asm_flags} -c ${out}.names.s
	-o ${out}.names.o RESULT_VARIABLE rc)
if(rc)
	message(FATAL_ERROR "rvtrace-names: assembling ${out}.names.s failed")
endif()

list(INSERT cmd 1 ${out}.names.o)
execute_process(COMMAND ${cmd} RESULT_VARIABLE rc)
if(rc)
	message(FATAL_ERROR "rvtrace-names: link with names failed")
endif()
names_asm(${out} check)
if(NOT check STREQUAL table)
	file(REMOVE ${out})
	message(FATAL_ERROR "rvtrace-names: functions moved when the names "
		"were added to ${out}; the linker script must place "
		"INCLUDE rvtrace.ld after the code")
endif()
