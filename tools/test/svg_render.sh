#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
#
# The flame graph as a browser shows it: the SVG must parse as XML with a
# titled box per function, and headless Chromium must render it to a PNG
# that is not blank.
#
#   svg_render.sh DECODER ELF LOG WORKDIR CHROMIUM CHECK_OUTPUT.py
set -euo pipefail

decoder=$1 elf=$2 log=$3 dir=$4 chromium=$5 check=$6
rm -rf "$dir"
mkdir -p "$dir/profile"
"$decoder" --elf "$elf" --format svg -o "$dir/flame.svg" "$log"
python3 "$check" svg "$dir/flame.svg" --has all --has work --has top \
	--has leaf --has fib
height=$(sed -n 's/.*<svg [^>]* height="\([0-9]*\)".*/\1/p' "$dir/flame.svg")
# No network, no first-run work, a profile of its own; killed if it hangs.
timeout 90 "$chromium" --headless --no-sandbox --disable-gpu \
	--disable-quic --no-first-run --disable-background-networking \
	--disable-component-update --disable-sync --disable-dev-shm-usage \
	--user-data-dir="$dir/profile" --window-size="1200,$height" \
	--screenshot="$dir/flame.png" "file://$dir/flame.svg" \
	</dev/null >"$dir/chromium.log" 2>&1 || {
	cat "$dir/chromium.log"
	exit 1
}
python3 "$check" png "$dir/flame.png" --min-colours 8
echo "svg_render: $dir/flame.png rendered"
