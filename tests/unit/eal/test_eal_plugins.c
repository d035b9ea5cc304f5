/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * -d: a PMD shared object (plugin_vdev.c) loaded by rte_eal_init from its file or its
 * directory, its driver registered before --vdev is parsed; closed by rte_eal_cleanup, so that
 * its driver is gone afterwards and a second init loads it afresh; a file that is not a shared
 * object fails init with one line naming it, leaving nothing loaded and no fd open.
 */

#include <CUnit/Basic.h>
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <rte_dev.h>
#include <rte_eal.h>
#include <rte_errno.h>

#include "test_util.h"

static const char *plugin_path;

struct init_call {
	char **argv;
	int argc;
	int ret;
};

static void run_init(void *arg)
{
	struct init_call *c = arg;
	c->ret = rte_eal_init(c->argc, c->argv);
}

/* rte_eal_init with its log captured into *log (malloc'd). */
static int init_logged(char **argv, char **log)
{
	struct init_call c = {argv, 0, 0};
	while (argv[c.argc] != NULL)
		c.argc++;
	*log = test_capture_log(run_init, &c);
	return c.ret;
}

static bool plugin_loaded(void)
{
	void *h = dlopen(plugin_path, RTLD_NOW | RTLD_NOLOAD);
	if (h != NULL)
		dlclose(h);
	return h != NULL;
}

static bool probed_by(const char *devname, const char *drvname)
{
	struct rte_dev_iterator it;
	struct rte_device *dev;

	RTE_DEV_FOREACH(dev, "bus=vdev", &it)
	if (strcmp(rte_dev_name(dev), devname) == 0)
		return rte_dev_is_probed(dev) &&
		       strcmp(rte_driver_name(rte_dev_driver(dev)), drvname) == 0;
	return false;
}

static void test_load_file(void)
{
	char *log;
	char *argv[] = {"test", "--no-pci", "-d", (char *)plugin_path, "--vdev", "test_plugin0",
			"--vdev", "tplug1", NULL};

	CU_ASSERT_FALSE(plugin_loaded());
	for (int round = 0; round < 2; round++) {
		CU_ASSERT_EQUAL(init_logged(argv, &log), 7);
		free(log);
		argv[7] = "tplug1"; /* init handed argv[7] the program name */
		CU_ASSERT(plugin_loaded());
		CU_ASSERT(probed_by("test_plugin0", "test_plugin"));
		CU_ASSERT(probed_by("tplug1", "test_plugin"));
		CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
		/* Closed, and its driver unregistered by the macro's destructor. */
		CU_ASSERT_FALSE(plugin_loaded());
	}
	char *without[] = {"test", "--no-pci", "--vdev", "test_plugin0", NULL};
	CU_ASSERT_EQUAL(init_logged(without, &log), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "--vdev 'test_plugin0': no vdev driver claims"));
	free(log);
}

/* A directory: its shared objects by name; other files and subdirectories are passed over. */
static void test_load_dir(void)
{
	char *dir = test_make_tmpdir("oe-plugins");
	char path[512], sub[512], readme[512];
	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	snprintf(path, sizeof(path), "%s/libtest_plugin.so.1", dir);
	snprintf(sub, sizeof(sub), "%s/not-a-plugin.so", dir);
	snprintf(readme, sizeof(readme), "%s/README", dir);
	CU_ASSERT_EQUAL_FATAL(symlink(plugin_path, path), 0);
	CU_ASSERT_EQUAL_FATAL(test_mkdirs(sub), 0);
	CU_ASSERT_EQUAL_FATAL(test_write_file(readme, "not a shared object\n"), 0);

	char *log;
	char *argv[] = {"test", "--no-pci", "-d", dir, "--vdev", "test_plugin3", NULL};
	CU_ASSERT_EQUAL(init_logged(argv, &log), 5);
	free(log);
	CU_ASSERT(probed_by("test_plugin3", "test_plugin"));
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
	CU_ASSERT_FALSE(plugin_loaded());
	test_remove_tree(dir);
	free(dir);
}

