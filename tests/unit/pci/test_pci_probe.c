/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Matching and probing: ID tables, registration order, "not mine", PROBE_AGAIN, allow/block
 * lists, mapping through a backend, the refusal line for devices no backend reaches, hotplug,
 * cleanup, iteration, IOVA class and DMA delegation.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <bus_driver.h>
#include <pci_scan.h>
#include <rte_dev.h>
#include <rte_devargs.h>
#include <rte_eal.h>
#include <rte_errno.h>

#include "pci_test.h"
#include "test_util.h"

/* A driver whose probe result is chosen by the test and whose calls are recorded. */
struct test_drv {
	struct rte_pci_driver pci;
	int probe_ret;
	int remove_ret;
	unsigned int probes, removes, dma_maps;
	bool mapped_at_probe;
	char removed[8][PCI_PRI_STR_SIZE + 1];
};

static struct test_drv *drv_of(struct rte_pci_driver *d)
{
	return container_of(d, struct test_drv, pci);
}

static int td_probe(struct rte_pci_driver *d, struct rte_pci_device *dev)
{
	struct test_drv *t = drv_of(d);
	t->probes++;
	t->mapped_at_probe = dev->mem_resource[0].addr != NULL;
	return t->probe_ret;
}

static int td_remove(struct rte_pci_device *dev)
{
	struct test_drv *t = drv_of(dev->driver);
	if (t->removes < RTE_DIM(t->removed))
		snprintf(t->removed[t->removes], sizeof(t->removed[0]), "%s", dev->name);
	t->removes++;
	return t->remove_ret;
}

static int td_dma_map(struct rte_pci_device *dev, void *addr, uint64_t iova, size_t len)
{
	(void)addr;
	(void)iova;
	(void)len;
	drv_of(dev->driver)->dma_maps++;
	return 0;
}

static void td_init(struct test_drv *t, const char *name, const struct rte_pci_id *ids,
		    uint32_t flags)
{
	memset(t, 0, sizeof(*t));
	t->pci.driver.name = name;
	t->pci.probe = td_probe;
	t->pci.remove = td_remove;
	t->pci.dma_map = td_dma_map;
	t->pci.id_table = ids;
	t->pci.drv_flags = flags;
	rte_pci_register(&t->pci);
}

static const struct rte_pci_id ids_0001[] = {{RTE_PCI_DEVICE(TEST_VENDOR, 0x0001)},
					     {.vendor_id = 0}};
static const struct rte_pci_id ids_any_test_vendor[] = {
    {RTE_PCI_DEVICE(TEST_VENDOR, RTE_PCI_ANY_ID)}, {.vendor_id = 0}};

static void test_match_rules(void)
{
	struct rte_pci_device dev = {.id = {.class_id = 0x020000,
					    .vendor_id = TEST_VENDOR,
					    .device_id = 0x0042,
					    .subsystem_vendor_id = 0x1af4,
					    .subsystem_device_id = 0x1100}};
	static const struct {
		struct rte_pci_id id;
		bool match;
	} cases[] = {
	    {{RTE_PCI_DEVICE(TEST_VENDOR, 0x0042)}, true},
	    {{RTE_PCI_DEVICE(TEST_VENDOR, 0x0043)}, false},
	    {{RTE_PCI_DEVICE(TEST_VENDOR2, 0x0042)}, false},
	    {{RTE_PCI_DEVICE(TEST_VENDOR, RTE_PCI_ANY_ID)}, true},
	    {{RTE_PCI_DEVICE(RTE_PCI_ANY_ID, RTE_PCI_ANY_ID)}, true},
	    {{.class_id = RTE_CLASS_ANY_ID,
	      .vendor_id = TEST_VENDOR,
	      .device_id = 0x0042,
	      .subsystem_vendor_id = 0x1af4,
	      .subsystem_device_id = 0x1100},
	     true},
	    {{.class_id = RTE_CLASS_ANY_ID,
	      .vendor_id = TEST_VENDOR,
	      .device_id = 0x0042,
	      .subsystem_vendor_id = 0x1af4,
	      .subsystem_device_id = 0x1101},
	     false},
	    {{.class_id = RTE_CLASS_ANY_ID,
	      .vendor_id = TEST_VENDOR,
	      .device_id = 0x0042,
	      .subsystem_vendor_id = 0x8086,
	      .subsystem_device_id = RTE_PCI_ANY_ID},
	     false},
	    /* Class matching: the full 24-bit code, with any ids. */
	    {{.class_id = 0x020000,
	      .vendor_id = RTE_PCI_ANY_ID,
	      .device_id = RTE_PCI_ANY_ID,
	      .subsystem_vendor_id = RTE_PCI_ANY_ID,
	      .subsystem_device_id = RTE_PCI_ANY_ID},
	     true},
	    {{.class_id = 0x020001,
	      .vendor_id = RTE_PCI_ANY_ID,
	      .device_id = RTE_PCI_ANY_ID,
	      .subsystem_vendor_id = RTE_PCI_ANY_ID,
	      .subsystem_device_id = RTE_PCI_ANY_ID},
	     false},
	    {{.class_id = 0x010802,
	      .vendor_id = TEST_VENDOR,
	      .device_id = 0x0042,
	      .subsystem_vendor_id = RTE_PCI_ANY_ID,
	      .subsystem_device_id = RTE_PCI_ANY_ID},
	     false},
	};
	for (size_t i = 0; i < RTE_DIM(cases); i++) {
		struct rte_pci_id table[2] = {cases[i].id, {.vendor_id = 0}};
		struct rte_pci_driver drv = {.id_table = table};
		CU_ASSERT_EQUAL(rte_pci_driver_match(&drv, &dev), cases[i].match);
	}
	/* The table ends at vendor_id 0: entries after it are never looked at. */
	struct rte_pci_id table[] = {{RTE_PCI_DEVICE(TEST_VENDOR2, 1)},
				     {.vendor_id = 0},
				     {RTE_PCI_DEVICE(TEST_VENDOR, 0x0042)}};
	struct rte_pci_driver drv = {.id_table = table};
	CU_ASSERT_FALSE(rte_pci_driver_match(&drv, &dev));
	/* Any entry of the table may match. */
	table[1] = (struct rte_pci_id){RTE_PCI_DEVICE(TEST_VENDOR, 0x0042)};
	table[2] = (struct rte_pci_id){.vendor_id = 0};
	CU_ASSERT_TRUE(rte_pci_driver_match(&drv, &dev));
	drv.id_table = NULL;
	CU_ASSERT_FALSE(rte_pci_driver_match(&drv, &dev));
}

