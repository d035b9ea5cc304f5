/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * eal_mem_populate: pages the kernel can supply are all resident afterwards; a page it cannot
 * supply is an error, not SIGBUS. The shortage is made without the host's hugepages: a shared
 * mapping that runs past the end of its file faults exactly as a hugepage bound to a node with
 * none left does (the fault handler answers SIGBUS), and is the same on every machine.
 */

#include <CUnit/CUnit.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "eal_memory.h"
#include "test_mem.h"
#include "test_util.h"

static void test_populate_resident(void)
{
	size_t pg = (size_t)sysconf(_SC_PAGESIZE), len = 8 * pg;
	unsigned char resident[8];
	void *va = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	CU_ASSERT_FATAL(va != MAP_FAILED);
	CU_ASSERT_EQUAL(mincore(va, len, resident), 0);
	CU_ASSERT_EQUAL(resident[0] & 1, 0); /* nothing faulted in yet */
	CU_ASSERT_EQUAL(eal_mem_populate(va, len, pg), 0);
	CU_ASSERT_EQUAL(mincore(va, len, resident), 0);
	for (size_t i = 0; i < 8; i++)
		CU_ASSERT_EQUAL(resident[i] & 1, 1);
	munmap(va, len);
}

static void test_populate_shortage(void)
{
	size_t pg = (size_t)sysconf(_SC_PAGESIZE);
	char *dir = test_make_tmpdir("populate");
	char path[512];

	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	snprintf(path, sizeof(path), "%s/one-page", dir);
	int fd = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0600);
	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_EQUAL_FATAL(ftruncate(fd, (off_t)pg), 0);
	/* Two pages over a one-page file: storing to the second one would be SIGBUS. */
	void *va = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CU_ASSERT_FATAL(va != MAP_FAILED);
	CU_ASSERT_EQUAL(eal_mem_populate(va, 2 * pg, pg), -ENOMEM);
	/* The page that exists is still usable. */
	CU_ASSERT_EQUAL(eal_mem_populate(va, pg, pg), 0);
	munmap(va, 2 * pg);
	close(fd);
	CU_ASSERT_EQUAL(test_remove_tree(dir), 0);
	free(dir);
}

void test_mem_add_populate_suite(void)
{
	CU_pSuite s = CU_add_suite("mem_populate", NULL, NULL);
	CU_add_test(s, "every page resident", test_populate_resident);
	CU_add_test(s, "a page the kernel cannot supply is an error, not SIGBUS",
		    test_populate_shortage);
}
