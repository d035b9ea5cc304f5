/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef BUS_PCI_DRIVER_H
#define BUS_PCI_DRIVER_H

/*
 * The PCI driver API: devices as the bus found them, drivers with ID tables, registration.
 * DPDK 22.11 layout first (so PMD code using designated initialisers compiles), openeal's own
 * additions after it.
 */

#include <stdbool.h>
#include <stdint.h>

#include <bus_driver.h>
#include <dev_driver.h>
#include <rte_bus_pci.h>
#include <rte_common.h>
#include <rte_dev.h>
#include <rte_pci.h>

#ifdef __cplusplus
extern "C" {
#endif

struct rte_intr_handle;
struct rte_pci_backend;

enum rte_pci_kernel_driver {
	RTE_PCI_KDRV_UNKNOWN = 0, /* bound to a kernel driver with no userspace backend */
	RTE_PCI_KDRV_IGB_UIO,
	RTE_PCI_KDRV_VFIO,
	RTE_PCI_KDRV_UIO_GENERIC,
	RTE_PCI_KDRV_NIC_UIO,
	RTE_PCI_KDRV_NONE, /* no kernel driver */
	RTE_PCI_KDRV_NET_UIO,
};

/* Match entry of a driver's ID table. RTE_PCI_ANY_ID / RTE_CLASS_ANY_ID are wildcards;
 * class_id compares the 24-bit class code. The table ends with an entry whose vendor_id is 0. */
struct rte_pci_id {
	uint32_t class_id;
	uint16_t vendor_id;
	uint16_t device_id;
	uint16_t subsystem_vendor_id;
	uint16_t subsystem_device_id;
};

#define RTE_PCI_DEVICE(vend, dev)                                                                   \
	.class_id = RTE_CLASS_ANY_ID, .vendor_id = (vend), .device_id = (dev),                      \
	.subsystem_vendor_id = RTE_PCI_ANY_ID, .subsystem_device_id = RTE_PCI_ANY_ID

/* Every line of the sysfs "resource" file: 6 BARs, the ROM, then SR-IOV or bridge windows. */
#define RTE_PCI_MAX_RESOURCE_LINES 24
#define RTE_PCI_ROM_RESOURCE 6
#define RTE_PCI_IOV_RESOURCE_FIRST 7

/* Kernel resource flags (include/linux/ioport.h), as the sysfs "resource" file shows them. */
#define RTE_PCI_IORESOURCE_IO 0x00000100
#define RTE_PCI_IORESOURCE_MEM 0x00000200
#define RTE_PCI_IORESOURCE_PREFETCH 0x00002000
#define RTE_PCI_IORESOURCE_MEM_64 0x00100000

struct rte_pci_resource {
	uint64_t start;
	uint64_t len;	/* 0: unused line */
	uint64_t flags; /* RTE_PCI_IORESOURCE_* */
};

struct rte_pci_device {
	RTE_TAILQ_ENTRY(rte_pci_device) next;
	struct rte_device device;
	struct rte_pci_addr addr;
	struct rte_pci_id id;
	struct rte_mem_resource mem_resource[PCI_MAX_RESOURCE]; /* BARs; addr set when mapped */
	struct rte_intr_handle *intr_handle;
	struct rte_pci_driver *driver;
	uint16_t max_vfs;
	enum rte_pci_kernel_driver kdrv;
	char name[PCI_PRI_STR_SIZE + 1];
	struct rte_intr_handle *vfio_req_intr_handle;

	/* openeal additions */
	uint8_t revision;
	char kdrv_name[32];  /* sysfs driver name ("vfio-pci", "e1000", ...); "" when unbound */
	int iommu_group;     /* -1 when the device has none */
	bool is_vf;
	struct rte_pci_addr physfn; /* the PF, when is_vf */
	uint16_t sriov_totalvfs;    /* 0 unless an SR-IOV PF */
	unsigned int nb_resources;  /* lines read from "resource" */
	struct rte_pci_resource resource[RTE_PCI_MAX_RESOURCE_LINES];
	const struct rte_pci_backend *backend; /* chosen from kdrv_name; NULL when none exists */
	void *backend_priv;		       /* owned by the backend while mapped */
};

#define RTE_DEV_TO_PCI(ptr) container_of(ptr, struct rte_pci_device, device)
#define RTE_DEV_TO_PCI_CONST(ptr) container_of(ptr, const struct rte_pci_device, device)
#define RTE_ETH_DEV_TO_PCI(eth_dev) RTE_DEV_TO_PCI((eth_dev)->device)

/* Probe: 0 when the driver took the device, >0 when it is not its device (the bus tries the
 * next driver), <0 on error. */
typedef int(rte_pci_probe_t)(struct rte_pci_driver *, struct rte_pci_device *);
typedef int(rte_pci_remove_t)(struct rte_pci_device *);
typedef int(pci_dma_map_t)(struct rte_pci_device *dev, void *addr, uint64_t iova, size_t len);
typedef int(pci_dma_unmap_t)(struct rte_pci_device *dev, void *addr, uint64_t iova, size_t len);

struct rte_pci_driver {
	RTE_TAILQ_ENTRY(rte_pci_driver) next;
	struct rte_driver driver;
	rte_pci_probe_t *probe;
	rte_pci_remove_t *remove;
	pci_dma_map_t *dma_map;
	pci_dma_unmap_t *dma_unmap;
	const struct rte_pci_id *id_table;
	uint32_t drv_flags;
};

/* Map the BARs (through the backend) before probe; enables bus mastering. */
#define RTE_PCI_DRV_NEED_MAPPING 0x0001
/* Map prefetchable BARs write-combined where the backend can (uio resourceN_wc). */
#define RTE_PCI_DRV_WC_ACTIVATE 0x0002
/* Probe may be called again on an already probed device. */
#define RTE_PCI_DRV_PROBE_AGAIN 0x0004
/* Link-state-change / removal interrupts are supported by the driver. */
#define RTE_PCI_DRV_INTR_LSC 0x0008
#define RTE_PCI_DRV_INTR_RMV 0x0010
/* Keep the BARs mapped after remove. */
#define RTE_PCI_DRV_KEEP_MAPPED_RES 0x0020
/* The driver needs IOVA = VA. */
#define RTE_PCI_DRV_NEED_IOVA_AS_VA 0x0040

void rte_pci_register(struct rte_pci_driver *driver);
void rte_pci_unregister(struct rte_pci_driver *driver);

/*
 * Registers the driver before main() (or when its plugin is loaded) and, unlike DPDK,
 * unregisters it when its object is unloaded: a plugin that rte_eal_cleanup (or a failed
 * rte_eal_init) closes leaves no driver behind pointing into unmapped code.
 */
#define RTE_PMD_REGISTER_PCI(nm, pci_drv)                                                           \
	RTE_INIT(pciinitfn_##nm)                                                                    \
	{                                                                                           \
		(pci_drv).driver.name = RTE_STR(nm);                                                \
		rte_pci_register(&pci_drv);                                                         \
	}                                                                                           \
	RTE_FINI(pcifinifn_##nm)                                                                    \
	{                                                                                           \
		rte_pci_unregister(&pci_drv);                                                       \
	}                                                                                           \
	RTE_PMD_EXPORT_NAME(nm, __COUNTER__)

#define RTE_PMD_REGISTER_PCI_TABLE(name, table)                                                     \
	static const char DRV_EXP_TAG(name, pci_tbl_export)[] __rte_used = RTE_STR(table)

/* Map/unmap every BAR of the device through its backend. 0, or negative with one log line. */
int rte_pci_map_device(struct rte_pci_device *dev);
void rte_pci_unmap_device(struct rte_pci_device *dev);

/* openeal: does this driver's ID table match the device? (what probe uses; also for tools) */
bool rte_pci_driver_match(const struct rte_pci_driver *drv, const struct rte_pci_device *dev);
/* openeal: iterate registered PCI drivers (NULL: first). */
const struct rte_pci_driver *rte_pci_driver_next(const struct rte_pci_driver *prev);

#ifdef __cplusplus
}
#endif
#endif
