/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The doctor's verdict on one PCI function: can the openeal PMD that matches it take it now,
 * and if not, the one command (or boot step) that fixes it. The checks follow what probing
 * would meet, in order: rte_eal_init itself, the kernel driver holding the device, the IOMMU
 * group VFIO needs and the right to open its node, the IOVA decision's verdict (whose own fix
 * is reused, not rephrased), and the memory the mode needs (locked memory for VFIO, hugepages
 * for PA). Pure: facts in, text out.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "eal_strbuf.h"
#include "pci_doctor_private.h"

#define FIX_SEP "; fix: "

static void refuse(struct rte_pci_doctor_device *dev)
{
	dev->verdict = RTE_PCI_DOCTOR_NOT_PROBEABLE;
}

/*
 * A line of the EAL's "<what>; fix: <how>" form: what into the reason (after prefix), how into
 * the fix.
 */
static void take_line(struct rte_pci_doctor_device *dev, const char *prefix, const char *line)
{
	const char *sep = strstr(line, FIX_SEP);
	int what = sep != NULL ? (int)(sep - line) : (int)strlen(line);

	refuse(dev);
	eal_strbuf_appendf(dev->reason, sizeof(dev->reason), "%s%.*s", prefix, what, line);
	if (sep != NULL)
		eal_strbuf_appendf(dev->fix, sizeof(dev->fix), "%s", sep + strlen(FIX_SEP));
}

static const char *up_interface(const struct rte_pci_doctor_device *dev)
{
	for (unsigned int i = 0; i < dev->status.nb_netif && i < RTE_PCI_BIND_MAX_NETIF; i++)
		if (dev->status.netif[i].up)
			return dev->status.netif[i].name;
	return NULL;
}

static void list_blocking(char *buf, size_t size, const struct rte_pci_doctor_device *dev,
			  bool with_drivers)
{
	for (unsigned int i = 0; i < dev->nb_blocking && i < RTE_PCI_DOCTOR_MAX_BLOCKING; i++) {
		const struct rte_pci_doctor_member *m = &dev->blocking[i];
		if (with_drivers)
			eal_strbuf_appendf(buf, size, "%s%s (%s)", i > 0 ? ", " : "", m->addr, m->driver);
		else
			eal_strbuf_appendf(buf, size, " %s", m->addr);
	}
	if (dev->nb_blocking > RTE_PCI_DOCTOR_MAX_BLOCKING)
		eal_strbuf_appendf(buf, size, " (+%u more)", dev->nb_blocking - RTE_PCI_DOCTOR_MAX_BLOCKING);
}

#define BOOT_WITH_IOMMU "boot with intel_iommu=on iommu=pt (VT-d, or AMD-Vi, on in the firmware)"

/* The way from a kernel driver, or none, to a userspace driver openeal can use. */
static void fix_by_binding(const struct rte_pci_doctor *d, struct rte_pci_doctor_device *dev)
{
	const char *ifname = up_interface(dev);

	if (ifname != NULL)
		eal_strbuf_appendf(dev->fix, sizeof(dev->fix), "ip link set %s down, then ", ifname);
	if (!d->host.iommu_present) {
		/* No IOMMU: vfio-pci has nothing to isolate with; uio works in PA mode only. */
		eal_strbuf_appendf(dev->fix, sizeof(dev->fix),
		    BOOT_WITH_IOMMU
		    ", then openeal bind vfio-pci %s; or, without an IOMMU: "
		    "openeal bind uio_pci_generic %s (IOVA as PA: root and hugepages)",
		    dev->name, dev->name);
		return;
	}
	eal_strbuf_appendf(dev->fix, sizeof(dev->fix), "openeal bind vfio-pci %s", dev->name);
	/* Its group's other functions on kernel drivers must come along, or VFIO refuses it. */
	list_blocking(dev->fix, sizeof(dev->fix), dev, false);
}

