/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The sysfs write sequences of bind, unbind and restore on fake trees, where the writes land
 * in plain files: what is written where, in which order (the DEBUG log and, independently,
 * inotify), and what the files hold afterwards. No kernel acts on them, so the driver link
 * never changes: every bind ends in the "did not take it" path with its rollback, which is
 * tested here too. That binding works is the VM's to prove (tests/vm/scenarios/bind-roundtrip.sh).
 */

#include <CUnit/Basic.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <rte_pci_bind.h>

#include "bind_test.h"
#include "test_util.h"

static const struct fake_pci_dev e1000 = {
    .addr = "0000:00:02.0",
    .vendor = 0x8086,
    .device = 0x100e,
    .class_code = 0x020000,
    .numa_node = -1,
    .driver = "e1000",
    .iommu_group = 1,
    .net_ifname = "eth0",
    .res = {[0] = {0xfeb80000, 0x20000, MEM32}, [1] = {0xc000, 0x40, IO}},
};

static const struct fake_pci_dev edu = {
    .addr = "0000:00:12.1",
    .vendor = 0x1234,
    .device = 0x11e8,
    .class_code = 0x00ff00,
    .numa_node = -1,
    .iommu_group = 6,
};

static const char *const watched[] = {"bus/pci", "bus/pci/drivers/e1000",
				      "devices/pci0000:00/0000:00:02.0",
				      "devices/pci0000:00/0000:00:12.1", NULL};

static const char *dev_file(const struct bind_env *e, const char *addr, const char *file)
{
	static char p[4096];
	snprintf(p, sizeof(p), "%s/%s/%s", fake_sysfs_devices_dir(e->fs), addr, file);
	return p;
}

static void expect_file(const char *path, const char *content)
{
	char *got = bind_read(path);
	CU_ASSERT_STRING_EQUAL(got, content);
	if (strcmp(got, content) != 0)
		fprintf(stderr, "%s: expected '%s', got '%s'\n", path, content, got);
	free(got);
}

/* Run c with the files watched; check the logged writes and the inotify order. */
static void run_checked(struct bind_env *e, struct bind_call *c, const char *writes,
			const char *order)
{
	struct bind_watch w;
	bind_watch_start(&w, e, watched);
	bind_run(c);
	char *names = bind_watch_names(&w);
	char *logged = bind_writes(e, c->log);
	CU_ASSERT_STRING_EQUAL(logged, writes);
	CU_ASSERT_STRING_EQUAL(names, order);
	if (strcmp(logged, writes) != 0 || strcmp(names, order) != 0)
		fprintf(stderr, "log:\n%swrites:\n%sorder: %s\n", c->log, logged, names);
	free(names);
	free(logged);
}

static void test_bind_bound_device(void)
{
	struct bind_env e;
	int fds = test_count_fds();

	bind_env_setup(&e, &e1000, 1);
	bind_load_driver(&e, "vfio-pci");
	struct bind_call c = {.op = OP_BIND, .addr = "00:02.0", .driver = "vfio-pci"};
	run_checked(&e, &c,
		    "'0000:00:02.0' > R/bus/pci/devices/0000:00:02.0/driver/unbind\n"
		    "'vfio-pci' > R/bus/pci/devices/0000:00:02.0/driver_override\n"
		    "'0000:00:02.0' > R/bus/pci/drivers_probe\n"
		    "'' > R/bus/pci/devices/0000:00:02.0/driver_override\n",
		    "unbind,driver_override,drivers_probe,driver_override");
	CU_ASSERT_EQUAL(c.rc, -1);
	CU_ASSERT_EQUAL(c.err, EBUSY);
	/* The fake e1000 never lets go: reported as such, with where the device is. */
	CU_ASSERT_EQUAL(bind_count_lines(c.log, "cannot"), 1);
	char expect[8192];
	snprintf(expect, sizeof(expect),
		 "0000:00:02.0: cannot bind to vfio-pci: it is still on e1000 after writing "
		 "%s/0000:00:02.0/driver/unbind; it is back on e1000\n",
		 fake_sysfs_devices_dir(e.fs));
	CU_ASSERT_PTR_NOT_NULL(strstr(c.log, expect));
	expect_file(bind_path(&e, "bus/pci/drivers/e1000/unbind"), "0000:00:02.0\n");
	expect_file(bind_path(&e, "bus/pci/drivers_probe"), "0000:00:02.0\n");
	expect_file(dev_file(&e, "0000:00:02.0", "driver_override"), "\n");
	bind_call_free(&c);
	bind_env_teardown(&e);
	CU_ASSERT_EQUAL(test_count_fds(), fds);
}

