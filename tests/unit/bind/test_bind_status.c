/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Status: rte_pci_bind_status_list on a tree with every kind of binding, and the openeal
 * binary's status (text and JSON, compared with output written out by hand), bind and unbind
 * (exit codes, the one line of each failure, the per-group warning of a multi-address bind).
 */

#include <CUnit/Basic.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_pci_bind.h>

#include "bind_test.h"
#include "test_util.h"

#define DEV(a, v, d, c, drv, g)                                                                \
	{                                                                                      \
		.addr = (a), .vendor = (v), .device = (d), .class_code = (c), .numa_node = -1, \
		.driver = (drv), .iommu_group = (g)                                            \
	}

static const struct fake_pci_dev tree[] = {
    DEV("0000:00:00.0", 0x8086, 0x29c0, 0x060000, NULL, -1),
    DEV("0000:00:02.0", 0x8086, 0x100e, 0x020000, "vfio-pci", 1),
    DEV("0000:00:03.0", 0x8086, 0x10d3, 0x020000, "e1000e", 2),
    DEV("0000:00:04.0", 0x1b36, 0x0010, 0x010802, "nvme", 3),
    DEV("0000:00:05.0", 0x1af4, 0x1000, 0x020000, "virtio-pci", 4),
    DEV("0000:00:06.0", 0x8086, 0x10d3, 0x020000, "igb_uio", 5),
    DEV("0000:00:07.0", 0x8086, 0x100e, 0x020000, "uio_pci_generic", 7),
    DEV("0000:00:08.0", 0x15b3, 0x1017, 0x020000, "mlx5_core", 8),
    DEV("0000:00:12.1", 0x1234, 0x11e8, 0x00ff00, NULL, 6),
};
#define NB_TREE (sizeof(tree) / sizeof(tree[0]))

static const char text[] =
    "Userspace driver\n"
    "================\n"
    "0000:00:02.0 8086:100e class=020000 driver=vfio-pci iommu=1 override=vfio-pci\n"
    "0000:00:06.0 8086:10d3 class=020000 driver=igb_uio iommu=5\n"
    "0000:00:07.0 8086:100e class=020000 driver=uio_pci_generic iommu=7\n"
    "\n"
    "Kernel driver\n"
    "=============\n"
    "0000:00:03.0 8086:10d3 class=020000 driver=e1000e iommu=2 if=eth1(up)\n"
    "0000:00:04.0 1b36:0010 class=010802 driver=nvme iommu=3\n"
    "0000:00:05.0 1af4:1000 class=020000 driver=virtio-pci iommu=4 if=eth2(down)\n"
    "0000:00:08.0 15b3:1017 class=020000 driver=mlx5_core iommu=8 "
    "if=p0(up),p1(down),p2(down),p3(down),+1\n"
    "\n"
    "No driver\n"
    "=========\n"
    "0000:00:00.0 8086:29c0 class=060000 driver=- iommu=-\n"
    "0000:00:12.1 1234:11e8 class=00ff00 driver=- iommu=6\n";

#define J(addr, v, d, c, b, drv, ovr, g, ifs)                                    \
	"  {\"addr\": \"" addr "\", \"vendor\": \"0x" v "\", \"device\": \"0x" d \
	"\", \"class\": \"0x" c "\", \"binding\": \"" b "\", \"driver\": " drv   \
	", \"driver_override\": " ovr ", \"iommu_group\": " g ", \"interfaces\": [" ifs "]}"

