/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * bench-scan DEVICES_DIR: one full scan of openeal's PCI bus over a sysfs devices directory,
 * in-process, printing "devices=<count>", "scan_ns=<nanoseconds>" (CLOCK_MONOTONIC) and
 * "cpu_ns=<nanoseconds>" (CPU time of the process, every scanning thread included; a busy
 * machine disturbs it less than the wall-clock figure).
 * Only the scan call is timed; counting and freeing the devices come after. It prints figures
 * and asserts nothing: run-scan-bench turns them into the table of doc/performance.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <bus_driver.h>
#include <pci_scan.h>
#include <rte_bus.h>
#include <rte_errno.h>

#include "bench_clock.h"

static int match_any(const struct rte_device *dev, const void *data)
{
	(void)dev;
	(void)data;
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s DEVICES_DIR\n", argv[0]);
		return 2;
	}
	struct rte_bus *bus = rte_bus_find_by_name("pci");
	if (bus == NULL) {
		fprintf(stderr, "%s: no PCI bus in this build\n", argv[0]);
		return 1;
	}
	if (setenv("SYSFS_PCI_DEVICES", argv[1], 1) != 0) {
		perror("setenv");
		return 1;
	}
	int64_t t0 = bench_clock_ns(CLOCK_MONOTONIC), c0 = bench_clock_ns(CLOCK_PROCESS_CPUTIME_ID);
	int rc = rte_pci_scan();
	int64_t c1 = bench_clock_ns(CLOCK_PROCESS_CPUTIME_ID), t1 = bench_clock_ns(CLOCK_MONOTONIC);
	if (rc != 0) {
		fprintf(stderr, "%s: scan of %s failed: %s\n", argv[0], argv[1],
			rte_strerror(rte_errno));
		return 1;
	}
	unsigned int n = 0;
	for (struct rte_device *dev = bus->find_device(NULL, match_any, NULL); dev != NULL;
	     dev = bus->find_device(dev, match_any, NULL))
		n++;
	printf("devices=%u\nscan_ns=%lld\ncpu_ns=%lld\n", n, (long long)(t1 - t0),
	       (long long)(c1 - c0));
	return bus->cleanup != NULL && bus->cleanup() != 0;
}
