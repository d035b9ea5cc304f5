#!/bin/sh
# hotplug-events: the hotplug policy end to end (EAL option --hotplug-bind, q35's ACPI
# hotplug). An application runs with nothing to probe; the host hook (hotplug-events.host)
# hot-adds an e1000e on rp1 and an NVMe on rp2. Each ADD event must reach the application once,
# with the device already bound to the option's driver and probed (net_e1000, nvme). A second
# process then forges "remove" uevents for both on the netlink socket: nothing may change.
# The hook device_dels both: each REMOVE event arrives once, the application detaches the
# device with rte_dev_remove and its driver's remove() runs once, cleanup included
# (tests/vm/progs/hotplug-lab.c, mode events). Beside it, `openeal monitor --json` must print
# each add, remove and bind to the driver once, and no forged event. Once on vfio-pci, once
# on uio_pci_generic and once on igb_uio (the two uio: IOVA as PA, hugepages); then the same
# devices once more with `openeal monitor --json --bind vfio-pci` alone. The variant
# hotplug-native (tests/vm/meson.build) runs it all again with native PCIe hotplug (pciehp;
# its removal waits ~5 s for the attention button, the kernel's own delay).
#
# vm-timeout: 480
# vm-append: iommu=pt
# vm-netdev: hp
# vm-disk: d1 16M
# vm-disk: d2 16M
# vm-disk: d3 16M
# vm-disk: d4 16M
# vm-qemu: -device pcie-root-port,id=rp1,chassis=1,slot=1,bus=pcie.0,addr=0x10
# vm-qemu: -device pcie-root-port,id=rp2,chassis=2,slot=2,bus=pcie.0,addr=0x11
# shellcheck source=../guest/lib.sh
. /vm/lib.sh

modprobe vfio-pci 2>/dev/null || true
modprobe uio_pci_generic 2>/dev/null || true
modprobe igb_uio 2>/dev/null || true
echo 32 >/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages

run() { # run DRIVER [EAL options]
	drv=$1
	shift
	openeal monitor --json >/tmp/$drv.mon 2>/tmp/$drv.mon.err &
	mon=$!
	vm_wait 30 grep -q listening /tmp/$drv.mon.err || vm_fail "$drv: openeal monitor is not listening"
	# Markers and checks to the console, where the hook waits for them; the EAL's log to a file.
	{ hotplug-lab events 2 -m 32 --hotplug-bind "$drv" "$@" 2>/tmp/$drv.err; echo $? >/tmp/status; } |
		tee /tmp/$drv.log
	status=$(cat /tmp/status)
	cat /tmp/$drv.err
	vm_expect_eq "$drv: hotplug-lab events exit status" 0 "$status"
	vm_expect_eq "$drv: no check failed" "" "$(grep '^FAIL' /tmp/$drv.log)"
	vm_expect_eq "$drv: e1000e probed by net_e1000" 1 "$(grep -c "^HP-ADDED $drv .* net_e1000$" /tmp/$drv.log)"
	vm_expect_eq "$drv: NVMe probed by nvme" 1 "$(grep -c "^HP-ADDED $drv .* nvme$" /tmp/$drv.log)"
	vm_expect_eq "$drv: policy logged two binds" 2 "$(grep -c "arrived: on $drv, probed by" /tmp/$drv.err)"
	# The tries the kernel was not ready for are not errors.
	vm_expect_eq "$drv: no bind error logged" "" "$(grep 'cannot bind' /tmp/$drv.err)"
	kill $mon
	wait $mon
	vm_expect_eq "$drv: openeal monitor exit status on SIGTERM" 0 $?
	cat /tmp/$drv.mon
	awk '$1 == "HP-ADDED" { print $3, $4 }' /tmp/$drv.log >/tmp/$drv.added
	while read -r name pmd; do
		for ev in add remove; do
			vm_expect_eq "$drv: openeal monitor: one $ev of $name" 1 \
				"$(grep -c "^{\"event\": \"$ev\", \"name\": \"$name\"" /tmp/$drv.mon)"
		done
		vm_expect_eq "$drv: openeal monitor: $name's add names $pmd" 1 \
			"$(grep "^{\"event\": \"add\", \"name\": \"$name\"" /tmp/$drv.mon | grep -c "\"pmds\": \[\"$pmd\"\]")"
		vm_expect_eq "$drv: openeal monitor: $name bound to $drv once" 1 \
			"$(grep "^{\"event\": \"bind\", \"name\": \"$name\"" /tmp/$drv.mon | grep -c "\"driver\": \"$drv\"")"
	done </tmp/$drv.added
}

# at_least FILE PATTERN N: FILE has N lines matching PATTERN (for vm_wait).
at_least() { [ "$(grep -c -- "$2" "$1")" -ge "$3" ]; }

# The same policy from the command line: openeal monitor --bind vfio-pci, no application.
# Its markers are made from its JSON for the hook, which cannot tell the two apart.
run_monitor() {
	m=/tmp/monitor-bind
	openeal monitor --json --bind vfio-pci >$m.json 2>$m.err &
	mon=$!
	vm_wait 30 grep -q listening $m.err || vm_fail "monitor --bind: not listening"
	echo "HP-READY monitor"
	# Each device: add (the monitor binds it to vfio-pci), bind to vfio-pci (it probes it).
	# One at a time: the hook adds the NVMe once the e1000e is reported.
	probed='^{"event": "bind", .*"driver": "vfio-pci".*"probe": "probed"'
	: >$m.added
	for k in 1 2; do
		vm_wait 60 at_least $m.json "$probed" $k || vm_fail "monitor --bind: device $k not probed within 60 s"
		grep -- "$probed" $m.json | sed -n "${k}s/^{\"event\": \"bind\", \"name\": \"\([^\"]*\)\".*\"pmds\": \[\"\([^\"]*\)\".*/\1 \2/p" >>$m.added
		echo "HP-ADDED monitor $(sed -n "${k}p" $m.added)"
	done
	echo "HP-FORGED monitor"
	while read -r name pmd; do
		vm_wait 60 grep -q "^{\"event\": \"remove\", \"name\": \"$name\"" $m.json ||
			vm_fail "monitor --bind: no remove of $name within 60 s"
		echo "HP-REMOVED monitor $name"
	done <$m.added
	kill $mon
	wait $mon
	vm_expect_eq "monitor --bind: exit status on SIGTERM" 0 $?
	cat $m.json $m.err
	vm_expect_eq "monitor --bind: each add bound to vfio-pci" 2 "$(grep -c '"event": "add".*"probe": "bound=vfio-pci"' $m.json)"
	# vfio-pci's request interrupt comes first: the EAL releases the device on it.
	vm_expect_eq "monitor --bind: removed devices detached" 2 \
		"$(grep -c 'asks for the device back: removing driver' $m.err)"
	vm_expect_eq "monitor --bind: no bind error logged" "" "$(grep 'cannot bind' $m.err)"
	vm_expect_eq "monitor --bind: net_e1000 and nvme" "net_e1000 nvme" "$(awk '{ print $2 }' $m.added | sort | tr '\n' ' ' | sed 's/ $//')"
}

run vfio-pci
run uio_pci_generic --iova-mode=pa
run igb_uio --iova-mode=pa
run_monitor
vm_done
