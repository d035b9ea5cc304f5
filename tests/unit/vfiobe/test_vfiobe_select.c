/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The vfio-pci backend is chosen by the sysfs driver name alone, and what it does before a
 * device is mapped (no VFIO device fd exists yet): config reads come from the sysfs file,
 * config writes and I/O-port maps are refused with one line. Generated sysfs trees only.
 */

#include <CUnit/CUnit.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <bus_driver.h>
#include <bus_pci_driver.h>
#include <pci_scan.h>
#include <rte_bus.h>
#include <rte_bus_pci.h>

#include "fake_sysfs.h"
#include "pci_backend.h"
#include "test_util.h"
#include "vfiobe_test.h"

/* Ids no PMD of the tree claims. */
#define VENDOR 0xc0de
#define VFIO_DEV "0000:00:02.0"
#define KERNEL_DEV "0000:00:03.0"
#define UNBOUND_DEV "0000:00:04.0"

static struct fake_sysfs *fs;

static struct fake_pci_dev fake_dev(const char *addr, uint16_t device, const char *driver,
				    int group)
{
	struct fake_pci_dev d = {
	    .addr = addr,
	    .vendor = VENDOR,
	    .device = device,
	    .subsys_vendor = VENDOR,
	    .subsys_device = 1,
	    .class_code = 0x020000,
	    .numa_node = -1,
	    .driver = driver,
	    .iommu_group = group,
	};
	d.res[0] = (struct fake_pci_bar){0xfe000000, 0x20000, RTE_PCI_IORESOURCE_MEM};
	d.res[1] = (struct fake_pci_bar){0xc000, 0x40, RTE_PCI_IORESOURCE_IO};
	return d;
}

static int setup(void)
{
	const struct fake_pci_dev devs[] = {
	    fake_dev(VFIO_DEV, 0x100e, "vfio-pci", 7),
	    fake_dev(KERNEL_DEV, 0x10d3, "e1000e", 8),
	    fake_dev(UNBOUND_DEV, 0x0010, NULL, 9),
	};

	fs = fake_sysfs_create();
	if (fs == NULL)
		return -1;
	for (size_t i = 0; i < sizeof(devs) / sizeof(devs[0]); i++)
		if (fake_sysfs_add(fs, &devs[i]) != 0)
			return -1;
	setenv("SYSFS_PCI_DEVICES", fake_sysfs_devices_dir(fs), 1);
	return rte_pci_scan() == 0 ? 0 : -1;
}

static int teardown(void)
{
	rte_bus_find_by_name("pci")->cleanup();
	test_restore_sysfs_env();
	fake_sysfs_destroy(fs);
	return 0;
}

static int name_is(const struct rte_device *dev, const void *name)
{
	return strcmp(rte_dev_name(dev), name);
}

static struct rte_pci_device *find(const char *name)
{
	struct rte_device *d = rte_bus_find_by_name("pci")->find_device(NULL, name_is, name);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	return RTE_DEV_TO_PCI(d);
}

static void test_backend_by_name(void)
{
	const struct rte_pci_backend *be = rte_pci_backend_find("vfio-pci");

	CU_ASSERT_PTR_NOT_NULL_FATAL(be);
	CU_ASSERT_STRING_EQUAL(be->kdrv_name, "vfio-pci");
	CU_ASSERT_EQUAL(be->kdrv, RTE_PCI_KDRV_VFIO);
	CU_ASSERT_PTR_NOT_NULL(be->map);
	CU_ASSERT_PTR_NOT_NULL(be->unmap);
	CU_ASSERT_PTR_NOT_NULL(be->read_config);
	CU_ASSERT_PTR_NOT_NULL(be->write_config);
	CU_ASSERT_PTR_NOT_NULL(be->ioport_map);
	CU_ASSERT_PTR_NOT_NULL(be->ioport_read);
	CU_ASSERT_PTR_NOT_NULL(be->ioport_write);
	CU_ASSERT_PTR_NOT_NULL(be->ioport_unmap);
	CU_ASSERT_PTR_NOT_NULL(be->iova_constraint);
	/* The sysfs name is matched exactly: the module name is not a driver name. */
	CU_ASSERT_PTR_NULL(rte_pci_backend_find("vfio_pci"));
	CU_ASSERT_PTR_NULL(rte_pci_backend_find("vfio"));
	CU_ASSERT_PTR_NULL(rte_pci_backend_find("VFIO-PCI"));
}

