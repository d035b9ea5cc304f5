/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Reading the devices of a sysfs PCI devices directory.
 *
 * Scan time is dominated by file operations, so each device costs as few system calls as
 * possible: its directory is opened once with O_PATH (resolving the bus/pci/devices symlink
 * once) and every file is opened relative to it; "uevent" gives ids, subsystem ids, class and
 * driver in one read; each file is read with a single read() into a stack buffer; links are
 * read with readlinkat; optional files are first looked up with readlinkat, which fails
 * without allocating a file as a failed openat does; IOMMU group links are checked against one
 * listing of their directory (pci_scan_groups.h) rather than followed one by one; a VF is not
 * looked at for SR-IOV files, which only a PF has. The directory entries are sorted once,
 * then scanned by one thread per CPU (the work is all system calls on distinct files, which
 * the kernel runs in parallel), and the results are already in address order.
 *
 * A device whose files are missing, unreadable or malformed is skipped with one warning naming
 * it, the file and the reason; the scan goes on with the others. Warnings are collected and
 * printed after the scan, in address order, so that the output does not depend on threads.
 */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_errno.h>

#include "eal_file.h"
#include "pci_backend.h"
#include "pci_private.h"
#include "pci_scan_groups.h"
#include "pci_sysfs_parse.h"

/* Larger than any file the kernel writes there (17 resource lines of 57 bytes at most). */
#define PCI_UEVENT_MAX 1024
#define PCI_RESOURCE_MAX 2048
#define PCI_VALUE_MAX 64
#define PCI_WHY_MAX 160

/* Devices handed to a thread at a time: small, so threads finish together; the shared counter
 * costs one atomic add per chunk. */
#define PCI_SCAN_CHUNK 8
/* Below this many devices per thread, starting a thread costs more than it saves. */
#define PCI_SCAN_PER_THREAD 128
#define PCI_SCAN_MAX_THREADS 8

struct scan_ctx {
	int dirfd;		       /* the device's directory */
	struct pci_group_dirs *groups; /* the scan's IOMMU group listings; NULL: one device */
	const char *name;	       /* its entry in the devices directory */
	struct pci_scan_entry *entry;  /* where the result or the warning goes */
	char why[PCI_WHY_MAX];	       /* reason of the failure being reported */
};

static void skip_device(struct scan_ctx *c, const char *file, const char *fmt, ...)
    __rte_format_printf(3, 4);

/* Record why the device is skipped; the warning is printed after the scan. */
static void skip_device(struct scan_ctx *c, const char *file, const char *fmt, ...)
{
	char reason[PCI_WHY_MAX + 64];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	if (asprintf(&c->entry->warning, "skipping device %s: %s: %s", c->name, file, reason) < 0) {
		/* No memory to keep it: say it now rather than not at all. */
		c->entry->warning = NULL;
		PCI_LOG(WARNING, "skipping device %s: %s: %s", c->name, file, reason);
	}
}

/*
 * Read a small file of the device into buf (NUL-terminated) with one read(): sysfs attributes
 * are produced whole on the first read. Length, or -errno (-EFBIG when it does not fit).
 */
static ssize_t read_attr(int dirfd, const char *file, char *buf, size_t size)
{
	ssize_t n = eal_file_read_small(dirfd, file, buf, size);
	return n >= 0 && (size_t)n == size - 1 ? -EFBIG : n;
}

static const char *read_error(ssize_t rc, size_t size, char *out, size_t outlen)
{
	if (rc == -EFBIG)
		snprintf(out, outlen, "longer than %zu bytes", size - 1);
	else if (rc == -ENOENT)
		snprintf(out, outlen, "missing");
	else
		snprintf(out, outlen, "cannot read: %s", eal_file_strerror((int)-rc));
	return out;
}

/* Read a required file; on failure report the device skipped. */
static ssize_t read_required(struct scan_ctx *c, const char *file, char *buf, size_t size)
{
	ssize_t n = read_attr(c->dirfd, file, buf, size);
	if (n < 0)
		skip_device(c, file, "%s", read_error(n, size, c->why, sizeof(c->why)));
	return n;
}

/* Is there an entry of that name? readlinkat fails with EINVAL on a file that exists. */
static bool entry_exists(int dirfd, const char *file)
{
	char c;
	return readlinkat(dirfd, file, &c, 1) >= 0 || errno != ENOENT;
}

/*
 * An optional number: *value unchanged when the file does not exist. 0 or -1 (reported).
 * rare: the file is usually absent, so look it up first, which is cheaper than a failed open.
 */
