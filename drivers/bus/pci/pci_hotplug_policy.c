/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The hotplug policy (EAL option --hotplug-bind DRIVER, doc/hotplug.md): a PCI device that
 * arrives while the application runs is bound to DRIVER and probed, if the allow/block lists
 * (-a/-b) let it through and a registered PMD's ID table takes it; that is what SPDK and VPP
 * users script by hand around udev. The bind is rte_pci_bind's, with its checks (an interface
 * that is up or a mounted disk is refused).
 *
 * It runs on the interrupt thread, from the device monitor, and never waits there: the
 * hotplug lock is only tried (its holder may be rte_eal_cleanup, joining that thread), and a
 * bind that the kernel refuses because the device is not ready yet (the add event comes
 * before the kernel lets drivers match the new device) is retried from an alarm, every 20 ms
 * for up to a second. The application's ADD callbacks run once the policy is done, so that a
 * callback finds the device probed (or learns from the log why not).
 */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <string.h>
#include <time.h>

#include <rte_alarm.h>
#include <rte_common.h>
#include <rte_dev.h>
#include <rte_errno.h>
#include <rte_pci_bind.h>

#include "eal_dev_event.h"
#include "eal_model.h"
#include "eal_private.h"
#include "pci_private.h"

#define RETRY_US 20000
#define MAX_TRIES 50
#define MAX_DUE 32

static uint64_t now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

enum pci_arrival_action pci_hotplug_policy_decide(const struct rte_pci_device *dev,
						  const struct rte_pci_driver **pmd)
{
	*pmd = NULL;
	if (pci_device_ignored(dev))
		return PCI_ARRIVAL_NOT_ALLOWED;
	for (const struct rte_pci_driver *drv = rte_pci_driver_next(NULL); drv != NULL;
	     drv = rte_pci_driver_next(drv)) {
		if (rte_pci_driver_match(drv, dev)) {
			*pmd = drv;
			break;
		}
	}
	if (*pmd == NULL)
		return PCI_ARRIVAL_NO_PMD;
	/* Already on a userspace driver (the operator's new_id, or vfio-pci's driver_override
	 * set before the device came): probe it where it is. */
	if (rte_pci_bind_driver_is_userspace(dev->kdrv_name))
		return PCI_ARRIVAL_PROBE;
	return PCI_ARRIVAL_BIND;
}

static struct rte_pci_device *device_named(const char *name)
{
	struct rte_pci_addr addr;
	struct rte_pci_device *dev;

	if (rte_pci_addr_parse(name, &addr) != 0)
		return NULL;
	PCI_FOREACH_DEVICE(dev)
	{
		if (rte_pci_addr_cmp(&dev->addr, &addr) == 0)
			return dev;
	}
	return NULL;
}

enum step_result {
	STEP_REPORT, /* done: report ADD */
	STEP_GONE,   /* the device left meanwhile: its REMOVE is (or will be) reported instead */
	STEP_RETRY,
};

/*
 * EIO: the driver did not take the device, which is what the kernel not being ready yet
 * looks like; the rest (in use, no such driver, bad name) a later try would get again.
 */
static bool bind_may_work_later(int err)
{
	return err == EIO;
}

/*
 * Under the hotplug lock. last: the final try, which must not ask for another; since_us: when
 * the arrival was first handled, for the log.
 */
static enum step_result arrival_step(const char *name, bool last, uint64_t since_us)
{
	const char *driver = eal_config_get()->hotplug_bind;

	if (pci_bus_scan_one(name) != 0)
		return last ? STEP_REPORT : STEP_RETRY;
	struct rte_pci_device *dev = device_named(name);
	if (dev == NULL) {
		PCI_LOG(INFO, "%s arrived and left again before it could be bound", name);
		return STEP_GONE;
	}
	const struct rte_pci_driver *pmd;
	/* The kernel driver it ends up on, for the log: the option's, or the one it came on. */
	char kdrv[sizeof(dev->kdrv_name)];
	snprintf(kdrv, sizeof(kdrv), "%s", driver);
	switch (pci_hotplug_policy_decide(dev, &pmd)) {
	case PCI_ARRIVAL_NOT_ALLOWED:
		PCI_LOG(INFO, "%s arrived: left on its kernel driver (not allowed by -a/-b)", name);
		return STEP_REPORT;
	case PCI_ARRIVAL_NO_PMD:
		PCI_LOG(INFO, "%s arrived: left on its kernel driver (no PMD takes %04x:%04x)",
			name, dev->id.vendor_id, dev->id.device_id);
		return STEP_REPORT;
	case PCI_ARRIVAL_BIND:
		if (rte_pci_bind(name, driver, last ? 0 : RTE_PCI_BIND_RETRYING) != 0) {
			if (rte_errno == ENODEV)
				return STEP_GONE;
			if (!last && bind_may_work_later(rte_errno))
				return STEP_RETRY;
			PCI_LOG(ERR,
				"%s arrived: option --hotplug-bind: cannot bind it to %s: %s; left "
				"as it is (fix what the line above says, then openeal bind %s %s)",
				name, driver, rte_strerror(rte_errno), driver, name);
			return STEP_REPORT;
		}
		break;
	case PCI_ARRIVAL_PROBE:
		snprintf(kdrv, sizeof(kdrv), "%s", dev->kdrv_name);
		break;
	}
	/* The bind changed its kernel driver: rte_dev_probe scans the device again. */
	int ret = rte_dev_probe(name);
	/* The driver that took it, looked up again (a -a driver= pin may pick another than the
	 * first match, and the scan may have refreshed the device). */
	dev = ret == 0 ? device_named(name) : NULL;
	if (dev == NULL || dev->driver == NULL)
		PCI_LOG(ERR, "%s arrived: option --hotplug-bind: on %s but not probed: %s", name,
			kdrv, rte_strerror(ret != 0 ? -ret : ENODEV));
	else
		PCI_LOG(NOTICE, "%s arrived: on %s, probed by %s (%.1f ms after its add event)",
			name, kdrv, dev->driver->driver.name, (double)(now_us() - since_us) / 1000);
	return STEP_REPORT;
}

