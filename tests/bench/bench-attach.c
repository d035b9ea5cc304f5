/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * bench-attach [-k RUNS] [-g] [-v] DEVICES_DIR: the time of one rte_dev_probe("<bdf>") of a PCI
 * device that appears in a fake sysfs tree after rte_eal_init, when every device of DEVICES_DIR (a
 * tree from gen-sysfs-tree) is already on the bus. Prints "devices=" (entries of the tree),
 * "bus_devices=" (what the bus listed at init), "runs=", "probe_rc=" (what rte_dev_probe
 * returned), "attach_ns_median=" and "attach_ns_min=" (CLOCK_MONOTONIC around the call);
 * with -v also each run's time, which run-attach-bench pools over several processes.
 * A program that prints figures and asserts nothing: run-attach-bench makes the table of
 * doc/performance.md from them.
 *
 * Why: attaching one device should not cost more on a machine of 4096 devices than on one of
 * 16. openeal's rte_dev_probe reads only the named device's directory (the PCI bus's scan_one
 * hook); DPDK 22.11's local_dev_probe calls bus->scan(), a rescan of the whole bus. -g gives
 * the new device no IOMMU group, which takes out the one directory openeal still lists whole
 * (kernel/iommu_groups, to check the device's group link; doc/performance.md).
 *
 * The same source builds bench-attach (openeal, static) and bench-attach-dpdk (DPDK 22.11's
 * EAL and PCI bus, static; see meson.build): it calls only the DPDK API both libraries have,
 * so the two figures come from the very same calls, arguments and tree.
 *
 * What is timed. No PMD is linked into either program, so no driver takes the device: both
 * libraries list it (the scan), look it up, try every registered PCI driver (none) and return
 * -ENOTSUP. So the figure is "scan + lookup + match attempt", the part of an attach that does
 * not depend on the PMD. A dummy driver that really attaches was not used: DPDK 22.11 declares
 * struct rte_pci_driver and RTE_PMD_REGISTER_PCI in bus_pci_driver.h, an internal header that
 * Debian's libdpdk-dev does not install (no driver SDK).
 *
 * Each run adds a device at a new address (so it is new to the bus), probes it, and deletes
 * its directory again, untimed; an unattached device cannot be removed with rte_dev_remove,
 * so both buses keep an entry for each address tried (and DPDK its devargs), RUNS at most.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <rte_dev.h>
#include <rte_eal.h>
#include <rte_errno.h>

#include "bench_clock.h"
#include "bench_devices.h"
#include "fake_sysfs.h"
#include "fake_sysfs_private.h"

#ifndef BENCH_LIBRARY
#define BENCH_LIBRARY "openeal"
#endif

/* The new devices: domain 0, buses 0xe0-0xff, function 0. The generator fills buses from 0
 * (at most 4096 slots of 8 functions per domain: bus 0x80), so these are free. */
#define NEW_BUS_FIRST 0xe0
#define RUNS_MAX ((0x100 - NEW_BUS_FIRST) * 32)
/* The new devices' IOMMU group: one the generator never makes (it numbers from 0 up). */
#define NEW_GROUP 999999
/* The kernel's flags of a 64-bit prefetchable memory BAR (the low bits are the BAR's own). */
#define NEW_BAR_FLAGS \
	(IORESOURCE_MEM | IORESOURCE_MEM_64 | IORESOURCE_PREFETCH | IORESOURCE_SIZEALIGN | 0xc)

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

/*
 * The tree gen-sysfs-tree left, as a fake_sysfs handle, so that fake_sysfs_add and
 * fake_sysfs_remove (the generator's own code) lay out and delete the new device exactly as
 * the generator lays out the others. tests/lib has no public "open" for an existing tree.
 */
static struct fake_sysfs *tree_open(const char *devices_dir)
{
	static const char suffix[] = "/bus/pci/devices";
	size_t len = strlen(devices_dir), slen = strlen(suffix);
	if (len <= slen || strcmp(devices_dir + len - slen, suffix) != 0) {
		errno = EINVAL;
		return NULL;
	}
	struct fake_sysfs *fs = calloc(1, sizeof(*fs));
	if (fs == NULL)
		return NULL;
	fs->rootfd = -1;
	fs->root = strndup(devices_dir, len - slen);
	fs->devices_dir = strdup(devices_dir);
	if (fs->root != NULL)
		fs->rootfd = open(fs->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fs->devices_dir == NULL || fs->rootfd < 0) {
		int err = errno;
		fake_sysfs_close(fs);
		errno = err;
		return NULL;
	}
	return fs;
}

/* Entries of dir that name devices (not "." or ".."), or -1. */
static long count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	if (d == NULL)
		return -1;
	long n = 0;
	for (struct dirent *e; (e = readdir(d)) != NULL;)
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

/*
 * Delete directory path under rootfd whose entries are files or empty directories: what
 * fake_sysfs_add creates for a new IOMMU group or driver, and fake_sysfs_remove leaves, so
 * that the tree is left as found for the next program.
 */
static void remove_flat_dir(int rootfd, const char *path)
{
	int fd = openat(rootfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	if (d == NULL) {
		if (fd >= 0)
			close(fd);
		return;
	}
	for (struct dirent *e; (e = readdir(d)) != NULL;)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 &&
		    unlinkat(fd, e->d_name, 0) != 0)
			unlinkat(fd, e->d_name, AT_REMOVEDIR);
	closedir(d);
	unlinkat(rootfd, path, AT_REMOVEDIR);
}

static struct rte_device *find_bus_device(const char *name)
{
	struct rte_dev_iterator it;
	struct rte_device *dev;
	RTE_DEV_FOREACH(dev, "bus=pci", &it)
	if (strcmp(rte_dev_name(dev), name) == 0)
		return dev;
	return NULL;
}

/*
 * An X710 port bound to vfio-pci in its own IOMMU group: what one binds before attaching.
 * Without group (-g), bound to uio_pci_generic, as on a machine without an IOMMU.
 */
static const char *new_driver(bool group)
{
	return group ? "vfio-pci" : "uio_pci_generic";
}

static struct fake_pci_dev new_device(const char *addr, unsigned int k, bool group)
{
	struct fake_pci_dev d = {
	    .addr = addr,
	    .vendor = 0x8086,
	    .device = 0x1572,
	    .subsys_vendor = 0x8086,
	    .subsys_device = 0x0007,
	    .class_code = 0x020000,
	    .revision = 2,
	    .numa_node = 0,
	    .driver = new_driver(group),
	    .iommu_group = group ? NEW_GROUP : -1,
	};
	/* 64-bit prefetchable BARs 0 and 3, as the generator's X710s, above all of its ranges. */
	uint64_t base = 0x3f0000000000ull + (uint64_t)k * (16 << 20);
	d.res[0] = (struct fake_pci_bar){base, 8 << 20, NEW_BAR_FLAGS};
	d.res[3] = (struct fake_pci_bar){base + (8 << 20), 32 << 10, NEW_BAR_FLAGS};
	return d;
}

/*
 * -ENOTSUP: the bus listed the device and no driver took it, the expected case here. 0: a
 * driver took it (a build with PMDs); it is removed so that the next run starts from the same
 * bus. Anything else (-ENODEV: the scan did not find it), or a result that differs from the
 * run before, means the figure is not what it claims to be. 0 when the run counts.
 */
static int check_probe(const char *prog, const char *addr, int ret, const int *prev)
{
	struct rte_device *dev = find_bus_device(addr);
	const char *why = NULL;
	if (ret != 0 && ret != -ENOTSUP)
		why = "neither attached nor refused by every driver";
	else if (prev != NULL && ret != *prev)
		why = "not what the run before returned";
	else if (dev == NULL)
		why = "but the bus does not list the device";
	else if (ret == 0 && rte_dev_remove(dev) != 0)
		why = "but the attached device cannot be removed";
	if (why == NULL)
		return 0;
	fprintf(stderr, "%s: rte_dev_probe(\"%s\") returned %d (%s): %s\n", prog, addr, ret,
		ret < 0 ? rte_strerror(-ret) : "success", why);
	return -1;
}

static int usage(const char *prog)
{
	fprintf(stderr,
		"usage: %s [-k RUNS] [-g] [-v] DEVICES_DIR\n"
		"  -k RUNS  attaches timed, 1..%d (default 50)\n"
		"  -g       the new device has no IOMMU group (and is bound to uio_pci_generic)\n"
		"  -v       also print each run's time, in run order (attach_ns_run=K,NS)\n",
		prog, RUNS_MAX);
	return 2;
}

int main(int argc, char **argv)
{
	const char *prog = argv[0];
	long runs = 50;
	bool group = true, verbose = false;
	int opt;
	while ((opt = getopt(argc, argv, "k:gv")) != -1) {
		char *end;
		switch (opt) {
		case 'k':
			runs = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || runs < 1 || runs > RUNS_MAX)
				return usage(prog);
			break;
		case 'g':
			group = false;
			break;
		case 'v':
			verbose = true;
			break;
		default:
			return usage(prog);
		}
	}
	if (optind != argc - 1)
		return usage(prog);
	const char *devices_dir = argv[optind];

	struct fake_sysfs *fs = tree_open(devices_dir);
	long tree_devices = count_entries(devices_dir);
	if (fs == NULL || tree_devices < 0) {
		fprintf(stderr,
			"%s: %s is not a tree from gen-sysfs-tree (R/bus/pci/devices): %s\n", prog,
			devices_dir, strerror(errno));
		return 1;
	}
	/* What the runs add and fake_sysfs_remove leaves behind, if the tree lacked it. */
	char group_dir[64], driver_dir[64];
	snprintf(group_dir, sizeof(group_dir), "kernel/iommu_groups/%d", NEW_GROUP);
	snprintf(driver_dir, sizeof(driver_dir), "bus/pci/drivers/%s", new_driver(group));
	bool had_driver_dir = faccessat(fs->rootfd, driver_dir, F_OK, 0) == 0;
	if (faccessat(fs->rootfd, group_dir, F_OK, 0) == 0) {
		fprintf(stderr, "%s: %s/%s exists: the tree is not fresh from gen-sysfs-tree\n",
			prog, fs->root, group_dir);
		return 1;
	}

	/*
	 * Both libraries read SYSFS_PCI_DEVICES at init and on every scan. Same options for
	 * both: DPDK needs --no-huge -m (no hugepages here) and --no-shconf; openeal accepts
	 * them. Logging at "critical" keeps the failed-probe error lines (a write to stderr)
	 * out of the figure.
	 */
	setenv("SYSFS_PCI_DEVICES", devices_dir, 1);
	char *eal_args[] = {(char *)prog,  "--no-huge",	     "-m", "16",
			    "--no-shconf", "--no-telemetry", "-l", "0",
			    "--log-level", "*:critical",     NULL};
	if (rte_eal_init((int)(sizeof(eal_args) / sizeof(eal_args[0])) - 1, eal_args) < 0) {
		fprintf(stderr, "%s: rte_eal_init failed: %s\n", prog, rte_strerror(rte_errno));
		return 1;
	}
	unsigned int bus_devices = bench_count_pci_devices();

	int64_t *ns = calloc((size_t)runs, sizeof(*ns));
	int rc = 0, status = 0;
	if (ns == NULL) {
		perror("calloc");
		status = 1;
	}
	for (long k = 0; status == 0 && k < runs; k++) {
		char addr[16];
		snprintf(addr, sizeof(addr), "0000:%02lx:%02lx.0", NEW_BUS_FIRST + k / 32, k % 32);
		struct fake_pci_dev d = new_device(addr, (unsigned int)k, group);
		if (fake_sysfs_add(fs, &d) != 0) {
			fprintf(stderr, "%s: cannot add %s to the tree: %s\n", prog, addr,
				strerror(errno));
			status = 1;
			break;
		}
		int64_t t0 = bench_clock_ns(CLOCK_MONOTONIC);
		int ret = rte_dev_probe(addr);
		int64_t t1 = bench_clock_ns(CLOCK_MONOTONIC);
		ns[k] = t1 - t0;
		if (check_probe(prog, addr, ret, k > 0 ? &rc : NULL) != 0)
			status = 1;
		rc = ret;
		if (fake_sysfs_remove(fs, addr) != 0) {
			fprintf(stderr, "%s: cannot remove %s from the tree: %s\n", prog, addr,
				strerror(errno));
			status = 1;
		}
	}
	if (group)
		remove_flat_dir(fs->rootfd, group_dir);
	if (!had_driver_dir)
		remove_flat_dir(fs->rootfd, driver_dir);
	for (long k = 0; status == 0 && verbose && k < runs; k++)
		printf("attach_ns_run=%ld,%lld\n", k, (long long)ns[k]);
	if (status == 0) {
		qsort(ns, (size_t)runs, sizeof(*ns), cmp_i64);
		printf("library=%s\ndevices=%ld\nbus_devices=%u\niommu_group=%s\nruns=%ld\n"
		       "probe_rc=%d\nattach_ns_median=%lld\nattach_ns_min=%lld\n",
		       BENCH_LIBRARY, tree_devices, bus_devices, group ? "yes" : "no", runs, rc,
		       (long long)ns[runs / 2], (long long)ns[0]);
	}
	free(ns);
	rte_eal_cleanup();
	fake_sysfs_close(fs);
	return status;
}
