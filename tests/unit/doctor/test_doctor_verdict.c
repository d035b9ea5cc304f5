/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Every rule of the doctor's verdict with crafted facts (pci_doctor_judge is pure): the reason
 * and the exact fix for each way a function can be kept from its PMD, and "probeable" when
 * nothing does. IOVA refusals are produced by the decision's own eal_iova_verdict, so the test
 * sees the lines rte_eal_init would log.
 */

#include <errno.h>
#include <CUnit/CUnit.h>
#include <string.h>

#include "eal_iova_decide.h"
#include "pci_doctor_private.h"
#include "test_doctor.h"

#define ADDR "0000:00:03.0"

/* A machine where everything works: IOMMU, root, hugepages; mode VA by rule B5. */
static void machine(struct rte_pci_doctor *d)
{
	memset(d, 0, sizeof(*d));
	d->host.iommu_present = true;
	d->host.phys_readable = true;
	d->host.cap_ipc_lock = true;
	d->host.memlock_soft = 64 << 10;
	d->host.memlock_hard = 64 << 10;
	snprintf(d->host.hugepages_dir, sizeof(d->host.hugepages_dir), "/sys/kernel/mm/hugepages");
	d->host.nb_hugepage_sizes = 1;
	d->host.hugepages[0] =
	    (struct rte_eal_doctor_hugepages){.page_size = 2 << 20, .nr = 64, .free = 64};
	d->iova.decided = true;
	d->iova.mode = RTE_IOVA_VA;
	d->iova.rule = "B5";
	d->vfio_pci_loaded = true;
}

/* An NVMe function matched by the nvme PMD, on driver (kind), in IOMMU group 7 (DMA). */
static void device(struct rte_pci_doctor_device *dev, const char *driver,
		   enum rte_pci_bind_kind kind)
{
	memset(dev, 0, sizeof(*dev));
	rte_pci_addr_parse(ADDR, &dev->status.addr);
	snprintf(dev->name, sizeof(dev->name), ADDR);
	dev->status.vendor_id = 0x1b36;
	dev->status.device_id = 0x0010;
	dev->status.kind = kind;
	snprintf(dev->status.driver, sizeof(dev->status.driver), "%s", driver);
	dev->status.iommu_group = 7;
	snprintf(dev->group_type, sizeof(dev->group_type), "DMA");
	dev->domain = RTE_IOVA_DOMAIN_TRANSLATED;
	dev->vfio_viable = true;
	snprintf(dev->pmd, sizeof(dev->pmd), "nvme");
}

static void block(struct rte_pci_doctor_device *dev, const char *addr, const char *driver)
{
	struct rte_pci_doctor_member *m = &dev->blocking[dev->nb_blocking++];
	snprintf(m->addr, sizeof(m->addr), "%s", addr);
	snprintf(m->driver, sizeof(m->driver), "%s", driver);
	dev->vfio_viable = false;
}

static void test_no_pmd(void)
{
	struct rte_pci_doctor d;
	struct rte_pci_doctor_device dev;
	machine(&d);
	device(&dev, "ahci", RTE_PCI_BIND_KERNEL);
	dev.pmd[0] = '\0';
	pci_doctor_judge(&d, &dev, true);
	CU_ASSERT_EQUAL(dev.verdict, RTE_PCI_DOCTOR_NO_PMD);
	CU_ASSERT_STRING_EQUAL(dev.reason, "no openeal PMD matches 1b36:0010");
	CU_ASSERT_STRING_EQUAL(dev.fix, "");
	CU_ASSERT_STRING_EQUAL(rte_pci_doctor_verdict_name(dev.verdict), "no_pmd");
}

