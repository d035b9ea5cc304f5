/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The one-line failure messages: each common failure's line is computed from its inputs, so each
 * test builds the context, formats it and checks the pieces that must come from that context
 * (device, group, path, uid, members and drivers, figures) and the fix.
 */

#include <CUnit/Basic.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rte_log.h>

#include "eal_vfio_internal.h"
#include "test_util.h"
#include "test_vfio.h"

static char line[2048];

static const char *fmt(const struct vfio_fail *f)
{
	int n = vfio_fail_format(f, line, sizeof(line));
	CU_ASSERT_EQUAL(n, (int)strlen(line));
	CU_ASSERT_PTR_NULL(strchr(line, '\n')); /* one line */
	return line;
}

#define HAS(text) CU_ASSERT_PTR_NOT_NULL(strstr(line, (text)))
#define HASNT(text) CU_ASSERT_PTR_NULL(strstr(line, (text)))

static const struct vfio_group_member mf_members[] = {
    {"0000:00:11.0", ""},
    {"0000:00:12.0", "e1000"},
    {"0000:00:12.1", "vfio-pci"},
    {"0000:00:12.2", "pcieport"},
};

static void test_not_viable(void)
{
	struct vfio_fail f = {.step = VFIO_STEP_GROUP_STATUS,
			      .dev_addr = "0000:00:12.1",
			      .group_num = 7,
			      .members = mf_members,
			      .nb_members = 4,
			      .total_members = 4};
	fmt(&f);
	CU_ASSERT_EQUAL(strncmp(line, "0000:00:12.1: IOMMU group 7 is not viable", 41), 0);
	/* Every other device with its driver; the device itself is not listed. */
	HAS("0000:00:12.0 (e1000)");
	HAS("0000:00:11.0 (no driver)");
	HAS("0000:00:12.2 (pcieport)");
	HASNT("0000:00:12.1 (");
	/* The fix names exactly the device whose driver blocks viability. */
	HAS("; fix: openeal bind vfio-pci 0000:00:12.0");
	HASNT("bind vfio-pci 0000:00:11.0");
	HASNT("bind vfio-pci 0000:00:12.2");
	HASNT("bind vfio-pci 0000:00:12.1");
}

static void test_not_viable_two_blockers_and_more(void)
{
	static const struct vfio_group_member m[] = {
	    {"0000:03:00.0", "vfio-pci"},
	    {"0000:03:00.1", "ixgbe"},
	    {"0000:03:00.2", "snd_hda_intel"},
	};
	struct vfio_fail f = {.step = VFIO_STEP_GROUP_STATUS,
			      .dev_addr = "0000:03:00.0",
			      .group_num = 12,
			      .members = m,
			      .nb_members = 3,
			      .total_members = 5};
	fmt(&f);
	HAS("IOMMU group 12 is not viable");
	HAS("0000:03:00.1 (ixgbe), 0000:03:00.2 (snd_hda_intel) and 2 more");
	HAS("fix: openeal bind vfio-pci 0000:03:00.1; openeal bind vfio-pci 0000:03:00.2");
}

static void test_not_viable_unknown_members(void)
{
	struct vfio_fail f = {.step = VFIO_STEP_GROUP_STATUS, .dev_addr = NULL, .group_num = 9};
	fmt(&f);
	CU_ASSERT_EQUAL(strncmp(line, "IOMMU group 9: IOMMU group 9 is not viable", 42), 0);
	HAS("devices that could not be listed");
	HAS("fix: bind every device of /sys/kernel/iommu_groups/9/devices to vfio-pci");
}

/* The kernel claims DMA ownership at SET_CONTAINER: EPERM there is the same story. */
static void test_set_container_eperm_is_not_viable(void)
{
	struct vfio_fail f = {.step = VFIO_STEP_SET_CONTAINER,
			      .err = EPERM,
			      .dev_addr = "0000:00:12.1",
			      .group_num = 7,
			      .members = mf_members,
			      .nb_members = 4,
			      .total_members = 4};
	fmt(&f);
	HAS("IOMMU group 7 is not viable");
	HAS("fix: openeal bind vfio-pci 0000:00:12.0");

	f.err = ENOMEM;
	fmt(&f);
	HAS("VFIO_GROUP_SET_CONTAINER failed: Cannot allocate memory");
	HASNT("not viable");
}

