/* SPDX-License-Identifier: BSD-3-Clause */
/* ID-table matching and the registered-driver list. */

#include "pci_private.h"

static bool id_matches(const struct rte_pci_id *id, const struct rte_pci_device *dev)
{
	if (id->vendor_id != dev->id.vendor_id && id->vendor_id != RTE_PCI_ANY_ID)
		return false;
	if (id->device_id != dev->id.device_id && id->device_id != RTE_PCI_ANY_ID)
		return false;
	if (id->subsystem_vendor_id != dev->id.subsystem_vendor_id &&
	    id->subsystem_vendor_id != RTE_PCI_ANY_ID)
		return false;
	if (id->subsystem_device_id != dev->id.subsystem_device_id &&
	    id->subsystem_device_id != RTE_PCI_ANY_ID)
		return false;
	if (id->class_id != dev->id.class_id && id->class_id != RTE_CLASS_ANY_ID)
		return false;
	return true;
}

bool rte_pci_driver_match(const struct rte_pci_driver *drv, const struct rte_pci_device *dev)
{
	if (drv == NULL || dev == NULL || drv->id_table == NULL)
		return false;
	for (const struct rte_pci_id *id = drv->id_table; id->vendor_id != 0; id++)
		if (id_matches(id, dev))
			return true;
	return false;
}

static bool driver_listed(const struct rte_pci_driver *driver)
{
	const struct rte_pci_driver *d;

	PCI_FOREACH_DRIVER(d)
	if (d == driver)
		return true;
	return false;
}

/* Registering or unregistering twice is ignored: the list links live in the driver. */
void rte_pci_register(struct rte_pci_driver *driver)
{
	if (driver != NULL && !driver_listed(driver))
		TAILQ_INSERT_TAIL(&pci_drivers, driver, next);
}

void rte_pci_unregister(struct rte_pci_driver *driver)
{
	if (driver != NULL && driver_listed(driver))
		TAILQ_REMOVE(&pci_drivers, driver, next);
}

const struct rte_pci_driver *rte_pci_driver_next(const struct rte_pci_driver *prev)
{
	return prev == NULL ? TAILQ_FIRST(&pci_drivers) : TAILQ_NEXT(prev, next);
}
