/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * openeal doctor [--json] [--iova-mode pa|va] [--no-huge]: what stands between this machine and
 * DMA from userspace, one section per topic (IOMMU, physical addresses, hugepages, locked
 * memory, IOVA mode) and a verdict line per PCI function with the command that fixes it. The
 * facts and verdicts are rte_pci_doctor_run's (doc/doctor.md); this file only prints them.
 */

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_pci_doctor.h>

#include "openeal_cmd.h"

static void doctor_usage(FILE *f)
{
	fprintf(
	    f, "usage: openeal doctor [--json] [--iova-mode pa|va] [--no-huge]\n"
	       "Check what userspace DMA needs on this machine: the IOMMU (kind, address width,\n"
	       "VFIO's usable IOVA ranges), physical-address access, hugepages per size and NUMA\n"
	       "node, hugetlbfs mounts, the locked-memory limit, the IOVA mode rte_eal_init would\n"
	       "choose (with the given EAL options) and why, and for each PCI function its IOMMU\n"
	       "group (type, VFIO viability), the openeal PMD that matches it, whether it can be\n"
	       "probed and the command that fixes it. Nothing is probed, mapped or bound.\n\n"
	       "  --json            one JSON object (keys in doc/doctor.md)\n"
	       "  --iova-mode pa|va as the EAL option of that name\n"
	       "  --no-huge         as the EAL option of that name\n"
	       "Exit status: 0 report produced (whatever it says), 1 no report, 2 usage error.\n");
}

/* "2M", "1G", "64K": the units hugepage sizes are written in. */
static void size_text(uint64_t bytes, char *buf, size_t size)
{
	static const char units[] = "KMGT";
	int u = -1;

	while (u < 3 && bytes >= 1024 && bytes % 1024 == 0) {
		bytes /= 1024;
		u++;
	}
	if (u < 0)
		snprintf(buf, size, "%" PRIu64, bytes);
	else
		snprintf(buf, size, "%" PRIu64 "%c", bytes, units[u]);
}

static void heading(const char *title, bool first)
{
	printf("%s%s\n", first ? "" : "\n", title);
	for (size_t i = 0; title[i] != '\0'; i++)
		putchar('=');
	putchar('\n');
}

/* The distinct IOMMU groups of the functions, each with its type and members. */
static void text_groups(const struct rte_pci_doctor *d)
{
	bool any = false;

	for (size_t i = 0; i < d->nb_devices; i++) {
		const struct rte_pci_doctor_device *dev = &d->devices[i];
		int g = dev->status.iommu_group;
		bool seen = false;
		for (size_t j = 0; j < i && !seen; j++)
			seen = d->devices[j].status.iommu_group == g;
		if (g < 0 || seen)
			continue;
		printf("%s%d %s:", any ? "; " : "groups: ", g,
		       dev->group_type[0] ? dev->group_type : "(no type)");
		for (size_t j = i; j < d->nb_devices; j++)
			if (d->devices[j].status.iommu_group == g)
				printf(" %s", d->devices[j].name);
		any = true;
	}
	if (any)
		putchar('\n');
}

static void text_iommu(const struct rte_pci_doctor *d)
{
	const struct rte_eal_doctor_host *h = &d->host;

	heading("IOMMU", true);
	printf("IOMMU: %s", h->iommu_present ? "present" : "none");
	for (unsigned int i = 0; i < h->nb_iommus; i++)
		printf("%s %s (%s)", i == 0 ? ":" : ",", h->iommus[i].name,
		       rte_eal_doctor_iommu_kind_name(h->iommus[i].kind));
	if (d->addr_bits != 0)
		printf("; address width %u bits", d->addr_bits);
	printf("; process addresses %u bits\n", h->va_bits);
	for (unsigned int i = 0; i < h->nb_iommus; i++) {
		const struct rte_eal_doctor_iommu *u = &h->iommus[i];
		if (u->mgaw_bits == 0)
			continue;
		printf("%s: MGAW %u bits, SAGAW", u->name, u->mgaw_bits);
		for (unsigned int s = 0; s < u->nb_sagaw; s++)
			printf("%s%u", s ? "/" : " ", u->sagaw_bits[s]);
		printf(" bits\n");
	}
	if (d->addr_bits != 0)
		printf("address width from: %s\n", d->addr_bits_source);
	if (d->vfio.asked && d->vfio.error == 0) {
		printf("VFIO usable IOVA ranges (group %d):", d->vfio.group);
		for (uint32_t i = 0; i < d->vfio.info.nb_iova_ranges; i++)
			printf("%s 0x%" PRIx64 "-0x%" PRIx64, i ? "," : "",
			       d->vfio.info.iova_ranges[i].start, d->vfio.info.iova_ranges[i].end);
		printf(" (%u bits)\n", d->vfio.addr_bits);
	} else if (d->vfio.asked) {
		printf("VFIO usable IOVA ranges (group %d): not available (%s)\n", d->vfio.group,
		       strerror(d->vfio.error));
	}
	if (!h->iommu_present)
		printf("without an IOMMU, vfio-pci cannot be used (uio drivers need IOVA as PA); "
		       "fix: boot with intel_iommu=on iommu=pt (VT-d, or AMD-Vi, on in the "
		       "firmware)\n");
	text_groups(d);
}

