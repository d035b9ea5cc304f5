/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the VFIO layer reads from sysfs, on generated trees (tests/lib/fake_sysfs): the group
 * number behind a device's iommu_group link, the group's devices and drivers reached through
 * that link, the non-viable line built from them, and a device without an IOMMU group.
 */

#include <CUnit/Basic.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>

#include <rte_errno.h>
#include <rte_vfio.h>
#include <rte_vfio_ext.h>

#include "eal_vfio_private.h"
#include "fake_sysfs.h"
#include "test_util.h"
#include "test_vfio.h"

static struct fake_sysfs *fs;

/*
 * Group 7: a multifunction slot, e1000 on function 0 (kernel driver), function 1 on vfio-pci, a
 * bridge without driver. Group 3: one vfio-pci device. 0000:00:05.0 has no IOMMU group.
 */
static int setup(void)
{
	static const struct fake_pci_dev devs[] = {
	    {.addr = "0000:00:12.0",
	     .vendor = 0x8086,
	     .device = 0x100e,
	     .driver = "e1000",
	     .iommu_group = 7,
	     .numa_node = -1},
	    {.addr = "0000:00:12.1",
	     .vendor = 0x1234,
	     .device = 0x11e8,
	     .driver = "vfio-pci",
	     .iommu_group = 7,
	     .numa_node = -1},
	    {.addr = "0000:00:11.0",
	     .vendor = 0x1b36,
	     .device = 0x0001,
	     .driver = NULL,
	     .iommu_group = 7,
	     .numa_node = -1,
	     .class_code = 0x060400},
	    {.addr = "0000:00:02.0",
	     .vendor = 0x8086,
	     .device = 0x100e,
	     .driver = "vfio-pci",
	     .iommu_group = 3,
	     .numa_node = -1},
	    {.addr = "0000:00:05.0",
	     .vendor = 0x8086,
	     .device = 0x100e,
	     .driver = "e1000",
	     .iommu_group = -1,
	     .numa_node = -1},
	};
	fs = fake_sysfs_create();
	if (fs == NULL)
		return -1;
	for (size_t i = 0; i < sizeof(devs) / sizeof(devs[0]); i++)
		if (fake_sysfs_add(fs, &devs[i]) != 0)
			return -1;
	return 0;
}

static int teardown(void)
{
	fake_sysfs_destroy(fs);
	return 0;
}

static void test_parse_group_link(void)
{
	int n = -5;

	CU_ASSERT_EQUAL(vfio_parse_group_link("../../../kernel/iommu_groups/7", &n), 0);
	CU_ASSERT_EQUAL(n, 7);
	CU_ASSERT_EQUAL(vfio_parse_group_link("/sys/kernel/iommu_groups/0", &n), 0);
	CU_ASSERT_EQUAL(n, 0);
	CU_ASSERT_EQUAL(vfio_parse_group_link("123", &n), 0);
	CU_ASSERT_EQUAL(n, 123);
	n = -5;
	CU_ASSERT_EQUAL(vfio_parse_group_link("", &n), -1);
	CU_ASSERT_EQUAL(vfio_parse_group_link("../iommu_groups/", &n), -1);
	CU_ASSERT_EQUAL(vfio_parse_group_link("../iommu_groups/12a", &n), -1);
	CU_ASSERT_EQUAL(vfio_parse_group_link("../iommu_groups/-1", &n), -1);
	CU_ASSERT_EQUAL(vfio_parse_group_link("../iommu_groups/ 4", &n), -1);
	CU_ASSERT_EQUAL(vfio_parse_group_link("../iommu_groups/99999999999", &n), -1);
	CU_ASSERT_EQUAL(n, -5); /* untouched on failure */
}

static void test_group_num_from_tree(void)
{
	const char *base = fake_sysfs_devices_dir(fs);
	int n = -1;

	CU_ASSERT_EQUAL(rte_vfio_get_group_num(base, "0000:00:12.1", &n), 1);
	CU_ASSERT_EQUAL(n, 7);
	CU_ASSERT_EQUAL(rte_vfio_get_group_num(base, "0000:00:02.0", &n), 1);
	CU_ASSERT_EQUAL(n, 3);
	/* No iommu_group link: 0, as DPDK. */
	n = -1;
	CU_ASSERT_EQUAL(rte_vfio_get_group_num(base, "0000:00:05.0", &n), 0);
	CU_ASSERT_EQUAL(n, -1);
	CU_ASSERT_EQUAL(rte_vfio_get_group_num(base, "0000:00:1f.7", &n), 0);
}

