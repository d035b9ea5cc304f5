/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Mapping through the uio backends: which resource file each memory BAR comes from (the _wc
 * rules), bus mastering, the interrupt handle the map fills in, unmapping, and failures that
 * leave no fd, mapping or handle behind.
 */

#include <CUnit/Basic.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_interrupts.h>

#include "pci_uio_common.h"
#include "test_util.h"
#include "uio_test.h"

#define ADDR "0000:00:02.0"

static struct rte_pci_driver wc_driver = {.drv_flags = RTE_PCI_DRV_WC_ACTIVATE};
static struct rte_pci_driver plain_driver = {.drv_flags = RTE_PCI_DRV_NEED_MAPPING};

static uint8_t byte_at(const struct rte_pci_device *dev, int bar, size_t off)
{
	return ((const volatile uint8_t *)dev->mem_resource[bar].addr)[off];
}

static void test_map_and_unmap(void)
{
	const struct fake_pci_dev devs[] = {uio_test_dev(ADDR, "uio_pci_generic", NULL)};
	struct uio_test t;
	char devnode[PATH_MAX];
	int rc;

	uio_test_setup(&t, devs, 1);
	struct rte_pci_device *dev = uio_test_find(ADDR);
	CU_ASSERT_PTR_NOT_NULL_FATAL(dev);
	CU_ASSERT_EQUAL(uio_test_command(&t, ADDR) & RTE_PCI_COMMAND_MASTER, 0);
	int fds = test_count_fds();
	dev->driver = &plain_driver;

	char *log = uio_test_map_log(dev, &rc);
	CU_ASSERT_EQUAL_FATAL(rc, 0);
	CU_ASSERT_STRING_EQUAL(log, "");
	free(log);
	/* Memory BARs from resourceN; the I/O BAR is not in mem_resource. */
	CU_ASSERT_PTR_NOT_NULL_FATAL(dev->mem_resource[0].addr);
	CU_ASSERT_PTR_NOT_NULL_FATAL(dev->mem_resource[3].addr);
	CU_ASSERT_EQUAL(byte_at(dev, 0, 0), UIO_TEST_FILL_RES0);
	CU_ASSERT_EQUAL(byte_at(dev, 0, UIO_TEST_BAR0_LEN - 1), UIO_TEST_FILL_RES0);
	CU_ASSERT_EQUAL(byte_at(dev, 3, UIO_TEST_BAR3_LEN - 1), UIO_TEST_FILL_RES3);
	CU_ASSERT_PTR_NULL(dev->mem_resource[1].addr);
	CU_ASSERT_PTR_NULL(dev->mem_resource[2].addr);
	CU_ASSERT_EQUAL(uio_test_mappings_of(fake_sysfs_root(t.fs)), 2);
	/* Mapping for a driver turns bus mastering on and leaves decoding as it was. */
	CU_ASSERT_EQUAL(uio_test_command(&t, ADDR),
			RTE_PCI_COMMAND_MASTER | RTE_PCI_COMMAND_MEMORY | RTE_PCI_COMMAND_IO);
	/* The handle: /dev/uio0 to wait on (4-byte counts), config for INTx masking. */
	struct rte_intr_handle *h = dev->intr_handle;
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	snprintf(devnode, sizeof(devnode), "%s/uio0", t.devdir);
	CU_ASSERT(uio_test_fd_is(rte_intr_fd_get(h), devnode));
	CU_ASSERT(uio_test_fd_is(rte_intr_dev_fd_get(h), uio_test_path(&t, ADDR, "config")));
	CU_ASSERT_EQUAL(rte_intr_type_get(h), RTE_INTR_HANDLE_UIO_INTX);
	CU_ASSERT_EQUAL(rte_intr_efd_counter_size_get(h), 4);
	/* Two fds stay open while mapped: /dev/uio0 and config. */
	CU_ASSERT_EQUAL(test_count_fds(), fds + 2);
	/* Mapped already: a second map changes nothing. */
	CU_ASSERT_EQUAL(rte_pci_map_device(dev), 0);
	CU_ASSERT_EQUAL(test_count_fds(), fds + 2);

	rte_pci_unmap_device(dev);
	CU_ASSERT_PTR_NULL(dev->mem_resource[0].addr);
	CU_ASSERT_PTR_NULL(dev->mem_resource[3].addr);
	CU_ASSERT_PTR_NULL(dev->backend_priv);
	CU_ASSERT_PTR_NULL(dev->intr_handle);
	CU_ASSERT_EQUAL(test_count_fds(), fds);
	CU_ASSERT_EQUAL(uio_test_mappings_of(fake_sysfs_root(t.fs)), 0);
	dev->driver = NULL;
	uio_test_done(&t);
}

