/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The virtual range IOVA-as-VA DMA memory is placed in (doc/memory.md "Where DMA memory is
 * placed"). One PROT_NONE, MAP_NORESERVE mapping holds the range: it costs no memory, and
 * while it stands no other mmap of the process can land there. Segments are mapped over parts
 * of it with MAP_FIXED (ours to replace), and given back by mapping PROT_NONE over them again,
 * so the range is never open to another thread's mmap. The reservation itself is made with
 * MAP_FIXED_NOREPLACE (Linux 4.17), which fails rather than replace whatever is there; when
 * the first choice is taken, /proc/self/maps says where the gaps are.
 */

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sysinfo.h>

#include "../common/eal_iova_space.h"
#include "../common/eal_memory.h"
#include "../common/eal_va_window.h"

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

#define RESERVE_PROT PROT_NONE
#define RESERVE_FLAGS (MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE)
/* Mappings of the process looked at when the first choice is taken; more are not expected. */
#define MAX_MAPS 4096

static struct {
	pthread_mutex_t lock;
	bool active;
	uint64_t start, len;
	struct eal_iova_space free; /* the parts of the range no segment holds */
} va = {.lock = PTHREAD_MUTEX_INITIALIZER};

uint64_t eal_mem_ram_size(void)
{
	struct sysinfo si;

	if (sysinfo(&si) != 0)
		return 0;
	return (uint64_t)si.totalram * si.mem_unit;
}

/* Map the reservation at exactly addr, replacing nothing. */
static int reserve_at(uint64_t addr, uint64_t len)
{
	void *p = mmap((void *)(uintptr_t)addr, len, RESERVE_PROT, RESERVE_FLAGS | MAP_FIXED_NOREPLACE,
		       -1, 0);

	if (p == MAP_FAILED)
		return -errno;
	if ((uintptr_t)p != addr) {
		/* A kernel before 4.17 took the flag as a hint and put it elsewhere. */
		munmap(p, len);
		return -EEXIST;
	}
	return 0;
}

/* The process's mappings from /proc/self/maps into busy (up to max). -errno on failure. */
static int read_maps(struct eal_va_span *busy, unsigned int max, unsigned int *n)
{
	FILE *f = fopen("/proc/self/maps", "re");
	char line[512];

	if (f == NULL)
		return -errno;
	*n = 0;
	while (*n < max && fgets(line, sizeof(line), f) != NULL) {
		size_t l = strlen(line);
		if (eal_va_maps_line(line, &busy[*n]) == 0)
			(*n)++;
		/* A line longer than the buffer (a long path): skip its rest. */
		while (l > 0 && line[l - 1] != '\n' && fgets(line, sizeof(line), f) != NULL)
			l = strlen(line);
	}
	fclose(f);
	return 0;
}

int eal_mem_va_reserve(uint64_t lo, uint64_t hi, uint64_t want, uint64_t min, uint64_t align,
		       uint64_t *start, uint64_t *len)
{
	uint64_t s = lo, l = want;
	int ret = -ENOSPC;

	pthread_mutex_lock(&va.lock);
	if (va.active) {
		ret = -EBUSY;
		goto out;
	}
	if (lo % align == 0 && want <= hi - lo && hi > lo)
		ret = reserve_at(s, l);
	if (ret != 0) {
		/* Taken (or not aligned): look for the lowest gap, or the largest one. */
		static struct eal_va_span busy[MAX_MAPS];
		unsigned int n;
		ret = read_maps(busy, MAX_MAPS, &n);
		if (ret == 0)
			ret = eal_va_window_pick(lo, hi, busy, n, want, min, align, &s, &l);
		if (ret == 0)
			ret = reserve_at(s, l);
	}
	if (ret == 0) {
		struct eal_iova_span all = {.start = s, .last = s + l - 1};
		ret = eal_iova_space_init(&va.free, &all, 1);
		if (ret != 0)
			munmap((void *)(uintptr_t)s, l);
	}
	if (ret == 0) {
		va.active = true;
		va.start = s;
		va.len = l;
		*start = s;
		*len = l;
	}
out:
	pthread_mutex_unlock(&va.lock);
	return ret;
}

bool eal_mem_va_active(void)
{
	pthread_mutex_lock(&va.lock);
	bool active = va.active;
	pthread_mutex_unlock(&va.lock);
	return active;
}

int eal_mem_va_take(size_t len, size_t align, void **addr)
{
	uint64_t a = 0;
	int ret = 0;

	pthread_mutex_lock(&va.lock);
	if (va.active)
		ret = eal_iova_space_alloc(&va.free, len, align, &a);
	pthread_mutex_unlock(&va.lock);
	*addr = (void *)(uintptr_t)a;
	return ret;
}

void eal_mem_va_give(void *addr, size_t len)
{
	pthread_mutex_lock(&va.lock);
	/* In place, so that no other mmap of the process can take the range meanwhile. */
	if (mmap(addr, len, RESERVE_PROT, RESERVE_FLAGS | MAP_FIXED, -1, 0) != MAP_FAILED)
		eal_iova_space_free(&va.free, (uintptr_t)addr, len);
	/* else: out of memory for the mapping itself; the part stays out of use. */
	pthread_mutex_unlock(&va.lock);
}

void eal_mem_va_range(uint64_t *start, uint64_t *len)
{
	pthread_mutex_lock(&va.lock);
	*start = va.active ? va.start : 0;
	*len = va.active ? va.len : 0;
	pthread_mutex_unlock(&va.lock);
}

void eal_mem_va_release(void)
{
	pthread_mutex_lock(&va.lock);
	if (va.active) {
		munmap((void *)(uintptr_t)va.start, va.len);
		eal_iova_space_fini(&va.free);
		va.active = false;
	}
	pthread_mutex_unlock(&va.lock);
}
