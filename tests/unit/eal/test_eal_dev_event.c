/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Device events: the callback list (DPDK's rules, and unregistering from inside a callback or
 * while another thread runs it), the set of present devices and its resync, and the monitor's
 * socket refusing a message that does not come from the kernel. The kernel's own events are
 * proven in the VM lab (tests/vm/scenarios/hotplug-events.sh).
 */

#include <CUnit/Basic.h>
#include <dirent.h>
#include <errno.h>
#include <linux/netlink.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <rte_dev.h>
#include <rte_eal.h>
#include <rte_errno.h>

#include "eal_dev_event.h"
#include "eal_dev_presence.h"
#include "test_util.h"

#define NAME_A "0000:01:00.0"
#define NAME_B "0000:02:00.0"

struct seen {
	atomic_int calls;
	char last_name[64];
	enum rte_dev_event_type last_event;
	int order[8];
	atomic_int n_order;
};
static struct seen seen;

static void record(const char *name, enum rte_dev_event_type ev, int tag)
{
	int i = atomic_fetch_add(&seen.calls, 1);
	snprintf(seen.last_name, sizeof(seen.last_name), "%s", name);
	seen.last_event = ev;
	if (i < 8)
		seen.order[i] = tag;
}

static void cb_one(const char *name, enum rte_dev_event_type ev, void *arg)
{
	record(name, ev, (int)(intptr_t)arg);
}

static void cb_two(const char *name, enum rte_dev_event_type ev, void *arg)
{
	record(name, ev, 100 + (int)(intptr_t)arg);
}

static void reset(void)
{
	memset(&seen, 0, sizeof(seen));
	eal_dev_event_callbacks_free();
}

static void test_register_rules(void)
{
	reset();
	CU_ASSERT_EQUAL(rte_dev_event_callback_register(NULL, NULL, NULL), -EINVAL);
	CU_ASSERT_EQUAL(rte_dev_event_callback_register(NAME_A, cb_one, (void *)1), 0);
	CU_ASSERT_EQUAL(rte_dev_event_callback_register(NAME_A, cb_one, (void *)1), -EEXIST);
	CU_ASSERT_EQUAL(rte_errno, EEXIST);
	/* Another arg, another name, or every device: distinct registrations. */
	CU_ASSERT_EQUAL(rte_dev_event_callback_register(NAME_A, cb_one, (void *)2), 0);
	CU_ASSERT_EQUAL(rte_dev_event_callback_register(NAME_B, cb_one, (void *)1), 0);
	CU_ASSERT_EQUAL(rte_dev_event_callback_register(NULL, cb_one, (void *)1), 0);

	/* Unlike DPDK's loop, a name selects only its own callbacks, and NULL only the
	 * every-device ones. */
	CU_ASSERT_EQUAL(rte_dev_event_callback_unregister(NAME_A, cb_two, (void *)-1), -ENOENT);
	CU_ASSERT_EQUAL(rte_dev_event_callback_unregister(NAME_A, cb_one, (void *)-1), 2);
	CU_ASSERT_EQUAL(rte_dev_event_callback_unregister(NAME_A, cb_one, (void *)-1), -ENOENT);
	CU_ASSERT_EQUAL(rte_dev_event_callback_unregister(NULL, cb_one, (void *)1), 1);
	CU_ASSERT_EQUAL(rte_dev_event_callback_unregister(NAME_B, cb_one, (void *)2), -ENOENT);
	CU_ASSERT_EQUAL(rte_dev_event_callback_unregister(NAME_B, cb_one, (void *)1), 1);
	CU_ASSERT_EQUAL(rte_dev_event_callback_unregister(NAME_B, NULL, NULL), -EINVAL);
}

static void test_process_selects_and_orders(void)
{
	reset();
	CU_ASSERT_EQUAL(rte_dev_event_callback_register(NAME_A, cb_one, (void *)1), 0);
	CU_ASSERT_EQUAL(rte_dev_event_callback_register(NULL, cb_two, (void *)2), 0);
	CU_ASSERT_EQUAL(rte_dev_event_callback_register(NAME_B, cb_one, (void *)3), 0);

	rte_dev_event_callback_process(NAME_A, RTE_DEV_EVENT_REMOVE);
	CU_ASSERT_EQUAL(atomic_load(&seen.calls), 2);
	CU_ASSERT_EQUAL(seen.order[0], 1);
	CU_ASSERT_EQUAL(seen.order[1], 102);
	CU_ASSERT_STRING_EQUAL(seen.last_name, NAME_A);
	CU_ASSERT_EQUAL(seen.last_event, RTE_DEV_EVENT_REMOVE);
	CU_ASSERT_TRUE(eal_dev_event_has_callback(NAME_B));

	/* Out-of-range events and NULL names reach nobody. */
	rte_dev_event_callback_process(NAME_A, RTE_DEV_EVENT_MAX);
	rte_dev_event_callback_process(NULL, RTE_DEV_EVENT_ADD);
	CU_ASSERT_EQUAL(atomic_load(&seen.calls), 2);
	reset();
	CU_ASSERT_FALSE(eal_dev_event_has_callback(NAME_B));
}