static const char json[] = "{\"devices\": [\n" J("0000:00:00.0", "8086", "29c0", "060000", "none", "null", "null", "null", "") ",\n" J(
    "0000:00:02.0",
    "8086",
    "100e",
    "020000", "userspace", "\"vfio-pci\"",
    "\"vfio-pci\"",
    "1", "") ",\n" J("0000:00:03.0", "8086", "10d3", "020000", "kernel", "\"e1000e\"", "null", "2",
		     "{\"name\": \"eth1\", \"up\": true, "
		     "\"operstate\": \"up\"}") ",\n" J("0000:00:04.0", "1b36", "0010", "010802",
						       "kernel", "\"nvme\"", "null", "3",
						       "") ",\n" J("0000:00:05.0", "1af4", "1000",
								   "020000", "kernel",
								   "\"virtio-pci\"", "null", "4",
								   "{\"name\": \"eth2\", \"up\": "
								   "false, \"operstate\": "
								   "\"down\"}") ",\n" J("0000:00:"
											"06.0",
											"8086",
											"10d3",
											"020000", "userspace",
											"\"igb_"
											"uio\"",
											"null",
											"5",
											"") ",\n" J("0000:00:07.0",
												    "8086",
												    "100e",
												    "020000",
												    "userspace",
												    "\"uio_pci_generic\"",
												    "null",
												    "7",
												    "") ",\n" J("0000:00:08.0",
														"15b3",
														"1017",
														"020000",
														"kernel",
														"\"mlx5_core\"",
														"null",
														"8",
														"{\"name\": \"p0\", \"up\": true, \"operstate\": \"up\"}, {\"name\": \"p1\", \"up\": false, "
														"\"operstate\": \"down\"}, {\"name\": \"p2\", \"up\": false, \"operstate\": \"down\"}, "
														"{\"name\": \"p3\", \"up\": false, \"operstate\": \"down\"}") ",\n" J("0000:00:12.1",
																						      "1234",
																						      "11e8",
																						      "00ff00",
																						      "none",
																						      "null",
																						      "null",
																						      "6",
																						      "") "\n]}\n";

static void setup_tree(struct bind_env *e)
{
	bind_env_setup(e, tree, NB_TREE);
	CU_ASSERT_FATAL(
	    fake_sysfs_set_attr(e->fs, "0000:00:02.0", "driver_override", "vfio-pci\n", 9) == 0);
	bind_add_netif(e, "0000:00:03.0", "net/eth1", true);
	bind_add_netif(e, "0000:00:05.0", "virtio0/net/eth2", false);
	/* Created out of order: the listing sorts them. */
	static const char *const ports[] = {"p4", "p2", "p0", "p3", "p1"};
	for (int i = 0; i < 5; i++) {
		char rel[32];
		snprintf(rel, sizeof(rel), "net/%s", ports[i]);
		bind_add_netif(e, "0000:00:08.0", rel, strcmp(ports[i], "p0") == 0);
	}
}

struct list_call {
	struct rte_pci_bind_status *list;
	size_t nb;
	int rc, err;
};

static void list_call(void *arg)
{
	struct list_call *c = arg;
	c->rc = rte_pci_bind_status_list(&c->list, &c->nb);
	c->err = rte_errno;
}

static void test_status_list(void)
{
	struct bind_env e;
	struct rte_pci_bind_status *list;
	size_t nb;

	setup_tree(&e);
	CU_ASSERT_EQUAL_FATAL(rte_pci_bind_status_list(&list, &nb), 0);
	CU_ASSERT_EQUAL_FATAL(nb, NB_TREE);
	static const enum rte_pci_bind_kind kinds[] = {
	    RTE_PCI_BIND_NONE,	    RTE_PCI_BIND_USERSPACE, RTE_PCI_BIND_KERNEL,
	    RTE_PCI_BIND_KERNEL,    RTE_PCI_BIND_KERNEL,    RTE_PCI_BIND_USERSPACE,
	    RTE_PCI_BIND_USERSPACE, RTE_PCI_BIND_KERNEL,    RTE_PCI_BIND_NONE};
	for (size_t i = 0; i < nb; i++) {
		char name[PCI_PRI_STR_SIZE];
		rte_pci_device_name(&list[i].addr, name, sizeof(name));
		CU_ASSERT_STRING_EQUAL(name, tree[i].addr);
		CU_ASSERT_EQUAL(list[i].kind, kinds[i]);
		CU_ASSERT_STRING_EQUAL(list[i].driver, tree[i].driver ? tree[i].driver : "");
		CU_ASSERT_EQUAL(list[i].iommu_group, tree[i].iommu_group);
		CU_ASSERT_EQUAL(list[i].vendor_id, tree[i].vendor);
		CU_ASSERT_EQUAL(list[i].class_id, tree[i].class_code);
	}
	CU_ASSERT_STRING_EQUAL(list[1].driver_override, "vfio-pci");
	CU_ASSERT_STRING_EQUAL(list[2].driver_override, "");
	CU_ASSERT_EQUAL(list[2].nb_netif, 1);
	CU_ASSERT(list[2].netif[0].up);
	CU_ASSERT_EQUAL(list[4].nb_netif, 1);
	CU_ASSERT_STRING_EQUAL(list[4].netif[0].name, "eth2");
	CU_ASSERT(!list[4].netif[0].up);
	CU_ASSERT_EQUAL(list[7].nb_netif, 5);
	CU_ASSERT_STRING_EQUAL(list[7].netif[3].name, "p3");
	CU_ASSERT_EQUAL(list[0].nb_netif, 0);
	rte_pci_bind_status_free(list);
	bind_env_teardown(&e);

	/* An unreadable devices directory: one line, -1. */
	struct list_call lc;
	setenv("SYSFS_PCI_DEVICES", "/nonexistent/openeal/devices", 1);
	char *log = test_capture_log(list_call, &lc);
	CU_ASSERT_EQUAL(lc.rc, -1);
	CU_ASSERT_EQUAL(lc.err, ENOENT);
	CU_ASSERT_PTR_NULL(lc.list);
	CU_ASSERT_STRING_EQUAL(log, "bus.pci.bind: cannot list PCI devices: "
				    "/nonexistent/openeal/devices: No such file or directory\n");
	free(log);
	test_restore_sysfs_env();
}

