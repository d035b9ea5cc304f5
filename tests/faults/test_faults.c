/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Systematic fault injection, as SQLite tests itself: for each kind of call the library makes
 * (allocation, open, read, mmap, ioctl, eventfd, epoll, pthread_create), count the calls one
 * clean cycle makes, then for k = 1..N run the cycle again with the k-th call failing. A cycle
 * is what an application does: rte_eal_init on a fake PCI tree with a vdev, the device event
 * monitor, an alarm, rte_dev_probe and rte_dev_remove of a second vdev, rte_eal_cleanup.
 *
 * Each run must either fail cleanly (rte_eal_init returns -1 with rte_errno set; later calls
 * report their own errors) or succeed where the failure is tolerated, and leave nothing
 * behind: the fds, threads and mappings of the process are as before the run, and the next,
 * fault-free cycle in the same process works. Leaks of memory are LeakSanitizer's to find:
 * this suite also runs in the ASan build (tests/run-all.sh). Prints how many injection points
 * each kind had, and how many of them rte_eal_init tolerated.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include <rte_alarm.h>
#include <rte_dev.h>
#include <rte_eal.h>
#include <rte_errno.h>

#include "fake_sysfs.h"
#include "fault_inject.h"
#include "test_util.h"

struct usage {
	int fds, threads, maps;
};

/* ASan's allocator maps regions of its own as the heap grows: under it, mappings are not
 * compared (LeakSanitizer checks memory instead). */
#if defined(__SANITIZE_ADDRESS__)
#define MAPS_COMPARED 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MAPS_COMPARED 0
#endif
#endif
#ifndef MAPS_COMPARED
#define MAPS_COMPARED 1
#endif

static struct usage usage_now(void)
{
	return (struct usage){test_count_fds(), test_count_threads(), test_count_maps()};
}

static void no_alarm(void *arg)
{
	(void)arg;
}

enum outcome { RAN, INIT_FAILED };

/* One application's life. Under injection any step may fail; none may crash or hang. */
static enum outcome cycle(void)
{
	char *args[] = {"faults",    "--no-huge",   "-m",      "8", "--vdev",
			"net_null0", "--log-level", "*:emerg", NULL};
	int argc = (int)(sizeof(args) / sizeof(args[0])) - 1;
	if (rte_eal_init(argc, args) < 0) {
		if (rte_errno == 0)
			fprintf(stderr, "\n  rte_eal_init failed without setting rte_errno");
		return INIT_FAILED;
	}
	bool monitor = rte_dev_event_monitor_start() == 0;
	bool alarm = rte_eal_alarm_set(60 * 1000000, no_alarm, NULL) == 0;
	if (rte_dev_probe("net_null1") == 0) {
		struct rte_dev_iterator it;
		struct rte_device *dev, *found = NULL;
		RTE_DEV_FOREACH(dev, "bus=vdev", &it)
		if (strcmp(rte_dev_name(dev), "net_null1") == 0)
			found = dev;
		if (found != NULL)
			(void)rte_dev_remove(found);
	}
	if (alarm)
		rte_eal_alarm_cancel(no_alarm, NULL);
	if (monitor)
		rte_dev_event_monitor_stop();
	(void)rte_eal_cleanup();
	return RAN;
}

static const struct {
	unsigned int kind;
	const char *name;
} kinds[] = {
    {FAULT_ALLOC, "allocation"}, {FAULT_OPEN, "open"},
    {FAULT_READ, "read"},	 {FAULT_MMAP, "mmap"},
    {FAULT_IOCTL, "ioctl"},	 {FAULT_EVENTFD, "eventfd"},
    {FAULT_EPOLL, "epoll"},	 {FAULT_THREAD, "pthread_create"},
};

static unsigned int total_points;

static void test_each_failure(void)
{
	/* A first cycle makes what stays for the process's life (malloc arenas, the log
	 * registry), so that what is compared below is what a cycle leaves. */
	CU_ASSERT_EQUAL_FATAL(cycle(), RAN);
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		fault_arm(kinds[i].kind, ~0u);
		CU_ASSERT_EQUAL(cycle(), RAN);
		unsigned int n = fault_disarm();
		unsigned int init_failed = 0, leaks = 0, broken = 0;
		for (unsigned int k = 1; k <= n; k++) {
			struct usage before = usage_now();
			fault_arm(kinds[i].kind, k);
			enum outcome o = cycle();
			fault_disarm();
			init_failed += o == INIT_FAILED;
			struct usage after = usage_now();
			if (after.fds != before.fds || after.threads != before.threads ||
			    (MAPS_COMPARED && after.maps > before.maps)) {
				leaks++;
				fprintf(
				    stderr,
				    "\n  %s %u (%s): fds %d -> %d, threads %d -> %d, maps %d -> "
				    "%d",
				    kinds[i].name, k, fault_last_kind(), before.fds, after.fds,
				    before.threads, after.threads, before.maps, after.maps);
			}
			/* The next application in the same process must not notice. */
			if (cycle() != RAN) {
				broken++;
				fprintf(stderr, "\n  %s %u (%s): the next rte_eal_init failed: %s",
					kinds[i].name, k, fault_last_kind(),
					rte_strerror(rte_errno));
			}
		}
		printf("\n  %s: %u injection points, rte_eal_init failed at %u and tolerated %u; "
		       "%u left something behind, %u broke the next cycle",
		       kinds[i].name, n, init_failed, n - init_failed, leaks, broken);
		total_points += n;
		CU_ASSERT(n > 0 || kinds[i].kind == FAULT_IOCTL);
		CU_ASSERT_EQUAL(leaks, 0);
		CU_ASSERT_EQUAL(broken, 0);
	}
	printf("\n  %u injection points in all\n", total_points);
}

int main(void)
{
	struct fake_sysfs *fs = fake_sysfs_create();
	if (fs == NULL)
		return 1;
	struct fake_pci_dev d = fake_pci_unclaimed("0000:00:02.0", "e1000e", 3);
	if (fake_sysfs_add(fs, &d) != 0)
		return 1;
	setenv("SYSFS_PCI_DEVICES", fake_sysfs_devices_dir(fs), 1);
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	CU_pSuite s = CU_add_suite("fault injection", NULL, NULL);
	CU_add_test(s, "every call of each kind failed in turn", test_each_failure);
	int ret = test_run_registry();
	fake_sysfs_destroy(fs);
	return ret;
}
