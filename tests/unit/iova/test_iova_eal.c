/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The decision as rte_eal_init runs it, on a generated sysfs tree: devices described by the
 * PCI bus (backends of the test's own, IOMMU groups of both types), the INFO lines, the report
 * API, the refusal lines at probe and at hotplug, and the state after cleanup.
 */

#include <CUnit/CUnit.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <bus_driver.h>
#include <bus_pci_driver.h>
#include <rte_bus.h>
#include <rte_dev.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_iova.h>
#include <rte_log.h>

#include "fake_sysfs_host.h"
#include "pci_backend.h"
#include "pci_scan.h"
#include "test_iova.h"
#include "test_util.h"

#define VENDOR 0xc1a0
#define DEV_ANY 0x0001 /* taken by iova_test_any */
#define DEV_VA 0x0002  /* taken by iova_test_va, which needs IOVA as VA */

/* Backends: "iova-test-uio" cannot program the IOMMU (PA), "iova-test-dc" can (DC). */
static int fake_map(struct rte_pci_device *dev)
{
	static int token;
	dev->backend_priv = &token;
	return 0;
}

static void fake_unmap(struct rte_pci_device *dev)
{
	dev->backend_priv = NULL;
}

static enum rte_iova_mode needs_pa(const struct rte_pci_device *dev)
{
	RTE_SET_USED(dev);
	return RTE_IOVA_PA;
}

static struct rte_pci_backend uio_backend = {
    .kdrv_name = "iova-test-uio",
    .kdrv = RTE_PCI_KDRV_UIO_GENERIC,
    .map = fake_map,
    .unmap = fake_unmap,
    .iova_constraint = needs_pa,
};
RTE_PCI_BACKEND_REGISTER(uio_backend);

static struct rte_pci_backend dc_backend = {
    .kdrv_name = "iova-test-dc",
    .kdrv = RTE_PCI_KDRV_VFIO,
    .map = fake_map,
    .unmap = fake_unmap,
};
RTE_PCI_BACKEND_REGISTER(dc_backend);

static unsigned int probes;

static int test_probe(struct rte_pci_driver *drv, struct rte_pci_device *dev)
{
	RTE_SET_USED(drv);
	RTE_SET_USED(dev);
	probes++;
	return 0;
}

static int test_remove(struct rte_pci_device *dev)
{
	RTE_SET_USED(dev);
	return 0;
}

static const struct rte_pci_id any_ids[] = {{RTE_PCI_DEVICE(VENDOR, DEV_ANY)}, {.vendor_id = 0}};
static const struct rte_pci_id va_ids[] = {{RTE_PCI_DEVICE(VENDOR, DEV_VA)}, {.vendor_id = 0}};

static struct rte_pci_driver any_drv = {
    .probe = test_probe,
    .remove = test_remove,
    .id_table = any_ids,
    .drv_flags = RTE_PCI_DRV_NEED_MAPPING,
};
RTE_PMD_REGISTER_PCI(iova_test_any, any_drv);

static struct rte_pci_driver va_drv = {
    .probe = test_probe,
    .remove = test_remove,
    .id_table = va_ids,
    .drv_flags = RTE_PCI_DRV_NEED_MAPPING | RTE_PCI_DRV_NEED_IOVA_AS_VA,
};
RTE_PMD_REGISTER_PCI(iova_test_va, va_drv);

static struct fake_pci_dev device(const char *addr, uint16_t id, const char *kdrv, int group,
				  const char *type)
{
	return (struct fake_pci_dev){.addr = addr,
				     .vendor = VENDOR,
				     .device = id,
				     .subsys_vendor = VENDOR,
				     .subsys_device = id,
				     .class_code = 0x020000,
				     .numa_node = -1,
				     .driver = kdrv,
				     .iommu_group = group,
				     .iommu_group_type = type};
}

/* A generated machine: its PCI devices, IOMMU groups and hugepages (none until set), never the
 * host's. */
static struct fake_sysfs *tree(void)
{
	struct fake_sysfs *fs = fake_sysfs_create();
	CU_ASSERT_PTR_NOT_NULL_FATAL(fs);
	CU_ASSERT_EQUAL_FATAL(fake_sysfs_host_env(fs), 0);
	return fs;
}

static void tree_done(struct fake_sysfs *fs)
{
	fake_sysfs_host_env_clear();
	fake_sysfs_destroy(fs);
}

struct init_args {
	char *argv[8];
	int ret;
};

static void init_fn(void *arg)
{
	struct init_args *a = arg;
	int argc = 0;
	while (a->argv[argc] != NULL)
		argc++;
	a->ret = rte_eal_init(argc, a->argv);
}

static unsigned int count(const char *hay, const char *needle)
{
	unsigned int n = 0;
	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

static const struct rte_iova_device *find(const struct rte_iova_device *devs, unsigned int n,
					  const char *name)
{
	for (unsigned int i = 0; i < n; i++)
		if (strcmp(devs[i].name, name) == 0)
			return &devs[i];
	return NULL;
}

static void hotplug_fn(void *arg)
{
	*(int *)arg = rte_dev_probe("0000:00:06.0");
}

static void test_init_decides_and_refuses(void)
{
	struct fake_sysfs *fs = tree();
	/* uio in a translated domain: never works. uio in an identity domain: wants PA. A driver
	 * that needs VA on a backend that maps IOVAs: wants VA. Row B4: VA. */
	struct fake_pci_dev devs[] = {
	    device("0000:00:03.0", DEV_ANY, "iova-test-uio", 3, "DMA-FQ"),
	    device("0000:00:04.0", DEV_ANY, "iova-test-uio", 4, "identity"),
	    device("0000:00:05.0", DEV_VA, "iova-test-dc", 5, "DMA"),
	};
	for (unsigned int i = 0; i < RTE_DIM(devs); i++)
		CU_ASSERT_EQUAL_FATAL(fake_sysfs_add(fs, &devs[i]), 0);

	struct rte_iova_report r;
	CU_ASSERT_EQUAL(rte_eal_iova_report(&r), 0);
	CU_ASSERT_FALSE(r.decided);

	probes = 0;
	struct init_args a = {.argv = {"app", "--log-level", "lib.eal.iova:info", NULL}};
	char *log = test_capture_log(init_fn, &a);
	CU_ASSERT_PTR_NOT_NULL_FATAL(log);
	CU_ASSERT_EQUAL_FATAL(a.ret, 2);
	CU_ASSERT_EQUAL(rte_eal_iova_mode(), RTE_IOVA_VA);
	CU_ASSERT_EQUAL(probes, 1);

	/* Every input and the conclusion at INFO. */
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "IOVA: requested: nothing (no --iova-mode)"));
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "IOVA: physical addresses readable"));
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "IOVA: hugepages: none free")); /* the tree's */
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "IOVA: IOMMU: present"));
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "IOVA: bus pci: wants DC (its devices are counted"));
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "device 0000:00:03.0 (pci): needs PA (iova-test-uio), "
					   "IOMMU group 3, translated domain"));
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "device 0000:00:04.0 (pci): needs PA (iova-test-uio), "
					   "IOMMU group 4, identity domain"));
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "device 0000:00:05.0 (pci): needs VA (driver "
					   "iova_test_va)"));
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "IOVA: mode VA (rule B4)"));
	/* One refusal line per refused device, with its fix. */
	CU_ASSERT_EQUAL(count(log, "0000:00:03.0: not probed"), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "fix: boot with iommu=pt, or bind it to vfio-pci "
					   "(openeal bind vfio-pci 0000:00:03.0)"));
	CU_ASSERT_EQUAL(count(log, "0000:00:04.0: not probed: needs IOVA as PA (iova-test-uio) "
				   "but the IOVA mode is VA (other devices need VA: 0000:00:05.0)"),
			1);
	CU_ASSERT_EQUAL(count(log, "0000:00:05.0: not probed"), 0);
	free(log);

	CU_ASSERT_EQUAL(rte_eal_iova_report(&r), 0);
	CU_ASSERT_TRUE(r.decided);
	CU_ASSERT_EQUAL(r.mode, RTE_IOVA_VA);
	CU_ASSERT_STRING_EQUAL(r.rule, "B4");
	CU_ASSERT_TRUE(r.iommu_present);
	CU_ASSERT_EQUAL(r.nb_devices, 3);
	CU_ASSERT_EQUAL(r.nb_refused, 2);
	struct rte_iova_device got[8];
	CU_ASSERT_EQUAL(rte_eal_iova_devices(NULL, 0), 3);
	CU_ASSERT_EQUAL_FATAL(rte_eal_iova_devices(got, RTE_DIM(got)), 3);
	const struct rte_iova_device *d3 = find(got, 3, "0000:00:03.0");
	const struct rte_iova_device *d5 = find(got, 3, "0000:00:05.0");
	CU_ASSERT_PTR_NOT_NULL_FATAL(d3);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d5);
	CU_ASSERT_FALSE(d3->ok);
	CU_ASSERT_EQUAL(d3->domain, RTE_IOVA_DOMAIN_TRANSLATED);
	CU_ASSERT_EQUAL(d3->iommu_group, 3);
	CU_ASSERT_STRING_EQUAL(d3->bus, "pci");
	CU_ASSERT_TRUE(d5->ok);
	CU_ASSERT_EQUAL(d5->need, RTE_IOVA_VA);

	/* Hotplug: a uio device in a translated domain is refused the same way. */
	struct fake_pci_dev late = device("0000:00:06.0", DEV_ANY, "iova-test-uio", 6, "DMA");
	CU_ASSERT_EQUAL_FATAL(fake_sysfs_add(fs, &late), 0);
	int ret = 0;
	log = test_capture_log(hotplug_fn, &ret);
	CU_ASSERT_PTR_NOT_NULL_FATAL(log);
	CU_ASSERT_TRUE(ret < 0);
	CU_ASSERT_EQUAL(count(log, "0000:00:06.0: not probed: needs physical addresses "
				   "(iova-test-uio does not program the IOMMU) but IOMMU group 6"),
			1);
	free(log);
	CU_ASSERT_EQUAL(probes, 1);
	CU_ASSERT_EQUAL(rte_eal_iova_devices(NULL, 0), 4);
	CU_ASSERT_EQUAL(rte_eal_iova_report(&r), 0);
	CU_ASSERT_EQUAL(r.nb_refused, 3);

	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
	CU_ASSERT_EQUAL(rte_eal_iova_report(&r), 0);
	CU_ASSERT_FALSE(r.decided);
	CU_ASSERT_EQUAL(rte_eal_iova_devices(NULL, 0), 0);
	tree_done(fs);
	/* --log-level outlives the EAL: back to the type's default. */
	rte_log_set_level_pattern("lib.eal.iova", RTE_LOG_NOTICE);
}

