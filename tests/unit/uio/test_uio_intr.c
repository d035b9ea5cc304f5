/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The interrupt operations the uio backends attach to the handle, on the fake files: what
 * uio_pci_generic's enable/disable/ack write to the command register, what igb_uio's write to
 * /dev/uioN, and the single-vector Rx event fd. That the kernel then really masks and
 * delivers is the VM lab's e1000-pmd scenario.
 */

#include <CUnit/Basic.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <interrupts_driver.h>
#include <rte_interrupts.h>

#include "uio_test.h"

#define ADDR "0000:00:02.0"
#define DECODE_AND_MASTER (RTE_PCI_COMMAND_MEMORY | RTE_PCI_COMMAND_IO | RTE_PCI_COMMAND_MASTER)

static void test_generic_intx_ops(void)
{
	const struct fake_pci_dev devs[] = {uio_test_dev(ADDR, "uio_pci_generic", NULL)};
	struct uio_test t;

	uio_test_setup(&t, devs, 1);
	struct rte_pci_device *dev = uio_test_find(ADDR);
	CU_ASSERT_EQUAL_FATAL(rte_pci_map_device(dev), 0);
	struct rte_intr_handle *h = dev->intr_handle;

	CU_ASSERT_EQUAL(rte_intr_disable(h), 0);
	CU_ASSERT_EQUAL(uio_test_command(&t, ADDR),
			DECODE_AND_MASTER | RTE_PCI_COMMAND_INTX_DISABLE);
	CU_ASSERT_EQUAL(rte_intr_enable(h), 0);
	CU_ASSERT_EQUAL(uio_test_command(&t, ADDR), DECODE_AND_MASTER);
	/* What the kernel's handler does when the interrupt comes, then the driver's ack. */
	CU_ASSERT_EQUAL(rte_intr_disable(h), 0);
	CU_ASSERT_EQUAL(rte_intr_ack(h), 0);
	CU_ASSERT_EQUAL(uio_test_command(&t, ADDR), DECODE_AND_MASTER);
	/* Twice is harmless. */
	CU_ASSERT_EQUAL(rte_intr_ack(h), 0);
	CU_ASSERT_EQUAL(uio_test_command(&t, ADDR), DECODE_AND_MASTER);
	/* No write to /dev/uioN: uio_pci_generic has no irqcontrol. */
	CU_ASSERT_EQUAL(lseek(rte_intr_fd_get(h), 0, SEEK_END), 0);
	uio_test_done(&t);
}

static void test_igb_uio_irqcontrol(void)
{
	const struct fake_pci_dev devs[] = {uio_test_dev(ADDR, "igb_uio", NULL)};
	struct uio_test t;
	int32_t written[4] = {-1, -1, -1, -1};

	uio_test_setup(&t, devs, 1);
	struct rte_pci_device *dev = uio_test_find(ADDR);
	CU_ASSERT_EQUAL_FATAL(rte_pci_map_device(dev), 0);
	struct rte_intr_handle *h = dev->intr_handle;
	uint16_t cmd = uio_test_command(&t, ADDR);

	CU_ASSERT_EQUAL(rte_intr_enable(h), 0);
	CU_ASSERT_EQUAL(rte_intr_disable(h), 0);
	CU_ASSERT_EQUAL(rte_intr_ack(h), 0);
	/* Each is one 4-byte write of 1 (unmask) or 0 (mask) to /dev/uioN. */
	CU_ASSERT_EQUAL(pread(rte_intr_fd_get(h), written, sizeof(written), 0), 12);
	CU_ASSERT_EQUAL(written[0], 1);
	CU_ASSERT_EQUAL(written[1], 0);
	CU_ASSERT_EQUAL(written[2], 1);
	/* igb_uio does the masking itself: config space is left alone. */
	CU_ASSERT_EQUAL(uio_test_command(&t, ADDR), cmd);
	uio_test_done(&t);
}

static void test_rx_efd(void)
{
	const struct fake_pci_dev devs[] = {uio_test_dev(ADDR, "igb_uio", NULL)};
	struct uio_test t;

	uio_test_setup(&t, devs, 1);
	struct rte_pci_device *dev = uio_test_find(ADDR);
	CU_ASSERT_EQUAL_FATAL(rte_pci_map_device(dev), 0);
	struct rte_intr_handle *h = dev->intr_handle;

	/* One vector: however many queues ask, the uio fd serves one. */
	CU_ASSERT_EQUAL(rte_intr_efd_enable(h, 4), 0);
	CU_ASSERT_EQUAL(rte_intr_nb_efd_get(h), 1);
	CU_ASSERT_EQUAL(rte_intr_max_intr_get(h), 1);
	CU_ASSERT_EQUAL(rte_intr_efds_index_get(h, 0), rte_intr_fd_get(h));
	CU_ASSERT_TRUE(rte_intr_dp_is_en(h));
	CU_ASSERT_FALSE(rte_intr_cap_multiple(h));
	rte_intr_efd_disable(h);
	CU_ASSERT_EQUAL(rte_intr_nb_efd_get(h), 0);
	CU_ASSERT_EQUAL(rte_intr_efds_index_get(h, 0), -1);
	uio_test_done(&t);
}

