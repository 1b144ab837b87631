#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
#
# Runs a decoder command and compares what it writes with a golden file (or,
# with --dir, the directory it writes with a golden directory).
# RVTRACE_UPDATE_GOLDEN=1 writes the goldens instead (review the diff!).
#
#   golden.sh GOLDEN -- COMMAND...            standard output vs GOLDEN
#   golden.sh --dir OUTDIR GOLDENDIR -- COMMAND...
set -euo pipefail

outdir=
if [[ $1 == --dir ]]; then
	outdir=$2
	shift 2
fi
golden=$1
[[ $2 == -- ]] || { echo "golden.sh: usage error" >&2; exit 2; }
shift 2

if [[ -n "$outdir" ]]; then
	rm -rf "$outdir"
	"$@"
	if [[ ${RVTRACE_UPDATE_GOLDEN:-} == 1 ]]; then
		rm -rf "$golden"
		cp -r "$outdir" "$golden"
		exit 0
	fi
	diff -r "$golden" "$outdir"
	exit
fi

out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$@" >"$out"
if [[ ${RVTRACE_UPDATE_GOLDEN:-} == 1 ]]; then
	mkdir -p "$(dirname "$golden")"
	cp "$out" "$golden"
	exit 0
fi
diff -u "$golden" "$out"