static int self_unregister_result;
static void cb_unregisters_itself(const char *name, enum rte_dev_event_type ev, void *arg)
{
	record(name, ev, 7);
	self_unregister_result = rte_dev_event_callback_unregister(NULL, cb_unregisters_itself, arg);
}

static void cb_unregisters_next(const char *name, enum rte_dev_event_type ev, void *arg)
{
	record(name, ev, 8);
	self_unregister_result = rte_dev_event_callback_unregister(NULL, cb_two, arg);
}

/* DPDK returns -EAGAIN here; openeal removes the callback at once. */
static void test_unregister_from_inside(void)
{
	reset();
	CU_ASSERT_EQUAL(rte_dev_event_callback_register(NULL, cb_unregisters_itself, NULL), 0);
	rte_dev_event_callback_process(NAME_A, RTE_DEV_EVENT_ADD);
	CU_ASSERT_EQUAL(self_unregister_result, 1);
	rte_dev_event_callback_process(NAME_A, RTE_DEV_EVENT_ADD);
	CU_ASSERT_EQUAL(atomic_load(&seen.calls), 1);

	/* A later callback removed by an earlier one in the same dispatch is not called. */
	reset();
	CU_ASSERT_EQUAL(rte_dev_event_callback_register(NULL, cb_unregisters_next, NULL), 0);
	CU_ASSERT_EQUAL(rte_dev_event_callback_register(NULL, cb_two, NULL), 0);
	rte_dev_event_callback_process(NAME_B, RTE_DEV_EVENT_ADD);
	CU_ASSERT_EQUAL(self_unregister_result, 1);
	CU_ASSERT_EQUAL(atomic_load(&seen.calls), 1);
	CU_ASSERT_EQUAL(seen.order[0], 8);
	reset();
}

static atomic_int slow_inside, slow_release, slow_returned;
static void cb_slow(const char *name, enum rte_dev_event_type ev, void *arg)
{
	RTE_SET_USED(name);
	RTE_SET_USED(ev);
	RTE_SET_USED(arg);
	atomic_store(&slow_inside, 1);
	while (!atomic_load(&slow_release))
		usleep(1000);
	usleep(20000);
	atomic_store(&slow_returned, 1);
}

static void *dispatcher(void *arg)
{
	RTE_SET_USED(arg);
	rte_dev_event_callback_process(NAME_A, RTE_DEV_EVENT_REMOVE);
	return NULL;
}

static void *releaser(void *arg)
{
	RTE_SET_USED(arg);
	usleep(50000);
	atomic_store(&slow_release, 1);
	return NULL;
}

/* Unregistering a callback another thread is running waits for it to return. */
static void test_unregister_waits_for_other_thread(void)
{
	pthread_t d, r;

	reset();
	CU_ASSERT_EQUAL(rte_dev_event_callback_register(NAME_A, cb_slow, NULL), 0);
	CU_ASSERT_EQUAL(pthread_create(&d, NULL, dispatcher, NULL), 0);
	for (int i = 0; i < 5000 && !atomic_load(&slow_inside); i++)
		usleep(1000);
	CU_ASSERT_EQUAL(atomic_load(&slow_inside), 1);
	CU_ASSERT_EQUAL(pthread_create(&r, NULL, releaser, NULL), 0);
	CU_ASSERT_EQUAL(rte_dev_event_callback_unregister(NAME_A, cb_slow, NULL), 1);
	/* On return the call has finished, not merely been told to. */
	CU_ASSERT_EQUAL(atomic_load(&slow_returned), 1);
	pthread_join(d, NULL);
	pthread_join(r, NULL);
	rte_dev_event_callback_process(NAME_A, RTE_DEV_EVENT_REMOVE);
	CU_ASSERT_FALSE(eal_dev_event_has_callback(NAME_A));
}

/* ---- the present set ---- */

struct emitted {
	char names[16][EAL_DEV_PRESENCE_NAME_MAX];
	bool added[16];
	int n;
};

static void emit(const char *name, bool added, void *arg)
{
	struct emitted *e = arg;
	if (e->n < 16) {
		snprintf(e->names[e->n], sizeof(e->names[0]), "%s", name);
		e->added[e->n] = added;
	}
	e->n++;
}

