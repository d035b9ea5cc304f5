/* SPDX-License-Identifier: BSD-3-Clause */
/* The sysfs text parsers alone: kernel formats accepted, everything else refused with a reason. */

#include <string.h>

#include "pci_sysfs_parse.h"
#include "pci_test.h"

#define UEVENT_E1000                                                                 \
	"DRIVER=e1000\nPCI_CLASS=20000\nPCI_ID=8086:100E\nPCI_SUBSYS_ID=1AF4:1100\n" \
	"PCI_SLOT_NAME=0000:00:03.0\nMODALIAS=pci:"                                  \
	"v00008086d0000100Esv00001AF4sd00001100bc02sc00i00\n"

static int uevent(const char *text, struct pci_uevent *ue, char *why)
{
	return pci_parse_uevent(text, strlen(text), ue, why, 128);
}

static void test_uevent_kernel_format(void)
{
	struct pci_uevent ue;
	char why[128];
	CU_ASSERT_EQUAL_FATAL(uevent(UEVENT_E1000, &ue, why), 0);
	CU_ASSERT_EQUAL(ue.vendor_id, 0x8086);
	CU_ASSERT_EQUAL(ue.device_id, 0x100e);
	CU_ASSERT_EQUAL(ue.subsystem_vendor_id, 0x1af4);
	CU_ASSERT_EQUAL(ue.subsystem_device_id, 0x1100);
	CU_ASSERT_EQUAL(ue.class_id, 0x020000);
	CU_ASSERT_STRING_EQUAL(ue.driver, "e1000");
	CU_ASSERT(ue.has_slot);
	CU_ASSERT_EQUAL(ue.slot.devid, 3);

	/* Unbound: no DRIVER line. Class 0 prints as four digits (%04X). */
	CU_ASSERT_EQUAL(
	    uevent("PCI_CLASS=0000\nPCI_ID=C0DE:0001\nPCI_SUBSYS_ID=0000:0000\n", &ue, why), 0);
	CU_ASSERT_STRING_EQUAL(ue.driver, "");
	CU_ASSERT_EQUAL(ue.class_id, 0);
	CU_ASSERT_FALSE(ue.has_slot);
	CU_ASSERT_EQUAL(
	    uevent("PCI_CLASS=FF0000\nPCI_ID=c0de:0001\nPCI_SUBSYS_ID=0000:0000\n", &ue, why), 0);
	CU_ASSERT_EQUAL(ue.class_id, 0xff0000);
}

