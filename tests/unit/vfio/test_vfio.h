/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TEST_VFIO_H
#define TEST_VFIO_H

/* One CUnit suite per file of tests/unit/vfio; main() adds them all. */
void test_vfio_add_msg_suite(void);
void test_vfio_add_caps_suite(void);
void test_vfio_add_sysfs_suite(void);
void test_vfio_add_api_suite(void);

#endif