static void test_driver_list(void)
{
	struct test_drv a, b;
	const struct rte_pci_driver *before = NULL;
	for (const struct rte_pci_driver *d = rte_pci_driver_next(NULL); d != NULL;
	     d = rte_pci_driver_next(d))
		before = d;
	td_init(&a, "test_a", ids_0001, 0);
	td_init(&b, "test_b", ids_0001, 0);
	rte_pci_register(&a.pci); /* twice: ignored */
	const struct rte_pci_driver *d =
	    before ? rte_pci_driver_next(before) : rte_pci_driver_next(NULL);
	CU_ASSERT_PTR_EQUAL(d, &a.pci);
	CU_ASSERT_PTR_EQUAL(rte_pci_driver_next(d), &b.pci);
	CU_ASSERT_PTR_NULL(rte_pci_driver_next(&b.pci));
	rte_pci_unregister(&a.pci);
	rte_pci_unregister(&a.pci); /* twice: ignored */
	d = before ? rte_pci_driver_next(before) : rte_pci_driver_next(NULL);
	CU_ASSERT_PTR_EQUAL(d, &b.pci);
	rte_pci_unregister(&b.pci);
}

static struct fake_sysfs *one_device(const char *driver)
{
	struct fake_pci_dev d = pci_test_dev("0000:00:02.0", TEST_VENDOR, 0x0001, driver);
	struct fake_sysfs *fs = pci_test_tree(&d, 1);
	CU_ASSERT_EQUAL(rte_pci_scan(), 0);
	return fs;
}

static void test_registration_order_and_not_mine(void)
{
	struct test_drv a, b;
	struct fake_sysfs *fs = one_device(NULL);
	struct rte_pci_device *dev = pci_test_find("0000:00:02.0");
	CU_ASSERT_PTR_NOT_NULL_FATAL(dev);

	/* Both match: the first registered takes it. */
	td_init(&a, "test_a", ids_0001, 0);
	td_init(&b, "test_b", ids_any_test_vendor, 0);
	CU_ASSERT_EQUAL(pci_test_bus()->probe(), 0);
	CU_ASSERT_EQUAL(a.probes, 1);
	CU_ASSERT_EQUAL(b.probes, 0);
	CU_ASSERT_PTR_EQUAL(dev->driver, &a.pci);
	CU_ASSERT_PTR_EQUAL(dev->device.driver, &a.pci.driver);
	CU_ASSERT(rte_dev_is_probed(&dev->device));
	pci_test_bus()->cleanup();
	CU_ASSERT_EQUAL(a.removes, 1);

	/* The first says "not mine" (>0): the next one gets it. */
	CU_ASSERT_EQUAL(rte_pci_scan(), 0);
	dev = pci_test_find("0000:00:02.0");
	a.probe_ret = 1;
	CU_ASSERT_EQUAL(pci_test_bus()->probe(), 0);
	CU_ASSERT_EQUAL(a.probes, 2);
	CU_ASSERT_EQUAL(b.probes, 1);
	CU_ASSERT_PTR_EQUAL(dev->driver, &b.pci);
	pci_test_bus()->cleanup();

	/* The first fails (<0): an error, nobody else tried, the device stays unprobed. */
	CU_ASSERT_EQUAL(rte_pci_scan(), 0);
	dev = pci_test_find("0000:00:02.0");
	a.probe_ret = -EIO;
	int rc;
	char *log = pci_test_probe_log(&rc);
	CU_ASSERT_EQUAL(rc, -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "0000:00:02.0: probe by driver test_a failed"));
	free(log);
	CU_ASSERT_EQUAL(b.probes, 1);
	CU_ASSERT_PTR_NULL(dev->driver);
	CU_ASSERT_FALSE(rte_dev_is_probed(&dev->device));
	/* Every device tried failed: the bus probe fails. */
	CU_ASSERT_EQUAL(pci_test_bus()->probe(), -1);

	rte_pci_unregister(&a.pci);
	rte_pci_unregister(&b.pci);
	pci_test_done(fs);
	CU_ASSERT_EQUAL(a.removes, 1); /* never probed since */
}

