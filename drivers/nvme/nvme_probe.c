/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The NVMe PCI driver: probe brings a controller up, remove takes it down, and the
 * rte_pmd_nvme.h calls find it by name. One mutex covers the controller list and every
 * command, so a remove never runs under a read or write (a test driver: no need for more).
 */

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <rte_devargs.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_kvargs.h>
#include <rte_malloc.h>
#include <rte_memory.h>

#include "nvme_private.h"

RTE_LOG_REGISTER(nvme_logtype, pmd.nvme, INFO);

/* A command's data must arrive within this time. */
#define IO_TIMEOUT_MS 10000

static TAILQ_HEAD(, nvme_ctrl) ctrls = TAILQ_HEAD_INITIALIZER(ctrls);
static pthread_mutex_t ctrls_lock = PTHREAD_MUTEX_INITIALIZER;

struct nvme_ctrl *nvme_ctrl_get(const char *devname)
{
	struct nvme_ctrl *c;

	pthread_mutex_lock(&ctrls_lock);
	TAILQ_FOREACH(c, &ctrls, next)
	if (strcmp(c->dev->name, devname) == 0)
		return c;
	pthread_mutex_unlock(&ctrls_lock);
	return NULL;
}

void nvme_ctrl_put(struct nvme_ctrl *c)
{
	RTE_SET_USED(c);
	pthread_mutex_unlock(&ctrls_lock);
}

/*
 * Driver arguments: dma_addr=iova (the default: translate with rte_malloc_virt2iova) or
 * dma_addr=va (program pointers; needs IOVA as VA). 0, or -EINVAL with one line.
 */
static int parse_args(const struct rte_pci_device *dev, bool *dma_va)
{
	static const char *const keys[] = {"dma_addr", NULL};
	const char *args = dev->device.devargs != NULL ? dev->device.devargs->args : "";

	*dma_va = false;
	if (args == NULL || args[0] == '\0')
		return 0;
	struct rte_kvargs *kv = rte_kvargs_parse(args, keys);
	const char *v = kv != NULL ? rte_kvargs_get(kv, "dma_addr") : NULL;
	int ret = 0;
	if (v != NULL && strcmp(v, "va") == 0)
		*dma_va = true;
	else if (v == NULL || strcmp(v, "iova") != 0)
		ret = -EINVAL;
	rte_kvargs_free(kv);
	if (ret != 0) {
		NVME_LOG(ERR, "%s: invalid arguments '%s' (expected dma_addr=iova or dma_addr=va)",
			 dev->name, args);
		return ret;
	}
	if (*dma_va && rte_eal_iova_mode() != RTE_IOVA_VA) {
		NVME_LOG(ERR,
			 "%s: dma_addr=va needs IOVA as VA but the mode is %s; fix: drop "
			 "dma_addr=va, or --iova-mode va",
			 dev->name, rte_eal_iova_mode() == RTE_IOVA_PA ? "PA" : "undecided");
		return -EINVAL;
	}
	return 0;
}

static int nvme_probe(struct rte_pci_driver *drv, struct rte_pci_device *dev)
{
	bool dma_va;

	RTE_SET_USED(drv);
	if (parse_args(dev, &dma_va) != 0)
		return -EINVAL;
	if (dev->mem_resource[0].addr == NULL || dev->mem_resource[0].len < 0x2000) {
		NVME_LOG(ERR, "%s: BAR0 is not mapped (or smaller than the registers)", dev->name);
		return -ENODEV;
	}
	struct nvme_ctrl *c = calloc(1, sizeof(*c));
	if (c == NULL)
		return -ENOMEM;
	c->dev = dev;
	c->regs = dev->mem_resource[0].addr;
	c->dma_va = dma_va;
	int ret = nvme_ctrl_start(c);
	if (ret != 0) {
		free(c);
		return ret;
	}
	pthread_mutex_lock(&ctrls_lock);
	TAILQ_INSERT_TAIL(&ctrls, c, next);
	pthread_mutex_unlock(&ctrls_lock);
	NVME_LOG(INFO,
		 "%s: %s (serial %s, firmware %s), namespace 1: %" PRIu64 " blocks of %u bytes, "
		 "I/O queue of %u",
		 dev->name, c->info.model, c->info.serial, c->info.firmware, c->info.ns1_blocks,
		 c->info.ns1_block_size, c->info.io_queue_depth);
	return 0;
}

static int nvme_remove(struct rte_pci_device *dev)
{
	struct nvme_ctrl *c = nvme_ctrl_get(dev->name);

	if (c == NULL)
		return -ENODEV;
	TAILQ_REMOVE(&ctrls, c, next);
	nvme_ctrl_put(c);
	nvme_ctrl_stop(c);
	free(c);
	return 0;
}

/* Every NVMe controller: class 01 (storage), subclass 08 (NVM), interface 02 (NVMe). */
static const struct rte_pci_id nvme_ids[] = {
    {.class_id = 0x010802,
     .vendor_id = RTE_PCI_ANY_ID,
     .device_id = RTE_PCI_ANY_ID,
     .subsystem_vendor_id = RTE_PCI_ANY_ID,
     .subsystem_device_id = RTE_PCI_ANY_ID},
    {.vendor_id = 0},
};

