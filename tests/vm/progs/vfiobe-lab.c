/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vfiobe-lab: the vfio-pci backend (drivers/bus/pci/pci_vfio*.c) against real devices in the
 * VM lab (scenarios/vfio-backend.sh, vfio-hotplug.sh). Every mode takes EAL options first:
 *
 *   vfiobe-lab msix [EAL options] -- E1000E_BDF NVME_BDF NVME_SERIAL
 *     Maps both devices (no driver: rte_pci_map_device) and proves their MSI-X paths. 82574L:
 *     the BAR holding the MSI-X table (BAR3) is mapped and the table entries read what the
 *     kernel programmed; two Rx event fds (rte_intr_efd_enable) on vectors 1 and 2 fire
 *     through rte_epoll_wait when RXQ0/RXQ1 are raised through ICS, and vector 0 reaches a
 *     callback on the interrupt thread for a link-change cause. NVMe: CAP and VS read beside
 *     the table in BAR0; the admin queue is set up in VFIO DMA memory and an Identify
 *     Controller completion arrives on MSI-X vector 0, with QEMU's serial and model.
 *
 *   vfiobe-lab caps [EAL options]
 *     For every scanned device, maps it if it is on vfio-pci, then prints its capability list
 *     as found through the backend by rte_pci_find_capability / _next_capability over every
 *     standard id and rte_pci_find_ext_capability over every extended id:
 *     "caps BDF SOURCE OFF:ID ..." (offsets in hex, sorted).
 *
 *   vfiobe-lab fail [EAL options] [-- --hold-group N]
 *     rte_eal_init must fail (a device the backend cannot map, probed by net_e1000 or by this
 *     program's driver for QEMU's edu device); prints the result and the fd counts around it.
 *     --hold-group keeps /dev/vfio/N open in a child process meanwhile.
 *
 *   vfiobe-lab hotplug [EAL options] -- PROBED_BDF MAPPED_BDF [ACK_BDF]
 *     PROBED_BDF is probed by net_e1000, MAPPED_BDF is mapped by the program without a
 *     driver. Prints VFIOBE-READY-FOR-DEL, then waits for the host to device_del both: the
 *     request interrupt must make net_e1000's remove run (the PMD forgets the device) and
 *     unmap the other, leaving no VFIO fd; cleanup then leaves no fd at all. With ACK_BDF
 *     the program then stays alive, EAL and all, until a PCI test device (1b36:0005) shows
 *     up there: the host hot-adds it once QEMU reported DEVICE_DELETED for both, so seeing
 *     it proves the host got both back while this process was still running.
 *
 * One "ok: ..." / "FAIL: ..." line per check; exit status 1 if any failed, 2 on usage errors.
 */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <bus_driver.h>
#include <bus_pci_driver.h>
#include <rte_bus.h>
#include <rte_bus_pci.h>
#include <rte_dev.h>
#include <rte_eal.h>
#include <rte_epoll.h>
#include <rte_errno.h>
#include <rte_interrupts.h>
#include <rte_io.h>
#include <rte_pmd_e1000.h>
#include <rte_vfio.h>
#include <rte_vfio_ext.h>

#include "lab_util.h"

static void sleep_ms(long ms)
{
	const struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

/* Open fds, and how many of them are VFIO containers, groups, devices or eventfds. */
struct fd_census {
	int all, vfio, eventfd;
};

static struct fd_census fd_census_print(bool print_vfio)
{
	struct fd_census c = {0, 0, 0};
	char target[PATH_MAX];
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;

	if (d == NULL)
		return (struct fd_census){-1, -1, -1};
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || atoi(e->d_name) == dirfd(d))
			continue;
		c.all++;
		ssize_t n = readlinkat(dirfd(d), e->d_name, target, sizeof(target) - 1);
		if (n < 0)
			continue;
		target[n] = '\0';
		bool vfio = strncmp(target, "/dev/vfio/", 10) == 0 || strstr(target, "vfio-device");
		c.vfio += vfio;
		if (vfio && print_vfio)
			printf("open VFIO fd %s -> %s\n", e->d_name, target);
		c.eventfd += strstr(target, "[eventfd]") != NULL;
	}
	closedir(d);
	return c;
}

static struct fd_census fd_census(void)
{
	return fd_census_print(false);
}

static int name_is(const struct rte_device *dev, const void *name)
{
	return strcmp(rte_dev_name(dev), name);
}

