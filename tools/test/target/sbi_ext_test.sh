#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
#
# Runs test/target's sbi_ext firmware on 4 harts: its S-mode payload takes a
# graph trace through the rvtrace SBI extension (DUMP) and prints it framed
# (rvt_dump_frame_text()). The decoder, given no ELF, names the functions
# from the dump and shows each hart's calls nested: every fw_echo() calls
# fw_leaf(), 5 times on the boot hart and 20 on each other.
#
#   sbi_ext_test.sh DECODER WORKDIR QEMU-COMMAND...
set -euo pipefail

decoder=$1 dir=$2
shift 2
rm -rf "$dir"
mkdir -p "$dir"
cd "$dir"

fail() {
	echo "sbi_ext_test: FAIL: $*" >&2
	exit 1
}

timeout 90 "$@" </dev/null >log 2>&1 || { cat log; fail "the firmware failed"; }
grep -q '^sbi_ext: passed$' log || fail "no pass line: $(tail -3 log)"
"$decoder" --format graph log >graph || fail "the decoder failed"
"$decoder" --format text log >text
grep -q '^# tracer: function_graph$' graph || fail "not a graph: $(head -3 graph)"
calls=0
for h in 0 1 2 3; do
	echo=$(grep -Ec "^ *$h\).*\| +fw_echo\(\) \{$" graph || true)
	leaf=$(grep -Ec "^ *$h\).*\| +fw_leaf\(\);$" graph || true)
	[[ $echo == "$leaf" ]] || fail "hart $h: $echo fw_echo, $leaf fw_leaf"
	[[ $echo == 5 || $echo == 20 ]] || fail "hart $h: $echo calls"
	calls=$((calls + echo))
done
[[ $calls == $((5 + 3 * 20)) ]] || fail "$calls calls in all"
grep -q 'marker: 42 <-' text || fail "no marker 42: $(grep -i mark text | head -3)"
echo "sbi_ext_test: $calls SBI calls decoded by name on 4 harts"
