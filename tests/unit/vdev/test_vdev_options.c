/* SPDX-License-Identifier: BSD-3-Clause */
/* Virtual devices given to rte_eal_init with --vdev: probe, refusal, cleanup, re-init. */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include <rte_dev.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_pmd_null.h>

#include "test_util.h"
#include "vdev_test.h"

static void test_vdev_option_probes_net_null(void)
{
	unsigned size = 0;
	int copy = -1;

	CU_ASSERT_EQUAL_FATAL(VT_EAL_INIT("--vdev", "net_null0,size=128,copy=1"), 3);
	struct rte_device *dev = vt_find("net_null0");
	CU_ASSERT_PTR_NOT_NULL_FATAL(dev);
	CU_ASSERT_EQUAL(rte_dev_is_probed(dev), 1);
	CU_ASSERT_STRING_EQUAL(rte_driver_name(rte_dev_driver(dev)), "net_null");
	CU_ASSERT_STRING_EQUAL(rte_bus_name(rte_dev_bus(dev)), "vdev");
	CU_ASSERT_EQUAL(rte_dev_numa_node(dev), SOCKET_ID_ANY);
	CU_ASSERT_STRING_EQUAL(rte_vdev_device_args(RTE_DEV_TO_VDEV(dev)), "size=128,copy=1");
	CU_ASSERT_EQUAL(rte_pmd_null_get_size("net_null0", &size), 0);
	CU_ASSERT_EQUAL(size, 128);
	CU_ASSERT_EQUAL(rte_pmd_null_get_copy("net_null0", &copy), 0);
	CU_ASSERT_EQUAL(copy, 1);
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
	/* The state was freed by remove and the device is gone from the bus. */
	CU_ASSERT_EQUAL(rte_pmd_null_get_size("net_null0", &size), -ENODEV);
	CU_ASSERT_PTR_NULL(vt_find("net_null0"));
}

static void test_vdev_option_defaults(void)
{
	unsigned size = 0;
	int copy = -1;

	CU_ASSERT_EQUAL_FATAL(VT_EAL_INIT("--vdev", "net_null3"), 3);
	CU_ASSERT_EQUAL(rte_pmd_null_get_size("net_null3", &size), 0);
	CU_ASSERT_EQUAL(size, RTE_PMD_NULL_SIZE_DEFAULT);
	CU_ASSERT_EQUAL(rte_pmd_null_get_copy("net_null3", &copy), 0);
	CU_ASSERT_EQUAL(copy, 0);
	CU_ASSERT_STRING_EQUAL(rte_vdev_device_args(RTE_DEV_TO_VDEV(vt_find("net_null3"))), "");
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
}

static void test_vdev_option_alias(void)
{
	unsigned size = 0;

	CU_ASSERT_EQUAL_FATAL(VT_EAL_INIT("--vdev", "eth_null1,size=9600"), 3);
	struct rte_device *dev = vt_find("eth_null1");
	CU_ASSERT_PTR_NOT_NULL_FATAL(dev);
	CU_ASSERT_EQUAL(rte_dev_is_probed(dev), 1);
	CU_ASSERT_STRING_EQUAL(rte_driver_name(rte_dev_driver(dev)), "net_null");
	CU_ASSERT_EQUAL(rte_pmd_null_get_size("eth_null1", &size), 0);
	CU_ASSERT_EQUAL(size, 9600);
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
}

/* RTE_PMD_REGISTER_ALIAS written before RTE_PMD_REGISTER_VDEV (vdev_test_util.c). */
static void test_vdev_option_alias_declared_first(void)
{
	CU_ASSERT_STRING_EQUAL(vt_va_driver.driver.name, "vdva");
	CU_ASSERT_STRING_EQUAL(vt_va_driver.driver.alias, "vdvirt");
	CU_ASSERT_EQUAL_FATAL(VT_EAL_INIT("--vdev", "vdvirt0"), 3);
	struct rte_device *dev = vt_find("vdvirt0");
	CU_ASSERT_PTR_NOT_NULL_FATAL(dev);
	CU_ASSERT_PTR_EQUAL(rte_dev_driver(dev), &vt_va_driver.driver);
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
}

/* As in DPDK 22.11, a --vdev name that no vdev driver claims belongs to no bus, so the devargs
 * cannot be parsed and rte_eal_init fails, leaving nothing behind. */
