/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RTE_PMD_NVME_H
#define RTE_PMD_NVME_H

/*
 * nvme: a polled NVMe driver (the SPDK use case), here to prove real DMA on every kernel-driver
 * backend and IOVA mode. At probe it resets and enables the controller with its admin queues in
 * DMA memory, reads Identify Controller and Identify Namespace 1, and creates one I/O queue
 * pair; reads and writes then go through that pair, completions found by polling.
 *
 * Calls name a probed device as the bus does ("0000:00:03.0") and return 0, or -EINVAL (bad
 * argument), -ENODEV (no controller of that name probed by this driver), -EIO (the controller
 * reported an error: one line gives its status), -ETIMEDOUT (no completion in time).
 */

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RTE_PMD_NVME_DRIVER_NAME "nvme"

struct rte_pmd_nvme_info {
	char serial[21]; /* Identify Controller, trailing spaces removed */
	char model[41];
	char firmware[9];
	uint32_t namespaces;	 /* NN */
	uint64_t ns1_blocks;	 /* namespace 1: size in blocks */
	uint32_t ns1_block_size; /* bytes */
	uint32_t max_transfer;	 /* bytes one read or write may move */
	uint16_t io_queue_depth;
};

int rte_pmd_nvme_info_get(const char *devname, struct rte_pmd_nvme_info *info);
/*
 * Read or write nblocks blocks of namespace 1 at lba. buf is DMA memory (rte_malloc,
 * rte_memzone), 4-byte aligned, nblocks * block size bytes, at most max_transfer.
 */
int rte_pmd_nvme_read(const char *devname, uint64_t lba, uint32_t nblocks, void *buf);
int rte_pmd_nvme_write(const char *devname, uint64_t lba, uint32_t nblocks, const void *buf);
/* Make what was written durable (NVM Flush of namespace 1). */
int rte_pmd_nvme_flush(const char *devname);

#ifdef __cplusplus
}
#endif
#endif
