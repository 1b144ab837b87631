#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
#
# Runs test/target/trace_harts.c on QEMU with -smp HARTS and checks that the
# trace buffer was shared out among those harts: the firmware's own count,
# and the decoder's "#P:" and per-hart events, against HARTS and the pool.
#
#   harts_test.sh DECODER ELF HARTS POOL WORKDIR QEMU-COMMAND...
set -euo pipefail

decoder=$1 elf=$2 harts=$3 pool=$4 dir=$5
shift 5
rm -rf "$dir"
mkdir -p "$dir"
cd "$dir"

fail() {
	echo "harts_test: FAIL: $*" >&2
	exit 1
}

timeout 90 "$@" </dev/null >log 2>&1 || { cat log; fail "the firmware failed"; }
cap=$((pool / harts / 32))
grep -q "^trace_harts: $harts harts, $cap events per hart$" log ||
	fail "expected $harts harts of $cap events: $(grep '^trace_harts' log)"

"$decoder" --elf "$elf" --format text log >text
grep -Eq "^# entries-in-buffer/entries-written: [0-9]+/[0-9]+ +#P:$harts$" text ||
	fail "expected #P:$harts: $(grep '#P:' text)"
for h in $(seq 0 $((harts - 1))); do
	[[ $(grep -Ec "\[00$h\] .*: traced_step <-" text) == 5 ]] ||
		fail "hart $h: not 5 calls of traced_step"
done
echo "harts_test: $harts harts, $cap events each, #P:$harts"
