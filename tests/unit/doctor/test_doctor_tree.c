/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rte_pci_doctor_run on generated trees, one machine per case of doc/doctor.md: no IOMMU, a
 * device on a kernel driver, a group VFIO cannot use, a uio device in a translated domain, PA
 * mode without hugepages and with the tree's (the IOVA decision reads them from the tree too).
 * Each asserts the verdict and the exact fix, and that the run leaves no device on the bus and
 * no file descriptor open.
 */

#include <CUnit/CUnit.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <bus_driver.h>
#include <bus_pci_driver.h>
#include <rte_bus.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_pci_doctor.h>

#include "fake_sysfs_host.h"
#include "test_doctor.h"
#include "test_util.h"

#define VENDOR 0xd0c7 /* taken by doctor_test, a PMD that maps BARs */
#define DEVICE 0x0001

static int test_probe(struct rte_pci_driver *drv, struct rte_pci_device *dev)
{
	RTE_SET_USED(drv);
	RTE_SET_USED(dev);
	return 0;
}

static const struct rte_pci_id ids[] = {{RTE_PCI_DEVICE(VENDOR, DEVICE)}, {.vendor_id = 0}};
static struct rte_pci_driver doctor_drv = {
    .probe = test_probe,
    .id_table = ids,
    .drv_flags = RTE_PCI_DRV_NEED_MAPPING,
};
RTE_PMD_REGISTER_PCI(doctor_test, doctor_drv);

static struct fake_pci_dev fn(const char *addr, uint16_t vendor, const char *driver, int group,
			      const char *type)
{
	return (struct fake_pci_dev){.addr = addr,
				     .vendor = vendor,
				     .device = vendor == VENDOR ? DEVICE : 0x1017,
				     .subsys_vendor = vendor,
				     .subsys_device = 1,
				     .class_code = 0x020000,
				     .numa_node = -1,
				     .driver = driver,
				     .iommu_group = group,
				     .iommu_group_type = type};
}

static struct fake_sysfs *machine(const struct fake_pci_dev *devs, size_t nb, bool iommu)
{
	struct fake_sysfs *fs = fake_sysfs_create();
	CU_ASSERT_PTR_NOT_NULL_FATAL(fs);
	CU_ASSERT_EQUAL_FATAL(fake_sysfs_host_env(fs), 0);
	/* QEMU's vIOMMU: MGAW 39, 3-level tables. */
	if (iommu)
		CU_ASSERT_EQUAL_FATAL(fake_sysfs_add_intel_iommu(fs, "dmar0", 0x260200), 0);
	for (size_t i = 0; i < nb; i++)
		CU_ASSERT_EQUAL_FATAL(fake_sysfs_add(fs, &devs[i]), 0);
	return fs;
}

static void done(struct fake_sysfs *fs)
{
	fake_sysfs_host_env_clear();
	fake_sysfs_destroy(fs);
}

static int any(const struct rte_device *dev, const void *data)
{
	RTE_SET_USED(dev);
	RTE_SET_USED(data);
	return 0;
}

/* Run the doctor, and check that it left nothing behind. */
static void run(struct rte_pci_doctor *d, enum rte_iova_mode requested)
{
	int fds = test_count_fds();
	CU_ASSERT_EQUAL_FATAL(rte_pci_doctor_run(d, requested, false), 0);
	CU_ASSERT_EQUAL(test_count_fds(), fds);
	struct rte_bus *bus = rte_bus_find_by_name("pci");
	CU_ASSERT_PTR_NULL(bus->find_device(NULL, any, NULL));
}

static const struct rte_pci_doctor_device *dev_of(const struct rte_pci_doctor *d, const char *name)
{
	for (size_t i = 0; i < d->nb_devices; i++)
		if (strcmp(d->devices[i].name, name) == 0)
			return &d->devices[i];
	CU_FAIL("device missing from the report");
	return &d->devices[0];
}

