/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Queue pairs: submission and completion rings in DMA memory (rte_zmalloc: IOVA-contiguous, so
 * the controller can take each ring as one physically-contiguous queue), commands submitted by
 * writing the tail doorbell, completions found by polling the phase tag.
 */

#include <errno.h>
#include <time.h>

#include <rte_atomic.h>
#include <rte_io.h>
#include <rte_malloc.h>

#include "nvme_private.h"

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

int nvme_qpair_alloc(struct nvme_ctrl *c, struct nvme_qpair *qp, uint16_t id, uint16_t depth)
{
	int socket = c->dev->device.numa_node;
	uint32_t stride = 4u << NVME_CAP_DSTRD(c->cap);

	*qp = (struct nvme_qpair){.id = id, .depth = depth, .phase = 1};
	qp->sq = rte_zmalloc_socket("nvme_sq", (size_t)depth * sizeof(struct nvme_sqe), NVME_PAGE,
				    socket);
	qp->cq = rte_zmalloc_socket("nvme_cq", (size_t)depth * sizeof(struct nvme_cqe), NVME_PAGE,
				    socket);
	if (qp->sq == NULL || qp->cq == NULL) {
		NVME_LOG(ERR, "%s: no DMA memory for queue %u (%u entries)", c->dev->name, id,
			 depth);
		nvme_qpair_free(qp);
		return -ENOMEM;
	}
	qp->sq_iova = nvme_dma_addr(c, qp->sq);
	qp->cq_iova = nvme_dma_addr(c, (const void *)qp->cq);
	qp->sq_doorbell = (volatile uint32_t *)(c->regs + NVME_REG_DOORBELLS + (2u * id) * stride);
	qp->cq_doorbell =
	    (volatile uint32_t *)(c->regs + NVME_REG_DOORBELLS + (2u * id + 1) * stride);
	return 0;
}

void nvme_qpair_free(struct nvme_qpair *qp)
{
	rte_free(qp->sq);
	rte_free((void *)qp->cq);
	qp->sq = NULL;
	qp->cq = NULL;
}

int nvme_qpair_exec(struct nvme_ctrl *c, struct nvme_qpair *qp, struct nvme_sqe *cmd,
		    uint32_t timeout_ms, uint16_t *status)
{
	uint16_t cid = qp->next_cid++;

	RTE_SET_USED(c);
	cmd->cdw0 = (cmd->cdw0 & 0xffffu) | ((uint32_t)cid << 16);
	qp->sq[qp->sq_tail] = *cmd;
	qp->sq_tail = (uint16_t)((qp->sq_tail + 1) % qp->depth);
	/* rte_write32 orders the entry's stores before the doorbell. */
	rte_write32(qp->sq_tail, qp->sq_doorbell);

	uint64_t deadline = now_ms() + timeout_ms;
	for (;;) {
		volatile struct nvme_cqe *cqe = &qp->cq[qp->cq_head];
		uint16_t st = cqe->status;
		if ((st & 1u) == qp->phase) {
			/* The rest of the entry is read only after its phase tag. */
			rte_io_rmb();
			uint16_t got = cqe->cid;
			qp->cq_head = (uint16_t)((qp->cq_head + 1) % qp->depth);
			if (qp->cq_head == 0)
				qp->phase ^= 1u;
			rte_write32(qp->cq_head, qp->cq_doorbell);
			if (got != cid)
				continue; /* one command in flight: cannot happen; keep looking */
			*status = (uint16_t)(st >> 1);
			return *status == 0 ? 0 : -EIO;
		}
		if (now_ms() > deadline)
			return -ETIMEDOUT;
	}
}
