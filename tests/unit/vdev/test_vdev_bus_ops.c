/* SPDX-License-Identifier: BSD-3-Clause */
/* The vdev bus seen through the EAL: hotplug, iteration, parse, IOVA class, DMA. */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include <bus_driver.h>
#include <rte_dev.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_pmd_null.h>

#include "test_util.h"
#include "vdev_test.h"

static void test_vdev_hotplug(void)
{
	unsigned size = 0;

	CU_ASSERT_EQUAL_FATAL(VT_EAL_INIT0(), 1);
	CU_ASSERT_EQUAL(rte_dev_probe("net_null5,size=100"), 0);
	CU_ASSERT_EQUAL(rte_pmd_null_get_size("net_null5", &size), 0);
	CU_ASSERT_EQUAL(size, 100);
	struct rte_device *dev = vt_find("net_null5");
	CU_ASSERT_PTR_NOT_NULL_FATAL(dev);
	CU_ASSERT_EQUAL(rte_dev_is_probed(dev), 1);
	/* Probing it again is refused; the state is unchanged. */
	CU_ASSERT_EQUAL(rte_dev_probe("net_null5,size=200"), -EEXIST);
	CU_ASSERT_EQUAL(rte_pmd_null_get_size("net_null5", &size), 0);
	CU_ASSERT_EQUAL(size, 100);

	CU_ASSERT_EQUAL(rte_dev_remove(dev), 0);
	CU_ASSERT_EQUAL(rte_pmd_null_get_size("net_null5", &size), -ENODEV);
	CU_ASSERT_PTR_NULL(vt_find("net_null5"));

	/* The bus may be named explicitly, and the name is reusable. */
	CU_ASSERT_EQUAL(rte_dev_probe("vdev:net_null5,size=300"), 0);
	CU_ASSERT_EQUAL(rte_pmd_null_get_size("net_null5", &size), 0);
	CU_ASSERT_EQUAL(size, 300);
	/* Left probed on purpose: cleanup removes it. */
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
	CU_ASSERT_EQUAL(rte_pmd_null_get_size("net_null5", &size), -ENODEV);
}

struct probe_call {
	const char *devargs;
	int ret;
};

static void call_dev_probe(void *arg)
{
	struct probe_call *c = arg;
	c->ret = rte_dev_probe(c->devargs);
}

static void test_vdev_hotplug_refused(void)
{
	struct probe_call c = {"net_null6,copy=yes", 0};
	char line[512];

	CU_ASSERT_EQUAL_FATAL(VT_EAL_INIT0(), 1);
	char *log = test_capture_log(call_dev_probe, &c);
	CU_ASSERT_PTR_NOT_NULL_FATAL(log);
	CU_ASSERT_EQUAL(c.ret, -EINVAL);
	CU_ASSERT(vt_log_lines_with(log, "net_null6: invalid copy=yes: expected 0 or 1", line,
				    sizeof(line)) == 1);
	free(log);
	struct rte_device *dev = vt_find("net_null6");
	CU_ASSERT(dev == NULL || !rte_dev_is_probed(dev));
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
}

static int count_devices(const char *filter, char *names, size_t len)
{
	struct rte_dev_iterator it;
	struct rte_device *dev;
	int n = 0;

	names[0] = '\0';
	RTE_DEV_FOREACH(dev, filter, &it)
	{
		n++;
		strncat(names, dev->name, len - strlen(names) - 1);
		strncat(names, " ", len - strlen(names) - 1);
	}
	return n;
}

static void test_vdev_foreach(void)
{
	char names[256];

	CU_ASSERT_EQUAL_FATAL(
	    VT_EAL_INIT("--vdev", "net_null0", "--vdev", "eth_null1", "--vdev", "vdtest2"), 7);
	CU_ASSERT_EQUAL(count_devices("bus=vdev", names, sizeof(names)), 3);
	CU_ASSERT_STRING_EQUAL(names, "net_null0 eth_null1 vdtest2 ");
	CU_ASSERT_EQUAL(count_devices("bus=vdev,name=eth_null1", names, sizeof(names)), 1);
	CU_ASSERT_STRING_EQUAL(names, "eth_null1 ");
	CU_ASSERT_EQUAL(count_devices("bus=vdev,name=nothing", names, sizeof(names)), 0);
	/* An unknown filter key selects nothing and says why. */
	rte_errno = 0;
	CU_ASSERT_EQUAL(count_devices("bus=vdev,colour=red", names, sizeof(names)), 0);
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
}