static struct rte_pci_device *pci_find(const char *name)
{
	struct rte_device *d = rte_bus_find_by_name("pci")->find_device(NULL, name_is, name);
	return d != NULL ? RTE_DEV_TO_PCI(d) : NULL;
}

static uint32_t rd32(const struct rte_pci_device *dev, int bar, uint32_t off)
{
	return rte_read32((const volatile uint8_t *)dev->mem_resource[bar].addr + off);
}

static uint64_t rd64(const struct rte_pci_device *dev, int bar, uint32_t off)
{
	return rd32(dev, bar, off) | (uint64_t)rd32(dev, bar, off + 4) << 32;
}

static void wr32(const struct rte_pci_device *dev, int bar, uint32_t off, uint32_t v)
{
	rte_write32(v, (volatile uint8_t *)dev->mem_resource[bar].addr + off);
}

static void wr64(const struct rte_pci_device *dev, int bar, uint32_t off, uint64_t v)
{
	wr32(dev, bar, off, (uint32_t)v);
	wr32(dev, bar, off + 4, (uint32_t)(v >> 32));
}

/* Poll cond(arg) every millisecond for up to ms; the time it took, or -1. */
static double wait_until(bool (*cond)(void *), void *arg, long ms)
{
	double t0 = now_ms();

	while (now_ms() - t0 < (double)ms) {
		if (cond(arg))
			return now_ms() - t0;
		sleep_ms(1);
	}
	return cond(arg) ? now_ms() - t0 : -1;
}

/* The VFIO region info of a mapped vfio-pci device's BAR (the device fd is the handle's). */
static bool msix_mappable(const struct rte_pci_device *dev, int bar)
{
	struct rte_vfio_region_info ri;

	return rte_vfio_get_region_info(rte_intr_dev_fd_get(dev->intr_handle), (uint32_t)bar,
					&ri) == 0 &&
	       ri.msix_mappable;
}

/* ---------------------------------------------------------------- msix: 82574L ---------- */

#define E1000_STATUS 0x0008
#define E1000_ICR 0x00c0
#define E1000_ITR 0x00c4
#define E1000_ICS 0x00c8
#define E1000_IMS 0x00d0
#define E1000_IMC 0x00d8
#define E1000_IVAR 0x00e4
#define E1000_EITR(n) (0x00e8 + 4 * (n))
#define E1000_ICR_LSC (1u << 2)
#define E1000_ICR_RXQ0 (1u << 20)
#define E1000_ICR_RXQ1 (1u << 21)
#define E1000_ICR_OTHER (1u << 24)
#define E1000_IVAR_VALID 0x8u
#define E1000_MSIX_BAR 3
#define E1000_MSIX_VECTORS 5

struct vec0_count {
	const struct rte_pci_device *dev;
	unsigned int calls;
	uint32_t icr;
};

static void e1000e_vector0(void *arg)
{
	struct vec0_count *c = arg;
	uint32_t icr = rd32(c->dev, 0, E1000_ICR);

	/* Under MSI-X the 82574L clears ICR on write, not on read. */
	wr32(c->dev, 0, E1000_ICR, icr);
	__atomic_or_fetch(&c->icr, icr, __ATOMIC_RELAXED);
	__atomic_add_fetch(&c->calls, 1, __ATOMIC_RELEASE);
	rte_intr_ack(c->dev->intr_handle);
}

static bool vec0_called(void *arg)
{
	return __atomic_load_n(&((struct vec0_count *)arg)->calls, __ATOMIC_ACQUIRE) > 0;
}

/* Raise cause through ICS and wait for an Rx event on the thread's epoll instance. */
static void e1000e_rx_vector(const struct rte_pci_device *dev, uint32_t cause, int queue)
{
	struct rte_epoll_event ev[4];

	wr32(dev, 0, E1000_ICS, cause);
	double t0 = now_ms();
	int n = rte_epoll_wait(RTE_EPOLL_PER_THREAD, ev, 4, 2000);
	double t = now_ms() - t0;
	check(n == 1 && ev[0].epdata.data == (void *)(uintptr_t)(queue + 1),
	      "82574L: RXQ%d cause -> MSI-X vector %d -> Rx event fd %d via rte_epoll_wait (%d "
	      "event(s), data %p, %.2f ms)",
	      queue, queue + 1, queue, n, n > 0 ? ev[0].epdata.data : NULL, t);
	wr32(dev, 0, E1000_ICR, cause);
}

