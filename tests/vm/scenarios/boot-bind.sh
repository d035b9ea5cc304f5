#!/bin/sh
# boot-bind: the lab's own proof. A guest with every device kind the project cares about must
# come up with each device on its normal kernel driver, and the e1000 must go through
# vfio-pci -> uio_pci_generic -> igb_uio -> e1000 with plain sysfs binding.
# By hand: tests/vm/vm-run --bin build/tests/vm/vm-selftest tests/vm/scenarios/boot-bind.sh
#
# vm-timeout: 150
# vm-netdev: n1
# vm-netdev: n2
# vm-netdev: n3
# vm-netdev: n4
# vm-netdev: n5
# vm-netdev: n6
# vm-disk: d1 16M
# e1000 (INTx only) at 00:02.0: the device that is bound around.
# vm-qemu: -device e1000,netdev=n1,mac=@MAC1@,bus=pcie.0,addr=0x2
# vm-qemu: -device e1000e,netdev=n2,mac=@MAC2@,bus=pcie.0,addr=0x3
# vm-qemu: -device nvme,drive=d1,serial=lab0004,bus=pcie.0,addr=0x4
# virtio-net legacy (I/O BAR0) on pcie.0, modern-only behind a PCIe root port.
# vm-qemu: -device virtio-net-pci,netdev=n3,mac=@MAC3@,bus=pcie.0,addr=0x5
# vm-qemu: -device pcie-root-port,id=rp1,chassis=1,slot=1,bus=pcie.0,addr=0x10
# vm-qemu: -device virtio-net-pci,netdev=n4,mac=@MAC4@,disable-legacy=on,bus=rp1,addr=0x0
# A conventional PCI bridge with an 82545EM behind it.
# vm-qemu: -device pci-bridge,id=br1,chassis_nr=2,bus=pcie.0,addr=0x11
# vm-qemu: -device e1000-82545em,netdev=n5,mac=@MAC5@,bus=br1,addr=0x1
# A multifunction slot: e1000 on function 0, QEMU's edu device (no driver) on function 1.
# vm-qemu: -device e1000,netdev=n6,mac=@MAC6@,bus=pcie.0,addr=0x12.0,multifunction=on
# vm-qemu: -device edu,bus=pcie.0,addr=0x12.1
# shellcheck source=../guest/lib.sh
. /vm/lib.sh

E1000=0000:00:02.0

# --- a program from the build runs (vm-run --bin, meson passes build/tests/vm/vm-selftest) --
vm_expect_cmd "vm-selftest (build-tree program with its libraries and libgcc_s)" vm-selftest

# --- every device is seen, by lspci and on its kernel driver -----------------------------
lspci_n=$(lspci -D -n)
echo "$lspci_n"
# expect BDF ID DRIVER
expect_dev() {
	vm_expect_match "lspci $1" "*$1 * $2*" "$(echo "$lspci_n" | grep "^$1 " || echo missing)"
	if [ -e "$SYSPCI/devices/$1" ]; then
		vm_expect_eq "$1 ($2) ids" "$2" "$(vm_id "$1")"
		vm_expect_eq "$1 ($2) driver" "$3" "$(vm_driver "$1")"
	else
		vm_fail "$1 ($2): not in sysfs"
	fi
}
# The root port, bridge and their children get the bus numbers Linux assigns in scan order.
rp_bus=$(cat "$SYSPCI/devices/0000:00:10.0/subordinate_bus_number" 2>/dev/null || echo x)
br_bus=$(cat "$SYSPCI/devices/0000:00:11.0/subordinate_bus_number" 2>/dev/null || echo x)
rp_bus=$(printf '%02x' "$rp_bus" 2>/dev/null || echo xx)
br_bus=$(printf '%02x' "$br_bus" 2>/dev/null || echo xx)
expect_dev $E1000 8086:100e e1000
expect_dev 0000:00:03.0 8086:10d3 e1000e
expect_dev 0000:00:04.0 1b36:0010 nvme
expect_dev 0000:00:05.0 1af4:1000 virtio-pci
expect_dev 0000:00:10.0 1b36:000c pcieport
expect_dev "0000:$rp_bus:00.0" 1af4:1041 virtio-pci
expect_dev 0000:00:11.0 1b36:0001 none
expect_dev "0000:$br_bus:01.0" 8086:100f e1000
expect_dev 0000:00:12.0 8086:100e e1000
expect_dev 0000:00:12.1 1234:11e8 none
# Topology: the 82545EM really sits behind the bridge, the modern virtio behind the root port.
vm_expect_match "82545EM parent" "*/0000:00:11.0/0000:$br_bus:01.0" "$(readlink -f "$SYSPCI/devices/0000:$br_bus:01.0")"
vm_expect_match "virtio modern parent" "*/0000:00:10.0/0000:$rp_bus:00.0" "$(readlink -f "$SYSPCI/devices/0000:$rp_bus:00.0")"
vm_expect_eq "00:12.0 header multifunction bit" 80 "$(od -An -tx1 -j14 -N1 "$SYSPCI/devices/0000:00:12.0/config" | tr -d ' ')"
# Conventional-bridge children and functions of a slot without ACS share an IOMMU group.
vm_expect_eq "82545EM shares the bridge's IOMMU group" "$(vm_iommu_group 0000:00:11.0)" "$(vm_iommu_group "0000:$br_bus:01.0")"
vm_expect_eq "00:12.1 shares 00:12.0's IOMMU group" "$(vm_iommu_group 0000:00:12.0)" "$(vm_iommu_group 0000:00:12.1)"
# Every e1000-family NIC reads the MAC the harness chose for it.
for pair in "$E1000 $VM_MAC1" "0000:00:03.0 $VM_MAC2" "0000:00:12.0 $VM_MAC6" "0000:$br_bus:01.0 $VM_MAC5"; do
	# shellcheck disable=SC2086 # split "BDF MAC"
	set -- $pair
	ifc=$(vm_netif "$1")
	vm_expect_eq "$1 MAC ($ifc)" "$2" "$(cat "$SYSPCI/devices/$1/net/$ifc/address" 2>/dev/null)"
