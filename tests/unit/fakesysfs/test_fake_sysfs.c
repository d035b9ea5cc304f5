/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The fake sysfs generator the PCI tests and the benchmark rely on: layout and links as the
 * kernel makes them, file contents in the kernel's format, SR-IOV links, removal, the
 * broken-input helpers, and populate's reproducible, shuffled trees.
 */
#include <CUnit/Basic.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fake_sysfs.h"
#include "test_util.h"

#define MEM64_PREF 0x0014220cull /* MEM | MEM_64 | PREFETCH | SIZEALIGN | BAR bits */
#define IO_FLAGS 0x00040101ull

/* Contents of R/<rel> (NUL-terminated, at most 4095 bytes) into a static buffer, or NULL. */
static const char *slurp(const struct fake_sysfs *fs, const char *rel)
{
	static char buf[4096];
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/%s", fake_sysfs_root(fs), rel);
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return NULL;
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		return NULL;
	buf[n] = '\0';
	return buf;
}

static const char *link_of(const struct fake_sysfs *fs, const char *rel)
{
	static char buf[PATH_MAX];
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/%s", fake_sysfs_root(fs), rel);
	ssize_t n = readlink(path, buf, sizeof(buf) - 1);
	if (n < 0)
		return NULL;
	buf[n] = '\0';
	return buf;
}

/* Do R/a and R/b resolve to the same inode (links followed)? */
static int same_file(const struct fake_sysfs *fs, const char *a, const char *b)
{
	char pa[PATH_MAX], pb[PATH_MAX];
	struct stat sa, sb;
	snprintf(pa, sizeof(pa), "%s/%s", fake_sysfs_root(fs), a);
	snprintf(pb, sizeof(pb), "%s/%s", fake_sysfs_root(fs), b);
	return stat(pa, &sa) == 0 && stat(pb, &sb) == 0 && sa.st_ino == sb.st_ino &&
	       sa.st_dev == sb.st_dev;
}

static int exists(const struct fake_sysfs *fs, const char *rel)
{
	char path[PATH_MAX];
	struct stat st;
	snprintf(path, sizeof(path), "%s/%s", fake_sysfs_root(fs), rel);
	return lstat(path, &st) == 0;
}

#define DEV "devices/pci0000:03/0000:03:00.0"

static const struct fake_pci_dev nic = {
    .addr = "0000:03:00.0",
    .vendor = 0x8086,
    .device = 0x10fb,
    .subsys_vendor = 0x8086,
    .subsys_device = 0x000c,
    .class_code = 0x020000,
    .revision = 0x01,
    .numa_node = 1,
    .driver = "ixgbe",
    .iommu_group = 7,
    .res = {[0] = {0x3800000000ull, 0x80000, MEM64_PREF}, [2] = {0xe000, 0x20, IO_FLAGS}},
    .net_ifname = "eth9",
    .net_up = true,
};

