/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * nvme-check: run in a VM lab guest against QEMU's NVMe controller on a userspace kernel
 * driver. Prints the IOVA decision (rte_iova.h) as key=value lines, then:
 *
 *   nvme-check io BDF SEED [EAL options]       the nvme PMD probed BDF: print Identify, write 8
 *                                              blocks at LBA 100 + 8 * (SEED % 16) (a pattern
 *                                              from SEED), flush, read them back into another
 *                                              buffer, compare; print where the buffers are
 *                                              (VA, IOVA, PA) and whether every memzone and
 *                                              rte_malloc block of a set has IOVA == VA
 *   nvme-check refused BDF [EAL options]       BDF was not probed: print its verdict line
 *
 * The scenario checks the lines; the exit status is 0 when the program ran to its end with
 * the expected outcome (pattern equal / device refused), 1 otherwise.
 */

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_dev.h>
#include <rte_eal.h>
#include <rte_iova.h>
#include <rte_malloc.h>
#include <rte_memory.h>
#include <rte_memzone.h>
#include <rte_pmd_nvme.h>

#define LBA_BASE 100
#define BLOCKS 8
/* Each seed its own blocks, so that the host can check every run of a scenario. */
#define LBA(seed) (LBA_BASE + BLOCKS * ((seed) % 16))

static void print_report(void)
{
	struct rte_iova_report r;
	struct rte_iova_device devs[16];

	rte_eal_iova_report(&r);
	printf("mode=%s rule=%s\n", rte_iova_mode_name(r.mode), r.rule);
	printf("reason=%s\n", r.reason);
	printf("iommu=%d iommu_bits=%u va_bits=%u remap=%d phys_readable=%d hugepages=%d\n",
	       r.iommu_present, r.iommu_addr_bits, r.va_bits, r.iova_remap, r.phys_readable,
	       r.hugepages);
	unsigned int n = rte_eal_iova_devices(devs, 16);
	for (unsigned int i = 0; i < n && i < 16; i++)
		printf("device=%s need=%s by=%s group=%d domain=%s ok=%d why=%s\n", devs[i].name,
		       rte_iova_mode_name(devs[i].need), devs[i].needed_by, devs[i].iommu_group,
		       rte_iova_domain_name(devs[i].domain), devs[i].ok, devs[i].why);
}

/* Block k of the pattern: a line naming its LBA and the seed, repeated over the block. */
static void fill(uint8_t *buf, uint32_t bs, unsigned int seed)
{
	for (uint32_t b = 0; b < BLOCKS; b++) {
		char line[64];
		int len = snprintf(line, sizeof(line), "openeal nvme lba %08u seed %010u\n",
				   LBA(seed) + b, seed);
		for (uint32_t off = 0; off < bs; off++)
			buf[b * bs + off] = (uint8_t)line[off % (uint32_t)len];
	}
}

/*
 * IOVA as VA must mean IOVA == VA for all DMA memory: memzones and rte_malloc blocks of sizes
 * from a cache line to several segments (growth after the device arrived). Prints the count
 * checked and how many had IOVA == VA, and the lowest and highest address seen.
 */
static void check_all_iova_is_va(void)
{
	static const size_t sizes[] = {64, 4096, 65536, 1u << 20, 3u << 20};
	const struct rte_memzone *mz[RTE_DIM(sizes)];
	void *blk[RTE_DIM(sizes)];
	unsigned int checked = 0, equal = 0;
	uintptr_t lo = UINTPTR_MAX, hi = 0;

	for (size_t i = 0; i < RTE_DIM(sizes); i++) {
		char name[32];
		snprintf(name, sizeof(name), "nvme-check-%zu", i);
		mz[i] = rte_memzone_reserve(name, sizes[i], SOCKET_ID_ANY, 0);
		blk[i] = rte_malloc(name, sizes[i], 0);
		if (mz[i] != NULL) {
			checked++;
			equal += mz[i]->iova == (uintptr_t)mz[i]->addr &&
				 rte_mem_virt2iova(mz[i]->addr) == (uintptr_t)mz[i]->addr;
			lo = RTE_MIN(lo, (uintptr_t)mz[i]->addr);
			hi = RTE_MAX(hi, (uintptr_t)mz[i]->addr + mz[i]->len);
		}
		if (blk[i] != NULL) {
			checked++;
			equal += rte_malloc_virt2iova(blk[i]) == (uintptr_t)blk[i] &&
				 rte_mem_virt2iova(blk[i]) == (uintptr_t)blk[i];
			lo = RTE_MIN(lo, (uintptr_t)blk[i]);
			hi = RTE_MAX(hi, (uintptr_t)blk[i] + sizes[i]);
		}
	}
	printf("dma_checked=%u dma_iova_is_va=%u dma_lowest=0x%" PRIxPTR " dma_highest=0x%" PRIxPTR
	       " dma_below_39_bits=%d\n",
	       checked, equal, lo, hi, hi <= (1ULL << 39));
	for (size_t i = 0; i < RTE_DIM(sizes); i++) {
		rte_memzone_free(mz[i]);
		rte_free(blk[i]);
	}
}

