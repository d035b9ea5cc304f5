/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef INTR_TEST_H
#define INTR_TEST_H

/* Shared by the interrupt unit tests: suite registration and small helpers. */

#include <stdbool.h>
#include <stdint.h>

#include <interrupts_driver.h>
#include <rte_interrupts.h>

/* Each adds its CUnit suite; 0 or -1. */
int intr_handle_suite_add(void);
int intr_ops_suite_add(void);
int intr_callbacks_suite_add(void);
int intr_rx_suite_add(void);

/* Poll pred(arg) every millisecond for up to ms milliseconds; its last answer. */
bool intr_wait_until(bool (*pred)(void *arg), void *arg, int ms);

/* Lines in a captured log. */
int intr_count_lines(const char *text);

/* A handle of the given type on fd (no operations). NULL on failure. */
struct rte_intr_handle *intr_handle_on_fd(int fd, enum rte_intr_handle_type type);

/*
 * Test operations: they count calls, remember the handle and priv they saw, return
 * test_ops_ret, and (efd_enable/efd_disable) create and close non-blocking eventfds the way
 * the vfio-pci backend does for MSI-X.
 */
struct test_ops_record {
	int enables, disables, acks, efd_enables, efd_disables;
	uint32_t efd_enable_n; /* nb_efd received by efd_enable */
	const struct rte_intr_handle *handle;
	void *priv;
	int ret;
};
extern struct test_ops_record test_ops_rec;
extern const struct rte_intr_ops test_ops;
/* The same without ack, to check a missing member. */
extern const struct rte_intr_ops test_ops_no_ack;
void test_ops_reset(void);

#endif
