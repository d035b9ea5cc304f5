/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Bus registry. Buses register from constructors (RTE_REGISTER_BUS) and are kept in
 * registration order; the EAL drives them only through their ops, so it knows no bus by
 * name except "vdev", which is probed last and cleaned first as in DPDK.
 *
 * Locking: a read-write lock, read-held for every walk of the list including the bus ops and
 * compare callbacks it calls (rte_bus_scan, rte_bus_find, ...), write-held by register and
 * unregister, so that a bus added or removed at run time (a plugin, a test) never cuts a walk
 * short. Bus ops come back here (a vdev probe parsing devargs walks the buses again), so a
 * thread may hold several read locks: glibc's default rwlock prefers readers, which is what
 * makes that safe while a writer waits. Registering or unregistering from inside a bus op or
 * callback would wait for itself; it is refused with EDEADLK.
 */
#include <errno.h>
#include <stdatomic.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <bus_driver.h>
#include <rte_errno.h>
#include <rte_iova.h>
#include <rte_log.h>

#include "eal_model.h"

RTE_LOG_REGISTER(eal_bus_logtype, lib.eal.bus, INFO);
#define BUS_LOG(level, ...) rte_log(RTE_LOG_##level, eal_bus_logtype, __VA_ARGS__)

/* Virtual devices may be built on top of physical ones (bonding, failsafe), so they come
 * after every other bus at probe time and before them at cleanup time. */
#define VDEV_BUS_NAME "vdev"

static RTE_TAILQ_HEAD(, rte_bus) bus_list = TAILQ_HEAD_INITIALIZER(bus_list);
static pthread_rwlock_t bus_rwlock = PTHREAD_RWLOCK_INITIALIZER;
/* Read locks this thread holds, so that a write from inside a walk is refused, not hung. */
static _Thread_local unsigned int bus_reads_held;

static void bus_read_lock(void)
{
	pthread_rwlock_rdlock(&bus_rwlock);
	bus_reads_held++;
}

static void bus_read_unlock(void)
{
	bus_reads_held--;
	pthread_rwlock_unlock(&bus_rwlock);
}

/* 0 with the write lock held, or -1 (logged, rte_errno = EDEADLK) inside a walk. */
static int bus_write_lock(const char *op, const char *name)
{
	if (bus_reads_held > 0) {
		BUS_LOG(ERR,
			"bus \"%s\" not %s: called from a bus operation or rte_bus_find "
			"callback, which holds the bus registry (do it outside)\n",
			name != NULL ? name : "(null)", op);
		rte_errno = EDEADLK;
		return -1;
	}
	pthread_rwlock_wrlock(&bus_rwlock);
	return 0;
}

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

static int bus_has_name(const struct rte_bus *bus, const void *name)
{
	return strcmp(bus->name, name);
}

static bool bus_name_taken(const char *name)
{
	const struct rte_bus *b;

	TAILQ_FOREACH(b, &bus_list, next)
	if (bus_has_name(b, name) == 0)
		return true;
	return false;
}

/*
 * The sigbus_handler ops of the registered buses, for the SIGBUS handler, which may take no
 * lock: a slot is filled at registration and emptied at unregistration.
 */
#define SIGBUS_SLOTS 32
static _Atomic(rte_bus_sigbus_handler_t) sigbus_slots[SIGBUS_SLOTS];

static void sigbus_slot_set(rte_bus_sigbus_handler_t from, rte_bus_sigbus_handler_t to)
{
	for (size_t i = 0; i < SIGBUS_SLOTS; i++) {
		rte_bus_sigbus_handler_t expected = from;
		if (atomic_compare_exchange_strong(&sigbus_slots[i], &expected, to))
			return;
	}
}

#define HOOK_SLOTS 8
static struct {
	const struct rte_bus *bus;
	const struct eal_bus_hooks *hooks;
} bus_hooks[HOOK_SLOTS];

/* From constructors, before any thread: no lock. */
void eal_bus_hooks_set(const struct rte_bus *bus, const struct eal_bus_hooks *hooks)
{
	for (size_t i = 0; i < HOOK_SLOTS; i++) {
		if (bus_hooks[i].bus == NULL || bus_hooks[i].bus == bus) {
			bus_hooks[i].bus = bus;
			bus_hooks[i].hooks = hooks;
			return;
		}
	}
}

const struct eal_bus_hooks *eal_bus_hooks_get(const struct rte_bus *bus)
{
	for (size_t i = 0; i < HOOK_SLOTS && bus_hooks[i].bus != NULL; i++)
		if (bus_hooks[i].bus == bus)
			return bus_hooks[i].hooks;
	return NULL;
}

int eal_bus_sigbus_other(const void *failure_addr)
{
	for (size_t i = 0; i < SIGBUS_SLOTS; i++) {
		rte_bus_sigbus_handler_t h = atomic_load(&sigbus_slots[i]);
		if (h != NULL && h(failure_addr) == 0)
			return 0;
	}
	return 1;
}

