#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
#
# Build and run every benchmark (bench/README.md) under QEMU with
# -icount shift=0, write build/bench/results.csv and build/bench/results.md,
# and print the table with the goals beside the figures. A missed goal is
# reported, not an error; the script fails only if something does not build
# or a benchmark firmware fails its own checks.
#
#   bash tools/bench.sh [-j N]
#
#   -j N   parallel build jobs (default: $RVTRACE_JOBS or nproc)
set -euo pipefail

usage() {
	sed -n '9,11s/^# \{0,1\}//p' "$0"
}

jobs=${RVTRACE_JOBS:-}
while (($#)); do
	case $1 in
	-j) jobs=${2:?-j needs a number}; shift ;;
	-j*) jobs=${1#-j} ;;
	-h | --help) usage; exit 0 ;;
	*) echo "bench.sh: unknown argument $1" >&2; usage >&2; exit 2 ;;
	esac
	shift
done
source "$(dirname "${BASH_SOURCE[0]}")/jobs.sh"
settle_jobs bench.sh

cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash tools/setup.sh

out=build/bench
logs=$out/logs
raw=$out/raw.txt
mkdir -p "$logs"
: >"$raw"

say() {
	printf 'rvtrace bench: %s\n' "$*" >&2
}

# Runs a command with its output in a log; on failure shows the log's end.
logged() {
	local log=$1
	shift
	printf '\n$ %s\n' "$*" >>"$log"
	if ! "$@" >>"$log" 2>&1; then
		say "failed: $* (log: $log)"
		tail -n 40 "$log" >&2
		exit 1
	fi
}

