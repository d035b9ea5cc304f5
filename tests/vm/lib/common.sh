# shellcheck shell=bash
# Shared host-side helpers for the VM lab scripts (sourced, never run).

# Where the harness sources live (tests/vm), whatever the caller's cwd is.
VM_SRC_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export VM_SRC_DIR

# Note for every pipeline here: set -o pipefail is on, so a reader that stops early (awk exit,
# grep -q, head) makes the writer die of SIGPIPE and the pipeline fail. Readers consume all.

vm_log() { printf 'vm-lab: %s\n' "$*" >&2; }

# Failures must be loud: the suite never skips, so every dead end says what to do about it.
vm_die() {
	printf 'vm-lab: ERROR: %s\n' "$*" >&2
	exit 1
}

# apt needs root. Use sudo only when we are not root and it works without a password
# prompt (tests run unattended); otherwise tell the user what to run.
vm_as_root() {
	if [[ $EUID -eq 0 ]]; then
		"$@"
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
		sudo -n "$@"
	else
		vm_die "need root for: $* (run it once as root, then re-run the tests)"
	fi
}

# Seconds since the epoch with millisecond precision, for the timing lines.
vm_now() { date +%s.%N; }
vm_elapsed() { awk -v a="$1" -v b="$(vm_now)" 'BEGIN { printf "%.1f", b - a }'; }

# Take an exclusive lock on FILE for the rest of the calling shell. meson runs two scenarios
# at once and both want to fetch/build the same cached kernel, so every writer of the cache
# serialises here. The fd stays open (and the lock held) until the shell exits.
vm_lock() {
	local file=$1 fd
	mkdir -p "$(dirname "$file")"
	exec {fd}>"$file"
	if ! flock -w 900 "$fd"; then
		vm_die "timed out waiting for lock $file"
	fi
	VM_LOCK_FD=$fd
}

vm_unlock() {
	if [[ -n ${VM_LOCK_FD:-} ]]; then
		flock -u "$VM_LOCK_FD"
		exec {VM_LOCK_FD}>&-
		VM_LOCK_FD=
	fi
}
