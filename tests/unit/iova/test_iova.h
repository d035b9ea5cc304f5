/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TEST_IOVA_H
#define TEST_IOVA_H

void test_iova_add_decide_suite(void);
void test_iova_add_space_suite(void);
void test_iova_add_eal_suite(void);

#endif
