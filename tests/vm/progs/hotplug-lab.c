/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Guest program of the hotplug scenarios (scenarios/hotplug-events.sh, hotplug-surprise.sh,
 * hotplug-cycles.sh). The host hook adds and removes devices over QMP; this program listens
 * with the EAL's device event monitor, as an application does:
 *
 *   hotplug-lab cycles N DRIVER [EAL options]
 *	N times: wait for the ADD event of a device, bind it to DRIVER, rte_dev_probe it (print
 *	"HP-PROBED i" for the hook, which then device_dels it), wait for the REMOVE event and
 *	rte_dev_remove it from this thread. Checks each event came once, each probe worked, each
 *	remove ran once, and that fds, threads, mappings and RSS did not grow from cycle 10 to N.
 *	Prints the time from the ADD event to the end of the probe, and from the REMOVE event to
 *	the end of the removal.
 *   hotplug-lab surprise BDF [EAL options]
 *	BDF is probed by net_e1000 (-a BDF). Reads its BAR 0 STATUS register in a loop from the
 *	main thread while the host removes the device, with hotplug handling enabled: the process
 *	must survive, read 0xffffffff after the REMOVE event, and detach the device once.
 *   hotplug-lab events N [EAL options with --hotplug-bind DRIVER]
 *	The policy's view: N devices arrive (the hook device_adds them once it reads HP-READY),
 *	and for each the ADD event must come once with the device already on DRIVER and probed
 *	(HP-ADDED name pmd). Then a child process forges a "remove" uevent for each (HP-FORGED
 *	once nothing changed 2 s later), the hook device_dels them, and each REMOVE event must
 *	come once; the program detaches the device (rte_dev_remove, as an application that
 *	listens must): each driver's remove() runs once (counted by wrapping the PMDs'
 *	remove), and rte_eal_cleanup runs none again.
 *   hotplug-lab reprobe N BDF [EAL options]
 *	No hotplug: BDF is already on its userspace driver (not probed at init: -b BDF). N
 *	times rte_dev_probe then rte_dev_remove it; each must work, and the fds, threads,
 *	mappings and RSS must be the same at cycle 10 and N. Prints the time per cycle.
 *   hotplug-lab forge BDF...
 *	Send a kernel-looking "remove" event for each BDF as a user-space process would forge
 *	it: to every uevent listener's netlink port (any process may) and, as root, to the
 *	kernel's uevent group. A monitor must take neither.
 */
#include <errno.h>
#include <libgen.h>
#include <sys/wait.h>
#include <linux/netlink.h>
#include <sys/socket.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <bus_pci_driver.h>
#include <rte_alarm.h>
#include <rte_bus.h>
#include <rte_bus_pci.h>
#include <rte_dev.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_pci_bind.h>

#include "lab_util.h"

#define E1000_STATUS 0x0008

struct event {
	char name[64];
	enum rte_dev_event_type type;
	double at_ms;
};

/* Events the interrupt thread reported, consumed by the main thread. */
#define QUEUE_LEN 64
static struct event queue[QUEUE_LEN];
static atomic_uint q_head, q_tail;
static sem_t q_items;
static atomic_int adds, removes;

static void on_event(const char *name, enum rte_dev_event_type type, void *arg)
{
	(void)arg;
	unsigned int i = atomic_fetch_add(&q_tail, 1) % QUEUE_LEN;
	snprintf(queue[i].name, sizeof(queue[i].name), "%s", name);
	queue[i].type = type;
	queue[i].at_ms = now_ms();
	atomic_fetch_add(type == RTE_DEV_EVENT_ADD ? &adds : &removes, 1);
	sem_post(&q_items);
}

/* The next event within timeout_s, or false. */
static bool next_event(struct event *ev, int timeout_s)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += timeout_s;
	while (sem_timedwait(&q_items, &ts) != 0)
		if (errno != EINTR)
			return false;
	*ev = queue[atomic_fetch_add(&q_head, 1) % QUEUE_LEN];
	return true;
}

static int dev_has_name(const struct rte_device *dev, const void *name)
{
	return strcmp(dev->name, name);
}

static struct rte_device *find_pci(const char *name)
{
	struct rte_bus *bus = rte_bus_find_by_name("pci");
	return bus != NULL ? bus->find_device(NULL, dev_has_name, name) : NULL;
}