static void test_no_iommu(void)
{
	const struct fake_pci_dev devs[] = {
	    fn("0000:00:02.0", VENDOR, "vfio-pci", -1, NULL),
	    fn("0000:00:03.0", VENDOR, "e1000", -1, NULL),
	    fn("0000:00:04.0", 0x15b3, "mlx5_core", -1, NULL),
	};
	struct fake_sysfs *fs = machine(devs, RTE_DIM(devs), false);
	struct rte_pci_doctor d;
	run(&d, RTE_IOVA_DC);

	CU_ASSERT_FALSE(d.host.iommu_present);
	CU_ASSERT_FALSE(d.iova.iommu_present);
	CU_ASSERT_EQUAL(d.addr_bits, 0);
	CU_ASSERT_PTR_NULL(d.addr_bits_source);
	CU_ASSERT_FALSE(d.vfio.asked); /* a generated tree: /dev/vfio is not its */
	CU_ASSERT_EQUAL_FATAL(d.nb_devices, 3);
	const struct rte_pci_doctor_device *v = dev_of(&d, "0000:00:02.0");
	CU_ASSERT_EQUAL(v->verdict, RTE_PCI_DOCTOR_NOT_PROBEABLE);
	CU_ASSERT_STRING_EQUAL(v->pmd, "doctor_test");
	CU_ASSERT_EQUAL(v->domain, RTE_IOVA_DOMAIN_NONE);
	CU_ASSERT_FALSE(v->vfio_viable);
	CU_ASSERT_STRING_EQUAL(v->fix, "boot with intel_iommu=on iommu=pt (VT-d, or AMD-Vi, on in "
				       "the firmware)");
	const struct rte_pci_doctor_device *k = dev_of(&d, "0000:00:03.0");
	CU_ASSERT_EQUAL(k->verdict, RTE_PCI_DOCTOR_NOT_PROBEABLE);
	CU_ASSERT_STRING_EQUAL(k->reason, "on kernel driver e1000");
	CU_ASSERT_PTR_EQUAL(strstr(k->fix, "boot with intel_iommu=on iommu=pt"), k->fix);
	CU_ASSERT_PTR_NOT_NULL(strstr(k->fix, "openeal bind uio_pci_generic 0000:00:03.0"));
	const struct rte_pci_doctor_device *o = dev_of(&d, "0000:00:04.0");
	CU_ASSERT_EQUAL(o->verdict, RTE_PCI_DOCTOR_NO_PMD);
	CU_ASSERT_STRING_EQUAL(o->pmd, "");
	rte_pci_doctor_free(&d);
	done(fs);
}

static void test_kernel_driver(void)
{
	const struct fake_pci_dev devs[] = {
	    fn("0000:00:02.0", VENDOR, "e1000", 1, "DMA"),
	    fn("0000:00:03.0", VENDOR, "vfio-pci", 2, "DMA-FQ"),
	};
	struct fake_sysfs *fs = machine(devs, RTE_DIM(devs), true);
	struct rte_pci_doctor d;
	run(&d, RTE_IOVA_DC);

	CU_ASSERT_TRUE(d.host.iommu_present);
	CU_ASSERT_EQUAL(d.addr_bits, 39);
	CU_ASSERT_STRING_EQUAL(d.addr_bits_source, "intel-iommu/cap");
	/* vfio-pci needs either mode and an IOMMU is there: rule B5, whatever the host has. */
	CU_ASSERT_EQUAL(d.iova.mode, RTE_IOVA_VA);
	CU_ASSERT_STRING_EQUAL(d.iova.rule, "B5");
	const struct rte_pci_doctor_device *k = dev_of(&d, "0000:00:02.0");
	CU_ASSERT_EQUAL(k->verdict, RTE_PCI_DOCTOR_NOT_PROBEABLE);
	CU_ASSERT_STRING_EQUAL(k->group_type, "DMA");
	CU_ASSERT_EQUAL(k->domain, RTE_IOVA_DOMAIN_TRANSLATED);
	CU_ASSERT_TRUE(k->vfio_viable);
	CU_ASSERT_FALSE(k->described); /* no backend on a kernel driver: not in the vote */
	CU_ASSERT_STRING_EQUAL(k->reason, "on kernel driver e1000");
	CU_ASSERT_STRING_EQUAL(k->fix, "openeal bind vfio-pci 0000:00:02.0");
	const struct rte_pci_doctor_device *v = dev_of(&d, "0000:00:03.0");
	CU_ASSERT_STRING_EQUAL(v->group_type, "DMA-FQ");
	CU_ASSERT_TRUE(v->described);
	CU_ASSERT_EQUAL(v->iova.need, RTE_IOVA_DC);
	if (rte_eal_doctor_memlock_enough(&d.host)) {
		CU_ASSERT_EQUAL(v->verdict, RTE_PCI_DOCTOR_PROBEABLE);
		CU_ASSERT_STRING_EQUAL(v->fix, "");
	} else {
		CU_ASSERT_PTR_NOT_NULL(strstr(v->fix, "ulimit -l"));
	}
	rte_pci_doctor_free(&d);
	done(fs);
}