static void judge_kernel(const struct rte_pci_doctor *d, struct rte_pci_doctor_device *dev)
{
	const char *ifname = up_interface(dev);

	refuse(dev);
	eal_strbuf_appendf(dev->reason, sizeof(dev->reason), "on kernel driver %s", dev->status.driver);
	if (ifname != NULL)
		eal_strbuf_appendf(dev->reason, sizeof(dev->reason), " (interface %s is up)", ifname);
	fix_by_binding(d, dev);
}

static void judge_unbound(const struct rte_pci_doctor *d, struct rte_pci_doctor_device *dev)
{
	refuse(dev);
	if (strcmp(dev->status.driver_override, "vfio-pci") == 0 && !d->vfio_pci_loaded) {
		eal_strbuf_appendf(dev->reason, sizeof(dev->reason),
		    "no kernel driver: its driver_override names vfio-pci, which is not loaded");
		eal_strbuf_appendf(dev->fix, sizeof(dev->fix), "modprobe vfio-pci");
		return;
	}
	eal_strbuf_appendf(dev->reason, sizeof(dev->reason), "no kernel driver");
	fix_by_binding(d, dev);
}

static void fix_memlock(const struct rte_eal_doctor_host *h, struct rte_pci_doctor_device *dev)
{
	uint64_t need = h->memlock_locked + RTE_EAL_DOCTOR_DMA_MIN_LOCKED;

	if (h->memlock_hard == UINT64_MAX)
		eal_strbuf_appendf(dev->fix, sizeof(dev->fix), "ulimit -l unlimited");
	else if (h->memlock_hard >= need)
		eal_strbuf_appendf(dev->fix, sizeof(dev->fix), "ulimit -l %" PRIu64, h->memlock_hard >> 10);
	else
		eal_strbuf_appendf(dev->fix, sizeof(dev->fix),
		    "raise the hard limit (memlock in /etc/security/limits.conf, or "
		    "LimitMEMLOCK=infinity in the systemd unit), then ulimit -l unlimited; or run "
		    "as root");
}

/* What every mapped device needs from the memory in the chosen mode. */
static bool judge_memory(const struct rte_pci_doctor *d, struct rte_pci_doctor_device *dev,
			 bool vfio)
{
	const struct rte_eal_doctor_host *h = &d->host;

	if (vfio && !rte_eal_doctor_memlock_enough(h)) {
		refuse(dev);
		eal_strbuf_appendf(dev->reason, sizeof(dev->reason),
		    "the locked-memory limit (RLIMIT_MEMLOCK) is %" PRIu64 " kB with %" PRIu64
		    " kB locked already, and vfio pins DMA memory: at least %llu kB more are "
		    "needed",
		    h->memlock_soft >> 10, h->memlock_locked >> 10,
		    RTE_EAL_DOCTOR_DMA_MIN_LOCKED >> 10);
		fix_memlock(h, dev);
		return false;
	}
	if (d->iova.mode == RTE_IOVA_PA && !rte_eal_doctor_hugepages_free(h)) {
		uint64_t kb = h->nb_hugepage_sizes > 0 ? h->hugepages[0].page_size >> 10 : 2048;
		refuse(dev);
		eal_strbuf_appendf(dev->reason, sizeof(dev->reason),
		    "IOVA mode PA takes its DMA memory from hugepages (physically contiguous), and "
		    "no hugepage is free");
		eal_strbuf_appendf(dev->fix, sizeof(dev->fix),
		    "reserve hugepages: echo 64 > %s/hugepages-%" PRIu64 "kB/nr_hugepages",
		    h->hugepages_dir[0] != '\0' ? h->hugepages_dir : "/sys/kernel/mm/hugepages",
		    kb);
		return false;
	}
	return true;
}

