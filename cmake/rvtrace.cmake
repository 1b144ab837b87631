# SPDX-License-Identifier: BSD-2-Clause
#
# rvtrace_instrument(<target>): compile <target>'s C sources with a patchable
# function entry fit for rvtrace (DESIGN.md section 1). The layout depends on
# whether the code uses the C extension, which is read from the compiler with
# the flags in effect (CMAKE_C_FLAGS, the build type's flags and the target's
# own COMPILE_OPTIONS), and on RVTRACE_CALL_OPS (the per-function ops slot),
# which must match the library.

include_guard(GLOBAL)
include(CheckCSourceCompiles)


function(_rvtrace_has_c_extension out target)
	string(TOUPPER "${CMAKE_BUILD_TYPE}" build_type)
	set(flags "${CMAKE_C_FLAGS} ${CMAKE_C_FLAGS_${build_type}}")
	get_target_property(opts ${target} COMPILE_OPTIONS)
	if(opts)
		foreach(opt IN LISTS opts)
			if(NOT opt MATCHES "\\$<")
				string(APPEND flags " ${opt}")
			endif()
		endforeach()
	endif()
	string(MD5 key "${CMAKE_C_COMPILER}${flags}")
	set(var "RVTRACE_RVC_${key}")
	set(CMAKE_REQUIRED_FLAGS "${flags}")
	set(CMAKE_REQUIRED_QUIET ON)
	set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
	check_c_source_compiles("
#ifndef __riscv_compressed
#error no C extension
#endif
int rvtrace_probe;" ${var})
	set(${out} ${${var}} PARENT_SCOPE)
endfunction()

function(rvtrace_instrument target)
	if(NOT TARGET ${target})
		message(FATAL_ERROR "rvtrace_instrument: no target '${target}'")
	endif()
	_rvtrace_has_c_extension(rvc ${target})
	if(rvc AND RVTRACE_CALL_OPS)
		set(pfe -fpatchable-function-entry=8,4 -falign-functions=8)
	elseif(rvc)
		set(pfe -fpatchable-function-entry=4 -falign-functions=4)
	elseif(RVTRACE_CALL_OPS)
		set(pfe -fpatchable-function-entry=4,2 -falign-functions=8)
	else()
		set(pfe -fpatchable-function-entry=2)
	endif()
	# A section per function, which the linker script can align (SUBALIGN)
	# where the compiler does not: GCC ignores -falign-functions at -Os and
	# for cold functions.
	target_compile_options(${target} PRIVATE
		$<$<COMPILE_LANGUAGE:C>:${pfe} -ffunction-sections>)
	get_target_property(type ${target} TYPE)
	if(type STREQUAL "EXECUTABLE")
		# An identity of the image for its dumps (linker/rvtrace.ld), and
		# the ring layout descriptor (lib/ring_layout.c), which nothing
		# refers to, for host tools that read the rings from memory.
		target_link_options(${target} PRIVATE -Wl,--build-id=sha1
			-Wl,--undefined=rvt_ring_layout)
	endif()
	if(type STREQUAL "EXECUTABLE" AND
	   NOT (CMAKE_OBJCOPY AND CMAKE_OBJDUMP AND CMAKE_NM))
		message(WARNING "rvtrace_instrument(${target}): CMake found no "
			"objcopy, objdump or nm, so the link's site check "
			"(check-sites.cmake) does not run")
	elseif(type STREQUAL "EXECUTABLE")
		if(RVTRACE_CALL_OPS)
			set(align 8)
		else()
			set(align 4)
		endif()
		add_custom_command(TARGET ${target} POST_BUILD
			COMMAND ${CMAKE_COMMAND} -DELF=$<TARGET_FILE:${target}>
				-DOBJCOPY=${CMAKE_OBJCOPY}
				-DOBJDUMP=${CMAKE_OBJDUMP} -DNM=${CMAKE_NM}
				-DALIGN=${align}
				-DPOINTER=${CMAKE_SIZEOF_VOID_P}
				-P ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/check-sites.cmake
			VERBATIM)
	endif()
endfunction()

# rvtrace_embed_names(<target>): link the firmware <target> with the names of
# its functions (rvtrace/names.h), by linking twice (rvtrace-names.cmake).
function(rvtrace_embed_names target)
	if(NOT TARGET ${target})
		message(FATAL_ERROR "rvtrace_embed_names: no target '${target}'")
	endif()
	get_target_property(type ${target} TYPE)
	if(NOT type STREQUAL "EXECUTABLE")
		message(FATAL_ERROR
			"rvtrace_embed_names: '${target}' is not an executable")
	endif()
	if(NOT CMAKE_NM)
		message(FATAL_ERROR "rvtrace_embed_names: CMake found no nm")
	endif()
	set_target_properties(${target} PROPERTIES C_LINKER_LAUNCHER
		"${CMAKE_COMMAND};-DRVTRACE_NM=${CMAKE_NM};-P;${CMAKE_CURRENT_FUNCTION_LIST_DIR}/rvtrace-names.cmake;--")
endfunction()