static void test_vdev_parse(void)
{
	struct rte_bus *bus = vt_vdev_bus();
	struct rte_vdev_driver *drv = NULL;

	CU_ASSERT_PTR_NOT_NULL_FATAL(bus);
	CU_ASSERT_EQUAL(bus->parse("net_null0", &drv), 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(drv);
	CU_ASSERT_STRING_EQUAL(drv->driver.name, "net_null");
	drv = NULL;
	CU_ASSERT_EQUAL(bus->parse("eth_null_x", &drv), 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(drv);
	CU_ASSERT_STRING_EQUAL(drv->driver.name, "net_null");
	/* The driver name itself, and any suffix, is claimed: DPDK's prefix rule. */
	CU_ASSERT_EQUAL(bus->parse("net_null", NULL), 0);
	CU_ASSERT_EQUAL(bus->parse("vdtest_anything", NULL), 0);
	CU_ASSERT_NOT_EQUAL(bus->parse("net_nul", NULL), 0);
	CU_ASSERT_NOT_EQUAL(bus->parse("0000:00:01.0", NULL), 0);
	CU_ASSERT_NOT_EQUAL(bus->parse("", NULL), 0);
}

static void test_vdev_iommu_class(void)
{
	struct rte_bus *bus = vt_vdev_bus();

	CU_ASSERT_EQUAL_FATAL(VT_EAL_INIT("--vdev", "net_null0"), 3);
	CU_ASSERT_EQUAL(bus->get_iommu_class(), RTE_IOVA_DC);
	CU_ASSERT_EQUAL(rte_vdev_init("vdva0", NULL), 0);
	CU_ASSERT_EQUAL(bus->get_iommu_class(), RTE_IOVA_VA);
	CU_ASSERT_EQUAL(rte_vdev_uninit("vdva0"), 0);
	CU_ASSERT_EQUAL(bus->get_iommu_class(), RTE_IOVA_DC);
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);

	/* Asked before probe, the class already reflects the driver that will claim the device,
	 * so the EAL picks VA for it. */
	CU_ASSERT_EQUAL_FATAL(VT_EAL_INIT("--vdev", "vdva1"), 3);
	CU_ASSERT_EQUAL(rte_eal_iova_mode(), RTE_IOVA_VA);
	CU_ASSERT_EQUAL(rte_dev_is_probed(vt_find("vdva1")), 1);
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
}

static void test_vdev_needs_va_refused_in_pa(void)
{
	char line[512];
	int ret;

	char *log = VT_EAL_INIT_LOGGED(&ret, "--iova-mode", "pa", "--vdev", "vdva2");
	CU_ASSERT_PTR_NOT_NULL_FATAL(log);
	CU_ASSERT_EQUAL(ret, 5);
	CU_ASSERT_EQUAL(vt_log_lines_with(log, "vdva2", line, sizeof(line)), 1);
	CU_ASSERT_STRING_EQUAL(line, "bus.vdev: vdva2: driver vdva needs IOVA as VA but the IOVA "
				     "mode is PA; not probed (use --iova-mode va)");
	free(log);
	CU_ASSERT_EQUAL(rte_dev_is_probed(vt_find("vdva2")), 0);
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
}

static void test_vdev_dma(void)
{
	static char buf[4096];
	struct rte_bus *bus = vt_vdev_bus();
	uint64_t iova = (uintptr_t)buf;

	vt_record_reset();
	CU_ASSERT_EQUAL_FATAL(
	    VT_EAL_INIT("--vdev", "vdtest0", "--vdev", "net_null1", "--vdev", "vdtest2,fail=1"), 7);
	/* Delegated to the driver with the arguments unchanged. */
	CU_ASSERT_EQUAL(bus->dma_map(vt_find("vdtest0"), buf, iova, sizeof(buf)), 0);
	CU_ASSERT_EQUAL(bus->dma_unmap(vt_find("vdtest0"), buf, iova, sizeof(buf)), 0);
	CU_ASSERT_EQUAL(vt_rec.dma_maps, 1);
	CU_ASSERT_EQUAL(vt_rec.dma_unmaps, 1);
	CU_ASSERT_EQUAL(bus->dma_map(vt_find("vdtest0"), buf, iova, 1), -1);
	/* A driver without DMA callbacks needs no mapping. */
	CU_ASSERT_EQUAL(bus->dma_map(vt_find("net_null1"), buf, iova, sizeof(buf)), 0);
	CU_ASSERT_EQUAL(bus->dma_unmap(vt_find("net_null1"), buf, iova, sizeof(buf)), 0);
	/* No driver, no mapping. */
	rte_errno = 0;
	CU_ASSERT_EQUAL(bus->dma_map(vt_find("vdtest2"), buf, iova, sizeof(buf)), -1);
	CU_ASSERT_EQUAL(rte_errno, ENODEV);
	CU_ASSERT_EQUAL(vt_rec.dma_maps, 1);
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
}

void vt_add_bus_ops_suite(void)
{
	CU_pSuite s = CU_add_suite("vdev_bus_ops", NULL, NULL);
	CU_add_test(s, "rte_dev_probe/rte_dev_remove", test_vdev_hotplug);
	CU_add_test(s, "rte_dev_probe refused by the driver", test_vdev_hotplug_refused);
	CU_add_test(s, "RTE_DEV_FOREACH over vdev", test_vdev_foreach);
	CU_add_test(s, "parse: name or alias prefix", test_vdev_parse);
	CU_add_test(s, "get_iommu_class", test_vdev_iommu_class);
	CU_add_test(s, "VA-only driver refused in PA mode", test_vdev_needs_va_refused_in_pa);
	CU_add_test(s, "dma_map/unmap delegate to the driver", test_vdev_dma);
}
