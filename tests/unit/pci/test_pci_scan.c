/* SPDX-License-Identifier: BSD-3-Clause */
/* Scanning generated sysfs trees: every field, order, domains, SR-IOV, backends, rescans. */

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bus_driver.h>
#include <pci_scan.h>

#include "pci_test.h"
#include "test_util.h"

#define MEM32 (RTE_PCI_IORESOURCE_MEM | 0x40000)
#define MEM64_PREF \
	(RTE_PCI_IORESOURCE_MEM | RTE_PCI_IORESOURCE_MEM_64 | RTE_PCI_IORESOURCE_PREFETCH)
#define IO (RTE_PCI_IORESOURCE_IO | 0x40000)

static void test_fields(void)
{
	struct fake_pci_dev d[4];
	/* A NIC on a kernel driver, in IOMMU group 7, NUMA node 1, with every BAR kind. */
	d[0] = pci_test_dev("0000:00:03.0", 0x8086, 0x100e, "e1000");
	d[0].subsys_vendor = 0x1af4;
	d[0].subsys_device = 0x1100;
	d[0].class_code = 0x020000;
	d[0].revision = 3;
	d[0].numa_node = 1;
	d[0].iommu_group = 7;
	d[0].res[0] = (struct fake_pci_bar){0xfe000000, 0x20000, MEM32};
	d[0].res[1] = (struct fake_pci_bar){0x8000000000ULL, 0x4000, MEM64_PREF};
	d[0].res[2] = (struct fake_pci_bar){0xc000, 0x40, IO};
	d[0].res[6] = (struct fake_pci_bar){0xfeb80000, 0x40000, RTE_PCI_IORESOURCE_MEM};
	/* Unbound, not NUMA-aware, no group. */
	d[1] = pci_test_dev("0000:00:04.0", TEST_VENDOR, 0x0042, NULL);
	/* On the tests' backend. */
	d[2] = pci_test_dev("0000:00:05.0", TEST_VENDOR, 0x0043, TEST_KDRV);
	/* On a userspace-looking driver nobody registered a backend for. */
	d[3] = pci_test_dev("0000:00:06.0", TEST_VENDOR, 0x0044, "some-uio");
	struct fake_sysfs *fs = pci_test_tree(d, RTE_DIM(d));
	int rc;
	char *log = pci_test_scan_log(&rc);
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT_PTR_NULL(strstr(log, "skipping"));
	free(log);
	CU_ASSERT_EQUAL(pci_test_count(), 4);

	struct rte_pci_device *dev = pci_test_find("0000:00:03.0");
	CU_ASSERT_PTR_NOT_NULL_FATAL(dev);
	CU_ASSERT_STRING_EQUAL(dev->name, "0000:00:03.0");
	CU_ASSERT_STRING_EQUAL(dev->device.name, "0000:00:03.0");
	CU_ASSERT_PTR_EQUAL(dev->device.bus, pci_test_bus());
	CU_ASSERT_PTR_NULL(dev->device.driver);
	CU_ASSERT_EQUAL(dev->id.vendor_id, 0x8086);
	CU_ASSERT_EQUAL(dev->id.device_id, 0x100e);
	CU_ASSERT_EQUAL(dev->id.subsystem_vendor_id, 0x1af4);
	CU_ASSERT_EQUAL(dev->id.subsystem_device_id, 0x1100);
	CU_ASSERT_EQUAL(dev->id.class_id, 0x020000);
	CU_ASSERT_EQUAL(dev->revision, 3);
	CU_ASSERT_EQUAL(dev->device.numa_node, 1);
	CU_ASSERT_EQUAL(dev->iommu_group, 7);
	CU_ASSERT_STRING_EQUAL(dev->kdrv_name, "e1000");
	CU_ASSERT_EQUAL(dev->kdrv, RTE_PCI_KDRV_UNKNOWN);
	CU_ASSERT_PTR_NULL(dev->backend);
	CU_ASSERT_FALSE(dev->is_vf);
	CU_ASSERT_EQUAL(dev->max_vfs, 0);
	CU_ASSERT_EQUAL(dev->nb_resources, 13);
	CU_ASSERT_EQUAL(dev->resource[0].start, 0xfe000000);
	CU_ASSERT_EQUAL(dev->resource[0].len, 0x20000);
	CU_ASSERT_EQUAL(dev->resource[1].start, 0x8000000000ULL);
	CU_ASSERT_EQUAL(dev->resource[1].flags & RTE_PCI_IORESOURCE_MEM_64,
			RTE_PCI_IORESOURCE_MEM_64);
	CU_ASSERT(dev->resource[1].flags & RTE_PCI_IORESOURCE_PREFETCH);
	CU_ASSERT_EQUAL(dev->resource[2].len, 0x40);
	CU_ASSERT(dev->resource[2].flags & RTE_PCI_IORESOURCE_IO);
	CU_ASSERT_EQUAL(dev->resource[RTE_PCI_ROM_RESOURCE].len, 0x40000);
	/* mem_resource holds the memory BARs only (as in DPDK). */
	CU_ASSERT_EQUAL(dev->mem_resource[0].phys_addr, 0xfe000000);
	CU_ASSERT_EQUAL(dev->mem_resource[0].len, 0x20000);
	CU_ASSERT_EQUAL(dev->mem_resource[1].phys_addr, 0x8000000000ULL);
	CU_ASSERT_EQUAL(dev->mem_resource[1].len, 0x4000);
	CU_ASSERT_EQUAL(dev->mem_resource[2].len, 0);
	CU_ASSERT_PTR_NULL(dev->mem_resource[0].addr);

	dev = pci_test_find("00:04.0");
	CU_ASSERT_PTR_NOT_NULL_FATAL(dev);
	CU_ASSERT_STRING_EQUAL(dev->kdrv_name, "");
	CU_ASSERT_EQUAL(dev->kdrv, RTE_PCI_KDRV_NONE);
	CU_ASSERT_EQUAL(dev->device.numa_node, -1);
	CU_ASSERT_EQUAL(dev->iommu_group, -1);
	CU_ASSERT_EQUAL(dev->id.class_id, 0xff0000);

	dev = pci_test_find("0000:00:05.0");
	CU_ASSERT_PTR_NOT_NULL_FATAL(dev);
	CU_ASSERT_PTR_NOT_NULL(dev->backend);
	CU_ASSERT_EQUAL(dev->kdrv, RTE_PCI_KDRV_VFIO);

	dev = pci_test_find("0000:00:06.0");
	CU_ASSERT_PTR_NOT_NULL_FATAL(dev);
	CU_ASSERT_PTR_NULL(dev->backend);
	CU_ASSERT_EQUAL(dev->kdrv, RTE_PCI_KDRV_UNKNOWN);
	pci_test_done(fs);
}

