/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Controller bring-up (NVMe 1.4, 7.6.1): disable, admin queues in DMA memory, enable, Identify
 * Controller and Namespace 1, number of queues, one I/O queue pair; and teardown, which disables
 * the controller first so that it stops all DMA before its memory is freed.
 */

#include <errno.h>
#include <string.h>
#include <time.h>

#include <rte_io.h>
#include <rte_malloc.h>

#include "nvme_private.h"

/* Admin commands take this long at most (TCG guests are slow; real controllers far faster). */
#define ADMIN_TIMEOUT_MS 10000
#define ADMIN_DEPTH 32
#define IO_DEPTH 64
/* What one read/write may move: the first page plus one PRP-list page of entries. */
#define MAX_TRANSFER (128u * 1024)

static uint32_t rd32(const struct nvme_ctrl *c, uint32_t off)
{
	return rte_read32(c->regs + off);
}

static void wr32(struct nvme_ctrl *c, uint32_t off, uint32_t v)
{
	rte_write32(v, c->regs + off);
}

/* 64-bit registers as two 32-bit accesses, low half first: works on every controller. */
static uint64_t rd64(const struct nvme_ctrl *c, uint32_t off)
{
	uint64_t lo = rd32(c, off);

	return lo | (uint64_t)rd32(c, off + 4) << 32;
}

static void wr64(struct nvme_ctrl *c, uint32_t off, uint64_t v)
{
	wr32(c, off, (uint32_t)v);
	wr32(c, off + 4, (uint32_t)(v >> 32));
}

static int wait_ready(struct nvme_ctrl *c, bool ready)
{
	struct timespec pause = {.tv_nsec = 1000000};

	for (uint32_t waited = 0; waited <= c->timeout_ms; waited++) {
		uint32_t csts = rd32(c, NVME_REG_CSTS);
		if (csts == UINT32_MAX) {
			NVME_LOG(ERR, "%s: registers read as all ones: the device is gone",
				 c->dev->name);
			return -ENODEV;
		}
		if (ready && (csts & NVME_CSTS_CFS) != 0) {
			NVME_LOG(ERR, "%s: controller fatal status while enabling (CSTS 0x%x)",
				 c->dev->name, csts);
			return -EIO;
		}
		if (((csts & NVME_CSTS_RDY) != 0) == ready)
			return 0;
		nanosleep(&pause, NULL);
	}
	NVME_LOG(ERR, "%s: controller not %s after %u ms (CAP.TO)", c->dev->name,
		 ready ? "ready" : "disabled", c->timeout_ms);
	return -ETIMEDOUT;
}

static int admin(struct nvme_ctrl *c, struct nvme_sqe *cmd, const char *what)
{
	uint16_t status = 0;
	int ret = nvme_qpair_exec(c, &c->admin, cmd, ADMIN_TIMEOUT_MS, &status);

	if (ret == -EIO)
		NVME_LOG(ERR, "%s: %s failed: status type %u code 0x%02x", c->dev->name, what,
			 (status >> 8) & 0x7, status & 0xff);
	else if (ret == -ETIMEDOUT)
		NVME_LOG(ERR, "%s: %s: no completion in %u ms", c->dev->name, what,
			 ADMIN_TIMEOUT_MS);
	return ret;
}

/* Identify text fields are space-padded, not terminated. */
static void copy_trimmed(char *dst, size_t size, const uint8_t *src, size_t len)
{
	size_t n = len < size - 1 ? len : size - 1;

	memcpy(dst, src, n);
	while (n > 0 && (dst[n - 1] == ' ' || dst[n - 1] == '\0'))
		n--;
	dst[n] = '\0';
}

static int identify(struct nvme_ctrl *c)
{
	const uint8_t *d = c->scratch;
	struct nvme_sqe cmd = {
	    .cdw0 = NVME_ADM_IDENTIFY, .prp1 = c->scratch_iova, .cdw10 = NVME_ID_CNS_CTRL};
	int ret = admin(c, &cmd, "Identify Controller");

	if (ret != 0)
		return ret;
	copy_trimmed(c->info.serial, sizeof(c->info.serial), d + NVME_IDC_SN, 20);
	copy_trimmed(c->info.model, sizeof(c->info.model), d + NVME_IDC_MN, 40);
	copy_trimmed(c->info.firmware, sizeof(c->info.firmware), d + NVME_IDC_FR, 8);
	memcpy(&c->info.namespaces, d + NVME_IDC_NN, 4);
	uint8_t mdts = d[NVME_IDC_MDTS];
	uint32_t min_page = NVME_PAGE << NVME_CAP_MPSMIN(c->cap);
	c->info.max_transfer = MAX_TRANSFER;
	if (mdts != 0 && mdts < 16 && (min_page << mdts) < MAX_TRANSFER)
		c->info.max_transfer = min_page << mdts;

	cmd = (struct nvme_sqe){
	    .cdw0 = NVME_ADM_IDENTIFY, .nsid = 1, .prp1 = c->scratch_iova, .cdw10 = NVME_ID_CNS_NS};
	ret = admin(c, &cmd, "Identify Namespace 1");
	if (ret != 0)
		return ret;
	uint32_t lbaf;
	memcpy(&c->info.ns1_blocks, d + NVME_IDN_NSZE, 8);
	memcpy(&lbaf, d + NVME_IDN_LBAF + 4 * (d[NVME_IDN_FLBAS] & 0xf), 4);
	c->info.ns1_block_size = 1u << ((lbaf >> 16) & 0xff);
	return 0;
}

