/* SPDX-License-Identifier: BSD-3-Clause */
/* The IOVA decision table: one test per row (doc/iova.md), then the per-device verdicts. */

#include <CUnit/CUnit.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "eal_iova_decide.h"
#include "test_iova.h"

/* A machine where everything works: root, hugepages, an IOMMU wider than the addresses. */
static struct eal_iova_input machine(void)
{
	return (struct eal_iova_input){
	    .requested = RTE_IOVA_DC,
	    .phys_readable = true,
	    .hugepages = true,
	    .iommu_present = true,
	    .iommu_addr_bits = 48,
	    .va_bits = 47,
	};
}

static struct rte_iova_device dev(const char *name, enum rte_iova_mode need, const char *by,
				  int group, enum rte_iova_domain domain)
{
	struct rte_iova_device d = {
	    .bus = "pci", .need = need, .iommu_group = group, .domain = domain, .ok = true};
	snprintf(d.name, sizeof(d.name), "%s", name);
	snprintf(d.needed_by, sizeof(d.needed_by), "%s", by);
	return d;
}

#define UIO(name, group, domain) dev(name, RTE_IOVA_PA, "uio_pci_generic", group, domain)
#define VFIO(name, group) dev(name, RTE_IOVA_DC, "vfio-pci", group, RTE_IOVA_DOMAIN_TRANSLATED)
#define NEEDS_VA(name, group) \
	dev(name, RTE_IOVA_VA, "driver net_x", group, RTE_IOVA_DOMAIN_TRANSLATED)

static struct eal_iova_decision decide(struct eal_iova_input *in, struct rte_iova_device *devs,
				       unsigned int n)
{
	struct eal_iova_decision d;
	in->devices = devs;
	in->nb_devices = n;
	eal_iova_decide(in, &d);
	return d;
}

static void test_a1_pa_requested_usable(void)
{
	struct eal_iova_input in = machine();
	struct rte_iova_device devs[] = {UIO("0000:00:03.0", 3, RTE_IOVA_DOMAIN_IDENTITY),
					 NEEDS_VA("0000:00:04.0", 4)};
	in.requested = RTE_IOVA_PA;
	struct eal_iova_decision d = decide(&in, devs, 2);
	CU_ASSERT_EQUAL(d.mode, RTE_IOVA_PA);
	CU_ASSERT_STRING_EQUAL(d.rule, "A1");
	CU_ASSERT_EQUAL(d.error, 0);
	CU_ASSERT_TRUE(devs[0].ok);
	CU_ASSERT_FALSE(devs[1].ok);
	CU_ASSERT_PTR_NOT_NULL(strstr(devs[1].why, "needs IOVA as VA (driver net_x)"));
	CU_ASSERT_PTR_NOT_NULL(strstr(devs[1].why, "fix: drop --iova-mode=pa"));
	CU_ASSERT_EQUAL(d.nb_refused, 1);
}

static void test_a2_pa_requested_not_root(void)
{
	struct eal_iova_input in = machine();
	struct rte_iova_device devs[] = {UIO("0000:00:03.0", -1, RTE_IOVA_DOMAIN_NONE)};
	in.requested = RTE_IOVA_PA;
	in.phys_readable = false;
	struct eal_iova_decision d = decide(&in, devs, 1);
	CU_ASSERT_STRING_EQUAL(d.rule, "A2");
	CU_ASSERT_EQUAL(d.error, EACCES);
	CU_ASSERT_EQUAL(d.mode, RTE_IOVA_DC);
	CU_ASSERT_PTR_NOT_NULL(strstr(d.reason, "fix: run as root, or drop --iova-mode=pa"));
	CU_ASSERT_FALSE(devs[0].ok);
}

