/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Where IOVA-as-VA DMA memory is placed (doc/memory.md "Where DMA memory is placed"): the pure
 * choice of a range among occupied ones and the /proc/<pid>/maps line it reads, then the
 * placement through rte_eal_init on a generated machine whose Intel IOMMU has a fake narrow
 * width (39, 32 and 31 bits), with ranges this process really occupies first, the fallback and
 * its one warning line, and growth refused when the range has no room.
 */

#include <CUnit/CUnit.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_iova.h>
#include <rte_malloc.h>
#include <rte_memory.h>
#include <rte_memzone.h>

#include "eal_va_window.h"
#include "fake_sysfs_host.h"
#include "test_mem.h"
#include "test_util.h"

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

#define MB (UINT64_C(1) << 20)
#define GB (UINT64_C(1) << 30)

static void test_pick_lowest_gap(void)
{
	struct eal_va_span busy[] = {{10 * MB, 12 * MB}, {4 * MB, 5 * MB}, {4 * MB, 7 * MB}};
	uint64_t s, l;

	/* Unsorted, overlapping: [0, 4M) is too small for 5M, [7M, 10M) too, above 12M fits. */
	CU_ASSERT_EQUAL(eal_va_window_pick(0, 64 * MB, busy, 3, 5 * MB, MB, 2 * MB, &s, &l), 0);
	CU_ASSERT_EQUAL(s, 12 * MB);
	CU_ASSERT_EQUAL(l, 5 * MB);
	/* 3M fits at 0 already. */
	CU_ASSERT_EQUAL(eal_va_window_pick(0, 64 * MB, busy, 3, 3 * MB, MB, MB, &s, &l), 0);
	CU_ASSERT_EQUAL(s, 0);
	/* From lo up only, start aligned: 7M rounds to 8M, [8M, 10M) holds 2M. */
	CU_ASSERT_EQUAL(eal_va_window_pick(5 * MB, 64 * MB, busy, 3, 2 * MB, MB, 2 * MB, &s, &l),
			0);
	CU_ASSERT_EQUAL(s, 8 * MB);
}

static void test_pick_largest_then_none(void)
{
	struct eal_va_span busy[] = {{8 * MB, 9 * MB}, {20 * MB, 40 * MB}};
	uint64_t s, l;

	/* Nothing of 16M in [0, 24M): the largest gap is [9M, 20M), aligned 10M..20M. */
	CU_ASSERT_EQUAL(eal_va_window_pick(0, 24 * MB, busy, 2, 16 * MB, 4 * MB, 2 * MB, &s, &l),
			0);
	CU_ASSERT_EQUAL(s, 10 * MB);
	CU_ASSERT_EQUAL(l, 10 * MB);
	/* ... unless that is below min. */
	CU_ASSERT_EQUAL(eal_va_window_pick(0, 24 * MB, busy, 2, 16 * MB, 12 * MB, 2 * MB, &s, &l),
			-ENOSPC);
	/* A busy span reaching past hi closes the window. */
	struct eal_va_span all[] = {{0, 100 * MB}};
	CU_ASSERT_EQUAL(eal_va_window_pick(MB, 50 * MB, all, 1, MB, MB, MB, &s, &l), -ENOSPC);
	/* The top of the 64-bit space does not overflow. */
	CU_ASSERT_EQUAL(eal_va_window_pick(UINT64_MAX - 3 * MB, UINT64_MAX, NULL, 0, 8 * MB, MB,
					   GB, &s, &l),
			-ENOSPC);
	CU_ASSERT_EQUAL(eal_va_window_pick(0, MB, NULL, 0, MB, MB, 3, &s, &l), -EINVAL);
}