static void test_vdev_option_unknown_name(void)
{
	int ret;
	char line[512];

	char *log = VT_EAL_INIT_LOGGED(&ret, "--vdev", "bogus0,size=1");
	CU_ASSERT_PTR_NOT_NULL_FATAL(log);
	CU_ASSERT_EQUAL(ret, -1);
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	CU_ASSERT_EQUAL(vt_log_lines_with(log, "", NULL, 0), 1);
	CU_ASSERT_EQUAL(vt_log_lines_with(log, "bogus0", line, sizeof(line)), 1);
	CU_ASSERT_STRING_EQUAL(line, "lib.eal: --vdev 'bogus0,size=1': no vdev driver claims this "
				     "name (a vdev driver claims the names it prefixes: net_null "
				     "claims net_null0)");
	free(log);
	CU_ASSERT_PTR_NULL(vt_find("bogus0"));
	/* Nothing was left initialised: a normal init works. */
	CU_ASSERT_EQUAL_FATAL(VT_EAL_INIT("--vdev", "net_null0"), 3);
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
}

/* A device its driver refuses is reported in one line and stays unprobed; init succeeds. */
static void test_vdev_option_bad_size_refused(void)
{
	static const char *const values[] = {"abc",   "",   "0",  "9601", "99999999999999999999999",
					     "12abc", "-1", "+5", " 5"};
	char arg[64], expected[256], line[512];
	unsigned size;
	int ret;

	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		snprintf(arg, sizeof(arg), "net_null0,size=%s", values[i]);
		char *log = VT_EAL_INIT_LOGGED(&ret, "--vdev", arg, "--vdev", "net_null1,size=100");
		CU_ASSERT_PTR_NOT_NULL_FATAL(log);
		CU_ASSERT_EQUAL(ret, 5);
		snprintf(
		    expected, sizeof(expected),
		    "pmd.net.null: net_null0: invalid size=%s: expected an integer from 1 to 9600",
		    values[i]);
		CU_ASSERT_EQUAL(vt_log_lines_with(log, "net_null0", line, sizeof(line)), 1);
		CU_ASSERT_STRING_EQUAL(line, expected);
		free(log);
		struct rte_device *dev = vt_find("net_null0");
		CU_ASSERT_PTR_NOT_NULL_FATAL(dev);
		CU_ASSERT_EQUAL(rte_dev_is_probed(dev), 0);
		CU_ASSERT_EQUAL(rte_pmd_null_get_size("net_null0", &size), -ENODEV);
		/* The other device was not affected. */
		CU_ASSERT_EQUAL(rte_pmd_null_get_size("net_null1", &size), 0);
		CU_ASSERT_EQUAL(size, 100);
		CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
	}
}

static void test_vdev_option_unknown_key_refused(void)
{
	char line[512];
	int ret;

	char *log = VT_EAL_INIT_LOGGED(&ret, "--vdev", "net_null2,sise=64");
	CU_ASSERT_PTR_NOT_NULL_FATAL(log);
	CU_ASSERT_EQUAL(ret, 3);
	CU_ASSERT_EQUAL(vt_log_lines_with(log, "net_null2", line, sizeof(line)), 1);
	CU_ASSERT_STRING_EQUAL(line, "pmd.net.null: net_null2: unknown argument 'sise': accepted "
				     "are size=<1..9600> and copy=<0|1>");
	free(log);
	CU_ASSERT_EQUAL(rte_dev_is_probed(vt_find("net_null2")), 0);
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
}

/* Arguments kvargs refuses (more than 32 pairs): net_null's line alone, from init too. */
#define PAIRS_8 "copy=0,copy=0,copy=0,copy=0,copy=0,copy=0,copy=0,copy=0"
#define PAIRS_33 PAIRS_8 "," PAIRS_8 "," PAIRS_8 "," PAIRS_8 ",size=1"
static void test_vdev_option_malformed_args_one_line(void)
{
	int ret;

	char *log = VT_EAL_INIT_LOGGED(&ret, "--vdev", "net_null0," PAIRS_33);
	CU_ASSERT_PTR_NOT_NULL_FATAL(log);
	CU_ASSERT_EQUAL(ret, 3);
	CU_ASSERT_STRING_EQUAL(log, "pmd.net.null: net_null0: cannot parse arguments '" PAIRS_33
				    "': expected key=value pairs separated by ','\n");
	free(log);
	CU_ASSERT_EQUAL(rte_dev_is_probed(vt_find("net_null0")), 0);
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
}

/* Every probed device is removed exactly once at cleanup, refused ones never, whether they
 * came from --vdev or from rte_vdev_init, and uninit'ed ones are not removed again. */
