/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Capability walks over arbitrary config space. A device (or a malicious VM's emulated device)
 * controls every pointer in its capability lists; the walks must end and stay in bounds.
 * The config bytes reach the real rte_pci_find_*capability code through a backend whose
 * read_config serves the fuzz input, the same path a vfio/uio backend takes.
 */
#include <string.h>

#include <bus_pci_driver.h>
#include <rte_bus_pci.h>

#include "fuzz_util.h"
#include "pci_backend.h"

static uint8_t config[RTE_PCI_CFG_SPACE_EXP_SIZE];

static int fuzz_read_config(const struct rte_pci_device *dev, void *buf, size_t len, off_t off)
{
	(void)dev;
	if (off < 0 || (size_t)off >= sizeof(config))
		return 0;
	size_t n = RTE_MIN(len, sizeof(config) - (size_t)off);
	memcpy(buf, config + off, n);
	return (int)n;
}

static struct rte_pci_backend fuzz_backend = {
	.kdrv_name = "fuzz",
	.read_config = fuzz_read_config,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_quiet_log();
	if (size < 1)
		return 0;
	uint8_t cap = data[0];
	memset(config, 0, sizeof(config));
	memcpy(config, data + 1, RTE_MIN(size - 1, sizeof(config)));

	struct rte_pci_device dev;
	memset(&dev, 0, sizeof(dev));
	strcpy(dev.name, "0000:00:00.0");
	dev.backend = &fuzz_backend;

	off_t off = rte_pci_find_capability(&dev, cap);
	FUZZ_ASSERT(off <= 0 || (off >= RTE_PCI_STD_HEADER_SIZEOF && off < RTE_PCI_CFG_SPACE_SIZE));
	if (off > 0) {
		FUZZ_ASSERT(config[off] == cap);
		off_t next = rte_pci_find_next_capability(&dev, cap, off);
		FUZZ_ASSERT(next <= 0 || (next >= RTE_PCI_STD_HEADER_SIZEOF && next < RTE_PCI_CFG_SPACE_SIZE));
	}
	off_t ext = rte_pci_find_ext_capability(&dev, cap);
	FUZZ_ASSERT(ext <= 0 || (ext >= RTE_PCI_CFG_SPACE_SIZE && ext < RTE_PCI_CFG_SPACE_EXP_SIZE));
	if (ext > 0) {
		uint32_t header;
		memcpy(&header, config + ext, sizeof(header));
		FUZZ_ASSERT(RTE_PCI_EXT_CAP_ID(header) == cap);
	}
	return 0;
}
