#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
#
# The demo: build the demo firmware (examples/demo) and the host decoder,
# run the firmware on QEMU virt (M-mode, 4 harts) while it switches the
# profiler and the function-graph tracer on and off, then decode the trace
# it printed: show the top of the profile and an excerpt of the call graph,
# and leave trace.json, trace.ctf/, flame.svg and profile.txt in build/demo/.
#
# tools/demo.sh --stream: the same firmware streaming its trace while it
# runs (rvt_trace_read_text()), piped into rvtrace-decode --follow, which
# shows hart 3's outer calls as they happen; the whole streamed call graph
# is left in build/demo/stream-graph.txt.
set -euo pipefail

stream=0
case ${1:-} in
--stream) stream=1 ;;
"") ;;
*) echo "usage: tools/demo.sh [--stream]" >&2; exit 2 ;;
esac

preset=rv64imac-gcc
build=build/$preset
tools_build=build/tools
out=build/demo

cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash tools/setup.sh

say() {
	printf '\nrvtrace demo: %s\n' "$*"
}

fw=demo-m
((stream)) && fw=demo_stream-m
say "building the demo firmware (examples/demo, preset $preset)"
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" --target "$fw"

say "building the host decoder (tools/)"
cmake -S tools -B "$tools_build" -DCMAKE_BUILD_TYPE=Release \
	-DRVTRACE_TOOLS_TESTS=OFF >/dev/null
cmake --build "$tools_build" --target rvtrace-decode

elf=$build/examples/$fw.elf
qemu=(qemu-system-riscv64 -machine virt -nographic -monitor none -m 256M
	-smp 4 -bios none -kernel "$elf")
say "${qemu[*]}"
if ((stream)); then
	say "hart 3's outer calls, streamed while the firmware runs (rvtrace-decode --follow --format graph)"
	bash examples/demo/stream.sh "$tools_build/rvtrace-decode" "$elf" \
		"$out" --live "${qemu[@]}"
	say "the firmware's console (without the stream's @rvtrace lines)"
	grep '^demo:' "$out/stream-console.log"
	say "outputs"
	cat <<END
  $out/stream-graph.txt    the streamed call graph of every hart
  $out/stream-console.log  the firmware's console, with the stream's chunks
  Decode the log again, whole: $tools_build/rvtrace-decode --elf $elf \\
    --format graph $out/stream-console.log
END
	exit 0
fi
bash examples/demo/run.sh "$tools_build/rvtrace-decode" "$elf" "$out" \
	"${qemu[@]}"

say "the firmware's console (without the dump's @rvtrace lines)"
grep '^demo:' "$out/console.log"

say "profile, busiest functions first (rvtrace-decode --format profile)"
head -n 14 "$out/profile.txt"

say "call graph of hart 3, the parser (rvtrace-decode --format graph)"
head -n 4 "$out/graph.txt"
# From hart 3's first whole parse_line() on (the ring kept the newest calls).
awk '/^ *3\)/ && (n || /parse_line\(\) \{/) { print; if (++n == 26) exit }' \
	"$out/graph.txt"

say "outputs"
cat <<END
  $out/profile.txt   the whole profile table
  $out/graph.txt     the call graph of every hart
  $out/trace.json    open in https://ui.perfetto.dev or chrome://tracing
  $out/trace.ctf/    CTF for babeltrace2 or Trace Compass
  $out/flame.svg     flame graph, open in a browser
  $out/console.log   the firmware's console, with the text dump
END
