/* SPDX-License-Identifier: BSD-3-Clause */
/* Interrupt handles: defaults, every accessor and its bounds, vector list, resize, dup. */

#include <CUnit/Basic.h>

#include <rte_errno.h>

#include "intr_test.h"

static void test_alloc_defaults(void)
{
	struct rte_intr_handle *h = rte_intr_instance_alloc(RTE_INTR_INSTANCE_F_PRIVATE);
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	CU_ASSERT_EQUAL(rte_intr_fd_get(h), -1);
	CU_ASSERT_EQUAL(rte_intr_dev_fd_get(h), -1);
	CU_ASSERT_EQUAL(rte_intr_type_get(h), RTE_INTR_HANDLE_UNKNOWN);
	CU_ASSERT_EQUAL(rte_intr_nb_intr_get(h), RTE_MAX_RXTX_INTR_VEC_ID);
	CU_ASSERT_EQUAL(rte_intr_nb_efd_get(h), 0);
	CU_ASSERT_EQUAL(rte_intr_max_intr_get(h), 0);
	CU_ASSERT_EQUAL(rte_intr_efd_counter_size_get(h), 8);
	CU_ASSERT_EQUAL(rte_intr_efds_index_get(h, 0), -1);
	CU_ASSERT_EQUAL(rte_intr_efds_index_get(h, RTE_MAX_RXTX_INTR_VEC_ID - 1), -1);
	CU_ASSERT_EQUAL(rte_intr_dp_is_en(h), 0);
	rte_intr_instance_free(h);

	h = rte_intr_instance_alloc(RTE_INTR_INSTANCE_F_SHARED);
	CU_ASSERT_PTR_NOT_NULL(h);
	rte_intr_instance_free(h);
	rte_intr_instance_free(NULL);
}

static void test_alloc_bad_flags(void)
{
	rte_errno = 0;
	CU_ASSERT_PTR_NULL(rte_intr_instance_alloc(UINT32_C(1) << 5));
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
}

static void test_null_handle(void)
{
	rte_errno = 0;
	CU_ASSERT_EQUAL(rte_intr_fd_get(NULL), -1);
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	CU_ASSERT_EQUAL(rte_intr_type_get(NULL), RTE_INTR_HANDLE_UNKNOWN);
	CU_ASSERT_EQUAL(rte_intr_dev_fd_get(NULL), -1);
	rte_errno = 0;
	CU_ASSERT_EQUAL(rte_intr_fd_set(NULL, 3), -EINVAL);
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	CU_ASSERT_EQUAL(rte_intr_type_set(NULL, RTE_INTR_HANDLE_UIO), -EINVAL);
	CU_ASSERT_EQUAL(rte_intr_nb_intr_get(NULL), -EINVAL);
	CU_ASSERT_EQUAL(rte_intr_efds_index_set(NULL, 0, 3), -EINVAL);
	CU_ASSERT_EQUAL(rte_intr_vec_list_alloc(NULL, "q", 4), -EINVAL);
	CU_ASSERT_EQUAL(rte_intr_efd_counter_size_set(NULL, 4), -EINVAL);
	CU_ASSERT_EQUAL(rte_intr_ops_set(NULL, &test_ops, NULL), -EINVAL);
	CU_ASSERT_EQUAL(rte_intr_event_list_update(NULL, 8), -EINVAL);
	rte_intr_vec_list_free(NULL);
}