void rte_bus_register(struct rte_bus *bus)
{
	if (bus == NULL || bus->name == NULL || bus->name[0] == '\0') {
		BUS_LOG(ERR, "bus not registered: it has no name\n");
		rte_errno = EINVAL;
		return;
	}
	const char *missing = bus_missing_op(bus);
	if (missing != NULL) {
		BUS_LOG(ERR, "bus \"%s\" not registered: it lacks the %s operation\n", bus->name,
			missing);
		rte_errno = EINVAL;
		return;
	}
	if (bus_write_lock("registered", bus->name) != 0)
		return;
	bool again = bus_is_registered(bus);
	bool taken = !again && bus_name_taken(bus->name);
	if (!again && !taken) {
		TAILQ_INSERT_TAIL(&bus_list, bus, next);
		if (bus->sigbus_handler != NULL)
			sigbus_slot_set(NULL, bus->sigbus_handler);
	}
	pthread_rwlock_unlock(&bus_rwlock);
	if (taken) {
		BUS_LOG(ERR, "bus \"%s\" not registered: another bus already has that name\n",
			bus->name);
		rte_errno = EEXIST;
	} else if (!again) {
		BUS_LOG(DEBUG, "registered bus \"%s\"\n", bus->name);
	}
}

void rte_bus_unregister(struct rte_bus *bus)
{
	if (bus == NULL)
		return;
	if (bus_write_lock("unregistered", bus->name) != 0)
		return;
	bool listed = bus_is_registered(bus);
	if (listed) {
		TAILQ_REMOVE(&bus_list, bus, next);
		if (bus->sigbus_handler != NULL)
			sigbus_slot_set(bus->sigbus_handler, NULL);
	}
	pthread_rwlock_unlock(&bus_rwlock);
	if (listed)
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

	bus_read_lock();
	TAILQ_FOREACH(bus, &bus_list, next)
	{
		int ret = bus->scan();
		if (ret == 0)
			continue;
		BUS_LOG(ERR, "bus \"%s\": scan failed: %s\n", bus->name, bus_err_text(ret));
		if (first == 0)
			first = ret;
	}
	bus_read_unlock();
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

	bus_read_lock();
	TAILQ_FOREACH(bus, &bus_list, next)
	{
		if (strcmp(bus->name, VDEV_BUS_NAME) == 0)
			vdev = bus;
		else
			bus_probe_one(bus, &first);
	}
	if (vdev != NULL)
		bus_probe_one(vdev, &first);
	bus_read_unlock();
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
	struct rte_bus *vdev = NULL;
	struct rte_bus *bus;
	int first = 0;

	bus_read_lock();
	TAILQ_FOREACH(bus, &bus_list, next)
	if (strcmp(bus->name, VDEV_BUS_NAME) == 0)
		vdev = bus;
	if (vdev != NULL)
		bus_cleanup_one(vdev, &first);
	TAILQ_FOREACH(bus, &bus_list, next)
	if (bus != vdev)
		bus_cleanup_one(bus, &first);
	bus_read_unlock();
	if (first < 0)
		rte_errno = -first;
	return first;
}

void rte_bus_dump(FILE *f)
{
	const struct rte_bus *bus;

	if (f == NULL)
		f = stdout;
	bus_read_lock();
	TAILQ_FOREACH(bus, &bus_list, next)
	fprintf(f, " %s\n", bus->name);
	bus_read_unlock();
}

struct rte_bus *rte_bus_find(const struct rte_bus *start, rte_bus_cmp_t cmp, const void *data)
{
	struct rte_bus *bus;

	if (cmp == NULL)
		return NULL;
	bus_read_lock();
	if (start == NULL)
		bus = TAILQ_FIRST(&bus_list);
	else if (bus_is_registered(start))
		bus = TAILQ_NEXT(start, next);
	else
		bus = NULL;
	while (bus != NULL && cmp(bus, data) != 0)
		bus = TAILQ_NEXT(bus, next);
	bus_read_unlock();
	return bus;
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

struct rte_bus *rte_bus_find_by_name(const char *busname)
{
	if (busname == NULL)
		return NULL;
	return rte_bus_find(NULL, bus_has_name, busname);
}

enum rte_iova_mode rte_bus_get_iommu_class(void)
{
	const struct rte_bus *bus;
	const struct rte_bus *wants_pa = NULL;
	const struct rte_bus *wants_va = NULL;

	bus_read_lock();
	TAILQ_FOREACH(bus, &bus_list, next)
	{
		if (bus->get_iommu_class == NULL)
			continue;
		enum rte_iova_mode mode = bus->get_iommu_class();
		BUS_LOG(DEBUG, "bus \"%s\" wants IOVA as %s\n", bus->name,
			rte_iova_mode_name(mode));
		if (mode == RTE_IOVA_PA && wants_pa == NULL)
			wants_pa = bus;
		else if (mode == RTE_IOVA_VA && wants_va == NULL)
			wants_va = bus;
	}
	bus_read_unlock();
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
