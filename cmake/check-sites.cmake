# SPDX-License-Identifier: BSD-2-Clause
#
# The build-time half of rvt_init()'s site check (cmake -P): report the
# patch sites of a linked firmware that start off the boundary rvtrace
# needs, which rvt_init() would refuse, and a read-only site table
# (linker/rvtrace_rodata.ld) that is out of the order rvt_init() needs,
# which it would refuse with RVT_EROFS, or holds padding. Run after every
# link of a target given to rvtrace_instrument().
#
#   cmake -DELF=fw.elf -DOBJCOPY=... -DOBJDUMP=... -DNM=... -DALIGN=4|8
#         -DPOINTER=4|8 [-DSTRICT=ON] -P check-sites.cmake
#
# A warning names how many and the first few; STRICT=ON makes it an error.
# A position-independent image holds its table only after relocation (all
# entries 0 here): nothing to check.
cmake_minimum_required(VERSION 3.21)

foreach(var ELF OBJCOPY OBJDUMP NM ALIGN POINTER)
	if(NOT DEFINED ${var})
		message(FATAL_ERROR "check-sites: -D${var}=... is missing")
	endif()
endforeach()

# The table's bounds, from the symbols every fragment of linker/ defines
# (the table may have no section of its own). A firmware without them has
# no sites: nothing to check, and nothing here ever fails the build but
# STRICT.
execute_process(COMMAND ${NM} ${ELF} OUTPUT_VARIABLE syms ERROR_QUIET)
foreach(bound start end ro_end)
	if(NOT syms MATCHES "([0-9a-fA-F]+) [A-Za-z] __rvt_sites_${bound}\n")
		return()
	endif()
	set(hex ${CMAKE_MATCH_1})
	# CMake's arithmetic is signed 64-bit: leave the top half alone.
	if(hex MATCHES "^[89a-fA-F].{15}$")
		return()
	endif()
	math(EXPR ${bound} "0x${hex}")
endforeach()
math(EXPR bytes "${end} - ${start}")
if(bytes LESS_EQUAL 0)
	return()
endif()

# The section that holds it (objdump -h: index, name, size, address), read
# with --dump-section, which GNU objcopy and llvm-objcopy both have
# (llvm-objcopy will not drop the other sections for --only-section); the
# copy it must write is thrown away. A section without contents (.tbss)
# may span the same addresses: it does not dump, and the next one is tried.
execute_process(COMMAND ${OBJDUMP} -h ${ELF} OUTPUT_VARIABLE headers
	ERROR_VARIABLE err)
string(REGEX MATCHALL "\n *[0-9]+ +[^ \n]+ +[0-9a-fA-F]+ +[0-9a-fA-F]+"
	rows "${headers}")
set(dump ${ELF}.sites)
set(offset "")
foreach(row IN LISTS rows)
	string(REGEX MATCH "[0-9]+ +([^ \n]+) +([0-9a-fA-F]+) +([0-9a-fA-F]+)"
		row "${row}")
	set(name ${CMAKE_MATCH_1})
	set(size ${CMAKE_MATCH_2})
	set(vma ${CMAKE_MATCH_3})
	if(vma MATCHES "^[89a-fA-F].{15}$")
		continue()
	endif()
	math(EXPR lo "0x${vma}")
	math(EXPR hi "0x${vma} + 0x${size}")
	if(lo GREATER start OR hi LESS end)
		continue()
	endif()
	execute_process(COMMAND ${OBJCOPY} --dump-section ${name}=${dump}
		${ELF} ${ELF}.sites-copy
		RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE err)
	file(REMOVE ${ELF}.sites-copy)
	if(rc EQUAL 0 AND EXISTS ${dump})
		math(EXPR offset "${start} - ${lo}")
		break()
	endif()
endforeach()
if(offset STREQUAL "")
	message(WARNING "check-sites: no section of ${ELF} that ${OBJCOPY} "
		"could read holds its site table (${err})")
	return()
endif()
file(READ ${dump} hex OFFSET ${offset} LIMIT ${bytes} HEX)
file(REMOVE ${dump})

# Each entry as an address, highest byte first (little-endian in the image),
# all in one replace: at one width, strings compare as the addresses do.
if(POINTER EQUAL 8)
	string(REGEX REPLACE "(..)(..)(..)(..)(..)(..)(..)(..)"
		"\\8\\7\\6\\5\\4\\3\\2\\1;" entries "${hex}")
else()
	string(REGEX REPLACE "(..)(..)(..)(..)" "\\4\\3\\2\\1;" entries
		"${hex}")
endif()
string(REGEX REPLACE ";$" "" entries "${entries}")
math(EXPR low_at "${POINTER} * 2 - 2")
set(total 0)
set(bad 0)
set(zeros 0)
set(first)
set(disorder)
set(prev)
foreach(addr IN LISTS entries)
	math(EXPR total "${total} + 1")
	if(addr MATCHES "^0+$")
		# Relocated at run time (rvtrace.ld), or padding.
		math(EXPR zeros "${zeros} + 1")
		continue()
	endif()
	string(SUBSTRING "${addr}" ${low_at} 2 low)
	math(EXPR rem "0x${low} % ${ALIGN}")
	if(NOT rem EQUAL 0)
		math(EXPR bad "${bad} + 1")
		list(LENGTH first n)
		if(n LESS 5)
			list(APPEND first 0x${addr})
		endif()
	elseif(NOT disorder AND (bad GREATER 0 OR "${addr}" STRLESS "${prev}"))
		# rvt_init() needs the usable entries first, by address.
		set(disorder 0x${addr})
	else()
		set(prev ${addr})
	endif()
endforeach()

set(msgs)
if(bad GREATER 0)
	list(JOIN first ", " addrs)
	string(CONCAT msg "rvtrace: ${bad} of ${total} patch sites of ${ELF} "
		"do not start on a ${ALIGN}-byte boundary, and rvt_init() will "
		"refuse them (first: ${addrs}). GCC ignores -falign-functions at "
		"-Os and for cold functions: give the output section of your "
		"linker script that collects .text.* a SUBALIGN(${ALIGN}) "
		"(rvtrace_instrument() already compiles with "
		"-ffunction-sections).")
	list(APPEND msgs "${msg}")
endif()
if(ro_end EQUAL end AND zeros GREATER 0)
	string(CONCAT msg "rvtrace: ${zeros} of ${total} entries of the "
		"read-only site table of ${ELF} are 0, which rvt_init() would take "
		"for sites: padding, from a SUBALIGN on the output section that "
		"holds rvtrace_rodata.ld (give it a section of its own), or a "
		"position-independent image, which relocates its table (link it "
		"with rvtrace.ld).")
	list(APPEND msgs "${msg}")
endif()
if(ro_end EQUAL end AND disorder)
	string(CONCAT msg "rvtrace: the site table of ${ELF} "
		"is read-only (rvtrace_rodata.ld) but not in the order rvt_init() "
		"needs, the sites it accepts first and by address (${disorder} "
		"comes too late): rvt_init() will fail with RVT_EROFS. Align the "
		"sites, or link with rvtrace.ld, whose table it may sort.")
	list(APPEND msgs "${msg}")
endif()
if(NOT msgs)
	return()
endif()
list(JOIN msgs " " msg)
if(STRICT)
	message(FATAL_ERROR "${msg}")
endif()
message(WARNING "${msg}")