/* resourceN_wc only for a WC_ACTIVATE driver, a prefetchable BAR and an existing file. */
static void test_wc_rules(void)
{
	struct fake_pci_dev devs[] = {uio_test_dev(ADDR, "igb_uio", NULL)};
	struct uio_test t;
	char name[32];
	int rc;

	uio_test_setup(&t, devs, 1);
	struct rte_pci_device *dev = uio_test_find(ADDR);
	CU_ASSERT_PTR_NOT_NULL_FATAL(dev);
	char devpath[PATH_MAX];
	snprintf(devpath, sizeof(devpath), "%s/%s", fake_sysfs_devices_dir(t.fs), ADDR);
	int dirfd = open(devpath, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	CU_ASSERT_FATAL(dirfd >= 0);

	/* No driver (a tool mapping the device) and a driver without the flag: plain file. */
	CU_ASSERT_FALSE(pci_uio_bar_file(dev, dirfd, 0, name, sizeof(name)));
	CU_ASSERT_STRING_EQUAL(name, "resource0");
	dev->driver = &plain_driver;
	CU_ASSERT_FALSE(pci_uio_bar_file(dev, dirfd, 0, name, sizeof(name)));
	CU_ASSERT_STRING_EQUAL(name, "resource0");
	/* The flag, a prefetchable BAR and the file: write-combined. */
	dev->driver = &wc_driver;
	CU_ASSERT_TRUE(pci_uio_bar_file(dev, dirfd, 0, name, sizeof(name)));
	CU_ASSERT_STRING_EQUAL(name, "resource0_wc");
	/* BAR3 is not prefetchable: plain, even with a _wc file beside it. */
	uio_test_fill(&t, ADDR, "resource3_wc", UIO_TEST_BAR3_LEN, 0x77);
	CU_ASSERT_FALSE(pci_uio_bar_file(dev, dirfd, 3, name, sizeof(name)));
	CU_ASSERT_STRING_EQUAL(name, "resource3");

	/* And the map really takes its bytes from the _wc file... */
	char *log = uio_test_map_log(dev, &rc);
	CU_ASSERT_EQUAL_FATAL(rc, 0);
	free(log);
	CU_ASSERT_EQUAL(byte_at(dev, 0, 0), UIO_TEST_FILL_RES0_WC);
	CU_ASSERT_EQUAL(byte_at(dev, 3, 0), UIO_TEST_FILL_RES3);
	rte_pci_unmap_device(dev);

	/* ...and from the plain one when the kernel offers no _wc file. */
	CU_ASSERT_EQUAL(unlink(uio_test_path(&t, ADDR, "resource0_wc")), 0);
	CU_ASSERT_FALSE(pci_uio_bar_file(dev, dirfd, 0, name, sizeof(name)));
	CU_ASSERT_STRING_EQUAL(name, "resource0");
	log = uio_test_map_log(dev, &rc);
	CU_ASSERT_EQUAL_FATAL(rc, 0);
	free(log);
	CU_ASSERT_EQUAL(byte_at(dev, 0, 0), UIO_TEST_FILL_RES0);
	rte_pci_unmap_device(dev);

	close(dirfd);
	dev->driver = NULL;
	uio_test_done(&t);
}

/*
 * A map that fails at step what (set up by breaking the tree) returns the error, logs one
 * line holding each of needles, and leaves nothing: same fds, no mapping of the tree, no
 * handle, not mapped.
 */
static void map_fails(void (*breaker)(struct uio_test *), int err, const char *const *needles)
{
	const struct fake_pci_dev devs[] = {uio_test_dev(ADDR, "uio_pci_generic", NULL)};
	struct uio_test t;
	int rc;

	uio_test_setup(&t, devs, 1);
	struct rte_pci_device *dev = uio_test_find(ADDR);
	CU_ASSERT_PTR_NOT_NULL_FATAL(dev);
	breaker(&t);
	int fds = test_count_fds();
	char *log = uio_test_map_log(dev, &rc);
	CU_ASSERT_PTR_NOT_NULL_FATAL(log);
	CU_ASSERT_EQUAL(rc, err);
	CU_ASSERT_EQUAL(test_count_fds(), fds);
	CU_ASSERT_EQUAL(uio_test_mappings_of(fake_sysfs_root(t.fs)), 0);
	for (int i = 0; i < PCI_MAX_RESOURCE; i++)
		CU_ASSERT_PTR_NULL(dev->mem_resource[i].addr);
	CU_ASSERT_PTR_NULL(dev->intr_handle);
	CU_ASSERT_PTR_NULL(dev->backend_priv);
	size_t len = strlen(log);
	CU_ASSERT(len > 0 && strchr(log, '\n') == log + len - 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, ADDR ": "));
	for (const char *const *needle = needles; *needle != NULL; needle++) {
		bool found = strstr(log, *needle) != NULL;
		if (!found) {
			fputs("\n  missing '", stdout);
			fputs(*needle, stdout);
			fputs("' in: ", stdout);
			fputs(log, stdout);
		}
		CU_ASSERT(found);
	}
	free(log);
	uio_test_done(&t);
}