static void test_sriov(void)
{
	struct fake_pci_dev d[4];
	d[0] = pci_test_dev("0000:3b:00.0", TEST_VENDOR, 0x1000, "pf-driver");
	d[0].sriov_totalvfs = 64;
	d[0].sriov_numvfs = 2;
	d[0].res[7] = (struct fake_pci_bar){0x9000000000ULL, 0x80000, MEM64_PREF};
	d[1] = pci_test_dev("0000:3b:02.0", TEST_VENDOR, 0x1001, NULL);
	d[1].physfn = "0000:3b:00.0";
	d[2] = pci_test_dev("0000:3b:02.1", TEST_VENDOR, 0x1001, TEST_KDRV);
	d[2].physfn = "0000:3b:00.0";
	d[3] = pci_test_dev("0000:3b:00.1", TEST_VENDOR, 0x1000, NULL);
	struct fake_sysfs *fs = pci_test_tree(d, RTE_DIM(d));
	/* Only a PF has SR-IOV files: a VF's are not read, so junk there is harmless. */
	CU_ASSERT_EQUAL(fake_sysfs_set_attr(fs, d[1].addr, "sriov_numvfs", "lots\n", 5), 0);
	CU_ASSERT_EQUAL(rte_pci_scan(), 0);
	CU_ASSERT_EQUAL(pci_test_count(), 4);
	struct rte_pci_device *pf = pci_test_find("0000:3b:00.0");
	CU_ASSERT_PTR_NOT_NULL_FATAL(pf);
	CU_ASSERT_EQUAL(pf->max_vfs, 2);
	CU_ASSERT_EQUAL(pf->sriov_totalvfs, 64);
	CU_ASSERT_FALSE(pf->is_vf);
	CU_ASSERT_EQUAL(pf->resource[7].start, 0x9000000000ULL);
	CU_ASSERT_EQUAL(pf->resource[7].len, 0x80000);
	for (int i = 1; i <= 2; i++) {
		struct rte_pci_device *vf = pci_test_find(d[i].addr);
		CU_ASSERT_PTR_NOT_NULL_FATAL(vf);
		CU_ASSERT(vf->is_vf);
		CU_ASSERT_EQUAL(rte_pci_addr_cmp(&vf->physfn, &pf->addr), 0);
		CU_ASSERT_EQUAL(vf->sriov_totalvfs, 0);
	}
	struct rte_pci_device *other = pci_test_find("0000:3b:00.1");
	CU_ASSERT_PTR_NOT_NULL_FATAL(other);
	CU_ASSERT_FALSE(other->is_vf);
	CU_ASSERT_EQUAL(other->max_vfs, 0);
	pci_test_done(fs);
}

