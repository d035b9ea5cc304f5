/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Finding uioN under the device's "uio" directory: the one entry the kernel makes is found;
 * a missing, empty, garbage or ambiguous directory gives one line naming the device, the
 * directory, what is wrong and the fix, and leaves no fd open.
 */

#include <CUnit/Basic.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pci_uio_common.h"
#include "test_util.h"
#include "uio_test.h"

#define ADDR "0000:00:02.0"

struct find_call {
	const struct uio_test *t;
	int rc;
};

static void run_find(void *arg)
{
	struct find_call *c = arg;
	char devpath[PATH_MAX];

	snprintf(devpath, sizeof(devpath), "%s/%s", fake_sysfs_devices_dir(c->t->fs), ADDR);
	int fd = open(devpath, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	CU_ASSERT_FATAL(fd >= 0);
	c->rc = pci_uio_find_num(uio_test_find(ADDR), fd, devpath);
	close(fd);
}

/* A tree whose device's uio directory is rebuilt to hold exactly the given entries (NULL: no
 * uio directory at all); the result of the search, its log in *log, and no fd left over. */
static int find_with(const char *const *entries, char **log)
{
	const struct fake_pci_dev devs[] = {uio_test_dev(ADDR, "uio_pci_generic", NULL)};
	struct uio_test t;

	uio_test_setup(&t, devs, 1);
	char uio_dir[PATH_MAX];
	snprintf(uio_dir, sizeof(uio_dir), "%s", uio_test_path(&t, ADDR, "uio"));
	CU_ASSERT_EQUAL(test_remove_tree(uio_dir), 0);
	for (unsigned int i = 0; entries != NULL && entries[i] != NULL; i++) {
		char p[PATH_MAX];
		CU_ASSERT_FATAL(snprintf(p, sizeof(p), "%s/%s", uio_dir, entries[i]) <
				(int)sizeof(p));
		CU_ASSERT_EQUAL(test_mkdirs(p), 0);
	}
	if (entries != NULL && entries[0] == NULL)
		CU_ASSERT_EQUAL(test_mkdirs(uio_dir), 0);

	int fds = test_count_fds();
	struct find_call c = {.t = &t, .rc = 1};
	*log = uio_test_log_of(run_find, &c);
	CU_ASSERT_EQUAL(test_count_fds(), fds);
	uio_test_done(&t);
	return c.rc;
}

static void assert_one_line(const char *log)
{
	size_t len = strlen(log);
	CU_ASSERT(len > 0 && strchr(log, '\n') == log + len - 1);
}

static void test_find_single(void)
{
	static const char *const entries[] = {"uio7", NULL};
	char *log;

	CU_ASSERT_EQUAL(find_with(entries, &log), 7);
	CU_ASSERT_STRING_EQUAL(log, "");
	free(log);
}

static void test_find_ignores_garbage_next_to_one(void)
{
	static const char *const entries[] = {"power", "uio12", "uiox", NULL};
	char *log;

	CU_ASSERT_EQUAL(find_with(entries, &log), 12);
	CU_ASSERT_STRING_EQUAL(log, "");
	free(log);
}

static void test_find_no_uio_dir(void)
{
	char *log;

	CU_ASSERT_EQUAL(find_with(NULL, &log), -ENODEV);
	assert_one_line(log);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, ADDR ": "));
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "/" ADDR "/uio does not exist"));
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "uio_pci_generic did not register"));
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "openeal bind uio_pci_generic " ADDR));
	free(log);
}

static void test_find_empty(void)
{
	static const char *const entries[] = {NULL};
	char *log;

	CU_ASSERT_EQUAL(find_with(entries, &log), -ENODEV);
	assert_one_line(log);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "no uioN entry in "));
	CU_ASSERT_PTR_NULL(strstr(log, "found"));
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "openeal bind uio_pci_generic " ADDR));
	free(log);
}

static void test_find_garbage_only(void)
{
	/* Not as the kernel names them: sign, leading zero, trailing text, beyond an int. */
	static const char *const entries[] = {"uio-1", "uio01", "uio3x", "uio99999999999", NULL};
	char *log;

	CU_ASSERT_EQUAL(find_with(entries, &log), -ENODEV);
	assert_one_line(log);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "no uioN entry in "));
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "(found 'uio"));
	free(log);
}

static void test_find_two(void)
{
	static const char *const entries[] = {"uio1", "uio2", NULL};
	char *log;

	CU_ASSERT_EQUAL(find_with(entries, &log), -ENODEV);
	assert_one_line(log);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "2 uioN entries in "));
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "expected one"));
	free(log);
}

static void test_find_uio_not_a_dir(void)
{
	const struct fake_pci_dev devs[] = {uio_test_dev(ADDR, "uio_pci_generic", NULL)};
	struct uio_test t;

	uio_test_setup(&t, devs, 1);
	CU_ASSERT_EQUAL(test_remove_tree(uio_test_path(&t, ADDR, "uio")), 0);
	CU_ASSERT_EQUAL(test_write_file(uio_test_path(&t, ADDR, "uio"), "uio0\n"), 0);
	int fds = test_count_fds();
	struct find_call c = {.t = &t, .rc = 1};
	char *log = uio_test_log_of(run_find, &c);
	CU_ASSERT_EQUAL(c.rc, -ENOTDIR);
	CU_ASSERT_EQUAL(test_count_fds(), fds);
	assert_one_line(log);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "/uio: Not a directory"));
	free(log);
	uio_test_done(&t);
}

void uio_test_add_find_suite(void)
{
	CU_pSuite s = CU_add_suite("uioN discovery", NULL, NULL);
	CU_add_test(s, "the single uioN entry", test_find_single);
	CU_add_test(s, "other entries beside uioN are ignored",
		    test_find_ignores_garbage_next_to_one);
	CU_add_test(s, "no uio directory: one line with the fix", test_find_no_uio_dir);
	CU_add_test(s, "empty uio directory", test_find_empty);
	CU_add_test(s, "only names the kernel never makes", test_find_garbage_only);
	CU_add_test(s, "two uioN entries", test_find_two);
	CU_add_test(s, "uio is not a directory", test_find_uio_not_a_dir);
}