struct usage {
	int fds, threads, maps;
	long rss_kb;
	char fd_list[1024]; /* "3:/dev/vfio/vfio 4:anon_inode:[eventfd] ...", to name a leak */
};

static void list_fds(char *out, size_t len)
{
	char path[64], target[128];
	size_t used = 0;
	out[0] = '\0';
	for (int fd = 0; fd < 256 && used < len; fd++) {
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		ssize_t n = readlink(path, target, sizeof(target) - 1);
		if (n <= 0)
			continue;
		target[n] = '\0';
		int w = snprintf(out + used, len - used, "%s%d:%s", used ? " " : "", fd, target);
		if (w < 0)
			break;
		used += (size_t)w;
	}
}

static int count_lines(const char *path)
{
	FILE *f = fopen(path, "r");
	int n = 0, c;
	if (f == NULL)
		return -1;
	while ((c = fgetc(f)) != EOF)
		n += c == '\n';
	fclose(f);
	return n;
}

static long status_field(const char *key)
{
	char line[256];
	long v = -1;
	FILE *f = fopen("/proc/self/status", "r");
	while (f != NULL && fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, key, strlen(key)) == 0)
			v = atol(line + strlen(key));
	if (f != NULL)
		fclose(f);
	return v;
}

static struct usage usage_now(void)
{
	struct usage u = {
	    .fds = count_fds(),
	    .threads = (int)status_field("Threads:"),
	    .maps = count_lines("/proc/self/maps"),
	    .rss_kb = status_field("VmRSS:"),
	};
	list_fds(u.fd_list, sizeof(u.fd_list));
	return u;
}

/* The process's resources at cycle 10 and at cycle n must be the same. */
static void check_no_growth(const struct usage *at10, const struct usage *atn, int n)
{
	printf("usage at cycle 10: fds %d threads %d maps %d rss %ld kB; at cycle %d: fds %d "
	       "threads %d maps %d rss %ld kB\n",
	       at10->fds, at10->threads, at10->maps, at10->rss_kb, n, atn->fds, atn->threads,
	       atn->maps, atn->rss_kb);
	check(atn->fds == at10->fds, "no fd growth (%d -> %d)", at10->fds, atn->fds);
	if (atn->fds != at10->fds)
		printf("fds at cycle 10: %s\nfds at cycle %d: %s\n", at10->fd_list, n,
		       atn->fd_list);
	check(atn->threads == at10->threads, "no thread growth (%d -> %d)", at10->threads,
	      atn->threads);
	check(atn->maps <= at10->maps, "no mapping growth (%d -> %d)", at10->maps, atn->maps);
	/* The heap settles; 256 kB is a few malloc arenas' noise, not a per-cycle leak (that
	 * would be hundreds of cycles' worth of it). */
	check(atn->rss_kb <= at10->rss_kb + 256, "no RSS growth (%ld -> %ld kB)", at10->rss_kb,
	      atn->rss_kb);
}

static int init_eal(int argc, char **argv)
{
	sem_init(&q_items, 0, 0);
	int ret = rte_eal_init(argc, argv);
	check(ret >= 0, "rte_eal_init: %d (%s)", ret, ret < 0 ? rte_strerror(rte_errno) : "ok");
	if (ret < 0)
		return -1;
	check(rte_dev_event_callback_register(NULL, on_event, NULL) == 0,
	      "REMOVE/ADD callback registered for every device");
	check(rte_dev_event_monitor_start() == 0, "device event monitor started");
	check(rte_dev_hotplug_handle_enable() == 0, "hotplug handling enabled");
	return 0;
}

static void fini_eal(void)
{
	check(rte_dev_event_callback_unregister(NULL, on_event, NULL) == 1,
	      "callback unregistered");
	check(rte_dev_hotplug_handle_disable() == 0, "hotplug handling disabled");
	check(rte_dev_event_monitor_stop() == 0, "monitor stopped");
	check(rte_eal_cleanup() == 0, "rte_eal_cleanup");
}

/* Bind to driver, retrying while the kernel does not yet let drivers match the new device. */
static int bind_new(const char *name, const char *driver)
{
	for (int i = 0; i < 100; i++) {
		if (rte_pci_bind(name, driver, 0) == 0)
			return 0;
		usleep(20000);
	}
	return -1;
}

static void no_alarm(void *arg)
{
	(void)arg;
}

