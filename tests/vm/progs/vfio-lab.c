/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vfio-lab: the VFIO layer against the real kernel, in the VM lab (scenarios/vfio-lab.sh).
 *
 *   vfio-lab basic BDF
 *     The whole life of a vfio-pci device in the default container, checking each result:
 *     a DMA mapping recorded before any device (replayed when the group attaches), setup,
 *     group fd sharing, region info against sysfs (BAR and ROM sizes from "resource", config
 *     size from "config"), IOMMU info (type, page sizes, usable IOVA ranges, DMA slots), a
 *     2 MiB map/unmap, an extra container, release, and the same fd count at the end. Prints
 *     "ok: ..."/"FAIL: ..." lines and timings; exits 1 if any check failed.
 *
 *   vfio-lab try BDF [--memlock BYTES] [--uid UID] [--hold self|child] [--map BYTES]
 *     One attempt at a failure case: lower RLIMIT_MEMLOCK, drop to UID, hold the device's group
 *     open outside openeal (in this process, or in a child), then rte_vfio_setup_device and,
 *     with --map, a DMA map of that size. Prints what the calls returned, the log lines they
 *     wrote, the holder's pid and the fd counts around the attempt, for the scenario to check.
 */

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <dirent.h>
#include <rte_errno.h>
#include <rte_log.h>
#include <rte_vfio.h>
#include <rte_vfio_ext.h>

#include "lab_util.h"

#define MB2 (2ULL << 20)
#define SYSPCI "/sys/bus/pci/devices"

/* Is some fd of this process a link to path? */
static bool fd_open_on(const char *path)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	bool found = false;

	while (d != NULL && !found && (e = readdir(d)) != NULL) {
		char link[64], target[PATH_MAX];
		snprintf(link, sizeof(link), "/proc/self/fd/%.40s", e->d_name);
		ssize_t n = readlink(link, target, sizeof(target) - 1);
		if (n > 0) {
			target[n] = '\0';
			found = strcmp(target, path) == 0;
		}
	}
	if (d != NULL)
		closedir(d);
	return found;
}

/* Sizes of the BARs and ROM from sysfs "resource" (0 for unused lines). */
static int sysfs_resource_sizes(const char *bdf, uint64_t sizes[7])
{
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), SYSPCI "/%s/resource", bdf);
	f = fopen(path, "re");
	if (f == NULL)
		return -1;
	for (int i = 0; i < 7; i++) {
		unsigned long long start, end, flags;
		if (fscanf(f, "%llx %llx %llx", &start, &end, &flags) != 3) {
			fclose(f);
			return -1;
		}
		sizes[i] = end > start ? end - start + 1 : 0;
	}
	fclose(f);
	return 0;
}

static bool iova_usable(const struct rte_vfio_iommu_info *info, uint64_t iova, uint64_t len)
{
	if (!info->has_iova_ranges)
		return true;
	for (uint32_t i = 0; i < info->nb_iova_ranges; i++)
		if (iova >= info->iova_ranges[i].start &&
		    iova + len - 1 <= info->iova_ranges[i].end)
			return true;
	return false;
}

static void *map_anon(uint64_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	memset(p, 0x5a, len); /* fault the pages in: vfio pins what is there */
	return p;
}

static void check_regions(const char *bdf, int dev_fd)
{
	uint64_t sizes[7];
	char path[PATH_MAX];
	struct stat st;

	check(sysfs_resource_sizes(bdf, sizes) == 0, "read %s/resource", bdf);
	for (uint32_t i = 0; i <= VFIO_PCI_ROM_REGION_INDEX; i++) {
		struct rte_vfio_region_info ri;
		if (rte_vfio_get_region_info(dev_fd, i, &ri) != 0) {
			check(false, "region %u info: %s", i, rte_strerror(rte_errno));
			continue;
		}
		printf("region %u: size 0x%" PRIx64 " offset 0x%" PRIx64
		       " flags 0x%x%s%s areas %u\n",
		       i, ri.size, ri.offset, ri.flags, ri.sparse ? " sparse" : "",
		       ri.msix_mappable ? " msix-mappable" : "", ri.nb_areas);
		check(ri.index == i && ri.size == sizes[i],
		      "region %u size 0x%" PRIx64 " = sysfs resource size 0x%" PRIx64, i, ri.size,
		      sizes[i]);
	}
	struct rte_vfio_region_info cfg = {0};
	snprintf(path, sizeof(path), SYSPCI "/%s/config", bdf);
	bool ok = rte_vfio_get_region_info(dev_fd, VFIO_PCI_CONFIG_REGION_INDEX, &cfg) == 0 &&
		  stat(path, &st) == 0;
	check(ok && cfg.size == (uint64_t)st.st_size,
	      "config region size 0x%" PRIx64 " = size of %s (0x%" PRIx64 ")", cfg.size, path,
	      ok ? (uint64_t)st.st_size : 0);
	struct rte_vfio_region_info bad;
	check(rte_vfio_get_region_info(dev_fd, 1000, &bad) == -1 && rte_errno == EINVAL,
	      "region 1000 refused with EINVAL");
}