static void test_probe_again(void)
{
	struct test_drv a;
	struct fake_sysfs *fs = one_device(NULL);
	struct rte_device *dev = &pci_test_find("0000:00:02.0")->device;
	td_init(&a, "test_a", ids_0001, 0);
	CU_ASSERT_EQUAL(pci_test_bus()->plug(dev), 0);
	CU_ASSERT_EQUAL(pci_test_bus()->plug(dev), -EEXIST);
	CU_ASSERT_EQUAL(a.probes, 1);
	/* The bus probe does not count an already probed device as a failure. */
	CU_ASSERT_EQUAL(pci_test_bus()->probe(), 0);
	a.pci.drv_flags |= RTE_PCI_DRV_PROBE_AGAIN;
	CU_ASSERT_EQUAL(pci_test_bus()->plug(dev), 0);
	CU_ASSERT_EQUAL(a.probes, 2);
	pci_test_done(fs);
	CU_ASSERT_EQUAL(a.removes, 1);
	rte_pci_unregister(&a.pci);
}

static void test_cleanup_removes_each_once(void)
{
	struct test_drv a;
	struct fake_pci_dev d[4];
	d[0] = pci_test_dev("0000:00:01.0", TEST_VENDOR, 0x0001, NULL);
	d[1] = pci_test_dev("0000:00:02.0", TEST_VENDOR, 0x0001, "e1000");
	d[2] = pci_test_dev("0000:00:03.0", TEST_VENDOR, 0x0002, NULL); /* no driver */
	d[3] = pci_test_dev("0002:00:00.0", TEST_VENDOR, 0x0001, NULL);
	struct fake_sysfs *fs = pci_test_tree(d, RTE_DIM(d));
	td_init(&a, "test_a", ids_0001, 0);
	CU_ASSERT_EQUAL(rte_pci_scan(), 0);
	CU_ASSERT_EQUAL(pci_test_bus()->probe(), 0);
	CU_ASSERT_EQUAL(a.probes, 3);
	/* A rescan and a second bus probe change nothing. */
	CU_ASSERT_EQUAL(rte_pci_scan(), 0);
	CU_ASSERT_EQUAL(pci_test_bus()->probe(), 0);
	CU_ASSERT_EQUAL(a.probes, 3);
	CU_ASSERT_EQUAL(pci_test_bus()->cleanup(), 0);
	CU_ASSERT_EQUAL(a.removes, 3);
	CU_ASSERT_STRING_EQUAL(a.removed[0], "0000:00:01.0");
	CU_ASSERT_STRING_EQUAL(a.removed[1], "0000:00:02.0");
	CU_ASSERT_STRING_EQUAL(a.removed[2], "0002:00:00.0");
	CU_ASSERT_EQUAL(pci_test_count(), 0);
	/* Cleanup of an empty bus is harmless. */
	CU_ASSERT_EQUAL(pci_test_bus()->cleanup(), 0);
	CU_ASSERT_EQUAL(a.removes, 3);
	/* A failing remove is reported, but the device is freed all the same. */
	CU_ASSERT_EQUAL(rte_pci_scan(), 0);
	CU_ASSERT_EQUAL(pci_test_bus()->probe(), 0);
	a.remove_ret = -EBUSY;
	int rc;
	char *log = pci_test_cleanup_log(&rc);
	CU_ASSERT(rc < 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "0000:00:01.0: remove by driver test_a failed"));
	free(log);
	CU_ASSERT_EQUAL(pci_test_count(), 0);
	rte_pci_unregister(&a.pci);
	pci_test_done(fs);
}

/* rte_eal_init with EAL options, capturing the log. */
struct init_args {
	int argc;
	char **argv;
	int ret;
};

static void run_init(void *arg)
{
	struct init_args *a = arg;
	a->ret = rte_eal_init(a->argc, a->argv);
}

static int eal_init_with(char **argv, int argc, char **log)
{
	struct init_args a = {argc, argv, 0};
	char *l = pci_test_log_of(run_init, &a);
	if (log != NULL)
		*log = l;
	else
		free(l);
	return a.ret;
}

static bool probed(const char *addr)
{
	struct rte_pci_device *dev = pci_test_find(addr);
	return dev != NULL && rte_dev_is_probed(&dev->device);
}

