#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
#
# The long concurrency torture: test/target/torture.c built for many
# switches and run on 8 harts under QEMU's multi-threaded TCG, in M-mode
# (the short test in the suite runs S-mode too). Prints the firmware's
# figures.
#
#   bash tools/torture.sh [-n SWITCHES] [PRESET]
#
#   -n SWITCHES   successful register/unregister/modify calls (default 12000)
#   PRESET        a RISC-V configure preset (default rv64imac-gcc)
#
# Builds in build/torture/<preset>, apart from the preset's own build.
set -euo pipefail

switches=12000
preset=rv64imac-gcc
while (($#)); do
	case $1 in
	-n) switches=${2:?-n needs a number}; shift ;;
	-h | --help) sed -n '9,13s/^# \{0,1\}//p' "$0"; exit 0 ;;
	-*) echo "torture.sh: unknown option $1" >&2; exit 2 ;;
	*) preset=$1 ;;
	esac
	shift
done
if ! [[ "$switches" =~ ^[1-9][0-9]*$ ]]; then
	echo "torture.sh: -n wants a positive number, not '$switches'" >&2
	exit 2
fi

cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash tools/setup.sh
dir=build/torture/$preset
cmake --preset "$preset" -B "$dir" -DRVTRACE_TORTURE_LONG="$switches" >/dev/null
cmake --build "$dir" --parallel 2 >/dev/null
ctest --test-dir "$dir" -L torture-long --output-on-failure --verbose |
	grep -E '^[0-9]+: torture:|tests passed|FAIL|unexpected trap|hart [0-9]+:'
