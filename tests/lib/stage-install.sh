# SPDX-License-Identifier: BSD-3-Clause
# shellcheck shell=sh
#
# Sourced by the tests that build programs the way a user outside the tree does (tests/consumer,
# tests/vm/oot): install a build directory into a staging root and point pkg-config at it.
#
# stage_install BUILD_DIR ROOT: `meson install --destdir ROOT` (--no-rebuild: meson test has
# just built the tree, and a second ninja run could race with it), then export
# PKG_CONFIG_PATH (the staged directory first, so that an openeal installed on the host is not
# picked up) and PKG_CONFIG_SYSROOT_DIR (the .pc files name the final prefix, /usr/local...;
# the sysroot makes -I and -L point into ROOT), and set stage_libdir to the staged library
# directory. On failure: the reason on stderr, status 1.
stage_install() {
	if ! meson install -C "$1" --destdir "$2" --no-rebuild >"$2.install.log" 2>&1; then
		cat "$2.install.log" >&2
		echo "meson install --destdir $2 failed (log above)" >&2
		return 1
	fi
	_pc=$(find "$2" -name openeal.pc -path '*/pkgconfig/*' | head -n 1)
	if [ -z "$_pc" ]; then
		echo "no openeal.pc under $2: the install did not generate it" >&2
		return 1
	fi
	stage_libdir=$(dirname "$(dirname "$_pc")")
	PKG_CONFIG_PATH=$(dirname "$_pc")${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}
	PKG_CONFIG_SYSROOT_DIR=$2
	export PKG_CONFIG_PATH PKG_CONFIG_SYSROOT_DIR
}
