#!/bin/sh
# vfio-hotplug: the host takes vfio-pci devices back while openeal holds them, and the device
# request interrupt (VFIO_PCI_REQ_IRQ_INDEX) releases them at once. Two 82574Ls on PCIe root
# ports: one probed by net_e1000, one mapped by the program without a driver. The host hook
# (vfio-hotplug.host) device_dels each over QMP; without the request interrupt the kernel would
# wait for the process to let go ("blocked until released by user"), and QEMU would report no
# DEVICE_DELETED before it exits. The proof is causal, not a stopwatch: the program stays
# alive, EAL and all, until the host has DEVICE_DELETED for both (within 10 s each; the time
# is logged as a figure) and acknowledges it by hot-adding a PCI test device on rp1; only when
# the program sees that device does it clean up and exit. In the guest,
# tests/vm/progs/vfiobe-lab.c checks that net_e1000's remove ran, that the driverless device
# was unmapped, that no VFIO fd is left, that the acknowledgement came while it ran, and that
# rte_eal_cleanup removes nothing twice and leaves no fd.
#
# vm-timeout: 180
# vm-netdev: n1
# vm-netdev: n2
# vm-qemu: -device pcie-root-port,id=rp1,chassis=1,slot=1,bus=pcie.0,addr=0x10
# vm-qemu: -device pcie-root-port,id=rp2,chassis=2,slot=2,bus=pcie.0,addr=0x11
# vm-qemu: -device e1000e,netdev=n1,mac=@MAC1@,bus=rp1,id=hp1
# vm-qemu: -device e1000e,netdev=n2,mac=@MAC2@,bus=rp2,id=hp2
# shellcheck source=../guest/lib.sh
. /vm/lib.sh

behind() {
	printf '0000:%02x:00.0' "$(cat "$SYSPCI/devices/$1/secondary_bus_number")"
}
PROBED=$(behind 0000:00:10.0)
MAPPED=$(behind 0000:00:11.0)

for d in $PROBED $MAPPED; do
	vm_expect_eq "$d is an 82574L" 8086:10d3 "$(vm_id $d)"
	vm_bind $d vfio-pci
	vm_expect_eq "$d on vfio-pci" vfio-pci "$(vm_driver $d)"
done

# In the background so that its marker reaches the console (and the hook) while it waits. The
# hook's acknowledgement lands on rp1's secondary bus, where $PROBED was: the same BDF.
ACK=$PROBED
vfiobe-lab hotplug -a $PROBED -- $PROBED $MAPPED $ACK >/tmp/hotplug.log 2>&1 &
pid=$!
if vm_wait 60 grep -q '^VFIOBE-READY-FOR-DEL' /tmp/hotplug.log; then
	echo "VFIOBE-READY-FOR-DEL"
else
	vm_fail "vfiobe-lab did not get ready"
fi
wait $pid
status=$?
# For the hook: the process is gone. It must not see this before DEVICE_DELETED for both.
echo "VFIOBE-EXITED"
cat /tmp/hotplug.log
vm_expect_eq "vfiobe-lab saw the host's acknowledgement while it ran" 1 \
	"$(grep -c '^ok: the host acknowledged DEVICE_DELETED for both while this process ran' \
		/tmp/hotplug.log)"
vm_expect_eq "the acknowledgement at $ACK is QEMU's PCI test device" 1b36:0005 "$(vm_id $ACK)"
vm_expect_eq "vfiobe-lab hotplug exit status" 0 "$status"
vm_expect_eq "vfiobe-lab hotplug: no check failed" "" "$(grep '^FAIL' /tmp/hotplug.log)"
vm_expect_match "$PROBED: the backend removed net_e1000 on the request" \
	"*$PROBED: the kernel asks for the device back: removing driver net_e1000*" \
	"$(cat /tmp/hotplug.log)"
vm_expect_match "$MAPPED: the backend unmapped it on the request" \
	"*$MAPPED: the kernel asks for the device back: unmapping it*" "$(cat /tmp/hotplug.log)"
vm_expect_eq "each released once" 2 "$(grep -c 'released to the kernel' /tmp/hotplug.log)"
vm_expect_eq "no blocked release in the kernel log" "" \
	"$(dmesg | grep -i 'blocked until\|released by user')"
vm_done