static void test_maps_line(void)
{
	struct eal_va_span sp;

	CU_ASSERT_EQUAL(eal_va_maps_line("7f6c1a200000-7f6c1a221000 rw-p 00000000 00:00 0\n", &sp),
			0);
	CU_ASSERT_EQUAL(sp.start, UINT64_C(0x7f6c1a200000));
	CU_ASSERT_EQUAL(sp.end, UINT64_C(0x7f6c1a221000));
	CU_ASSERT_EQUAL(eal_va_maps_line("ffffffffff600000-ffffffffff601000 --xp 0 0:0 0 [vsyscall]",
					 &sp),
			0);
	CU_ASSERT_EQUAL(eal_va_maps_line("1000-1000 rw-p", &sp), -1); /* empty */
	CU_ASSERT_EQUAL(eal_va_maps_line("2000-1000 rw-p", &sp), -1);
	CU_ASSERT_EQUAL(eal_va_maps_line("1000 2000", &sp), -1);
	CU_ASSERT_EQUAL(eal_va_maps_line("-2000 rw-p", &sp), -1);
	CU_ASSERT_EQUAL(eal_va_maps_line("1000-2000x", &sp), -1);
	CU_ASSERT_EQUAL(eal_va_maps_line("11112222333344445-11112222333344446 r", &sp), -1);
	CU_ASSERT_EQUAL(eal_va_maps_line("", &sp), -1);
}

/* A generated machine with one Intel IOMMU of the given address width, no PCI devices. */
static struct fake_sysfs *machine(unsigned int width)
{
	struct fake_sysfs *fs = fake_sysfs_create();
	CU_ASSERT_PTR_NOT_NULL_FATAL(fs);
	/* VT-d's MGAW (bits 21:16) is the width minus one. */
	CU_ASSERT_EQUAL_FATAL(fake_sysfs_add_intel_iommu(fs, "dmar0", (uint64_t)(width - 1) << 16),
			      0);
	CU_ASSERT_EQUAL_FATAL(fake_sysfs_host_env(fs), 0);
	return fs;
}

static void machine_done(struct fake_sysfs *fs)
{
	fake_sysfs_host_env_clear();
	fake_sysfs_destroy(fs);
}

/* Occupy [addr, addr+len) as another part of the program would (PROT_NONE, no memory). */
static void *occupy(uint64_t addr, uint64_t len)
{
	void *p = mmap((void *)(uintptr_t)addr, len, PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
	CU_ASSERT_EQUAL_FATAL((uintptr_t)p, addr);
	return p;
}

/* Is [addr, addr+len) still ours, untouched? (a new mapping there must be refused) */
static int still_occupied(uint64_t addr, uint64_t len)
{
	void *p = mmap((void *)(uintptr_t)addr, len, PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (p != MAP_FAILED) {
		munmap(p, len);
		return 0;
	}
	return errno == EEXIST;
}

struct init_args {
	char *argv[10];
	int ret;
	int err;
};

static void init_fn(void *arg)
{
	struct init_args *a = arg;
	int argc = 0;
	while (a->argv[argc] != NULL)
		argc++;
	rte_errno = 0;
	a->ret = rte_eal_init(argc, a->argv);
	a->err = rte_errno;
}

static unsigned int lines(const char *text)
{
	unsigned int n = 0;
	for (const char *p = text; *p != '\0'; p++)
		n += *p == '\n';
	return n;
}

/*
 * Allocate zones and rte_malloc blocks of several sizes: each must be in [lo, hi) with
 * iova == its address. Returns how many were checked.
 */
static unsigned int check_iova_is_va(uint64_t lo, uint64_t hi)
{
	static const size_t sizes[] = {64, 4096, 100000, 1u << 20};
	unsigned int n = 0;
	void *blocks[RTE_DIM(sizes)];

	for (size_t i = 0; i < RTE_DIM(sizes); i++) {
		blocks[i] = rte_malloc(NULL, sizes[i], 0);
		CU_ASSERT_PTR_NOT_NULL_FATAL(blocks[i]);
		uintptr_t a = (uintptr_t)blocks[i];
		CU_ASSERT_TRUE(a >= lo && a + sizes[i] <= hi);
		CU_ASSERT_EQUAL(rte_malloc_virt2iova(blocks[i]), (rte_iova_t)a);
		CU_ASSERT_EQUAL(rte_mem_virt2iova(blocks[i]), (rte_iova_t)a);
		char name[16];
		snprintf(name, sizeof(name), "place%zu", i);
		const struct rte_memzone *mz = rte_memzone_reserve(name, sizes[i], SOCKET_ID_ANY, 0);
		CU_ASSERT_PTR_NOT_NULL_FATAL(mz);
		CU_ASSERT_EQUAL(mz->iova, (rte_iova_t)(uintptr_t)mz->addr);
		CU_ASSERT_TRUE((uintptr_t)mz->addr >= lo && (uintptr_t)mz->addr + mz->len <= hi);
		rte_memzone_free(mz);
		n += 2;
	}
	for (size_t i = 0; i < RTE_DIM(sizes); i++)
		rte_free(blocks[i]);
	return n;
}

struct alloc_call {
	size_t size;
	void *p;
	int err;
};

static void alloc_fn(void *arg)
{
	struct alloc_call *c = arg;
	rte_errno = 0;
	c->p = rte_malloc(NULL, c->size, 0);
	c->err = rte_errno;
}

/* 39-bit IOMMU (QEMU's vIOMMU), base 1 GiB with its first 4 MiB taken: memory lands above. */
static void test_placed_past_occupied_range(void)
{
	struct fake_sysfs *fs = machine(39);
	void *taken = occupy(GB, 4 * MB);
	struct init_args a = {.argv = {"app", "--no-pci", "--no-huge", "--base-virtaddr",
				       "0x40000000", NULL}};
	char *log = test_capture_log(init_fn, &a);
	CU_ASSERT_EQUAL_FATAL(a.ret, 4);
	CU_ASSERT_STRING_EQUAL(log, ""); /* no fallback warning */
	free(log);
	CU_ASSERT_EQUAL(rte_eal_iova_mode(), RTE_IOVA_VA);
	/* The first free 2 MiB-aligned address past the occupied range. */
	CU_ASSERT_EQUAL(check_iova_is_va(GB + 4 * MB, UINT64_C(1) << 39), 8);
	void *p = rte_malloc(NULL, 64, 0);
	CU_ASSERT_EQUAL((uintptr_t)p & ~(2 * MB - 1), GB + 4 * MB);
	rte_free(p);
	struct rte_iova_report r;
	rte_eal_iova_report(&r);
	CU_ASSERT_FALSE(r.iova_remap);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.reason, "placed below 2^39, where IOVA = VA"));
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
	CU_ASSERT_TRUE(still_occupied(GB, 4 * MB));
	/* Cleanup let the reservation go: the range past it is free again. */
	CU_ASSERT_FALSE(still_occupied(GB + 4 * MB, 2 * MB));
	munmap(taken, 4 * MB);
	machine_done(fs);
}

