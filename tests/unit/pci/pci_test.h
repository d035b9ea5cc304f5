/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef PCI_TEST_H
#define PCI_TEST_H

/* Shared helpers of the PCI bus unit tests: fake trees, scanning, lookups, log capture. */

#include <CUnit/CUnit.h>
#include <stdbool.h>
#include <stdint.h>

#include <bus_pci_driver.h>

#include "fake_sysfs.h"

/* Vendor ids no real PMD claims, so that only the tests' drivers match the fake devices. */
#define TEST_VENDOR 0xc0de
#define TEST_VENDOR2 0xbeef

/* The kernel-driver name served by the tests' backend (pci_test_backend.c). */
#define TEST_KDRV "openeal-test"

/* A plain endpoint: one 4 KiB memory BAR, numa -1, no group, unbound unless driver given. */
struct fake_pci_dev pci_test_dev(const char *addr, uint16_t vendor, uint16_t device,
				 const char *driver);
/* A new tree holding the n devices, with SYSFS_PCI_DEVICES pointing at it. */
struct fake_sysfs *pci_test_tree(const struct fake_pci_dev *devs, unsigned int n);
/* Point SYSFS_PCI_DEVICES at the tree. */
void pci_test_use(struct fake_sysfs *fs);
/* Drop every device (bus cleanup) and the tree. */
void pci_test_done(struct fake_sysfs *fs);

struct rte_bus *pci_test_bus(void);
/* rte_pci_scan with the log captured: the malloc'd log text (never NULL). */
char *pci_test_scan_log(int *rc);
/* The bus's probe / cleanup op with the log captured. */
char *pci_test_probe_log(int *rc);
char *pci_test_cleanup_log(int *rc);
/* The listed device with this address (any spelling), or NULL. */
struct rte_pci_device *pci_test_find(const char *addr);
unsigned int pci_test_count(void);
/* The n-th listed device (0: first), or NULL. */
struct rte_pci_device *pci_test_nth(unsigned int n);
/* Occurrences of needle in haystack. */
unsigned int pci_test_occurrences(const char *haystack, const char *needle);
/* Run fn with the log captured; the malloc'd text (never NULL). */
char *pci_test_log_of(void (*fn)(void *), void *arg);

/* The tests' backend: counts calls; map points each memory BAR at a heap buffer. */
struct pci_test_backend_stats {
	unsigned int maps, unmaps, ioport_maps, ioport_reads, ioport_writes, ioport_unmaps;
	int map_result;		 /* what map returns (0 by default) */
	enum rte_iova_mode iova; /* what iova_constraint returns */
};
extern struct pci_test_backend_stats pci_test_backend;
void pci_test_backend_reset(void);

void pci_test_add_addr_suite(void);
void pci_test_add_parse_suite(void);
void pci_test_add_scan_suite(void);
void pci_test_add_broken_suite(void);
void pci_test_add_scan_groups_suite(void);
void pci_test_add_probe_suite(void);
void pci_test_add_config_suite(void);
void pci_test_add_hotplug_policy_suite(void);

#endif
