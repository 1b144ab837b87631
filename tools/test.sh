#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
#
# Build and test every CMake preset: host unit tests and the firmware tests
# of each RISC-V configuration under QEMU. Keeps going after a failure and
# ends with one line "N passed, M failed"; exits non-zero if anything failed.
#
#   bash tools/test.sh [--quick] [-j N] [PRESET...]
#
#   --quick   only host, rv64imac-gcc and rv32ima-clang
#   -j N      parallel build and test jobs (default: $RVTRACE_JOBS or nproc)
#   PRESET    only these configure presets
#
# Each preset builds in build/<preset>; its full log is build/logs/<preset>.log.
set -euo pipefail

usage() {
	sed -n '8,14s/^# \{0,1\}//p' "$0"
}

quick=0
jobs=${RVTRACE_JOBS:-}
selected=()
while (($#)); do
	case $1 in
	--quick) quick=1 ;;
	-j) jobs=${2:?-j needs a number}; shift ;;
	-j*) jobs=${1#-j} ;;
	--jobs=*) jobs=${1#--jobs=} ;;
	-h | --help) usage; exit 0 ;;
	-*) echo "test.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
	*) selected+=("$1") ;;
	esac
	shift
done
source "$(dirname "${BASH_SOURCE[0]}")/jobs.sh"
settle_jobs test.sh

cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash tools/setup.sh

if ((${#selected[@]})); then
	presets=("${selected[@]}")
elif ((quick)); then
	presets=(host rv64imac-gcc rv32ima-clang)
else
	# Every configure preset, host first; the names are the quoted words.
	mapfile -t listed < <(cmake --list-presets=configure |
		sed -n 's/^ *"\([^"]*\)".*/\1/p')
	if ((${#listed[@]} == 0)); then
		echo "test.sh: cmake --list-presets listed no presets" >&2
		exit 1
	fi
	presets=(host)
	for p in "${listed[@]}"; do
		[[ "$p" == host ]] || presets+=("$p")
	done
fi

logdir=build/logs
mkdir -p "$logdir"

declare -A result passed failed elapsed
total_passed=0
total_failed=0

# Runs one step of a preset, appending its output to the preset's log.
step() {
	local log=$1
	shift
	printf '\n$ %s\n' "$*" >>"$log"
	"$@" >>"$log" 2>&1
}

# The decoder a RISC-V preset tests with: the host preset's, when this run
# built and tested it, instead of one more copy of the same program per
# preset; empty (the preset builds its own) otherwise.
shared_decoder() {
	local decoder=$PWD/build/host/tools/rvtrace-decode
	if [[ "${result[host]:-}" == ok && -x "$decoder" ]]; then
		echo "$decoder"
	fi
}

# Sets result/passed/failed of preset $1. A configure or build failure
# counts as one failed test: its tests could not run.
run_preset() {
	local p=$1 log=$logdir/$1.log line
	: >"$log"
	passed[$p]=0
	failed[$p]=0
	local configure=(cmake --preset "$p")
	[[ "$p" == host ]] ||
		configure+=("-DRVTRACE_HOST_DECODER=$(shared_decoder)")
	if ! step "$log" "${configure[@]}"; then
		result[$p]="configure failed"
		failed[$p]=1
		return
	fi
	if ! step "$log" cmake --build --preset "$p" --parallel "$jobs"; then
		result[$p]="build failed"
		failed[$p]=1
		return
	fi
	local rc=0
	step "$log" ctest --preset "$p" --parallel "$jobs" || rc=$?
	# "83% tests passed, 1 tests failed out of 6"
	line=$(grep -E '^[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' \
		"$log" | tail -n 1 || true)
	if [[ -n "$line" ]]; then
		local f t
		f=$(sed -E 's/.* ([0-9]+) tests? failed.*/\1/' <<<"$line")
		t=$(sed -E 's/.* out of ([0-9]+).*/\1/' <<<"$line")
		passed[$p]=$((t - f))
		failed[$p]=$f
	fi
	if ((rc == 0 && failed[$p] == 0)); then
		result[$p]=ok
	elif ((failed[$p] > 0)); then
		result[$p]="tests failed"
	else
		# ctest failed without failing a test: no tests, or a ctest error.
		result[$p]="ctest failed"
		failed[$p]=1
	fi
}

# Each failed test's result line and the output ctest printed after it
# (outputOnFailure), at most 80 lines each: a hang shows where it stopped.
failed_output() {
	awk '/\*\*\*(Failed|Timeout|Exception)|\*\*\*\*\*\*Exception/ { n = 80 }
	     /^ *Start +[0-9]+:/ || /^ *[0-9]+\/[0-9]+ Test +#/ { if (!/\*\*\*/) n = 0 }
	     n > 0 { print; n-- }' "$1"
}

start=$SECONDS
for p in "${presets[@]}"; do
	printf 'rvtrace test: %-20s ... ' "$p"
	t0=$SECONDS
	run_preset "$p"
	elapsed[$p]=$((SECONDS - t0))
	total_passed=$((total_passed + passed[$p]))
	total_failed=$((total_failed + failed[$p]))
	printf '%s (%d passed, %d failed, %ds)\n' "${result[$p]}" \
		"${passed[$p]}" "${failed[$p]}" "${elapsed[$p]}"
	if [[ "${result[$p]}" != ok ]]; then
		echo "---- what the failed tests printed ($logdir/$p.log) ----"
		failed_output "$logdir/$p.log"
		echo "---- last lines ----"
		tail -n 30 "$logdir/$p.log"
		echo "----"
	fi
done

echo
printf '%-20s %-17s %7s %7s %7s\n' preset result passed failed time
for p in "${presets[@]}"; do
	printf '%-20s %-17s %7d %7d %6ds\n' "$p" "${result[$p]}" \
		"${passed[$p]}" "${failed[$p]}" "${elapsed[$p]}"
done
printf '%-20s %-17s %7d %7d %6ds\n' total "" "$total_passed" \
	"$total_failed" $((SECONDS - start))
echo
echo "$total_passed passed, $total_failed failed"
((total_failed == 0))
