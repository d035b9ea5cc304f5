/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * openeal monitor [--json] [--probe] [--count N] [-- EAL options]: print each PCI add, remove,
 * bind and unbind as the kernel reports it (through the EAL's device event monitor), with the
 * device's ids, its kernel driver and the openeal PMDs that match it. With --probe, a device
 * that arrives on (or is bound to) a userspace driver and has a PMD is attached with
 * rte_dev_probe, and surprise-removal handling detaches it when it goes; with --bind DRIVER an
 * arriving device that a PMD matches is first bound to DRIVER (the policy SPDK and VPP users
 * script by hand).
 *
 * The EAL reports events on its interrupt thread; they are copied through a pipe to the main
 * thread, which prints and probes, so that a slow probe never holds the interrupt thread.
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bus_pci_driver.h>
#include <rte_bus_pci.h>
#include <rte_dev.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_pci_bind.h>

#include "openeal_cmd.h"

struct event_copy {
	enum rte_dev_uevent_action action;
	char name[64];
	char driver[64];
	uint16_t vendor_id, device_id;
	uint32_t class_id;
	uint64_t seqnum;
};

static int event_pipe[2] = {-1, -1};
static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
	/* Wakes the main thread's read. */
	struct event_copy none = {.action = (enum rte_dev_uevent_action)-1};
	(void)!write(event_pipe[1], &none, sizeof(none));
}

static void on_uevent(const struct rte_dev_uevent *ev, void *arg)
{
	struct event_copy c = {
	    .action = ev->action,
	    .vendor_id = ev->vendor_id,
	    .device_id = ev->device_id,
	    .class_id = ev->class_id,
	    .seqnum = ev->seqnum,
	};
	(void)arg;
	snprintf(c.name, sizeof(c.name), "%s", ev->name);
	snprintf(c.driver, sizeof(c.driver), "%s", ev->driver);
	/* A pipe write of less than PIPE_BUF bytes is atomic: each event arrives whole. */
	if (write(event_pipe[1], &c, sizeof(c)) != (ssize_t)sizeof(c))
		fprintf(stderr, "openeal monitor: event for %s lost: %s\n", c.name, strerror(errno));
}

static const char *action_name(enum rte_dev_uevent_action a)
{
	switch (a) {
	case RTE_DEV_UEVENT_ADD:
		return "add";
	case RTE_DEV_UEVENT_REMOVE:
		return "remove";
	case RTE_DEV_UEVENT_BIND:
		return "bind";
	case RTE_DEV_UEVENT_UNBIND:
		return "unbind";
	}
	return "?";
}

/* The PMDs whose ID table takes these ids, "a,b" in registration order ("" when none). */
static void matching_pmds(const struct event_copy *c, char *out, size_t len)
{
	struct rte_pci_device dev;
	size_t used = 0;

	memset(&dev, 0, sizeof(dev));
	dev.id.vendor_id = c->vendor_id;
	dev.id.device_id = c->device_id;
	dev.id.class_id = c->class_id;
	/* The event does not carry the subsystem ids: match tables that do not ask for them. */
	dev.id.subsystem_vendor_id = RTE_PCI_ANY_ID;
	dev.id.subsystem_device_id = RTE_PCI_ANY_ID;
	out[0] = '\0';
	if (c->vendor_id == 0)
		return;
	for (const struct rte_pci_driver *drv = rte_pci_driver_next(NULL); drv != NULL;
	     drv = rte_pci_driver_next(drv)) {
		if (!rte_pci_driver_match(drv, &dev))
			continue;
		int n = snprintf(out + used, len - used, "%s%s", used ? "," : "", drv->driver.name);
		if (n < 0 || (size_t)n >= len - used)
			break;
		used += (size_t)n;
	}
}

