/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Bus registry. Buses register from constructors (RTE_REGISTER_BUS) and are kept in
 * registration order; the EAL drives them only through their ops, so it knows no bus by
 * name except "vdev", which is probed last and cleaned first as in DPDK.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <bus_driver.h>
#include <rte_errno.h>
#include <rte_log.h>

#include "eal_model.h"

RTE_LOG_REGISTER(eal_bus_logtype, lib.eal.bus, INFO);
#define BUS_LOG(level, ...) rte_log(RTE_LOG_##level, eal_bus_logtype, __VA_ARGS__)

/* Virtual devices may be built on top of physical ones (bonding, failsafe), so they come
 * after every other bus at probe time and before them at cleanup time. */
#define VDEV_BUS_NAME "vdev"

static RTE_TAILQ_HEAD(, rte_bus) bus_list = TAILQ_HEAD_INITIALIZER(bus_list);

static bool bus_is_registered(const struct rte_bus *bus)
{
	const struct rte_bus *b;

	TAILQ_FOREACH(b, &bus_list, next)
	if (b == bus)
		return true;
	return false;
}

/* Name of the first mandatory op bus lacks, or NULL when it has them all. */
static const char *bus_missing_op(const struct rte_bus *bus)
{
	if (bus->scan == NULL)
		return "scan";
	if (bus->probe == NULL)
		return "probe";
	if (bus->find_device == NULL)
		return "find_device";
	/* Hotplug needs both directions: a device plugged at run time must be removable. */
	if (bus->plug != NULL && bus->unplug == NULL)
		return "unplug (plug is set)";
	return NULL;
}

void rte_bus_register(struct rte_bus *bus)
{
	if (bus == NULL || bus->name == NULL || bus->name[0] == '\0') {
		BUS_LOG(ERR, "bus not registered: it has no name\n");
		rte_errno = EINVAL;
		return;
	}
	if (bus_is_registered(bus))
		return;
	const char *missing = bus_missing_op(bus);
	if (missing != NULL) {
		BUS_LOG(ERR, "bus \"%s\" not registered: it lacks the %s operation\n", bus->name,
			missing);
		rte_errno = EINVAL;
		return;
	}
	if (rte_bus_find_by_name(bus->name) != NULL) {
		BUS_LOG(ERR, "bus \"%s\" not registered: another bus already has that name\n",
			bus->name);
		rte_errno = EEXIST;
		return;
	}
	TAILQ_INSERT_TAIL(&bus_list, bus, next);
	BUS_LOG(DEBUG, "registered bus \"%s\"\n", bus->name);
}

void rte_bus_unregister(struct rte_bus *bus)
{
	if (bus == NULL || !bus_is_registered(bus))
		return;
	TAILQ_REMOVE(&bus_list, bus, next);
	BUS_LOG(DEBUG, "unregistered bus \"%s\"\n", bus->name);
}

const char *rte_bus_name(const struct rte_bus *bus)
{
	return bus != NULL ? bus->name : NULL;
}

/* Reason for a failed bus op: its errno text when it returned one. */
static const char *bus_err_text(int ret)
{
	return ret < 0 ? rte_strerror(-ret) : "failed";
}

int rte_bus_scan(void)
{
	struct rte_bus *bus;
	int first = 0;

	TAILQ_FOREACH(bus, &bus_list, next)
	{
		int ret = bus->scan();
		if (ret == 0)
			continue;
		BUS_LOG(ERR, "bus \"%s\": scan failed: %s\n", bus->name, bus_err_text(ret));
		if (first == 0)
			first = ret;
	}
	if (first < 0)
		rte_errno = -first;
	return first;
}

static int bus_probe_one(struct rte_bus *bus, int *first)
{
	int ret = bus->probe();
	if (ret != 0) {
		BUS_LOG(ERR, "bus \"%s\": probe failed: %s\n", bus->name, bus_err_text(ret));
		if (*first == 0)
			*first = ret;
	}
	return ret;
}

int rte_bus_probe(void)
{
	struct rte_bus *bus;
	struct rte_bus *vdev = NULL;
	int first = 0;

	TAILQ_FOREACH(bus, &bus_list, next)
	{
		if (strcmp(bus->name, VDEV_BUS_NAME) == 0)
			vdev = bus;
		else
			bus_probe_one(bus, &first);
	}
	if (vdev != NULL)
		bus_probe_one(vdev, &first);
	if (first == 0)
		return 0;
	rte_errno = first < 0 ? -first : EIO;
	return -1;
}

