#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# Build the out-of-tree PMD scenario's programs the way a PMD author outside openeal does:
# install BUILD_DIR into a staging directory (meson install --destdir), then compile with
# nothing but the staged headers and `pkg-config openeal` (and openeal's own PMD libraries'
# pkg-config files where a program links them). Prints the programs built, one per line.
#
# usage: tests/vm/oot/build.sh BUILD_DIR OUT_DIR
#   OUT_DIR/oot-app          the application with oot_e1000 and oot_nvme compiled in
#   OUT_DIR/oot-app-linked   the same, also linking openeal-net-e1000 and openeal-nvme
#   OUT_DIR/oot-app-plain    the application alone (PMDs come with -d)
#   OUT_DIR/liboot_e1000.so, OUT_DIR/liboot_nvme.so   the PMDs as shared objects, for -d
set -eu

fail() {
	echo "oot-build: $*" >&2
	exit 1
}

[ $# -eq 2 ] || fail "usage: $0 BUILD_DIR OUT_DIR"
build=$(cd "$1" && pwd) || fail "no build directory $1"
src=$(cd "$(dirname "$0")" && pwd)
out=$2
cc=${CC:-cc}
rm -rf "$out"
mkdir -p "$out"
out=$(cd "$out" && pwd)
root=$out/root

# shellcheck source=../../lib/stage-install.sh
. "$src/../../lib/stage-install.sh"
stage_install "$build" "$root" || fail "cannot stage the install"
libdir=$stage_libdir

# compile OUT FLAGS...: strict C11, no _GNU_SOURCE, the staged library found by rpath.
compile() {
	target=$1
	shift
	"$cc" -std=c11 -Wall -Wextra -Werror -pedantic -O2 "$@" -Wl,-rpath,"$libdir" \
		-o "$out/$target" >"$out/$target.log" 2>&1 || {
		cat "$out/$target.log" >&2
		fail "$target does not build against the installed tree"
	}
	echo "$out/$target"
}

# shellcheck disable=SC2046 # the flag lists are meant to be split
compile oot-app $(pkg-config --cflags openeal) "$src/oot_app.c" "$src/oot_e1000.c" \
	"$src/oot_nvme.c" $(pkg-config --libs openeal)
# shellcheck disable=SC2046
compile oot-app-linked $(pkg-config --cflags openeal) "$src/oot_app.c" "$src/oot_e1000.c" \
	"$src/oot_nvme.c" $(pkg-config --libs openeal openeal-net-e1000 openeal-nvme)
# shellcheck disable=SC2046
compile oot-app-plain $(pkg-config --cflags openeal) "$src/oot_app.c" $(pkg-config --libs openeal)
for pmd in e1000 nvme; do
	# shellcheck disable=SC2046
	compile liboot_$pmd.so -shared -fPIC $(pkg-config --cflags openeal) "$src/oot_$pmd.c" \
		$(pkg-config --libs openeal)
done
