#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# Out-of-tree acceptance test: install BUILD_DIR into a staging directory (meson install
# --destdir), build tests/consumer/consumer.c in a scratch directory with nothing but
# `pkg-config --cflags --libs openeal` pointed at the staged openeal.pc, and run it; then
# consumer-pmd.c once per PMD library, with its own pkg-config file and statically.
#
# usage: tests/consumer/run.sh BUILD_DIR
set -eu

fail() {
	echo "consumer-pkgconfig: $*" >&2
	exit 1
}

[ $# -eq 1 ] || fail "usage: $0 BUILD_DIR"
build=$(cd "$1" && pwd) || fail "no build directory $1"
src=$(cd "$(dirname "$0")" && pwd)
cc=${CC:-cc}

stage=$(mktemp -d "${TMPDIR:-/tmp}/openeal-consumer.XXXXXX")
trap 'rm -rf "$stage"' EXIT INT TERM
root=$stage/root

# shellcheck source=../lib/stage-install.sh
. "$src/../lib/stage-install.sh"
stage_install "$build" "$root" || fail "cannot stage the install"
libdir=$stage_libdir
cflags=$(pkg-config --cflags openeal) || fail "pkg-config --cflags openeal failed"
libs=$(pkg-config --libs openeal) || fail "pkg-config --libs openeal failed"
case "$cflags" in
*"$root"*) ;;
*) fail "pkg-config --cflags openeal does not point into the staged install: $cflags" ;;
esac

# A sanitized library needs its runtime in the program too: build the consumer the same way.
san=$(meson introspect "$build" --buildoptions | python3 -c '
import json, sys
opts = {o["name"]: o["value"] for o in json.load(sys.stdin)}
v = opts.get("b_sanitize", "none")
print("" if v in ("none", "") else "-fsanitize=" + v)')

# Strict flags, no _GNU_SOURCE: the installed headers must stand on their own.
cd "$stage"
# build OUT SOURCE LIBS...: compile and link one consumer, or fail with the compiler's log.
build() {
	out=$1 source=$2
	shift 2
	# shellcheck disable=SC2086 # word splitting of the flag lists is intended
	"$cc" -std=c11 -Wall -Wextra -Werror -pedantic $san $cflags "$src/$source" -o "$out" \
		"$@" -Wl,-rpath,"$libdir" $san >"$stage/cc.log" 2>&1 || {
		cat "$stage/cc.log" >&2
		fail "$out does not build against the installed tree (log above)"
	}
}
# shellcheck disable=SC2086
build consumer consumer.c $libs
# meson test points LD_LIBRARY_PATH at the build tree; the staged library must be the one used.
unset LD_LIBRARY_PATH
case "$(ldd ./consumer | grep libopeneal)" in
*"$root"*) ;;
*) fail "the consumer does not load the staged libopeneal: $(ldd ./consumer | grep libopeneal)" ;;
esac
./consumer || fail "the consumer's vdev driver was not probed as expected"

# Each PMD library on its own, as an application links it: pkg-config openeal-<pmd> (shared),
# then its static archive linked whole with libopeneal's.
for pmd in net_null:vdev net_e1000:pci nvme:pci; do
	name=${pmd%%:*} bus=${pmd#*:}
	pc_name=openeal-$(echo "$name" | tr _ -)
	pmd_libs=$(pkg-config --libs "$pc_name") || fail "pkg-config --libs $pc_name failed"
	# shellcheck disable=SC2086
	build "consumer-$name" consumer-pmd.c $pmd_libs
	./"consumer-$name" "$name" "$bus" || fail "linked with $pc_name, $name is not registered alone"
	if [ -z "$san" ]; then
		static_libs=$(pkg-config --static --libs-only-other --libs-only-L openeal)
		# shellcheck disable=SC2086
		build "consumer-$name-static" consumer-pmd.c $static_libs -Wl,--whole-archive \
			-l:libopeneal_"$name".a -l:libopeneal.a -Wl,--no-whole-archive -lnuma -lpthread
		ldd ./"consumer-$name-static" | grep -q libopeneal &&
			fail "consumer-$name-static loads a shared libopeneal"
		./"consumer-$name-static" "$name" "$bus" ||
			fail "linked statically, $name is not registered alone"
	fi
done