static void test_init_fails(void)
{
	struct rte_pci_doctor d;
	struct rte_pci_doctor_device dev;
	machine(&d);
	d.iova.mode = RTE_IOVA_DC;
	d.iova.rule = "A2";
	snprintf(d.iova.reason, sizeof(d.iova.reason),
		 "--iova-mode=pa was given but physical addresses are not readable; fix: run as "
		 "root, or drop --iova-mode=pa");
	device(&dev, "vfio-pci", RTE_PCI_BIND_USERSPACE);
	pci_doctor_judge(&d, &dev, true);
	CU_ASSERT_EQUAL(dev.verdict, RTE_PCI_DOCTOR_NOT_PROBEABLE);
	CU_ASSERT_STRING_EQUAL(dev.reason, "rte_eal_init would fail: --iova-mode=pa was given but "
					   "physical addresses are not readable");
	CU_ASSERT_STRING_EQUAL(dev.fix, "run as root, or drop --iova-mode=pa");
}

static void test_kernel_driver(void)
{
	struct rte_pci_doctor d;
	struct rte_pci_doctor_device dev;
	machine(&d);
	device(&dev, "nvme", RTE_PCI_BIND_KERNEL);
	pci_doctor_judge(&d, &dev, true);
	CU_ASSERT_EQUAL(dev.verdict, RTE_PCI_DOCTOR_NOT_PROBEABLE);
	CU_ASSERT_STRING_EQUAL(dev.reason, "on kernel driver nvme");
	CU_ASSERT_STRING_EQUAL(dev.fix, "openeal bind vfio-pci " ADDR);

	/* Its interface is up, and another function of its group is on a kernel driver. */
	device(&dev, "e1000", RTE_PCI_BIND_KERNEL);
	dev.status.nb_netif = 2;
	snprintf(dev.status.netif[0].name, sizeof(dev.status.netif[0].name), "eth0");
	snprintf(dev.status.netif[1].name, sizeof(dev.status.netif[1].name), "eth1");
	dev.status.netif[1].up = true;
	block(&dev, "0000:00:03.1", "e1000");
	pci_doctor_judge(&d, &dev, true);
	CU_ASSERT_STRING_EQUAL(dev.reason, "on kernel driver e1000 (interface eth1 is up)");
	CU_ASSERT_STRING_EQUAL(dev.fix, "ip link set eth1 down, then openeal bind vfio-pci " ADDR
					" 0000:00:03.1");

	/* A PMD that needs no BAR mapping takes the device where it is. */
	device(&dev, "nvme", RTE_PCI_BIND_KERNEL);
	pci_doctor_judge(&d, &dev, false);
	CU_ASSERT_EQUAL(dev.verdict, RTE_PCI_DOCTOR_PROBEABLE);
}

static void test_kernel_driver_no_iommu(void)
{
	struct rte_pci_doctor d;
	struct rte_pci_doctor_device dev;
	machine(&d);
	d.host.iommu_present = false;
	device(&dev, "nvme", RTE_PCI_BIND_KERNEL);
	dev.status.iommu_group = -1;
	pci_doctor_judge(&d, &dev, true);
	CU_ASSERT_EQUAL(dev.verdict, RTE_PCI_DOCTOR_NOT_PROBEABLE);
	CU_ASSERT_STRING_EQUAL(dev.fix,
			       "boot with intel_iommu=on iommu=pt (VT-d, or AMD-Vi, on in the "
			       "firmware), then openeal bind vfio-pci " ADDR
			       "; or, without an IOMMU: openeal bind uio_pci_generic " ADDR
			       " (IOVA as PA: root and hugepages)");
}

static void test_unbound(void)
{
	struct rte_pci_doctor d;
	struct rte_pci_doctor_device dev;
	machine(&d);
	device(&dev, "", RTE_PCI_BIND_NONE);
	snprintf(dev.status.driver_override, sizeof(dev.status.driver_override), "vfio-pci");
	d.vfio_pci_loaded = false;
	pci_doctor_judge(&d, &dev, true);
	CU_ASSERT_EQUAL(dev.verdict, RTE_PCI_DOCTOR_NOT_PROBEABLE);
	CU_ASSERT_STRING_EQUAL(dev.reason,
			       "no kernel driver: its driver_override names vfio-pci, which is not "
			       "loaded");
	CU_ASSERT_STRING_EQUAL(dev.fix, "modprobe vfio-pci");
	/* With vfio-pci there, the device only needs binding. */
	d.vfio_pci_loaded = true;
	pci_doctor_judge(&d, &dev, true);
	CU_ASSERT_STRING_EQUAL(dev.reason, "no kernel driver");
	CU_ASSERT_STRING_EQUAL(dev.fix, "openeal bind vfio-pci " ADDR);
}

