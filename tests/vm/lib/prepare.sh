# shellcheck shell=bash
# Host preparation for the VM lab (sourced): host packages, the current Debian guest kernel and
# igb_uio built against it. Results are cached under the cache dir given to vm_prepare, so only
# the first run of a build directory downloads or compiles anything.

# Host packages the lab needs, as "command:debian-package". Checked by command (not by dpkg)
# so a tool that is present some other way (python3 from pyenv, say) is not reinstalled.
VM_HOST_TOOLS=(
	qemu-system-x86_64:qemu-system-x86 # the emulator (TCG; KVM hangs on these machines)
	cpio:cpio                          # initramfs archive
	lspci:pciutils                     # copied into the guest, scenarios compare against it
	make:make                          # kbuild for igb_uio
	gcc:gcc                            # idem (the exact gcc-N is checked against the headers)
	flock:util-linux                   # parallel scenarios share one cache
	timeout:coreutils                  # host-side guard against hung guests
	python3:python3                    # tests/vm/qmp, the QMP client for host hooks
	dpkg-deb:dpkg                      # dpkg -x of downloaded packages
	apt-get:apt                        # apt-get download
)

vm_apt_install() {
	vm_log "installing missing host packages: $*"
	if ! vm_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >&2; then
		# Stale or empty package lists are the usual reason on a fresh machine.
		vm_as_root apt-get update -q >&2 || vm_die "apt-get update failed"
		vm_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >&2 ||
			vm_die "apt-get install $* failed: the vm suite cannot run on this machine"
	fi
}

