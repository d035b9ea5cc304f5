/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * openeal list: the real binary (its path is argv[1]) on fake sysfs trees, output compared
 * with lines written out by hand from the trees' known values; JSON also checked for syntax.
 * PMD matching is tested in-process (the command's source is linked here, with test PMDs
 * registered) because the binary only carries the library's real PMDs.
 */
#include <CUnit/Basic.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <bus_pci_driver.h>

#include "fake_sysfs.h"
#include "openeal_cmd.h"
#include "test_util.h"

#define MEM32 0x00040200ull
#define MEM64 0x00140204ull
#define MEM64_PREF 0x0014220cull
#define IO 0x00040101ull
#define ROM 0x00046200ull

static const char *openeal_bin;
static char *tmpdir;
static struct fake_sysfs *tree;

/*
 * IDs chosen so that no PMD of the library matches them (no Intel X710, virtio, Mellanox or
 * AHCI PMD is planned): the binary's "pmds" stay empty whatever PMDs it carries.
 */
static const struct fake_pci_dev tree_devs[] = {
    {.addr = "0000:00:02.0",
     .vendor = 0x15b3,
     .device = 0x1017,
     .subsys_vendor = 0x15b3,
     .subsys_device = 0x0020,
     .class_code = 0x020000,
     .revision = 0x00,
     .numa_node = 0,
     .driver = "mlx5_core",
     .iommu_group = 3,
     .res = {[0] = {0x3bffe000000ull, 0x2000000, MEM64_PREF}, [6] = {0xfe800000, 0x100000, ROM}}},
    {.addr = "0000:00:03.0",
     .vendor = 0x1af4,
     .device = 0x1041,
     .subsys_vendor = 0x1af4,
     .subsys_device = 0x1100,
     .class_code = 0x020000,
     .revision = 0x01,
     .numa_node = -1,
     .iommu_group = -1,
     .res = {[0] = {0xc040, 0x20, IO},
	     [1] = {0xfeb00000, 0x1000, MEM32},
	     [4] = {0xfe000000, 0x4000, MEM64_PREF}}},
    {.addr = "0000:01:00.0",
     .vendor = 0x8086,
     .device = 0x1572,
     .subsys_vendor = 0x8086,
     .subsys_device = 0x0007,
     .class_code = 0x020000,
     .revision = 0x02,
     .numa_node = 0,
     .driver = "vfio-pci",
     .iommu_group = 12,
     .sriov_totalvfs = 64,
     .sriov_numvfs = 1,
     .res = {[0] = {0x380000000000ull, 0x800000, MEM64_PREF},
	     [3] = {0x380000800000ull, 0x8000, MEM64_PREF},
	     [7] = {0x380001000000ull, 0x400000, MEM64_PREF}}},
    {.addr = "0000:01:02.0",
     .vendor = 0x8086,
     .device = 0x154c,
     .subsys_vendor = 0x8086,
     .subsys_device = 0x0000,
     .class_code = 0x020000,
     .revision = 0x02,
     .numa_node = 0,
     .driver = "iavf",
     .iommu_group = 13,
     .physfn = "0000:01:00.0",
     .res = {[0] = {0x380001000000ull, 0x10000, MEM64_PREF}}},
    {.addr = "0001:00:1f.2",
     .vendor = 0x8086,
     .device = 0x2922,
     .subsys_vendor = 0x1af4,
     .subsys_device = 0x1100,
     .class_code = 0x010601,
     .revision = 0x02,
     .numa_node = 1,
     .driver = "ahci",
     .iommu_group = 20,
     .res = {[4] = {0xd000, 0x20, IO}, [5] = {0xfea00000, 0x1000, MEM32}}},
    {.addr = "10000:e0:00.0",
     .vendor = 0x8086,
     .device = 0x1572,
     .subsys_vendor = 0x8086,
     .subsys_device = 0x0000,
     .class_code = 0x020000,
     .revision = 0x01,
     .numa_node = 1,
     .iommu_group = 40,
     .iommu_group_type = "identity",
     .res = {[0] = {0x90000000, 0x800000, MEM32}, [3] = {0x3c0000000000ull, 0x8000, MEM64}}},
};

