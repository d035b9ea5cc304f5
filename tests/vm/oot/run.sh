#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# The oot-pmd VM scenario: build its programs from the installed tree (build.sh), then run
# the scenario with them in the guest.
# usage: tests/vm/oot/run.sh BUILD_DIR WORK_DIR SCENARIO.sh
set -eu
[ $# -eq 3 ] || { echo "usage: $0 BUILD_DIR WORK_DIR SCENARIO.sh" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
bins=$("$here/build.sh" "$1" "$2/oot-build") || exit 1
set --  --workdir "$2" "$3"
for b in $bins; do
	set -- --bin "$b" "$@"
done
# meson test points LD_LIBRARY_PATH at the build tree: the guest must get the staged libraries
# the programs' RUNPATH names, which is what ldd finds without it.
unset LD_LIBRARY_PATH
exec "$here/../vm-run" "$@"
