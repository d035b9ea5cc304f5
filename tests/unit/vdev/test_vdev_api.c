/* SPDX-License-Identifier: BSD-3-Clause */
/* rte_vdev_init / rte_vdev_uninit and custom scans. */

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include <rte_devargs.h>
#include <rte_eal.h>
#include <rte_pmd_null.h>

#include "test_util.h"
#include "vdev_test.h"

static int devargs_count(const char *name)
{
	struct rte_devargs *da;
	int n = 0;

	RTE_EAL_DEVARGS_FOREACH("vdev", da)
	{
		if (strcmp(da->name, name) == 0)
			n++;
	}
	return n;
}

static int api_suite_init(void)
{
	return VT_EAL_INIT0() == 1 ? 0 : -1;
}

static int api_suite_clean(void)
{
	return rte_eal_cleanup();
}

static void test_vdev_init_uninit(void)
{
	unsigned size = 0;

	CU_ASSERT_EQUAL(rte_vdev_init("net_null7", "size=77"), 0);
	CU_ASSERT_EQUAL(rte_dev_is_probed(vt_find("net_null7")), 1);
	CU_ASSERT_EQUAL(rte_pmd_null_get_size("net_null7", &size), 0);
	CU_ASSERT_EQUAL(size, 77);
	/* Its devargs are in the EAL list, like those of --vdev. */
	CU_ASSERT_EQUAL(devargs_count("net_null7"), 1);

	/* Created once: new arguments do not re-probe it. */
	CU_ASSERT_EQUAL(rte_vdev_init("net_null7", "size=1"), -EEXIST);
	CU_ASSERT_EQUAL(rte_pmd_null_get_size("net_null7", &size), 0);
	CU_ASSERT_EQUAL(size, 77);

	CU_ASSERT_EQUAL(rte_vdev_uninit("net_null7"), 0);
	CU_ASSERT_EQUAL(rte_pmd_null_get_size("net_null7", &size), -ENODEV);
	CU_ASSERT_PTR_NULL(vt_find("net_null7"));
	CU_ASSERT_EQUAL(devargs_count("net_null7"), 0);
	CU_ASSERT_EQUAL(rte_vdev_uninit("net_null7"), -ENOENT);

	/* Created again after uninit. */
	CU_ASSERT_EQUAL(rte_vdev_init("net_null7", NULL), 0);
	CU_ASSERT_EQUAL(rte_pmd_null_get_size("net_null7", &size), 0);
	CU_ASSERT_EQUAL(size, RTE_PMD_NULL_SIZE_DEFAULT);
	CU_ASSERT_EQUAL(rte_vdev_uninit("net_null7"), 0);
}

static void test_vdev_init_alias(void)
{
	struct rte_device *dev;

	CU_ASSERT_EQUAL_FATAL(rte_vdev_init("eth_null_api", "copy=1"), 0);
	dev = vt_find("eth_null_api");
	CU_ASSERT_PTR_NOT_NULL_FATAL(dev);
	CU_ASSERT_STRING_EQUAL(rte_driver_name(rte_dev_driver(dev)), "net_null");
	CU_ASSERT_EQUAL(rte_vdev_uninit("eth_null_api"), 0);
}

static void test_vdev_init_bad_names(void)
{
	char longname[RTE_DEV_NAME_MAX_LEN + 8];

	memset(longname, 'x', sizeof(longname) - 1);
	memcpy(longname, "net_null", 8);
	longname[sizeof(longname) - 1] = '\0';
	CU_ASSERT_EQUAL(rte_vdev_init(NULL, NULL), -EINVAL);
	CU_ASSERT_EQUAL(rte_vdev_init("", NULL), -EINVAL);
	CU_ASSERT_EQUAL(rte_vdev_init("net_null1,size=5", NULL), -EINVAL);
	CU_ASSERT_EQUAL(rte_vdev_init(longname, NULL), -EINVAL);
	CU_ASSERT_EQUAL(rte_vdev_uninit(NULL), -EINVAL);
	CU_ASSERT_EQUAL(rte_vdev_uninit("nothing_here"), -ENOENT);
}

struct init_args {
	const char *name;
	const char *args;
	int ret;
};

static void call_vdev_init(void *arg)
{
	struct init_args *a = arg;
	a->ret = rte_vdev_init(a->name, a->args);
}

