/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The memseg API (rte_memory.h) through rte_eal_init on ordinary locked pages: walks over
 * every page and list, their stop rules, lookups from an address (also from inside a walk),
 * the fd calls' errors, the physmem size and dump.
 */

#include <CUnit/CUnit.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_malloc.h>
#include <rte_memory.h>

#include "test_mem.h"

struct walk_state {
	unsigned int pages, lists, stop_at, nested_ok;
	size_t bytes;
	const void *last_end; /* pages of a list follow each other */
	int contiguous;
	int iova_is_va;
};

static int count_page(const struct rte_memseg_list *msl, const struct rte_memseg *ms, void *arg)
{
	struct walk_state *w = arg;
	if (w->pages > 0 && ms->addr != w->last_end && ms->addr != msl->base_va)
		w->contiguous = 0;
	w->last_end = (const char *)ms->addr + ms->len;
	w->iova_is_va &= ms->iova == (rte_iova_t)(uintptr_t)ms->addr;
	w->bytes += ms->len;
	/* Lookups from inside a walk: the same memseg and list back, no deadlock. */
	w->nested_ok += rte_mem_virt2memseg((const char *)ms->addr + 1, msl) == ms &&
			rte_mem_virt2memseg_list(ms->addr) == msl &&
			rte_memseg_get_fd(ms) == -1 && rte_errno == ENOTSUP;
	w->pages++;
	if (w->stop_at != 0 && w->pages == w->stop_at)
		return 1;
	return 0;
}

static int fail_at_first(const struct rte_memseg_list *msl, const struct rte_memseg *ms,
			 void *arg)
{
	RTE_SET_USED(msl);
	RTE_SET_USED(ms);
	RTE_SET_USED(arg);
	return -1;
}

static int count_list(const struct rte_memseg_list *msl, void *arg)
{
	struct walk_state *w = arg;
	w->lists++;
	w->bytes += msl->len;
	CU_ASSERT_EQUAL(msl->heap, 1);
	CU_ASSERT_EQUAL(msl->external, 0);
	CU_ASSERT_EQUAL(msl->page_sz, (uint64_t)sysconf(_SC_PAGESIZE));
	CU_ASSERT_EQUAL(msl->len % msl->page_sz, 0);
	return 0;
}

static void test_walks(void)
{
	char *argv[] = {"app", "--no-pci", "--no-huge", "-m", "4", NULL};
	CU_ASSERT_EQUAL_FATAL(rte_eal_init(5, argv), 4);
	size_t pg = (size_t)sysconf(_SC_PAGESIZE);

	struct walk_state w = {.contiguous = 1, .iova_is_va = 1};
	CU_ASSERT_EQUAL(rte_memseg_walk(count_page, &w), 0);
	CU_ASSERT_EQUAL(w.pages, (4u << 20) / pg);
	CU_ASSERT_EQUAL(w.bytes, 4u << 20);
	CU_ASSERT_EQUAL(w.nested_ok, w.pages);
	CU_ASSERT_TRUE(w.contiguous);
	CU_ASSERT_EQUAL(w.iova_is_va, rte_eal_iova_mode() == RTE_IOVA_VA);
	CU_ASSERT_EQUAL(rte_eal_get_physmem_size(), 4u << 20);

	struct walk_state l = {0};
	CU_ASSERT_EQUAL(rte_memseg_list_walk(count_list, &l), 0);
	CU_ASSERT_EQUAL(l.lists, 1);
	CU_ASSERT_EQUAL(l.bytes, 4u << 20);

	/* Stopped by the callback: 1, after exactly that many pages; an error: -1. */
	struct walk_state s = {.stop_at = 10, .contiguous = 1, .iova_is_va = 1};
	CU_ASSERT_EQUAL(rte_memseg_walk(count_page, &s), 1);
	CU_ASSERT_EQUAL(s.pages, 10);
	CU_ASSERT_EQUAL(rte_memseg_walk(fail_at_first, NULL), -1);
	/* The thread-unsafe variant walks the same. */
	struct walk_state u = {.contiguous = 1, .iova_is_va = 1};
	CU_ASSERT_EQUAL(rte_memseg_walk_thread_unsafe(count_page, &u), 0);
	CU_ASSERT_EQUAL(u.pages, w.pages);

	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
	struct walk_state after = {0};
	CU_ASSERT_EQUAL(rte_memseg_walk(count_page, &after), 0);
	CU_ASSERT_EQUAL(after.pages, 0);
	CU_ASSERT_EQUAL(rte_eal_get_physmem_size(), 0);
}

