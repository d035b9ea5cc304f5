#!/bin/sh
# hotplug-cycles: 200 hot-add/hot-remove cycles of an 82574L on a PCIe root port (q35's ACPI
# hotplug) while an application listens with the EAL's device event monitor
# (tests/vm/progs/hotplug-lab.c, mode cycles). Each cycle: the ADD event arrives once, the
# program binds the device to uio_pci_generic, rte_dev_probe attaches net_e1000; the host hook
# (hotplug-cycles.host) device_dels it; the REMOVE event arrives once and the program detaches
# it with rte_dev_remove. No growth in fds, threads, mappings or RSS from cycle 10 to 200.
# The variant hotplug-cycles-vfio (tests/vm/meson.build) does the same on vfio-pci.
#
# vm-timeout: 400
# vm-append: iommu=pt
# vm-netdev: hp
# vm-qemu: -device pcie-root-port,id=rp1,chassis=1,slot=1,bus=pcie.0,addr=0x10
# shellcheck source=../guest/lib.sh
. /vm/lib.sh

# No device is there at init to decide the IOVA mode by, and uio needs IOVA as PA.
case $VM_SCENARIO in
hotplug-cycles-vfio) set -- vfio-pci ;;
*) set -- uio_pci_generic --iova-mode=pa ;;
esac
drv=$1
shift
modprobe "$drv" 2>/dev/null || true
echo 32 >/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages
# Its stdout (markers, checks, figures) goes to the console, where the hook waits for the
# markers; the EAL's log lines to a file, shown at the end.
{ hotplug-lab cycles 200 "$drv" -m 32 "$@" 2>/tmp/cycles.err; echo $? >/tmp/status; } |
	tee /tmp/cycles.log
status=$(cat /tmp/status)
tail -n 40 /tmp/cycles.err
vm_expect_eq "hotplug-lab cycles exit status" 0 "$status"
vm_expect_eq "no check failed" "" "$(grep '^FAIL' /tmp/cycles.log)"
vm_expect_eq "200 probes by net_e1000" 200 "$(grep -c '^HP-PROBED .* net_e1000$' /tmp/cycles.log)"
vm_done
