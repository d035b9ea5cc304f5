/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The bus's device list: kept in address order, filled by merging a sorted scan into it.
 * A merge of two sorted sequences keeps a rescan at O(N) after the scan's sort, where
 * inserting each device by walking the list (as DPDK does) is O(N^2).
 */

#include <stdlib.h>
#include <string.h>

#include <rte_devargs.h>

#include "pci_private.h"

static uint64_t device_key(const struct rte_pci_device *dev)
{
	return ((uint64_t)dev->addr.domain << 24) | ((uint64_t)dev->addr.bus << 16) |
	       ((uint64_t)dev->addr.devid << 8) | dev->addr.function;
}

/* A probed or mapped device belongs to its driver: a rescan must not touch it. */
static bool device_in_use(const struct rte_pci_device *dev)
{
	return dev->driver != NULL || dev->device.driver != NULL || pci_device_is_mapped(dev);
}

void pci_device_attach_devargs(struct rte_pci_device *dev)
{
	dev->device.devargs = pci_devargs_lookup(&dev->addr);
	/*
	 * As in DPDK, a device named by devargs takes the name the user gave ("00:02.0"), so
	 * that rte_dev_probe(name) finds it by that name; otherwise the canonical one.
	 */
	dev->device.name = dev->device.devargs != NULL ? dev->device.devargs->name : dev->name;
}

void pci_device_init_names(struct rte_pci_device *dev)
{
	rte_pci_device_name(&dev->addr, dev->name, sizeof(dev->name));
	dev->device.bus = &pci_bus;
	pci_device_attach_devargs(dev);
}

void pci_device_free(struct rte_pci_device *dev)
{
	TAILQ_REMOVE(&pci_devices, dev, next);
	free(pci_bus_device(dev));
}

/* Take what the new scan found for an unprobed device that was already listed. */
static void refresh(struct rte_pci_device *dev, const struct rte_pci_device *fresh)
{
	if (strcmp(dev->kdrv_name, fresh->kdrv_name) != 0)
		pci_bus_device(dev)->refusal_reported = false;
	dev->id = fresh->id;
	memcpy(dev->mem_resource, fresh->mem_resource, sizeof(dev->mem_resource));
	dev->max_vfs = fresh->max_vfs;
	dev->kdrv = fresh->kdrv;
	dev->revision = fresh->revision;
	memcpy(dev->kdrv_name, fresh->kdrv_name, sizeof(dev->kdrv_name));
	dev->iommu_group = fresh->iommu_group;
	dev->is_vf = fresh->is_vf;
	dev->physfn = fresh->physfn;
	dev->sriov_totalvfs = fresh->sriov_totalvfs;
	dev->nb_resources = fresh->nb_resources;
	memcpy(dev->resource, fresh->resource, sizeof(dev->resource));
	dev->backend = fresh->backend;
	dev->device.numa_node = fresh->device.numa_node;
	pci_device_attach_devargs(dev);
}

static void keep_in_use(struct rte_pci_device *dev, const struct rte_pci_device *fresh)
{
	if (fresh == NULL)
		PCI_LOG(NOTICE, "%s is gone from sysfs but in use; kept until it is removed",
			dev->name);
	else if (strcmp(dev->kdrv_name, fresh->kdrv_name) != 0)
		PCI_LOG(WARNING, "%s changed kernel driver (%s -> %s) while in use; ignoring",
			dev->name, dev->kdrv_name[0] ? dev->kdrv_name : "none",
			fresh->kdrv_name[0] ? fresh->kdrv_name : "none");
}

void pci_device_list_merge(struct pci_scan_entry *v, size_t nb)
{
	struct rte_pci_device *old = TAILQ_FIRST(&pci_devices);
	size_t i = 0;

	while (old != NULL || i < nb) {
		struct rte_pci_device *fresh = i < nb ? &v[i].dev->pci : NULL;

		if (old == NULL) {
			pci_device_init_names(fresh);
			TAILQ_INSERT_TAIL(&pci_devices, fresh, next);
			i++;
			continue;
		}
		struct rte_pci_device *next = TAILQ_NEXT(old, next);
		uint64_t k = device_key(old);
		if (fresh == NULL || k < v[i].key) {
			/* Listed before, not found now. */
			if (device_in_use(old))
				keep_in_use(old, NULL);
			else
				pci_device_free(old);
			old = next;
		} else if (v[i].key < k) {
			pci_device_init_names(fresh);
			TAILQ_INSERT_BEFORE(old, fresh, next);
			i++;
		} else {
			if (device_in_use(old))
				keep_in_use(old, fresh);
			else
				refresh(old, fresh);
			free(v[i].dev);
			i++;
			old = next;
		}
	}
}

void pci_device_list_merge_one(struct pci_scan_entry *entry)
{
	struct rte_pci_device *old;
	struct rte_pci_device *fresh = entry->dev != NULL ? &entry->dev->pci : NULL;

	PCI_FOREACH_DEVICE(old)
	{
		if (device_key(old) < entry->key)
			continue;
		if (device_key(old) == entry->key) {
			if (device_in_use(old))
				keep_in_use(old, fresh);
			else if (fresh == NULL)
				pci_device_free(old);
			else
				refresh(old, fresh);
			free(entry->dev);
			entry->dev = NULL;
			return;
		}
		break;
	}
	if (fresh == NULL)
		return;
	pci_device_init_names(fresh);
	if (old != NULL)
		TAILQ_INSERT_BEFORE(old, fresh, next);
	else
		TAILQ_INSERT_TAIL(&pci_devices, fresh, next);
	entry->dev = NULL;
}
