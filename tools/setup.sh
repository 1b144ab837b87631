#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
#
# Install the Debian bookworm packages that rvtrace's build, tests and demo
# need. Idempotent: apt is touched only when something is missing.
set -euo pipefail

packages=(
	# The host preset builds with the default C compiler; cmake only
	# recommends gcc, and recommends are not installed.
	gcc
	libc6-dev
	gcc-riscv64-unknown-elf
	binutils-riscv64-unknown-elf
	picolibc-riscv64-unknown-elf
	qemu-system-misc
	opensbi
	gdb-multiarch
	clang
	lld
	cmake
	ninja-build
	libcmocka-dev
	spin
	libelf-dev
	# rvtrace-decode: DWARF lines; its tests: the libFuzzer runtime (only
	# recommended by clang), python3 for the checks, babeltrace2 to read
	# the CTF output, chromium to render the flame graph.
	libdw-dev
	libclang-rt-14-dev
	python3
	babeltrace2
	chromium
	pkg-config
	git
	ca-certificates
)

say() {
	printf 'rvtrace setup: %s\n' "$*"
}

if ! command -v dpkg-query >/dev/null 2>&1; then
	say "dpkg-query not found: this script supports Debian bookworm only" >&2
	exit 1
fi

missing=()
for pkg in "${packages[@]}"; do
	# "install ok installed" only: a removed package leaves "deinstall ...".
	status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
	if [[ "$status" != "install ok installed" ]]; then
		missing+=("$pkg")
	fi
done

if ((${#missing[@]} == 0)); then
	say "all packages present"
	exit 0
fi

if ((EUID == 0)); then
	sudo=()
elif command -v sudo >/dev/null 2>&1; then
	sudo=(sudo)
else
	say "missing packages: ${missing[*]}" >&2
	say "run this script as root, or install sudo, or install them yourself" >&2
	exit 1
fi

say "installing: ${missing[*]}"
# CI has no terminal: nothing may prompt.
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
	apt-get install -y --no-install-recommends "${missing[@]}"
say "done"
