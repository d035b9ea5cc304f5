/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The text files of a sysfs PCI device directory (uevent, resource, numeric attributes, link
 * targets, IOMMU group directory names). The first byte chooses the parser; a kernel bug or a
 * hostile FUSE mount can put anything there, and the scan must only ever skip the device.
 */
#include "fuzz_util.h"
#include "pci_sysfs_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	const char *buf = (const char *)data + 1;
	size_t len = size - 1;
	char why[128];

	switch (data[0] % 7) {
	case 0: {
		struct pci_uevent ue;
		if (pci_parse_uevent(buf, len, &ue, why, sizeof(why)) == 0)
			FUZZ_ASSERT(ue.class_id <= 0xffffff &&
				    memchr(ue.driver, '\0', sizeof(ue.driver)));
		break;
	}
	case 1: {
		struct rte_pci_resource res[RTE_PCI_MAX_RESOURCE_LINES];
		unsigned nb = 0;
		if (pci_parse_resource(buf, len, res, RTE_PCI_MAX_RESOURCE_LINES, &nb, why,
				       sizeof(why)) == 0)
			FUZZ_ASSERT(nb >= PCI_MAX_RESOURCE && nb <= RTE_PCI_MAX_RESOURCE_LINES);
		break;
	}
	case 2: {
		long v;
		if (pci_parse_long(buf, len, -1, 0xffff, &v, why, sizeof(why)) == 0)
			FUZZ_ASSERT(v >= -1 && v <= 0xffff);
		break;
	}
	case 3: {
		uint64_t v;
		if (pci_parse_hex(buf, len, 0xffffff, &v, why, sizeof(why)) == 0)
			FUZZ_ASSERT(v <= 0xffffff);
		break;
	}
	case 4: {
		char *s = fuzz_strdup((const uint8_t *)buf, len);
		long v;
		if (s != NULL && pci_parse_link_number(s, &v, why, sizeof(why)) == 0)
			FUZZ_ASSERT(v >= 0);
		free(s);
		break;
	}
	case 5: {
		char *s = fuzz_strdup((const uint8_t *)buf, len);
		struct rte_pci_addr a;
		if (s != NULL)
			(void)pci_parse_link_addr(s, &a, why, sizeof(why));
		free(s);
		break;
	}
	default: {
		/* IOMMU group names: accepted only when printing the number gives the name back. */
		char *s = fuzz_strdup((const uint8_t *)buf, len);
		char again[16];
		uint32_t n;
		if (s != NULL && pci_parse_canonical_number(s, &n)) {
			snprintf(again, sizeof(again), "%u", n);
			FUZZ_ASSERT(strcmp(again, s) == 0);
		}
		free(s);
		break;
	}
	}
	return 0;
}