static void judge_vfio(const struct rte_pci_doctor *d, struct rte_pci_doctor_device *dev)
{
	if (dev->status.iommu_group < 0) {
		refuse(dev);
		eal_strbuf_appendf(dev->reason, sizeof(dev->reason),
		    "on %s without an IOMMU group: the IOMMU is off, and openeal does not use "
		    "VFIO's no-IOMMU mode",
		    dev->status.driver);
		eal_strbuf_appendf(dev->fix, sizeof(dev->fix), BOOT_WITH_IOMMU);
		return;
	}
	if (!dev->vfio_viable) {
		refuse(dev);
		eal_strbuf_appendf(dev->reason, sizeof(dev->reason),
		    "IOMMU group %d is not viable for VFIO: it also holds ",
		    dev->status.iommu_group);
		list_blocking(dev->reason, sizeof(dev->reason), dev, true);
		eal_strbuf_appendf(dev->fix, sizeof(dev->fix), "openeal bind vfio-pci");
		list_blocking(dev->fix, sizeof(dev->fix), dev, false);
		return;
	}
	/* The doctor opened this group for VFIO's usable ranges, and the kernel said no: the
	 * node is someone else's (a non-root user whom root has not given it). */
	if (d->vfio.asked && d->vfio.group == dev->status.iommu_group &&
	    (d->vfio.error == EACCES || d->vfio.error == EPERM)) {
		refuse(dev);
		eal_strbuf_appendf(dev->reason, sizeof(dev->reason),
				   "this user may not open /dev/vfio/%d (permission denied)",
				   dev->status.iommu_group);
		eal_strbuf_appendf(dev->fix, sizeof(dev->fix),
				   "run as root, or chown $(id -u) /dev/vfio/%d and raise this "
				   "user's locked-memory limit (ulimit -l)",
				   dev->status.iommu_group);
		return;
	}
	if (dev->described && !dev->iova.ok) {
		take_line(dev, "", dev->iova.why);
		return;
	}
	if (judge_memory(d, dev, true))
		dev->verdict = RTE_PCI_DOCTOR_PROBEABLE;
}

static void judge_uio(const struct rte_pci_doctor *d, struct rte_pci_doctor_device *dev)
{
	if (dev->described && !dev->iova.ok) {
		take_line(dev, "", dev->iova.why);
		return;
	}
	if (judge_memory(d, dev, false))
		dev->verdict = RTE_PCI_DOCTOR_PROBEABLE;
}

void pci_doctor_judge(const struct rte_pci_doctor *d, struct rte_pci_doctor_device *dev,
		      bool needs_mapping)
{
	dev->reason[0] = '\0';
	dev->fix[0] = '\0';
	if (dev->pmd[0] == '\0') {
		dev->verdict = RTE_PCI_DOCTOR_NO_PMD;
		eal_strbuf_appendf(dev->reason, sizeof(dev->reason), "no openeal PMD matches %04x:%04x",
		    dev->status.vendor_id, dev->status.device_id);
		return;
	}
	/* Rule A2: an explicit --iova-mode=pa that cannot work fails rte_eal_init itself. */
	if (d->iova.decided && d->iova.mode == RTE_IOVA_DC) {
		take_line(dev, "rte_eal_init would fail: ", d->iova.reason);
		return;
	}
	if (!needs_mapping) {
		dev->verdict = RTE_PCI_DOCTOR_PROBEABLE;
		return;
	}
	switch (dev->status.kind) {
	case RTE_PCI_BIND_KERNEL:
		judge_kernel(d, dev);
		break;
	case RTE_PCI_BIND_NONE:
		judge_unbound(d, dev);
		break;
	default:
		if (strstr(dev->status.driver, "vfio") != NULL)
			judge_vfio(d, dev);
		else
			judge_uio(d, dev);
		break;
	}
}

const char *rte_pci_doctor_verdict_name(enum rte_pci_doctor_verdict verdict)
{
	switch (verdict) {
	case RTE_PCI_DOCTOR_PROBEABLE:
		return "probeable";
	case RTE_PCI_DOCTOR_NOT_PROBEABLE:
		return "not_probeable";
	default:
		return "no_pmd";
	}
}
