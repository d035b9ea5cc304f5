/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * openeal doctor as a program on a generated machine (vIOMMU, NVMe functions on the kernel
 * driver, vfio-pci and uio_pci_generic, hugepages, a hugetlbfs mount): the text report's
 * sections and verdict lines, the JSON report parsed strictly with every documented key, and
 * the exit statuses.
 */

#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <rte_eal_doctor.h>

#include "fake_sysfs_host.h"
#include "test_doctor.h"
#include "test_json.h"
#include "test_util.h"

/* The program's stdout (malloc'd) and exit status; stderr is dropped. */
static char *run(const char *args, int *status)
{
	char cmd[4096];
	char *out = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&out, &len);

	snprintf(cmd, sizeof(cmd), "'%s' doctor %s 2>/dev/null", doctor_openeal_bin, args);
	FILE *p = popen(cmd, "r");
	int c;
	while (p != NULL && (c = fgetc(p)) != EOF)
		fputc(c, m);
	fclose(m);
	int st = p != NULL ? pclose(p) : -1;
	*status = st != -1 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	return out;
}

static struct fake_pci_dev nvme(const char *addr, const char *driver, int group, const char *type)
{
	return (struct fake_pci_dev){.addr = addr,
				     .vendor = 0x1b36,
				     .device = 0x0010,
				     .subsys_vendor = 0x1af4,
				     .subsys_device = 0x1100,
				     .class_code = 0x010802,
				     .numa_node = -1,
				     .driver = driver,
				     .iommu_group = group,
				     .iommu_group_type = type};
}

static struct fake_sysfs *machine(void)
{
	struct fake_sysfs *fs = fake_sysfs_create();
	const struct fake_pci_dev devs[] = {
	    nvme("0000:00:02.0", "nvme", 1, "DMA"),
	    nvme("0000:00:03.0", "vfio-pci", 2, "DMA-FQ"),
	    nvme("0000:00:04.0", "uio_pci_generic", 3, "DMA"),
	};
	CU_ASSERT_PTR_NOT_NULL_FATAL(fs);
	CU_ASSERT_EQUAL_FATAL(fake_sysfs_host_env(fs), 0);
	CU_ASSERT_EQUAL_FATAL(fake_sysfs_add_intel_iommu(fs, "dmar0", 0x260200), 0);
	for (size_t i = 0; i < sizeof(devs) / sizeof(devs[0]); i++)
		CU_ASSERT_EQUAL_FATAL(fake_sysfs_add(fs, &devs[i]), 0);
	CU_ASSERT_EQUAL(fake_sysfs_set_hugepages(fs, -1, 2048, 8, 8), 0);
	CU_ASSERT_EQUAL(fake_sysfs_set_hugepages(fs, 0, 2048, 8, 8), 0);
	CU_ASSERT_EQUAL(fake_sysfs_add_mountinfo(
			    fs, "33 25 0:28 / /dev/hugepages rw shared:1 - hugetlbfs hugetlbfs "
				"rw,relatime,pagesize=2M"),
			0);
	return fs;
}

/* Does the vfio-pci function pass the locked-memory check in this process (and its child)? */
static bool memlock_enough(void)
{
	struct rte_eal_doctor_host h;
	return rte_eal_doctor_host_read(&h) == 0 && rte_eal_doctor_memlock_enough(&h);
}

