/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rte_malloc, rte_memzone and the memory options through rte_eal_init, on this machine's
 * ordinary pages (--no-huge; without it too, the process's hugepage tree is empty, test_util.h,
 * so the host's hugepages are never seen or taken). Checks what the process really holds:
 * locked memory (VmLck), file descriptors, heap statistics.
 */

#include <CUnit/CUnit.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_eal_paging.h>
#include <rte_errno.h>
#include <rte_iova.h>
#include <rte_malloc.h>
#include <rte_memory.h>
#include <rte_memzone.h>

#include "test_mem.h"
#include "test_util.h"

#if defined(__SANITIZE_ADDRESS__)
#define MLOCK_IS_NOOP 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MLOCK_IS_NOOP 1
#endif
#endif
#ifndef MLOCK_IS_NOOP
#define MLOCK_IS_NOOP 0
#endif

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

/* rte_eal_init with the log captured: the malloc'd log. */
static char *init_logged(struct init_args *a)
{
	char *log = test_capture_log(init_fn, a);
	CU_ASSERT_PTR_NOT_NULL_FATAL(log);
	return log;
}

static unsigned long vm_locked_kb(void)
{
	FILE *f = fopen("/proc/self/status", "re");
	char line[128];
	unsigned long kb = 0;
	while (f != NULL && fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "VmLck: %lu kB", &kb) == 1)
			break;
	if (f != NULL)
		fclose(f);
	return kb;
}

static unsigned int lines(const char *text)
{
	unsigned int n = 0;
	for (const char *p = text; *p != '\0'; p++)
		n += *p == '\n';
	return n;
}

static void test_before_init(void)
{
	rte_errno = 0;
	CU_ASSERT_PTR_NULL(rte_malloc(NULL, 64, 0));
	CU_ASSERT_EQUAL(rte_errno, E_RTE_NO_CONFIG);
	CU_ASSERT_PTR_NULL(rte_memzone_reserve("early", 64, SOCKET_ID_ANY, 0));
	CU_ASSERT_EQUAL(rte_errno, E_RTE_NO_CONFIG);
	struct rte_malloc_socket_stats st;
	CU_ASSERT_EQUAL(rte_malloc_get_socket_stats(0, &st), 0);
	CU_ASSERT_EQUAL(st.heap_totalsz_bytes, 0);
	/* A VA-mode-agnostic answer for foreign memory: itself before init (mode DC). */
	int x;
	CU_ASSERT_EQUAL(rte_mem_virt2iova(&x), (rte_iova_t)(uintptr_t)&x);
	CU_ASSERT_TRUE(rte_socket_id() < rte_socket_count());
}

