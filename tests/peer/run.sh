#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# The peer suite: build one of DPDK 22.11's own app/test files, unchanged, against the
# INSTALLED openeal (meson install --destdir + pkg-config openeal, as an application would)
# with this directory's test.h and peer_main.c, and run it with DPDK's usual EAL arguments.
#
# usage: tests/peer/run.sh [--build-dir DIR | --pkg PKG] [--dpdk-src TREE] [--status-dir DIR] FILE
#   --build-dir DIR   openeal build directory to install and test (default: $MESON_BUILD_ROOT)
#   --pkg PKG         build against pkg-config package PKG instead (e.g. libdpdk, to check that
#                     test.h is neutral: the files must pass against DPDK itself)
#   --dpdk-src TREE   a DPDK source tree (else $OPENEAL_DPDK_SRC, else the cache that
#                     tests/peer/fetch-dpdk-source.sh fills; see doc/peer-suite.md)
#   --status-dir DIR  also write FILE's one-line status there (tests/peer/summary.sh reads it)
#   FILE              e.g. test_kvargs.c (looked up in TREE/app/test/)
# Environment: PEER_LCORE_SETS overrides the -l values tried (default "0", plus "0-1" when
# CPUs 0 and 1 are both usable). PEER_EAL_ARGS, for diagnosis only, replaces the whole EAL
# command line (one run; the status line then names it): e.g. PEER_EAL_ARGS="--no-huge -m 64"
# shows how far a file gets while an option is still missing.
#
# Exit: 0 built and passed with every lcore set; 77 (meson: skipped) ONLY when no DPDK source
# tree was named and none is cached; 1 anything else (a named tree without app/test, a file
# that does not build, rte_eal_init failing, a test failing or skipping itself, a timeout).
# The last line is the file's status:
#   peer: test_x.c: build=ok|FAILED run[-l 0]=passed|FAILED(...) ... [missing: ...]
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=${MESON_BUILD_ROOT:-}
pkg=
src=${OPENEAL_DPDK_SRC:-}
status_dir=
while [ $# -gt 1 ]; do
	case "$1" in
	--build-dir) build=$2; shift 2 ;;
	--pkg) pkg=$2; shift 2 ;;
	--dpdk-src) [ -n "$2" ] && src=$2; shift 2 ;;
	--status-dir) status_dir=$2; shift 2 ;;
	*) echo "peer: unknown option $1" >&2; exit 1 ;;
	esac
