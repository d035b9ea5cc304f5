/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef MODEL_TESTS_H
#define MODEL_TESTS_H

/* Each file of the device-model test program adds its CUnit suite. */
void model_add_kvargs_suite(void);
void model_add_devargs_suite(void);
void model_add_bus_suite(void);
void model_add_dev_suite(void);
void model_add_class_suite(void);

#endif
