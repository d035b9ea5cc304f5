/* SPDX-License-Identifier: BSD-3-Clause */
/* PCI addresses from users and from sysfs names: parse, print, parse again gives the same. */
#include <rte_pci.h>
#include <string.h>

#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_strdup(data, size);
	if (s == NULL)
		return 0;
	struct rte_pci_addr a, b;
	if (rte_pci_addr_parse(s, &a) == 0) {
		char name[PCI_PRI_STR_SIZE];
		rte_pci_device_name(&a, name, sizeof(name));
		FUZZ_ASSERT(rte_pci_addr_parse(name, &b) == 0);
		FUZZ_ASSERT(rte_pci_addr_cmp(&a, &b) == 0);
		FUZZ_ASSERT(a.devid <= 0x1f && a.function <= 7);
	}
	free(s);
	return 0;
}