# Install whatever is missing, and only that (a no-op costing a few ms once all is there).
vm_ensure_deps() {
	local pair cmd pkg bb
	local -a missing=()
	for pair in "${VM_HOST_TOOLS[@]}"; do
		cmd=${pair%%:*}
		pkg=${pair#*:}
		command -v "$cmd" >/dev/null 2>&1 || missing+=("$pkg")
	done
	# The guest has no libc, so its busybox must be the static build. The dynamic "busybox"
	# package does not do; busybox-static replaces it.
	bb=$(command -v busybox 2>/dev/null || true)
	if [[ -z $bb ]] || ldd "$bb" >/dev/null 2>&1; then
		missing+=(busybox-static)
	fi
	if ((${#missing[@]})); then
		vm_apt_install "${missing[@]}"
	fi
	command -v qemu-system-x86_64 >/dev/null 2>&1 ||
		vm_die "qemu-system-x86_64 is not available: the vm suite cannot run (install qemu-system-x86, or configure with -Dvm_tests=disabled)"
	VM_BUSYBOX=$(command -v busybox)
	ldd "$VM_BUSYBOX" >/dev/null 2>&1 && vm_die "$VM_BUSYBOX is not static (install busybox-static)"
	return 0
}

# apt-get download into DIR, refreshing the package lists once if the mirror no longer has
# what they name (Debian drops superseded kernel ABIs).
vm_apt_download() {
	local dir=$1
	shift
	# -o APT::Sandbox::User=root: the _apt user cannot write into a build directory.
	if ! (cd "$dir" && apt-get download -q -o APT::Sandbox::User=root "$@" >&2); then
		vm_log "apt-get download $* failed; refreshing package lists and retrying"
		vm_as_root apt-get update -q >&2 || vm_die "apt-get update failed"
		(cd "$dir" && apt-get download -q -o APT::Sandbox::User=root "$@" >&2) ||
			vm_die "apt-get download $* failed"
	fi
}

vm_pkg_version() {
	apt-cache show --no-all-versions "$1" 2>/dev/null | awk '/^Version:/ && !v { v = $2 } END { print v }'
}

# "<kernel package> <its version> <dpdk-kmods-dkms version>" from the package lists.
vm_apt_info() {
	apt-cache show --no-all-versions linux-image-amd64 dpdk-kmods-dkms 2>/dev/null | awk '
		/^Package:/ { pkg = $2 }
		/^Version:/ && pkg == "dpdk-kmods-dkms" { dkms = $2 }
		/^Depends:/ && pkg == "linux-image-amd64" {
			# "Depends: linux-image-6.1.0-56-amd64 (= 6.1.192-2)"
			for (i = 2; i <= NF; i++) if ($i ~ /^linux-image-[0-9]/) {
				kpkg = $i; sub(",", "", kpkg)
				if ($(i + 1) == "(=") { kver = $(i + 2); sub("\\)", "", kver); sub(",", "", kver) }
				break
			}
		}
		END { print kpkg, kver, dkms }'
}

# Resolve the current guest kernel from the linux-image-amd64 metapackage. Never pinned: the ABI
# is whatever Debian ships today. One apt-cache call (each costs ~0.5 s) also gives the
# dpdk-kmods-dkms version. Sets VM_KPKG (linux-image-6.1.0-56-amd64), VM_KREL (6.1.0-56-amd64,
# the guest's uname -r), VM_KABI (6.1.0-56), VM_KVER (package version) and VM_DKMS_VER.
vm_resolve_kernel() {
	local info
	info=$(vm_apt_info)
	if [[ $info != linux-image-* ]]; then
		vm_log "apt does not know linux-image-amd64 yet; running apt-get update"
		vm_as_root apt-get update -q >&2 || vm_die "apt-get update failed"
		info=$(vm_apt_info)
	fi
	read -r VM_KPKG VM_KVER VM_DKMS_VER <<<"$info"
	[[ ${VM_KPKG:-} == linux-image-* ]] ||
		vm_die "cannot resolve the guest kernel: apt-cache show linux-image-amd64 names no linux-image-<abi>"
	[[ -n ${VM_DKMS_VER:-} ]] || vm_die "apt knows no dpdk-kmods-dkms package"
	VM_KREL=${VM_KPKG#linux-image-}
	VM_KREL=${VM_KREL%-unsigned}
	VM_KABI=${VM_KREL%-amd64}
	# The metapackage pins the exact version; ask separately only if it ever stops doing so.
	[[ -n ${VM_KVER:-} ]] || VM_KVER=$(vm_pkg_version "$VM_KPKG")
	[[ -n $VM_KVER ]] || vm_die "no version for $VM_KPKG"
}

# Download and unpack the guest kernel into $cache/kernel/<krel>_<version> (dpkg -x only:
# nothing is installed on the host), then generate modules.dep with busybox depmod (the package
# ships none; depmod normally runs in postinst). Sets VM_KDIR, VM_VMLINUZ, VM_MODDIR.
vm_fetch_kernel() {
	local cache=$1 tmp t0
	VM_KDIR=$cache/kernel/${VM_KREL}_$VM_KVER
	if [[ ! -e $VM_KDIR/.complete ]]; then
		t0=$(vm_now)
		vm_log "fetching guest kernel $VM_KPKG $VM_KVER"
		mkdir -p "$cache/kernel"
		rm -rf "$VM_KDIR"
		tmp=$(mktemp -d "$cache/kernel/.tmp.XXXXXX")
		vm_apt_download "$tmp" "$VM_KPKG"
		dpkg -x "$tmp"/linux-image-*.deb "$tmp/root"
		rm -f "$tmp"/*.deb
		"$VM_BUSYBOX" depmod -b "$tmp/root" "$VM_KREL" ||
			vm_die "depmod failed for the guest kernel"
		touch "$tmp/.complete"
		mv "$tmp" "$VM_KDIR"
		vm_log "guest kernel ready in $(vm_elapsed "$t0")s"
	fi
	VM_VMLINUZ=$VM_KDIR/root/boot/vmlinuz-$VM_KREL
	VM_MODDIR=$VM_KDIR/root/lib/modules/$VM_KREL
	[[ -r $VM_VMLINUZ && -r $VM_MODDIR/modules.dep ]] || vm_die "broken kernel cache $VM_KDIR (delete it)"
}

# Build igb_uio from Debian's dpdk-kmods-dkms against the guest kernel's headers, all of them
# downloaded and unpacked into one folder (not installed). Sets VM_IGB_UIO (the .ko).
vm_build_igb_uio() {
	local cache=$1 dkmsver=$VM_DKMS_VER dir tmp hdr kbuild src cc t0
	dir=$cache/igb_uio/${VM_KREL}_${VM_KVER}_$dkmsver
	# shellcheck disable=SC2034 # read by the initramfs builder
	VM_IGB_UIO=$dir/igb_uio.ko
	[[ -e $dir/.complete ]] && return 0
	t0=$(vm_now)
	vm_log "building igb_uio ($dkmsver) for $VM_KREL"
	# linux-kbuild-X.Y is versioned by major.minor only: take the name the headers depend on.
	kbuild=$(apt-cache depends "linux-headers-$VM_KREL" 2>/dev/null | awk '$1 == "Depends:" && $2 ~ /^linux-kbuild-/ && !k { k = $2 } END { print k }')
	[[ -n $kbuild ]] || vm_die "cannot resolve linux-kbuild for linux-headers-$VM_KREL"
	mkdir -p "$cache/igb_uio"
	rm -rf "$dir"
	tmp=$(mktemp -d "$cache/igb_uio/.tmp.XXXXXX")
	mkdir "$tmp/debs" "$tmp/tree"
	vm_apt_download "$tmp/debs" dpdk-kmods-dkms "linux-headers-$VM_KREL" "linux-headers-$VM_KABI-common" "$kbuild"
	local deb
	for deb in "$tmp"/debs/*.deb; do
		dpkg -x "$deb" "$tmp/tree"
	done
	hdr=$tmp/tree/usr/src/linux-headers-$VM_KREL
	[[ -f $hdr/Makefile ]] || vm_die "no $hdr/Makefile in the headers package"
	# The arch headers' Makefile includes the common headers by their installed path.
	sed -i "s|^include /usr/src/|include $tmp/tree/usr/src/|" "$hdr/Makefile"
	# Debian's kbuild calls the exact compiler the kernel was built with (CC = ...gcc-12).
	# shellcheck disable=SC2016 # a literal make variable
	cc=$(awk '$1 == "CC" { print $NF }' "$hdr/.kernelvariables" 2>/dev/null | sed 's/^\$(CROSS_COMPILE)//')
	if [[ -n $cc ]] && ! command -v "$cc" >/dev/null 2>&1; then
		vm_apt_install "$cc"
	fi
	src=$(dirname "$(find "$tmp/tree/usr/src" -path '*dpdk-kmods*' -name igb_uio.c -print -quit)")
	[[ -f $src/igb_uio.c ]] || vm_die "no igb_uio.c in dpdk-kmods-dkms"
	# Build a copy so the unpacked package stays pristine.
	cp -r "$src" "$tmp/igb_uio"
	make -C "$hdr" M="$tmp/igb_uio" modules >"$tmp/build.log" 2>&1 || {
		tail -n 30 "$tmp/build.log" >&2
		vm_die "igb_uio build failed (log: $tmp/build.log)"
	}
	mkdir -p "$tmp/out"
	cp "$tmp/igb_uio/igb_uio.ko" "$tmp/build.log" "$tmp/out/"
	touch "$tmp/out/.complete"
	mv "$tmp/out" "$dir"
	rm -rf "$tmp"
	vm_log "igb_uio built in $(vm_elapsed "$t0")s"
}

# Later ABIs may ship compressed modules; busybox insmod in the guest needs them plain, so the
# initramfs builder decompresses them on the host. (6.1 ships plain .ko: untested path.)
vm_ensure_decompressors() {
	local dep=$VM_MODDIR/modules.dep
	if grep -q '\.ko\.xz:' "$dep" && ! command -v xz >/dev/null 2>&1; then vm_apt_install xz-utils; fi
	if grep -q '\.ko\.zst:' "$dep" && ! command -v zstd >/dev/null 2>&1; then vm_apt_install zstd; fi
	return 0
}

# Everything a run needs from the host, under one lock so parallel scenarios fetch once.
vm_prepare() {
	local cache=$1
	mkdir -p "$cache"
	vm_lock "$cache/.lock"
	vm_ensure_deps
	vm_resolve_kernel
	vm_fetch_kernel "$cache"
	vm_ensure_decompressors
	vm_build_igb_uio "$cache"
	vm_unlock
}