/* Address order, as list prints them. */
static const char *const text_lines[] = {
    "0000:00:02.0 15b3:1017 class=020000 driver=mlx5_core iommu=3 numa=0 "
    "bar0=mem64:0x3bffe000000:32M pmds=-\n",
    "0000:00:03.0 1af4:1041 class=020000 driver=- iommu=- numa=-1 bar0=io:0xc040:32 "
    "bar1=mem:0xfeb00000:4K bar4=mem64:0xfe000000:16K pmds=-\n",
    "0000:01:00.0 8086:1572 class=020000 driver=vfio-pci iommu=12 numa=0 "
    "bar0=mem64:0x380000000000:8M bar3=mem64:0x380000800000:32K pmds=-\n",
    "0000:01:02.0 8086:154c class=020000 driver=iavf iommu=13 numa=0 "
    "bar0=mem64:0x380001000000:64K pmds=-\n",
    "0001:00:1f.2 8086:2922 class=010601 driver=ahci iommu=20 numa=1 bar4=io:0xd000:32 "
    "bar5=mem:0xfea00000:4K pmds=-\n",
    "10000:e0:00.0 8086:1572 class=020000 driver=- iommu=40 numa=1 bar0=mem:0x90000000:8M "
    "bar3=mem64:0x3c0000000000:32K pmds=-\n",
};