/* 32-bit IOMMU: from --base-virtaddr 1 GiB, everything below 4 GiB. */
static void test_placed_below_narrow_width(void)
{
	struct fake_sysfs *fs = machine(32);
	struct init_args a = {.argv = {"app", "--no-pci", "--no-huge", "-m", "4",
				       "--base-virtaddr", "40000000", NULL}};
	char *log = test_capture_log(init_fn, &a);
	CU_ASSERT_EQUAL_FATAL(a.ret, 6);
	CU_ASSERT_STRING_EQUAL(log, "");
	free(log);
	CU_ASSERT_EQUAL(check_iova_is_va(GB, 4 * GB), 8);
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
	machine_done(fs);
}

/*
 * The default base (4 GiB) is at a 32-bit IOMMU's top: the fallback, with one warning when the
 * first segment is made (here the first rte_malloc: nothing is reserved before).
 */
static void test_fallback_default_base_too_high(void)
{
	struct fake_sysfs *fs = machine(32);
	struct init_args a = {.argv = {"app", "--no-pci", "--no-huge", NULL}};
	char *log = test_capture_log(init_fn, &a);
	CU_ASSERT_EQUAL_FATAL(a.ret, 2);
	CU_ASSERT_STRING_EQUAL(log, "");
	free(log);
	struct rte_iova_report r;
	rte_eal_iova_report(&r);
	CU_ASSERT_FALSE(r.iova_remap);

	struct alloc_call c = {.size = 4096};
	log = test_capture_log(alloc_fn, &c);
	CU_ASSERT_PTR_NOT_NULL(c.p);
	/* lib.eal.mem logs from NOTICE by default: this line is the warning. */
	CU_ASSERT_EQUAL(lines(log), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "IOVA as VA: no free virtual range of 64 MB or more in "
					   "[0x100000000, 0x100000000) (from 4 GiB to the IOMMU's "
					   "32-bit width)"));
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "fix: --base-virtaddr at a free address below 2^32"));
	free(log);
	/* Still VA, said in the report: memory works, its IOVAs come from the IOMMU allocator
	 * once a vfio device maps it (no device here: the address itself). */
	CU_ASSERT_EQUAL(rte_eal_iova_mode(), RTE_IOVA_VA);
	rte_eal_iova_report(&r);
	CU_ASSERT_TRUE(r.iova_remap);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.reason, "; but no free virtual range"));
	/* Once: growth does not repeat it. */
	c.size = 3u << 20;
	log = test_capture_log(alloc_fn, &c);
	CU_ASSERT_PTR_NOT_NULL(c.p);
	CU_ASSERT_STRING_EQUAL(log, "");
	free(log);
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
	machine_done(fs);
}

