/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RTE_PCI_H
#define RTE_PCI_H

/* PCI addresses and configuration-space layout: what any PCI code needs, bus or not. */

#include <inttypes.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Configuration space */
#define RTE_PCI_CFG_SPACE_SIZE 256
#define RTE_PCI_CFG_SPACE_EXP_SIZE 4096
#define RTE_PCI_STD_HEADER_SIZEOF 64

#define RTE_PCI_VENDOR_ID 0x00
#define RTE_PCI_DEVICE_ID 0x02
#define RTE_PCI_COMMAND 0x04
#define RTE_PCI_COMMAND_IO 0x1
#define RTE_PCI_COMMAND_MEMORY 0x2
#define RTE_PCI_COMMAND_MASTER 0x4
#define RTE_PCI_COMMAND_INTX_DISABLE 0x400
#define RTE_PCI_STATUS 0x06
#define RTE_PCI_STATUS_INTERRUPT 0x08
#define RTE_PCI_STATUS_CAP_LIST 0x10
#define RTE_PCI_REVISION_ID 0x08
#define RTE_PCI_CLASS_PROG 0x09
#define RTE_PCI_CLASS_DEVICE 0x0a
#define RTE_PCI_HEADER_TYPE 0x0e
#define RTE_PCI_HEADER_TYPE_MASK 0x7f
#define RTE_PCI_HEADER_TYPE_NORMAL 0
#define RTE_PCI_HEADER_TYPE_BRIDGE 1
#define RTE_PCI_BASE_ADDRESS_0 0x10
#define RTE_PCI_BASE_ADDRESS_SPACE_IO 0x01
#define RTE_PCI_BASE_ADDRESS_MEM_TYPE_64 0x04
#define RTE_PCI_BASE_ADDRESS_MEM_PREFETCH 0x08
#define RTE_PCI_SUBSYSTEM_VENDOR_ID 0x2c
#define RTE_PCI_SUBSYSTEM_ID 0x2e
#define RTE_PCI_CAPABILITY_LIST 0x34
#define RTE_PCI_INTERRUPT_LINE 0x3c
#define RTE_PCI_INTERRUPT_PIN 0x3d

/* Capability list */
#define RTE_PCI_CAP_ID_PM 0x01
#define RTE_PCI_CAP_ID_MSI 0x05
#define RTE_PCI_CAP_ID_VNDR 0x09
#define RTE_PCI_CAP_ID_EXP 0x10
#define RTE_PCI_CAP_ID_MSIX 0x11
#define RTE_PCI_CAP_SIZEOF 4
#define RTE_PCI_CAP_NEXT 1

#define RTE_PCI_MSI_FLAGS 2
#define RTE_PCI_MSI_FLAGS_ENABLE 0x0001
#define RTE_PCI_MSI_FLAGS_QMASK 0x000e
#define RTE_PCI_MSI_FLAGS_64BIT 0x0080
#define RTE_PCI_MSI_FLAGS_MASKBIT 0x0100

#define RTE_PCI_MSIX_FLAGS 2
#define RTE_PCI_MSIX_FLAGS_QSIZE 0x07ff
#define RTE_PCI_MSIX_FLAGS_MASKALL 0x4000
#define RTE_PCI_MSIX_FLAGS_ENABLE 0x8000
#define RTE_PCI_MSIX_TABLE 4
#define RTE_PCI_MSIX_TABLE_BIR 0x00000007
#define RTE_PCI_MSIX_TABLE_OFFSET 0xfffffff8
#define RTE_PCI_MSIX_PBA 8
#define RTE_PCI_MSIX_ENTRY_SIZE 16

/* Extended capabilities (PCI Express), from offset 0x100 */
#define RTE_PCI_EXT_CAP_ID_ERR 0x01
#define RTE_PCI_EXT_CAP_ID_DSN 0x03
#define RTE_PCI_EXT_CAP_ID_ARI 0x0e
#define RTE_PCI_EXT_CAP_ID_ATS 0x0f
#define RTE_PCI_EXT_CAP_ID_SRIOV 0x10
#define RTE_PCI_EXT_CAP_ID_PRI 0x13
#define RTE_PCI_EXT_CAP_ID_PASID 0x1b
#define RTE_PCI_EXT_CAP_ID(header) ((header)&0x0000ffff)
#define RTE_PCI_EXT_CAP_NEXT(header) (((header) >> 20) & 0xffc)

