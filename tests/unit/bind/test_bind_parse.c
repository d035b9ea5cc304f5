/* SPDX-License-Identifier: BSD-3-Clause */
/* The pure helpers: driver classes, driver names, mountinfo lines, numbers. */

#include <CUnit/Basic.h>
#include <string.h>

#include <rte_vfio_ext.h>

#include "bind_test.h"
#include "pci_bind_private.h"

static void test_driver_kinds(void)
{
	CU_ASSERT(rte_pci_bind_driver_is_userspace("vfio-pci"));
	CU_ASSERT(rte_pci_bind_driver_is_userspace("igb_uio"));
	CU_ASSERT(rte_pci_bind_driver_is_userspace("uio_pci_generic"));
	CU_ASSERT(!rte_pci_bind_driver_is_userspace("e1000"));
	CU_ASSERT(!rte_pci_bind_driver_is_userspace("vfio_pci")); /* sysfs spells it vfio-pci */
	CU_ASSERT(!rte_pci_bind_driver_is_userspace(NULL));
	CU_ASSERT_EQUAL(pci_bind_kind_of("vfio-pci"), RTE_PCI_BIND_USERSPACE);
	CU_ASSERT_EQUAL(pci_bind_kind_of("nvme"), RTE_PCI_BIND_KERNEL);
	CU_ASSERT_EQUAL(pci_bind_kind_of(""), RTE_PCI_BIND_NONE);
	CU_ASSERT_EQUAL(pci_bind_kind_of(NULL), RTE_PCI_BIND_NONE);
	CU_ASSERT_STRING_EQUAL(rte_pci_bind_kind_name(RTE_PCI_BIND_USERSPACE), "userspace driver");
	CU_ASSERT_STRING_EQUAL(rte_pci_bind_kind_name(RTE_PCI_BIND_KERNEL), "kernel driver");
	CU_ASSERT_STRING_EQUAL(rte_pci_bind_kind_name(RTE_PCI_BIND_NONE), "no driver");
}

static void test_group_viable_drivers(void)
{
	CU_ASSERT(rte_vfio_driver_keeps_group_viable(NULL));
	CU_ASSERT(rte_vfio_driver_keeps_group_viable(""));
	CU_ASSERT(rte_vfio_driver_keeps_group_viable("vfio-pci"));
	CU_ASSERT(rte_vfio_driver_keeps_group_viable("mlx5_vfio_pci"));
	CU_ASSERT(rte_vfio_driver_keeps_group_viable("pci-stub"));
	CU_ASSERT(rte_vfio_driver_keeps_group_viable("pcieport"));
	CU_ASSERT(!rte_vfio_driver_keeps_group_viable("e1000"));
	CU_ASSERT(!rte_vfio_driver_keeps_group_viable("igb_uio"));
	CU_ASSERT(!rte_vfio_driver_keeps_group_viable("uio_pci_generic"));
}

static void test_driver_names(void)
{
	CU_ASSERT(pci_bind_driver_name_valid("vfio-pci"));
	CU_ASSERT(pci_bind_driver_name_valid("a"));
	CU_ASSERT(pci_bind_driver_name_valid("0123456789012345678901234567890"));   /* 31 */
	CU_ASSERT(!pci_bind_driver_name_valid("01234567890123456789012345678901")); /* 32 */
	CU_ASSERT(!pci_bind_driver_name_valid(""));
	CU_ASSERT(!pci_bind_driver_name_valid(NULL));
	CU_ASSERT(!pci_bind_driver_name_valid("../e1000"));
	CU_ASSERT(!pci_bind_driver_name_valid(".."));
	CU_ASSERT(!pci_bind_driver_name_valid("."));
	CU_ASSERT(!pci_bind_driver_name_valid("vfio pci"));
	CU_ASSERT(!pci_bind_driver_name_valid("vfio-pci\n"));
}

