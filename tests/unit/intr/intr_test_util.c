/* SPDX-License-Identifier: BSD-3-Clause */
/* Helpers of the interrupt tests: waiting, handle creation, and a test operations table. */

#include <sys/eventfd.h>
#include <unistd.h>

#include "intr_test.h"

struct test_ops_record test_ops_rec;

void test_ops_reset(void)
{
	test_ops_rec = (struct test_ops_record){0};
}

static int rec(const struct rte_intr_handle *h, void *priv, int *counter)
{
	(*counter)++;
	test_ops_rec.handle = h;
	test_ops_rec.priv = priv;
	return test_ops_rec.ret;
}

static int t_enable(const struct rte_intr_handle *h, void *priv)
{
	return rec(h, priv, &test_ops_rec.enables);
}

static int t_disable(const struct rte_intr_handle *h, void *priv)
{
	return rec(h, priv, &test_ops_rec.disables);
}

static int t_ack(const struct rte_intr_handle *h, void *priv)
{
	return rec(h, priv, &test_ops_rec.acks);
}

static int t_efd_enable(struct rte_intr_handle *h, uint32_t nb_efd, void *priv)
{
	int ret = rec(h, priv, &test_ops_rec.efd_enables);
	test_ops_rec.efd_enable_n = nb_efd;
	if (ret < 0)
		return ret;
	for (uint32_t i = 0; i < nb_efd; i++) {
		int fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
		if (fd < 0 || rte_intr_efds_index_set(h, (int)i, fd) != 0)
			return -1;
	}
	rte_intr_nb_efd_set(h, (int)nb_efd);
	return rte_intr_max_intr_set(h, (int)nb_efd + 1);
}

static void t_efd_disable(struct rte_intr_handle *h, void *priv)
{
	rec(h, priv, &test_ops_rec.efd_disables);
	for (int i = 0; i < rte_intr_nb_efd_get(h); i++) {
		close(rte_intr_efds_index_get(h, i));
		rte_intr_efds_index_set(h, i, -1);
	}
}

const struct rte_intr_ops test_ops = {
    .enable = t_enable,
    .disable = t_disable,
    .ack = t_ack,
    .efd_enable = t_efd_enable,
    .efd_disable = t_efd_disable,
};

const struct rte_intr_ops test_ops_no_ack = {
    .enable = t_enable,
    .disable = t_disable,
};

bool intr_wait_until(bool (*pred)(void *arg), void *arg, int ms)
{
	for (int i = 0; i < ms; i++) {
		if (pred(arg))
			return true;
		usleep(1000);
	}
	return pred(arg);
}

struct rte_intr_handle *intr_handle_on_fd(int fd, enum rte_intr_handle_type type)
{
	struct rte_intr_handle *h = rte_intr_instance_alloc(RTE_INTR_INSTANCE_F_PRIVATE);
	if (h == NULL)
		return NULL;
	if (rte_intr_fd_set(h, fd) != 0 || rte_intr_type_set(h, type) != 0) {
		rte_intr_instance_free(h);
		return NULL;
	}
	return h;
}

int intr_count_lines(const char *text)
{
	int n = 0;
	for (; *text != '\0'; text++)
		n += *text == '\n';
	return n;
}
