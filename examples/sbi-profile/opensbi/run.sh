#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
#
# examples/sbi-profile/opensbi/run.sh OPENSBI [gcc|llvm] [HARTS...]
#
# Builds OpenSBI from the source tree OPENSBI (a release archive or a
# checkout, 1.5 to 1.9; it is copied, not changed) for PLATFORM=generic with
# rvtrace's kit (integrations/opensbi/rvtrace.mk), builds the payload of
# this directory and rvtrace-decode, boots fw_jump with the payload on QEMU
# virt with each number of HARTS (default: 1 4 8), and decodes what the
# payload printed:
#
#   console-<n>h.log   the console (OpenSBI's banner, the payload's report,
#                      the "@rvtrace" dump)
#   graph-<n>h.txt     rvtrace-decode --format graph: every traced call
#   profile-<n>h.txt   rvtrace-decode --format profile: the profiler's table
#
# and prints, for each run, the report and the graph of one SBI call (a
# remote fence.i) on the boot hart. Fails unless every run ends "PASS".
#
# gcc (default): riscv64-unknown-elf-gcc with ld.lld, since OpenSBI 1.5 and
# later link as PIE, which GNU ld's bare-metal target cannot. llvm: LLVM=1
# (clang, ld.lld, llvm-ar, llvm-objcopy; set CLANG=clang-NN for a versioned
# one). Output in $OUT (default build/opensbi-<version>-<toolchain>), the
# decoder in $TOOLS (default build/tools); $MAKE_ARGS goes to OpenSBI's
# make (the kit's settings: RVT_MHARTID=n, RVT_TRACE_KB=256 ...). Not run by CI: OpenSBI is not
# part of this repository.
set -euo pipefail

if (($# < 1)) || [[ ! -f $1/include/sbi/sbi_version.h ]]; then
	echo "usage: examples/sbi-profile/opensbi/run.sh OPENSBI [gcc|llvm] [HARTS...]" >&2
	exit 2
fi
src=$(cd "$1" && pwd)
shift
tc=gcc
if (($#)) && [[ $1 == gcc || $1 == llvm ]]; then
	tc=$1
	shift
fi
harts=("$@")
((${#harts[@]})) || harts=(1 4 8)
# The payload has stacks for 8 harts (MAX_HARTS in payload.c and start.S):
# with more, OpenSBI may boot it on a hart that has none, which parks.
for n in "${harts[@]}"; do
	if ! [[ $n =~ ^[1-8]$ ]]; then
		echo "run.sh: HARTS are 1 to 8 (the payload's MAX_HARTS), not '$n'" >&2
		exit 2
	fi
done

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../../.." && pwd)
ver=$(sed -n 's/^#define OPENSBI_VERSION_MAJOR[ \t]*//p;s/^#define OPENSBI_VERSION_MINOR[ \t]*//p' \
	"$src/include/sbi/sbi_version.h" | paste -sd.)
out=${OUT:-$repo/build/opensbi-$ver-$tc}
tools=${TOOLS:-$repo/build/tools}
mkdir -p "$out"
out=$(cd "$out" && pwd)

# A copy of the tree with the kit's one line in the platform's objects.mk.
rm -rf "$out/src"
cp -a "$src" "$out/src"
echo "include $repo/integrations/opensbi/rvtrace.mk" \
	>>"$out/src/platform/generic/objects.mk"

if [[ $tc == gcc ]]; then
	# GCC finds ld.lld for -fuse-ld=lld only in a -B directory of its own.
	mkdir -p "$out/lld"
	ln -sf "$(command -v ld.lld)" "$out/lld/ld.lld"
	make_tc=(CROSS_COMPILE=riscv64-unknown-elf-
		"CC=riscv64-unknown-elf-gcc -B$out/lld/" LD=ld.lld)
else
	make_tc=(LLVM=1 "CC=${CLANG:-clang}")
fi
# shellcheck disable=SC2086 # MAKE_ARGS: words for make (RVT_MHARTID=n ...)
make -C "$out/src" O="$out/build" PLATFORM=generic "${make_tc[@]}" \
	${MAKE_ARGS:-} -j"$(nproc)" >"$out/make.log" 2>&1 || {
	tail -20 "$out/make.log"
	exit 1
}
fw=$out/build/platform/generic/firmware/fw_jump
grep '^ ELF .*fw_jump' "$out/make.log" || true

# The payload drives the extension; of the library it needs only the
# framing of its dump (rvt_dump_frame_text()), from the kit's build.
riscv64-unknown-elf-gcc -march=rv64imac_zicsr_zifencei -mabi=lp64 \
	-mcmodel=medany -O2 -g -Wall -Wextra -Werror -ffreestanding \
	-fno-builtin -nostdlib -nostartfiles -Wl,--no-warn-rwx-segments \
	-Wl,--gc-sections -I"$repo/include" -T "$here/payload.ld" \
	"$here/start.S" "$here/payload.c" "$out/build/rvtrace/librvtrace.a" \
	-o "$out/payload.elf"

cmake -S "$repo/tools" -B "$tools" -DCMAKE_BUILD_TYPE=Release \
	-DRVTRACE_TOOLS_TESTS=OFF >/dev/null
cmake --build "$tools" --target rvtrace-decode >/dev/null
decode=("$tools/rvtrace-decode" --elf "$fw.elf")

# The first call on hart $1 whose graph names $2, from its outermost line
# to the line that closes it.
one_call() {
	awk -v want="$2" '
	/^ *[0-9]+\) / && index($0, "|") {
		text = substr($0, index($0, "|") + 1)
		match(text, /^ */); depth = (RLENGTH - 2) / 2
		if (depth == 0 && text ~ /{$/) { block = ""; open = 1 }
		if (open) block = block $0 "\n"
		if (open && depth == 0 && text ~ /^ *}/) {
			open = 0
			if (index(block, want)) { printf "%s", block; exit }
		}
	}' "$1"
}

fail=0
for n in "${harts[@]}"; do
	log=$out/console-${n}h.log
	timeout 120 qemu-system-riscv64 -machine virt -smp "$n" -m 256M \
		-nographic -monitor none -serial stdio -bios "$fw.bin" \
		-kernel "$out/payload.elf" >"$log" 2>&1 || true
	echo "== OpenSBI $ver ($tc), $n harts"
	tr -d '\r' <"$log" | grep -a '^rvtrace:\|^sbi-trace:' |
		grep -v '^sbi-trace: profile\|PASS' || true
	if ! grep -aq '^sbi-trace: PASS' "$log"; then
		grep -a '^sbi-trace: FAIL' "$log" || echo "no result (see $log)"
		fail=1
		continue
	fi
	"${decode[@]}" --format graph -o "$out/graph-${n}h.txt" "$log"
	"${decode[@]}" --format profile -o "$out/profile-${n}h.txt" "$log"
	boot=$(sed -n 's/^sbi-trace: boot hart \([0-9]*\).*/\1/p' "$log")
	"${decode[@]}" --format graph --hart "$boot" -o "$out/graph-boot.txt" "$log"
	echo "-- a remote fence.i on hart $boot (graph-${n}h.txt)"
	one_call "$out/graph-boot.txt" sbi_ecall_rfence_handler
	echo "-- the busiest functions (profile-${n}h.txt)"
	sed -n '3,10p' "$out/profile-${n}h.txt"
	echo "sbi-trace: PASS, $n harts"
done
rm -f "$out/graph-boot.txt"
exit $fail
