/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Refusals on fake trees: a network interface that is up, a mounted filesystem on the device
 * (by device number, by source name, through a partition, a holder, a SCSI-style "block"
 * directory), an unreadable mount table; --force; and IOMMU group viability warnings.
 * A refused call must write nothing: the watched files stay untouched.
 */

#include <CUnit/Basic.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_pci_bind.h>

#include "bind_test.h"
#include "test_util.h"

static const struct fake_pci_dev nic = {
    .addr = "0000:00:02.0",
    .vendor = 0x8086,
    .device = 0x100e,
    .class_code = 0x020000,
    .numa_node = -1,
    .driver = "e1000",
    .iommu_group = 1,
    .net_ifname = "eth0",
    .net_up = true,
    .res = {[0] = {0xfeb80000, 0x20000, MEM32}, [1] = {0xc000, 0x40, IO}},
};

static const struct fake_pci_dev disk = {
    .addr = "0000:00:04.0",
    .vendor = 0x1b36,
    .device = 0x0010,
    .class_code = 0x010802,
    .numa_node = -1,
    .driver = "nvme",
    .iommu_group = 3,
    .res = {[0] = {0xfebd0000, 0x4000, MEM32}},
};

static const char *const watched[] = {"bus/pci",
				      "bus/pci/drivers/e1000",
				      "bus/pci/drivers/nvme",
				      "devices/pci0000:00/0000:00:02.0",
				      "devices/pci0000:00/0000:00:04.0",
				      NULL};

/* bind addr to vfio-pci with flags; the call, and whether anything was written, kept. */
static struct bind_call bind_watched(struct bind_env *e, const char *addr, unsigned int flags,
				     char **writes)
{
	struct bind_watch w;
	struct bind_call c = {.op = OP_BIND, .addr = addr, .driver = "vfio-pci", .flags = flags};

	bind_watch_start(&w, e, watched);
	bind_run(&c);
	*writes = bind_watch_names(&w);
	return c;
}

static void test_interface_up(void)
{
	struct bind_env e;
	char *writes;
	int fds = test_count_fds();

	bind_env_setup(&e, &nic, 1);
	bind_load_driver(&e, "vfio-pci");
	struct bind_call c = bind_watched(&e, "00:02.0", 0, &writes);
	CU_ASSERT_EQUAL(c.rc, -1);
	CU_ASSERT_EQUAL(c.err, EBUSY);
	CU_ASSERT_STRING_EQUAL(writes, "");
	CU_ASSERT_EQUAL(bind_count_lines(c.log, "bus.pci.bind"), 1);
	CU_ASSERT_PTR_NOT_NULL(
	    strstr(c.log, "0000:00:02.0: refusing to bind to vfio-pci (now on e1000): its "
			  "interface eth0 is up (ip link set eth0 down); take it out of use first, "
			  "or force it (openeal --force, RTE_PCI_BIND_FORCE)\n"));
	free(writes);
	bind_call_free(&c);

	/* unbind is refused the same way. */
	c = (struct bind_call){.op = OP_UNBIND, .addr = "0000:00:02.0"};
	bind_run(&c);
	CU_ASSERT_EQUAL(c.rc, -1);
	CU_ASSERT_EQUAL(c.err, EBUSY);
	CU_ASSERT_PTR_NOT_NULL(
	    strstr(c.log, "refusing to unbind (now on e1000): its interface eth0"));
	bind_call_free(&c);

	/* --force: a warning, then the writes happen (whether the bind works is the VM's to
	 * prove; on a fake tree e1000 never lets go). */
	c = bind_watched(&e, "00:02.0", RTE_PCI_BIND_FORCE, &writes);
	CU_ASSERT_EQUAL(bind_count_lines(c.log, "0000:00:02.0: forced to bind to vfio-pci although "
						"its interface eth0 is up"),
			1);
	CU_ASSERT_STRING_EQUAL(writes, "unbind,driver_override,drivers_probe,driver_override");
	CU_ASSERT_EQUAL(bind_count_lines(c.log, "refusing"), 0);
	free(writes);
	bind_call_free(&c);
	bind_env_teardown(&e);
	CU_ASSERT_EQUAL(test_count_fds(), fds);
}

