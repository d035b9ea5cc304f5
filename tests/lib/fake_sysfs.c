/* SPDX-License-Identifier: BSD-3-Clause */
#include "fake_sysfs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/pci_regs.h>

/*
 * This file plays the kernel: it writes what drivers/pci/pci-sysfs.c and pci_uevent() print,
 * so it uses the kernel's own constants (linux/pci_regs.h, and include/linux/ioport.h below)
 * rather than the library's, which it is there to test.
 */
#define IORESOURCE_IO 0x00000100
#define IORESOURCE_MEM 0x00000200
#define IORESOURCE_PREFETCH 0x00002000
#define IORESOURCE_READONLY 0x00004000
#define IORESOURCE_SIZEALIGN 0x00040000
#define IORESOURCE_MEM_64 0x00100000

/* Endpoints print 13 resource lines: 6 BARs, the ROM and 6 SR-IOV BARs (PCI_BRIDGE_RESOURCES). */
#define FAKE_NB_RES 13
#define FAKE_ROM_RES 6
#define FAKE_IOV_RES 7
#define ADDR_LEN 24

/* What remove() needs to find every link to a device. */
struct fake_rec {
	char addr[ADDR_LEN];
	char dir[64]; /* "devices/pci<DDDD>:<BB>/<bdf>", relative to the root */
	char driver[64];
	char net_ifname[32];
	char physfn[ADDR_LEN];
	int iommu_group;
};

struct fake_sysfs {
	char *root;
	char *devices_dir;
	int rootfd;
	struct fake_rec *recs;
	size_t nb_recs, cap_recs;
};

static int put_file(int dfd, const char *name, const void *data, size_t len, mode_t mode)
{
	int fd = openat(dfd, name, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, mode);
	if (fd < 0)
		return -1;
	ssize_t w = len > 0 ? write(fd, data, len) : 0;
	int err = errno;
	close(fd);
	if (w != (ssize_t)len) {
		errno = w < 0 ? err : EIO;
		return -1;
	}
	return 0;
}

__attribute__((format(printf, 3, 4))) static int put_fmt(int dfd, const char *name, const char *fmt,
							 ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(buf)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return put_file(dfd, name, buf, (size_t)n, 0444);
}

__attribute__((format(printf, 3, 4))) static int fmt_path(char *buf, size_t size, const char *fmt,
							  ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= size) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

static int mkdir_ok_if_exists(int dfd, const char *path)
{
	if (mkdirat(dfd, path, 0755) == 0 || errno == EEXIST)
		return 0;
	return -1;
}

/* Remove a directory tree without following links, relative to parentfd. */
static int remove_tree_at(int parentfd, const char *name)
{
	int fd = openat(parentfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOTDIR || errno == ELOOP)
			return unlinkat(parentfd, name, 0);
		return -1;
	}
	DIR *d = fdopendir(fd);
	if (d == NULL) {
		close(fd);
		return -1;
	}
	int rc = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (e->d_type == DT_DIR) {
			if (remove_tree_at(fd, e->d_name) != 0)
				rc = -1;
		} else if (unlinkat(fd, e->d_name, 0) != 0) {
			rc = -1;
		}
	}
	closedir(d);
	if (unlinkat(parentfd, name, AT_REMOVEDIR) != 0)
		rc = -1;
	return rc;
}

/* Only the canonical form the kernel names devices with: "%04x:%02x:%02x.%x". */
static int check_addr(const char *addr)
{
	unsigned int dom, bus, dev, fn;
	char canon[ADDR_LEN];
	if (addr == NULL || sscanf(addr, "%x:%x:%x.%x", &dom, &bus, &dev, &fn) != 4 || bus > 0xff ||
	    dev > 0x1f || fn > 7)
		goto bad;
	snprintf(canon, sizeof(canon), "%04x:%02x:%02x.%x", dom, bus, dev, fn);
	if (strcmp(canon, addr) != 0)
		goto bad;
	return 0;
bad:
	errno = EINVAL;
	return -1;
}

/* "0000:00:02.0" -> "pci0000:00": the root bus directory the device hangs under. */
static void parent_dir_of(const char *addr, char *out, size_t size)
{
	const char *dot = strrchr(addr, ':'); /* before the device number */
	snprintf(out, size, "pci%.*s", (int)(dot - addr), addr);
}

static struct fake_rec *find_rec(struct fake_sysfs *fs, const char *addr)
{
	for (size_t i = 0; i < fs->nb_recs; i++)
		if (strcmp(fs->recs[i].addr, addr) == 0)
			return &fs->recs[i];
	errno = ENOENT;
	return NULL;
}