done
# NVMe namespace from the harness-made disk.
vm_wait 30 test -b /dev/nvme0n1 || true
vm_expect_exists "nvme namespace" /dev/nvme0n1 -b

# --- the binding round trip of the e1000 ----------------------------------------------------
group=$(vm_iommu_group $E1000)
vm_expect_match "e1000 IOMMU group" "[0-9]*" "$group"

vm_log "bind $E1000 to vfio-pci"
vm_bind $E1000 vfio-pci
vm_expect_eq "driver after vfio-pci bind" vfio-pci "$(vm_driver $E1000)"
vm_expect_exists "vfio group node" "/dev/vfio/$group" -c
vm_expect_exists "vfio container node" /dev/vfio/vfio -c
vm_expect_eq "no netdev under vfio-pci" "" "$(vm_netif $E1000)"

vm_log "bind $E1000 to uio_pci_generic"
vm_bind $E1000 uio_pci_generic
vm_expect_eq "driver after uio_pci_generic bind" uio_pci_generic "$(vm_driver $E1000)"
vm_expect_absent "vfio group node released" "/dev/vfio/$group"
uio=$(vm_uio $E1000)
vm_expect_match "uio_pci_generic uio device" "uio[0-9]*" "$uio"
vm_expect_exists "uio_pci_generic map0" "/sys/class/uio/$uio/maps/map0" -d
vm_expect_exists "uio_pci_generic /dev node" "/dev/$uio" -c

vm_log "bind $E1000 to igb_uio"
vm_bind $E1000 igb_uio
vm_expect_eq "driver after igb_uio bind" igb_uio "$(vm_driver $E1000)"
uio=$(vm_uio $E1000)
vm_expect_match "igb_uio uio device" "uio[0-9]*" "$uio"
vm_expect_eq "igb_uio uio name" igb_uio "$(cat "/sys/class/uio/$uio/name" 2>/dev/null)"
vm_expect_exists "igb_uio map0" "/sys/class/uio/$uio/maps/map0" -d
vm_expect_eq "igb_uio map0 size = BAR0 size" 0x0000000000020000 "$(cat "/sys/class/uio/$uio/maps/map0/size" 2>/dev/null)"
vm_expect_exists "igb_uio port0 (BAR1 I/O)" "/sys/class/uio/$uio/portio/port0" -d
vm_expect_exists "igb_uio /dev node" "/dev/$uio" -c

vm_log "back to the kernel driver"
vm_bind_kernel $E1000
vm_expect_eq "driver after restore" e1000 "$(vm_driver $E1000)"
vm_expect_eq "driver_override cleared" "(null)" "$(cat "$SYSPCI/devices/$E1000/driver_override")"
ifc=$(vm_netif $E1000)
vm_expect_eq "MAC after restore ($ifc)" "$VM_MAC1" "$(cat "$SYSPCI/devices/$E1000/net/$ifc/address" 2>/dev/null)"

vm_done
