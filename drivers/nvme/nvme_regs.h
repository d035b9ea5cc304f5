/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef NVME_REGS_H
#define NVME_REGS_H

/* NVMe 1.4 controller registers, queue entries and the commands this driver issues. */

#include <stdint.h>

/* Controller registers (BAR0). */
#define NVME_REG_CAP 0x00 /* 64-bit */
#define NVME_REG_VS 0x08
#define NVME_REG_CC 0x14
#define NVME_REG_CSTS 0x1c
#define NVME_REG_AQA 0x24
#define NVME_REG_ASQ 0x28 /* 64-bit */
#define NVME_REG_ACQ 0x30 /* 64-bit */
#define NVME_REG_DOORBELLS 0x1000

#define NVME_CAP_MQES(cap) ((uint32_t)((cap)&0xffff))	       /* max entries - 1 */
#define NVME_CAP_TO(cap) ((uint32_t)(((cap) >> 24) & 0xff))    /* 500 ms units */
#define NVME_CAP_DSTRD(cap) ((uint32_t)(((cap) >> 32) & 0xf))  /* doorbell stride */
#define NVME_CAP_MPSMIN(cap) ((uint32_t)(((cap) >> 48) & 0xf)) /* 2^(12+n) */

#define NVME_CC_EN (1u << 0)
#define NVME_CC_CSS_NVM (0u << 4)
#define NVME_CC_MPS_4K (0u << 7)
#define NVME_CC_IOSQES (6u << 16) /* 64-byte submission entries */
#define NVME_CC_IOCQES (4u << 20) /* 16-byte completion entries */
#define NVME_CSTS_RDY (1u << 0)
#define NVME_CSTS_CFS (1u << 1)

#define NVME_PAGE 4096u

/* Admin opcodes. */
#define NVME_ADM_CREATE_SQ 0x01
#define NVME_ADM_CREATE_CQ 0x05
#define NVME_ADM_IDENTIFY 0x06
#define NVME_ADM_SET_FEATURES 0x09
/* NVM opcodes. */
#define NVME_CMD_FLUSH 0x00
#define NVME_CMD_WRITE 0x01
#define NVME_CMD_READ 0x02

#define NVME_ID_CNS_NS 0x00
#define NVME_ID_CNS_CTRL 0x01
#define NVME_FEAT_NUM_QUEUES 0x07

/* Queue creation: physically (IOVA-) contiguous queue memory. */
#define NVME_QUEUE_PC (1u << 0)

struct nvme_sqe {
	uint32_t cdw0; /* opcode 7:0, command id 31:16 */
	uint32_t nsid;
	uint32_t cdw2, cdw3;
	uint64_t mptr;
	uint64_t prp1;
	uint64_t prp2;
	uint32_t cdw10, cdw11, cdw12, cdw13, cdw14, cdw15;
};

struct nvme_cqe {
	uint32_t dw0;
	uint32_t dw1;
	uint16_t sq_head;
	uint16_t sq_id;
	uint16_t cid;
	uint16_t status; /* phase tag in bit 0, status field in 15:1 */
};

_Static_assert(sizeof(struct nvme_sqe) == 64, "submission entry");
_Static_assert(sizeof(struct nvme_cqe) == 16, "completion entry");

/* Identify Controller: offsets of the fields used. */
#define NVME_IDC_SN 4	 /* 20 bytes, ASCII, space padded */
#define NVME_IDC_MN 24	 /* 40 bytes */
#define NVME_IDC_FR 64	 /* 8 bytes */
#define NVME_IDC_MDTS 77 /* max transfer: 2^MDTS minimum pages; 0: no limit */
#define NVME_IDC_NN 516	 /* number of namespaces, 32-bit */
/* Identify Namespace. */
#define NVME_IDN_NSZE 0	  /* size in blocks, 64-bit */
#define NVME_IDN_FLBAS 26 /* format in use: bits 3:0 */
#define NVME_IDN_LBAF 128 /* 16 formats of 4 bytes; LBADS in bits 23:16 */

#endif