done
[ $# -eq 1 ] || { echo "usage: $0 [--build-dir DIR | --pkg PKG] [--dpdk-src TREE] [--status-dir DIR] FILE" >&2; exit 1; }
file=$1
cc=${CC:-cc}

status() {
	local line="peer: $file: $*"
	echo "$line"
	if [ -n "$status_dir" ]; then
		mkdir -p "$status_dir" && echo "$line" >"$status_dir/${file%.c}${pkg:+.$pkg}"
	fi
}

# The source tree: given, or the cache fetch-dpdk-source.sh fills. A tree that was named but
# is not one is a mistake to report, not a reason to skip.
if [ -n "$src" ] && [ ! -d "$src/app/test" ]; then
	status "FAILED (the DPDK source tree named, $src, has no app/test)"
	exit 1
fi
if [ -z "$src" ]; then
	cache=${OPENEAL_DPDK_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/openeal/dpdk-src}
	[ -d "$cache/tree/app/test" ] && src=$cache/tree
fi
if [ -z "$src" ]; then
	echo "peer: no DPDK source tree: run 'bash tests/deps.sh test' (it fetches" \
		"Debian's dpdk source package into ${cache:-the cache}), or name a tree with" \
		"-Dpeer_dpdk_src=DIR or OPENEAL_DPDK_SRC=DIR"
	status "SKIPPED (no DPDK source tree)"
	exit 77
fi
test_src=$src/app/test/$file
if [ ! -f "$test_src" ]; then
	status "build=FAILED (no $file in $src/app/test)"
	exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/openeal-peer.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

san=
if [ -n "$pkg" ]; then
	cflags=$(pkg-config --cflags "$pkg") || { status "build=FAILED (pkg-config $pkg failed)"; exit 1; }
	libs=$(pkg-config --libs "$pkg")
	# A shared DPDK loads its drivers as plugins; DPDK's app/test links the bus drivers whose
	# functions the files call (rte_vdev_init), so the program does too.
	[ "$pkg" = libdpdk ] && libs="$libs -lrte_bus_vdev -lrte_bus_pci"
	rpath=
	against=$pkg
	# DPDK's build gives app/test the EAL's internal headers (bus_driver.h, rte_eal_paging.h),
	# which Debian's libdpdk-dev does not install.
	[ -d "$src/lib/eal/include" ] && cflags="$cflags -idirafter $src/lib/eal/include"
else
	[ -n "$build" ] || { echo "peer: no build directory (--build-dir or MESON_BUILD_ROOT)" >&2; exit 1; }
	root=$work/root
	# shellcheck source=../lib/stage-install.sh
	. "$here/../lib/stage-install.sh"
	stage_install "$build" "$root" || { status "build=FAILED (cannot stage the install)"; exit 1; }
	libdir=$stage_libdir
	# DPDK's app/test links every driver of its build (test_vdev.c creates net_null devices):
	# so the program links every installed PMD library (openeal-<pmd>.pc) with libopeneal.
	pmds=$(find "$libdir/pkgconfig" -name 'openeal-*.pc' -exec basename {} .pc \; | sort | tr '\n' ' ')
	cflags=$(pkg-config --cflags openeal)
	# shellcheck disable=SC2086 # one package name per word
	libs=$(pkg-config --libs openeal $pmds)
	rpath=-Wl,-rpath,$libdir
	against="the installed openeal"
	# A sanitized library needs its runtime in the program too.
	san=$(meson introspect "$build" --buildoptions | python3 -c '
import json, sys
opts = {o["name"]: o["value"] for o in json.load(sys.stdin)}
v = opts.get("b_sanitize", "none")
print("" if v in ("none", "") else "-fsanitize=" + v)')
fi

# The file is built from a byte-for-byte copy in a directory of its own: a quoted #include
# looks in the including file's directory first, where app/test's own test.h would win over
# ours. app/test stays reachable last (-idirafter) for any other local header a file includes.
mkdir -p "$work/src"
cp "$test_src" "$work/src/$file"
cmp -s "$test_src" "$work/src/$file" || { status "build=FAILED (cannot copy $test_src)"; exit 1; }
test_src=$work/src/$file
# DPDK builds app/test as GNU C with its experimental and internal APIs allowed. Warnings are
# DPDK's business here, not errors: the file is built as it is.
flags=(-std=gnu11 -O1 -g -D_GNU_SOURCE -DALLOW_EXPERIMENTAL_API -DALLOW_INTERNAL_API -I"$here"
	-idirafter "$src/app/test")
echo "peer: building $file (from $src) against $against"
# shellcheck disable=SC2086 # word splitting of the flag lists is intended
if ! "$cc" "${flags[@]}" $san $cflags "$test_src" "$here/peer_main.c" -o "$work/peer_test" \
	$libs $rpath $san -lm >"$work/cc.log" 2>&1; then
	# What is missing, for the lead: every header the file needs and the install lacks (-MG
	# lists them all, where the compiler stops at the first), then what the compiler and the
	# linker could not find.
	# shellcheck disable=SC2086,SC1003
	headers=$("$cc" "${flags[@]}" $cflags -M -MG "$test_src" 2>/dev/null | tr -s ' \\' '\n' |
		grep -E '^[A-Za-z0-9_]+\.h$' | grep -vx 'test.h' | sort -u | tr '\n' ' ')
	symbols=$(grep -oE "implicit declaration of function [‘'][A-Za-z0-9_]+|[‘'][A-Za-z0-9_]+[’'] undeclared|unknown type name [‘'][A-Za-z0-9_]+|undefined type [‘']struct [A-Za-z0-9_]+|undefined reference to [\`'‘][A-Za-z0-9_]+|has no member named [‘'][A-Za-z0-9_]+" "$work/cc.log" |
		sed -E "s/implicit declaration of function [‘']/fn:/; s/[‘']([A-Za-z0-9_]+)[’'] undeclared/id:\1/; s/unknown type name [‘']/type:/; s/undefined type [‘']struct /struct:/; s/undefined reference to [\`'‘]/link:/; s/has no member named [‘']/member:/" |
		sort -u | tr '\n' ' ')
	echo "---- compiler output (first 60 lines)"
	head -n 60 "$work/cc.log"
	echo "----"
	status "build=FAILED missing: ${headers:+headers: $headers}${symbols:+symbols: $symbols}"
	exit 1
fi
[ -s "$work/cc.log" ] && { echo "---- compiler warnings"; cat "$work/cc.log"; echo "----"; }
if [ -z "$pkg" ]; then
	# meson test points LD_LIBRARY_PATH at the build tree; the staged library must be the one.
	unset LD_LIBRARY_PATH
	case "$(ldd "$work/peer_test" | grep libopeneal)" in
	*"$root"*) ;;
	*) status "build=FAILED (the program does not load the staged libopeneal)"; exit 1 ;;
	esac
fi

lcore_sets=${PEER_LCORE_SETS:-}
if [ -z "$lcore_sets" ]; then
	lcore_sets=0
	if python3 -c 'import os, sys; a = os.sched_getaffinity(0); sys.exit(0 if {0, 1} <= a else 1)'; then
		lcore_sets="0 0-1"
	fi
fi

result="build=ok"
ok=1
[ -n "${PEER_EAL_ARGS:-}" ] && lcore_sets=custom
for l in $lcore_sets; do
	args=(--no-huge -m 64 --no-shconf --no-telemetry -l "$l")
	# shellcheck disable=SC2206 # split on blanks, as documented
	[ "$l" = custom ] && args=($PEER_EAL_ARGS)
	# Against DPDK, its PMDs would try to drive this machine's own devices on their kernel
	# drivers (virtio's does: "eth_virtio_pci_init(): Failed to init PCI device"); openeal
	# probes only devices bound to vfio-pci/uio, so it runs the command line unchanged.
	[ -n "$pkg" ] && args+=(--no-pci)
	echo "peer: running ./peer_test ${args[*]}"
	(cd "$work" && timeout 300 ./peer_test "${args[@]}") >"$work/run.log" 2>&1
	rc=$?
	cat "$work/run.log"
	case $rc in
	0) r=passed ;;
	77) r="FAILED(the test skipped itself)"; ok=0 ;;
	2) r="FAILED(rte_eal_init: $(grep -v '^peer:' "$work/run.log" | tail -n 1 | cut -c1-160))"; ok=0 ;;
	124) r="FAILED(timeout after 300 s)"; ok=0 ;;
	*) r="FAILED(exit $rc)"; ok=0 ;;
	esac
	if [ "$l" = custom ]; then
		result="$result run[${args[*]}]=$r"
	else
		result="$result run[-l $l]=$r"
	fi
done
status "$result"
[ "$ok" -eq 1 ]