static const char *const json_lines[] = {
    "  {\"addr\": \"0000:00:02.0\", \"vendor\": \"0x15b3\", \"device\": \"0x1017\", "
    "\"subsystem_vendor\": \"0x15b3\", \"subsystem_device\": \"0x0020\", \"class\": "
    "\"0x020000\", \"revision\": \"0x00\", \"numa_node\": 0, \"kernel_driver\": \"mlx5_core\", "
    "\"iommu_group\": 3, \"physfn\": null, \"sriov_totalvfs\": 0, \"sriov_numvfs\": 0, "
    "\"bars\": [{\"index\": 0, \"start\": \"0x3bffe000000\", \"size\": 33554432, \"type\": "
    "\"mem64\", \"prefetchable\": true}], \"pmds\": []}",
    "  {\"addr\": \"0000:00:03.0\", \"vendor\": \"0x1af4\", \"device\": \"0x1041\", "
    "\"subsystem_vendor\": \"0x1af4\", \"subsystem_device\": \"0x1100\", \"class\": "
    "\"0x020000\", \"revision\": \"0x01\", \"numa_node\": -1, \"kernel_driver\": null, "
    "\"iommu_group\": null, \"physfn\": null, \"sriov_totalvfs\": 0, \"sriov_numvfs\": 0, "
    "\"bars\": [{\"index\": 0, \"start\": \"0xc040\", \"size\": 32, \"type\": \"io\", "
    "\"prefetchable\": false}, {\"index\": 1, \"start\": \"0xfeb00000\", \"size\": 4096, "
    "\"type\": \"mem\", \"prefetchable\": false}, {\"index\": 4, \"start\": \"0xfe000000\", "
    "\"size\": 16384, \"type\": \"mem64\", \"prefetchable\": true}], \"pmds\": []}",
    "  {\"addr\": \"0000:01:00.0\", \"vendor\": \"0x8086\", \"device\": \"0x1572\", "
    "\"subsystem_vendor\": \"0x8086\", \"subsystem_device\": \"0x0007\", \"class\": "
    "\"0x020000\", \"revision\": \"0x02\", \"numa_node\": 0, \"kernel_driver\": \"vfio-pci\", "
    "\"iommu_group\": 12, \"physfn\": null, \"sriov_totalvfs\": 64, \"sriov_numvfs\": 1, "
    "\"bars\": [{\"index\": 0, \"start\": \"0x380000000000\", \"size\": 8388608, \"type\": "
    "\"mem64\", \"prefetchable\": true}, {\"index\": 3, \"start\": \"0x380000800000\", "
    "\"size\": 32768, \"type\": \"mem64\", \"prefetchable\": true}], \"pmds\": []}",
    "  {\"addr\": \"0000:01:02.0\", \"vendor\": \"0x8086\", \"device\": \"0x154c\", "
    "\"subsystem_vendor\": \"0x8086\", \"subsystem_device\": \"0x0000\", \"class\": "
    "\"0x020000\", \"revision\": \"0x02\", \"numa_node\": 0, \"kernel_driver\": \"iavf\", "
    "\"iommu_group\": 13, \"physfn\": \"0000:01:00.0\", \"sriov_totalvfs\": 0, "
    "\"sriov_numvfs\": 0, \"bars\": [{\"index\": 0, \"start\": \"0x380001000000\", \"size\": "
    "65536, \"type\": \"mem64\", \"prefetchable\": true}], \"pmds\": []}",
    "  {\"addr\": \"0001:00:1f.2\", \"vendor\": \"0x8086\", \"device\": \"0x2922\", "
    "\"subsystem_vendor\": \"0x1af4\", \"subsystem_device\": \"0x1100\", \"class\": "
    "\"0x010601\", \"revision\": \"0x02\", \"numa_node\": 1, \"kernel_driver\": \"ahci\", "
    "\"iommu_group\": 20, \"physfn\": null, \"sriov_totalvfs\": 0, \"sriov_numvfs\": 0, "
    "\"bars\": [{\"index\": 4, \"start\": \"0xd000\", \"size\": 32, \"type\": \"io\", "
    "\"prefetchable\": false}, {\"index\": 5, \"start\": \"0xfea00000\", \"size\": 4096, "
    "\"type\": \"mem\", \"prefetchable\": false}], \"pmds\": []}",
    "  {\"addr\": \"10000:e0:00.0\", \"vendor\": \"0x8086\", \"device\": \"0x1572\", "
    "\"subsystem_vendor\": \"0x8086\", \"subsystem_device\": \"0x0000\", \"class\": "
    "\"0x020000\", \"revision\": \"0x01\", \"numa_node\": 1, \"kernel_driver\": null, "
    "\"iommu_group\": 40, \"physfn\": null, \"sriov_totalvfs\": 0, \"sriov_numvfs\": 0, "
    "\"bars\": [{\"index\": 0, \"start\": \"0x90000000\", \"size\": 8388608, \"type\": "
    "\"mem\", \"prefetchable\": false}, {\"index\": 3, \"start\": \"0x3c0000000000\", "
    "\"size\": 32768, \"type\": \"mem64\", \"prefetchable\": false}], \"pmds\": []}",
};

#define NB_DEVS (sizeof(tree_devs) / sizeof(tree_devs[0]))

/* ---- a minimal JSON syntax check (RFC 8259 grammar, no semantic checks) ---- */

static const char *json_value(const char *p, int depth);

static const char *json_ws(const char *p)
{
	while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
		p++;
	return p;
}

static const char *json_str(const char *p)
{
	if (*p++ != '"')
		return NULL;
	while (*p != '"') {
		if ((unsigned char)*p < 0x20)
			return NULL;
		if (*p == '\\') {
			p++;
			if (*p == 'u') {
				for (int i = 1; i <= 4; i++)
					if (strchr("0123456789abcdefABCDEF", p[i]) == NULL ||
					    p[i] == '\0')
						return NULL;
				p += 4;
			} else if (strchr("\"\\/bfnrt", *p) == NULL || *p == '\0') {
				return NULL;
			}
		}
		p++;
	}
	return p + 1;
}

static const char *json_number(const char *p)
{
	if (*p == '-')
		p++;
	if (*p == '0')
		p++;
	else if (*p >= '1' && *p <= '9')
		while (*p >= '0' && *p <= '9')
			p++;
	else
		return NULL;
	return p; /* openeal prints integers only */
}

