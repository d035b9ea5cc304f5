/* SPDX-License-Identifier: BSD-3-Clause */
/* The PCI bus object: its lists, scan entry point, lookup, name parsing and DMA delegation. */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rte_errno.h>

#include "eal_model.h"
#include "pci_private.h"
#include "pci_scan.h"

#define PCI_SYSFS_DEFAULT_DIR "/sys/bus/pci/devices"

RTE_LOG_REGISTER(pci_bus_logtype, bus.pci, NOTICE);

struct pci_device_list pci_devices = TAILQ_HEAD_INITIALIZER(pci_devices);
struct pci_driver_list pci_drivers = TAILQ_HEAD_INITIALIZER(pci_drivers);

/* Where the listed devices were found: config-space fallbacks read files there. */
static char *scanned_dir;

const char *pci_sysfs_devices_dir(void)
{
	const char *dir = getenv("SYSFS_PCI_DEVICES");
	return (dir != NULL && dir[0] != '\0') ? dir : PCI_SYSFS_DEFAULT_DIR;
}

const char *pci_scanned_dir(void)
{
	return scanned_dir;
}

int rte_pci_scan(void)
{
	struct pci_scan_entry *v;
	char *copy = NULL;
	size_t nb;

	if (!rte_eal_has_pci())
		return 0;
	const char *dir = pci_sysfs_devices_dir();
	bool from_env = strcmp(dir, PCI_SYSFS_DEFAULT_DIR) != 0;
	if (scanned_dir == NULL || strcmp(scanned_dir, dir) != 0) {
		copy = strdup(dir);
		if (copy == NULL) {
			PCI_LOG(ERR, "cannot scan %s: out of memory", dir);
			rte_errno = ENOMEM;
			return -1;
		}
	}
	if (pci_sysfs_scan_dir(dir, &v, &nb, true) != 0) {
		free(copy);
		/* No sysfs PCI tree (a container, a machine without PCI): no devices. */
		if (rte_errno == ENOENT && !from_env) {
			PCI_LOG(INFO, "%s does not exist: no PCI devices", dir);
			return 0;
		}
		PCI_LOG(ERR, "cannot scan PCI devices directory %s: %s%s", dir, strerror(rte_errno),
			from_env ? " (from SYSFS_PCI_DEVICES)" : "");
		return -1;
	}
	if (copy != NULL) {
		free(scanned_dir);
		scanned_dir = copy;
	}
	pci_device_list_merge(v, nb);
	free(v);
	return 0;
}

static int pci_bus_scan(void)
{
	return rte_pci_scan() == 0 ? 0 : -rte_errno;
}

/*
 * rte_dev_probe of one device reads that device's directory alone, where DPDK rescans the
 * whole bus on every attach (doc/hotplug.md). 0 (the device listed, refreshed, or dropped
 * when it is not there), or -errno.
 */
int pci_bus_scan_one(const char *name)
{
	struct rte_pci_addr addr;
	struct pci_scan_entry entry;

	if (!rte_eal_has_pci())
		return 0;
	if (rte_pci_addr_parse(name, &addr) != 0)
		return -EINVAL;
	const char *dir = pci_sysfs_devices_dir();
	if (scanned_dir == NULL || strcmp(scanned_dir, dir) != 0)
		return pci_bus_scan();
	if (pci_sysfs_scan_addr(dir, &addr, &entry) != 0) {
		PCI_LOG(ERR, "cannot scan %s in %s: %s", name, dir, strerror(rte_errno));
		return -rte_errno;
	}
	if (entry.warning != NULL) {
		PCI_LOG(WARNING, "%s", entry.warning);
		free(entry.warning);
	}
	pci_device_list_merge_one(&entry);
	return 0;
}

static const struct eal_bus_hooks pci_bus_hooks = {
    .scan_one = pci_bus_scan_one,
    .device_arrived = pci_hotplug_policy_arrived,
};

RTE_INIT(pci_bus_hooks_register)
{
	eal_bus_hooks_set(&pci_bus, &pci_bus_hooks);
}

static struct rte_device *pci_find_device(const struct rte_device *start, rte_dev_cmp_t cmp,
					  const void *data)
{
	struct rte_pci_device *dev;

	if (start != NULL)
		dev = TAILQ_NEXT(RTE_DEV_TO_PCI_CONST(start), next);
	else
		dev = TAILQ_FIRST(&pci_devices);
	for (; dev != NULL; dev = TAILQ_NEXT(dev, next))
		if (cmp(&dev->device, data) == 0)
			return &dev->device;
	return NULL;
}

static int pci_parse(const char *name, void *addr)
{
	struct rte_pci_addr a;

	if (name == NULL || rte_pci_addr_parse(name, &a) != 0)
		return 1;
	if (addr != NULL)
		memcpy(addr, &a, sizeof(a));
	return 0;
}

static int pci_dma_map(struct rte_device *d, void *addr, uint64_t iova, size_t len)
{
	struct rte_pci_device *dev = RTE_DEV_TO_PCI(d);

	if (dev->driver == NULL || dev->driver->dma_map == NULL) {
		PCI_LOG(ERR, "%s: DMA map: %s", dev->name,
			dev->driver == NULL ? "the device is not probed"
					    : "its driver has no dma_map");
		rte_errno = ENOTSUP;
		return -ENOTSUP;
	}
	return dev->driver->dma_map(dev, addr, iova, len);
}

static int pci_dma_unmap(struct rte_device *d, void *addr, uint64_t iova, size_t len)
{
	struct rte_pci_device *dev = RTE_DEV_TO_PCI(d);

	if (dev->driver == NULL || dev->driver->dma_unmap == NULL) {
		PCI_LOG(ERR, "%s: DMA unmap: %s", dev->name,
			dev->driver == NULL ? "the device is not probed"
					    : "its driver has no dma_unmap");
		rte_errno = ENOTSUP;
		return -ENOTSUP;
	}
	return dev->driver->dma_unmap(dev, addr, iova, len);
}

static int pci_cleanup(void)
{
	/* First: a retry must not bind or probe while the devices go. */
	pci_hotplug_policy_cleanup();
	int ret = pci_bus_cleanup();

	free(scanned_dir);
	scanned_dir = NULL;
	return ret;
}

struct rte_bus pci_bus = {
    .scan = pci_bus_scan,
    .probe = pci_bus_probe,
    .find_device = pci_find_device,
    .plug = pci_bus_plug,
    .unplug = pci_bus_unplug,
    .parse = pci_parse,
    .devargs_parse = pci_devargs_parse,
    .dma_map = pci_dma_map,
    .dma_unmap = pci_dma_unmap,
    .get_iommu_class = pci_bus_get_iommu_class,
    .dev_iterate = pci_dev_iterate,
    .hot_unplug_handler = pci_hot_unplug_handler,
    .cleanup = pci_cleanup,
};

RTE_REGISTER_BUS(pci, pci_bus);