static void test_interface_down_or_child(void)
{
	struct fake_pci_dev down = nic;
	struct bind_env e;
	char *writes;

	down.net_up = false;
	bind_env_setup(&e, &down, 1);
	bind_load_driver(&e, "vfio-pci");
	struct bind_call c = bind_watched(&e, "0000:00:02.0", 0, &writes);
	CU_ASSERT_EQUAL(bind_count_lines(c.log, "refusing"), 0);
	CU_ASSERT_STRING_EQUAL(writes, "unbind,driver_override,drivers_probe,driver_override");
	free(writes);
	bind_call_free(&c);

	/* virtio-net: the interface hangs off the virtio child device. Two up: both named. */
	bind_add_netif(&e, "0000:00:02.0", "virtio0/net/eth7", true);
	bind_add_netif(&e, "0000:00:02.0", "virtio0/net/eth6", true);
	c = bind_watched(&e, "0000:00:02.0", 0, &writes);
	CU_ASSERT_EQUAL(c.err, EBUSY);
	CU_ASSERT_STRING_EQUAL(writes, "");
	CU_ASSERT_PTR_NOT_NULL(strstr(c.log, ": its interface eth6 is up (ip link set eth6 down), "
					     "its interface eth7 is up (ip link set eth7 down); "));
	free(writes);
	bind_call_free(&c);
	bind_env_teardown(&e);
}

/* An interface of a function behind this bridge is that function's business. */
static void test_child_function_ignored(void)
{
	struct fake_pci_dev bridge = nic;
	struct bind_env e;

	bridge.net_ifname = NULL;
	bind_env_setup(&e, &bridge, 1);
	bind_load_driver(&e, "vfio-pci");
	bind_add_netif(&e, "0000:00:02.0", "0000:01:00.0/net/eth9", true);
	bind_add_block(&e, "0000:00:02.0", "0000:01:00.0/nvme/nvme0/nvme0n1", "259:0", true);
	bind_set_mounts(&e, "25 1 259:0 / /data rw - ext4 /dev/nvme0n1 rw\n");
	struct bind_call c = {.op = OP_BIND, .addr = "0000:00:02.0", .driver = "vfio-pci"};
	bind_run(&c);
	CU_ASSERT_EQUAL(bind_count_lines(c.log, "refusing"), 0);
	bind_call_free(&c);
	bind_env_teardown(&e);
}

struct mount_case {
	const char *what;
	const char *mounts;
	const char *expect; /* in the refusal line; NULL: not refused */
};

static void test_mounted_filesystems(void)
{
	static const struct mount_case cases[] = {
	    {"partition, by device number", "25 1 259:1 / /mnt/data rw - ext4 /dev/whatever rw\n",
	     ": nvme0n1p1 is mounted on /mnt/data (umount /mnt/data); "},
	    {"whole disk, by source name (btrfs: anonymous device number)",
	     "25 1 0:45 / /srv rw - btrfs /dev/nvme0n1 rw\n",
	     ": nvme0n1 is mounted on /srv (umount /srv); "},
	    {"escaped mount point", "25 1 259:2 / /mnt/my\\040disk rw - ext4 /dev/nvme0n1p2 rw\n",
	     ": nvme0n1p2 is mounted on /mnt/my disk (umount /mnt/my disk); "},
	    {"device-mapper holder of a partition",
	     "30 1 253:0 / / rw shared:1 - ext4 /dev/mapper/vg-root rw\n",
	     ": dm-0 is mounted on / (umount /); "},
	    {"two mounts",
	     "25 1 259:1 / /a rw - ext4 /dev/x rw\n26 1 259:2 / /b rw - ext4 /dev/y rw\n",
	     ": nvme0n1p1 is mounted on /a (umount /a), nvme0n1p2 is mounted on /b (umount /b); "},
	    {"other disks only",
	     "25 1 8:1 / / rw - ext4 /dev/sda1 rw\n31 1 0:30 / /tmp rw - tmpfs "
	     "tmpfs rw\nmalformed line\n",
	     NULL},
	};
	struct bind_env e;

	bind_env_setup(&e, &disk, 1);
	bind_load_driver(&e, "vfio-pci");
	bind_add_block(&e, "0000:00:04.0", "nvme/nvme0/nvme0n1", "259:0", true);
	bind_add_block(&e, "0000:00:04.0", "nvme/nvme0/nvme0n1/nvme0n1p1", "259:1", true);
	bind_add_block(&e, "0000:00:04.0", "nvme/nvme0/nvme0n1/nvme0n1p2", "259:2", true);
	/* dm-0 on nvme0n1p1: the holder link leads out of the device, as in sysfs. */
	CU_ASSERT_FATAL(
	    test_write_file(bind_path(&e, "devices/virtual/block/dm-0/dev"), "253:0\n") == 0);
	char holders[4096];
	snprintf(holders, sizeof(holders), "%s/0000:00:04.0/nvme/nvme0/nvme0n1/nvme0n1p1/holders",
		 fake_sysfs_devices_dir(e.fs));
	CU_ASSERT_FATAL(test_mkdirs(holders) == 0);
	strcat(holders, "/dm-0");
	CU_ASSERT_FATAL(symlink(bind_path(&e, "devices/virtual/block/dm-0"), holders) == 0);

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *writes;
		bind_set_mounts(&e, cases[i].mounts);
		struct bind_call c = bind_watched(&e, "0000:00:04.0", 0, &writes);
		if (cases[i].expect != NULL) {
			CU_ASSERT_EQUAL(c.err, EBUSY);
			CU_ASSERT_STRING_EQUAL(writes, "");
			CU_ASSERT_EQUAL(bind_count_lines(c.log, "bus.pci.bind"), 1);
			CU_ASSERT_PTR_NOT_NULL(strstr(c.log, "0000:00:04.0: refusing to bind to "
							     "vfio-pci (now on nvme)"));
			CU_ASSERT_PTR_NOT_NULL(strstr(c.log, cases[i].expect));
		} else {
			CU_ASSERT_EQUAL(bind_count_lines(c.log, "refusing"), 0);
			CU_ASSERT_STRING_EQUAL(
			    writes, "unbind,driver_override,drivers_probe,driver_override");
		}
		if (cases[i].expect != NULL && strstr(c.log, cases[i].expect) == NULL)
			fprintf(stderr, "case '%s': %s", cases[i].what, c.log);
		free(writes);
		bind_call_free(&c);
	}

	/* Forced: a warning naming the mount, then the writes. */
	char *writes;
	bind_set_mounts(&e, "25 1 259:1 / /mnt/data rw - ext4 /dev/nvme0n1p1 rw\n");
	struct bind_call c = bind_watched(&e, "0000:00:04.0", RTE_PCI_BIND_FORCE, &writes);
	CU_ASSERT_EQUAL(bind_count_lines(c.log, "forced to bind to vfio-pci although nvme0n1p1 is "
						"mounted on /mnt/data"),
			1);
	CU_ASSERT_STRING_EQUAL(writes, "unbind,driver_override,drivers_probe,driver_override");
	free(writes);
	bind_call_free(&c);

	/* A mount table that cannot be read is no licence to go on. */
	setenv("OPENEAL_MOUNTINFO", bind_path(&e, "no/such/file"), 1);
	c = bind_watched(&e, "0000:00:04.0", 0, &writes);
	CU_ASSERT_EQUAL(c.err, EBUSY);
	CU_ASSERT_STRING_EQUAL(writes, "");
	CU_ASSERT_PTR_NOT_NULL(strstr(c.log, "its block devices cannot be checked for mounts ("));
	CU_ASSERT_PTR_NOT_NULL(strstr(c.log, "no/such/file: No such file or directory)"));
	free(writes);
	bind_call_free(&c);
	bind_env_teardown(&e);
}

