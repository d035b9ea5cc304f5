#!/bin/sh
# sriov-probe: QEMU 7.2's NVMe controller offers SR-IOV, and Linux enables its VFs.
# QEMU's constraints (hw/nvme, checked at startup, each one an error otherwise): a subsystem
# (nvme-subsys + subsys=), sriov_vq_flexible >= 2 * sriov_max_vfs, sriov_vi_flexible >=
# sriov_max_vfs, max_ioqpairs - sriov_vq_flexible >= 2, msix_qsize - sriov_vi_flexible >= 1,
# no CMB/PMR. VFs come up with no queue/interrupt resources (assigning them needs NVMe
# Virtualization Management admin commands), so the nvme driver could not start them; the
# scenario turns sriov_drivers_autoprobe off and checks the PCI side only, then that openeal's
# scan (openeal list --json) shows each VF with its PF and the PF's VF counts.
#
# vm-timeout: 120
# vm-disk: d1 16M
# vm-qemu: -device pcie-root-port,id=rp1,chassis=1,slot=1,bus=pcie.0,addr=0x10
# vm-qemu: -device nvme-subsys,id=subsys0,nqn=openeal-lab-sriov
# vm-qemu: -device nvme,id=nvme0,serial=sriov01,subsys=subsys0,bus=rp1,addr=0x0,sriov_max_vfs=2,sriov_vq_flexible=4,sriov_vi_flexible=2
# vm-qemu: -device nvme-ns,drive=d1,bus=nvme0,nsid=1
# shellcheck source=../guest/lib.sh
. /vm/lib.sh

bus=$(printf '%02x' "$(cat "$SYSPCI/devices/0000:00:10.0/secondary_bus_number")")
PF=0000:$bus:00.0
P=$SYSPCI/devices/$PF
vm_expect_eq "PF ids" 1b36:0010 "$(vm_id "$PF")"
vm_expect_eq "PF driver" nvme "$(vm_driver "$PF")"
vm_expect_exists "PF SR-IOV capability (sriov_totalvfs)" "$P/sriov_totalvfs"
vm_expect_eq "sriov_totalvfs" 2 "$(cat "$P/sriov_totalvfs" 2>/dev/null)"
vm_expect_eq "sriov_numvfs before" 0 "$(cat "$P/sriov_numvfs" 2>/dev/null)"
vm_log "VF offset $(cat "$P/sriov_offset" 2>/dev/null) stride $(cat "$P/sriov_stride" 2>/dev/null) device $(cat "$P/sriov_vf_device" 2>/dev/null)"

# Off: nvme would probe each VF and fail it (no resources yet), racing with the checks.
echo 0 >"$P/sriov_drivers_autoprobe"
vm_log "enable 2 VFs"
if echo 2 >"$P/sriov_numvfs"; then
	vm_ok "sriov_numvfs=2 accepted"
else
	vm_fail "writing 2 to sriov_numvfs failed"
fi
vm_expect_eq "sriov_numvfs after" 2 "$(cat "$P/sriov_numvfs" 2>/dev/null)"
for i in 0 1; do
	if [ -L "$P/virtfn$i" ]; then
		vf=$(readlink "$P/virtfn$i")
		vf=${vf##*/}
		vm_ok "virtfn$i -> $vf"
		vm_expect_eq "VF $vf ids" 1b36:0010 "$(vm_id "$vf")"
		vm_expect_eq "VF $vf physfn" "$PF" "$(basename "$(readlink "$SYSPCI/devices/$vf/physfn")")"
		vm_expect_eq "VF $vf driver (autoprobe off)" none "$(vm_driver "$vf")"
		vm_expect_match "VF $vf IOMMU group" "[0-9]*" "$(vm_iommu_group "$vf")"
	else
		vm_fail "no virtfn$i link under $P"
	fi
done
# openeal's own scan: each VF names its PF, the PF reports its VF counts.
json=$(openeal list --json)
vm_expect_eq "openeal list exit status" 0 "$?"
pf_line=$(printf '%s\n' "$json" | grep "\"addr\": \"$PF\"")
vm_expect_match "openeal: PF sriov_totalvfs" '*"sriov_totalvfs": 2,*' "$pf_line"
vm_expect_match "openeal: PF sriov_numvfs" '*"sriov_numvfs": 2,*' "$pf_line"
vm_expect_match "openeal: PF has no physfn" '*"physfn": null,*' "$pf_line"
for i in 0 1; do
	vf=$(basename "$(readlink "$P/virtfn$i")")
	vf_line=$(printf '%s\n' "$json" | grep "\"addr\": \"$vf\"")
	vm_expect_match "openeal: VF $vf listed with its PF" "*\"physfn\": \"$PF\",*" "$vf_line"
	vm_expect_match "openeal: VF $vf ids" '*"vendor": "0x1b36", "device": "0x0010",*' "$vf_line"
done
lspci -D -nn
n=0
for l in "$SYSPCI"/devices/*/physfn; do
	[ -L "$l" ] && n=$((n + 1))
done
vm_expect_eq "devices with a physfn link" 2 "$n"

# A VF can be handed to vfio-pci like any function.
vf0=$(basename "$(readlink "$P/virtfn0")")
vm_bind "$vf0" vfio-pci
vm_expect_eq "VF $vf0 on vfio-pci" vfio-pci "$(vm_driver "$vf0")"
vm_expect_exists "VF $vf0 vfio group node" "/dev/vfio/$(vm_iommu_group "$vf0")" -c
vm_unbind "$vf0"

vm_log "disable VFs"
echo 0 >"$P/sriov_numvfs"
vm_expect_eq "sriov_numvfs after disable" 0 "$(cat "$P/sriov_numvfs")"
vm_expect_absent "virtfn0 gone" "$P/virtfn0"
vm_expect_eq "PF driver still" nvme "$(vm_driver "$PF")"
vm_done