static int mode_cycles(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: hotplug-lab cycles N DRIVER [EAL options]\n");
		return 2;
	}
	int n = atoi(argv[1]);
	const char *driver = argv[2];
	argv[2] = argv[0];
	if (init_eal(argc - 2, argv + 2) != 0)
		return 1;
	/* The EAL creates its alarm timerfd at the first alarm and keeps it until cleanup. The
	 * monitor sets one only when a removal finds the hotplug lock held (by this thread's
	 * rte_dev_remove), which may first happen after cycle 10: make it exist now, so that
	 * a new fd later can only be a leak. */
	check(rte_eal_alarm_set(60 * 1000000, no_alarm, NULL) == 0 &&
		  rte_eal_alarm_cancel(no_alarm, NULL) == 1,
	      "the alarm timer exists");
	static struct usage at10, atn;
	double add_probe_min = 1e9, add_probe_max = 0, rm_min = 1e9, rm_max = 0;
	int ok_cycles = 0;

	printf("HP-READY\n");
	fflush(stdout);
	for (int i = 1; i <= n; i++) {
		struct event ev;
		if (!next_event(&ev, 60) || ev.type != RTE_DEV_EVENT_ADD) {
			check(false, "cycle %d: an ADD event within 60 s", i);
			break;
		}
		char name[64];
		snprintf(name, sizeof(name), "%s", ev.name);
		if (bind_new(name, driver) != 0) {
			check(false, "cycle %d: bind %s to %s: %s", i, name, driver,
			      rte_strerror(rte_errno));
			break;
		}
		int ret = rte_dev_probe(name);
		double probed = now_ms();
		struct rte_device *dev = find_pci(name);
		if (ret != 0 || !rte_dev_is_probed(dev)) {
			check(false, "cycle %d: rte_dev_probe(%s): %s", i, name,
			      rte_strerror(-ret));
			break;
		}
		add_probe_min = RTE_MIN(add_probe_min, probed - ev.at_ms);
		add_probe_max = RTE_MAX(add_probe_max, probed - ev.at_ms);
		printf("HP-PROBED %d %s %s\n", i, name, rte_driver_name(rte_dev_driver(dev)));
		fflush(stdout);
		if (!next_event(&ev, 60) || ev.type != RTE_DEV_EVENT_REMOVE ||
		    strcmp(ev.name, name) != 0) {
			check(false, "cycle %d: a REMOVE event for %s within 60 s", i, name);
			break;
		}
		/* The application detaches (the EAL leaves it to an application that listens). */
		dev = find_pci(name);
		ret = rte_dev_remove(dev);
		double removed = now_ms();
		if (ret != 0) {
			check(false, "cycle %d: rte_dev_remove(%s): %s", i, name,
			      rte_strerror(-ret));
			break;
		}
		rm_min = RTE_MIN(rm_min, removed - ev.at_ms);
		rm_max = RTE_MAX(rm_max, removed - ev.at_ms);
		ok_cycles++;
		if (i == 10)
			at10 = usage_now();
		printf("HP-REMOVED %d %s\n", i, name);
		fflush(stdout);
	}
	atn = usage_now();
	check(ok_cycles == n, "%d of %d add/probe/remove cycles", ok_cycles, n);
	check(atomic_load(&adds) == n && atomic_load(&removes) == n,
	      "each event once: %d ADD, %d REMOVE for %d cycles", atomic_load(&adds),
	      atomic_load(&removes), n);
	printf("figure: ADD event -> probed: %.1f-%.1f ms; REMOVE event -> removed: %.1f-%.1f ms\n",
	       add_probe_min, add_probe_max, rm_min, rm_max);
	if (n >= 20 && ok_cycles == n)
		check_no_growth(&at10, &atn, n);
	fini_eal();
	return checks_failed == 0 ? 0 : 1;
}