static void test_a2_pa_requested_no_huge(void)
{
	struct eal_iova_input in = machine();
	in.requested = RTE_IOVA_PA;
	in.hugepages = false;
	in.no_huge = true;
	struct eal_iova_decision d = decide(&in, NULL, 0);
	CU_ASSERT_STRING_EQUAL(d.rule, "A2");
	CU_ASSERT_EQUAL(d.error, EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(d.reason, "--no-huge was given"));
	CU_ASSERT_PTR_NOT_NULL(strstr(d.reason, "fix: drop --no-huge"));
}

static void test_a1_pa_requested_no_free_hugepages(void)
{
	/* Honoured: hugepages reserved later are used; the reason says allocations wait. */
	struct eal_iova_input in = machine();
	in.requested = RTE_IOVA_PA;
	in.hugepages = false;
	struct eal_iova_decision d = decide(&in, NULL, 0);
	CU_ASSERT_STRING_EQUAL(d.rule, "A1");
	CU_ASSERT_EQUAL(d.mode, RTE_IOVA_PA);
	CU_ASSERT_PTR_NOT_NULL(strstr(d.reason, "no free hugepages yet"));
}

static void test_a3_va_requested(void)
{
	struct eal_iova_input in = machine();
	struct rte_iova_device devs[] = {UIO("0000:00:03.0", -1, RTE_IOVA_DOMAIN_NONE),
					 VFIO("0000:00:05.0", 5)};
	in.requested = RTE_IOVA_VA;
	struct eal_iova_decision d = decide(&in, devs, 2);
	CU_ASSERT_EQUAL(d.mode, RTE_IOVA_VA);
	CU_ASSERT_STRING_EQUAL(d.rule, "A3");
	CU_ASSERT_FALSE(devs[0].ok);
	CU_ASSERT_PTR_NOT_NULL(strstr(devs[0].why, "needs IOVA as PA (uio_pci_generic)"));
	CU_ASSERT_PTR_NOT_NULL(strstr(devs[0].why, "the IOVA mode is VA (--iova-mode=va)"));
	CU_ASSERT_PTR_NOT_NULL(strstr(devs[0].why, "fix: drop --iova-mode=va"));
	CU_ASSERT_TRUE(devs[1].ok);
}

static void test_b1_pa_needed_usable(void)
{
	struct eal_iova_input in = machine();
	struct rte_iova_device devs[] = {UIO("0000:00:03.0", 3, RTE_IOVA_DOMAIN_IDENTITY),
					 VFIO("0000:00:05.0", 5)};
	struct eal_iova_decision d = decide(&in, devs, 2);
	CU_ASSERT_EQUAL(d.mode, RTE_IOVA_PA);
	CU_ASSERT_STRING_EQUAL(d.rule, "B1");
	CU_ASSERT_PTR_NOT_NULL(strstr(d.reason, "0000:00:03.0 need PA"));
	CU_ASSERT_TRUE(devs[0].ok);
	CU_ASSERT_TRUE(devs[1].ok); /* vfio works in PA mode too */
	CU_ASSERT_EQUAL(d.nb_refused, 0);
}

static void test_b2_pa_needed_not_usable(void)
{
	struct eal_iova_input in = machine();
	struct rte_iova_device devs[] = {UIO("0000:00:03.0", -1, RTE_IOVA_DOMAIN_NONE)};
	in.iommu_present = false;
	in.hugepages = false;
	struct eal_iova_decision d = decide(&in, devs, 1);
	CU_ASSERT_EQUAL(d.mode, RTE_IOVA_VA);
	CU_ASSERT_STRING_EQUAL(d.rule, "B2");
	CU_ASSERT_EQUAL(d.error, 0); /* DPDK fails rte_eal_init here */
	CU_ASSERT_FALSE(devs[0].ok);
	CU_ASSERT_PTR_NOT_NULL(strstr(devs[0].why, "no free hugepages"));
	CU_ASSERT_PTR_NOT_NULL(strstr(devs[0].why, "fix: reserve hugepages"));
}