static void test_vfio_no_group(void)
{
	struct rte_pci_doctor d;
	struct rte_pci_doctor_device dev;
	machine(&d);
	d.host.iommu_present = false;
	device(&dev, "vfio-pci", RTE_PCI_BIND_USERSPACE);
	dev.status.iommu_group = -1;
	dev.vfio_viable = false;
	dev.domain = RTE_IOVA_DOMAIN_NONE;
	pci_doctor_judge(&d, &dev, true);
	CU_ASSERT_EQUAL(dev.verdict, RTE_PCI_DOCTOR_NOT_PROBEABLE);
	CU_ASSERT_STRING_EQUAL(dev.reason,
			       "on vfio-pci without an IOMMU group: the IOMMU is off, and openeal "
			       "does not use VFIO's no-IOMMU mode");
	CU_ASSERT_STRING_EQUAL(dev.fix, "boot with intel_iommu=on iommu=pt (VT-d, or AMD-Vi, on "
					"in the firmware)");
}

static void test_vfio_not_viable(void)
{
	struct rte_pci_doctor d;
	struct rte_pci_doctor_device dev;
	machine(&d);
	device(&dev, "vfio-pci", RTE_PCI_BIND_USERSPACE);
	block(&dev, "0000:00:03.1", "e1000");
	block(&dev, "0000:00:03.2", "ahci");
	pci_doctor_judge(&d, &dev, true);
	CU_ASSERT_EQUAL(dev.verdict, RTE_PCI_DOCTOR_NOT_PROBEABLE);
	CU_ASSERT_STRING_EQUAL(dev.reason, "IOMMU group 7 is not viable for VFIO: it also holds "
					   "0000:00:03.1 (e1000), 0000:00:03.2 (ahci)");
	CU_ASSERT_STRING_EQUAL(dev.fix, "openeal bind vfio-pci 0000:00:03.1 0000:00:03.2");
}

/* The doctor's open of the group for VFIO's ranges was refused: a user without the node. */
static void test_vfio_node_denied(void)
{
	struct rte_pci_doctor d;
	struct rte_pci_doctor_device dev;
	machine(&d);
	device(&dev, "vfio-pci", RTE_PCI_BIND_USERSPACE);
	d.vfio = (struct rte_pci_doctor_vfio){.asked = true, .group = 7, .error = EACCES};
	pci_doctor_judge(&d, &dev, true);
	CU_ASSERT_EQUAL(dev.verdict, RTE_PCI_DOCTOR_NOT_PROBEABLE);
	CU_ASSERT_STRING_EQUAL(dev.reason, "this user may not open /dev/vfio/7 (permission denied)");
	CU_ASSERT_STRING_EQUAL(dev.fix, "run as root, or chown $(id -u) /dev/vfio/7 and raise "
					"this user's locked-memory limit (ulimit -l)");
	/* Another group's failure says nothing about this one. */
	d.vfio.group = 8;
	pci_doctor_judge(&d, &dev, true);
	CU_ASSERT_EQUAL(dev.verdict, RTE_PCI_DOCTOR_PROBEABLE);
}