static void test_status_cli(void)
{
	struct bind_env e;

	setup_tree(&e);
	struct bind_cli r = CLI(&e, "status");
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_STRING_EQUAL(r.out, text);
	CU_ASSERT_STRING_EQUAL(r.err, "");
	if (strcmp(r.out, text) != 0)
		fprintf(stderr, "got:\n%s", r.out);
	bind_cli_free(&r);

	r = CLI(&e, "status", "--json");
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_STRING_EQUAL(r.out, json);
	if (strcmp(r.out, json) != 0)
		fprintf(stderr, "got:\n%s\nexpected:\n%s", r.out, json);
	bind_cli_free(&r);

	r = CLI(&e, "status", "--bogus");
	CU_ASSERT_EQUAL(r.status, 2);
	CU_ASSERT_STRING_EQUAL(r.out, "");
	CU_ASSERT_STRING_EQUAL(r.err,
			       "openeal status: unexpected argument '--bogus' (openeal status "
			       "--help)\n");
	bind_cli_free(&r);
	bind_env_teardown(&e);

	/* Empty groups say so; no devices at all is an empty JSON list. */
	bind_env_setup(&e, tree, 1);
	r = CLI(&e, "status");
	CU_ASSERT_STRING_EQUAL(r.out, "Userspace driver\n================\nnone\n\n"
				      "Kernel driver\n=============\nnone\n\n"
				      "No driver\n=========\n"
				      "0000:00:00.0 8086:29c0 class=060000 driver=- iommu=-\n");
	bind_cli_free(&r);
	CU_ASSERT_FATAL(fake_sysfs_remove(e.fs, "0000:00:00.0") == 0);
	r = CLI(&e, "status", "--json");
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_STRING_EQUAL(r.out, "{\"devices\": []}\n");
	bind_cli_free(&r);
	bind_env_teardown(&e);
}

struct cli_case {
	const char *args[5];
	int status;
	const char *err; /* a line of stderr */
};

