/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef PCI_BIND_PRIVATE_H
#define PCI_BIND_PRIVATE_H

/* Shared by the files of rte_pci_bind.h's implementation; nothing here is installed. */

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <rte_log.h>
#include <rte_pci.h>
#include <rte_pci_bind.h>

extern int pci_bind_logtype;
#define BIND_LOG(level, fmt, ...) \
	rte_log(RTE_LOG_##level, pci_bind_logtype, fmt "\n", ##__VA_ARGS__)

/* One device being worked on: its canonical name and the sysfs paths around it. */
struct pci_bind_dev {
	char name[PCI_PRI_STR_SIZE];
	char dir[PATH_MAX];		      /* <devices>/<name> */
	char bus[PATH_MAX];		      /* the devices directory's parent */
	bool real_sysfs;		      /* devices directory is /sys/bus/pci/devices */
	char driver[RTE_PCI_BIND_NAME_MAX];   /* bound driver, "" when none */
	char override[RTE_PCI_BIND_NAME_MAX]; /* driver_override, "" when not set */
};

/* Copy at most size-1 bytes of src and terminate (names longer than a field get cut). */
static inline void pci_bind_copy(char *dst, size_t size, const char *src)
{
	size_t n = strnlen(src, size - 1);
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* --- sysfs access (pci_bind_sysfs.c) ---------------------------------------------------- */

/*
 * Fill d for addr and read its driver and override. what is the operation for the error line
 * ("bind to vfio-pci", "unbind", ...). 0, or -1 with rte_errno (line logged).
 */
int pci_bind_dev_open(struct pci_bind_dev *d, const char *addr, const char *what);
/* Re-read d->driver (the driver link); the link's last component, "" when there is none. */
void pci_bind_dev_reread(struct pci_bind_dev *d);
/* Write value + "\n" to path (open without O_CREAT: a missing file is an error), logged at
 * DEBUG. 0 or a positive errno; nothing logged on failure (the caller says what it meant). */
int pci_bind_write(const struct pci_bind_dev *d, const char *path, const char *value);
/* Read a small attribute of the device (trailing newline removed) into buf. 0 or errno. */
int pci_bind_read_attr(const struct pci_bind_dev *d, const char *file, char *buf, size_t size);
/* The last component of the link at path into out ("" when absent or not a link). */
void pci_bind_link_name(const char *path, char *out, size_t size);

/* --- modules (pci_bind_modprobe.c) ------------------------------------------------------ */

/* The modprobe to run for this tree: NULL when none may run (see rte_pci_bind.h). */
const char *pci_bind_modprobe_path(const struct pci_bind_dev *d);
/*
 * Run "<modprobe> arg": 0 when it exited 0; otherwise -1 with a description of the failure
 * (exit status and the first line it printed) in why.
 */
int pci_bind_modprobe(const char *modprobe, const char *arg, char *why, size_t why_size);
/* Make sure <bus>/drivers/<driver> exists, loading the module if needed. 0, or -1 with
 * rte_errno = ENOENT (line logged). */
int pci_bind_load_driver(const struct pci_bind_dev *d, const char *driver, const char *what);

/* --- what the kernel made of the device (pci_bind_usage.c) ------------------------------ */

struct pci_bind_netif_use {
	char name[16];
	bool up;
	char operstate[16];
};

struct pci_bind_block_use {
	char name[64];
	unsigned int major, minor;
	bool has_devnum; /* the dev file was read */
};

struct pci_bind_usage {
	struct pci_bind_netif_use *netif;
	size_t nb_netif;
	struct pci_bind_block_use *block;
	size_t nb_block;
};

/*
 * The network interfaces and block devices under the device directory dir (child PCI functions
 * excluded), the partitions of those disks and the devices stacked on them (holders: dm, md),
 * sorted by name. 0, or -1 with rte_errno = ENOMEM. Unreadable parts are left out.
 */
int pci_bind_usage_read(const char *dir, struct pci_bind_usage *u);
void pci_bind_usage_free(struct pci_bind_usage *u);

/*
 * Refuse (EBUSY, one line) to take the device from its kernel driver while an interface is up
 * or a filesystem on it is mounted, unless RTE_PCI_BIND_FORCE (then a warning). 0 or -1.
 */
int pci_bind_check_in_use(const struct pci_bind_dev *d, const char *what, unsigned int flags);

/* --- pure helpers (pci_bind_parse.c) ----------------------------------------------------- */

enum rte_pci_bind_kind pci_bind_kind_of(const char *driver);
/* A driver name the bus could have: 1 to 31 characters, no '/', no whitespace, not "." or "..". */
bool pci_bind_driver_name_valid(const char *driver);

/* One line of /proc/self/mountinfo, parsed in place (mount_point and source unescaped). */
struct pci_bind_mount {
	unsigned int major, minor; /* st_dev of the filesystem */
	const char *mount_point;
	const char *source; /* "/dev/nvme0n1p1", "rootfs", ... */
};
/* 0, or -1 when the line does not have the format. line is modified. */
int pci_bind_mountinfo_parse(char *line, struct pci_bind_mount *m);
/* "MAJ:MIN" (with an optional trailing newline). 0 or -1. */
int pci_bind_parse_devnum(const char *s, unsigned int *major, unsigned int *minor);
/* Hex number with optional 0x (sysfs "flags"): 0 or -1. */
int pci_bind_parse_hex(const char *s, unsigned long *v);

/* rte_pci_bind_status_list, with the scan's skipped-device warnings only when log_skipped. */
int pci_bind_status_collect(struct rte_pci_bind_status **list, size_t *nb, bool log_skipped);

#endif