static void test_allow_block(void)
{
	struct test_drv a;
	struct fake_pci_dev d[3];
	d[0] = pci_test_dev("0000:00:02.0", TEST_VENDOR, 0x0001, NULL);
	d[1] = pci_test_dev("0000:00:03.0", TEST_VENDOR, 0x0001, NULL);
	d[2] = pci_test_dev("0001:00:02.0", TEST_VENDOR, 0x0001, NULL);
	struct fake_sysfs *fs = pci_test_tree(d, RTE_DIM(d));
	td_init(&a, "test_a", ids_0001, 0);

	/* Allow list in the short form: only that device (domain 0), parsed comparison. */
	char *allow[] = {"test", "-a", "00:02.0,key=value", NULL};
	CU_ASSERT_EQUAL_FATAL(eal_init_with(allow, 3, NULL), 2);
	CU_ASSERT(probed("0000:00:02.0"));
	CU_ASSERT_FALSE(probed("0000:00:03.0"));
	CU_ASSERT_FALSE(probed("0001:00:02.0"));
	struct rte_pci_device *dev = pci_test_find("0000:00:02.0");
	CU_ASSERT_PTR_NOT_NULL_FATAL(dev->device.devargs);
	CU_ASSERT_STRING_EQUAL(dev->device.devargs->args, "key=value");
	/* As in DPDK, the device goes by the name the user gave. */
	CU_ASSERT_STRING_EQUAL(dev->device.name, "00:02.0");
	CU_ASSERT_STRING_EQUAL(dev->name, "0000:00:02.0");
	CU_ASSERT_PTR_NULL(pci_test_find("0000:00:03.0")->device.devargs);
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
	CU_ASSERT_EQUAL(a.removes, 1);

	/* Block list in the long form: everything but that device. */
	char *block[] = {"test", "-b", "0000:00:03.0", NULL};
	CU_ASSERT_EQUAL_FATAL(eal_init_with(block, 3, NULL), 2);
	CU_ASSERT(probed("0000:00:02.0"));
	CU_ASSERT_FALSE(probed("0000:00:03.0"));
	CU_ASSERT(probed("0001:00:02.0"));
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);

	/* Two allowed devices, either spelling. */
	char *two[] = {"test", "-a", "0001:00:02.0", "-a", "00:03.0", NULL};
	CU_ASSERT_EQUAL_FATAL(eal_init_with(two, 5, NULL), 4);
	CU_ASSERT_FALSE(probed("0000:00:02.0"));
	CU_ASSERT(probed("0000:00:03.0"));
	CU_ASSERT(probed("0001:00:02.0"));
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);

	/* No list: all of them. */
	char *none[] = {"test", NULL};
	CU_ASSERT_EQUAL_FATAL(eal_init_with(none, 1, NULL), 0);
	CU_ASSERT_EQUAL(a.probes, 1 + 2 + 2 + 3);
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
	CU_ASSERT_EQUAL(a.removes, 1 + 2 + 2 + 3);

	/* --no-pci: no scan at all. */
	char *nopci[] = {"test", "--no-pci", NULL};
	CU_ASSERT_EQUAL_FATAL(eal_init_with(nopci, 2, NULL), 1);
	CU_ASSERT_EQUAL(pci_test_count(), 0);
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);

	rte_pci_unregister(&a.pci);
	pci_test_done(fs);
}

/*
 * Two drivers match one device. Without a pin the first registered takes it and a NOTICE names
 * the other; "driver=NAME" in either devargs syntax gives it to NAME, and the driver sees its
 * arguments without the pin; a pin to a driver that is absent or does not match the device
 * leaves it unprobed with one line.
 */
