/* SPDX-License-Identifier: BSD-3-Clause */
/* Device-model tests: kvargs, devargs, bus registry, generic device API, device classes
 * (fake buses). */
#include <CUnit/CUnit.h>

#include "model_tests.h"
#include "test_util.h"

int main(void)
{
	/* Buses linked into the library (PCI) scan the empty tree test_util gives every test. */
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	model_add_kvargs_suite();
	model_add_devargs_suite();
	model_add_bus_suite();
	model_add_dev_suite();
	model_add_class_suite();
	return test_run_registry();
}