static void test_uevent_broken(void)
{
	static const struct {
		const char *text, *why;
	} cases[] = {
	    {"", "empty"},
	    {"PCI_CLASS=20000\nPCI_ID=8086:100E\nPCI_SUBSYS_ID=1AF4:11", "truncated"},
	    {"PCI_CLASS=20000\nPCI_ID=ZZZZ:100E\nPCI_SUBSYS_ID=1AF4:1100\n", "PCI_ID"},
	    {"PCI_CLASS=20000\nPCI_ID=8086:100\nPCI_SUBSYS_ID=1AF4:1100\n", "PCI_ID"},
	    {"PCI_CLASS=20000\nPCI_ID=8086-100E\nPCI_SUBSYS_ID=1AF4:1100\n", "PCI_ID"},
	    {"PCI_CLASS=20000\nPCI_ID=8086:100E \nPCI_SUBSYS_ID=1AF4:1100\n", "PCI_ID"},
	    {"PCI_CLASS=200\nPCI_ID=8086:100E\nPCI_SUBSYS_ID=1AF4:1100\n", "PCI_CLASS"},
	    {"PCI_CLASS=1000000\nPCI_ID=8086:100E\nPCI_SUBSYS_ID=1AF4:1100\n", "PCI_CLASS"},
	    {"PCI_ID=8086:100E\nPCI_SUBSYS_ID=1AF4:1100\n", "no PCI_CLASS"},
	    {"PCI_CLASS=20000\nPCI_SUBSYS_ID=1AF4:1100\n", "no PCI_ID"},
	    {"PCI_CLASS=20000\nPCI_ID=8086:100E\n", "no PCI_SUBSYS_ID"},
	    {"PCI_CLASS=20000\ngarbage\nPCI_ID=8086:100E\nPCI_SUBSYS_ID=1AF4:1100\n", "KEY=value"},
	    {"DRIVER=\nPCI_CLASS=20000\nPCI_ID=8086:100E\nPCI_SUBSYS_ID=1AF4:1100\n", "DRIVER"},
	    {"DRIVER=../x\nPCI_CLASS=20000\nPCI_ID=8086:100E\nPCI_SUBSYS_ID=1AF4:1100\n", "DRIVER"},
	    {"DRIVER=a_driver_name_much_longer_than_32_bytes\nPCI_CLASS=20000\n"
	     "PCI_ID=8086:100E\nPCI_SUBSYS_ID=1AF4:1100\n",
	     "DRIVER"},
	    {"PCI_CLASS=20000\nPCI_ID=8086:100E\nPCI_SUBSYS_ID=1AF4:1100\nPCI_SLOT_NAME=0000:00\n",
	     "PCI_SLOT_NAME"},
	};
	for (size_t i = 0; i < RTE_DIM(cases); i++) {
		struct pci_uevent ue;
		char why[128] = "";
		int rc = uevent(cases[i].text, &ue, why);
		CU_ASSERT_EQUAL(rc, -1);
		if (strstr(why, cases[i].why) == NULL)
			CU_FAIL(cases[i].why);
	}
	/* A NUL inside the buffer is garbage, not the end of the file. */
	static const char nul[] =
	    "PCI_CLASS=20000\nPCI_ID=80\00086:100E\nPCI_SUBSYS_ID=1AF4:1100\n";
	struct pci_uevent ue;
	CU_ASSERT_EQUAL(pci_parse_uevent(nul, sizeof(nul) - 1, &ue, NULL, 0), -1);
}

#define RES_LINE(s, e, f) "0x" s " 0x" e " 0x" f "\n"
#define ZERO "0000000000000000"
#define RES_ZERO RES_LINE(ZERO, ZERO, ZERO)

static void test_resource_lines(void)
{
	/* 13 lines: 64-bit prefetchable BAR0, I/O BAR2, 32-bit BAR4, ROM, one IOV BAR. */
	const char *text = RES_LINE("00000000fe000000", "00000000fe01ffff", "0000000000140204")
	    RES_ZERO RES_LINE("000000000000c000", "000000000000c03f", "0000000000040101")
		RES_ZERO RES_LINE("00000000fd000000", "00000000fd000fff", "0000000000040200")
		    RES_ZERO RES_LINE("00000000fc000000", "00000000fc03ffff", "0000000000046200")
			RES_LINE("0000008000000000", "00000080000fffff", "000000000014220c")
			    RES_ZERO RES_ZERO RES_ZERO RES_ZERO RES_ZERO;
	struct rte_pci_resource res[RTE_PCI_MAX_RESOURCE_LINES];
	unsigned int nb = 0;
	char why[128];
	CU_ASSERT_EQUAL_FATAL(
	    pci_parse_resource(text, strlen(text), res, RTE_DIM(res), &nb, why, sizeof(why)), 0);
	CU_ASSERT_EQUAL(nb, 13);
	CU_ASSERT_EQUAL(res[0].start, 0xfe000000);
	CU_ASSERT_EQUAL(res[0].len, 0x20000);
	CU_ASSERT_EQUAL(res[0].flags, 0x140204);
	CU_ASSERT_EQUAL(res[1].len, 0);
	CU_ASSERT_EQUAL(res[2].start, 0xc000);
	CU_ASSERT_EQUAL(res[2].len, 0x40);
	CU_ASSERT(res[2].flags & RTE_PCI_IORESOURCE_IO);
	CU_ASSERT_EQUAL(res[6].len, 0x40000);
	CU_ASSERT_EQUAL(res[7].start, 0x8000000000ULL);
	CU_ASSERT_EQUAL(res[7].len, 0x100000);

	/* Only the kernel's first lines are stored when there are more than room. */
	CU_ASSERT_EQUAL(pci_parse_resource(text, strlen(text), res, 6, &nb, why, sizeof(why)), 0);
	CU_ASSERT_EQUAL(nb, 6);

	/* 7 lines (kernel without SR-IOV) and 17 (a bridge's windows) are both fine. */
	const char *seven = RES_ZERO RES_ZERO RES_ZERO RES_ZERO RES_ZERO RES_ZERO RES_ZERO;
	CU_ASSERT_EQUAL(
	    pci_parse_resource(seven, strlen(seven), res, RTE_DIM(res), &nb, why, sizeof(why)), 0);
	CU_ASSERT_EQUAL(nb, 7);
	char bridge[17 * 60] = "";
	for (int i = 0; i < 17; i++)
		strcat(bridge, RES_ZERO);
	CU_ASSERT_EQUAL(
	    pci_parse_resource(bridge, strlen(bridge), res, RTE_DIM(res), &nb, why, sizeof(why)),
	    0);
	CU_ASSERT_EQUAL(nb, 17);
}

