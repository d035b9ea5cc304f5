/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rte_intr_enable/disable/ack and rte_intr_efd_enable/disable go to the operations the
 * creator attached, and fail with -ENOTSUP and one clear line when there are none.
 */

#include <CUnit/Basic.h>
#include <stdlib.h>
#include <string.h>

#include <rte_errno.h>

#include "intr_test.h"
#include "test_util.h"

static int priv_token;

static struct rte_intr_handle *handle_with_ops(const struct rte_intr_ops *ops)
{
	struct rte_intr_handle *h = intr_handle_on_fd(5, RTE_INTR_HANDLE_VFIO_MSIX);
	if (h != NULL && ops != NULL)
		rte_intr_ops_set(h, ops, &priv_token);
	return h;
}

static void test_dispatch_to_ops(void)
{
	struct rte_intr_handle *h = handle_with_ops(&test_ops);
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	test_ops_reset();
	CU_ASSERT_EQUAL(rte_intr_enable(h), 0);
	CU_ASSERT_EQUAL(rte_intr_ack(h), 0);
	CU_ASSERT_EQUAL(rte_intr_ack(h), 0);
	CU_ASSERT_EQUAL(rte_intr_disable(h), 0);
	CU_ASSERT_EQUAL(test_ops_rec.enables, 1);
	CU_ASSERT_EQUAL(test_ops_rec.acks, 2);
	CU_ASSERT_EQUAL(test_ops_rec.disables, 1);
	CU_ASSERT_PTR_EQUAL(test_ops_rec.handle, h);
	CU_ASSERT_PTR_EQUAL(test_ops_rec.priv, &priv_token);

	/* The operation's failure is the caller's result, with rte_errno. */
	test_ops_rec.ret = -EIO;
	rte_errno = 0;
	CU_ASSERT_EQUAL(rte_intr_enable(h), -EIO);
	CU_ASSERT_EQUAL(rte_errno, EIO);
	rte_intr_instance_free(h);
}

struct op_call {
	struct rte_intr_handle *h;
	int ret;
};

static void call_enable(void *arg)
{
	struct op_call *c = arg;
	c->ret = rte_intr_enable(c->h);
}

static void test_no_ops(void)
{
	struct rte_intr_handle *h = handle_with_ops(NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	struct op_call c = {.h = h};
	rte_errno = 0;
	char *log = test_capture_log(call_enable, &c);
	CU_ASSERT_EQUAL(c.ret, -ENOTSUP);
	CU_ASSERT_EQUAL(rte_errno, ENOTSUP);
	CU_ASSERT_PTR_NOT_NULL_FATAL(log);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "cannot enable interrupts on interrupt fd 5"));
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "vfio-msix"));
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "no interrupt operations"));
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "rte_intr_ops_set"));
	CU_ASSERT_EQUAL(intr_count_lines(log), 1);
	free(log);

	CU_ASSERT_EQUAL(rte_intr_disable(h), -ENOTSUP);
	CU_ASSERT_EQUAL(rte_intr_ack(h), -ENOTSUP);
	CU_ASSERT_EQUAL(rte_intr_efd_enable(h, 1), -ENOTSUP);

	/* Detaching works the same way. */
	test_ops_reset();
	rte_intr_ops_set(h, &test_ops, NULL);
	CU_ASSERT_EQUAL(rte_intr_disable(h), 0);
	rte_intr_ops_set(h, NULL, &priv_token);
	CU_ASSERT_EQUAL(rte_intr_disable(h), -ENOTSUP);

	CU_ASSERT_EQUAL(rte_intr_enable(NULL), -EINVAL);
	CU_ASSERT_EQUAL(rte_intr_ack(NULL), -EINVAL);
	rte_intr_instance_free(h);
}

static void test_missing_member(void)
{
	struct rte_intr_handle *h = handle_with_ops(&test_ops_no_ack);
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	test_ops_reset();
	CU_ASSERT_EQUAL(rte_intr_enable(h), 0);
	rte_errno = 0;
	CU_ASSERT_EQUAL(rte_intr_ack(h), -ENOTSUP);
	CU_ASSERT_EQUAL(rte_errno, ENOTSUP);
	CU_ASSERT_EQUAL(rte_intr_efd_enable(h, 2), -ENOTSUP);
	CU_ASSERT_EQUAL(test_ops_rec.enables, 1);
	CU_ASSERT_EQUAL(test_ops_rec.acks, 0);
	rte_intr_instance_free(h);
}

/* A vdev's driver manages its own fds: DPDK's vdev PMDs call these and expect success. */
static void test_vdev_without_ops(void)
{
	struct rte_intr_handle *h = intr_handle_on_fd(5, RTE_INTR_HANDLE_VDEV);
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	CU_ASSERT_EQUAL(rte_intr_enable(h), 0);
	CU_ASSERT_EQUAL(rte_intr_disable(h), 0);
	CU_ASSERT_EQUAL(rte_intr_ack(h), 0);
	CU_ASSERT_EQUAL(rte_intr_efd_enable(h, 4), 0);
	CU_ASSERT_EQUAL(rte_intr_cap_multiple(h), 1);
	rte_intr_instance_free(h);
}

