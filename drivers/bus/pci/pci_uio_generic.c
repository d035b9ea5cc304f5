/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The uio_pci_generic backend. Mapping is the common uio path (pci_uio_common.c); what is
 * particular is the interrupt: uio_pci_generic drives INTx only, and its handler masks the
 * interrupt with the INTx Disable bit of the command register before it wakes /dev/uioN
 * readers. It has no irqcontrol (write() to /dev/uioN fails with ENOSYS), so unmasking is
 * clearing that bit ourselves through the sysfs config file (the handle's dev_fd).
 */

#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "pci_backend.h"
#include "pci_private.h"
#include "pci_uio_common.h"

/*
 * Read-modify-write of the whole command word, as the kernel's handler does. Writing only its
 * high byte (where INTx Disable is) is not enough: QEMU recomputes the interrupt line only on
 * a write that covers byte 0x04, so a byte write at 0x05 leaves the line stale and the
 * kernel sees an interrupt storm it cannot claim. The kernel's handler is the only other
 * writer, and it only ever sets INTx Disable while INTx is unmasked, so the read-modify-write
 * cannot undo it: acknowledging and enabling happen while INTx is masked, and masking twice is
 * masking.
 */
static int intx_mask(const struct rte_intr_handle *h, void *priv, bool masked)
{
	const struct rte_pci_device *dev = priv;
	int fd = rte_intr_dev_fd_get(h);
	uint16_t old, cmd;

	errno = 0;
	if (pread(fd, &old, sizeof(old), RTE_PCI_COMMAND) != (ssize_t)sizeof(old))
		goto fail;
	cmd = masked ? (uint16_t)(old | RTE_PCI_COMMAND_INTX_DISABLE)
		     : (uint16_t)(old & ~RTE_PCI_COMMAND_INTX_DISABLE);
	if (cmd == old || pwrite(fd, &cmd, sizeof(cmd), RTE_PCI_COMMAND) == (ssize_t)sizeof(cmd))
		return 0;
fail:;
	int err = errno != 0 ? errno : EIO;
	if (dev != NULL)
		PCI_LOG(ERR, "%s: cannot %s INTx through the command register in sysfs config: %s",
			dev->name, masked ? "mask" : "unmask", strerror(err));
	else
		PCI_LOG(ERR, "config fd %d: cannot %s INTx through the command register: %s", fd,
			masked ? "mask" : "unmask", strerror(err));
	return -err;
}

static int generic_intr_enable(const struct rte_intr_handle *h, void *priv)
{
	return intx_mask(h, priv, false);
}

static int generic_intr_disable(const struct rte_intr_handle *h, void *priv)
{
	return intx_mask(h, priv, true);
}

static const struct rte_intr_ops generic_intr_ops = {
    .enable = generic_intr_enable,
    .disable = generic_intr_disable,
    /* The kernel masked INTx when the interrupt came; acknowledging is unmasking. */
    .ack = generic_intr_enable,
    .efd_enable = pci_single_efd_enable,
    .efd_disable = pci_single_efd_disable,
};

static int generic_intr_setup(struct rte_pci_device *dev, struct rte_intr_handle *h)
{
	rte_intr_type_set(h, RTE_INTR_HANDLE_UIO_INTX);
	return rte_intr_ops_set(h, &generic_intr_ops, dev);
}

static struct pci_uio_backend uio_generic_backend = {
    .be = {.kdrv_name = "uio_pci_generic", .kdrv = RTE_PCI_KDRV_UIO_GENERIC},
    .intr_setup = generic_intr_setup,
    /* Type UIO_INTX: INTx masked in the command register through the handle's config fd. */
    .default_type = RTE_INTR_HANDLE_UIO_INTX,
    .default_ops = &generic_intr_ops,
};

PCI_UIO_BACKEND_REGISTER(uio_generic_backend)
