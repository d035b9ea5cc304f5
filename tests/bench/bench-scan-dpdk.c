/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * bench-scan-dpdk DEVICES_DIR: DPDK 22.11's own PCI bus scan of a fake sysfs tree, timed and
 * printed exactly as bench-scan does openeal's (devices=, scan_ns=, cpu_ns=), for the
 * side-by-side table in doc/performance.md.
 *
 * Built only against Debian's libdpdk-dev, linking the EAL and the PCI bus statically and
 * nothing else: no PMD is present (a shared EAL would dlopen all of them from its plugin
 * directory and probe the fake devices), and the PCI bus is the only bus registered, so the
 * public rte_bus_scan() runs exactly DPDK's PCI scan (rte_pci_scan -> pci_scan_one per entry).
 *
 * rte_eal_init() runs first with SYSFS_PCI_DEVICES naming an empty directory: init scans
 * nothing and probes nothing, and its ~100 ms TSC calibration stays out of the figure. DPDK
 * reads the variable on every scan (rte_pci_get_sysfs_path), so pointing it at the tree
 * afterwards and calling rte_bus_scan() times a full, first scan into an empty device list.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <rte_bus.h>
#include <rte_dev.h>
#include <rte_eal.h>
#include <rte_errno.h>

#include "bench_clock.h"
#include "bench_devices.h"

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s DEVICES_DIR\n", argv[0]);
		return 2;
	}
	char empty[] = "/tmp/bench-scan-dpdk.XXXXXX";
	if (mkdtemp(empty) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	setenv("SYSFS_PCI_DEVICES", empty, 1);
	char *eal_args[] = {argv[0],	   "--no-huge",	     "-m", "16",
			    "--no-shconf", "--no-telemetry", "-l", "0",
			    "--log-level", "*:error",	     NULL};
	int ret = rte_eal_init((int)(sizeof(eal_args) / sizeof(eal_args[0])) - 1, eal_args);
	rmdir(empty);
	if (ret < 0) {
		fprintf(stderr, "%s: rte_eal_init failed: %s\n", argv[0], rte_strerror(rte_errno));
		return 1;
	}
	setenv("SYSFS_PCI_DEVICES", argv[1], 1);
	int64_t t0 = bench_clock_ns(CLOCK_MONOTONIC), c0 = bench_clock_ns(CLOCK_PROCESS_CPUTIME_ID);
	ret = rte_bus_scan();
	int64_t c1 = bench_clock_ns(CLOCK_PROCESS_CPUTIME_ID), t1 = bench_clock_ns(CLOCK_MONOTONIC);
	if (ret != 0)
		fprintf(stderr, "%s: rte_bus_scan returned %d\n", argv[0], ret);
	printf("devices=%u\nscan_ns=%lld\ncpu_ns=%lld\n", bench_count_pci_devices(),
	       (long long)(t1 - t0), (long long)(c1 - c0));
	rte_eal_cleanup();
	return ret != 0;
}