/* A SCSI-style disk: found through a parent directory named "block"; its partition through
 * its subsystem link. */
static void test_scsi_layout(void)
{
	struct fake_pci_dev ahci = disk;
	struct bind_env e;

	ahci.driver = "ahci";
	bind_env_setup(&e, &ahci, 1);
	bind_load_driver(&e, "vfio-pci");
	bind_add_block(&e, "0000:00:04.0", "ata1/host0/target0:0:0/0:0:0:0/block/sda", "8:0",
		       false);
	bind_add_block(&e, "0000:00:04.0", "ata1/host0/target0:0:0/0:0:0:0/block/sda/sda1", "8:1",
		       true);
	bind_set_mounts(&e, "21 1 8:1 / /boot rw - ext4 /dev/sda1 rw\n");
	struct bind_call c = {.op = OP_BIND, .addr = "0000:00:04.0", .driver = "vfio-pci"};
	bind_run(&c);
	CU_ASSERT_EQUAL(c.err, EBUSY);
	CU_ASSERT_PTR_NOT_NULL(strstr(c.log, ": sda1 is mounted on /boot (umount /boot); "));
	bind_call_free(&c);
	bind_set_mounts(&e, "21 1 8:0 / /data rw - xfs /dev/sda rw\n");
	c = (struct bind_call){.op = OP_BIND, .addr = "0000:00:04.0", .driver = "vfio-pci"};
	bind_run(&c);
	CU_ASSERT_PTR_NOT_NULL(strstr(c.log, ": sda is mounted on /data (umount /data); "));
	bind_call_free(&c);
	bind_env_teardown(&e);
}

/* Group 5: a multifunction slot without ACS, as in the VM's 00:12.x. */
static struct fake_pci_dev group_dev(const char *addr, const char *driver)
{
	return (struct fake_pci_dev){.addr = addr,
				     .vendor = 0x1234,
				     .device = 0x11e8,
				     .class_code = 0x00ff00,
				     .numa_node = -1,
				     .driver = driver,
				     .iommu_group = 5};
}