static int run_io(const char *bdf, unsigned int seed)
{
	struct rte_pmd_nvme_info info;
	int ret = rte_pmd_nvme_info_get(bdf, &info);

	if (ret != 0) {
		printf("info_get=%d (not probed by the nvme PMD)\n", ret);
		return 1;
	}
	printf("serial=%s\nmodel=%s\nfirmware=%s\n", info.serial, info.model, info.firmware);
	printf("namespaces=%u blocks=%" PRIu64 " block_size=%u max_transfer=%u\n", info.namespaces,
	       info.ns1_blocks, info.ns1_block_size, info.max_transfer);

	size_t len = (size_t)BLOCKS * info.ns1_block_size;
	uint8_t *out = rte_malloc("nvme-check", len, 4096);
	uint8_t *in = rte_zmalloc("nvme-check", len, 4096);
	if (out == NULL || in == NULL) {
		printf("rte_malloc failed\n");
		return 1;
	}
	rte_iova_t iova = rte_malloc_virt2iova(out);
	printf("buffer_va=0x%" PRIxPTR " buffer_iova=0x%" PRIx64 " buffer_pa=0x%" PRIx64 "\n",
	       (uintptr_t)out, iova, rte_mem_virt2phy(out));
	printf("va_below_39_bits=%d iova_below_39_bits=%d iova_is_va=%d\n",
	       (uintptr_t)out < (1ULL << 39), iova < (1ULL << 39), iova == (uintptr_t)out);
	check_all_iova_is_va();

	/* What backs DMA memory: hugepages (2048 kB) or locked ordinary pages (4 kB). */
	const struct rte_memzone *mz = rte_memzone_reserve("nvme-check", 4096, SOCKET_ID_ANY, 0);
	printf("memzone_page_kb=%" PRIu64 " memzone_iova_ok=%d\n",
	       mz != NULL ? mz->hugepage_sz >> 10 : 0,
	       mz != NULL && mz->iova == rte_mem_virt2iova(mz->addr));
	rte_memzone_free(mz);

	fill(out, info.ns1_block_size, seed);
	int w = rte_pmd_nvme_write(bdf, LBA(seed), BLOCKS, out);
	int f = rte_pmd_nvme_flush(bdf);
	int r = rte_pmd_nvme_read(bdf, LBA(seed), BLOCKS, in);
	int same = memcmp(in, out, len) == 0;
	printf("write=%d flush=%d read=%d pattern=%s\n", w, f, r, same ? "ok" : "DIFFERENT");
	/* The host checks the disk image for this after the guest powers off. */
	printf("PATTERN-WRITTEN lba=%u blocks=%u block_size=%u seed=%u\n", LBA(seed), BLOCKS,
	       info.ns1_block_size, seed);
	rte_free(out);
	rte_free(in);
	return (w == 0 && f == 0 && r == 0 && same) ? 0 : 1;
}

static int run_refused(const char *bdf)
{
	struct rte_pmd_nvme_info info;
	int probed = rte_pmd_nvme_info_get(bdf, &info) == 0;

	printf("probed=%d\n", probed);
	return probed ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc < 3 || (strcmp(argv[1], "io") != 0 && strcmp(argv[1], "refused") != 0)) {
		fprintf(stderr, "usage: nvme-check io BDF SEED [EAL options] | refused BDF [EAL "
				"options]\n");
		return 2;
	}
	const char *mode = argv[1];
	const char *bdf = argv[2];
	int skip = strcmp(mode, "io") == 0 ? 4 : 3;
	if (argc < skip) {
		fprintf(stderr, "nvme-check io: missing SEED\n");
		return 2;
	}
	unsigned int seed = skip == 4 ? (unsigned int)strtoul(argv[3], NULL, 10) : 0;

	/* argv[0], then the EAL options after the program's own arguments. */
	char *eal[32] = {argv[0]};
	int n = 1;
	for (int i = skip; i < argc && n < 31; i++)
		eal[n++] = argv[i];
	if (rte_eal_init(n, eal) < 0) {
		printf("rte_eal_init failed\n");
		return 1;
	}
	print_report();
	int ret = strcmp(mode, "io") == 0 ? run_io(bdf, seed) : run_refused(bdf);
	printf("cleanup=%d\n", rte_eal_cleanup());
	return ret;
}
