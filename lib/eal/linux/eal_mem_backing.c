/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Where DMA memory comes from on Linux: hugepages (files in the --huge-dir hugetlbfs mount, or
 * anonymous MAP_HUGETLB mappings, which need no mount), else ordinary pages locked with mlock
 * (VA mode only: their physical addresses are scattered). Each segment is bound to its NUMA
 * node before it is faulted in, and kept out of forked children (MADV_DONTFORK), whose
 * copy-on-write would otherwise move pages a device is writing to.
 */

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <unistd.h>

#include <rte_errno.h>
#include <rte_log.h>

#include "eal_hugepages.h"
#include "../common/eal_memory.h"
#include "eal_numa.h"
#include "eal_pagemap.h"

#ifndef MAP_HUGE_SHIFT
#define MAP_HUGE_SHIFT 26
#endif
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

extern int eal_mem_logtype;
#define MEM_LOG(level, fmt, ...) rte_log(RTE_LOG_##level, eal_mem_logtype, fmt "\n", ##__VA_ARGS__)

/* Ordinary-page segments grow by at least this much, so that small allocations do not each
 * cost a mapping (and an IOMMU mapping). */
#define SMALL_SEG_MIN (2u << 20)

bool eal_mem_hugepages_available(const struct eal_config *cfg)
{
	size_t sizes[EAL_MAX_HUGEPAGE_SIZES];
	size_t dir_size;

	if (cfg->huge_dir[0] != '\0')
		return eal_hugetlbfs_mount_size(cfg->huge_dir, &dir_size) &&
		       eal_hugepages_free(dir_size, -1) > 0;
	unsigned int n = eal_hugepage_sizes(sizes, RTE_DIM(sizes));
	for (unsigned int i = 0; i < n; i++)
		if (eal_hugepages_free(sizes[i], -1) > 0)
			return true;
	return false;
}

int eal_mem_backing_check(const struct eal_config *cfg)
{
	size_t sz;

	if (cfg->huge_dir[0] == '\0' || eal_hugetlbfs_mount_size(cfg->huge_dir, &sz))
		return 0;
	MEM_LOG(ERR,
		"option --huge-dir: %s is not a hugetlbfs mount (none in %s); fix: mount -t "
		"hugetlbfs nodev %s, or drop --huge-dir (anonymous hugepages need no mount)",
		cfg->huge_dir, eal_hugepages_mountinfo(), cfg->huge_dir);
	rte_errno = EINVAL;
	return -1;
}

static unsigned long free_pages(size_t page_sz, int socket)
{
	/* Per-node counts only matter when the segment is bound to a node. */
	if (eal_numa_known() && eal_numa_nodes() > 1)
		return eal_hugepages_free(page_sz, socket);
	return eal_hugepages_free(page_sz, -1);
}

/*
 * A file in the hugetlbfs mount, unlinked at once: the mapping keeps the pages. The mount may
 * be writable by others (mode 1777 is common): O_EXCL never opens what someone else made, nor
 * follows a link planted there, and the random name makes pre-creating it a guess, tried
 * again on a collision (doc/security.md).
 */
