#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Fetch the DPDK app/test files the peer suite builds, from Debian's `dpdk` source package,
# into a cache directory (nothing of DPDK is ever committed to this project).
#
# The system's apt setup is left untouched: a private apt directory gets the machine's own
# sources rewritten to `Types: deb-src` (one-line `deb` entries to `deb-src`), its own lists and
# cache, and its own `apt-get update`. `apt-get source --download-only` then fetches the .dsc
# and tarballs, and only app/test/ is unpacked from the upstream tarball.
#
# usage: tests/peer/fetch-dpdk-source.sh [CACHE_DIR]
#   CACHE_DIR defaults to $OPENEAL_DPDK_CACHE, else ${XDG_CACHE_HOME:-~/.cache}/openeal/dpdk-src.
#   On success CACHE_DIR/tree is a DPDK source tree holding app/test/ and lib/eal/include/
#   (and CACHE_DIR/VERSION
#   names the package version). Exits 0 when the tree is there (already or now), 1 otherwise.
set -euo pipefail

cache=${1:-${OPENEAL_DPDK_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/openeal/dpdk-src}}
say() { echo "fetch-dpdk-source: $*" >&2; }

if [ -f "$cache/tree/app/test/test_kvargs.c" ] && [ -f "$cache/tree/lib/eal/include/bus_driver.h" ]; then
	exit 0
fi
command -v apt-get >/dev/null || { say "no apt-get on this machine: cannot fetch Debian's dpdk source"; exit 1; }

mkdir -p "$cache"
apt_dir=$(mktemp -d "$cache/apt.XXXXXX")
trap 'rm -rf "$apt_dir"' EXIT INT TERM
mkdir -p "$apt_dir/sources.list.d" "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" \
	"$apt_dir/download"

# The machine's own mirrors, as source repositories. Files apt would not read (*.disabled...)
# are skipped, as apt skips them.
found=0
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
	[ -f "$f" ] || continue
	case "$f" in
	*.sources)
		sed -E 's/^Types:.*/Types: deb-src/' "$f" >"$apt_dir/sources.list.d/$(basename "$f")"
		;;
	*.list)
		sed -E -n 's/^[[:space:]]*deb[[:space:]]/deb-src /p' "$f" \
			>"$apt_dir/sources.list.d/$(basename "$f")"
		;;
	esac
	found=1
done
[ "$found" -eq 1 ] || { say "no apt sources in /etc/apt: cannot fetch Debian's dpdk source"; exit 1; }

apt_opts=(-o Dir::Etc::sourcelist=/dev/null
	-o Dir::Etc::sourceparts="$apt_dir/sources.list.d"
	-o Dir::State::Lists="$apt_dir/lists"
	-o Dir::Cache="$apt_dir/cache"
	-o Debug::NoLocking=1
	-o APT::Sandbox::User=root)
if ! apt-get "${apt_opts[@]}" -q update >"$apt_dir/update.log" 2>&1; then
	cat "$apt_dir/update.log" >&2
	say "apt-get update of the private deb-src lists failed (log above)"
	exit 1
fi
if ! (cd "$apt_dir/download" && apt-get "${apt_opts[@]}" -q source --download-only dpdk) \
	>"$apt_dir/source.log" 2>&1; then
	cat "$apt_dir/source.log" >&2
	say "apt-get source --download-only dpdk failed (log above)"
	exit 1
fi
orig=$(find "$apt_dir/download" -maxdepth 1 -name 'dpdk_*.orig.tar.*' | head -n 1)
dsc=$(find "$apt_dir/download" -maxdepth 1 -name 'dpdk_*.dsc' | head -n 1)
if [ -z "$orig" ] || [ -z "$dsc" ]; then
	say "apt-get source gave no dpdk_*.orig.tar.* and .dsc"
	exit 1
fi

# Only app/test/ and lib/eal/include/ are unpacked (a few MB instead of the whole tree); the
# second is for building the files against DPDK itself (run.sh --pkg libdpdk), as DPDK's own
# build gives app/test its internal headers. The upstream tarball's top directory
# (dpdk-stable-22.11.x/) is stripped so that tree/ is the source root.
rm -rf "$cache/tree.new"
mkdir -p "$cache/tree.new"
if ! tar -xf "$orig" -C "$cache/tree.new" --strip-components=1 --wildcards '*/app/test/*' \
	'*/lib/eal/include/*' --exclude='*/app/test/*/*' 2>"$apt_dir/tar.log"; then
	cat "$apt_dir/tar.log" >&2
	say "cannot unpack app/test from $orig"
	exit 1
fi
sed -n 's/^Version: //p' "$dsc" >"$cache/VERSION"
rm -rf "$cache/tree"
mv "$cache/tree.new" "$cache/tree"
say "DPDK $(cat "$cache/VERSION") app/test unpacked in $cache/tree"
