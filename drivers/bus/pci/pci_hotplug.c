/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The PCI bus's half of surprise removal (doc/hotplug.md): every mapped BAR is listed in the
 * EAL's SIGBUS table while it is mapped, and when the device is removed under us its BARs are
 * replaced by memory that reads all-ones, which is what a read of a removed PCIe device
 * returns (a completer abort). A driver that has not yet been told keeps running on that and
 * sees 0xffffffff in its status registers, as drivers already expect from surprise removal.
 */
#include <errno.h>
#include <string.h>

#include <rte_errno.h>

#include "eal_sigbus.h"
#include "pci_private.h"

void pci_hotplug_track_bars(struct rte_pci_device *dev)
{
	for (int i = 0; i < PCI_MAX_RESOURCE; i++) {
		const struct rte_mem_resource *r = &dev->mem_resource[i];
		if (r->addr == NULL || r->len == 0)
			continue;
		if (eal_sigbus_region_add(r->addr, r->len) != 0)
			PCI_LOG(WARNING,
				"%s: BAR %d is not protected against surprise removal: %s (a SIGBUS "
				"there after a hot-removal kills the process)",
				dev->name, i, rte_strerror(rte_errno));
	}
}

void pci_hotplug_untrack_bars(struct rte_pci_device *dev)
{
	for (int i = 0; i < PCI_MAX_RESOURCE; i++)
		if (dev->mem_resource[i].addr != NULL)
			eal_sigbus_region_del(dev->mem_resource[i].addr);
}

int pci_hot_unplug_handler(struct rte_device *d)
{
	struct rte_pci_device *dev = RTE_DEV_TO_PCI(d);
	int ret = 0, fenced = 0;

	for (int i = 0; i < PCI_MAX_RESOURCE; i++) {
		const struct rte_mem_resource *r = &dev->mem_resource[i];
		if (r->addr == NULL || r->len == 0)
			continue;
		int err = eal_sigbus_fence(r->addr, r->len);
		if (err != 0) {
			PCI_LOG(ERR, "%s was removed: cannot replace BAR %d's mapping: %s", dev->name,
				i, strerror(-err));
			ret = err;
			continue;
		}
		fenced++;
	}
	if (fenced > 0)
		PCI_LOG(NOTICE, "%s was removed: its %d mapped BARs now read all-ones", dev->name,
			fenced);
	return ret;
}
