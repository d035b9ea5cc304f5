/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The PCI bus's description of its devices for the EAL's IOVA decision (rte_iova.h): what each
 * device that a driver will take needs, from its backend (uio backends cannot program the
 * IOMMU: PA) and its driver (RTE_PCI_DRV_NEED_IOVA_AS_VA: VA), and the domain type of its IOMMU
 * group. pci_bus_get_iommu_class sums up the same per-device rule.
 */

#include <limits.h>
#include <stdio.h>

#include <rte_iova.h>

#include "pci_backend.h"
#include "pci_private.h"

/* The driver that takes (or took) the device: the first that matches and can reach it. */
const struct rte_pci_driver *pci_device_taking_driver(const struct rte_pci_device *dev)
{
	const struct rte_pci_driver *drv;

	if (dev->driver != NULL)
		return dev->driver;
	PCI_FOREACH_DRIVER(drv)
	{
		if (!rte_pci_driver_match(drv, dev))
			continue;
		if (dev->backend == NULL && (drv->drv_flags & RTE_PCI_DRV_NEED_MAPPING) != 0)
			continue;
		return drv;
	}
	return NULL;
}

enum rte_iova_mode pci_device_iova_need(const struct rte_pci_device *dev,
					const struct rte_pci_driver *drv, char *needed_by,
					size_t size)
{
	enum rte_iova_mode need = RTE_IOVA_DC;

	if (dev->backend != NULL && dev->backend->iova_constraint != NULL)
		need = dev->backend->iova_constraint(dev);
	if (need != RTE_IOVA_DC) {
		snprintf(needed_by, size, "%s", dev->backend->kdrv_name);
	} else if ((drv->drv_flags & RTE_PCI_DRV_NEED_IOVA_AS_VA) != 0) {
		need = RTE_IOVA_VA;
		snprintf(needed_by, size, "driver %s", drv->driver.name);
	} else {
		snprintf(needed_by, size, "%s",
			 dev->backend != NULL ? dev->backend->kdrv_name : "no kernel driver");
	}
	return need;
}

static int pci_iova_describe(const struct rte_device *d, struct rte_iova_device *out)
{
	const struct rte_pci_device *dev = RTE_DEV_TO_PCI_CONST(d);
	const struct rte_pci_driver *drv;
	char dir[PATH_MAX];

	if (pci_device_ignored(dev) || (drv = pci_device_taking_driver(dev)) == NULL)
		return 0;
	out->need = pci_device_iova_need(dev, drv, out->needed_by, sizeof(out->needed_by));
	snprintf(out->name, sizeof(out->name), "%s", dev->name);
	out->iommu_group = dev->iommu_group;
	const char *base = pci_scanned_dir() != NULL ? pci_scanned_dir() : pci_sysfs_devices_dir();
	if (snprintf(dir, sizeof(dir), "%s/%s", base, dev->name) < (int)sizeof(dir))
		out->domain = rte_iova_domain_read(dir);
	return 1;
}

RTE_INIT(pci_iova_describer_register)
{
	rte_iova_bus_describer_register("pci", pci_iova_describe);
}
