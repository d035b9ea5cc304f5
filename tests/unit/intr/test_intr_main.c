/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Interrupt unit tests: handles and accessors, the creator's operations, the callback list and
 * the EAL interrupt thread, Rx-queue epoll. Event sources are eventfds and pipes made by the
 * tests; the kernel-driver backends themselves are tested in the VM lab.
 */

#include <CUnit/Basic.h>

#include "intr_test.h"
#include "test_util.h"

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	if (intr_handle_suite_add() != 0 || intr_ops_suite_add() != 0 ||
	    intr_callbacks_suite_add() != 0 || intr_rx_suite_add() != 0) {
		CU_cleanup_registry();
		return 1;
	}
	return test_run_registry();
}
