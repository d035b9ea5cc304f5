/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Config space through sysfs "config", capability walks on crafted config spaces (loops,
 * out-of-range and misaligned pointers, extended capabilities), bus mastering, MMIO bounds,
 * and BAR/I-O port access with and without a backend.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <bus_driver.h>
#include <pci_scan.h>
#include <rte_errno.h>

#include "pci_test.h"
#include "test_util.h"

static uint8_t cfg[RTE_PCI_CFG_SPACE_EXP_SIZE];

/* A type-0 header with the capability list bit set and the list starting at first. */
static void cfg_reset(uint8_t first)
{
	memset(cfg, 0, sizeof(cfg));
	cfg[0] = 0xde;
	cfg[1] = 0xc0;
	cfg[2] = 0x01;
	cfg[RTE_PCI_STATUS] = RTE_PCI_STATUS_CAP_LIST;
	cfg[RTE_PCI_CAPABILITY_LIST] = first;
}

static void cap(uint8_t at, uint8_t id, uint8_t next)
{
	cfg[at] = id;
	cfg[at + 1] = next;
}

static void ext_cap(uint16_t at, uint16_t id, uint16_t next)
{
	uint32_t h = id | (1u << 16) | ((uint32_t)next << 20);
	memcpy(&cfg[at], &h, sizeof(h));
}

/* One device whose config space is the first len bytes of cfg; scanned. */
static struct fake_sysfs *config_device(size_t len, const char *driver)
{
	struct fake_pci_dev d = pci_test_dev("0000:00:02.0", TEST_VENDOR, 0x0001, driver);
	d.config = cfg;
	d.config_len = len;
	struct fake_sysfs *fs = pci_test_tree(&d, 1);
	CU_ASSERT_EQUAL(rte_pci_scan(), 0);
	return fs;
}

static const struct rte_pci_device *dev0(void)
{
	struct rte_pci_device *dev = pci_test_find("0000:00:02.0");
	CU_ASSERT_PTR_NOT_NULL_FATAL(dev);
	return dev;
}

static void test_std_capabilities(void)
{
	cfg_reset(0x40);
	cap(0x40, RTE_PCI_CAP_ID_PM, 0x50);
	cap(0x50, RTE_PCI_CAP_ID_VNDR, 0x60);
	cap(0x60, RTE_PCI_CAP_ID_MSIX, 0x70);
	cap(0x70, RTE_PCI_CAP_ID_VNDR, 0xfc);
	cap(0xfc, RTE_PCI_CAP_ID_EXP, 0x00); /* last dword of the header space */
	struct fake_sysfs *fs = config_device(256, NULL);
	const struct rte_pci_device *dev = dev0();
	CU_ASSERT_EQUAL(rte_pci_find_capability(dev, RTE_PCI_CAP_ID_PM), 0x40);
	CU_ASSERT_EQUAL(rte_pci_find_capability(dev, RTE_PCI_CAP_ID_MSIX), 0x60);
	CU_ASSERT_EQUAL(rte_pci_find_capability(dev, RTE_PCI_CAP_ID_EXP), 0xfc);
	CU_ASSERT_EQUAL(rte_pci_find_capability(dev, RTE_PCI_CAP_ID_MSI), 0);
	/* Walking the same id: next after each one. */
	off_t pos = rte_pci_find_capability(dev, RTE_PCI_CAP_ID_VNDR);
	CU_ASSERT_EQUAL(pos, 0x50);
	pos = rte_pci_find_next_capability(dev, RTE_PCI_CAP_ID_VNDR, pos);
	CU_ASSERT_EQUAL(pos, 0x70);
	CU_ASSERT_EQUAL(rte_pci_find_next_capability(dev, RTE_PCI_CAP_ID_VNDR, pos), 0);
	CU_ASSERT_EQUAL(rte_pci_find_next_capability(dev, RTE_PCI_CAP_ID_VNDR, -4), -EINVAL);
	CU_ASSERT_EQUAL(rte_pci_find_next_capability(dev, RTE_PCI_CAP_ID_VNDR, 0x1000), -EINVAL);
	pci_test_done(fs);

	/* No capability list bit: nothing, even with a pointer. */
	cfg_reset(0x40);
	cfg[RTE_PCI_STATUS] = 0;
	cap(0x40, RTE_PCI_CAP_ID_PM, 0);
	fs = config_device(256, NULL);
	CU_ASSERT_EQUAL(rte_pci_find_capability(dev0(), RTE_PCI_CAP_ID_PM), 0);
	pci_test_done(fs);
}

