/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The IOVA mode the PCI devices that will be probed need, summed up for the bus: each device a
 * driver will take contributes what it needs (pci_device_iova_need: its backend's constraint,
 * or VA when its driver needs IOVA as VA). PA and VA demands together: DC, and the EAL's IOVA
 * decision (eal_iova_decide.c), which sees each device, chooses and refuses the ones that cannot
 * work in the chosen mode, each with its own line.
 */

#include "pci_private.h"

enum rte_iova_mode pci_bus_get_iommu_class(void)
{
	const struct rte_pci_device *dev;
	bool want_pa = false, want_va = false;
	char needed_by[64];

	PCI_FOREACH_DEVICE(dev)
	{
		const struct rte_pci_driver *drv;

		if (pci_device_ignored(dev) || (drv = pci_device_taking_driver(dev)) == NULL)
			continue;
		enum rte_iova_mode mode = pci_device_iova_need(dev, drv, needed_by, sizeof(needed_by));
		want_pa |= mode == RTE_IOVA_PA;
		want_va |= mode == RTE_IOVA_VA;
	}
	if (want_pa && want_va)
		return RTE_IOVA_DC;
	return want_va ? RTE_IOVA_VA : want_pa ? RTE_IOVA_PA : RTE_IOVA_DC;
}
