/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * VFIO region and IOMMU info with their capability chains, as the kernel (or a buggy/hostile
 * vfio-user server) returns them. The first byte chooses the structure.
 */
#include <string.h>

#include "eal_vfio_internal.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_quiet_log();
	if (size < 1)
		return 0;
	/* A private, exactly sized copy so that ASan catches any read past the end. */
	size_t len = size - 1;
	uint8_t *buf = malloc(len ? len : 1);
	if (buf == NULL)
		return 0;
	memcpy(buf, data + 1, len);
	if (data[0] & 1) {
		struct rte_vfio_region_info info;
		(void)vfio_region_info_parse(buf, len, &info);
	} else {
		struct rte_vfio_iommu_info info;
		(void)vfio_iommu_info_parse(buf, len, &info);
	}
	free(buf);
	return 0;
}
