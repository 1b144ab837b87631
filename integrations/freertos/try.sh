#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
#
# integrations/freertos/try.sh KERNEL [MARCH]: build the demo (demo/) against
# the FreeRTOS-Kernel source tree KERNEL (a checkout or a release archive)
# for MARCH (rv64imac, the default, or rv32imac ...), run it on QEMU virt,
# decode its trace with rvtrace-decode and check it:
#
# - the graph (--format graph): no call without its exit, no exit without
#   its call, each task's calls nested
#   within that task's own, the tick hook's calls (interrupt level) under
#   the hart's own context and never under a task;
#   (calls still open at the end, in tasks preempted inside them when the
#   dump was taken, are counted, not failed: whether there are any depends
#   on where the tick falls);
# - the events (--format text): every event of a task recorded while that
#   task ran, by the switch events (exits of calls in flight at the
#   tracer's stop excepted: no switch is recorded after it).
#
# Output in build/freertos-MARCH/ (or $BUILD/freertos-MARCH): console.log,
# graph.txt, events.txt; the decoder is built in build/tools ($BUILD/tools).
# Needs what tools/setup.sh installs. Not run by CI: the kernel is not here.
set -euo pipefail

if (($# < 1)) || [[ ! -f $1/tasks.c ]]; then
	echo "usage: integrations/freertos/try.sh FREERTOS-KERNEL [MARCH]" >&2
	exit 2
fi
kernel=$(cd "$1" && pwd)
march=${2:-rv64imac}
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
build=${BUILD:-build}
out=$build/freertos-$march
qemu=qemu-system-riscv${march:2:2}

cmake -S integrations/freertos/demo -B "$out" -G Ninja \
	--toolchain "$PWD/cmake/riscv-gcc.cmake" -DRVTRACE_MARCH="$march" \
	-DCMAKE_BUILD_TYPE=Release -DFREERTOS_KERNEL="$kernel" >/dev/null
cmake --build "$out"
cmake -S tools -B "$build/tools" -DCMAKE_BUILD_TYPE=Release \
	-DRVTRACE_TOOLS_TESTS=OFF >/dev/null
cmake --build "$build/tools" --target rvtrace-decode
decode=("$build/tools/rvtrace-decode" --elf "$out/freertos-demo.elf")

# -icount: the tick falls on the same instructions every run.
timeout 300 "$qemu" -machine virt -nographic -monitor none -bios none \
	-smp 1 -icount shift=0 -kernel "$out/freertos-demo.elf" \
	>"$out/console.log"
grep '^freertos-demo:' "$out/console.log"
"${decode[@]}" --format graph -o "$out/graph.txt" "$out/console.log"
"${decode[@]}" -o "$out/events.txt" "$out/console.log"

awk -F'|' '
/=>/ { switches++; next }
/^ *[0-9]+\) / && NF >= 3 {
	split($1, a, ")"); task = a[2]; gsub(/^ +| +$/, "", task)
	text = $3; match(text, /^ */); level = (RLENGTH - 2) / 2
	sub(/^ */, "", text); lines[task]++
	if (text ~ /no exit/) noexit++
	else if (text ~ /^} \/\*/) orphan++
	else if (text ~ /{$/) { bad += level != depth[task]; depth[task]++ }
	else if (text ~ /^}/) { depth[task]--; bad += level != depth[task] }
	else bad += level != depth[task]
	irq_in_task += text ~ /tick_work|vApplicationTickHook/ && task !~ /^</
}
END {
	for (t in lines) { open += depth[t]; tasks = tasks " " t "(" lines[t] ")" }
	printf "graph: lines per task:%s\n", tasks
	printf "graph: %d switches, %d no exit, %d exits without a call, " \
	       "%d calls open at the end, %d lines nested wrong, " \
	       "%d tick hook lines under a task\n", switches, noexit, orphan,
	       open, bad, irq_in_task
	exit noexit || orphan || bad || irq_in_task
}' "$out/graph.txt"

awk '
/sched_switch:/ { split($0, a, "next="); running = a[2]; next }
/^ *[^# ].*\[[0-9]+\]/ {
	task = substr($0, 1, index($0, "[") - 1); gsub(/^ +| +$/, "", task)
	events++
	if (task ~ /^</) irq++
	else if (task != running) { if ($0 ~ / ->/) late++; else wrong++ }
}
END {
	printf "events: %d, %d at interrupt level, %d of a task that was not " \
	       "running, %d exits after the stop\n", events, irq, wrong, late
	exit wrong != 0
}' "$out/events.txt"
echo "try.sh: passed ($out/graph.txt)"
