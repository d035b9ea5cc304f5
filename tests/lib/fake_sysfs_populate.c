/* SPDX-License-Identifier: BSD-3-Clause */
/* fake_sysfs_populate(): a plausible server's worth of PCI devices, reproducible from a seed. */

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <linux/pci_regs.h>

#include "fake_sysfs_private.h"

struct gen {
	uint64_t rng;
	uint32_t rid;	 /* next free bus<<8|devfn in the current domain */
	uint64_t mem32;	 /* next free 32-bit MMIO address */
	uint64_t mem64;	 /* next free 64-bit MMIO address */
	uint64_t io;	 /* next free I/O port */
	int next_group;	 /* next IOMMU group number */
	uint32_t domain; /* current PCI domain */
	int numa_node;	 /* of the current domain */
	struct fake_pci_dev *devs;
	char (*addrs)[ADDR_LEN];
	unsigned int nb, max;
};

/* splitmix64: tiny, seedable, good enough to pick device kinds. */
static uint64_t gen_rand(struct gen *g)
{
	uint64_t z = (g->rng += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned int gen_pct(struct gen *g)
{
	return (unsigned int)(gen_rand(g) % 100);
}

#define MEM32 (IORESOURCE_MEM | IORESOURCE_SIZEALIGN)
#define MEM64 (IORESOURCE_MEM | IORESOURCE_MEM_64 | IORESOURCE_SIZEALIGN)
#define MEM64_PREF (MEM64 | IORESOURCE_PREFETCH)
#define IO_PORTS (IORESOURCE_IO | IORESOURCE_SIZEALIGN)
#define ROM_FLAGS \
	(IORESOURCE_MEM | IORESOURCE_PREFETCH | IORESOURCE_READONLY | IORESOURCE_SIZEALIGN)

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

/* Kernel flag values also carry the BAR's low bits (PCI_BASE_ADDRESS_*). */
static void gen_bar(struct gen *g, struct fake_pci_bar *b, uint64_t size, uint64_t flags)
{
	uint64_t *cursor = (flags & IORESOURCE_IO)	 ? &g->io
			   : (flags & IORESOURCE_MEM_64) ? &g->mem64
							 : &g->mem32;
	b->start = align_up(*cursor, size);
	b->size = size;
	b->flags = flags;
	if (flags & IORESOURCE_IO)
		b->flags |= PCI_BASE_ADDRESS_SPACE_IO;
	if (flags & IORESOURCE_MEM_64)
		b->flags |= PCI_BASE_ADDRESS_MEM_TYPE_64;
	if (flags & IORESOURCE_PREFETCH)
		b->flags |= PCI_BASE_ADDRESS_MEM_PREFETCH;
	*cursor = b->start + size;
}

static const char *gen_driver(struct gen *g, const char *kernel, unsigned int pct_kernel,
			      unsigned int pct_vfio, unsigned int pct_uio)
{
	unsigned int p = gen_pct(g);
	if (p < pct_kernel)
		return kernel;
	if (p < pct_kernel + pct_vfio)
		return "vfio-pci";
	if (p < pct_kernel + pct_vfio + pct_uio)
		return "uio_pci_generic";
	return NULL;
}

/* The next function at g->rid; returns NULL once max devices exist. */
static struct fake_pci_dev *gen_function(struct gen *g, uint16_t vendor, uint16_t device,
					 uint16_t sv, uint16_t sd, uint32_t cls, uint8_t rev)
{
	if (g->nb == g->max || g->rid > 0xffff)
		return NULL;
	unsigned int i = g->nb++;
	snprintf(g->addrs[i], ADDR_LEN, "%04x:%02x:%02x.%x", g->domain, g->rid >> 8,
		 (g->rid >> 3) & 0x1f, g->rid & 7);
	g->rid++;
	struct fake_pci_dev *d = &g->devs[i];
	*d = (struct fake_pci_dev){
	    .addr = g->addrs[i],
	    .vendor = vendor,
	    .device = device,
	    .subsys_vendor = sv,
	    .subsys_device = sd,
	    .class_code = cls,
	    .revision = rev,
	    .numa_node = g->numa_node,
	    .iommu_group = g->next_group++,
	    /* Most groups use the default DMA domain; newer kernels default to DMA-FQ. */
	    .iommu_group_type = (g->next_group % 16 == 0) ? "DMA-FQ" : NULL,
	};
	return d;
}

static void next_slot(struct gen *g)
{
	g->rid = (uint32_t)align_up(g->rid, 8);
}

/* Intel X710 style: 2 or 4 PFs, some with VFs right after them, as SR-IOV routes them. */
static void gen_nic_sriov(struct gen *g)
{
	unsigned int nb_pf = gen_pct(g) < 75 ? 2 : 4;
	unsigned int vfs = gen_pct(g) < 40 ? 2u << (gen_rand(g) % 3) : 0;
	unsigned int first = g->nb;
	next_slot(g);
	for (unsigned int f = 0; f < nb_pf; f++) {
		struct fake_pci_dev *d =
		    gen_function(g, 0x8086, 0x1572, 0x8086, 0x0007, 0x020000, 2);
		if (d == NULL)
			return;
		d->driver = gen_driver(g, "i40e", 45, 30, 10);
		gen_bar(g, &d->res[0], 8 << 20, MEM64_PREF);
		gen_bar(g, &d->res[3], 32 << 10, MEM64_PREF);
		gen_bar(g, &d->res[FAKE_IOV_RES], 64ull << 10 << 6, MEM64_PREF);
		gen_bar(g, &d->res[FAKE_IOV_RES + 3], 16ull << 10 << 6, MEM64_PREF);
		d->sriov_totalvfs = 64;
	}
	unsigned int nb_pf_made = g->nb - first;
	/* Shrink the VF count so the whole card fits in what is left. */
	while (vfs > 0 && nb_pf_made * vfs > g->max - g->nb)
		vfs /= 2;
	next_slot(g);
	for (unsigned int f = 0; f < nb_pf_made && vfs > 0; f++) {
		g->devs[first + f].sriov_numvfs = vfs;
		for (unsigned int v = 0; v < vfs; v++) {
			struct fake_pci_dev *d =
			    gen_function(g, 0x8086, 0x154c, 0x8086, 0x0000, 0x020000, 2);
			if (d == NULL)
				return;
			d->physfn = g->devs[first + f].addr;
			d->driver = gen_driver(g, "iavf", 40, 50, 0);
			gen_bar(g, &d->res[0], 64 << 10, MEM64_PREF);
			gen_bar(g, &d->res[3], 16 << 10, MEM64_PREF);
		}
	}
}

static void gen_nvme(struct gen *g)
{
	next_slot(g);
	struct fake_pci_dev *d = gen_function(g, 0x144d, 0xa808, 0x144d, 0xa801, 0x010802, 0);
	if (d == NULL)
		return;
	d->driver = gen_driver(g, "nvme", 70, 20, 0);
	gen_bar(g, &d->res[0], 16 << 10, MEM64);
}

static void gen_virtio_net(struct gen *g)
{
	next_slot(g);
	struct fake_pci_dev *d = gen_function(g, 0x1af4, 0x1000, 0x1af4, 0x0001, 0x020000, 0);
	if (d == NULL)
		return;
	d->driver = gen_driver(g, "virtio-pci", 60, 20, 10);
	gen_bar(g, &d->res[0], 32, IO_PORTS);
	gen_bar(g, &d->res[1], 4 << 10, MEM32);
	gen_bar(g, &d->res[4], 16 << 10, MEM64_PREF);
}

static void gen_e1000(struct gen *g)
{
	next_slot(g);
	struct fake_pci_dev *d = gen_function(g, 0x8086, 0x100e, 0x8086, 0x001e, 0x020000, 3);
	if (d == NULL)
		return;
	d->driver = gen_driver(g, "e1000", 60, 20, 0);
	gen_bar(g, &d->res[0], 128 << 10, MEM32);
	gen_bar(g, &d->res[1], 64, IO_PORTS);
	gen_bar(g, &d->res[FAKE_ROM_RES], 256 << 10, ROM_FLAGS);
}

static void gen_ahci(struct gen *g)
{
	next_slot(g);
	struct fake_pci_dev *d = gen_function(g, 0x8086, 0x2922, 0x1af4, 0x1100, 0x010601, 2);
	if (d == NULL)
		return;
	d->driver = gen_driver(g, "ahci", 90, 0, 0);
	gen_bar(g, &d->res[4], 32, IO_PORTS);
	gen_bar(g, &d->res[5], 4 << 10, MEM32);
}

static void gen_domain(struct gen *g, uint32_t domain, int numa_node, unsigned int quota)
{
	g->domain = domain;
	g->numa_node = numa_node;
	g->rid = 0;
	g->mem32 = 0x80000000;
	g->mem64 = 0x380000000000ull + ((uint64_t)(domain & 0xff) << 40);
	g->io = 0x1000;
	unsigned int saved_max = g->max;
	g->max = g->nb + quota;
	/* A host bridge at 00:00.0: no BARs, no driver, like most. */
	gen_function(g, 0x8086, 0x29c0, 0x1af4, 0x1100, 0x060000, 0);
	while (g->nb < g->max && g->rid <= 0xffff) {
		unsigned int kind = gen_pct(g);
		if (kind < 35)
			gen_nic_sriov(g);
		else if (kind < 55)
			gen_nvme(g);
		else if (kind < 75)
			gen_virtio_net(g);
		else if (kind < 90)
			gen_e1000(g);
		else
			gen_ahci(g);
	}
	g->max = saved_max;
}

struct worker {
	pthread_t tid;
	struct fake_sysfs *fs;
	const struct fake_pci_dev *devs;
	struct fake_rec *recs;
	const unsigned int *dom_start; /* device index where each domain starts; nb_dom + 1 */
	unsigned int nb_dom, first_dom, stride;
	bool started;
	int rc, err;
};

/* Domains are independent (a VF's PF is in its domain), so workers split them. */
static void *create_domains(void *arg)
{
	struct worker *w = arg;
	for (unsigned int dom = w->first_dom; dom < w->nb_dom; dom += w->stride)
		for (unsigned int i = w->dom_start[dom]; i < w->dom_start[dom + 1]; i++)
			if (fake_sysfs_create_device(w->fs, &w->devs[i], &w->recs[i]) != 0) {
				w->rc = -1;
				w->err = errno;
				return NULL;
			}
	return NULL;
}

/* Creating files costs a few syscalls each; two cores halve a 16384-device tree's time. */
static int create_all(struct fake_sysfs *fs, const struct fake_pci_dev *devs, struct fake_rec *recs,
		      const unsigned int *dom_start, unsigned int nb_dom)
{
	struct worker w[4];
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned int nb_w = nb_dom < 4 ? nb_dom : 4;
	if (cpus > 0 && nb_w > (unsigned long)cpus)
		nb_w = (unsigned int)cpus;
	for (unsigned int i = 0; i < nb_w; i++) {
		w[i] = (struct worker){.fs = fs,
				       .devs = devs,
				       .recs = recs,
				       .dom_start = dom_start,
				       .nb_dom = nb_dom,
				       .first_dom = i,
				       .stride = nb_w};
		w[i].started = i > 0 && pthread_create(&w[i].tid, NULL, create_domains, &w[i]) == 0;
	}
	for (unsigned int i = 0; i < nb_w; i++) {
		if (w[i].started)
			pthread_join(w[i].tid, NULL);
		else /* the caller's share, or that of a thread that could not start */
			create_domains(&w[i]);
	}
	for (unsigned int i = 0; i < nb_w; i++)
		if (w[i].rc != 0) {
			errno = w[i].err;
			return -1;
		}
	return 0;
}

int fake_sysfs_populate(struct fake_sysfs *fs, unsigned n, unsigned seed)
{
	struct gen g = {.rng = seed, .next_group = 0, .max = n};
	g.devs = calloc(n ? n : 1, sizeof(*g.devs));
	g.addrs = calloc(n ? n : 1, sizeof(*g.addrs));
	unsigned int *order = calloc(n ? n : 1, sizeof(*order));
	struct fake_rec *recs = calloc(n ? n : 1, sizeof(*recs));
	/* Up to 4096 functions per domain; the second domain is a >16-bit VMD-style one. */
	unsigned int nb_dom = n < 64 ? 1 : n < 1024 ? 2 : 4;
	if (n / nb_dom > 4096)
		nb_dom = (n + 4095) / 4096;
	unsigned int *dom_start = calloc(nb_dom + 1, sizeof(*dom_start));
	int rc = -1;
	if (g.devs == NULL || g.addrs == NULL || order == NULL || recs == NULL || dom_start == NULL)
		goto out;
	/* Groups continue after any the caller already made, so they stay unique. */
	for (size_t i = 0; i < fs->nb_recs; i++)
		if (fs->recs[i].iommu_group >= g.next_group)
			g.next_group = fs->recs[i].iommu_group + 1;
	for (unsigned int i = 0; i < nb_dom; i++) {
		uint32_t domain = i == 0 ? 0 : i == 1 ? 0x10000 : i - 1;
		unsigned int quota = n / nb_dom + (i == 0 ? n % nb_dom : 0);
		dom_start[i] = g.nb;
		gen_domain(&g, domain, nb_dom == 1 ? -1 : (int)(i & 1), quota);
	}
	dom_start[nb_dom] = g.nb;
	if (g.nb != n) {
		errno = ENOSPC;
		goto out;
	}
	if (create_all(fs, g.devs, recs, dom_start, nb_dom) != 0)
		goto out;
	for (unsigned int i = 0; i < n; i++)
		if (fake_sysfs_push_rec(fs, &recs[i]) != 0)
			goto out;
	for (unsigned int i = 0; i < n; i++)
		order[i] = i;
	for (unsigned int i = n; i > 1; i--) {
		unsigned int j = (unsigned int)(gen_rand(&g) % i);
		unsigned int t = order[i - 1];
		order[i - 1] = order[j];
		order[j] = t;
	}
	for (unsigned int i = 0; i < n; i++)
		if (fake_sysfs_add_bus_link(fs, &recs[order[i]]) != 0)
			goto out;
	rc = 0;
out:;
	int err = errno;
	free(dom_start);
	free(recs);
	free(order);
	free(g.addrs);
	free(g.devs);
	errno = err;
	return rc;
}
