/* SPDX-License-Identifier: BSD-3-Clause */
/* Bus registry: registration rules, lookups, scan/probe/cleanup order and errors, IOVA class. */
#include <CUnit/CUnit.h>
#include <stdlib.h>
#include <string.h>

#include <bus_driver.h>
#include <rte_errno.h>

#include "eal_model.h"
#include "fake_bus.h"
#include "model_tests.h"
#include "test_util.h"

FAKE_BUS_DEFINE(b1);
FAKE_BUS_DEFINE(b2);
FAKE_BUS_DEFINE(b3);

/* The suite runs on an empty registry; each test registers the fake buses it needs. */
static int suite_init(void)
{
	fake_registry_stash();
	return fake_registry_size() == 0 ? 0 : 1;
}

static int suite_cleanup(void)
{
	fake_registry_restore();
	return 0;
}

static void fresh_buses(const char *n1, const char *n2, const char *n3)
{
	rte_bus_unregister(&b1.bus);
	rte_bus_unregister(&b2.bus);
	rte_bus_unregister(&b3.bus);
	fake_bus_setup(&b1, &b1_ops, n1, "one");
	fake_bus_setup(&b2, &b2_ops, n2, "two");
	fake_bus_setup(&b3, &b3_ops, n3, "three");
	fake_events_clear();
}

static void register_all(void)
{
	rte_bus_register(&b1.bus);
	rte_bus_register(&b2.bus);
	rte_bus_register(&b3.bus);
}

static void register_fn(void *bus)
{
	rte_errno = 0;
	rte_bus_register(bus);
}

/* Register bus expecting a refusal whose one log line contains reason. */
static void expect_refused(struct rte_bus *bus, const char *reason)
{
	char *log = test_capture_log(register_fn, bus);
	CU_ASSERT_EQUAL(fake_registry_size(), 0);
	CU_ASSERT_NOT_EQUAL(rte_errno, 0);
	CU_ASSERT_EQUAL(count_lines(log), 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(log);
	if (strstr(log, reason) == NULL)
		fprintf(stderr, "log \"%s\" lacks \"%s\"\n", log, reason);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, reason));
	free(log);
}

static void test_register_refuses_incomplete(void)
{
	fresh_buses("alpha", "beta", "gamma");
	b1.bus.scan = NULL;
	expect_refused(&b1.bus, "bus \"alpha\" not registered: it lacks the scan operation");
	b1.bus.scan = b1_ops.scan;
	b1.bus.probe = NULL;
	expect_refused(&b1.bus, "lacks the probe operation");
	b1.bus.probe = b1_ops.probe;
	b1.bus.find_device = NULL;
	expect_refused(&b1.bus, "lacks the find_device operation");
	b1.bus.find_device = b1_ops.find_device;
	b1.bus.unplug = NULL;
	expect_refused(&b1.bus, "lacks the unplug (plug is set) operation");
	b1.bus.unplug = b1_ops.unplug;
	b1.bus.name = "";
	expect_refused(&b1.bus, "it has no name");
	expect_refused(NULL, "it has no name");

	/* Optional ops may all be missing. */
	struct rte_bus minimal = {.name = "minimal",
				  .scan = b1_ops.scan,
				  .probe = b1_ops.probe,
				  .find_device = b1_ops.find_device};
	rte_bus_register(&minimal);
	CU_ASSERT_PTR_EQUAL(rte_bus_find_by_name("minimal"), &minimal);
	rte_bus_unregister(&minimal);
	CU_ASSERT_EQUAL(fake_registry_size(), 0);
}

static void test_register_twice_and_same_name(void)
{
	fresh_buses("alpha", "alpha", "gamma");
	rte_bus_register(&b1.bus);
	rte_bus_register(&b1.bus);
	CU_ASSERT_EQUAL(fake_registry_size(), 1);
	char *log = test_capture_log(register_fn, &b2.bus);
	CU_ASSERT_EQUAL(fake_registry_size(), 1);
	CU_ASSERT_EQUAL(rte_errno, EEXIST);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "another bus already has that name"));
	free(log);
	CU_ASSERT_PTR_EQUAL(rte_bus_find_by_name("alpha"), &b1.bus);
	rte_bus_unregister(&b1.bus);
	rte_bus_unregister(&b1.bus); /* not registered any more: ignored */
	CU_ASSERT_EQUAL(fake_registry_size(), 0);
}