static void *map_hugetlbfs(const char *dir, size_t len, void *at)
{
	char path[PATH_MAX];
	int fd = -1;

	for (int tries = 0; tries < 8 && fd < 0; tries++) {
		uint64_t r;
		if (getrandom(&r, sizeof(r), GRND_NONBLOCK) != (ssize_t)sizeof(r)) {
			struct timespec ts;
			clock_gettime(CLOCK_MONOTONIC, &ts);
			r = (uint64_t)ts.tv_nsec * 2654435761u ^ (uint64_t)ts.tv_sec ^
			    (uint64_t)tries;
		}
		snprintf(path, sizeof(path), "%s/openeal.%d.%016" PRIx64, dir, (int)getpid(), r);
		fd = open(path, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC | O_NOFOLLOW, 0600);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	if (fd < 0)
		return MAP_FAILED;
	unlink(path);
	void *va = MAP_FAILED;
	if (ftruncate(fd, (off_t)len) == 0)
		va =
		    mmap(at, len, PROT_READ | PROT_WRITE, MAP_SHARED | (at ? MAP_FIXED : 0), fd, 0);
	int err = errno;
	close(fd);
	errno = err;
	return va;
}

/*
 * The kernel reserves hugepages at mmap, but for the whole machine, not for the node a segment
 * is bound to: if that node's free count (checked just before) drops in between, the first
 * store to a page gets SIGBUS and the process dies. MADV_POPULATE_WRITE (Linux 5.14) faults
 * the pages in and reports that as an error instead; DPDK installs a SIGBUS handler around the
 * first touch for the same reason. Older kernels (EINVAL) get the touch, and its risk.
 */
int eal_mem_populate(void *va, size_t len, size_t page_sz)
{
	if (madvise(va, len, MADV_POPULATE_WRITE) == 0)
		return 0;
	if (errno != EINVAL)
		return errno == EFAULT ? -ENOMEM : -errno; /* EFAULT: no page to be had */
	for (size_t off = 0; off < len; off += page_sz)
		*(volatile char *)((char *)va + off) = 0;
	return 0;
}

/* Undo a mapping made at at (NULL: placed by the kernel). */
static void unmap_placed(void *va, size_t len, void *at)
{
	if (at != NULL)
		eal_mem_va_give(va, len);
	else
		munmap(va, len);
}

static int map_huge(size_t len, size_t page_sz, int socket, const char *dir,
		    struct eal_mem_seg *seg)
{
	void *va, *at;
	int ret = eal_mem_va_take(len, page_sz, &at);

	if (ret != 0)
		return ret;
	if (dir != NULL)
		va = map_hugetlbfs(dir, len, at);
	else
		va = mmap(at, len, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB | (at ? MAP_FIXED : 0) |
			      ((__builtin_ctzll(page_sz)) << MAP_HUGE_SHIFT),
			  -1, 0);
	if (va == MAP_FAILED) {
		ret = -errno;
		/* A failed MAP_FIXED may have unmapped the part: reserve it again. */
		if (at != NULL)
			eal_mem_va_give(at, len);
		return ret;
	}
	ret = eal_numa_bind(va, len, (unsigned int)socket);
	if (ret != 0) {
		unmap_placed(va, len, at);
		return ret;
	}
	madvise(va, len, MADV_DONTFORK);
	ret = eal_mem_populate(va, len, page_sz);
	if (ret != 0) {
		unmap_placed(va, len, at);
		return ret;
	}
	seg->va = va;
	seg->len = len;
	seg->page_sz = page_sz;
	seg->huge = true;
	seg->placed = at != NULL;
	return 0;
}

static int try_hugepages(size_t min_len, int socket, const struct eal_mem_policy *p,
			 struct eal_mem_seg *seg)
{
	size_t sizes[EAL_MAX_HUGEPAGE_SIZES];
	unsigned int n;

	if (p->huge_dir != NULL) {
		n = eal_hugetlbfs_mount_size(p->huge_dir, &sizes[0]) ? 1 : 0;
	} else {
		n = eal_hugepage_sizes(sizes, RTE_DIM(sizes));
	}
	/* The smallest size that has enough free pages: least waste for lazy growth. */
	for (unsigned int i = 0; i < n; i++) {
		size_t len = RTE_ALIGN_CEIL(min_len, sizes[i]);
		if (len < min_len || free_pages(sizes[i], socket) < len / sizes[i])
			continue;
		int ret = map_huge(len, sizes[i], socket, p->huge_dir, seg);
		if (ret == 0)
			return 0;
		MEM_LOG(DEBUG, "%zu kB hugepages: mapping %zu bytes on socket %d failed: %s",
			sizes[i] >> 10, len, socket, strerror(-ret));
	}
	return -ENOMEM;
}

static void log_lock_failure(size_t len, int err)
{
	struct rlimit rl;
	char limit[32] = "unlimited";

	if (getrlimit(RLIMIT_MEMLOCK, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
		snprintf(limit, sizeof(limit), "%" PRIu64 " kB", (uint64_t)rl.rlim_cur >> 10);
	MEM_LOG(ERR,
		"cannot lock %zu kB of DMA memory in RAM (mlock: %s; RLIMIT_MEMLOCK is %s); fix: "
		"raise the limit (ulimit -l unlimited, or LimitMEMLOCK= in a systemd unit), or "
		"reserve hugepages",
		len >> 10, strerror(err), limit);
}

static int map_small(size_t min_len, int socket, struct eal_mem_seg *seg)
{
	size_t len = RTE_ALIGN_CEIL(RTE_MAX(min_len, (size_t)SMALL_SEG_MIN), (size_t)SMALL_SEG_MIN);
	void *at;
	int ret = eal_mem_va_take(len, SMALL_SEG_MIN, &at);

	if (ret != 0) {
		uint64_t start, rlen;
		eal_mem_va_range(&start, &rlen);
		MEM_LOG(ERR,
			"cannot place %zu kB more DMA memory: the virtual range [0x%" PRIx64
			", 0x%" PRIx64 ") kept for IOVA-as-VA memory (below the IOMMU's address "
			"width) has no free part that large left; fix: use less DMA memory, or a "
			"--base-virtaddr with more free room below the IOMMU's width",
			len >> 10, start, start + rlen);
		return -ENOMEM;
	}
	void *va = mmap(at, len, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS | (at ? MAP_FIXED : 0), -1, 0);

	if (va == MAP_FAILED) {
		int err = errno;
		if (at != NULL)
			eal_mem_va_give(at, len);
		MEM_LOG(ERR, "cannot map %zu kB of DMA memory: %s", len >> 10, strerror(err));
		return -err;
	}
	ret = eal_numa_bind(va, len, (unsigned int)socket);
	if (ret != 0) {
		unmap_placed(va, len, at);
		MEM_LOG(ERR, "cannot bind %zu kB of DMA memory to socket %d: %s", len >> 10, socket,
			strerror(-ret));
		return ret;
	}
	madvise(va, len, MADV_DONTFORK);
	/* Locking faults the pages in and keeps them from swap. */
	if (mlock(va, len) != 0) {
		int err = errno;
		unmap_placed(va, len, at);
		log_lock_failure(len, err);
		return -ENOMEM;
	}
	seg->va = va;
	seg->len = len;
	seg->page_sz = (size_t)sysconf(_SC_PAGESIZE);
	seg->huge = false;
	seg->placed = at != NULL;
	return 0;
}

int eal_mem_backing_alloc(size_t min_len, int socket, const struct eal_mem_policy *p,
			  struct eal_mem_seg *seg)
{
	if (p->huge && try_hugepages(min_len, socket, p, seg) == 0)
		return 0;
	if (p->small)
		return map_small(min_len, socket, seg);
	MEM_LOG(ERR,
		"cannot get %zu kB of DMA memory on socket %d: %s; fix: reserve hugepages (echo 64 "
		"> /sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages)%s",
		min_len >> 10, socket,
		p->huge ? "not enough free hugepages (IOVA as PA needs them: physically contiguous "
			  "memory)"
			: "--no-huge leaves no backing in PA mode",
		p->huge_dir != NULL ? " or check the --huge-dir mount" : "");
	return -ENOMEM;
}

void eal_mem_backing_free(struct eal_mem_seg *seg)
{
	unmap_placed(seg->va, seg->len, seg->placed ? seg->va : NULL);
	free(seg->page_pa);
	seg->page_pa = NULL;
}

int eal_mem_backing_phys(struct eal_mem_seg *seg)
{
	struct eal_pagemap pm;
	size_t npages = seg->len / seg->page_sz;

	seg->page_pa = malloc(npages * sizeof(*seg->page_pa));
	if (seg->page_pa == NULL)
		return -ENOMEM;
	int ret = eal_pagemap_open(&pm);
	if (ret == 0) {
		ret = eal_pagemap_phys(&pm, (uintptr_t)seg->va, seg->page_sz, npages, seg->page_pa);
		eal_pagemap_close(&pm);
	}
	if (ret != 0) {
		free(seg->page_pa);
		seg->page_pa = NULL;
		MEM_LOG(ERR,
			"cannot read the physical addresses of a %zu kB segment "
			"(/proc/self/pagemap): %s",
			seg->len >> 10, strerror(-ret));
	}
	return ret;
}
