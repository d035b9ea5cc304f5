/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * oot_e1000: a PMD for QEMU's 82540EM (8086:100e) as a PMD author outside openeal writes one,
 * against DPDK 22.11's driver API and nothing else, built with `pkg-config openeal`. Its probe
 * reads the vendor id from config space, STATUS and the MAC address from BAR0 (82540EM
 * manual 13.4.2 STATUS, 13.5.1 RAL/RAH), and prints them for the VM scenario to check.
 */

#include <stdio.h>

#include <bus_pci_driver.h>
#include <rte_io.h>

#define E1000_STATUS 0x0008
#define E1000_RAL0 0x5400
#define E1000_RAH0 0x5404

static const struct rte_pci_id oot_e1000_ids[] = {
    {RTE_PCI_DEVICE(0x8086, 0x100e)},
    {.vendor_id = 0},
};

static int oot_e1000_probe(struct rte_pci_driver *drv, struct rte_pci_device *dev)
{
	const volatile uint8_t *bar0 = dev->mem_resource[0].addr;
	uint16_t vendor = 0;

	if (bar0 == NULL || rte_pci_read_config(dev, &vendor, sizeof(vendor), 0) != 2)
		return -1;
	uint32_t status = rte_read32(bar0 + E1000_STATUS);
	uint32_t ral = rte_read32(bar0 + E1000_RAL0);
	uint32_t rah = rte_read32(bar0 + E1000_RAH0);
	printf("oot_e1000: %s probed by %s vendor=%04x status=%08x "
	       "mac=%02x:%02x:%02x:%02x:%02x:%02x\n",
	       dev->name, drv->driver.name, vendor, status, ral & 0xff, (ral >> 8) & 0xff,
	       (ral >> 16) & 0xff, ral >> 24, rah & 0xff, (rah >> 8) & 0xff);
	fflush(stdout);
	return 0;
}

static int oot_e1000_remove(struct rte_pci_device *dev)
{
	printf("oot_e1000: %s removed\n", dev->name);
	fflush(stdout);
	return 0;
}

static struct rte_pci_driver oot_e1000_pmd = {
    .id_table = oot_e1000_ids,
    .drv_flags = RTE_PCI_DRV_NEED_MAPPING,
    .probe = oot_e1000_probe,
    .remove = oot_e1000_remove,
};

RTE_PMD_REGISTER_PCI(oot_e1000, oot_e1000_pmd);
RTE_PMD_REGISTER_PCI_TABLE(oot_e1000, oot_e1000_ids);
RTE_PMD_REGISTER_KMOD_DEP(oot_e1000, "* igb_uio | uio_pci_generic | vfio-pci");
