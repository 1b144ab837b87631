#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
#
# Host checks of rvtrace-decode that need more than one command:
#
#   checks.sh no-events DECODER DUMP WORKDIR
#       formats that show events refuse a profile-only dump, saying why
#   checks.sh grown DECODER LOG WORKDIR MKDUMP
#       a dump with longer headers and records decodes as the original
#   checks.sh chrome DECODER ELF LOG WORKDIR CHECK_OUTPUT.py
#       the JSON parses, with a complete event per call and a track per hart
#   checks.sh babeltrace DECODER ELF LOG WORKDIR BABELTRACE2
#       babeltrace2 reads every event of the CTF trace, fields intact
#   checks.sh noise DECODER LOG WORKDIR
#       a log whose lines have a console prefix and end in \r decodes the same
#   checks.sh usage DECODER
#       a wrong command line exits with status 2
#   checks.sh hart DECODER ELF LOG WORKDIR
#       --hart N: text and graph show hart N's events and no other's, as
#       many as the whole output has of hart N; a hart the dump lacks is
#       refused, and so is --hart with the profile format
#   checks.sh names DECODER ELF OTHER_ELF CHUNKS WORKDIR
#       a stream carrying the firmware's names (mkdump chunks), followed
#       without --elf, is named as with it; --elf, when given, is what
#       names (an ELF of other firmware is refused); --lines needs --elf
set -euo pipefail

fail() {
	echo "checks: FAIL: $*" >&2
	exit 1
}

no_events() {
	local decoder=$1 dump=$2 dir=$3 f
	mkdir -p "$dir"
	for f in text graph chrome ctf; do
		if "$decoder" --format "$f" -o "$dir/none" "$dump" 2>"$dir/err"; then
			fail "--format $f of a dump without events"
		fi
		grep -q 'this dump has none' "$dir/err" || fail "$f: $(cat "$dir/err")"
	done
}

hart() {
	local decoder=$1 elf=$2 log=$3 dir=$4 h n
	mkdir -p "$dir"
	"$decoder" --elf "$elf" "$log" >"$dir/all.txt"
	for h in 0 1; do
		"$decoder" --elf "$elf" --hart $h "$log" >"$dir/text$h"
		n=$(grep -c "hart-$h " "$dir/all.txt")
		((n > 0)) || fail "hart $h has no events in the whole output"
		[[ $(grep -vc '^#' "$dir/text$h") == "$n" ]] ||
			fail "--hart $h: $(grep -vc '^#' "$dir/text$h") lines, $n of hart $h"
		grep -v '^#' "$dir/text$h" | grep -vq "hart-$h " &&
			fail "--hart $h shows another hart"
		"$decoder" --elf "$elf" --format graph --hart $h "$log" \
			>"$dir/graph$h"
		grep -v '^#' "$dir/graph$h" | grep -Evq "^ +$h\)" &&
			fail "--hart $h: a graph line of another hart"
		grep -Eq "^ +$h\) " "$dir/graph$h" || fail "--hart $h: no graph"
	done
	if "$decoder" --elf "$elf" --hart 99 "$log" >/dev/null 2>"$dir/err"; then
		fail "--hart 99 accepted"
	fi
	grep -q 'has no hart 99' "$dir/err" || fail "--hart 99: $(cat "$dir/err")"
	local rc=0
	"$decoder" --hart 0 --format profile "$log" >/dev/null 2>&1 || rc=$?
	((rc == 2)) || fail "--hart with the profile format: status $rc"
}

grown() {
	local decoder=$1 log=$2 dir=$3 mkdump=$4 f
	mkdir -p "$dir"
	"$decoder" --format raw -o "$dir/rv64.bin" "$log"
	"$mkdump" grown "$dir/rv64.bin" "$dir/grown.bin"
	if cmp -s "$dir/rv64.bin" "$dir/grown.bin"; then
		fail "mkdump grown changed nothing"
	fi
	for f in text graph profile folded; do
		"$decoder" --format "$f" "$dir/grown.bin" >"$dir/grown.$f"
		"$decoder" --format "$f" "$dir/rv64.bin" >"$dir/rv64.$f"
		cmp "$dir/grown.$f" "$dir/rv64.$f" || fail "grown: $f differs"
	done
}