static const char *json_list(const char *p, char close, bool object, int depth)
{
	p = json_ws(p + 1);
	if (*p == close)
		return p + 1;
	for (;;) {
		if (object) {
			p = json_str(p);
			if (p == NULL || *(p = json_ws(p)) != ':')
				return NULL;
			p = json_ws(p + 1);
		}
		p = json_value(p, depth + 1);
		if (p == NULL)
			return NULL;
		p = json_ws(p);
		if (*p == close)
			return p + 1;
		if (*p != ',')
			return NULL;
		p = json_ws(p + 1);
	}
}

static const char *json_value(const char *p, int depth)
{
	if (depth > 16)
		return NULL;
	switch (*p) {
	case '{':
		return json_list(p, '}', true, depth);
	case '[':
		return json_list(p, ']', false, depth);
	case '"':
		return json_str(p);
	case 't':
		return strncmp(p, "true", 4) == 0 ? p + 4 : NULL;
	case 'f':
		return strncmp(p, "false", 5) == 0 ? p + 5 : NULL;
	case 'n':
		return strncmp(p, "null", 4) == 0 ? p + 4 : NULL;
	default:
		return json_number(p);
	}
}

static bool json_valid(const char *doc)
{
	const char *end = json_value(json_ws(doc), 0);
	return end != NULL && *json_ws(end) == '\0';
}

/* ---- running the command ---- */

struct result {
	int status; /* exit status, or -1 when it did not exit normally */
	char *out, *err;
};

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return NULL;
	char *buf = NULL;
	size_t cap = 0, len = 0;
	for (;;) {
		if (len + 4096 + 1 > cap) {
			cap = (len + 4096 + 1) * 2;
			char *n = realloc(buf, cap);
			if (n == NULL)
				break;
			buf = n;
		}
		size_t r = fread(buf + len, 1, 4096, f);
		len += r;
		if (r == 0)
			break;
	}
	fclose(f);
	if (buf != NULL)
		buf[len] = '\0';
	return buf;
}

static void result_free(struct result *r)
{
	free(r->out);
	free(r->err);
}

static const struct openeal_cmd *list_cmd;

/*
 * Run "openeal list ARGS" with SYSFS_PCI_DEVICES=devices: the binary, or the command linked
 * into this test when in_process.
 */
static struct result run_list(const char *devices, bool in_process, const char *const *args)
{
	struct result r = {.status = -1};
	char out_path[512], err_path[512];
	snprintf(out_path, sizeof(out_path), "%s/out", tmpdir);
	snprintf(err_path, sizeof(err_path), "%s/err", tmpdir);
	char *argv[16] = {(char *)openeal_bin, (char *)"list"};
	int argc = 2;
	for (int i = 0; args[i] != NULL && argc < 15; i++)
		argv[argc++] = (char *)args[i];
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		int o = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		int e = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (o < 0 || e < 0 || dup2(o, 1) < 0 || dup2(e, 2) < 0)
			_exit(126);
		setenv("SYSFS_PCI_DEVICES", devices, 1);
		if (in_process) {
			int rc = list_cmd->run(argc - 1, argv + 1);
			fflush(NULL);
			_exit(rc);
		}
		execv(openeal_bin, argv);
		_exit(127);
	}
	int st;
	if (pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st))
		r.status = WEXITSTATUS(st);
	r.out = read_file(out_path);
	r.err = read_file(err_path);
	if (r.out == NULL)
		r.out = strdup("");
	if (r.err == NULL)
		r.err = strdup("");
	return r;
}

#define LIST(...) \
	run_list(fake_sysfs_devices_dir(tree), false, (const char *const[]){__VA_ARGS__, NULL})

/* Concatenate the text lines of the given device indexes (-1 ends). */
static char *expect_text(const int *idx)
{
	static char buf[8192];
	buf[0] = '\0';
	for (int i = 0; idx[i] >= 0; i++)
		strcat(buf, text_lines[idx[i]]);
	return buf;
}