static void test_mountinfo_lines(void)
{
	struct pci_bind_mount m;
	char l1[] = "36 35 98:0 /mnt1 /mnt/parent rw,noatime master:1 - ext3 /dev/root "
		    "rw,errors=continue\n";
	CU_ASSERT_EQUAL_FATAL(pci_bind_mountinfo_parse(l1, &m), 0);
	CU_ASSERT_EQUAL(m.major, 98);
	CU_ASSERT_EQUAL(m.minor, 0);
	CU_ASSERT_STRING_EQUAL(m.mount_point, "/mnt/parent");
	CU_ASSERT_STRING_EQUAL(m.source, "/dev/root");

	/* No optional fields; escaped space, tab and backslash in the mount point and source. */
	char l2[] =
	    "25 1 259:1 / /mnt/my\\040data\\011x\\134y rw - ext4 /dev/disk/by-label/a\\040b rw";
	CU_ASSERT_EQUAL_FATAL(pci_bind_mountinfo_parse(l2, &m), 0);
	CU_ASSERT_EQUAL(m.major, 259);
	CU_ASSERT_EQUAL(m.minor, 1);
	CU_ASSERT_STRING_EQUAL(m.mount_point, "/mnt/my data\tx\\y");
	CU_ASSERT_STRING_EQUAL(m.source, "/dev/disk/by-label/a b");

	/* Several optional fields. */
	char l3[] = "1 2 8:1 / /boot rw shared:3 master:4 propagate_from:5 - vfat /dev/sda1 rw";
	CU_ASSERT_EQUAL_FATAL(pci_bind_mountinfo_parse(l3, &m), 0);
	CU_ASSERT_STRING_EQUAL(m.mount_point, "/boot");
	CU_ASSERT_STRING_EQUAL(m.source, "/dev/sda1");

	char bad1[] = "1 2 8:1 / /boot rw shared:3 vfat /dev/sda1 rw"; /* no "-" */
	char bad2[] = "1 2 8-1 / /boot rw - vfat /dev/sda1 rw";	       /* device number */
	char bad3[] = "1 2 8:1 / /boot rw -";			       /* nothing after "-" */
	char bad4[] = "1 2 8:1";
	char bad5[] = "";
	CU_ASSERT_EQUAL(pci_bind_mountinfo_parse(bad1, &m), -1);
	CU_ASSERT_EQUAL(pci_bind_mountinfo_parse(bad2, &m), -1);
	CU_ASSERT_EQUAL(pci_bind_mountinfo_parse(bad3, &m), -1);
	CU_ASSERT_EQUAL(pci_bind_mountinfo_parse(bad4, &m), -1);
	CU_ASSERT_EQUAL(pci_bind_mountinfo_parse(bad5, &m), -1);
}

static void test_numbers(void)
{
	unsigned int maj = 0, min = 0;
	unsigned long v = 0;

	CU_ASSERT_EQUAL(pci_bind_parse_devnum("259:1\n", &maj, &min), 0);
	CU_ASSERT_EQUAL(maj, 259);
	CU_ASSERT_EQUAL(min, 1);
	CU_ASSERT_EQUAL(pci_bind_parse_devnum("8:17", &maj, &min), 0);
	CU_ASSERT_EQUAL(min, 17);
	CU_ASSERT_EQUAL(pci_bind_parse_devnum("8:", &maj, &min), -1);
	CU_ASSERT_EQUAL(pci_bind_parse_devnum(":1", &maj, &min), -1);
	CU_ASSERT_EQUAL(pci_bind_parse_devnum("8:1x", &maj, &min), -1);
	CU_ASSERT_EQUAL(pci_bind_parse_devnum("8:1\n\n", &maj, &min), -1);
	CU_ASSERT_EQUAL(pci_bind_parse_devnum("99999999999:1", &maj, &min), -1);

	CU_ASSERT_EQUAL(pci_bind_parse_hex("0x1003\n", &v), 0);
	CU_ASSERT_EQUAL(v, 0x1003);
	CU_ASSERT_EQUAL(pci_bind_parse_hex("1002", &v), 0);
	CU_ASSERT_EQUAL(v, 0x1002);
	CU_ASSERT_EQUAL(pci_bind_parse_hex("0x", &v), -1);
	CU_ASSERT_EQUAL(pci_bind_parse_hex("0x10g", &v), -1);
	CU_ASSERT_EQUAL(pci_bind_parse_hex("0x11111111111111111", &v), -1);
}

int bind_parse_suite(void)
{
	CU_pSuite s = CU_add_suite("bind_parse", NULL, NULL);
	if (s == NULL)
		return -1;
	return (CU_add_test(s, "driver kinds", test_driver_kinds) == NULL ||
		CU_add_test(s, "drivers that keep a group viable", test_group_viable_drivers) ==
		    NULL ||
		CU_add_test(s, "driver names", test_driver_names) == NULL ||
		CU_add_test(s, "mountinfo lines", test_mountinfo_lines) == NULL ||
		CU_add_test(s, "device numbers and hex", test_numbers) == NULL)
		   ? -1
		   : 0;
}
