# SPDX-License-Identifier: BSD-2-Clause
#
# cmake -DFUZZER=rvtrace-fuzz -DWORK=dir -DSEEDS=corpus -P fuzz-run.cmake
#
# The short fuzz run of the test suite: from the seed corpus alone (a fresh
# working corpus each time), with a fixed seed and number of runs, so that it
# explores the same inputs on every machine and a failure reproduces.
file(REMOVE_RECURSE ${WORK}/fuzz-corpus)
file(MAKE_DIRECTORY ${WORK}/fuzz-corpus)
execute_process(COMMAND ${FUZZER} -seed=1 -runs=150000 -timeout=10
		-rss_limit_mb=2048 -print_final_stats=1
		-artifact_prefix=${WORK}/fuzz-
		${WORK}/fuzz-corpus ${SEEDS}
	RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
	message(FATAL_ERROR "rvtrace-fuzz failed (${rc}); the input is in ${WORK}/fuzz-*")
endif()
