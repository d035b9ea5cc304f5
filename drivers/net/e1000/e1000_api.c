/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The probed net_e1000 devices and the public rte_pmd_e1000_* calls. The list lock is held
 * for the whole of each call, and remove unlinks a device under it before tearing it down,
 * so a call never touches a device that is going away.
 */

#include <errno.h>
#include <string.h>

#include <rte_dev.h>

#include "e1000_private.h"
#include "e1000_regs.h"

static TAILQ_HEAD(, e1000_adapter) e1000_adapters = TAILQ_HEAD_INITIALIZER(e1000_adapters);
static pthread_mutex_t e1000_lock = PTHREAD_MUTEX_INITIALIZER;

void e1000_adapter_add(struct e1000_adapter *ad)
{
	pthread_mutex_lock(&e1000_lock);
	TAILQ_INSERT_TAIL(&e1000_adapters, ad, next);
	pthread_mutex_unlock(&e1000_lock);
}

struct e1000_adapter *e1000_adapter_take(const struct rte_pci_device *pdev)
{
	struct e1000_adapter *ad;

	pthread_mutex_lock(&e1000_lock);
	TAILQ_FOREACH(ad, &e1000_adapters, next)
	{
		if (ad->pdev == pdev)
			break;
	}
	if (ad != NULL)
		TAILQ_REMOVE(&e1000_adapters, ad, next);
	pthread_mutex_unlock(&e1000_lock);
	return ad;
}

/* Lock held. The bus name ("0000:00:02.0"), or the devargs name it was probed under. */
static struct e1000_adapter *adapter_by_name(const char *devname)
{
	struct e1000_adapter *ad;

	TAILQ_FOREACH(ad, &e1000_adapters, next)
	{
		if (strcmp(ad->pdev->name, devname) == 0 ||
		    strcmp(rte_dev_name(&ad->pdev->device), devname) == 0)
			return ad;
	}
	return NULL;
}

/* Lock the list and find devname: the adapter, or NULL with *err set and the lock released. */
static struct e1000_adapter *lock_adapter(const char *devname, const void *out, int *err)
{
	if (devname == NULL || out == NULL) {
		*err = -EINVAL;
		return NULL;
	}
	pthread_mutex_lock(&e1000_lock);
	struct e1000_adapter *ad = adapter_by_name(devname);
	if (ad == NULL) {
		pthread_mutex_unlock(&e1000_lock);
		*err = -ENODEV;
	}
	return ad;
}

int rte_pmd_e1000_mac_addr_get(const char *devname, uint8_t mac[6])
{
	int err = 0;
	struct e1000_adapter *ad = lock_adapter(devname, mac, &err);

	if (ad == NULL)
		return err;
	memcpy(mac, ad->mac, sizeof(ad->mac));
	pthread_mutex_unlock(&e1000_lock);
	return 0;
}

int rte_pmd_e1000_link_get(const char *devname, int *up)
{
	int err = 0;
	struct e1000_adapter *ad = lock_adapter(devname, up, &err);

	if (ad == NULL)
		return err;
	*up = (e1000_read(ad, E1000_STATUS) & E1000_STATUS_LU) != 0;
	pthread_mutex_unlock(&e1000_lock);
	return 0;
}

int rte_pmd_e1000_intr_stats_get(const char *devname, struct rte_pmd_e1000_intr_stats *stats)
{
	int err = 0;
	struct e1000_adapter *ad = lock_adapter(devname, stats, &err);

	if (ad == NULL)
		return err;
	stats->callbacks = __atomic_load_n(&ad->stats.callbacks, __ATOMIC_RELAXED);
	stats->lsc = __atomic_load_n(&ad->stats.lsc, __ATOMIC_RELAXED);
	stats->test = __atomic_load_n(&ad->stats.test, __ATOMIC_RELAXED);
	stats->other = __atomic_load_n(&ad->stats.other, __ATOMIC_RELAXED);
	stats->spurious = __atomic_load_n(&ad->stats.spurious, __ATOMIC_RELAXED);
	pthread_mutex_unlock(&e1000_lock);
	return 0;
}

int rte_pmd_e1000_test_intr_raise(const char *devname)
{
	int err = 0;
	struct e1000_adapter *ad = lock_adapter(devname, devname, &err);

	if (ad == NULL)
		return err;
	e1000_write(ad, E1000_ICS, E1000_ICR_SRPD);
	pthread_mutex_unlock(&e1000_lock);
	return 0;
}

int rte_pmd_e1000_status_get(const char *devname, uint32_t *mmio, uint32_t *ioport)
{
	int err = 0;
	struct e1000_adapter *ad = lock_adapter(devname, mmio, &err);

	if (ad == NULL)
		return err;
	if (ioport == NULL) {
		pthread_mutex_unlock(&e1000_lock);
		return -EINVAL;
	}
	*mmio = e1000_read(ad, E1000_STATUS);
	if (ad->io_bar < 0) {
		pthread_mutex_unlock(&e1000_lock);
		return -ENOTSUP;
	}
	uint32_t reg = E1000_STATUS, val = UINT32_MAX;
	rte_pci_ioport_write(&ad->io, &reg, sizeof(reg), E1000_IOADDR);
	rte_pci_ioport_read(&ad->io, &val, sizeof(val), E1000_IODATA);
	*ioport = val;
	pthread_mutex_unlock(&e1000_lock);
	return 0;
}