static void test_not_viable(void)
{
	const struct fake_pci_dev devs[] = {
	    fn("0000:00:04.0", VENDOR, "vfio-pci", 4, "DMA"),
	    fn("0000:00:04.1", 0x15b3, "mlx5_core", 4, "DMA"),
	    fn("0000:00:04.2", 0x15b3, "pcieport", 4, "DMA"),
	    fn("0000:00:04.3", 0x15b3, NULL, 4, "DMA"),
	};
	struct fake_sysfs *fs = machine(devs, RTE_DIM(devs), true);
	struct rte_pci_doctor d;
	run(&d, RTE_IOVA_DC);

	const struct rte_pci_doctor_device *v = dev_of(&d, "0000:00:04.0");
	CU_ASSERT_FALSE(v->vfio_viable);
	CU_ASSERT_EQUAL_FATAL(v->nb_blocking, 1); /* pcieport and no driver keep it viable */
	CU_ASSERT_STRING_EQUAL(v->blocking[0].addr, "0000:00:04.1");
	CU_ASSERT_STRING_EQUAL(v->blocking[0].driver, "mlx5_core");
	CU_ASSERT_EQUAL(v->verdict, RTE_PCI_DOCTOR_NOT_PROBEABLE);
	CU_ASSERT_STRING_EQUAL(v->reason, "IOMMU group 4 is not viable for VFIO: it also holds "
					  "0000:00:04.1 (mlx5_core)");
	CU_ASSERT_STRING_EQUAL(v->fix, "openeal bind vfio-pci 0000:00:04.1");
	/* The other functions see the same group from their side. */
	CU_ASSERT_FALSE(dev_of(&d, "0000:00:04.3")->vfio_viable);
	CU_ASSERT_EQUAL(dev_of(&d, "0000:00:04.3")->nb_blocking, 1);
	rte_pci_doctor_free(&d);
	done(fs);
}

