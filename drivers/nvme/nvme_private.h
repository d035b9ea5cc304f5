/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef NVME_PRIVATE_H
#define NVME_PRIVATE_H

/* State shared by the files of the NVMe driver. */

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/queue.h>

#include <bus_pci_driver.h>
#include <rte_log.h>
#include <rte_malloc.h>

#include "nvme_regs.h"
#include "rte_pmd_nvme.h"

extern int nvme_logtype;
#define NVME_LOG(level, fmt, ...) rte_log(RTE_LOG_##level, nvme_logtype, fmt "\n", ##__VA_ARGS__)

/* A submission/completion queue pair in DMA memory, completions found by polling. */
struct nvme_qpair {
	uint16_t id;
	uint16_t depth;
	struct nvme_sqe *sq;
	volatile struct nvme_cqe *cq;
	uint64_t sq_iova;
	uint64_t cq_iova;
	uint16_t sq_tail;
	uint16_t cq_head;
	uint16_t phase; /* the phase tag a new completion carries */
	uint16_t next_cid;
	volatile uint32_t *sq_doorbell;
	volatile uint32_t *cq_doorbell;
};

struct nvme_ctrl {
	TAILQ_ENTRY(nvme_ctrl) next;
	struct rte_pci_device *dev;
	volatile uint8_t *regs;
	uint64_t cap;
	uint32_t timeout_ms;  /* CAP.TO */
	pthread_mutex_t lock; /* one command at a time on each queue */
	struct nvme_qpair admin;
	struct nvme_qpair io;
	void *scratch; /* one page: identify data, PRP lists */
	uint64_t scratch_iova;
	bool dma_va; /* devargs dma_addr=va: pointers are the DMA addresses */
	struct rte_pmd_nvme_info info;
};

/*
 * The address the controller is given for DMA memory at p: its IOVA, or with dma_addr=va the
 * pointer itself, as PMDs written for IOVA as VA do (the VM lab checks that this holds).
 */
static inline uint64_t nvme_dma_addr(const struct nvme_ctrl *c, const void *p)
{
	return c->dma_va ? (uintptr_t)p : rte_malloc_virt2iova(p);
}

/* Controllers probed, by device name (nvme_probe.c). The list lock covers lookups. */
struct nvme_ctrl *nvme_ctrl_get(const char *devname);
void nvme_ctrl_put(struct nvme_ctrl *c);

/* Queue pairs (nvme_queue.c). */
int nvme_qpair_alloc(struct nvme_ctrl *c, struct nvme_qpair *qp, uint16_t id, uint16_t depth);
void nvme_qpair_free(struct nvme_qpair *qp);
/*
 * Submit cmd on qp and poll for its completion for up to timeout_ms. 0, -EIO (the controller
 * reported an error: status in *status), -ETIMEDOUT.
 */
int nvme_qpair_exec(struct nvme_ctrl *c, struct nvme_qpair *qp, struct nvme_sqe *cmd,
		    uint32_t timeout_ms, uint16_t *status);

/* Controller bring-up and teardown (nvme_ctrl.c). */
int nvme_ctrl_start(struct nvme_ctrl *c);
void nvme_ctrl_stop(struct nvme_ctrl *c);

#endif
