/* SPDX-License-Identifier: BSD-3-Clause */
/* PCI bus unit tests: one executable, one CUnit suite per area. */

#include <CUnit/Basic.h>
#include <stdlib.h>
#include <string.h>

#include <bus_driver.h>
#include <pci_scan.h>
#include <rte_bus.h>
#include <rte_log.h>

#include "pci_test.h"
#include "test_util.h"

struct fake_pci_dev pci_test_dev(const char *addr, uint16_t vendor, uint16_t device,
				 const char *driver)
{
	struct fake_pci_dev d = {
	    .addr = addr,
	    .vendor = vendor,
	    .device = device,
	    .subsys_vendor = vendor,
	    .subsys_device = 0x0001,
	    .class_code = 0xff0000,
	    .revision = 1,
	    .numa_node = -1,
	    .driver = driver,
	    .iommu_group = -1,
	};
	d.res[0] = (struct fake_pci_bar){0xfe000000, 0x1000, RTE_PCI_IORESOURCE_MEM | 0x40000};
	return d;
}

void pci_test_use(struct fake_sysfs *fs)
{
	setenv("SYSFS_PCI_DEVICES", fake_sysfs_devices_dir(fs), 1);
}

struct fake_sysfs *pci_test_tree(const struct fake_pci_dev *devs, unsigned int n)
{
	struct fake_sysfs *fs = fake_sysfs_create();
	CU_ASSERT_PTR_NOT_NULL_FATAL(fs);
	for (unsigned int i = 0; i < n; i++)
		CU_ASSERT_EQUAL_FATAL(fake_sysfs_add(fs, &devs[i]), 0);
	pci_test_use(fs);
	return fs;
}

struct rte_bus *pci_test_bus(void)
{
	return rte_bus_find_by_name("pci");
}

void pci_test_done(struct fake_sysfs *fs)
{
	struct rte_bus *bus = pci_test_bus();
	bus->cleanup();
	bus->conf.scan_mode = RTE_BUS_SCAN_UNDEFINED;
	if (fs != NULL)
		fake_sysfs_destroy(fs);
	test_restore_sysfs_env();
}

static void run_scan(void *arg)
{
	*(int *)arg = rte_pci_scan();
}

char *pci_test_log_of(void (*fn)(void *), void *arg)
{
	char *log = test_capture_log(fn, arg);
	CU_ASSERT_PTR_NOT_NULL_FATAL(log);
	return log;
}

char *pci_test_scan_log(int *rc)
{
	int r = -2;
	char *log = pci_test_log_of(run_scan, &r);
	if (rc != NULL)
		*rc = r;
	return log;
}

static void run_bus_probe(void *arg)
{
	*(int *)arg = pci_test_bus()->probe();
}

static void run_bus_cleanup(void *arg)
{
	*(int *)arg = pci_test_bus()->cleanup();
}

char *pci_test_probe_log(int *rc)
{
	int r = -2;
	char *log = pci_test_log_of(run_bus_probe, &r);
	if (rc != NULL)
		*rc = r;
	return log;
}

char *pci_test_cleanup_log(int *rc)
{
	int r = -2;
	char *log = pci_test_log_of(run_bus_cleanup, &r);
	if (rc != NULL)
		*rc = r;
	return log;
}

static int same_addr(const struct rte_device *dev, const void *addr)
{
	return rte_pci_addr_cmp(&RTE_DEV_TO_PCI_CONST(dev)->addr, addr);
}

struct rte_pci_device *pci_test_find(const char *addr)
{
	struct rte_pci_addr a;
	if (rte_pci_addr_parse(addr, &a) != 0)
		return NULL;
	struct rte_device *dev = pci_test_bus()->find_device(NULL, same_addr, &a);
	return dev != NULL ? RTE_DEV_TO_PCI(dev) : NULL;
}

static int any_device(const struct rte_device *dev, const void *data)
{
	(void)dev;
	(void)data;
	return 0;
}

unsigned int pci_test_count(void)
{
	struct rte_bus *bus = pci_test_bus();
	unsigned int n = 0;
	for (struct rte_device *d = bus->find_device(NULL, any_device, NULL); d != NULL;
	     d = bus->find_device(d, any_device, NULL))
		n++;
	return n;
}

struct rte_pci_device *pci_test_nth(unsigned int n)
{
	struct rte_bus *bus = pci_test_bus();
	struct rte_device *d = bus->find_device(NULL, any_device, NULL);
	while (d != NULL && n-- > 0)
		d = bus->find_device(d, any_device, NULL);
	return d != NULL ? RTE_DEV_TO_PCI(d) : NULL;
}

unsigned int pci_test_occurrences(const char *haystack, const char *needle)
{
	unsigned int n = 0;
	for (const char *p = haystack; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	/* Every warning the tests look for must reach the captured stream. */
	rte_log_set_level_pattern("bus.pci", RTE_LOG_DEBUG);
	pci_test_add_addr_suite();
	pci_test_add_parse_suite();
	pci_test_add_scan_suite();
	pci_test_add_broken_suite();
	pci_test_add_scan_groups_suite();
	pci_test_add_probe_suite();
	pci_test_add_hotplug_policy_suite();
	pci_test_add_config_suite();
	return test_run_registry();
}