static void test_b3_va_needed(void)
{
	struct eal_iova_input in = machine();
	struct rte_iova_device devs[] = {NEEDS_VA("0000:00:04.0", 4), VFIO("0000:00:05.0", 5)};
	in.phys_readable = false;
	struct eal_iova_decision d = decide(&in, devs, 2);
	CU_ASSERT_EQUAL(d.mode, RTE_IOVA_VA);
	CU_ASSERT_STRING_EQUAL(d.rule, "B3");
	CU_ASSERT_TRUE(devs[0].ok);
	CU_ASSERT_TRUE(devs[1].ok);
}

static void test_b3_va_from_bus_class(void)
{
	/* A bus without a describer counts through its get_iommu_class. */
	struct eal_iova_input in = machine();
	in.nb_buses = 1;
	in.buses[0] = (struct eal_iova_bus_input){.name = "vdev", .iommu_class = RTE_IOVA_VA};
	struct eal_iova_decision d = decide(&in, NULL, 0);
	CU_ASSERT_STRING_EQUAL(d.rule, "B3");
	CU_ASSERT_PTR_NOT_NULL(strstr(d.reason, "bus vdev need VA"));
}

static void test_b4_both_needed(void)
{
	struct eal_iova_input in = machine();
	struct rte_iova_device devs[] = {UIO("0000:00:03.0", 3, RTE_IOVA_DOMAIN_IDENTITY),
					 NEEDS_VA("0000:00:04.0", 4)};
	struct eal_iova_decision d = decide(&in, devs, 2);
	CU_ASSERT_EQUAL(d.mode, RTE_IOVA_VA);
	CU_ASSERT_STRING_EQUAL(d.rule, "B4");
	CU_ASSERT_FALSE(devs[0].ok);
	CU_ASSERT_TRUE(devs[1].ok);
	CU_ASSERT_PTR_NOT_NULL(strstr(devs[0].why, "other devices need VA: 0000:00:04.0"));
	CU_ASSERT_PTR_NOT_NULL(strstr(devs[0].why, "give --iova-mode=pa to prefer it"));
	CU_ASSERT_PTR_NOT_NULL(strstr(devs[0].why, "openeal bind vfio-pci 0000:00:03.0"));
}

static void test_b5_no_need_iommu(void)
{
	struct eal_iova_input in = machine();
	struct rte_iova_device devs[] = {VFIO("0000:00:05.0", 5)};
	struct eal_iova_decision d = decide(&in, devs, 1);
	CU_ASSERT_EQUAL(d.mode, RTE_IOVA_VA);
	CU_ASSERT_STRING_EQUAL(d.rule, "B5");
	CU_ASSERT_FALSE(d.iova_remap);
	CU_ASSERT_TRUE(devs[0].ok);
}

static void test_b6_no_need_no_iommu_pa_usable(void)
{
	struct eal_iova_input in = machine();
	in.iommu_present = false;
	struct eal_iova_decision d = decide(&in, NULL, 0);
	CU_ASSERT_EQUAL(d.mode, RTE_IOVA_PA);
	CU_ASSERT_STRING_EQUAL(d.rule, "B6");
}

static void test_b7_no_need_no_iommu_pa_unusable(void)
{
	struct eal_iova_input in = machine();
	in.iommu_present = false;
	in.phys_readable = false;
	struct eal_iova_decision d = decide(&in, NULL, 0);
	CU_ASSERT_EQUAL(d.mode, RTE_IOVA_VA);
	CU_ASSERT_STRING_EQUAL(d.rule, "B7");
	CU_ASSERT_PTR_NOT_NULL(strstr(d.reason, "not readable"));
}

