/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A kernel-driver backend for the tests, selected by the sysfs driver name "openeal-test":
 * proves that the bus reaches a backend only through the ops table, and lets the tests count
 * map/unmap and I/O-port calls. Its "BARs" are heap buffers.
 */

#include <stdlib.h>
#include <string.h>

#include "pci_backend.h"
#include "pci_test.h"

struct pci_test_backend_stats pci_test_backend;

void pci_test_backend_reset(void)
{
	memset(&pci_test_backend, 0, sizeof(pci_test_backend));
}

static int test_map(struct rte_pci_device *dev)
{
	pci_test_backend.maps++;
	if (pci_test_backend.map_result != 0)
		return pci_test_backend.map_result;
	for (int i = 0; i < PCI_MAX_RESOURCE; i++) {
		if (dev->mem_resource[i].len == 0)
			continue;
		dev->mem_resource[i].addr = calloc(1, dev->mem_resource[i].len);
		if (dev->mem_resource[i].addr == NULL)
			return -1;
	}
	dev->backend_priv = &pci_test_backend;
	return 0;
}

static void test_unmap(struct rte_pci_device *dev)
{
	pci_test_backend.unmaps++;
	for (int i = 0; i < PCI_MAX_RESOURCE; i++) {
		free(dev->mem_resource[i].addr);
		dev->mem_resource[i].addr = NULL;
	}
	dev->backend_priv = NULL;
}

static int test_ioport_map(struct rte_pci_device *dev, int bar, struct rte_pci_ioport *p)
{
	pci_test_backend.ioport_maps++;
	p->base = dev->resource[bar].start;
	p->len = dev->resource[bar].len;
	return 0;
}

static void test_ioport_read(struct rte_pci_ioport *p, void *data, size_t len, off_t off)
{
	(void)p;
	pci_test_backend.ioport_reads++;
	memset(data, (int)(off & 0xff), len);
}

static void test_ioport_write(struct rte_pci_ioport *p, const void *data, size_t len, off_t off)
{
	(void)p;
	(void)data;
	(void)len;
	(void)off;
	pci_test_backend.ioport_writes++;
}

static int test_ioport_unmap(struct rte_pci_ioport *p)
{
	(void)p;
	pci_test_backend.ioport_unmaps++;
	return 0;
}

static enum rte_iova_mode test_iova(const struct rte_pci_device *dev)
{
	(void)dev;
	return pci_test_backend.iova;
}

static struct rte_pci_backend test_backend = {
    .kdrv_name = TEST_KDRV,
    .kdrv = RTE_PCI_KDRV_VFIO,
    .map = test_map,
    .unmap = test_unmap,
    .ioport_map = test_ioport_map,
    .ioport_read = test_ioport_read,
    .ioport_write = test_ioport_write,
    .ioport_unmap = test_ioport_unmap,
    .iova_constraint = test_iova,
};

RTE_PCI_BACKEND_REGISTER(test_backend);