static void test_driver_pin(void)
{
	struct test_drv a, b;
	struct fake_pci_dev d = pci_test_dev("0000:00:02.0", TEST_VENDOR, 0x0001, NULL);
	struct fake_sysfs *fs = pci_test_tree(&d, 1);
	static const struct rte_pci_id ids_0002[] = {{RTE_PCI_DEVICE(TEST_VENDOR, 0x0002)},
						     {.vendor_id = 0}};
	struct test_drv other;
	td_init(&a, "test_a", ids_0001, 0);
	td_init(&b, "test_b", ids_any_test_vendor, 0);
	td_init(&other, "test_other", ids_0002, 0);
	char *log;

	char *none[] = {"test", NULL};
	CU_ASSERT_EQUAL_FATAL(eal_init_with(none, 1, &log), 0);
	CU_ASSERT_PTR_EQUAL(pci_test_find("0000:00:02.0")->driver, &a.pci);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "0000:00:02.0: probed by driver test_a, registered "
					   "first; also matched by test_b (choose one with -a "
					   "0000:00:02.0,driver=NAME)"));
	free(log);
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);

	char *legacy[] = {"test", "-a", "0000:00:02.0,k1=v1,driver=test_b,k2=[0,1]", NULL};
	CU_ASSERT_EQUAL_FATAL(eal_init_with(legacy, 3, &log), 2);
	struct rte_pci_device *dev = pci_test_find("0000:00:02.0");
	CU_ASSERT_PTR_EQUAL(dev->driver, &b.pci);
	CU_ASSERT_EQUAL(a.probes, 1);
	CU_ASSERT_STRING_EQUAL(dev->device.devargs->args, "k1=v1,k2=[0,1]");
	CU_ASSERT_STRING_EQUAL(dev->device.devargs->drv_name, "test_b");
	/* A pinned device raises no "also matched" notice. */
	CU_ASSERT_PTR_NULL(strstr(log, "also matched"));
	free(log);
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
	CU_ASSERT_EQUAL(b.removes, 1);

	/* The first argument, the last, and DPDK's layered syntax. */
	const char *forms[] = {"0000:00:02.0,driver=test_a,k=v", "0000:00:02.0,k=v,driver=test_a",
			       "bus=pci,addr=0000:00:02.0/driver=test_a,k=v"};
	for (size_t i = 0; i < RTE_DIM(forms); i++) {
		char *argv[] = {"test", "-a", (char *)forms[i], NULL};
		CU_ASSERT_EQUAL_FATAL(eal_init_with(argv, 3, NULL), 2);
		dev = pci_test_find("0000:00:02.0");
		CU_ASSERT_PTR_EQUAL(dev->driver, &a.pci);
		CU_ASSERT_STRING_EQUAL(dev->device.devargs->args, "k=v");
		CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
	}
	CU_ASSERT_EQUAL(a.probes, 1 + RTE_DIM(forms));
	/* Pinned to the one registered last, registration order notwithstanding. */
	rte_pci_unregister(&a.pci);
	rte_pci_register(&a.pci);
	char *first[] = {"test", "-a", "0000:00:02.0,driver=test_b", NULL};
	CU_ASSERT_EQUAL_FATAL(eal_init_with(first, 3, NULL), 2);
	CU_ASSERT_PTR_EQUAL(pci_test_find("0000:00:02.0")->driver, &b.pci);
	CU_ASSERT_STRING_EQUAL(pci_test_find("0000:00:02.0")->device.devargs->args, "");
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);

	/* Absent, not matching: the device stays unprobed; it was the only one, so init fails. */
	char *absent[] = {"test", "-a", "0000:00:02.0,driver=test_nosuch", NULL};
	CU_ASSERT_EQUAL(eal_init_with(absent, 3, &log), -1);
	CU_ASSERT_EQUAL(pci_test_occurrences(log, "0000:00:02.0: pinned to driver test_nosuch by "
						  "its devargs, but no PCI driver of that name is "
						  "registered; not probed"),
			1);
	free(log);
	char *mismatch[] = {"test", "-a", "0000:00:02.0,driver=test_other", NULL};
	CU_ASSERT_EQUAL(eal_init_with(mismatch, 3, &log), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "0000:00:02.0: pinned to driver test_other by its "
					   "devargs, but its ID table does not list c0de:0001"));
	free(log);
	CU_ASSERT_EQUAL(other.probes, 0);

	/* Malformed pins fail the option. */
	const char *bad[] = {"0000:00:02.0,driver=", "0000:00:02.0,driver=test_a,driver=test_b"};
	for (size_t i = 0; i < RTE_DIM(bad); i++) {
		char *argv[] = {"test", "-a", (char *)bad[i], NULL};
		CU_ASSERT_EQUAL(eal_init_with(argv, 3, &log), -1);
		CU_ASSERT_PTR_NOT_NULL(strstr(log, "driver=\" "));
		free(log);
	}
	rte_pci_unregister(&a.pci);
	rte_pci_unregister(&b.pci);
	rte_pci_unregister(&other.pci);
	pci_test_done(fs);
}

#define REFUSAL_E1000                                                                         \
	"0000:00:02.0: not bound to a userspace driver (kernel driver e1000); bind it with: " \
	"openeal bind vfio-pci 0000:00:02.0"
#define REFUSAL_UNBOUND                                                                    \
	"0000:00:03.0: not bound to a userspace driver (no kernel driver); bind it with: " \
	"openeal bind vfio-pci 0000:00:03.0"

static void test_kernel_driver_refusal(void)
{
	struct test_drv m;
	struct fake_pci_dev d[2];
	d[0] = pci_test_dev("0000:00:02.0", TEST_VENDOR, 0x0001, "e1000");
	d[1] = pci_test_dev("0000:00:03.0", TEST_VENDOR, 0x0001, NULL);
	struct fake_sysfs *fs = pci_test_tree(d, RTE_DIM(d));
	td_init(&m, "test_mapping", ids_0001, RTE_PCI_DRV_NEED_MAPPING);

	/* Through rte_eal_init: refused once each, and init still succeeds. */
	char *argv[] = {"test", NULL};
	char *log;
	CU_ASSERT_EQUAL_FATAL(eal_init_with(argv, 1, &log), 0);
	CU_ASSERT_EQUAL(pci_test_occurrences(log, REFUSAL_E1000), 1);
	CU_ASSERT_EQUAL(pci_test_occurrences(log, REFUSAL_UNBOUND), 1);
	free(log);
	CU_ASSERT_EQUAL(m.probes, 0);
	CU_ASSERT_FALSE(probed("0000:00:02.0"));
	/* Probing again does not repeat the line. */
	log = pci_test_probe_log(NULL);
	CU_ASSERT_PTR_NULL(strstr(log, "not bound"));
	free(log);
	/* Hotplug of such a device fails, without repeating it either. */
	CU_ASSERT_EQUAL(rte_dev_probe("0000:00:02.0"), -ENOTSUP);
	CU_ASSERT_EQUAL(m.probes, 0);
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);

	/* A driver that does not need mapping still probes it, as in DPDK. */
	m.pci.drv_flags = 0;
	CU_ASSERT_EQUAL_FATAL(eal_init_with(argv, 1, &log), 0);
	CU_ASSERT_PTR_NULL(strstr(log, "not bound"));
	free(log);
	CU_ASSERT_EQUAL(m.probes, 2);
	CU_ASSERT(probed("0000:00:02.0"));
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
	rte_pci_unregister(&m.pci);
	pci_test_done(fs);
}