static void msix_e1000e(struct rte_pci_device *dev)
{
	double t0 = now_ms();
	int ret = rte_pci_map_device(dev);
	check(ret == 0, "82574L %s: mapped through vfio-pci (%.1f ms)", dev->name, now_ms() - t0);
	if (dev->backend_priv == NULL)
		return;
	/* The backend creates the handle at map. */
	struct rte_intr_handle *h = dev->intr_handle;
	check(rte_intr_type_get(h) == RTE_INTR_HANDLE_VFIO_MSIX && rte_intr_cap_multiple(h),
	      "82574L: interrupt handle is VFIO MSI-X (type %d) with multiple vectors",
	      (int)rte_intr_type_get(h));
	check(rte_intr_nb_intr_get(h) == E1000_MSIX_VECTORS,
	      "82574L: handle sized to the device's %d MSI-X vectors (%d)", E1000_MSIX_VECTORS,
	      rte_intr_nb_intr_get(h));
	check(dev->mem_resource[E1000_MSIX_BAR].addr != NULL,
	      "82574L: BAR%d (MSI-X table and PBA) mapped, MSIX_MAPPABLE %s", E1000_MSIX_BAR,
	      msix_mappable(dev, E1000_MSIX_BAR) ? "yes" : "no");
	uint32_t status = rd32(dev, 0, E1000_STATUS);
	check((status & 0x2) != 0 && status != UINT32_MAX, "82574L: STATUS 0x%08x (link up)",
	      status);

	/* Quiet, unthrottled device: QEMU 7.2 may abort if MSI-X goes while a timer runs. */
	wr32(dev, 0, E1000_IMC, UINT32_MAX);
	wr32(dev, 0, E1000_ITR, 0);
	for (int i = 0; i < E1000_MSIX_VECTORS; i++)
		wr32(dev, 0, E1000_EITR(i), 0);
	wr32(dev, 0, E1000_ICR, UINT32_MAX);

	struct vec0_count vec0 = {.dev = dev};
	ret = rte_intr_callback_register(h, e1000e_vector0, &vec0);
	check(ret == 0, "82574L: vector-0 callback registered (%d)", ret);
	ret = rte_intr_efd_enable(h, 2);
	check(ret == 0 && rte_intr_nb_efd_get(h) == 2 && rte_intr_max_intr_get(h) == 3,
	      "82574L: rte_intr_efd_enable(2): %d event fds, %d vectors (%d)",
	      rte_intr_nb_efd_get(h), rte_intr_max_intr_get(h), ret);
	for (int q = 0; q < 2; q++)
		rte_intr_rx_ctl(h, RTE_EPOLL_PER_THREAD, RTE_INTR_EVENT_ADD,
				(unsigned int)q + RTE_INTR_VEC_RXTX_OFFSET,
				(void *)(uintptr_t)(q + 1));
	ret = rte_intr_enable(h);
	check(ret == 0, "82574L: rte_intr_enable with 3 MSI-X vectors (%d)", ret);

	/* The kernel programmed the entries of the enabled vectors: address in the MSI window. */
	for (int v = 0; v < 3; v++) {
		uint32_t addr = rd32(dev, E1000_MSIX_BAR, (uint32_t)v * 16);
		uint32_t ctrl = rd32(dev, E1000_MSIX_BAR, (uint32_t)v * 16 + 12);
		check((addr & 0xfff00000) == 0xfee00000 && (ctrl & 1) == 0,
		      "82574L: MSI-X table entry %d read through the mapped BAR%d: address 0x%08x, "
		      "unmasked (control 0x%x)",
		      v, E1000_MSIX_BAR, addr, ctrl);
	}
	uint32_t pba = rd32(dev, E1000_MSIX_BAR, 0x2000);
	check(pba == 0, "82574L: PBA beside the table (BAR%d+0x2000) reads 0x%x, nothing pending",
	      E1000_MSIX_BAR, pba);

	/* RXQ0 -> vector 1, RXQ1 -> vector 2, other causes -> vector 0. */
	wr32(dev, 0, E1000_IVAR,
	     (1 | E1000_IVAR_VALID) | (2 | E1000_IVAR_VALID) << 4 | E1000_IVAR_VALID << 16);
	wr32(dev, 0, E1000_IMS, E1000_ICR_RXQ0 | E1000_ICR_RXQ1 | E1000_ICR_LSC | E1000_ICR_OTHER);
	e1000e_rx_vector(dev, E1000_ICR_RXQ0, 0);
	e1000e_rx_vector(dev, E1000_ICR_RXQ1, 1);
	check(__atomic_load_n(&vec0.calls, __ATOMIC_ACQUIRE) == 0,
	      "82574L: no vector-0 callback for Rx causes (%u)", vec0.calls);
	wr32(dev, 0, E1000_ICS, E1000_ICR_LSC);
	double t = wait_until(vec0_called, &vec0, 2000);
	check(t >= 0 && (vec0.icr & E1000_ICR_LSC) != 0,
	      "82574L: LSC cause -> MSI-X vector 0 -> callback on the interrupt thread (%.2f ms, "
	      "ICR 0x%08x)",
	      t, vec0.icr);

	wr32(dev, 0, E1000_IMC, UINT32_MAX);
	for (int q = 0; q < 2; q++)
		rte_intr_rx_ctl(h, RTE_EPOLL_PER_THREAD, RTE_INTR_EVENT_DEL,
				(unsigned int)q + RTE_INTR_VEC_RXTX_OFFSET, NULL);
	check(rte_intr_disable(h) == 0, "82574L: rte_intr_disable");
	rte_intr_efd_disable(h);
	check(rte_intr_callback_unregister_sync(h, e1000e_vector0, &vec0) == 1,
	      "82574L: callback unregistered");
}

