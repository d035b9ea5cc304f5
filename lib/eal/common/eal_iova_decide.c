/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The IOVA decision table (doc/iova.md). Rows A* follow an explicit --iova-mode, rows B* decide
 * from what the devices need. Unlike DPDK, a need nobody can meet does not fail rte_eal_init
 * (only an explicit --iova-mode=pa that cannot work does): the devices that cannot work are
 * refused one by one, each with its fix, and the rest of the application runs.
 */

#include <stdio.h>
#include <string.h>

#include <errno.h>

#include "eal_strbuf.h"
#include "eal_iova_decide.h"

/* Names listed in a reason before "+N more". */
#define LISTED_NAMES 3

/* A device emitting physical addresses behind a translating IOMMU faults whatever the mode. */
static bool never_works(const struct rte_iova_device *dev)
{
	return dev->need == RTE_IOVA_PA && dev->domain == RTE_IOVA_DOMAIN_TRANSLATED;
}

static bool phys_usable(const struct eal_iova_input *in)
{
	return in->phys_readable && in->hugepages;
}

/* Why physical addresses cannot be used, and the fix. */
static const char *phys_problem(const struct eal_iova_input *in)
{
	if (!in->phys_readable)
		return "physical addresses are not readable (/proc/self/pagemap gives no frame "
		       "numbers without CAP_SYS_ADMIN)";
	if (in->no_huge)
		return "--no-huge was given (PA mode needs hugepages for physically contiguous "
		       "memory)";
	return "no free hugepages (PA mode needs them for physically contiguous memory)";
}

static const char *phys_fix(const struct eal_iova_input *in)
{
	if (!in->phys_readable)
		return "run as root";
	if (in->no_huge)
		return "drop --no-huge";
	return "reserve hugepages (echo 64 > /sys/kernel/mm/hugepages/hugepages-2048kB/"
	       "nr_hugepages)";
}

/* "0000:00:02.0, 0000:00:03.0 +2 more" for the devices that match need and can work. */
static void list_devices(char *buf, size_t size, const struct eal_iova_input *in,
			 enum rte_iova_mode need, bool workable)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < in->nb_devices; i++) {
		const struct rte_iova_device *dev = &in->devices[i];
		bool match = workable ? (!never_works(dev) && dev->need == need) : never_works(dev);
		if (!match)
			continue;
		if (n < LISTED_NAMES)
			eal_strbuf_appendf(buf, size, "%s%s", n > 0 ? ", " : "", dev->name);
		n++;
	}
	for (unsigned int i = 0; workable && i < in->nb_buses; i++) {
		const struct eal_iova_bus_input *b = &in->buses[i];
		if (b->described || b->iommu_class != need)
			continue;
		if (n < LISTED_NAMES)
			eal_strbuf_appendf(buf, size, "%sbus %s", n > 0 ? ", " : "", b->name);
		n++;
	}
	if (n > LISTED_NAMES)
		eal_strbuf_appendf(buf, size, " +%u more", n - LISTED_NAMES);
}

static bool anyone_needs(const struct eal_iova_input *in, enum rte_iova_mode need)
{
	for (unsigned int i = 0; i < in->nb_devices; i++)
		if (!never_works(&in->devices[i]) && in->devices[i].need == need)
			return true;
	for (unsigned int i = 0; i < in->nb_buses; i++)
		if (!in->buses[i].described && in->buses[i].iommu_class == need)
			return true;
	return false;
}

static void set(struct eal_iova_decision *d, enum rte_iova_mode mode, const char *rule)
{
	d->mode = mode;
	d->rule = rule;
}