static int read_optional_long(struct scan_ctx *c, const char *file, long min, long max, long *value,
			      bool rare)
{
	char buf[PCI_VALUE_MAX];

	if (rare && !entry_exists(c->dirfd, file))
		return 0;
	ssize_t n = read_attr(c->dirfd, file, buf, sizeof(buf));

	if (n == -ENOENT)
		return 0;
	if (n < 0) {
		skip_device(c, file, "%s", read_error(n, sizeof(buf), c->why, sizeof(c->why)));
		return -1;
	}
	if (pci_parse_long(buf, (size_t)n, min, max, value, c->why, sizeof(c->why)) != 0) {
		skip_device(c, file, "%s", c->why);
		return -1;
	}
	return 0;
}

/*
 * An optional link: 1 with its target in buf, 0 when absent, -1 (reported) when it is not a
 * link or its target does not fit.
 */
static int read_optional_link(struct scan_ctx *c, const char *file, char *buf, size_t size)
{
	ssize_t n = readlinkat(c->dirfd, file, buf, size - 1);

	if (n < 0 && errno == ENOENT)
		return 0;
	if (n < 0) {
		skip_device(c, file, "%s",
			    errno == EINVAL ? "not a symbolic link" : strerror(errno));
		return -1;
	}
	if ((size_t)n == size - 1) {
		skip_device(c, file, "link target longer than %zu bytes", size - 2);
		return -1;
	}
	buf[n] = '\0';
	return 1;
}

/*
 * A link read by read_optional_link must resolve: a group or PF that does not exist is a
 * broken tree, and catching it here beats a confusing failure at bind or map time. 0, or -1
 * (reported).
 */
static int check_link_resolves(struct scan_ctx *c, const char *file, const char *target)
{
	if (faccessat(c->dirfd, file, F_OK, 0) == 0)
		return 0;
	skip_device(c, file, "%s link to '%s'",
		    errno == ELOOP    ? "looping"
		    : errno == ENOENT ? "dangling"
				      : "unusable",
		    target);
	return -1;
}

static int scan_uevent(struct scan_ctx *c, struct rte_pci_device *dev)
{
	char buf[PCI_UEVENT_MAX];
	struct pci_uevent ue;
	ssize_t n = read_required(c, "uevent", buf, sizeof(buf));

	if (n < 0)
		return -1;
	if (pci_parse_uevent(buf, (size_t)n, &ue, c->why, sizeof(c->why)) != 0) {
		skip_device(c, "uevent", "%s", c->why);
		return -1;
	}
	if (ue.has_slot && rte_pci_addr_cmp(&ue.slot, &dev->addr) != 0) {
		skip_device(c, "uevent",
			    "PCI_SLOT_NAME " PCI_PRI_FMT " differs from the directory name",
			    ue.slot.domain, ue.slot.bus, ue.slot.devid, ue.slot.function);
		return -1;
	}
	dev->id.vendor_id = ue.vendor_id;
	dev->id.device_id = ue.device_id;
	dev->id.subsystem_vendor_id = ue.subsystem_vendor_id;
	dev->id.subsystem_device_id = ue.subsystem_device_id;
	dev->id.class_id = ue.class_id;
	memcpy(dev->kdrv_name, ue.driver, sizeof(dev->kdrv_name));
	return 0;
}

static int scan_resource(struct scan_ctx *c, struct rte_pci_device *dev)
{
	char buf[PCI_RESOURCE_MAX];
	ssize_t n = read_required(c, "resource", buf, sizeof(buf));

	if (n < 0)
		return -1;
	if (pci_parse_resource(buf, (size_t)n, dev->resource, RTE_PCI_MAX_RESOURCE_LINES,
			       &dev->nb_resources, c->why, sizeof(c->why)) != 0) {
		skip_device(c, "resource", "%s", c->why);
		return -1;
	}
	/* As DPDK: mem_resource describes memory BARs only; I/O BARs go through ioport. */
	for (int i = 0; i < PCI_MAX_RESOURCE; i++) {
		if ((dev->resource[i].flags & RTE_PCI_IORESOURCE_MEM) == 0)
			continue;
		dev->mem_resource[i].phys_addr = dev->resource[i].start;
		dev->mem_resource[i].len = dev->resource[i].len;
	}
	return 0;
}