/* ---------------------------------------------------------------- msix: NVMe ------------ */

#define NVME_CAP 0x00
#define NVME_VS 0x08
#define NVME_CC 0x14
#define NVME_CSTS 0x1c
#define NVME_AQA 0x24
#define NVME_ASQ 0x28
#define NVME_ACQ 0x30
#define NVME_SQ0TDBL 0x1000
#define NVME_CC_EN 0x1u
#define NVME_CC_ENTRY_SIZES (6u << 16 | 4u << 20) /* 64-byte SQ, 16-byte CQ entries */
#define NVME_MSIX_TABLE 0x2000
#define NVME_QUEUE_ENTRIES 16
/* IOVAs far below the vIOMMU's 39-bit limit, which user virtual addresses exceed. */
#define NVME_IOVA 0x10000000ull
#define NVME_DMA_PAGES 3

struct nvme_completion {
	const struct rte_pci_device *dev;
	volatile uint32_t *cq;
	uint32_t cq_head_doorbell;
	unsigned int calls;
	uint32_t dw3; /* CID, phase, status of the completion seen */
};

static void nvme_vector0(void *arg)
{
	struct nvme_completion *c = arg;
	uint32_t dw3 = c->cq[3];

	if ((dw3 & (1u << 16)) == 0)
		return; /* phase bit not set: nothing posted yet */
	wr32(c->dev, 0, c->cq_head_doorbell, 1);
	__atomic_store_n(&c->dw3, dw3, __ATOMIC_RELAXED);
	__atomic_add_fetch(&c->calls, 1, __ATOMIC_RELEASE);
	rte_intr_ack(c->dev->intr_handle);
}

static bool nvme_done(void *arg)
{
	return __atomic_load_n(&((struct nvme_completion *)arg)->calls, __ATOMIC_ACQUIRE) > 0;
}

static bool nvme_ready(const struct rte_pci_device *dev, uint32_t want)
{
	for (int i = 0; i < 2000; i++) {
		if ((rd32(dev, 0, NVME_CSTS) & 1) == want)
			return true;
		sleep_ms(1);
	}
	return false;
}

/* "QEMU NVMe Ctrl      " -> "QEMU NVMe Ctrl" */
static void ascii_field(const uint8_t *p, size_t n, char *out)
{
	memcpy(out, p, n);
	out[n] = '\0';
	for (size_t i = n; i > 0 && out[i - 1] == ' '; i--)
		out[i - 1] = '\0';
}

