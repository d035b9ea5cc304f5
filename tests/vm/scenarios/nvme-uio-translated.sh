#!/bin/sh
# nvme-uio-translated: uio_pci_generic without iommu=pt. The vIOMMU gives the NVMe a
# translated ("DMA") domain, and uio drivers map nothing in it, so DMA to physical addresses
# would fault (DMAR "PTE Read access is not set"). rte_eal_init must refuse the device with one
# line saying what it needs, what was chosen and the fix, never touch it, and the kernel log
# must show no DMAR fault. Then, as a control, the same device on vfio-pci works.
#
# vm-timeout: 150
# vm-disk: d1 16M
# vm-qemu: -device nvme,drive=d1,serial=oe-nvme-tr,bus=pcie.0,addr=0x3
# shellcheck source=../guest/lib.sh
. /vm/lib.sh

NVME=0000:00:03.0
echo 16 >/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages
group=$(vm_iommu_group $NVME)
vm_expect_match "translated domain" "DMA*" "$(cat /sys/kernel/iommu_groups/"$group"/type)"

vm_bind $NVME uio_pci_generic
out=$(nvme-check refused $NVME -a $NVME 2>&1)
echo "$out"
vm_expect_match "not probed" "*probed=0*" "$out"
vm_expect_match "left out of the vote: VA (row B5)" "*mode=VA rule=B5*" "$out"
vm_expect_eq "one refusal line" 1 "$(echo "$out" | grep -c "bus.pci: $NVME: not probed")"
vm_expect_match "the line says why and the fix" \
	"*bus.pci: $NVME: not probed: needs physical addresses (uio_pci_generic does not program the IOMMU) but IOMMU group $group translates DMA addresses, so its DMA would fault (IOVA mode VA); fix: boot with iommu=pt, or bind it to vfio-pci (openeal bind vfio-pci $NVME)*" \
	"$out"
vm_expect_match "report verdict" "*device=$NVME need=PA by=uio_pci_generic group=$group domain=translated ok=0*" "$out"
doc=$(openeal doctor 2>&1)
echo "$doc"
vm_expect_match "doctor: the mode init would choose" \
	"*IOVA mode rte_eal_init would choose: VA (rule B5)*left out: $NVME*" "$doc"
vm_expect_match "doctor: not probe-able, and the fix" \
	"*$NVME 1b36:0010 driver=uio_pci_generic iommu_group=$group (translated, viable for vfio) pmd=nvme probe=no: not probed: needs physical addresses*fix: boot with iommu=pt, or bind it to vfio-pci (openeal bind vfio-pci $NVME)*" "$doc"
vm_expect_eq "bus mastering never enabled" 0 \
	"$(( $(od -An -tu2 -j4 -N2 /sys/bus/pci/devices/$NVME/config) & 4 ))"
vm_expect_eq "no DMAR fault in the kernel log" 0 "$(dmesg | grep -c 'DMAR: \[DMA')"

vm_bind $NVME vfio-pci
out=$(nvme-check io $NVME 3 -a $NVME 2>&1)
echo "$out"
vm_expect_match "control: vfio-pci works" "*write=0 flush=0 read=0 pattern=ok*" "$out"
vm_done
