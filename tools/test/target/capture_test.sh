#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
#
# Captures decode_fw's trace, halted in decode_fw_halt(), twice: over
# QEMU's gdbstub with rvtrace-capture.py, and meanwhile through QEMU's QMP
# monitor with rvtrace-drain.py --once; then lets the firmware go on to print
# its own dump of the same buffers. All three must be the same bytes, and the
# capture must decode. Both tools get the firmware stripped of its debug
# information. gdbstub and monitor listen on Unix sockets (no network needed).
#
#   capture_test.sh DECODER GDB CAPTURE.py PYTHON DRAIN.py OBJCOPY ELF WORKDIR
#                   QEMU-COMMAND...
set -euo pipefail

decoder=$1 gdb=$2 script=$3 python=$4 drain=$5 objcopy=$6 elf=$7 dir=$8
shift 8
rm -rf "$dir"
mkdir -p "$dir"
cd "$dir"

fail() {
	echo "capture_test: FAIL: $*" >&2
	exit 1
}

"$objcopy" --strip-debug "$elf" stripped.elf
elf=$dir/stripped.elf
timeout 90 "$@" -S -gdb "unix:$dir/gdb.sock,server=on,wait=off" \
	-qmp "unix:$dir/qmp.sock,server=on,wait=off" </dev/null >log 2>&1 &
qemu=$!
for _ in $(seq 100); do
	[[ -S gdb.sock ]] && break
	sleep 0.1
done
[[ -S gdb.sock ]] || fail "QEMU opened no gdbstub socket: $(cat log)"

timeout 90 "$gdb" -nx -batch -ex "set pagination off" -ex "set confirm off" \
	-ex "file $elf" -ex "target remote $dir/gdb.sock" \
	-ex "break decode_fw_halt" -ex "continue" \
	-ex "source $script" -ex "rvtrace-capture $dir/capture.bin" \
	-ex "shell $python $drain --qmp $dir/qmp.sock --elf $elf --once -o $dir/qmp.bin 2>$dir/qmp.log" \
	-ex "continue" </dev/null >gdb.log 2>&1 || true
wait "$qemu" || fail "the firmware failed: $(cat log)"
[[ -s capture.bin ]] || fail "no capture: $(cat gdb.log)"
[[ -s qmp.bin ]] || fail "no capture through QMP: $(cat qmp.log)"

"$decoder" --format raw -o console.bin log
cmp capture.bin console.bin || fail "the capture differs from the firmware's own dump"
cmp qmp.bin console.bin || fail "the capture through QMP differs from the firmware's own dump"
"$decoder" --elf "$elf" capture.bin >capture.txt
"$decoder" --elf "$elf" --format graph capture.bin >capture.graph
events=$(sed -n 's/^decode_fw: graph trace, \([0-9]*\) events.*/\1/p' log)
[[ $(grep -vc '^#' capture.txt) == "$events" ]] ||
	fail "$(grep -vc '^#' capture.txt) events decoded, $events recorded"
grep -Eq '\|  +leaf\(\);$' capture.graph || fail "no leaf() in the graph"
echo "capture_test: $events events captured over the gdbstub and through QMP, identical to the console dump"
