#!/bin/sh
# qmp-hotplug: the host-hook path works. The hook (qmp-hotplug.host) hot-adds an e1000e on a
# PCIe root port over QMP once the guest is ready, and removes it again; the guest sees the
# device arrive on its kernel driver and go away (q35's default ACPI hotplug).
#
# vm-timeout: 120
# vm-netdev: hp
# vm-qemu: -device pcie-root-port,id=rp1,chassis=1,slot=1,bus=pcie.0,addr=0x10
# shellcheck source=../guest/lib.sh
. /vm/lib.sh

RP=0000:00:10.0
bus=$(printf '%02x' "$(cat "$SYSPCI/devices/$RP/secondary_bus_number")")
DEV=0000:$bus:00.0
vm_expect_absent "slot empty at boot" "$SYSPCI/devices/$DEV"

echo "VM-READY-FOR-ADD"
if vm_wait 30 test -e "$SYSPCI/devices/$DEV"; then
	vm_ok "hot-added $DEV appeared"
	vm_wait 10 test -L "$SYSPCI/devices/$DEV/driver" || true
	vm_expect_eq "hot-added ids" 8086:10d3 "$(vm_id "$DEV")"
	vm_expect_eq "hot-added driver" e1000e "$(vm_driver "$DEV")"
	vm_expect_match "hot-added IOMMU group" "[0-9]*" "$(vm_iommu_group "$DEV")"
else
	vm_fail "hot-added device $DEV did not appear within 30 s"
fi

echo "VM-ADDED-OK"
if vm_wait 30 test ! -e "$SYSPCI/devices/$DEV"; then
	vm_ok "hot-removed $DEV is gone"
else
	vm_fail "$DEV still present 30 s after device_del"
fi
vm_done
