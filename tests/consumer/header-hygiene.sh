#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# Every installed header compiles on its own, with only `pkg-config --cflags openeal`, as
# GNU C11 and as C++17, with -Wall -Wextra -Werror: a stranger's driver may include any one of
# them first, from C or C++. Usage: header-hygiene.sh BUILD_DIR
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/stage-install.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
stage_install "$1" "$work/root"
cflags=$(pkg-config --cflags openeal)
inc=$(dirname "$(find "$work/root" -name rte_common.h | head -n 1)")
n=0
failed=0
for h in "$inc"/*.h; do
	name=$(basename "$h")
	printf '#include <%s>\n' "$name" >"$work/one.c"
	cp "$work/one.c" "$work/one.cc"
	# shellcheck disable=SC2086
	if ! cc -std=gnu11 -Wall -Wextra -Werror $cflags -c "$work/one.c" -o /dev/null 2>"$work/err"; then
		echo "header-hygiene: $name does not compile alone as C:" >&2
		head -n 5 "$work/err" >&2
		failed=$((failed + 1))
	fi
	# shellcheck disable=SC2086
	if ! c++ -std=c++17 -Wall -Wextra -Werror $cflags -c "$work/one.cc" -o /dev/null 2>"$work/err"; then
		echo "header-hygiene: $name does not compile alone as C++:" >&2
		head -n 5 "$work/err" >&2
		failed=$((failed + 1))
	fi
	n=$((n + 1))
done
echo "header-hygiene: $n headers, $failed failures"
[ "$n" -gt 0 ] && [ "$failed" -eq 0 ]