static void print_event(const struct event_copy *c, const char *pmds, bool json,
			const char *probe_result)
{
	if (!json) {
		printf("%s %s", action_name(c->action), c->name);
		if (c->vendor_id != 0)
			printf(" %04x:%04x", c->vendor_id, c->device_id);
		else
			printf(" -");
		printf(" driver=%s pmd=%s", c->driver[0] ? c->driver : "-", pmds[0] ? pmds : "-");
		if (c->seqnum == 0)
			printf(" resync");
		if (probe_result != NULL)
			printf(" %s", probe_result);
		printf("\n");
		return;
	}
	printf("{\"event\": \"%s\", \"name\": ", action_name(c->action));
	openeal_json_string(c->name);
	if (c->vendor_id != 0)
		printf(", \"vendor\": \"%04x\", \"device\": \"%04x\", \"class\": \"%06x\"", c->vendor_id,
		       c->device_id, c->class_id);
	printf(", \"driver\": ");
	if (c->driver[0])
		openeal_json_string(c->driver);
	else
		printf("null");
	printf(", \"pmds\": [");
	const char *p = pmds;
	while (*p != '\0') {
		char one[64];
		size_t n = strcspn(p, ",");
		size_t k = n < sizeof(one) - 1 ? n : sizeof(one) - 1;
		memcpy(one, p, k);
		one[k] = '\0';
		if (p != pmds)
			printf(", ");
		openeal_json_string(one);
		p += n + (p[n] == ',');
	}
	printf("], \"seqnum\": %" PRIu64, c->seqnum);
	if (probe_result != NULL) {
		printf(", \"probe\": ");
		openeal_json_string(probe_result);
	}
	printf("}\n");
}

/*
 * --bind DRIVER: an arriving device that a PMD matches is bound to DRIVER with openeal bind's
 * checks; its bind event then attaches it. The kernel sends the add event before it lets a
 * driver match the new device, so an early bind may fail: it is retried for up to a second.
 */
static const char *maybe_bind(const struct event_copy *c, const char *pmds, const char *driver,
			      char *buf, size_t len)
{
	int ret = -1;

	if (c->action != RTE_DEV_UEVENT_ADD || pmds[0] == '\0')
		return NULL;
	for (int tries = 0; tries < 50; tries++) {
		ret = rte_pci_bind(c->name, driver, tries + 1 < 50 ? RTE_PCI_BIND_RETRYING : 0);
		if (ret == 0 || rte_errno == EBUSY || rte_errno == EPERM || rte_errno == EINVAL)
			break;
		usleep(20000);
	}
	if (ret == 0)
		snprintf(buf, len, "bound=%s", driver);
	else
		snprintf(buf, len, "bind-failed=%s", rte_strerror(rte_errno));
	return buf;
}

/* --probe: attach a device that is (now) on a userspace driver and has a PMD. */
static const char *maybe_probe(const struct event_copy *c, const char *pmds, char *buf, size_t len)
{
	bool on_userspace = c->action == RTE_DEV_UEVENT_BIND
				? rte_pci_bind_driver_is_userspace(c->driver)
				: c->action == RTE_DEV_UEVENT_ADD && c->driver[0] != '\0' &&
				      rte_pci_bind_driver_is_userspace(c->driver);
	if (!on_userspace || pmds[0] == '\0')
		return NULL;
	int ret = rte_dev_probe(c->name);
	if (ret == 0)
		snprintf(buf, len, "probed");
	else
		snprintf(buf, len, "probe-failed=%s", rte_strerror(-ret));
	return buf;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: openeal monitor [--json] [--probe] [--bind DRIVER] [--count N]\n"
		"                       [-- EAL options]\n\n"
		"Print each PCI add, remove, bind and unbind the kernel reports, as it happens:\n"
		"the device, its ids, its kernel driver and the openeal PMDs that match it (a\n"
		"'resync' event was made up after the kernel dropped events). --probe attaches a\n"
		"device that arrives on, or is bound to, vfio-pci, igb_uio or uio_pci_generic and\n"
		"has a PMD, and detaches it when it is removed. --bind DRIVER (implies --probe)\n"
		"first binds an arriving device that a PMD matches to DRIVER, with the checks of\n"
		"'openeal bind'. --count N stops after N events.\n"
		"EAL options default to '--no-huge -m 64' (with --probe) or '--no-huge -m 16\n"
		"--no-pci'. Stops on SIGINT or SIGTERM.\n");
}