/*
 * Everything from the base to the width taken (a 31-bit IOMMU, so that the window [1 GiB,
 * 2 GiB) stays below ASan's shadow at 0x7fff8000 too): with -m the fallback is known at init.
 */
#define TAKEN_END UINT64_C(0x7ff00000)
static void test_fallback_range_occupied(void)
{
	struct fake_sysfs *fs = machine(31);
	void *taken = occupy(GB, TAKEN_END - GB);
	struct init_args a = {.argv = {"app", "--no-pci", "--no-huge", "-m", "4",
				       "--base-virtaddr", "0x40000000", NULL}};
	char *log = test_capture_log(init_fn, &a);
	CU_ASSERT_EQUAL_FATAL(a.ret, 6);
	CU_ASSERT_EQUAL(lines(log), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "in [0x40000000, 0x80000000) (from --base-virtaddr "
					   "to the IOMMU's 31-bit width)"));
	free(log);
	void *p = rte_malloc(NULL, 4096, 0);
	CU_ASSERT_PTR_NOT_NULL(p);
	CU_ASSERT_TRUE((uintptr_t)p < GB || (uintptr_t)p >= TAKEN_END); /* not over ours */
	rte_free(p);
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
	CU_ASSERT_TRUE(still_occupied(GB, TAKEN_END - GB));
	munmap(taken, TAKEN_END - GB);
	machine_done(fs);
}

/* A range of just 64 MiB (the rest taken): growth that does not fit is refused, one line. */
static void test_growth_refused_when_range_full(void)
{
	struct fake_sysfs *fs = machine(31);
	void *taken = occupy(GB + 64 * MB, TAKEN_END - GB - 64 * MB);
	struct init_args a = {.argv = {"app", "--no-pci", "--no-huge", "--base-virtaddr",
				       "0x40000000", NULL}};
	char *log = test_capture_log(init_fn, &a);
	CU_ASSERT_EQUAL_FATAL(a.ret, 4);
	CU_ASSERT_STRING_EQUAL(log, "");
	free(log);
	/* More than the range holds: refused before anything is mapped or locked. */
	struct alloc_call c = {.size = 80 * MB};
	log = test_capture_log(alloc_fn, &c);
	CU_ASSERT_PTR_NULL(c.p);
	CU_ASSERT_EQUAL(c.err, ENOMEM);
	CU_ASSERT_EQUAL(lines(log), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "the virtual range [0x40000000, 0x44000000) kept for "
					   "IOVA-as-VA memory"));
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "fix: use less DMA memory"));
	free(log);
	/* What fits is still placed there. */
	CU_ASSERT_EQUAL(check_iova_is_va(GB, GB + 64 * MB), 8);
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
	CU_ASSERT_TRUE(still_occupied(GB + 64 * MB, TAKEN_END - GB - 64 * MB));
	munmap(taken, TAKEN_END - GB - 64 * MB);
	machine_done(fs);
}

void test_mem_add_place_suite(void)
{
	CU_pSuite s = CU_add_suite("DMA memory placement (IOVA as VA)", NULL, NULL);
	CU_add_test(s, "pick: lowest gap", test_pick_lowest_gap);
	CU_add_test(s, "pick: largest gap, then none", test_pick_largest_then_none);
	CU_add_test(s, "maps line", test_maps_line);
	CU_add_test(s, "39-bit IOMMU: past an occupied range", test_placed_past_occupied_range);
	CU_add_test(s, "32-bit IOMMU: below 4 GiB", test_placed_below_narrow_width);
	CU_add_test(s, "fallback: default base above the width", test_fallback_default_base_too_high);
	CU_add_test(s, "fallback: range occupied", test_fallback_range_occupied);
	CU_add_test(s, "growth refused when the range is full", test_growth_refused_when_range_full);
}