static int scan_revision(struct scan_ctx *c, struct rte_pci_device *dev)
{
	char buf[PCI_VALUE_MAX];
	uint64_t v;
	ssize_t n = read_required(c, "revision", buf, sizeof(buf));

	if (n < 0)
		return -1;
	if (pci_parse_hex(buf, (size_t)n, 0xff, &v, c->why, sizeof(c->why)) != 0) {
		skip_device(c, "revision", "%s", c->why);
		return -1;
	}
	dev->revision = (uint8_t)v;
	return 0;
}

/* SR-IOV: the enabled VF count (sriov_numvfs, or igb_uio's own max_vfs) and the maximum. */
static int scan_sriov(struct scan_ctx *c, struct rte_pci_device *dev)
{
	long numvfs = -1, totalvfs = 0;

	if (read_optional_long(c, "sriov_numvfs", 0, UINT16_MAX, &numvfs, true) != 0)
		return -1;
	if (numvfs < 0) {
		/* Only igb_uio has max_vfs; trying it on every device would cost a syscall each. */
		if (strcmp(dev->kdrv_name, "igb_uio") == 0 &&
		    read_optional_long(c, "max_vfs", 0, UINT16_MAX, &numvfs, true) != 0)
			return -1;
		dev->max_vfs = numvfs < 0 ? 0 : (uint16_t)numvfs;
		return 0;
	}
	dev->max_vfs = (uint16_t)numvfs;
	totalvfs = -1;
	if (read_optional_long(c, "sriov_totalvfs", 0, UINT16_MAX, &totalvfs, false) != 0)
		return -1;
	if (totalvfs < 0) {
		skip_device(c, "sriov_totalvfs", "missing although sriov_numvfs exists");
		return -1;
	}
	dev->sriov_totalvfs = (uint16_t)totalvfs;
	return 0;
}

static int scan_iommu_group(struct scan_ctx *c, struct rte_pci_device *dev)
{
	char target[PATH_MAX];
	long group;
	int rc = read_optional_link(c, "iommu_group", target, sizeof(target));

	dev->iommu_group = -1;
	if (rc <= 0)
		return rc;
	/* One device alone (no listings): its one link is cheaper to follow than a listing. */
	if ((c->groups == NULL || !pci_group_dirs_has(c->groups, c->dirfd, target)) &&
	    check_link_resolves(c, "iommu_group", target) != 0)
		return -1;
	if (pci_parse_link_number(target, &group, c->why, sizeof(c->why)) != 0) {
		skip_device(c, "iommu_group", "%s", c->why);
		return -1;
	}
	dev->iommu_group = (int)group;
	return 0;
}

static int scan_physfn(struct scan_ctx *c, struct rte_pci_device *dev)
{
	char target[PATH_MAX];
	int rc = read_optional_link(c, "physfn", target, sizeof(target));

	if (rc <= 0)
		return rc;
	if (check_link_resolves(c, "physfn", target) != 0)
		return -1;
	if (pci_parse_link_addr(target, &dev->physfn, c->why, sizeof(c->why)) != 0) {
		skip_device(c, "physfn", "%s", c->why);
		return -1;
	}
	dev->is_vf = true;
	return 0;
}

static int scan_files(struct scan_ctx *c, struct rte_pci_device *dev)
{
	long numa = -1;

	if (scan_uevent(c, dev) != 0 || scan_resource(c, dev) != 0 || scan_revision(c, dev) != 0)
		return -1;
	/* Absent on kernels without NUMA: unknown, not an error. */
	if (read_optional_long(c, "numa_node", -1, INT32_MAX, &numa, false) != 0)
		return -1;
	dev->device.numa_node = (int)numa;
	if (scan_iommu_group(c, dev) != 0 || scan_physfn(c, dev) != 0)
		return -1;
	/* A VF cannot have the SR-IOV capability (PCIe: it is a PF's), so it has no sriov_*. */
	if (!dev->is_vf && scan_sriov(c, dev) != 0)
		return -1;
	dev->backend = rte_pci_backend_find(dev->kdrv_name);
	if (dev->backend != NULL)
		dev->kdrv = dev->backend->kdrv;
	else
		dev->kdrv = dev->kdrv_name[0] != '\0' ? RTE_PCI_KDRV_UNKNOWN : RTE_PCI_KDRV_NONE;
	return 0;
}

static const char *open_error(int err)
{
	switch (err) {
	case ELOOP:
		return "looping symbolic link";
	case ENOENT:
		return "dangling symbolic link (or the device went away)";
	case ENOTDIR:
		return "not a directory";
	default:
		return strerror(err);
	}
}