static void test_bind_unbound_device(void)
{
	struct bind_env e;

	bind_env_setup(&e, &edu, 1);
	bind_load_driver(&e, "uio_pci_generic");
	/* An override left by an earlier bind is what the rollback writes back. */
	CU_ASSERT_FATAL(fake_sysfs_set_attr(e.fs, edu.addr, "driver_override", "igb_uio\n", 8) ==
			0);
	struct bind_call c = {.op = OP_BIND, .addr = "0000:00:12.1", .driver = "uio_pci_generic"};
	run_checked(&e, &c,
		    "'uio_pci_generic' > R/bus/pci/devices/0000:00:12.1/driver_override\n"
		    "'0000:00:12.1' > R/bus/pci/drivers_probe\n"
		    "'igb_uio' > R/bus/pci/devices/0000:00:12.1/driver_override\n"
		    "'0000:00:12.1' > R/bus/pci/drivers_probe\n",
		    "driver_override,drivers_probe,driver_override,drivers_probe");
	CU_ASSERT_EQUAL(c.rc, -1);
	CU_ASSERT_EQUAL(c.err, EIO);
	CU_ASSERT_PTR_NOT_NULL(strstr(c.log, "0000:00:12.1: cannot bind to uio_pci_generic: "
					     "uio_pci_generic did not take the device (its probe "
					     "failed; the kernel log says why: dmesg | tail); it "
					     "has no driver, as before\n"));
	expect_file(dev_file(&e, "0000:00:12.1", "driver_override"), "igb_uio\n");
	bind_call_free(&c);
	bind_env_teardown(&e);
}

static void test_vfio_diagnostics(void)
{
	struct fake_pci_dev nogroup = edu;
	struct bind_env e;

	/* No IOMMU group: vfio-pci cannot take it; say how to get one. */
	nogroup.iommu_group = -1;
	bind_env_setup(&e, &nogroup, 1);
	bind_load_driver(&e, "vfio-pci");
	struct bind_call c = {.op = OP_BIND, .addr = "0000:00:12.1", .driver = "vfio-pci"};
	bind_run(&c);
	CU_ASSERT_EQUAL(c.err, ENODEV);
	CU_ASSERT_PTR_NOT_NULL(strstr(c.log,
				      "cannot bind to vfio-pci: vfio-pci needs an IOMMU "
				      "group and the device has none; fix: enable the IOMMU "
				      "(intel_iommu=on or amd_iommu=on on the kernel command "
				      "line); it has no driver, as before"));
	bind_call_free(&c);
	bind_env_teardown(&e);

	/* A bridge (header type 1). */
	uint8_t config[256] = {0x36, 0x1b, 0x01, 0x00};
	struct fake_pci_dev bridge = edu;
	config[0x0e] = 0x01;
	bridge.config = config;
	bridge.config_len = sizeof(config);
	bind_env_setup(&e, &bridge, 1);
	bind_load_driver(&e, "vfio-pci");
	c = (struct bind_call){.op = OP_BIND, .addr = "0000:00:12.1", .driver = "vfio-pci"};
	bind_run(&c);
	CU_ASSERT_EQUAL(c.err, EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(c.log, "vfio-pci only takes normal functions and this one "
					     "has header type 1 (a bridge)"));
	bind_call_free(&c);
	bind_env_teardown(&e);
}

static void test_unbind(void)
{
	struct bind_env e;
	struct fake_pci_dev devs[] = {e1000, edu};

	bind_env_setup(&e, devs, 2);
	struct bind_call c = {.op = OP_UNBIND, .addr = "0000:00:02.0"};
	run_checked(&e, &c, "'0000:00:02.0' > R/bus/pci/devices/0000:00:02.0/driver/unbind\n",
		    "unbind");
	CU_ASSERT_EQUAL(c.err, EBUSY);
	CU_ASSERT_PTR_NOT_NULL(strstr(c.log, "0000:00:02.0: cannot unbind: it is still on e1000 "
					     "after writing "));
	expect_file(dev_file(&e, "0000:00:02.0", "driver_override"), "(null)\n");
	bind_call_free(&c);

	/* Not bound: nothing to write, success. */
	c = (struct bind_call){.op = OP_UNBIND, .addr = "0000:00:12.1"};
	run_checked(&e, &c, "", "");
	CU_ASSERT_EQUAL(c.rc, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(c.log, "0000:00:12.1: not bound to a driver\n"));
	bind_call_free(&c);

	/* An unwritable unbind file: the errno and the file, and it stays where it was. */
	CU_ASSERT_FATAL(unlink(bind_path(&e, "bus/pci/drivers/e1000/unbind")) == 0);
	c = (struct bind_call){.op = OP_UNBIND, .addr = "0000:00:02.0"};
	bind_run(&c);
	CU_ASSERT_EQUAL(c.err, ENOENT);
	CU_ASSERT_PTR_NOT_NULL(strstr(c.log, "/0000:00:02.0/driver/unbind failed: No such file or "
					     "directory; it stays on e1000\n"));
	bind_call_free(&c);
	bind_env_teardown(&e);
}