static void test_excluded_translated_uio(void)
{
	/* The uio device cannot work in any mode: it must not drag the mode to PA. */
	struct eal_iova_input in = machine();
	struct rte_iova_device devs[] = {UIO("0000:00:03.0", 3, RTE_IOVA_DOMAIN_TRANSLATED),
					 VFIO("0000:00:05.0", 5)};
	struct eal_iova_decision d = decide(&in, devs, 2);
	CU_ASSERT_STRING_EQUAL(d.rule, "B5");
	CU_ASSERT_EQUAL(d.mode, RTE_IOVA_VA);
	CU_ASSERT_PTR_NOT_NULL(strstr(d.reason, "left out: 0000:00:03.0"));
	CU_ASSERT_FALSE(devs[0].ok);
	CU_ASSERT_PTR_NOT_NULL(strstr(devs[0].why, "IOMMU group 3 translates DMA addresses"));
	CU_ASSERT_PTR_NOT_NULL(strstr(devs[0].why, "fix: boot with iommu=pt"));
	CU_ASSERT_TRUE(devs[1].ok);
}

static void test_excluded_even_when_pa_requested(void)
{
	struct eal_iova_input in = machine();
	struct rte_iova_device devs[] = {UIO("0000:00:03.0", 3, RTE_IOVA_DOMAIN_TRANSLATED)};
	in.requested = RTE_IOVA_PA;
	struct eal_iova_decision d = decide(&in, devs, 1);
	CU_ASSERT_STRING_EQUAL(d.rule, "A1");
	CU_ASSERT_FALSE(devs[0].ok);
	CU_ASSERT_PTR_NOT_NULL(strstr(devs[0].why, "DMA would fault"));
}

static void test_remap_when_iommu_narrower(void)
{
	/* QEMU's vIOMMU: 39 bits against 47-bit addresses. */
	struct eal_iova_input in = machine();
	struct rte_iova_device devs[] = {VFIO("0000:00:05.0", 5)};
	in.iommu_addr_bits = 39;
	struct eal_iova_decision d = decide(&in, devs, 1);
	CU_ASSERT_EQUAL(d.mode, RTE_IOVA_VA);
	/* The memory goes below the width, IOVA = VA: only the memory layer sets remap. */
	CU_ASSERT_FALSE(d.iova_remap);
	CU_ASSERT_PTR_NOT_NULL(strstr(d.reason, "so DMA memory is placed below 2^39, where IOVA = VA"));
	CU_ASSERT_TRUE(devs[0].ok);

	in.iommu_addr_bits = 0; /* width unknown: no claim */
	d = decide(&in, devs, 1);
	CU_ASSERT_FALSE(d.iova_remap);
	CU_ASSERT_PTR_NULL(strstr(d.reason, "placed below"));
}

static void test_verdict_hotplug(void)
{
	/* A uio device plugged after a B5 decision: refused with the fix for that case. */
	struct eal_iova_input in = machine();
	struct rte_iova_device devs[] = {VFIO("0000:00:05.0", 5)};
	struct eal_iova_decision d = decide(&in, devs, 1);
	struct rte_iova_device late = UIO("0000:01:00.0", 9, RTE_IOVA_DOMAIN_IDENTITY);
	eal_iova_verdict(&in, &d, &late);
	CU_ASSERT_FALSE(late.ok);
	CU_ASSERT_PTR_NOT_NULL(strstr(late.why, "(an IOMMU is present)"));
	CU_ASSERT_PTR_NOT_NULL(
	    strstr(late.why, "fix: give --iova-mode=pa, or bind it to vfio-pci"));

	struct rte_iova_device fine = VFIO("0000:01:00.1", 10);
	eal_iova_verdict(&in, &d, &fine);
	CU_ASSERT_TRUE(fine.ok);
	CU_ASSERT_STRING_EQUAL(fine.why, "");
}

static void test_unknown_domain_allowed(void)
{
	/* Kernels before 5.11 show no group type: the device is not refused on a guess. */
	struct eal_iova_input in = machine();
	struct rte_iova_device devs[] = {UIO("0000:00:03.0", 3, RTE_IOVA_DOMAIN_UNKNOWN)};
	struct eal_iova_decision d = decide(&in, devs, 1);
	CU_ASSERT_STRING_EQUAL(d.rule, "B1");
	CU_ASSERT_TRUE(devs[0].ok);
}