struct fake_sysfs *fake_sysfs_create(void)
{
	const char *base = getenv("TMPDIR");
	if (base == NULL || base[0] == '\0')
		base = "/dev/shm";
	struct fake_sysfs *fs = calloc(1, sizeof(*fs));
	if (fs == NULL)
		return NULL;
	fs->rootfd = -1;
	char path[PATH_MAX];
	if (fmt_path(path, sizeof(path), "%s/openeal-sysfs.XXXXXX", base) != 0 ||
	    mkdtemp(path) == NULL)
		goto fail;
	fs->root = strdup(path);
	if (fs->root == NULL)
		goto fail;
	fs->rootfd = open(fs->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fs->rootfd < 0 || fmt_path(path, sizeof(path), "%s/bus/pci/devices", fs->root) != 0)
		goto fail;
	fs->devices_dir = strdup(path);
	if (fs->devices_dir == NULL)
		goto fail;
	static const char *const dirs[] = {
	    "bus",	"bus/pci", "bus/pci/devices",	  "bus/pci/drivers",
	    "devices",	"kernel",  "kernel/iommu_groups", "class",
	    "class/net"};
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		if (mkdirat(fs->rootfd, dirs[i], 0755) != 0)
			goto fail;
	if (put_file(fs->rootfd, "bus/pci/drivers_probe", NULL, 0, 0200) != 0 ||
	    put_file(fs->rootfd, "bus/pci/rescan", NULL, 0, 0200) != 0)
		goto fail;
	return fs;
fail:;
	int err = errno;
	fake_sysfs_destroy(fs);
	errno = err;
	return NULL;
}

const char *fake_sysfs_root(const struct fake_sysfs *fs)
{
	return fs->root;
}

const char *fake_sysfs_devices_dir(const struct fake_sysfs *fs)
{
	return fs->devices_dir;
}

/* 256 bytes of type-0 header built from the ids and BARs, as the device would answer. */
static void synth_config(const struct fake_pci_dev *d, const struct fake_pci_bar *res, uint8_t *cfg)
{
	memset(cfg, 0, 256);
	uint16_t cmd = 0;
	for (int i = 0; i < 6; i++)
		if (res[i].size != 0)
			cmd |= (res[i].flags & IORESOURCE_IO) ? PCI_COMMAND_IO : PCI_COMMAND_MEMORY;
	if (d->driver == NULL)
		cmd = 0; /* nobody enabled decoding */
	else
		cmd |= PCI_COMMAND_MASTER;
	uint32_t dw[64] = {0};
	dw[PCI_VENDOR_ID / 4] = d->vendor | (uint32_t)d->device << 16;
	dw[PCI_COMMAND / 4] = cmd;
	dw[PCI_CLASS_REVISION / 4] = d->revision | (d->class_code & 0xffffff) << 8;
	dw[PCI_SUBSYSTEM_VENDOR_ID / 4] = d->subsys_vendor | (uint32_t)d->subsys_device << 16;
	dw[PCI_INTERRUPT_LINE / 4] = (uint32_t)1 << 8; /* INTA# */
	for (int i = 0; i < 6; i++) {
		const struct fake_pci_bar *b = &res[i];
		if (b->size == 0)
			continue;
		int reg = PCI_BASE_ADDRESS_0 / 4 + i;
		if (b->flags & IORESOURCE_IO) {
			dw[reg] = (uint32_t)(b->start & PCI_BASE_ADDRESS_IO_MASK) |
				  PCI_BASE_ADDRESS_SPACE_IO;
			continue;
		}
		dw[reg] = (uint32_t)(b->start & PCI_BASE_ADDRESS_MEM_MASK);
		if (b->flags & IORESOURCE_PREFETCH)
			dw[reg] |= PCI_BASE_ADDRESS_MEM_PREFETCH;
		if ((b->flags & IORESOURCE_MEM_64) && i < 5) {
			dw[reg] |= PCI_BASE_ADDRESS_MEM_TYPE_64;
			dw[reg + 1] = (uint32_t)(b->start >> 32);
		}
	}
	if (res[FAKE_ROM_RES].size != 0) /* present but disabled, as after boot */
		dw[PCI_ROM_ADDRESS / 4] =
		    (uint32_t)(res[FAKE_ROM_RES].start & PCI_ROM_ADDRESS_MASK);
	for (int i = 0; i < 64; i++)
		for (int b = 0; b < 4; b++)
			cfg[i * 4 + b] = (uint8_t)(dw[i] >> (8 * b));
}

static int write_resource(int dfd, const struct fake_pci_bar *res, unsigned int nb)
{
	char buf[FAKE_NB_RES * 60 + 1];
	size_t len = 0;
	for (unsigned int i = 0; i < nb; i++) {
		const struct fake_pci_bar *b = &res[i];
		uint64_t end = b->size != 0 ? b->start + b->size - 1 : 0;
		uint64_t start = b->size != 0 ? b->start : 0;
		uint64_t flags = b->size != 0 ? b->flags : 0;
		len += (size_t)snprintf(buf + len, sizeof(buf) - len,
					"0x%016" PRIx64 " 0x%016" PRIx64 " 0x%016" PRIx64 "\n",
					start, end, flags);
	}
	return put_file(dfd, "resource", buf, len, 0444);
}

