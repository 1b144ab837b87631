#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
#
# Build the example firmware and run it on QEMU virt (M-mode, 4 harts).
# Exits with QEMU's status, which is the firmware's (0 = it worked).
set -euo pipefail

preset=rv64imac-gcc
build=build/$preset

cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash tools/setup.sh

say() {
	printf '\nrvtrace demo: %s\n' "$*"
}

say "building examples/hello ($preset)"
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" --target hello-m

# One demo step: show the command, run the firmware, keep QEMU's status.
run_firmware() {
	local elf=$1
	shift
	local cmd=(qemu-system-riscv64 -machine virt -nographic -monitor none
		-m 256M "$@" -bios none -kernel "$elf")
	say "${cmd[*]}"
	local rc=0
	# </dev/null: QEMU's console must not read a terminal (or CI's stdin).
	"${cmd[@]}" </dev/null || rc=$?
	say "QEMU exited with status $rc"
	return "$rc"
}

run_firmware "$build/examples/hello-m.elf" -smp 4