static void test_resource_broken(void)
{
	static const struct {
		const char *text, *why;
	} cases[] = {
	    {"", "empty"},
	    {RES_ZERO RES_ZERO RES_ZERO, "only 3 lines"},
	    {RES_ZERO RES_ZERO RES_ZERO RES_ZERO RES_ZERO RES_ZERO "0x00", "truncated"},
	    {RES_ZERO "0x0000000000001000 0x0000000000001fff\n" RES_ZERO RES_ZERO RES_ZERO RES_ZERO,
	     "line 2 has 2 fields"},
	    {RES_ZERO RES_ZERO "0x1 0x2 0x3 0x4\n" RES_ZERO RES_ZERO RES_ZERO,
	     "line 3 has more than 3 fields"},
	    {RES_LINE("0000000000002000", "0000000000001fff", "0000000000000200")
		 RES_ZERO RES_ZERO RES_ZERO RES_ZERO RES_ZERO,
	     "line 1: end"},
	    {RES_ZERO RES_ZERO RES_ZERO "0xfe00zz00 0xfe00ffff 0x200\n" RES_ZERO RES_ZERO,
	     "line 4"},
	    {RES_ZERO RES_ZERO "0x00000000000000000 0x1 0x2\n" RES_ZERO RES_ZERO RES_ZERO,
	     "line 3"},
	    {RES_LINE("0000000000000000", "ffffffffffffffff", "0000000000000200")
		 RES_ZERO RES_ZERO RES_ZERO RES_ZERO RES_ZERO,
	     "overflows"},
	    {"hello world\n", "line 1"},
	};
	for (size_t i = 0; i < RTE_DIM(cases); i++) {
		struct rte_pci_resource res[RTE_PCI_MAX_RESOURCE_LINES];
		unsigned int nb = 99;
		char why[128] = "";
		CU_ASSERT_EQUAL(pci_parse_resource(cases[i].text, strlen(cases[i].text), res,
						   RTE_DIM(res), &nb, why, sizeof(why)),
				-1);
		if (strstr(why, cases[i].why) == NULL)
			CU_FAIL(cases[i].why);
		CU_ASSERT_EQUAL(nb, 99);
	}
}

