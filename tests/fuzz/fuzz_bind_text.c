/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the binding code reads from the system before writing to sysfs: /proc/self/mountinfo
 * lines (to refuse a device backing a mounted filesystem), "MAJ:MIN" device numbers and hex
 * attributes. The first byte chooses the parser.
 */
#include <string.h>

#include "fuzz_util.h"
#include "pci_bind_private.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_quiet_log();
	if (size < 1)
		return 0;
	char *s = fuzz_strdup(data + 1, size - 1);
	if (s == NULL)
		return 0;
	switch (data[0] % 3) {
	case 0: {
		struct pci_bind_mount m;
		memset(&m, 0, sizeof(m));
		(void)pci_bind_mountinfo_parse(s, &m);
		break;
	}
	case 1: {
		unsigned int major, minor;
		(void)pci_bind_parse_devnum(s, &major, &minor);
		break;
	}
	default: {
		unsigned long v;
		(void)pci_bind_parse_hex(s, &v);
		break;
	}
	}
	free(s);
	return 0;
}
