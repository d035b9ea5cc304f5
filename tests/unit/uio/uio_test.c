/* SPDX-License-Identifier: BSD-3-Clause */
/* uio backend unit tests: one executable, one CUnit suite per area, and their helpers. */

#include <CUnit/Basic.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bus_driver.h>
#include <pci_scan.h>
#include <rte_bus.h>

#include "pci_uio_common.h"
#include "test_util.h"
#include "uio_test.h"

/* Header type 0, INTA#, command = memory + I/O decoding (bus mastering off). */
#define CFG_HEADER [0x00] = 0xde, [0x01] = 0xc0, [0x02] = 0x01, [0x04] = 0x03, [0x3d] = 0x01

static const uint8_t config_plain[256] = {CFG_HEADER};

/* Capability list at 0x40: MSI-X (id 0x11), last, flags = enable | table size 4. */
const uint8_t uio_test_config_msix[256] = {
    CFG_HEADER, [0x06] = 0x10, [0x34] = 0x40, [0x40] = 0x11, [0x42] = 0x03, [0x43] = 0x80,
};

struct fake_pci_dev uio_test_dev(const char *addr, const char *driver, const uint8_t *config)
{
	struct fake_pci_dev d = {
	    .addr = addr,
	    .vendor = UIO_TEST_VENDOR,
	    .device = 0x0001,
	    .subsys_vendor = UIO_TEST_VENDOR,
	    .subsys_device = 0x0001,
	    .class_code = 0x020000,
	    .numa_node = -1,
	    .driver = driver,
	    .iommu_group = -1,
	    .config = config != NULL ? config : config_plain,
	    .config_len = 256,
	};
	d.res[0] = (struct fake_pci_bar){0xfe000000, UIO_TEST_BAR0_LEN,
					 RTE_PCI_IORESOURCE_MEM | RTE_PCI_IORESOURCE_PREFETCH |
					     RTE_PCI_IORESOURCE_MEM_64};
	d.res[2] = (struct fake_pci_bar){0xc000, UIO_TEST_BAR2_LEN, RTE_PCI_IORESOURCE_IO};
	d.res[3] = (struct fake_pci_bar){0xfe100000, UIO_TEST_BAR3_LEN, RTE_PCI_IORESOURCE_MEM};
	return d;
}

const char *uio_test_path(const struct uio_test *t, const char *addr, const char *file)
{
	static char path[PATH_MAX];
	int n = snprintf(path, sizeof(path), "%s/%s/%s", fake_sysfs_devices_dir(t->fs), addr, file);
	CU_ASSERT_FATAL(n > 0 && n < (int)sizeof(path));
	return path;
}

