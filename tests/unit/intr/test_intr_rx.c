/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Rx-queue interrupts: rte_intr_rx_ctl puts a vector's event fd into an epoll instance,
 * rte_epoll_wait returns it with the user data and clears the fd, and cleanup closes the
 * per-thread epoll instances.
 */

#include <CUnit/Basic.h>
#include <pthread.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <rte_errno.h>

#include "eal_intr_private.h"
#include "intr_test.h"
#include "test_util.h"

static struct rte_intr_handle *rx_handle(int nb_efd)
{
	struct rte_intr_handle *h = intr_handle_on_fd(-1, RTE_INTR_HANDLE_VFIO_MSIX);
	if (h == NULL)
		return NULL;
	rte_intr_ops_set(h, &test_ops, NULL);
	if (rte_intr_efd_enable(h, (uint32_t)nb_efd) != 0) {
		rte_intr_instance_free(h);
		return NULL;
	}
	return h;
}

static void test_rx_ctl_and_wait(void)
{
	int fds0 = test_count_fds();
	struct rte_intr_handle *h = rx_handle(2);
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	int data_q0, data_q1;
	int vec_q1 = RTE_INTR_VEC_RXTX_OFFSET + 1;

	CU_ASSERT_EQUAL(rte_intr_rx_ctl(h, RTE_EPOLL_PER_THREAD, RTE_INTR_EVENT_ADD,
					RTE_INTR_VEC_RXTX_OFFSET, &data_q0),
			0);
	CU_ASSERT_EQUAL(
	    rte_intr_rx_ctl(h, RTE_EPOLL_PER_THREAD, RTE_INTR_EVENT_ADD, vec_q1, &data_q1), 0);
	CU_ASSERT_EQUAL(
	    rte_intr_rx_ctl(h, RTE_EPOLL_PER_THREAD, RTE_INTR_EVENT_ADD, vec_q1, &data_q1),
	    -EEXIST);
	/* Only two Rx vectors exist. */
	CU_ASSERT_EQUAL(rte_intr_rx_ctl(h, RTE_EPOLL_PER_THREAD, RTE_INTR_EVENT_ADD, 3, NULL),
			-EPERM);
	CU_ASSERT_EQUAL(rte_intr_rx_ctl(h, RTE_EPOLL_PER_THREAD, 99, 1, NULL), -EPERM);

	struct rte_epoll_event ev[4];
	CU_ASSERT_EQUAL(rte_epoll_wait(RTE_EPOLL_PER_THREAD, ev, 4, 0), 0);

	int efd1 = rte_intr_efds_index_get(h, 1);
	CU_ASSERT_EQUAL(eventfd_write(efd1, 1), 0);
	CU_ASSERT_EQUAL_FATAL(rte_epoll_wait(RTE_EPOLL_PER_THREAD, ev, 4, 1000), 1);
	CU_ASSERT_EQUAL(ev[0].fd, efd1);
	CU_ASSERT_PTR_EQUAL(ev[0].epdata.data, &data_q1);
	CU_ASSERT_TRUE((ev[0].epdata.event & EPOLLIN) != 0);
	CU_ASSERT_EQUAL(ev[0].epfd, rte_intr_tls_epfd());
	/* The EAL's event callback read the counter. */
	eventfd_t value;
	CU_ASSERT_EQUAL(eventfd_read(efd1, &value), -1);
	CU_ASSERT_EQUAL(rte_epoll_wait(RTE_EPOLL_PER_THREAD, ev, 4, 0), 0);

	/* The tables cannot move while an epoll instance points into them. */
	rte_errno = 0;
	CU_ASSERT_EQUAL(rte_intr_event_list_update(h, 64), -EBUSY);
	CU_ASSERT_EQUAL(rte_errno, EBUSY);

	CU_ASSERT_EQUAL(rte_intr_rx_ctl(h, RTE_EPOLL_PER_THREAD, RTE_INTR_EVENT_DEL, vec_q1, NULL),
			0);
	CU_ASSERT_EQUAL(rte_intr_rx_ctl(h, RTE_EPOLL_PER_THREAD, RTE_INTR_EVENT_DEL, vec_q1, NULL),
			-EPERM);
	CU_ASSERT_EQUAL(eventfd_write(efd1, 1), 0);
	CU_ASSERT_EQUAL(rte_epoll_wait(RTE_EPOLL_PER_THREAD, ev, 4, 0), 0);

	/* efd_disable takes queue 0 out of the epoll instance too, then closes the eventfds. */
	rte_intr_efd_disable(h);
	CU_ASSERT_EQUAL(rte_intr_event_list_update(h, 64), 0);
	rte_intr_instance_free(h);

	/* The per-thread epoll instance is the only fd left, until cleanup. */
	CU_ASSERT_EQUAL(test_count_fds(), fds0 + 1);
	CU_ASSERT_EQUAL(eal_intr_thread_stop(), 0);
	CU_ASSERT_EQUAL(test_count_fds(), fds0);
}

