#!/bin/sh
# vfio-backend: the vfio-pci backend (drivers/bus/pci/pci_vfio*.c) on real devices, through
# tests/vm/progs/vfiobe-lab.c, in one guest:
# - capability walk: for every device, the list found through the backend (VFIO's config
#   region for vfio-pci devices, sysfs for the others) equals lspci's (offsets from -vv, ids
#   from lspci's own hex dump);
# - MSI-X: the 82574L's BAR3 (MSI-X table and PBA) and the NVMe's BAR0 (registers beside the
#   table) are mapped and read correctly; MSI-X vectors reach their consumers: Rx event fds
#   on vectors 1 and 2 (rte_epoll_wait) and a vector-0 callback on the 82574L, an Identify
#   completion in VFIO DMA memory on the NVMe;
# - failures at the backend, through a real probe: --vfio-intr asking for what the device lacks,
#   a group held open by another process, a non-viable group: each prints its line, and
#   rte_eal_init leaves no fd behind.
# The e1000/e1000e PMD on vfio-pci (MAC, link, INTx re-armed by UNMASK, I/O BAR) is in
# e1000-pmd.sh, which runs on every backend.
#
# vm-timeout: 180
# vm-netdev: n1
# vm-netdev: n2
# vm-netdev: n3
# vm-disk: d1 16M
# vm-qemu: -device e1000,netdev=n1,mac=@MAC1@,bus=pcie.0,addr=0x2
# vm-qemu: -device e1000e,netdev=n2,mac=@MAC2@,bus=pcie.0,addr=0x3
# vm-qemu: -device nvme,drive=d1,serial=lab0004,bus=pcie.0,addr=0x4
# vm-qemu: -device edu,bus=pcie.0,addr=0x5
# A slot without ACS: both functions share an IOMMU group.
# vm-qemu: -device e1000,netdev=n3,mac=@MAC3@,bus=pcie.0,addr=0x12.0,multifunction=on
# vm-qemu: -device edu,bus=pcie.0,addr=0x12.1
# shellcheck source=../guest/lib.sh
. /vm/lib.sh

E1000=0000:00:02.0
E1000E=0000:00:03.0
NVME=0000:00:04.0
EDU=0000:00:05.0
MF0=0000:00:12.0 # e1000, stays on its kernel driver
MF1=0000:00:12.1 # edu, goes to vfio-pci last: its group is not viable

for d in $E1000 $E1000E $NVME $EDU; do
	vm_bind $d vfio-pci
	vm_expect_eq "$d on vfio-pci" vfio-pci "$(vm_driver $d)"
done

# --- capability walk ------------------------------------------------------------------------
# lspci_caps BDF: "off:id ..." as lspci sees them: offsets from -vv, each id read from lspci's
# hex dump (the extended ones are 16-bit, little-endian).
lspci_caps() {
	_dump=$(lspci -xxxx -s "$1")
	_list=""
	for _off in $(lspci -vv -s "$1" | sed -n 's/.*Capabilities: \[\([0-9a-f]*\)[] ].*/\1/p'); do
		_o=$((0x$_off))
		_row=$(printf '%02x' $((_o / 16 * 16)))
		_col=$((_o % 16 + 2))
		_lo=$(echo "$_dump" | awk -v r="$_row:" -v c=$_col '$1 == r { print $c }')
		if [ "$_o" -ge 256 ]; then
			_hi=$(echo "$_dump" | awk -v r="$_row:" -v c=$((_col + 1)) '$1 == r { print $c }')
			_id=$(printf '%02x' $((0x$_hi$_lo)))
		else
			_id=$_lo
		fi
		_list="$_list $_off:$_id"
	done
	echo "$_list" | tr ' ' '\n' | sort | tr '\n' ' ' | sed 's/^ *//; s/ *$//'
}

out=$(vfiobe-lab caps 2>&1)
echo "$out"
vm_expect_eq "caps: no check failed" "" "$(echo "$out" | grep '^FAIL')"
ndev=0
for path in /sys/bus/pci/devices/*; do
	bdf=${path##*/}
	ndev=$((ndev + 1))
	line=$(echo "$out" | grep "^caps $bdf ")
	if [ -z "$line" ]; then
		vm_fail "caps: $bdf not listed by vfiobe-lab"
		continue
	fi
	src=$(echo "$line" | cut -d' ' -f3)
	ours=$(echo "$line" | cut -d' ' -f4- | tr ' ' '\n' | sort | tr '\n' ' ' | sed 's/ *$//')
	vm_expect_eq "caps of $bdf through $src = lspci's" "$(lspci_caps "$bdf")" "$ours"
done
vm_expect_eq "caps: every device walked" "$ndev" "$(echo "$out" | grep -c '^caps ')"
for d in $E1000 $E1000E $NVME $EDU; do
	vm_expect_match "caps: $d walked through VFIO" "caps $d vfio-pci*" \
		"$(echo "$out" | grep "^caps $d ")"
done
vm_expect_match "caps: $MF0 walked through sysfs" "caps $MF0 sysfs*" \
	"$(echo "$out" | grep "^caps $MF0 ")"

# --- MSI-X on the 82574L and the NVMe -------------------------------------------------------
out=$(vfiobe-lab msix -a $NVME -- $E1000E $NVME lab0004 2>&1)
echo "$out"
vm_expect_eq "msix: no check failed" "" "$(echo "$out" | grep '^FAIL')"
vm_expect_match "msix: checks ran" "*vfiobe-lab msix: 0 failed*" "$out"

# --- failures through a real probe ----------------------------------------------------------
# expect_fail NAME OUTPUT PIECE...: init failed, no fd left, and one log line holds every PIECE.
expect_fail() {
	_name=$1
	_out=$2
	shift 2
	vm_expect_eq "$_name: vfiobe-lab checks" "" "$(echo "$_out" | grep '^FAIL')"
	vm_expect_match "$_name: rte_eal_init failed" "init=-* errno=*" \
		"$(echo "$_out" | grep '^init=')"
	_line=$(echo "$_out" | grep -F -- "$1")
	vm_expect_eq "$_name: one line names the cause" 1 "$(echo "$_line" | grep -c .)"
	for _piece in "$@"; do
		vm_expect_match "$_name: line has '$_piece'" "*$_piece*" "$_line"
	done
}

out=$(vfiobe-lab fail -a $E1000 --vfio-intr msix 2>&1)
echo "$out"
expect_fail "--vfio-intr msix on an INTx-only device" "$out" \
	"$E1000: --vfio-intr msix asks for MSI-X, but the device has INTx" \
	"fix: --vfio-intr legacy, or no --vfio-intr"

group=$(vm_iommu_group $EDU)
out=$(vfiobe-lab fail -a $EDU -- --hold-group "$group" 2>&1)
echo "$out"
holder=$(echo "$out" | sed -n 's/^holder_pid=//p')
expect_fail "group held by another process" "$out" \
	"$EDU: cannot open /dev/vfio/$group: the group is already open by pid $holder" \
	"fix:"

vm_bind $MF1 vfio-pci
vm_expect_eq "$MF1 on vfio-pci, $MF0 on e1000" "vfio-pci e1000" \
	"$(vm_driver $MF1) $(vm_driver $MF0)"
mf_group=$(vm_iommu_group $MF1)
out=$(vfiobe-lab fail -a $MF1 2>&1)
echo "$out"
expect_fail "group not viable" "$out" \
	"$MF1: IOMMU group $mf_group is not viable" "it also holds $MF0 (e1000)" \
	"fix: openeal bind vfio-pci $MF0"

vm_done