/* One device into its entry: dev set, or warning set (skipped), or ENOMEM returned. */
static int scan_one(int devices_fd, struct pci_group_dirs *groups, struct pci_scan_entry *entry,
		    const struct rte_pci_addr *addr)
{
	char name[PCI_PRI_STR_SIZE + 1];
	struct scan_ctx c = {.name = name, .entry = entry, .groups = groups};
	struct pci_bus_device *pdev;

	rte_pci_device_name(addr, name, sizeof(name));
	/* O_PATH: only a handle to look names up from, cheaper than opening the directory. */
	c.dirfd = openat(devices_fd, name, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (c.dirfd < 0) {
		skip_device(&c, "device directory", "%s", open_error(errno));
		return 0;
	}
	pdev = calloc(1, sizeof(*pdev));
	if (pdev == NULL) {
		close(c.dirfd);
		return ENOMEM;
	}
	pdev->pci.addr = *addr;
	if (scan_files(&c, &pdev->pci) == 0)
		entry->dev = pdev;
	else
		free(pdev);
	close(c.dirfd);
	return 0;
}

static uint64_t addr_key(const struct rte_pci_addr *a)
{
	return ((uint64_t)a->domain << 24) | ((uint64_t)a->bus << 16) | ((uint64_t)a->devid << 8) |
	       a->function;
}

static void key_addr(uint64_t key, struct rte_pci_addr *a)
{
	a->domain = (uint32_t)(key >> 24);
	a->bus = (uint8_t)(key >> 16);
	a->devid = (uint8_t)(key >> 8);
	a->function = (uint8_t)key;
}

static int entry_cmp(const void *a, const void *b)
{
	const struct pci_scan_entry *x = a, *y = b;
	return (x->key > y->key) - (x->key < y->key);
}

/* Directory entries must be canonical addresses, as the kernel names them. */
static int parse_entry_name(const char *name, struct rte_pci_addr *addr)
{
	char canon[PCI_PRI_STR_SIZE + 1];

	if (rte_pci_addr_parse(name, addr) != 0)
		return -1;
	rte_pci_device_name(addr, canon, sizeof(canon));
	return strcmp(canon, name) == 0 ? 0 : -1;
}

/* The addresses of the devices directory, sorted. 0, or an errno. */
static int list_entries(int fd, const char *dir, struct pci_scan_entry **out, size_t *nb_out)
{
	struct pci_scan_entry *v = NULL;
	size_t nb = 0, cap = 0;
	struct dirent *e;

	DIR *d = fdopendir(fd);
	if (d == NULL) {
		int err = errno;
		close(fd);
		return err;
	}
	while ((e = readdir(d)) != NULL) {
		struct rte_pci_addr addr;

		if (e->d_name[0] == '.')
			continue;
		if (parse_entry_name(e->d_name, &addr) != 0) {
			PCI_LOG(WARNING, "skipping '%s' in %s: not a PCI address (DDDD:BB:DD.F)",
				e->d_name, dir);
			continue;
		}
		if (nb == cap) {
			size_t ncap = cap ? cap * 2 : 256;
			struct pci_scan_entry *nv = realloc(v, ncap * sizeof(*v));
			if (nv == NULL) {
				free(v);
				closedir(d);
				return ENOMEM;
			}
			v = nv;
			cap = ncap;
		}
		v[nb++] = (struct pci_scan_entry){.key = addr_key(&addr)};
	}
	closedir(d);
	/* Kernfs returns entries in creation order, not address order. */
	if (nb > 1)
		qsort(v, nb, sizeof(*v), entry_cmp);
	*out = v;
	*nb_out = nb;
	return 0;
}

struct scan_job {
	int devices_fd;
	struct pci_group_dirs groups;
	struct pci_scan_entry *v;
	size_t nb;
	atomic_size_t next; /* first entry not yet handed out */
	atomic_int err;
};

static void *scan_worker(void *arg)
{
	struct scan_job *job = arg;
	size_t first;

	while ((first = atomic_fetch_add(&job->next, PCI_SCAN_CHUNK)) < job->nb &&
	       atomic_load(&job->err) == 0) {
		size_t end = RTE_MIN(first + PCI_SCAN_CHUNK, job->nb);
		for (size_t i = first; i < end; i++) {
			struct rte_pci_addr addr;
			key_addr(job->v[i].key, &addr);
			int err = scan_one(job->devices_fd, &job->groups, &job->v[i], &addr);
			if (err != 0) {
				atomic_store(&job->err, err);
				break;
			}
		}
	}
	return NULL;
}

/*
 * How many threads scan nb devices: one per allowed CPU, but none with fewer than
 * PCI_SCAN_PER_THREAD devices. *helpers_cpus is where helpers may run: the allowed CPUs other
 * than the caller's. A helper left to the scheduler often starts on the caller's CPU and stays
 * there for milliseconds (seen on these 2-CPU VMs: a 256-device scan took from 17 to 34 µs per
 * device, run to run); bound to another CPU it runs beside the caller at once.
 */
static unsigned int scan_threads(size_t nb, cpu_set_t *helpers_cpus)
{
	size_t cpus = 1;

	if (sched_getaffinity(0, sizeof(*helpers_cpus), helpers_cpus) == 0)
		cpus = (size_t)CPU_COUNT(helpers_cpus);
	else
		CPU_ZERO(helpers_cpus);
	int self = sched_getcpu();
	if (self >= 0 && self < CPU_SETSIZE)
		CPU_CLR(self, helpers_cpus);
	size_t n = RTE_MIN(cpus, nb / PCI_SCAN_PER_THREAD);
	return (unsigned int)RTE_MAX(RTE_MIN(n, (size_t)PCI_SCAN_MAX_THREADS), (size_t)1);
}

/* Scan every entry, with helper threads when there are many; all joined on return. */
static int scan_entries(struct scan_job *job)
{
	pthread_t tids[PCI_SCAN_MAX_THREADS - 1];
	pthread_attr_t attr, *attrp = NULL;
	cpu_set_t helpers_cpus;
	unsigned int started = 0, want = scan_threads(job->nb, &helpers_cpus);

	if (want > 1 && CPU_COUNT(&helpers_cpus) > 0 && pthread_attr_init(&attr) == 0) {
		attrp = &attr;
		/* Unbound helpers still help: a failure here only loses the placement. */
		(void)pthread_attr_setaffinity_np(attrp, sizeof(helpers_cpus), &helpers_cpus);
	}
	/* A thread that cannot start leaves its share to the others. */
	while (started + 1 < want && pthread_create(&tids[started], attrp, scan_worker, job) == 0)
		started++;
	if (attrp != NULL)
		pthread_attr_destroy(attrp);
	scan_worker(job);
	for (unsigned int i = 0; i < started; i++)
		pthread_join(tids[i], NULL);
	return atomic_load(&job->err);
}

static void free_entries(struct pci_scan_entry *v, size_t nb)
{
	for (size_t i = 0; i < nb; i++) {
		free(v[i].dev);
		free(v[i].warning);
	}
	free(v);
}

int pci_sysfs_scan_dir(const char *dir, struct pci_scan_entry **out, size_t *nb_out,
		       bool log_skipped)
{
	struct scan_job job = {.nb = 0};
	int err;

	*out = NULL;
	*nb_out = 0;
	job.devices_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (job.devices_fd < 0) {
		rte_errno = errno;
		return -1;
	}
	/* list_entries takes the descriptor; a second one stays for the scan. */
	int list_fd = fcntl(job.devices_fd, F_DUPFD_CLOEXEC, 0);
	err = list_fd < 0 ? errno : list_entries(list_fd, dir, &job.v, &job.nb);
	if (err == 0) {
		pci_group_dirs_init(&job.groups);
		err = scan_entries(&job);
		pci_group_dirs_release(&job.groups);
	}
	close(job.devices_fd);
	if (err != 0) {
		free_entries(job.v, job.nb);
		rte_errno = err;
		return -1;
	}
	/* Report the skipped devices in address order and keep the others, still sorted. */
	size_t kept = 0;
	for (size_t i = 0; i < job.nb; i++) {
		if (job.v[i].warning != NULL) {
			if (log_skipped)
				PCI_LOG(WARNING, "%s", job.v[i].warning);
			free(job.v[i].warning);
		}
		if (job.v[i].dev != NULL)
			job.v[kept++] =
			    (struct pci_scan_entry){.key = job.v[i].key, .dev = job.v[i].dev};
	}
	*out = job.v;
	*nb_out = kept;
	return 0;
}

int pci_sysfs_scan_addr(const char *dir, const struct rte_pci_addr *addr,
			struct pci_scan_entry *out)
{
	*out = (struct pci_scan_entry){.key = addr_key(addr)};
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		rte_errno = errno;
		return -1;
	}
	int err = scan_one(fd, NULL, out, addr);
	close(fd);
	if (err != 0) {
		free(out->warning);
		out->warning = NULL;
		rte_errno = err;
		return -1;
	}
	return 0;
}
