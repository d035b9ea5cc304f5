/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef OPENEAL_FAKE_SYSFS_PRIVATE_H
#define OPENEAL_FAKE_SYSFS_PRIVATE_H

/* Shared by fake_sysfs.c (the tree) and fake_sysfs_populate.c (the device generator). */

#include <stddef.h>

#include "fake_sysfs.h"

/*
 * This file plays the kernel: it writes what drivers/pci/pci-sysfs.c and pci_uevent() print,
 * so it uses the kernel's own constants (linux/pci_regs.h, and include/linux/ioport.h below)
 * rather than the library's, which it is there to test.
 */
#define IORESOURCE_IO 0x00000100
#define IORESOURCE_MEM 0x00000200
#define IORESOURCE_PREFETCH 0x00002000
#define IORESOURCE_READONLY 0x00004000
#define IORESOURCE_SIZEALIGN 0x00040000
#define IORESOURCE_MEM_64 0x00100000

/* Endpoints print 13 resource lines: 6 BARs, the ROM and 6 SR-IOV BARs (PCI_BRIDGE_RESOURCES). */
#define FAKE_NB_RES 13
#define FAKE_ROM_RES 6
#define FAKE_IOV_RES 7
#define ADDR_LEN 24

/* What remove() needs to find every link to a device. */
struct fake_rec {
	char addr[ADDR_LEN];
	char dir[64]; /* "devices/pci<DDDD>:<BB>/<bdf>", relative to the root */
	char driver[64];
	char net_ifname[32];
	char physfn[ADDR_LEN];
	int iommu_group;
};

struct fake_sysfs {
	char *root;
	char *devices_dir;
	int rootfd;
	struct fake_rec *recs;
	size_t nb_recs, cap_recs;
};

/* Everything of one device but its bus/pci/devices link, which is what a scan starts from.
 * Touches nothing in fs but the tree (no record kept), so several threads may run it. */
int fake_sysfs_create_device(struct fake_sysfs *fs, const struct fake_pci_dev *d,
			     struct fake_rec *r);
/* The bus/pci/devices/<bdf> link: the device becomes visible to a scan. */
int fake_sysfs_add_bus_link(struct fake_sysfs *fs, const struct fake_rec *r);
/* Remember a created device (for remove and the broken-input helpers). */
int fake_sysfs_push_rec(struct fake_sysfs *fs, const struct fake_rec *r);

#endif
