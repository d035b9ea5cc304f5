#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Print the peer suite's per-file status lines, as the last run left them.
# usage: tests/peer/summary.sh BUILD_DIR
set -eu
dir=${1:?usage: $0 BUILD_DIR}/tests/peer/status
[ -d "$dir" ] || { echo "no peer status in $dir: run meson test -C ${1} --suite peer" >&2; exit 1; }
cat "$dir"/*
