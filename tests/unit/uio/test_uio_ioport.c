/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * I/O BARs through the sysfs resource file: offsets within the BAR, accesses split into the
 * 1/2/4-byte pieces the kernel accepts, bounds, refusal of a memory BAR, and the fd closed at
 * unmap. (In the fake tree the file is a regular one holding byte k at offset k.)
 */

#include <CUnit/Basic.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_bus_pci.h>

#include "test_util.h"
#include "uio_test.h"

#define ADDR "0000:00:02.0"

static void test_ioport_read_write(void)
{
	const struct fake_pci_dev devs[] = {uio_test_dev(ADDR, "uio_pci_generic", NULL)};
	struct uio_test t;
	struct rte_pci_ioport p;
	uint8_t buf[8];

	uio_test_setup(&t, devs, 1);
	struct rte_pci_device *dev = uio_test_find(ADDR);
	int fds = test_count_fds();
	CU_ASSERT_EQUAL_FATAL(rte_pci_ioport_map(dev, 2, &p), 0);
	CU_ASSERT_PTR_EQUAL(p.dev, dev);
	CU_ASSERT_EQUAL(p.len, UIO_TEST_BAR2_LEN);
	CU_ASSERT(uio_test_fd_is((int)p.base, uio_test_path(&t, ADDR, "resource2")));
	CU_ASSERT_EQUAL(test_count_fds(), fds + 1);

	uint32_t v = 0;
	rte_pci_ioport_read(&p, &v, sizeof(v), 4);
	CU_ASSERT_EQUAL(v, 0x07060504);
	/* Unaligned and odd-sized: 1 + 2 + 4 bytes, each at its own offset. */
	memset(buf, 0, sizeof(buf));
	rte_pci_ioport_read(&p, buf, 7, 1);
	for (int k = 0; k < 7; k++)
		CU_ASSERT_EQUAL(buf[k], k + 1);
	uint16_t w = 0xbeef;
	rte_pci_ioport_write(&p, &w, sizeof(w), 0x10);
	rte_pci_ioport_read(&p, &v, sizeof(v), 0x10);
	CU_ASSERT_EQUAL(v, 0x1312beef);
	/* The last 4 bytes are inside; one more is not, and nothing is read then. */
	rte_pci_ioport_read(&p, &v, sizeof(v), UIO_TEST_BAR2_LEN - 4);
	CU_ASSERT_EQUAL(v, 0x3f3e3d3c);

	CU_ASSERT_EQUAL(rte_pci_ioport_unmap(&p), 0);
	CU_ASSERT_EQUAL(test_count_fds(), fds);
	uio_test_done(&t);
}

struct io_call {
	struct rte_pci_ioport *p;
	struct rte_pci_device *dev;
	uint32_t v;
	int rc;
};

static void run_read_beyond(void *arg)
{
	struct io_call *c = arg;
	rte_pci_ioport_read(c->p, &c->v, sizeof(c->v), UIO_TEST_BAR2_LEN - 3);
}

static void run_map_bar0(void *arg)
{
	struct io_call *c = arg;
	c->rc = rte_pci_ioport_map(c->dev, 0, c->p);
}

static void test_ioport_refusals(void)
{
	const struct fake_pci_dev devs[] = {uio_test_dev(ADDR, "igb_uio", NULL)};
	struct uio_test t;
	struct rte_pci_ioport p;

	uio_test_setup(&t, devs, 1);
	struct rte_pci_device *dev = uio_test_find(ADDR);
	int fds = test_count_fds();
	struct io_call c = {.p = &p, .dev = dev, .v = 0x12345678, .rc = 1};

	char *log = uio_test_log_of(run_map_bar0, &c);
	CU_ASSERT_EQUAL(c.rc, -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, ADDR ": BAR 0 is not an I/O port BAR"));
	CU_ASSERT_EQUAL(test_count_fds(), fds);
	free(log);

	CU_ASSERT_EQUAL_FATAL(rte_pci_ioport_map(dev, 2, &p), 0);
	log = uio_test_log_of(run_read_beyond, &c);
	CU_ASSERT_EQUAL(c.v, 0x12345678);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, ADDR ": I/O port read of 4 bytes at 0x3d is beyond"));
	free(log);
	CU_ASSERT_EQUAL(rte_pci_ioport_unmap(&p), 0);
	CU_ASSERT_EQUAL(test_count_fds(), fds);
	uio_test_done(&t);
}

void uio_test_add_ioport_suite(void)
{
	CU_pSuite s = CU_add_suite("uio I/O port BARs", NULL, NULL);
	CU_add_test(s, "read and write through the resource file", test_ioport_read_write);
	CU_add_test(s, "memory BAR and out-of-range access refused", test_ioport_refusals);
}
