/* SPDX-License-Identifier: BSD-3-Clause */
/* net_null argument parsing: accepted values, refused values and their one-line reasons. */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include <rte_eal.h>
#include <rte_pmd_null.h>

#include "test_util.h"
#include "vdev_test.h"

static int null_suite_init(void)
{
	return VT_EAL_INIT0() == 1 ? 0 : -1;
}

static int null_suite_clean(void)
{
	return rte_eal_cleanup();
}

static void test_null_accepted(void)
{
	static const struct {
		const char *args;
		unsigned size;
		int copy;
	} cases[] = {
	    {"size=1", 1, 0},
	    {"size=9600", 9600, 0},
	    {"size=0064", 64, 0},
	    {"copy=1", 64, 1},
	    {"copy=0,size=200", 200, 0},
	    {"size=10,size=20", 20, 0}, /* repeated keys: the last wins */
	    {"size=1,,", 1, 0},		/* empty elements are skipped, as in DPDK */
	    {"", 64, 0},
	};
	unsigned size;
	int copy;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		CU_ASSERT_EQUAL_FATAL(rte_vdev_init("net_null_ok", cases[i].args), 0);
		CU_ASSERT_EQUAL(rte_pmd_null_get_size("net_null_ok", &size), 0);
		CU_ASSERT_EQUAL(size, cases[i].size);
		CU_ASSERT_EQUAL(rte_pmd_null_get_copy("net_null_ok", &copy), 0);
		CU_ASSERT_EQUAL(copy, cases[i].copy);
		CU_ASSERT_EQUAL(rte_vdev_uninit("net_null_ok"), 0);
	}
}

struct init_call {
	const char *args;
	int ret;
};

static void call_init(void *arg)
{
	struct init_call *c = arg;
	c->ret = rte_vdev_init("net_null_bad", c->args);
}

static void test_null_refused(void)
{
	static const struct {
		const char *args;
		const char *line;
	} cases[] = {
	    {"size=abc", "net_null_bad: invalid size=abc: expected an integer from 1 to 9600"},
	    {"size=", "net_null_bad: invalid size=: expected an integer from 1 to 9600"},
	    {"size", "net_null_bad: invalid size=: expected an integer from 1 to 9600"},
	    {"size=0", "net_null_bad: invalid size=0: expected an integer from 1 to 9600"},
	    {"size=9601", "net_null_bad: invalid size=9601: expected an integer from 1 to 9600"},
	    {"size=18446744073709551617",
	     "net_null_bad: invalid size=18446744073709551617: expected an integer from 1 to 9600"},
	    {"size=0x40", "net_null_bad: invalid size=0x40: expected an integer from 1 to 9600"},
	    {"size=[1,2]", "net_null_bad: invalid size=[1,2]: expected an integer from 1 to 9600"},
	    {"size=64,size=0", "net_null_bad: invalid size=0: expected an integer from 1 to 9600"},
	    {"copy=2", "net_null_bad: invalid copy=2: expected 0 or 1"},
	    {"copy=", "net_null_bad: invalid copy=: expected 0 or 1"},
	    {"copy=true", "net_null_bad: invalid copy=true: expected 0 or 1"},
	    {"no-rx=1", "net_null_bad: unknown argument 'no-rx': accepted are size=<1..9600> "
			"and copy=<0|1>"},
	    {"size=[1", "net_null_bad: invalid size=[1: expected an integer from 1 to 9600"},
	    /* 33 pairs: more than rte_kvargs takes. */
	    {"copy=0,copy=0,copy=0,copy=0,copy=0,copy=0,copy=0,copy=0,copy=0,copy=0,copy=0,"
	     "copy=0,copy=0,copy=0,copy=0,copy=0,copy=0,copy=0,copy=0,copy=0,copy=0,copy=0,"
	     "copy=0,copy=0,copy=0,copy=0,copy=0,copy=0,copy=0,copy=0,copy=0,copy=0,copy=0",
	     "net_null_bad: cannot parse arguments 'copy=0,copy=0,copy=0,copy=0,copy=0,copy=0,"
	     "copy=0,copy=0,copy=0,copy=0,copy=0,copy=0,copy=0,copy=0,copy=0,copy=0,copy=0,"
	     "copy=0,copy=0,copy=0,copy=0,copy=0,copy=0,copy=0,copy=0,copy=0,copy=0,copy=0,"
	     "copy=0,copy=0,copy=0,copy=0,copy=0': expected key=value pairs separated by ','"},
	};
	char line[512], expected[512];
	unsigned size;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct init_call c = {cases[i].args, 0};
		char *log = test_capture_log(call_init, &c);
		CU_ASSERT_PTR_NOT_NULL_FATAL(log);
		CU_ASSERT_EQUAL(c.ret, -EINVAL);
		snprintf(expected, sizeof(expected), "pmd.net.null: %s", cases[i].line);
		CU_ASSERT_EQUAL(vt_log_lines_with(log, "net_null_bad", line, sizeof(line)), 1);
		CU_ASSERT_STRING_EQUAL(line, expected);
		/* The driver's line is the only one: kvargs reports at debug level only. */
		CU_ASSERT_EQUAL(vt_log_lines_with(log, "", NULL, 0), 1);
		free(log);
		CU_ASSERT_EQUAL(rte_pmd_null_get_size("net_null_bad", &size), -ENODEV);
		CU_ASSERT_PTR_NULL(vt_find("net_null_bad"));
	}
}

static void test_null_getters(void)
{
	unsigned size;
	int copy;

	CU_ASSERT_EQUAL(rte_pmd_null_get_size(NULL, &size), -EINVAL);
	CU_ASSERT_EQUAL(rte_pmd_null_get_size("net_null0", NULL), -EINVAL);
	CU_ASSERT_EQUAL(rte_pmd_null_get_copy("net_null0", NULL), -EINVAL);
	CU_ASSERT_EQUAL(rte_pmd_null_get_size("not_a_device", &size), -ENODEV);
	CU_ASSERT_EQUAL(rte_pmd_null_get_copy("not_a_device", &copy), -ENODEV);
	/* Two devices keep separate state. */
	CU_ASSERT_EQUAL_FATAL(rte_vdev_init("net_null_a", "size=11"), 0);
	CU_ASSERT_EQUAL_FATAL(rte_vdev_init("net_null_b", "size=22,copy=1"), 0);
	CU_ASSERT_EQUAL(rte_pmd_null_get_size("net_null_a", &size), 0);
	CU_ASSERT_EQUAL(size, 11);
	CU_ASSERT_EQUAL(rte_pmd_null_get_size("net_null_b", &size), 0);
	CU_ASSERT_EQUAL(size, 22);
	CU_ASSERT_EQUAL(rte_pmd_null_get_copy("net_null_a", &copy), 0);
	CU_ASSERT_EQUAL(copy, 0);
	CU_ASSERT_EQUAL(rte_pmd_null_get_copy("net_null_b", &copy), 0);
	CU_ASSERT_EQUAL(copy, 1);
	CU_ASSERT_EQUAL(rte_vdev_uninit("net_null_a"), 0);
	CU_ASSERT_EQUAL(rte_pmd_null_get_size("net_null_b", &size), 0);
	CU_ASSERT_EQUAL(rte_vdev_uninit("net_null_b"), 0);
}

void vt_add_null_args_suite(void)
{
	CU_pSuite s = CU_add_suite("net_null_args", null_suite_init, null_suite_clean);
	CU_add_test(s, "accepted arguments", test_null_accepted);
	CU_add_test(s, "refused arguments, one line each", test_null_refused);
	CU_add_test(s, "state getters", test_null_getters);
}