static int any_device(const struct rte_device *dev, const void *data)
{
	(void)dev;
	(void)data;
	return 0;
}

/* The listed devices, in list order, must be in strictly increasing address order. */
static unsigned int check_order(unsigned int *domains_seen, bool *wide_domain)
{
	struct rte_bus *bus = pci_test_bus();
	const struct rte_pci_device *prev = NULL;
	unsigned int n = 0, domains = 0;
	bool wide = false;
	for (struct rte_device *d = bus->find_device(NULL, any_device, NULL); d != NULL;
	     d = bus->find_device(d, any_device, NULL)) {
		const struct rte_pci_device *dev = RTE_DEV_TO_PCI_CONST(d);
		if (prev != NULL)
			CU_ASSERT(rte_pci_addr_cmp(&prev->addr, &dev->addr) < 0);
		if (prev == NULL || prev->addr.domain != dev->addr.domain)
			domains++;
		wide |= dev->addr.domain > 0xffff;
		prev = dev;
		n++;
	}
	*domains_seen = domains;
	*wide_domain = wide;
	return n;
}

static void test_populated_order_and_domains(void)
{
	struct fake_sysfs *fs = fake_sysfs_create();
	CU_ASSERT_PTR_NOT_NULL_FATAL(fs);
	/* Enough devices for the scan to use its helper threads. */
	CU_ASSERT_EQUAL_FATAL(fake_sysfs_populate(fs, 700, 42), 0);
	pci_test_use(fs);
	int fds = test_count_fds();
	int threads = test_count_threads();
	int rc;
	char *log = pci_test_scan_log(&rc);
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT_PTR_NULL(strstr(log, "skipping"));
	free(log);
	unsigned int domains;
	bool wide;
	CU_ASSERT_EQUAL(check_order(&domains, &wide), 700);
	CU_ASSERT(domains >= 2);
	CU_ASSERT(wide);
	CU_ASSERT_EQUAL(test_count_fds(), fds);
	CU_ASSERT_EQUAL(test_count_threads(), threads);
	/* A second scan of the same tree changes nothing. */
	CU_ASSERT_EQUAL(rte_pci_scan(), 0);
	CU_ASSERT_EQUAL(check_order(&domains, &wide), 700);
	CU_ASSERT_EQUAL(test_count_fds(), fds);
	pci_test_done(fs);
	CU_ASSERT_EQUAL(pci_test_count(), 0);
}

