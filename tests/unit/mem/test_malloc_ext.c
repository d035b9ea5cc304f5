/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * External heaps and rte_malloc_validate through rte_eal_init: names and errors, memory of the
 * test's own added, served, translated (IOVA == VA), listed as external memsegs, removed only
 * when unused; IOVA as VA refuses IOVAs that are not the addresses and memory beyond a fake
 * 39-bit IOMMU width, with one line each; cleanup forgets the heaps and leaves the memory.
 */

#include <CUnit/CUnit.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_malloc.h>
#include <rte_memory.h>
#include <rte_memzone.h>

#include "fake_sysfs_host.h"
#include "test_mem.h"
#include "test_util.h"

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

#define EXT_LEN (4u << 20)
#define PG 4096u

static unsigned int lines(const char *text)
{
	unsigned int n = 0;
	for (const char *p = text; *p != '\0'; p++)
		n += *p == '\n';
	return n;
}

static int init_no_huge(void)
{
	char *argv[] = {"app", "--no-pci", "--no-huge", NULL};
	return rte_eal_init(3, argv);
}

static void test_names(void)
{
	rte_errno = 0;
	CU_ASSERT_EQUAL(rte_malloc_heap_create("early"), -1);
	CU_ASSERT_EQUAL(rte_errno, E_RTE_NO_CONFIG);
	CU_ASSERT_EQUAL_FATAL(init_no_huge(), 2);

	CU_ASSERT_EQUAL(rte_malloc_heap_create(NULL), -1);
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	CU_ASSERT_EQUAL(rte_malloc_heap_create(""), -1);
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	CU_ASSERT_EQUAL(rte_malloc_heap_create("a_heap_name_of_thirty_two_bytes_"), -1);
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	CU_ASSERT_EQUAL(rte_malloc_heap_create("socket_0"), -1); /* the internal heap */
	CU_ASSERT_EQUAL(rte_errno, EEXIST);
	CU_ASSERT_EQUAL(rte_malloc_heap_destroy("socket_0"), -1);
	CU_ASSERT_EQUAL(rte_errno, EPERM);
	CU_ASSERT_EQUAL(rte_malloc_heap_destroy("nosuch"), -1);
	CU_ASSERT_EQUAL(rte_errno, ENOENT);

	CU_ASSERT_EQUAL(rte_malloc_heap_create("ext"), 0);
	CU_ASSERT_EQUAL(rte_malloc_heap_create("ext"), -1);
	CU_ASSERT_EQUAL(rte_errno, EEXIST);
	int s = rte_malloc_heap_get_socket("ext");
	CU_ASSERT_TRUE(s >= 256);
	CU_ASSERT_EQUAL(rte_malloc_heap_get_socket("socket_0"), 0);
	CU_ASSERT_EQUAL(rte_malloc_heap_get_socket("nosuch"), -1);
	CU_ASSERT_EQUAL(rte_errno, ENOENT);
	CU_ASSERT_EQUAL(rte_malloc_heap_socket_is_external(s), 1);
	CU_ASSERT_EQUAL(rte_malloc_heap_socket_is_external(0), 0);
	CU_ASSERT_EQUAL(rte_malloc_heap_socket_is_external(-5), -1);
	/* An empty heap serves nothing and has no statistics to speak of. */
	CU_ASSERT_PTR_NULL(rte_malloc_socket(NULL, 64, 0, s));
	struct rte_malloc_socket_stats st;
	CU_ASSERT_EQUAL(rte_malloc_get_socket_stats(s, &st), 0);
	CU_ASSERT_EQUAL(st.heap_totalsz_bytes, 0);
	CU_ASSERT_EQUAL(rte_malloc_heap_destroy("ext"), 0);
	CU_ASSERT_EQUAL(rte_malloc_heap_get_socket("ext"), -1);
	CU_ASSERT_EQUAL(rte_malloc_get_socket_stats(s, &st), -1);
	/* Ids are not reused. */
	CU_ASSERT_EQUAL(rte_malloc_heap_create("ext"), 0);
	CU_ASSERT_NOT_EQUAL(rte_malloc_heap_get_socket("ext"), s);
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
	CU_ASSERT_EQUAL(rte_malloc_heap_get_socket("ext"), -1); /* forgotten */
}