static int mode_reprobe(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: hotplug-lab reprobe N BDF [EAL options]\n");
		return 2;
	}
	int n = atoi(argv[1]);
	const char *bdf = argv[2];
	argv[2] = argv[0];
	int ret = rte_eal_init(argc - 2, argv + 2);
	check(ret >= 0, "rte_eal_init: %d (%s)", ret, ret < 0 ? rte_strerror(rte_errno) : "ok");
	if (ret < 0)
		return 1;
	static struct usage at10, atn;
	double t0 = now_ms(), t10 = t0;
	int ok = 0;
	for (int i = 1; i <= n; i++) {
		ret = rte_dev_probe(bdf);
		struct rte_device *dev = find_pci(bdf);
		if (ret != 0 || !rte_dev_is_probed(dev)) {
			check(false, "cycle %d: rte_dev_probe(%s): %s", i, bdf, rte_strerror(-ret));
			break;
		}
		ret = rte_dev_remove(dev);
		if (ret != 0) {
			check(false, "cycle %d: rte_dev_remove(%s): %s", i, bdf,
			      rte_strerror(-ret));
			break;
		}
		ok++;
		if (i == 10) {
			at10 = usage_now();
			t10 = now_ms();
		}
	}
	atn = usage_now();
	check(ok == n, "%d of %d probe/remove cycles of %s", ok, n, bdf);
	if (ok == n && n > 10) {
		printf("figure: %s: %.2f ms per probe+remove (cycles 11-%d)\n", bdf,
		       (now_ms() - t10) / (n - 10), n);
		check_no_growth(&at10, &atn, n);
	}
	check(rte_eal_cleanup() == 0, "rte_eal_cleanup");
	return checks_failed == 0 ? 0 : 1;
}

static int mode_surprise(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: hotplug-lab surprise BDF [EAL options]\n");
		return 2;
	}
	const char *bdf = argv[1];
	argv[1] = argv[0];
	if (init_eal(argc - 1, argv + 1) != 0)
		return 1;
	struct rte_device *dev = find_pci(bdf);
	check(rte_dev_is_probed(dev), "%s probed by %s", bdf,
	      dev != NULL && rte_dev_is_probed(dev) ? rte_driver_name(rte_dev_driver(dev)) : "-");
	if (!rte_dev_is_probed(dev)) {
		fini_eal();
		return 1;
	}
	const struct rte_pci_device *pdev = RTE_DEV_TO_PCI_CONST(dev);
	volatile const uint32_t *status =
	    (volatile const uint32_t *)((const char *)pdev->mem_resource[0].addr + E1000_STATUS);
	uint32_t before = *status;
	check(before != 0xffffffff, "STATUS reads 0x%08x before the removal", before);
	printf("HP-READY\n");
	fflush(stdout);

	struct event ev;
	unsigned long reads = 0;
	uint32_t last = before;
	bool got = false;
	double deadline = now_ms() + 60000;
	/* The PMD's view: keep reading the register until the REMOVE event arrives. */
	while (now_ms() < deadline) {
		last = *status;
		reads++;
		if (sem_trywait(&q_items) == 0) {
			ev = queue[atomic_fetch_add(&q_head, 1) % QUEUE_LEN];
			got = true;
			break;
		}
	}
	check(got && ev.type == RTE_DEV_EVENT_REMOVE && strcmp(ev.name, bdf) == 0,
	      "REMOVE event for %s after %lu reads", bdf, reads);
	uint32_t after = 0;
	for (int i = 0; i < 1000; i++)
		after = *status;
	printf("figure: last read before the event 0x%08x, after it 0x%08x\n", last, after);
	check(after == 0xffffffff, "STATUS reads 0x%08x after the removal (all-ones)", after);
	check(rte_dev_is_probed(find_pci(bdf)), "still probed until the application detaches");
	check(rte_dev_remove(find_pci(bdf)) == 0, "rte_dev_remove of the removed device");
	check(find_pci(bdf) == NULL || !rte_dev_is_probed(find_pci(bdf)), "detached once");
	fini_eal();
	return checks_failed == 0 ? 0 : 1;
}

/* The netlink ports of this host's uevent listeners (/proc/net/netlink, protocol 15). */
static int uevent_ports(unsigned int *ports, int max)
{
	char line[256];
	int n = 0;
	FILE *f = fopen("/proc/net/netlink", "r");
	while (f != NULL && n < max && fgets(line, sizeof(line), f) != NULL) {
		unsigned long sk;
		int proto;
		unsigned int port;
		if (sscanf(line, "%lx %d %u", &sk, &proto, &port) == 3 &&
		    proto == NETLINK_KOBJECT_UEVENT && port != 0)
			ports[n++] = port;
	}
	if (f != NULL)
		fclose(f);
	return n;
}