/* One try, from the interrupt thread. */
static enum step_result arrival_try(const char *name, bool last, uint64_t since_us)
{
	if (eal_hotplug_trylock() != 0) {
		if (!last)
			return STEP_RETRY;
		PCI_LOG(ERR,
			"%s arrived: option --hotplug-bind: not bound, another hotplug held "
			"the device list for a second (attach it with rte_dev_probe)",
			name);
		return STEP_REPORT;
	}
	enum step_result r = arrival_step(name, last, since_us);
	eal_hotplug_unlock();
	if (r == STEP_REPORT)
		rte_dev_event_callback_process(name, RTE_DEV_EVENT_ADD);
	return r;
}

/* Arrivals to try again, under due_lock (cleanup may run on another thread). */
static pthread_mutex_t due_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
	char name[PCI_PRI_STR_SIZE];
	unsigned int tries;
	uint64_t since_us;
} due[MAX_DUE];
static unsigned int nb_due;
static bool retry_armed;

static void arrivals_retry(void *arg);

/* due_lock held. */
static void retry_arm(void)
{
	if (retry_armed || nb_due == 0)
		return;
	if (rte_eal_alarm_set(RETRY_US, arrivals_retry, NULL) == 0) {
		retry_armed = true;
		return;
	}
	PCI_LOG(ERR,
		"option --hotplug-bind: cannot set the retry alarm: %s; %u arrived devices "
		"are left as they are",
		rte_strerror(rte_errno), nb_due);
	nb_due = 0;
}

static void arrivals_retry(void *arg)
{
	RTE_SET_USED(arg);
	pthread_mutex_lock(&due_lock);
	retry_armed = false;
	unsigned int n = nb_due;
	for (unsigned int i = 0; i < n;) {
		char name[PCI_PRI_STR_SIZE];
		memcpy(name, due[i].name, sizeof(name));
		bool last = ++due[i].tries >= MAX_TRIES;
		uint64_t since_us = due[i].since_us;
		pthread_mutex_unlock(&due_lock);
		enum step_result r = arrival_try(name, last, since_us);
		pthread_mutex_lock(&due_lock);
		if (nb_due == 0)
			break; /* cleanup emptied the list meanwhile */
		if (r == STEP_RETRY) {
			i++;
			continue;
		}
		due[i] = due[--nb_due];
		n--;
	}
	retry_arm();
	pthread_mutex_unlock(&due_lock);
}

int pci_hotplug_policy_arrived(const char *name)
{
	if (eal_config_get()->hotplug_bind[0] == '\0')
		return 0;
	uint64_t since_us = now_us();
	if (arrival_try(name, false, since_us) != STEP_RETRY)
		return 1;
	pthread_mutex_lock(&due_lock);
	bool queued = nb_due < MAX_DUE;
	if (queued) {
		snprintf(due[nb_due].name, sizeof(due[nb_due].name), "%s", name);
		due[nb_due].tries = 1;
		due[nb_due].since_us = since_us;
		nb_due++;
		retry_arm();
	}
	pthread_mutex_unlock(&due_lock);
	if (!queued) {
		PCI_LOG(ERR,
			"%s arrived: option --hotplug-bind: %d devices are already waiting to "
			"be bound; this one is left as it is",
			name, MAX_DUE);
		rte_dev_event_callback_process(name, RTE_DEV_EVENT_ADD);
	}
	return 1;
}

void pci_hotplug_policy_cleanup(void)
{
	rte_eal_alarm_cancel(arrivals_retry, NULL);
	pthread_mutex_lock(&due_lock);
	nb_due = 0;
	retry_armed = false;
	pthread_mutex_unlock(&due_lock);
}