static void decide_requested(const struct eal_iova_input *in, struct eal_iova_decision *d)
{
	if (in->requested == RTE_IOVA_VA) {
		set(d, RTE_IOVA_VA, "A3");
		eal_strbuf_appendf(d->reason, sizeof(d->reason), "--iova-mode=va was given");
		eal_strbuf_appendf(d->cause, sizeof(d->cause), "--iova-mode=va");
		return;
	}
	/*
	 * An explicit PA is honoured unless it cannot work at all. Missing hugepages are not
	 * that: memory grows on demand, and hugepages reserved after init are used.
	 */
	if (in->phys_readable && !in->no_huge) {
		set(d, RTE_IOVA_PA, "A1");
		eal_strbuf_appendf(d->reason, sizeof(d->reason), "--iova-mode=pa was given%s",
		       in->hugepages ? ""
				     : " (no free hugepages yet: DMA allocations fail until "
				       "some are reserved)");
		eal_strbuf_appendf(d->cause, sizeof(d->cause), "--iova-mode=pa");
		return;
	}
	set(d, RTE_IOVA_DC, "A2");
	d->error = in->phys_readable ? EINVAL : EACCES;
	eal_strbuf_appendf(d->reason, sizeof(d->reason),
	       "--iova-mode=pa was given but %s; fix: %s, or drop "
	       "--iova-mode=pa",
	       phys_problem(in), phys_fix(in));
	eal_strbuf_appendf(d->cause, sizeof(d->cause), "--iova-mode=pa cannot work");
}

static void decide_from_devices(const struct eal_iova_input *in, struct eal_iova_decision *d)
{
	bool want_pa = anyone_needs(in, RTE_IOVA_PA);
	bool want_va = anyone_needs(in, RTE_IOVA_VA);
	char pa_list[160] = "", va_list_[160] = "";

	list_devices(pa_list, sizeof(pa_list), in, RTE_IOVA_PA, true);
	list_devices(va_list_, sizeof(va_list_), in, RTE_IOVA_VA, true);

	if (want_pa && want_va) {
		set(d, RTE_IOVA_VA, "B4");
		eal_strbuf_appendf(d->reason, sizeof(d->reason),
		       "%s need PA but %s need VA: VA, and the PA devices are not probed", pa_list,
		       va_list_);
		eal_strbuf_appendf(d->cause, sizeof(d->cause), "other devices need VA: %s", va_list_);
	} else if (want_va) {
		set(d, RTE_IOVA_VA, "B3");
		eal_strbuf_appendf(d->reason, sizeof(d->reason), "%s need VA", va_list_);
		eal_strbuf_appendf(d->cause, sizeof(d->cause), "%s need VA", va_list_);
	} else if (want_pa && phys_usable(in)) {
		set(d, RTE_IOVA_PA, "B1");
		eal_strbuf_appendf(d->reason, sizeof(d->reason), "%s need PA and physical addresses are usable",
		       pa_list);
		eal_strbuf_appendf(d->cause, sizeof(d->cause), "%s need PA", pa_list);
	} else if (want_pa) {
		set(d, RTE_IOVA_VA, "B2");
		eal_strbuf_appendf(d->reason, sizeof(d->reason),
		       "%s need PA but %s: VA, and those devices are not probed", pa_list,
		       phys_problem(in));
		eal_strbuf_appendf(d->cause, sizeof(d->cause), "%s", phys_problem(in));
	} else if (in->iommu_present) {
		set(d, RTE_IOVA_VA, "B5");
		eal_strbuf_appendf(d->reason, sizeof(d->reason),
		       "no device needs a mode and an IOMMU is present");
		eal_strbuf_appendf(d->cause, sizeof(d->cause), "an IOMMU is present");
	} else if (phys_usable(in)) {
		set(d, RTE_IOVA_PA, "B6");
		eal_strbuf_appendf(
		    d->reason, sizeof(d->reason),
		    "no device needs a mode, there is no IOMMU and physical addresses are usable "
		    "(devices attached later can only DMA to physical addresses)");
		eal_strbuf_appendf(d->cause, sizeof(d->cause), "no IOMMU");
	} else {
		set(d, RTE_IOVA_VA, "B7");
		eal_strbuf_appendf(d->reason, sizeof(d->reason),
		       "no device needs a mode, there is no IOMMU and %s", phys_problem(in));
		eal_strbuf_appendf(d->cause, sizeof(d->cause), "%s", phys_problem(in));
	}
}

