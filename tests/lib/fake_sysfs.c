/* SPDX-License-Identifier: BSD-3-Clause */
#include "fake_sysfs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <linux/pci_regs.h>

#include "fake_sysfs_private.h"

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

int fake_sysfs_push_rec(struct fake_sysfs *fs, const struct fake_rec *r)
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

int fake_sysfs_create_device(struct fake_sysfs *fs, const struct fake_pci_dev *d,
			     struct fake_rec *r)
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

int fake_sysfs_add_bus_link(struct fake_sysfs *fs, const struct fake_rec *r)
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
	if (fake_sysfs_create_device(fs, d, &r) != 0)
		return -1;
	if (fake_sysfs_add_bus_link(fs, &r) != 0 || fake_sysfs_push_rec(fs, &r) != 0) {
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

/* A unix socket bound at dfd/name (bind has no *at form: go through /proc/self/fd). */
static int make_socket(int dfd, const char *name)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	if (snprintf(sa.sun_path, sizeof(sa.sun_path), "/proc/self/fd/%d/%s", dfd, name) >=
	    (int)sizeof(sa.sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		return -1;
	int rc = bind(s, (struct sockaddr *)&sa, sizeof(sa));
	int err = errno;
	close(s); /* the socket file stays; nothing listens on it */
	errno = err;
	return rc;
}

int fake_sysfs_special_attr(struct fake_sysfs *fs, const char *addr, const char *file,
			    mode_t kind)
{
	int dfd = open_dev_dir(fs, addr);
	if (dfd < 0)
		return -1;
	int rc = clear_entry(dfd, file);
	if (rc == 0) {
		if (kind == S_IFIFO)
			rc = mkfifoat(dfd, file, 0644);
		else if (kind == S_IFSOCK)
			rc = make_socket(dfd, file);
		else if (kind == S_IFDIR)
			rc = mkdirat(dfd, file, 0755);
		else {
			errno = EINVAL;
			rc = -1;
		}
	}
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
