#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Compare a freshly built shared library's ABI with the committed baseline of the previous
# release (doc/abi.md), with libabigail: abidw dumps both the same way, abidiff compares them.
#
# usage: check-abi.sh --baseline FILE.abi --lib LIB.so --suppr FILE [--header H...]
#   OPENEAL_ABI_UPDATE=1  write the dump of LIB.so to the baseline instead (update-baseline.sh)
#
# Fails (exit 1) on any change abidiff reports in the exported functions and variables or in
# the types they reach: its "incompatible change" bit (8) is only set for a removed symbol, so
# a changed struct layout shows as its "ABI change" bit (4); both fail, as in DPDK's
# devtools/check-abi.sh. Added symbols are accepted (--no-added-syms). A change reviewed as
# compatible is accepted by a suppression in the --suppr file. Exit 77 (meson: skipped) when the
# soname's major differs from the baseline's: a new ABI has no previous release to compare to.
set -uo pipefail

prog=abi-compat
fail() {
	echo "$prog: $*" >&2
	exit 1
}

baseline= lib= suppr=
headers=()
while [ $# -gt 0 ]; do
	case "$1" in
	--baseline) baseline=$2; shift 2 ;;
	--lib) lib=$2; shift 2 ;;
	--suppr) suppr=$2; shift 2 ;;
	--header) headers+=("$2"); shift 2 ;;
	*) fail "unknown argument $1" ;;
	esac
done
[ -n "$baseline" ] && [ -n "$lib" ] && [ -n "$suppr" ] && [ ${#headers[@]} -gt 0 ] ||
	fail "usage: $0 --baseline FILE.abi --lib LIB.so --suppr FILE --header H..."
for tool in abidw abidiff; do
	command -v "$tool" >/dev/null ||
		fail "$tool not found (Debian package abigail-tools); fix: bash tests/deps.sh test"
done
[ -f "$lib" ] || fail "no library $lib: build it first (ninja -C BUILD)"
name=$(basename "$lib")

# abidw reads the types from DWARF: without -g there is nothing to compare. (grep reads all of
# readelf's output: with -q it could exit first and fail the pipeline through SIGPIPE.)
readelf -S "$lib" | grep '\.debug_info' >/dev/null ||
	fail "$name has no debug info; fix: build with debug info" \
		"(meson's default buildtype debugoptimized, or -Ddebug=true)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/openeal-abi.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

# The installed layout: every public header of the library in one directory, and nothing
# else, so that abidw keeps exactly the types those headers define (it matches by file name)
# and drops private ones, whose changes are no one else's concern.
mkdir "$tmp/include"
cp "${headers[@]}" "$tmp/include/" || fail "cannot copy the headers"

# Options that keep the dump independent of where and how the tree was built: no paths (only
# file names in locations), type ids from a hash of the type (not an order), no DT_NEEDED.
dump() {
	abidw --headers-dir "$tmp/include" --drop-private-types --exported-interfaces-only \
		--no-corpus-path --no-comp-dir-path --short-locs --no-elf-needed \
		--type-id-style hash --out-file "$2" "$1"
}

if [ "${OPENEAL_ABI_UPDATE:-}" = 1 ]; then
	dump "$lib" "$baseline" || fail "abidw failed on $lib"
	echo "$prog: wrote $baseline from $name ($(grep -c '<elf-symbol ' "$baseline") symbols)"
	exit 0
fi

[ -f "$baseline" ] ||
	fail "no baseline $baseline for $name; fix: bash tests/abi/update-baseline.sh (doc/abi.md)"
dump "$lib" "$tmp/new.abi" || fail "abidw failed on $lib"

soname_of() { sed -n "s/.*<abi-corpus [^>]*soname='\([^']*\)'.*/\1/p" "$1" | head -n 1; }
old_so=$(soname_of "$baseline")
new_so=$(soname_of "$tmp/new.abi")
abi_major() { local v=${1##*.so.}; echo "${v%%.*}"; }
if [ -z "$old_so" ] || [ "$(abi_major "$old_so")" != "$(abi_major "$new_so")" ]; then
	echo "$prog: $name: soname $new_so, baseline $(basename "$baseline") is for $old_so:" \
		"a new ABI, nothing to compare until the next release's update-baseline.sh; skipped"
	exit 77
fi

abidiff --no-added-syms --suppr "$suppr" "$baseline" "$tmp/new.abi" >"$tmp/report" 2>&1
rc=$?
if [ $rc -eq 0 ]; then
	echo "$prog: $name: no ABI change against $(basename "$baseline") ($old_so)"
	exit 0
fi
cat "$tmp/report"
if [ $((rc & 3)) -ne 0 ]; then
	fail "$name: abidiff failed (exit $rc), report above"
fi
if [ $((rc & 8)) -ne 0 ]; then
	echo "$prog: $name: incompatible ABI change against $(basename "$baseline") (abidiff bit 8: a" \
		"function or variable removed or its symbol version changed), report above" >&2
else
	echo "$prog: $name: ABI change against $(basename "$baseline") (abidiff bit 4: a type or" \
		"signature of the exported API changed), report above" >&2
fi
echo "$prog: fix: keep the old layout/signature; or, if the change is meant, it is an ABI" \
	"break: new soname major and stable node (doc/abi.md); or, if reviewed as compatible," \
	"a suppression in $(basename "$suppr") saying why" >&2
exit 1