static void test_group_busy(void)
{
	struct vfio_fail f = {.step = VFIO_STEP_OPEN_GROUP,
			      .err = EBUSY,
			      .dev_addr = "0000:00:02.0",
			      .group_num = 7,
			      .path = "/dev/vfio/7",
			      .self_pid = 100,
			      .holder_pid = 4242,
			      .holder_comm = "qemu-system-x86"};
	fmt(&f);
	HAS("0000:00:02.0: cannot open /dev/vfio/7: the group is already open");
	HAS("by pid 4242 (qemu-system-x86)");
	HAS("fix: stop that process");

	f.holder_pid = 100; /* this very process holds it, outside openeal */
	fmt(&f);
	HAS("in this process (pid 100) outside openeal");
	HAS("fix: close that fd");
	HASNT("4242");

	f.holder_pid = 0; /* not visible (another user's process) */
	fmt(&f);
	HAS("by another process");
}

static void test_permission_denied(void)
{
	struct vfio_fail f = {.step = VFIO_STEP_OPEN_GROUP,
			      .err = EACCES,
			      .dev_addr = "0000:00:02.0",
			      .group_num = 5,
			      .path = "/dev/vfio/5",
			      .uid = 1000,
			      .path_stat_known = true,
			      .path_uid = 0,
			      .path_mode = 020600};
	fmt(&f);
	HAS("cannot open /dev/vfio/5: permission denied for uid 1000");
	HAS("(the node belongs to uid 0, mode 0600)");
	HAS("fix: run as root");
	HAS("chown 1000 /dev/vfio/5");
	HAS("SUBSYSTEM==\"vfio\"");

	/* The container node the same way, and without stat information. */
	f.step = VFIO_STEP_OPEN_CONTAINER;
	f.err = EPERM;
	f.path = "/dev/vfio/vfio";
	f.uid = 65534;
	f.path_stat_known = false;
	fmt(&f);
	HAS("cannot open /dev/vfio/vfio: permission denied for uid 65534; fix:");
	HAS("chown 65534 /dev/vfio/vfio");
	HASNT("belongs to");
}

static void test_no_iommu(void)
{
	struct vfio_fail f = {.step = VFIO_STEP_GROUP_LINK,
			      .err = ENOENT,
			      .dev_addr = "0000:00:02.0",
			      .group_num = -1,
			      .path = "/sys/bus/pci/devices/0000:00:02.0/iommu_group"};
	fmt(&f);
	HAS("0000:00:02.0: no IOMMU group (/sys/bus/pci/devices/0000:00:02.0/iommu_group does not "
	    "exist)");
	HAS("the IOMMU is off");
	HAS("intel_iommu=on");
	HAS("amd_iommu=on");
	HAS("iommu=pt");

	f.err = EIO;
	fmt(&f);
	HAS("cannot read /sys/bus/pci/devices/0000:00:02.0/iommu_group: Input/output error");
}

static void test_no_vfio_modules(void)
{
	struct vfio_fail f = {.step = VFIO_STEP_OPEN_CONTAINER,
			      .err = ENOENT,
			      .group_num = -1,
			      .path = "/dev/vfio/vfio"};
	fmt(&f);
	CU_ASSERT_EQUAL(strncmp(line, "vfio: cannot open /dev/vfio/vfio", 32), 0);
	HAS("the vfio modules are not loaded; fix: modprobe vfio-pci");
	HAS("intel_iommu=on");
}

static void test_group_node_missing(void)
{
	struct vfio_fail f = {.step = VFIO_STEP_OPEN_GROUP,
			      .err = ENOENT,
			      .dev_addr = "0000:00:02.0",
			      .group_num = 3,
			      .path = "/dev/vfio/3"};
	fmt(&f);
	HAS("no device of IOMMU group 3 is bound to vfio-pci; fix: openeal bind vfio-pci "
	    "0000:00:02.0");

	f.dev_addr = NULL;
	fmt(&f);
	CU_ASSERT_EQUAL(strncmp(line, "IOMMU group 3: cannot open /dev/vfio/3", 38), 0);
	HAS("openeal bind vfio-pci ADDR");
}

