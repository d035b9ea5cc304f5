/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The machine facts of rte_eal_doctor.h: VT-d register decoding with crafted input, then
 * rte_eal_doctor_host_read on a generated tree (IOMMU units of both kinds, hugepages per size
 * and node, hugetlbfs mounts) against the values the tree was given, and against what the IOVA
 * decision reads from the same tree. (The mountinfo parser is the memory code's: tests/unit/mem.)
 */

#include <CUnit/CUnit.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include <rte_eal_doctor.h>

#include "eal_doctor_private.h"
#include "eal_iova_private.h"
#include "eal_memory.h"
#include "fake_sysfs_host.h"
#include "test_doctor.h"

#define VTD_CAP(mgaw, sagaw) (((uint64_t)((mgaw)-1) << 16) | ((uint64_t)(sagaw) << 8))

static void test_vtd_cap(void)
{
	struct rte_eal_doctor_iommu u;

	/* QEMU's intel-iommu with its default aw-bits=39: one 3-level table. */
	eal_doctor_vtd_cap_decode(VTD_CAP(39, 0x2), &u);
	CU_ASSERT_EQUAL(u.mgaw_bits, 39);
	CU_ASSERT_EQUAL_FATAL(u.nb_sagaw, 1);
	CU_ASSERT_EQUAL(u.sagaw_bits[0], 39);
	/* A server part: 48-bit MGAW, 3- and 4-level tables; other bits must not leak in. */
	eal_doctor_vtd_cap_decode(VTD_CAP(48, 0x6) | 0xd2008c40000062ULL, &u);
	CU_ASSERT_EQUAL(u.mgaw_bits, 48);
	CU_ASSERT_EQUAL_FATAL(u.nb_sagaw, 2);
	CU_ASSERT_EQUAL(u.sagaw_bits[0], 39);
	CU_ASSERT_EQUAL(u.sagaw_bits[1], 48);
	/* Every SAGAW bit: 30, 39, 48, 57, and 66 capped at 64. */
	eal_doctor_vtd_cap_decode(VTD_CAP(57, 0x1f), &u);
	CU_ASSERT_EQUAL(u.mgaw_bits, 57);
	CU_ASSERT_EQUAL_FATAL(u.nb_sagaw, 5);
	CU_ASSERT_EQUAL(u.sagaw_bits[0], 30);
	CU_ASSERT_EQUAL(u.sagaw_bits[3], 57);
	CU_ASSERT_EQUAL(u.sagaw_bits[4], 64);
}

static void test_host_read(void)
{
	struct fake_sysfs *fs = fake_sysfs_create();
	struct rte_eal_doctor_host h;
	CU_ASSERT_PTR_NOT_NULL_FATAL(fs);
	CU_ASSERT_EQUAL_FATAL(fake_sysfs_host_env(fs), 0);
	CU_ASSERT_EQUAL(fake_sysfs_add_intel_iommu(fs, "dmar1", VTD_CAP(48, 0x4)), 0);
	CU_ASSERT_EQUAL(fake_sysfs_add_intel_iommu(fs, "dmar0", VTD_CAP(39, 0x2)), 0);
	CU_ASSERT_EQUAL(fake_sysfs_add_amd_iommu(fs, "ivhd0"), 0);
	CU_ASSERT_EQUAL(fake_sysfs_set_hugepages(fs, -1, 1048576, 2, 1), 0);
	CU_ASSERT_EQUAL(fake_sysfs_set_hugepages(fs, -1, 2048, 64, 60), 0);
	CU_ASSERT_EQUAL(fake_sysfs_set_hugepages(fs, 10, 2048, 40, 40), 0);
	CU_ASSERT_EQUAL(fake_sysfs_set_hugepages(fs, 2, 2048, 24, 20), 0);
	CU_ASSERT_EQUAL(fake_sysfs_set_hugepages(fs, 2, 1048576, 2, 1), 0);
	CU_ASSERT_EQUAL(fake_sysfs_add_mountinfo(fs, "22 1 8:1 / / rw - ext4 /dev/sda1 rw"), 0);
	CU_ASSERT_EQUAL(fake_sysfs_add_mountinfo(
			    fs, "33 25 0:28 / /dev/hugepages rw - hugetlbfs none rw,pagesize=2M"),
			0);

	CU_ASSERT_EQUAL_FATAL(rte_eal_doctor_host_read(&h), 0);
	CU_ASSERT_TRUE(h.iommu_present);
	CU_ASSERT_EQUAL_FATAL(h.nb_iommus, 3);
	CU_ASSERT_STRING_EQUAL(h.iommus[0].name, "dmar0");
	CU_ASSERT_EQUAL(h.iommus[0].kind, RTE_EAL_DOCTOR_IOMMU_INTEL);
	CU_ASSERT_EQUAL(h.iommus[0].mgaw_bits, 39);
	CU_ASSERT_STRING_EQUAL(h.iommus[1].name, "dmar1");
	CU_ASSERT_EQUAL(h.iommus[1].mgaw_bits, 48);
	CU_ASSERT_STRING_EQUAL(h.iommus[2].name, "ivhd0");
	CU_ASSERT_EQUAL(h.iommus[2].kind, RTE_EAL_DOCTOR_IOMMU_AMD);
	CU_ASSERT_EQUAL(h.iommus[2].mgaw_bits, 0);
	CU_ASSERT_STRING_EQUAL(rte_eal_doctor_iommu_kind_name(h.iommus[2].kind), "AMD-Vi");
	/* The narrowest width, as the IOVA decision takes it. */
	CU_ASSERT_EQUAL(h.iommu_addr_bits, 39);
	CU_ASSERT_EQUAL(h.iommu_addr_bits, eal_iova_iommu_addr_bits());

	CU_ASSERT_STRING_EQUAL(h.hugepages_dir, getenv("SYSFS_HUGEPAGES"));
	CU_ASSERT_EQUAL_FATAL(h.nb_hugepage_sizes, 2);
	CU_ASSERT_EQUAL(h.hugepages[0].page_size, 2ULL << 20);
	CU_ASSERT_EQUAL(h.hugepages[0].nr, 64);
	CU_ASSERT_EQUAL(h.hugepages[0].free, 60);
	CU_ASSERT_EQUAL_FATAL(h.hugepages[0].nb_nodes, 2);
	CU_ASSERT_EQUAL(h.hugepages[0].nodes[0].node, 2);
	CU_ASSERT_EQUAL(h.hugepages[0].nodes[0].nr, 24);
	CU_ASSERT_EQUAL(h.hugepages[0].nodes[0].free, 20);
	CU_ASSERT_EQUAL(h.hugepages[0].nodes[1].node, 10);
	CU_ASSERT_EQUAL(h.hugepages[0].nodes[1].free, 40);
	CU_ASSERT_EQUAL(h.hugepages[1].page_size, 1ULL << 30);
	CU_ASSERT_EQUAL(h.hugepages[1].free, 1);
	CU_ASSERT_EQUAL_FATAL(h.hugepages[1].nb_nodes, 1);
	CU_ASSERT_EQUAL(h.hugepages[1].nodes[0].node, 2);
	CU_ASSERT_TRUE(rte_eal_doctor_hugepages_free(&h));
	CU_ASSERT_EQUAL_FATAL(h.nb_mounts, 1);
	CU_ASSERT_STRING_EQUAL(h.mounts[0].dir, "/dev/hugepages");
	CU_ASSERT_EQUAL(h.mounts[0].page_size, 2ULL << 20);
	/* The IOVA decision's "free hugepages" input comes from the same tree, not the host. */
	struct eal_config cfg;
	eal_config_defaults(&cfg);
	CU_ASSERT_TRUE(eal_mem_hugepages_available(&cfg));

	/* This process's own limits and probe. */
	struct rlimit rl;
	CU_ASSERT_EQUAL_FATAL(getrlimit(RLIMIT_MEMLOCK, &rl), 0);
	CU_ASSERT_EQUAL(h.memlock_soft, rl.rlim_cur == RLIM_INFINITY ? UINT64_MAX : rl.rlim_cur);
	CU_ASSERT_EQUAL(h.memlock_hard, rl.rlim_max == RLIM_INFINITY ? UINT64_MAX : rl.rlim_max);
	CU_ASSERT_EQUAL(h.phys_readable, eal_iova_phys_readable());
	fake_sysfs_host_env_clear();
	fake_sysfs_destroy(fs);
}

static void test_host_empty(void)
{
	/* Nothing there: no IOMMU, no hugepage size, no mount; the read still succeeds. */
	struct fake_sysfs *fs = fake_sysfs_create();
	struct rte_eal_doctor_host h;
	CU_ASSERT_PTR_NOT_NULL_FATAL(fs);
	CU_ASSERT_EQUAL_FATAL(fake_sysfs_host_env(fs), 0);
	CU_ASSERT_EQUAL_FATAL(rte_eal_doctor_host_read(&h), 0);
	CU_ASSERT_FALSE(h.iommu_present);
	CU_ASSERT_EQUAL(h.nb_iommus, 0);
	CU_ASSERT_EQUAL(h.iommu_addr_bits, 0);
	CU_ASSERT_EQUAL(h.nb_hugepage_sizes, 0);
	CU_ASSERT_FALSE(rte_eal_doctor_hugepages_free(&h));
	CU_ASSERT_EQUAL(h.nb_mounts, 0);
	struct eal_config cfg;
	eal_config_defaults(&cfg);
	CU_ASSERT_FALSE(eal_mem_hugepages_available(&cfg));
	CU_ASSERT_EQUAL(rte_eal_doctor_host_read(NULL), -1);
	fake_sysfs_host_env_clear();
	fake_sysfs_destroy(fs);
}

static void test_memlock_enough(void)
{
	struct rte_eal_doctor_host h = {.memlock_soft = 64 << 10, .memlock_hard = 64 << 10};

	CU_ASSERT_FALSE(rte_eal_doctor_memlock_enough(&h));
	h.cap_ipc_lock = true;
	CU_ASSERT_TRUE(rte_eal_doctor_memlock_enough(&h));
	h.cap_ipc_lock = false;
	h.memlock_soft = 4 << 20;
	h.memlock_locked = 3 << 20; /* 1 MiB left: less than a segment */
	CU_ASSERT_FALSE(rte_eal_doctor_memlock_enough(&h));
	h.memlock_locked = 2 << 20;
	CU_ASSERT_TRUE(rte_eal_doctor_memlock_enough(&h));
	h.memlock_soft = UINT64_MAX;
	h.memlock_locked = 1ULL << 40;
	CU_ASSERT_TRUE(rte_eal_doctor_memlock_enough(&h));
}

void doctor_add_host_tests(void)
{
	CU_pSuite s = CU_add_suite("doctor: machine facts", NULL, NULL);
	CU_add_test(s, "VT-d capability register: MGAW and SAGAW", test_vtd_cap);
	CU_add_test(s, "host read on a generated tree", test_host_read);
	CU_add_test(s, "host read with nothing there", test_host_empty);
	CU_add_test(s, "locked memory enough for one segment", test_memlock_enough);
}