chrome() {
	local decoder=$1 elf=$2 log=$3 dir=$4 check=$5 calls
	mkdir -p "$dir"
	"$decoder" --elf "$elf" --format chrome -o "$dir/rv64.json" "$log"
	calls=$("$decoder" "$log" | grep -Ec ': 0x[0-9a-f]+ <-')
	python3 "$check" chrome "$dir/rv64.json" --calls "$calls" --harts 2
}

babeltrace() {
	local decoder=$1 elf=$2 log=$3 dir=$4 bt=$5 n want
	mkdir -p "$dir"
	rm -rf "$dir/bt.ctf"
	"$decoder" --elf "$elf" --format ctf -o "$dir/bt.ctf" "$log"
	"$bt" "$dir/bt.ctf" >"$dir/bt.txt"
	n=$(wc -l <"$dir/bt.txt")
	want=$("$decoder" "$log" | grep -vc '^#')
	echo "babeltrace2 read $n events, the dump has $want"
	[[ $n == "$want" ]] || fail "babeltrace2 read $n events of $want"
	grep -Eq 'func_exit: \{ cpu_id = 1 \}, \{ ip = 0x[0-9A-F]+, parent_ip = 0x[0-9A-F]+, depth = [0-9]+, func = "leaf", caller = "left\+0x[0-9a-f]+" \}' \
		"$dir/bt.txt" || fail "no exit of leaf on hart 1"
	grep -Eq 'marker: \{ cpu_id = 0 \}, \{ id = 42,' "$dir/bt.txt" ||
		fail "no marker"
}

noise() {
	local decoder=$1 log=$2 dir=$3
	mkdir -p "$dir"
	sed 's/^/[ 12.345678] hart0: /; s/$/\r/' "$log" >"$dir/noisy.log"
	grep -q $'^\\[ 12.345678\\] hart0: @rvtrace [0-9]* .*\r$' "$dir/noisy.log" ||
		fail "the noisy log is not what it should be"
	"$decoder" --list "$dir/noisy.log" | cmp - <("$decoder" --list "$log")
	"$decoder" --format raw "$dir/noisy.log" | cmp - <("$decoder" --format raw "$log") ||
		fail "the noisy log decodes differently"
}

usage() {
	local decoder=$1 rc=0
	"$decoder" --format nope x 2>/dev/null || rc=$?
	[[ $rc == 2 ]] || fail "unknown format: status $rc"
	rc=0
	"$decoder" 2>/dev/null || rc=$?
	[[ $rc == 2 ]] || fail "no input: status $rc"
	rc=0
	"$decoder" --format ctf x 2>/dev/null || rc=$?
	[[ $rc == 2 ]] || fail "ctf without -o: status $rc"
}

names() {
	local decoder=$1 elf=$2 other=$3 chunks=$4 dir=$5 rc=0
	mkdir -p "$dir"
	"$decoder" --follow - <"$chunks" >"$dir/follow.names"
	"$decoder" --elf "$elf" --follow - <"$chunks" >"$dir/follow.elf"
	grep -Eq ': top <-work\+0x[0-9a-f]+$' "$dir/follow.names" ||
		fail "--follow without --elf: no names"
	cmp "$dir/follow.names" "$dir/follow.elf" ||
		fail "--follow: the embedded names differ from the ELF's"
	if "$decoder" --elf "$other" "$chunks" >/dev/null 2>"$dir/err"; then
		fail "--elf of other firmware: the embedded names were used"
	fi
	grep -q 'does not match this dump' "$dir/err" || fail "--elf: $(cat "$dir/err")"
	"$decoder" --lines "$chunks" >/dev/null 2>&1 || rc=$?
	[[ $rc == 2 ]] || fail "--lines without --elf: status $rc"
}

what=$1
shift
case $what in
no-events) no_events "$@" ;;
grown) grown "$@" ;;
chrome) chrome "$@" ;;
babeltrace) babeltrace "$@" ;;
noise) noise "$@" ;;
usage) usage "$@" ;;
names) names "$@" ;;
hart) hart "$@" ;;
*) fail "unknown check $what" ;;
esac
echo "checks: $what passed"
