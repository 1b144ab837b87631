#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
#
# rvtrace-drain.py against drain_fw.c on QEMU with 4 harts, through QEMU's
# QMP monitor on a Unix socket; the firmware has no part in the reading.
#
# drain: the tool follows the rings from the start while the harts record
# for several seconds, and is stopped with SIGINT once the firmware has
# said how many markers each hart recorded; every marker must be in the
# dump once, in order, or counted as lost (drain_check.py), and the dump
# must decode.
#
# speed: once the harts have filled 64 MiB of rings, one pass while they
# run (the firmware idles) with the ELF stripped of its debug information,
# and one with the harts halted and no ELF (the tool searches RAM): both
# must be the same bytes, exactly the last ring's worth of every hart's
# markers. Prints the speed; no limit is set on it.
#
#   drain_test.sh drain|speed PYTHON DRAIN.py CHECK.py DECODER OBJCOPY ELF
#                 WORKDIR QEMU-COMMAND...
set -euo pipefail

mode=$1 python=$2 tool=$3 check=$4 decoder=$5 objcopy=$6 elf=$7 dir=$8
shift 8
rm -rf "$dir"
mkdir -p "$dir"
cd "$dir"

fail() {
	echo "drain_test: FAIL: $*" >&2
	exit 1
}

timeout 100 "$@" -qmp "unix:$dir/qmp.sock,server=on,wait=off" \
	</dev/null >console.log 2>&1 &
qemu=$!
trap 'kill $qemu 2>/dev/null || true' EXIT
for _ in $(seq 100); do
	[[ -S qmp.sock ]] && break
	sleep 0.1
done
[[ -S qmp.sock ]] || fail "QEMU opened no QMP socket: $(cat console.log)"

# Until the firmware has said what it recorded, and idles.
done_yet() {
	for _ in $(seq 900); do
		grep -q '^drain_fw: done' console.log && return 0
		kill -0 $qemu 2>/dev/null || fail "the firmware stopped: $(cat console.log)"
		sleep 0.1
	done
	fail "the firmware did not finish: $(cat console.log)"
}

# QEMU writes what it reads into this directory, not /dev/shm, which a
# container may keep small.
"$objcopy" --strip-debug "$elf" stripped.elf
if [[ $mode == drain ]]; then
	"$python" "$tool" --qmp qmp.sock --tmpdir "$dir" --elf stripped.elf --progress \
		-o drain.bin 2>tool.log &
	drain=$!
	done_yet
	kill -INT $drain
	wait $drain || fail "the tool failed: $(cat tool.log)"
	cat tool.log
	"$python" "$check" drain drain.bin console.log
	fruitful=$(sed -n 's/.* \([0-9]*\) with new events$/\1/p' tool.log)
	((fruitful >= 2)) || fail "$fruitful passes found new events"
	events=$(sed -n 's/.*: \([0-9]*\) events, .*with new events$/\1/p' tool.log)
	"$decoder" --elf stripped.elf -o drain.txt drain.bin
	[[ $(grep -c ' marker: ' drain.txt) == "$events" ]] ||
		fail "$(grep -c ' marker: ' drain.txt) markers decoded, $events drained"
else
	done_yet
	"$python" "$tool" --qmp qmp.sock --tmpdir "$dir" --elf stripped.elf --once \
		-o running.bin 2>running.log || fail "$(cat running.log)"
	"$python" "$tool" --qmp qmp.sock --tmpdir "$dir" --once --halt \
		-o halted.bin 2>halted.log || fail "$(cat halted.log)"
	cat running.log halted.log
	cmp running.bin halted.bin || fail "the captures differ"
	"$python" "$check" speed halted.bin console.log
	"$decoder" --elf stripped.elf -o halted.txt halted.bin
	events=$(sed -n 's/.*MB\/s; \([0-9]*\) events,.*/\1/p' halted.log)
	[[ $(grep -c ' marker: ' halted.txt) == "$events" ]] ||
		fail "$(grep -c ' marker: ' halted.txt) markers decoded, $events captured"
	echo "capture speed: $(sed -n 's/.*captured in \([0-9.]* s: [0-9.]* MB\/s\).*/\1/p' running.log) (running, 64 MiB of rings)"
fi