static void test_vdev_init_no_driver(void)
{
	struct init_args a = {"bogus7", NULL, 0};
	char line[512];

	char *log = test_capture_log(call_vdev_init, &a);
	CU_ASSERT_PTR_NOT_NULL_FATAL(log);
	CU_ASSERT_EQUAL(a.ret, -ENOTSUP);
	CU_ASSERT_EQUAL(vt_log_lines_with(log, "bogus7", line, sizeof(line)), 1);
	CU_ASSERT_STRING_EQUAL(line,
			       "bus.vdev: cannot create device bogus7: no vdev driver name or "
			       "alias is a prefix of it");
	free(log);
	CU_ASSERT_PTR_NULL(vt_find("bogus7"));
	CU_ASSERT_EQUAL(devargs_count("bogus7"), 0);
}

/* A refused device leaves nothing: no device, no devargs, and one line from the driver. */
static void test_vdev_init_refused(void)
{
	struct init_args a = {"net_null8", "size=abc", 0};
	char line[512];

	char *log = test_capture_log(call_vdev_init, &a);
	CU_ASSERT_PTR_NOT_NULL_FATAL(log);
	CU_ASSERT_EQUAL(a.ret, -EINVAL);
	CU_ASSERT_EQUAL(vt_log_lines_with(log, "net_null8", line, sizeof(line)), 1);
	CU_ASSERT_STRING_EQUAL(
	    line, "pmd.net.null: net_null8: invalid size=abc: expected an integer from 1 to 9600");
	free(log);
	CU_ASSERT_PTR_NULL(vt_find("net_null8"));
	CU_ASSERT_EQUAL(devargs_count("net_null8"), 0);
	/* The name is free again. */
	CU_ASSERT_EQUAL(rte_vdev_init("net_null8", "size=8"), 0);
	CU_ASSERT_EQUAL(rte_vdev_uninit("net_null8"), 0);
}

static void test_vdev_uninit_removes_once(void)
{
	vt_record_reset();
	CU_ASSERT_EQUAL(rte_vdev_init("vdtest_api", NULL), 0);
	CU_ASSERT_EQUAL(vt_rec.probes, 1);
	CU_ASSERT_EQUAL(rte_vdev_uninit("vdtest_api"), 0);
	CU_ASSERT_EQUAL(vt_rec.removes, 1);
	CU_ASSERT_EQUAL(vt_removed_count("vdtest_api"), 1);
	CU_ASSERT_EQUAL(rte_vdev_uninit("vdtest_api"), -ENOENT);
	CU_ASSERT_EQUAL(vt_rec.removes, 1);
}

/* A driver that cannot let go keeps its device: uninit fails and can be retried. */
static void test_vdev_uninit_remove_error_keeps_device(void)
{
	vt_record_reset();
	CU_ASSERT_EQUAL_FATAL(rte_vdev_init("vdtest_busy", NULL), 0);
	vt_rec.remove_error = -EBUSY;
	CU_ASSERT_EQUAL(rte_vdev_uninit("vdtest_busy"), -EBUSY);
	CU_ASSERT_EQUAL(rte_dev_is_probed(vt_find("vdtest_busy")), 1);
	CU_ASSERT_EQUAL(devargs_count("vdtest_busy"), 1);
	vt_rec.remove_error = 0;
	CU_ASSERT_EQUAL(rte_vdev_uninit("vdtest_busy"), 0);
	CU_ASSERT_PTR_NULL(vt_find("vdtest_busy"));
	CU_ASSERT_EQUAL(vt_removed_count("vdtest_busy"), 1);
}

#define THREADS 4
#define ROUNDS 50

static void *create_destroy(void *arg)
{
	long id = (long)arg;
	char name[32];
	long failures = 0;

	for (int i = 0; i < ROUNDS; i++) {
		snprintf(name, sizeof(name), "net_null_t%ld_%d", id, i % 3);
		if (rte_vdev_init(name, "size=99") != 0)
			failures++;
		unsigned size = 0;
		if (rte_pmd_null_get_size(name, &size) != 0 || size != 99)
			failures++;
		if (rte_vdev_uninit(name) != 0)
			failures++;
	}
	return (void *)failures;
}

