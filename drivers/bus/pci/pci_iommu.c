/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The IOVA mode the PCI devices that will be probed need. Each device a driver will take
 * contributes its backend's constraint, or VA when the driver needs IOVA as VA and the
 * backend does not mind. Devices nobody will probe do not count: ignored ones, and those a
 * NEED_MAPPING driver cannot map because no backend serves their kernel driver. PA and VA demands
 * together cannot both be met: DC, with a warning, and probe reports the device that cannot work.
 */

#include "pci_backend.h"
#include "pci_private.h"

static enum rte_iova_mode device_iova_mode(const struct rte_pci_driver *drv,
					   const struct rte_pci_device *dev)
{
	enum rte_iova_mode mode = RTE_IOVA_DC;

	if (dev->backend != NULL && dev->backend->iova_constraint != NULL)
		mode = dev->backend->iova_constraint(dev);
	if (mode == RTE_IOVA_DC && (drv->drv_flags & RTE_PCI_DRV_NEED_IOVA_AS_VA) != 0)
		mode = RTE_IOVA_VA;
	return mode;
}

enum rte_iova_mode pci_bus_get_iommu_class(void)
{
	const struct rte_pci_device *dev;
	const struct rte_pci_driver *drv;
	bool want_pa = false, want_va = false;

	PCI_FOREACH_DEVICE(dev)
	{
		if (pci_device_ignored(dev))
			continue;
		PCI_FOREACH_DRIVER(drv)
		{
			if (!rte_pci_driver_match(drv, dev))
				continue;
			if (dev->backend == NULL &&
			    (drv->drv_flags & RTE_PCI_DRV_NEED_MAPPING) != 0)
				continue;
			enum rte_iova_mode mode = device_iova_mode(drv, dev);
			want_pa |= mode == RTE_IOVA_PA;
			want_va |= mode == RTE_IOVA_VA;
		}
	}
	if (want_pa && want_va) {
		PCI_LOG(WARNING, "some PCI devices need IOVA as PA and others as VA; "
				 "choose one with --iova-mode");
		return RTE_IOVA_DC;
	}
	return want_va ? RTE_IOVA_VA : want_pa ? RTE_IOVA_PA : RTE_IOVA_DC;
}