/* NULL sysfs_base follows the PCI bus's SYSFS_PCI_DEVICES override. */
static void test_group_num_env(void)
{
	int n = -1;

	CU_ASSERT_EQUAL_FATAL(setenv("SYSFS_PCI_DEVICES", fake_sysfs_devices_dir(fs), 1), 0);
	CU_ASSERT_STRING_EQUAL(vfio_sysfs_base(NULL), fake_sysfs_devices_dir(fs));
	CU_ASSERT_STRING_EQUAL(vfio_sysfs_base("/x"), "/x");
	CU_ASSERT_EQUAL(rte_vfio_get_group_num(NULL, "0000:00:12.0", &n), 1);
	CU_ASSERT_EQUAL(n, 7);
	/* Unset: the path the kernel uses. Only the path is checked; nothing is read there. */
	unsetenv("SYSFS_PCI_DEVICES");
	CU_ASSERT_STRING_EQUAL(vfio_sysfs_base(NULL), "/sys/bus/pci/devices");
	test_restore_sysfs_env();
}

struct bad_link_arg {
	const char *base;
	int ret, err;
};

static void bad_link(void *p)
{
	struct bad_link_arg *a = p;
	int n;

	a->ret = rte_vfio_get_group_num(a->base, "0000:00:02.0", &n);
	a->err = rte_errno;
}

static void test_group_num_bad_link(void)
{
	struct bad_link_arg a = {.base = fake_sysfs_devices_dir(fs)};

	CU_ASSERT_EQUAL_FATAL(fake_sysfs_symlink_attr(fs, "0000:00:02.0", "iommu_group",
						      "../../../kernel/iommu_groups/three"),
			      0);
	char *log = test_capture_log(bad_link, &a);
	CU_ASSERT_EQUAL(a.ret, -1);
	CU_ASSERT_EQUAL(a.err, EINVAL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(log);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "0000:00:02.0/iommu_group points to "
					   "'../../../kernel/iommu_groups/three'"));
	free(log);
	CU_ASSERT_EQUAL(fake_sysfs_symlink_attr(fs, "0000:00:02.0", "iommu_group",
						"../../../kernel/iommu_groups/3"),
			0);
}

static void test_members(void)
{
	char dir[PATH_MAX];
	struct vfio_group_member m[VFIO_MAX_MEMBERS];

	/* Reached through the device's link, as the failure path does. */
	snprintf(dir, sizeof(dir), "%s/0000:00:12.1/iommu_group/devices",
		 fake_sysfs_devices_dir(fs));
	CU_ASSERT_EQUAL_FATAL(vfio_group_members_read(dir, m, VFIO_MAX_MEMBERS), 3);
	CU_ASSERT_STRING_EQUAL(m[0].addr, "0000:00:11.0");
	CU_ASSERT_STRING_EQUAL(m[0].driver, "");
	CU_ASSERT_STRING_EQUAL(m[1].addr, "0000:00:12.0");
	CU_ASSERT_STRING_EQUAL(m[1].driver, "e1000");
	CU_ASSERT_STRING_EQUAL(m[2].addr, "0000:00:12.1");
	CU_ASSERT_STRING_EQUAL(m[2].driver, "vfio-pci");

	/* Fewer slots than members: the total is still counted, the first names kept. */
	CU_ASSERT_EQUAL(vfio_group_members_read(dir, m, 2), 3);
	CU_ASSERT_STRING_EQUAL(m[0].addr, "0000:00:11.0");
	CU_ASSERT_STRING_EQUAL(m[1].addr, "0000:00:12.0");
	CU_ASSERT_EQUAL(vfio_group_members_read(dir, m, 0), 3);

	snprintf(dir, sizeof(dir), "%s/0000:00:05.0/iommu_group/devices",
		 fake_sysfs_devices_dir(fs));
	CU_ASSERT_EQUAL(vfio_group_members_read(dir, m, VFIO_MAX_MEMBERS), -1);
}

static void test_viable_drivers(void)
{
	CU_ASSERT_TRUE(rte_vfio_driver_keeps_group_viable(""));
	CU_ASSERT_TRUE(rte_vfio_driver_keeps_group_viable(NULL));
	CU_ASSERT_TRUE(rte_vfio_driver_keeps_group_viable("vfio-pci"));
	CU_ASSERT_TRUE(rte_vfio_driver_keeps_group_viable("mlx5_vfio_pci"));
	CU_ASSERT_TRUE(rte_vfio_driver_keeps_group_viable("pci-stub"));
	CU_ASSERT_TRUE(rte_vfio_driver_keeps_group_viable("pcieport"));
	CU_ASSERT_FALSE(rte_vfio_driver_keeps_group_viable("e1000"));
	CU_ASSERT_FALSE(rte_vfio_driver_keeps_group_viable("uio_pci_generic"));
	CU_ASSERT_FALSE(rte_vfio_driver_keeps_group_viable("nvme"));
}

