# shellcheck shell=bash
# Shared by the NVMe scenarios' host hooks: once the guest has ended and QEMU has closed the
# disk image, check that the blocks each run of the guest wrote through the nvme PMD are in it.
# nvme_image_hook DISK-ID
nvme_image_hook() {
	local img="$VM_RUN_DIR/disk-$1.img" lines
	hook_wait_console 'TEST-EXIT-STATUS=' 240
	# QEMU may still be writing: wait until no process has the image on its command line.
	for _ in $(seq 100); do
		pgrep -f -- "$img" >/dev/null || break
		sleep 0.1
	done
	# Every run wrote its own blocks (nvme-check: LBA from the seed): one check of them all
	# (the guest's checks echo the program's output again: the checker counts repeats once).
	lines=$(tr -d '\r' <"$VM_CONSOLE_LOG" | grep -a '^PATTERN-WRITTEN' || true)
	python3 "$(dirname "$VM_HOST_LIB")/nvme-image-check.py" "$img" "$lines"
}
