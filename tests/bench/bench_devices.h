/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef BENCH_DEVICES_H
#define BENCH_DEVICES_H

/* The PCI devices the bus lists, by DPDK's own iterator: the same count for openeal and DPDK. */

#include <rte_dev.h>

static inline unsigned int bench_count_pci_devices(void)
{
	struct rte_dev_iterator it;
	struct rte_device *dev;
	unsigned int n = 0;
	RTE_DEV_FOREACH(dev, "bus=pci", &it)
	n++;
	return n;
}

#endif
