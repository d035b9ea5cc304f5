#!/bin/sh
# bind-roundtrip: openeal bind/unbind/status (rte_pci_bind.h) on real kernel drivers. The e1000
# goes e1000 -> vfio-pci -> uio_pci_generic -> igb_uio -> e1000 (bind --restore), with
# `openeal status` and sysfs checked after each step; on the way: the refusal of a device whose
# interface is up and --force; modprobe of a driver that is not loaded; restore through the
# modalias when the kernel driver's module is gone; the refusal of an NVMe controller whose
# namespace is mounted; the IOMMU group warning when one function of a multifunction slot
# without ACS goes to vfio-pci while the other stays on e1000; unbind.
# By hand: tests/vm/vm-run --bin build/app/openeal/openeal tests/vm/scenarios/bind-roundtrip.sh
#
# vm-timeout: 150
# vm-netdev: n1
# vm-netdev: n2
# vm-disk: d1 16M
# vm-modules: crc32c_generic ext4
# vm-qemu: -device e1000,netdev=n1,mac=@MAC1@,bus=pcie.0,addr=0x2
# vm-qemu: -device nvme,drive=d1,serial=lab0006,bus=pcie.0,addr=0x4
# A slot without ACS: both functions share an IOMMU group.
# vm-qemu: -device e1000,netdev=n2,mac=@MAC2@,bus=pcie.0,addr=0x12.0,multifunction=on
# vm-qemu: -device edu,bus=pcie.0,addr=0x12.1
# shellcheck source=../guest/lib.sh
. /vm/lib.sh

E1000=0000:00:02.0
NVME=0000:00:04.0
MF0=0000:00:12.0 # e1000
MF1=0000:00:12.1 # edu: no kernel driver

# run CMD...: run openeal, keeping its output in $out and its exit status in $rc.
run() {
	echo "# $*"
	out=$("$@" 2>&1)
	rc=$?
	[ -z "$out" ] || echo "$out"
}

# status_of BDF: "<group title>|driver=<driver>" from `openeal status`.
status_of() {
	openeal status | awk -v a="$1" '/^(Userspace|Kernel|No) driver$/ { g = $0 } $1 == a { print g "|" $4 }'
}

# expect_bound WHAT BDF DRIVER: sysfs and `openeal status` agree the device is on DRIVER.
expect_bound() {
	vm_expect_eq "$1: driver link" "$3" "$(vm_driver "$2")"
	case $3 in
	vfio-pci | igb_uio | uio_pci_generic) _g="Userspace driver" ;;
	none) _g="No driver" ;;
	*) _g="Kernel driver" ;;
	esac
	_d=$3
	[ "$_d" = none ] && _d=-
	vm_expect_eq "$1: openeal status" "$_g|driver=$_d" "$(status_of "$2")"
}

group=$(vm_iommu_group $E1000)
mf_group=$(vm_iommu_group $MF0)
ifc=$(vm_netif $E1000)
vm_expect_match "e1000 interface" "eth*" "$ifc"
expect_bound "at boot" $E1000 e1000
vm_expect_match "status shows the interface down" "* if=$ifc(down)" "$(openeal status | grep "^$E1000 ")"

# --- an interface that is up is not taken away, unless forced ----------------------------------
ip link set "$ifc" up
vm_expect_match "status shows the interface up" "* if=$ifc(up)" "$(openeal status | grep "^$E1000 ")"
run openeal bind vfio-pci $E1000
vm_expect_eq "bind with the interface up: exit status" 1 "$rc"
vm_expect_eq "refusal line" "bus.pci.bind: $E1000: refusing to bind to vfio-pci (now on e1000): its interface $ifc is up (ip link set $ifc down); take it out of use first, or force it (openeal --force, RTE_PCI_BIND_FORCE)" "$out"
expect_bound "refused" $E1000 e1000
run openeal unbind $E1000
vm_expect_eq "unbind with the interface up: exit status" 1 "$rc"
vm_expect_match "unbind refusal names it" "*refusing to unbind (now on e1000): its interface $ifc is up*" "$out"