static void test_layout_and_contents(void)
{
	struct fake_sysfs *fs = fake_sysfs_create();
	CU_ASSERT_FATAL(fs != NULL);
	CU_ASSERT_EQUAL(fake_sysfs_add(fs, &nic), 0);

	char expect[PATH_MAX];
	snprintf(expect, sizeof(expect), "%s/bus/pci/devices", fake_sysfs_root(fs));
	CU_ASSERT_STRING_EQUAL(fake_sysfs_devices_dir(fs), expect);
	CU_ASSERT_STRING_EQUAL(link_of(fs, "bus/pci/devices/0000:03:00.0"), "../../../" DEV);
	CU_ASSERT(same_file(fs, "bus/pci/devices/0000:03:00.0", DEV));

	CU_ASSERT_STRING_EQUAL(slurp(fs, DEV "/uevent"),
			       "DRIVER=ixgbe\nPCI_CLASS=20000\nPCI_ID=8086:10FB\n"
			       "PCI_SUBSYS_ID=8086:000C\nPCI_SLOT_NAME=0000:03:00.0\n"
			       "MODALIAS=pci:v00008086d000010FBsv00008086sd0000000Cbc02sc00i00\n");
	CU_ASSERT_STRING_EQUAL(slurp(fs, DEV "/vendor"), "0x8086\n");
	CU_ASSERT_STRING_EQUAL(slurp(fs, DEV "/device"), "0x10fb\n");
	CU_ASSERT_STRING_EQUAL(slurp(fs, DEV "/subsystem_device"), "0x000c\n");
	CU_ASSERT_STRING_EQUAL(slurp(fs, DEV "/class"), "0x020000\n");
	CU_ASSERT_STRING_EQUAL(slurp(fs, DEV "/revision"), "0x01\n");
	CU_ASSERT_STRING_EQUAL(slurp(fs, DEV "/numa_node"), "1\n");
	CU_ASSERT_STRING_EQUAL(slurp(fs, DEV "/enable"), "1\n");

	const char *res = slurp(fs, DEV "/resource");
	CU_ASSERT_FATAL(res != NULL);
	CU_ASSERT_EQUAL(strlen(res), 13 * 57);
	CU_ASSERT_NSTRING_EQUAL(res,
				"0x0000003800000000 0x000000380007ffff 0x000000000014220c\n"
				"0x0000000000000000 0x0000000000000000 0x0000000000000000\n"
				"0x000000000000e000 0x000000000000e01f 0x0000000000040101\n",
				3 * 57);
	CU_ASSERT(exists(fs, DEV "/resource0"));
	CU_ASSERT(!exists(fs, DEV "/resource1"));
	CU_ASSERT(exists(fs, DEV "/resource2"));

	/* Config space: ids, class, and BAR0 as a 64-bit prefetchable BAR with its high half. */
	char path[PATH_MAX];
	unsigned char cfg[300];
	snprintf(path, sizeof(path), "%s/" DEV "/config", fake_sysfs_root(fs));
	int fd = open(path, O_RDONLY);
	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_EQUAL(read(fd, cfg, sizeof(cfg)), 256);
	close(fd);
	CU_ASSERT(cfg[0] == 0x86 && cfg[1] == 0x80 && cfg[2] == 0xfb && cfg[3] == 0x10);
	CU_ASSERT(cfg[8] == 0x01 && cfg[9] == 0x00 && cfg[10] == 0x00 && cfg[11] == 0x02);
	CU_ASSERT_EQUAL(cfg[0x10], 0x0c);
	CU_ASSERT_EQUAL(cfg[0x14], 0x38);
	CU_ASSERT_EQUAL(cfg[0x18] & 1, 1);

	CU_ASSERT_STRING_EQUAL(link_of(fs, DEV "/driver"), "../../../bus/pci/drivers/ixgbe");
	CU_ASSERT(same_file(fs, "bus/pci/drivers/ixgbe/0000:03:00.0", DEV));
	CU_ASSERT(exists(fs, "bus/pci/drivers/ixgbe/bind"));
	CU_ASSERT(exists(fs, "bus/pci/drivers/ixgbe/unbind"));
	CU_ASSERT(exists(fs, "bus/pci/drivers/ixgbe/new_id"));
	CU_ASSERT(exists(fs, "bus/pci/drivers_probe"));
	CU_ASSERT_STRING_EQUAL(link_of(fs, DEV "/iommu_group"), "../../../kernel/iommu_groups/7");
	CU_ASSERT_STRING_EQUAL(slurp(fs, "kernel/iommu_groups/7/type"), "DMA\n");
	CU_ASSERT(same_file(fs, "kernel/iommu_groups/7/devices/0000:03:00.0", DEV));
	CU_ASSERT(same_file(fs, DEV "/subsystem", "bus/pci"));

	CU_ASSERT(same_file(fs, "class/net/eth9", DEV "/net/eth9"));
	CU_ASSERT(same_file(fs, "class/net/eth9/device", DEV));
	CU_ASSERT_STRING_EQUAL(slurp(fs, "class/net/eth9/operstate"), "up\n");
	CU_ASSERT_STRING_EQUAL(slurp(fs, "class/net/eth9/flags"), "0x1003\n");

	/* Unbound, no group: no DRIVER= line, no links. */
	struct fake_pci_dev bare = {.addr = "0001:00:1f.7",
				    .vendor = 0x1af4,
				    .device = 0x1041,
				    .class_code = 0x010802,
				    .numa_node = -1,
				    .iommu_group = -1};
	CU_ASSERT_EQUAL(fake_sysfs_add(fs, &bare), 0);
	CU_ASSERT_STRING_EQUAL(slurp(fs, "devices/pci0001:00/0001:00:1f.7/uevent"),
			       "PCI_CLASS=10802\nPCI_ID=1AF4:1041\nPCI_SUBSYS_ID=0000:0000\n"
			       "PCI_SLOT_NAME=0001:00:1f.7\n"
			       "MODALIAS=pci:v00001AF4d00001041sv00000000sd00000000bc01sc08i02\n");
	CU_ASSERT_STRING_EQUAL(slurp(fs, "devices/pci0001:00/0001:00:1f.7/numa_node"), "-1\n");
	CU_ASSERT(!exists(fs, "devices/pci0001:00/0001:00:1f.7/driver"));
	CU_ASSERT(!exists(fs, "devices/pci0001:00/0001:00:1f.7/iommu_group"));

	/* Bad input from the caller. */
	struct fake_pci_dev bad = bare;
	bad.addr = "00:02.0";
	errno = 0;
	CU_ASSERT_EQUAL(fake_sysfs_add(fs, &bad), -1);
	CU_ASSERT_EQUAL(errno, EINVAL);
	errno = 0;
	CU_ASSERT_EQUAL(fake_sysfs_add(fs, &nic), -1);
	CU_ASSERT_EQUAL(errno, EEXIST);

	char *root = strdup(fake_sysfs_root(fs));
	fake_sysfs_destroy(fs);
	struct stat st;
	CU_ASSERT(lstat(root, &st) != 0 && errno == ENOENT);
	free(root);
}

