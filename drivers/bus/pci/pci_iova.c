/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The PCI bus's description of its devices for the EAL's IOVA decision (rte_iova.h): what each
 * device that a driver will take needs, from its backend (uio backends cannot program the
 * IOMMU: PA) and its driver (RTE_PCI_DRV_NEED_IOVA_AS_VA: VA), and the domain type of its IOMMU
 * group. The same rule as pci_bus_get_iommu_class, one device at a time.
 */

#include <limits.h>
#include <stdio.h>

#include <rte_iova.h>

#include "pci_backend.h"
#include "pci_private.h"

/* The driver that takes (or took) the device: the first that matches and can reach it. */
static const struct rte_pci_driver *taking_driver(const struct rte_pci_device *dev)
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

static int pci_iova_describe(const struct rte_device *d, struct rte_iova_device *out)
{
	const struct rte_pci_device *dev = RTE_DEV_TO_PCI_CONST(d);
	const struct rte_pci_driver *drv;
	char dir[PATH_MAX];

	if (pci_device_ignored(dev) || (drv = taking_driver(dev)) == NULL)
		return 0;
	out->need = RTE_IOVA_DC;
	if (dev->backend != NULL && dev->backend->iova_constraint != NULL)
		out->need = dev->backend->iova_constraint(dev);
	if (out->need != RTE_IOVA_DC) {
		snprintf(out->needed_by, sizeof(out->needed_by), "%s", dev->backend->kdrv_name);
	} else if ((drv->drv_flags & RTE_PCI_DRV_NEED_IOVA_AS_VA) != 0) {
		out->need = RTE_IOVA_VA;
		snprintf(out->needed_by, sizeof(out->needed_by), "driver %s", drv->driver.name);
	} else {
		snprintf(out->needed_by, sizeof(out->needed_by), "%s",
			 dev->backend != NULL ? dev->backend->kdrv_name : "no kernel driver");
	}
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
