/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The igb_uio backend (out-of-tree module from dpdk-kmods). Mapping is the common uio path
 * (pci_uio_common.c). igb_uio has an irqcontrol: writing a 4-byte 1 to /dev/uioN unmasks the
 * interrupt (INTx Disable cleared, or the MSI/MSI-X vector unmasked), 0 masks it. Its handler
 * masks INTx before waking readers, so each INTx interrupt must be acknowledged with a 1;
 * MSI and MSI-X need no re-arming, and writing 1 again is harmless.
 *
 * Which interrupt the device really uses is igb_uio's choice when /dev/uioN is opened: its
 * intr_mode parameter (msix by default) falling back to MSI, then INTx. The handle's type says
 * what it chose, read back from the MSI-X and MSI enable bits in config space.
 */

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "pci_backend.h"
#include "pci_private.h"
#include "pci_uio_common.h"

static int irqcontrol(const struct rte_intr_handle *h, void *priv, int32_t state)
{
	const struct rte_pci_device *dev = priv;

	if (write(rte_intr_fd_get(h), &state, sizeof(state)) == (ssize_t)sizeof(state))
		return 0;
	int err = errno;
	if (dev != NULL)
		PCI_LOG(ERR, "%s: cannot %s its interrupt through igb_uio's /dev/uio write: %s",
			dev->name, state ? "unmask" : "mask", strerror(err));
	else
		PCI_LOG(ERR, "interrupt fd %d (uio): cannot %s it with an irqcontrol write: %s",
			rte_intr_fd_get(h), state ? "unmask" : "mask", strerror(err));
	return -err;
}

static int igb_uio_intr_enable(const struct rte_intr_handle *h, void *priv)
{
	return irqcontrol(h, priv, 1);
}

static int igb_uio_intr_disable(const struct rte_intr_handle *h, void *priv)
{
	return irqcontrol(h, priv, 0);
}

static const struct rte_intr_ops igb_uio_intr_ops = {
    .enable = igb_uio_intr_enable,
    .disable = igb_uio_intr_disable,
    .ack = igb_uio_intr_enable,
    .efd_enable = pci_single_efd_enable,
    .efd_disable = pci_single_efd_disable,
};

/* 1 when capability cap is present with enable_bit set in its flags word, 0 if not, <0. */
static int cap_enabled(const struct rte_pci_device *dev, uint8_t cap, uint16_t enable_bit)
{
	uint16_t flags;
	off_t pos = rte_pci_find_capability(dev, cap);

	if (pos <= 0)
		return (int)pos;
	if (rte_pci_read_config(dev, &flags, sizeof(flags), pos + RTE_PCI_MSI_FLAGS) !=
	    (int)sizeof(flags))
		return -EIO;
	return (flags & enable_bit) != 0;
}

static int igb_uio_intr_setup(struct rte_pci_device *dev, struct rte_intr_handle *h)
{
	/* RTE_PCI_MSI_FLAGS and RTE_PCI_MSIX_FLAGS are both at offset 2. */
	int msix = cap_enabled(dev, RTE_PCI_CAP_ID_MSIX, RTE_PCI_MSIX_FLAGS_ENABLE);
	int msi = msix > 0 ? 0 : cap_enabled(dev, RTE_PCI_CAP_ID_MSI, RTE_PCI_MSI_FLAGS_ENABLE);

	if (msix < 0 || msi < 0) {
		PCI_LOG(ERR, "%s: cannot read its MSI/MSI-X state from config space", dev->name);
		return msix < 0 ? msix : msi;
	}
	/* MSI or MSI-X: igb_uio's own type; INTx: the same type as uio_pci_generic's INTx. */
	rte_intr_type_set(h, msix > 0 || msi > 0 ? RTE_INTR_HANDLE_UIO : RTE_INTR_HANDLE_UIO_INTX);
	PCI_LOG(DEBUG, "%s: igb_uio interrupt mode %s", dev->name,
		msix > 0  ? "MSI-X"
		: msi > 0 ? "MSI"
			  : "INTx");
	return rte_intr_ops_set(h, &igb_uio_intr_ops, dev);
}

static struct pci_uio_backend igb_uio_backend = {
    .be = {.kdrv_name = "igb_uio", .kdrv = RTE_PCI_KDRV_IGB_UIO},
    .intr_setup = igb_uio_intr_setup,
    /* irqcontrol is uio's own interface (any uio driver that has one), which type UIO means. */
    .default_type = RTE_INTR_HANDLE_UIO,
    .default_ops = &igb_uio_intr_ops,
};

PCI_UIO_BACKEND_REGISTER(igb_uio_backend)