static void test_malloc_family(void)
{
	unsigned long locked0 = vm_locked_kb();
	struct init_args a = {.argv = {"app", "--no-pci", "--no-huge", NULL}};
	char *log = init_logged(&a);
	CU_ASSERT_EQUAL_FATAL(a.ret, 2);
	CU_ASSERT_STRING_EQUAL(log, "");
	free(log);
	CU_ASSERT_EQUAL(rte_eal_iova_mode(), RTE_IOVA_VA);

	/* Lazy: nothing is reserved until asked for. */
	struct rte_malloc_socket_stats st;
	unsigned int s = rte_socket_id();
	CU_ASSERT_EQUAL(rte_malloc_get_socket_stats((int)s, &st), 0);
	CU_ASSERT_EQUAL(st.heap_totalsz_bytes, 0);
	CU_ASSERT_EQUAL(vm_locked_kb(), locked0);

	char *p = rte_malloc("test", 100, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_EQUAL((uintptr_t)p % RTE_CACHE_LINE_SIZE, 0);
	CU_ASSERT_EQUAL(rte_malloc_virt2iova(p), (rte_iova_t)(uintptr_t)p);
	CU_ASSERT_EQUAL(rte_mem_virt2iova(p + 10), (rte_iova_t)(uintptr_t)(p + 10));
	/* Ordinary pages, locked: at least the 2 MiB first segment (ASan makes mlock a no-op). */
	if (!MLOCK_IS_NOOP)
		CU_ASSERT_TRUE(vm_locked_kb() >= locked0 + 2048);
	CU_ASSERT_EQUAL(rte_malloc_get_socket_stats((int)s, &st), 0);
	CU_ASSERT_TRUE(st.heap_totalsz_bytes >= 2u << 20);
	CU_ASSERT_EQUAL(st.alloc_count, 1);

	void *q = rte_malloc_socket(NULL, 5000, 4096, SOCKET_ID_ANY);
	CU_ASSERT_EQUAL((uintptr_t)q % 4096, 0);
	memset(q, 0xff, 5000);
	rte_free(q);
	unsigned char *z = rte_zmalloc(NULL, 5000, 4096);
	CU_ASSERT_PTR_NOT_NULL_FATAL(z);
	unsigned int nonzero = 0;
	for (int i = 0; i < 5000; i++)
		nonzero += z[i] != 0;
	CU_ASSERT_EQUAL(nonzero, 0);
	unsigned int *c = rte_calloc_socket(NULL, 10, sizeof(*c), 0, (int)s);
	CU_ASSERT_PTR_NOT_NULL(c);
	CU_ASSERT_EQUAL(c != NULL ? c[9] : 1, 0);

	/* Bad requests. */
	CU_ASSERT_PTR_NULL(rte_malloc(NULL, 0, 0));
	CU_ASSERT_PTR_NULL(rte_malloc(NULL, 64, 48));
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	CU_ASSERT_PTR_NULL(rte_calloc(NULL, SIZE_MAX / 2, 4, 0));
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	CU_ASSERT_PTR_NULL(rte_malloc_socket(NULL, 64, 0, RTE_MAX_NUMA_NODES));
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	CU_ASSERT_EQUAL(rte_malloc_get_socket_stats(-1, &st), -1);
	/* Foreign pointers: one line, ignored. Foreign addresses have no malloc IOVA. */
	int local;
	rte_free(NULL);
	log = test_capture_log(rte_free, &local);
	CU_ASSERT_EQUAL(lines(log), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "not memory from rte_malloc"));
	free(log);
	CU_ASSERT_EQUAL(rte_malloc_virt2iova(&local), RTE_BAD_IOVA);

	rte_free(p);
	rte_free(z);
	rte_free(c);
	CU_ASSERT_EQUAL(rte_malloc_get_socket_stats((int)s, &st), 0);
	CU_ASSERT_EQUAL(st.alloc_count, 0);
	CU_ASSERT_EQUAL(st.heap_allocsz_bytes, 0);
	CU_ASSERT_EQUAL(st.free_count, 1); /* everything merged back */

	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
	CU_ASSERT_EQUAL(vm_locked_kb(), locked0);
	CU_ASSERT_PTR_NULL(rte_malloc(NULL, 64, 0));
}