static void test_text(void)
{
	struct fake_sysfs *fs = machine();
	int status;
	char *out = run("", &status);
	CU_ASSERT_EQUAL(status, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(out);

	/* One section per topic, in this order. */
	static const char *const sections[] = {"IOMMU\n=====\n", "\nPhysical addresses\n",
					       "\nHugepages\n",	 "\nLocked memory\n",
					       "\nIOVA mode\n",	 "\nDevices\n"};
	const char *at = out;
	for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++) {
		const char *s = strstr(at, sections[i]);
		CU_ASSERT_PTR_NOT_NULL(s);
		if (s != NULL)
			at = s;
	}
	CU_ASSERT_PTR_EQUAL(strstr(out, "IOMMU\n=====\nIOMMU: present: dmar0 (Intel VT-d); "
					"address width 39 bits; process addresses "),
			    out);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\ndmar0: MGAW 39 bits, SAGAW 39 bits\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\naddress width from: intel-iommu/cap\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\ngroups: 1 DMA: 0000:00:02.0; 2 DMA-FQ: 0000:00:03.0; "
					   "3 DMA: 0000:00:04.0\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\nhugepages: 2048 kB: 8 free of 8 (node0 8/8)\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\nhugetlbfs mounts: /dev/hugepages (pagesize=2M)\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\nIOVA mode rte_eal_init would choose: VA (rule B5): "
					   "no device needs a mode and an IOMMU is present"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "left out: 0000:00:04.0"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "; free hugepages yes; IOMMU present (39 bits);"));

	/* A verdict line per function. */
	CU_ASSERT_PTR_NOT_NULL(strstr(
	    out, "\n0000:00:02.0 1b36:0010 driver=nvme iommu_group=1 (translated, viable for "
		 "vfio) pmd=nvme probe=no: on kernel driver nvme; fix: openeal bind vfio-pci "
		 "0000:00:02.0\n"));
	if (memlock_enough())
		CU_ASSERT_PTR_NOT_NULL(
		    strstr(out, "\n0000:00:03.0 1b36:0010 driver=vfio-pci iommu_group=2 "
				"(translated, viable for vfio) pmd=nvme probe=yes\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(
	    out, "\n0000:00:04.0 1b36:0010 driver=uio_pci_generic iommu_group=3 (translated, "
		 "viable for vfio) pmd=nvme probe=no: not probed: needs physical addresses "
		 "(uio_pci_generic does not program the IOMMU) but IOMMU group 3 translates DMA "
		 "addresses, so its DMA would fault (IOVA mode VA); fix: boot with iommu=pt, or "
		 "bind it to vfio-pci (openeal bind vfio-pci 0000:00:04.0)\n"));
	free(out);
	fake_sysfs_host_env_clear();
	fake_sysfs_destroy(fs);
}

static void expect_type(const struct json *root, const char *path, enum json_type type)
{
	const struct json *j = json_get(root, path);
	if (j == NULL || j->type != type)
		fprintf(stderr, "\n  JSON key %s: %s\n", path,
			j == NULL ? "missing" : "wrong type");
	CU_ASSERT(j != NULL && j->type == type);
}

static void expect_str(const struct json *root, const char *path, const char *value)
{
	const struct json *j = json_get(root, path);
	CU_ASSERT(j != NULL && j->type == JSON_STRING && strcmp(j->str, value) == 0);
}

static void expect_num(const struct json *root, const char *path, double value)
{
	const struct json *j = json_get(root, path);
	CU_ASSERT(j != NULL && j->type == JSON_NUMBER && j->num == value);
}

static void expect_bool(const struct json *root, const char *path, bool value)
{
	const struct json *j = json_get(root, path);
	CU_ASSERT(j != NULL && j->type == JSON_BOOL && j->b == value);
}

/* The keys of a device object, in their documented order. */
static const char *const device_keys[] = {"address",	 "vendor",	"device",     "driver",
					  "binding",	 "iommu_group", "group_type", "domain",
					  "vfio_viable", "blocking",	"iova_need",  "pmd",
					  "probe",	 "verdict",	"reason",     "fix"};

