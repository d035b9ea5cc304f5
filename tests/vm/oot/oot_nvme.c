/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * oot_nvme: a PMD for QEMU's NVMe controller (1b36:0010) as a PMD author outside openeal
 * writes one, against DPDK 22.11's driver API, built with `pkg-config openeal`. Its probe
 * brings the controller up with an admin queue pair in a memzone and sends Identify
 * Controller (NVMe 1.4: 3.1 registers, 7.6.1 initialisation, 5.15 Identify), then prints the
 * serial and model the device wrote by DMA into the memzone, for the VM scenario to check.
 */

#define _POSIX_C_SOURCE 200809L /* nanosleep */

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <bus_pci_driver.h>
#include <rte_io.h>
#include <rte_memzone.h>

#define NVME_REG_CAP 0x00
#define NVME_REG_VS 0x08
#define NVME_REG_CC 0x14
#define NVME_REG_CSTS 0x1c
#define NVME_REG_AQA 0x24
#define NVME_REG_ASQ 0x28
#define NVME_REG_ACQ 0x30
#define NVME_REG_SQ0TDBL 0x1000
#define NVME_CC_EN 0x1u
#define NVME_CC_IOSQES (6u << 16) /* 64-byte submission entries */
#define NVME_CC_IOCQES (4u << 20) /* 16-byte completion entries */
#define NVME_CSTS_RDY 0x1u
#define NVME_ADMIN_IDENTIFY 0x06
#define NVME_CNS_CONTROLLER 0x01
#define QUEUE_DEPTH 2
#define PAGE 4096

static const struct rte_pci_id oot_nvme_ids[] = {
    {RTE_PCI_DEVICE(0x1b36, 0x0010)},
    {.vendor_id = 0},
};

/* One page each: submission queue, completion queue, Identify data. */
static const struct rte_memzone *oot_nvme_mz;

static void sleep_ms(long ms)
{
	struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000};
	nanosleep(&ts, NULL);
}

/* Wait for CSTS.RDY to become rdy, for up to CAP.TO (units of 500 ms). */
static int wait_ready(volatile uint8_t *bar0, uint32_t rdy)
{
	uint64_t cap = rte_read64(bar0 + NVME_REG_CAP);
	long timeout_ms = (long)((cap >> 24) & 0xff) * 500 + 500;
	for (long waited = 0; waited <= timeout_ms; waited += 10) {
		if ((rte_read32(bar0 + NVME_REG_CSTS) & NVME_CSTS_RDY) == rdy)
			return 0;
		sleep_ms(10);
	}
	return -1;
}

static void copy_trimmed(char *out, const uint8_t *in, size_t len)
{
	memcpy(out, in, len);
	out[len] = '\0';
	while (len > 0 && out[len - 1] == ' ')
		out[--len] = '\0';
}

static int oot_nvme_probe(struct rte_pci_driver *drv, struct rte_pci_device *dev)
{
	volatile uint8_t *bar0 = dev->mem_resource[0].addr;
	if (bar0 == NULL)
		return -1;
	oot_nvme_mz = rte_memzone_reserve_aligned("oot_nvme", 3 * PAGE, dev->device.numa_node,
						  RTE_MEMZONE_IOVA_CONTIG, PAGE);
	if (oot_nvme_mz == NULL)
		return -1;
	uint8_t *mem = oot_nvme_mz->addr;
	rte_iova_t iova = oot_nvme_mz->iova;
	memset(mem, 0, 3 * PAGE);

	/* 7.6.1: disable, program the admin queues, enable. */
	rte_write32(0, bar0 + NVME_REG_CC);
	if (wait_ready(bar0, 0) != 0)
		goto fail;
	rte_write32((QUEUE_DEPTH - 1) << 16 | (QUEUE_DEPTH - 1), bar0 + NVME_REG_AQA);
	rte_write64(iova, bar0 + NVME_REG_ASQ);
	rte_write64(iova + PAGE, bar0 + NVME_REG_ACQ);
	rte_write32(NVME_CC_EN | NVME_CC_IOSQES | NVME_CC_IOCQES, bar0 + NVME_REG_CC);
	if (wait_ready(bar0, NVME_CSTS_RDY) != 0)
		goto fail;

	/* 5.15: Identify Controller, its 4 KiB written to the third page. */
	uint32_t *sqe = (uint32_t *)mem;
	sqe[0] = NVME_ADMIN_IDENTIFY | (1u << 16); /* opcode, command id 1 */
	sqe[6] = (uint32_t)(iova + 2 * PAGE);	  /* PRP1 */
	sqe[7] = (uint32_t)((iova + 2 * PAGE) >> 32);
	sqe[10] = NVME_CNS_CONTROLLER;
	rte_write32(1, bar0 + NVME_REG_SQ0TDBL);
	volatile uint32_t *cqe = (volatile uint32_t *)(mem + PAGE);
	for (int waited = 0; (cqe[3] & 0x10000) == 0; waited += 10) {
		if (waited > 2000)
			goto fail;
		sleep_ms(10);
	}
	uint16_t status = (uint16_t)(cqe[3] >> 17);
	char serial[21], model[41];
	copy_trimmed(serial, mem + 2 * PAGE + 4, 20);
	copy_trimmed(model, mem + 2 * PAGE + 24, 40);
	uint32_t vs = rte_read32(bar0 + NVME_REG_VS);
	printf("oot_nvme: %s probed by %s vs=%u.%u status=%u serial=%s model=%s iova_is_va=%d\n",
	       dev->name, drv->driver.name, vs >> 16, (vs >> 8) & 0xff, status, serial, model,
	       iova == (rte_iova_t)(uintptr_t)mem);
	fflush(stdout);
	return status == 0 ? 0 : -1;
fail:
	printf("oot_nvme: %s: the controller did not answer\n", dev->name);
	rte_memzone_free(oot_nvme_mz);
	oot_nvme_mz = NULL;
	return -1;
}

static int oot_nvme_remove(struct rte_pci_device *dev)
{
	volatile uint8_t *bar0 = dev->mem_resource[0].addr;
	rte_write32(0, bar0 + NVME_REG_CC);
	wait_ready(bar0, 0);
	rte_memzone_free(oot_nvme_mz);
	oot_nvme_mz = NULL;
	printf("oot_nvme: %s removed\n", dev->name);
	fflush(stdout);
	return 0;
}

static struct rte_pci_driver oot_nvme_pmd = {
    .id_table = oot_nvme_ids,
    .drv_flags = RTE_PCI_DRV_NEED_MAPPING,
    .probe = oot_nvme_probe,
    .remove = oot_nvme_remove,
};

RTE_PMD_REGISTER_PCI(oot_nvme, oot_nvme_pmd);
RTE_PMD_REGISTER_PCI_TABLE(oot_nvme, oot_nvme_ids);