static int create_io_queues(struct nvme_ctrl *c)
{
	uint16_t depth = (uint16_t)RTE_MIN((uint32_t)IO_DEPTH, NVME_CAP_MQES(c->cap) + 1);
	struct nvme_sqe cmd = {.cdw0 = NVME_ADM_SET_FEATURES,
			       .cdw10 = NVME_FEAT_NUM_QUEUES,
			       .cdw11 = 0}; /* one submission and one completion queue */
	int ret = admin(c, &cmd, "Set Features (number of queues)");

	if (ret == 0)
		ret = nvme_qpair_alloc(c, &c->io, 1, depth);
	if (ret != 0)
		return ret;
	cmd = (struct nvme_sqe){.cdw0 = NVME_ADM_CREATE_CQ,
				.prp1 = c->io.cq_iova,
				.cdw10 = ((uint32_t)(depth - 1) << 16) | 1,
				.cdw11 = NVME_QUEUE_PC}; /* polled: no interrupt */
	ret = admin(c, &cmd, "Create I/O Completion Queue 1");
	if (ret == 0) {
		cmd = (struct nvme_sqe){.cdw0 = NVME_ADM_CREATE_SQ,
					.prp1 = c->io.sq_iova,
					.cdw10 = ((uint32_t)(depth - 1) << 16) | 1,
					.cdw11 = (1u << 16) | NVME_QUEUE_PC};
		ret = admin(c, &cmd, "Create I/O Submission Queue 1");
	}
	c->info.io_queue_depth = depth;
	return ret;
}

static void disable(struct nvme_ctrl *c)
{
	if ((rd32(c, NVME_REG_CC) & NVME_CC_EN) != 0) {
		wr32(c, NVME_REG_CC, rd32(c, NVME_REG_CC) & ~NVME_CC_EN);
		wait_ready(c, false);
	}
}

int nvme_ctrl_start(struct nvme_ctrl *c)
{
	int ret;

	c->cap = rd64(c, NVME_REG_CAP);
	if (c->cap == UINT64_MAX) {
		NVME_LOG(ERR, "%s: registers read as all ones: the device is gone", c->dev->name);
		return -ENODEV;
	}
	/* CAP.TO is in 500 ms units; keep at least a second for slow emulation. */
	c->timeout_ms = RTE_MAX(NVME_CAP_TO(c->cap) * 500u, 1000u);
	disable(c);

	c->scratch =
	    rte_zmalloc_socket("nvme_scratch", NVME_PAGE, NVME_PAGE, c->dev->device.numa_node);
	if (c->scratch == NULL) {
		NVME_LOG(ERR, "%s: no DMA memory for the identify page", c->dev->name);
		return -ENOMEM;
	}
	c->scratch_iova = nvme_dma_addr(c, c->scratch);
	ret = nvme_qpair_alloc(c, &c->admin, 0, ADMIN_DEPTH);
	if (ret != 0)
		goto fail;
	wr32(c, NVME_REG_AQA, ((ADMIN_DEPTH - 1u) << 16) | (ADMIN_DEPTH - 1u));
	wr64(c, NVME_REG_ASQ, c->admin.sq_iova);
	wr64(c, NVME_REG_ACQ, c->admin.cq_iova);
	wr32(c, NVME_REG_CC,
	     NVME_CC_EN | NVME_CC_CSS_NVM | NVME_CC_MPS_4K | NVME_CC_IOSQES | NVME_CC_IOCQES);
	ret = wait_ready(c, true);
	if (ret == 0)
		ret = identify(c);
	if (ret == 0)
		ret = create_io_queues(c);
	if (ret == 0)
		return 0;
fail:
	nvme_ctrl_stop(c);
	return ret;
}

void nvme_ctrl_stop(struct nvme_ctrl *c)
{
	/* A disabled controller has dropped every queue: no DMA into what is freed next. */
	disable(c);
	nvme_qpair_free(&c->io);
	nvme_qpair_free(&c->admin);
	rte_free(c->scratch);
	c->scratch = NULL;
}
