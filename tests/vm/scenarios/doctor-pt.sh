#!/bin/sh
# doctor-pt: openeal doctor with iommu=pt (identity domains for devices not owned by vfio) and
# 64 hugepages reserved on the kernel command line: an e1000 and an NVMe on uio_pci_generic
# must be probeable in IOVA mode PA (row B1), and each verdict must be what `openeal probe`
# really does. Then with --iova-mode va the doctor must refuse both with the fix. The JSON
# reports are checked value by value on the host (doctor-pt.host, tests/vm/host/doctor-check.py).
#
# vm-timeout: 150
# vm-append: iommu=pt hugepages=64
# vm-netdev: n1
# vm-disk: d1 16M
# vm-qemu: -device e1000,netdev=n1,mac=@MAC1@,bus=pcie.0,addr=0x2
# vm-qemu: -device nvme,drive=d1,serial=oe-doctor-pt,bus=pcie.0,addr=0x3
# shellcheck source=../guest/lib.sh
. /vm/lib.sh

NIC=0000:00:02.0
NVME=0000:00:03.0

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

line_of() { echo "$doc" | grep "^$1 "; }

vm_expect_eq "64 hugepages from the command line" 64 \
	"$(cat /sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages)"
for dev in $NIC $NVME; do
	vm_bind $dev uio_pci_generic
	vm_expect_eq "$dev on uio_pci_generic" uio_pci_generic "$(vm_driver $dev)"
	vm_expect_eq "$dev: identity domain (iommu=pt)" identity \
		"$(cat /sys/kernel/iommu_groups/"$(vm_iommu_group $dev)"/type)"
done

doctor_json pt
doc=$(openeal doctor)
vm_expect_eq "doctor exit status" 0 $?
echo "$doc"
vm_expect_match "hugepages" "*hugepages: 2048 kB: 64 free of 64 (node0 64/64)*" "$doc"
vm_expect_match "the mode init would choose" "*IOVA mode rte_eal_init would choose: PA (rule B1)*" \
	"$doc"
for dev in $NIC $NVME; do
	vm_expect_match "$dev probeable" "$dev * driver=uio_pci_generic iommu_group=* (identity, *) pmd=* probe=yes" \
		"$(line_of $dev)"
	vm_expect_eq "$dev: probe takes it, as the doctor said" 1 \
		"$(openeal probe -a $dev 2>/dev/null | grep -c "^pci $dev ")"
done

doctor_json pt-va --iova-mode va
doc=$(openeal doctor --iova-mode va)
echo "$doc"
vm_expect_match "--iova-mode va: NVMe refused with the fix" \
	"*probe=no: not probed: needs IOVA as PA (uio_pci_generic) but the IOVA mode is VA (--iova-mode=va); fix: drop --iova-mode=va, or bind it to vfio-pci (openeal bind vfio-pci $NVME)" \
	"$(line_of $NVME)"
vm_expect_eq "--iova-mode va: probe refuses it, as the doctor said" 0 \
	"$(openeal probe -a $NVME --iova-mode va 2>/dev/null | grep -c "^pci $NVME ")"

vm_expect_eq "no DMAR fault in the kernel log" 0 "$(dmesg | grep -c 'DMAR: \[DMA')"
vm_done