struct walk_case {
	const char *what;
	uint8_t first;
	uint8_t links[4][3]; /* at, id, next */
	bool warns;	     /* a loop is worth a warning */
};

static void find_msi(void *arg)
{
	*(off_t *)arg = rte_pci_find_capability(dev0(), RTE_PCI_CAP_ID_MSI);
}

static void test_std_capability_guards(void)
{
	static const struct walk_case cases[] = {
	    {"two-entry loop", 0x40, {{0x40, 1, 0x50}, {0x50, 9, 0x40}}, true},
	    {"self loop", 0x40, {{0x40, 1, 0x40}}, true},
	    {"long loop", 0x40, {{0x40, 1, 0x80}, {0x80, 9, 0xc0}, {0xc0, 9, 0x80}}, true},
	    {"pointer into the header", 0x40, {{0x40, 1, 0x20}}, false},
	    {"first pointer into the header", 0x10, {{0x10, RTE_PCI_CAP_ID_MSI, 0}}, false},
	    {"misaligned pointer", 0x40, {{0x40, 1, 0x41}, {0x41, RTE_PCI_CAP_ID_MSI, 0}}, false},
	    {"0xff id (no device)",
	     0x40,
	     {{0x40, 0xff, 0x50}, {0x50, RTE_PCI_CAP_ID_MSI, 0}},
	     false},
	};
	for (size_t i = 0; i < RTE_DIM(cases); i++) {
		cfg_reset(cases[i].first);
		for (int k = 0; k < 4 && cases[i].links[k][0] != 0; k++)
			cap(cases[i].links[k][0], cases[i].links[k][1], cases[i].links[k][2]);
		struct fake_sysfs *fs = config_device(256, NULL);
		off_t pos = -1;
		char *log = pci_test_log_of(find_msi, &pos);
		if (pos != 0)
			CU_FAIL(cases[i].what);
		if (cases[i].warns != (strstr(log, "loops") != NULL))
			CU_FAIL(cases[i].what);
		free(log);
		pci_test_done(fs);
	}
}

static void find_ext(void *arg)
{
	*(off_t *)arg = rte_pci_find_ext_capability(dev0(), RTE_PCI_EXT_CAP_ID_SRIOV);
}

