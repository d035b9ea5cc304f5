/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The device event monitor (rte_dev_event_monitor_start/stop) and surprise removal handling
 * (rte_dev_hotplug_handle_enable/disable); doc/hotplug.md.
 *
 * The OS layer's socket is an interrupt source of the EAL interrupt thread, so the callbacks
 * run there, as in DPDK. Each kernel message must come from the kernel and parse strictly,
 * or it is dropped with one line. What is reported is a change of the set of present devices
 * (eal_dev_presence.h): a duplicate reports nothing, and when the kernel drops messages
 * (ENOBUFS) the bus's device list is reread and the difference reported, so that no arrival
 * or removal goes unreported.
 *
 * A removal, with handling enabled, is handled in this order: the bus fences the device's
 * mappings (a driver that still touches them reads all-ones), the application's REMOVE
 * callbacks run (they usually detach the device), and if no application callback wanted the
 * device the EAL detaches it, so that its driver's remove runs once either way.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bus_driver.h>
#include <interrupts_driver.h>
#include <rte_alarm.h>
#include <rte_dev.h>
#include <rte_errno.h>
#include <rte_interrupts.h>
#include <rte_log.h>

#include "eal_dev_event.h"
#include "eal_dev_os.h"
#include "eal_dev_presence.h"
#include "eal_model.h"
#include "eal_sigbus.h"
#include "eal_uevent.h"

