#!/bin/sh
# oot-pmd: PMDs written outside openeal, as a PMD author writes them (tests/vm/oot: a PMD for
# QEMU's 82540EM, one for its NVMe controller, an application), built on the host from the
# installed tree with pkg-config only (tests/vm/oot/build.sh). On each of vfio-pci,
# uio_pci_generic and igb_uio:
#  - compiled into the application, each PMD probes its device: the e1000 one reads the MAC
#    QEMU was given, the NVMe one gets Identify data (the serial QEMU was given) by DMA;
#  - with openeal's own net_e1000 and nvme libraries linked too, those register first and win
#    (with a notice naming ours), and driver=NAME devargs give the devices to ours;
#  - built as shared objects and loaded with -d into an application with no PMD, they probe;
#    with openeal's PMD libraries also loaded by -d (registered first), the pins win again.
# By hand: meson test -C <build> --suite vm oot-pmd
#
# vm-timeout: 220
# iommu=pt: uio devices DMA to physical addresses, which needs an identity domain.
# vm-append: iommu=pt
# vm-netdev: n1
# vm-disk: d1 16M
# vm-qemu: -device e1000,netdev=n1,mac=@MAC1@,bus=pcie.0,addr=0x2
# vm-qemu: -device nvme,drive=d1,serial=oe-oot-nvme,bus=pcie.0,addr=0x3
# shellcheck source=../guest/lib.sh
. /vm/lib.sh

E1000=0000:00:02.0
NVME=0000:00:03.0
# PA mode (uio) allocates from hugepages.
HUGE=/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages
echo 32 >$HUGE
vm_expect_eq "2 MiB hugepages reserved" 32 "$(cat $HUGE)"

plugin() { readlink -f "$(command -v "$1")"; }
OOT_E1000=$(plugin liboot_e1000.so)
OOT_NVME=$(plugin liboot_nvme.so)
# openeal's own PMD libraries, staged next to the libopeneal the programs load.
INTREE_E1000=$(find / -xdev -name libopeneal_net_e1000.so.0 2>/dev/null | head -n 1)
INTREE_NVME=$(find / -xdev -name libopeneal_nvme.so.0 2>/dev/null | head -n 1)
vm_expect_exists "openeal's net_e1000 library in the guest" "$INTREE_E1000"
vm_expect_exists "openeal's nvme library in the guest" "$INTREE_NVME"

# expect_oot WHAT OUTPUT: both devices probed by our PMDs, with what they read.
expect_oot() {
	vm_expect_match "$1: e1000 probed by oot_e1000" \
		"*oot_e1000: $E1000 probed by oot_e1000 vendor=8086 status=* mac=$VM_MAC1*" "$2"
	vm_expect_match "$1: NVMe Identify by DMA" \
		"*oot_nvme: $NVME probed by oot_nvme vs=1.4 status=0 serial=oe-oot-nvme model=QEMU NVMe Ctrl*" "$2"
	vm_expect_match "$1: the application sees oot_e1000" "*app: $E1000* probed by oot_e1000*" "$2"
	vm_expect_match "$1: the application sees oot_nvme" "*app: $NVME* probed by oot_nvme*" "$2"
	vm_expect_match "$1: removed at cleanup" "*oot_e1000: $E1000 removed*oot_nvme: $NVME removed*app: cleanup done*" "$2"
}

# run WHAT PROGRAM ARGS...: the program must succeed; its output (stdout and log) in $out.
run() {
	what=$1
	shift
	if out=$("$@" 2>&1); then
		vm_ok "$what: exit status 0"
	else
		vm_fail "$what: exit status $?"
	fi
	echo "$out"
}

for drv in vfio-pci uio_pci_generic igb_uio; do
	vm_log "--- backend $drv"
	for d in $E1000 $NVME; do
		vm_bind "$d" "$drv"
		vm_expect_eq "$d on $drv" "$drv" "$(vm_driver "$d")"
	done

	run "$drv: compiled in" oot-app -a $E1000 -a $NVME
	expect_oot "$drv: compiled in" "$out"

	run "$drv: openeal's PMDs linked too" oot-app-linked -a $E1000 -a $NVME
	vm_expect_match "$drv: linked: net_e1000 registered first takes the e1000" \
		"*app: $E1000* probed by net_e1000*" "$out"
	vm_expect_match "$drv: linked: nvme registered first takes the NVMe" \
		"*app: $NVME* probed by nvme*" "$out"
	vm_expect_match "$drv: linked: the notice names our driver and the pin" \
		"*$E1000: probed by driver net_e1000, registered first; also matched by oot_e1000 (choose one with -a $E1000,driver=NAME)*" "$out"
	run "$drv: linked, pinned" oot-app-linked -a $E1000,driver=oot_e1000 -a $NVME,driver=oot_nvme
	expect_oot "$drv: linked, pinned" "$out"

	run "$drv: -d plugins" oot-app-plain -d "$OOT_E1000" -d "$OOT_NVME" -a $E1000 -a $NVME
	expect_oot "$drv: -d plugins" "$out"
	run "$drv: -d with openeal's PMDs loaded first, pinned" oot-app-plain -d "$INTREE_E1000" \
		-d "$INTREE_NVME" -d "$OOT_E1000" -d "$OOT_NVME" \
		-a "bus=pci,addr=$E1000/driver=oot_e1000" -a $NVME,driver=oot_nvme
	expect_oot "$drv: -d, pinned" "$out"
	run "$drv: -d, openeal's first, not pinned" oot-app-plain -d "$INTREE_E1000" \
		-d "$OOT_E1000" -a $E1000
	vm_expect_match "$drv: -d: registration order" "*app: $E1000* probed by net_e1000*" "$out"
done

vm_done
