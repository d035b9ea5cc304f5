# shellcheck shell=bash
# Helpers for host hooks (scenarios/<name>.host), sourced with `. "$VM_HOST_LIB"`.
# vm-run starts the hook right after QEMU with these in the environment:
#   VM_QMP_SOCKET  QEMU's QMP unix socket      VM_CONSOLE_LOG  the guest console, as it grows
#   VM_QMP         the QMP client (tests/vm/qmp) VM_RUN_DIR     the run's scratch directory
# Guest and hook synchronise through the console: the guest prints a marker line, the hook
# waits for it (hook_wait_console), acts over QMP, and the guest polls sysfs for the effect.
set -euo pipefail

hook_log() { printf '[%s] %s\n' "$(date +%T.%3N)" "$*"; }

# qmp COMMAND [JSON-ARGS] [--wait-event NAME] [--timeout S]: one command, "return" on stdout.
qmp() {
	"$VM_QMP" "$VM_QMP_SOCKET" "$@"
}

# hook_wait_console REGEX [TIMEOUT]: wait until a console line matches (extended regex).
# Polls every 20 ms, so that hooks can time what the guest prints to that precision.
hook_wait_console() {
	local re=$1 n=$((${2:-60} * 50))
	# grep without -q reads to the end: an early exit would SIGPIPE tr, and pipefail would
	# turn a match into a failure.
	while ! tr -d '\r' 2>/dev/null <"$VM_CONSOLE_LOG" | grep -E -- "$re" >/dev/null; do
		n=$((n - 1))
		if ((n <= 0)); then
			hook_log "timed out waiting for console line /$re/"
			return 1
		fi
		sleep 0.02
	done
}