static void msix_nvme(struct rte_pci_device *dev, const char *serial)
{
	const size_t pg = 4096, len = NVME_DMA_PAGES * pg;

	double t0 = now_ms();
	int ret = rte_pci_map_device(dev);
	check(ret == 0, "NVMe %s: mapped through vfio-pci (%.1f ms)", dev->name, now_ms() - t0);
	if (dev->backend_priv == NULL)
		return;
	struct rte_intr_handle *h = dev->intr_handle;
	check(rte_intr_type_get(h) == RTE_INTR_HANDLE_VFIO_MSIX,
	      "NVMe: interrupt handle is VFIO MSI-X (type %d, %d vectors)",
	      (int)rte_intr_type_get(h), rte_intr_nb_intr_get(h));
	uint64_t cap = rd64(dev, 0, NVME_CAP);
	uint32_t vs = rd32(dev, 0, NVME_VS);
	check(dev->mem_resource[0].addr != NULL && vs >= 0x00010000 && vs != UINT32_MAX &&
		  (cap & 0xffff) > 0,
	      "NVMe: BAR0 holds the MSI-X table (+0x%x) and is mapped (MSIX_MAPPABLE %s): CAP "
	      "0x%016" PRIx64 ", VS 0x%08x (NVMe %u.%u)",
	      NVME_MSIX_TABLE, msix_mappable(dev, 0) ? "yes" : "no", cap, vs, vs >> 16,
	      (vs >> 8) & 0xff);

	uint8_t *mem = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED) {
		check(false, "NVMe: DMA memory: %s", strerror(errno));
		return;
	}
	memset(mem, 0, len);
	ret = rte_vfio_container_dma_map(RTE_VFIO_DEFAULT_CONTAINER_FD, (uintptr_t)mem, NVME_IOVA,
					 len);
	check(ret == 0, "NVMe: %zu bytes of DMA memory mapped at IOVA 0x%llx (%d)", len, NVME_IOVA,
	      ret);

	struct nvme_completion done = {
	    .dev = dev,
	    .cq = (volatile uint32_t *)(mem + pg),
	    .cq_head_doorbell = NVME_SQ0TDBL + (4u << ((cap >> 32) & 0xf)),
	};
	wr32(dev, 0, NVME_CC, 0);
	check(nvme_ready(dev, 0), "NVMe: controller disabled (CSTS.RDY 0)");
	wr32(dev, 0, NVME_AQA, (NVME_QUEUE_ENTRIES - 1) << 16 | (NVME_QUEUE_ENTRIES - 1));
	wr64(dev, 0, NVME_ASQ, NVME_IOVA);
	wr64(dev, 0, NVME_ACQ, NVME_IOVA + pg);
	ret = rte_intr_callback_register(h, nvme_vector0, &done);
	check(ret == 0, "NVMe: vector-0 callback registered (%d)", ret);
	check(rte_intr_enable(h) == 0, "NVMe: rte_intr_enable (MSI-X vector 0)");
	wr32(dev, 0, NVME_CC, NVME_CC_EN | NVME_CC_ENTRY_SIZES);
	check(nvme_ready(dev, 1), "NVMe: controller enabled (CSTS 0x%x)", rd32(dev, 0, NVME_CSTS));

	/* Identify Controller: opcode 0x06, CID 0x1234, CNS 1, data into the third page. */
	volatile uint32_t *sqe = (volatile uint32_t *)mem;
	sqe[0] = 0x06u | 0x1234u << 16;
	sqe[6] = (uint32_t)(NVME_IOVA + 2 * pg);
	sqe[7] = (uint32_t)((NVME_IOVA + 2 * pg) >> 32);
	sqe[10] = 1;
	rte_io_wmb();
	wr32(dev, 0, NVME_SQ0TDBL, 1);
	double t = wait_until(nvme_done, &done, 3000);
	uint32_t dw3 = __atomic_load_n(&done.dw3, __ATOMIC_RELAXED);
	check(t >= 0 && (dw3 & 0xffff) == 0x1234 && (dw3 >> 17) == 0,
	      "NVMe: Identify completion -> MSI-X vector 0 -> callback (%.2f ms, CID 0x%x, status "
	      "0x%x)",
	      t, dw3 & 0xffff, dw3 >> 17);
	char sn[21], mn[41];
	ascii_field(mem + 2 * pg + 4, 20, sn);
	ascii_field(mem + 2 * pg + 24, 40, mn);
	check(strcmp(sn, serial) == 0 && strcmp(mn, "QEMU NVMe Ctrl") == 0,
	      "NVMe: Identify data through VFIO DMA: serial '%s' (QEMU was given '%s'), model "
	      "'%s'",
	      sn, serial, mn);

	wr32(dev, 0, NVME_CC, 0);
	nvme_ready(dev, 0);
	check(rte_intr_disable(h) == 0, "NVMe: rte_intr_disable");
	rte_intr_callback_unregister_sync(h, nvme_vector0, &done);
	check(rte_vfio_container_dma_unmap(RTE_VFIO_DEFAULT_CONTAINER_FD, (uintptr_t)mem, NVME_IOVA,
					   len) == 0,
	      "NVMe: DMA memory unmapped");
	munmap(mem, len);
}

static int mode_msix(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: vfiobe-lab msix [EAL options] -- E1000E NVME SERIAL\n");
		return 2;
	}
	struct rte_pci_device *e1000e = pci_find(argv[1]), *nvme = pci_find(argv[2]);
	check(e1000e != NULL && nvme != NULL, "both devices scanned");
	if (e1000e != NULL)
		msix_e1000e(e1000e);
	if (nvme != NULL)
		msix_nvme(nvme, argv[3]);
	return 0;
}