/*
 * A handle the application fills in itself, as DPDK code does (and DPDK's own
 * test_interrupts.c): no operations attached, so its type says what enable/disable mean.
 */
static void test_handle_without_ops(void)
{
	char path[] = "/tmp/openeal-uio-intr-XXXXXX";
	int fd = mkstemp(path);
	CU_ASSERT_FATAL(fd >= 0);
	unlink(path);
	struct rte_intr_handle *h = rte_intr_instance_alloc(RTE_INTR_INSTANCE_F_PRIVATE);
	CU_ASSERT_FATAL(h != NULL);
	CU_ASSERT_EQUAL(rte_intr_fd_set(h, fd), 0);

	/* UIO: irqcontrol writes of a 4-byte 1 and 0 to the fd. */
	int32_t written[2] = {-1, -1};
	CU_ASSERT_EQUAL(rte_intr_type_set(h, RTE_INTR_HANDLE_UIO), 0);
	CU_ASSERT_EQUAL(rte_intr_enable(h), 0);
	CU_ASSERT_EQUAL(rte_intr_disable(h), 0);
	CU_ASSERT_EQUAL(pread(fd, written, sizeof(written), 0), 8);
	CU_ASSERT_EQUAL(written[0], 1);
	CU_ASSERT_EQUAL(written[1], 0);

	/* UIO_INTX: INTx Disable in the command register of the config file (dev_fd). */
	uint8_t config[64] = {0};
	uint16_t cmd = RTE_PCI_COMMAND_MEMORY | RTE_PCI_COMMAND_INTX_DISABLE;
	memcpy(config + RTE_PCI_COMMAND, &cmd, sizeof(cmd));
	CU_ASSERT_EQUAL(pwrite(fd, config, sizeof(config), 0), (ssize_t)sizeof(config));
	CU_ASSERT_EQUAL(rte_intr_type_set(h, RTE_INTR_HANDLE_UIO_INTX), 0);
	CU_ASSERT_EQUAL(rte_intr_dev_fd_set(h, fd), 0);
	CU_ASSERT_EQUAL(rte_intr_enable(h), 0);
	CU_ASSERT_EQUAL(pread(fd, &cmd, sizeof(cmd), RTE_PCI_COMMAND), (ssize_t)sizeof(cmd));
	CU_ASSERT_EQUAL(cmd, RTE_PCI_COMMAND_MEMORY);
	CU_ASSERT_EQUAL(rte_intr_disable(h), 0);
	CU_ASSERT_EQUAL(pread(fd, &cmd, sizeof(cmd), RTE_PCI_COMMAND), (ssize_t)sizeof(cmd));
	CU_ASSERT_EQUAL(cmd, RTE_PCI_COMMAND_MEMORY | RTE_PCI_COMMAND_INTX_DISABLE);

	/* A failed irqcontrol write is the call's error; types with no meaning stay ENOTSUP. */
	CU_ASSERT_EQUAL(rte_intr_type_set(h, RTE_INTR_HANDLE_UIO), 0);
	CU_ASSERT_EQUAL(rte_intr_fd_set(h, 1000), 0);
	CU_ASSERT_EQUAL(rte_intr_enable(h), -EBADF);
	CU_ASSERT_EQUAL(rte_intr_fd_set(h, fd), 0);
	CU_ASSERT_EQUAL(rte_intr_type_set(h, RTE_INTR_HANDLE_ALARM), 0);
	CU_ASSERT_EQUAL(rte_intr_enable(h), -ENOTSUP);
	CU_ASSERT_EQUAL(rte_intr_type_set(h, RTE_INTR_HANDLE_UNKNOWN), 0);
	CU_ASSERT_EQUAL(rte_intr_disable(h), -ENOTSUP);
	rte_intr_instance_free(h);
	close(fd);
}

void uio_test_add_intr_suite(void)
{
	CU_pSuite s = CU_add_suite("uio interrupt operations", NULL, NULL);
	CU_add_test(s, "uio_pci_generic: INTx Disable in the command register",
		    test_generic_intx_ops);
	CU_add_test(s, "igb_uio: 4-byte irqcontrol writes", test_igb_uio_irqcontrol);
	CU_add_test(s, "Rx event fd is the uio fd", test_rx_efd);
	CU_add_test(s, "a handle without operations: its type's (UIO, UIO_INTX)",
		    test_handle_without_ops);
}