static int name_starts_with_o(const struct rte_bus *bus, const void *data)
{
	(void)data;
	return rte_bus_name(bus)[0] != 'o';
}

static void test_find(void)
{
	fresh_buses("one", "two", "other");
	register_all();
	CU_ASSERT_PTR_EQUAL(rte_bus_find_by_name("two"), &b2.bus);
	CU_ASSERT_PTR_NULL(rte_bus_find_by_name("tw"));
	CU_ASSERT_PTR_NULL(rte_bus_find_by_name(NULL));
	CU_ASSERT_STRING_EQUAL(rte_bus_name(&b3.bus), "other");
	CU_ASSERT_PTR_NULL(rte_bus_name(NULL));

	CU_ASSERT_PTR_EQUAL(rte_bus_find(NULL, name_starts_with_o, NULL), &b1.bus);
	CU_ASSERT_PTR_EQUAL(rte_bus_find(&b1.bus, name_starts_with_o, NULL), &b3.bus);
	CU_ASSERT_PTR_NULL(rte_bus_find(&b3.bus, name_starts_with_o, NULL));

	/* find_by_device asks each bus whether the device (by address) is one of its own. */
	b2.dev_names[0] = "two0";
	b2.dev_names[1] = "two1";
	b3.dev_names[0] = "two1"; /* same name on another bus: a different device */
	CU_ASSERT_EQUAL(rte_bus_scan(), 0);
	CU_ASSERT_PTR_EQUAL(rte_bus_find_by_device(&b2.devs[1]), &b2.bus);
	CU_ASSERT_PTR_EQUAL(rte_bus_find_by_device(&b3.devs[0]), &b3.bus);
	struct rte_device stranger = {.name = "two0"};
	CU_ASSERT_PTR_NULL(rte_bus_find_by_device(&stranger));
	CU_ASSERT_PTR_NULL(rte_bus_find_by_device(NULL));
	fresh_buses("one", "two", "three");
}

static void scan_fn(void *ret)
{
	*(int *)ret = rte_bus_scan();
}

static void test_scan_errors(void)
{
	fresh_buses("alpha", "beta", "gamma");
	b2.scan_ret = -EIO;
	b3.scan_ret = -ENODEV;
	register_all();
	int ret = 0;
	char *log = test_capture_log(scan_fn, &ret);
	/* Every bus is scanned; the first error is returned; each failure logs one line. */
	CU_ASSERT_EQUAL(ret, -EIO);
	CU_ASSERT_EQUAL(rte_errno, EIO);
	CU_ASSERT_STRING_EQUAL(fake_events, "alpha.scan beta.scan gamma.scan ");
	CU_ASSERT_EQUAL(count_lines(log), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "bus \"beta\": scan failed: "));
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "bus \"gamma\": scan failed: "));
	CU_ASSERT_PTR_NULL(strstr(log, "alpha"));
	free(log);

	b2.scan_ret = 0;
	b3.scan_ret = 0;
	CU_ASSERT_EQUAL(rte_bus_scan(), 0);
	fresh_buses("one", "two", "three");
}

static void probe_fn(void *ret)
{
	*(int *)ret = rte_bus_probe();
}