static void *make_tls_epfd(void *arg)
{
	*(int *)arg = rte_intr_tls_epfd();
	return NULL;
}

static void test_tls_epfd_per_thread(void)
{
	int fds0 = test_count_fds();
	int mine = rte_intr_tls_epfd();
	CU_ASSERT_TRUE(mine >= 0);
	CU_ASSERT_EQUAL(rte_intr_tls_epfd(), mine);

	int other = -1;
	pthread_t t;
	CU_ASSERT_EQUAL_FATAL(pthread_create(&t, NULL, make_tls_epfd, &other), 0);
	pthread_join(t, NULL);
	CU_ASSERT_TRUE(other >= 0);
	CU_ASSERT_NOT_EQUAL(other, mine);
	CU_ASSERT_EQUAL(test_count_fds(), fds0 + 2);

	/* Cleanup closes both, including the one of the thread that is gone. */
	CU_ASSERT_EQUAL(eal_intr_thread_stop(), 0);
	CU_ASSERT_EQUAL(test_count_fds(), fds0);
	/* A later call gets a new instance. */
	CU_ASSERT_TRUE(rte_intr_tls_epfd() >= 0);
	CU_ASSERT_EQUAL(test_count_fds(), fds0 + 1);
	CU_ASSERT_EQUAL(eal_intr_thread_stop(), 0);
}

/* Freeing a handle whose efd is still added must not leave the epoll data dangling. */
static void test_free_removes_from_epoll(void)
{
	struct rte_intr_handle *h = rx_handle(1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	/* Freeing closes no fd: the eventfd stays open and would still fire. */
	int efd = rte_intr_efds_index_get(h, 0);
	CU_ASSERT_EQUAL(rte_intr_rx_ctl(h, RTE_EPOLL_PER_THREAD, RTE_INTR_EVENT_ADD, 1, NULL), 0);
	rte_intr_instance_free(h);
	CU_ASSERT_EQUAL(eventfd_write(efd, 1), 0);
	struct rte_epoll_event ev[2];
	CU_ASSERT_EQUAL(rte_epoll_wait(RTE_EPOLL_PER_THREAD, ev, 2, 0), 0);
	close(efd);
	CU_ASSERT_EQUAL(eal_intr_thread_stop(), 0);
}

static void test_epoll_args(void)
{
	struct rte_epoll_event ev;
	CU_ASSERT_EQUAL(rte_epoll_wait(RTE_EPOLL_PER_THREAD, NULL, 1, 0), -1);
	CU_ASSERT_EQUAL(rte_epoll_wait(RTE_EPOLL_PER_THREAD, &ev, 0, 0), -1);
	CU_ASSERT_EQUAL(rte_epoll_ctl(RTE_EPOLL_PER_THREAD, EPOLL_CTL_ADD, 0, NULL), -1);
	CU_ASSERT_EQUAL(rte_intr_rx_ctl(NULL, RTE_EPOLL_PER_THREAD, RTE_INTR_EVENT_ADD, 1, NULL),
			-EPERM);
	CU_ASSERT_EQUAL(eal_intr_thread_stop(), 0);
}

int intr_rx_suite_add(void)
{
	CU_pSuite s = CU_add_suite("intr_rx", NULL, NULL);
	if (s == NULL)
		return -1;
	return (CU_add_test(s, "rx_ctl and epoll_wait", test_rx_ctl_and_wait) == NULL ||
		CU_add_test(s, "per-thread epoll instances", test_tls_epfd_per_thread) == NULL ||
		CU_add_test(s, "free removes from epoll", test_free_removes_from_epoll) == NULL ||
		CU_add_test(s, "argument errors", test_epoll_args) == NULL)
		   ? -1
		   : 0;
}
