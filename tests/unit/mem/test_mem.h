/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TEST_MEM_H
#define TEST_MEM_H

void test_mem_add_heap_suite(void);
void test_mem_add_parse_suite(void);
void test_mem_add_hugepages_suite(void);
void test_mem_add_api_suite(void);
void test_mem_add_populate_suite(void);
void test_mem_add_place_suite(void);
void test_mem_add_memseg_suite(void);
void test_mem_add_ext_suite(void);

#endif