static void test_iommu_type(void)
{
	struct vfio_fail f = {
	    .step = VFIO_STEP_IOMMU_TYPE, .dev_addr = "0000:00:02.0", .group_num = 3};
	fmt(&f);
	HAS("no IOMMU type openeal can use (tried Type1v2 and Type1)");
	HAS("fix: modprobe vfio_iommu_type1");

	struct vfio_fail s = {.step = VFIO_STEP_SET_IOMMU,
			      .err = EPERM,
			      .dev_addr = "0000:00:02.0",
			      .group_num = 3,
			      .value = VFIO_TYPE1v2_IOMMU};
	fmt(&s);
	HAS("VFIO_SET_IOMMU(Type1v2) failed: Operation not permitted");
	HAS("no interrupt remapping");
	HAS("intremap=on");
	HAS("allow_unsafe_interrupts=1");

	s.err = ENODEV;
	s.value = VFIO_TYPE1_IOMMU;
	fmt(&s);
	HAS("VFIO_SET_IOMMU(Type1) failed: No such device; fix: the kernel log");
	HASNT("intremap");
}

static void test_api_version(void)
{
	struct vfio_fail f = {.step = VFIO_STEP_API_VERSION, .group_num = -1, .value = 7};
	fmt(&f);
	HAS("/dev/vfio/vfio speaks VFIO API version 7, openeal needs 0");
}

static void test_memlock(void)
{
	struct vfio_fail f = {.step = VFIO_STEP_DMA_MAP,
			      .err = ENOMEM,
			      .group_num = -1,
			      .iova = 0x100000,
			      .len = 2097152,
			      .memlock = {.limit = 65536, .locked = 8192}};
	fmt(&f);
	HAS("cannot map 2097152 bytes at IOVA 0x100000 for DMA");
	HAS("RLIMIT_MEMLOCK) is 65536 bytes, 8192 are locked already and 2097152 more are needed");
	HAS("ulimit -l unlimited");
	HAS("LimitMEMLOCK=infinity");

	/* A direct call on a container names it. */
	f.container = "default container";
	fmt(&f);
	CU_ASSERT_EQUAL(strncmp(line, "default container: cannot map 2097152 bytes", 43), 0);

	/* The up-front check says the same without an IOVA. */
	struct vfio_fail m = {.step = VFIO_STEP_MEMLOCK,
			      .err = ENOMEM,
			      .group_num = -1,
			      .len = 4194304,
			      .memlock = {.limit = 8388608, .locked = 6291456}};
	fmt(&m);
	HAS("vfio: cannot pin 4194304 more bytes for DMA: the locked-memory limit (RLIMIT_MEMLOCK) "
	    "is 8388608 bytes, 6291456 are locked already and 4194304 more are needed");
	HASNT("IOVA");

	/* Without a limit, ENOMEM is plain memory shortage: no memlock advice. */
	f.memlock.limit = UINT64_MAX;
	fmt(&f);
	HAS("Cannot allocate memory pinning the pages");
	HASNT("RLIMIT_MEMLOCK");
	f.memlock.limit = 65536;
	f.memlock.cap_ipc_lock = true;
	fmt(&f);
	HASNT("RLIMIT_MEMLOCK");
}

static void test_dma_other_errors(void)
{
	struct vfio_fail f = {
	    .step = VFIO_STEP_DMA_MAP, .group_num = -1, .iova = 0x2000, .len = 4096};
	f.err = ENOSPC;
	fmt(&f);
	HAS("dma_entry_limit");
	f.err = EEXIST;
	fmt(&f);
	HAS("overlaps a mapping");
	f.err = EINVAL;
	fmt(&f);
	HAS("IOMMU page size");
	HAS("rte_vfio_container_get_iommu_info");
	f.err = EFAULT;
	fmt(&f);
	HAS("not mapped in this process");
	f.step = VFIO_STEP_DMA_UNMAP;
	f.err = EINVAL;
	fmt(&f);
	HAS("vfio: cannot unmap 4096 bytes at IOVA 0x2000: Invalid argument");
}

