#!/bin/sh
# e1000-pmd: net_e1000 on each userspace kernel-driver backend, in one guest. For every backend
# in BACKENDS both NICs are bound to it, then e1000-check (tests/vm/progs) asserts what the PMD
# read from the devices: the MAC QEMU was given, link up, two ICS-raised interrupts reaching
# the callback (the second proves the acknowledge re-armed it), none while rte_intr_disable is
# in force and one again after rte_intr_enable, STATUS through the I/O BAR equal to STATUS
# through BAR0, and nothing left behind by rte_eal_cleanup; the interrupt handle's type must
# be what each backend really uses; and `openeal probe` must list both devices on net_e1000
# and log the MAC and link, also when given a DPDK command line (-l 0 -n 4 --file-prefix x
# --no-telemetry --no-shconf).
# QEMU's 82540EM I/O BAR is a stub that reads 0, so the I/O BAR comparison runs on the 82574L.
# By hand: tests/vm/vm-run --bin <build>/tests/vm/e1000-check --bin <build>/app/openeal/openeal \
#          tests/vm/scenarios/e1000-pmd.sh
#
# vm-timeout: 150
# iommu=pt: uio gives devices no IOMMU mapping, so their DMA needs an identity domain
# (vfio-pci is unaffected: it gives the group a domain of its own).
# vm-append: iommu=pt
# vm-netdev: n1
# vm-netdev: n2
# 82540EM (INTx only) and 82574L (INTx, MSI, MSI-X; working I/O BAR).
# vm-qemu: -device e1000,netdev=n1,mac=@MAC1@,bus=pcie.0,addr=0x2
# vm-qemu: -device e1000e,netdev=n2,mac=@MAC2@,bus=pcie.0,addr=0x3
# shellcheck source=../guest/lib.sh
. /vm/lib.sh

E1000=0000:00:02.0
E1000E=0000:00:03.0

# One entry per backend:
#   DRIVER:<handle type on the 82540EM>:<handle type on the 82574L>[:<EAL option>]
# uio_pci_generic can only do INTx; igb_uio picks MSI-X where the device has it.
# vfio-pci picks MSI-X, then MSI, then INTx (drivers/bus/pci/pci_vfio_intr.c), but runs on INTx
# here: its rte_intr_disable/enable switch MSI-X off and on, and QEMU 7.2's 82574 then aborts
# now and then ("e1000e_intrmgr_on_throttling_timer: Assertion `!msix_enabled'") when the
# cause raised meanwhile kept its INTx throttling timer running. The vfio-backend scenario
# covers its MSI-X.
BACKENDS="
uio_pci_generic:uio_intx:uio_intx
igb_uio:uio_intx:uio
vfio-pci:vfio_legacy:vfio_legacy:--vfio-intr=legacy
"

# uio devices need IOVA as PA, and the EAL chooses PA only with hugepages to allocate from (no
# DMA happens here, so a few are enough).
HUGE=/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages
echo 8 >$HUGE
vm_expect_eq "2 MiB hugepages reserved" 8 "$(cat $HUGE)"
for d in $E1000 $E1000E; do
	vm_expect_eq "$d IOMMU group type (iommu=pt)" identity \
		"$(cat /sys/kernel/iommu_groups/"$(vm_iommu_group "$d")"/type 2>/dev/null)"
done

for entry in $BACKENDS; do
	IFS=: read -r drv type1 type2 eal_opt <<EOF
$entry
EOF
	vm_log "--- backend $drv"
	for d in $E1000 $E1000E; do
		vm_bind "$d" "$drv"
		vm_expect_eq "$d driver" "$drv" "$(vm_driver "$d")"
	done

	# shellcheck disable=SC2086 # eal_opt is one word or none
	if out=$(e1000-check -a $E1000 -a $E1000E $eal_opt -- --expect "$E1000=$VM_MAC1" \
		--expect "$E1000E=$VM_MAC2,io" 2>&1); then
		vm_ok "e1000-check on $drv"
	else
		vm_fail "e1000-check on $drv failed"
	fi
	echo "$out"
	vm_expect_eq "e1000-check on $drv: no check failed" "" "$(echo "$out" | grep '^FAIL')"
	vm_expect_eq "$E1000 interrupt handle on $drv" \
		"$E1000: kernel driver $drv, interrupt handle type $type1" \
		"$(echo "$out" | grep "^$E1000: kernel driver")"
	vm_expect_eq "$E1000E interrupt handle on $drv" \
		"$E1000E: kernel driver $drv, interrupt handle type $type2" \
		"$(echo "$out" | grep "^$E1000E: kernel driver")"

	# shellcheck disable=SC2086
	out=$(openeal probe -a $E1000 -a $E1000E $eal_opt --log-level pmd.net.e1000:info 2>&1)
	vm_expect_eq "openeal probe on $drv: exit status" 0 "$?"
	echo "$out"
	for d in $E1000 $E1000E; do
		vm_expect_eq "openeal probe lists $d on $drv" "pci $d net_e1000" \
			"$(echo "$out" | grep "^pci $d ")"
	done
	vm_expect_match "openeal probe: $E1000 MAC and link on $drv" \
		"*: $E1000: 82540EM, MAC $VM_MAC1, link up, *" "$(echo "$out" | grep " $E1000: ")"
	vm_expect_match "openeal probe: $E1000E MAC and link on $drv" \
		"*: $E1000E: 82574L, MAC $VM_MAC2, link up, *" "$(echo "$out" | grep " $E1000E: ")"
done

# A DPDK command line as applications pass it (doc/options.md): an lcore list, memory channels,
# a file prefix and the options nearly every DPDK command line carries; the devices are still on
# the last backend of the loop (vfio-pci).
out=$(openeal probe -l 0 -n 4 --file-prefix x --no-telemetry --no-shconf -a $E1000 \
	--vfio-intr=legacy 2>&1)
vm_expect_eq "openeal probe with DPDK's usual options: exit status" 0 "$?"
echo "$out"
vm_expect_eq "openeal probe with DPDK's usual options lists $E1000" "pci $E1000 net_e1000" \
	"$(echo "$out" | grep "^pci $E1000 ")"

vm_done