static void test_sriov_and_remove(void)
{
	struct fake_sysfs *fs = fake_sysfs_create();
	CU_ASSERT_FATAL(fs != NULL);
	struct fake_pci_dev pf = nic;
	pf.net_ifname = NULL;
	pf.sriov_totalvfs = 63;
	pf.sriov_numvfs = 2;
	CU_ASSERT_EQUAL(fake_sysfs_add(fs, &pf), 0);
	/* The VFs sit on the next bus yet hang under the PF's parent, as in sysfs. */
	const char *vfs[] = {"0000:04:10.0", "0000:04:10.2"};
	for (int i = 0; i < 2; i++) {
		struct fake_pci_dev vf = {.addr = vfs[i],
					  .vendor = 0x8086,
					  .device = 0x10ed,
					  .class_code = 0x020000,
					  .numa_node = 1,
					  .driver = "vfio-pci",
					  .iommu_group = 20 + i,
					  .physfn = "0000:03:00.0"};
		CU_ASSERT_EQUAL(fake_sysfs_add(fs, &vf), 0);
	}
	CU_ASSERT_STRING_EQUAL(slurp(fs, DEV "/sriov_totalvfs"), "63\n");
	CU_ASSERT_STRING_EQUAL(slurp(fs, DEV "/sriov_numvfs"), "2\n");
	CU_ASSERT_STRING_EQUAL(link_of(fs, DEV "/virtfn0"), "../0000:04:10.0");
	CU_ASSERT_STRING_EQUAL(link_of(fs, DEV "/virtfn1"), "../0000:04:10.2");
	CU_ASSERT_STRING_EQUAL(link_of(fs, "devices/pci0000:03/0000:04:10.2/physfn"),
			       "../0000:03:00.0");
	CU_ASSERT(same_file(fs, "bus/pci/devices/0000:04:10.2/physfn", DEV));
	CU_ASSERT(
	    same_file(fs, "bus/pci/drivers/vfio-pci/0000:04:10.2", "bus/pci/devices/0000:04:10.2"));

	CU_ASSERT_EQUAL(fake_sysfs_remove(fs, "0000:04:10.2"), 0);
	CU_ASSERT(!exists(fs, "bus/pci/devices/0000:04:10.2"));
	CU_ASSERT(!exists(fs, "devices/pci0000:03/0000:04:10.2"));
	CU_ASSERT(!exists(fs, "bus/pci/drivers/vfio-pci/0000:04:10.2"));
	CU_ASSERT(!exists(fs, "kernel/iommu_groups/21/devices/0000:04:10.2"));
	CU_ASSERT(!exists(fs, DEV "/virtfn1"));
	CU_ASSERT(exists(fs, DEV "/virtfn0"));
	errno = 0;
	CU_ASSERT_EQUAL(fake_sysfs_remove(fs, "0000:04:10.2"), -1);
	CU_ASSERT_EQUAL(errno, ENOENT);

	/* A VF whose PF was never added cannot be linked. */
	struct fake_pci_dev orphan = {
	    .addr = "0000:09:00.1", .iommu_group = -1, .physfn = "0000:09:00.0"};
	CU_ASSERT_EQUAL(fake_sysfs_add(fs, &orphan), -1);
	CU_ASSERT(!exists(fs, "bus/pci/devices/0000:09:00.1"));
	fake_sysfs_destroy(fs);
}