static void test_device_fd(void)
{
	struct vfio_fail f = {.step = VFIO_STEP_DEVICE_FD,
			      .err = ENODEV,
			      .dev_addr = "0000:00:12.0",
			      .group_num = 7,
			      .dev_driver = "e1000"};
	fmt(&f);
	HAS("0000:00:12.0 is not a vfio device of IOMMU group 7 (it is bound to e1000)");
	HAS("fix: openeal bind vfio-pci 0000:00:12.0");
	f.dev_driver = "";
	fmt(&f);
	HAS("(it is bound to no driver)");

	f.err = EACCES;
	fmt(&f);
	HAS("needs a VF token");
	HAS("--vfio-vf-token");
	f.vf_token = true;
	fmt(&f);
	HAS("refused the VF token given with --vfio-vf-token");
	HASNT("needs a VF token");
}

static void test_truncation(void)
{
	char small[16];
	struct vfio_fail f = {.step = VFIO_STEP_IOMMU_TYPE, .group_num = -1};
	int full = vfio_fail_format(&f, line, sizeof(line));
	int n = vfio_fail_format(&f, small, sizeof(small));

	CU_ASSERT_EQUAL(n, full);
	CU_ASSERT_EQUAL(strlen(small), sizeof(small) - 1);
	CU_ASSERT_EQUAL(strncmp(small, line, sizeof(small) - 1), 0);
	CU_ASSERT_EQUAL(vfio_fail_format(&f, NULL, 0), full);
}

static void test_memlock_decision(void)
{
	struct vfio_memlock m = {.limit = 65536, .locked = 8192};

	CU_ASSERT_TRUE(vfio_memlock_enough(&m, 65536 - 8192));
	CU_ASSERT_FALSE(vfio_memlock_enough(&m, 65536 - 8192 + 4096));
	CU_ASSERT_FALSE(vfio_memlock_enough(&m, UINT64_MAX)); /* no wrap-around */
	m.locked = 70000;				      /* over the limit already */
	CU_ASSERT_FALSE(vfio_memlock_enough(&m, 0));
	m.cap_ipc_lock = true;
	CU_ASSERT_TRUE(vfio_memlock_enough(&m, 1u << 30));
	m = (struct vfio_memlock){.limit = UINT64_MAX, .locked = 1u << 30};
	CU_ASSERT_TRUE(vfio_memlock_enough(&m, 1u << 30));
}

void test_vfio_add_msg_suite(void)
{
	CU_pSuite s = CU_add_suite("vfio_messages", NULL, NULL);
	CU_add_test(s, "group not viable names members, drivers and fixes", test_not_viable);
	CU_add_test(s, "not viable with several blockers and unlisted members",
		    test_not_viable_two_blockers_and_more);
	CU_add_test(s, "not viable with unknown members", test_not_viable_unknown_members);
	CU_add_test(s, "SET_CONTAINER EPERM is not viable", test_set_container_eperm_is_not_viable);
	CU_add_test(s, "group busy names the holder", test_group_busy);
	CU_add_test(s, "permission denied names file, uid, owner", test_permission_denied);
	CU_add_test(s, "no iommu_group link: IOMMU off", test_no_iommu);
	CU_add_test(s, "no /dev/vfio/vfio: modules", test_no_vfio_modules);
	CU_add_test(s, "no /dev/vfio/N: nothing on vfio-pci", test_group_node_missing);
	CU_add_test(s, "IOMMU type unsupported / SET_IOMMU refused", test_iommu_type);
	CU_add_test(s, "API version", test_api_version);
	CU_add_test(s, "memlock limit too low gives both figures", test_memlock);
	CU_add_test(s, "other DMA errors", test_dma_other_errors);
	CU_add_test(s, "device fd: driver and VF token", test_device_fd);
	CU_add_test(s, "snprintf truncation semantics", test_truncation);
	CU_add_test(s, "memlock decision", test_memlock_decision);
}