static void test_lookups(void)
{
	char *argv[] = {"app", "--no-pci", "--no-huge", NULL};
	CU_ASSERT_EQUAL_FATAL(rte_eal_init(3, argv), 2);
	/* Two segments: each block is larger than the 2 MiB a segment starts with. */
	char *a = rte_malloc(NULL, 3u << 20, 0);
	char *b = rte_malloc(NULL, 3u << 20, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	struct rte_memseg_list *la = rte_mem_virt2memseg_list(a + 100);
	struct rte_memseg_list *lb = rte_mem_virt2memseg_list(b);
	CU_ASSERT_PTR_NOT_NULL_FATAL(la);
	CU_ASSERT_PTR_NOT_NULL_FATAL(lb);
	CU_ASSERT_PTR_NOT_EQUAL(la, lb);
	CU_ASSERT_TRUE((char *)la->base_va <= a && a + (3u << 20) <= (char *)la->base_va + la->len);

	struct rte_memseg *ms = rte_mem_virt2memseg(a + 5000, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ms);
	CU_ASSERT_TRUE((char *)ms->addr <= a + 5000 && a + 5000 < (char *)ms->addr + ms->len);
	CU_ASSERT_EQUAL((uintptr_t)ms->addr % ms->len, 0);
	CU_ASSERT_EQUAL(ms->iova, rte_mem_virt2iova(ms->addr));
	CU_ASSERT_PTR_EQUAL(rte_mem_virt2memseg(a + 5000, la), ms);
	CU_ASSERT_PTR_NULL(rte_mem_virt2memseg(a + 5000, lb)); /* not in that list */
	int x;
	CU_ASSERT_PTR_NULL(rte_mem_virt2memseg(&x, NULL));
	CU_ASSERT_PTR_NULL(rte_mem_virt2memseg_list(&x));

	/* No fds are kept: ENOTSUP for ours, EINVAL for anything else. */
	size_t off = 1;
	rte_errno = 0;
	CU_ASSERT_EQUAL(rte_memseg_get_fd(ms), -1);
	CU_ASSERT_EQUAL(rte_errno, ENOTSUP);
	CU_ASSERT_EQUAL(rte_memseg_get_fd_offset(ms, &off), -1);
	CU_ASSERT_EQUAL(rte_errno, ENOTSUP);
	CU_ASSERT_EQUAL(rte_memseg_get_fd_offset_thread_unsafe(ms, &off), -1);
	CU_ASSERT_EQUAL(rte_errno, ENOTSUP);
	struct rte_memseg fake = *ms;
	CU_ASSERT_EQUAL(rte_memseg_get_fd(&fake), -1);
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	CU_ASSERT_EQUAL(rte_memseg_get_fd_thread_unsafe(NULL), -1);
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	CU_ASSERT_EQUAL(rte_memseg_get_fd_offset(ms, NULL), -1);
	CU_ASSERT_EQUAL(rte_errno, EINVAL);

	/* The dump: one line per list. */
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	rte_dump_physmem_layout(f);
	fclose(f);
	unsigned int n = 0;
	for (const char *p = text; (p = strstr(p, "Segment ")) != NULL; p++)
		n++;
	CU_ASSERT_EQUAL(n, 2);
	char want[64];
	snprintf(want, sizeof(want), "hugepage_sz:%ld", sysconf(_SC_PAGESIZE));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, want));
	free(text);
	CU_ASSERT_EQUAL(rte_eal_get_physmem_size(), la->len + lb->len);
	rte_free(a);
	rte_free(b);
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
}

void test_mem_add_memseg_suite(void)
{
	CU_pSuite s = CU_add_suite("memseg API", NULL, NULL);
	CU_add_test(s, "walks", test_walks);
	CU_add_test(s, "lookups, fds, dump", test_lookups);
}
