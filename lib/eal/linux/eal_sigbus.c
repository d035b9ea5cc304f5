/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The SIGBUS side of surprise removal (eal_sigbus.h, doc/hotplug.md). A BAR mapping of a
 * device that is gone may fault; the handler must then find the mapping without a lock or an
 * allocation (it interrupts arbitrary code, maybe code holding the lock), which DPDK's handler
 * does not: it takes a spinlock and walks the buses' device lists. Here the mappings are in a
 * fixed table of atomic slots, and the fence builds all-ones memory elsewhere and moves it
 * over the mapping with one mremap, so that no thread ever sees a hole or half-filled page.
 */
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <rte_errno.h>

#include "../common/eal_sigbus.h"

struct region {
	_Atomic uintptr_t start; /* 0: free */
	_Atomic size_t len;	 /* 0 while being filled or emptied: never matches */
};
static struct region regions[EAL_SIGBUS_MAX_REGIONS];
static atomic_ulong fenced;

int eal_sigbus_region_add(void *addr, size_t len)
{
	uintptr_t a = (uintptr_t)addr;

	if (addr == NULL || len == 0 || a + len < a) {
		rte_errno = EINVAL;
		return -1;
	}
	for (size_t i = 0; i < EAL_SIGBUS_MAX_REGIONS; i++) {
		uintptr_t free_slot = 0;
		if (atomic_compare_exchange_strong(&regions[i].start, &free_slot, a)) {
			atomic_store(&regions[i].len, len);
			return 0;
		}
	}
	rte_errno = ENOSPC;
	return -1;
}

void eal_sigbus_region_del(void *addr)
{
	for (size_t i = 0; i < EAL_SIGBUS_MAX_REGIONS; i++) {
		if (atomic_load(&regions[i].start) != (uintptr_t)addr)
			continue;
		atomic_store(&regions[i].len, 0);
		atomic_store(&regions[i].start, 0);
		return;
	}
}

/* The slot holding a, or -1. */
static long region_find(uintptr_t a, uintptr_t *start, size_t *len)
{
	for (size_t i = 0; i < EAL_SIGBUS_MAX_REGIONS; i++) {
		uintptr_t s = atomic_load(&regions[i].start);
		size_t l = atomic_load(&regions[i].len);
		if (s != 0 && l != 0 && a >= s && a - s < l) {
			*start = s;
			*len = l;
			return (long)i;
		}
	}
	return -1;
}

int eal_sigbus_region_contains(const void *addr)
{
	uintptr_t s;
	size_t l;
	return region_find((uintptr_t)addr, &s, &l) >= 0;
}

int eal_sigbus_fence(void *addr, size_t len)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);

	if (addr == NULL || len == 0 || ((uintptr_t)addr & (page - 1)) != 0)
		return -EINVAL;
	len = (len + page - 1) & ~(page - 1);
	void *fresh = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (fresh == MAP_FAILED)
		return -errno;
	memset(fresh, 0xff, len);
	if (mremap(fresh, len, len, MREMAP_MAYMOVE | MREMAP_FIXED, addr) == MAP_FAILED) {
		int err = errno;
		munmap(fresh, len);
		return -err;
	}
	return 0;
}

static struct sigaction previous;
static _Atomic(eal_sigbus_other_fn) other_fn;
static atomic_bool installed;

static void sigbus_handler(int sig, siginfo_t *info, void *uctx)
{
	int saved_errno = errno;
	uintptr_t start;
	size_t len;

	if (region_find((uintptr_t)info->si_addr, &start, &len) >= 0 &&
	    eal_sigbus_fence((void *)start, len) == 0) {
		atomic_fetch_add(&fenced, 1);
		errno = saved_errno;
		return;
	}
	eal_sigbus_other_fn other = atomic_load(&other_fn);
	if (other != NULL && other(info->si_addr) == 0) {
		errno = saved_errno;
		return;
	}
	errno = saved_errno;
	if ((previous.sa_flags & SA_SIGINFO) != 0 && previous.sa_sigaction != NULL) {
		previous.sa_sigaction(sig, info, uctx);
		return;
	}
	if (previous.sa_handler != SIG_DFL && previous.sa_handler != SIG_IGN &&
	    previous.sa_handler != NULL) {
		previous.sa_handler(sig);
		return;
	}
	/* Nobody else wants it: the default action, when the access repeats on return. */
	signal(SIGBUS, SIG_DFL);
}

int eal_sigbus_handler_install(eal_sigbus_other_fn other)
{
	atomic_store(&other_fn, other);
	if (atomic_load(&installed))
		return 0;
	struct sigaction sa = {.sa_sigaction = sigbus_handler, .sa_flags = SA_SIGINFO | SA_ONSTACK};
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGBUS, &sa, &previous) != 0) {
		rte_errno = errno;
		return -1;
	}
	atomic_store(&installed, true);
	return 0;
}

int eal_sigbus_handler_uninstall(void)
{
	struct sigaction now;

	if (!atomic_load(&installed))
		return 0;
	if (sigaction(SIGBUS, NULL, &now) != 0) {
		rte_errno = errno;
		return -1;
	}
	/* Someone installed another handler over ours: leave theirs. */
	if ((now.sa_flags & SA_SIGINFO) != 0 && now.sa_sigaction == sigbus_handler &&
	    sigaction(SIGBUS, &previous, NULL) != 0) {
		rte_errno = errno;
		return -1;
	}
	atomic_store(&installed, false);
	atomic_store(&other_fn, NULL);
	return 0;
}

unsigned long eal_sigbus_fenced_count(void)
{
	return atomic_load(&fenced);
}