static void test_presence_set(void)
{
	struct eal_dev_presence p = {0};
	char longname[EAL_DEV_PRESENCE_NAME_MAX + 1];

	CU_ASSERT_EQUAL(eal_dev_presence_add(&p, NAME_B), 1);
	CU_ASSERT_EQUAL(eal_dev_presence_add(&p, NAME_A), 1);
	CU_ASSERT_EQUAL(eal_dev_presence_add(&p, NAME_B), 0);
	CU_ASSERT_EQUAL(p.nb, 2);
	CU_ASSERT_STRING_EQUAL(p.names[0], NAME_A);
	CU_ASSERT_TRUE(eal_dev_presence_has(&p, NAME_B));
	CU_ASSERT_EQUAL(eal_dev_presence_remove(&p, NAME_B), 1);
	CU_ASSERT_EQUAL(eal_dev_presence_remove(&p, NAME_B), 0);
	CU_ASSERT_FALSE(eal_dev_presence_has(&p, NAME_B));
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	CU_ASSERT_EQUAL(eal_dev_presence_add(&p, longname), -EINVAL);
	CU_ASSERT_EQUAL(eal_dev_presence_add(&p, ""), -EINVAL);
	/* Growth past the first allocation keeps the order. */
	for (int i = 300; i > 0; i--) {
		char n[16];
		snprintf(n, sizeof(n), "0000:%02x:%02x.0", 0x10 + i / 32, i % 32);
		CU_ASSERT_EQUAL(eal_dev_presence_add(&p, n), 1);
	}
	for (size_t i = 1; i < p.nb; i++)
		CU_ASSERT_TRUE(strcmp(p.names[i - 1], p.names[i]) < 0);
	eal_dev_presence_clear(&p);
	CU_ASSERT_EQUAL(p.nb, 0);
}

/* After lost events: removals, then additions, each in name order; duplicates ignored. */
static void test_presence_reconcile(void)
{
	struct eal_dev_presence p = {0};
	struct emitted e = {0};
	const char *now[] = {"0000:00:04.0", "0000:00:01.0", "0000:00:05.0", "0000:00:04.0"};

	eal_dev_presence_add(&p, "0000:00:01.0");
	eal_dev_presence_add(&p, "0000:00:02.0");
	eal_dev_presence_add(&p, "0000:00:03.0");
	CU_ASSERT_EQUAL(eal_dev_presence_reconcile(&p, now, 4, emit, &e), 0);
	CU_ASSERT_EQUAL(e.n, 4);
	CU_ASSERT_STRING_EQUAL(e.names[0], "0000:00:02.0");
	CU_ASSERT_FALSE(e.added[0]);
	CU_ASSERT_STRING_EQUAL(e.names[1], "0000:00:03.0");
	CU_ASSERT_FALSE(e.added[1]);
	CU_ASSERT_STRING_EQUAL(e.names[2], "0000:00:04.0");
	CU_ASSERT_TRUE(e.added[2]);
	CU_ASSERT_STRING_EQUAL(e.names[3], "0000:00:05.0");
	CU_ASSERT_TRUE(e.added[3]);
	CU_ASSERT_EQUAL(p.nb, 3);
	CU_ASSERT_TRUE(eal_dev_presence_has(&p, "0000:00:04.0"));
	CU_ASSERT_FALSE(eal_dev_presence_has(&p, "0000:00:02.0"));

	/* Nothing changed: nothing emitted. A bad name: nothing changes at all. */
	memset(&e, 0, sizeof(e));
	CU_ASSERT_EQUAL(eal_dev_presence_reconcile(&p, now, 4, emit, &e), 0);
	CU_ASSERT_EQUAL(e.n, 0);
	const char *bad[] = {"0000:00:09.0", ""};
	CU_ASSERT_EQUAL(eal_dev_presence_reconcile(&p, bad, 2, emit, &e), -EINVAL);
	CU_ASSERT_EQUAL(e.n, 0);
	CU_ASSERT_EQUAL(p.nb, 3);
	/* Everything gone. */
	CU_ASSERT_EQUAL(eal_dev_presence_reconcile(&p, NULL, 0, emit, &e), 0);
	CU_ASSERT_EQUAL(e.n, 3);
	CU_ASSERT_EQUAL(p.nb, 0);
	eal_dev_presence_clear(&p);
}

/* ---- the monitor's socket ---- */