static void test_probe_order(void)
{
	fresh_buses("alpha", "vdev", "omega");
	register_all();
	CU_ASSERT_EQUAL(rte_bus_probe(), 0);
	CU_ASSERT_STRING_EQUAL(fake_events, "alpha.probe omega.probe vdev.probe ");

	/* A failing bus does not stop the others; the result says something failed. */
	fake_events_clear();
	b1.probe_ret = -ENOMEM;
	int ret = 0;
	char *log = test_capture_log(probe_fn, &ret);
	CU_ASSERT_EQUAL(ret, -1);
	CU_ASSERT_EQUAL(rte_errno, ENOMEM);
	CU_ASSERT_STRING_EQUAL(fake_events, "alpha.probe omega.probe vdev.probe ");
	CU_ASSERT_EQUAL(count_lines(log), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "bus \"alpha\": probe failed"));
	free(log);
	fresh_buses("one", "two", "three");
}

static void cleanup_fn(void *ret)
{
	*(int *)ret = eal_bus_cleanup_all();
}

static void test_cleanup_all(void)
{
	fresh_buses("alpha", "vdev", "omega");
	b1.bus.cleanup = NULL;
	register_all();
	CU_ASSERT_EQUAL(eal_bus_cleanup_all(), 0);
	/* vdev first (virtual devices may use physical ones); a bus without cleanup is skipped. */
	CU_ASSERT_STRING_EQUAL(fake_events, "vdev.cleanup omega.cleanup ");

	fake_events_clear();
	b2.cleanup_ret = -EBUSY;
	b3.cleanup_ret = -EIO;
	int ret = 0;
	char *log = test_capture_log(cleanup_fn, &ret);
	CU_ASSERT_EQUAL(ret, -EBUSY);
	CU_ASSERT_EQUAL(rte_errno, EBUSY);
	CU_ASSERT_STRING_EQUAL(fake_events, "vdev.cleanup omega.cleanup ");
	CU_ASSERT_EQUAL(count_lines(log), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "bus \"omega\": cleanup failed"));
	free(log);
	fresh_buses("one", "two", "three");
}

static void test_dump(void)
{
	fresh_buses("one", "two", "three");
	register_all();
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	rte_bus_dump(f);
	fclose(f);
	CU_ASSERT_STRING_EQUAL(buf, " one\n two\n three\n");
	free(buf);
	fresh_buses("one", "two", "three");
}

static void iommu_fn(void *mode)
{
	*(enum rte_iova_mode *)mode = rte_bus_get_iommu_class();
}

/* b1..b3 registered with these wishes; -1: the bus has no get_iommu_class op. */
static enum rte_iova_mode iommu_class_of(int w1, int w2, int w3, char **log)
{
	const int wish[3] = {w1, w2, w3};
	struct fake_bus *bus[3] = {&b1, &b2, &b3};

	fresh_buses("one", "two", "three");
	for (int i = 0; i < 3; i++) {
		if (wish[i] < 0)
			bus[i]->bus.get_iommu_class = NULL;
		else
			bus[i]->iova = (enum rte_iova_mode)wish[i];
	}
	register_all();
	enum rte_iova_mode mode = RTE_IOVA_DC;
	*log = test_capture_log(iommu_fn, &mode);
	return mode;
}

static void test_iommu_class(void)
{
	static const struct {
		int w[3];
		enum rte_iova_mode expect;
		bool conflict;
	} table[] = {
	    {{-1, -1, -1}, RTE_IOVA_DC, false},
	    {{RTE_IOVA_DC, RTE_IOVA_DC, -1}, RTE_IOVA_DC, false},
	    {{RTE_IOVA_PA, -1, -1}, RTE_IOVA_PA, false},
	    {{RTE_IOVA_DC, RTE_IOVA_PA, RTE_IOVA_PA}, RTE_IOVA_PA, false},
	    {{RTE_IOVA_VA, RTE_IOVA_DC, -1}, RTE_IOVA_VA, false},
	    {{-1, RTE_IOVA_VA, RTE_IOVA_VA}, RTE_IOVA_VA, false},
	    {{RTE_IOVA_PA, RTE_IOVA_VA, -1}, RTE_IOVA_DC, true},
	    {{RTE_IOVA_VA, RTE_IOVA_DC, RTE_IOVA_PA}, RTE_IOVA_DC, true},
	};
	for (size_t i = 0; i < RTE_DIM(table); i++) {
		char *log = NULL;
		enum rte_iova_mode mode =
		    iommu_class_of(table[i].w[0], table[i].w[1], table[i].w[2], &log);
		CU_ASSERT_EQUAL(mode, table[i].expect);
		if (table[i].conflict) {
			CU_ASSERT_EQUAL(count_lines(log), 1);
			CU_ASSERT_PTR_NOT_NULL(strstr(log, "wants PA but bus"));
			CU_ASSERT_PTR_NOT_NULL(strstr(log, "wants VA"));
		} else {
			CU_ASSERT_PTR_NULL(strstr(log != NULL ? log : "", "wants PA but"));
		}
		free(log);
	}
	/* The conflict line names the buses. */
	char *log = NULL;
	CU_ASSERT_EQUAL(iommu_class_of(RTE_IOVA_VA, -1, RTE_IOVA_PA, &log), RTE_IOVA_DC);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "bus \"three\" wants PA but bus \"one\" wants VA"));
	free(log);
	fresh_buses("one", "two", "three");
}