#define RTE_PCI_SRIOV_CAP 0x04
#define RTE_PCI_SRIOV_CTRL 0x08
#define RTE_PCI_SRIOV_INITIAL_VF 0x0c
#define RTE_PCI_SRIOV_TOTAL_VF 0x0e
#define RTE_PCI_SRIOV_NUM_VF 0x10
#define RTE_PCI_SRIOV_FUNC_LINK 0x12
#define RTE_PCI_SRIOV_VF_OFFSET 0x14
#define RTE_PCI_SRIOV_VF_STRIDE 0x16
#define RTE_PCI_SRIOV_VF_DID 0x1a

/* DPDK 22.11 spelled the common ones without the RTE_ prefix; keep those for PMDs. */
#ifndef PCI_CFG_SPACE_SIZE
#define PCI_CFG_SPACE_SIZE RTE_PCI_CFG_SPACE_SIZE
#endif
#ifndef PCI_CFG_SPACE_EXP_SIZE
#define PCI_CFG_SPACE_EXP_SIZE RTE_PCI_CFG_SPACE_EXP_SIZE
#endif
#ifndef PCI_STD_HEADER_SIZEOF
#define PCI_STD_HEADER_SIZEOF RTE_PCI_STD_HEADER_SIZEOF
#endif
#ifndef PCI_CAPABILITY_LIST
#define PCI_CAPABILITY_LIST RTE_PCI_CAPABILITY_LIST
#endif
#ifndef PCI_CAP_ID_EXP
#define PCI_CAP_ID_EXP RTE_PCI_CAP_ID_EXP
#endif
#ifndef PCI_CAP_ID_MSIX
#define PCI_CAP_ID_MSIX RTE_PCI_CAP_ID_MSIX
#endif
#ifndef PCI_EXT_CAP_ID_ERR
#define PCI_EXT_CAP_ID_ERR RTE_PCI_EXT_CAP_ID_ERR
#endif
#ifndef PCI_EXT_CAP_ID_DSN
#define PCI_EXT_CAP_ID_DSN RTE_PCI_EXT_CAP_ID_DSN
#endif
#ifndef PCI_EXT_CAP_ID_SRIOV
#define PCI_EXT_CAP_ID_SRIOV RTE_PCI_EXT_CAP_ID_SRIOV
#endif

/* Addresses */
#define PCI_PRI_FMT "%.4" PRIx32 ":%.2" PRIx8 ":%.2" PRIx8 ".%" PRIx8
#define PCI_PRI_STR_SIZE sizeof("XXXXXXXX:XX:XX.X")
#define PCI_SHORT_PRI_FMT "%.2" PRIx8 ":%.2" PRIx8 ".%" PRIx8
#define PCI_FMT_NVAL 4
#define PCI_RESOURCE_FMT_NVAL 3
#define PCI_MAX_RESOURCE 6

#define RTE_PCI_ANY_ID (0xffff)
#define RTE_CLASS_ANY_ID (0xffffff)
#ifndef PCI_ANY_ID
#define PCI_ANY_ID RTE_PCI_ANY_ID
#endif

struct rte_pci_addr {
	uint32_t domain;  /* up to 0xffffffff (VMD domains are >16 bit) */
	uint8_t bus;
	uint8_t devid;	  /* 0..31 */
	uint8_t function; /* 0..7 */
};

/* "DDDD:BB:DD.F" into output (at least PCI_PRI_STR_SIZE bytes). */
void rte_pci_device_name(const struct rte_pci_addr *addr, char *output, size_t size);
/* <0, 0, >0 in domain, bus, device, function order. */
int rte_pci_addr_cmp(const struct rte_pci_addr *addr, const struct rte_pci_addr *addr2);
/*
 * Parse "DDDD:BB:DD.F" (domain up to 8 hex digits) or "BB:DD.F" (domain 0), exactly: no
 * trailing characters, device <= 0x1f, function <= 7. 0 on success, -1 otherwise (addr untouched).
 */
int rte_pci_addr_parse(const char *str, struct rte_pci_addr *addr);

#ifdef __cplusplus
}
#endif
#endif
