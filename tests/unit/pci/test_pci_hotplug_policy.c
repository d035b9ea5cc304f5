/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The hotplug policy (--hotplug-bind): the decision table, and arrivals on a generated tree
 * while the EAL runs with the option: a device the allow list keeps out, one no PMD takes, one
 * already on a userspace driver (probed before the application's ADD callback runs), one
 * whose bind the safety checks refuse (an interface that is up). The kernel's own bind is the
 * VM lab's job (scenarios/hotplug-events.sh).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rte_dev.h>
#include <rte_eal.h>
#include <rte_errno.h>

#include "pci_private.h"
#include "pci_test.h"
#include "test_util.h"

static int tp_probe(struct rte_pci_driver *drv, struct rte_pci_device *dev)
{
	(void)drv;
	(void)dev;
	return 0;
}

static int tp_remove(struct rte_pci_device *dev)
{
	(void)dev;
	return 0;
}

static const struct rte_pci_id tp_ids[] = {{RTE_PCI_DEVICE(TEST_VENDOR, 0x0001)},
					   {.vendor_id = 0}};
static struct rte_pci_driver tp_drv = {
    .driver = {.name = "test_policy"},
    .probe = tp_probe,
    .remove = tp_remove,
    .id_table = tp_ids,
};

static void test_decide(void)
{
	struct rte_pci_device dev = {.id = {.vendor_id = TEST_VENDOR,
					    .device_id = 0x0001,
					    .subsystem_vendor_id = TEST_VENDOR,
					    .subsystem_device_id = 1,
					    .class_id = 0xff0000}};
	const struct rte_pci_driver *pmd = &tp_drv;

	/* No PMD registered yet. */
	CU_ASSERT_EQUAL(pci_hotplug_policy_decide(&dev, &pmd), PCI_ARRIVAL_NO_PMD);
	CU_ASSERT_PTR_NULL(pmd);
	rte_pci_register(&tp_drv);
	strcpy(dev.kdrv_name, "e1000e");
	CU_ASSERT_EQUAL(pci_hotplug_policy_decide(&dev, &pmd), PCI_ARRIVAL_BIND);
	CU_ASSERT_PTR_EQUAL(pmd, &tp_drv);
	dev.kdrv_name[0] = '\0';
	CU_ASSERT_EQUAL(pci_hotplug_policy_decide(&dev, &pmd), PCI_ARRIVAL_BIND);
	strcpy(dev.kdrv_name, "vfio-pci");
	CU_ASSERT_EQUAL(pci_hotplug_policy_decide(&dev, &pmd), PCI_ARRIVAL_PROBE);
	strcpy(dev.kdrv_name, "uio_pci_generic");
	CU_ASSERT_EQUAL(pci_hotplug_policy_decide(&dev, &pmd), PCI_ARRIVAL_PROBE);
	dev.id.device_id = 0x0002;
	CU_ASSERT_EQUAL(pci_hotplug_policy_decide(&dev, &pmd), PCI_ARRIVAL_NO_PMD);
	rte_pci_unregister(&tp_drv);
}

/* What the application's ADD callback saw. */
static struct {
	unsigned int adds;
	char name[PCI_PRI_STR_SIZE];
	bool probed_at_add;
} seen;

static void on_event(const char *name, enum rte_dev_event_type type, void *arg)
{
	(void)arg;
	if (type != RTE_DEV_EVENT_ADD)
		return;
	seen.adds++;
	snprintf(seen.name, sizeof(seen.name), "%s", name);
	struct rte_pci_device *dev = pci_test_find(name);
	seen.probed_at_add = dev != NULL && rte_dev_is_probed(&dev->device);
}

struct arrival {
	struct fake_sysfs *fs;
	struct fake_pci_dev dev;
	int ret;
};

static void run_arrival(void *arg)
{
	struct arrival *a = arg;
	CU_ASSERT_EQUAL_FATAL(fake_sysfs_add(a->fs, &a->dev), 0);
	a->ret = pci_hotplug_policy_arrived(a->dev.addr);
}

/* dev arrives; the policy's log, and the ADD callback must have run once for it. */
static char *arrive(struct fake_sysfs *fs, struct fake_pci_dev dev)
{
	struct arrival a = {fs, dev, -1};
	memset(&seen, 0, sizeof(seen));
	char *log = pci_test_log_of(run_arrival, &a);
	CU_ASSERT_EQUAL(a.ret, 1);
	CU_ASSERT_EQUAL(seen.adds, 1);
	CU_ASSERT_STRING_EQUAL(seen.name, dev.addr);
	return log;
}

static bool probed(const char *addr)
{
	struct rte_pci_device *dev = pci_test_find(addr);
	return dev != NULL && rte_dev_is_probed(&dev->device);
}

static void test_arrivals(void)
{
	struct fake_pci_dev first = pci_test_dev("0000:00:01.0", TEST_VENDOR2, 0x0001, NULL);
	struct fake_sysfs *fs = pci_test_tree(&first, 1);
	rte_pci_register(&tp_drv);

	/* Without the option the monitor reports ADD itself. */
	CU_ASSERT_EQUAL(pci_hotplug_policy_arrived("0000:00:09.0"), 0);

	char *argv[] = {"test",	     "--hotplug-bind", "vfio-pci",     "-a", "0000:00:02.0",
			"-a",	     "0000:00:03.0",   "-a",	       "0000:00:04.0", "--no-huge",
			"-m",	     "16",	       NULL};
	CU_ASSERT_EQUAL_FATAL(rte_eal_init(RTE_DIM(argv) - 1, argv), RTE_DIM(argv) - 2);
	CU_ASSERT_EQUAL(rte_dev_event_callback_register(NULL, on_event, NULL), 0);

	/* Matched, but not on the allow list. */
	char *log = arrive(fs, pci_test_dev("0000:00:05.0", TEST_VENDOR, 0x0001, NULL));
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "0000:00:05.0 arrived: left on its kernel driver (not "
					   "allowed by -a/-b)"));
	CU_ASSERT_FALSE(probed("0000:00:05.0"));
	free(log);

	/* Allowed, but no PMD takes it. */
	log = arrive(fs, pci_test_dev("0000:00:02.0", TEST_VENDOR, 0x0777, NULL));
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "no PMD takes c0de:0777"));
	CU_ASSERT_FALSE(probed("0000:00:02.0"));
	free(log);

	/* Already on a userspace driver: probed where it is, before the ADD callback. */
	log = arrive(fs, pci_test_dev("0000:00:03.0", TEST_VENDOR, 0x0001, "vfio-pci"));
	CU_ASSERT(probed("0000:00:03.0"));
	CU_ASSERT(seen.probed_at_add);
	CU_ASSERT_PTR_NOT_NULL(
	    strstr(log, "0000:00:03.0 arrived: on vfio-pci, probed by test_policy"));
	free(log);

	/* On a kernel driver whose interface is up: openeal bind's check refuses, at once. */
	struct fake_pci_dev up = pci_test_dev("0000:00:04.0", TEST_VENDOR, 0x0001, "e1000e");
	up.net_ifname = "eth7";
	up.net_up = true;
	log = arrive(fs, up);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "0000:00:04.0 arrived: option --hotplug-bind: cannot "
					   "bind it to vfio-pci"));
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "eth7"));
	CU_ASSERT_FALSE(probed("0000:00:04.0"));
	CU_ASSERT_FALSE(seen.probed_at_add);
	free(log);

	CU_ASSERT_EQUAL(rte_dev_event_callback_unregister(NULL, on_event, NULL), 1);
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
	rte_pci_unregister(&tp_drv);
	pci_test_done(fs);
}

static void run_bad_init(void *arg)
{
	char *argv[] = {"test", "--hotplug-bind", "e1000e", NULL};
	*(int *)arg = rte_eal_init(3, argv);
}

static void test_option(void)
{
	int ret = 0;
	char *log = pci_test_log_of(run_bad_init, &ret);
	CU_ASSERT_EQUAL(ret, -1);
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "--hotplug-bind: invalid driver 'e1000e' (expected "
					   "vfio-pci, igb_uio or uio_pci_generic)"));
	free(log);
}

void pci_test_add_hotplug_policy_suite(void)
{
	CU_pSuite s = CU_add_suite("pci hotplug policy", NULL, NULL);
	CU_add_test(s, "decision table", test_decide);
	CU_add_test(s, "arrivals under --hotplug-bind", test_arrivals);
	CU_add_test(s, "--hotplug-bind takes only userspace drivers", test_option);
}