static void test_dup_keeps_ops(void)
{
	struct rte_intr_handle *h = handle_with_ops(&test_ops);
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	struct rte_intr_handle *d = rte_intr_instance_dup(h);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	test_ops_reset();
	CU_ASSERT_EQUAL(rte_intr_enable(d), 0);
	CU_ASSERT_EQUAL(test_ops_rec.enables, 1);
	CU_ASSERT_PTR_EQUAL(test_ops_rec.handle, d);
	CU_ASSERT_PTR_EQUAL(test_ops_rec.priv, &priv_token);
	rte_intr_instance_free(d);
	rte_intr_instance_free(h);
}

static void test_efd_enable_disable(void)
{
	struct rte_intr_handle *h = handle_with_ops(&test_ops);
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	test_ops_reset();
	rte_errno = 0;
	CU_ASSERT_EQUAL(rte_intr_efd_enable(h, 0), -EINVAL);
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	CU_ASSERT_EQUAL(test_ops_rec.efd_enables, 0);

	CU_ASSERT_EQUAL(rte_intr_dp_is_en(h), 0);
	CU_ASSERT_EQUAL(rte_intr_allow_others(h), 1);
	CU_ASSERT_EQUAL(rte_intr_efd_enable(h, 3), 0);
	CU_ASSERT_EQUAL(test_ops_rec.efd_enables, 1);
	CU_ASSERT_EQUAL(test_ops_rec.efd_enable_n, 3);
	CU_ASSERT_PTR_EQUAL(test_ops_rec.priv, &priv_token);
	CU_ASSERT_EQUAL(rte_intr_nb_efd_get(h), 3);
	CU_ASSERT_EQUAL(rte_intr_max_intr_get(h), 4);
	CU_ASSERT_TRUE(rte_intr_efds_index_get(h, 2) >= 0);
	CU_ASSERT_EQUAL(rte_intr_dp_is_en(h), 1);
	CU_ASSERT_EQUAL(rte_intr_allow_others(h), 1);
	CU_ASSERT_EQUAL(rte_intr_cap_multiple(h), 1);

	rte_intr_efd_disable(h);
	CU_ASSERT_EQUAL(test_ops_rec.efd_disables, 1);
	CU_ASSERT_EQUAL(rte_intr_nb_efd_get(h), 0);
	CU_ASSERT_EQUAL(rte_intr_max_intr_get(h), 0);
	CU_ASSERT_EQUAL(rte_intr_efds_index_get(h, 0), -1);
	CU_ASSERT_EQUAL(rte_intr_dp_is_en(h), 0);
	rte_intr_efd_disable(NULL);
	rte_intr_instance_free(h);
}

/* Vector 0 stays for the other causes: at most nb_intr - 1 Rx vectors reach the operation. */
static void test_efd_enable_clamp(void)
{
	struct rte_intr_handle *h = handle_with_ops(&test_ops);
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	CU_ASSERT_EQUAL(rte_intr_event_list_update(h, 8), 0);
	test_ops_reset();
	CU_ASSERT_EQUAL(rte_intr_efd_enable(h, 100), 0);
	CU_ASSERT_EQUAL(test_ops_rec.efd_enable_n, 7);
	CU_ASSERT_EQUAL(rte_intr_max_intr_get(h), 8);
	rte_intr_efd_disable(h);

	/* A one-entry table still gets one Rx vector (the single-vector mechanisms share it). */
	CU_ASSERT_EQUAL(rte_intr_event_list_update(h, 1), 0);
	test_ops_reset();
	rte_intr_efd_enable(h, 5);
	CU_ASSERT_EQUAL(test_ops_rec.efd_enable_n, 1);
	rte_intr_efd_disable(h);
	rte_intr_instance_free(h);
}

static void test_allow_others_and_cap(void)
{
	struct rte_intr_handle *h = intr_handle_on_fd(5, RTE_INTR_HANDLE_UIO);
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	/* One vector shared by Rx and the other causes (uio): no room for others. */
	rte_intr_efds_index_set(h, 0, 5);
	rte_intr_nb_efd_set(h, 1);
	rte_intr_max_intr_set(h, 1);
	CU_ASSERT_EQUAL(rte_intr_dp_is_en(h), 1);
	CU_ASSERT_EQUAL(rte_intr_allow_others(h), 0);
	CU_ASSERT_EQUAL(rte_intr_cap_multiple(h), 0);
	rte_intr_type_set(h, RTE_INTR_HANDLE_VFIO_MSI);
	CU_ASSERT_EQUAL(rte_intr_cap_multiple(h), 0);
	CU_ASSERT_EQUAL(rte_intr_cap_multiple(NULL), 0);
	CU_ASSERT_EQUAL(rte_intr_dp_is_en(NULL), 0);
	rte_intr_instance_free(h);
}

int intr_ops_suite_add(void)
{
	CU_pSuite s = CU_add_suite("intr_ops", NULL, NULL);
	if (s == NULL)
		return -1;
	return (CU_add_test(s, "enable/disable/ack reach the ops", test_dispatch_to_ops) == NULL ||
		CU_add_test(s, "no ops: -ENOTSUP and one line", test_no_ops) == NULL ||
		CU_add_test(s, "missing member: -ENOTSUP", test_missing_member) == NULL ||
		CU_add_test(s, "vdev without ops", test_vdev_without_ops) == NULL ||
		CU_add_test(s, "dup keeps ops", test_dup_keeps_ops) == NULL ||
		CU_add_test(s, "efd enable/disable", test_efd_enable_disable) == NULL ||
		CU_add_test(s, "efd enable clamp", test_efd_enable_clamp) == NULL ||
		CU_add_test(s, "allow_others and cap_multiple", test_allow_others_and_cap) == NULL)
		   ? -1
		   : 0;
}