static void test_bad_plugin(void)
{
	char *dir = test_make_tmpdir("oe-plugins");
	char bad[512];
	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	snprintf(bad, sizeof(bad), "%s/bad.so", dir);
	CU_ASSERT_EQUAL_FATAL(test_write_file(bad, "not an ELF file\n"), 0);
	char line[600];
	snprintf(line, sizeof(line), "-d %s: cannot load it: ", bad);

	int fds = test_count_fds();
	char *log;
	/* The good one is loaded first, and closed again when the second fails. */
	char *argv[] = {"test", "--no-pci", "-d", (char *)plugin_path, "-d", bad, NULL};
	CU_ASSERT_EQUAL(init_logged(argv, &log), -1);
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	/* One line: the failure names the file, nothing else mentions -d. */
	CU_ASSERT_PTR_NOT_NULL(strstr(log, line));
	CU_ASSERT_PTR_EQUAL(strstr(log, "-d "), strstr(log, line));
	CU_ASSERT_PTR_NULL(strstr(strstr(log, line) + 1, "-d "));
	free(log);
	CU_ASSERT_FALSE(plugin_loaded());
	CU_ASSERT_EQUAL(test_count_fds(), fds);

	char *missing[] = {"test", "--no-pci", "-d", "/nonexistent/x.so", NULL};
	CU_ASSERT_EQUAL(init_logged(missing, &log), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "-d /nonexistent/x.so: cannot load it: "));
	free(log);
	char *empty[] = {"test", "-d", "", NULL};
	CU_ASSERT_EQUAL(init_logged(empty, &log), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "empty path"));
	free(log);
	/* After all that, a good load still works. */
	char *good[] = {"test", "--no-pci", "-d", (char *)plugin_path, "--vdev", "tplug2", NULL};
	CU_ASSERT_EQUAL(init_logged(good, &log), 5);
	free(log);
	CU_ASSERT(probed_by("tplug2", "test_plugin"));
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
	test_remove_tree(dir);
	free(dir);
}

/* Code others could have replaced: a world-writable file, or one in a world-writable,
 * non-sticky directory. Refused with one line each; a sticky one (like /tmp) is fine. */
static void test_writable_refused(void)
{
	char *dir = test_make_tmpdir("oe-plugins");
	char path[512], line[700];
	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	snprintf(path, sizeof(path), "%s/libcopy.so", dir);
	FILE *in = fopen(plugin_path, "rb"), *out = fopen(path, "wb");
	CU_ASSERT_FATAL(in != NULL && out != NULL);
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		CU_ASSERT_EQUAL(fwrite(buf, 1, n, out), n);
	fclose(in);
	fclose(out);
	char *log;
	char *argv[] = {"test", "--no-pci", "-d", path, NULL};

	CU_ASSERT_EQUAL(chmod(path, 0666), 0);
	CU_ASSERT_EQUAL(init_logged(argv, &log), -1);
	CU_ASSERT_EQUAL(rte_errno, EPERM);
	snprintf(line, sizeof(line), "-d %s: refused: every user may write it", path);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, line));
	free(log);
	CU_ASSERT_FALSE(plugin_loaded());

	CU_ASSERT_EQUAL(chmod(path, 0644), 0);
	CU_ASSERT_EQUAL(chmod(dir, 0777), 0);
	CU_ASSERT_EQUAL(init_logged(argv, &log), -1);
	snprintf(line, sizeof(line), "-d %s: refused: every user may replace files in %s", path,
		 dir);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, line));
	free(log);

	CU_ASSERT_EQUAL(chmod(dir, 01777), 0);
	CU_ASSERT_EQUAL(init_logged(argv, &log), 3);
	free(log);
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
	CU_ASSERT_EQUAL(chmod(dir, 0700), 0);
	test_remove_tree(dir);
	free(dir);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s PLUGIN.so\n", argv[0]);
		return 1;
	}
	plugin_path = argv[1];
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	CU_pSuite s = CU_add_suite("eal_plugins", NULL, NULL);
	CU_add_test(s, "-d FILE: loaded before --vdev, closed by cleanup", test_load_file);
	CU_add_test(s, "-d DIR: its shared objects", test_load_dir);
	CU_add_test(s, "-d of a bad file: one line, nothing left", test_bad_plugin);
	CU_add_test(s, "-d of code others could replace: refused", test_writable_refused);
	return test_run_registry();
}