void eal_iova_verdict(const struct eal_iova_input *in, const struct eal_iova_decision *d,
		      struct rte_iova_device *dev)
{
	dev->ok = false;
	dev->why[0] = '\0';
	if (never_works(dev)) {
		eal_strbuf_appendf(
		    dev->why, sizeof(dev->why),
		    "not probed: needs physical addresses (%s does not program the IOMMU) but "
		    "IOMMU group %d translates DMA addresses, so its DMA would fault (IOVA mode "
		    "%s); fix: boot with iommu=pt, or bind it to vfio-pci (openeal bind vfio-pci "
		    "%s)",
		    dev->needed_by, dev->iommu_group, rte_iova_mode_name(d->mode), dev->name);
		return;
	}
	if (dev->need == RTE_IOVA_PA && d->mode == RTE_IOVA_VA) {
		char fix[192];
		if (in->requested == RTE_IOVA_VA)
			snprintf(fix, sizeof(fix), "drop --iova-mode=va");
		else if (!phys_usable(in))
			snprintf(fix, sizeof(fix), "%s", phys_fix(in));
		else
			snprintf(fix, sizeof(fix), "give --iova-mode=pa%s",
				 strcmp(d->rule, "B4") == 0 ? " to prefer it to the VA devices"
							    : "");
		eal_strbuf_appendf(dev->why, sizeof(dev->why),
		       "not probed: needs IOVA as PA (%s) but the IOVA mode is VA (%s); fix: %s, "
		       "or bind it to vfio-pci (openeal bind vfio-pci %s)",
		       dev->needed_by, d->cause, fix, dev->name);
		return;
	}
	if (dev->need == RTE_IOVA_VA && d->mode == RTE_IOVA_PA) {
		eal_strbuf_appendf(dev->why, sizeof(dev->why),
		       "not probed: needs IOVA as VA (%s) but the IOVA mode is PA (%s); fix: %s",
		       dev->needed_by, d->cause,
		       in->requested == RTE_IOVA_PA ? "drop --iova-mode=pa"
						    : "give --iova-mode=va");
		return;
	}
	dev->ok = true;
}

void eal_iova_decide(struct eal_iova_input *in, struct eal_iova_decision *out)
{
	memset(out, 0, sizeof(*out));
	if (in->requested != RTE_IOVA_DC)
		decide_requested(in, out);
	else
		decide_from_devices(in, out);

	char lost[160] = "";
	list_devices(lost, sizeof(lost), in, RTE_IOVA_PA, false);
	if (lost[0] != '\0')
		eal_strbuf_appendf(out->reason, sizeof(out->reason),
		       " (left out: %s, which cannot DMA in any mode: physical addresses behind a "
		       "translating IOMMU)",
		       lost);

	/* Placement keeps IOVA = VA; only the memory layer knows if it could not (fallback). */
	if (out->mode == RTE_IOVA_VA && in->iommu_present && in->iommu_addr_bits != 0 &&
	    in->va_bits > in->iommu_addr_bits)
		eal_strbuf_appendf(out->reason, sizeof(out->reason),
		       "; virtual addresses use %u bits but the IOMMU %u, so DMA memory is placed "
		       "below 2^%u, where IOVA = VA",
		       in->va_bits, in->iommu_addr_bits, in->iommu_addr_bits);

	for (unsigned int i = 0; i < in->nb_devices; i++) {
		if (out->error != 0) {
			in->devices[i].ok = false;
			snprintf(in->devices[i].why, sizeof(in->devices[i].why),
				 "not probed: rte_eal_init failed (%s)", out->cause);
		} else {
			eal_iova_verdict(in, out, &in->devices[i]);
		}
		if (!in->devices[i].ok)
			out->nb_refused++;
	}
}
