/* SPDX-License-Identifier: BSD-3-Clause */
/* rte_pci_addr_parse (both spellings, strictness), rte_pci_device_name, rte_pci_addr_cmp. */

#include <string.h>

#include <rte_pci.h>

#include "pci_test.h"

static const struct {
	const char *str;
	uint32_t domain;
	uint8_t bus, devid, function;
} valid[] = {
    {"0000:00:02.0", 0, 0, 2, 0},
    {"00:02.0", 0, 0, 2, 0},
    {"0000:af:1f.7", 0, 0xaf, 0x1f, 7},
    {"0000:AF:1F.7", 0, 0xaf, 0x1f, 7},
    {"ffffffff:ff:1f.7", 0xffffffff, 0xff, 0x1f, 7},
    {"10000:00:00.0", 0x10000, 0, 0, 0}, /* VMD domains are wider than 16 bits */
    {"1:2:3.4", 1, 2, 3, 4},
    {"ff:00.1", 0, 0xff, 0, 1},
};

static const char *const invalid[] = {
    "",
    "0000:00:02",
    "0000:00:02.",
    "0000:00:20.0",	 /* device > 0x1f */
    "0000:00:02.8",	 /* function > 7 */
    "100000000:00:00.0", /* 9-digit domain */
    "0000:100:00.0",	 /* 3-digit bus */
    "0000:00:002.0",	 /* 3-digit device */
    "0000:00:02.00",	 /* 2-digit function */
    "0000:00:02.0 ",	 /* trailing junk */
    " 0000:00:02.0",	 /* leading junk */
    "0000:00:02.0x",
    "0000:00:02.0\n",
    "0x00:02.0",
    "+0:00:02.0",
    "-1:00:02.0",
    "0000::02.0",
    ":00:02.0",
    "g000:00:02.0",
    "0000:00:02.0.1",
    "1:2:3:4.5",
    "00:02",
    "02.0",
    "0000:00-02.0",
};

static void test_parse_valid(void)
{
	for (size_t i = 0; i < RTE_DIM(valid); i++) {
		struct rte_pci_addr a;
		memset(&a, 0xaa, sizeof(a));
		CU_ASSERT_EQUAL(rte_pci_addr_parse(valid[i].str, &a), 0);
		CU_ASSERT_EQUAL(a.domain, valid[i].domain);
		CU_ASSERT_EQUAL(a.bus, valid[i].bus);
		CU_ASSERT_EQUAL(a.devid, valid[i].devid);
		CU_ASSERT_EQUAL(a.function, valid[i].function);
	}
}

static void test_parse_invalid_leaves_addr(void)
{
	for (size_t i = 0; i < RTE_DIM(invalid); i++) {
		struct rte_pci_addr a = {.domain = 0x1234, .bus = 5, .devid = 6, .function = 7};
		int rc = rte_pci_addr_parse(invalid[i], &a);
		if (rc == 0)
			CU_FAIL(invalid[i]);
		CU_ASSERT_EQUAL(rc, -1);
		CU_ASSERT_EQUAL(a.domain, 0x1234);
		CU_ASSERT_EQUAL(a.bus, 5);
		CU_ASSERT_EQUAL(a.devid, 6);
		CU_ASSERT_EQUAL(a.function, 7);
	}
	struct rte_pci_addr a;
	CU_ASSERT_EQUAL(rte_pci_addr_parse(NULL, &a), -1);
	CU_ASSERT_EQUAL(rte_pci_addr_parse("0000:00:02.0", NULL), -1);
}

static void test_device_name(void)
{
	char buf[PCI_PRI_STR_SIZE];
	struct rte_pci_addr a = {.domain = 0, .bus = 0x3b, .devid = 0x1f, .function = 7};
	rte_pci_device_name(&a, buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, "0000:3b:1f.7");
	a = (struct rte_pci_addr){.domain = 0x10000, .bus = 1, .devid = 2, .function = 3};
	rte_pci_device_name(&a, buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, "10000:01:02.3");
	a = (struct rte_pci_addr){.domain = 0xffffffff, .bus = 0xff, .devid = 0x1f, .function = 7};
	rte_pci_device_name(&a, buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, "ffffffff:ff:1f.7");
	/* The name parses back to the same address. */
	struct rte_pci_addr b;
	CU_ASSERT_EQUAL(rte_pci_addr_parse(buf, &b), 0);
	CU_ASSERT_EQUAL(rte_pci_addr_cmp(&a, &b), 0);
}

static void test_cmp_order(void)
{
	/* Each one sorts after the previous: domain first, then bus, device, function. */
	static const char *const ordered[] = {"0000:00:00.0", "0000:00:00.7",  "0000:00:01.0",
					      "0000:00:1f.7", "0000:01:00.0",  "0000:ff:1f.7",
					      "0001:00:00.0", "10000:00:00.0", "ffffffff:00:00.0"};
	for (size_t i = 0; i + 1 < RTE_DIM(ordered); i++) {
		struct rte_pci_addr a, b;
		CU_ASSERT_EQUAL_FATAL(rte_pci_addr_parse(ordered[i], &a), 0);
		CU_ASSERT_EQUAL_FATAL(rte_pci_addr_parse(ordered[i + 1], &b), 0);
		CU_ASSERT(rte_pci_addr_cmp(&a, &b) < 0);
		CU_ASSERT(rte_pci_addr_cmp(&b, &a) > 0);
		CU_ASSERT_EQUAL(rte_pci_addr_cmp(&a, &a), 0);
	}
	struct rte_pci_addr s, l;
	CU_ASSERT_EQUAL(rte_pci_addr_parse("00:02.0", &s), 0);
	CU_ASSERT_EQUAL(rte_pci_addr_parse("0000:00:02.0", &l), 0);
	CU_ASSERT_EQUAL(rte_pci_addr_cmp(&s, &l), 0);
}

void pci_test_add_addr_suite(void)
{
	CU_pSuite s = CU_add_suite("pci_addr", NULL, NULL);
	CU_add_test(s, "parse valid addresses, both forms", test_parse_valid);
	CU_add_test(s, "reject malformed addresses, addr untouched",
		    test_parse_invalid_leaves_addr);
	CU_add_test(s, "canonical device names", test_device_name);
	CU_add_test(s, "address ordering", test_cmp_order);
}
