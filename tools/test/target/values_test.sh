#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
#
# Runs test/target/trace_values.c on QEMU and decodes its text dumps with the
# ELF: the values must come out typed and named from its DWARF, each line of
# the expectations file found in order in its dump's output.
#
#   values_test.sh DECODER ELF EXPECTED WORKDIR QEMU-COMMAND...
#
# EXPECTED: lines "INDEX FORMAT REGEX" (extended regular expressions), the
# dump's index in the console log, the decoder's --format, a line of its
# output; lines starting with # are comments. "STRIPPED" as FORMAT checks
# the graph for the ELF without debug information instead, "FOLLOW" the
# graph of the log's stream chunks as --follow shows them (INDEX unused).
set -euo pipefail

decoder=$1 elf=$2 expected=$3 dir=$4
shift 4
rm -rf "$dir"
mkdir -p "$dir"
cd "$dir"

fail() {
	echo "values_test: FAIL: $*" >&2
	exit 1
}

timeout 90 "$@" </dev/null >log 2>&1 || { cat log; fail "the firmware failed"; }
grep -q "^trace_values: " log || fail "the firmware did not finish"
objcopy=${OBJCOPY:-riscv64-unknown-elf-objcopy}
"$objcopy" --strip-debug "$elf" stripped.elf

checked=0
while read -r index format regex; do
	[[ -z $index || $index == \#* ]] && continue
	out="$index.$format"
	if [[ ! -e $out ]]; then
		if [[ $format == STRIPPED ]]; then
			"$decoder" --elf stripped.elf --index "$index" \
				--format graph log >"$out"
		elif [[ $format == FOLLOW ]]; then
			# A pipe ends; a file is followed as it grows.
			cat log | timeout 30 "$decoder" --elf "$elf" --follow \
				--format graph - >"$out"
		else
			"$decoder" --elf "$elf" --index "$index" \
				--format "$format" log >"$out"
		fi
		: >"$out.at"
	fi
	# In order: search after the line the previous regex matched.
	at=$(<"$out.at")
	line=$(tail -n +"$((${at:-0} + 1))" "$out" | grep -nE -m1 -- "$regex" |
		cut -d: -f1) || true
	[[ -n $line ]] || { cat "$out"; fail "dump $index ($format): no line matches /$regex/ after line ${at:-0}"; }
	echo $((${at:-0} + line)) >"$out.at"
	checked=$((checked + 1))
done <"$expected"
echo "values_test: $checked lines found in order"