static void test_uio_translated(void)
{
	const struct fake_pci_dev devs[] = {
	    fn("0000:00:03.0", VENDOR, "uio_pci_generic", 3, "DMA-FQ"),
	};
	struct fake_sysfs *fs = machine(devs, RTE_DIM(devs), true);
	struct rte_pci_doctor d;
	run(&d, RTE_IOVA_DC);

	/* Row X: it cannot DMA in any mode, so it does not vote; the IOMMU makes it VA. */
	CU_ASSERT_EQUAL(d.iova.mode, RTE_IOVA_VA);
	CU_ASSERT_STRING_EQUAL(d.iova.rule, "B5");
	CU_ASSERT_PTR_NOT_NULL(strstr(d.iova.reason, "left out: 0000:00:03.0"));
	const struct rte_pci_doctor_device *u = dev_of(&d, "0000:00:03.0");
	CU_ASSERT_EQUAL(u->domain, RTE_IOVA_DOMAIN_TRANSLATED);
	CU_ASSERT_TRUE(u->described);
	CU_ASSERT_EQUAL(u->iova.need, RTE_IOVA_PA);
	CU_ASSERT_EQUAL(u->verdict, RTE_PCI_DOCTOR_NOT_PROBEABLE);
	CU_ASSERT_PTR_EQUAL(strstr(u->reason, "not probed: needs physical addresses "
					      "(uio_pci_generic does not program the IOMMU) but "
					      "IOMMU group 3 translates DMA addresses"),
			    u->reason);
	CU_ASSERT_STRING_EQUAL(u->fix, "boot with iommu=pt, or bind it to vfio-pci (openeal bind "
				       "vfio-pci 0000:00:03.0)");
	rte_pci_doctor_free(&d);
	done(fs);
}

static void test_pa_without_hugepages(void)
{
	const struct fake_pci_dev devs[] = {
	    fn("0000:00:03.0", VENDOR, "uio_pci_generic", 5, "identity"),
	};
	struct fake_sysfs *fs = machine(devs, RTE_DIM(devs), true);
	CU_ASSERT_EQUAL(fake_sysfs_set_hugepages(fs, -1, 2048, 0, 0), 0);
	struct rte_pci_doctor d;
	run(&d, RTE_IOVA_PA);

	const struct rte_pci_doctor_device *u = dev_of(&d, "0000:00:03.0");
	CU_ASSERT_EQUAL(u->domain, RTE_IOVA_DOMAIN_IDENTITY);
	CU_ASSERT_EQUAL(u->verdict, RTE_PCI_DOCTOR_NOT_PROBEABLE);
	/* The decision reads the tree's hugepages, as the report does: none free, whatever the
	 * host has reserved. */
	CU_ASSERT_FALSE(d.iova.hugepages);
	if (d.iova.phys_readable) {
		/* Row A1: PA as asked; memory would have to come from hugepages, none free. */
		char fix[512];
		snprintf(fix, sizeof(fix),
			 "reserve hugepages: echo 64 > %s/kernel/mm/hugepages/hugepages-2048kB/"
			 "nr_hugepages",
			 fake_sysfs_root(fs));
		CU_ASSERT_EQUAL(d.iova.mode, RTE_IOVA_PA);
		CU_ASSERT_STRING_EQUAL(d.iova.rule, "A1");
		CU_ASSERT_PTR_NOT_NULL(strstr(d.iova.reason, "no free hugepages yet"));
		CU_ASSERT_STRING_EQUAL(u->fix, fix);
	} else {
		/* Without CAP_SYS_ADMIN --iova-mode=pa fails rte_eal_init (row A2). */
		CU_ASSERT_STRING_EQUAL(d.iova.rule, "A2");
		CU_ASSERT_PTR_NOT_NULL(strstr(u->reason, "rte_eal_init would fail"));
		CU_ASSERT_PTR_NOT_NULL(strstr(u->fix, "run as root"));
	}
	rte_pci_doctor_free(&d);
	done(fs);
}