static int write_ids(int dfd, const struct fake_pci_dev *d)
{
	uint32_t cls = d->class_code & 0xffffff;
	char drv[80] = "";
	if (d->driver != NULL)
		snprintf(drv, sizeof(drv), "DRIVER=%s\n", d->driver);
	/* DRIVER= comes from dev_uevent(), the rest from pci_uevent(); note its lower-case
	 * prog-if in MODALIAS. */
	if (put_fmt(dfd, "uevent",
		    "%sPCI_CLASS=%04X\nPCI_ID=%04X:%04X\nPCI_SUBSYS_ID=%04X:%04X\n"
		    "PCI_SLOT_NAME=%s\nMODALIAS=pci:v%08Xd%08Xsv%08Xsd%08Xbc%02Xsc%02Xi%02x\n",
		    drv, cls, d->vendor, d->device, d->subsys_vendor, d->subsys_device, d->addr,
		    d->vendor, d->device, d->subsys_vendor, d->subsys_device, cls >> 16,
		    (cls >> 8) & 0xff, cls & 0xff) != 0 ||
	    put_fmt(dfd, "vendor", "0x%04x\n", d->vendor) != 0 ||
	    put_fmt(dfd, "device", "0x%04x\n", d->device) != 0 ||
	    put_fmt(dfd, "subsystem_vendor", "0x%04x\n", d->subsys_vendor) != 0 ||
	    put_fmt(dfd, "subsystem_device", "0x%04x\n", d->subsys_device) != 0 ||
	    put_fmt(dfd, "class", "0x%06x\n", cls) != 0 ||
	    put_fmt(dfd, "revision", "0x%02x\n", d->revision) != 0)
		return -1;
	return 0;
}