static void test_restore(void)
{
	struct fake_pci_dev vfio = e1000;
	struct bind_env e;

	/* On vfio-pci with the override set: unbind, clear, probe. The fake vfio-pci stays, which
	 * is what a driver claiming the ids through new_id looks like. */
	vfio.driver = "vfio-pci";
	vfio.net_ifname = NULL;
	bind_env_setup(&e, &vfio, 1);
	CU_ASSERT_FATAL(fake_sysfs_set_attr(e.fs, vfio.addr, "driver_override", "vfio-pci\n", 9) ==
			0);
	const char *const w[] = {"bus/pci", "bus/pci/drivers/vfio-pci",
				 "devices/pci0000:00/0000:00:02.0", NULL};
	struct bind_watch watch;
	bind_watch_start(&watch, &e, w);
	struct bind_call c = {.op = OP_RESTORE, .addr = "0000:00:02.0"};
	bind_run(&c);
	char *names = bind_watch_names(&watch);
	char *logged = bind_writes(&e, c.log);
	CU_ASSERT_STRING_EQUAL(logged,
			       "'0000:00:02.0' > R/bus/pci/devices/0000:00:02.0/driver/unbind\n"
			       "'' > R/bus/pci/devices/0000:00:02.0/driver_override\n"
			       "'0000:00:02.0' > R/bus/pci/drivers_probe\n");
	CU_ASSERT_STRING_EQUAL(names, "unbind,driver_override,drivers_probe");
	CU_ASSERT_EQUAL(c.rc, -1);
	CU_ASSERT_EQUAL(c.err, EBUSY);
	CU_ASSERT_PTR_NOT_NULL(strstr(c.log, "0000:00:02.0: cannot restore its kernel driver: "
					     "vfio-pci took it again with driver_override cleared, "
					     "so it claims the ids itself (new_id or a module "
					     "option); fix: echo '8086 100e' > "));
	CU_ASSERT_PTR_NOT_NULL(strstr(c.log, "/bus/pci/drivers/vfio-pci/remove_id, then openeal "
					     "bind --restore 0000:00:02.0\n"));
	expect_file(dev_file(&e, "0000:00:02.0", "driver_override"), "\n");
	free(names);
	free(logged);
	bind_call_free(&c);
	bind_env_teardown(&e);

	/* Already on its kernel driver: only a stale override is cleared. */
	bind_env_setup(&e, &e1000, 1);
	CU_ASSERT_FATAL(fake_sysfs_set_attr(e.fs, e1000.addr, "driver_override", "e1000\n", 6) ==
			0);
	c = (struct bind_call){.op = OP_RESTORE, .addr = "0000:00:02.0"};
	run_checked(&e, &c, "'' > R/bus/pci/devices/0000:00:02.0/driver_override\n",
		    "driver_override");
	CU_ASSERT_EQUAL(c.rc, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(c.log, "0000:00:02.0: already on kernel driver e1000\n"));
	bind_call_free(&c);
	bind_env_teardown(&e);
}

