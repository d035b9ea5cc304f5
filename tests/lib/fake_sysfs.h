/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef OPENEAL_FAKE_SYSFS_H
#define OPENEAL_FAKE_SYSFS_H

/*
 * A fake sysfs PCI tree laid out like the kernel's, so the PCI bus can be tested and measured
 * without touching the host's devices. Under a root R:
 *
 *   R/bus/pci/devices/<bdf> -> ../../../devices/pci<DDDD>:<BB>/<bdf>   (relative, as sysfs)
 *   R/devices/pci<DDDD>:<BB>/<bdf>/{uevent, vendor, device, subsystem_vendor, subsystem_device,
 *        class, revision, numa_node, resource, config, enable, driver_override,
 *        resourceN (non-empty BARs), subsystem -> ../../../bus/pci,
 *        driver -> ../../../bus/pci/drivers/<drv>, iommu_group -> ../../../kernel/iommu_groups/<N>,
 *        physfn -> ../<pf> (VF), virtfnN -> ../<vf> (PF), sriov_totalvfs, sriov_numvfs (PF)}
 *   R/bus/pci/drivers/<drv>/{bind, unbind, new_id, remove_id, <bdf> -> the device}
 *   R/bus/pci/{drivers_probe, rescan}
 *   R/kernel/iommu_groups/<N>/{type, devices/<bdf> -> the device}
 *   R/class/net/<if> -> ../../devices/.../<bdf>/net/<if> (operstate, flags)
 *
 * A VF lives in its PF's parent directory, as in sysfs, so physfn is always "../<pf>".
 * Every function returns 0 (or a pointer) on success, -1 (or NULL) with errno set on failure.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* One line of the "resource" file. flags: RTE_PCI_IORESOURCE_* (kernel IORESOURCE_*) values. */
struct fake_pci_bar {
	uint64_t start, size, flags;
};

struct fake_pci_dev {
	const char *addr; /* "0000:00:02.0" (required, full form) */
	uint16_t vendor, device, subsys_vendor, subsys_device;
	uint32_t class_code; /* 24-bit */
	uint8_t revision;
	int numa_node;			       /* -1 = unknown */
	const char *driver;		       /* kernel driver name, NULL = unbound */
	int iommu_group;		       /* -1 = none */
	const char *iommu_group_type;	       /* NULL = "DMA" */
	struct fake_pci_bar res[13];	       /* resource lines: 6 BARs, ROM, 6 IOV */
	unsigned nb_res;		       /* 0 = 13 */
	const char *physfn;		       /* PF address when this is a VF (add the PF first) */
	unsigned sriov_totalvfs, sriov_numvfs; /* PF only (files written when totalvfs > 0) */
	const uint8_t *config;		       /* raw config space; NULL = synthesised 256 bytes */
	size_t config_len;
	const char *net_ifname; /* create class/net/<ifname> for this device */
	bool net_up;		/* operstate up/down + IFF_UP in flags */
};

struct fake_sysfs;

/*
 * A function no PMD takes (ids c0de:0001, class ff0000), with one 128 KiB memory BAR, on
 * driver (NULL: none), in IOMMU group (-1: none): for tests that run rte_eal_init on a tree
 * and must never reach for the host's vfio or uio.
 */
struct fake_pci_dev fake_pci_unclaimed(const char *addr, const char *driver, int group);

/* An empty tree in a new directory under $TMPDIR, or /dev/shm (tmpfs, like sysfs) when unset. */
struct fake_sysfs *fake_sysfs_create(void);
int fake_sysfs_add(struct fake_sysfs *fs, const struct fake_pci_dev *d);
/* The device vanishes: its directory and every link to it. */
int fake_sysfs_remove(struct fake_sysfs *fs, const char *addr);
const char *fake_sysfs_root(const struct fake_sysfs *fs);
/* R/bus/pci/devices: what SYSFS_PCI_DEVICES should name. */
const char *fake_sysfs_devices_dir(const struct fake_sysfs *fs);

/*
 * Broken-input helpers on one device's directory. file is a name in it ("vendor", "driver"...).
 * set_attr replaces the entry (even a link) by a regular file holding exactly data[0..len).
 * symlink_attr replaces it by a symlink to target, taken as is (relative to the device dir).
 */
int fake_sysfs_set_attr(struct fake_sysfs *fs, const char *addr, const char *file, const void *data,
			size_t len);
int fake_sysfs_unlink_attr(struct fake_sysfs *fs, const char *addr, const char *file);
int fake_sysfs_symlink_attr(struct fake_sysfs *fs, const char *addr, const char *file,
			    const char *target);
/*
 * special_attr replaces the entry by a FIFO (S_IFIFO), a listening-free unix socket (S_IFSOCK)
 * or an empty directory (S_IFDIR): what a generated or bind-mounted tree could hold.
 */
int fake_sysfs_special_attr(struct fake_sysfs *fs, const char *addr, const char *file,
			    mode_t kind);

/* Removes the tree and frees fs. */
void fake_sysfs_destroy(struct fake_sysfs *fs);
/* Frees fs but leaves the tree on disk (generator programs; the caller removes it later). */
void fake_sysfs_close(struct fake_sysfs *fs);

/*
 * n devices over several domains (one below 64 devices, up to four with one past 16 bits) and
 * buses: multi-function NICs, SR-IOV PFs with VFs, NVMe, virtio and e1000 with I/O BARs, AHCI,
 * bound to a mix of kernel drivers (vfio-pci, uio_pci_generic, in-kernel ones) or to none.
 * The same (n, seed) always gives the same tree. The bus/pci/devices links are created in a
 * seeded shuffled order, so readdir order is not address order (as on kernfs, which hashes).
 */
int fake_sysfs_populate(struct fake_sysfs *fs, unsigned n, unsigned seed);

#endif