/* A compare callback that (un)registers b3: it runs inside the walk, under the registry lock. */
static int register_inside(const struct rte_bus *bus, const void *unregister)
{
	RTE_SET_USED(bus);
	rte_errno = 0;
	if (unregister != NULL)
		rte_bus_unregister(&b3.bus);
	else
		rte_bus_register(&b3.bus);
	return 0;
}

struct inside_call {
	const void *unregister;
	struct rte_bus *found;
	int err;
};

static void find_registering_fn(void *arg)
{
	struct inside_call *c = arg;
	c->found = rte_bus_find(NULL, register_inside, c->unregister);
	c->err = rte_errno;
}

/*
 * Registering from inside a walk would wait for the walk to end (a deadlock): it is refused
 * with one line and EDEADLK, and the registry is unchanged.
 */
static void test_register_inside_walk(void)
{
	fresh_buses("one", "two", "three");
	rte_bus_register(&b1.bus);
	struct inside_call c = {.unregister = NULL};
	char *log = test_capture_log(find_registering_fn, &c);
	CU_ASSERT_PTR_EQUAL(c.found, &b1.bus);
	CU_ASSERT_EQUAL(c.err, EDEADLK);
	CU_ASSERT_STRING_EQUAL(log,
			       "lib.eal.bus: bus \"three\" not registered: called from a bus "
			       "operation or rte_bus_find callback, which holds the bus registry "
			       "(do it outside)\n");
	free(log);
	CU_ASSERT_EQUAL(fake_registry_size(), 1);

	rte_bus_register(&b3.bus);
	c = (struct inside_call){.unregister = &b3};
	log = test_capture_log(find_registering_fn, &c);
	CU_ASSERT_EQUAL(c.err, EDEADLK);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "bus \"three\" not unregistered: called from"));
	free(log);
	CU_ASSERT_PTR_EQUAL(rte_bus_find_by_name("three"), &b3.bus);
	/* Outside the walk both work again. */
	rte_bus_unregister(&b3.bus);
	CU_ASSERT_PTR_NULL(rte_bus_find_by_name("three"));
	fresh_buses("one", "two", "three");
}

void model_add_bus_suite(void)
{
	CU_pSuite s = CU_add_suite("bus", suite_init, suite_cleanup);
	CU_add_test(s, "register refuses a bus without mandatory ops",
		    test_register_refuses_incomplete);
	CU_add_test(s, "register twice, duplicate name", test_register_twice_and_same_name);
	CU_add_test(s, "find, find_by_name, find_by_device", test_find);
	CU_add_test(s, "scan continues past errors", test_scan_errors);
	CU_add_test(s, "probe order: vdev last", test_probe_order);
	CU_add_test(s, "cleanup all: vdev first, first error", test_cleanup_all);
	CU_add_test(s, "dump", test_dump);
	CU_add_test(s, "IOVA class combinations", test_iommu_class);
	CU_add_test(s, "(un)register inside a walk is refused", test_register_inside_walk);
}