static void print_iommu(const struct rte_vfio_iommu_info *info)
{
	printf("iommu: type %s, page sizes 0x%" PRIx64 ", %u usable IOVA ranges:",
	       info->iommu_type == VFIO_TYPE1v2_IOMMU ? "Type1v2" : "Type1", info->pgsizes,
	       info->nb_iova_ranges);
	for (uint32_t i = 0; i < info->nb_iova_ranges; i++)
		printf(" [0x%" PRIx64 ", 0x%" PRIx64 "]", info->iova_ranges[i].start,
		       info->iova_ranges[i].end);
	if (info->has_dma_avail)
		printf(", %u DMA mappings available", info->dma_avail);
	putchar('\n');
}

static int basic(const char *bdf)
{
	struct vfio_device_info dev_info;
	struct rte_vfio_iommu_info info, info2;
	const uint64_t iova_a = 0x40000000, iova_b = 0x40200000;
	int fds0 = count_fds(), dev_fd = -1, num = -1;
	void *a = map_anon(MB2), *b = map_anon(MB2);

	check(a != NULL && b != NULL, "two anonymous 2 MiB buffers");
	if (a == NULL || b == NULL)
		return 1;

	/* Before any device: recorded only, nothing opened. */
	check(rte_vfio_container_dma_map(RTE_VFIO_DEFAULT_CONTAINER_FD, (uintptr_t)a, iova_a,
					 MB2) == 0,
	      "DMA map before any device is recorded");
	check(count_fds() == fds0, "no vfio fd opened by a recorded mapping");

	double t0 = now_ms();
	int ret = rte_vfio_setup_device(NULL, bdf, &dev_fd, &dev_info);
	double t1 = now_ms();
	check(ret == 0, "rte_vfio_setup_device(%s) = %d (%s)", bdf, ret,
	      ret ? rte_strerror(rte_errno) : "ok");
	if (ret != 0)
		return 1;
	printf("setup (container, group, IOMMU type, device fd): %.2f ms\n", t1 - t0);
	check((dev_info.flags & VFIO_DEVICE_FLAGS_PCI) && dev_info.num_regions >= 9 &&
		  dev_info.num_irqs >= 5,
	      "device info: flags 0x%x, %u regions, %u irqs", dev_info.flags, dev_info.num_regions,
	      dev_info.num_irqs);
	ret = rte_vfio_get_group_num(NULL, bdf, &num);
	check(ret == 1, "group number %d", num);
	char node[32];
	snprintf(node, sizeof(node), "/dev/vfio/%d", num);
	check(fd_open_on("/dev/vfio/vfio") && fd_open_on(node), "container and %s are open", node);
	int gfd = rte_vfio_get_group_fd(num);
	check(gfd >= 0 && rte_vfio_get_group_fd(num) == gfd,
	      "rte_vfio_get_group_fd(%d) gives the group's one fd (%d)", num, gfd);

	check_regions(bdf, dev_fd);

	ret = rte_vfio_container_get_iommu_info(RTE_VFIO_DEFAULT_CONTAINER_FD, &info);
	check(ret == 0, "IOMMU info of the default container");
	if (ret == 0) {
		print_iommu(&info);
		check(info.iommu_type == VFIO_TYPE1v2_IOMMU, "Type1v2 chosen first");
		check(info.pgsizes & 0x1000, "4 KiB IOMMU pages");
		check(info.has_iova_ranges && info.nb_iova_ranges >= 1,
		      "usable IOVA ranges reported");
		check(iova_usable(&info, iova_a, 2 * MB2), "IOVA 0x%" PRIx64 "+4 MiB is usable",
		      iova_a);
	}

	/* 2 MiB mapped and unmapped; the DMA slot count moves with it. */
	t0 = now_ms();
	ret = rte_vfio_container_dma_map(RTE_VFIO_DEFAULT_CONTAINER_FD, (uintptr_t)b, iova_b, MB2);
	t1 = now_ms();
	check(ret == 0, "DMA map of 2 MiB at 0x%" PRIx64 ": %.2f ms", iova_b, t1 - t0);
	if (ret == 0 && info.has_dma_avail &&
	    rte_vfio_container_get_iommu_info(RTE_VFIO_DEFAULT_CONTAINER_FD, &info2) == 0)
		check(info2.dma_avail + 1 == info.dma_avail, "DMA slots %u -> %u after the map",
		      info.dma_avail, info2.dma_avail);
	t0 = now_ms();
	ret =
	    rte_vfio_container_dma_unmap(RTE_VFIO_DEFAULT_CONTAINER_FD, (uintptr_t)b, iova_b, MB2);
	t1 = now_ms();
	check(ret == 0, "DMA unmap of 2 MiB: %.2f ms", t1 - t0);
	/* The mapping recorded before the device was made at attach: unmapping it frees a slot. */
	ret =
	    rte_vfio_container_dma_unmap(RTE_VFIO_DEFAULT_CONTAINER_FD, (uintptr_t)a, iova_a, MB2);
	if (info.has_dma_avail &&
	    rte_vfio_container_get_iommu_info(RTE_VFIO_DEFAULT_CONTAINER_FD, &info2) == 0)
		check(ret == 0 && info2.dma_avail == info.dma_avail + 1,
		      "the recorded mapping was replayed at attach (slots %u -> %u on its unmap)",
		      info.dma_avail, info2.dma_avail);

	/* An extra container: no IOMMU before a group; the busy group cannot move into it. */
	int c = rte_vfio_container_create();
	check(c >= 0, "extra container fd %d", c);
	check(rte_vfio_container_get_iommu_info(c, &info2) == -1 && rte_errno == ENODEV,
	      "no IOMMU info for a container without group");
	check(rte_vfio_container_group_bind(c, num) == -1 && rte_errno == EBUSY,
	      "group %d cannot be bound to a second container", num);
	check(rte_vfio_container_destroy(c) == 0, "extra container destroyed");

	check(rte_vfio_release_device(NULL, bdf, dev_fd) == 0, "device released");
	check(fd_open_on(node), "%s stays open: rte_vfio_get_group_fd pinned it", node);
	check(rte_vfio_clear_group(gfd) == 0, "group cleared");
	check(count_fds() == fds0, "fd count back to %d (now %d)", fds0, count_fds());

	/* A second life: the default container reopens with the next device. */
	ret = rte_vfio_setup_device(NULL, bdf, &dev_fd, NULL);
	check(ret == 0, "second setup");
	check(ret == 0 && rte_vfio_release_device(NULL, bdf, dev_fd) == 0, "second release");
	check(count_fds() == fds0, "fd count back to %d after the second cycle", fds0);

	munmap(a, MB2);
	munmap(b, MB2);
	printf("vfio-lab basic: %u failed\n", checks_failed);
	return checks_failed ? 1 : 0;
}

