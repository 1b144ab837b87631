# SPDX-License-Identifier: BSD-2-Clause
#
# cmake -DLIB=librvtrace.a -DNM=... -DOBJDUMP=... -P check-freestanding.cmake
#
# The library must carry no patch site of its own and call nothing outside
# itself: its only undefined symbols are the ones linker/rvtrace.ld defines
# (or rvtrace_rodata.ld and rvtrace_bss.ld).
cmake_minimum_required(VERSION 3.21)
execute_process(COMMAND ${OBJDUMP} -h ${LIB} OUTPUT_VARIABLE sections
	COMMAND_ERROR_IS_FATAL ANY)
if(sections MATCHES "__patchable_function_entries")
	message(FATAL_ERROR "${LIB} has patch sites of its own")
endif()

execute_process(COMMAND ${NM} -u ${LIB} OUTPUT_VARIABLE undefined
	COMMAND_ERROR_IS_FATAL ANY)
execute_process(COMMAND ${NM} --defined-only ${LIB} OUTPUT_VARIABLE defined
	COMMAND_ERROR_IS_FATAL ANY)
string(REGEX MATCHALL "[ \t]U[ \t]+[^\n]+" refs "${undefined}")
set(allowed __rvt_sites_start __rvt_sites_end __rvt_sites_ro_end
	__rvt_site_state
	__rvt_site_state_end __rvt_names_start __rvt_names_end
	__rvt_build_id_start __rvt_build_id_end)
set(bad)
foreach(ref IN LISTS refs)
	string(REGEX REPLACE ".*U[ \t]+" "" sym "${ref}")
	if(sym IN_LIST allowed OR defined MATCHES "[ \t][A-Za-z][ \t]+${sym}\n")
		continue()
	endif()
	list(APPEND bad ${sym})
endforeach()
if(bad)
	list(REMOVE_DUPLICATES bad)
	message(FATAL_ERROR "${LIB} needs symbols from outside: ${bad}")
endif()
message(STATUS "${LIB}: no sites, no outside symbols")