/* rte_realloc(_socket) as DPDK 22.11, and rte_malloc_dump_stats. */
static void test_realloc(void)
{
	struct init_args a = {.argv = {"app", "--no-pci", "--no-huge", NULL}};
	char *log = init_logged(&a);
	CU_ASSERT_EQUAL_FATAL(a.ret, 2);
	free(log);

	/* NULL: an allocation. */
	char *p = rte_realloc(NULL, 1000, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	for (int i = 0; i < 1000; i++)
		p[i] = (char)i;
	/*
	 * Shrinking stays in place. p was carved from the top of the heap's first region, so
	 * nothing free follows it: growing moves it, keeping the data.
	 */
	CU_ASSERT_PTR_EQUAL(rte_realloc(p, 500, 0), p);
	char *blocker = rte_malloc(NULL, 64, 0); /* a second block, for the dump below */
	CU_ASSERT_PTR_NOT_NULL_FATAL(blocker);
	char *q = rte_realloc(p, 100000, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(q);
	unsigned int bad = 0;
	for (int i = 0; i < 500; i++)
		bad += q[i] != (char)i;
	CU_ASSERT_EQUAL(bad, 0);
	size_t usable;
	CU_ASSERT_PTR_NOT_EQUAL(q, p);
	CU_ASSERT_EQUAL(rte_malloc_validate(p, NULL), -1);
	CU_ASSERT_EQUAL(rte_malloc_validate(q, &usable), 0);
	CU_ASSERT_TRUE(usable >= 100000);
	/* A new alignment the block lacks moves it. */
	size_t align = 4096;
	while (((uintptr_t)q & (align - 1)) == 0)
		align *= 2;
	char *r = rte_realloc_socket(q, 100000, (unsigned int)align, (int)rte_socket_id());
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_EQUAL((uintptr_t)r % align, 0);
	CU_ASSERT_EQUAL(r[499], (char)499);

	/* Bad requests leave the block as it was. */
	rte_errno = 0;
	CU_ASSERT_PTR_NULL(rte_realloc(r, 64, 48));
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	CU_ASSERT_PTR_NULL(rte_realloc_socket(r, 64, 0, RTE_MAX_NUMA_NODES));
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	CU_ASSERT_EQUAL(rte_malloc_validate(r, NULL), 0);
	int local;
	CU_ASSERT_PTR_NULL(rte_realloc(&local, 64, 0)); /* and one line */
	CU_ASSERT_EQUAL(rte_errno, EINVAL);

	/* The statistics dump names each heap with DPDK's fields. */
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	rte_malloc_dump_stats(f, NULL);
	fclose(f);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "Heap socket_0 (socket 0):"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\tAlloc_count:2,"));
	free(text);

	/* Size 0 frees, as DPDK's header says. */
	CU_ASSERT_PTR_NULL(rte_realloc(r, 0, 0));
	CU_ASSERT_EQUAL(rte_malloc_validate(r, NULL), -1);
	rte_free(blocker);
	struct rte_malloc_socket_stats st;
	CU_ASSERT_EQUAL(rte_malloc_get_socket_stats((int)rte_socket_id(), &st), 0);
	CU_ASSERT_EQUAL(st.alloc_count, 0);
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
}

static void test_memzones(void)
{
	struct init_args a = {.argv = {"app", "--no-pci", "--no-huge", NULL}};
	free(init_logged(&a));
	CU_ASSERT_EQUAL_FATAL(a.ret, 2);

	const struct rte_memzone *mz = rte_memzone_reserve("ring0", 1000, SOCKET_ID_ANY, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(mz);
	CU_ASSERT_STRING_EQUAL(mz->name, "ring0");
	CU_ASSERT_EQUAL(mz->len, 1024);
	CU_ASSERT_EQUAL((uintptr_t)mz->addr % RTE_CACHE_LINE_SIZE, 0);
	CU_ASSERT_EQUAL(mz->iova, (rte_iova_t)(uintptr_t)mz->addr);
	CU_ASSERT_EQUAL(mz->hugepage_sz, (uint64_t)sysconf(_SC_PAGESIZE));
	CU_ASSERT_EQUAL(mz->socket_id, (int32_t)rte_socket_id());
	memset(mz->addr, 0x5a, mz->len);
	CU_ASSERT_PTR_EQUAL(rte_memzone_lookup("ring0"), mz);

	const struct rte_memzone *al =
	    rte_memzone_reserve_aligned("desc", 8192, 0, RTE_MEMZONE_IOVA_CONTIG, 4096);
	CU_ASSERT_PTR_NOT_NULL_FATAL(al);
	CU_ASSERT_EQUAL(al->iova % 4096, 0);
	CU_ASSERT_EQUAL(al->flags, RTE_MEMZONE_IOVA_CONTIG);

	rte_errno = 0;
	CU_ASSERT_PTR_NULL(rte_memzone_reserve("ring0", 64, SOCKET_ID_ANY, 0));
	CU_ASSERT_EQUAL(rte_errno, EEXIST);
	CU_ASSERT_PTR_NULL(
	    rte_memzone_reserve("a_name_that_is_far_too_long_for_a_zone", 64, SOCKET_ID_ANY, 0));
	CU_ASSERT_EQUAL(rte_errno, ENAMETOOLONG);
	CU_ASSERT_PTR_NULL(rte_memzone_reserve("zero", 0, SOCKET_ID_ANY, 0));
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	CU_ASSERT_PTR_NULL(rte_memzone_reserve("flags", 64, SOCKET_ID_ANY, 0x8));
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	CU_ASSERT_PTR_NULL(rte_memzone_reserve_aligned("align", 64, SOCKET_ID_ANY, 0, 100));
	CU_ASSERT_EQUAL(rte_errno, EINVAL);

	CU_ASSERT_EQUAL(rte_memzone_free(mz), 0);
	CU_ASSERT_PTR_NULL(rte_memzone_lookup("ring0"));
	CU_ASSERT_EQUAL(rte_errno, ENOENT);
	CU_ASSERT_EQUAL(rte_memzone_free(mz), -EINVAL);
	CU_ASSERT_EQUAL(rte_memzone_free(NULL), -EINVAL);
	/* The name is free again. */
	CU_ASSERT_PTR_NOT_NULL(rte_memzone_reserve("ring0", 64, SOCKET_ID_ANY, 0));

	/* Cleanup frees the memzones left ("desc", "ring0"). */
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
	CU_ASSERT_PTR_NULL(rte_memzone_lookup("desc"));
}

/* rte_memzone_reserve_bounded: no zone crosses a multiple of bound; DPDK's argument rules. */
static void test_memzone_bounded(void)
{
	struct init_args a = {.argv = {"app", "--no-pci", "--no-huge", NULL}};
	free(init_logged(&a));
	CU_ASSERT_EQUAL_FATAL(a.ret, 2);

	const struct rte_memzone *z[24];
	unsigned int at_boundary = 0;
	for (unsigned int i = 0; i < RTE_DIM(z); i++) {
		char name[16];
		size_t len = 1500 + (i * 613) % 2500; /* up to 4000 bytes */
		snprintf(name, sizeof(name), "bnd%u", i);
		z[i] = rte_memzone_reserve_bounded(name, len, SOCKET_ID_ANY, 0, 64, 4096);
		CU_ASSERT_PTR_NOT_NULL_FATAL(z[i]);
		CU_ASSERT_EQUAL(z[i]->iova / 4096, (z[i]->iova + z[i]->len - 1) / 4096);
		CU_ASSERT_EQUAL((uintptr_t)z[i]->addr / 4096,
				((uintptr_t)z[i]->addr + z[i]->len - 1) / 4096);
		at_boundary += z[i]->iova % 4096 == 0;
	}
	CU_ASSERT_TRUE(at_boundary > 0); /* the bound moved some of them */
	/* Exactly the bound after cache-line rounding: fits, at a boundary. */
	const struct rte_memzone *full = rte_memzone_reserve_bounded("full", 4090, 0, 0, 0, 4096);
	CU_ASSERT_PTR_NOT_NULL_FATAL(full);
	CU_ASSERT_EQUAL(full->iova % 4096, 0);
	/* Bound 0: no boundary, as rte_memzone_reserve_aligned. */
	const struct rte_memzone *free_zone =
	    rte_memzone_reserve_bounded("nobound", 10000, SOCKET_ID_ANY, 0, 128, 0);
	CU_ASSERT_PTR_NOT_NULL(free_zone);
	CU_ASSERT_EQUAL((uintptr_t)free_zone->addr % 128, 0);

	rte_errno = 0;
	CU_ASSERT_PTR_NULL(rte_memzone_reserve_bounded("b1", 64, SOCKET_ID_ANY, 0, 64, 3000));
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	rte_errno = 0;
	CU_ASSERT_PTR_NULL(rte_memzone_reserve_bounded("b2", 4097, SOCKET_ID_ANY, 0, 64, 4096));
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	rte_errno = 0;
	CU_ASSERT_PTR_NULL(rte_memzone_reserve_bounded("b3", 40, SOCKET_ID_ANY, 0, 64, 32));
	CU_ASSERT_EQUAL(rte_errno, EINVAL); /* 64 after rounding to a cache line */
	CU_ASSERT_PTR_NULL(rte_memzone_lookup("b2"));
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
}

static void test_mem_page_size(void)
{
	size_t sz = rte_mem_page_size();
	CU_ASSERT_EQUAL(sz, (size_t)sysconf(_SC_PAGESIZE));
	CU_ASSERT_TRUE(RTE_IS_POWER_OF_2(sz));
	CU_ASSERT_EQUAL(rte_mem_page_size(), sz); /* the cached value */
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

static void test_reserve_and_limit(void)
{
	struct init_args a = {.argv = {"app", "--no-pci", "--no-huge", "-m", "4", NULL}};
	free(init_logged(&a));
	CU_ASSERT_EQUAL_FATAL(a.ret, 4);
	struct rte_malloc_socket_stats st;
	CU_ASSERT_EQUAL(rte_malloc_get_socket_stats((int)rte_socket_id(), &st), 0);
	CU_ASSERT_EQUAL(st.heap_totalsz_bytes, 4u << 20); /* reserved at init */

	void *big = rte_malloc(NULL, 3u << 20, 0);
	CU_ASSERT_PTR_NOT_NULL(big);
	/* The limit holds: one line says so and what to do. */
	struct alloc_call c = {.size = 2u << 20};
	char *log = test_capture_log(alloc_fn, &c);
	CU_ASSERT_PTR_NULL(c.p);
	CU_ASSERT_EQUAL(c.err, ENOMEM);
	CU_ASSERT_EQUAL(lines(log), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "-m/--socket-mem limit"));
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "fix: raise the limit"));
	free(log);
	/* What is free inside the reservation is still served. */
	void *small = rte_malloc(NULL, 512u << 10, 0);
	CU_ASSERT_PTR_NOT_NULL(small);
	CU_ASSERT_EQUAL(rte_malloc_get_socket_stats((int)rte_socket_id(), &st), 0);
	CU_ASSERT_EQUAL(st.heap_totalsz_bytes, 4u << 20);
	rte_free(big);
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
}

/* Each bad memory option: init fails with EINVAL and exactly one line naming it. */
static void test_option_errors(void)
{
	static const struct {
		char *args[6];
		const char *expect;
	} cases[] = {
	    {{"-m", "abc"}, "option -m/--memory: invalid size 'abc'"},
	    {{"-m", "0"}, "option -m/--memory: invalid size '0'"},
	    {{"--memory=12x"}, "option -m/--memory: invalid size '12x'"},
	    {{"-m", "64", "--socket-mem", "64"}, "option --socket-mem: cannot be combined with -m"},
	    {{"--socket-mem", "64", "-m", "64"},
	     "option -m/--memory: cannot be combined with "
	     "--socket-mem"},
	    {{"--socket-mem", "1,x"}, "option --socket-mem: invalid list '1,x'"},
	    {{"--socket-mem", "1,,2"}, "option --socket-mem: invalid list '1,,2'"},
	    {{"--socket-mem", "0,0"}, "option --socket-mem: '0,0' asks for no memory"},
	    {{"--no-huge", "--socket-mem", "8"},
	     "option --socket-mem: cannot be combined with "
	     "--no-huge"},
	    {{"--no-huge", "--huge-dir", "/dev/hugepages"},
	     "option --huge-dir: cannot be combined with --no-huge"},
	    {{"--huge-dir", "/dev/hugepages", "--no-huge"},
	     "option --no-huge: cannot be combined with --huge-dir"},
	    {{"--huge-dir="}, "option --huge-dir: empty directory"},
	    {{"--base-virtaddr", "4G"}, "option --base-virtaddr: invalid address '4G'"},
	    {{"--base-virtaddr", "0"}, "option --base-virtaddr: invalid address '0'"},
	    {{"--base-virtaddr=-1000"}, "option --base-virtaddr: invalid address '-1000'"},
	    {{"--base-virtaddr", " 1000"}, "option --base-virtaddr: invalid address ' 1000'"},
	    {{"--base-virtaddr", "0x100000000000000"},
	     "option --base-virtaddr: invalid address '0x100000000000000'"},
	};
	int fds = test_count_fds();
	for (size_t i = 0; i < RTE_DIM(cases); i++) {
		struct init_args a = {.argv = {"app", "--no-pci"}};
		for (int k = 0; cases[i].args[k] != NULL; k++)
			a.argv[2 + k] = cases[i].args[k];
		char *log = init_logged(&a);
		CU_ASSERT_EQUAL(a.ret, -1);
		CU_ASSERT_EQUAL(a.err, EINVAL);
		CU_ASSERT_EQUAL(lines(log), 1);
		if (strstr(log, cases[i].expect) == NULL)
			fprintf(stderr, "\ncase %zu: expected '%s' in '%s'\n", i, cases[i].expect,
				log);
		CU_ASSERT_PTR_NOT_NULL(strstr(log, cases[i].expect));
		free(log);
	}
	CU_ASSERT_EQUAL(test_count_fds(), fds);
}

/* A failure after the options parsed (memory setup, IOVA decision) leaves nothing behind. */
static void test_failed_init_leaves_nothing(void)
{
	int fds = test_count_fds();
	unsigned long locked = vm_locked_kb();
	struct init_args a = {
	    .argv = {"app", "--no-pci", "--huge-dir", "/nonexistent-openeal", "-m", "4", NULL}};
	char *log = init_logged(&a);
	CU_ASSERT_EQUAL(a.ret, -1);
	CU_ASSERT_EQUAL(a.err, EINVAL);
	CU_ASSERT_EQUAL(lines(log), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "option --huge-dir: /nonexistent-openeal is not a "
					   "hugetlbfs mount"));
	free(log);

	/* PA with --no-huge cannot work: row A2 refuses init. */
	struct init_args pa = {.argv = {"app", "--no-pci", "--no-huge", "--iova-mode", "pa", NULL}};
	log = init_logged(&pa);
	CU_ASSERT_EQUAL(pa.ret, -1);
	CU_ASSERT_TRUE(pa.err == EINVAL || pa.err == EACCES);
	CU_ASSERT_EQUAL(lines(log), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "cannot decide (rule A2)"));
	free(log);

	struct rte_iova_report r;
	rte_eal_iova_report(&r);
	CU_ASSERT_FALSE(r.decided);
	CU_ASSERT_EQUAL(rte_eal_iova_mode(), RTE_IOVA_DC);
	CU_ASSERT_PTR_NULL(rte_malloc(NULL, 64, 0));
	CU_ASSERT_EQUAL(test_count_fds(), fds);
	CU_ASSERT_EQUAL(vm_locked_kb(), locked);
}