static char *expect_json(const int *idx)
{
	static char buf[16384];
	strcpy(buf, "{\"devices\": [");
	for (int i = 0; idx[i] >= 0; i++) {
		strcat(buf, i == 0 ? "\n" : ",\n");
		strcat(buf, json_lines[idx[i]]);
	}
	strcat(buf, idx[0] >= 0 ? "\n]}\n" : "]}\n");
	return buf;
}

static void test_text_all(void)
{
	struct result r =
	    run_list(fake_sysfs_devices_dir(tree), false, (const char *const[]){NULL});
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_STRING_EQUAL(r.out, expect_text((const int[]){0, 1, 2, 3, 4, 5, -1}));
	CU_ASSERT_STRING_EQUAL(r.err, "");
	result_free(&r);
}

static void test_json_all(void)
{
	struct result r = LIST("--json");
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT(json_valid(r.out));
	CU_ASSERT_STRING_EQUAL(r.out, expect_json((const int[]){0, 1, 2, 3, 4, 5, -1}));
	CU_ASSERT_STRING_EQUAL(r.err, "");
	result_free(&r);
}

struct filter_case {
	const char *args[4];
	int expect[8];
};

static void test_filters(void)
{
	static const struct filter_case cases[] = {
	    {{"0000:01:02.0"}, {3, -1}},
	    {{"01:02.0"}, {3, -1}},
	    {{"10000:e0:00.0"}, {5, -1}},
	    {{"8086:*"}, {2, 3, 4, 5, -1}},
	    {{"8086:"}, {2, 3, 4, 5, -1}},
	    {{"*:1572"}, {2, 5, -1}},
	    {{":1041"}, {1, -1}},
	    {{"8086:154C"}, {3, -1}},
	    {{"*:*"}, {0, 1, 2, 3, 4, 5, -1}},
	    {{"dead:*"}, {-1}},
	    /* Several filters: the union, still in address order, each device once. */
	    {{"8086:2922", "00:02.0", "*:2922"}, {0, 4, -1}},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct filter_case *c = &cases[i];
		const char *text_args[5] = {c->args[0], c->args[1], c->args[2], c->args[3], NULL};
		struct result r = run_list(fake_sysfs_devices_dir(tree), false, text_args);
		CU_ASSERT_EQUAL(r.status, 0);
		CU_ASSERT_STRING_EQUAL(r.out, expect_text(c->expect));
		result_free(&r);
		const char *json_args[6] = {"--json",	c->args[0], c->args[1],
					    c->args[2], c->args[3], NULL};
		r = run_list(fake_sysfs_devices_dir(tree), false, json_args);
		CU_ASSERT_EQUAL(r.status, 0);
		CU_ASSERT(json_valid(r.out));
		CU_ASSERT_STRING_EQUAL(r.out, expect_json(c->expect));
		result_free(&r);
	}
}

/* An address that names no device is a failure (1), after listing what did match. */
static void test_missing_address(void)
{
	struct result r = LIST("0000:00:02.0", "0000:05:00.0");
	CU_ASSERT_EQUAL(r.status, 1);
	CU_ASSERT_STRING_EQUAL(r.out, text_lines[0]);
	CU_ASSERT_STRING_EQUAL(r.err, "openeal list: no PCI device 0000:05:00.0\n");
	result_free(&r);
}

static void test_usage_errors(void)
{
	static const char *const bad[] = {"zz",	    "8086:10000", "1:2:3",  "0000:00:20.0",
					  "80x6:*", "-x",	  "--jsonx"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct result r = LIST(bad[i]);
		CU_ASSERT_EQUAL(r.status, 2);
		CU_ASSERT_STRING_EQUAL(r.out, "");
		/* One line, naming the culprit. */
		CU_ASSERT(strstr(r.err, bad[i]) != NULL);
		CU_ASSERT(strncmp(r.err, "openeal list: ", 14) == 0);
		CU_ASSERT(strchr(r.err, '\n') == r.err + strlen(r.err) - 1);
		result_free(&r);
	}
	struct result r = LIST("--help");
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT(strncmp(r.out, "usage: openeal list", 19) == 0);
	result_free(&r);
}