static void test_empty_and_missing_dirs(void)
{
	struct fake_sysfs *fs = pci_test_tree(NULL, 0);
	CU_ASSERT_EQUAL(rte_pci_scan(), 0);
	CU_ASSERT_EQUAL(pci_test_count(), 0);
	pci_test_done(fs);

	setenv("SYSFS_PCI_DEVICES", "/nonexistent/openeal-test", 1);
	int rc;
	char *log = pci_test_scan_log(&rc);
	CU_ASSERT_EQUAL(rc, -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "/nonexistent/openeal-test"));
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "SYSFS_PCI_DEVICES"));
	free(log);
	pci_test_done(NULL);
}

/* A device directory reached through a relative symlink from bus/pci/devices, as in sysfs. */
static void test_symlinked_device_dirs(void)
{
	struct fake_pci_dev d = pci_test_dev("0001:02:03.4", TEST_VENDOR, 0x0001, NULL);
	struct fake_sysfs *fs = pci_test_tree(&d, 1);
	char link[PATH_MAX], target[PATH_MAX];
	snprintf(link, sizeof(link), "%s/0001:02:03.4", fake_sysfs_devices_dir(fs));
	ssize_t n = readlink(link, target, sizeof(target) - 1);
	CU_ASSERT_FATAL(n > 0);
	target[n] = '\0';
	CU_ASSERT_PTR_NOT_NULL(strstr(target, "../../../devices/pci0001:02/0001:02:03.4"));
	CU_ASSERT_EQUAL(rte_pci_scan(), 0);
	struct rte_pci_device *dev = pci_test_find("0001:02:03.4");
	CU_ASSERT_PTR_NOT_NULL_FATAL(dev);
	CU_ASSERT_EQUAL(dev->addr.domain, 1);
	CU_ASSERT_EQUAL(dev->addr.function, 4);
	pci_test_done(fs);
}

static int count_probe(struct rte_pci_driver *drv, struct rte_pci_device *dev)
{
	(void)drv;
	(void)dev;
	return 0;
}

static const struct rte_pci_id rescan_ids[] = {{RTE_PCI_DEVICE(TEST_VENDOR, 0x0b0b)},
					       {.vendor_id = 0}};
static struct rte_pci_driver rescan_drv = {
    .driver = {.name = "test_rescan"},
    .probe = count_probe,
    .id_table = rescan_ids,
};

