#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
#
# The long concurrency torture: test/target/torture.c built for many
# switches and run on 8 harts (or more) under QEMU's multi-threaded TCG, in
# M-mode (the short test in the suite runs S-mode too). Prints the
# firmware's figures.
#
#   bash tools/torture.sh [-n SWITCHES] [-H HARTS] [-S SOCKETS] [PRESET]
#
#   -n SWITCHES   successful register/unregister/modify calls (default 12000)
#   -H HARTS      harts of the machine (default 8; above 64 the library is
#                 built for that many; at most 256)
#   -S SOCKETS    sockets they are split into, an ACLINT each (default 1;
#                 1 or 2: QEMU 7.2's virt fails to wire more)
#   PRESET        a RISC-V configure preset (default rv64imac-gcc)
#
# Builds in build/torture/<preset>, apart from the preset's own build.
set -euo pipefail

switches=12000
harts=8
sockets=1
preset=rv64imac-gcc
while (($#)); do
	case $1 in
	-n) switches=${2:?-n needs a number}; shift ;;
	-H) harts=${2:?-H needs a number}; shift ;;
	-S) sockets=${2:?-S needs a number}; shift ;;
	-h | --help) sed -n '9,17s/^# \{0,1\}//p' "$0"; exit 0 ;;
	-*) echo "torture.sh: unknown option $1" >&2; exit 2 ;;
	*) preset=$1 ;;
	esac
	shift
done
if ! [[ "$switches" =~ ^[1-9][0-9]*$ ]]; then
	echo "torture.sh: -n wants a positive number, not '$switches'" >&2
	exit 2
fi
if ! [[ "$harts" =~ ^[1-9][0-9]*$ ]] || ((harts > 256)); then
	echo "torture.sh: -H wants 1 to 256 harts (the most rvtrace's events name), not '$harts'" >&2
	exit 2
fi
if ! [[ "$sockets" =~ ^[12]$ ]] || ((harts % sockets)); then
	echo "torture.sh: -S wants 1 or 2 sockets (QEMU 7.2's virt fails to wire more), dividing the harts, not '$sockets'" >&2
	exit 2
fi

cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash tools/setup.sh
dir=build/torture/$preset
cmake --preset "$preset" -B "$dir" -DRVTRACE_TORTURE_LONG="$switches" \
	-DRVTRACE_TORTURE_HARTS="$harts" -DRVTRACE_TORTURE_SOCKETS="$sockets" \
	-DRVTRACE_MAX_HARTS="$((harts > 64 ? harts : 64))" >/dev/null
cmake --build "$dir" --parallel 2 >/dev/null
ctest --test-dir "$dir" -L torture-long --output-on-failure --verbose |
	grep -E '^[0-9]+: torture:|tests passed|FAIL|unexpected trap|hart [0-9]+:'
