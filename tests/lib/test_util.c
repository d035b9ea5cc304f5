/* SPDX-License-Identifier: BSD-3-Clause */
#include "test_util.h"

#include <pthread.h>
#include <CUnit/Basic.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <rte_common.h>
#include <rte_log.h>

#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define TEST_UNDER_TSAN 1
#endif
#endif
#if defined(__SANITIZE_THREAD__)
#define TEST_UNDER_TSAN 1
#endif

#ifdef TEST_UNDER_TSAN
static void *no_work(void *arg)
{
	return arg;
}

/* ThreadSanitizer starts a thread of its own at the first pthread_create: make it exist
 * before main, so that the tests' thread counts (test_count_threads) see only their own. */
__attribute__((constructor)) static void tsan_thread_first(void)
{
	pthread_t t;
	if (pthread_create(&t, NULL, no_work, NULL) == 0)
		pthread_join(t, NULL);
}
#endif

int test_run_registry(void)
{
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	unsigned int failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
	unsigned int ran = CU_get_number_of_tests_run();
	CU_cleanup_registry();
	if (CU_get_error() != CUE_SUCCESS)
		return 1;
	/* A registry that ran nothing proves nothing. */
	return (failed == 0 && ran > 0) ? 0 : 1;
}

/*
 * The empty machine every unit test starts with: no PCI device, no hugepage, no hugetlbfs mount.
 * It lives in this file because every test links it (test_run_registry): a constructor in a
 * file no test referenced would be left out of the link and protect nothing.
 */
static const struct {
	const char *var;
	const char *sub; /* under the tree, as in sysfs (fake_sysfs_host.h's layout) */
	bool file;	 /* an empty file rather than an empty directory */
} empty_host[] = {
    /* A devices directory inside the tree, as in sysfs: binding looks at its parent (bus/pci:
     * drivers, drivers_probe), which then stays inside the tree too. */
    {"SYSFS_PCI_DEVICES", "bus/pci/devices", false},
    /* Hugepages: the memory code, the IOVA decision and the doctor read these, and a host
     * with free hugepages would otherwise change the IOVA mode and where memory comes from. */
    {"SYSFS_HUGEPAGES", "kernel/mm/hugepages", false},
    {"SYSFS_NODES", "devices/system/node", false},
    {"OPENEAL_MOUNTINFO", "proc/self/mountinfo", true},
    /* IOMMU presence is an input of the IOVA decision: a host with an IOMMU would change it. */
    {"SYSFS_CLASS_IOMMU", "class/iommu", false},
    {"SYSFS_IOMMU_GROUPS", "kernel/iommu_groups", false},
};
static char *env_default[RTE_DIM(empty_host)]; /* what test_restore_sysfs_env() sets */
static char *sysfs_root;  /* the tree made here, NULL when the environment gave every value */
static pid_t sysfs_owner; /* forked test children exit too: only the maker removes it */

static void sysfs_env_remove(void)
{
	if (sysfs_root != NULL && getpid() == sysfs_owner)
		test_remove_tree(sysfs_root);
}

/* The empty directory or file for empty_host[i] in the tree (made on first use); NULL on error. */
static char *empty_entry(size_t i)
{
	char path[PATH_MAX];

	if (sysfs_root == NULL) {
		sysfs_root = test_make_tmpdir("openeal-test-sysfs");
		if (sysfs_root == NULL)
			return NULL;
		sysfs_owner = getpid();
		atexit(sysfs_env_remove);
	}
	if (snprintf(path, sizeof(path), "%s/%s", sysfs_root, empty_host[i].sub) >=
	    (int)sizeof(path))
		return NULL;
	if (empty_host[i].file ? test_write_file(path, "") : test_mkdirs(path))
		return NULL;
	return strdup(path);
}

static void __attribute__((constructor)) sysfs_env_init(void)
{
	for (size_t i = 0; i < RTE_DIM(empty_host); i++) {
		const char *given = getenv(empty_host[i].var);
		env_default[i] = given != NULL && given[0] != '\0' ? strdup(given) : empty_entry(i);
		if (env_default[i] == NULL || setenv(empty_host[i].var, env_default[i], 1) != 0) {
			/* Running on would let the tests read the host's devices or hugepages. */
			fprintf(stderr, "test_util: cannot make an empty %s: %s\n",
				empty_host[i].var, strerror(errno));
			exit(1);
		}
	}
}

void test_restore_sysfs_env(void)
{
	for (size_t i = 0; i < RTE_DIM(empty_host); i++)
		setenv(empty_host[i].var, env_default[i], 1);
}

int test_count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	if (d == NULL)
		return -1;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n - 1; /* the directory stream itself */
}

int test_count_threads(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	if (f == NULL)
		return -1;
	char line[256];
	int n = -1;
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "Threads: %d", &n) == 1)
			break;
	fclose(f);
	return n;
}

int test_count_maps(void)
{
	FILE *f = fopen("/proc/self/maps", "re");
	int n = 0, c;
	if (f == NULL)
		return -1;
	while ((c = fgetc(f)) != EOF)
		n += c == '\n';
	fclose(f);
	return n;
}

char *test_make_tmpdir(const char *prefix)
{
	const char *base = getenv("TMPDIR");
	char path[PATH_MAX];
	if (base == NULL || base[0] == '\0')
		base = "/tmp";
	if (snprintf(path, sizeof(path), "%s/%s.XXXXXX", base, prefix) >= (int)sizeof(path))
		return NULL;
	if (mkdtemp(path) == NULL)
		return NULL;
	return strdup(path);
}

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	return remove(path);
}

int test_remove_tree(const char *path)
{
	return nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

int test_mkdirs(const char *path)
{
	char buf[PATH_MAX];
	if (snprintf(buf, sizeof(buf), "%s", path) >= (int)sizeof(buf))
		return -1;
	for (char *p = buf + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) != 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	if (mkdir(buf, 0755) != 0 && errno != EEXIST)
		return -1;
	return 0;
}

int test_write_file(const char *path, const char *content)
{
	char dir[PATH_MAX];
	if (snprintf(dir, sizeof(dir), "%s", path) >= (int)sizeof(dir))
		return -1;
	char *slash = strrchr(dir, '/');
	if (slash != NULL && slash != dir) {
		*slash = '\0';
		if (test_mkdirs(dir) != 0)
			return -1;
	}
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	size_t len = strlen(content);
	ssize_t w = write(fd, content, len);
	int rc = close(fd);
	return (w == (ssize_t)len && rc == 0) ? 0 : -1;
}

char *test_capture_log(void (*fn)(void *), void *arg)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	if (mem == NULL)
		return NULL;
	FILE *old = rte_log_get_stream();
	rte_openlog_stream(mem);
	fn(arg);
	rte_openlog_stream(old == stderr ? NULL : old);
	fclose(mem);
	return buf;
}
