#!/bin/sh
# nvme-vfio-nonroot: a user who is not root probes the NVMe on vfio-pci, as DPDK allows, once
# root has given that user the device's VFIO group node (/dev/vfio/N) and a large enough
# locked-memory limit. The nvme PMD reads Identify and writes and reads back 8 blocks through
# the IOMMU (IOVA as VA), and rte_eal_cleanup leaves nothing. Then each thing root forgot
# fails with one line naming the file or the limit and the fix: the group node still root's,
# the locked-memory limit at its default. openeal doctor, run as that user, says the same.
#
# vm-timeout: 150
# vm-disk: d1 16M
# vm-qemu: -device nvme,drive=d1,serial=oe-nvme-user,bus=pcie.0,addr=0x3
# shellcheck source=../guest/lib.sh
. /vm/lib.sh

NVME=0000:00:03.0
LAB=1000
echo "lab:x:$LAB:$LAB:lab:/tmp:/bin/sh" >>/etc/passwd
echo "lab:x:$LAB:" >>/etc/group
# as_lab LIMIT CMD...: run CMD as the lab user with that locked-memory limit (kB).
as_lab() {
	_lim=$1
	shift
	(ulimit -l "$_lim" && su -s /bin/sh lab -c "$*")
}

vm_bind $NVME vfio-pci
vm_expect_eq "nvme on vfio-pci" vfio-pci "$(vm_driver $NVME)"
group=$(vm_iommu_group $NVME)
node=/dev/vfio/$group

vm_expect_eq "the lab user is not root" "$LAB" "$(as_lab 64 id -u)"

# Root forgot the group node: it is root's, mode 0600.
chown 0:0 "$node"
chmod 600 "$node"
out=$(as_lab unlimited nvme-check io $NVME 1 -a $NVME --no-huge -m 64 2>&1)
echo "$out"
vm_expect_match "group node not given: one line with the fix" \
	"*cannot open $node: permission denied for uid $LAB*chown $LAB $node*" "$out"
vm_expect_eq "group node not given: nothing probed" 0 "$(echo "$out" | grep -c '^serial=')"
doc=$(as_lab unlimited openeal doctor --no-huge 2>&1)
echo "$doc"
vm_expect_match "doctor as the user: not probeable, the same fix" \
	"*$NVME 1b36:0010 driver=vfio-pci *probe=no: this user may not open $node (permission denied); fix: run as root, or chown \$(id -u) $node*" "$doc"

# Root gave the node but not the memory: the default limit (64 kB here) cannot hold 64 MB.
chown $LAB "$node"
out=$(as_lab 64 nvme-check io $NVME 1 -a $NVME --no-huge -m 64 2>&1)
echo "$out"
vm_expect_match "memlock too low: one line naming the limit and the fix" \
	"*RLIMIT_MEMLOCK*ulimit -l*" "$out"
vm_expect_eq "memlock too low: nothing probed" 0 "$(echo "$out" | grep -c '^serial=')"

# Both given: the user probes the NVMe and moves data through the IOMMU.
out=$(as_lab unlimited nvme-check io $NVME 1 -a $NVME --no-huge -m 64 2>&1)
echo "$out"
vm_expect_match "as uid $LAB: IOVA as VA" "*mode=VA*" "$out"
vm_expect_match "as uid $LAB: serial" "*serial=oe-nvme-user*" "$out"
vm_expect_match "as uid $LAB: write, flush, read back" "*write=0 flush=0 read=0 pattern=ok*" "$out"
vm_expect_match "as uid $LAB: cleanup" "*cleanup=0*" "$out"
chown 0:0 "$node"
vm_done