/* The non-viable line from what the tree says: the e1000 function is named with its fix. */
static void test_not_viable_line_from_tree(void)
{
	char dir[PATH_MAX], line[1024];
	struct vfio_group_member m[VFIO_MAX_MEMBERS];

	snprintf(dir, sizeof(dir), "%s/0000:00:12.1/iommu_group/devices",
		 fake_sysfs_devices_dir(fs));
	int total = vfio_group_members_read(dir, m, VFIO_MAX_MEMBERS);
	CU_ASSERT_EQUAL_FATAL(total, 3);
	struct vfio_fail f = {.step = VFIO_STEP_GROUP_STATUS,
			      .dev_addr = "0000:00:12.1",
			      .group_num = 7,
			      .members = m,
			      .nb_members = (unsigned int)total,
			      .total_members = (unsigned int)total};
	vfio_fail_format(&f, line, sizeof(line));
	CU_ASSERT_PTR_NOT_NULL(strstr(line, "it also holds 0000:00:11.0 (no driver), "
					    "0000:00:12.0 (e1000); fix: openeal bind vfio-pci "
					    "0000:00:12.0"));
}

struct setup_arg {
	const char *base;
	int ret, fd;
};

static void setup_no_group(void *p)
{
	struct setup_arg *a = p;
	struct vfio_device_info info;

	a->fd = -7;
	a->ret = rte_vfio_setup_device(a->base, "0000:00:05.0", &a->fd, &info);
}

/* A device without IOMMU group: 1 (not usable through VFIO), the IOMMU-off line, no fd. */
static void test_setup_without_group(void)
{
	struct setup_arg a = {.base = fake_sysfs_devices_dir(fs)};
	int fds = test_count_fds();

	char *log = test_capture_log(setup_no_group, &a);
	CU_ASSERT_EQUAL(a.ret, 1);
	CU_ASSERT_EQUAL(a.fd, -7);
	CU_ASSERT_EQUAL(test_count_fds(), fds);
	CU_ASSERT_PTR_NOT_NULL_FATAL(log);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "0000:00:05.0: no IOMMU group ("));
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "/0000:00:05.0/iommu_group does not exist)"));
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "intel_iommu=on"));
	CU_ASSERT_PTR_NOT_NULL(strchr(log, '\n'));
	CU_ASSERT_PTR_NULL(strchr(strchr(log, '\n') + 1, '\n')); /* exactly one line */
	free(log);
}

/* The busy line's holder: found by scanning /proc for a process with the node open. */
static void test_holder_and_owner(void)
{
	char path[PATH_MAX], comm[64];
	struct vfio_fail f = {.group_num = 1};

	snprintf(path, sizeof(path), "%s/holder-node", fake_sysfs_root(fs));
	CU_ASSERT_EQUAL_FATAL(test_write_file(path, "x"), 0);
	CU_ASSERT_EQUAL(vfio_group_holder_find(path, comm, sizeof(comm)), 0); /* nobody yet */
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_EQUAL(vfio_group_holder_find(path, comm, sizeof(comm)), getpid());
	CU_ASSERT_STRING_EQUAL(comm, "test_vfio");
	close(fd);

	CU_ASSERT_EQUAL_FATAL(chmod(path, 0640), 0);
	vfio_fail_add_owner(&f, path);
	CU_ASSERT_EQUAL(f.uid, geteuid());
	CU_ASSERT_TRUE(f.path_stat_known);
	CU_ASSERT_EQUAL(f.path_uid, getuid());
	CU_ASSERT_EQUAL(f.path_mode & 07777, 0640);
	unlink(path);
}

void test_vfio_add_sysfs_suite(void)
{
	CU_pSuite s = CU_add_suite("vfio_sysfs", setup, teardown);
	CU_add_test(s, "iommu_group link target parsing", test_parse_group_link);
	CU_add_test(s, "rte_vfio_get_group_num on a generated tree", test_group_num_from_tree);
	CU_add_test(s, "SYSFS_PCI_DEVICES when sysfs_base is NULL", test_group_num_env);
	CU_add_test(s, "malformed iommu_group link", test_group_num_bad_link);
	CU_add_test(s, "group members and drivers through the device link", test_members);
	CU_add_test(s, "drivers that keep a group viable", test_viable_drivers);
	CU_add_test(s, "non-viable line from the tree", test_not_viable_line_from_tree);
	CU_add_test(s, "setup of a device without IOMMU group", test_setup_without_group);
	CU_add_test(s, "busy group holder and node owner", test_holder_and_owner);
}
