#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
#
# stream.sh DECODER ELF OUTDIR [--live] QEMU_COMMAND...
#
# Runs the streaming demo firmware (DEMO_STREAM) with its console piped into
# rvtrace-decode --follow, which prints the call graph while the firmware
# runs, into OUTDIR/stream-graph.txt (and, with --live, the outer calls of
# hart 3 on the terminal as they arrive). Fails when the firmware or the
# decoder fails, or the graph lacks a hart's calls. Used by tools/demo.sh
# --stream and by CTest.
set -euo pipefail

if (($# < 4)); then
	echo "usage: $0 DECODER ELF OUTDIR [--live] QEMU_COMMAND..." >&2
	exit 2
fi
decoder=$1
elf=$2
out=$3
shift 3
live=0
if [[ $1 == --live ]]; then
	live=1
	shift
fi

mkdir -p "$out"
show() {
	if ((live)); then
		# Hart 3's calls at the two outer levels, as they come.
		awk '/^ *3\) .*\|  (  )?([a-z_]+\(\)|})/ { print; fflush() }'
	else
		cat >/dev/null
	fi
}

# </dev/null: QEMU's console must not read a terminal (or CI's stdin).
"$@" </dev/null | tee "$out/stream-console.log" |
	"$decoder" --elf "$elf" --follow --format graph - |
	tee "$out/stream-graph.txt" | show

if ! grep -q '^demo: tracer and profiler off' "$out/stream-console.log"; then
	grep -v '@rvtrace' "$out/stream-console.log" >&2 || true
	echo "stream.sh: the streaming demo did not finish" >&2
	exit 1
fi
for h in 0 1 2 3; do
	if ! grep -q "^ *$h) .*() {" "$out/stream-graph.txt"; then
		echo "stream.sh: no call of hart $h in the streamed graph" >&2
		exit 1
	fi
done
grep -q 'parse_line() {' "$out/stream-graph.txt" || {
	echo "stream.sh: the parser's calls are missing" >&2
	exit 1
}
