# shellcheck shell=bash
# Build the guest's initramfs (sourced): busybox-static, kernel modules, lspci, the scenario and
# any host programs it asks for with their libraries. One per run, in the run's own directory,
# so two scenarios running at once never share a staging tree. Takes well under a second.

# Modules loaded at boot, in this order (each after its own dependencies from modules.dep).
# vfio/uio for userspace drivers, then the normal kernel drivers of the lab's devices so they
# come up bound as on a real machine.
VM_BOOT_MODULES=(irqbypass vfio vfio_iommu_type1 vfio_virqfd vfio_pci_core vfio_pci
	uio uio_pci_generic igb_uio e1000 e1000e nvme virtio_pci virtio_net)
# Without these the lab is pointless; the rest may be built in or (vfio_virqfd, vfio_pci_core)
# merged into other modules by later kernels.
VM_REQUIRED_MODULES=" vfio vfio_iommu_type1 vfio_pci uio uio_pci_generic igb_uio "

declare -gA VM_STAGED=()

# Copy host PATH into STAGE at the same absolute path, keeping symlinks: each link of the chain
# is recreated and the final file copied, so sonames resolve in the guest as on the host. A path
# is copied once even if asked for twice (a library loaded from two paths breaks DPDK-like code).
vm_stage_path() {
	local stage=$1 p=$2 target
	while [[ -z ${VM_STAGED[$p]:-} ]]; do
		VM_STAGED[$p]=1
		mkdir -p "$stage$(dirname "$p")"
		# Never write through an existing staged symlink: busybox applet links point at
		# /bin/busybox, and following one would overwrite the host's busybox.
		rm -f "$stage$p"
		if [[ -L $p ]]; then
			target=$(readlink "$p")
			ln -s "$target" "$stage$p"
			[[ $target == /* ]] || target=$(dirname "$p")/$target
			p=$(realpath -s "$target")
		else
			cp -p "$p" "$stage$p"
		fi
	done
}

# Copy an ELF program and every library ldd reports (same paths), the interpreter included.
vm_stage_elf() {
	local stage=$1 bin=$2 out lib
	[[ -f $bin ]] || vm_die "no such program: $bin"
	vm_stage_path "$stage" "$bin"
	if ! out=$(ldd "$bin" 2>&1); then
		[[ $out == *"not a dynamic executable"* ]] && return 0 # static: nothing else
		vm_die "ldd $bin: $out"
	fi
	if grep -q 'not found' <<<"$out"; then
		vm_die "$bin: libraries not found on the host: $(grep 'not found' <<<"$out" | tr -s ' \t' ' ')"
	fi
	while read -r lib; do
		[[ -n $lib ]] && vm_stage_path "$stage" "$lib"
	done < <(awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' <<<"$out")
}

# libgcc_s is never in ldd's list but glibc dlopens it (pthread_cancel, backtraces).
vm_stage_libgcc() {
	local stage=$1 lib
	lib=$( (/sbin/ldconfig -p 2>/dev/null || ldconfig -p 2>/dev/null) | awk '$1 == "libgcc_s.so.1" && /x86-64/ && !l { l = $NF } END { print l }')
	[[ -z $lib ]] && lib=$(gcc -print-file-name=libgcc_s.so.1 2>/dev/null || true)
	[[ -n $lib && -e $lib ]] || vm_die "libgcc_s.so.1 not found on the host"
	vm_stage_path "$stage" "$lib"
}

# Read modules.dep into VM_MODPATH[name]=relpath and VM_MODDEPS[name]="dep relpaths"; names are
# normalised with underscores as the kernel does (vfio-pci == vfio_pci).
vm_read_moddep() {
	local moddir=$1 line path name
	declare -gA VM_MODPATH=() VM_MODDEPS=() VM_MODSRC=() VM_BUILTIN=()
	while IFS= read -r line; do
		path=${line%%:*}
		name=${path##*/}
		name=${name%%.ko*}
		name=${name//-/_}
		VM_MODPATH[$name]=$path
		VM_MODDEPS[$name]=${line#*:}
		VM_MODSRC[$name]=$moddir/$path
	done <"$moddir/modules.dep"
	if [[ -r $moddir/modules.builtin ]]; then
		while IFS= read -r path; do
			name=${path##*/}
			name=${name%%.ko*}
			VM_BUILTIN[${name//-/_}]=1
		done <"$moddir/modules.builtin"
	fi
}

# Append NAME and its dependencies (first) to VM_MODORDER. Returns 1 if NAME is unknown.
vm_module_visit() {
	local name=${1//-/_} dep dname
	[[ -n ${VM_MODSEEN[$name]:-} ]] && return 0
	VM_MODSEEN[$name]=1
	if [[ -z ${VM_MODPATH[$name]:-} ]]; then
		[[ -n ${VM_BUILTIN[$name]:-} ]] && return 0
		return 1
	fi
	for dep in ${VM_MODDEPS[$name]}; do
		dname=${dep##*/}
		dname=${dname%%.ko*}
		vm_module_visit "$dname" || vm_die "module $name needs $dname, which is missing"
	done
	VM_MODORDER+=("$name")
}

# Stage modules for the guest: LOAD names are insmodded by /init in order, AVAIL names are only
# present (loadable with busybox modprobe, which reads the trimmed modules.dep written here).
vm_stage_modules() {
	local stage=$1 moddir=$2 krel=$3 igb_uio=$4 load=$5 avail=$6 name rel dst dep deps
	local gdir=$stage/lib/modules/$krel
	vm_read_moddep "$moddir"
	VM_MODPATH[igb_uio]=extra/igb_uio.ko
	VM_MODDEPS[igb_uio]=${VM_MODPATH[uio]:-}
	VM_MODSRC[igb_uio]=$igb_uio
	declare -gA VM_MODSEEN=()
	VM_MODORDER=()
	for name in "${VM_BOOT_MODULES[@]}" $load; do
		if ! vm_module_visit "$name"; then
			[[ $VM_REQUIRED_MODULES == *" ${name//-/_} "* ]] && vm_die "guest kernel $krel has no module $name"
			[[ " $load " == *" $name "* ]] && vm_die "guest kernel $krel has no module $name (vm-modules)"
		fi
	done
	local -a boot=("${VM_MODORDER[@]}")
	for name in $avail; do
		vm_module_visit "$name" || vm_die "guest kernel $krel has no module $name (vm-modules-avail)"
	done
	mkdir -p "$gdir"
	: >"$stage/vm/modules.load"
	: >"$gdir/modules.dep"
	for name in "${VM_MODORDER[@]}"; do
		rel=${VM_MODPATH[$name]}
		dst=$gdir/${rel%.ko*}.ko
		mkdir -p "$(dirname "$dst")"
		# Guests get plain .ko: busybox insmod cannot read compressed modules.
		case $rel in
		*.ko) cp "${VM_MODSRC[$name]}" "$dst" ;;
		*.ko.xz) xz -dc "${VM_MODSRC[$name]}" >"$dst" ;;
		*.ko.zst) zstd -q -dc "${VM_MODSRC[$name]}" >"$dst" ;;
		*.ko.gz) gzip -dc "${VM_MODSRC[$name]}" >"$dst" ;;
		*) vm_die "unknown module format $rel" ;;
		esac
		deps=
		for dep in ${VM_MODDEPS[$name]}; do
			deps+=" ${dep%.ko*}.ko"
		done
		printf '%s:%s\n' "${rel%.ko*}.ko" "$deps" >>"$gdir/modules.dep"
	done
	for name in "${boot[@]}"; do
		rel=${VM_MODPATH[$name]}
		printf '%s\n' "${rel%.ko*}.ko" >>"$stage/vm/modules.load"
	done
	# Aliases and builtins of what is staged, so the guest's modprobe (and the kernel's
	# request_module through it) behaves like on a full system for these modules.
	if [[ -r $moddir/modules.alias ]]; then
		awk -v mods=" ${VM_MODORDER[*]} " '{ m = $NF; gsub("-", "_", m) } index(mods, " " m " ")' \
			"$moddir/modules.alias" >"$gdir/modules.alias"
	fi
	[[ -r $moddir/modules.builtin ]] && cp "$moddir/modules.builtin" "$gdir/"
	return 0
}

# Directory skeleton mirroring the host's merged-/usr symlinks (/lib -> usr/lib ...), so
# libraries land where ldd saw them and symlinked paths keep resolving.
vm_stage_skeleton() {
	local stage=$1 d
	mkdir -p "$stage"/{usr/bin,usr/sbin,usr/lib,usr/lib64,usr/local/bin,etc,proc,sys,dev,tmp,run,root,mnt,var,vm}
	for d in bin sbin lib lib64; do
		if [[ -L /$d ]]; then
			ln -s "$(readlink "/$d")" "$stage/$d"
		else
			mkdir -p "$stage/$d"
		fi
	done
	ln -s /proc/mounts "$stage/etc/mtab"
	ln -s /run "$stage/var/run"
}

# vm_build_initramfs OUT.cpio STAGE: see vm-run for the variables it reads.
vm_build_initramfs() {
	local out=$1 stage=$2 bin
	VM_STAGED=()
	vm_stage_skeleton "$stage"
	# busybox and /bin/sh for /init; /init creates the other applet links itself with
	# `busybox --install -s` (270 ln calls here cost a second, in the guest a few ms), which
	# leaves real programs such as lspci in place.
	cp "$VM_BUSYBOX" "$stage/bin/busybox"
	ln -s busybox "$stage/bin/sh"
	VM_STAGED[/bin/busybox]=1
	VM_STAGED[/bin/sh]=1
	# lspci: scenarios check what the kernel sees against it.
	vm_stage_elf "$stage" "$(command -v lspci)"
	local ids
	for ids in /usr/share/misc/pci.ids /usr/share/hwdata/pci.ids; do
		if [[ -e $ids ]]; then
			mkdir -p "$stage$(dirname "$ids")"
			cp -L "$ids" "$stage$ids"
		fi
	done
	vm_stage_libgcc "$stage"
	# Programs the scenario or the build asked for, at their own paths (RUNPATH $ORIGIN keeps
	# working) and linked into /usr/local/bin by name.
	for bin in "${VM_BINS[@]}"; do
		vm_stage_elf "$stage" "$bin"
		if [[ ! -e $stage/usr/local/bin/${bin##*/} ]]; then
			ln -s "$bin" "$stage/usr/local/bin/${bin##*/}"
		fi
	done
	vm_stage_modules "$stage" "$VM_MODDIR" "$VM_KREL" "$VM_IGB_UIO" "$VM_EXTRA_LOAD" "$VM_EXTRA_AVAIL"
	cp "$VM_SRC_DIR/guest/init" "$stage/init"
	chmod 0755 "$stage/init"
	cp "$VM_SRC_DIR/guest/lib.sh" "$stage/vm/lib.sh"
	cp "$VM_SCENARIO" "$stage/vm/scenario.sh"
	cp "$VM_GUEST_ENV" "$stage/vm/env"
	# Uncompressed newc: the kernel unpacks it fastest, and TCG makes decompression slow.
	(cd "$stage" && find . -mindepth 1 -print0 | LC_ALL=C sort -z |
		cpio --null -o -H newc -R 0:0 --quiet) >"$out"
}