run openeal bind --force vfio-pci $E1000
vm_expect_eq "forced bind: exit status" 0 "$rc"
vm_expect_match "forced bind warns" "*$E1000: forced to bind to vfio-pci although its interface $ifc is up*" "$out"
vm_expect_match "forced bind reports the move" "*$E1000: e1000 -> vfio-pci*" "$out"
expect_bound "vfio-pci" $E1000 vfio-pci
vm_expect_exists "vfio group node" "/dev/vfio/$group" -c
vm_expect_eq "override stays" vfio-pci "$(cat $SYSPCI/devices/$E1000/driver_override)"
vm_expect_match "status --json" \
	"*\"binding\": \"userspace\", \"driver\": \"vfio-pci\", \"driver_override\": \"vfio-pci\", \"iommu_group\": $group, \"interfaces\": \[\]*" \
	"$(openeal status --json | grep "\"$E1000\"")"
run openeal bind vfio-pci $E1000
vm_expect_eq "bind to the driver it is on: exit status" 0 "$rc"
vm_expect_eq "bind to the driver it is on: says so" "bus.pci.bind: $E1000: already on vfio-pci" "$out"

# --- a driver that is not loaded is loaded with modprobe ---------------------------------------
vm_expect_cmd "rmmod uio_pci_generic" rmmod uio_pci_generic
vm_expect_absent "uio_pci_generic unloaded" $SYSPCI/drivers/uio_pci_generic
run openeal bind uio_pci_generic $E1000
vm_expect_eq "bind to uio_pci_generic: exit status" 0 "$rc"
vm_expect_match "modprobe reported" "*$E1000: loaded driver uio_pci_generic (*modprobe uio_pci_generic)*" "$out"
vm_expect_match "move reported" "*$E1000: vfio-pci -> uio_pci_generic*" "$out"
expect_bound "uio_pci_generic" $E1000 uio_pci_generic
vm_expect_absent "vfio group node released" "/dev/vfio/$group"
uio=$(vm_uio $E1000)
vm_expect_exists "uio_pci_generic /dev node" "/dev/$uio" -c

run openeal bind igb_uio $E1000
vm_expect_eq "bind to igb_uio: exit status" 0 "$rc"
expect_bound "igb_uio" $E1000 igb_uio
uio=$(vm_uio $E1000)
vm_expect_eq "igb_uio uio name" igb_uio "$(cat "/sys/class/uio/$uio/name" 2>/dev/null)"

# --- back to the kernel driver ----------------------------------------------------------------
run openeal bind --restore $E1000
vm_expect_eq "restore: exit status" 0 "$rc"
vm_expect_eq "restore reported" "bus.pci.bind: $E1000: igb_uio -> e1000" "$out"
expect_bound "restored" $E1000 e1000
vm_expect_eq "override cleared" "(null)" "$(cat $SYSPCI/devices/$E1000/driver_override)"
ifc=$(vm_netif $E1000)
vm_expect_eq "MAC after restore ($ifc)" "$VM_MAC1" "$(cat "$SYSPCI/devices/$E1000/net/$ifc/address" 2>/dev/null)"
run openeal bind --restore $E1000
vm_expect_eq "restore again: nothing to do" "bus.pci.bind: $E1000: already on kernel driver e1000" "$out"

# --- unbind, and restore from no driver --------------------------------------------------------
run openeal unbind $E1000
vm_expect_eq "unbind: exit status" 0 "$rc"
vm_expect_eq "unbind reported" "bus.pci.bind: $E1000: e1000 -> no driver" "$out"
expect_bound "unbound" $E1000 none
run openeal bind --restore $E1000
expect_bound "restored from no driver" $E1000 e1000