/* ---------------------------------------------------------------- caps ------------------- */

struct cap {
	unsigned int off, id;
};

static int cap_cmp(const void *a, const void *b)
{
	const struct cap *x = a, *y = b;
	return (int)x->off - (int)y->off;
}

static void print_caps(struct rte_pci_device *dev)
{
	struct cap caps[128];
	size_t n = 0;

	for (unsigned int id = 1; id <= 0xff; id++) {
		for (off_t off = rte_pci_find_capability(dev, (uint8_t)id); off > 0 && n < 128;
		     off = rte_pci_find_next_capability(dev, (uint8_t)id, off))
			caps[n++] = (struct cap){(unsigned int)off, id};
	}
	/* Extended ids defined so far stop below 0x40. */
	for (unsigned int id = 1; id < 0x40 && n < 128; id++) {
		off_t off = rte_pci_find_ext_capability(dev, id);
		if (off > 0)
			caps[n++] = (struct cap){(unsigned int)off, id};
	}
	qsort(caps, n, sizeof(caps[0]), cap_cmp);
	printf("caps %s %s", dev->name, dev->backend_priv != NULL ? dev->kdrv_name : "sysfs");
	for (size_t i = 0; i < n; i++)
		printf(" %x:%02x", caps[i].off, caps[i].id);
	printf("\n");
}

static int mode_caps(int argc, char **argv)
{
	struct rte_dev_iterator it;
	struct rte_device *d;

	RTE_SET_USED(argv);
	if (argc != 1) {
		fprintf(stderr, "usage: vfiobe-lab caps [EAL options]\n");
		return 2;
	}
	RTE_DEV_FOREACH(d, "bus=pci", &it)
	{
		struct rte_pci_device *dev = RTE_DEV_TO_PCI(d);
		/* Through the backend: a vfio-pci device needs its device fd, i.e. mapping. */
		if (dev->backend != NULL && dev->backend_priv == NULL &&
		    strcmp(dev->kdrv_name, "vfio-pci") == 0)
			check(rte_pci_map_device(dev) == 0, "%s: mapped for the walk", dev->name);
		print_caps(dev);
	}
	return 0;
}

/* ---------------------------------------------------------------- fail ------------------- */

static unsigned int edu_probes;

static int edu_probe(struct rte_pci_driver *drv, struct rte_pci_device *dev)
{
	RTE_SET_USED(drv);
	RTE_SET_USED(dev);
	edu_probes++;
	return 0;
}

static int edu_remove(struct rte_pci_device *dev)
{
	RTE_SET_USED(dev);
	return 0;
}

/* QEMU's edu device has no driver anywhere: this one only wants it mapped. */
static const struct rte_pci_id edu_ids[] = {{RTE_PCI_DEVICE(0x1234, 0x11e8)}, {.vendor_id = 0}};
static struct rte_pci_driver edu_driver = {
    .id_table = edu_ids,
    .drv_flags = RTE_PCI_DRV_NEED_MAPPING,
    .probe = edu_probe,
    .remove = edu_remove,
};
RTE_PMD_REGISTER_PCI(vfiobe_lab_edu, edu_driver);