static void forge_remove(int s, const char *bdf)
{
	char msg[1024];
	int len = snprintf(msg, sizeof(msg),
			   "remove@/devices/pci0000:00/0000:00:10.0/%s%cACTION=remove%c"
			   "DEVPATH=/devices/pci0000:00/0000:00:10.0/%s%cSUBSYSTEM=pci%c"
			   "PCI_SLOT_NAME=%s%cPCI_ID=8086:10D3%cSEQNUM=424242",
			   bdf, 0, 0, bdf, 0, 0, bdf, 0, 0);
	unsigned int ports[16];
	int nports = uevent_ports(ports, 16);
	check(nports > 0, "%d uevent listeners to forge to", nports);
	for (int i = 0; i < nports; i++) {
		struct sockaddr_nl to = {.nl_family = AF_NETLINK, .nl_pid = ports[i]};
		ssize_t n = sendto(s, msg, (size_t)len + 1, 0, (struct sockaddr *)&to, sizeof(to));
		check(n == len + 1, "forged remove of %s sent to port %u: %s", bdf, ports[i],
		      n < 0 ? strerror(errno) : "sent");
	}
	struct sockaddr_nl group = {.nl_family = AF_NETLINK, .nl_groups = 1};
	ssize_t n = sendto(s, msg, (size_t)len + 1, 0, (struct sockaddr *)&group, sizeof(group));
	check(n == len + 1, "forged remove of %s sent to the kernel's uevent group: %s", bdf,
	      n < 0 ? strerror(errno) : "sent");
}

static int mode_forge(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: hotplug-lab forge BDF...\n");
		return 2;
	}
	int s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_KOBJECT_UEVENT);
	struct sockaddr_nl me = {.nl_family = AF_NETLINK};
	check(s >= 0 && bind(s, (struct sockaddr *)&me, sizeof(me)) == 0, "forger's socket");
	for (int i = 1; i < argc; i++)
		forge_remove(s, argv[i]);
	close(s);
	return checks_failed == 0 ? 0 : 1;
}

/* Each PMD's remove(), wrapped to count the calls per device. */
#define MAX_WRAPPED 8
#define MAX_SEEN 8
static struct {
	const struct rte_pci_driver *drv;
	rte_pci_remove_t *remove;
} wrapped[MAX_WRAPPED];
static struct {
	char name[64];
	atomic_int removes;
} seen[MAX_SEEN];

static atomic_int *remove_count(const char *name)
{
	for (int i = 0; i < MAX_SEEN; i++) {
		if (strcmp(seen[i].name, name) == 0)
			return &seen[i].removes;
		if (seen[i].name[0] == '\0') {
			snprintf(seen[i].name, sizeof(seen[i].name), "%s", name);
			return &seen[i].removes;
		}
	}
	return NULL;
}

static int counted_remove(struct rte_pci_device *dev)
{
	atomic_int *count = remove_count(dev->device.name);
	if (count != NULL)
		atomic_fetch_add(count, 1);
	for (int i = 0; i < MAX_WRAPPED; i++)
		if (wrapped[i].drv == dev->driver)
			return wrapped[i].remove(dev);
	return -ENOENT;
}

static void wrap_removes(void)
{
	int i = 0;
	for (const struct rte_pci_driver *drv = rte_pci_driver_next(NULL);
	     drv != NULL && i < MAX_WRAPPED; drv = rte_pci_driver_next(drv), i++) {
		/* A test's liberty: the drivers are the PMD libraries' own writable structs. */
		struct rte_pci_driver *w = (struct rte_pci_driver *)(uintptr_t)drv;
		wrapped[i].drv = drv;
		wrapped[i].remove = w->remove;
		w->remove = counted_remove;
	}
}

/* The device's kernel driver, from sysfs. */
static const char *kernel_driver(const char *name, char *buf, size_t len)
{
	char path[128], target[256];
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/driver", name);
	ssize_t n = readlink(path, target, sizeof(target) - 1);
	if (n <= 0)
		return "none";
	target[n] = '\0';
	snprintf(buf, len, "%s", basename(target));
	return buf;
}

