/* SPDX-License-Identifier: BSD-3-Clause */
/* Unit tests of the vdev bus and of the net_null driver. */

#include <CUnit/Basic.h>

#include "test_util.h"
#include "vdev_test.h"

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	rte_vdev_register(&vt_driver);
	vt_add_options_suite();
	vt_add_api_suite();
	vt_add_bus_ops_suite();
	vt_add_null_args_suite();
	int ret = test_run_registry();
	rte_vdev_unregister(&vt_driver);
	return ret;
}