static int bus_cleanup_one(struct rte_bus *bus, int *first)
{
	if (bus->cleanup == NULL)
		return 0;
	int ret = bus->cleanup();
	if (ret != 0) {
		BUS_LOG(ERR, "bus \"%s\": cleanup failed: %s\n", bus->name, bus_err_text(ret));
		if (*first == 0)
			*first = ret;
	}
	return ret;
}

int eal_bus_cleanup_all(void)
{
	struct rte_bus *vdev = rte_bus_find_by_name(VDEV_BUS_NAME);
	struct rte_bus *bus;
	int first = 0;

	if (vdev != NULL)
		bus_cleanup_one(vdev, &first);
	TAILQ_FOREACH(bus, &bus_list, next)
	if (bus != vdev)
		bus_cleanup_one(bus, &first);
	if (first < 0)
		rte_errno = -first;
	return first;
}

void rte_bus_dump(FILE *f)
{
	const struct rte_bus *bus;

	if (f == NULL)
		f = stdout;
	TAILQ_FOREACH(bus, &bus_list, next)
	fprintf(f, " %s\n", bus->name);
}

struct rte_bus *rte_bus_find(const struct rte_bus *start, rte_bus_cmp_t cmp, const void *data)
{
	struct rte_bus *bus;

	if (cmp == NULL)
		return NULL;
	if (start != NULL) {
		if (!bus_is_registered(start))
			return NULL;
		bus = TAILQ_NEXT(start, next);
	} else {
		bus = TAILQ_FIRST(&bus_list);
	}
	for (; bus != NULL; bus = TAILQ_NEXT(bus, next))
		if (cmp(bus, data) == 0)
			return bus;
	return NULL;
}

static int dev_is(const struct rte_device *dev, const void *wanted)
{
	return dev != wanted;
}

static int bus_has_device(const struct rte_bus *bus, const void *dev)
{
	return bus->find_device(NULL, dev_is, dev) == NULL;
}

struct rte_bus *rte_bus_find_by_device(const struct rte_device *dev)
{
	if (dev == NULL)
		return NULL;
	return rte_bus_find(NULL, bus_has_device, dev);
}

static int bus_has_name(const struct rte_bus *bus, const void *name)
{
	return strcmp(bus->name, name);
}

struct rte_bus *rte_bus_find_by_name(const char *busname)
{
	if (busname == NULL)
		return NULL;
	return rte_bus_find(NULL, bus_has_name, busname);
}

static const char *iova_mode_name(enum rte_iova_mode mode)
{
	switch (mode) {
	case RTE_IOVA_PA:
		return "PA";
	case RTE_IOVA_VA:
		return "VA";
	default:
		return "DC";
	}
}

enum rte_iova_mode rte_bus_get_iommu_class(void)
{
	const struct rte_bus *bus;
	const struct rte_bus *wants_pa = NULL;
	const struct rte_bus *wants_va = NULL;

	TAILQ_FOREACH(bus, &bus_list, next)
	{
		if (bus->get_iommu_class == NULL)
			continue;
		enum rte_iova_mode mode = bus->get_iommu_class();
		BUS_LOG(DEBUG, "bus \"%s\" wants IOVA as %s\n", bus->name, iova_mode_name(mode));
		if (mode == RTE_IOVA_PA && wants_pa == NULL)
			wants_pa = bus;
		else if (mode == RTE_IOVA_VA && wants_va == NULL)
			wants_va = bus;
	}
	if (wants_pa != NULL && wants_va != NULL) {
		BUS_LOG(
		    WARNING,
		    "IOVA mode: bus \"%s\" wants PA but bus \"%s\" wants VA; leaving the choice "
		    "to the EAL (DC), so one of them may fail to use its devices; force one with "
		    "--iova-mode\n",
		    wants_pa->name, wants_va->name);
		return RTE_IOVA_DC;
	}
	if (wants_pa != NULL)
		return RTE_IOVA_PA;
	if (wants_va != NULL)
		return RTE_IOVA_VA;
	return RTE_IOVA_DC;
}