/* The monitor's uevent socket, found among this process's fds, and its netlink port. */
static int monitor_port(unsigned int *port)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int found = -1;

	while (d != NULL && (e = readdir(d)) != NULL) {
		int fd = atoi(e->d_name);
		int proto = -1;
		socklen_t len = sizeof(proto);
		struct sockaddr_nl sa;
		socklen_t salen = sizeof(sa);
		if (e->d_name[0] == '.' ||
		    getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &proto, &len) != 0 ||
		    proto != NETLINK_KOBJECT_UEVENT ||
		    getsockname(fd, (struct sockaddr *)&sa, &salen) != 0 || sa.nl_family != AF_NETLINK)
			continue;
		*port = sa.nl_pid;
		found = fd;
	}
	if (d != NULL)
		closedir(d);
	return found;
}

static void cb_count(const char *name, enum rte_dev_event_type ev, void *arg)
{
	record(name, ev, (int)(intptr_t)arg);
}

static atomic_int uevents;
static void ucb_count(const struct rte_dev_uevent *ev, void *arg)
{
	RTE_SET_USED(ev);
	RTE_SET_USED(arg);
	atomic_fetch_add(&uevents, 1);
}

static void send_forged(void *arg)
{
	unsigned int port = *(unsigned int *)arg;
	static const char msg[] = "add@/devices/pci0000:00/0000:00:05.0\0ACTION=add\0"
				  "DEVPATH=/devices/pci0000:00/0000:00:05.0\0SUBSYSTEM=pci\0"
				  "PCI_SLOT_NAME=0000:00:05.0\0PCI_ID=8086:10D3\0SEQNUM=99";
	int s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_KOBJECT_UEVENT);
	struct sockaddr_nl to = {.nl_family = AF_NETLINK, .nl_pid = port};
	CU_ASSERT_TRUE_FATAL(s >= 0);
	CU_ASSERT_EQUAL(sendto(s, msg, sizeof(msg), 0, (struct sockaddr *)&to, sizeof(to)),
			(ssize_t)sizeof(msg));
	close(s);
	/* The interrupt thread reads it. */
	usleep(300000);
}

/* Any process may send to the monitor's port: such a message is logged and changes nothing. */
static void test_monitor_refuses_forged(void)
{
	char *argv[] = {"test", "--no-huge", "-m", "16", "--no-pci", NULL};
	unsigned int port = 0;

	reset();
	CU_ASSERT_TRUE_FATAL(rte_eal_init(5, argv) >= 0);
	int fds_before = test_count_fds();
	CU_ASSERT_EQUAL(rte_dev_event_callback_register(NULL, cb_count, NULL), 0);
	CU_ASSERT_EQUAL(rte_dev_uevent_callback_register(ucb_count, NULL), 0);
	CU_ASSERT_EQUAL_FATAL(rte_dev_event_monitor_start(), 0);
	/* Counted: a second start shares the socket. */
	CU_ASSERT_EQUAL(rte_dev_event_monitor_start(), 0);
	CU_ASSERT_TRUE_FATAL(monitor_port(&port) >= 0);
	char *log = test_capture_log(send_forged, &port);
	CU_ASSERT_PTR_NOT_NULL(log);
	CU_ASSERT_PTR_NOT_NULL(log != NULL ? strstr(log, "did not come from the kernel") : NULL);
	free(log);
	CU_ASSERT_EQUAL(atomic_load(&seen.calls), 0);
	CU_ASSERT_EQUAL(atomic_load(&uevents), 0);
	CU_ASSERT_EQUAL(rte_dev_event_monitor_stop(), 0);
	CU_ASSERT_TRUE(monitor_port(&port) >= 0);
	CU_ASSERT_EQUAL(rte_dev_event_monitor_stop(), 0);
	CU_ASSERT_EQUAL(monitor_port(&port), -1);
	CU_ASSERT_EQUAL(rte_dev_event_monitor_stop(), 0);
	/* rte_eal_cleanup closes a monitor left running. */
	CU_ASSERT_EQUAL(rte_dev_event_monitor_start(), 0);
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
	CU_ASSERT_EQUAL(monitor_port(&port), -1);
	CU_ASSERT_TRUE(test_count_fds() <= fds_before);
	CU_ASSERT_FALSE(eal_dev_event_has_callback(NAME_A));
}

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	CU_pSuite s = CU_add_suite("dev_event", NULL, NULL);
	CU_add_test(s, "register_rules", test_register_rules);
	CU_add_test(s, "process_selects_and_orders", test_process_selects_and_orders);
	CU_add_test(s, "unregister_from_inside", test_unregister_from_inside);
	CU_add_test(s, "unregister_waits_for_other_thread", test_unregister_waits_for_other_thread);
	CU_add_test(s, "presence_set", test_presence_set);
	CU_add_test(s, "presence_reconcile", test_presence_reconcile);
	CU_add_test(s, "monitor_refuses_forged", test_monitor_refuses_forged);
	return test_run_registry();
}