static int link_driver(struct fake_sysfs *fs, int dfd, const struct fake_rec *r)
{
	char path[PATH_MAX], target[PATH_MAX];
	if (fmt_path(path, sizeof(path), "bus/pci/drivers/%s", r->driver) != 0)
		return -1;
	if (mkdirat(fs->rootfd, path, 0755) == 0) {
		int ddfd = openat(fs->rootfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (ddfd < 0)
			return -1;
		int rc = put_file(ddfd, "bind", NULL, 0, 0200) |
			 put_file(ddfd, "unbind", NULL, 0, 0200) |
			 put_file(ddfd, "new_id", NULL, 0, 0200) |
			 put_file(ddfd, "remove_id", NULL, 0, 0200);
		close(ddfd);
		if (rc != 0)
			return -1;
	} else if (errno != EEXIST) {
		return -1;
	}
	if (fmt_path(path, sizeof(path), "bus/pci/drivers/%s/%s", r->driver, r->addr) != 0 ||
	    fmt_path(target, sizeof(target), "../../../../%s", r->dir) != 0 ||
	    symlinkat(target, fs->rootfd, path) != 0)
		return -1;
	if (fmt_path(target, sizeof(target), "../../../bus/pci/drivers/%s", r->driver) != 0)
		return -1;
	return symlinkat(target, dfd, "driver");
}

static int link_iommu_group(struct fake_sysfs *fs, int dfd, const struct fake_rec *r,
			    const char *type)
{
	char path[PATH_MAX], target[PATH_MAX];
	if (fmt_path(path, sizeof(path), "kernel/iommu_groups/%d", r->iommu_group) != 0)
		return -1;
	if (mkdirat(fs->rootfd, path, 0755) == 0) {
		int gfd = openat(fs->rootfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (gfd < 0)
			return -1;
		int rc = put_fmt(gfd, "type", "%s\n", type != NULL ? type : "DMA") |
			 mkdirat(gfd, "devices", 0755);
		close(gfd);
		if (rc != 0)
			return -1;
	} else if (errno != EEXIST) {
		return -1;
	}
	if (fmt_path(path, sizeof(path), "kernel/iommu_groups/%d/devices/%s", r->iommu_group,
		     r->addr) != 0 ||
	    fmt_path(target, sizeof(target), "../../../../%s", r->dir) != 0 ||
	    symlinkat(target, fs->rootfd, path) != 0)
		return -1;
	if (fmt_path(target, sizeof(target), "../../../kernel/iommu_groups/%d", r->iommu_group) !=
	    0)
		return -1;
	return symlinkat(target, dfd, "iommu_group");
}

/* physfn in the VF, and the first free virtfnN in the PF, which must already exist. */
static int link_sriov(struct fake_sysfs *fs, int dfd, const struct fake_rec *r)
{
	char path[PATH_MAX], target[PATH_MAX], parent[32];
	parent_dir_of(r->physfn, parent, sizeof(parent));
	if (fmt_path(path, sizeof(path), "devices/%s/%s", parent, r->physfn) != 0)
		return -1;
	int pfd = openat(fs->rootfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (pfd < 0)
		return -1;
	int rc = -1;
	if (fmt_path(target, sizeof(target), "../%s", r->addr) != 0)
		goto out;
	for (unsigned int i = 0; i < 65536; i++) {
		char name[32];
		snprintf(name, sizeof(name), "virtfn%u", i);
		if (symlinkat(target, pfd, name) == 0) {
			rc = 0;
			break;
		}
		if (errno != EEXIST)
			goto out;
	}
	if (rc == 0 && fmt_path(target, sizeof(target), "../%s", r->physfn) == 0)
		rc = symlinkat(target, dfd, "physfn");
	else
		rc = -1;
out:
	close(pfd);
	return rc;
}

static int add_net(struct fake_sysfs *fs, int dfd, const struct fake_rec *r, bool up)
{
	char path[PATH_MAX], target[PATH_MAX];
	if (mkdir_ok_if_exists(dfd, "net") != 0 ||
	    fmt_path(path, sizeof(path), "net/%s", r->net_ifname) != 0 ||
	    mkdirat(dfd, path, 0755) != 0)
		return -1;
	int nfd = openat(dfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (nfd < 0)
		return -1;
	fmt_path(target, sizeof(target), "../../../%s", r->addr);
	/* IFF_UP | IFF_BROADCAST | IFF_MULTICAST, or without IFF_UP */
	int rc = put_fmt(nfd, "operstate", "%s\n", up ? "up" : "down") |
		 put_fmt(nfd, "flags", "0x%x\n", up ? 0x1003 : 0x1002) |
		 symlinkat(target, nfd, "device");
	close(nfd);
	if (rc != 0)
		return -1;
	if (fmt_path(path, sizeof(path), "class/net/%s", r->net_ifname) != 0 ||
	    fmt_path(target, sizeof(target), "../../%s/net/%s", r->dir, r->net_ifname) != 0)
		return -1;
	return symlinkat(target, fs->rootfd, path);
}

static int fill_device_dir(struct fake_sysfs *fs, int dfd, const struct fake_pci_dev *d,
			   const struct fake_rec *r)
{
	const struct fake_pci_bar *res = d->res;
	unsigned int nb_res = d->nb_res != 0 ? d->nb_res : FAKE_NB_RES;
	if (nb_res > FAKE_NB_RES) {
		errno = EINVAL;
		return -1;
	}
	if (write_ids(dfd, d) != 0 || put_fmt(dfd, "numa_node", "%d\n", d->numa_node) != 0 ||
	    write_resource(dfd, res, nb_res) != 0 ||
	    put_fmt(dfd, "enable", "%d\n", d->driver != NULL) != 0 ||
	    put_fmt(dfd, "driver_override", "(null)\n") != 0 ||
	    symlinkat("../../../bus/pci", dfd, "subsystem") != 0)
		return -1;
	uint8_t cfg[256];
	const uint8_t *config = d->config;
	size_t config_len = d->config_len;
	if (config == NULL) {
		synth_config(d, res, cfg);
		config = cfg;
		config_len = sizeof(cfg);
	}
	if (put_file(dfd, "config", config, config_len, 0644) != 0)
		return -1;
	for (unsigned int i = 0; i < 6 && i < nb_res; i++) {
		char name[16];
		snprintf(name, sizeof(name), "resource%u", i);
		if (res[i].size != 0 && put_file(dfd, name, NULL, 0, 0600) != 0)
			return -1;
	}
	if (d->sriov_totalvfs > 0 &&
	    (put_fmt(dfd, "sriov_totalvfs", "%u\n", d->sriov_totalvfs) != 0 ||
	     put_fmt(dfd, "sriov_numvfs", "%u\n", d->sriov_numvfs) != 0))
		return -1;
	if (r->driver[0] != '\0' && link_driver(fs, dfd, r) != 0)
		return -1;
	if (r->iommu_group >= 0 && link_iommu_group(fs, dfd, r, d->iommu_group_type) != 0)
		return -1;
	if (r->physfn[0] != '\0' && link_sriov(fs, dfd, r) != 0)
		return -1;
	if (r->net_ifname[0] != '\0' && add_net(fs, dfd, r, d->net_up) != 0)
		return -1;
	return 0;
}

static int make_rec(const struct fake_pci_dev *d, struct fake_rec *r)
{
	memset(r, 0, sizeof(*r));
	char parent[32];
	if (check_addr(d->addr) != 0 || (d->physfn != NULL && check_addr(d->physfn) != 0))
		return -1;
	parent_dir_of(d->physfn != NULL ? d->physfn : d->addr, parent, sizeof(parent));
	if (fmt_path(r->addr, sizeof(r->addr), "%s", d->addr) != 0 ||
	    fmt_path(r->dir, sizeof(r->dir), "devices/%s/%s", parent, d->addr) != 0 ||
	    fmt_path(r->driver, sizeof(r->driver), "%s", d->driver ? d->driver : "") != 0 ||
	    fmt_path(r->net_ifname, sizeof(r->net_ifname), "%s",
		     d->net_ifname ? d->net_ifname : "") != 0 ||
	    fmt_path(r->physfn, sizeof(r->physfn), "%s", d->physfn ? d->physfn : "") != 0)
		return -1;
	r->iommu_group = d->iommu_group;
	return 0;
}

__attribute__((format(printf, 2, 3))) static void unlink_fmt(int dfd, const char *fmt, ...)
{
	char path[PATH_MAX];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < sizeof(path))
		unlinkat(dfd, path, 0);
}

/* Every trace of r, tolerating missing pieces (also undoes a half-done add). */
static int remove_rec_entries(struct fake_sysfs *fs, const struct fake_rec *r)
{
	char path[PATH_MAX];
	unlink_fmt(fs->rootfd, "bus/pci/devices/%s", r->addr);
	if (r->driver[0] != '\0')
		unlink_fmt(fs->rootfd, "bus/pci/drivers/%s/%s", r->driver, r->addr);
	if (r->net_ifname[0] != '\0')
		unlink_fmt(fs->rootfd, "class/net/%s", r->net_ifname);
	if (r->iommu_group >= 0)
		unlink_fmt(fs->rootfd, "kernel/iommu_groups/%d/devices/%s", r->iommu_group,
			   r->addr);
	if (r->physfn[0] != '\0') {
		char parent[32], target[64];
		parent_dir_of(r->physfn, parent, sizeof(parent));
		snprintf(target, sizeof(target), "../%s", r->addr);
		snprintf(path, sizeof(path), "devices/%s/%s", parent, r->physfn);
		int pfd = openat(fs->rootfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		DIR *d = pfd >= 0 ? fdopendir(pfd) : NULL;
		if (d == NULL && pfd >= 0)
			close(pfd);
		struct dirent *e;
		while (d != NULL && (e = readdir(d)) != NULL) {
			char link[64];
			if (strncmp(e->d_name, "virtfn", 6) != 0)
				continue;
			ssize_t n = readlinkat(pfd, e->d_name, link, sizeof(link) - 1);
			if (n > 0 && (link[n] = '\0', strcmp(link, target) == 0)) {
				unlinkat(pfd, e->d_name, 0);
				break;
			}
		}
		if (d != NULL)
			closedir(d);
	}
	return remove_tree_at(fs->rootfd, r->dir);
}

static int push_rec(struct fake_sysfs *fs, const struct fake_rec *r)
{
	if (fs->nb_recs == fs->cap_recs) {
		size_t cap = fs->cap_recs ? fs->cap_recs * 2 : 64;
		struct fake_rec *n = realloc(fs->recs, cap * sizeof(*n));
		if (n == NULL)
			return -1;
		fs->recs = n;
		fs->cap_recs = cap;
	}
	fs->recs[fs->nb_recs++] = *r;
	return 0;
}

/* Everything but the bus/pci/devices link, which is what a scan starts from. Touches nothing
 * in fs but the tree, so populate's workers can run it concurrently. */
static int create_device(struct fake_sysfs *fs, const struct fake_pci_dev *d, struct fake_rec *r)
{
	if (make_rec(d, r) != 0)
		return -1;
	char parent[PATH_MAX];
	fmt_path(parent, sizeof(parent), "%s", r->dir);
	*strrchr(parent, '/') = '\0';
	if (mkdir_ok_if_exists(fs->rootfd, parent) != 0 || mkdirat(fs->rootfd, r->dir, 0755) != 0)
		return -1;
	int dfd = openat(fs->rootfd, r->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc = dfd >= 0 ? fill_device_dir(fs, dfd, d, r) : -1;
	int err = errno;
	if (dfd >= 0)
		close(dfd);
	if (rc != 0)
		remove_rec_entries(fs, r);
	errno = err;
	return rc;
}

static int add_bus_link(struct fake_sysfs *fs, const struct fake_rec *r)
{
	char path[PATH_MAX], target[PATH_MAX];
	if (fmt_path(path, sizeof(path), "bus/pci/devices/%s", r->addr) != 0 ||
	    fmt_path(target, sizeof(target), "../../../%s", r->dir) != 0)
		return -1;
	return symlinkat(target, fs->rootfd, path);
}

static void drop_rec(struct fake_sysfs *fs, struct fake_rec *r)
{
	*r = fs->recs[--fs->nb_recs];
}

int fake_sysfs_add(struct fake_sysfs *fs, const struct fake_pci_dev *d)
{
	struct fake_rec r;
	if (d->addr != NULL && find_rec(fs, d->addr) != NULL) {
		errno = EEXIST;
		return -1;
	}
	if (create_device(fs, d, &r) != 0)
		return -1;
	if (add_bus_link(fs, &r) != 0 || push_rec(fs, &r) != 0) {
		int err = errno;
		remove_rec_entries(fs, &r);
		errno = err;
		return -1;
	}
	return 0;
}

int fake_sysfs_remove(struct fake_sysfs *fs, const char *addr)
{
	struct fake_rec *r = find_rec(fs, addr);
	if (r == NULL)
		return -1;
	int rc = remove_rec_entries(fs, r);
	drop_rec(fs, r);
	return rc;
}

static int open_dev_dir(struct fake_sysfs *fs, const char *addr)
{
	struct fake_rec *r = find_rec(fs, addr);
	if (r == NULL)
		return -1;
	return openat(fs->rootfd, r->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

/* Make room for a new entry called file: whatever is there (file, link, directory) goes. */
static int clear_entry(int dfd, const char *file)
{
	struct stat st;
	if (fstatat(dfd, file, &st, AT_SYMLINK_NOFOLLOW) != 0)
		return errno == ENOENT ? 0 : -1;
	if (S_ISDIR(st.st_mode))
		return remove_tree_at(dfd, file);
	return unlinkat(dfd, file, 0);
}

int fake_sysfs_set_attr(struct fake_sysfs *fs, const char *addr, const char *file, const void *data,
			size_t len)
{
	int dfd = open_dev_dir(fs, addr);
	if (dfd < 0)
		return -1;
	int rc = clear_entry(dfd, file);
	if (rc == 0)
		rc = put_file(dfd, file, data, len, 0644);
	int err = errno;
	close(dfd);
	errno = err;
	return rc;
}

int fake_sysfs_unlink_attr(struct fake_sysfs *fs, const char *addr, const char *file)
{
	int dfd = open_dev_dir(fs, addr);
	if (dfd < 0)
		return -1;
	struct stat st;
	int rc = fstatat(dfd, file, &st, AT_SYMLINK_NOFOLLOW);
	if (rc == 0)
		rc = clear_entry(dfd, file);
	int err = errno;
	close(dfd);
	errno = err;
	return rc;
}

int fake_sysfs_symlink_attr(struct fake_sysfs *fs, const char *addr, const char *file,
			    const char *target)
{
	int dfd = open_dev_dir(fs, addr);
	if (dfd < 0)
		return -1;
	int rc = clear_entry(dfd, file);
	if (rc == 0)
		rc = symlinkat(target, dfd, file);
	int err = errno;
	close(dfd);
	errno = err;
	return rc;
}

void fake_sysfs_close(struct fake_sysfs *fs)
{
	if (fs == NULL)
		return;
	if (fs->rootfd >= 0)
		close(fs->rootfd);
	free(fs->recs);
	free(fs->devices_dir);
	free(fs->root);
	free(fs);
}

void fake_sysfs_destroy(struct fake_sysfs *fs)
{
	if (fs == NULL)
		return;
	if (fs->root != NULL)
		remove_tree_at(AT_FDCWD, fs->root);
	fake_sysfs_close(fs);
}

/* ---- populate: a plausible server's worth of devices ---- */

struct gen {
	uint64_t rng;
	uint32_t rid;	 /* next free bus<<8|devfn in the current domain */
	uint64_t mem32;	 /* next free 32-bit MMIO address */
	uint64_t mem64;	 /* next free 64-bit MMIO address */
	uint64_t io;	 /* next free I/O port */
	int next_group;	 /* next IOMMU group number */
	uint32_t domain; /* current PCI domain */
	int numa_node;	 /* of the current domain */
	struct fake_pci_dev *devs;
	char (*addrs)[ADDR_LEN];
	unsigned int nb, max;
};

/* splitmix64: tiny, seedable, good enough to pick device kinds. */
static uint64_t gen_rand(struct gen *g)
{
	uint64_t z = (g->rng += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned int gen_pct(struct gen *g)
{
	return (unsigned int)(gen_rand(g) % 100);
}

#define MEM32 (IORESOURCE_MEM | IORESOURCE_SIZEALIGN)
#define MEM64 (IORESOURCE_MEM | IORESOURCE_MEM_64 | IORESOURCE_SIZEALIGN)
#define MEM64_PREF (MEM64 | IORESOURCE_PREFETCH)
#define IO_PORTS (IORESOURCE_IO | IORESOURCE_SIZEALIGN)
#define ROM_FLAGS \
	(IORESOURCE_MEM | IORESOURCE_PREFETCH | IORESOURCE_READONLY | IORESOURCE_SIZEALIGN)

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

/* Kernel flag values also carry the BAR's low bits (PCI_BASE_ADDRESS_*). */
static void gen_bar(struct gen *g, struct fake_pci_bar *b, uint64_t size, uint64_t flags)
{
	uint64_t *cursor = (flags & IORESOURCE_IO)	 ? &g->io
			   : (flags & IORESOURCE_MEM_64) ? &g->mem64
							 : &g->mem32;
	b->start = align_up(*cursor, size);
	b->size = size;
	b->flags = flags;
	if (flags & IORESOURCE_IO)
		b->flags |= PCI_BASE_ADDRESS_SPACE_IO;
	if (flags & IORESOURCE_MEM_64)
		b->flags |= PCI_BASE_ADDRESS_MEM_TYPE_64;
	if (flags & IORESOURCE_PREFETCH)
		b->flags |= PCI_BASE_ADDRESS_MEM_PREFETCH;
	*cursor = b->start + size;
}

static const char *gen_driver(struct gen *g, const char *kernel, unsigned int pct_kernel,
			      unsigned int pct_vfio, unsigned int pct_uio)
{
	unsigned int p = gen_pct(g);
	if (p < pct_kernel)
		return kernel;
	if (p < pct_kernel + pct_vfio)
		return "vfio-pci";
	if (p < pct_kernel + pct_vfio + pct_uio)
		return "uio_pci_generic";
	return NULL;
}

/* The next function at g->rid; returns NULL once max devices exist. */
static struct fake_pci_dev *gen_function(struct gen *g, uint16_t vendor, uint16_t device,
					 uint16_t sv, uint16_t sd, uint32_t cls, uint8_t rev)
{
	if (g->nb == g->max || g->rid > 0xffff)
		return NULL;
	unsigned int i = g->nb++;
	snprintf(g->addrs[i], ADDR_LEN, "%04x:%02x:%02x.%x", g->domain, g->rid >> 8,
		 (g->rid >> 3) & 0x1f, g->rid & 7);
	g->rid++;
	struct fake_pci_dev *d = &g->devs[i];
	*d = (struct fake_pci_dev){
	    .addr = g->addrs[i],
	    .vendor = vendor,
	    .device = device,
	    .subsys_vendor = sv,
	    .subsys_device = sd,
	    .class_code = cls,
	    .revision = rev,
	    .numa_node = g->numa_node,
	    .iommu_group = g->next_group++,
	    /* Most groups use the default DMA domain; newer kernels default to DMA-FQ. */
	    .iommu_group_type = (g->next_group % 16 == 0) ? "DMA-FQ" : NULL,
	};
	return d;
}

static void next_slot(struct gen *g)
{
	g->rid = (uint32_t)align_up(g->rid, 8);
}

/* Intel X710 style: 2 or 4 PFs, some with VFs right after them, as SR-IOV routes them. */
static void gen_nic_sriov(struct gen *g)
{
	unsigned int nb_pf = gen_pct(g) < 75 ? 2 : 4;
	unsigned int vfs = gen_pct(g) < 40 ? 2u << (gen_rand(g) % 3) : 0;
	unsigned int first = g->nb;
	next_slot(g);
	for (unsigned int f = 0; f < nb_pf; f++) {
		struct fake_pci_dev *d =
		    gen_function(g, 0x8086, 0x1572, 0x8086, 0x0007, 0x020000, 2);
		if (d == NULL)
			return;
		d->driver = gen_driver(g, "i40e", 45, 30, 10);
		gen_bar(g, &d->res[0], 8 << 20, MEM64_PREF);
		gen_bar(g, &d->res[3], 32 << 10, MEM64_PREF);
		gen_bar(g, &d->res[FAKE_IOV_RES], 64ull << 10 << 6, MEM64_PREF);
		gen_bar(g, &d->res[FAKE_IOV_RES + 3], 16ull << 10 << 6, MEM64_PREF);
		d->sriov_totalvfs = 64;
	}
	unsigned int nb_pf_made = g->nb - first;
	/* Shrink the VF count so the whole card fits in what is left. */
	while (vfs > 0 && nb_pf_made * vfs > g->max - g->nb)
		vfs /= 2;
	next_slot(g);
	for (unsigned int f = 0; f < nb_pf_made && vfs > 0; f++) {
		g->devs[first + f].sriov_numvfs = vfs;
		for (unsigned int v = 0; v < vfs; v++) {
			struct fake_pci_dev *d =
			    gen_function(g, 0x8086, 0x154c, 0x8086, 0x0000, 0x020000, 2);
			if (d == NULL)
				return;
			d->physfn = g->devs[first + f].addr;
			d->driver = gen_driver(g, "iavf", 40, 50, 0);
			gen_bar(g, &d->res[0], 64 << 10, MEM64_PREF);
			gen_bar(g, &d->res[3], 16 << 10, MEM64_PREF);
		}
	}
}

static void gen_nvme(struct gen *g)
{
	next_slot(g);
	struct fake_pci_dev *d = gen_function(g, 0x144d, 0xa808, 0x144d, 0xa801, 0x010802, 0);
	if (d == NULL)
		return;
	d->driver = gen_driver(g, "nvme", 70, 20, 0);
	gen_bar(g, &d->res[0], 16 << 10, MEM64);
}

static void gen_virtio_net(struct gen *g)
{
	next_slot(g);
	struct fake_pci_dev *d = gen_function(g, 0x1af4, 0x1000, 0x1af4, 0x0001, 0x020000, 0);
	if (d == NULL)
		return;
	d->driver = gen_driver(g, "virtio-pci", 60, 20, 10);
	gen_bar(g, &d->res[0], 32, IO_PORTS);
	gen_bar(g, &d->res[1], 4 << 10, MEM32);
	gen_bar(g, &d->res[4], 16 << 10, MEM64_PREF);
}

static void gen_e1000(struct gen *g)
{
	next_slot(g);
	struct fake_pci_dev *d = gen_function(g, 0x8086, 0x100e, 0x8086, 0x001e, 0x020000, 3);
	if (d == NULL)
		return;
	d->driver = gen_driver(g, "e1000", 60, 20, 0);
	gen_bar(g, &d->res[0], 128 << 10, MEM32);
	gen_bar(g, &d->res[1], 64, IO_PORTS);
	gen_bar(g, &d->res[FAKE_ROM_RES], 256 << 10, ROM_FLAGS);
}

static void gen_ahci(struct gen *g)
{
	next_slot(g);
	struct fake_pci_dev *d = gen_function(g, 0x8086, 0x2922, 0x1af4, 0x1100, 0x010601, 2);
	if (d == NULL)
		return;
	d->driver = gen_driver(g, "ahci", 90, 0, 0);
	gen_bar(g, &d->res[4], 32, IO_PORTS);
	gen_bar(g, &d->res[5], 4 << 10, MEM32);
}

static void gen_domain(struct gen *g, uint32_t domain, int numa_node, unsigned int quota)
{
	g->domain = domain;
	g->numa_node = numa_node;
	g->rid = 0;
	g->mem32 = 0x80000000;
	g->mem64 = 0x380000000000ull + ((uint64_t)(domain & 0xff) << 40);
	g->io = 0x1000;
	unsigned int saved_max = g->max;
	g->max = g->nb + quota;
	/* A host bridge at 00:00.0: no BARs, no driver, like most. */
	gen_function(g, 0x8086, 0x29c0, 0x1af4, 0x1100, 0x060000, 0);
	while (g->nb < g->max && g->rid <= 0xffff) {
		unsigned int kind = gen_pct(g);
		if (kind < 35)
			gen_nic_sriov(g);
		else if (kind < 55)
			gen_nvme(g);
		else if (kind < 75)
			gen_virtio_net(g);
		else if (kind < 90)
			gen_e1000(g);
		else
			gen_ahci(g);
	}
	g->max = saved_max;
}

struct worker {
	pthread_t tid;
	struct fake_sysfs *fs;
	const struct fake_pci_dev *devs;
	struct fake_rec *recs;
	const unsigned int *dom_start; /* device index where each domain starts; nb_dom + 1 */
	unsigned int nb_dom, first_dom, stride;
	bool started;
	int rc, err;
};

/* Domains are independent (a VF's PF is in its domain), so workers split them. */
static void *create_domains(void *arg)
{
	struct worker *w = arg;
	for (unsigned int dom = w->first_dom; dom < w->nb_dom; dom += w->stride)
		for (unsigned int i = w->dom_start[dom]; i < w->dom_start[dom + 1]; i++)
			if (create_device(w->fs, &w->devs[i], &w->recs[i]) != 0) {
				w->rc = -1;
				w->err = errno;
				return NULL;
			}
	return NULL;
}

/* Creating files costs a few syscalls each; two cores halve a 16384-device tree's time. */
static int create_all(struct fake_sysfs *fs, const struct fake_pci_dev *devs, struct fake_rec *recs,
		      const unsigned int *dom_start, unsigned int nb_dom)
{
	struct worker w[4];
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned int nb_w = nb_dom < 4 ? nb_dom : 4;
	if (cpus > 0 && nb_w > (unsigned long)cpus)
		nb_w = (unsigned int)cpus;
	for (unsigned int i = 0; i < nb_w; i++) {
		w[i] = (struct worker){.fs = fs,
				       .devs = devs,
				       .recs = recs,
				       .dom_start = dom_start,
				       .nb_dom = nb_dom,
				       .first_dom = i,
				       .stride = nb_w};
		w[i].started = i > 0 && pthread_create(&w[i].tid, NULL, create_domains, &w[i]) == 0;
	}
	for (unsigned int i = 0; i < nb_w; i++) {
		if (w[i].started)
			pthread_join(w[i].tid, NULL);
		else /* the caller's share, or that of a thread that could not start */
			create_domains(&w[i]);
	}
	for (unsigned int i = 0; i < nb_w; i++)
		if (w[i].rc != 0) {
			errno = w[i].err;
			return -1;
		}
	return 0;
}

int fake_sysfs_populate(struct fake_sysfs *fs, unsigned n, unsigned seed)
{
	struct gen g = {.rng = seed, .next_group = 0, .max = n};
	g.devs = calloc(n ? n : 1, sizeof(*g.devs));
	g.addrs = calloc(n ? n : 1, sizeof(*g.addrs));
	unsigned int *order = calloc(n ? n : 1, sizeof(*order));
	struct fake_rec *recs = calloc(n ? n : 1, sizeof(*recs));
	/* 4096 functions per domain at most; the second domain is a >16-bit VMD-style one. */
	unsigned int nb_dom = n < 64 ? 1 : n < 1024 ? 2 : (n + 4095) / 4096;
	if (nb_dom == 3)
		nb_dom = 4;
	unsigned int *dom_start = calloc(nb_dom + 1, sizeof(*dom_start));
	int rc = -1;
	if (g.devs == NULL || g.addrs == NULL || order == NULL || recs == NULL || dom_start == NULL)
		goto out;
	/* Groups continue after any the caller already made, so they stay unique. */
	for (size_t i = 0; i < fs->nb_recs; i++)
		if (fs->recs[i].iommu_group >= g.next_group)
			g.next_group = fs->recs[i].iommu_group + 1;
	for (unsigned int i = 0; i < nb_dom; i++) {
		uint32_t domain = i == 0 ? 0 : i == 1 ? 0x10000 : i - 1;
		unsigned int quota = n / nb_dom + (i == 0 ? n % nb_dom : 0);
		dom_start[i] = g.nb;
		gen_domain(&g, domain, nb_dom == 1 ? -1 : (int)(i & 1), quota);
	}
	dom_start[nb_dom] = g.nb;
	if (g.nb != n) {
		errno = ENOSPC;
		goto out;
	}
	if (create_all(fs, g.devs, recs, dom_start, nb_dom) != 0)
		goto out;
	for (unsigned int i = 0; i < n; i++)
		if (push_rec(fs, &recs[i]) != 0)
			goto out;
	for (unsigned int i = 0; i < n; i++)
		order[i] = i;
	for (unsigned int i = n; i > 1; i--) {
		unsigned int j = (unsigned int)(gen_rand(&g) % i);
		unsigned int t = order[i - 1];
		order[i - 1] = order[j];
		order[j] = t;
	}
	for (unsigned int i = 0; i < n; i++)
		if (add_bus_link(fs, &recs[order[i]]) != 0)
			goto out;
	rc = 0;
out:;
	int err = errno;
	free(dom_start);
	free(recs);
	free(order);
	free(g.addrs);
	free(g.devs);
	errno = err;
	return rc;
}