RTE_LOG_REGISTER(eal_dev_event_logtype, lib.eal.dev_event, INFO);
#define EV_LOG(level, fmt, ...)                                                                     \
	rte_log(RTE_LOG_##level, eal_dev_event_logtype, "device events: " fmt "\n", ##__VA_ARGS__)

/* Messages handled per wake-up before the interrupt thread serves its other sources. */
#define MONITOR_BATCH 64
/* A removal that found the hotplug lock taken is retried this much later. */
#define REMOVAL_RETRY_US 10000

static const char monitored_bus[] = "pci";

/*
 * ctl_lock serialises start, stop and cleanup; mon_lock guards the state the interrupt
 * thread's callback shares. Start and stop never hold mon_lock while they wait for that
 * callback to return.
 */
static pthread_mutex_t ctl_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t mon_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned int mon_refs;
static int mon_fd = -1;
static struct rte_intr_handle *mon_handle;
/* Devices believed present; removals already reported (vfio-pci's request came first);
 * removals waiting for the hotplug lock. All under mon_lock. */
static struct eal_dev_presence present, gone_reported, removals_due;
static bool retry_armed;
static atomic_bool handling;

bool eal_dev_hotplug_handling(void)
{
	return atomic_load(&handling);
}

static int dev_has_name(const struct rte_device *dev, const void *name)
{
	return strcmp(dev->name, name);
}

static struct rte_device *find_device(const char *busname, const char *name)
{
	struct rte_bus *bus = rte_bus_find_by_name(busname);
	return bus != NULL ? bus->find_device(NULL, dev_has_name, name) : NULL;
}

bool eal_dev_event_report_removal(const char *bus, const char *device_name)
{
	RTE_SET_USED(bus);
	pthread_mutex_lock(&mon_lock);
	int first = eal_dev_presence_add(&gone_reported, device_name);
	pthread_mutex_unlock(&mon_lock);
	bool app = eal_dev_event_has_callback(device_name);
	if (first != 0)
		rte_dev_event_callback_process(device_name, RTE_DEV_EVENT_REMOVE);
	return app;
}

static void removals_retry(void *arg);

/*
 * A removed device, under the hotplug lock (so that no rte_dev_probe, rte_dev_remove or
 * cleanup changes the device list meanwhile): fence, report, detach. false when the lock was
 * taken: the interrupt thread must not wait for it (its holder may be joining this thread).
 */
static bool removal_run(const char *name)
{
	if (eal_hotplug_trylock() != 0)
		return false;
	struct rte_device *dev = find_device(monitored_bus, name);
	bool handle = eal_dev_hotplug_handling();
	if (handle && dev != NULL && dev->bus->hot_unplug_handler != NULL &&
	    dev->bus->hot_unplug_handler(dev) != 0)
		EV_LOG(ERR, "%s: the bus could not fence the removed device's mappings", name);
	pthread_mutex_lock(&mon_lock);
	bool reported = eal_dev_presence_remove(&gone_reported, name) == 1;
	pthread_mutex_unlock(&mon_lock);
	bool app = eal_dev_event_has_callback(name);
	if (!reported)
		rte_dev_event_callback_process(name, RTE_DEV_EVENT_REMOVE);
	/* Looked up again: a callback may have detached and freed it. */
	dev = find_device(monitored_bus, name);
	if (handle && !app && rte_dev_is_probed(dev)) {
		EV_LOG(NOTICE, "%s was removed: detaching driver %s", name, dev->driver->name);
		if (rte_dev_remove(dev) != 0)
			EV_LOG(ERR, "%s: cannot detach the removed device: %s", name,
			       rte_strerror(rte_errno));
	}
	eal_hotplug_unlock();
	return true;
}

/* Lock held. */
static void removal_defer(const char *name)
{
	if (eal_dev_presence_add(&removals_due, name) < 0) {
		EV_LOG(ERR, "%s: out of memory: its removal is not handled", name);
		return;
	}
	if (!retry_armed && rte_eal_alarm_set(REMOVAL_RETRY_US, removals_retry, NULL) == 0)
		retry_armed = true;
}

static void removal_handle(const char *name)
{
	if (removal_run(name))
		return;
	pthread_mutex_lock(&mon_lock);
	removal_defer(name);
	pthread_mutex_unlock(&mon_lock);
}

static void removals_retry(void *arg)
{
	char name[EAL_DEV_PRESENCE_NAME_MAX];

	RTE_SET_USED(arg);
	pthread_mutex_lock(&mon_lock);
	retry_armed = false;
	while (removals_due.nb > 0) {
		memcpy(name, removals_due.names[0], sizeof(name));
		eal_dev_presence_remove(&removals_due, name);
		pthread_mutex_unlock(&mon_lock);
		bool done = removal_run(name);
		pthread_mutex_lock(&mon_lock);
		if (!done) {
			removal_defer(name);
			break;
		}
	}
	pthread_mutex_unlock(&mon_lock);
}

/* The bus may take the arrival first (the hotplug policy binds and probes, then reports). */
static void arrival_handle(const char *name)
{
	const struct eal_bus_hooks *hooks = eal_bus_hooks_get(rte_bus_find_by_name(monitored_bus));
	if (hooks == NULL || hooks->device_arrived == NULL || hooks->device_arrived(name) == 0)
		rte_dev_event_callback_process(name, RTE_DEV_EVENT_ADD);
}

static void report(enum rte_dev_uevent_action action, const struct eal_uevent *ev,
		   const char *name)
{
	struct rte_dev_uevent u = {
	    .action = action,
	    .bus = monitored_bus,
	    .name = name,
	    .driver = ev != NULL ? ev->driver : "",
	    .vendor_id = ev != NULL && ev->has_pci_id ? ev->vendor_id : 0,
	    .device_id = ev != NULL && ev->has_pci_id ? ev->device_id : 0,
	    .class_id = ev != NULL && ev->has_class ? ev->class_id : 0,
	    .seqnum = ev != NULL ? ev->seqnum : 0,
	};
	if (action == RTE_DEV_UEVENT_ADD)
		arrival_handle(name);
	else if (action == RTE_DEV_UEVENT_REMOVE)
		removal_handle(name);
	eal_dev_uevent_process(&u);
}

/* ev NULL: made up by a resync. */
static void presence_changed(const char *name, bool added, const struct eal_uevent *ev)
{
	pthread_mutex_lock(&mon_lock);
	int changed = added ? eal_dev_presence_add(&present, name)
			    : eal_dev_presence_remove(&present, name);
	pthread_mutex_unlock(&mon_lock);
	if (changed < 0)
		EV_LOG(ERR, "%s: out of memory: its arrival is not reported", name);
	if (changed == 1)
		report(added ? RTE_DEV_UEVENT_ADD : RTE_DEV_UEVENT_REMOVE, ev, name);
}

static void kernel_event(const struct eal_uevent *ev)
{
	if (strcmp(ev->subsystem, monitored_bus) != 0)
		return;
	switch (ev->action) {
	case EAL_UEVENT_ADD:
	case EAL_UEVENT_REMOVE:
		/*
		 * root can make the kernel send an event for a device that did not change
		 * (writing "add" or "remove" to its uevent file): only a real arrival or
		 * departure is taken, or a removal would detach a device that is still there.
		 */
		if (eal_uevent_device_listed(monitored_bus, ev->name) != (ev->action == EAL_UEVENT_ADD)) {
			EV_LOG(NOTICE, "%s: ignored a kernel %s event: the device is %s", ev->name,
			       eal_uevent_action_name(ev->action),
			       ev->action == EAL_UEVENT_ADD ? "not there" : "still there");
			break;
		}
		presence_changed(ev->name, ev->action == EAL_UEVENT_ADD, ev);
		break;
	case EAL_UEVENT_BIND:
	case EAL_UEVENT_UNBIND:
		report(ev->action == EAL_UEVENT_BIND ? RTE_DEV_UEVENT_BIND : RTE_DEV_UEVENT_UNBIND,
		       ev, ev->name);
		break;
	default:
		break;
	}
}

struct name_list {
	char **v;
	size_t nb, cap;
	bool nomem;
};

static void name_list_add(const char *name, void *arg)
{
	struct name_list *l = arg;

	if (l->nomem || strlen(name) >= EAL_DEV_PRESENCE_NAME_MAX)
		return;
	if (l->nb == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		char **v = realloc(l->v, cap * sizeof(*v));
		if (v == NULL) {
			l->nomem = true;
			return;
		}
		l->v = v;
		l->cap = cap;
	}
	if ((l->v[l->nb] = strdup(name)) == NULL)
		l->nomem = true;
	else
		l->nb++;
}

static void name_list_free(struct name_list *l)
{
	for (size_t i = 0; i < l->nb; i++)
		free(l->v[i]);
	free(l->v);
	*l = (struct name_list){0};
}

/* The bus's devices as the OS lists them now. 0, or -errno (logged). */
static int list_present(struct name_list *l)
{
	int ret = eal_uevent_list_bus(monitored_bus, name_list_add, l);
	if (ret == 0 && l->nomem)
		ret = -ENOMEM;
	if (ret != 0) {
		EV_LOG(ERR, "cannot list the %s devices: %s", monitored_bus, rte_strerror(-ret));
		name_list_free(l);
	}
	return ret;
}

struct change {
	bool added;
	char name[EAL_DEV_PRESENCE_NAME_MAX];
};
struct change_list {
	struct change *v;
	size_t nb, cap;
	bool nomem;
};

static void change_queue(const char *name, bool added, void *arg)
{
	struct change_list *c = arg;

	if (c->nb == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;
		struct change *v = realloc(c->v, cap * sizeof(*v));
		if (v == NULL) {
			c->nomem = true;
			return;
		}
		c->v = v;
		c->cap = cap;
	}
	c->v[c->nb].added = added;
	strcpy(c->v[c->nb].name, name);
	c->nb++;
}

/* The kernel dropped messages: report what changed since the set was last right. */
static void resync(void)
{
	struct name_list now = {0};
	struct change_list changes = {0};
	size_t added = 0;

	if (list_present(&now) != 0)
		return;
	pthread_mutex_lock(&mon_lock);
	int ret = eal_dev_presence_reconcile(&present, (const char *const *)now.v, now.nb,
					     change_queue, &changes);
	pthread_mutex_unlock(&mon_lock);
	name_list_free(&now);
	if (ret != 0 || changes.nomem) {
		EV_LOG(ERR, "the kernel dropped events and the resync ran out of memory: arrivals "
			    "and removals since may be unreported");
		free(changes.v);
		return;
	}
	for (size_t i = 0; i < changes.nb; i++)
		added += changes.v[i].added;
	EV_LOG(WARNING,
	       "the kernel dropped events (the socket was full): the %s device list was reread, "
	       "%zu arrivals and %zu removals are reported from it",
	       monitored_bus, added, changes.nb - added);
	for (size_t i = 0; i < changes.nb; i++)
		report(changes.v[i].added ? RTE_DEV_UEVENT_ADD : RTE_DEV_UEVENT_REMOVE, NULL,
		       changes.v[i].name);
	free(changes.v);
}

static void monitor_readable(void *arg)
{
	static char buf[EAL_UEVENT_MSG_MAX];
	int fd = (int)(intptr_t)arg;

	for (int i = 0; i < MONITOR_BATCH; i++) {
		struct eal_uevent_sender from;
		struct eal_uevent ev;
		const char *why;

		ssize_t n = eal_uevent_socket_recv(fd, buf, sizeof(buf), &from);
		if (n == -EAGAIN)
			return;
		if (n == -ENOBUFS) {
			resync();
			continue;
		}
		if (n < 0) {
			EV_LOG(ERR, "cannot read the uevent socket (fd %d): %s", fd,
			       rte_strerror((int)-n));
			return;
		}
		if (n == 0) {
			EV_LOG(WARNING,
			       "ignored a message that did not come from the kernel (netlink port "
			       "%u, pid %d, uid %d): only the kernel's events are taken",
			       from.port, (int)from.pid, (int)from.uid);
			continue;
		}
		if (eal_uevent_parse(buf, (size_t)n, &ev, &why) != 0) {
			EV_LOG(WARNING, "ignored a malformed kernel event (%zd bytes): %s", n, why);
			continue;
		}
		kernel_event(&ev);
	}
}

static void monitor_close_later(struct rte_intr_handle *h, void *arg)
{
	close((int)(intptr_t)arg);
	rte_intr_instance_free(h);
}

/* ctl_lock held. Tear down the socket and its interrupt source. */
static void monitor_close(void)
{
	void *arg = (void *)(intptr_t)mon_fd;
	int ret = -EAGAIN;

	if (rte_thread_is_intr()) {
		/* From an event callback: the monitor's own callback is running. */
		ret = rte_intr_callback_unregister(mon_handle, monitor_readable, arg);
		if (ret == -EAGAIN && rte_intr_callback_unregister_pending(
					  mon_handle, monitor_readable, arg, monitor_close_later) > 0) {
			mon_fd = -1;
			mon_handle = NULL;
			goto forget;
		}
	} else {
		ret = rte_intr_callback_unregister_sync(mon_handle, monitor_readable, arg);
	}
	if (ret < 0)
		EV_LOG(ERR, "cannot stop watching the uevent socket (fd %d): %s", mon_fd,
		       rte_strerror(-ret));
	close(mon_fd);
	rte_intr_instance_free(mon_handle);
	mon_fd = -1;
	mon_handle = NULL;
forget:
	pthread_mutex_lock(&mon_lock);
	eal_dev_presence_clear(&present);
	eal_dev_presence_clear(&gone_reported);
	pthread_mutex_unlock(&mon_lock);
}

static int monitor_open(void)
{
	struct name_list now = {0};
	int ret;

	int fd = eal_uevent_socket_open();
	if (fd < 0)
		return -rte_errno;
	/* After the socket: a device that arrives in between is in the list or in an event. */
	ret = list_present(&now);
	pthread_mutex_lock(&mon_lock);
	for (size_t i = 0; ret == 0 && i < now.nb; i++)
		if (eal_dev_presence_add(&present, now.v[i]) < 0)
			ret = -ENOMEM;
	size_t nb_present = present.nb;
	if (ret != 0)
		eal_dev_presence_clear(&present);
	pthread_mutex_unlock(&mon_lock);
	name_list_free(&now);
	struct rte_intr_handle *h = NULL;
	if (ret == 0) {
		h = rte_intr_instance_alloc(RTE_INTR_INSTANCE_F_PRIVATE);
		if (h == NULL)
			ret = -ENOMEM;
		else if (rte_intr_fd_set(h, fd) != 0 ||
			 rte_intr_type_set(h, RTE_INTR_HANDLE_DEV_EVENT) != 0)
			ret = -rte_errno;
		else
			ret = rte_intr_callback_register(h, monitor_readable, (void *)(intptr_t)fd);
	}
	if (ret != 0) {
		if (ret == -ENOMEM)
			EV_LOG(ERR, "cannot start the monitor: out of memory");
		rte_intr_instance_free(h);
		close(fd);
		pthread_mutex_lock(&mon_lock);
		eal_dev_presence_clear(&present);
		pthread_mutex_unlock(&mon_lock);
		return ret;
	}
	mon_fd = fd;
	mon_handle = h;
	EV_LOG(DEBUG, "monitor started (uevent socket fd %d, %zu %s devices present)", fd,
	       nb_present, monitored_bus);
	return 0;
}

int rte_dev_event_monitor_start(void)
{
	int ret = 0;

	pthread_mutex_lock(&ctl_lock);
	if (mon_refs == 0)
		ret = monitor_open();
	if (ret == 0)
		mon_refs++;
	pthread_mutex_unlock(&ctl_lock);
	if (ret != 0) {
		rte_errno = -ret;
		return -1;
	}
	return 0;
}

int rte_dev_event_monitor_stop(void)
{
	pthread_mutex_lock(&ctl_lock);
	if (mon_refs == 0) {
		pthread_mutex_unlock(&ctl_lock);
		EV_LOG(DEBUG, "monitor stop without a start: nothing to do");
		return 0;
	}
	if (--mon_refs == 0)
		monitor_close();
	pthread_mutex_unlock(&ctl_lock);
	return 0;
}

int rte_dev_hotplug_handle_enable(void)
{
	if (eal_sigbus_handler_install(eal_bus_sigbus_other) != 0) {
		EV_LOG(ERR, "cannot install the SIGBUS handler: %s", rte_strerror(rte_errno));
		return -1;
	}
	atomic_store(&handling, true);
	return 0;
}

int rte_dev_hotplug_handle_disable(void)
{
	atomic_store(&handling, false);
	if (eal_sigbus_handler_uninstall() != 0) {
		EV_LOG(ERR, "cannot restore the SIGBUS handler: %s", rte_strerror(rte_errno));
		return -1;
	}
	return 0;
}

void eal_dev_event_cleanup(void)
{
	pthread_mutex_lock(&ctl_lock);
	if (mon_refs > 0) {
		mon_refs = 0;
		monitor_close();
	}
	pthread_mutex_unlock(&ctl_lock);
	/* Without mon_lock: cancel waits for a running retry, which takes it. */
	rte_eal_alarm_cancel(removals_retry, NULL);
	pthread_mutex_lock(&mon_lock);
	retry_armed = false;
	eal_dev_presence_clear(&removals_due);
	pthread_mutex_unlock(&mon_lock);
	if (eal_dev_hotplug_handling())
		rte_dev_hotplug_handle_disable();
	eal_dev_event_callbacks_free();
}
