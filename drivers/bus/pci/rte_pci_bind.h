/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RTE_PCI_BIND_H
#define RTE_PCI_BIND_H

/*
 * Moving PCI functions between kernel drivers (what dpdk-devbind.py does), as a library: an
 * application can bind its devices to vfio-pci, igb_uio or uio_pci_generic before
 * rte_eal_init, and put them back afterwards. Nothing here needs the EAL to be initialised.
 *
 * Binding goes through sysfs: unbind the current driver (<dev>/driver/unbind), write the new
 * driver's name to <dev>/driver_override, ask the bus to probe the device (<bus>/drivers_probe),
 * then read <dev>/driver to verify the driver really took it. The override stays set, so the
 * device stays on that driver across re-probes (a rescan, a reload of the kernel driver);
 * rte_pci_bind_restore clears it and lets the kernel pick the driver that matches the ids.
 *
 * Paths: the devices directory is $SYSFS_PCI_DEVICES or /sys/bus/pci/devices, the bus
 * directory (drivers/, drivers_probe) its parent, so generated trees work. Mounted filesystems
 * are read from $OPENEAL_MOUNTINFO or /proc/self/mountinfo. A missing driver is loaded with
 * $OPENEAL_MODPROBE, or the first modprobe found in /sbin, /usr/sbin, /bin, /usr/bin; modprobe
 * is only run for the real sysfs (a tree named by SYSFS_PCI_DEVICES gets no kernel module)
 * unless OPENEAL_MODPROBE names the program.
 *
 * Every failure logs one line (logtype bus.pci.bind) naming the device, the file or step, the
 * reason and the fix, and returns -1 with rte_errno set. Successful changes are logged at INFO.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rte_pci.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Unbind even when the device is in use by the kernel: a network interface that is up, or a
 * block device (or a partition, or a device-mapper/md device on top of it) holding a mounted
 * filesystem. Without it those are refused with EBUSY, naming the interface or mount point.
 */
#define RTE_PCI_BIND_FORCE (1u << 0)
/*
 * rte_pci_bind to vfio-pci: skip the IOMMU group viability warning. For callers binding
 * several functions of one group, which call rte_pci_bind_group_check once all are bound.
 */
#define RTE_PCI_BIND_NO_GROUP_CHECK (1u << 1)
/*
 * One of several tries: when the driver does not take the device (rte_errno EIO, what a
 * device that has only just appeared does), log why at DEBUG level instead of ERR, since the
 * caller tries again and logs its own line when it gives up. Other failures log as usual.
 */
#define RTE_PCI_BIND_RETRYING (1u << 2)

/*
 * Bind the function at addr ("0000:00:02.0" or "00:02.0") to the kernel driver named driver.
 * The driver's module is loaded first if the bus has no such driver. Already bound to it: 0,
 * nothing written. For vfio-pci, a warning names the other functions of the IOMMU group that
 * keep it from being viable (still on kernel drivers). If the driver does not take the device,
 * the previous driver_override is written back and the device re-probed, so it returns to the
 * driver it had. 0, or -1 with rte_errno: EINVAL (bad address or driver name), ENODEV (no such
 * device), EBUSY (in use, see RTE_PCI_BIND_FORCE; or the driver would not release it),
 * ENOENT (driver not available), EIO (the driver did not take the device), or the errno of a
 * failed sysfs access.
 */
int rte_pci_bind(const char *addr, const char *driver, unsigned int flags);

/*
 * Unbind the function from its driver, leaving driver_override as it is. Not bound: 0.
 * Refusals and errors as rte_pci_bind.
 */
int rte_pci_unbind(const char *addr, unsigned int flags);

/*
 * Back to the kernel driver: unbind from the current (userspace) driver, clear
 * driver_override and re-probe, so the kernel binds the driver whose ID table matches. When no
 * driver takes it and modprobe may run, the module named by the device's modalias is loaded
 * (as udev does at boot) and the device probed again. Already on a kernel driver: only the
 * override is cleared. A device that no kernel driver matches is left unbound (a notice, not
 * an error). Nothing a kernel driver uses is taken away, so there is no force flag. -1 with
 * EBUSY when a userspace driver takes it again (it claims the ids through new_id or a module
 * option); other errors as rte_pci_bind.
 */
int rte_pci_bind_restore(const char *addr);

/*
 * Can VFIO use the IOMMU group of addr? It can when every other function of the group is on
 * vfio-pci (or another vfio driver), pci-stub, pcieport, or no driver. Logs one warning naming
 * the others, each with its driver, when it cannot. *iommu_group (if not NULL) receives the
 * group number, -1 when the device has none. 1 viable (or no group), 0 not viable, -1 with
 * rte_errno on error.
 */
int rte_pci_bind_group_check(const char *addr, int *iommu_group);

/* vfio-pci, igb_uio or uio_pci_generic: the drivers that hand a device to userspace. */
bool rte_pci_bind_driver_is_userspace(const char *driver);

/* How a device is bound, the groups of "openeal status". */
enum rte_pci_bind_kind {
	RTE_PCI_BIND_USERSPACE, /* vfio-pci, igb_uio, uio_pci_generic */
	RTE_PCI_BIND_KERNEL,	/* any other driver */
	RTE_PCI_BIND_NONE,	/* no driver */
};

/* "userspace driver", "kernel driver", "no driver". */
const char *rte_pci_bind_kind_name(enum rte_pci_bind_kind kind);

#define RTE_PCI_BIND_NAME_MAX 32
#define RTE_PCI_BIND_MAX_NETIF 4

struct rte_pci_bind_netif {
	char name[16];	    /* IFNAMSIZ */
	bool up;	    /* IFF_UP: administratively up */
	char operstate[16]; /* "up", "down", "unknown", ... ("" when unreadable) */
};

struct rte_pci_bind_status {
	struct rte_pci_addr addr;
	uint16_t vendor_id;
	uint16_t device_id;
	uint32_t class_id; /* 24-bit */
	enum rte_pci_bind_kind kind;
	char driver[RTE_PCI_BIND_NAME_MAX];	     /* "" when unbound */
	char driver_override[RTE_PCI_BIND_NAME_MAX]; /* "" when not set */
	int iommu_group;			     /* -1 when none */
	/* Network interfaces found on the device (also those of a virtio child); the first
	 * RTE_PCI_BIND_MAX_NETIF, sorted by name, are in netif. */
	unsigned int nb_netif;
	struct rte_pci_bind_netif netif[RTE_PCI_BIND_MAX_NETIF];
};

/*
 * Every PCI function of the devices directory, in address order, as a malloc'd array to free
 * with rte_pci_bind_status_free (*list is NULL when there are none). Reads sysfs only: the
 * PCI bus's device list is not touched. Devices with broken sysfs files are skipped with one
 * warning each. 0, or -1 with rte_errno (the directory cannot be read, no memory).
 */
int rte_pci_bind_status_list(struct rte_pci_bind_status **list, size_t *nb);
void rte_pci_bind_status_free(struct rte_pci_bind_status *list);

#ifdef __cplusplus
}
#endif
#endif