static void test_vfio_memlock(void)
{
	struct rte_pci_doctor d;
	struct rte_pci_doctor_device dev;
	machine(&d);
	d.host.cap_ipc_lock = false; /* 64 kB soft and hard */
	device(&dev, "vfio-pci", RTE_PCI_BIND_USERSPACE);
	pci_doctor_judge(&d, &dev, true);
	CU_ASSERT_EQUAL(dev.verdict, RTE_PCI_DOCTOR_NOT_PROBEABLE);
	CU_ASSERT_STRING_EQUAL(
	    dev.reason, "the locked-memory limit (RLIMIT_MEMLOCK) is 64 kB with 0 kB locked "
			"already, and vfio pins DMA memory: at least 2048 kB more are needed");
	CU_ASSERT_PTR_EQUAL(strstr(dev.fix, "raise the hard limit"), dev.fix);
	d.host.memlock_hard = 8 << 20;
	pci_doctor_judge(&d, &dev, true);
	CU_ASSERT_STRING_EQUAL(dev.fix, "ulimit -l 8192");
	d.host.memlock_hard = UINT64_MAX;
	pci_doctor_judge(&d, &dev, true);
	CU_ASSERT_STRING_EQUAL(dev.fix, "ulimit -l unlimited");
	/* uio pins nothing: the limit does not stop it. */
	d.iova.mode = RTE_IOVA_PA;
	device(&dev, "uio_pci_generic", RTE_PCI_BIND_USERSPACE);
	dev.domain = RTE_IOVA_DOMAIN_IDENTITY;
	pci_doctor_judge(&d, &dev, true);
	CU_ASSERT_EQUAL(dev.verdict, RTE_PCI_DOCTOR_PROBEABLE);
}

/* The IOVA decision's verdict on dev under mode/rule, as rte_eal_init would give it. */
static void iova_verdict(struct rte_pci_doctor *d, struct rte_pci_doctor_device *dev,
			 enum rte_iova_mode need, const char *needed_by)
{
	struct eal_iova_input in = {.phys_readable = d->host.phys_readable,
				    .hugepages = rte_eal_doctor_hugepages_free(&d->host),
				    .iommu_present = d->host.iommu_present};
	struct eal_iova_decision dec = {.mode = d->iova.mode, .rule = d->iova.rule};
	snprintf(dec.cause, sizeof(dec.cause), "%s", "an IOMMU is present");
	dev->described = true;
	dev->iova = (struct rte_iova_device){.need = need, .iommu_group = 7, .domain = dev->domain};
	snprintf(dev->iova.name, sizeof(dev->iova.name), "%s", dev->name);
	snprintf(dev->iova.needed_by, sizeof(dev->iova.needed_by), "%s", needed_by);
	eal_iova_verdict(&in, &dec, &dev->iova);
}

static void test_uio_translated(void)
{
	struct rte_pci_doctor d;
	struct rte_pci_doctor_device dev;
	machine(&d);
	device(&dev, "uio_pci_generic", RTE_PCI_BIND_USERSPACE);
	iova_verdict(&d, &dev, RTE_IOVA_PA, "uio_pci_generic");
	CU_ASSERT_FALSE_FATAL(dev.iova.ok);
	pci_doctor_judge(&d, &dev, true);
	CU_ASSERT_EQUAL(dev.verdict, RTE_PCI_DOCTOR_NOT_PROBEABLE);
	CU_ASSERT_STRING_EQUAL(dev.reason,
			       "not probed: needs physical addresses (uio_pci_generic does not "
			       "program the IOMMU) but IOMMU group 7 translates DMA addresses, so "
			       "its DMA would fault (IOVA mode VA)");
	CU_ASSERT_STRING_EQUAL(dev.fix, "boot with iommu=pt, or bind it to vfio-pci (openeal bind "
					"vfio-pci " ADDR ")");
	/* The same device in an identity domain (iommu=pt) and PA mode: probeable. */
	d.iova.mode = RTE_IOVA_PA;
	d.iova.rule = "B1";
	dev.domain = RTE_IOVA_DOMAIN_IDENTITY;
	iova_verdict(&d, &dev, RTE_IOVA_PA, "uio_pci_generic");
	pci_doctor_judge(&d, &dev, true);
	CU_ASSERT_EQUAL(dev.verdict, RTE_PCI_DOCTOR_PROBEABLE);
	CU_ASSERT_STRING_EQUAL(dev.reason, "");
	CU_ASSERT_STRING_EQUAL(dev.fix, "");
}