static void break_resource3(struct uio_test *t)
{
	CU_ASSERT_EQUAL(unlink(uio_test_path(t, ADDR, "resource3")), 0);
}

static void break_dev_node(struct uio_test *t)
{
	char p[PATH_MAX];
	snprintf(p, sizeof(p), "%s/uio0", t->devdir);
	CU_ASSERT_EQUAL(unlink(p), 0);
}

static void break_uio_dir(struct uio_test *t)
{
	CU_ASSERT_EQUAL(test_remove_tree(uio_test_path(t, ADDR, "uio")), 0);
}

static void break_config(struct uio_test *t)
{
	CU_ASSERT_EQUAL(unlink(uio_test_path(t, ADDR, "config")), 0);
}

static void test_map_fails_on_resource(void)
{
	/* BAR0 is mapped by then: it must be unmapped again. */
	static const char *const needles[] = {"cannot open ", "/resource3 to map BAR 3",
					      "No such file", NULL};
	map_fails(break_resource3, -ENOENT, needles);
}

static void test_map_fails_on_dev_node(void)
{
	static const char *const needles[] = {"/uio0 does not exist although sysfs lists uio0",
					      "mknod ", "/sys/class/uio/uio0/dev", NULL};
	map_fails(break_dev_node, -ENOENT, needles);
}

static void test_map_fails_on_uio_dir(void)
{
	static const char *const needles[] = {"uio does not exist",
					      "openeal bind uio_pci_generic " ADDR, NULL};
	map_fails(break_uio_dir, -ENODEV, needles);
}

static void test_map_fails_on_config(void)
{
	static const char *const needles[] = {"/config read-write: No such file", NULL};
	map_fails(break_config, -ENOENT, needles);
}

struct enable_call {
	struct rte_intr_handle *h;
	int rc;
};

static void run_enable(void *arg)
{
	struct enable_call *c = arg;
	c->rc = rte_intr_enable(c->h);
}