static void test_broken_input_helpers(void)
{
	struct fake_sysfs *fs = fake_sysfs_create();
	CU_ASSERT_FATAL(fs != NULL);
	struct fake_pci_dev d = nic;
	d.net_ifname = NULL;
	CU_ASSERT_EQUAL(fake_sysfs_add(fs, &d), 0);

	CU_ASSERT_EQUAL(fake_sysfs_set_attr(fs, nic.addr, "vendor", "garbage", 7), 0);
	CU_ASSERT_STRING_EQUAL(slurp(fs, DEV "/vendor"), "garbage");
	/* Replacing a link by a file must not write through the link. */
	CU_ASSERT_EQUAL(fake_sysfs_set_attr(fs, nic.addr, "driver", "x", 1), 0);
	CU_ASSERT_STRING_EQUAL(slurp(fs, DEV "/driver"), "x");
	CU_ASSERT(exists(fs, "bus/pci/drivers/ixgbe/bind"));

	CU_ASSERT_EQUAL(fake_sysfs_unlink_attr(fs, nic.addr, "resource"), 0);
	CU_ASSERT(!exists(fs, DEV "/resource"));
	CU_ASSERT_EQUAL(fake_sysfs_unlink_attr(fs, nic.addr, "resource"), -1);

	CU_ASSERT_EQUAL(fake_sysfs_symlink_attr(fs, nic.addr, "iommu_group", "iommu_group"), 0);
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/" DEV "/iommu_group", fake_sysfs_root(fs));
	struct stat st;
	errno = 0;
	CU_ASSERT(stat(path, &st) != 0 && errno == ELOOP);

	CU_ASSERT_EQUAL(fake_sysfs_set_attr(fs, "0000:77:00.0", "vendor", "x", 1), -1);
	fake_sysfs_destroy(fs);
}

/* Names in readdir order. */
static int list_dir(const char *dir, char (*names)[32], int max)
{
	DIR *d = opendir(dir);
	if (d == NULL)
		return -1;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL && n < max)
		if (e->d_name[0] != '.')
			snprintf(names[n++], 32, "%.31s", e->d_name);
	closedir(d);
	return n;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

#define POP_N 300

