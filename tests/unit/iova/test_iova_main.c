/* SPDX-License-Identifier: BSD-3-Clause */
/* IOVA: the decision table row by row, the IOVA-space allocator, and the decision in init. */

#include <CUnit/Basic.h>

#include "test_iova.h"
#include "test_util.h"

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	test_iova_add_decide_suite();
	test_iova_add_space_suite();
	test_iova_add_eal_suite();
	return test_run_registry();
}