static struct rte_pci_driver nvme_driver = {
    .probe = nvme_probe,
    .remove = nvme_remove,
    .id_table = nvme_ids,
    .drv_flags = RTE_PCI_DRV_NEED_MAPPING,
};

RTE_PMD_REGISTER_PCI(nvme, nvme_driver);
RTE_PMD_REGISTER_PCI_TABLE(nvme, nvme_ids);

int rte_pmd_nvme_info_get(const char *devname, struct rte_pmd_nvme_info *info)
{
	if (devname == NULL || info == NULL)
		return -EINVAL;
	struct nvme_ctrl *c = nvme_ctrl_get(devname);
	if (c == NULL)
		return -ENODEV;
	*info = c->info;
	nvme_ctrl_put(c);
	return 0;
}

/* PRP1/PRP2 for [iova, iova+len): the second page, or a list in the scratch page. */
static void set_prps(struct nvme_ctrl *c, struct nvme_sqe *cmd, uint64_t iova, uint32_t len)
{
	uint32_t first = NVME_PAGE - (uint32_t)(iova % NVME_PAGE);
	uint64_t next = iova + first;

	cmd->prp1 = iova;
	if (len <= first)
		return;
	if (len - first <= NVME_PAGE) {
		cmd->prp2 = next;
		return;
	}
	uint64_t *list = c->scratch;
	for (uint32_t i = 0; i * NVME_PAGE < len - first; i++)
		list[i] = next + (uint64_t)i * NVME_PAGE;
	cmd->prp2 = c->scratch_iova;
}

static int rw(const char *devname, uint8_t opcode, uint64_t lba, uint32_t nblocks, const void *buf)
{
	if (devname == NULL || buf == NULL || nblocks == 0 || ((uintptr_t)buf & 3) != 0)
		return -EINVAL;
	struct nvme_ctrl *c = nvme_ctrl_get(devname);
	if (c == NULL)
		return -ENODEV;
	const char *what = opcode == NVME_CMD_READ ? "read" : "write";
	uint64_t len = (uint64_t)nblocks * c->info.ns1_block_size;
	/* Every allocation from rte_malloc is IOVA-contiguous: one IOVA describes it. */
	rte_iova_t iova = rte_malloc_virt2iova(buf) == RTE_BAD_IOVA ? RTE_BAD_IOVA
								     : nvme_dma_addr(c, buf);
	int ret = -EINVAL;
	if (len > c->info.max_transfer || lba + nblocks > c->info.ns1_blocks ||
	    lba + nblocks < lba) {
		NVME_LOG(ERR,
			 "%s: %s of %u blocks at LBA %" PRIu64 ": beyond the namespace (%" PRIu64
			 " blocks) or the transfer limit (%u bytes)",
			 devname, what, nblocks, lba, c->info.ns1_blocks, c->info.max_transfer);
		goto out;
	}
	if (iova == RTE_BAD_IOVA) {
		NVME_LOG(ERR, "%s: %s buffer %p is not DMA memory (use rte_malloc or a memzone)",
			 devname, what, buf);
		goto out;
	}
	struct nvme_sqe cmd = {.cdw0 = opcode,
			       .nsid = 1,
			       .cdw10 = (uint32_t)lba,
			       .cdw11 = (uint32_t)(lba >> 32),
			       .cdw12 = nblocks - 1};
	set_prps(c, &cmd, iova, (uint32_t)len);
	uint16_t status = 0;
	ret = nvme_qpair_exec(c, &c->io, &cmd, IO_TIMEOUT_MS, &status);
	if (ret == -EIO)
		NVME_LOG(ERR,
			 "%s: %s of %u blocks at LBA %" PRIu64 " failed: status type %u code "
			 "0x%02x",
			 devname, what, nblocks, lba, (status >> 8) & 0x7, status & 0xff);
	else if (ret == -ETIMEDOUT)
		NVME_LOG(ERR, "%s: %s of %u blocks at LBA %" PRIu64 ": no completion in %u ms",
			 devname, what, nblocks, lba, IO_TIMEOUT_MS);
out:
	nvme_ctrl_put(c);
	return ret;
}

int rte_pmd_nvme_read(const char *devname, uint64_t lba, uint32_t nblocks, void *buf)
{
	return rw(devname, NVME_CMD_READ, lba, nblocks, buf);
}

int rte_pmd_nvme_write(const char *devname, uint64_t lba, uint32_t nblocks, const void *buf)
{
	return rw(devname, NVME_CMD_WRITE, lba, nblocks, buf);
}

int rte_pmd_nvme_flush(const char *devname)
{
	if (devname == NULL)
		return -EINVAL;
	struct nvme_ctrl *c = nvme_ctrl_get(devname);
	if (c == NULL)
		return -ENODEV;
	struct nvme_sqe cmd = {.cdw0 = NVME_CMD_FLUSH, .nsid = 1};
	uint16_t status = 0;
	int ret = nvme_qpair_exec(c, &c->io, &cmd, IO_TIMEOUT_MS, &status);
	if (ret != 0)
		NVME_LOG(ERR, "%s: flush failed: %s (status 0x%x)", devname,
			 ret == -EIO ? "controller error" : "no completion", status);
	nvme_ctrl_put(c);
	return ret;
}