static void test_backend_mapping(void)
{
	struct test_drv m;
	struct fake_sysfs *fs = one_device(TEST_KDRV);
	struct rte_pci_device *dev = pci_test_find("0000:00:02.0");
	CU_ASSERT_PTR_NOT_NULL_FATAL(dev);
	pci_test_backend_reset();
	td_init(&m, "test_mapping", ids_0001, RTE_PCI_DRV_NEED_MAPPING);

	/* Mapped before probe, unmapped after remove. */
	CU_ASSERT_EQUAL(pci_test_bus()->probe(), 0);
	CU_ASSERT_EQUAL(pci_test_backend.maps, 1);
	CU_ASSERT(m.mapped_at_probe);
	CU_ASSERT_EQUAL(rte_dev_remove(&dev->device), 0);
	CU_ASSERT_EQUAL(m.removes, 1);
	CU_ASSERT_EQUAL(pci_test_backend.unmaps, 1);
	/* Unplug freed the device; a rescan finds it again. */
	CU_ASSERT_PTR_NULL(pci_test_find("0000:00:02.0"));
	CU_ASSERT_EQUAL(rte_pci_scan(), 0);
	dev = pci_test_find("0000:00:02.0");
	CU_ASSERT_PTR_NOT_NULL_FATAL(dev);

	/* "Not mine" after mapping: unmapped again. */
	m.probe_ret = 1;
	CU_ASSERT_EQUAL(pci_test_bus()->probe(), 0);
	CU_ASSERT_EQUAL(pci_test_backend.maps, 2);
	CU_ASSERT_EQUAL(pci_test_backend.unmaps, 2);
	CU_ASSERT_PTR_NULL(dev->mem_resource[0].addr);

	/* Map failure: probe never called, error reported. */
	m.probe_ret = 0;
	pci_test_backend.map_result = -EIO;
	unsigned int probes = m.probes;
	CU_ASSERT_EQUAL(pci_test_bus()->plug(&dev->device), -EIO);
	CU_ASSERT_EQUAL(m.probes, probes);
	CU_ASSERT_FALSE(rte_dev_is_probed(&dev->device));
	pci_test_backend.map_result = 0;

	/* KEEP_MAPPED_RES: still mapped after remove, listed, unmapped by cleanup. */
	m.pci.drv_flags |= RTE_PCI_DRV_KEEP_MAPPED_RES;
	CU_ASSERT_EQUAL(pci_test_bus()->plug(&dev->device), 0);
	unsigned int unmaps = pci_test_backend.unmaps;
	CU_ASSERT_EQUAL(rte_dev_remove(&dev->device), 0);
	CU_ASSERT_EQUAL(pci_test_backend.unmaps, unmaps);
	CU_ASSERT_PTR_EQUAL(pci_test_find("0000:00:02.0"), dev);
	CU_ASSERT_PTR_NOT_NULL(dev->mem_resource[0].addr);
	/* A rescan leaves a mapped device alone. */
	CU_ASSERT_EQUAL(rte_pci_scan(), 0);
	CU_ASSERT_PTR_EQUAL(pci_test_find("0000:00:02.0"), dev);
	CU_ASSERT_PTR_NOT_NULL(dev->mem_resource[0].addr);
	/* Probe again reuses the mapping. */
	unsigned int maps = pci_test_backend.maps;
	CU_ASSERT_EQUAL(pci_test_bus()->plug(&dev->device), 0);
	CU_ASSERT_EQUAL(pci_test_backend.maps, maps);
	pci_test_done(fs);
	CU_ASSERT_EQUAL(pci_test_backend.unmaps, unmaps + 1);
	/* Every successful map was undone (one map failed). */
	CU_ASSERT_EQUAL(pci_test_backend.maps, pci_test_backend.unmaps + 1);
	rte_pci_unregister(&m.pci);
}

struct hotplug_args {
	const char *devargs;
	int ret;
};

static void run_dev_probe(void *arg)
{
	struct hotplug_args *h = arg;
	h->ret = rte_dev_probe(h->devargs);
}

static void test_hotplug(void)
{
	struct test_drv a;
	struct fake_pci_dev d[2];
	d[0] = pci_test_dev("0000:00:02.0", TEST_VENDOR, 0x0001, NULL);
	d[1] = pci_test_dev("0000:00:03.0", TEST_VENDOR, 0x0099, NULL);
	struct fake_sysfs *fs = pci_test_tree(d, RTE_DIM(d));
	td_init(&a, "test_a", ids_0001, 0);
	/* Not scanned yet: rte_dev_probe scans, then plugs. */
	CU_ASSERT_EQUAL(rte_dev_probe("0000:00:02.0"), 0);
	CU_ASSERT(probed("0000:00:02.0"));
	CU_ASSERT_EQUAL(rte_dev_probe("0000:00:02.0"), -EEXIST);
	CU_ASSERT_EQUAL(a.probes, 1);
	/* No driver for this one: -ENOTSUP and one line saying so. */
	struct hotplug_args h = {"0000:00:03.0", 0};
	char *log = pci_test_log_of(run_dev_probe, &h);
	CU_ASSERT_EQUAL(h.ret, -ENOTSUP);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "0000:00:03.0: no PCI driver supports c0de:0099"));
	free(log);
	/* Remove: the driver's remove runs, the device is released. */
	struct rte_pci_device *dev = pci_test_find("0000:00:02.0");
	CU_ASSERT_EQUAL(rte_dev_remove(&dev->device), 0);
	CU_ASSERT_EQUAL(a.removes, 1);
	CU_ASSERT_PTR_NULL(pci_test_find("0000:00:02.0"));
	/* And it can be plugged again, in the short spelling. */
	CU_ASSERT_EQUAL(rte_dev_probe("00:02.0"), 0);
	CU_ASSERT(probed("0000:00:02.0"));
	CU_ASSERT_STRING_EQUAL(pci_test_find("0000:00:02.0")->device.name, "00:02.0");
	CU_ASSERT_EQUAL(a.probes, 2);
	dev = pci_test_find("0000:00:02.0");
	CU_ASSERT_EQUAL(rte_dev_remove(&dev->device), 0);
	CU_ASSERT_EQUAL(a.removes, 2);
	/* Removing an unprobed device is refused by the bus too. */
	CU_ASSERT_EQUAL(pci_test_bus()->unplug(&pci_test_find("0000:00:03.0")->device), -ENOENT);
	pci_test_done(fs);
	CU_ASSERT_EQUAL(a.removes, 2);
	rte_pci_unregister(&a.pci);
}

