/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * openeal doctor on a generated tree: NVMe functions on a kernel driver, on uio in a translated
 * IOMMU domain, on vfio-pci in a group another function keeps from VFIO, and on vfio-pci ready
 * to use. Each must get the verdict and the fix the decision table gives; the IOVA mode line is
 * the one rte_eal_init would choose.
 */

#include <CUnit/Basic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_sysfs.h"
#include "test_util.h"

static const char *openeal_bin;

static struct fake_pci_dev nvme(const char *addr, const char *driver, int group)
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
				     .iommu_group_type = "DMA"};
}

/* The command's stdout (malloc'd), run with the tree's paths in its environment. */
static char *run(struct fake_sysfs *fs, const char *args, int *status)
{
	char cmd[8192], path[4096];
	snprintf(path, sizeof(path), "%s/kernel/iommu_groups", fake_sysfs_root(fs));
	setenv("SYSFS_IOMMU_GROUPS", path, 1);
	snprintf(path, sizeof(path), "%s/class/iommu", fake_sysfs_root(fs));
	setenv("SYSFS_CLASS_IOMMU", path, 1);
	setenv("SYSFS_PCI_DEVICES", fake_sysfs_devices_dir(fs), 1);
	snprintf(cmd, sizeof(cmd), "%s doctor %s 2>/dev/null", openeal_bin, args);
	FILE *p = popen(cmd, "r");
	char *out = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&out, &len);
	int c;
	while (p != NULL && (c = fgetc(p)) != EOF)
		fputc(c, m);
	fclose(m);
	int st = p != NULL ? pclose(p) : -1;
	*status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	return out;
}

/* The output line of one device. */
static const char *line_of(const char *out, const char *addr, char *buf, size_t size)
{
	char key[32];
	snprintf(key, sizeof(key), "  %s ", addr);
	const char *p = strstr(out, key);
	if (p == NULL)
		return "";
	size_t n = strcspn(p, "\n");
	snprintf(buf, size, "%.*s", (int)n, p);
	return buf;
}

static void test_verdicts(void)
{
	struct fake_sysfs *fs = fake_sysfs_create();
	CU_ASSERT_PTR_NOT_NULL_FATAL(fs);
	struct fake_pci_dev other = {.addr = "0000:00:04.1",
				     .vendor = 0x15b3,
				     .device = 0x1017,
				     .subsys_vendor = 0x15b3,
				     .subsys_device = 0x0020,
				     .class_code = 0x020000,
				     .numa_node = -1,
				     .driver = "mlx5_core",
				     .iommu_group = 4};
	struct fake_pci_dev devs[] = {
	    nvme("0000:00:02.0", "nvme", 2), nvme("0000:00:03.0", "uio_pci_generic", 3),
	    nvme("0000:00:04.0", "vfio-pci", 4), other, nvme("0000:00:05.0", "vfio-pci", 5)};
	for (unsigned int i = 0; i < sizeof(devs) / sizeof(devs[0]); i++)
		CU_ASSERT_EQUAL_FATAL(fake_sysfs_add(fs, &devs[i]), 0);

	int status;
	char *out = run(fs, "", &status);
	char line[1024];
	CU_ASSERT_EQUAL(status, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "IOMMU: present"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "IOVA mode rte_eal_init would choose: VA (rule B5)"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "left out: 0000:00:03.0"));
	CU_ASSERT_PTR_NOT_NULL(strstr(line_of(out, "0000:00:02.0", line, sizeof(line)),
				      "pmd=nvme probe=no: on kernel driver nvme; fix: openeal bind "
				      "vfio-pci 0000:00:02.0"));
	CU_ASSERT_PTR_NOT_NULL(
	    strstr(line_of(out, "0000:00:03.0", line, sizeof(line)),
		   "probe=no: not probed: needs physical addresses "
		   "(uio_pci_generic does not program the IOMMU) but IOMMU group "
		   "3 translates DMA addresses"));
	CU_ASSERT_PTR_NOT_NULL(strstr(line_of(out, "0000:00:04.0", line, sizeof(line)),
				      "iommu_group=4 (translated, not viable for vfio)"));
	CU_ASSERT_PTR_NOT_NULL(strstr(line, "probe=no: IOMMU group 4 is not usable by VFIO "
					    "(0000:00:04.1 is on mlx5_core); fix: openeal bind "
					    "vfio-pci 0000:00:04.1"));
	CU_ASSERT_PTR_NOT_NULL(strstr(line_of(out, "0000:00:04.1", line, sizeof(line)),
				      "pmd=- probe=no: no openeal driver matches 15b3:1017"));
	CU_ASSERT_PTR_NOT_NULL(strstr(line_of(out, "0000:00:05.0", line, sizeof(line)),
				      "iommu_group=5 (translated, viable for vfio) pmd=nvme "
				      "probe=yes"));
	free(out);

	/* The same as JSON; with --iova-mode pa the uio device's verdict is still X. */
	out = run(fs, "--json --iova-mode pa", &status);
	CU_ASSERT_EQUAL(status, 0);
	CU_ASSERT_PTR_EQUAL(strstr(out, "{\"iommu\": {\"present\": true"), out);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\"address\": \"0000:00:05.0\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\"pmd\": \"nvme\", \"probe\": true"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\"requested\": \"PA\""));
	free(out);

	out = run(fs, "--iova-mode xx", &status);
	CU_ASSERT_EQUAL(status, 2);
	free(out);
	fake_sysfs_destroy(fs);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: test_doctor OPENEAL_BINARY\n");
		return 2;
	}
	openeal_bin = argv[1];
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	CU_pSuite s = CU_add_suite("openeal doctor", NULL, NULL);
	CU_add_test(s, "verdicts and fixes on a generated tree", test_verdicts);
	return test_run_registry();
}
