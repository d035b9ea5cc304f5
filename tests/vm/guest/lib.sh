# shellcheck shell=sh
# Guest helpers for scenarios (busybox sh): `. /vm/lib.sh` at the top of a scenario.
# Checks never stop the scenario; they count failures, and vm_done exits non-zero if any failed,
# so one run reports every broken expectation with what was expected and what was seen.

VM_CHECKS=0
VM_FAILURES=0
SYSPCI=/sys/bus/pci

vm_log() { echo "[$(cut -d' ' -f1 /proc/uptime)] $*"; }

vm_ok() {
	VM_CHECKS=$((VM_CHECKS + 1))
	echo "ok: $*"
}

vm_fail() {
	VM_CHECKS=$((VM_CHECKS + 1))
	VM_FAILURES=$((VM_FAILURES + 1))
	echo "FAIL: $*"
}

# vm_expect_eq WHAT EXPECTED GOT
vm_expect_eq() {
	if [ "$2" = "$3" ]; then
		vm_ok "$1 = '$3'"
	else
		vm_fail "$1: expected '$2', got '$3'"
	fi
}

# vm_expect_match WHAT PATTERN GOT (shell glob pattern)
vm_expect_match() {
	# shellcheck disable=SC2254 # the pattern is meant to be a glob
	case $3 in
	$2) vm_ok "$1 = '$3'" ;;
	*) vm_fail "$1: expected something like '$2', got '$3'" ;;
	esac
}

# vm_expect_exists WHAT PATH [TEST] (TEST is a test(1) flag, -e by default: -c, -d, -L ...)
vm_expect_exists() {
	if test "${3:--e}" "$2"; then
		vm_ok "$1: $2 exists"
	else
		vm_fail "$1: expected $2 to exist (test ${3:--e}), it does not"
	fi
}

vm_expect_absent() {
	if [ -e "$2" ] || [ -L "$2" ]; then
		vm_fail "$1: expected $2 to be absent, it exists"
	else
		vm_ok "$1: $2 absent"
	fi
}

# vm_expect_cmd WHAT CMD... (the command must succeed; its output is shown on failure)
vm_expect_cmd() {
	_what=$1
	shift
	if _out=$("$@" 2>&1); then
		vm_ok "$_what"
	else
		vm_fail "$_what: '$*' failed: $_out"
	fi
}

# Exit with the verdict; the last line a scenario runs.
vm_done() {
	echo "vm: $VM_CHECKS checks, $VM_FAILURES failed"
	[ "$VM_FAILURES" -eq 0 ] || exit 1
	exit 0
}

# vm_wait SECONDS CMD...: poll CMD every 0.1 s until it succeeds; 1 on timeout.
vm_wait() {
	_n=$(($1 * 10))
	shift
	while ! "$@" >/dev/null 2>&1; do
		_n=$((_n - 1))
		[ "$_n" -gt 0 ] || return 1
		sleep 0.1
	done
	return 0
}

# --- PCI devices through sysfs --------------------------------------------------------------

# vm_find VENDOR:DEVICE (hex, no 0x): the addresses of all matching functions, one per line.
vm_find() {
	for _d in "$SYSPCI"/devices/*; do
		_v=$(cat "$_d/vendor")
		_i=$(cat "$_d/device")
		[ "${_v#0x}:${_i#0x}" = "$1" ] && echo "${_d##*/}"
	done
	return 0
}

# vm_id BDF: "vendor:device" of a function.
vm_id() {
	_v=$(cat "$SYSPCI/devices/$1/vendor")
	_i=$(cat "$SYSPCI/devices/$1/device")
	echo "${_v#0x}:${_i#0x}"
}

# vm_driver BDF: the bound driver's name, or "none".
vm_driver() {
	if [ -L "$SYSPCI/devices/$1/driver" ]; then
		_l=$(readlink "$SYSPCI/devices/$1/driver")
		echo "${_l##*/}"
	else
		echo none
	fi
}

# vm_iommu_group BDF: the IOMMU group number, or "none".
vm_iommu_group() {
	if [ -L "$SYSPCI/devices/$1/iommu_group" ]; then
		_l=$(readlink "$SYSPCI/devices/$1/iommu_group")
		echo "${_l##*/}"
	else
		echo none
	fi
}

# vm_netif BDF: the network interface names of a function (empty if none).
vm_netif() {
	ls "$SYSPCI/devices/$1/net" 2>/dev/null || true
}

# vm_uio BDF: the uioN of a function bound to a uio driver (empty if none).
vm_uio() {
	ls "$SYSPCI/devices/$1/uio" 2>/dev/null || true
}

vm_unbind() {
	if [ -L "$SYSPCI/devices/$1/driver" ]; then
		echo "$1" >"$SYSPCI/devices/$1/driver/unbind"
	fi
}

# vm_bind BDF DRIVER: plain sysfs binding the way dpdk-devbind does it: unbind, set
# driver_override, ask the bus to probe. The override stays set, so no other driver grabs the
# device; vm_bind_kernel clears it.
vm_bind() {
	vm_unbind "$1"
	echo "$2" >"$SYSPCI/devices/$1/driver_override"
	echo "$1" >"$SYSPCI/drivers_probe"
}

# vm_bind_kernel BDF: back to whatever kernel driver matches the device's ids.
vm_bind_kernel() {
	vm_unbind "$1"
	echo >"$SYSPCI/devices/$1/driver_override"
	echo "$1" >"$SYSPCI/drivers_probe"
}
