#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
#
# Runs decode_fw on QEMU, keeps its console log, and decodes both text dumps
# in it in every format, checking each against what the firmware did: the
# event counts it printed, the functions it called on every hart.
#
#   console_test.sh [--names] DECODER ELF WORKDIR QEMU-COMMAND...
#
# --names: the firmware embeds its names (rvtrace_embed_names()); every
# format is decoded without --elf, from the names the dumps carry, and must
# say what it says with the ELF.
set -euo pipefail

names=
if [[ $1 == --names ]]; then
	names=1
	shift
fi
decoder=$1 elf=$2 dir=$3
shift 3
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
check=$here/../check_output.py
rm -rf "$dir"
mkdir -p "$dir"
cd "$dir"

fail() {
	echo "console_test: FAIL: $*" >&2
	exit 1
}

decode() {
	if [[ -n $names ]]; then
		"$decoder" "$@"
	else
		"$decoder" --elf "$elf" "$@"
	fi
}

timeout 90 "$@" </dev/null >log 2>&1 || { cat log; fail "the firmware failed"; }
harts=$(sed -n 's/^decode_fw: \([0-9]*\) harts.*/\1/p' log)
fn_events=$(sed -n 's/^decode_fw: function trace, \([0-9]*\) events.*/\1/p' log)
graph_events=$(sed -n 's/^decode_fw: graph trace, \([0-9]*\) events.*/\1/p' log)
[[ -n "$harts" && -n "$fn_events" && -n "$graph_events" ]] ||
	fail "the log lacks the firmware's counts"

"$decoder" --list log >list
[[ $(grep -c 'bytes$' list) == 2 ]] || fail "--list: $(cat list)"

# text: one line per event; the last dump (graph) by default.
decode log >graph.txt
decode --index 0 log >function.txt
[[ $(grep -vc '^#' graph.txt) == "$graph_events" ]] ||
	fail "graph dump: $(grep -vc '^#' graph.txt) lines, $graph_events events"
[[ $(grep -vc '^#' function.txt) == "$fn_events" ]] ||
	fail "function dump: $(grep -vc '^#' function.txt) lines, $fn_events events"
grep -q '^# tracer: function$' function.txt || fail "function dump: tracer"
for h in $(seq 0 $((harts - 1))); do
	grep -Eq "hart-$h +\[00$h\] +[0-9.]+: top <-work\+0x[0-9a-f]+$" function.txt ||
		fail "function dump: no call of top on hart $h"
	grep -Eq "hart-$h +\[00$h\] +[0-9.]+: leaf ->right\+0x[0-9a-f]+$" graph.txt ||
		fail "graph dump: no return from leaf to right on hart $h"
done
grep -Eq ': fib <-fib\+0x[0-9a-f]+$' graph.txt || fail "text: recursion"
grep -Eq ': marker: 42 <-main\+0x[0-9a-f]+$' graph.txt || fail "text: marker"

# graph: nesting and leaves, on every hart.
decode --format graph log >graph.graph
for h in $(seq 0 $((harts - 1))); do
	grep -Eq "^ +$h\) +\|  +top\(\) \{$" graph.graph ||
		fail "graph: top() { on hart $h"
	grep -Eq "^ +$h\) .*[0-9] us \|  +leaf\(\);$" graph.graph ||
		fail "graph: leaf(); on hart $h"
done
grep -q '/\* marker: 42 \*/' graph.graph || fail "graph: marker"
if "$decoder" --elf "$elf" --format graph --index 0 log 2>err; then
	fail "graph of a function trace"
fi
grep -q 'needs exit events' err || fail "graph of a function trace: $(cat err)"

# profile: the calls of every hart.
decode --format profile log >profile
row() {
	awk -v f="$1" '$1 == f { print $2 }' profile
}
[[ $(row leaf) == $((3 * harts)) ]] || fail "profile: leaf hits $(row leaf)"
[[ $(row fib) == $((15 * harts)) ]] || fail "profile: fib hits $(row fib)"
[[ $(row work) == "$harts" ]] || fail "profile: work hits $(row work)"

# chrome: valid JSON, a complete event per call.
decode --format chrome log >trace.json
calls=$(grep -Ec ': [a-z_][a-z_0-9]* <-' graph.txt)
python3 "$check" chrome trace.json --calls "$calls" --harts "$harts" ||
	fail "chrome"

# folded: the path of every leaf call.
decode --format folded log >folded
grep -Eq '^work_on_hart;work;top;left;leaf [0-9]+$' folded ||
	grep -Eq '^work;top;left;leaf [0-9]+$' folded || fail "folded: $(cat folded)"

# svg: well-formed, with the root's box; the goldens check every box.
decode --format svg log >flame.svg
python3 "$check" svg flame.svg --has work || fail "svg"

# ctf: babeltrace2 reads every event.
decode --format ctf -o ctf log
if command -v babeltrace2 >/dev/null; then
	n=$(babeltrace2 ctf | wc -l)
	[[ $n == "$graph_events" ]] || fail "ctf: babeltrace2 read $n events"
else
	fail "babeltrace2 is missing (tools/setup.sh installs it)"
fi

# Without the ELF, the same as with it.
if [[ -n $names ]]; then
	for f in text graph profile folded; do
		"$decoder" --elf "$elf" --format "$f" log >with-elf.$f
		decode --format "$f" log | cmp - with-elf.$f ||
			fail "$f: the embedded names say otherwise than the ELF"
	done
fi

# raw: the dump extracted from the log decodes the same.
decode --format raw -o graph.bin log
decode graph.bin | cmp - graph.txt || fail "raw"
# The dump carries the image's build-id: an ELF of another build (the same
# file with another id) is refused, unless --force.
id=$(riscv64-unknown-elf-readelf -n "$elf" | sed -n 's/.*Build ID: //p')
[[ -n "$id" ]] || fail "the ELF has no build-id"
python3 - "$elf" other.elf "$id" <<'PY'
import sys

data = open(sys.argv[1], "rb").read()
ident = bytes.fromhex(sys.argv[3])
at = data.find(ident)
assert at >= 0, "build-id not in the file"
data = data[:at] + bytes([ident[0] ^ 0xff]) + data[at + 1:]
open(sys.argv[2], "wb").write(data)
PY
if "$decoder" --elf other.elf log >/dev/null 2>err; then
	fail "decoded with the ELF of another build"
fi
grep -q 'is not the firmware of this dump' err || fail "build-id: $(cat err)"
"$decoder" --elf other.elf --force log >forced.txt || fail "--force"
cmp -s forced.txt graph.txt || fail "--force decoded differently"

echo "console_test: $harts harts, $fn_events function and $graph_events graph events decoded in every format${names:+, named without the ELF}"