static int monitor_run(int argc, char **argv)
{
	bool json = false, probe = false;
	const char *bind_to = NULL;
	long count = -1;
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (strcmp(argv[i], "--json") == 0) {
			json = true;
		} else if (strcmp(argv[i], "--probe") == 0) {
			probe = true;
		} else if (strcmp(argv[i], "--bind") == 0 && i + 1 < argc) {
			bind_to = argv[++i];
			if (!rte_pci_bind_driver_is_userspace(bind_to))
				return openeal_cmd_fail(
				    OPENEAL_EXIT_USAGE, "monitor",
				    "--bind takes a userspace driver (vfio-pci, igb_uio, "
				    "uio_pci_generic), not '%s'",
				    bind_to);
			probe = true;
		} else if (strcmp(argv[i], "--count") == 0 && i + 1 < argc) {
			char *end;
			errno = 0;
			count = strtol(argv[++i], &end, 10);
			if (errno != 0 || *end != '\0' || end == argv[i] || count < 1)
				return openeal_cmd_fail(OPENEAL_EXIT_USAGE, "monitor",
							"--count needs a positive number, not '%s'",
							argv[i]);
		} else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			usage(stdout);
			return OPENEAL_EXIT_OK;
		} else {
			usage(stderr);
			return openeal_cmd_fail(OPENEAL_EXIT_USAGE, "monitor", "unknown argument '%s'",
						argv[i]);
		}
	}
	char *defaults_probe[] = {"openeal-monitor", "--no-huge", "-m", "64"};
	char *defaults_plain[] = {"openeal-monitor", "--no-huge", "-m", "16", "--no-pci"};
	char **eal_argv;
	int eal_argc;
	if (i < argc) {
		/* argv[i] is "--": it stands for the program name. */
		eal_argv = argv + i;
		eal_argc = argc - i;
		eal_argv[0] = "openeal-monitor";
	} else if (probe) {
		eal_argv = defaults_probe;
		eal_argc = 4;
	} else {
		eal_argv = defaults_plain;
		eal_argc = 5;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (pipe(event_pipe) != 0)
		return openeal_cmd_fail(OPENEAL_EXIT_FAILURE, "monitor", "cannot make a pipe: %s",
					strerror(errno));
	int status = OPENEAL_EXIT_OK;
	if (rte_eal_init(eal_argc, eal_argv) < 0) {
		close(event_pipe[0]);
		close(event_pipe[1]);
		return rte_errno == EINVAL ? OPENEAL_EXIT_USAGE : OPENEAL_EXIT_FAILURE;
	}
	if (rte_dev_uevent_callback_register(on_uevent, NULL) != 0 ||
	    rte_dev_event_monitor_start() != 0 || (probe && rte_dev_hotplug_handle_enable() != 0)) {
		status = openeal_cmd_fail(OPENEAL_EXIT_FAILURE, "monitor",
					  "cannot listen to device events: %s",
					  rte_strerror(rte_errno));
		goto out;
	}
	struct sigaction sa = {.sa_handler = on_signal};
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	fprintf(stderr, "openeal monitor: listening%s\n", probe ? " (--probe)" : "");
	while (!stop_requested && count != 0) {
		struct event_copy c;
		ssize_t n = read(event_pipe[0], &c, sizeof(c));
		if (n < 0 && errno == EINTR)
			continue;
		if (n != (ssize_t)sizeof(c))
			break;
		if ((int)c.action == -1)
			continue;
		char pmds[256], buf[96];
		matching_pmds(&c, pmds, sizeof(pmds));
		const char *result = probe ? maybe_probe(&c, pmds, buf, sizeof(buf)) : NULL;
		if (result == NULL && bind_to != NULL)
			result = maybe_bind(&c, pmds, bind_to, buf, sizeof(buf));
		print_event(&c, pmds, json, result);
		if (count > 0)
			count--;
	}
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
out:
	rte_dev_event_monitor_stop();
	rte_dev_uevent_callback_unregister(on_uevent, NULL);
	if (rte_eal_cleanup() != 0 && status == OPENEAL_EXIT_OK)
		status = openeal_cmd_fail(OPENEAL_EXIT_FAILURE, "monitor", "cleanup failed: %s",
					  rte_strerror(rte_errno));
	close(event_pipe[0]);
	close(event_pipe[1]);
	return status;
}

static struct openeal_cmd monitor_cmd = {
    .name = "monitor",
    .args = "[--json] [--probe]",
    .summary = "Print PCI add/remove/bind/unbind events as they happen; --probe attaches",
    .run = monitor_run,
};
OPENEAL_CMD_REGISTER(monitor_cmd)