/* Restore of a device no loaded driver takes: modprobe its modalias, as udev would. */
static void test_restore_modalias(void)
{
	struct bind_env e;
	const char *alias = "pci:v00001234d000011E8sv00001AF4sd00001100bc00scFFi00";

	bind_env_setup(&e, &edu, 1);
	CU_ASSERT_FATAL(fake_sysfs_set_attr(e.fs, edu.addr, "modalias", alias, strlen(alias)) == 0);
	struct bind_call c = {.op = OP_RESTORE, .addr = "0000:00:12.1"};

	/* A tree named by SYSFS_PCI_DEVICES gets no modprobe: a notice saying what to do. */
	bind_run(&c);
	CU_ASSERT_EQUAL(c.rc, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(c.log, "0000:00:12.1: no driver -> no driver: no loaded "
					     "kernel driver matches it; fix: load its driver's "
					     "module, then openeal bind --restore 0000:00:12.1\n"));
	bind_call_free(&c);

	bind_set_modprobe(&e, "exit 0");
	c = (struct bind_call){.op = OP_RESTORE, .addr = "0000:00:12.1"};
	bind_run(&c);
	CU_ASSERT_EQUAL(c.rc, 0);
	char path[4096];
	snprintf(path, sizeof(path), "%s/modprobe.log", e.tmp);
	char expect[256];
	snprintf(expect, sizeof(expect), "%s\n", alias);
	expect_file(path, expect);
	CU_ASSERT_PTR_NOT_NULL(strstr(c.log, "loaded none)\n"));
	/* Probed again after the modprobe, in case loading did not bind it. */
	char *logged = bind_writes(&e, c.log);
	CU_ASSERT_STRING_EQUAL(logged, "'' > R/bus/pci/devices/0000:00:12.1/driver_override\n"
				       "'0000:00:12.1' > R/bus/pci/drivers_probe\n"
				       "'0000:00:12.1' > R/bus/pci/drivers_probe\n");
	free(logged);
	bind_call_free(&c);

	bind_set_modprobe(&e, "echo \"modprobe: FATAL: Module $1 not found\" >&2; exit 1");
	c = (struct bind_call){.op = OP_RESTORE, .addr = "0000:00:12.1"};
	bind_run(&c);
	CU_ASSERT_EQUAL(c.rc, 0);
	snprintf(expect, sizeof(expect),
		 "failed (exit status 1: modprobe: FATAL: Module %s not found)", alias);
	CU_ASSERT_PTR_NOT_NULL(strstr(c.log, expect));
	bind_call_free(&c);
	bind_env_teardown(&e);
}

static void test_driver_loading(void)
{
	struct bind_env e;
	char path[4096];

	bind_env_setup(&e, &edu, 1);
	/* Not loaded, fake tree, no OPENEAL_MODPROBE: refused before any write. */
	struct bind_call c = {.op = OP_BIND, .addr = "0000:00:12.1", .driver = "igb_uio"};
	run_checked(&e, &c, "", "");
	CU_ASSERT_EQUAL(c.err, ENOENT);
	snprintf(path, sizeof(path),
		 "0000:00:12.1: cannot bind to igb_uio: driver igb_uio is not loaded (no "
		 "%s/bus/pci/drivers/igb_uio) and modprobe is not run for a tree named by "
		 "SYSFS_PCI_DEVICES; fix: modprobe igb_uio\n",
		 fake_sysfs_root(e.fs));
	CU_ASSERT_PTR_NOT_NULL(strstr(c.log, path));
	bind_call_free(&c);

	/* modprobe fails: its exit status and first line in ours. */
	bind_set_modprobe(&e, "echo \"modprobe: FATAL: Module $1 not found in directory "
			      "/lib/modules/6.1\" >&2; echo second line >&2; exit 1");
	c = (struct bind_call){.op = OP_BIND, .addr = "0000:00:12.1", .driver = "igb_uio"};
	run_checked(&e, &c, "", "");
	CU_ASSERT_EQUAL(c.err, ENOENT);
	CU_ASSERT_EQUAL(bind_count_lines(c.log, "bus.pci.bind"), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(c.log,
				      "/modprobe igb_uio' failed (exit status 1: modprobe: "
				      "FATAL: Module igb_uio not found in directory "
				      "/lib/modules/6.1); fix: install the module that "
				      "provides igb_uio for this kernel (igb_uio: dpdk-kmods)\n"));
	bind_call_free(&c);

	/* modprobe succeeds without registering the driver. */
	bind_set_modprobe(&e, "exit 0");
	c = (struct bind_call){.op = OP_BIND, .addr = "0000:00:12.1", .driver = "igb_uio"};
	bind_run(&c);
	CU_ASSERT_EQUAL(c.err, ENOENT);
	CU_ASSERT_PTR_NOT_NULL(strstr(c.log, "igb_uio' succeeded but no driver igb_uio appeared"));
	bind_call_free(&c);

	/* modprobe loads it: the driver directory appears, the bind goes on. */
	char body[4096];
	snprintf(body, sizeof(body), "mkdir -p '%s/bus/pci/drivers/'\"$1\"", fake_sysfs_root(e.fs));
	bind_set_modprobe(&e, body);
	c = (struct bind_call){.op = OP_BIND, .addr = "0000:00:12.1", .driver = "igb_uio"};
	run_checked(&e, &c,
		    "'igb_uio' > R/bus/pci/devices/0000:00:12.1/driver_override\n"
		    "'0000:00:12.1' > R/bus/pci/drivers_probe\n"
		    "'' > R/bus/pci/devices/0000:00:12.1/driver_override\n"
		    "'0000:00:12.1' > R/bus/pci/drivers_probe\n",
		    "driver_override,drivers_probe,driver_override,drivers_probe");
	CU_ASSERT_PTR_NOT_NULL(strstr(c.log, "0000:00:12.1: loaded driver igb_uio ("));
	snprintf(path, sizeof(path), "%s/modprobe.log", e.tmp);
	expect_file(path, "igb_uio\nigb_uio\nigb_uio\n");
	bind_call_free(&c);

	/* A modprobe that cannot be run. */
	setenv("OPENEAL_MODPROBE", "/nonexistent/modprobe", 1);
	c = (struct bind_call){.op = OP_BIND, .addr = "0000:00:12.1", .driver = "vfio-pci"};
	bind_run(&c);
	CU_ASSERT_EQUAL(c.err, ENOENT);
	CU_ASSERT_PTR_NOT_NULL(strstr(c.log, "cannot run /nonexistent/modprobe: No such file or "
					     "directory"));
	bind_call_free(&c);
	bind_env_teardown(&e);
}

