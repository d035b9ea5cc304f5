/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * net_e1000 interrupts: one callback on the device's interrupt handle for link changes and
 * the test cause. Whether the handle is an eventfd (vfio-pci) or /dev/uioN, INTx, MSI or
 * MSI-X, is the backend's business: the callback reads ICR and calls rte_intr_ack, which
 * re-arms whatever needs re-arming (INTx) and does nothing where nothing is needed.
 */

#include <errno.h>
#include <time.h>

#include <rte_errno.h>
#include <rte_interrupts.h>

#include "e1000_private.h"
#include "e1000_regs.h"

#define E1000_INTR_CAUSES (E1000_ICR_LSC | E1000_ICR_SRPD)
/* Longer than any interrupt throttling interval in flight (QEMU: 128 us). */
#define E1000_QUIESCE_NS 1000000

static void count(uint64_t *counter)
{
	__atomic_add_fetch(counter, 1, __ATOMIC_RELAXED);
}

static void e1000_intr_callback(void *arg)
{
	struct e1000_adapter *ad = arg;
	uint32_t icr = e1000_read(ad, E1000_ICR);

	/* Under MSI-X (82574) reading ICR does not clear it; writing the bits back does. */
	if (ad->model->other_cause_routing && icr != 0)
		e1000_write(ad, E1000_ICR, icr);
	icr &= ~(E1000_ICR_INT_ASSERTED | E1000_ICR_OTHER);
	count(&ad->stats.callbacks);
	if (icr == 0)
		count(&ad->stats.spurious);
	if ((icr & E1000_ICR_LSC) != 0) {
		count(&ad->stats.lsc);
		E1000_LOG(INFO, "%s: link %s", ad->pdev->name,
			  (e1000_read(ad, E1000_STATUS) & E1000_STATUS_LU) != 0 ? "up" : "down");
	}
	if ((icr & E1000_ICR_SRPD) != 0)
		count(&ad->stats.test);
	if ((icr & ~E1000_INTR_CAUSES) != 0)
		count(&ad->stats.other);
	if (rte_intr_ack(ad->pdev->intr_handle) != 0)
		E1000_LOG(ERR, "%s: cannot re-arm its interrupt: %s; no more interrupts will come",
			  ad->pdev->name, rte_strerror(rte_errno));
}

int e1000_intr_setup(struct e1000_adapter *ad)
{
	struct rte_intr_handle *h = ad->pdev->intr_handle;
	int ret;

	if (h == NULL) {
		E1000_LOG(ERR, "%s: the %s backend gave the device no interrupt handle; not probed",
			  ad->pdev->name, ad->pdev->kdrv_name);
		return -ENOTSUP;
	}
	ret = rte_intr_callback_register(h, e1000_intr_callback, ad);
	if (ret != 0) {
		E1000_LOG(ERR, "%s: cannot register its interrupt callback: %s; not probed",
			  ad->pdev->name, rte_strerror(-ret));
		return ret;
	}
	ret = rte_intr_enable(h);
	if (ret != 0) {
		E1000_LOG(ERR, "%s: cannot enable its interrupt: %s; not probed", ad->pdev->name,
			  rte_strerror(-ret));
		rte_intr_callback_unregister_sync(h, e1000_intr_callback, ad);
		return ret;
	}
	uint32_t ims = E1000_INTR_CAUSES;
	if (ad->model->other_cause_routing) {
		/* MSI-X vector 0 for the other causes; ignored under INTx and MSI. */
		e1000_write(ad, E1000_IVAR, E1000_IVAR_VALID << E1000_IVAR_OTHER_SHIFT);
		ims |= E1000_ICR_OTHER;
	}
	e1000_write(ad, E1000_IMS, ims);
	return 0;
}

int e1000_intr_teardown(struct e1000_adapter *ad)
{
	struct rte_intr_handle *h = ad->pdev->intr_handle;

	/* First, so that a failure (called from the callback itself) changes nothing. */
	int ret = rte_intr_callback_unregister_sync(h, e1000_intr_callback, ad);
	/* -ENOENT: the EAL already dropped the callbacks of a dead fd (the device was removed). */
	if (ret < 0 && ret != -ENOENT) {
		E1000_LOG(ERR, "%s: cannot unregister its interrupt callback: %s", ad->pdev->name,
			  rte_strerror(-ret));
		return ret;
	}
	e1000_write(ad, E1000_IMC, UINT32_MAX);
	/*
	 * Let a message already on its way land before the backend tears the vector down.
	 * QEMU 7.2's 82574 needs it: after each MSI-X message it runs a throttling timer (at
	 * least 128 us, EITR cannot turn it off) and aborts if that fires once MSI-X is off.
	 */
	nanosleep(&(struct timespec){.tv_nsec = E1000_QUIESCE_NS}, NULL);
	rte_intr_disable(h);
	(void)e1000_read(ad, E1000_ICR);
	return 0;
}