static void test_scan_failure(void)
{
	char missing[600];
	snprintf(missing, sizeof(missing), "%s/no-such-dir", tmpdir);
	struct result r = run_list(missing, false, (const char *const[]){"--json", NULL});
	CU_ASSERT_EQUAL(r.status, 1);
	CU_ASSERT_STRING_EQUAL(r.out, "");
	/* One line, from the bus, naming the directory. */
	CU_ASSERT(strstr(r.err, missing) != NULL);
	CU_ASSERT(strchr(r.err, '\n') == r.err + strlen(r.err) - 1);
	result_free(&r);
}

static void test_empty_tree(void)
{
	struct fake_sysfs *empty = fake_sysfs_create();
	CU_ASSERT_FATAL(empty != NULL);
	struct result r =
	    run_list(fake_sysfs_devices_dir(empty), false, (const char *const[]){"--json", NULL});
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_STRING_EQUAL(r.out, "{\"devices\": []}\n");
	CU_ASSERT(json_valid(r.out));
	result_free(&r);
	r = run_list(fake_sysfs_devices_dir(empty), false, (const char *const[]){NULL});
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_STRING_EQUAL(r.out, "");
	result_free(&r);
	fake_sysfs_destroy(empty);
}

/* Driver names come from the tree: quotes, backslashes, controls and bad UTF-8 are escaped in
 * JSON; in text, controls become '?' so that a record stays one line. */
static void test_json_escaping(void)
{
	struct fake_sysfs *fs = fake_sysfs_create();
	CU_ASSERT_FATAL(fs != NULL);
	struct fake_pci_dev d = {.addr = "0000:00:05.0",
				 .vendor = 0x1af4,
				 .device = 0x1041,
				 .class_code = 0x020000,
				 .numa_node = -1,
				 .iommu_group = -1,
				 .driver = "q\"b\\c\x01\xff\xc3\xa9"};
	CU_ASSERT_EQUAL_FATAL(fake_sysfs_add(fs, &d), 0);
	struct result r =
	    run_list(fake_sysfs_devices_dir(fs), false, (const char *const[]){"--json", NULL});
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT(json_valid(r.out));
	CU_ASSERT(strstr(r.out, "\"kernel_driver\": \"q\\\"b\\\\c\\u0001\\ufffd\xc3\xa9\"") !=
		  NULL);
	result_free(&r);
	/* Text: still one line of blank-separated tokens. */
	r = run_list(fake_sysfs_devices_dir(fs), false, (const char *const[]){NULL});
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_STRING_EQUAL(r.out,
			       "0000:00:05.0 1af4:1041 class=020000 driver=q\"b\\c?\xff\xc3\xa9 "
			       "iommu=- numa=-1 pmds=-\n");
	result_free(&r);
	fake_sysfs_destroy(fs);
}