/* A child holding /dev/vfio/<group> open, as another process using the device would. */
static pid_t hold_group(const char *group)
{
	char node[64];
	int ready[2];

	snprintf(node, sizeof(node), "/dev/vfio/%s", group);
	if (pipe(ready) != 0)
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		int fd = open(node, O_RDWR);
		char c = fd >= 0 ? 'y' : 'n';
		if (write(ready[1], &c, 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	char c = 'n';
	close(ready[1]);
	if (pid < 0 || read(ready[0], &c, 1) != 1 || c != 'y') {
		if (pid > 0) {
			kill(pid, SIGKILL);
			waitpid(pid, NULL, 0);
		}
		pid = -1;
	}
	close(ready[0]);
	printf("holder_pid=%d\n", (int)pid);
	return pid;
}

/* Everything after "--" belongs to this mode; the EAL gets what comes before. */
static int mode_fail(int argc, char **argv)
{
	const char *group = NULL;
	int eal_argc = argc;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") != 0)
			continue;
		eal_argc = i;
		if (i + 2 < argc && strcmp(argv[i + 1], "--hold-group") == 0)
			group = argv[i + 2];
		break;
	}
	pid_t holder = group != NULL ? hold_group(group) : 0;
	if (holder < 0) {
		check(false, "a child process holds /dev/vfio/%s", group);
		return 1;
	}
	/* After the child took its fds (the pipe is closed again). */
	struct fd_census before = fd_census();
	argv[eal_argc] = NULL;
	int ret = rte_eal_init(eal_argc, argv);
	int err = rte_errno;
	struct fd_census after = fd_census();
	printf("init=%d errno=%d\n", ret, ret < 0 ? err : 0);
	printf("fds_before=%d fds_after=%d vfio_fds_after=%d\n", before.all, after.all, after.vfio);
	check(ret < 0, "rte_eal_init failed (%s)", rte_strerror(err));
	check(after.all == before.all && after.vfio == 0,
	      "no fd left behind: %d before, %d after (%d VFIO)", before.all, after.all,
	      after.vfio);
	check(edu_probes == 0, "no probe ran on an unmapped device (%u)", edu_probes);
	if (holder > 0) {
		kill(holder, SIGKILL);
		waitpid(holder, NULL, 0);
	}
	if (ret >= 0)
		rte_eal_cleanup();
	return 0;
}

/* ---------------------------------------------------------------- hotplug ---------------- */

struct hotplug {
	const char *probed;
	struct rte_pci_device *mapped;
	double removed_ms, unmapped_ms;
};

static bool probed_gone(void *arg)
{
	const struct hotplug *hp = arg;
	uint8_t mac[6];
	return rte_pmd_e1000_mac_addr_get(hp->probed, mac) == -ENODEV;
}

static bool mapped_gone(void *arg)
{
	const struct hotplug *hp = arg;
	return __atomic_load_n(&hp->mapped->mem_resource[0].addr, __ATOMIC_ACQUIRE) == NULL &&
	       __atomic_load_n(&hp->mapped->backend_priv, __ATOMIC_ACQUIRE) == NULL;
}

static bool both_gone(void *arg)
{
	struct hotplug *hp = arg;
	double t = now_ms();

	if (hp->removed_ms < 0 && probed_gone(hp))
		hp->removed_ms = t;
	if (hp->unmapped_ms < 0 && mapped_gone(hp))
		hp->unmapped_ms = t;
	return hp->removed_ms >= 0 && hp->unmapped_ms >= 0;
}

static bool sysfs_gone(void *arg)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s", (const char *)arg);
	return access(path, F_OK) != 0;
}

static bool no_vfio_fd(void *arg)
{
	RTE_SET_USED(arg);
	return fd_census().vfio == 0;
}

/* QEMU's pci-testdev (1b36:0005) at the BDF: the host's acknowledgement. */
static bool ack_present(void *arg)
{
	char path[PATH_MAX], id[2][16] = {"", ""};
	const char *const files[2] = {"vendor", "device"};

	for (int i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/%s", (const char *)arg,
			 files[i]);
		FILE *f = fopen(path, "r");
		if (f == NULL)
			return false;
		if (fgets(id[i], sizeof(id[i]), f) == NULL)
			id[i][0] = '\0';
		fclose(f);
	}
	return strncmp(id[0], "0x1b36", 6) == 0 && strncmp(id[1], "0x0005", 6) == 0;
}