static void test_ext_capabilities(void)
{
	cfg_reset(0);
	ext_cap(0x100, RTE_PCI_EXT_CAP_ID_ERR, 0x140);
	ext_cap(0x140, RTE_PCI_EXT_CAP_ID_DSN, 0x180);
	ext_cap(0x180, RTE_PCI_EXT_CAP_ID_SRIOV, 0xffc);
	ext_cap(0xffc, RTE_PCI_EXT_CAP_ID_ATS, 0);
	struct fake_sysfs *fs = config_device(4096, NULL);
	const struct rte_pci_device *dev = dev0();
	CU_ASSERT_EQUAL(rte_pci_find_ext_capability(dev, RTE_PCI_EXT_CAP_ID_ERR), 0x100);
	CU_ASSERT_EQUAL(rte_pci_find_ext_capability(dev, RTE_PCI_EXT_CAP_ID_DSN), 0x140);
	CU_ASSERT_EQUAL(rte_pci_find_ext_capability(dev, RTE_PCI_EXT_CAP_ID_SRIOV), 0x180);
	CU_ASSERT_EQUAL(rte_pci_find_ext_capability(dev, RTE_PCI_EXT_CAP_ID_ATS), 0xffc);
	CU_ASSERT_EQUAL(rte_pci_find_ext_capability(dev, RTE_PCI_EXT_CAP_ID_PASID), 0);
	pci_test_done(fs);

	static const struct {
		const char *what;
		uint32_t first_header;
		uint16_t next_at_140;
		size_t len;
		bool warns;
	} cases[] = {
	    {"all ones (no extended space)", 0xffffffff, 0, 4096, false},
	    {"zero header (no capabilities)", 0, 0, 4096, false},
	    {"conventional 256-byte space", 0, 0, 256, false},
	    {"loop back to the first", 0, 0x100, 4096, true},
	    {"self loop", 0, 0x140, 4096, true},
	    {"pointer below 0x100", 0, 0x0c0, 4096, false},
	};
	for (size_t i = 0; i < RTE_DIM(cases); i++) {
		cfg_reset(0);
		if (cases[i].first_header != 0) {
			memcpy(&cfg[0x100], &cases[i].first_header, 4);
		} else if (cases[i].len == 4096 && cases[i].next_at_140 != 0) {
			ext_cap(0x100, RTE_PCI_EXT_CAP_ID_ERR, 0x140);
			ext_cap(0x140, RTE_PCI_EXT_CAP_ID_DSN, cases[i].next_at_140);
			/* Something to find beyond the bad pointer, if it were followed. */
			ext_cap(0x0c0, RTE_PCI_EXT_CAP_ID_SRIOV, 0);
		} else if (cases[i].len == 256) {
			ext_cap(0x100, RTE_PCI_EXT_CAP_ID_SRIOV, 0); /* not in the file */
		}
		struct fake_sysfs *fs = config_device(cases[i].len, NULL);
		off_t pos = -1;
		char *log = pci_test_log_of(find_ext, &pos);
		if (pos != 0)
			CU_FAIL(cases[i].what);
		if (cases[i].warns != (strstr(log, "loops") != NULL))
			CU_FAIL(cases[i].what);
		free(log);
		pci_test_done(fs);
	}
}

/* Write 0x1234 at 0x40 of 0000:00:02.0; rte_pci_write_config's result in *arg. */
static void write_0x40(void *arg)
{
	uint16_t v = 0x1234;
	*(int *)arg = rte_pci_write_config(pci_test_find("0000:00:02.0"), &v, 2, 0x40);
}

static unsigned int count_lines(const char *s)
{
	unsigned int n = 0;
	for (; *s != '\0'; s++)
		n += *s == '\n';
	return n;
}

static void test_config_read_write_and_bus_master(void)
{
	cfg_reset(0);
	cfg[RTE_PCI_COMMAND] = RTE_PCI_COMMAND_MEMORY;
	struct fake_sysfs *fs = config_device(256, "e1000");
	const struct rte_pci_device *dev = dev0();
	uint16_t v = 0;
	CU_ASSERT_EQUAL(rte_pci_read_config(dev, &v, 2, RTE_PCI_VENDOR_ID), 2);
	CU_ASSERT_EQUAL(v, 0xc0de);
	/* Past the end: nothing read, no error. */
	uint32_t w;
	CU_ASSERT_EQUAL(rte_pci_read_config(dev, &w, 4, 0x100), 0);
	CU_ASSERT_EQUAL(rte_pci_read_config(dev, &w, 4, -1), -EINVAL);

	/* The device is on a kernel driver: its config space is read-only for openeal. */
	int rc = 0;
	char *log = pci_test_log_of(write_0x40, &rc);
	CU_ASSERT_EQUAL(rc, -EPERM);
	CU_ASSERT_EQUAL(rte_errno, EPERM);
	CU_ASSERT_PTR_NOT_NULL_FATAL(log);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "0000:00:02.0: config space is read-only while kernel "
					   "driver e1000 holds the device; fix: openeal bind "
					   "vfio-pci 0000:00:02.0\n"));
	CU_ASSERT_EQUAL(count_lines(log), 1);
	free(log);
	v = 0;
	CU_ASSERT_EQUAL(rte_pci_read_config(dev, &v, 2, 0x40), 2);
	CU_ASSERT_EQUAL(v, 0);

	/* Bus mastering reads the command register, then is refused the write: unchanged. */
	CU_ASSERT_EQUAL(rte_pci_set_bus_master(dev, true), -EPERM);
	CU_ASSERT_EQUAL(rte_pci_read_config(dev, &v, 2, RTE_PCI_COMMAND), 2);
	CU_ASSERT_EQUAL(v, RTE_PCI_COMMAND_MEMORY);

	/* The config file gone: errors with a line naming the file. */
	CU_ASSERT_EQUAL(fake_sysfs_unlink_attr(fs, "0000:00:02.0", "config"), 0);
	int fds = test_count_fds();
	off_t pos = 0;
	log = pci_test_log_of(find_msi, &pos);
	CU_ASSERT_EQUAL(pos, -ENOENT);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "0000:00:02.0: cannot open"));
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "/0000:00:02.0/config"));
	free(log);
	CU_ASSERT_EQUAL(rte_pci_set_bus_master(dev, true), -ENOENT);
	CU_ASSERT_EQUAL(test_count_fds(), fds);
	pci_test_done(fs);
}