# run <xlen> <harts> <elf> <config prefix> [case...]: boot a firmware, keep
# its "@bench case variant value unit baseline" lines as raw rows with the
# configuration prefixed (only the named cases, if any).
run() {
	local xlen=$1 harts=$2 elf=$3 prefix=$4 log out
	shift 4
	log=$logs/$(basename "$elf" .elf)-${prefix//\//_}-${harts}h.log
	if ! timeout 600 "qemu-system-riscv$xlen" -machine virt -nographic \
		-monitor none -m 256M -smp "$harts" -bios none \
		-kernel "$elf" -icount shift=0 >"$log" 2>&1; then
		say "$elf on $harts harts failed (log: $log)"
		tail -n 20 "$log" >&2
		exit 1
	fi
	out=$(tr -d '\r' <"$log" | awk -v p="$prefix" -v keep="$*" '
		BEGIN { n = split(keep, k, " "); for (i = 1; i <= n; i++) want[k[i]] = 1 }
		$1 == "@bench" && (n == 0 || ($2 in want)) {
			print $2, p "/" $3, $4, $5, $6
		}')
	if [[ -z "$out" ]]; then
		say "$elf printed no results (log: $log)"
		exit 1
	fi
	printf '%s\n' "$out" >>"$raw"
}

section_size() {
	# section_size <archive or object> <section>: its bytes, summed over
	# the section and its per-function parts (<section>.*), each rounded
	# up to its alignment as the linker would place them one after another.
	riscv64-unknown-elf-objdump -h "$1" |
		awk -v s="$2" '
		function hex(x,  i, n) {
			for (i = 1; i <= length(x); i++)
				n = n * 16 + index("0123456789abcdef",
						   substr(tolower(x), i, 1)) - 1
			return n
		}
		($2 == s || index($2, s ".") == 1) && $7 ~ /^2\*\*/ {
			size = hex($3)
			align = 2 ^ substr($7, 4)
			n += int((size + align - 1) / align) * align
		}
		END { print n + 0 }'
}

# wide_harts <preset> <xlen>: the patching rows on 16 to 128 harts, from a
# build of the preset's patching benchmarks for that many harts.
wide_harts() {
	local p=$1 xlen=$2 dir=$out/wide-$1 n h
	say "building $p for $WIDE_MAX harts"
	logged "$logs/wide-$p.log" cmake --preset "$p" -B "$dir" \
		-DRVTRACE_MAX_HARTS=$WIDE_MAX
	logged "$logs/wide-$p.log" cmake --build "$dir" --parallel "$jobs" \
		--target bench_patch_1000-m bench_patch_10000-m
	say "running $p on 16 to $WIDE_MAX harts"
	for n in 1000 10000; do
		for h in 16 32 64 $WIDE_MAX; do
			run "$xlen" "$h" "$dir/bench/bench_patch_$n-m.elf" "$p" \
				enable_all_per_site disable_all_per_site \
				ipi_rounds_per_batch round_per_hart \
				ipi_rounds_per_sync
		done
	done
}
WIDE_MAX=128

# The presets: rv64 and rv32 with the C extension, GCC; the same with
# Clang for the costs per call (rv32 without C: the Clang preset there);
# the -ops ones only for the per-function ops slot's own rows.
for p in rv64imac-gcc rv32imac-gcc rv64imac-clang rv32ima-clang \
	rv64imac-gcc-ops rv32imac-gcc-ops; do
	say "building $p"
	xlen=${p:2:2}
	dir=build/$p
	targets=(bench_calls-m bench_funcs_1000_site bench_funcs_1000_plain)
	if [[ $p == *-clang ]]; then
		targets+=(bench_fin_pair-m)
	elif [[ $p != *-ops ]]; then
		targets+=(bench_fin_pair-m bench_patch_100-m bench_patch_1000-m
			bench_patch_10000-m)
	fi
	logged "$logs/$p.log" cmake --preset "$p"
	logged "$logs/$p.log" cmake --build "$dir" --parallel "$jobs" \
		--target "${targets[@]}"

	say "running $p"
	if [[ $p == *-ops ]]; then
		run "$xlen" 1 "$dir/bench/bench_calls-m.elf" "$p" \
			null_hook_ops_slot
	elif [[ $p == *-clang ]]; then
		run "$xlen" 1 "$dir/bench/bench_calls-m.elf" "$p"
		run "$xlen" 1 "$dir/bench/bench_fin_pair-m.elf" "$p"
	else
		run "$xlen" 1 "$dir/bench/bench_calls-m.elf" "$p"
		run "$xlen" 1 "$dir/bench/bench_fin_pair-m.elf" "$p"
		for n in 100 1000 10000; do
			elf=$dir/bench/bench_patch_$n-m.elf
			for h in 1 4 8; do
				cases=(enable_all_per_site disable_all_per_site
					ipi_rounds_per_batch
					enable_all_refetch_per_site
					disable_all_refetch_per_site)
				# Measured before the other harts start.
				((h == 1)) && cases+=(init_per_site)
				((h == 1 && n == 1000)) && cases+=(ram_per_site)
				((h > 1 && n == 1000)) &&
					cases+=(round_per_hart ipi_rounds_per_sync)
				run "$xlen" "$h" "$elf" "$p" "${cases[@]}"
			done
		done
		wide_harts "$p" "$xlen"
	fi

	# Flash per site: the code the sites add, and the site table.
	site=$dir/bench/libbench_funcs_1000_site.a
	plain=$dir/bench/libbench_funcs_1000_plain.a
	code=$(($(section_size "$site" .text) - $(section_size "$plain" .text)))
	table=$(section_size "$site" __patchable_function_entries)
	xray=-
	# Two sleds of 76 bytes per function, as used by LLVM XRay on RV64.
	[[ $xlen == 64 ]] && xray=152.00
	awk -v c="$code" -v t="$table" -v p="$p" -v x="$xray" 'BEGIN {
		printf "text_per_site %s/code+table %.2f bytes %s\n",
			p, (c + t) / 1000, x }' >>"$raw"
done

# The library's own sections per feature set, at -Os, and RAM per hart from
# the difference between builds for 32 and 64 harts.
sets=(none core ftrace graph profile all)
for march in rv64imac rv32imac; do
	for harts in 32 64; do
		dir=$out/os-$march-h$harts
		log=$logs/os-$march-h$harts.log
		say "building the library at -Os for $march, $harts harts"
		logged "$log" cmake -S . -B "$dir" -G Ninja \
			--toolchain "$PWD/cmake/riscv-gcc.cmake" \
			-DRVTRACE_MARCH="$march" -DCMAKE_BUILD_TYPE=MinSizeRel \
			-DRVTRACE_MAX_HARTS="$harts" -DRVTRACE_TESTS=ON
		logged "$log" cmake --build "$dir" --parallel "$jobs" \
			--target "${sets[@]/#/bench_size_}"
	done
	for s in "${sets[@]}"; do
		for harts in 32 64; do
			riscv64-unknown-elf-size \
				"$out/os-$march-h$harts/bench/bench_size_$s.elf" |
				awk 'NR == 2 { print $1, $2, $3 }'
		done | tr '\n' ' '
		echo "$s"
	done | awk -v m="$march" '
		$7 == "none" { t0 = $1; d0 = $2; b0 = $3; next }
		{
			c = m "-Os/" $7
			printf "lib_text %s %.2f bytes -\n", c, $1 - t0
			printf "lib_data %s %.2f bytes -\n", c, $2 - d0
			printf "lib_bss %s %.2f bytes -\n", c, $3 - b0
			printf "ram_per_hart %s %.2f bytes -\n", c,
				(($5 + $6) - ($2 + $3)) / 32
		}' >>"$raw"
done

# RAM without the static pools, for firmware that gives the tracers and the
# profiler buffers of its own (RVTRACE_TRACE_POOL=0 RVTRACE_PROFILE_POOL=0),
# for the 32 harts of the rv64imac-Os rows it is compared with.
dir=$out/os-rv64imac-nopool
log=$logs/os-rv64imac-nopool.log
say "building the library at -Os for rv64imac without the static pools"
logged "$log" cmake -S . -B "$dir" -G Ninja \
	--toolchain "$PWD/cmake/riscv-gcc.cmake" -DRVTRACE_MARCH=rv64imac \
	-DCMAKE_BUILD_TYPE=MinSizeRel -DRVTRACE_TESTS=ON -DRVTRACE_MAX_HARTS=32 \
	-DRVTRACE_TRACE_POOL=0 -DRVTRACE_PROFILE_POOL=0
logged "$log" cmake --build "$dir" --parallel "$jobs" \
	--target bench_size_none bench_size_all
for s in none all; do
	riscv64-unknown-elf-size "$dir/bench/bench_size_$s.elf" |
		awk 'NR == 2 { print $3 }'
done | tr '\n' ' ' | awk '{
	printf "lib_bss rv64imac-Os-nopool/all %.2f bytes -\n", $2 - $1 }' >>"$raw"
# What the pools of the build with them hold, from its CMake cache: the
# goal of the row above.
sed -n 's/^RVTRACE_\(TRACE\|PROFILE\)_POOL:[A-Z]*=//p' \
	"$out/os-rv64imac-h32/CMakeCache.txt" | awk '
	{ n++; sum += $1 }
	END {
		if (n != 2) {
			print "bench.sh: no pool sizes in the -Os cache" > "/dev/stderr"
			exit 1
		}
		printf "static_pools rv64imac-Os/all %.2f bytes -\n", sum
	}' >>"$raw"

{
	qemu-system-riscv64 --version | head -n 1
	riscv64-unknown-elf-gcc --version | head -n 1
	clang --version | head -n 1
} >"$out/versions.txt"
awk -v csv="$out/results.csv" -v md="$out/results.md" \
	-v versions="$out/versions.txt" -f bench/report.awk "$raw"
cat "$out/results.md"
say "wrote $out/results.csv and $out/results.md"
