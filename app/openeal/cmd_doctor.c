/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * openeal doctor [--json] [--iova-mode pa|va] [--no-huge]: what stands between this machine
 * and DMA from userspace. The IOMMU (present, kind, address width), physical-address access,
 * hugepages per size and NUMA node, hugetlbfs mounts, the locked-memory limit, the IOVA mode
 * rte_eal_init would choose and why (rte_eal_iova_evaluate: a scan, no init, no probe), and for
 * each PCI function its IOMMU group and domain, whether VFIO can use the group, the openeal
 * driver that would take it, and whether it can be probed, with the command that fixes it.
 */

#include <dirent.h>
#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <bus_driver.h>
#include <bus_pci_driver.h>
#include <pci_scan.h>
#include <rte_bus.h>
#include <rte_iova.h>
#include <rte_pci_bind.h>

#include "openeal_cmd.h"

#define MAX_IOMMUS 16
#define MAX_SIZES 4
#define MAX_NODES 8
#define MAX_MOUNTS 8
#define MAX_DESCRIBED 4096
#define CAP_IPC_LOCK_BIT 14

struct iommu_unit {
	char name[64];
	const char *kind;
};

struct hp_size {
	unsigned long kb, total, free;
	unsigned int nb_nodes;
	unsigned long node_total[MAX_NODES], node_free[MAX_NODES];
};

struct hp_mount {
	char dir[256];
	char pagesize[16]; /* the mount's pagesize= option, "" for the default */
};

struct dev_row {
	char name[PCI_PRI_STR_SIZE];
	const struct rte_pci_bind_status *st;
	enum rte_iova_domain domain;
	bool viable;	  /* VFIO can use the group */
	char blocker[96]; /* when not: the other function and its driver */
	char blocker_addr[PCI_PRI_STR_SIZE];
	const char *pmd; /* the openeal driver whose ID table matches, or NULL */
	bool probe;
	char why[RTE_IOVA_TEXT_LEN + 64];
};

struct doctor {
	bool json;
	enum rte_iova_mode requested;
	bool no_huge;
	const char *devices_dir;
	struct iommu_unit iommus[MAX_IOMMUS];
	unsigned int nb_iommus;
	struct hp_size sizes[MAX_SIZES];
	unsigned int nb_sizes;
	struct hp_mount mounts[MAX_MOUNTS];
	unsigned int nb_mounts;
	uint64_t memlock_limit; /* UINT64_MAX: unlimited */
	uint64_t locked_kb;
	bool cap_ipc_lock;
	struct rte_iova_report report;
	struct rte_iova_device *described;
	unsigned int nb_described;
	struct rte_pci_bind_status *status;
	size_t nb_status;
	struct dev_row *rows;
};

static void doctor_usage(FILE *f)
{
	fprintf(
	    f,
	    "usage: openeal doctor [--json] [--iova-mode pa|va] [--no-huge]\n"
	    "Check what userspace DMA needs on this machine: IOMMU, physical-address access,\n"
	    "hugepages, locked-memory limit, the IOVA mode rte_eal_init would choose (as with\n"
	    "the given EAL options) and why, and for each PCI function its IOMMU group, whether\n"
	    "it can be probed, and the command that fixes it. Nothing is probed or changed.\n");
}

static int read_text(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "re");

	if (f == NULL)
		return -1;
	size_t n = fread(buf, 1, size - 1, f);
	fclose(f);
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

static unsigned long read_ulong(const char *path)
{
	char text[32];

	return read_text(path, text, sizeof(text)) == 0 ? strtoul(text, NULL, 10) : 0;
}