static int mode_events(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: hotplug-lab events N [EAL options]\n");
		return 2;
	}
	int n = atoi(argv[1]);
	const char *bind_to = NULL;
	for (int i = 2; i + 1 < argc; i++)
		if (strcmp(argv[i], "--hotplug-bind") == 0)
			bind_to = argv[i + 1];
	if (n < 1 || n > MAX_SEEN || bind_to == NULL) {
		fprintf(stderr, "hotplug-lab events: N in 1..%d and --hotplug-bind DRIVER\n",
			MAX_SEEN);
		return 2;
	}
	argv[1] = argv[0];
	wrap_removes();
	if (init_eal(argc - 1, argv + 1) != 0)
		return 1;
	printf("HP-READY %s\n", bind_to);

	char names[MAX_SEEN][64];
	int added = 0;
	for (; added < n; added++) {
		struct event ev;
		if (!next_event(&ev, 60) || ev.type != RTE_DEV_EVENT_ADD) {
			check(false, "ADD event %d of %d within 60 s", added + 1, n);
			break;
		}
		snprintf(names[added], sizeof(names[added]), "%s", ev.name);
		struct rte_device *dev = find_pci(ev.name);
		char kdrv[64];
		check(rte_dev_is_probed(dev), "%s probed when its ADD event came", ev.name);
		check(strcmp(kernel_driver(ev.name, kdrv, sizeof(kdrv)), bind_to) == 0,
		      "%s on %s (the option's driver) when its ADD event came", ev.name, kdrv);
		printf("HP-ADDED %s %s %s\n", bind_to, ev.name,
		       rte_dev_is_probed(dev) ? rte_driver_name(rte_dev_driver(dev)) : "-");
	}
	if (added < n) {
		fini_eal();
		return 1;
	}

	/* A forger in another process: nothing may change. */
	pid_t child = fork();
	if (child == 0) {
		char *fargv[MAX_SEEN + 2] = {"forge"};
		for (int i = 0; i < n; i++)
			fargv[i + 1] = names[i];
		_exit(mode_forge(n + 1, fargv));
	}
	int wstatus = -1;
	check(child > 0 && waitpid(child, &wstatus, 0) == child && WIFEXITED(wstatus) &&
		  WEXITSTATUS(wstatus) == 0,
	      "forger sent its remove events");
	usleep(2000000);
	check(atomic_load(&removes) == 0, "no REMOVE event from forged uevents (%d)",
	      atomic_load(&removes));
	for (int i = 0; i < n; i++)
		check(rte_dev_is_probed(find_pci(names[i])), "%s still probed after the forgery",
		      names[i]);
	printf("HP-FORGED %s\n", bind_to);

	for (int i = 0; i < n; i++) {
		struct event ev;
		if (!next_event(&ev, 60) || ev.type != RTE_DEV_EVENT_REMOVE) {
			check(false, "REMOVE event %d of %d within 60 s", i + 1, n);
			break;
		}
		/* An application that takes REMOVE events detaches the device itself (DPDK's
		 * rule: the EAL does it only for devices nobody listens to). */
		double t0 = now_ms();
		int ret = rte_dev_remove(find_pci(ev.name));
		atomic_int *count = remove_count(ev.name);
		check(ret == 0 && !rte_dev_is_probed(find_pci(ev.name)) && count != NULL &&
			  atomic_load(count) == 1,
		      "%s detached (%d), its driver's remove ran %d time(s), in %.1f ms", ev.name,
		      ret, count != NULL ? atomic_load(count) : -1, now_ms() - t0);
		printf("HP-REMOVED %s %s\n", bind_to, ev.name);
	}
	check(atomic_load(&adds) == n && atomic_load(&removes) == n,
	      "each event once: %d ADD, %d REMOVE for %d devices", atomic_load(&adds),
	      atomic_load(&removes), n);
	fini_eal();
	for (int i = 0; i < n; i++) {
		atomic_int *count = remove_count(names[i]);
		check(count != NULL && atomic_load(count) == 1,
		      "%s: remove ran once in all, cleanup included (%d)", names[i],
		      count != NULL ? atomic_load(count) : -1);
	}
	return checks_failed == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: hotplug-lab cycles|surprise|events|reprobe|forge ...\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (strcmp(argv[1], "cycles") == 0)
		return mode_cycles(argc - 1, argv + 1);
	if (strcmp(argv[1], "surprise") == 0)
		return mode_surprise(argc - 1, argv + 1);
	if (strcmp(argv[1], "reprobe") == 0)
		return mode_reprobe(argc - 1, argv + 1);
	if (strcmp(argv[1], "events") == 0)
		return mode_events(argc - 1, argv + 1);
	if (strcmp(argv[1], "forge") == 0)
		return mode_forge(argc - 1, argv + 1);
	fprintf(stderr, "hotplug-lab: unknown mode %s\n", argv[1]);
	return 2;
}