struct attempt {
	const char *bdf;
	uint64_t map_len;
	int setup_ret, setup_err;
	int map_ret, map_err;
};

static void attempt(void *p)
{
	struct attempt *a = p;
	int fd = -1;

	a->setup_ret = rte_vfio_setup_device(NULL, a->bdf, &fd, NULL);
	a->setup_err = a->setup_ret ? rte_errno : 0;
	a->map_ret = 1; /* not tried */
	if (a->setup_ret != 0 || a->map_len == 0)
		goto out;
	void *mem = map_anon(a->map_len);
	if (mem == NULL) {
		a->map_ret = -1;
		a->map_err = errno;
		goto out;
	}
	a->map_ret = rte_vfio_container_dma_map(RTE_VFIO_DEFAULT_CONTAINER_FD, (uintptr_t)mem,
						0x40000000, a->map_len);
	a->map_err = a->map_ret ? rte_errno : 0;
	if (a->map_ret == 0)
		rte_vfio_container_dma_unmap(RTE_VFIO_DEFAULT_CONTAINER_FD, (uintptr_t)mem,
					     0x40000000, a->map_len);
	munmap(mem, a->map_len);
out:
	if (a->setup_ret == 0)
		rte_vfio_release_device(NULL, a->bdf, fd);
}

static int try_case(int argc, char **argv)
{
	struct attempt a = {.bdf = argv[0]};
	const char *hold = NULL;
	long uid = -1;
	int num, holder = 0, release[2] = {-1, -1}, held_fd = -1;

	for (int i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--uid") == 0)
			uid = strtol(argv[i + 1], NULL, 0);
		else if (strcmp(argv[i], "--memlock") == 0) {
			rlim_t v = strtoull(argv[i + 1], NULL, 0);
			struct rlimit rl = {v, v};
			if (setrlimit(RLIMIT_MEMLOCK, &rl) != 0)
				perror("setrlimit");
		} else if (strcmp(argv[i], "--hold") == 0)
			hold = argv[i + 1];
		else if (strcmp(argv[i], "--map") == 0)
			a.map_len = strtoull(argv[i + 1], NULL, 0);
		else {
			fprintf(stderr, "vfio-lab: unknown option %s\n", argv[i]);
			return 2;
		}
	}
	if (rte_vfio_get_group_num(NULL, a.bdf, &num) != 1) {
		fprintf(stderr, "vfio-lab: %s has no IOMMU group\n", a.bdf);
		return 2;
	}
	char node[32];
	snprintf(node, sizeof(node), "/dev/vfio/%d", num);
	if (hold != NULL && strcmp(hold, "self") == 0) {
		held_fd = open(node, O_RDWR | O_CLOEXEC);
		holder = getpid();
	} else if (hold != NULL && strcmp(hold, "child") == 0) {
		int ready[2];
		char c = 'n';
		if (pipe(ready) != 0 || pipe(release) != 0)
			return 2;
		holder = fork();
		if (holder == 0) {
			/* Hold the group until the parent closes its end of the release pipe. */
			close(ready[0]);
			close(release[1]);
			int g = open(node, O_RDWR | O_CLOEXEC);
			if (write(ready[1], g >= 0 ? "y" : "n", 1) != 1)
				_exit(1);
			(void)!read(release[0], &c, 1);
			_exit(0);
		}
		close(ready[1]);
		close(release[0]);
		release[0] = -1;
		if (read(ready[0], &c, 1) != 1 || c != 'y') {
			fprintf(stderr, "vfio-lab: the child could not open %s\n", node);
			return 2;
		}
		close(ready[0]);
	}
	if (hold != NULL)
		printf("holder_pid=%d\n", holder);
	if (uid >= 0 && (setgid((gid_t)uid) != 0 || setuid((uid_t)uid) != 0)) {
		perror("vfio-lab: setuid");
		return 2;
	}

	/* Only what a failure says: the INFO lines of a successful setup are not counted. */
	rte_log_set_level_pattern("lib.eal.vfio", RTE_LOG_NOTICE);
	int fds_before = count_fds();
	char *log = NULL;
	size_t log_len = 0;
	FILE *mem = open_memstream(&log, &log_len);
	if (mem == NULL)
		return 2;
	rte_openlog_stream(mem);
	attempt(&a);
	rte_openlog_stream(NULL);
	fclose(mem);
	int fds_after = count_fds();

	printf("uid=%d setup=%d errno=%d (%s)\n", (int)geteuid(), a.setup_ret, a.setup_err,
	       a.setup_err ? strerror(a.setup_err) : "none");
	if (a.map_ret != 1)
		printf("map=%d errno=%d (%s)\n", a.map_ret, a.map_err,
		       a.map_err ? strerror(a.map_err) : "none");
	for (char *line = strtok(log, "\n"); line != NULL; line = strtok(NULL, "\n"))
		printf("log: %s\n", line);
	printf("fds_before=%d fds_after=%d\n", fds_before, fds_after);
	free(log);
	if (held_fd >= 0)
		close(held_fd);
	if (release[1] >= 0) {
		close(release[1]); /* the child's read returns: it exits */
		waitpid(holder, NULL, 0);
	}
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc >= 3 && strcmp(argv[1], "basic") == 0)
		return basic(argv[2]);
	if (argc >= 3 && strcmp(argv[1], "try") == 0)
		return try_case(argc - 2, argv + 2);
	fprintf(stderr, "usage: vfio-lab basic BDF\n"
			"       vfio-lab try BDF [--memlock BYTES] [--uid UID] [--hold self|child] "
			"[--map BYTES]\n");
	return 2;
}