/* A handle the bus already gave the device is filled in and, at unmap, emptied, not freed. */
static void test_map_keeps_given_handle(void)
{
	const struct fake_pci_dev devs[] = {uio_test_dev(ADDR, "uio_pci_generic", NULL)};
	struct uio_test t;

	uio_test_setup(&t, devs, 1);
	struct rte_pci_device *dev = uio_test_find(ADDR);
	CU_ASSERT_PTR_NOT_NULL_FATAL(dev);
	struct rte_intr_handle *h = rte_intr_instance_alloc(RTE_INTR_INSTANCE_F_PRIVATE);
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	dev->intr_handle = h;
	CU_ASSERT_EQUAL_FATAL(rte_pci_map_device(dev), 0);
	CU_ASSERT_PTR_EQUAL(dev->intr_handle, h);
	CU_ASSERT(rte_intr_fd_get(h) >= 0);
	CU_ASSERT_EQUAL(rte_intr_type_get(h), RTE_INTR_HANDLE_UIO_INTX);
	rte_pci_unmap_device(dev);
	CU_ASSERT_PTR_EQUAL(dev->intr_handle, h);
	CU_ASSERT_EQUAL(rte_intr_fd_get(h), -1);
	CU_ASSERT_EQUAL(rte_intr_dev_fd_get(h), -1);
	CU_ASSERT_EQUAL(rte_intr_type_get(h), RTE_INTR_HANDLE_UNKNOWN);
	/* No operations left: enabling it is refused (with the EAL's line, captured). */
	struct enable_call c = {.h = h, .rc = 0};
	free(uio_test_log_of(run_enable, &c));
	CU_ASSERT_EQUAL(c.rc, -ENOTSUP);
	dev->intr_handle = NULL;
	rte_intr_instance_free(h);
	uio_test_done(&t);
}

/* igb_uio's handle type says what igb_uio chose, read back from config space. */
static void test_igb_uio_handle_type(void)
{
	const struct fake_pci_dev devs[] = {
	    uio_test_dev("0000:00:02.0", "igb_uio", NULL),
	    uio_test_dev("0000:00:03.0", "igb_uio", uio_test_config_msix),
	};
	struct uio_test t;

	uio_test_setup(&t, devs, RTE_DIM(devs));
	struct rte_pci_device *intx = uio_test_find("0000:00:02.0");
	struct rte_pci_device *msix = uio_test_find("0000:00:03.0");
	CU_ASSERT_EQUAL_FATAL(rte_pci_map_device(intx), 0);
	CU_ASSERT_EQUAL_FATAL(rte_pci_map_device(msix), 0);
	CU_ASSERT_EQUAL(rte_intr_type_get(intx->intr_handle), RTE_INTR_HANDLE_UIO_INTX);
	CU_ASSERT_EQUAL(rte_intr_type_get(msix->intr_handle), RTE_INTR_HANDLE_UIO);
	CU_ASSERT_EQUAL(rte_intr_efd_counter_size_get(msix->intr_handle), 4);
	/* The bus's cleanup unmaps what is still mapped. */
	uio_test_done(&t);
}

void uio_test_add_map_suite(void)
{
	CU_pSuite s = CU_add_suite("uio map", NULL, NULL);
	CU_add_test(s, "map: BARs, bus mastering, handle; unmap: nothing left", test_map_and_unmap);
	CU_add_test(s, "resourceN_wc rules", test_wc_rules);
	CU_add_test(s, "missing resource file", test_map_fails_on_resource);
	CU_add_test(s, "missing /dev/uioN", test_map_fails_on_dev_node);
	CU_add_test(s, "missing uio directory", test_map_fails_on_uio_dir);
	CU_add_test(s, "missing config file", test_map_fails_on_config);
	CU_add_test(s, "the bus's own interrupt handle is kept", test_map_keeps_given_handle);
	CU_add_test(s, "igb_uio handle type: INTx or MSI-X", test_igb_uio_handle_type);
}
