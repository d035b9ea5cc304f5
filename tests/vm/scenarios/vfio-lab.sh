#!/bin/sh
# vfio-lab: the VFIO layer (lib/eal/linux/eal_vfio_*) on a real vfio-pci e1000 behind the vIOMMU,
# through tests/vm/progs/vfio-lab.c. First the whole life of a device (default container,
# group, device fd, region sizes against sysfs, IOMMU info and usable IOVA ranges, 2 MiB
# map/unmap, extra container, release); then each failure the guest can produce, each of which
# must print its one line (what failed, why, the fix) and leave the fd count unchanged:
# no device of the group on vfio-pci, group not viable (a multifunction slot whose other
# function stays on e1000), group already open (by a child process, and by this process
# outside openeal), permission denied as a non-root user, memlock limit too low for DMA.
#
# vm-timeout: 150
# vm-netdev: n1
# vm-netdev: n2
# vm-qemu: -device e1000,netdev=n1,mac=@MAC1@,bus=pcie.0,addr=0x2
# A slot without ACS: both functions share an IOMMU group.
# vm-qemu: -device e1000,netdev=n2,mac=@MAC2@,bus=pcie.0,addr=0x12.0,multifunction=on
# vm-qemu: -device edu,bus=pcie.0,addr=0x12.1
# shellcheck source=../guest/lib.sh
. /vm/lib.sh

E1000=0000:00:02.0
MF0=0000:00:12.0 # e1000, stays on its kernel driver
MF1=0000:00:12.1 # edu, goes to vfio-pci: its group is not viable
NOBODY=1000

# expect_failure NAME OUTPUT ERRNO PIECE...: vfio-lab's setup failed with ERRNO, wrote exactly
# one log line holding every PIECE, and the fd count did not move.
expect_failure() {
	_name=$1
	_out=$2
	_errno=$3
	shift 3
	vm_expect_match "$_name: setup result" "setup=-1 errno=$_errno *" \
		"$(echo "$_out" | grep '^uid=' | sed 's/^uid=[0-9]* //')"
	expect_line "$_name" "$_out" "$@"
}

# expect_line NAME OUTPUT PIECE...
expect_line() {
	_name=$1
	_out=$2
	shift 2
	vm_expect_eq "$_name: log lines" 1 "$(echo "$_out" | grep -c '^log: ')"
	_line=$(echo "$_out" | sed -n 's/^log: //p')
	for _piece in "$@"; do
		vm_expect_match "$_name: line has '$_piece'" "*$_piece*" "$_line"
	done
	_fds=$(echo "$_out" | sed -n 's/^fds_before=\([0-9]*\) fds_after=\([0-9]*\)$/\1 \2/p')
	vm_expect_eq "$_name: fd count unchanged" "${_fds% *}" "${_fds#* }"
}

group=$(vm_iommu_group $E1000)
mf_group=$(vm_iommu_group $MF1)
vm_expect_eq "multifunction slot shares a group" "$mf_group" "$(vm_iommu_group $MF0)"

# --- no device of the group on vfio-pci: /dev/vfio/N does not exist -------------------------
out=$(vfio-lab try $E1000)
echo "$out"
expect_failure "group without vfio-pci device" "$out" 2 \
	"$E1000: cannot open /dev/vfio/$group" \
	"no device of IOMMU group $group is bound to vfio-pci" \
	"fix: openeal bind vfio-pci $E1000"

# --- the whole life of a device -------------------------------------------------------------
vm_bind $E1000 vfio-pci
vm_expect_eq "e1000 on vfio-pci" vfio-pci "$(vm_driver $E1000)"
vm_expect_exists "group node" "/dev/vfio/$group" -c
vm_expect_cmd "vfio-lab basic $E1000" sh -c "vfio-lab basic $E1000 >/tmp/basic.log 2>&1"
cat /tmp/basic.log

# --- group already open elsewhere ----------------------------------------------------------
out=$(vfio-lab try $E1000 --hold child)
echo "$out"
holder=$(echo "$out" | sed -n 's/^holder_pid=//p')
expect_failure "group open in another process" "$out" 16 \
	"$E1000: cannot open /dev/vfio/$group: the group is already open by pid $holder (vfio-lab)" \
	"fix: stop that process"

out=$(vfio-lab try $E1000 --hold self)
echo "$out"
holder=$(echo "$out" | sed -n 's/^holder_pid=//p')
expect_failure "group open in this process outside openeal" "$out" 16 \
	"already open in this process (pid $holder) outside openeal" \
	"fix: close that fd"

# --- permission denied as a non-root user ---------------------------------------------------
node=/dev/vfio/$group
mode=$(stat -c %a "$node")
owner=$(stat -c %u "$node")
chmod 600 "$node"
out=$(vfio-lab try $E1000 --uid $NOBODY)
echo "$out"
vm_expect_match "permission case ran as uid $NOBODY" "uid=$NOBODY *" "$(echo "$out" | grep '^uid=')"
expect_failure "permission denied" "$out" 13 \
	"cannot open $node: permission denied for uid $NOBODY (the node belongs to uid 0, mode 0600)" \
	"fix: run as root" "chown $NOBODY $node"

# --- memlock limit too low for DMA (the group node given to the user) -----------------------
chown $NOBODY "$node"
out=$(vfio-lab try $E1000 --uid $NOBODY --memlock 65536 --map 2097152)
echo "$out"
vm_expect_match "non-root setup works on its own node" "uid=$NOBODY setup=0 *" \
	"$(echo "$out" | grep '^uid=')"
vm_expect_match "2 MiB map refused with ENOMEM" "map=-1 errno=12 *" "$(echo "$out" | grep '^map=')"
expect_line "memlock too low" "$out" \
	"default container: cannot map 2097152 bytes at IOVA 0x40000000 for DMA" \
	"(RLIMIT_MEMLOCK) is 65536 bytes" "2097152 more are needed" "ulimit -l unlimited"
chown "$owner" "$node"
chmod "$mode" "$node"

# --- group not viable: the slot's other function stays on e1000 -----------------------------
vm_bind $MF1 vfio-pci
vm_expect_eq "edu on vfio-pci" vfio-pci "$(vm_driver $MF1)"
vm_expect_eq "its neighbour stays on e1000" e1000 "$(vm_driver $MF0)"
out=$(vfio-lab try $MF1)
echo "$out"
expect_failure "group not viable" "$out" 1 \
	"$MF1: IOMMU group $mf_group is not viable" \
	"it also holds $MF0 (e1000)" \
	"; fix: openeal bind vfio-pci $MF0"
vm_expect_eq "the fix does not name the device itself" 0 \
	"$(echo "$out" | grep -c "bind vfio-pci $MF1")"

vm_done