static void text_memory(const struct rte_pci_doctor *d)
{
	const struct rte_eal_doctor_host *h = &d->host;
	char sz[24];

	heading("Physical addresses", false);
	printf("physical addresses: %s\n",
	       h->phys_readable ? "readable (/proc/self/pagemap)"
				: "not readable (/proc/self/pagemap hides frame numbers without "
				  "CAP_SYS_ADMIN): IOVA as PA impossible; fix: run as root");

	heading("Hugepages", false);
	printf("hugepages:%s", h->nb_hugepage_sizes == 0 ? " none supported" : "");
	for (unsigned int i = 0; i < h->nb_hugepage_sizes; i++) {
		const struct rte_eal_doctor_hugepages *s = &h->hugepages[i];
		printf("%s %" PRIu64 " kB: %lu free of %lu", i == 0 ? "" : ";", s->page_size >> 10,
		       s->free, s->nr);
		for (unsigned int n = 0; n < s->nb_nodes; n++)
			printf("%snode%u %lu/%lu", n == 0 ? " (" : ", ", s->nodes[n].node,
			       s->nodes[n].free, s->nodes[n].nr);
		if (s->nb_nodes > 0)
			putchar(')');
	}
	putchar('\n');
	printf("hugetlbfs mounts:");
	for (unsigned int i = 0; i < h->nb_mounts; i++) {
		size_text(h->mounts[i].page_size, sz, sizeof(sz));
		printf("%s %s (pagesize=%s)", i == 0 ? "" : ",", h->mounts[i].dir,
		       h->mounts[i].page_size ? sz : "?");
	}
	printf("%s\n", h->nb_mounts == 0 ? " none (anonymous hugepages need none)" : "");
	if (!rte_eal_doctor_hugepages_free(h))
		printf(
		    "no free hugepage: IOVA as PA has no memory (VA uses locked ordinary pages); "
		    "fix: echo 64 > %s/hugepages-%" PRIu64 "kB/nr_hugepages\n",
		    h->hugepages_dir,
		    h->nb_hugepage_sizes ? h->hugepages[0].page_size >> 10 : (uint64_t)2048);

	heading("Locked memory", false);
	printf("memlock: soft limit ");
	if (h->memlock_soft == UINT64_MAX)
		printf("unlimited");
	else
		printf("%" PRIu64 " kB", h->memlock_soft >> 10);
	printf(", hard limit ");
	if (h->memlock_hard == UINT64_MAX)
		printf("unlimited");
	else
		printf("%" PRIu64 " kB", h->memlock_hard >> 10);
	printf("; locked now %" PRIu64 " kB; CAP_IPC_LOCK %s\n", h->memlock_locked >> 10,
	       h->cap_ipc_lock ? "yes (the limit does not apply)" : "no");
	printf("enough for DMA (%llu kB, one memory segment): %s\n",
	       RTE_EAL_DOCTOR_DMA_MIN_LOCKED >> 10,
	       rte_eal_doctor_memlock_enough(h) ? "yes" : "no");
}

