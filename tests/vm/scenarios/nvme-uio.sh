#!/bin/sh
# nvme-uio: real DMA to physical addresses (IOVA as PA) through uio_pci_generic and igb_uio,
# with iommu=pt (identity domains) and hugepages reserved in the guest. The nvme PMD polls
# (uio_pci_generic has no MSI-X), writes a pattern, reads it back; every DMA buffer is
# physically contiguous and its IOVA is its physical address. The host hook finds the last
# pattern in the disk image after poweroff (nvme-uio.host).
#
# vm-timeout: 170
# vm-append: iommu=pt
# vm-disk: d1 16M
# vm-qemu: -device nvme,drive=d1,serial=oe-nvme-pa,bus=pcie.0,addr=0x3
# shellcheck source=../guest/lib.sh
. /vm/lib.sh

NVME=0000:00:03.0
echo 64 >/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages
vm_expect_eq "hugepages reserved" 64 "$(cat /sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages)"
vm_expect_eq "identity domain (iommu=pt)" identity \
	"$(cat /sys/kernel/iommu_groups/"$(vm_iommu_group $NVME)"/type)"

seed=7
for drv in uio_pci_generic igb_uio; do
	vm_bind $NVME $drv
	vm_expect_eq "nvme on $drv" $drv "$(vm_driver $NVME)"
	doc=$(openeal doctor 2>&1)
	echo "$doc"
	vm_expect_match "$drv: doctor: hugepages" "*hugepages: 2048 kB: 64 free of 64*" "$doc"
	vm_expect_match "$drv: doctor: the mode init would choose" \
		"*IOVA mode rte_eal_init would choose: PA (rule B1)*" "$doc"
	vm_expect_match "$drv: doctor: probe-able" \
		"*$NVME 1b36:0010 driver=$drv iommu_group=* (identity, *) pmd=nvme probe=yes*" "$doc"
	seed=$((seed + 1))
	# igb_uio's run takes its hugepages from the guest's hugetlbfs mount (--huge-dir).
	opt=
	[ $drv = igb_uio ] && opt="--huge-dir /dev/hugepages"
	out=$(nvme-check io $NVME $seed -a $NVME $opt 2>&1)
	echo "$out"
	vm_expect_match "$drv: DMA memory on 2 MiB hugepages" "*memzone_page_kb=2048 memzone_iova_ok=1*" "$out"
	vm_expect_match "$drv: mode PA (row B1)" "*mode=PA rule=B1*" "$out"
	vm_expect_match "$drv: device verdict" \
		"*device=$NVME need=PA by=$drv group=* domain=identity ok=1*" "$out"
	vm_expect_match "$drv: serial" "*serial=oe-nvme-pa*" "$out"
	vm_expect_match "$drv: model" "*model=QEMU NVMe Ctrl*" "$out"
	iova=$(echo "$out" | sed -n 's/.*buffer_iova=\(0x[0-9a-f]*\).*/\1/p')
	pa=$(echo "$out" | sed -n 's/.*buffer_pa=\(0x[0-9a-f]*\).*/\1/p')
	vm_expect_eq "$drv: IOVA is the physical address" "$pa" "$iova"
	vm_expect_match "$drv: write, flush, read back" "*write=0 flush=0 read=0 pattern=ok*" "$out"
	vm_expect_match "$drv: cleanup" "*cleanup=0*" "$out"
done

vm_expect_eq "no DMAR fault in the kernel log" 0 "$(dmesg | grep -c 'DMAR: \[DMA')"
vm_done
