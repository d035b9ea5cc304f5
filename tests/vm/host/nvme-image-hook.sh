# shellcheck shell=bash
# Shared by the NVMe scenarios' host hooks: once the guest has ended and QEMU has closed the
# disk image, check that the blocks the guest wrote through the nvme PMD are in it.
# nvme_image_hook DISK-ID
nvme_image_hook() {
	local img="$VM_RUN_DIR/disk-$1.img" line
	hook_wait_console 'TEST-EXIT-STATUS=' 170
	# QEMU may still be writing: wait until no process has the image on its command line.
	for _ in $(seq 100); do
		pgrep -f -- "$img" >/dev/null || break
		sleep 0.1
	done
	line=$(tr -d '\r' <"$VM_CONSOLE_LOG" | grep -a '^PATTERN-WRITTEN' | tail -n 1 || true)
	python3 "$(dirname "$VM_HOST_LIB")/nvme-image-check.py" "$img" "$line"
}