static void text_iova(const struct rte_pci_doctor *d)
{
	const struct rte_iova_report *r = &d->iova;

	heading("IOVA mode", false);
	if (r->mode == RTE_IOVA_DC)
		printf("IOVA mode: rte_eal_init would fail (rule %s): %s\n", r->rule, r->reason);
	else
		printf("IOVA mode rte_eal_init would choose: %s (rule %s): %s\n",
		       rte_iova_mode_name(r->mode), r->rule, r->reason);
	printf("inputs: --iova-mode %s; physical addresses %s; free hugepages %s; IOMMU %s",
	       r->requested == RTE_IOVA_DC ? "not given" : rte_iova_mode_name(r->requested),
	       r->phys_readable ? "readable" : "not readable", r->hugepages ? "yes" : "no",
	       r->iommu_present ? "present" : "none");
	if (r->iommu_addr_bits != 0)
		printf(" (%u bits)", r->iommu_addr_bits);
	printf("; process addresses %u bits; %u device(s) counted, %u refused\n", r->va_bits,
	       r->nb_devices, r->nb_refused);
}

static void text_devices(const struct rte_pci_doctor *d)
{
	heading("Devices", false);
	if (d->nb_devices == 0)
		printf("none\n");
	for (size_t i = 0; i < d->nb_devices; i++) {
		const struct rte_pci_doctor_device *dev = &d->devices[i];
		printf("%s %04x:%04x driver=%s", dev->name, dev->status.vendor_id,
		       dev->status.device_id, dev->status.driver[0] ? dev->status.driver : "-");
		if (dev->status.iommu_group >= 0)
			printf(" iommu_group=%d (%s, %s)", dev->status.iommu_group,
			       rte_iova_domain_name(dev->domain),
			       dev->vfio_viable ? "viable for vfio" : "not viable for vfio");
		printf(" pmd=%s probe=%s", dev->pmd[0] ? dev->pmd : "-",
		       dev->verdict == RTE_PCI_DOCTOR_PROBEABLE ? "yes" : "no");
		if (dev->reason[0] != '\0')
			printf(": %s", dev->reason);
		if (dev->fix[0] != '\0')
			printf("; fix: %s", dev->fix);
		putchar('\n');
	}
}

/* Text from sysfs and the kernel: quotes, backslashes and control bytes escaped. */
/* A string, or null when empty. */
static void json_text(const char *s)
{
	if (s == NULL || s[0] == '\0')
		fputs("null", stdout);
	else
		openeal_json_string(s);
}

static void json_kb(uint64_t bytes)
{
	if (bytes == UINT64_MAX)
		fputs("null", stdout);
	else
		printf("%" PRIu64, bytes >> 10);
}

static void json_uint_or_null(unsigned int v)
{
	if (v == 0)
		fputs("null", stdout);
	else
		printf("%u", v);
}

static void json_iommu(const struct rte_pci_doctor *d)
{
	const struct rte_eal_doctor_host *h = &d->host;

	printf("{\"iommu\": {\"present\": %s, \"units\": [", h->iommu_present ? "true" : "false");
	for (unsigned int i = 0; i < h->nb_iommus; i++) {
		const struct rte_eal_doctor_iommu *u = &h->iommus[i];
		printf("%s{\"name\": ", i ? ", " : "");
		openeal_json_string(u->name);
		printf(", \"kind\": \"%s\", \"mgaw_bits\": ",
		       rte_eal_doctor_iommu_kind_name(u->kind));
		json_uint_or_null(u->mgaw_bits);
		printf(", \"sagaw_bits\": [");
		for (unsigned int s = 0; s < u->nb_sagaw; s++)
			printf("%s%u", s ? ", " : "", u->sagaw_bits[s]);
		printf("]}");
	}
	printf("], \"address_bits\": ");
	json_uint_or_null(d->addr_bits);
	printf(", \"address_bits_source\": ");
	json_text(d->addr_bits_source);
	printf(", \"va_bits\": %u, \"vfio\": ", h->va_bits);
	if (!d->vfio.asked) {
		printf("null");
	} else {
		printf("{\"group\": %d, \"error\": ", d->vfio.group);
		json_text(d->vfio.error != 0 ? strerror(d->vfio.error) : NULL);
		printf(", \"iova_ranges\": [");
		for (uint32_t i = 0; d->vfio.error == 0 && i < d->vfio.info.nb_iova_ranges; i++)
			printf("%s{\"start\": \"0x%" PRIx64 "\", \"end\": \"0x%" PRIx64 "\"}",
			       i ? ", " : "", d->vfio.info.iova_ranges[i].start,
			       d->vfio.info.iova_ranges[i].end);
		printf("], \"address_bits\": ");
		json_uint_or_null(d->vfio.addr_bits);
		putchar('}');
	}
	printf("},\n");
}

