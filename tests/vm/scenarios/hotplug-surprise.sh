#!/bin/sh
# hotplug-surprise: a uio-mapped 82574L is pulled out while its PMD reads a BAR register in a
# loop (tests/vm/progs/hotplug-lab.c, mode surprise), with rte_dev_hotplug_handle_enable. The
# process survives, reads 0xffffffff once the removal is handled (the BAR mapping was replaced
# by all-ones memory before the REMOVE event reached the application), and detaches the
# device once. Once on uio_pci_generic (hp1) and once on igb_uio (hp2); the host hook
# (hotplug-surprise.host) device_dels each when the program is ready.
#
# vm-timeout: 240
# vm-append: iommu=pt
# vm-netdev: n1
# vm-netdev: n2
# vm-qemu: -device pcie-root-port,id=rp1,chassis=1,slot=1,bus=pcie.0,addr=0x10
# vm-qemu: -device pcie-root-port,id=rp2,chassis=2,slot=2,bus=pcie.0,addr=0x11
# vm-qemu: -device e1000e,netdev=n1,mac=@MAC1@,bus=rp1,id=hp1
# vm-qemu: -device e1000e,netdev=n2,mac=@MAC2@,bus=rp2,id=hp2
# shellcheck source=../guest/lib.sh
. /vm/lib.sh

behind() {
	printf '0000:%02x:00.0' "$(cat "$SYSPCI/devices/$1/secondary_bus_number")"
}

run() { # run ID ROOTPORT DRIVER
	dev=$(behind "$2")
	vm_bind "$dev" "$3"
	vm_expect_eq "$1: $dev on $3" "$3" "$(vm_driver "$dev")"
	hotplug-lab surprise "$dev" -m 32 -a "$dev" >/tmp/$1.log 2>&1 &
	pid=$!
	if vm_wait 60 grep -q '^HP-READY' /tmp/$1.log; then
		echo "HP-SURPRISE-READY $1"
	else
		vm_fail "$1: hotplug-lab did not get ready"
	fi
	wait $pid
	status=$?
	cat /tmp/$1.log
	vm_expect_eq "$1: hotplug-lab surprise exit status (alive to the end)" 0 "$status"
	vm_expect_eq "$1: no check failed" "" "$(grep '^FAIL' /tmp/$1.log)"
	vm_expect_match "$1: BARs fenced before the event" "*was removed: its * mapped BARs now read all-ones*" \
		"$(cat /tmp/$1.log)"
	vm_expect_absent "$1: $dev is gone" "$SYSPCI/devices/$dev"
}

# uio needs IOVA as PA, which needs hugepages (physically contiguous DMA memory).
echo 32 >/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages
run hp1 0000:00:10.0 uio_pci_generic
run hp2 0000:00:11.0 igb_uio
vm_done