struct count {
	unsigned int external_pages;
};

static int count_external(const struct rte_memseg_list *msl, const struct rte_memseg *ms,
			  void *arg)
{
	struct count *c = arg;
	c->external_pages += msl->external == 1 && ms->len == PG;
	return 0;
}

struct add_call {
	const char *heap;
	void *va;
	size_t len;
	rte_iova_t *iovas;
	int ret;
	int err;
};

static void add_fn(void *arg)
{
	struct add_call *a = arg;
	rte_errno = 0;
	a->ret = rte_malloc_heap_memory_add(a->heap, a->va, a->len, a->iovas,
					    (unsigned int)(a->len / PG), PG);
	a->err = rte_errno;
}

static void test_memory(void)
{
	CU_ASSERT_EQUAL_FATAL(init_no_huge(), 2);
	char *mem = mmap(NULL, EXT_LEN, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CU_ASSERT_NOT_EQUAL_FATAL(mem, MAP_FAILED);
	CU_ASSERT_EQUAL_FATAL(rte_malloc_heap_create("mine"), 0);
	int s = rte_malloc_heap_get_socket("mine");

	/* Bad arguments: a page count that is not the IOVA table's (without one it is unused). */
	rte_iova_t *given = calloc(EXT_LEN / PG, sizeof(*given));
	CU_ASSERT_PTR_NOT_NULL_FATAL(given);
	for (size_t i = 0; i < EXT_LEN / PG; i++)
		given[i] = (uintptr_t)mem + i * PG;
	CU_ASSERT_EQUAL(rte_malloc_heap_memory_add("mine", mem, EXT_LEN, given, 7, PG), -1);
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	free(given);
	CU_ASSERT_EQUAL(rte_malloc_heap_memory_add("mine", mem + 64, PG, NULL, 1, PG), -1);
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	CU_ASSERT_EQUAL(rte_malloc_heap_memory_add("mine", mem, EXT_LEN, NULL, EXT_LEN / 3000,
						   3000),
			-1);
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	CU_ASSERT_EQUAL(rte_malloc_heap_memory_add("nosuch", mem, EXT_LEN, NULL, EXT_LEN / PG, PG),
			-1);
	CU_ASSERT_EQUAL(rte_errno, ENOENT);
	CU_ASSERT_EQUAL(
	    rte_malloc_heap_memory_add("socket_0", mem, EXT_LEN, NULL, EXT_LEN / PG, PG), -1);
	CU_ASSERT_EQUAL(rte_errno, EPERM);

	/* DPDK's test_malloc.c form: no IOVAs, n_pages 0. */
	CU_ASSERT_EQUAL_FATAL(rte_malloc_heap_memory_add("mine", mem, EXT_LEN, NULL, 0, PG), 0);
	struct add_call twice = {.heap = "mine", .va = mem, .len = EXT_LEN};
	char *log = test_capture_log(add_fn, &twice);
	CU_ASSERT_EQUAL(twice.ret, -1);
	CU_ASSERT_EQUAL(twice.err, EEXIST);
	CU_ASSERT_EQUAL(lines(log), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "overlaps DMA memory openeal holds already"));
	free(log);
	CU_ASSERT_EQUAL(rte_malloc_heap_destroy("mine"), -1);
	CU_ASSERT_EQUAL(rte_errno, EBUSY);

	char *p = rte_malloc_socket(NULL, 100000, 0, s);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_TRUE(p >= mem && p + 100000 <= mem + EXT_LEN);
	CU_ASSERT_EQUAL(rte_malloc_virt2iova(p), (rte_iova_t)(uintptr_t)p);
	memset(p, 0x3c, 100000);
	const struct rte_memzone *mz = rte_memzone_reserve("extzone", 8192, s, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(mz);
	CU_ASSERT_EQUAL(mz->socket_id, s);
	CU_ASSERT_TRUE((char *)mz->addr >= mem && (char *)mz->addr < mem + EXT_LEN);
	/* The heap never grows past what was added. */
	CU_ASSERT_PTR_NULL(rte_malloc_socket(NULL, EXT_LEN, 0, s));
	CU_ASSERT_EQUAL(rte_errno, ENOMEM);
	struct rte_memseg_list *msl = rte_mem_virt2memseg_list(p);
	CU_ASSERT_PTR_NOT_NULL_FATAL(msl);
	CU_ASSERT_EQUAL(msl->external, 1);
	CU_ASSERT_EQUAL(msl->socket_id, s);
	struct count c = {0};
	CU_ASSERT_EQUAL(rte_memseg_walk(count_external, &c), 0);
	CU_ASSERT_EQUAL(c.external_pages, EXT_LEN / PG);
	struct rte_malloc_socket_stats st;
	CU_ASSERT_EQUAL(rte_malloc_get_socket_stats(s, &st), 0);
	CU_ASSERT_EQUAL(st.heap_totalsz_bytes, EXT_LEN);
	CU_ASSERT_EQUAL(st.alloc_count, 2);

	/* rte_malloc_validate: live blocks only. */
	size_t usable = 0;
	CU_ASSERT_EQUAL(rte_malloc_validate(p, &usable), 0);
	CU_ASSERT_TRUE(usable >= 100000);
	CU_ASSERT_EQUAL(rte_malloc_validate(p, NULL), 0);
	int x;
	CU_ASSERT_EQUAL(rte_malloc_validate(&x, &usable), -1);
	CU_ASSERT_EQUAL(rte_malloc_validate(NULL, &usable), -1);

	/* In use: not removed. Unused: removed, and the heap can go. */
	CU_ASSERT_EQUAL(rte_malloc_heap_memory_remove("mine", mem, EXT_LEN), -1);
	CU_ASSERT_EQUAL(rte_errno, EBUSY);
	CU_ASSERT_EQUAL(rte_malloc_heap_memory_remove("mine", mem, PG), -1);
	CU_ASSERT_EQUAL(rte_errno, ENOENT);
	rte_free(p);
	CU_ASSERT_EQUAL(rte_malloc_validate(p, &usable), -1);
	CU_ASSERT_EQUAL(rte_memzone_free(mz), 0);
	CU_ASSERT_EQUAL(rte_malloc_heap_memory_remove("mine", mem, EXT_LEN), 0);
	CU_ASSERT_PTR_NULL(rte_mem_virt2memseg_list(mem));
	CU_ASSERT_EQUAL(rte_malloc_heap_destroy("mine"), 0);

	/* Added again and left there: cleanup forgets it, the memory stays the test's. */
	CU_ASSERT_EQUAL(rte_malloc_heap_create("again"), 0);
	CU_ASSERT_EQUAL(
	    rte_malloc_heap_memory_add("again", mem, EXT_LEN, NULL, EXT_LEN / PG, PG), 0);
	CU_ASSERT_PTR_NOT_NULL(rte_malloc_socket(NULL, 64, 0, rte_malloc_heap_get_socket("again")));
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
	memset(mem, 0x11, EXT_LEN); /* still mapped */
	munmap(mem, EXT_LEN);
}

/* IOVA as VA behind a fake 39-bit IOMMU: the rule holds for memory the API is given too. */
static void test_iova_as_va_rule(void)
{
	struct fake_sysfs *fs = fake_sysfs_create();
	CU_ASSERT_PTR_NOT_NULL_FATAL(fs);
	CU_ASSERT_EQUAL_FATAL(fake_sysfs_add_intel_iommu(fs, "dmar0", (uint64_t)38 << 16), 0);
	CU_ASSERT_EQUAL_FATAL(fake_sysfs_host_env(fs), 0);
	CU_ASSERT_EQUAL_FATAL(init_no_huge(), 2);
	CU_ASSERT_EQUAL_FATAL(rte_eal_iova_mode(), RTE_IOVA_VA);
	CU_ASSERT_EQUAL_FATAL(rte_malloc_heap_create("dma"), 0);

	/* Where the kernel maps by default: above 2^39 (0x7f...). */
	char *high = mmap(NULL, EXT_LEN, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CU_ASSERT_NOT_EQUAL_FATAL(high, MAP_FAILED);
	CU_ASSERT_TRUE_FATAL((uintptr_t)high >= (UINT64_C(1) << 39));
	struct add_call a = {.heap = "dma", .va = high, .len = EXT_LEN};
	char *log = test_capture_log(add_fn, &a);
	/* Taken for the CPU only, as DPDK takes memory without IOVAs; one warning says so. */
	CU_ASSERT_EQUAL(a.ret, 0);
	CU_ASSERT_EQUAL(lines(log), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "lies beyond the IOMMU's 39-bit address width"));
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "added for the CPU only, not for DMA"));
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "fix: map it below 0x8000000000"));
	free(log);
	void *cpu_only = rte_malloc_socket(NULL, 4096, 0, rte_malloc_heap_get_socket("dma"));
	CU_ASSERT_PTR_NOT_NULL_FATAL(cpu_only);
	CU_ASSERT_TRUE((char *)cpu_only >= high && (char *)cpu_only < high + EXT_LEN);
	CU_ASSERT_EQUAL(rte_malloc_virt2iova(cpu_only), RTE_BAD_IOVA);
	CU_ASSERT_EQUAL(rte_mem_virt2memseg(cpu_only, NULL)->iova, RTE_BAD_IOVA);
	rte_free(cpu_only);
	CU_ASSERT_EQUAL(rte_malloc_heap_memory_remove("dma", high, EXT_LEN), 0);

	/* Below the width (1.5 GiB, clear of ASan's shadow too): taken; IOVAs must be VAs. */
	char *low = mmap((void *)(uintptr_t)0x60000000, EXT_LEN, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	CU_ASSERT_EQUAL_FATAL((uintptr_t)low, 0x60000000);
	rte_iova_t *iovas = calloc(EXT_LEN / PG, sizeof(*iovas));
	CU_ASSERT_PTR_NOT_NULL_FATAL(iovas);
	for (size_t i = 0; i < EXT_LEN / PG; i++)
		iovas[i] = 0x1000 + i * PG; /* not the addresses */
	a = (struct add_call){.heap = "dma", .va = low, .len = EXT_LEN, .iovas = iovas};
	log = test_capture_log(add_fn, &a);
	CU_ASSERT_EQUAL(a.ret, -1);
	CU_ASSERT_EQUAL(a.err, EINVAL);
	CU_ASSERT_EQUAL(lines(log), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "in IOVA-as-VA mode a page's IOVA is its address"));
	free(log);
	for (size_t i = 0; i < EXT_LEN / PG; i++)
		iovas[i] = (uintptr_t)low + i * PG;
	a.iovas = iovas;
	log = test_capture_log(add_fn, &a);
	CU_ASSERT_EQUAL(a.ret, 0);
	CU_ASSERT_STRING_EQUAL(log, "");
	free(log);
	void *p = rte_malloc_socket(NULL, 4096, 0, rte_malloc_heap_get_socket("dma"));
	CU_ASSERT_PTR_NOT_NULL(p);
	CU_ASSERT_EQUAL(rte_mem_virt2iova(p), (rte_iova_t)(uintptr_t)p);
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
	free(iovas);
	munmap(low, EXT_LEN);
	munmap(high, EXT_LEN);
	fake_sysfs_host_env_clear();
	fake_sysfs_destroy(fs);
}

void test_mem_add_ext_suite(void)
{
	CU_pSuite s = CU_add_suite("external heaps", NULL, NULL);
	CU_add_test(s, "names, ids and errors", test_names);
	CU_add_test(s, "memory added, served, removed", test_memory);
	CU_add_test(s, "IOVA as VA holds for added memory", test_iova_as_va_rule);
}
