/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * net_e1000 probe and remove. Everything goes through the PCI bus's driver API (mapped BARs,
 * rte_pci_ioport_*, the device's interrupt handle), never through a particular kernel driver,
 * so the same code runs on vfio-pci, uio_pci_generic and igb_uio.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <rte_errno.h>

#include "e1000_private.h"
#include "e1000_regs.h"

RTE_LOG_REGISTER(e1000_logtype, pmd.net.e1000, NOTICE);

#define PCI_VENDOR_INTEL 0x8086
#define E1000_DEV_82540EM 0x100e
#define E1000_DEV_82574L 0x10d3

static const struct e1000_model model_82540em = {.name = "82540EM"};
static const struct e1000_model model_82574l = {.name = "82574L", .other_cause_routing = true};

static const struct rte_pci_id e1000_pci_ids[] = {
    {RTE_PCI_DEVICE(PCI_VENDOR_INTEL, E1000_DEV_82540EM)},
    {RTE_PCI_DEVICE(PCI_VENDOR_INTEL, E1000_DEV_82574L)},
    {.vendor_id = 0},
};

/* The manual asks for ~1 us after setting CTRL.RST before any access; the EEPROM reload that
 * follows takes a few ms on real parts. */
#define E1000_RESET_POLL_US 100
#define E1000_RESET_TIMEOUT_US 100000

static void sleep_us(long us)
{
	struct timespec ts = {.tv_sec = us / 1000000, .tv_nsec = (us % 1000000) * 1000};
	nanosleep(&ts, NULL);
}

/* Reset with every interrupt masked before and after; pending causes are read away. */
static int e1000_reset(struct e1000_adapter *ad)
{
	e1000_write(ad, E1000_IMC, UINT32_MAX);
	e1000_write(ad, E1000_CTRL, e1000_read(ad, E1000_CTRL) | E1000_CTRL_RST);
	for (long waited = 0;; waited += E1000_RESET_POLL_US) {
		sleep_us(E1000_RESET_POLL_US);
		if ((e1000_read(ad, E1000_CTRL) & E1000_CTRL_RST) == 0)
			break;
		if (waited >= E1000_RESET_TIMEOUT_US) {
			E1000_LOG(ERR, "%s: CTRL.RST still set %d ms after the reset; not probed",
				  ad->pdev->name, E1000_RESET_TIMEOUT_US / 1000);
			return -ETIMEDOUT;
		}
	}
	e1000_write(ad, E1000_IMC, UINT32_MAX);
	(void)e1000_read(ad, E1000_ICR);
	return 0;
}

static int e1000_read_mac(struct e1000_adapter *ad)
{
	uint32_t ral = e1000_read(ad, E1000_RAL0);
	uint32_t rah = e1000_read(ad, E1000_RAH0);

	if ((rah & E1000_RAH_AV) == 0) {
		E1000_LOG(ERR,
			  "%s: no valid MAC address after reset (RAH0.AV clear: the EEPROM did not "
			  "load); not probed",
			  ad->pdev->name);
		return -EIO;
	}
	for (int i = 0; i < 4; i++)
		ad->mac[i] = (uint8_t)(ral >> (8 * i));
	ad->mac[4] = (uint8_t)rah;
	ad->mac[5] = (uint8_t)(rah >> 8);
	return 0;
}

/*
 * The I/O BAR is optional: a device behind a bridge without an I/O window has none. Its
 * absence costs only rte_pmd_e1000_status_get's second reading.
 */
static void e1000_map_ioport(struct e1000_adapter *ad)
{
	struct rte_pci_device *pdev = ad->pdev;

	ad->io_bar = -1;
	for (unsigned int i = 0; i < PCI_MAX_RESOURCE && i < pdev->nb_resources; i++) {
		if ((pdev->resource[i].flags & RTE_PCI_IORESOURCE_IO) == 0 ||
		    pdev->resource[i].len == 0)
			continue;
		if (rte_pci_ioport_map(pdev, (int)i, &ad->io) == 0)
			ad->io_bar = (int)i;
		else
			E1000_LOG(NOTICE, "%s: I/O BAR %u not usable; registers through BAR0 only",
				  pdev->name, i);
		return;
	}
}

static int e1000_probe(struct rte_pci_driver *drv, struct rte_pci_device *pdev)
{
	(void)drv;
	const struct rte_mem_resource *bar0 = &pdev->mem_resource[0];
	if (bar0->addr == NULL || bar0->len < E1000_BAR0_MIN_LEN) {
		E1000_LOG(ERR, "%s: BAR0 is not mapped or smaller than 0x%x bytes; not probed",
			  pdev->name, E1000_BAR0_MIN_LEN);
		return -ENODEV;
	}
	struct e1000_adapter *ad = calloc(1, sizeof(*ad));
	if (ad == NULL) {
		E1000_LOG(ERR, "%s: cannot allocate the adapter state", pdev->name);
		return -ENOMEM;
	}
	ad->pdev = pdev;
	ad->model = pdev->id.device_id == E1000_DEV_82574L ? &model_82574l : &model_82540em;
	ad->hw = bar0->addr;

	int ret = e1000_reset(ad);
	if (ret == 0)
		ret = e1000_read_mac(ad);
	if (ret == 0) {
		e1000_map_ioport(ad);
		ret = e1000_intr_setup(ad);
		if (ret != 0 && ad->io_bar >= 0)
			rte_pci_ioport_unmap(&ad->io);
	}
	if (ret != 0) {
		free(ad);
		return ret;
	}
	e1000_adapter_add(ad);
	E1000_LOG(
	    INFO,
	    "%s: %s, MAC %02x:%02x:%02x:%02x:%02x:%02x, link %s, I/O BAR %d, kernel driver %s",
	    pdev->name, ad->model->name, ad->mac[0], ad->mac[1], ad->mac[2], ad->mac[3], ad->mac[4],
	    ad->mac[5], (e1000_read(ad, E1000_STATUS) & E1000_STATUS_LU) != 0 ? "up" : "down",
	    ad->io_bar, pdev->kdrv_name);
	return 0;
}

static int e1000_remove(struct rte_pci_device *pdev)
{
	struct e1000_adapter *ad = e1000_adapter_take(pdev);

	if (ad == NULL)
		return -ENODEV;
	int ret = e1000_intr_teardown(ad);
	if (ret < 0) {
		e1000_adapter_add(ad);
		return ret;
	}
	if (ad->io_bar >= 0)
		rte_pci_ioport_unmap(&ad->io);
	free(ad);
	return 0;
}

static struct rte_pci_driver e1000_driver = {
    .id_table = e1000_pci_ids,
    .drv_flags = RTE_PCI_DRV_NEED_MAPPING | RTE_PCI_DRV_INTR_LSC,
    .probe = e1000_probe,
    .remove = e1000_remove,
};

RTE_PMD_REGISTER_PCI(net_e1000, e1000_driver);
RTE_PMD_REGISTER_PCI_TABLE(net_e1000, e1000_pci_ids);
RTE_PMD_REGISTER_KMOD_DEP(net_e1000, "* igb_uio | uio_pci_generic | vfio-pci");
