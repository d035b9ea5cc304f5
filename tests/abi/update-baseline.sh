#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Write tests/abi/lib*.abi, the ABI baselines that the abi-compat tests compare against, from
# the tree as it is now. The release process runs it on the release commit and commits the
# result with the release (doc/abi.md): from then on every change is compared with that
# release's ABI. Between releases nobody runs it, except to accept an ABI break or a change
# that predates the first release, in the commit that makes the change, saying so.
#
# usage: tests/abi/update-baseline.sh [BUILD_DIR]   (default: build-abi-baseline)
# The build uses the default buildtype (debugoptimized: -O2 -g), as CI's build does.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$top/build-abi-baseline}
cd "$top"
bash tests/deps.sh test
if [ ! -f "$build/build.ninja" ]; then
	meson setup "$build" -Dtests=enabled -Dvm_tests=disabled
fi
ninja -C "$build"
OPENEAL_ABI_UPDATE=1 meson test -C "$build" --suite abi-compat --print-errorlogs
git -C "$top" status --short -- tests/abi