static void find_iommus(struct doctor *d)
{
	const char *cls = getenv("SYSFS_CLASS_IOMMU");
	DIR *dir = opendir(cls != NULL && cls[0] != '\0' ? cls : "/sys/class/iommu");
	struct dirent *e;

	if (dir == NULL)
		return;
	while (d->nb_iommus < MAX_IOMMUS && (e = readdir(dir)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		struct iommu_unit *u = &d->iommus[d->nb_iommus++];
		snprintf(u->name, sizeof(u->name), "%.63s", e->d_name);
		u->kind = strncmp(e->d_name, "dmar", 4) == 0   ? "Intel VT-d"
			  : strncmp(e->d_name, "ivhd", 4) == 0 ? "AMD-Vi"
							       : "other";
	}
	closedir(dir);
}

static void find_hugepages(struct doctor *d)
{
	DIR *dir = opendir("/sys/kernel/mm/hugepages");
	struct dirent *e;
	char path[PATH_MAX];

	while (dir != NULL && d->nb_sizes < MAX_SIZES && (e = readdir(dir)) != NULL) {
		unsigned long kb;
		if (sscanf(e->d_name, "hugepages-%lukB", &kb) != 1)
			continue;
		struct hp_size *s = &d->sizes[d->nb_sizes++];
		s->kb = kb;
		snprintf(path, sizeof(path), "/sys/kernel/mm/hugepages/%s/nr_hugepages", e->d_name);
		s->total = read_ulong(path);
		snprintf(path, sizeof(path), "/sys/kernel/mm/hugepages/%s/free_hugepages",
			 e->d_name);
		s->free = read_ulong(path);
		for (unsigned int n = 0; n < MAX_NODES; n++) {
			snprintf(path, sizeof(path),
				 "/sys/devices/system/node/node%u/hugepages/%s/nr_hugepages", n,
				 e->d_name);
			if (access(path, F_OK) != 0)
				break;
			s->node_total[n] = read_ulong(path);
			snprintf(path, sizeof(path),
				 "/sys/devices/system/node/node%u/hugepages/%s/free_hugepages", n,
				 e->d_name);
			s->node_free[n] = read_ulong(path);
			s->nb_nodes = n + 1;
		}
	}
	if (dir != NULL)
		closedir(dir);
	/* Ascending sizes, as people read them. */
	for (unsigned int i = 1; i < d->nb_sizes; i++)
		for (unsigned int j = i; j > 0 && d->sizes[j - 1].kb > d->sizes[j].kb; j--) {
			struct hp_size t = d->sizes[j];
			d->sizes[j] = d->sizes[j - 1];
			d->sizes[j - 1] = t;
		}

	FILE *f = fopen("/proc/mounts", "re");
	char line[512], dev[64], mdir[256], type[32], opts[256];
	while (f != NULL && d->nb_mounts < MAX_MOUNTS && fgets(line, sizeof(line), f) != NULL) {
		if (sscanf(line, "%63s %255s %31s %255s", dev, mdir, type, opts) != 4 ||
		    strcmp(type, "hugetlbfs") != 0)
			continue;
		struct hp_mount *m = &d->mounts[d->nb_mounts++];
		snprintf(m->dir, sizeof(m->dir), "%s", mdir);
		const char *ps = strstr(opts, "pagesize=");
		if (ps != NULL)
			snprintf(m->pagesize, sizeof(m->pagesize), "%.*s",
				 (int)strcspn(ps + 9, ","), ps + 9);
	}
	if (f != NULL)
		fclose(f);
}

static void find_memlock(struct doctor *d)
{
	struct rlimit rl;
	char line[128];

	d->memlock_limit = UINT64_MAX;
	if (getrlimit(RLIMIT_MEMLOCK, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
		d->memlock_limit = (uint64_t)rl.rlim_cur;
	FILE *f = fopen("/proc/self/status", "re");
	while (f != NULL && fgets(line, sizeof(line), f) != NULL) {
		unsigned long long v;
		if (sscanf(line, "VmLck: %llu kB", &v) == 1)
			d->locked_kb = v;
		else if (sscanf(line, "CapEff: %llx", &v) == 1)
			d->cap_ipc_lock = (v >> CAP_IPC_LOCK_BIT) & 1;
	}
	if (f != NULL)
		fclose(f);
}

static int name_is(const struct rte_device *dev, const void *name)
{
	return strcmp(dev->name, name);
}

/* The openeal PCI driver whose ID table matches the scanned device, or NULL. */
static const char *matching_pmd(const char *name)
{
	struct rte_bus *bus = rte_bus_find_by_name("pci");
	struct rte_device *dev = bus != NULL ? bus->find_device(NULL, name_is, name) : NULL;

	if (dev == NULL)
		return NULL;
	for (const struct rte_pci_driver *drv = rte_pci_driver_next(NULL); drv != NULL;
	     drv = rte_pci_driver_next(drv))
		if (rte_pci_driver_match(drv, RTE_DEV_TO_PCI(dev)))
			return drv->driver.name;
	return NULL;
}

/* Can VFIO use the group: every other function unbound or on vfio-pci/pci-stub/pcieport? */
static void check_viable(const struct doctor *d, struct dev_row *r)
{
	char path[PATH_MAX], link[PATH_MAX];

	r->viable = true;
	snprintf(path, sizeof(path), "%s/%s/iommu_group/devices", d->devices_dir, r->name);
	DIR *dir = opendir(path);
	struct dirent *e;
	while (dir != NULL && r->viable && (e = readdir(dir)) != NULL) {
		if (e->d_name[0] == '.' || strcmp(e->d_name, r->name) == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s/iommu_group/devices/%s/driver", d->devices_dir,
			 r->name, e->d_name);
		ssize_t n = readlink(path, link, sizeof(link) - 1);
		if (n <= 0)
			continue;
		link[n] = '\0';
		const char *drv = strrchr(link, '/') != NULL ? strrchr(link, '/') + 1 : link;
		if (strcmp(drv, "vfio-pci") == 0 || strcmp(drv, "pci-stub") == 0 ||
		    strcmp(drv, "pcieport") == 0)
			continue;
		r->viable = false;
		snprintf(r->blocker, sizeof(r->blocker), "%.40s is on %.40s", e->d_name, drv);
		snprintf(r->blocker_addr, sizeof(r->blocker_addr), "%.*s",
			 (int)sizeof(r->blocker_addr) - 1, e->d_name);
	}
	if (dir != NULL)
		closedir(dir);
}

static void judge(struct doctor *d, struct dev_row *r)
{
	const struct rte_pci_bind_status *st = r->st;
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", d->devices_dir, r->name);
	r->domain = rte_iova_domain_read(path);
	check_viable(d, r);
	r->pmd = matching_pmd(r->name);
	if (r->pmd == NULL) {
		snprintf(r->why, sizeof(r->why), "no openeal driver matches %04x:%04x",
			 st->vendor_id, st->device_id);
		return;
	}
	if (st->kind != RTE_PCI_BIND_USERSPACE) {
		snprintf(r->why, sizeof(r->why), "%s%s; fix: openeal bind vfio-pci %s",
			 st->kind == RTE_PCI_BIND_NONE ? "no kernel driver" : "on kernel driver ",
			 st->kind == RTE_PCI_BIND_NONE ? "" : st->driver, r->name);
		return;
	}
	if (strcmp(st->driver, "vfio-pci") == 0 && !r->viable) {
		snprintf(r->why, sizeof(r->why),
			 "IOMMU group %d is not usable by VFIO (%s); fix: openeal bind vfio-pci %s",
			 st->iommu_group, r->blocker, r->blocker_addr);
		return;
	}
	for (unsigned int i = 0; i < d->nb_described && i < MAX_DESCRIBED; i++) {
		if (strcmp(d->described[i].name, r->name) != 0)
			continue;
		r->probe = d->described[i].ok;
		snprintf(r->why, sizeof(r->why), "%s", d->described[i].why);
		return;
	}
	snprintf(r->why, sizeof(r->why), "its kernel driver %s has no openeal backend", st->driver);
}

static void json_string(const char *s)
{
	putchar('"');
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static void print_text(const struct doctor *d)
{
	const struct rte_iova_report *r = &d->report;

	printf("IOMMU: %s", r->iommu_present ? "present" : "none");
	for (unsigned int i = 0; i < d->nb_iommus; i++)
		printf("%s %s (%s)", i == 0 ? ":" : ",", d->iommus[i].name, d->iommus[i].kind);
	if (r->iommu_addr_bits != 0)
		printf("; address width %u bits", r->iommu_addr_bits);
	printf("; process addresses %u bits\n", r->va_bits);
	printf("physical addresses: %s\n",
	       r->phys_readable ? "readable (/proc/self/pagemap)"
				: "not readable (/proc/self/pagemap hides frame numbers without "
				  "CAP_SYS_ADMIN): IOVA as PA impossible; fix: run as root");
	printf("hugepages:");
	if (d->nb_sizes == 0)
		printf(" none supported");
	for (unsigned int i = 0; i < d->nb_sizes; i++) {
		const struct hp_size *s = &d->sizes[i];
		printf("%s %lu kB: %lu free of %lu", i == 0 ? "" : ";", s->kb, s->free, s->total);
		for (unsigned int n = 0; n < s->nb_nodes; n++)
			printf("%snode%u %lu/%lu", n == 0 ? " (" : ", ", n, s->node_free[n],
			       s->node_total[n]);
		if (s->nb_nodes > 0)
			putchar(')');
	}
	putchar('\n');
	printf("hugetlbfs mounts:");
	for (unsigned int i = 0; i < d->nb_mounts; i++)
		printf("%s %s%s%s%s", i == 0 ? "" : ",", d->mounts[i].dir,
		       d->mounts[i].pagesize[0] ? " (pagesize=" : "", d->mounts[i].pagesize,
		       d->mounts[i].pagesize[0] ? ")" : "");
	printf("%s\n", d->nb_mounts == 0 ? " none (anonymous hugepages need none)" : "");
	if (d->memlock_limit == UINT64_MAX)
		printf("memlock: limit unlimited");
	else
		printf("memlock: limit %" PRIu64 " kB", d->memlock_limit >> 10);
	printf("; locked now %" PRIu64 " kB; CAP_IPC_LOCK %s\n", d->locked_kb,
	       d->cap_ipc_lock ? "yes (the limit does not apply)" : "no");
	if (r->mode == RTE_IOVA_DC)
		printf("IOVA mode: rte_eal_init would fail (rule %s): %s\n", r->rule, r->reason);
	else
		printf("IOVA mode rte_eal_init would choose: %s (rule %s): %s\n",
		       rte_iova_mode_name(r->mode), r->rule, r->reason);
	printf("devices:%s\n", d->nb_status == 0 ? " none" : "");
	for (size_t i = 0; i < d->nb_status; i++) {
		const struct dev_row *row = &d->rows[i];
		printf("  %s %04x:%04x driver=%s", row->name, row->st->vendor_id,
		       row->st->device_id, row->st->driver[0] ? row->st->driver : "-");
		if (row->st->iommu_group >= 0)
			printf(" iommu_group=%d (%s, %s)", row->st->iommu_group,
			       rte_iova_domain_name(row->domain),
			       row->viable ? "viable for vfio" : "not viable for vfio");
		printf(" pmd=%s probe=%s%s%s\n", row->pmd != NULL ? row->pmd : "-",
		       row->probe ? "yes" : "no", row->why[0] ? ": " : "", row->why);
	}
}

static void print_json(const struct doctor *d)
{
	const struct rte_iova_report *r = &d->report;

	printf("{\"iommu\": {\"present\": %s, \"units\": [", r->iommu_present ? "true" : "false");
	for (unsigned int i = 0; i < d->nb_iommus; i++) {
		printf("%s{\"name\": ", i ? ", " : "");
		json_string(d->iommus[i].name);
		printf(", \"kind\": \"%s\"}", d->iommus[i].kind);
	}
	printf("], \"address_bits\": %u, \"va_bits\": %u},\n", r->iommu_addr_bits, r->va_bits);
	printf(" \"pagemap_readable\": %s,\n \"hugepages\": [",
	       r->phys_readable ? "true" : "false");
	for (unsigned int i = 0; i < d->nb_sizes; i++) {
		const struct hp_size *s = &d->sizes[i];
		printf("%s{\"size_kb\": %lu, \"total\": %lu, \"free\": %lu, \"nodes\": [",
		       i ? ", " : "", s->kb, s->total, s->free);
		for (unsigned int n = 0; n < s->nb_nodes; n++)
			printf("%s{\"node\": %u, \"total\": %lu, \"free\": %lu}", n ? ", " : "", n,
			       s->node_total[n], s->node_free[n]);
		printf("]}");
	}
	printf("],\n \"hugetlbfs_mounts\": [");
	for (unsigned int i = 0; i < d->nb_mounts; i++) {
		printf("%s{\"dir\": ", i ? ", " : "");
		json_string(d->mounts[i].dir);
		printf(", \"pagesize\": ");
		json_string(d->mounts[i].pagesize);
		putchar('}');
	}
	printf("],\n \"memlock\": {\"limit_kb\": ");
	if (d->memlock_limit == UINT64_MAX)
		printf("null");
	else
		printf("%" PRIu64, d->memlock_limit >> 10);
	printf(", \"locked_kb\": %" PRIu64 ", \"cap_ipc_lock\": %s},\n", d->locked_kb,
	       d->cap_ipc_lock ? "true" : "false");
	printf(" \"iova\": {\"requested\": \"%s\", \"mode\": ", rte_iova_mode_name(r->requested));
	if (r->mode == RTE_IOVA_DC)
		printf("null");
	else
		printf("\"%s\"", rte_iova_mode_name(r->mode));
	printf(", \"rule\": \"%s\", \"remap\": %s, \"reason\": ", r->rule,
	       r->iova_remap ? "true" : "false");
	json_string(r->reason);
	printf("},\n \"devices\": [");
	for (size_t i = 0; i < d->nb_status; i++) {
		const struct dev_row *row = &d->rows[i];
		printf("%s\n  {\"address\": \"%s\", \"vendor\": \"%04x\", \"device\": \"%04x\", "
		       "\"driver\": ",
		       i ? "," : "", row->name, row->st->vendor_id, row->st->device_id);
		if (row->st->driver[0])
			json_string(row->st->driver);
		else
			printf("null");
		printf(", \"iommu_group\": ");
		if (row->st->iommu_group >= 0)
			printf("%d, \"domain\": \"%s\", \"vfio_viable\": %s", row->st->iommu_group,
			       rte_iova_domain_name(row->domain), row->viable ? "true" : "false");
		else
			printf("null, \"domain\": \"none\", \"vfio_viable\": false");
		printf(", \"pmd\": ");
		if (row->pmd != NULL)
			json_string(row->pmd);
		else
			printf("null");
		printf(", \"probe\": %s, \"reason\": ", row->probe ? "true" : "false");
		json_string(row->why);
		putchar('}');
	}
	printf("%s]}\n", d->nb_status ? "\n " : "");
}

static int parse_args(struct doctor *d, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			doctor_usage(stdout);
			return 1;
		} else if (strcmp(a, "--json") == 0) {
			d->json = true;
		} else if (strcmp(a, "--no-huge") == 0) {
			d->no_huge = true;
		} else if (strcmp(a, "--iova-mode") == 0 && i + 1 < argc) {
			const char *v = argv[++i];
			if (strcmp(v, "pa") == 0)
				d->requested = RTE_IOVA_PA;
			else if (strcmp(v, "va") == 0)
				d->requested = RTE_IOVA_VA;
			else
				return openeal_cmd_fail(-OPENEAL_EXIT_USAGE, "doctor",
							"--iova-mode: invalid value '%s' (expected "
							"pa or va)",
							v);
		} else {
			return openeal_cmd_fail(-OPENEAL_EXIT_USAGE, "doctor",
						"unknown argument '%s' (openeal doctor --help)", a);
		}
	}
	return 0;
}

static int doctor_run(int argc, char **argv)
{
	struct doctor d = {.requested = RTE_IOVA_DC};
	int ret = parse_args(&d, argc, argv);

	if (ret != 0)
		return ret > 0 ? OPENEAL_EXIT_OK : -ret;
	const char *env = getenv("SYSFS_PCI_DEVICES");
	d.devices_dir = env != NULL && env[0] != '\0' ? env : "/sys/bus/pci/devices";
	find_iommus(&d);
	find_hugepages(&d);
	find_memlock(&d);

	struct rte_bus *bus = rte_bus_find_by_name("pci");
	int status = OPENEAL_EXIT_FAILURE;
	d.described = calloc(MAX_DESCRIBED, sizeof(*d.described));
	if (d.described == NULL || bus == NULL) {
		openeal_cmd_fail(OPENEAL_EXIT_FAILURE, "doctor", "%s",
				 bus == NULL ? "no PCI bus in this build" : "out of memory");
		goto out;
	}
	/* The bus logs why a scan failed. */
	if (rte_pci_scan() != 0 || rte_pci_bind_status_list(&d.status, &d.nb_status) != 0)
		goto out;
	int n =
	    rte_eal_iova_evaluate(d.requested, d.no_huge, &d.report, d.described, MAX_DESCRIBED);
	if (n < 0) {
		openeal_cmd_fail(OPENEAL_EXIT_FAILURE, "doctor", "cannot evaluate the IOVA mode");
		goto out;
	}
	d.nb_described = (unsigned int)n;
	d.rows = calloc(d.nb_status + 1, sizeof(*d.rows));
	if (d.rows == NULL) {
		openeal_cmd_fail(OPENEAL_EXIT_FAILURE, "doctor", "out of memory");
		goto out;
	}
	for (size_t i = 0; i < d.nb_status; i++) {
		d.rows[i].st = &d.status[i];
		rte_pci_device_name(&d.status[i].addr, d.rows[i].name, sizeof(d.rows[i].name));
		judge(&d, &d.rows[i]);
	}
	if (d.json)
		print_json(&d);
	else
		print_text(&d);
	status = OPENEAL_EXIT_OK;
out:
	if (bus != NULL && bus->cleanup != NULL)
		bus->cleanup();
	rte_pci_bind_status_free(d.status);
	free(d.rows);
	free(d.described);
	return status;
}

static struct openeal_cmd doctor_cmd = {
    .name = "doctor",
    .args = "[--json] [--iova-mode pa|va] [--no-huge]",
    .summary = "Check IOMMU, hugepages, memlock, the IOVA mode init would choose, each device",
    .run = doctor_run,
};
OPENEAL_CMD_REGISTER(doctor_cmd)
