/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef UIO_TEST_H
#define UIO_TEST_H

/*
 * Shared helpers of the uio backend unit tests. Each test builds a fake sysfs tree with the
 * files uio_pci_generic and igb_uio would create (uio/uioN, resourceN[_wc], config) and a
 * fake /dev holding regular files named uioN, then scans it with the real PCI bus. What the
 * kernel does behind those files is proven in the VM lab (tests/vm/scenarios/e1000-pmd.sh),
 * not here: these tests check openeal's own choices, messages and cleanup.
 */

#include <CUnit/CUnit.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <bus_pci_driver.h>

#include "fake_sysfs.h"

/* A vendor id no real PMD claims. */
#define UIO_TEST_VENDOR 0xc0de

/* The BARs of uio_test_dev: 0 prefetchable 64-bit memory, 2 I/O, 3 plain memory. */
#define UIO_TEST_BAR0_LEN 0x2000
#define UIO_TEST_BAR2_LEN 0x40
#define UIO_TEST_BAR3_LEN 0x1000
/* What uio_test_setup writes into each resource file, byte after byte. */
#define UIO_TEST_FILL_RES0 0xa0
#define UIO_TEST_FILL_RES0_WC 0xb0
#define UIO_TEST_FILL_RES3 0x3c

struct uio_test {
	struct fake_sysfs *fs;
	char *devdir; /* the fake /dev */
};

/*
 * A device with uio_test_dev's BARs, bound to driver, with config space from config (256
 * bytes) or, when NULL, a header whose command register enables memory and I/O decoding but
 * not bus mastering.
 */
struct fake_pci_dev uio_test_dev(const char *addr, const char *driver, const uint8_t *config);
/* Config space with an MSI-X capability whose enable bit is set (igb_uio chose MSI-X). */
extern const uint8_t uio_test_config_msix[256];

/*
 * A tree holding the devices, SYSFS_PCI_DEVICES and pci_uio_dev_dir pointing at it, and for
 * each device bound to a uio driver: uio/uio<i> (i its index in devs), /dev/uio<i>, and
 * filled resource files (resource0_wc too). Then the bus scans it.
 */
void uio_test_setup(struct uio_test *t, const struct fake_pci_dev *devs, unsigned int n);
/* Bus cleanup (unmaps what is still mapped), the tree, the fake /dev, the environment. */
void uio_test_done(struct uio_test *t);

/* "<devices dir>/<addr>/<file>" in a static buffer (one at a time). */
const char *uio_test_path(const struct uio_test *t, const char *addr, const char *file);
/* Write size bytes of value fill into the device's file (created if missing). */
void uio_test_fill(const struct uio_test *t, const char *addr, const char *file, size_t size,
		   uint8_t fill);
/* The listed device with this address, or NULL. */
struct rte_pci_device *uio_test_find(const char *addr);
/* The command register as it is in the device's config file. */
uint16_t uio_test_command(const struct uio_test *t, const char *addr);
/* Whether fd (of this process) is open on path. */
bool uio_test_fd_is(int fd, const char *path);
/* Mappings in /proc/self/maps whose file path starts with prefix. */
int uio_test_mappings_of(const char *prefix);
/* rte_pci_map_device with the log captured: the malloc'd log (never NULL), rc in *rc. */
char *uio_test_map_log(struct rte_pci_device *dev, int *rc);
/* Run fn with the log captured; the malloc'd text (never NULL). */
char *uio_test_log_of(void (*fn)(void *), void *arg);

void uio_test_add_select_suite(void);
void uio_test_add_find_suite(void);
void uio_test_add_map_suite(void);
void uio_test_add_intr_suite(void);
void uio_test_add_ioport_suite(void);

#endif
