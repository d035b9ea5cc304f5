#!/usr/bin/env bash
# Install, with apt, whatever of openeal's build and test dependencies is missing.
# Usage: tests/deps.sh [build|test]   (default: test = everything the test suites need)
# Runs apt only when something is missing, so it is cheap to call before every build. "test"
# also fetches, once, the DPDK source files the peer suite builds (tests/peer/fetch-dpdk-source.sh).
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

# The peer suite's DPDK source (Debian's dpdk source package, into a cache; never installed,
# the system's apt setup untouched). Without it that suite is skipped, so a failure here is
# reported and does not fail the dependencies.
fetch_peer_source() {
	[ "$what" = test ] || return 0
	bash "$(dirname "$0")/peer/fetch-dpdk-source.sh" ||
		echo "deps: no DPDK source for the peer suite (it will be skipped)" >&2
}

missing=()
for p in "${pkgs[@]}"; do
	# dpkg-query prints "install ok installed" only for a fully installed package.
	if [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" != "install ok installed" ]; then
		missing+=("$p")
	fi
done
if [ ${#missing[@]} -ne 0 ]; then
	echo "deps: installing ${missing[*]}" >&2
	sudo_cmd=()
	if [ "$(id -u)" -ne 0 ]; then
		command -v sudo >/dev/null || { echo "deps: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
		sudo_cmd=(sudo)
	fi
	export DEBIAN_FRONTEND=noninteractive
	"${sudo_cmd[@]}" apt-get update -q
	"${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
fetch_peer_source