static void test_pa_with_hugepages(void)
{
	const struct fake_pci_dev devs[] = {
	    fn("0000:00:03.0", VENDOR, "uio_pci_generic", 5, "identity"),
	};
	struct fake_sysfs *fs = machine(devs, RTE_DIM(devs), true);
	CU_ASSERT_EQUAL(fake_sysfs_set_hugepages(fs, -1, 2048, 64, 64), 0);
	struct rte_pci_doctor d;
	run(&d, RTE_IOVA_DC);

	/* Free hugepages on the tree (and only there): the decision sees them too. */
	CU_ASSERT_TRUE(d.iova.hugepages);
	CU_ASSERT_TRUE(rte_eal_doctor_hugepages_free(&d.host));
	const struct rte_pci_doctor_device *u = dev_of(&d, "0000:00:03.0");
	CU_ASSERT_EQUAL(u->iova.need, RTE_IOVA_PA);
	if (d.iova.phys_readable) {
		/* Row B1: the uio device in an identity domain gets PA and can be probed. */
		CU_ASSERT_EQUAL(d.iova.mode, RTE_IOVA_PA);
		CU_ASSERT_STRING_EQUAL(d.iova.rule, "B1");
		CU_ASSERT_EQUAL(u->verdict, RTE_PCI_DOCTOR_PROBEABLE);
		CU_ASSERT_STRING_EQUAL(u->fix, "");
	} else {
		/* Row B2: PA unusable without CAP_SYS_ADMIN, whatever the hugepages. */
		CU_ASSERT_STRING_EQUAL(d.iova.rule, "B2");
		CU_ASSERT_EQUAL(u->verdict, RTE_PCI_DOCTOR_NOT_PROBEABLE);
		CU_ASSERT_PTR_NOT_NULL(strstr(u->fix, "run as root"));
	}
	rte_pci_doctor_free(&d);
	done(fs);
}

struct refusal {
	struct rte_pci_doctor d;
	int ret, err;
};

static void run_refused(void *arg)
{
	struct refusal *r = arg;
	r->ret = rte_pci_doctor_run(&r->d, RTE_IOVA_DC, false);
	r->err = rte_errno;
}

static void test_refusals(void)
{
	struct refusal r;
	CU_ASSERT_EQUAL(rte_pci_doctor_run(NULL, RTE_IOVA_DC, false), -1);
	CU_ASSERT_EQUAL(rte_errno, EINVAL);

	/* A devices directory that does not exist: the scan's one line, no report. */
	setenv("SYSFS_PCI_DEVICES", "/nonexistent/openeal-doctor", 1);
	char *log = test_capture_log(run_refused, &r);
	CU_ASSERT_EQUAL(r.ret, -1);
	CU_ASSERT_EQUAL(r.err, ENOENT);
	CU_ASSERT_PTR_NULL(r.d.devices);
	CU_ASSERT_PTR_NOT_NULL(log != NULL ? strstr(log, "/nonexistent/openeal-doctor") : NULL);
	free(log);
	test_restore_sysfs_env();

	/* In a process whose EAL is up, the doctor would rescan under the probed devices. */
	char *argv[] = {"test_doctor", "--no-pci", NULL};
	CU_ASSERT_EQUAL_FATAL(rte_eal_init(2, argv), 1);
	log = test_capture_log(run_refused, &r);
	CU_ASSERT_EQUAL(r.ret, -1);
	CU_ASSERT_EQUAL(r.err, EBUSY);
	CU_ASSERT_PTR_NOT_NULL(log != NULL ? strstr(log, "doctor: the EAL is initialised") : NULL);
	CU_ASSERT_PTR_NOT_NULL(log != NULL ? strchr(log, '\n') : NULL);
	CU_ASSERT(log != NULL && strchr(log, '\n')[1] == '\0'); /* one line */
	free(log);
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
}

void doctor_add_tree_tests(void)
{
	CU_pSuite s = CU_add_suite("doctor: generated machines", NULL, NULL);
	CU_add_test(s, "no IOMMU", test_no_iommu);
	CU_add_test(s, "IOMMU, a device on a kernel driver", test_kernel_driver);
	CU_add_test(s, "a group VFIO cannot use names the other function", test_not_viable);
	CU_add_test(s, "uio in a translated group", test_uio_translated);
	CU_add_test(s, "PA mode without hugepages", test_pa_without_hugepages);
	CU_add_test(s, "PA mode with the tree's hugepages", test_pa_with_hugepages);
	CU_add_test(s, "no report: NULL, failed scan, EAL initialised", test_refusals);
}
