/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Backend selection: the scan gives each device the backend named by its sysfs driver, the
 * uio backends declare the IOVA mode they need, and the bus's IOVA class follows from it.
 */

#include <CUnit/Basic.h>

#include <rte_bus.h>

#include "pci_backend.h"
#include "uio_test.h"

static void test_backend_by_driver_name(void)
{
	const struct fake_pci_dev devs[] = {
	    uio_test_dev("0000:00:02.0", "uio_pci_generic", NULL),
	    uio_test_dev("0000:00:03.0", "igb_uio", NULL),
	    uio_test_dev("0000:00:04.0", "e1000", NULL),
	    uio_test_dev("0000:00:05.0", NULL, NULL),
	    /* Names that only look alike must not select a uio backend. */
	    uio_test_dev("0000:00:06.0", "uio", NULL),
	    uio_test_dev("0000:00:07.0", "uio_pci_generic2", NULL),
	};
	struct uio_test t;

	uio_test_setup(&t, devs, RTE_DIM(devs));
	struct rte_pci_device *generic = uio_test_find("0000:00:02.0");
	struct rte_pci_device *igb = uio_test_find("0000:00:03.0");
	CU_ASSERT_PTR_NOT_NULL_FATAL(generic);
	CU_ASSERT_PTR_NOT_NULL_FATAL(igb);
	CU_ASSERT_PTR_NOT_NULL_FATAL(generic->backend);
	CU_ASSERT_PTR_NOT_NULL_FATAL(igb->backend);
	CU_ASSERT_STRING_EQUAL(generic->backend->kdrv_name, "uio_pci_generic");
	CU_ASSERT_EQUAL(generic->kdrv, RTE_PCI_KDRV_UIO_GENERIC);
	CU_ASSERT_STRING_EQUAL(igb->backend->kdrv_name, "igb_uio");
	CU_ASSERT_EQUAL(igb->kdrv, RTE_PCI_KDRV_IGB_UIO);
	CU_ASSERT_PTR_NULL(uio_test_find("0000:00:04.0")->backend);
	CU_ASSERT_EQUAL(uio_test_find("0000:00:04.0")->kdrv, RTE_PCI_KDRV_UNKNOWN);
	CU_ASSERT_PTR_NULL(uio_test_find("0000:00:05.0")->backend);
	CU_ASSERT_EQUAL(uio_test_find("0000:00:05.0")->kdrv, RTE_PCI_KDRV_NONE);
	CU_ASSERT_PTR_NULL(uio_test_find("0000:00:06.0")->backend);
	CU_ASSERT_PTR_NULL(uio_test_find("0000:00:07.0")->backend);
	/* Both need physical addresses: uio gives the device no IOMMU mapping. */
	CU_ASSERT_EQUAL(generic->backend->iova_constraint(generic), RTE_IOVA_PA);
	CU_ASSERT_EQUAL(igb->backend->iova_constraint(igb), RTE_IOVA_PA);
	uio_test_done(&t);
}

static int test_probe(struct rte_pci_driver *drv, struct rte_pci_device *dev)
{
	(void)drv;
	(void)dev;
	return 0;
}

static const struct rte_pci_id test_ids[] = {
    {RTE_PCI_DEVICE(UIO_TEST_VENDOR, 0x0001)},
    {.vendor_id = 0},
};

static struct rte_pci_driver test_driver = {
    .driver = {.name = "uio_test_driver"},
    .id_table = test_ids,
    .drv_flags = RTE_PCI_DRV_NEED_MAPPING,
    .probe = test_probe,
};

/* A device a driver will take on a uio backend makes the bus ask for IOVA as PA. */
static void test_iova_class(void)
{
	const struct fake_pci_dev on_uio[] = {uio_test_dev("0000:00:02.0", "igb_uio", NULL)};
	const struct fake_pci_dev on_kernel[] = {uio_test_dev("0000:00:02.0", "e1000", NULL)};
	struct uio_test t;

	rte_pci_register(&test_driver);
	uio_test_setup(&t, on_uio, RTE_DIM(on_uio));
	CU_ASSERT_EQUAL(rte_bus_find_by_name("pci")->get_iommu_class(), RTE_IOVA_PA);
	uio_test_done(&t);
	/* Control: the same device on a kernel driver (no backend) asks for nothing. */
	uio_test_setup(&t, on_kernel, RTE_DIM(on_kernel));
	CU_ASSERT_EQUAL(rte_bus_find_by_name("pci")->get_iommu_class(), RTE_IOVA_DC);
	uio_test_done(&t);
	rte_pci_unregister(&test_driver);
}

void uio_test_add_select_suite(void)
{
	CU_pSuite s = CU_add_suite("uio backend selection", NULL, NULL);
	CU_add_test(s, "backend chosen by sysfs driver name", test_backend_by_driver_name);
	CU_add_test(s, "uio devices make the bus ask for IOVA as PA", test_iova_class);
}