/* Hotplug calls come from other threads: concurrent create/destroy must all succeed. */
static void test_vdev_concurrent_init_uninit(void)
{
	pthread_t t[THREADS];
	void *failures;

	for (long i = 0; i < THREADS; i++)
		CU_ASSERT_EQUAL_FATAL(pthread_create(&t[i], NULL, create_destroy, (void *)i), 0);
	for (int i = 0; i < THREADS; i++) {
		CU_ASSERT_EQUAL(pthread_join(t[i], &failures), 0);
		CU_ASSERT_PTR_NULL(failures);
	}
	struct rte_dev_iterator it;
	struct rte_device *dev;
	int n = 0;
	RTE_DEV_FOREACH(dev, "bus=vdev", &it)
	{
		n++;
	}
	CU_ASSERT_EQUAL(n, 0);
}

static int scan_calls;

static void add_scanned_device(void *arg)
{
	scan_calls++;
	rte_devargs_add(RTE_DEVTYPE_VIRTUAL, arg);
}

static void test_vdev_custom_scan(void)
{
	unsigned size = 0;

	/* The suite's EAL is up; this test runs its own inits. */
	CU_ASSERT_EQUAL_FATAL(rte_eal_cleanup(), 0);
	scan_calls = 0;
	CU_ASSERT_EQUAL(rte_vdev_add_custom_scan(add_scanned_device, "net_null20,size=20"), 0);
	/* The same pair again is not a second registration. */
	CU_ASSERT_EQUAL(rte_vdev_add_custom_scan(add_scanned_device, "net_null20,size=20"), 0);
	CU_ASSERT_EQUAL(rte_vdev_add_custom_scan(add_scanned_device, "net_null21,size=21"), 0);

	CU_ASSERT_EQUAL_FATAL(VT_EAL_INIT0(), 1);
	CU_ASSERT_EQUAL(scan_calls, 2);
	CU_ASSERT_EQUAL(rte_pmd_null_get_size("net_null20", &size), 0);
	CU_ASSERT_EQUAL(size, 20);
	CU_ASSERT_EQUAL(rte_pmd_null_get_size("net_null21", &size), 0);
	CU_ASSERT_EQUAL(size, 21);
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);

	CU_ASSERT_EQUAL(rte_vdev_remove_custom_scan(add_scanned_device, "net_null20,size=20"), 0);
	scan_calls = 0;
	CU_ASSERT_EQUAL_FATAL(VT_EAL_INIT0(), 1);
	CU_ASSERT_EQUAL(scan_calls, 1);
	CU_ASSERT_PTR_NULL(vt_find("net_null20"));
	CU_ASSERT_PTR_NOT_NULL(vt_find("net_null21"));
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);

	/* (void *)-1 removes the callback whatever its argument. */
	CU_ASSERT_EQUAL(rte_vdev_add_custom_scan(add_scanned_device, "net_null22"), 0);
	CU_ASSERT_EQUAL(rte_vdev_remove_custom_scan(add_scanned_device, (void *)-1), 0);
	scan_calls = 0;
	CU_ASSERT_EQUAL_FATAL(VT_EAL_INIT0(), 1);
	CU_ASSERT_EQUAL(scan_calls, 0);
	CU_ASSERT_PTR_NULL(vt_find("net_null21"));
	CU_ASSERT_PTR_NULL(vt_find("net_null22"));
	/* The suite cleanup ends this init. */
}

void vt_add_api_suite(void)
{
	CU_pSuite s = CU_add_suite("vdev_api", api_suite_init, api_suite_clean);
	CU_add_test(s, "rte_vdev_init/uninit, EEXIST, ENOENT", test_vdev_init_uninit);
	CU_add_test(s, "rte_vdev_init with the alias", test_vdev_init_alias);
	CU_add_test(s, "bad names refused", test_vdev_init_bad_names);
	CU_add_test(s, "no driver for the name", test_vdev_init_no_driver);
	CU_add_test(s, "driver refusal leaves nothing", test_vdev_init_refused);
	CU_add_test(s, "uninit removes once", test_vdev_uninit_removes_once);
	CU_add_test(s, "remove error keeps the device", test_vdev_uninit_remove_error_keeps_device);
	CU_add_test(s, "concurrent init/uninit", test_vdev_concurrent_init_uninit);
	CU_add_test(s, "custom scan callbacks", test_vdev_custom_scan);
}