static void test_rescan(void)
{
	struct fake_pci_dev d[4];
	d[0] = pci_test_dev("0000:00:01.0", TEST_VENDOR, 0x0a0a, NULL);
	d[1] = pci_test_dev("0000:00:02.0", TEST_VENDOR, 0x0b0b, NULL); /* will be probed */
	d[2] = pci_test_dev("0000:00:03.0", TEST_VENDOR, 0x0c0c, NULL);
	d[3] = pci_test_dev("0000:00:05.0", TEST_VENDOR, 0x0d0d, NULL);
	struct fake_sysfs *fs = pci_test_tree(d, 3);
	rte_pci_register(&rescan_drv);
	CU_ASSERT_EQUAL(rte_pci_scan(), 0);
	CU_ASSERT_EQUAL(pci_test_bus()->probe(), 0);
	struct rte_pci_device *a = pci_test_find("0000:00:01.0");
	struct rte_pci_device *b = pci_test_find("0000:00:02.0");
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	CU_ASSERT_PTR_EQUAL(b->driver, &rescan_drv);

	/* a gets a kernel driver and a NUMA node; b and c vanish; d and a new first one appear. */
	struct fake_pci_dev a2 = d[0];
	a2.driver = "e1000";
	a2.numa_node = 0;
	CU_ASSERT_EQUAL(fake_sysfs_remove(fs, "0000:00:01.0"), 0);
	CU_ASSERT_EQUAL(fake_sysfs_add(fs, &a2), 0);
	CU_ASSERT_EQUAL(fake_sysfs_remove(fs, "0000:00:02.0"), 0);
	CU_ASSERT_EQUAL(fake_sysfs_remove(fs, "0000:00:03.0"), 0);
	CU_ASSERT_EQUAL(fake_sysfs_add(fs, &d[3]), 0);
	struct fake_pci_dev first = pci_test_dev("0000:00:00.0", TEST_VENDOR, 0x0e0e, NULL);
	CU_ASSERT_EQUAL(fake_sysfs_add(fs, &first), 0);

	int rc;
	char *log = pci_test_scan_log(&rc);
	CU_ASSERT_EQUAL(rc, 0);
	/* The probed device stays, and says why. */
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "0000:00:02.0 is gone from sysfs but in use"));
	free(log);
	unsigned int domains;
	bool wide;
	CU_ASSERT_EQUAL(check_order(&domains, &wide), 4);
	CU_ASSERT_PTR_NOT_NULL(pci_test_find("0000:00:00.0"));
	CU_ASSERT_PTR_EQUAL(pci_test_find("0000:00:01.0"), a); /* refreshed in place */
	CU_ASSERT_STRING_EQUAL(a->kdrv_name, "e1000");
	CU_ASSERT_EQUAL(a->device.numa_node, 0);
	CU_ASSERT_PTR_EQUAL(pci_test_find("0000:00:02.0"), b);
	CU_ASSERT_PTR_EQUAL(b->driver, &rescan_drv);
	CU_ASSERT_PTR_NULL(pci_test_find("0000:00:03.0"));
	CU_ASSERT_PTR_NOT_NULL(pci_test_find("0000:00:05.0"));

	/* A probed device is not refreshed: its scan data stays what its driver saw. */
	CU_ASSERT_EQUAL(fake_sysfs_add(fs, &d[1]), 0);
	CU_ASSERT_EQUAL(fake_sysfs_set_attr(fs, "0000:00:02.0", "numa_node", "1\n", 2), 0);
	CU_ASSERT_EQUAL(rte_pci_scan(), 0);
	CU_ASSERT_PTR_EQUAL(pci_test_find("0000:00:02.0"), b);
	CU_ASSERT_EQUAL(b->device.numa_node, -1);
	CU_ASSERT_EQUAL(pci_test_count(), 4);

	pci_test_done(fs);
	rte_pci_unregister(&rescan_drv);
}

static void test_dump(void)
{
	struct fake_pci_dev d = pci_test_dev("0000:00:07.0", TEST_VENDOR, 0x0abc, "e1000");
	d.iommu_group = 3;
	struct fake_sysfs *fs = pci_test_tree(&d, 1);
	CU_ASSERT_EQUAL(rte_pci_scan(), 0);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	rte_pci_dump(f);
	fclose(f);
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "0000:00:07.0 c0de:0abc"));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "kernel driver e1000"));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "iommu_group 3"));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "BAR0  0x00000000fe000000 size 0x1000 mem"));
	free(buf);
	pci_test_done(fs);
}

void pci_test_add_scan_suite(void)
{
	CU_pSuite s = CU_add_suite("pci_scan", NULL, NULL);
	CU_add_test(s, "every field of a device", test_fields);
	CU_add_test(s, "SR-IOV PF and VFs", test_sriov);
	CU_add_test(s, "address order and domains, threads and fds",
		    test_populated_order_and_domains);
	CU_add_test(s, "empty and missing directories", test_empty_and_missing_dirs);
	CU_add_test(s, "symlinked device directories", test_symlinked_device_dirs);
	CU_add_test(s, "rescan: appear, vanish, refresh, probed kept", test_rescan);
	CU_add_test(s, "rte_pci_dump", test_dump);
}
