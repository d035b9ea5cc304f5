/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The SIGBUS table and handler with real faults and no device: a shared mapping of a memfd
 * that is then truncated faults with SIGBUS on its next read, as a BAR of a removed device may.
 */
#include <CUnit/Basic.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <rte_errno.h>

#include "eal_sigbus.h"
#include "test_util.h"

static size_t page;

/* Two pages of a memfd, mapped shared, then the file cut to nothing. */
static volatile uint32_t *doomed_mapping(void)
{
	int fd = memfd_create("bar", MFD_CLOEXEC);
	CU_ASSERT_TRUE_FATAL(fd >= 0);
	CU_ASSERT_EQUAL_FATAL(ftruncate(fd, (off_t)(2 * page)), 0);
	void *p = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CU_ASSERT_TRUE_FATAL(p != MAP_FAILED);
	((volatile uint32_t *)p)[0] = 0x12345678;
	CU_ASSERT_EQUAL(ftruncate(fd, 0), 0);
	close(fd);
	return p;
}

static void test_fault_in_region_reads_all_ones(void)
{
	volatile uint32_t *bar = doomed_mapping();
	unsigned long before = eal_sigbus_fenced_count();
	CU_ASSERT_EQUAL(eal_sigbus_region_add((void *)bar, 2 * page), 0);
	CU_ASSERT_EQUAL(eal_sigbus_handler_install(NULL), 0);
	uint32_t v = bar[page / 4 + 3];
	CU_ASSERT_EQUAL(v, 0xffffffff);
	CU_ASSERT_EQUAL(bar[0], 0xffffffff);
	CU_ASSERT_EQUAL(eal_sigbus_fenced_count(), before + 1);
	/* Writes go to the private memory now, nowhere else. */
	bar[1] = 5;
	CU_ASSERT_EQUAL(bar[1], 5);
	eal_sigbus_region_del((void *)bar);
	CU_ASSERT_FALSE(eal_sigbus_region_contains((void *)bar));
	CU_ASSERT_EQUAL(eal_sigbus_handler_uninstall(), 0);
	munmap((void *)bar, 2 * page);
}

static sigjmp_buf back;
static volatile int previous_calls, other_calls;

static void previous_handler(int sig, siginfo_t *info, void *uc)
{
	(void)sig;
	(void)info;
	(void)uc;
	previous_calls++;
	siglongjmp(back, 1);
}

static int other_declines(const void *addr)
{
	(void)addr;
	other_calls++;
	return 1;
}

/* Outside the table: the bus is asked, then the handler installed before gets the fault. */
static void test_fault_elsewhere_is_chained(void)
{
	struct sigaction mine = {.sa_sigaction = previous_handler, .sa_flags = SA_SIGINFO}, now;
	sigemptyset(&mine.sa_mask);
	CU_ASSERT_EQUAL(sigaction(SIGBUS, &mine, NULL), 0);
	CU_ASSERT_EQUAL(eal_sigbus_handler_install(other_declines), 0);
	volatile uint32_t *p = doomed_mapping();
	if (sigsetjmp(back, 1) == 0)
		(void)p[0];
	CU_ASSERT_EQUAL(other_calls, 1);
	CU_ASSERT_EQUAL(previous_calls, 1);
	CU_ASSERT_EQUAL(eal_sigbus_handler_uninstall(), 0);
	CU_ASSERT_EQUAL(sigaction(SIGBUS, NULL, &now), 0);
	CU_ASSERT_TRUE(now.sa_sigaction == previous_handler);
	signal(SIGBUS, SIG_DFL);
	munmap((void *)p, 2 * page);
}

/* With no handler before, a fault outside the table still kills (the default action). */
static void test_fault_elsewhere_default_kills(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		eal_sigbus_handler_install(NULL);
		volatile uint32_t *p = doomed_mapping();
		(void)p[0];
		_exit(0);
	}
	int st = 0;
	CU_ASSERT_EQUAL(waitpid(pid, &st, 0), pid);
	CU_ASSERT_TRUE(WIFSIGNALED(st) && WTERMSIG(st) == SIGBUS);
}

static void test_table(void)
{
	static char area[EAL_SIGBUS_MAX_REGIONS + 1];
	CU_ASSERT_EQUAL(eal_sigbus_region_add(NULL, 1), -1);
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	CU_ASSERT_EQUAL(eal_sigbus_region_add(area, 0), -1);
	for (size_t i = 0; i < EAL_SIGBUS_MAX_REGIONS; i++)
		CU_ASSERT_EQUAL(eal_sigbus_region_add(area + i, 1), 0);
	CU_ASSERT_EQUAL(eal_sigbus_region_add(area + EAL_SIGBUS_MAX_REGIONS, 1), -1);
	CU_ASSERT_EQUAL(rte_errno, ENOSPC);
	CU_ASSERT_TRUE(eal_sigbus_region_contains(area + 7));
	CU_ASSERT_FALSE(eal_sigbus_region_contains(area + EAL_SIGBUS_MAX_REGIONS));
	for (size_t i = 0; i < EAL_SIGBUS_MAX_REGIONS; i++)
		eal_sigbus_region_del(area + i);
	CU_ASSERT_FALSE(eal_sigbus_region_contains(area + 7));
	CU_ASSERT_EQUAL(eal_sigbus_fence(area + 1, 1), -EINVAL);
}

int main(void)
{
	page = (size_t)sysconf(_SC_PAGESIZE);
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	CU_pSuite s = CU_add_suite("sigbus", NULL, NULL);
	CU_add_test(s, "table", test_table);
	CU_add_test(s, "fault_in_region_reads_all_ones", test_fault_in_region_reads_all_ones);
	CU_add_test(s, "fault_elsewhere_is_chained", test_fault_elsewhere_is_chained);
	CU_add_test(s, "fault_elsewhere_default_kills", test_fault_elsewhere_default_kills);
	return test_run_registry();
}
