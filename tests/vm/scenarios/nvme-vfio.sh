#!/bin/sh
# nvme-vfio: real DMA through vfio-pci behind the 39-bit Intel vIOMMU (IOVA as VA). The nvme
# PMD (drivers/nvme) brings QEMU's controller up with its queues in openeal DMA memory, reads
# Identify (the serial QEMU was given, model "QEMU NVMe Ctrl"), writes a pattern to 8 blocks,
# flushes, reads them back; the host hook then finds every run's pattern in the disk image after
# the guest powered off (nvme-vfio.host).
# The guest's user addresses are 47-bit, above what the IOMMU translates (usable IOVA ranges
# [0, 0xfedfffff] and [0xfef00000, 0x7fffffffff]): openeal places DMA memory from 4 GiB up,
# below 2^39, so that IOVA == VA for every memzone and rte_malloc block. Runs: --no-huge -m 64
# (reserved before the device, mapped when it arrives); then with dma_addr=va, the PMD writing
# pointers into its descriptors as IOVA-as-VA PMDs do, on --no-huge memory grown on demand and
# on 2 MiB hugepages (-m 64, and grown on demand).
#
# vm-timeout: 230
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

# check_io WHAT OUTPUT PAGE_KB: what every successful run must show. IOVA as VA means IOVA ==
# VA: the buffer, every memzone and every rte_malloc block lie below 2^39 and are their own
# IOVAs.
check_io() {
	_what=$1 _out=$2 _page=$3
	vm_expect_match "$_what: mode VA (row B5)" "*mode=VA rule=B5*" "$_out"
	vm_expect_match "$_what: IOMMU 39-bit, addresses 47-bit, no fallback" \
		"*iommu=1 iommu_bits=39 va_bits=47 remap=0*" "$_out"
	vm_expect_match "$_what: device verdict" "*device=$NVME need=DC by=vfio-pci group=* ok=1*" "$_out"
	vm_expect_match "$_what: serial" "*serial=oe-nvme-va*" "$_out"
	vm_expect_match "$_what: model" "*model=QEMU NVMe Ctrl*" "$_out"
	vm_expect_match "$_what: buffer below 39 bits, IOVA == VA" \
		"*va_below_39_bits=1 iova_below_39_bits=1 iova_is_va=1*" "$_out"
	vm_expect_match "$_what: every memzone and rte_malloc block: IOVA == VA, below 2^39" \
		"*dma_checked=10 dma_iova_is_va=10 dma_lowest=0x1* dma_below_39_bits=1*" "$_out"
	vm_expect_match "$_what: DMA memory on $_page kB pages" "*memzone_page_kb=$_page memzone_iova_ok=1*" "$_out"
	vm_expect_match "$_what: write, flush, read back" "*write=0 flush=0 read=0 pattern=ok*" "$_out"
	vm_expect_match "$_what: cleanup" "*cleanup=0*" "$_out"
	vm_expect_eq "$_what: no fallback warning" 0 "$(echo "$_out" | grep -c 'IOVA as VA:')"
}

# --no-huge -m 64: reserved at init (mapped when the device arrives), PMD translating.
out=$(nvme-check io $NVME 1 -a $NVME --no-huge -m 64 --log-level lib.eal.iova:info --log-level lib.eal.mem:info 2>&1)
echo "$out"
check_io "no-huge -m 64" "$out" 4
vm_expect_match "no-huge -m 64: placed at 4 GiB, below 2^39" \
	"*DMA memory placed in \[0x100000000, 0x*) (* MB, below 2^39): IOVA = VA*" "$out"
vm_expect_match "no-huge -m 64: reserved memory mapped with IOVA = VA when the device arrived" \
	"*DMA memory in the IOMMU (default VFIO container): 1 segment(s), 65536 kB, 0 with IOVAs allocated*" "$out"
vm_expect_match "INFO line: the conclusion" \
	"*IOVA: mode VA (rule B5): no device needs a mode and an IOMMU is present; virtual addresses use 47 bits but the IOMMU 39, so DMA memory is placed below 2^39, where IOVA = VA*" "$out"

# A PMD that writes pointers straight into its descriptors (dma_addr=va: queue bases, PRPs,
# PRP lists, identify page), memory grown on demand after the device arrived.
out=$(nvme-check io $NVME 2 -a $NVME,dma_addr=va --no-huge 2>&1)
echo "$out"
check_io "no-huge, pointers as DMA addresses" "$out" 4

# The same on 2 MiB hugepages: reserved with -m 64, then grown on demand.
echo 64 >/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages
vm_expect_eq "hugepages reserved" 64 "$(cat /sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages)"
out=$(nvme-check io $NVME 3 -a $NVME,dma_addr=va -m 64 2>&1)
echo "$out"
check_io "hugepages -m 64, pointers as DMA addresses" "$out" 2048
out=$(nvme-check io $NVME 4 -a $NVME,dma_addr=va 2>&1)
echo "$out"
check_io "hugepages grown on demand, pointers as DMA addresses" "$out" 2048

doc=$(openeal doctor 2>&1)
echo "$doc"
vm_expect_match "doctor: the mode init would choose" \
	"*IOVA mode rte_eal_init would choose: VA (rule B5): *so DMA memory is placed below 2^39, where IOVA = VA*" "$doc"
vm_expect_match "doctor: on vfio-pci, probe-able" \
	"*$NVME 1b36:0010 driver=vfio-pci iommu_group=* (translated, viable for vfio) pmd=nvme probe=yes*" "$doc"
vm_expect_match "doctor: JSON" '{"iommu": {"present": true*"pmd": "nvme", "probe": true*' "$(openeal doctor --json)"

vm_expect_eq "no DMAR fault in the kernel log" 0 "$(dmesg | grep -c 'DMAR: \[DMA')"
vm_done
