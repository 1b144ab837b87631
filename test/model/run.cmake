# SPDX-License-Identifier: BSD-2-Clause
#
# One model test (cmake -P): generate the verifier from a model (.pml) with
# SPIN, compile it, search the whole state space, and judge the result.
#
#   cmake -DSPIN=... -DCC=... -DMODEL=.../coherence.pml -DWORK_DIR=...
#         [-DDEFINES=NAME,NAME...] -DEXPECT=verified|rejected
#         [-DASSERTION=regex] [-DUNREACHED=regex] -P run.cmake
#
# verified: no error, the search was complete, and the patcher ran to its
#           end (so the assertions after its calls were really reached):
#           every statement of proctype patcher was reached, except those
#           whose text matches UNREACHED (the branches that only a broken
#           protocol takes, such as the one that reports a stuck round);
#           its end must be reached in any case.
# rejected: SPIN found an error, wrote a trail, the violated assertion
#           matches ASSERTION, and the trail replays to that violation.
#           Every failure these models look for is an assertion (a round
#           that can never complete is one too: see ipi.pml), so a trail
#           always ends at a named assertion.
cmake_minimum_required(VERSION 3.21)

foreach(var SPIN CC MODEL WORK_DIR EXPECT)
	if(NOT DEFINED ${var})
		message(FATAL_ERROR "model: -D${var}=... is missing")
	endif()
endforeach()
if(NOT EXPECT MATCHES "^(verified|rejected)$")
	message(FATAL_ERROR "model: EXPECT=${EXPECT}: verified or rejected")
endif()
if(EXPECT STREQUAL "rejected" AND NOT DEFINED ASSERTION)
	message(FATAL_ERROR "model: EXPECT=rejected needs -DASSERTION=regex")
endif()

set(spin_defs)
string(REPLACE "," ";" DEFINES "${DEFINES}")
foreach(d IN LISTS DEFINES)
	list(APPEND spin_defs -D${d})
endforeach()

# Runs a command in WORK_DIR and leaves its output in "out". pan and a
# replay may end with a non-zero status when they found the error, so
# those two are judged by what they print (check_status OFF).
function(run what check_status)
	execute_process(COMMAND ${ARGN} WORKING_DIRECTORY ${WORK_DIR}
		RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
	if(check_status AND NOT rc EQUAL 0)
		message(FATAL_ERROR "model: ${what} failed (${rc}):\n${out}")
	endif()
	if(NOT rc MATCHES "^[0-9]+$")
		message(FATAL_ERROR "model: ${what} did not run: ${rc}")
	endif()
	set(out "${out}" PARENT_SCOPE)
endfunction()

# A copy in a fresh directory: pan writes its trail beside the model it was
# generated from, and an old trail must not pass for a new one.
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})
get_filename_component(name ${MODEL} NAME)
file(COPY ${MODEL} DESTINATION ${WORK_DIR})

run("spin -a" ON ${SPIN} ${spin_defs} -a ${name})
# Breadth-first: a counterexample is a shortest one. No partial-order
# reduction: the state space is small enough to search in full without it.
# -w: the generated verifier draws warnings that are not ours to fix.
run("compiling pan" ON ${CC} -O1 -w -DBFS -DNOREDUCE -o pan pan.c)
run("pan" OFF ./pan -w22)
message("${out}")

string(REGEX MATCH "errors: ([0-9]+)" m "${out}")
if(NOT m)
	message(FATAL_ERROR "model: pan printed no error count")
endif()
set(errors ${CMAKE_MATCH_1})

if(EXPECT STREQUAL "verified")
	if(NOT errors EQUAL 0)
		message(FATAL_ERROR "model: ${errors} error(s); replay with "
			"spin ${spin_defs} -t ${name} in ${WORK_DIR}")
	endif()
	if(NOT out MATCHES "Full statespace search" OR
	   out MATCHES "Search not completed")
		message(FATAL_ERROR "model: the search was not complete")
	endif()
	# The statements listed under it, up to its "(n of m states)".
	string(REGEX MATCH "unreached in proctype patcher(\n\t[^(\n][^\n]*)*"
		block "${out}")
	if(NOT block)
		message(FATAL_ERROR "model: pan printed no unreached list "
			"for proctype patcher")
	endif()
	string(REPLACE "\n" ";" lines "${block}")
	list(REMOVE_AT lines 0)
	foreach(line IN LISTS lines)
		string(REGEX MATCH "\"(.*)\"$" m "${line}")
		set(stmt "${CMAKE_MATCH_1}")
		if(NOT m OR stmt STREQUAL "-end-" OR NOT DEFINED UNREACHED OR
		   NOT stmt MATCHES "${UNREACHED}")
			message(FATAL_ERROR "model: part of the patcher was never "
				"reached (its calls did not all return):${line}")
		endif()
	endforeach()
	message("model: verified, no errors")
	return()
endif()

if(errors LESS 1)
	message(FATAL_ERROR "model: SPIN found no error in a model that "
		"has one (${DEFINES})")
endif()
if(NOT EXISTS ${WORK_DIR}/${name}.trail)
	message(FATAL_ERROR "model: pan reported an error but wrote no trail")
endif()
string(REGEX MATCH "assertion violated [^\n]*" violated "${out}")
if(NOT violated MATCHES "${ASSERTION}")
	message(FATAL_ERROR "model: expected a violation of ${ASSERTION}, "
		"got: ${violated}")
endif()
run("spin -t" OFF ${SPIN} ${spin_defs} -t ${name})
message("${out}")
if(NOT out MATCHES "Error: assertion violated")
	message(FATAL_ERROR "model: the trail does not replay to the violation")
endif()
message("model: rejected as it must be: ${violated}")
