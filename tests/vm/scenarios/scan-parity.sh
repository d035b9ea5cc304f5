#!/bin/sh
# scan-parity: what openeal reads about each PCI function must be what the kernel and lspci
# say. The guest has every kind of device the project meets (the same topology as boot-bind):
# e1000, e1000e, NVMe, virtio-net legacy (I/O BAR) on pcie.0 and modern-only behind a PCIe root
# port, an 82545EM behind a conventional pci-bridge, a multifunction slot (e1000 + edu), and
# q35's own functions (host bridge, LPC, AHCI, SMBus).
#
# Four sources are turned into "SOURCE ADDR KEY VALUE" facts and compared key by key against
# sysfs, for EVERY function: `openeal list --json` (ids, subsystem ids, class, revision, kernel
# driver, IOMMU group, and every BAR's start, size, type and prefetchability), `lspci -D -n -vmm
# -k` (ids, class, revision, driver, IOMMU group), `lspci -D -vv` ("Region N:" lines: the
# BARs), and `openeal status --json` (ids, class, driver, group). Each mismatch is printed.
# The comparison is first run on facts with two planted errors, which it must report.
# By hand: tests/vm/vm-run --bin build/app/openeal/openeal tests/vm/scenarios/scan-parity.sh
#
# vm-timeout: 150
# vm-netdev: n1
# vm-netdev: n2
# vm-netdev: n3
# vm-netdev: n4
# vm-netdev: n5
# vm-netdev: n6
# vm-disk: d1 16M
# vm-qemu: -device e1000,netdev=n1,mac=@MAC1@,bus=pcie.0,addr=0x2
# vm-qemu: -device e1000e,netdev=n2,mac=@MAC2@,bus=pcie.0,addr=0x3
# vm-qemu: -device nvme,drive=d1,serial=lab0005,bus=pcie.0,addr=0x4
# vm-qemu: -device virtio-net-pci,netdev=n3,mac=@MAC3@,bus=pcie.0,addr=0x5
# vm-qemu: -device pcie-root-port,id=rp1,chassis=1,slot=1,bus=pcie.0,addr=0x10
# vm-qemu: -device virtio-net-pci,netdev=n4,mac=@MAC4@,disable-legacy=on,bus=rp1,addr=0x0
# vm-qemu: -device pci-bridge,id=br1,chassis_nr=2,bus=pcie.0,addr=0x11
# vm-qemu: -device e1000-82545em,netdev=n5,mac=@MAC5@,bus=br1,addr=0x1
# vm-qemu: -device e1000,netdev=n6,mac=@MAC6@,bus=pcie.0,addr=0x12.0,multifunction=on
# vm-qemu: -device edu,bus=pcie.0,addr=0x12.1
# shellcheck source=../guest/lib.sh
. /vm/lib.sh

W=/tmp/parity
mkdir -p $W

