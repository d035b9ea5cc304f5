/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The API paths that need no kernel vfio: the device name with a VF token, argument checks with
 * their lines, and the DMA records of the default container before it has a group (mappings are
 * recorded then and made when the first group attaches). None of these opens a vfio node: the
 * fd count is checked around them.
 */

#include <CUnit/Basic.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_uuid.h>
#include <rte_vfio.h>
#include <rte_vfio_ext.h>

#include "eal_vfio_internal.h"
#include "test_util.h"
#include "test_vfio.h"

#define MB2 (2ULL << 20)

static void test_device_name(void)
{
	char buf[128];
	rte_uuid_t token = {0};

	CU_ASSERT_EQUAL(vfio_device_name(buf, sizeof(buf), "0000:00:02.0", NULL), 12);
	CU_ASSERT_STRING_EQUAL(buf, "0000:00:02.0");
	vfio_device_name(buf, sizeof(buf), "0000:00:02.0", token); /* all zeroes: no token */
	CU_ASSERT_STRING_EQUAL(buf, "0000:00:02.0");

	CU_ASSERT_EQUAL_FATAL(rte_uuid_parse("BD8D9D2B-5A5F-4F5A-A211-F591514BA1F3", token), 0);
	int n = vfio_device_name(buf, sizeof(buf), "0000:04:10.0", token);
	CU_ASSERT_STRING_EQUAL(buf, "0000:04:10.0 vf_token=bd8d9d2b-5a5f-4f5a-a211-f591514ba1f3");
	CU_ASSERT_EQUAL(n, (int)strlen(buf));
	/* Truncation keeps snprintf's contract. */
	CU_ASSERT_EQUAL(vfio_device_name(buf, 13, "0000:04:10.0", token), n);
	CU_ASSERT_STRING_EQUAL(buf, "0000:04:10.0");
}

/* A call whose log is captured: fn runs it and stores the result and rte_errno. */
struct call {
	int ret, err;
	uint64_t a, b, c;
	int fd;
};

static char *captured(void (*fn)(void *), struct call *c)
{
	char *log = test_capture_log(fn, c);
	CU_ASSERT_PTR_NOT_NULL_FATAL(log);
	return log;
}

static void map_default(void *p)
{
	struct call *c = p;
	c->ret = rte_vfio_container_dma_map(RTE_VFIO_DEFAULT_CONTAINER_FD, c->a, c->b, c->c);
	c->err = rte_errno;
}

static void unmap_default(void *p)
{
	struct call *c = p;
	c->ret = rte_vfio_container_dma_unmap(RTE_VFIO_DEFAULT_CONTAINER_FD, c->a, c->b, c->c);
	c->err = rte_errno;
}

static void test_dma_records(void)
{
	static uint8_t mem[3 * MB2] __attribute__((aligned(4096)));
	const uint64_t va = (uint64_t)(uintptr_t)mem, iova = 0x40000000;
	int fds = test_count_fds();
	struct call c;
	char *log;

	/* Two mappings before any group: recorded, no vfio node opened. */
	CU_ASSERT_EQUAL(rte_vfio_container_dma_map(RTE_VFIO_DEFAULT_CONTAINER_FD, va, iova, MB2),
			0);
	CU_ASSERT_EQUAL(rte_vfio_container_dma_map(-1, va + MB2, iova + MB2, MB2), 0);
	CU_ASSERT_EQUAL(test_count_fds(), fds);

	/* Overlap (the second page of the first mapping). */
	c = (struct call){.a = va + 4096, .b = iova + 4096, .c = 4096};
	log = captured(map_default, &c);
	CU_ASSERT_EQUAL(c.ret, -1);
	CU_ASSERT_EQUAL(c.err, EEXIST);
	CU_ASSERT_PTR_NOT_NULL(strstr(log,
				      "default container: cannot map 4096 bytes at IOVA "
				      "0x40001000 for DMA: the IOVA range overlaps a mapping"));
	free(log);

	/* Unmapping half of a mapping would split it. */
	c = (struct call){.a = va, .b = iova, .c = MB2 / 2};
	log = captured(unmap_default, &c);
	CU_ASSERT_EQUAL(c.ret, -1);
	CU_ASSERT_EQUAL(c.err, EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "would split the mapping 0x40000000-0x401fffff"));
	free(log);

	/* The right IOVA with another vaddr. */
	c = (struct call){.a = va + MB2, .b = iova, .c = MB2};
	log = captured(unmap_default, &c);
	CU_ASSERT_EQUAL(c.err, EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "it was mapped from vaddr"));
	free(log);

	/* Nothing there. */
	c = (struct call){.a = va, .b = iova + 8 * MB2, .c = MB2};
	log = captured(unmap_default, &c);
	CU_ASSERT_EQUAL(c.err, ENOENT);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "nothing is mapped there"));
	free(log);

	/* One unmap covering both (and the gap-free space around them) removes both records. */
	CU_ASSERT_EQUAL(rte_vfio_container_dma_unmap(-1, va, iova, 2 * MB2), 0);
	c = (struct call){.a = va, .b = iova, .c = MB2};
	free(captured(unmap_default, &c));
	CU_ASSERT_EQUAL(c.err, ENOENT);

	/* The range is free again. */
	CU_ASSERT_EQUAL(rte_vfio_container_dma_map(-1, va, iova, 3 * MB2), 0);
	/* Cleanup forgets the records. */
	eal_vfio_cleanup();
	c = (struct call){.a = va, .b = iova, .c = 3 * MB2};
	free(captured(unmap_default, &c));
	CU_ASSERT_EQUAL(c.err, ENOENT);
	CU_ASSERT_EQUAL(test_count_fds(), fds);
}