static void test_group_viability(void)
{
	struct fake_pci_dev devs[] = {
	    group_dev("0000:00:12.0", "e1000"),	   group_dev("0000:00:12.1", "vfio-pci"),
	    group_dev("0000:00:12.2", "igb_uio"),  group_dev("0000:00:12.3", NULL),
	    group_dev("0000:00:12.4", "pcieport"), group_dev("0000:00:12.5", "pci-stub"),
	    group_dev("0000:00:12.6", "vfio-pci"),
	};
	struct bind_env e;

	bind_env_setup(&e, devs, 7);
	struct bind_call c = {.op = OP_GROUP, .addr = "00:12.1"};
	bind_run(&c);
	CU_ASSERT_EQUAL(c.rc, 0);
	CU_ASSERT_EQUAL(c.group, 5);
	CU_ASSERT_EQUAL(bind_count_lines(c.log, "bus.pci.bind"), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(
	    c.log, "0000:00:12.1: IOMMU group 5 is not viable, VFIO cannot use it while "
		   "0000:00:12.0 (e1000), 0000:00:12.2 (igb_uio) stay on their kernel drivers; "
		   "fix: openeal bind vfio-pci 0000:00:12.0 0000:00:12.2 (or openeal unbind "
		   "0000:00:12.0 0000:00:12.2)\n"));
	bind_call_free(&c);

	/* Already on vfio-pci: rte_pci_bind changes nothing but still warns... */
	c = (struct bind_call){.op = OP_BIND, .addr = "0000:00:12.1", .driver = "vfio-pci"};
	bind_run(&c);
	CU_ASSERT_EQUAL(c.rc, 0);
	CU_ASSERT_EQUAL(bind_count_lines(c.log, "0000:00:12.1: already on vfio-pci"), 1);
	CU_ASSERT_EQUAL(bind_count_lines(c.log, "is not viable"), 1);
	CU_ASSERT_EQUAL(bind_count_lines(c.log, ": writing '"), 0);
	bind_call_free(&c);
	/* ...unless the caller checks the group itself. */
	c = (struct bind_call){.op = OP_BIND,
			       .addr = "0000:00:12.1",
			       .driver = "vfio-pci",
			       .flags = RTE_PCI_BIND_NO_GROUP_CHECK};
	bind_run(&c);
	CU_ASSERT_EQUAL(c.rc, 0);
	CU_ASSERT_EQUAL(bind_count_lines(c.log, "is not viable"), 0);
	bind_call_free(&c);
	bind_env_teardown(&e);

	/* One blocker: singular wording. */
	bind_env_setup(&e, devs, 2);
	c = (struct bind_call){.op = OP_GROUP, .addr = "0000:00:12.1"};
	bind_run(&c);
	CU_ASSERT_EQUAL(c.rc, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(c.log, "while 0000:00:12.0 (e1000) stays on its kernel "
					     "driver; fix: openeal bind vfio-pci 0000:00:12.0 (or "
					     "openeal unbind 0000:00:12.0)"));
	bind_call_free(&c);
	bind_env_teardown(&e);

	/* Viable: the others are on vfio-pci, pcieport, pci-stub or nothing. */
	bind_env_setup(&e, devs + 3, 4);
	c = (struct bind_call){.op = OP_GROUP, .addr = "0000:00:12.6"};
	bind_run(&c);
	CU_ASSERT_EQUAL(c.rc, 1);
	CU_ASSERT_EQUAL(c.group, 5);
	CU_ASSERT_STRING_EQUAL(c.log, "");
	bind_call_free(&c);
	bind_env_teardown(&e);

	/* No IOMMU group at all: nothing to say. */
	struct fake_pci_dev lone = group_dev("0000:00:03.0", "vfio-pci");
	lone.iommu_group = -1;
	bind_env_setup(&e, &lone, 1);
	c = (struct bind_call){.op = OP_GROUP, .addr = "0000:00:03.0"};
	bind_run(&c);
	CU_ASSERT_EQUAL(c.rc, 1);
	CU_ASSERT_EQUAL(c.group, -1);
	CU_ASSERT_STRING_EQUAL(c.log, "");
	bind_call_free(&c);
	bind_env_teardown(&e);
}

int bind_refuse_suite(void)
{
	CU_pSuite s = CU_add_suite("bind_refuse", NULL, NULL);
	if (s == NULL)
		return -1;
	return (CU_add_test(s, "interface up: refused, named; --force", test_interface_up) ==
		    NULL ||
		CU_add_test(s, "interface down, virtio child interfaces",
			    test_interface_down_or_child) == NULL ||
		CU_add_test(s, "child functions are not walked", test_child_function_ignored) ==
		    NULL ||
		CU_add_test(s, "mounted filesystems", test_mounted_filesystems) == NULL ||
		CU_add_test(s, "SCSI block layout", test_scsi_layout) == NULL ||
		CU_add_test(s, "IOMMU group viability", test_group_viability) == NULL)
		   ? -1
		   : 0;
}
