/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Allow/block policy from the devargs of bus "pci" (-a, -b, hotplug). Addresses are compared
 * parsed, so "00:02.0" and "0000:00:02.0" name the same device.
 */

#include <rte_devargs.h>

#include "pci_private.h"

struct rte_devargs *pci_devargs_lookup(const struct rte_pci_addr *addr)
{
	struct rte_devargs *da;
	struct rte_pci_addr a;

	RTE_EAL_DEVARGS_FOREACH("pci", da)
	{
		if (rte_pci_addr_parse(da->name, &a) == 0 && rte_pci_addr_cmp(addr, &a) == 0)
			return da;
	}
	return NULL;
}

bool pci_device_ignored(const struct rte_pci_device *dev)
{
	const struct rte_devargs *da = dev->device.devargs;

	switch (pci_bus.conf.scan_mode) {
	case RTE_BUS_SCAN_ALLOWLIST:
		return da == NULL || da->policy != RTE_DEV_ALLOWED;
	case RTE_BUS_SCAN_UNDEFINED:
	case RTE_BUS_SCAN_BLOCKLIST:
	default:
		return da != NULL && da->policy == RTE_DEV_BLOCKED;
	}
}