static void test_scan_selects_by_driver(void)
{
	const struct rte_pci_backend *be = rte_pci_backend_find("vfio-pci");
	struct rte_pci_device *vfio = find(VFIO_DEV);
	struct rte_pci_device *kern = find(KERNEL_DEV);
	struct rte_pci_device *none = find(UNBOUND_DEV);

	CU_ASSERT_PTR_EQUAL(vfio->backend, be);
	CU_ASSERT_EQUAL(vfio->kdrv, RTE_PCI_KDRV_VFIO);
	CU_ASSERT_STRING_EQUAL(vfio->kdrv_name, "vfio-pci");
	CU_ASSERT_EQUAL(vfio->iommu_group, 7);
	CU_ASSERT_PTR_NULL(kern->backend);
	CU_ASSERT_EQUAL(kern->kdrv, RTE_PCI_KDRV_UNKNOWN);
	CU_ASSERT_PTR_NULL(none->backend);
	CU_ASSERT_EQUAL(none->kdrv, RTE_PCI_KDRV_NONE);
	/* Nothing is mapped by a scan. */
	CU_ASSERT_PTR_NULL(vfio->backend_priv);
	CU_ASSERT_PTR_NULL(vfio->mem_resource[0].addr);
	CU_ASSERT_PTR_NULL(vfio->intr_handle);
}

static void test_config_read_before_map(void)
{
	struct rte_pci_device *dev = find(VFIO_DEV);
	uint16_t ids[2] = {0, 0};
	uint8_t byte;

	CU_ASSERT_EQUAL(rte_pci_read_config(dev, ids, sizeof(ids), 0), (int)sizeof(ids));
	CU_ASSERT_EQUAL(ids[0], VENDOR);
	CU_ASSERT_EQUAL(ids[1], 0x100e);
	/* The generated file is 256 bytes: past it is end of file, as with sysfs. */
	CU_ASSERT_EQUAL(rte_pci_read_config(dev, &byte, 1, 0x100), 0);
}

struct call {
	struct rte_pci_device *dev;
	int ret;
	struct rte_pci_ioport port;
};

static void write_config(void *arg)
{
	struct call *c = arg;
	uint16_t cmd = RTE_PCI_COMMAND_MASTER;
	c->ret = rte_pci_write_config(c->dev, &cmd, sizeof(cmd), RTE_PCI_COMMAND);
}

static void ioport_map(void *arg)
{
	struct call *c = arg;
	c->ret = rte_pci_ioport_map(c->dev, 1, &c->port);
}

static unsigned int lines(const char *log)
{
	unsigned int n = 0;
	for (const char *p = log; *p != '\0'; p++)
		n += *p == '\n';
	return n;
}

static void test_refused_before_map(void)
{
	struct call c = {.dev = find(VFIO_DEV), .ret = 1};
	int fds = test_count_fds();

	char *log = test_capture_log(write_config, &c);
	CU_ASSERT_PTR_NOT_NULL_FATAL(log);
	CU_ASSERT_EQUAL(c.ret, -ENODEV);
	CU_ASSERT_EQUAL(lines(log), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, VFIO_DEV ": cannot write config space: the vfio-pci "
						    "device is not mapped"));
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "rte_pci_map_device"));
	free(log);

	c.ret = 1;
	log = test_capture_log(ioport_map, &c);
	CU_ASSERT_PTR_NOT_NULL_FATAL(log);
	CU_ASSERT_EQUAL(c.ret, -ENODEV);
	CU_ASSERT_EQUAL(lines(log), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, VFIO_DEV ": cannot map I/O BAR 1: the vfio-pci device "
						    "is not mapped"));
	CU_ASSERT_PTR_NULL(c.port.dev);
	free(log);
	CU_ASSERT_EQUAL(test_count_fds(), fds);
}

void vfiobe_add_select_suite(void)
{
	CU_pSuite s = CU_add_suite("vfio-pci backend selection", setup, teardown);
	CU_add_test(s, "registered under its sysfs driver name", test_backend_by_name);
	CU_add_test(s, "scan gives vfio-pci devices the backend", test_scan_selects_by_driver);
	CU_add_test(s, "config read before map comes from sysfs", test_config_read_before_map);
	CU_add_test(s, "config write and I/O port map before map are refused",
		    test_refused_before_map);
}