static void test_many_names_listed(void)
{
	struct eal_iova_input in = machine();
	struct rte_iova_device devs[5];
	char name[16];
	for (int i = 0; i < 5; i++) {
		snprintf(name, sizeof(name), "0000:00:0%d.0", i + 1);
		devs[i] = NEEDS_VA(name, i);
	}
	struct eal_iova_decision d = decide(&in, devs, 5);
	CU_ASSERT_PTR_NOT_NULL(strstr(d.reason, "0000:00:03.0 +2 more need VA"));
}

static void test_domain_parse(void)
{
	CU_ASSERT_EQUAL(rte_iova_domain_parse("identity\n"), RTE_IOVA_DOMAIN_IDENTITY);
	CU_ASSERT_EQUAL(rte_iova_domain_parse("DMA\n"), RTE_IOVA_DOMAIN_TRANSLATED);
	CU_ASSERT_EQUAL(rte_iova_domain_parse("DMA-FQ"), RTE_IOVA_DOMAIN_TRANSLATED);
	CU_ASSERT_EQUAL(rte_iova_domain_parse("DMAX"), RTE_IOVA_DOMAIN_UNKNOWN);
	CU_ASSERT_EQUAL(rte_iova_domain_parse("identityx"), RTE_IOVA_DOMAIN_UNKNOWN);
	CU_ASSERT_EQUAL(rte_iova_domain_parse("blocked"), RTE_IOVA_DOMAIN_UNKNOWN);
	CU_ASSERT_EQUAL(rte_iova_domain_parse(NULL), RTE_IOVA_DOMAIN_NONE);
	CU_ASSERT_STRING_EQUAL(rte_iova_domain_name(RTE_IOVA_DOMAIN_TRANSLATED), "translated");
	CU_ASSERT_STRING_EQUAL(rte_iova_mode_name(RTE_IOVA_PA), "PA");
}

void test_iova_add_decide_suite(void)
{
	CU_pSuite s = CU_add_suite("iova decision table", NULL, NULL);
	CU_add_test(s, "A1 --iova-mode=pa, PA usable", test_a1_pa_requested_usable);
	CU_add_test(s, "A2 --iova-mode=pa, pagemap unreadable", test_a2_pa_requested_not_root);
	CU_add_test(s, "A2 --iova-mode=pa with --no-huge", test_a2_pa_requested_no_huge);
	CU_add_test(s, "A1 --iova-mode=pa, no free hugepages yet",
		    test_a1_pa_requested_no_free_hugepages);
	CU_add_test(s, "A3 --iova-mode=va", test_a3_va_requested);
	CU_add_test(s, "B1 PA needed and usable", test_b1_pa_needed_usable);
	CU_add_test(s, "B2 PA needed, not usable", test_b2_pa_needed_not_usable);
	CU_add_test(s, "B3 VA needed", test_b3_va_needed);
	CU_add_test(s, "B3 VA from a bus class", test_b3_va_from_bus_class);
	CU_add_test(s, "B4 PA and VA needed", test_b4_both_needed);
	CU_add_test(s, "B5 no need, IOMMU", test_b5_no_need_iommu);
	CU_add_test(s, "B6 no need, no IOMMU, PA usable", test_b6_no_need_no_iommu_pa_usable);
	CU_add_test(s, "B7 no need, no IOMMU, PA unusable", test_b7_no_need_no_iommu_pa_unusable);
	CU_add_test(s, "uio in a translated domain left out", test_excluded_translated_uio);
	CU_add_test(s, "translated uio refused under A1", test_excluded_even_when_pa_requested);
	CU_add_test(s, "IOMMU narrower than addresses", test_remap_when_iommu_narrower);
	CU_add_test(s, "hotplug verdict", test_verdict_hotplug);
	CU_add_test(s, "unknown domain allowed", test_unknown_domain_allowed);
	CU_add_test(s, "long device lists", test_many_names_listed);
	CU_add_test(s, "domain parsing", test_domain_parse);
}