static void test_populate(void)
{
	static char names[POP_N + 8][32], sorted[POP_N + 8][32], again[POP_N + 8][32];
	struct fake_sysfs *fs = fake_sysfs_create();
	struct fake_sysfs *twin = fake_sysfs_create();
	CU_ASSERT_FATAL(fs != NULL && twin != NULL);
	CU_ASSERT_EQUAL_FATAL(fake_sysfs_populate(fs, POP_N, 42), 0);
	CU_ASSERT_EQUAL_FATAL(fake_sysfs_populate(twin, POP_N, 42), 0);

	int n = list_dir(fake_sysfs_devices_dir(fs), names, POP_N + 8);
	CU_ASSERT_EQUAL_FATAL(n, POP_N);
	memcpy(sorted, names, sizeof(names));
	qsort(sorted, (size_t)n, sizeof(sorted[0]), name_cmp);
	CU_ASSERT(memcmp(sorted, names, sizeof(names[0]) * (size_t)n) != 0); /* shuffled */

	int vfs = 0, unbound = 0, io_bars = 0, domains = 0;
	char last_domain[16] = "";
	for (int i = 0; i < n; i++) {
		char rel[128], slot[64];
		snprintf(rel, sizeof(rel), "bus/pci/devices/%.31s/uevent", sorted[i]);
		const char *ue = slurp(fs, rel);
		CU_ASSERT_FATAL(ue != NULL);
		snprintf(slot, sizeof(slot), "PCI_SLOT_NAME=%.31s\n", sorted[i]);
		CU_ASSERT(strstr(ue, slot) != NULL);
		char twin_ue[4096];
		snprintf(twin_ue, sizeof(twin_ue), "%s", ue);
		const char *other = slurp(twin, rel);
		CU_ASSERT(other != NULL && strcmp(other, twin_ue) == 0);
		snprintf(rel, sizeof(rel), "bus/pci/devices/%.31s/physfn", sorted[i]);
		if (exists(fs, rel)) {
			vfs++;
			snprintf(rel, sizeof(rel), "bus/pci/devices/%.31s/physfn/sriov_numvfs",
				 sorted[i]);
			CU_ASSERT(slurp(fs, rel) != NULL);
		}
		snprintf(rel, sizeof(rel), "bus/pci/devices/%.31s/driver", sorted[i]);
		unbound += !exists(fs, rel);
		snprintf(rel, sizeof(rel), "bus/pci/devices/%.31s/resource", sorted[i]);
		const char *res = slurp(fs, rel);
		CU_ASSERT(res != NULL && strlen(res) == 13 * 57);
		io_bars += res != NULL && strstr(res, "0x0000000000040101\n") != NULL;
		if (strncmp(last_domain, sorted[i], strlen(sorted[i]) - 8) != 0) {
			snprintf(last_domain, sizeof(last_domain), "%.*s",
				 (int)strlen(sorted[i]) - 8, sorted[i]);
			domains++;
		}
	}
	CU_ASSERT(vfs > 0);
	CU_ASSERT(unbound > 0 && unbound < n);
	CU_ASSERT(io_bars > 0);
	CU_ASSERT_EQUAL(domains, 2);
	CU_ASSERT(exists(fs, "bus/pci/devices/10000:00:00.0"));

	/* Same seed, same set of devices; a different seed, a different tree. */
	CU_ASSERT_EQUAL(list_dir(fake_sysfs_devices_dir(twin), again, POP_N + 8), POP_N);
	qsort(again, POP_N, sizeof(again[0]), name_cmp);
	CU_ASSERT(memcmp(again, sorted, sizeof(sorted[0]) * POP_N) == 0);
	fake_sysfs_destroy(twin);
	twin = fake_sysfs_create();
	CU_ASSERT_FATAL(twin != NULL);
	CU_ASSERT_EQUAL(fake_sysfs_populate(twin, POP_N, 43), 0);
	CU_ASSERT_EQUAL(list_dir(fake_sysfs_devices_dir(twin), again, POP_N + 8), POP_N);
	qsort(again, POP_N, sizeof(again[0]), name_cmp);
	CU_ASSERT(memcmp(again, sorted, sizeof(sorted[0]) * POP_N) != 0);

	/* Populated devices can be removed like added ones. */
	CU_ASSERT_EQUAL(fake_sysfs_remove(fs, "0000:00:00.0"), 0);
	CU_ASSERT_EQUAL(list_dir(fake_sysfs_devices_dir(fs), names, POP_N + 8), POP_N - 1);
	fake_sysfs_destroy(twin);
	fake_sysfs_destroy(fs);
}

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	CU_pSuite s = CU_add_suite("fake_sysfs", NULL, NULL);
	if (s == NULL || CU_add_test(s, "layout and contents", test_layout_and_contents) == NULL ||
	    CU_add_test(s, "SR-IOV links and remove", test_sriov_and_remove) == NULL ||
	    CU_add_test(s, "broken-input helpers", test_broken_input_helpers) == NULL ||
	    CU_add_test(s, "populate", test_populate) == NULL) {
		CU_cleanup_registry();
		return 1;
	}
	return test_run_registry();
}