/* A populated tree: every device listed once, valid JSON, in address order. */
static void test_populated_tree(void)
{
	struct fake_sysfs *fs = fake_sysfs_create();
	CU_ASSERT_FATAL(fs != NULL);
	CU_ASSERT_EQUAL_FATAL(fake_sysfs_populate(fs, 500, 3), 0);
	struct result r =
	    run_list(fake_sysfs_devices_dir(fs), false, (const char *const[]){"--json", NULL});
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT(json_valid(r.out));
	int n = 0;
	for (const char *p = r.out; (p = strstr(p, "{\"addr\": ")) != NULL; p++)
		n++;
	CU_ASSERT_EQUAL(n, 500);
	result_free(&r);
	r = run_list(fake_sysfs_devices_dir(fs), false, (const char *const[]){NULL});
	CU_ASSERT_EQUAL(r.status, 0);
	int lines = 0;
	char prev[32] = "";
	bool ordered = true;
	for (char *line = strtok(r.out, "\n"); line != NULL; line = strtok(NULL, "\n")) {
		char addr[32];
		/* Domains of 4 and 5 digits: compare as numbers. */
		unsigned long dom, pdom;
		sscanf(line, "%31s", addr);
		if (prev[0] != '\0') {
			dom = strtoul(addr, NULL, 16);
			pdom = strtoul(prev, NULL, 16);
			if (dom < pdom ||
			    (dom == pdom && strcmp(strchr(addr, ':'), strchr(prev, ':')) <= 0))
				ordered = false;
		}
		memcpy(prev, addr, sizeof(prev));
		lines++;
	}
	CU_ASSERT_EQUAL(lines, 500);
	CU_ASSERT(ordered);
	result_free(&r);
	fake_sysfs_destroy(fs);
}

/* ---- PMD matching, in-process with test PMDs ---- */

/* Vendor 0xfeed and class 0xff0000 ("unassigned"): no real PMD matches these devices. */
static const struct rte_pci_id exact_ids[] = {{RTE_PCI_DEVICE(0xfeed, 0x0001)}, {.vendor_id = 0}};
static const struct rte_pci_id vendor_ids[] = {{RTE_PCI_DEVICE(0xfeed, RTE_PCI_ANY_ID)},
					       {.vendor_id = 0}};
static const struct rte_pci_id class_ids[] = {{.class_id = 0xff0000,
					       .vendor_id = RTE_PCI_ANY_ID,
					       .device_id = RTE_PCI_ANY_ID,
					       .subsystem_vendor_id = RTE_PCI_ANY_ID,
					       .subsystem_device_id = RTE_PCI_ANY_ID},
					      {.vendor_id = 0}};
static const struct rte_pci_id subsys_ids[] = {{.class_id = RTE_CLASS_ANY_ID,
						.vendor_id = 0xfeed,
						.device_id = 0x0002,
						.subsystem_vendor_id = 0xfeed,
						.subsystem_device_id = 0x0042},
					       {.vendor_id = 0}};

static int never_probe(struct rte_pci_driver *drv, struct rte_pci_device *dev)
{
	(void)drv;
	(void)dev;
	return 1;
}

static struct rte_pci_driver test_pmds[] = {
    {.driver.name = "test_exact", .id_table = exact_ids, .probe = never_probe},
    {.driver.name = "test_vendor", .id_table = vendor_ids, .probe = never_probe},
    {.driver.name = "test_class", .id_table = class_ids, .probe = never_probe},
    {.driver.name = "test_subsys", .id_table = subsys_ids, .probe = never_probe},
};