static void test_requested_va(void)
{
	struct init_args a = {.argv = {"app", "--no-pci", "--iova-mode", "va", NULL}};
	char *log = test_capture_log(init_fn, &a);
	CU_ASSERT_EQUAL(a.ret, 3);
	CU_ASSERT_STRING_EQUAL(log, ""); /* quiet at the default level */
	free(log);
	struct rte_iova_report r;
	CU_ASSERT_EQUAL(rte_eal_iova_report(&r), 0);
	CU_ASSERT_TRUE(r.decided);
	CU_ASSERT_STRING_EQUAL(r.rule, "A3");
	CU_ASSERT_EQUAL(r.requested, RTE_IOVA_VA);
	CU_ASSERT_TRUE(r.va_bits >= 32);
	CU_ASSERT_EQUAL(r.nb_devices, 0);
	CU_ASSERT_EQUAL(rte_eal_iova_report(NULL), -1);
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
}

/* The hugepage input is the tree's: B6 (PA) with free ones and no IOMMU, B7 (VA) without. */
static void test_hugepages_from_tree(void)
{
	struct fake_sysfs *fs = tree();
	struct rte_iova_report r;

	CU_ASSERT_EQUAL(fake_sysfs_set_hugepages(fs, -1, 2048, 8, 8), 0);
	struct init_args a = {
	    .argv = {"app", "--no-pci", "--log-level", "lib.eal.iova:info", NULL}};
	char *log = test_capture_log(init_fn, &a);
	CU_ASSERT_EQUAL_FATAL(a.ret, 3);
	CU_ASSERT_PTR_NOT_NULL(log != NULL ? strstr(log, "IOVA: hugepages: free ones exist")
					   : NULL);
	free(log);
	CU_ASSERT_EQUAL(rte_eal_iova_report(&r), 0);
	CU_ASSERT_TRUE(r.hugepages);
	CU_ASSERT_FALSE(r.iommu_present);
	CU_ASSERT_STRING_EQUAL(r.rule, r.phys_readable ? "B6" : "B7");
	CU_ASSERT_EQUAL(r.mode, r.phys_readable ? RTE_IOVA_PA : RTE_IOVA_VA);
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);

	/* Every page taken: none free, VA. */
	CU_ASSERT_EQUAL(fake_sysfs_set_hugepages(fs, -1, 2048, 8, 0), 0);
	a = (struct init_args){
	    .argv = {"app", "--no-pci", "--log-level", "lib.eal.iova:info", NULL}};
	log = test_capture_log(init_fn, &a);
	CU_ASSERT_EQUAL_FATAL(a.ret, 3);
	CU_ASSERT_PTR_NOT_NULL(log != NULL ? strstr(log, "IOVA: hugepages: none free") : NULL);
	free(log);
	CU_ASSERT_EQUAL(rte_eal_iova_report(&r), 0);
	CU_ASSERT_FALSE(r.hugepages);
	CU_ASSERT_STRING_EQUAL(r.rule, "B7");
	CU_ASSERT_EQUAL(r.mode, RTE_IOVA_VA);
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
	tree_done(fs);
	rte_log_set_level_pattern("lib.eal.iova", RTE_LOG_NOTICE);
}