# --- sysfs: the reference ----------------------------------------------------------------------
# Attribute files read by one awk (forks are slow under TCG): FILENAME is "./<bdf>/<attr>".
# shellcheck disable=SC2016 # awk program
SYSFS_AWK='
function hx(v) { v = tolower(v); sub(/^0x/, "", v); sub(/^0+/, "", v); return v == "" ? "0" : v }
function num(s,   n, i) {
	s = hx(s); n = 0
	for (i = 1; i <= length(s); i++) n = n * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
	return n
}
function bit(v, b) { return int(v / b) % 2 }
{
	split(FILENAME, p, "/"); a = p[2]; attr = p[3]
	if (attr != "resource") {
		name["vendor"] = "vendor"; name["device"] = "device"; name["class"] = "class"
		name["subsystem_vendor"] = "svendor"; name["subsystem_device"] = "sdevice"
		name["revision"] = "rev"
		print "sysfs", a, name[attr], hx($1)
		next
	}
	# resource: lines 1-6 are the BARs; flags as the kernel prints them (IORESOURCE_*).
	if (FNR > 6 || (num($1) == 0 && num($2) == 0)) next
	f = num($3)
	if (!bit(f, 256) && !bit(f, 512)) next
	t = bit(f, 256) ? "io" : (bit(f, 1048576) ? "mem64" : "mem")
	printf "sysfs %s bar%d %s,%s,%s,%.0f\n", a, FNR - 1, t, bit(f, 8192) ? "true" : "false", hx($1), num($2) - num($1) + 1
}'
sysfs_facts() {
	(cd "$SYSPCI/devices" && awk "$SYSFS_AWK" ./*/vendor ./*/device ./*/subsystem_vendor \
		./*/subsystem_device ./*/class ./*/revision ./*/resource)
	for dir in "$SYSPCI"/devices/*; do
		echo "sysfs ${dir##*/} driver $(vm_driver "${dir##*/}")"
		echo "sysfs ${dir##*/} iommu $(vm_iommu_group "${dir##*/}")"
	done
}

# --- openeal list --json / status --json: one device object per line --------------------------
# shellcheck disable=SC2016 # awk program
JSON_AWK='
function hx(v) { v = tolower(v); sub(/^0x/, "", v); sub(/^0+/, "", v); return v == "" ? "0" : v }
# The value of "key" in line s: a string without its quotes, a number, true/false, or "none"
# for null; "absent" when the key is not there.
function jv(s, key,   re, v) {
	re = "\"" key "\": (\"[^\"]*\"|null|-?[0-9]+|true|false)"
	if (!match(s, re)) return "absent"
	v = substr(s, RSTART + length(key) + 4, RLENGTH - length(key) - 4)
	gsub(/"/, "", v)
	return v == "null" ? "none" : v
}
/^ *[{]"addr": / {
	a = jv($0, "addr")
	print src, a, "vendor", hx(jv($0, "vendor"))
	print src, a, "device", hx(jv($0, "device"))
	print src, a, "class", hx(jv($0, "class"))
	if (src == "status") {
		print src, a, "driver", jv($0, "driver")
	} else {
		print src, a, "svendor", hx(jv($0, "subsystem_vendor"))
		print src, a, "sdevice", hx(jv($0, "subsystem_device"))
		print src, a, "rev", hx(jv($0, "revision"))
		print src, a, "driver", jv($0, "kernel_driver")
	}
	print src, a, "iommu", jv($0, "iommu_group")
	rest = $0
	while (match(rest, /[{]"index": [0-9]+, "start": "0x[0-9a-f]+", "size": [0-9]+, "type": "[a-z0-9]+", "prefetchable": (true|false)[}]/)) {
		b = substr(rest, RSTART, RLENGTH)
		rest = substr(rest, RSTART + RLENGTH)
		print src, a, "bar" jv(b, "index"), jv(b, "type") "," jv(b, "prefetchable") "," hx(jv(b, "start")) "," jv(b, "size")
	}
}'

# --- lspci -vmm: ids, class, revision, driver, group ------------------------------------------
# shellcheck disable=SC2016 # awk program
VMM_AWK='
function hx(v) { v = tolower(v); sub(/^0+/, "", v); return v == "" ? "0" : v }
function flush() {
	if (a == "") return
	print "lspci", a, "vendor", hx(f["Vendor"])
	print "lspci", a, "device", hx(f["Device"])
	# lspci leaves out what is zero: subsystem ids of a bridge, revision 0, prog-if 0.
	print "lspci", a, "svendor", hx(("SVendor" in f) ? f["SVendor"] : "0")
	print "lspci", a, "sdevice", hx(("SDevice" in f) ? f["SDevice"] : "0")
	print "lspci", a, "class", hx(f["Class"] (("ProgIf" in f) ? f["ProgIf"] : "00"))
	print "lspci", a, "rev", hx(("Rev" in f) ? f["Rev"] : "0")
	print "lspci", a, "driver", ("Driver" in f) ? f["Driver"] : "none"
	print "lspci", a, "iommu", ("IOMMUGroup" in f) ? f["IOMMUGroup"] : "none"
	a = ""
	split("", f)
}
BEGIN { FS = "\t" }
/^Slot:/ { flush(); a = $2; next }
/^[A-Za-z]+:\t/ { k = $1; sub(/:$/, "", k); f[k] = $2 }
END { flush() }'

# --- lspci -vv: "Region N:" lines ---------------------------------------------------------------
# shellcheck disable=SC2016 # awk program
VV_AWK='
function bytes(s,   n, u) {
	n = s; sub(/[KMGT]$/, "", n); u = substr(s, length(s))
	if (u == "K") return n * 1024
	if (u == "M") return n * 1048576
	if (u == "G") return n * 1073741824
	if (u == "T") return n * 1099511627776
	return n
}
/^[0-9a-f][0-9a-f][0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]\.[0-7] / { a = $1; next }
/^\tRegion [0-5]: / {
	i = $2; sub(/:$/, "", i)
	if ($0 ~ /I\/O ports at /) { t = "io"; p = "false"; start = $6 }
	else {
		start = $5
		t = ($0 ~ /64-bit/) ? "mem64" : "mem"
		p = ($0 ~ /[^-]prefetchable/ && $0 !~ /non-prefetchable/) ? "true" : "false"
	}
	size = "none"
	if (match($0, /\[size=[0-9]+[KMGT]?\]/)) size = bytes(substr($0, RSTART + 6, RLENGTH - 7))
	sub(/^0+/, "", start)
	printf "lspci %s bar%s %s,%s,%s,%.0f\n", a, i, t, p, tolower(start == "" ? "0" : start), size
}'

# --- the comparison: every source against sysfs, key by key ------------------------------------
# shellcheck disable=SC2016 # awk program
CMP_AWK='
{ v[$1 SUBSEP $2 SUBSEP $3] = $4; seen[$1 SUBSEP $2] = 1; key[$2 SUBSEP $3] = 1; addr[$2] = 1 }
END {
	ns = split("sysfs list lspci status", S, " ")
	nd = 0
	for (a in addr) {
		nd++
		for (i = 1; i <= ns; i++)
			if (!((S[i] SUBSEP a) in seen)) { print "MISMATCH " a ": not seen by " S[i]; bad++ }
	}
	for (ak in key) {
		split(ak, p, SUBSEP)
		a = p[1]; k = p[2]
		ref = (("sysfs" SUBSEP a SUBSEP k) in v) ? v["sysfs" SUBSEP a SUBSEP k] : "absent"
		for (i = 2; i <= ns; i++) {
			s = S[i]
			if (s == "status" && k !~ /^(vendor|device|class|driver|iommu)$/) continue
			got = ((s SUBSEP a SUBSEP k) in v) ? v[s SUBSEP a SUBSEP k] : "absent"
			n++
			if (got != ref) { print "MISMATCH " a " " k ": sysfs=" ref " " s "=" got; bad++ }
		}
	}
	printf "parity: %d devices, %d comparisons, %d mismatches\n", nd, n, bad
}'

lspci -D -n -vmm -k 2>/dev/null >$W/vmm.txt
lspci -D -vv 2>/dev/null >$W/vv.txt
vm_expect_cmd "openeal list --json" sh -c "openeal list --json >$W/list.json"
vm_expect_cmd "openeal status --json" sh -c "openeal status --json >$W/status.json"
sysfs_facts >$W/facts.sysfs
awk -v src=list "$JSON_AWK" $W/list.json >$W/facts.list
awk -v src=status "$JSON_AWK" $W/status.json >$W/facts.status
{
	awk "$VMM_AWK" $W/vmm.txt
	awk "$VV_AWK" $W/vv.txt
} >$W/facts.lspci

# --- the comparison can fail: two planted errors must come out, and nothing else ---------------
sed -e 's/^\(list 0000:00:02.0 bar0 mem,false,[0-9a-f]*\),131072$/\1,65536/' \
	-e 's/^status 0000:00:04.0 driver nvme$/status 0000:00:04.0 driver vfio-pci/' \
	$W/facts.list $W/facts.status >$W/facts.planted
planted=$(cat $W/facts.sysfs $W/facts.lspci $W/facts.planted | awk "$CMP_AWK" | grep '^MISMATCH' | sort)
vm_expect_eq "planted errors are reported" \
	"MISMATCH 0000:00:02.0 bar0: sysfs=mem,false,$(grep '^sysfs 0000:00:02.0 bar0 ' $W/facts.sysfs | cut -d, -f3),131072 list=mem,false,$(grep '^sysfs 0000:00:02.0 bar0 ' $W/facts.sysfs | cut -d, -f3),65536
MISMATCH 0000:00:04.0 driver: sysfs=nvme status=vfio-pci" "$planted"

# --- the real comparison ---------------------------------------------------------------------
result=$(cat $W/facts.sysfs $W/facts.list $W/facts.lspci $W/facts.status | awk "$CMP_AWK")
echo "$result"
summary=$(echo "$result" | tail -n 1)
vm_expect_eq "mismatches between openeal, lspci and sysfs" 0 "$(echo "$result" | grep -c '^MISMATCH')"
# Not vacuous: every function of the topology was compared, BARs of every kind included.
set -- "$SYSPCI"/devices/*
nb_dev=$#
vm_expect_eq "functions compared (all of sysfs)" "parity: $nb_dev devices" "${summary%%,*}"
vm_expect_eq "sysfs functions in this topology" 14 "$nb_dev"
vm_expect_match "comparisons" "parity: 14 devices, [2-9][0-9][0-9] comparisons, 0 mismatches" "$summary"
rp_bus=$(printf '%02x' "$(cat "$SYSPCI/devices/0000:00:10.0/secondary_bus_number")")
br_bus=$(printf '%02x' "$(cat "$SYSPCI/devices/0000:00:11.0/secondary_bus_number")")
for fact in "0000:00:05.0 bar0 io," "0000:$rp_bus:00.0 bar4 mem64,true," \
	"0000:00:04.0 bar0 mem64,false," "0000:$br_bus:01.0 bar1 io," "0000:00:12.1 bar0 mem,false," \
	"0000:00:11.0 bar0 mem64,false,"; do
	vm_expect_match "openeal list has $fact" "list $fact*" "$(grep "^list ${fact%% *} ${fact#* }" $W/facts.list | head -n 1)"
done
vm_expect_eq "modern virtio is behind the root port" "0000:$rp_bus:00.0 1af4:1041" "0000:$rp_bus:00.0 $(vm_id "0000:$rp_bus:00.0")"
vm_expect_eq "82545EM is behind the bridge" "0000:$br_bus:01.0 8086:100f" "0000:$br_bus:01.0 $(vm_id "0000:$br_bus:01.0")"

vm_done