static void test_json(void)
{
	struct fake_sysfs *fs = machine();
	int status;
	char err[128];
	char *out = run("--json", &status);
	CU_ASSERT_EQUAL(status, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	struct json *root = json_parse(out, err, sizeof(err));
	if (root == NULL)
		fprintf(stderr, "\n  not JSON: %s\n%s\n", err, out);
	CU_ASSERT_PTR_NOT_NULL_FATAL(root);
	/* Tools match the start of the object (as the VM scenarios do). */
	CU_ASSERT_PTR_EQUAL(strstr(out, "{\"iommu\": {\"present\": true"), out);

	expect_bool(root, "iommu.present", true);
	expect_str(root, "iommu.units[0].name", "dmar0");
	expect_str(root, "iommu.units[0].kind", "Intel VT-d");
	expect_num(root, "iommu.units[0].mgaw_bits", 39);
	expect_num(root, "iommu.units[0].sagaw_bits[0]", 39);
	expect_num(root, "iommu.address_bits", 39);
	expect_str(root, "iommu.address_bits_source", "intel-iommu/cap");
	expect_type(root, "iommu.va_bits", JSON_NUMBER);
	expect_type(root, "iommu.vfio", JSON_NULL);
	expect_type(root, "pagemap_readable", JSON_BOOL);
	expect_num(root, "hugepages[0].size_kb", 2048);
	expect_num(root, "hugepages[0].total", 8);
	expect_num(root, "hugepages[0].free", 8);
	expect_num(root, "hugepages[0].nodes[0].node", 0);
	expect_num(root, "hugepages[0].nodes[0].free", 8);
	expect_str(root, "hugepages_dir", getenv("SYSFS_HUGEPAGES"));
	expect_str(root, "hugetlbfs_mounts[0].dir", "/dev/hugepages");
	expect_str(root, "hugetlbfs_mounts[0].pagesize", "2M");
	expect_num(root, "hugetlbfs_mounts[0].size_kb", 2048);
	expect_type(root, "memlock.locked_kb", JSON_NUMBER);
	expect_type(root, "memlock.cap_ipc_lock", JSON_BOOL);
	expect_type(root, "memlock.enough_for_dma", JSON_BOOL);
	const struct json *soft = json_get(root, "memlock.soft_kb");
	CU_ASSERT(soft != NULL && (soft->type == JSON_NUMBER || soft->type == JSON_NULL));
	const struct json *hard = json_get(root, "memlock.hard_kb");
	CU_ASSERT(hard != NULL && (hard->type == JSON_NUMBER || hard->type == JSON_NULL));
	expect_str(root, "iova.requested", "DC");
	expect_str(root, "iova.mode", "VA");
	expect_str(root, "iova.rule", "B5");
	expect_type(root, "iova.remap", JSON_BOOL);
	expect_type(root, "iova.reason", JSON_STRING);
	expect_type(root, "iova.phys_readable", JSON_BOOL);
	expect_bool(root, "iova.hugepages", true); /* the tree's 8 free, not the host's */
	expect_bool(root, "iova.iommu_present", true);
	expect_num(root, "iova.iommu_addr_bits", 39);
	expect_type(root, "iova.va_bits", JSON_NUMBER);
	expect_num(root, "iova.devices", 2); /* vfio-pci and uio: the kernel's nvme is not */
	expect_num(root, "iova.refused", 1);

	const struct json *devices = json_get(root, "devices");
	CU_ASSERT_FATAL(devices != NULL && devices->type == JSON_ARRAY && devices->n == 3);
	for (size_t i = 0; i < devices->n; i++) {
		const struct json *d = devices->items[i];
		CU_ASSERT_EQUAL_FATAL(d->n, sizeof(device_keys) / sizeof(device_keys[0]));
		for (size_t k = 0; k < d->n; k++)
			CU_ASSERT_STRING_EQUAL(d->keys[k], device_keys[k]);
	}
	const struct json *k = json_find(devices, "address", "0000:00:02.0");
	expect_str(k, "driver", "nvme");
	expect_str(k, "binding", "kernel");
	expect_num(k, "iommu_group", 1);
	expect_str(k, "group_type", "DMA");
	expect_str(k, "domain", "translated");
	expect_bool(k, "vfio_viable", true);
	expect_type(k, "iova_need", JSON_NULL);
	expect_str(k, "pmd", "nvme");
	expect_bool(k, "probe", false);
	expect_str(k, "verdict", "not_probeable");
	expect_str(k, "reason", "on kernel driver nvme");
	expect_str(k, "fix", "openeal bind vfio-pci 0000:00:02.0");
	const struct json *v = json_find(devices, "address", "0000:00:03.0");
	expect_str(v, "binding", "userspace");
	expect_str(v, "group_type", "DMA-FQ");
	expect_str(v, "iova_need", "DC");
	if (memlock_enough()) {
		expect_bool(v, "probe", true);
		expect_str(v, "verdict", "probeable");
		expect_type(v, "reason", JSON_NULL);
		expect_type(v, "fix", JSON_NULL);
	}
	const struct json *u = json_find(devices, "address", "0000:00:04.0");
	expect_str(u, "iova_need", "PA");
	expect_bool(u, "probe", false);
	expect_str(
	    u, "fix",
	    "boot with iommu=pt, or bind it to vfio-pci (openeal bind vfio-pci 0000:00:04.0)");
	expect_type(u, "blocking", JSON_ARRAY);
	json_free(root);
	free(out);
	fake_sysfs_host_env_clear();
	fake_sysfs_destroy(fs);
}

static void test_exit_status(void)
{
	static const struct {
		const char *args;
		int status;
	} cases[] = {
	    {"--help", 0},	   {"--bogus", 2},	{"--iova-mode", 2},
	    {"--iova-mode xx", 2}, {"--json extra", 2},
	};
	int status;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		free(run(cases[i].args, &status));
		CU_ASSERT_EQUAL(status, cases[i].status);
	}
	/* No report (the devices directory does not exist): 1, and nothing on stdout. */
	setenv("SYSFS_PCI_DEVICES", "/nonexistent/openeal-doctor", 1);
	char *out = run("--json", &status);
	CU_ASSERT_EQUAL(status, 1);
	CU_ASSERT_STRING_EQUAL(out, "");
	free(out);
	test_restore_sysfs_env();
}

void doctor_add_cli_tests(void)
{
	CU_pSuite s = CU_add_suite("doctor: the openeal program", NULL, NULL);
	CU_add_test(s, "text: sections and verdict lines", test_text);
	CU_add_test(s, "JSON: strict parse, every key", test_json);
	CU_add_test(s, "exit statuses", test_exit_status);
}
