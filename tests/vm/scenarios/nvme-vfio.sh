#!/bin/sh
# nvme-vfio: real DMA through vfio-pci behind the 39-bit Intel vIOMMU (IOVA as VA). The nvme
# PMD (drivers/nvme) brings QEMU's controller up with its queues in openeal DMA memory, reads
# Identify (the serial QEMU was given, model "QEMU NVMe Ctrl"), writes a pattern to 8 blocks,
# flushes, reads them back; the host hook then finds the pattern in the disk image after the
# guest powered off (nvme-vfio.host).
# The guest's user addresses are 47-bit, above what the IOMMU translates (usable IOVA ranges
# [0, 0xfedfffff] and [0xfef00000, 0x7fffffffff]): DMA works because openeal allocates IOVAs
# inside those ranges (DPDK cannot map such memory). Run twice: memory grown after the device
# arrived, and memory reserved with -m before it (mapped when the device arrives).
#
# vm-timeout: 170
# vm-disk: d1 16M
# vm-qemu: -device nvme,drive=d1,serial=oe-nvme-va,bus=pcie.0,addr=0x3
# shellcheck source=../guest/lib.sh
. /vm/lib.sh

NVME=0000:00:03.0
doc=$(openeal doctor 2>&1)
echo "$doc"
vm_expect_match "doctor: the vIOMMU" "*IOMMU: present: dmar0 (Intel VT-d); address width 39 bits; process addresses 47 bits*" "$doc"
vm_expect_match "doctor: on the kernel's nvme driver, with the fix" \
	"*$NVME 1b36:0010 driver=nvme iommu_group=* (translated, viable for vfio) pmd=nvme probe=no: on kernel driver nvme; fix: openeal bind vfio-pci $NVME*" "$doc"

vm_bind $NVME vfio-pci
vm_expect_eq "nvme on vfio-pci" vfio-pci "$(vm_driver $NVME)"

# check_io OUTPUT SEED: what every successful run must show.
check_io() {
	_out=$1
	vm_expect_match "mode VA (row B5)" "*mode=VA rule=B5*" "$_out"
	vm_expect_match "IOMMU is 39-bit, addresses 47-bit" "*iommu=1 iommu_bits=39 va_bits=47 remap=1*" "$_out"
	vm_expect_match "device verdict" "*device=$NVME need=DC by=vfio-pci group=* ok=1*" "$_out"
	vm_expect_match "serial" "*serial=oe-nvme-va*" "$_out"
	vm_expect_match "model" "*model=QEMU NVMe Ctrl*" "$_out"
	vm_expect_match "buffer above 39 bits, IOVA inside the IOMMU" \
		"*va_above_39_bits=1 iova_below_39_bits=1 iova_is_va=0*" "$_out"
	vm_expect_match "no hugepages: locked 4 kB pages" "*memzone_page_kb=4 memzone_iova_ok=1*" "$_out"
	vm_expect_match "write, flush, read back" "*write=0 flush=0 read=0 pattern=ok*" "$_out"
	vm_expect_match "cleanup" "*cleanup=0*" "$_out"
}

out=$(nvme-check io $NVME 1 -a $NVME -m 16 --log-level lib.eal.iova:info --log-level lib.eal.mem:info 2>&1)
echo "$out"
check_io "$out" 1
vm_expect_match "reserved memory mapped when the device arrived" \
	"*DMA memory in the IOMMU (default VFIO container): 1 segment(s), 16384 kB, 1 with IOVAs allocated*" "$out"

out=$(nvme-check io $NVME 4242 -a $NVME --log-level lib.eal.iova:info 2>&1)
echo "$out"
check_io "$out" 4242
vm_expect_match "INFO line: the conclusion" \
	"*IOVA: mode VA (rule B5): no device needs a mode and an IOMMU is present; virtual addresses use 47 bits but the IOMMU 39, so IOVAs are allocated inside its usable ranges*" "$out"

doc=$(openeal doctor 2>&1)
echo "$doc"
vm_expect_match "doctor: the mode init would choose" \
	"*IOVA mode rte_eal_init would choose: VA (rule B5): *IOVAs are allocated inside its usable ranges*" "$doc"
vm_expect_match "doctor: on vfio-pci, probe-able" \
	"*$NVME 1b36:0010 driver=vfio-pci iommu_group=* (translated, viable for vfio) pmd=nvme probe=yes*" "$doc"
vm_expect_match "doctor: JSON" '{"iommu": {"present": true*"pmd": "nvme", "probe": true*' "$(openeal doctor --json)"

vm_expect_eq "no DMAR fault in the kernel log" 0 "$(dmesg | grep -c 'DMAR: \[DMA')"
vm_done