static void test_bad_arguments(void)
{
	struct bind_env e;

	bind_env_setup(&e, &e1000, 1);
	bind_load_driver(&e, "vfio-pci");
	static const struct {
		enum bind_op op;
		const char *addr, *driver;
		int err;
		const char *line;
	} cases[] = {
	    {OP_BIND, "0000:00:02", "vfio-pci", EINVAL,
	     "'0000:00:02': cannot bind to vfio-pci: not a PCI address (expected DDDD:BB:DD.F or "
	     "BB:DD.F)\n"},
	    {OP_BIND, NULL, "vfio-pci", EINVAL, "'(null)': cannot bind to vfio-pci: not a PCI"},
	    {OP_BIND, "0000:00:02.0", "../e1000", EINVAL,
	     "0000:00:02.0: cannot bind: '../e1000' is not a driver name (1 to 31 characters, no "
	     "'/' or spaces)\n"},
	    {OP_BIND, "0000:00:02.0", "", EINVAL, "is not a driver name"},
	    {OP_BIND, "0000:00:09.0", "vfio-pci", ENODEV,
	     "0000:00:09.0: cannot bind to vfio-pci: no such PCI device in "},
	    {OP_UNBIND, "0000:00:09.0", NULL, ENODEV, "0000:00:09.0: cannot unbind: no such PCI"},
	    {OP_RESTORE, "zz", NULL, EINVAL, "'zz': cannot restore its kernel driver: not a PCI"},
	    {OP_GROUP, "0000:00:09.0", NULL, ENODEV,
	     "0000:00:09.0: cannot check its IOMMU group: no such PCI device in "},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct bind_call c = {
		    .op = cases[i].op, .addr = cases[i].addr, .driver = cases[i].driver};
		run_checked(&e, &c, "", "");
		CU_ASSERT_EQUAL(c.rc, -1);
		CU_ASSERT_EQUAL(c.err, cases[i].err);
		CU_ASSERT_EQUAL(bind_count_lines(c.log, "bus.pci.bind"), 1);
		CU_ASSERT_PTR_NOT_NULL(strstr(c.log, cases[i].line));
		if (strstr(c.log, cases[i].line) == NULL)
			fprintf(stderr, "case %zu: %s", i, c.log);
		bind_call_free(&c);
	}
	/* Already on the driver asked for: nothing written. */
	struct bind_call c = {.op = OP_BIND, .addr = "0000:00:02.0", .driver = "e1000"};
	run_checked(&e, &c, "", "");
	CU_ASSERT_EQUAL(c.rc, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(c.log, "0000:00:02.0: already on e1000\n"));
	bind_call_free(&c);
	bind_env_teardown(&e);
}

int bind_writes_suite(void)
{
	CU_pSuite s = CU_add_suite("bind_writes", NULL, NULL);
	if (s == NULL)
		return -1;
	return (CU_add_test(s, "bind a bound device", test_bind_bound_device) == NULL ||
		CU_add_test(s, "bind an unbound device, rollback", test_bind_unbound_device) ==
		    NULL ||
		CU_add_test(s, "vfio-pci diagnostics", test_vfio_diagnostics) == NULL ||
		CU_add_test(s, "unbind", test_unbind) == NULL ||
		CU_add_test(s, "restore", test_restore) == NULL ||
		CU_add_test(s, "restore through modalias", test_restore_modalias) == NULL ||
		CU_add_test(s, "driver loading with modprobe", test_driver_loading) == NULL ||
		CU_add_test(s, "bad arguments", test_bad_arguments) == NULL)
		   ? -1
		   : 0;
}
