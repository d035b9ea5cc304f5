/* SPDX-License-Identifier: BSD-3-Clause */
/* rte_eal_paging.h: map/unmap/lock and the page size, on anonymous memory and a temp file. */

#include <CUnit/Basic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <rte_eal_paging.h>
#include <rte_errno.h>

#include "test_util.h"

static void test_page_size(void)
{
	size_t pg = rte_mem_page_size();
	CU_ASSERT_EQUAL(pg, (size_t)sysconf(_SC_PAGESIZE));
	CU_ASSERT(pg >= 4096 && (pg & (pg - 1)) == 0);
}

static void test_map_anonymous(void)
{
	size_t len = 4 * rte_mem_page_size();
	char *p = rte_mem_map(NULL, len, RTE_PROT_READ | RTE_PROT_WRITE,
			      RTE_MAP_PRIVATE | RTE_MAP_ANONYMOUS, -1, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_EQUAL((uintptr_t)p % rte_mem_page_size(), 0);
	CU_ASSERT_EQUAL(p[0], 0); /* anonymous memory starts zeroed */
	memset(p, 0xa5, len);
	CU_ASSERT_EQUAL((unsigned char)p[len - 1], 0xa5);
	CU_ASSERT_EQUAL(rte_mem_lock(p, len), 0);
	CU_ASSERT_EQUAL(rte_mem_unmap(p, len), 0);
}

static void test_map_file_shared(void)
{
	char path[] = "/tmp/openeal-paging.XXXXXX";
	int fd = mkstemp(path);
	CU_ASSERT_FATAL(fd >= 0);
	unlink(path);
	size_t pg = rte_mem_page_size();
	CU_ASSERT_FATAL(ftruncate(fd, (off_t)(2 * pg)) == 0);

	/* The second page, shared: a write through the mapping reaches the file. */
	char *p = rte_mem_map(NULL, pg, RTE_PROT_READ | RTE_PROT_WRITE, RTE_MAP_SHARED, fd, pg);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	memcpy(p, "peer", 4);
	char buf[4];
	CU_ASSERT_EQUAL(pread(fd, buf, 4, (off_t)pg), 4);
	CU_ASSERT_EQUAL(memcmp(buf, "peer", 4), 0);
	CU_ASSERT_EQUAL(rte_mem_unmap(p, pg), 0);
	close(fd);
}

struct map_call {
	void *addr;
	size_t len;
	int flags;
	void *ret;
	int err;
};

static void map_fn(void *p)
{
	struct map_call *c = p;
	rte_errno = 0;
	c->ret = rte_mem_map(c->addr, c->len, RTE_PROT_READ | RTE_PROT_WRITE, c->flags, -1, 0);
	c->err = rte_errno;
}

/* Map expecting failure with err, and exactly one line logged. */
static void expect_map_error(void *addr, size_t len, int flags, int err)
{
	struct map_call c = {addr, len, flags, NULL, 0};
	char *log = test_capture_log(map_fn, &c);
	CU_ASSERT_PTR_NULL(c.ret);
	CU_ASSERT_EQUAL(c.err, err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(log);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "rte_mem_map of"));
	CU_ASSERT_PTR_NOT_NULL(strchr(log, '\n'));
	CU_ASSERT_PTR_NULL(strchr(strchr(log, '\n') + 1, '\n'));
	free(log);
}

static void test_force_address(void)
{
	size_t pg = rte_mem_page_size();
	/* Reserve two pages, free the second: a forced map there succeeds... */
	char *base = rte_mem_map(NULL, 2 * pg, RTE_PROT_READ, RTE_MAP_PRIVATE | RTE_MAP_ANONYMOUS,
				 -1, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(base);
	CU_ASSERT_EQUAL(rte_mem_unmap(base + pg, pg), 0);
	char *p = rte_mem_map(base + pg, pg, RTE_PROT_READ | RTE_PROT_WRITE,
			      RTE_MAP_PRIVATE | RTE_MAP_ANONYMOUS | RTE_MAP_FORCE_ADDRESS, -1, 0);
	CU_ASSERT_PTR_EQUAL(p, base + pg);
	/* ...and over the first, still mapped, it fails instead of replacing it (DPDK's
	 * MAP_FIXED would silently drop the old mapping). */
	expect_map_error(base, pg, RTE_MAP_PRIVATE | RTE_MAP_ANONYMOUS | RTE_MAP_FORCE_ADDRESS,
			 EEXIST);
	CU_ASSERT_EQUAL(rte_mem_unmap(base, 2 * pg), 0);
}

static void test_bad_arguments(void)
{
	int anon = RTE_MAP_PRIVATE | RTE_MAP_ANONYMOUS;
	expect_map_error(NULL, 0, anon, EINVAL);
	expect_map_error(NULL, 4096, RTE_MAP_ANONYMOUS, EINVAL);
	expect_map_error(NULL, 4096, anon | RTE_MAP_SHARED, EINVAL);
	expect_map_error(NULL, 4096, anon | RTE_MAP_FORCE_ADDRESS, EINVAL);
	expect_map_error(NULL, 4096, anon | (1 << 9), EINVAL);
	/* A bad file descriptor: the kernel's reason. */
	expect_map_error(NULL, 4096, RTE_MAP_SHARED, EBADF);
}

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	CU_pSuite s = CU_add_suite("eal_paging", NULL, NULL);
	CU_add_test(s, "page size", test_page_size);
	CU_add_test(s, "anonymous map, lock, unmap", test_map_anonymous);
	CU_add_test(s, "shared file map at an offset", test_map_file_shared);
	CU_add_test(s, "forced address never replaces a mapping", test_force_address);
	CU_add_test(s, "bad arguments: one line each", test_bad_arguments);
	return test_run_registry();
}