static void test_dma_bad_ranges(void)
{
	static const struct {
		uint64_t va, iova, len;
	} bad[] = {
	    {0x10000, 0x10000, 0},		   /* empty */
	    {0x10001, 0x10000, 0x1000},		   /* vaddr not page aligned */
	    {0x10000, 0x10800, 0x1000},		   /* iova not page aligned */
	    {0x10000, 0x10000, 0x1800},		   /* length not page aligned */
	    {0x10000, 0xfffffffffffff000, 0x2000}, /* iova wraps */
	    {0xfffffffffffff000, 0x10000, 0x2000}, /* vaddr wraps */
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct call c = {.a = bad[i].va, .b = bad[i].iova, .c = bad[i].len};
		char *log = captured(map_default, &c);
		CU_ASSERT_EQUAL(c.ret, -1);
		CU_ASSERT_EQUAL(c.err, EINVAL);
		CU_ASSERT_PTR_NOT_NULL(strstr(log, "cannot map vaddr 0x"));
		CU_ASSERT_PTR_NOT_NULL(strstr(log, "page size"));
		free(log);
		c.ret = 0;
		free(captured(unmap_default, &c));
		CU_ASSERT_EQUAL(c.ret, -1);
		CU_ASSERT_EQUAL(c.err, EINVAL);
	}
}

static void bad_container_calls(void *p)
{
	struct call *c = p;
	struct rte_vfio_iommu_info info;

	c->ret = 0;
	c->ret |=
	    rte_vfio_container_dma_map(12345, 0x10000, 0x10000, 0x1000) == -1 && rte_errno == EINVAL
		? 0
		: 1 << 0;
	c->ret |= rte_vfio_container_destroy(12345) == -1 && rte_errno == EINVAL ? 0 : 1 << 1;
	c->ret |=
	    rte_vfio_container_destroy(RTE_VFIO_DEFAULT_CONTAINER_FD) == -1 && rte_errno == EINVAL
		? 0
		: 1 << 2;
	c->ret |= rte_vfio_container_group_unbind(-1, 5) == -1 && rte_errno == EINVAL ? 0 : 1 << 3;
	c->ret |= rte_vfio_container_group_bind(12345, 5) == -1 && rte_errno == EINVAL ? 0 : 1 << 4;
	c->ret |= rte_vfio_clear_group(12345) == -1 && rte_errno == EINVAL ? 0 : 1 << 5;
	c->ret |= rte_vfio_release_device(NULL, "0000:00:02.0", 12345) == -1 && rte_errno == EINVAL
		      ? 0
		      : 1 << 6;
	/* The default container has no group, hence no IOMMU type yet. */
	c->ret |=
	    rte_vfio_container_get_iommu_info(-1, &info) == -1 && rte_errno == ENODEV ? 0 : 1 << 7;
	c->ret |= rte_vfio_get_group_fd(-3) == -1 && rte_errno == EINVAL ? 0 : 1 << 8;
	c->ret |=
	    rte_vfio_setup_device(NULL, NULL, NULL, NULL) == -1 && rte_errno == EINVAL ? 0 : 1 << 9;
	c->ret |= rte_vfio_enable(NULL) == -1 && rte_errno == EINVAL ? 0 : 1 << 10;
}

static void test_bad_container_calls(void)
{
	int fds = test_count_fds();
	struct call c;
	char *log = captured(bad_container_calls, &c);

	CU_ASSERT_EQUAL(c.ret, 0); /* the bit of each call that misbehaved */
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "cannot map DMA: no container has fd 12345"));
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "cannot destroy container fd 12345: no container"));
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "the default container lives as long as its devices"));
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "cannot unbind IOMMU group 5: it is not bound"));
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "cannot bind IOMMU group 5: no container has fd 12345"));
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "cannot clear group fd 12345"));
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "cannot release 0000:00:02.0: fd 12345"));
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "it has no group yet"));
	free(log);
	CU_ASSERT_EQUAL(test_count_fds(), fds);
}

static void test_module_checks(void)
{
	CU_ASSERT_EQUAL(rte_vfio_is_enabled("openeal_no_such_module"), 0);
	CU_ASSERT_EQUAL(rte_vfio_is_enabled(NULL), 0);
	CU_ASSERT_EQUAL(rte_vfio_enable("openeal_no_such_module"), 0);
	CU_ASSERT_EQUAL(rte_vfio_memlock_check(0), 0);
}

void test_vfio_add_api_suite(void)
{
	CU_pSuite s = CU_add_suite("vfio_api", NULL, NULL);
	CU_add_test(s, "device name with and without VF token", test_device_name);
	CU_add_test(s, "DMA records before the first group", test_dma_records);
	CU_add_test(s, "DMA ranges refused before the kernel", test_dma_bad_ranges);
	CU_add_test(s, "calls on unknown containers, groups, fds", test_bad_container_calls);
	CU_add_test(s, "module checks and memlock", test_module_checks);
}