static unsigned int iterate_count(const char *str)
{
	struct rte_dev_iterator it;
	struct rte_device *dev;
	unsigned int n = 0;
	RTE_DEV_FOREACH(dev, str, &it)
	{
		CU_ASSERT_PTR_EQUAL(dev->bus, pci_test_bus());
		n++;
	}
	return n;
}

static void test_dev_iterate(void)
{
	struct fake_pci_dev d[3];
	d[0] = pci_test_dev("0000:00:02.0", TEST_VENDOR, 0x0001, NULL);
	d[1] = pci_test_dev("0000:00:03.0", TEST_VENDOR, 0x0001, NULL);
	d[2] = pci_test_dev("0001:00:02.0", TEST_VENDOR, 0x0001, NULL);
	struct fake_sysfs *fs = pci_test_tree(d, RTE_DIM(d));
	CU_ASSERT_EQUAL(rte_pci_scan(), 0);
	CU_ASSERT_EQUAL(iterate_count("bus=pci"), 3);
	CU_ASSERT_EQUAL(iterate_count("bus=pci,addr=00:02.0"), 1);
	CU_ASSERT_EQUAL(iterate_count("bus=pci,addr=0001:00:02.0"), 1);
	CU_ASSERT_EQUAL(iterate_count("bus=pci,addr=0000:00:09.0"), 0);
	CU_ASSERT_EQUAL(iterate_count("bus=pci,addr=garbage"), 0);
	pci_test_done(fs);
}

static void run_iommu_class(void *arg)
{
	*(enum rte_iova_mode *)arg = pci_test_bus()->get_iommu_class();
}

static void test_iommu_class(void)
{
	struct test_drv va, plain;
	struct fake_pci_dev d[2];
	d[0] = pci_test_dev("0000:00:02.0", TEST_VENDOR, 0x0001, TEST_KDRV);
	d[1] = pci_test_dev("0000:00:03.0", TEST_VENDOR, 0x0002, "e1000");
	struct fake_sysfs *fs = pci_test_tree(d, RTE_DIM(d));
	CU_ASSERT_EQUAL(rte_pci_scan(), 0);
	struct rte_bus *bus = pci_test_bus();
	pci_test_backend_reset();
	/* No driver: nobody cares. */
	CU_ASSERT_EQUAL(bus->get_iommu_class(), RTE_IOVA_DC);
	/* A driver that needs VA, on a backend that does not mind. */
	static const struct rte_pci_id ids_0002[] = {{RTE_PCI_DEVICE(TEST_VENDOR, 0x0002)},
						     {.vendor_id = 0}};
	td_init(&va, "test_va", ids_0001, RTE_PCI_DRV_NEED_MAPPING | RTE_PCI_DRV_NEED_IOVA_AS_VA);
	CU_ASSERT_EQUAL(bus->get_iommu_class(), RTE_IOVA_VA);
	/* The backend wants PA (uio-like): PA. */
	pci_test_backend.iova = RTE_IOVA_PA;
	CU_ASSERT_EQUAL(bus->get_iommu_class(), RTE_IOVA_PA);
	/* The blocked device does not count. */
	struct rte_devargs *da = calloc(1, sizeof(*da));
	CU_ASSERT_EQUAL_FATAL(rte_devargs_parse(da, "0000:00:02.0"), 0);
	da->type = RTE_DEVTYPE_BLOCKED;
	da->policy = RTE_DEV_BLOCKED;
	CU_ASSERT_EQUAL_FATAL(rte_devargs_insert(&da), 0);
	CU_ASSERT_EQUAL(rte_pci_scan(), 0); /* attaches the devargs */
	CU_ASSERT_EQUAL(bus->get_iommu_class(), RTE_IOVA_DC);
	CU_ASSERT_EQUAL(rte_devargs_remove(da), 0);
	CU_ASSERT_EQUAL(rte_pci_scan(), 0);
	/* A device on a kernel driver that a NEED_MAPPING driver cannot use does not count; a
	 * driver without NEED_MAPPING on it does. */
	pci_test_backend.iova = RTE_IOVA_DC;
	td_init(&plain, "test_plain", ids_0002,
		RTE_PCI_DRV_NEED_MAPPING | RTE_PCI_DRV_NEED_IOVA_AS_VA);
	CU_ASSERT_EQUAL(bus->get_iommu_class(), RTE_IOVA_VA);
	pci_test_backend.iova = RTE_IOVA_PA;
	CU_ASSERT_EQUAL(bus->get_iommu_class(), RTE_IOVA_PA);
	plain.pci.drv_flags = RTE_PCI_DRV_NEED_IOVA_AS_VA;
	/* PA from one device, VA from the other: they cannot both be served. The bus says DC
	 * and nothing more: the EAL's IOVA decision chooses and names each refused device. */
	enum rte_iova_mode mode = RTE_IOVA_VA;
	char *log = pci_test_log_of(run_iommu_class, &mode);
	CU_ASSERT_EQUAL(mode, RTE_IOVA_DC);
	CU_ASSERT_PTR_NOT_NULL_FATAL(log);
	CU_ASSERT_STRING_EQUAL(log, "");
	free(log);
	rte_pci_unregister(&va.pci);
	rte_pci_unregister(&plain.pci);
	pci_test_done(fs);
}

