/* SPDX-License-Identifier: BSD-3-Clause */
/* vfio-pci backend unit tests: one executable, one CUnit suite per area. */

#include <CUnit/Basic.h>

#include "test_util.h"
#include "vfiobe_test.h"

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	vfiobe_add_pieces_suite();
	vfiobe_add_intr_suite();
	vfiobe_add_select_suite();
	return test_run_registry();
}