void uio_test_fill(const struct uio_test *t, const char *addr, const char *file, size_t size,
		   uint8_t fill)
{
	uint8_t *buf = malloc(size);
	CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
	memset(buf, fill, size);
	int fd = open(uio_test_path(t, addr, file), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_EQUAL(write(fd, buf, size), (ssize_t)size);
	close(fd);
	free(buf);
}

static bool is_uio_driver(const char *driver)
{
	return driver != NULL &&
	       (strcmp(driver, "uio_pci_generic") == 0 || strcmp(driver, "igb_uio") == 0);
}

void uio_test_setup(struct uio_test *t, const struct fake_pci_dev *devs, unsigned int n)
{
	char path[PATH_MAX];

	t->fs = fake_sysfs_create();
	CU_ASSERT_PTR_NOT_NULL_FATAL(t->fs);
	t->devdir = test_make_tmpdir("uio-dev");
	CU_ASSERT_PTR_NOT_NULL_FATAL(t->devdir);
	for (unsigned int i = 0; i < n; i++) {
		CU_ASSERT_EQUAL_FATAL(fake_sysfs_add(t->fs, &devs[i]), 0);
		if (!is_uio_driver(devs[i].driver))
			continue;
		snprintf(path, sizeof(path), "uio/uio%u", i);
		CU_ASSERT_EQUAL_FATAL(test_mkdirs(uio_test_path(t, devs[i].addr, path)), 0);
		snprintf(path, sizeof(path), "%s/uio%u", t->devdir, i);
		CU_ASSERT_EQUAL_FATAL(test_write_file(path, ""), 0);
		uio_test_fill(t, devs[i].addr, "resource0", UIO_TEST_BAR0_LEN, UIO_TEST_FILL_RES0);
		uio_test_fill(t, devs[i].addr, "resource0_wc", UIO_TEST_BAR0_LEN,
			      UIO_TEST_FILL_RES0_WC);
		uio_test_fill(t, devs[i].addr, "resource3", UIO_TEST_BAR3_LEN, UIO_TEST_FILL_RES3);
		/* The I/O BAR's file: byte k holds k, so reads show where they landed. */
		int fd = open(uio_test_path(t, devs[i].addr, "resource2"), O_WRONLY | O_CLOEXEC);
		CU_ASSERT_FATAL(fd >= 0);
		for (uint8_t k = 0; k < UIO_TEST_BAR2_LEN; k++)
			CU_ASSERT_EQUAL(write(fd, &k, 1), 1);
		close(fd);
	}
	setenv("SYSFS_PCI_DEVICES", fake_sysfs_devices_dir(t->fs), 1);
	pci_uio_dev_dir = t->devdir;
	CU_ASSERT_EQUAL_FATAL(rte_pci_scan(), 0);
}

void uio_test_done(struct uio_test *t)
{
	struct rte_bus *bus = rte_bus_find_by_name("pci");
	bus->cleanup();
	bus->conf.scan_mode = RTE_BUS_SCAN_UNDEFINED;
	fake_sysfs_destroy(t->fs);
	test_remove_tree(t->devdir);
	free(t->devdir);
	pci_uio_dev_dir = "/dev";
	test_restore_sysfs_env();
}

static int same_addr(const struct rte_device *dev, const void *addr)
{
	return rte_pci_addr_cmp(&RTE_DEV_TO_PCI_CONST(dev)->addr, addr);
}

struct rte_pci_device *uio_test_find(const char *addr)
{
	struct rte_pci_addr a;
	if (rte_pci_addr_parse(addr, &a) != 0)
		return NULL;
	struct rte_device *dev = rte_bus_find_by_name("pci")->find_device(NULL, same_addr, &a);
	return dev != NULL ? RTE_DEV_TO_PCI(dev) : NULL;
}

uint16_t uio_test_command(const struct uio_test *t, const char *addr)
{
	uint16_t cmd = 0xffff;
	int fd = open(uio_test_path(t, addr, "config"), O_RDONLY | O_CLOEXEC);
	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_EQUAL(pread(fd, &cmd, sizeof(cmd), RTE_PCI_COMMAND), (ssize_t)sizeof(cmd));
	close(fd);
	return cmd;
}

bool uio_test_fd_is(int fd, const char *path)
{
	char link[64], target[PATH_MAX], want[PATH_MAX];

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	ssize_t n = readlink(link, target, sizeof(target) - 1);
	if (n < 0 || realpath(path, want) == NULL)
		return false;
	target[n] = '\0';
	return strcmp(target, want) == 0;
}

int uio_test_mappings_of(const char *prefix)
{
	char line[PATH_MAX + 128], real[PATH_MAX];
	FILE *f = fopen("/proc/self/maps", "r");
	int n = 0;

	if (f == NULL || realpath(prefix, real) == NULL) {
		if (f != NULL)
			fclose(f);
		return -1;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		const char *p = strchr(line, '/');
		n += p != NULL && strncmp(p, real, strlen(real)) == 0;
	}
	fclose(f);
	return n;
}

char *uio_test_log_of(void (*fn)(void *), void *arg)
{
	char *log = test_capture_log(fn, arg);
	CU_ASSERT_PTR_NOT_NULL_FATAL(log);
	return log;
}

struct map_call {
	struct rte_pci_device *dev;
	int rc;
};

static void run_map(void *arg)
{
	struct map_call *c = arg;
	c->rc = rte_pci_map_device(c->dev);
}

char *uio_test_map_log(struct rte_pci_device *dev, int *rc)
{
	struct map_call c = {.dev = dev, .rc = 1};
	char *log = uio_test_log_of(run_map, &c);
	*rc = c.rc;
	return log;
}

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	uio_test_add_select_suite();
	uio_test_add_find_suite();
	uio_test_add_map_suite();
	uio_test_add_intr_suite();
	uio_test_add_ioport_suite();
	return test_run_registry();
}
