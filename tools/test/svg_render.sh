#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
#
# The flame graph as a browser shows it: the SVG must parse as XML with a
# titled box per function and one per hart, and headless Chromium must
# render it to a PNG that is not blank. Opened with a search term in its
# URL, its script must report the share of the time that the folded stacks
# of the same dump give for the term, and 0.0% for a term matching nothing.
#
#   svg_render.sh DECODER ELF LOG WORKDIR CHROMIUM CHECK_OUTPUT.py
set -euo pipefail

decoder=$1 elf=$2 log=$3 dir=$4 chromium=$5 check=$6
rm -rf "$dir"
mkdir -p "$dir/profile"
"$decoder" --elf "$elf" --format svg -o "$dir/flame.svg" "$log"
"$decoder" --elf "$elf" --format folded -o "$dir/flame.folded" "$log"
# The harts with events, as the text format names them ("hart-1").
harts=()
for h in $("$decoder" --elf "$elf" "$log" |
	   sed -n 's/^ *hart-\([0-9]*\) .*/\1/p' | sort -un); do
	harts+=(--hart "$h")
done
(( ${#harts[@]} )) || { echo "svg_render: no hart in $log" >&2; exit 1; }
python3 "$check" svg "$dir/flame.svg" --has all --has work --has top \
	--has leaf --has fib "${harts[@]}"
height=$(sed -n 's/.*<svg [^>]* height="\([0-9]*\)".*/\1/p' "$dir/flame.svg")

# No network, no first-run work, a profile of its own; killed if it hangs.
browse() {	# browse OUT ARGS...: Chromium's standard output into OUT
	local out=$1
	shift
	timeout 90 "$chromium" --headless --no-sandbox --disable-gpu \
		--disable-quic --no-first-run --disable-background-networking \
		--disable-component-update --disable-sync \
		--disable-dev-shm-usage --user-data-dir="$dir/profile" "$@" \
		</dev/null >"$out" 2>"$dir/chromium.log" || {
		cat "$dir/chromium.log"
		exit 1
	}
}

browse /dev/null --window-size="1200,$height" --screenshot="$dir/flame.png" \
	"file://$dir/flame.svg"
python3 "$check" png "$dir/flame.png" --min-colours 8

# The script's report for TERM in the URL, checked against the folded stacks.
n=0
search() {	# search TERM [--none]
	local term=$1 url
	shift
	n=$((n + 1))
	url=$(python3 -c 'import sys, urllib.parse as u
print(u.quote(sys.argv[1], safe=""))' "$term")
	browse "$dir/search$n.svg" --dump-dom "file://$dir/flame.svg?s=$url"
	python3 "$check" search "$dir/search$n.svg" --svg "$dir/flame.svg" \
		--folded "$dir/flame.folded" --term "$term" "$@"
	printf 'svg_render: %s: %s\n' "$term" \
		"$(sed -n 's/.*>\(Matched: [^<]*\)<.*/\1/p' "$dir/search$n.svg")"
}
search fib			# one name at several depths: counted once
search '^(top|leaf)$'		# a leaf inside a matching top: counted once
search no_such_function --none
echo "svg_render: $dir/flame.png rendered, $((${#harts[@]} / 2)) harts, $n searches"