static void json_memory(const struct rte_pci_doctor *d)
{
	const struct rte_eal_doctor_host *h = &d->host;
	char sz[24];

	printf(" \"pagemap_readable\": %s,\n \"hugepages\": [",
	       h->phys_readable ? "true" : "false");
	for (unsigned int i = 0; i < h->nb_hugepage_sizes; i++) {
		const struct rte_eal_doctor_hugepages *s = &h->hugepages[i];
		printf("%s{\"size_kb\": %" PRIu64 ", \"total\": %lu, \"free\": %lu, \"nodes\": [",
		       i ? ", " : "", s->page_size >> 10, s->nr, s->free);
		for (unsigned int n = 0; n < s->nb_nodes; n++)
			printf("%s{\"node\": %u, \"total\": %lu, \"free\": %lu}", n ? ", " : "",
			       s->nodes[n].node, s->nodes[n].nr, s->nodes[n].free);
		printf("]}");
	}
	printf("],\n \"hugepages_dir\": ");
	openeal_json_string(h->hugepages_dir);
	printf(",\n \"hugetlbfs_mounts\": [");
	for (unsigned int i = 0; i < h->nb_mounts; i++) {
		printf("%s{\"dir\": ", i ? ", " : "");
		openeal_json_string(h->mounts[i].dir);
		size_text(h->mounts[i].page_size, sz, sizeof(sz));
		printf(", \"pagesize\": ");
		json_text(h->mounts[i].page_size ? sz : NULL);
		printf(", \"size_kb\": ");
		json_uint_or_null((unsigned int)(h->mounts[i].page_size >> 10));
		putchar('}');
	}
	printf("],\n \"memlock\": {\"soft_kb\": ");
	json_kb(h->memlock_soft);
	printf(", \"hard_kb\": ");
	json_kb(h->memlock_hard);
	printf(", \"locked_kb\": %" PRIu64 ", \"cap_ipc_lock\": %s, \"enough_for_dma\": %s},\n",
	       h->memlock_locked >> 10, h->cap_ipc_lock ? "true" : "false",
	       rte_eal_doctor_memlock_enough(h) ? "true" : "false");
}

static void json_iova(const struct rte_pci_doctor *d)
{
	const struct rte_iova_report *r = &d->iova;

	printf(" \"iova\": {\"requested\": \"%s\", \"mode\": ", rte_iova_mode_name(r->requested));
	if (r->mode == RTE_IOVA_DC)
		printf("null");
	else
		printf("\"%s\"", rte_iova_mode_name(r->mode));
	printf(", \"rule\": \"%s\", \"remap\": %s, \"reason\": ", r->rule,
	       r->iova_remap ? "true" : "false");
	openeal_json_string(r->reason);
	printf(", \"phys_readable\": %s, \"hugepages\": %s, \"iommu_present\": %s, "
	       "\"iommu_addr_bits\": ",
	       r->phys_readable ? "true" : "false", r->hugepages ? "true" : "false",
	       r->iommu_present ? "true" : "false");
	json_uint_or_null(r->iommu_addr_bits);
	printf(", \"va_bits\": %u, \"devices\": %u, \"refused\": %u},\n", r->va_bits, r->nb_devices,
	       r->nb_refused);
}

