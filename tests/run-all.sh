#!/usr/bin/env bash
# The README's test command: install what is missing, build, run every suite.
#   unit   - CUnit suite, gcc build (build/)
#   hostile - damaged sysfs trees (FIFOs, sockets, loops, huge and bad values, a tree changing
#            under the scan) against every command and rte_eal_init (build/, tests/hostile)
#   faults - each call of each kind the library makes (allocation, open, read, mmap, ioctl,
#            eventfd, epoll, pthread_create) failed in turn across init, probe and cleanup
#            (build/, tests/faults); again under ASan (build-asan/), where LSan checks memory
#   abi    - exports = installed headers, abidiff against the last release (build/, doc/abi.md)
#   analyzer - gcc -fanalyzer over the library, PMDs and CLI; a finding not in
#            tests/analyzer/baseline.txt (each listed with why it is no bug) fails (build-analyzer/)
#   asan   - the unit, hostile and faults suites again under AddressSanitizer + UBSan (build-asan/);
#            any report fails
#   tsan   - the tests that run the library from several threads (meson suite 'threads':
#            interrupts, alarms, device events, hotplug, vdev, lcores, the PCI scan, logging,
#            hostile-race) under ThreadSanitizer (build-tsan/, clang; tests/tsan.supp)
#   vm     - the QEMU lab: real devices on real vfio-pci/uio drivers (build/)
#   fuzz   - libFuzzer targets, a bounded run each, and the unit suite under clang's ASan +
#            UBSan (build-fuzz/, clang)
#   peer   - DPDK 22.11's own EAL unit-test files built unchanged against the installed openeal
#            (build/; skipped when no DPDK source tree could be had, see doc/peer-suite.md)
# Ends with one line "N passed, N failed, N skipped" counted from meson's test logs, and exits
# non-zero when anything failed (a build that fails counts as a failure of its stage).
# Environment: SUITES="unit hostile faults abi analyzer asan tsan vm fuzz peer" to choose stages; MESON_TEST_ARGS passed to meson test.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
suites=${SUITES:-unit hostile faults abi analyzer asan tsan vm fuzz peer}
extra_args=${MESON_TEST_ARGS:-}
stage_failures=0
logs=()
start=$(date +%s)

note() { printf '\n=== %s\n' "$*"; }
stage_failed() {
	echo "run-all: stage '$1' failed: $2" >&2
	stage_failures=$((stage_failures + 1))
}

# setup_build DIR [meson options...]: configure once, then let ninja regenerate as needed.
setup_build() {
	local dir=$1
	shift
	if [ ! -f "$dir/build.ninja" ]; then
		meson setup "$dir" "$@" >"$dir.setup.log" 2>&1 || { cat "$dir.setup.log" >&2; return 1; }
	fi
	ninja -C "$dir" || return 1
}

# run_suite DIR SUITE: run one meson suite, keep its JSON log for the final count.
run_suite() {
	local dir=$1 suite=$2
	local log="$dir/meson-logs/testlog-$suite.json"
	rm -f "$log"
	# shellcheck disable=SC2086
	meson test -C "$dir" --suite "$suite" --print-errorlogs --logbase "testlog-$suite" $extra_args
	if [ -f "$log" ]; then
		logs+=("$log")
	else
		stage_failed "$suite" "meson wrote no test log"
	fi
}

# run_sanitized DIR STAGE SUITE: a suite of a sanitizer build; any report fails STAGE.
run_sanitized() {
	local dir=$1 stage=$2 suite=$3
	# halt_on_error makes every sanitizer report a test failure.
	ASAN_OPTIONS=halt_on_error=1:abort_on_error=1:detect_leaks=1:print_summary=1 \
		UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_stacktrace=1:print_summary=1 \
		run_suite "$dir" "$suite"
	if grep -l -E 'ERROR: (Address|Leak)Sanitizer|runtime error:' \
		"$dir/meson-logs/testlog-$suite.txt" >/dev/null 2>&1; then
		stage_failed "$stage" "sanitizer report in $dir/meson-logs/testlog-$suite.txt"
	fi
}

# in_main_build SUITE: a suite of the main build (build/), which every such stage shares.
in_main_build() {
	if setup_build build -Dtests=enabled -Dvm_tests=enabled; then
		run_suite build "$1"
	else
		stage_failed "$1" "build failed"
		return 1
	fi
}

note "dependencies"
bash tests/deps.sh test || stage_failed deps "apt could not install the dependencies"

for s in $suites; do
	case "$s" in
	unit)
		note "unit suite (gcc)"
		in_main_build unit
		;;
	hostile)
		note "hostile suite (damaged sysfs trees against every command and rte_eal_init)"
		in_main_build hostile
		;;
	faults)
		note "faults suite (every allocation, open, read, mmap, ioctl, eventfd, epoll, thread creation failed in turn)"
		in_main_build faults
		;;
	abi)
		note "abi suite (exports, abidiff against tests/abi/*.abi)"
		in_main_build abi
		;;
	asan)
		note "unit suite under AddressSanitizer + UndefinedBehaviorSanitizer"
		if setup_build build-asan -Dtests=enabled -Dvm_tests=disabled \
			-Db_sanitize=address,undefined -Db_lundef=false; then
			run_sanitized build-asan asan unit
			run_sanitized build-asan asan hostile
			run_sanitized build-asan asan faults
		else
			stage_failed asan "build failed"
		fi
		;;
	analyzer)
		note "static analysis gate (gcc -fanalyzer against tests/analyzer/baseline.txt)"
		# Not a meson suite: a new finding fails the stage, and the count says so.
		bash tests/analyzer/run-analyzer . build-analyzer ||
			stage_failed analyzer "a finding not in tests/analyzer/baseline.txt (above)"
		;;
	tsan)
		note "the 'threads' suite under ThreadSanitizer (build-tsan/, clang)"
		if CC=clang setup_build build-tsan -Dtests=enabled -Dvm_tests=disabled \
			-Db_sanitize=thread -Db_lundef=false; then
			# halt_on_error: a report fails the test; tests/tsan.supp says why each
			# suppression is no bug.
			TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$top/tests/tsan.supp" \
				run_suite build-tsan threads
			if grep -l 'WARNING: ThreadSanitizer' build-tsan/meson-logs/testlog-threads.txt \
				>/dev/null 2>&1; then
				stage_failed tsan "report in build-tsan/meson-logs/testlog-threads.txt"
			fi
		else
			stage_failed tsan "build failed"
		fi
		;;
	vm)
		note "vm suite (QEMU guest, real kernel drivers)"
		vm_start=$(date +%s)
		in_main_build vm
		echo "vm suite: $(($(date +%s) - vm_start)) s in total"
		;;
	fuzz)
		note "fuzz suite (libFuzzer, bounded runs)"
		if CC=clang setup_build build-fuzz -Dfuzz=true -Dtests=enabled -Dvm_tests=disabled \
			-Db_sanitize=address,undefined -Db_lundef=false; then
			run_suite build-fuzz fuzz
			# clang's UBSan catches what gcc's does not (NULL + 0, for one): the unit
			# suite once more, from the same build.
			run_sanitized build-fuzz fuzz unit
		else
			stage_failed fuzz "build failed"
		fi
		;;
	peer)
		note "peer suite (DPDK 22.11's app/test files against the installed openeal)"
		in_main_build peer && bash tests/peer/summary.sh build || true
		;;
	*)
		stage_failed "$s" "unknown suite"
		;;
	esac
done

read -r passed failed skipped < <(python3 tests/count-results.py "${logs[@]}")
failed=$((failed + stage_failures))
echo "run-all: $(($(date +%s) - start)) s"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
