#!/bin/sh
# doctor-viommu: openeal doctor on real devices behind QEMU's 39-bit Intel vIOMMU without
# iommu=pt (translated DMA domains). Three states: everything on its kernel driver (the fix is
# a bind, and for a function of a shared group the bind names its sibling); then the e1000 on
# vfio-pci by running the fix the doctor printed, the NVMe on uio_pci_generic (refused: its DMA
# to physical addresses would fault) and one function of a multifunction slot on vfio-pci while
# its sibling stays on e1000 (group not viable, the sibling named); then the sibling moved by
# the printed fix. In each state every verdict is checked against what `openeal probe` really
# does with the device, and the JSON report is checked value by value on the host
# (doctor-viommu.host, tests/vm/host/doctor-check.py).
#
# vm-timeout: 170
# vm-netdev: n1
# vm-netdev: n2
# vm-netdev: n3
# vm-disk: d1 16M
# vm-qemu: -device e1000,netdev=n1,mac=@MAC1@,bus=pcie.0,addr=0x2
# vm-qemu: -device nvme,drive=d1,serial=oe-doctor,bus=pcie.0,addr=0x3
# A multifunction slot without ACS: its two e1000 functions share one IOMMU group.
# vm-qemu: -device e1000,netdev=n2,mac=@MAC2@,bus=pcie.0,addr=0x5.0,multifunction=on
# vm-qemu: -device e1000,netdev=n3,mac=@MAC3@,bus=pcie.0,addr=0x5.1
# shellcheck source=../guest/lib.sh
. /vm/lib.sh

NIC=0000:00:02.0
NVME=0000:00:03.0
F0=0000:00:05.0
F1=0000:00:05.1

# doctor_json LABEL [OPTIONS]: the JSON report, base64 between markers, for the host hook
# (stderr after the markers, so that no log line lands inside).
doctor_json() {
	_label=$1
	shift
	openeal doctor --json "$@" >/tmp/doctor.json 2>/tmp/doctor.err
	vm_expect_eq "$_label: doctor --json exit status" 0 $?
	echo "DOCTOR-JSON-BEGIN $_label"
	base64 </tmp/doctor.json
	echo "DOCTOR-JSON-END $_label"
	cat /tmp/doctor.err
}

# doctor_text STATE: run the text report into $doc and check its exit status.
doctor_text() {
	doc=$(openeal doctor)
	vm_expect_eq "$1: doctor exit status" 0 $?
	echo "$doc"
}

line_of() { echo "$doc" | grep "^$1 "; }
fix_of() { line_of "$1" | sed -n 's/.*; fix: //p'; }

# agree STATE ADDR...: the doctor's probe=yes/no for each device is what openeal probe does.
agree() {
	_state=$1
	shift
	for _a in "$@"; do
		case $(line_of "$_a") in
		*" probe=yes"*) _said=1 ;;
		*) _said=0 ;;
		esac
		_did=$(openeal probe -a "$_a" 2>/dev/null | grep -c "^pci $_a ")
		vm_expect_eq "$_state: doctor's verdict on $_a is what probe does" "$_said" "$_did"
	done
}

vm_expect_match "translated domain (no iommu=pt)" "DMA*" \
	"$(cat /sys/kernel/iommu_groups/"$(vm_iommu_group $NIC)"/type)"
vm_expect_eq "slot functions share a group" "$(vm_iommu_group $F0)" "$(vm_iommu_group $F1)"

doctor_json kernel
doctor_text kernel
vm_expect_match "kernel: IOMMU line" \
	"*IOMMU: present: dmar0 (Intel VT-d); address width 39 bits; process addresses*" "$doc"
vm_expect_eq "kernel: fix for the NIC" "openeal bind vfio-pci $NIC" "$(fix_of $NIC)"
vm_expect_eq "kernel: fix for a slot function names its sibling" "openeal bind vfio-pci $F0 $F1" \
	"$(fix_of $F0)"
agree kernel $NIC $NVME $F0

# The fix is a command: run it as printed.
$(fix_of $NIC)
vm_expect_eq "NIC after the doctor's fix" vfio-pci "$(vm_driver $NIC)"
vm_bind $NVME uio_pci_generic
vm_bind $F0 vfio-pci
vm_expect_eq "NVMe on uio_pci_generic" uio_pci_generic "$(vm_driver $NVME)"
vm_expect_eq "slot function 0 on vfio-pci" vfio-pci "$(vm_driver $F0)"

doctor_json bound
doctor_text bound
vm_expect_match "bound: the mode init would choose" \
	"*IOVA mode rte_eal_init would choose: VA (rule B5)*left out: $NVME*" "$doc"
vm_expect_match "bound: VFIO's usable ranges" \
	"*VFIO usable IOVA ranges (group $(vm_iommu_group $NIC)): 0x0-0xfedfffff, 0xfef00000-0x7fffffffff (39 bits)*" \
	"$doc"
vm_expect_match "bound: NIC probeable" \
	"$NIC 8086:100e driver=vfio-pci iommu_group=* (translated, viable for vfio) pmd=net_e1000 probe=yes" \
	"$(line_of $NIC)"
vm_expect_eq "bound: fix for the NVMe on uio" \
	"boot with iommu=pt, or bind it to vfio-pci (openeal bind vfio-pci $NVME)" "$(fix_of $NVME)"
vm_expect_match "bound: slot function 0 not viable, sibling named" \
	"*probe=no: IOMMU group * is not viable for VFIO: it also holds $F1 (e1000); fix: openeal bind vfio-pci $F1" \
	"$(line_of $F0)"
agree bound $NIC $NVME $F0 $F1

$(fix_of $F0)
vm_expect_eq "sibling after the doctor's fix" vfio-pci "$(vm_driver $F1)"
doctor_json fixed
doctor_text fixed
agree fixed $F0 $F1

vm_expect_eq "no DMAR fault in the kernel log" 0 "$(dmesg | grep -c 'DMAR: \[DMA')"
vm_done