static void test_va_driver_in_pa_mode(void)
{
	struct rte_pci_doctor d;
	struct rte_pci_doctor_device dev;
	machine(&d);
	d.iova.mode = RTE_IOVA_PA;
	d.iova.rule = "A1";
	d.iova.requested = RTE_IOVA_PA;
	device(&dev, "vfio-pci", RTE_PCI_BIND_USERSPACE);
	iova_verdict(&d, &dev, RTE_IOVA_VA, "driver nvme");
	pci_doctor_judge(&d, &dev, true);
	CU_ASSERT_EQUAL(dev.verdict, RTE_PCI_DOCTOR_NOT_PROBEABLE);
	CU_ASSERT_PTR_EQUAL(strstr(dev.reason, "not probed: needs IOVA as VA (driver nvme)"),
			    dev.reason);
	CU_ASSERT_STRING_EQUAL(dev.fix, "give --iova-mode=va");
}

static void test_pa_without_hugepages(void)
{
	struct rte_pci_doctor d;
	struct rte_pci_doctor_device dev;
	machine(&d);
	d.iova.mode = RTE_IOVA_PA;
	d.iova.rule = "A1";
	d.host.hugepages[0].free = 0;
	device(&dev, "uio_pci_generic", RTE_PCI_BIND_USERSPACE);
	dev.domain = RTE_IOVA_DOMAIN_IDENTITY;
	pci_doctor_judge(&d, &dev, true);
	CU_ASSERT_EQUAL(dev.verdict, RTE_PCI_DOCTOR_NOT_PROBEABLE);
	CU_ASSERT_STRING_EQUAL(dev.reason,
			       "IOVA mode PA takes its DMA memory from hugepages (physically "
			       "contiguous), and no hugepage is free");
	CU_ASSERT_STRING_EQUAL(dev.fix, "reserve hugepages: echo 64 > "
					"/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages");
	/* vfio in PA mode needs them just the same; only 1 GiB pages known: that size. */
	device(&dev, "vfio-pci", RTE_PCI_BIND_USERSPACE);
	d.host.hugepages[0].page_size = 1ULL << 30;
	pci_doctor_judge(&d, &dev, true);
	CU_ASSERT_EQUAL(dev.verdict, RTE_PCI_DOCTOR_NOT_PROBEABLE);
	CU_ASSERT_STRING_EQUAL(dev.fix,
			       "reserve hugepages: echo 64 > "
			       "/sys/kernel/mm/hugepages/hugepages-1048576kB/nr_hugepages");
	/* VA mode uses locked ordinary pages: no hugepage needed. */
	d.iova.mode = RTE_IOVA_VA;
	pci_doctor_judge(&d, &dev, true);
	CU_ASSERT_EQUAL(dev.verdict, RTE_PCI_DOCTOR_PROBEABLE);
}

void doctor_add_verdict_tests(void)
{
	CU_pSuite s = CU_add_suite("doctor: verdict rules", NULL, NULL);
	CU_add_test(s, "no PMD matches", test_no_pmd);
	CU_add_test(s, "rte_eal_init would fail (A2)", test_init_fails);
	CU_add_test(s, "kernel driver: bind, with the group and an up interface",
		    test_kernel_driver);
	CU_add_test(s, "kernel driver without IOMMU", test_kernel_driver_no_iommu);
	CU_add_test(s, "no driver: modprobe vfio-pci or bind", test_unbound);
	CU_add_test(s, "vfio-pci without IOMMU group", test_vfio_no_group);
	CU_add_test(s, "vfio-pci in a group that is not viable", test_vfio_not_viable);
	CU_add_test(s, "vfio-pci under a low memlock limit", test_vfio_memlock);
	CU_add_test(s, "vfio-pci group node not this user's", test_vfio_node_denied);
	CU_add_test(s, "uio in a translated domain, then identity", test_uio_translated);
	CU_add_test(s, "VA driver in PA mode", test_va_driver_in_pa_mode);
	CU_add_test(s, "PA mode without free hugepages", test_pa_without_hugepages);
}