static void test_numbers(void)
{
	long l;
	uint64_t u;
	char why[128];
	CU_ASSERT_EQUAL(pci_parse_long("-1\n", 3, -1, 100, &l, why, sizeof(why)), 0);
	CU_ASSERT_EQUAL(l, -1);
	CU_ASSERT_EQUAL(pci_parse_long("7", 1, -1, 100, &l, why, sizeof(why)), 0);
	CU_ASSERT_EQUAL(l, 7);
	CU_ASSERT_EQUAL(pci_parse_long("0x10\n", 5, -1, 100, &l, why, sizeof(why)), 0);
	CU_ASSERT_EQUAL(l, 16);
	CU_ASSERT_EQUAL(pci_parse_long("-2\n", 3, -1, 100, &l, why, sizeof(why)), -1);
	CU_ASSERT_EQUAL(pci_parse_long("101\n", 4, -1, 100, &l, why, sizeof(why)), -1);
	CU_ASSERT_EQUAL(pci_parse_long("abc\n", 4, -1, 100, &l, why, sizeof(why)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "abc"));
	CU_ASSERT_EQUAL(pci_parse_long("", 0, -1, 100, &l, why, sizeof(why)), -1);
	CU_ASSERT_EQUAL(pci_parse_long("1 2\n", 4, -1, 100, &l, why, sizeof(why)), -1);
	CU_ASSERT_EQUAL(pci_parse_long("1\n\n", 3, -1, 100, &l, why, sizeof(why)), -1);
	CU_ASSERT_EQUAL(pci_parse_long("99999999999999999999", 20, -1, 100, &l, why, sizeof(why)),
			-1);
	CU_ASSERT_EQUAL(pci_parse_hex("0x02\n", 5, 0xff, &u, why, sizeof(why)), 0);
	CU_ASSERT_EQUAL(u, 2);
	CU_ASSERT_EQUAL(pci_parse_hex("0x100\n", 6, 0xff, &u, why, sizeof(why)), -1);
	CU_ASSERT_EQUAL(pci_parse_hex("0x\n", 3, 0xff, &u, why, sizeof(why)), -1);
	CU_ASSERT_EQUAL(pci_parse_hex("zz\n", 3, 0xff, &u, why, sizeof(why)), -1);
}

static void test_links(void)
{
	long g;
	struct rte_pci_addr a;
	char why[128];
	CU_ASSERT_EQUAL(
	    pci_parse_link_number("../../../kernel/iommu_groups/12", &g, why, sizeof(why)), 0);
	CU_ASSERT_EQUAL(g, 12);
	CU_ASSERT_EQUAL(
	    pci_parse_link_number("../../../kernel/iommu_groups/x", &g, why, sizeof(why)), -1);
	CU_ASSERT_EQUAL(
	    pci_parse_link_number("../../../kernel/iommu_groups/", &g, why, sizeof(why)), -1);
	CU_ASSERT_EQUAL(pci_parse_link_addr("../0000:3b:00.0", &a, why, sizeof(why)), 0);
	CU_ASSERT_EQUAL(a.bus, 0x3b);
	CU_ASSERT_EQUAL(pci_parse_link_addr("../pf", &a, why, sizeof(why)), -1);
}

/* Group directory names: only the kernel's own spelling of a number is one. */
static void test_canonical_numbers(void)
{
	static const struct {
		const char *name;
		bool ok;
		uint32_t value;
	} cases[] = {
	    {"0", true, 0},    {"7", true, 7},		 {"4294967295", true, UINT32_MAX},
	    {"007", false, 0}, {"00", false, 0},	 {"-1", false, 0},
	    {"+1", false, 0},  {"1x", false, 0},	 {"", false, 0},
	    {" 1", false, 0},  {"4294967296", false, 0}, {"99999999999999999999", false, 0},
	};
	for (size_t i = 0; i < RTE_DIM(cases); i++) {
		uint32_t v = 12345;
		bool ok = pci_parse_canonical_number(cases[i].name, &v);
		CU_ASSERT_EQUAL(ok, cases[i].ok);
		CU_ASSERT_EQUAL(v, cases[i].ok ? cases[i].value : 12345u);
	}
}

void pci_test_add_parse_suite(void)
{
	CU_pSuite s = CU_add_suite("pci_sysfs_parse", NULL, NULL);
	CU_add_test(s, "uevent in the kernel's format", test_uevent_kernel_format);
	CU_add_test(s, "broken uevent refused with a reason", test_uevent_broken);
	CU_add_test(s, "resource lines (BARs, ROM, IOV, bridge)", test_resource_lines);
	CU_add_test(s, "broken resource refused with a reason", test_resource_broken);
	CU_add_test(s, "single-value attributes", test_numbers);
	CU_add_test(s, "link targets", test_links);
	CU_add_test(s, "canonical group numbers", test_canonical_numbers);
}