static void test_scalar_accessors(void)
{
	struct rte_intr_handle *h = rte_intr_instance_alloc(0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	CU_ASSERT_EQUAL(rte_intr_fd_set(h, 17), 0);
	CU_ASSERT_EQUAL(rte_intr_fd_get(h), 17);
	CU_ASSERT_EQUAL(rte_intr_dev_fd_set(h, 23), 0);
	CU_ASSERT_EQUAL(rte_intr_dev_fd_get(h), 23);
	CU_ASSERT_EQUAL(rte_intr_type_set(h, RTE_INTR_HANDLE_VFIO_MSIX), 0);
	CU_ASSERT_EQUAL(rte_intr_type_get(h), RTE_INTR_HANDLE_VFIO_MSIX);

	rte_errno = 0;
	CU_ASSERT_EQUAL(rte_intr_type_set(h, RTE_INTR_HANDLE_MAX), -EINVAL);
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	CU_ASSERT_EQUAL(rte_intr_type_get(h), RTE_INTR_HANDLE_VFIO_MSIX);

	CU_ASSERT_EQUAL(rte_intr_efd_counter_size_set(h, 4), 0);
	CU_ASSERT_EQUAL(rte_intr_efd_counter_size_get(h), 4);
	CU_ASSERT_EQUAL(rte_intr_efd_counter_size_set(h, 0), 0);
	CU_ASSERT_EQUAL(rte_intr_efd_counter_size_get(h), 0);
	rte_errno = 0;
	CU_ASSERT_EQUAL(rte_intr_efd_counter_size_set(h, 9), -EINVAL);
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	CU_ASSERT_EQUAL(rte_intr_efd_counter_size_get(h), 0);
	rte_intr_instance_free(h);
}

static void test_count_bounds(void)
{
	struct rte_intr_handle *h = rte_intr_instance_alloc(0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	CU_ASSERT_EQUAL(rte_intr_max_intr_set(h, RTE_MAX_RXTX_INTR_VEC_ID), 0);
	CU_ASSERT_EQUAL(rte_intr_max_intr_get(h), RTE_MAX_RXTX_INTR_VEC_ID);
	rte_errno = 0;
	CU_ASSERT_EQUAL(rte_intr_max_intr_set(h, RTE_MAX_RXTX_INTR_VEC_ID + 1), -ERANGE);
	CU_ASSERT_EQUAL(rte_errno, ERANGE);
	CU_ASSERT_EQUAL(rte_intr_max_intr_set(h, -1), -ERANGE);
	CU_ASSERT_EQUAL(rte_intr_max_intr_get(h), RTE_MAX_RXTX_INTR_VEC_ID);

	CU_ASSERT_EQUAL(rte_intr_nb_efd_set(h, 3), 0);
	CU_ASSERT_EQUAL(rte_intr_nb_efd_get(h), 3);
	rte_errno = 0;
	CU_ASSERT_EQUAL(rte_intr_nb_efd_set(h, RTE_MAX_RXTX_INTR_VEC_ID + 1), -ERANGE);
	CU_ASSERT_EQUAL(rte_errno, ERANGE);
	CU_ASSERT_EQUAL(rte_intr_nb_efd_set(h, -2), -ERANGE);
	CU_ASSERT_EQUAL(rte_intr_nb_efd_get(h), 3);
	rte_intr_instance_free(h);
}

static void test_efds_bounds(void)
{
	struct rte_intr_handle *h = rte_intr_instance_alloc(0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	CU_ASSERT_EQUAL(rte_intr_efds_index_set(h, 0, 40), 0);
	CU_ASSERT_EQUAL(rte_intr_efds_index_set(h, RTE_MAX_RXTX_INTR_VEC_ID - 1, 41), 0);
	CU_ASSERT_EQUAL(rte_intr_efds_index_get(h, 0), 40);
	CU_ASSERT_EQUAL(rte_intr_efds_index_get(h, RTE_MAX_RXTX_INTR_VEC_ID - 1), 41);

	rte_errno = 0;
	CU_ASSERT_EQUAL(rte_intr_efds_index_set(h, RTE_MAX_RXTX_INTR_VEC_ID, 42), -ERANGE);
	CU_ASSERT_EQUAL(rte_errno, ERANGE);
	rte_errno = 0;
	CU_ASSERT_EQUAL(rte_intr_efds_index_get(h, RTE_MAX_RXTX_INTR_VEC_ID), -ERANGE);
	CU_ASSERT_EQUAL(rte_errno, ERANGE);
	CU_ASSERT_EQUAL(rte_intr_efds_index_set(h, -1, 42), -ERANGE);
	CU_ASSERT_EQUAL(rte_intr_efds_index_get(h, -1), -ERANGE);
	rte_intr_instance_free(h);
}

static void test_vec_list(void)
{
	struct rte_intr_handle *h = rte_intr_instance_alloc(0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	rte_errno = 0;
	CU_ASSERT_EQUAL(rte_intr_vec_list_index_get(h, 0), -ERANGE);
	CU_ASSERT_EQUAL(rte_errno, ERANGE);
	CU_ASSERT_EQUAL(rte_intr_vec_list_index_set(h, 0, 1), -ERANGE);
	CU_ASSERT_EQUAL(rte_intr_vec_list_alloc(h, "q", 0), -ERANGE);
	CU_ASSERT_EQUAL(rte_intr_vec_list_alloc(h, "q", RTE_MAX_RXTX_INTR_VEC_ID + 1), -ERANGE);

	CU_ASSERT_EQUAL(rte_intr_vec_list_alloc(h, "q", 4), 0);
	for (int i = 0; i < 4; i++)
		CU_ASSERT_EQUAL(rte_intr_vec_list_index_get(h, i), 0);
	for (int i = 0; i < 4; i++)
		CU_ASSERT_EQUAL(rte_intr_vec_list_index_set(h, i, RTE_INTR_VEC_RXTX_OFFSET + i), 0);
	CU_ASSERT_EQUAL(rte_intr_vec_list_index_get(h, 3), RTE_INTR_VEC_RXTX_OFFSET + 3);
	CU_ASSERT_EQUAL(rte_intr_vec_list_index_get(h, 4), -ERANGE);
	CU_ASSERT_EQUAL(rte_intr_vec_list_index_set(h, 4, 9), -ERANGE);

	/* A second alloc keeps the existing list, as DPDK's. */
	CU_ASSERT_EQUAL(rte_intr_vec_list_alloc(h, "q", 8), 0);
	CU_ASSERT_EQUAL(rte_intr_vec_list_index_get(h, 2), RTE_INTR_VEC_RXTX_OFFSET + 2);
	CU_ASSERT_EQUAL(rte_intr_vec_list_index_get(h, 4), -ERANGE);

	rte_intr_vec_list_free(h);
	CU_ASSERT_EQUAL(rte_intr_vec_list_index_get(h, 0), -ERANGE);
	CU_ASSERT_EQUAL(rte_intr_vec_list_alloc(h, "q", 2), 0);
	CU_ASSERT_EQUAL(rte_intr_vec_list_index_get(h, 1), 0);
	rte_intr_instance_free(h);
}

static void test_event_list_update(void)
{
	struct rte_intr_handle *h = rte_intr_instance_alloc(0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	CU_ASSERT_EQUAL(rte_intr_efds_index_set(h, 3, 42), 0);

	CU_ASSERT_EQUAL(rte_intr_event_list_update(h, 1024), 0);
	CU_ASSERT_EQUAL(rte_intr_nb_intr_get(h), 1024);
	CU_ASSERT_EQUAL(rte_intr_efds_index_get(h, 3), 42);
	CU_ASSERT_EQUAL(rte_intr_efds_index_get(h, 1000), -1);
	CU_ASSERT_EQUAL(rte_intr_efds_index_set(h, 1023, 7), 0);
	CU_ASSERT_EQUAL(rte_intr_max_intr_set(h, 1024), 0);

	rte_errno = 0;
	CU_ASSERT_EQUAL(rte_intr_event_list_update(h, 16), -ERANGE); /* below max_intr */
	CU_ASSERT_EQUAL(rte_errno, ERANGE);
	CU_ASSERT_EQUAL(rte_intr_max_intr_set(h, 9), 0);
	CU_ASSERT_EQUAL(rte_intr_event_list_update(h, 16), 0);
	CU_ASSERT_EQUAL(rte_intr_nb_intr_get(h), 16);
	CU_ASSERT_EQUAL(rte_intr_efds_index_get(h, 3), 42);
	CU_ASSERT_EQUAL(rte_intr_efds_index_set(h, 16, 7), -ERANGE);

	CU_ASSERT_EQUAL(rte_intr_event_list_update(h, 0), -EINVAL);
	CU_ASSERT_EQUAL(rte_intr_nb_intr_get(h), 16);
	rte_intr_instance_free(h);
}

static void test_dup(void)
{
	struct rte_intr_handle *h = rte_intr_instance_alloc(0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	rte_intr_fd_set(h, 11);
	rte_intr_dev_fd_set(h, 12);
	rte_intr_type_set(h, RTE_INTR_HANDLE_UIO);
	rte_intr_efd_counter_size_set(h, 4);
	rte_intr_event_list_update(h, 600);
	rte_intr_efds_index_set(h, 0, 11);
	rte_intr_efds_index_set(h, 599, 13);
	rte_intr_nb_efd_set(h, 1);
	rte_intr_max_intr_set(h, 2);
	rte_intr_vec_list_alloc(h, "q", 2);

	struct rte_intr_handle *d = rte_intr_instance_dup(h);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_EQUAL(rte_intr_fd_get(d), 11);
	CU_ASSERT_EQUAL(rte_intr_dev_fd_get(d), 12);
	CU_ASSERT_EQUAL(rte_intr_type_get(d), RTE_INTR_HANDLE_UIO);
	CU_ASSERT_EQUAL(rte_intr_efd_counter_size_get(d), 4);
	CU_ASSERT_EQUAL(rte_intr_nb_intr_get(d), 600);
	CU_ASSERT_EQUAL(rte_intr_efds_index_get(d, 0), 11);
	CU_ASSERT_EQUAL(rte_intr_efds_index_get(d, 599), 13);
	CU_ASSERT_EQUAL(rte_intr_efds_index_get(d, 1), -1);
	CU_ASSERT_EQUAL(rte_intr_nb_efd_get(d), 1);
	CU_ASSERT_EQUAL(rte_intr_max_intr_get(d), 2);
	CU_ASSERT_EQUAL(rte_intr_vec_list_index_get(d, 0), -ERANGE); /* not copied */

	/* The copy has its own tables. */
	rte_intr_efds_index_set(d, 0, 99);
	CU_ASSERT_EQUAL(rte_intr_efds_index_get(h, 0), 11);
	rte_intr_instance_free(h);
	CU_ASSERT_EQUAL(rte_intr_efds_index_get(d, 599), 13);
	rte_intr_instance_free(d);

	rte_errno = 0;
	CU_ASSERT_PTR_NULL(rte_intr_instance_dup(NULL));
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
}

int intr_handle_suite_add(void)
{
	CU_pSuite s = CU_add_suite("intr_handle", NULL, NULL);
	if (s == NULL)
		return -1;
	return (CU_add_test(s, "alloc defaults", test_alloc_defaults) == NULL ||
		CU_add_test(s, "alloc with unknown flags", test_alloc_bad_flags) == NULL ||
		CU_add_test(s, "NULL handle", test_null_handle) == NULL ||
		CU_add_test(s, "fd, dev_fd, type, counter size", test_scalar_accessors) == NULL ||
		CU_add_test(s, "max_intr and nb_efd bounds", test_count_bounds) == NULL ||
		CU_add_test(s, "efds index bounds", test_efds_bounds) == NULL ||
		CU_add_test(s, "vector list", test_vec_list) == NULL ||
		CU_add_test(s, "event list resize", test_event_list_update) == NULL ||
		CU_add_test(s, "dup", test_dup) == NULL)
		   ? -1
		   : 0;
}
