/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * hostile-race: the PCI scan while a second thread damages and repairs the tree under it, as
 * a tree that udev, a hotplug or a generator rewrites does. A fake tree holds 32 functions
 * that stay as they are and 32 that the mutator thread keeps turning over: their uevent
 * becomes a FIFO, the device vanishes (directory and links), it comes back whole. Meanwhile
 * the main thread runs 1000 scans (rte_bus_scan after one rte_eal_init), then 20 rte_eal_init
 * + rte_eal_cleanup cycles. Every scan and init must succeed and find all 32 steady functions;
 * the process must not die (and under ASan, not fault or leak). Prints the figures.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <bus_pci_driver.h>
#include <rte_bus.h>
#include <rte_dev.h>
#include <rte_eal.h>
#include <rte_errno.h>

#include "fake_sysfs.h"

#define STEADY 32
#define CHURNING 32
#define SCANS 1000
#define INITS 20

static atomic_bool stop;
static atomic_ulong turnovers;

static char churning[CHURNING][16];

static void *mutator(void *arg)
{
	struct fake_sysfs *fs = arg;
	unsigned int i = 0;
	while (!atomic_load(&stop)) {
		const char *a = churning[i++ % CHURNING];
		struct fake_pci_dev d = fake_pci_unclaimed(a, "e1000e", -1);
		/* Failures here are the tree's business, not the scan's: keep turning. */
		(void)fake_sysfs_special_attr(fs, a, "uevent", S_IFIFO);
		(void)fake_sysfs_remove(fs, a);
		(void)fake_sysfs_add(fs, &d);
		atomic_fetch_add(&turnovers, 1);
	}
	return NULL;
}

static int has_name(const struct rte_device *dev, const void *name)
{
	return strcmp(dev->name, name);
}

static int steady_found(void)
{
	struct rte_bus *bus = rte_bus_find_by_name("pci");
	int n = 0;
	for (int i = 0; i < STEADY; i++) {
		char name[16];
		snprintf(name, sizeof(name), "0000:00:%02x.0", i);
		n += bus != NULL && bus->find_device(NULL, has_name, name) != NULL;
	}
	return n;
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

int main(void)
{
	struct fake_sysfs *fs = fake_sysfs_create();
	if (fs == NULL) {
		perror("hostile-race: cannot create a tree");
		return 1;
	}
	for (int i = 0; i < STEADY; i++) {
		char a[16];
		snprintf(a, sizeof(a), "0000:00:%02x.0", i);
		struct fake_pci_dev d = fake_pci_unclaimed(a, "e1000e", -1);
		if (fake_sysfs_add(fs, &d) != 0) {
			perror("hostile-race: cannot add a device");
			fake_sysfs_destroy(fs);
			return 1;
		}
	}
	for (int i = 0; i < CHURNING; i++) {
		snprintf(churning[i], sizeof(churning[i]), "0000:05:%02x.0", i);
		struct fake_pci_dev d = fake_pci_unclaimed(churning[i], "e1000e", -1);
		if (fake_sysfs_add(fs, &d) != 0) {
			perror("hostile-race: cannot add a device");
			fake_sysfs_destroy(fs);
			return 1;
		}
	}
	setenv("SYSFS_PCI_DEVICES", fake_sysfs_devices_dir(fs), 1);
	static char *const args[] = {"hostile-race", "--no-huge", "-m", "8",
				     "--log-level",  "*:critical"};
	int eal_argc = (int)(sizeof(args) / sizeof(args[0]));
	char *eal_argv[sizeof(args) / sizeof(args[0])];

	pthread_t tid;
	if (pthread_create(&tid, NULL, mutator, fs) != 0) {
		fprintf(stderr, "hostile-race: cannot start the mutator thread\n");
		fake_sysfs_destroy(fs);
		return 1;
	}
	int failures = 0;
	double t0 = now_ms();
	/* rte_eal_init may reorder argv, as getopt does: a fresh copy for every call. */
	memcpy(eal_argv, args, sizeof(args));
	if (rte_eal_init(eal_argc, eal_argv) < 0) {
		fprintf(stderr, "FAIL: rte_eal_init: %s\n", rte_strerror(rte_errno));
		failures++;
	} else {
		for (int i = 0; i < SCANS; i++) {
			int found = -1;
			if (rte_bus_scan() != 0 || (found = steady_found()) != STEADY) {
				fprintf(stderr, "FAIL: scan %d: %s, %d of %d steady functions\n", i,
					rte_strerror(rte_errno), found, STEADY);
				failures++;
			}
		}
		rte_eal_cleanup();
	}
	double t_scans = now_ms() - t0;
	unsigned long turned = atomic_load(&turnovers);
	t0 = now_ms();
	for (int i = 0; i < INITS; i++) {
		int found = -1;
		memcpy(eal_argv, args, sizeof(args));
		if (rte_eal_init(eal_argc, eal_argv) < 0 || (found = steady_found()) != STEADY) {
			fprintf(stderr, "FAIL: init %d: %s, %d of %d steady functions\n", i,
				rte_strerror(rte_errno), found, STEADY);
			failures++;
		}
		rte_eal_cleanup();
	}
	double t_inits = now_ms() - t0;
	atomic_store(&stop, true);
	pthread_join(tid, NULL);
	printf("%d scans in %.0f ms while %lu devices turned over; %d init+cleanup in %.0f ms; "
	       "%d failure(s)\n",
	       SCANS, t_scans, turned, INITS, t_inits, failures);
	fake_sysfs_destroy(fs);
	return failures == 0 ? 0 : 1;
}