static void test_dma_delegation(void)
{
	struct test_drv a;
	struct fake_sysfs *fs = one_device(NULL);
	struct rte_pci_device *dev = pci_test_find("0000:00:02.0");
	static char buf[4096];
	td_init(&a, "test_a", ids_0001, 0);
	/* Not probed: nobody to delegate to. */
	CU_ASSERT_EQUAL(rte_dev_dma_map(&dev->device, buf, 0x1000, sizeof(buf)), -ENOTSUP);
	CU_ASSERT_EQUAL(pci_test_bus()->probe(), 0);
	CU_ASSERT_EQUAL(rte_dev_dma_map(&dev->device, buf, 0x1000, sizeof(buf)), 0);
	CU_ASSERT_EQUAL(a.dma_maps, 1);
	/* No dma_unmap in the driver. */
	a.pci.dma_unmap = NULL;
	CU_ASSERT_EQUAL(rte_dev_dma_unmap(&dev->device, buf, 0x1000, sizeof(buf)), -ENOTSUP);
	pci_test_done(fs);
	rte_pci_unregister(&a.pci);
}

/* The bus layer of DPDK's syntax: "addr=" names the device; without it nothing is named (as
 * in DPDK: DPDK's test_devargs.c parses "bus=pci"), and such devargs cannot be added. */
static void test_layered_devargs(void)
{
	struct rte_devargs da;

	CU_ASSERT_EQUAL_FATAL(rte_devargs_parse(&da, "bus=pci,addr=1:2.3"), 0);
	CU_ASSERT_STRING_EQUAL(da.name, "0000:01:02.3");
	rte_devargs_reset(&da);
	CU_ASSERT_EQUAL_FATAL(rte_devargs_parse(&da, "bus=pci"), 0);
	CU_ASSERT_PTR_EQUAL(da.bus, pci_test_bus());
	CU_ASSERT_STRING_EQUAL(da.name, "");
	rte_devargs_reset(&da);
	CU_ASSERT_EQUAL(rte_devargs_parse(&da, "bus=pci,addr=garbage"), -EINVAL);
	CU_ASSERT_EQUAL(rte_devargs_parse(&da, "bus=pci,addr=1:2.3,addr=1:2.4"), -EINVAL);
	CU_ASSERT_EQUAL(rte_devargs_parse(&da, "bus=pci,colour=red"), -EINVAL);
	unsigned int allowed = rte_devargs_type_count(RTE_DEVTYPE_ALLOWED);
	CU_ASSERT_EQUAL(rte_devargs_add(RTE_DEVTYPE_ALLOWED, "bus=pci"), -EINVAL);
	CU_ASSERT_EQUAL(rte_devargs_type_count(RTE_DEVTYPE_ALLOWED), allowed);
}

void pci_test_add_probe_suite(void)
{
	CU_pSuite s = CU_add_suite("pci_probe", NULL, NULL);
	CU_add_test(s, "ID tables: wildcards, class, terminator", test_match_rules);
	CU_add_test(s, "driver registration list", test_driver_list);
	CU_add_test(s, "registration order, not mine, failure",
		    test_registration_order_and_not_mine);
	CU_add_test(s, "PROBE_AGAIN and -EEXIST", test_probe_again);
	CU_add_test(s, "cleanup removes each probed device once", test_cleanup_removes_each_once);
	CU_add_test(s, "allow and block lists (parsed addresses)", test_allow_block);
	CU_add_test(s, "driver precedence and driver=NAME pins", test_driver_pin);
	CU_add_test(s, "devices on kernel drivers refused once", test_kernel_driver_refusal);
	CU_add_test(s, "mapping through the backend", test_backend_mapping);
	CU_add_test(s, "hotplug: rte_dev_probe and rte_dev_remove", test_hotplug);
	CU_add_test(s, "device iteration with addr=", test_dev_iterate);
	CU_add_test(s, "IOVA class from drivers and backends", test_iommu_class);
	CU_add_test(s, "DMA map delegated to the driver", test_dma_delegation);
	CU_add_test(s, "layered devargs: bus=pci with and without addr", test_layered_devargs);
}