static int mode_hotplug(int argc, char **argv, struct fd_census before_init)
{
	if (argc != 3 && argc != 4) {
		fprintf(stderr, "usage: vfiobe-lab hotplug [EAL options] -- PROBED MAPPED [ACK]\n");
		return 2;
	}
	struct hotplug hp = {.probed = argv[1], .removed_ms = -1, .unmapped_ms = -1};
	struct rte_pci_device *probed = pci_find(argv[1]);
	uint8_t mac[6];

	hp.mapped = pci_find(argv[2]);
	check(probed != NULL && rte_dev_is_probed(&probed->device) &&
		  rte_pmd_e1000_mac_addr_get(argv[1], mac) == 0,
	      "%s probed by net_e1000", argv[1]);
	check(hp.mapped != NULL && !rte_dev_is_probed(&hp.mapped->device) &&
		  rte_pci_map_device(hp.mapped) == 0 && hp.mapped->mem_resource[0].addr != NULL,
	      "%s mapped without a driver", argv[2]);
	if (hp.mapped == NULL || hp.mapped->backend_priv == NULL || probed == NULL)
		return 1;
	check(probed->vfio_req_intr_handle != NULL &&
		  rte_intr_type_get(probed->vfio_req_intr_handle) == RTE_INTR_HANDLE_VFIO_REQ,
	      "%s has a device request interrupt handle", argv[1]);
	struct fd_census held = fd_census();
	printf("holding: %d fds, %d VFIO\n", held.all, held.vfio);

	printf("VFIOBE-READY-FOR-DEL\n");
	fflush(stdout);
	double t0 = now_ms();
	double t = wait_until(both_gone, &hp, 30000);
	bool gone = t >= 0;
	check(gone && hp.removed_ms >= 0,
	      "%s: net_e1000's remove ran on the request interrupt (%.0f ms after the marker)",
	      argv[1], hp.removed_ms - t0);
	check(gone && hp.unmapped_ms >= 0,
	      "%s: unmapped on the request interrupt (%.0f ms after the marker)", argv[2],
	      hp.unmapped_ms - t0);
	check(wait_until(sysfs_gone, argv[1], 5000) >= 0 &&
		  wait_until(sysfs_gone, argv[2], 5000) >= 0,
	      "both devices left sysfs (%.0f ms after the marker)", now_ms() - t0);
	check(pci_find(argv[1]) == NULL, "%s no longer listed by the bus", argv[1]);
	/* Not probed: the bus keeps listing it until cleanup, unmapped. */
	check(pci_find(argv[2]) == hp.mapped && hp.mapped->intr_handle == NULL,
	      "%s still listed, unmapped, its interrupt handle released", argv[2]);
	/* The interrupt thread closes the group and container just after the device fd. */
	t = wait_until(no_vfio_fd, NULL, 2000);
	struct fd_census released = fd_census_print(true);
	check(t >= 0, "no VFIO fd left after both releases (%d; %d were open)", released.vfio,
	      held.vfio);
	if (argc == 4) {
		/*
		 * Both are back with the kernel; the host must see that too (DEVICE_DELETED)
		 * while this process is alive. It answers with a device on ACK; only then does
		 * the process let go of the EAL and exit.
		 */
		printf("VFIOBE-RELEASED: holding on until the host's acknowledgement at %s\n",
		       argv[3]);
		fflush(stdout);
		double r = now_ms();
		t = wait_until(ack_present, argv[3], 60000);
		check(t >= 0,
		      "the host acknowledged DEVICE_DELETED for both while this process ran "
		      "(a test device at %s, %.0f ms after the release, %.0f ms after the marker)",
		      argv[3], t >= 0 ? t : now_ms() - r, now_ms() - t0);
	}
	int ret = rte_eal_cleanup();
	struct fd_census after = fd_census();
	check(ret == 0 && after.all == before_init.all,
	      "rte_eal_cleanup (%d): %d fds, as before rte_eal_init (%d)", ret, after.all,
	      before_init.all);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr,
			"usage: vfiobe-lab msix|caps|fail|hotplug [EAL options] [-- ...]\n");
		return 2;
	}
	const char *mode = argv[1];
	int ret;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (strcmp(mode, "fail") == 0) {
		ret = mode_fail(argc - 1, argv + 1);
		printf("vfiobe-lab %s: %u failed\n", mode, checks_failed);
		return ret != 0 ? ret : checks_failed != 0;
	}
	struct fd_census before = fd_census();
	ret = rte_eal_init(argc - 1, argv + 1);
	if (ret < 0) {
		printf("FAIL: rte_eal_init: %s\n", rte_strerror(rte_errno));
		return 1;
	}
	/* DPDK's idiom: argv[ret] is the program name, the mode's arguments follow. */
	argc -= 1 + ret;
	argv += 1 + ret;
	if (strcmp(mode, "msix") == 0) {
		ret = mode_msix(argc, argv);
	} else if (strcmp(mode, "caps") == 0) {
		ret = mode_caps(argc, argv);
	} else if (strcmp(mode, "hotplug") == 0) {
		ret = mode_hotplug(argc, argv, before);
		printf("vfiobe-lab %s: %u failed\n", mode, checks_failed);
		return ret != 0 ? ret : checks_failed != 0;
	} else {
		fprintf(stderr, "vfiobe-lab: unknown mode '%s'\n", mode);
		ret = 2;
	}
	int c = rte_eal_cleanup();
	struct fd_census after = fd_census();
	check(c == 0 && after.all == before.all && after.vfio == 0,
	      "rte_eal_cleanup (%d): %d fds as before rte_eal_init (%d), no VFIO fd", c, after.all,
	      before.all);
	printf("vfiobe-lab %s: %u failed\n", mode, checks_failed);
	return ret != 0 ? ret : checks_failed != 0;
}