static void map_device(void *arg)
{
	*(int *)arg = rte_pci_map_device(pci_test_find("0000:00:02.0"));
}

static void test_map_without_backend(void)
{
	cfg_reset(0);
	struct fake_sysfs *fs = config_device(256, "e1000");
	struct rte_pci_device *dev = pci_test_find("0000:00:02.0");
	int rc = 0;
	char *log = pci_test_log_of(map_device, &rc);
	CU_ASSERT_EQUAL(rc, -ENOTSUP);
	CU_ASSERT_EQUAL(rte_errno, ENOTSUP);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "0000:00:02.0: cannot map its BARs: kernel driver e1000 "
					   "has no userspace backend; bind it with: openeal bind "
					   "vfio-pci 0000:00:02.0"));
	CU_ASSERT_EQUAL(pci_test_occurrences(log, "\n"), 1);
	free(log);
	struct rte_pci_ioport port;
	CU_ASSERT_EQUAL(rte_pci_ioport_map(dev, 2, &port), -ENOTSUP);
	char buf[4];
	CU_ASSERT_EQUAL(rte_pci_mmio_read(dev, 0, buf, 4, 0), -ENODEV);
	rte_pci_unmap_device(dev); /* harmless */
	pci_test_done(fs);
}

static void test_mmio_and_ioport_through_backend(void)
{
	cfg_reset(0);
	struct fake_sysfs *fs = config_device(256, TEST_KDRV);
	struct rte_pci_device *dev = pci_test_find("0000:00:02.0");
	pci_test_backend_reset();
	CU_ASSERT_EQUAL_FATAL(rte_pci_map_device(dev), 0);
	CU_ASSERT_EQUAL(rte_pci_map_device(dev), 0); /* already mapped: no second map */
	CU_ASSERT_EQUAL(pci_test_backend.maps, 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(dev->mem_resource[0].addr);
	uint8_t *bar = dev->mem_resource[0].addr;

	uint32_t v = 0xa5a5beef;
	CU_ASSERT_EQUAL(rte_pci_mmio_write(dev, 0, &v, 4, 0x10), 4);
	CU_ASSERT_EQUAL(memcmp(bar + 0x10, &v, 4), 0);
	uint64_t q = 0x0102030405060708ULL, r = 0;
	CU_ASSERT_EQUAL(rte_pci_mmio_write(dev, 0, &q, 8, 0xff8), 8); /* the last 8 bytes */
	CU_ASSERT_EQUAL(rte_pci_mmio_read(dev, 0, &r, 8, 0xff8), 8);
	CU_ASSERT_EQUAL(r, q);
	/* Odd sizes and offsets go through in pieces. */
	uint8_t in[7] = {1, 2, 3, 4, 5, 6, 7}, out[7] = {0};
	CU_ASSERT_EQUAL(rte_pci_mmio_write(dev, 0, in, 7, 0x21), 7);
	CU_ASSERT_EQUAL(rte_pci_mmio_read(dev, 0, out, 7, 0x21), 7);
	CU_ASSERT_EQUAL(memcmp(in, out, 7), 0);
	/* Bounds: past the BAR, negative offset, bad BAR, BAR not mapped (no memory BAR). */
	CU_ASSERT_EQUAL(rte_pci_mmio_read(dev, 0, &r, 8, 0xffc), -EINVAL);
	CU_ASSERT_EQUAL(rte_pci_mmio_read(dev, 0, &r, 8, 0x1000), -EINVAL);
	CU_ASSERT_EQUAL(rte_pci_mmio_read(dev, 0, &r, 4, -4), -EINVAL);
	CU_ASSERT_EQUAL(rte_pci_mmio_write(dev, 0, &q, SIZE_MAX, 8), -EINVAL);
	CU_ASSERT_EQUAL(rte_pci_mmio_read(dev, 6, &r, 4, 0), -EINVAL);
	CU_ASSERT_EQUAL(rte_pci_mmio_read(dev, -1, &r, 4, 0), -EINVAL);
	CU_ASSERT_EQUAL(rte_pci_mmio_read(dev, 1, &r, 4, 0), -ENODEV);
	CU_ASSERT_EQUAL(rte_errno, ENODEV);

	/* I/O ports go to the backend's ops. */
	struct rte_pci_ioport port = {0};
	CU_ASSERT_EQUAL(rte_pci_ioport_map(dev, 0, &port), 0);
	CU_ASSERT_PTR_EQUAL(port.dev, dev);
	CU_ASSERT_EQUAL(port.base, 0xfe000000);
	uint8_t b = 0;
	rte_pci_ioport_read(&port, &b, 1, 0x42);
	CU_ASSERT_EQUAL(b, 0x42);
	rte_pci_ioport_write(&port, &b, 1, 0);
	CU_ASSERT_EQUAL(rte_pci_ioport_unmap(&port), 0);
	CU_ASSERT_EQUAL(pci_test_backend.ioport_maps, 1);
	CU_ASSERT_EQUAL(pci_test_backend.ioport_reads, 1);
	CU_ASSERT_EQUAL(pci_test_backend.ioport_writes, 1);
	CU_ASSERT_EQUAL(pci_test_backend.ioport_unmaps, 1);

	/* Config space: this backend has no config ops, so sysfs serves it. */
	uint16_t vendor = 0;
	CU_ASSERT_EQUAL(rte_pci_read_config(dev, &vendor, 2, 0), 2);
	CU_ASSERT_EQUAL(vendor, 0xc0de);

	rte_pci_unmap_device(dev);
	CU_ASSERT_EQUAL(pci_test_backend.unmaps, 1);
	CU_ASSERT_PTR_NULL(dev->mem_resource[0].addr);
	rte_pci_unmap_device(dev); /* not mapped any more: nothing */
	CU_ASSERT_EQUAL(pci_test_backend.unmaps, 1);
	/* Mapped again and left mapped: cleanup unmaps it. */
	CU_ASSERT_EQUAL(rte_pci_map_device(dev), 0);
	pci_test_done(fs);
	CU_ASSERT_EQUAL(pci_test_backend.unmaps, 2);
}

void pci_test_add_config_suite(void)
{
	CU_pSuite s = CU_add_suite("pci_config", NULL, NULL);
	CU_add_test(s, "standard capabilities", test_std_capabilities);
	CU_add_test(s, "standard capability loops and bad pointers", test_std_capability_guards);
	CU_add_test(s, "extended capabilities, loops, empty and absent", test_ext_capabilities);
	CU_add_test(s, "config read/write and bus mastering",
		    test_config_read_write_and_bus_master);
	CU_add_test(s, "map/ioport/mmio without a backend", test_map_without_backend);
	CU_add_test(s, "MMIO bounds and I/O ports through a backend",
		    test_mmio_and_ioport_through_backend);
}
