# SPDX-License-Identifier: BSD-2-Clause
#
# The build-time half of rvt_init()'s site check (cmake -P): report the
# patch sites of a linked firmware that start off the boundary rvtrace
# needs, which rvt_init() would refuse. Run after every link of a target
# given to rvtrace_instrument().
#
#   cmake -DELF=fw.elf -DOBJCOPY=... -DALIGN=4|8 -DPOINTER=4|8
#         [-DSTRICT=ON] -P check-sites.cmake
#
# A warning names how many and the first few; STRICT=ON makes it an error.
# A position-independent image holds its table only after relocation (all
# entries 0 here): nothing to check.
cmake_minimum_required(VERSION 3.21)

foreach(var ELF OBJCOPY ALIGN POINTER)
	if(NOT DEFINED ${var})
		message(FATAL_ERROR "check-sites: -D${var}=... is missing")
	endif()
endforeach()

# --dump-section, which GNU objcopy and llvm-objcopy both have (llvm-objcopy
# will not drop the other sections for --only-section); the copy it must
# write is thrown away. A firmware without sites has no section: nothing
# to check, and a failure here never fails the build.
set(table ${ELF}.sites)
execute_process(COMMAND ${OBJCOPY}
	--dump-section __patchable_function_entries=${table} ${ELF}
	${ELF}.sites-copy
	RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE err)
file(REMOVE ${ELF}.sites-copy)
if(NOT rc EQUAL 0 OR NOT EXISTS ${table})
	if(NOT err MATCHES "__patchable_function_entries")
		message(WARNING "check-sites: ${OBJCOPY} failed on ${ELF}: ${err}")
	endif()
	return()
endif()
file(READ ${table} hex HEX)
file(REMOVE ${table})

string(LENGTH "${hex}" len)
math(EXPR step "${POINTER} * 2")
set(total 0)
set(bad 0)
set(first)
set(pos 0)
while(pos LESS len)
	# Little-endian: the low byte comes first.
	string(SUBSTRING "${hex}" ${pos} 2 low)
	math(EXPR pos "${pos} + ${step}")
	math(EXPR total "${total} + 1")
	math(EXPR rem "0x${low} % ${ALIGN}")
	if(NOT rem EQUAL 0)
		math(EXPR bad "${bad} + 1")
		list(LENGTH first n)
		if(n LESS 5)
			math(EXPR at "${pos} - ${step}")
			string(SUBSTRING "${hex}" ${at} ${step} entry)
			list(APPEND first ${entry})
		endif()
	endif()
endwhile()

if(bad EQUAL 0)
	return()
endif()
set(addrs)
foreach(entry IN LISTS first)
	# Bytes back to an address, highest first.
	set(addr)
	string(LENGTH "${entry}" n)
	while(n GREATER 0)
		math(EXPR n "${n} - 2")
		string(SUBSTRING "${entry}" ${n} 2 byte)
		string(APPEND addr ${byte})
	endwhile()
	list(APPEND addrs 0x${addr})
endforeach()
list(JOIN addrs ", " addrs)
string(CONCAT msg "rvtrace: ${bad} of ${total} patch sites of ${ELF} do not start on a "
	"${ALIGN}-byte boundary, and rvt_init() will refuse them (first: "
	"${addrs}); with the site table read-only (rvtrace_rodata.ld), "
	"rvt_init() fails with RVT_EROFS unless they come last in it. "
	"GCC ignores -falign-functions at -Os and for cold "
	"functions: give the output section of your linker script that "
	"collects .text.* a SUBALIGN(${ALIGN}) (rvtrace_instrument() already "
	"compiles with -ffunction-sections).")
if(STRICT)
	message(FATAL_ERROR "${msg}")
endif()
message(WARNING "${msg}")