static void test_bind_cli(void)
{
	static const struct cli_case cases[] = {
	    {{"bind"}, 2, "openeal bind: missing DRIVER and ADDR (openeal bind --help)\n"},
	    {{"bind", "vfio-pci"}, 2, "openeal bind: missing ADDR (openeal bind --help)\n"},
	    {{"bind", "0000:00:02.0", "vfio-pci"},
	     2,
	     "openeal bind: '0000:00:02.0' is an address: the driver comes first (openeal bind "
	     "DRIVER ADDR...)\n"},
	    {{"bind", "vfio-pci", "00:02.0", "zz"},
	     2,
	     "openeal bind: bad address 'zz': expected 0000:00:02.0 or 00:02.0\n"},
	    {{"bind", "--restore", "--force", "00:02.0"},
	     2,
	     "openeal bind: --force does not apply to --restore"},
	    {{"bind", "--bogus"},
	     2,
	     "openeal bind: unknown option '--bogus' (openeal bind --help)\n"},
	    {{"unbind"}, 2, "openeal unbind: missing ADDR (openeal unbind --help)\n"},
	    {{"unbind", "1:2"}, 2, "openeal unbind: bad address '1:2': expected"},
	    {{"bind", "vfio-pci", "0000:00:09.0"},
	     1,
	     "bus.pci.bind: 0000:00:09.0: cannot bind to vfio-pci: no such PCI device in "},
	    {{"bind", "vfio-pci", "00:03.0"},
	     1,
	     "bus.pci.bind: 0000:00:03.0: refusing to bind to vfio-pci (now on e1000e): its "
	     "interface eth1 is up (ip link set eth1 down)"},
	    {{"unbind", "0000:00:03.0"},
	     1,
	     "refusing to unbind (now on e1000e): its interface eth1"},
	    {{"unbind", "00:00.0"}, 0, "bus.pci.bind: 0000:00:00.0: not bound to a driver\n"},
	    {{"bind", "--restore", "00:03.0"},
	     0,
	     "bus.pci.bind: 0000:00:03.0: already on kernel driver e1000e\n"},
	    {{"bind", "00:03.0", "--restore"},
	     0,
	     "bus.pci.bind: 0000:00:03.0: already on kernel driver e1000e\n"},
	    {{"bind", "nvme", "00:04.0"}, 0, "bus.pci.bind: 0000:00:04.0: already on nvme\n"},
	};
	struct bind_env e;

	setup_tree(&e);
	bind_load_driver(&e, "vfio-pci");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *const *a = cases[i].args;
		struct bind_cli r = CLI(&e, a[0], a[1], a[2], a[3], a[4]);
		CU_ASSERT_EQUAL(r.status, cases[i].status);
		CU_ASSERT_PTR_NOT_NULL(strstr(r.err, cases[i].err));
		CU_ASSERT_STRING_EQUAL(r.out, "");
		/* One line per failure, and nothing else. */
		CU_ASSERT_EQUAL(bind_count_lines(r.err, ""), 1);
		if (r.status != cases[i].status || strstr(r.err, cases[i].err) == NULL)
			fprintf(stderr, "case %zu: status %d, stderr: %s", i, r.status, r.err);
		bind_cli_free(&r);
	}
	bind_env_teardown(&e);
}

/* Two functions of one non-viable group in one command: one warning, after both. */
static void test_bind_cli_group_once(void)
{
	static const struct fake_pci_dev devs[] = {
	    DEV("0000:00:12.0", 0x8086, 0x100e, 0x020000, "e1000", 5),
	    DEV("0000:00:12.1", 0x1234, 0x11e8, 0x00ff00, "vfio-pci", 5),
	    DEV("0000:00:12.3", 0x1234, 0x11e8, 0x00ff00, "vfio-pci", 5),
	};
	struct bind_env e;

	bind_env_setup(&e, devs, 3);
	struct bind_cli r = CLI(&e, "bind", "vfio-pci", "00:12.1", "0000:00:12.3");
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_EQUAL(bind_count_lines(r.err, "already on vfio-pci"), 2);
	CU_ASSERT_EQUAL(bind_count_lines(r.err, "is not viable"), 1);
	CU_ASSERT_EQUAL(bind_count_lines(r.err, "0000:00:12.1: IOMMU group 5 is not viable, VFIO "
						"cannot use it while 0000:00:12.0 (e1000) stays on "
						"its kernel driver; fix: openeal bind vfio-pci "
						"0000:00:12.0"),
			1);
	/* The group is checked after the binds: it comes last. */
	CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "0000:00:12.3: already on vfio-pci\n"
					     "bus.pci.bind: 0000:00:12.1: IOMMU group 5"));
	bind_cli_free(&r);
	bind_env_teardown(&e);
}

int bind_status_suite(void)
{
	CU_pSuite s = CU_add_suite("bind_status_cli", NULL, NULL);
	if (s == NULL)
		return -1;
	return (CU_add_test(s, "status list", test_status_list) == NULL ||
		CU_add_test(s, "openeal status text and JSON", test_status_cli) == NULL ||
		CU_add_test(s, "openeal bind/unbind exit codes and lines", test_bind_cli) == NULL ||
		CU_add_test(s, "openeal bind: one group warning", test_bind_cli_group_once) == NULL)
		   ? -1
		   : 0;
}
