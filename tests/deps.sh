#!/usr/bin/env bash
# Install, with apt, whatever of openeal's build and test dependencies is missing.
# Usage: tests/deps.sh [build|test]   (default: test = everything the test suites need)
# Runs apt only when something is missing, so it is cheap to call before every build.
set -euo pipefail

what=${1:-test}
build_pkgs=(meson ninja-build pkg-config gcc libc6-dev libnuma-dev libcunit1-dev)
# clang + its runtime for the libFuzzer targets; QEMU, busybox, cpio and pciutils for the VM lab;
# abigail-tools (abidw, abidiff) for the abi suite's comparison with the last release (doc/abi.md).
test_pkgs=(clang libclang-rt-14-dev qemu-system-x86 busybox-static cpio pciutils abigail-tools)

case "$what" in
build) pkgs=("${build_pkgs[@]}") ;;
test) pkgs=("${build_pkgs[@]}" "${test_pkgs[@]}") ;;
*)
	echo "usage: $0 [build|test]" >&2
	exit 2
	;;
esac

missing=()
for p in "${pkgs[@]}"; do
	# dpkg-query prints "install ok installed" only for a fully installed package.
	if [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" != "install ok installed" ]; then
		missing+=("$p")
	fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps: installing ${missing[*]}" >&2
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
	command -v sudo >/dev/null || { echo "deps: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
	sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -q
"${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