static void test_vdev_cleanup_removes_each_once(void)
{
	vt_record_reset();
	CU_ASSERT_EQUAL_FATAL(
	    VT_EAL_INIT("--vdev", "vdtest0", "--vdev", "vdtest1,x=1", "--vdev", "vdtest2,fail=1"),
	    7);
	CU_ASSERT_EQUAL(vt_rec.probes, 2);
	CU_ASSERT_EQUAL(vt_rec.refused, 1);
	CU_ASSERT_EQUAL(rte_vdev_init("vdtest3", NULL), 0);
	CU_ASSERT_EQUAL(rte_vdev_init("vdtest4", "fail=1"), -EIO);
	CU_ASSERT_PTR_NULL(vt_find("vdtest4"));
	CU_ASSERT_EQUAL(rte_vdev_uninit("vdtest1"), 0);
	CU_ASSERT_EQUAL(vt_rec.removes, 1);
	CU_ASSERT_EQUAL(vt_rec.probes, 3);

	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
	CU_ASSERT_EQUAL(vt_rec.removes, 3);
	CU_ASSERT_EQUAL(vt_removed_count("vdtest0"), 1);
	CU_ASSERT_EQUAL(vt_removed_count("vdtest1"), 1);
	CU_ASSERT_EQUAL(vt_removed_count("vdtest3"), 1);
	CU_ASSERT_EQUAL(vt_removed_count("vdtest2"), 0);
	CU_ASSERT_EQUAL(vt_removed_count("vdtest4"), 0);
	CU_ASSERT_PTR_NULL(vt_find("vdtest0"));
	CU_ASSERT_PTR_NULL(vt_find("vdtest2"));
}

static void test_vdev_init_cleanup_cycles(void)
{
	char arg[64];
	unsigned size;

	for (unsigned i = 1; i <= 5; i++) {
		snprintf(arg, sizeof(arg), "net_null0,size=%u", i * 100);
		CU_ASSERT_EQUAL_FATAL(VT_EAL_INIT("--vdev", arg), 3);
		CU_ASSERT_EQUAL(rte_pmd_null_get_size("net_null0", &size), 0);
		CU_ASSERT_EQUAL(size, i * 100);
		/* A second init without cleanup is refused and changes nothing. */
		CU_ASSERT_EQUAL(VT_EAL_INIT("--vdev", "net_null9"), -1);
		CU_ASSERT_EQUAL(rte_errno, EALREADY);
		CU_ASSERT_PTR_NULL(vt_find("net_null9"));
		CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
		CU_ASSERT_PTR_NULL(vt_find("net_null0"));
	}
}

/* Two devices of the same name on the command line make one device (the last devargs). */
static void test_vdev_option_duplicate_name(void)
{
	unsigned size;

	CU_ASSERT_EQUAL_FATAL(
	    VT_EAL_INIT("--vdev", "net_null0,size=10", "--vdev", "net_null0,size=20"), 5);
	CU_ASSERT_EQUAL(rte_pmd_null_get_size("net_null0", &size), 0);
	CU_ASSERT_EQUAL(size, 20);
	int n = 0;
	struct rte_dev_iterator it;
	struct rte_device *dev;
	RTE_DEV_FOREACH(dev, "bus=vdev", &it)
	{
		n++;
	}
	CU_ASSERT_EQUAL(n, 1);
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
}

/* -b on a virtual device name keeps it from being created, whatever the order. */
static void test_vdev_option_blocked(void)
{
	CU_ASSERT_EQUAL_FATAL(
	    VT_EAL_INIT("--vdev", "net_null0", "-b", "net_null0", "--vdev", "net_null1"), 7);
	CU_ASSERT_PTR_NULL(vt_find("net_null0"));
	CU_ASSERT_EQUAL(rte_dev_is_probed(vt_find("net_null1")), 1);
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
}

void vt_add_options_suite(void)
{
	CU_pSuite s = CU_add_suite("vdev_options", NULL, NULL);
	CU_add_test(s, "--vdev probes net_null with its size", test_vdev_option_probes_net_null);
	CU_add_test(s, "--vdev without arguments gets the defaults", test_vdev_option_defaults);
	CU_add_test(s, "--vdev eth_null1 matches the alias", test_vdev_option_alias);
	CU_add_test(s, "alias declared before the driver", test_vdev_option_alias_declared_first);
	CU_add_test(s, "--vdev with no driver fails init", test_vdev_option_unknown_name);
	CU_add_test(s, "bad size refused with one line", test_vdev_option_bad_size_refused);
	CU_add_test(s, "unknown key refused with one line", test_vdev_option_unknown_key_refused);
	CU_add_test(s, "malformed arguments: one line", test_vdev_option_malformed_args_one_line);
	CU_add_test(s, "cleanup removes each probed device once",
		    test_vdev_cleanup_removes_each_once);
	CU_add_test(s, "init/cleanup cycles", test_vdev_init_cleanup_cycles);
	CU_add_test(s, "same name twice makes one device", test_vdev_option_duplicate_name);
	CU_add_test(s, "-b keeps a vdev from being created", test_vdev_option_blocked);
}