static void json_device(const struct rte_pci_doctor_device *dev, bool first)
{
	static const char *const binding[] = {
	    [RTE_PCI_BIND_USERSPACE] = "userspace",
	    [RTE_PCI_BIND_KERNEL] = "kernel",
	    [RTE_PCI_BIND_NONE] = "none",
	};

	printf("%s\n  {\"address\": \"%s\", \"vendor\": \"%04x\", \"device\": \"%04x\", "
	       "\"driver\": ",
	       first ? "" : ",", dev->name, dev->status.vendor_id, dev->status.device_id);
	json_text(dev->status.driver);
	printf(", \"binding\": \"%s\", \"iommu_group\": ", binding[dev->status.kind]);
	if (dev->status.iommu_group >= 0)
		printf("%d", dev->status.iommu_group);
	else
		printf("null");
	printf(", \"group_type\": ");
	json_text(dev->group_type);
	printf(", \"domain\": \"%s\", \"vfio_viable\": %s, \"blocking\": [",
	       rte_iova_domain_name(dev->domain), dev->vfio_viable ? "true" : "false");
	for (unsigned int i = 0; i < dev->nb_blocking && i < RTE_PCI_DOCTOR_MAX_BLOCKING; i++) {
		printf("%s{\"address\": ", i ? ", " : "");
		openeal_json_string(dev->blocking[i].addr);
		printf(", \"driver\": ");
		json_text(dev->blocking[i].driver);
		putchar('}');
	}
	printf("], \"iova_need\": ");
	if (dev->described)
		printf("\"%s\"", rte_iova_mode_name(dev->iova.need));
	else
		printf("null");
	printf(", \"pmd\": ");
	json_text(dev->pmd);
	printf(", \"probe\": %s, \"verdict\": \"%s\", \"reason\": ",
	       dev->verdict == RTE_PCI_DOCTOR_PROBEABLE ? "true" : "false",
	       rte_pci_doctor_verdict_name(dev->verdict));
	json_text(dev->reason);
	printf(", \"fix\": ");
	json_text(dev->fix);
	putchar('}');
}

static void print_json(const struct rte_pci_doctor *d)
{
	json_iommu(d);
	json_memory(d);
	json_iova(d);
	printf(" \"devices\": [");
	for (size_t i = 0; i < d->nb_devices; i++)
		json_device(&d->devices[i], i == 0);
	printf("%s]}\n", d->nb_devices ? "\n " : "");
}

static void print_text(const struct rte_pci_doctor *d)
{
	text_iommu(d);
	text_memory(d);
	text_iova(d);
	text_devices(d);
}

static int doctor_run(int argc, char **argv)
{
	enum rte_iova_mode requested = RTE_IOVA_DC;
	bool json = false, no_huge = false;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			doctor_usage(stdout);
			return OPENEAL_EXIT_OK;
		} else if (strcmp(a, "--json") == 0) {
			json = true;
		} else if (strcmp(a, "--no-huge") == 0) {
			no_huge = true;
		} else if (strcmp(a, "--iova-mode") == 0 && i + 1 < argc &&
			   (strcmp(argv[i + 1], "pa") == 0 || strcmp(argv[i + 1], "va") == 0)) {
			requested = strcmp(argv[++i], "pa") == 0 ? RTE_IOVA_PA : RTE_IOVA_VA;
		} else if (strcmp(a, "--iova-mode") == 0) {
			return openeal_cmd_fail(OPENEAL_EXIT_USAGE, "doctor",
						"--iova-mode needs pa or va, got '%s'",
						i + 1 < argc ? argv[i + 1] : "nothing");
		} else {
			return openeal_cmd_fail(OPENEAL_EXIT_USAGE, "doctor",
						"unknown argument '%s' (openeal doctor --help)", a);
		}
	}
	struct rte_pci_doctor d;
	if (rte_pci_doctor_run(&d, requested, no_huge) != 0) /* the line is logged */
		return openeal_cmd_fail(OPENEAL_EXIT_FAILURE, "doctor", "no report: %s",
					rte_strerror(rte_errno));
	if (json)
		print_json(&d);
	else
		print_text(&d);
	rte_pci_doctor_free(&d);
	if (fflush(stdout) != 0 || ferror(stdout))
		return openeal_cmd_fail(OPENEAL_EXIT_FAILURE, "doctor", "cannot write the report");
	return OPENEAL_EXIT_OK;
}

static struct openeal_cmd doctor_cmd = {
    .name = "doctor",
    .args = "[--json] [--iova-mode pa|va] [--no-huge]",
    .summary = "Check IOMMU, hugepages, memlock, the IOVA mode init would choose, each device",
    .run = doctor_run,
};
OPENEAL_CMD_REGISTER(doctor_cmd)