/* What init would decide, for tools: after a scan, nothing initialised, nothing kept. */
static void test_evaluate_without_init(void)
{
	struct fake_sysfs *fs = tree();
	struct fake_pci_dev devs[] = {
	    device("0000:00:03.0", DEV_ANY, "iova-test-uio", 3, "DMA"),
	    device("0000:00:04.0", DEV_ANY, "iova-test-uio", 4, "identity"),
	    device("0000:00:05.0", DEV_VA, "iova-test-dc", 5, "DMA"),
	    device("0000:00:06.0", 0x0077, "iova-test-dc", 6, "DMA"), /* no driver matches */
	};
	for (unsigned int i = 0; i < RTE_DIM(devs); i++)
		CU_ASSERT_EQUAL_FATAL(fake_sysfs_add(fs, &devs[i]), 0);
	CU_ASSERT_EQUAL_FATAL(rte_pci_scan(), 0);

	struct rte_iova_report r;
	struct rte_iova_device got[8];
	CU_ASSERT_EQUAL(rte_eal_iova_evaluate(RTE_IOVA_DC, 0, &r, got, RTE_DIM(got)), 3);
	CU_ASSERT_TRUE(r.decided);
	CU_ASSERT_STRING_EQUAL(r.rule, "B4");
	CU_ASSERT_EQUAL(r.nb_refused, 2);
	CU_ASSERT_PTR_NULL(find(got, 3, "0000:00:06.0"));
	const struct rte_iova_device *d4 = find(got, 3, "0000:00:04.0");
	CU_ASSERT_PTR_NOT_NULL_FATAL(d4);
	CU_ASSERT_FALSE(d4->ok);

	/* The same with --iova-mode va: row A3; and the count alone. */
	CU_ASSERT_EQUAL(rte_eal_iova_evaluate(RTE_IOVA_VA, 0, &r, NULL, 0), 3);
	CU_ASSERT_STRING_EQUAL(r.rule, "A3");
	/* --no-huge with --iova-mode pa: init would fail (A2, no mode). */
	CU_ASSERT_EQUAL(rte_eal_iova_evaluate(RTE_IOVA_PA, 1, &r, NULL, 0), 3);
	CU_ASSERT_STRING_EQUAL(r.rule, "A2");
	CU_ASSERT_EQUAL(r.mode, RTE_IOVA_DC);
	CU_ASSERT_EQUAL(rte_eal_iova_evaluate(RTE_IOVA_DC, 0, NULL, NULL, 0), -1);

	/* Nothing was decided for real. */
	CU_ASSERT_EQUAL(rte_eal_iova_report(&r), 0);
	CU_ASSERT_FALSE(r.decided);
	CU_ASSERT_EQUAL(rte_eal_iova_mode(), RTE_IOVA_DC);
	struct rte_bus *bus = rte_bus_find_by_name("pci");
	bus->cleanup();
	tree_done(fs);
}

void test_iova_add_eal_suite(void)
{
	CU_pSuite s = CU_add_suite("iova in rte_eal_init", NULL, NULL);
	CU_add_test(s, "decision, report, refusals, hotplug", test_init_decides_and_refuses);
	CU_add_test(s, "--iova-mode=va without devices", test_requested_va);
	CU_add_test(s, "hugepages input from the tree", test_hugepages_from_tree);
	CU_add_test(s, "evaluate without init", test_evaluate_without_init);
}
