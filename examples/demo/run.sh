#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
#
# run.sh DECODER ELF OUTDIR QEMU_COMMAND...
#
# Runs the demo firmware, keeps its console in OUTDIR/console.log and
# decodes the trace it printed into OUTDIR: profile.txt, graph.txt,
# trace.json (Chrome/Perfetto), trace.ctf/ (CTF) and flame.svg. Fails when
# the firmware fails, a decode fails, or an output lacks what the demo's
# workload must put there. Used by tools/demo.sh and by CTest.
set -euo pipefail

if (($# < 4)); then
	echo "usage: $0 DECODER ELF OUTDIR QEMU_COMMAND..." >&2
	exit 2
fi
decoder=$1
elf=$2
out=$3
shift 3

mkdir -p "$out"
rm -rf "$out/trace.ctf"
rc=0
# </dev/null: QEMU's console must not read a terminal (or CI's stdin).
"$@" </dev/null >"$out/console.log" || rc=$?
if ((rc)); then
	grep -v '@rvtrace' "$out/console.log" >&2 || true
	echo "run.sh: the demo firmware exited with status $rc" >&2
	exit 1
fi

decode() {
	local format=$1 file=$2

	if ! "$decoder" --elf "$elf" --format "$format" -o "$out/$file" \
		"$out/console.log"; then
		echo "run.sh: rvtrace-decode --format $format failed" >&2
		exit 1
	fi
}

decode profile profile.txt
decode graph graph.txt
decode chrome trace.json
decode ctf trace.ctf
decode svg flame.svg

# What each output must show of the workload.
expect() {
	local file=$1 pattern=$2

	if ! grep -q -e "$pattern" "$out/$file"; then
		echo "run.sh: $out/$file has no '$pattern'" >&2
		exit 1
	fi
}

for job in job_checksum job_compress job_parse; do
	expect profile.txt "^ *$job "
done
expect graph.txt 'parse_line() {'
expect graph.txt 'lz_find_match() {'
expect trace.json '"ph":"X"'
expect trace.json '"name":"rec[0-9]*_parse"'
expect trace.ctf/metadata 'func_entry'
expect flame.svg '<svg'
expect flame.svg '<title>lz_find_match '
echo "run.sh: the demo ran and its trace decoded into $out"
