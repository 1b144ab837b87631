# SPDX-License-Identifier: BSD-2-Clause
#
# Sourced by tools/test.sh and tools/bench.sh: settle_jobs NAME sets $jobs
# to the number of CPUs when it is empty, and stops the script when it is
# not a positive number.
settle_jobs() {
	if [[ -z "$jobs" ]]; then
		jobs=$(nproc 2>/dev/null || echo 2)
	fi
	if ! [[ "$jobs" =~ ^[1-9][0-9]*$ ]]; then
		echo "$1: -j wants a positive number, not '$jobs'" >&2
		exit 2
	fi
}
