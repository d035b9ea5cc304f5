#!/bin/sh
# reprobe-cycles: 1000 rte_dev_probe + rte_dev_remove cycles of one device in one process, no
# hotplug (tests/vm/progs/hotplug-lab.c, mode reprobe): the NVMe on vfio-pci (VA mode, DMA
# queues, MSI-X) and the 82540EM on uio_pci_generic (PA mode, INTx). Every cycle must work, and
# fds, threads, mappings and RSS must be equal at cycle 10 and 1000 (what a leak per probe or
# per remove would break).
#
# vm-timeout: 600
# vm-append: iommu=pt
# vm-netdev: n1
# vm-disk: d1 16M
# vm-qemu: -device nvme,drive=d1,serial=oe-reprobe,bus=pcie.0,addr=0x3
# vm-qemu: -device e1000,netdev=n1,mac=@MAC1@,bus=pcie.0,addr=0x2
# shellcheck source=../guest/lib.sh
. /vm/lib.sh

NVME=0000:00:03.0
E1000=0000:00:02.0
echo 32 >/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages

run() { # run NAME DEVICE DRIVER [EAL options]
	name=$1 dev=$2 drv=$3
	shift 3
	vm_bind "$dev" "$drv"
	vm_expect_eq "$name: $dev on $drv" "$drv" "$(vm_driver "$dev")"
	# -b: not probed at init, so that every probe is the program's.
	hotplug-lab reprobe 1000 "$dev" -m 32 -b "$dev" "$@" >/tmp/$name.log 2>/tmp/$name.err
	status=$?
	cat /tmp/$name.log
	tail -n 20 /tmp/$name.err
	vm_expect_eq "$name: hotplug-lab reprobe exit status" 0 "$status"
	vm_expect_eq "$name: no check failed" "" "$(grep '^FAIL' /tmp/$name.log)"
	vm_expect_match "$name: 1000 cycles" "*1000 of 1000 probe/remove cycles*" "$(cat /tmp/$name.log)"
}

run nvme-vfio $NVME vfio-pci --iova-mode=va
run e1000-uio $E1000 uio_pci_generic --iova-mode=pa
vm_done
