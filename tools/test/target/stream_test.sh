#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
#
# Streams stream_fw's trace from QEMU's console through a pipe into
# rvtrace-decode --follow while the firmware runs, then checks what it
# printed (stream_check.py): every marker once or counted lost, every graph
# call nested. The same log decoded whole, and as a binary stream, must say
# the same.
#
#   stream_test.sh DECODER ELF WORKDIR QEMU-COMMAND...
set -euo pipefail

decoder=$1 elf=$2 dir=$3
shift 3
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
check=$here/stream_check.py
rm -rf "$dir"
mkdir -p "$dir"
cd "$dir"

fail() {
	echo "stream_test: FAIL: $*" >&2
	exit 1
}

# The console goes to the log and, as it comes, to the decoder.
timeout 120 "$@" </dev/null 2>&1 | tee log |
	"$decoder" --elf "$elf" --follow - >follow.txt 2>follow.err ||
	{ cat follow.err; tail -n 20 log; fail "the firmware or the decoder failed"; }
grep -q '^stream_fw: [0-9]* chunks of markers' log || { tail -n 20 log; fail "the firmware did not finish"; }

python3 "$check" markers follow.txt log || fail "markers (--follow, text)"

# The graph of the second run, followed from a pipe.
"$decoder" --elf "$elf" --follow --format graph - <log >graph.txt 2>graph.err ||
	{ cat graph.err; fail "--follow --format graph"; }
python3 "$check" graph graph.txt log || fail "graph (--follow)"

# Decoded whole: the last run of the stream, as one trace.
"$decoder" --elf "$elf" --format graph log >whole.txt 2>whole.err ||
	{ cat whole.err; fail "the whole stream"; }
python3 "$check" graph whole.txt log || fail "graph (whole stream)"
echo "stream_test: ok"