static void *churn(void *arg)
{
	unsigned int seed = (unsigned int)(uintptr_t)arg;
	void *slots[32] = {0};
	uintptr_t bad = 0;
	for (int i = 0; i < 5000; i++) {
		unsigned int k = (unsigned int)rand_r(&seed) % RTE_DIM(slots);
		if (slots[k] != NULL) {
			bad += *(unsigned char *)slots[k] != (unsigned char)k;
			rte_free(slots[k]);
			slots[k] = NULL;
		} else {
			size_t sz = 1 + (size_t)rand_r(&seed) % 20000;
			slots[k] = rte_malloc(NULL, sz, 0);
			if (slots[k] == NULL)
				bad++;
			else
				memset(slots[k], (int)k, sz);
		}
	}
	for (unsigned int k = 0; k < RTE_DIM(slots); k++)
		rte_free(slots[k]);
	return (void *)bad;
}

static void test_threads_and_cycles(void)
{
	int fds = test_count_fds();
	unsigned long locked = vm_locked_kb();
	for (int cycle = 0; cycle < 3; cycle++) {
		struct init_args a = {.argv = {"app", "--no-pci", "--no-huge", NULL}};
		free(init_logged(&a));
		CU_ASSERT_EQUAL_FATAL(a.ret, 2);
		pthread_t t[4];
		for (uintptr_t i = 0; i < 4; i++)
			CU_ASSERT_EQUAL_FATAL(pthread_create(&t[i], NULL, churn, (void *)(i + 1)),
					      0);
		for (int i = 0; i < 4; i++) {
			void *bad;
			pthread_join(t[i], &bad);
			CU_ASSERT_PTR_NULL(bad);
		}
		struct rte_malloc_socket_stats st;
		rte_malloc_get_socket_stats((int)rte_socket_id(), &st);
		CU_ASSERT_EQUAL(st.alloc_count, 0);
		/* Left allocated on purpose: cleanup takes it back. */
		CU_ASSERT_PTR_NOT_NULL(rte_malloc(NULL, 100000, 0));
		CU_ASSERT_PTR_NOT_NULL(rte_memzone_reserve("left", 100, SOCKET_ID_ANY, 0));
		CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
		CU_ASSERT_EQUAL(vm_locked_kb(), locked);
	}
	CU_ASSERT_EQUAL(test_count_fds(), fds);
}

void test_mem_add_api_suite(void)
{
	CU_pSuite s = CU_add_suite("memory API through rte_eal_init", NULL, NULL);
	CU_add_test(s, "nothing before init", test_before_init);
	CU_add_test(s, "rte_malloc family", test_malloc_family);
	CU_add_test(s, "rte_realloc and rte_malloc_dump_stats", test_realloc);
	CU_add_test(s, "memzones", test_memzones);
	CU_add_test(s, "rte_memzone_reserve_bounded", test_memzone_bounded);
	CU_add_test(s, "rte_mem_page_size", test_mem_page_size);
	CU_add_test(s, "-m reserves and limits", test_reserve_and_limit);
	CU_add_test(s, "bad memory options: one line each", test_option_errors);
	CU_add_test(s, "failed init leaves nothing", test_failed_init_leaves_nothing);
	CU_add_test(s, "threads and init/cleanup cycles", test_threads_and_cycles);
}