# --- restore when the kernel driver's module is gone: modprobe by modalias ---------------------
run openeal bind vfio-pci $E1000
expect_bound "vfio-pci again" $E1000 vfio-pci
vm_expect_cmd "rmmod e1000" rmmod e1000
expect_bound "e1000 module gone: the other e1000" $MF0 none
run openeal bind --restore $E1000
vm_expect_eq "restore through modalias: exit status" 0 "$rc"
vm_expect_eq "restore through modalias reported" "bus.pci.bind: $E1000: vfio-pci -> e1000" "$out"
expect_bound "restored through modalias" $E1000 e1000
# Loading the module binds every matching device without a driver.
expect_bound "module reloaded: the other e1000" $MF0 e1000

# --- IOMMU group viability: one function of the slot on vfio-pci, the other on e1000 ------------
vm_expect_eq "slot functions share an IOMMU group" "$mf_group" "$(vm_iommu_group $MF1)"
run openeal bind vfio-pci $MF1
vm_expect_eq "bind edu: exit status" 0 "$rc"
vm_expect_eq "non-viable group warning" "bus.pci.bind: $MF1: no driver -> vfio-pci
bus.pci.bind: $MF1: IOMMU group $mf_group is not viable, VFIO cannot use it while $MF0 (e1000) stays on its kernel driver; fix: openeal bind vfio-pci $MF0 (or openeal unbind $MF0)" "$out"
expect_bound "edu on vfio-pci" $MF1 vfio-pci
run openeal bind vfio-pci $MF0
vm_expect_eq "bind the other function: exit status" 0 "$rc"
vm_expect_eq "group viable now: no warning" "bus.pci.bind: $MF0: e1000 -> vfio-pci" "$out"
run openeal bind --restore $MF0 $MF1
vm_expect_eq "restore both: exit status" 0 "$rc"
expect_bound "slot restored: e1000" $MF0 e1000
expect_bound "slot restored: edu" $MF1 none
vm_expect_match "edu has no kernel driver: a notice" "*$MF1: vfio-pci -> no driver: *" "$out"
# Both functions in one command: the group is checked after both are bound.
run openeal bind vfio-pci $MF1 $MF0
vm_expect_eq "bind both at once: exit status" 0 "$rc"
vm_expect_eq "bind both at once: no warning" "bus.pci.bind: $MF1: no driver -> vfio-pci
bus.pci.bind: $MF0: e1000 -> vfio-pci" "$out"

# --- a mounted filesystem keeps its controller -------------------------------------------------
vm_wait 30 test -b /dev/nvme0n1 || true
mkdir -p /mnt/lab
vm_expect_cmd "mke2fs on the NVMe namespace" mke2fs -q /dev/nvme0n1
vm_expect_cmd "mount it" mount -t ext2 /dev/nvme0n1 /mnt/lab
run openeal bind vfio-pci $NVME
vm_expect_eq "bind a mounted NVMe: exit status" 1 "$rc"
vm_expect_eq "mount refusal line" "bus.pci.bind: $NVME: refusing to bind to vfio-pci (now on nvme): nvme0n1 is mounted on /mnt/lab (umount /mnt/lab); take it out of use first, or force it (openeal --force, RTE_PCI_BIND_FORCE)" "$out"
expect_bound "mounted NVMe stays" $NVME nvme
vm_expect_cmd "umount" umount /mnt/lab
run openeal bind vfio-pci $NVME
vm_expect_eq "bind the unmounted NVMe: exit status" 0 "$rc"
expect_bound "NVMe on vfio-pci" $NVME vfio-pci
vm_expect_absent "namespace gone" /dev/nvme0n1
run openeal bind --restore $NVME
expect_bound "NVMe restored" $NVME nvme
vm_wait 30 test -b /dev/nvme0n1 || true
vm_expect_exists "namespace back" /dev/nvme0n1 -b

# --- usage errors and unknown devices -----------------------------------------------------------
run openeal bind $E1000 vfio-pci
vm_expect_eq "arguments swapped: usage status" 2 "$rc"
run openeal bind vfio-pci 0000:00:1e.0
vm_expect_eq "no such device: exit status" 1 "$rc"
vm_expect_eq "no such device: line" "bus.pci.bind: 0000:00:1e.0: cannot bind to vfio-pci: no such PCI device in /sys/bus/pci/devices (openeal status lists them)" "$out"

vm_done