static void test_pmd_matching(void)
{
	struct fake_sysfs *fs = fake_sysfs_create();
	CU_ASSERT_FATAL(fs != NULL && list_cmd != NULL);
	static const struct fake_pci_dev devs[] = {
	    {.addr = "0000:00:04.0",
	     .vendor = 0xfeed,
	     .device = 0x0001,
	     .class_code = 0x020000,
	     .iommu_group = -1},
	    {.addr = "0000:00:05.0",
	     .vendor = 0xfeed,
	     .device = 0x0002,
	     .subsys_vendor = 0xfeed,
	     .subsys_device = 0x0042,
	     .class_code = 0xff0000,
	     .iommu_group = -1},
	    {.addr = "0000:00:06.0",
	     .vendor = 0xfeed,
	     .device = 0x0002,
	     .subsys_vendor = 0xfeed,
	     .subsys_device = 0x0043,
	     .class_code = 0x020000,
	     .iommu_group = -1},
	    {.addr = "0000:00:07.0",
	     .vendor = 0x1af4,
	     .device = 0x1041,
	     .class_code = 0xff0000,
	     .iommu_group = -1},
	    {.addr = "0000:00:08.0",
	     .vendor = 0x1af4,
	     .device = 0x1041,
	     .class_code = 0x020000,
	     .iommu_group = -1},
	};
	for (size_t i = 0; i < sizeof(devs) / sizeof(devs[0]); i++)
		CU_ASSERT_EQUAL_FATAL(fake_sysfs_add(fs, &devs[i]), 0);
	struct result r = run_list(fake_sysfs_devices_dir(fs), true, (const char *const[]){NULL});
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_STRING_EQUAL(
	    r.out, "0000:00:04.0 feed:0001 class=020000 driver=- iommu=- numa=0 "
		   "pmds=test_exact,test_vendor\n"
		   "0000:00:05.0 feed:0002 class=ff0000 driver=- iommu=- numa=0 "
		   "pmds=test_vendor,test_class,test_subsys\n"
		   "0000:00:06.0 feed:0002 class=020000 driver=- iommu=- numa=0 pmds=test_vendor\n"
		   "0000:00:07.0 1af4:1041 class=ff0000 driver=- iommu=- numa=0 pmds=test_class\n"
		   "0000:00:08.0 1af4:1041 class=020000 driver=- iommu=- numa=0 pmds=-\n");
	result_free(&r);
	r = run_list(fake_sysfs_devices_dir(fs), true, (const char *const[]){"--json", NULL});
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT(json_valid(r.out));
	CU_ASSERT(strstr(r.out, "\"pmds\": [\"test_vendor\", \"test_class\", \"test_subsys\"]}") !=
		  NULL);
	CU_ASSERT(strstr(r.out, "\"pmds\": [\"test_exact\", \"test_vendor\"]}") != NULL);
	result_free(&r);
	fake_sysfs_destroy(fs);
}

/* The command's source registers itself through this; the test keeps the command. */
void openeal_cmd_register(struct openeal_cmd *cmd)
{
	list_cmd = cmd;
}

static int suite_init(void)
{
	tmpdir = test_make_tmpdir("openeal-list-test");
	tree = fake_sysfs_create();
	if (tmpdir == NULL || tree == NULL)
		return -1;
	for (size_t i = 0; i < NB_DEVS; i++)
		if (fake_sysfs_add(tree, &tree_devs[i]) != 0)
			return -1;
	return 0;
}

static int suite_clean(void)
{
	fake_sysfs_destroy(tree);
	if (tmpdir != NULL)
		test_remove_tree(tmpdir);
	free(tmpdir);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s PATH_TO_OPENEAL\n", argv[0]);
		return 2;
	}
	openeal_bin = argv[1];
	for (size_t i = 0; i < sizeof(test_pmds) / sizeof(test_pmds[0]); i++)
		rte_pci_register(&test_pmds[i]);
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	CU_pSuite s = CU_add_suite("openeal list", suite_init, suite_clean);
	if (s == NULL || CU_add_test(s, "text, all devices", test_text_all) == NULL ||
	    CU_add_test(s, "json, all devices", test_json_all) == NULL ||
	    CU_add_test(s, "filters", test_filters) == NULL ||
	    CU_add_test(s, "address filter naming no device", test_missing_address) == NULL ||
	    CU_add_test(s, "usage errors", test_usage_errors) == NULL ||
	    CU_add_test(s, "scan failure", test_scan_failure) == NULL ||
	    CU_add_test(s, "empty tree", test_empty_tree) == NULL ||
	    CU_add_test(s, "json escaping", test_json_escaping) == NULL ||
	    CU_add_test(s, "populated tree", test_populated_tree) == NULL ||
	    CU_add_test(s, "PMD matching (in-process)", test_pmd_matching) == NULL) {
		CU_cleanup_registry();
		return 1;
	}
	int rc = test_run_registry();
	for (size_t i = 0; i < sizeof(test_pmds) / sizeof(test_pmds[0]); i++)
		rte_pci_unregister(&test_pmds[i]);
	return rc;
}
