/* SPDX-License-Identifier: BSD-3-Clause */
#include <bus_pci_driver.h>

#include "fake_sysfs.h"

struct fake_pci_dev fake_pci_unclaimed(const char *addr, const char *driver, int group)
{
	struct fake_pci_dev d = {
	    .addr = addr,
	    .vendor = 0xc0de,
	    .device = 0x0001,
	    .subsys_vendor = 0xc0de,
	    .subsys_device = 0x0001,
	    .class_code = 0xff0000,
	    .revision = 1,
	    .numa_node = -1,
	    .driver = driver,
	    .iommu_group = group,
	};
	d.res[0] = (struct fake_pci_bar){0xfe000000, 0x20000, RTE_PCI_IORESOURCE_MEM | 0x40000};
	return d;
}
