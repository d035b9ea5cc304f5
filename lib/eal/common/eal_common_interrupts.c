/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Interrupt handles: allocation, accessors, and the calls that go through the operations the
 * handle's creator attached (enable/disable/ack, Rx event fds). Nothing here knows a kernel
 * driver: the creator says what to do (ops) and how much to read (efd counter size).
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_log.h>

#include "eal_interrupts.h"
#include "eal_intr_type_ops.h"

RTE_LOG_REGISTER(eal_intr_logtype, lib.eal.intr, INFO);

#define INTR_KNOWN_FLAGS (RTE_INTR_INSTANCE_F_PRIVATE | RTE_INTR_INSTANCE_F_SHARED)

static int intr_fail(int err)
{
	rte_errno = err;
	return -err;
}

/* DPDK logs a NULL handle at debug level only: callers probe with NULL on purpose. */
#define CHECK_HANDLE(h, ret)                                                         \
	do {                                                                         \
		if ((h) == NULL) {                                                   \
			INTR_LOG(DEBUG, "%s: interrupt handle is NULL\n", __func__); \
			rte_errno = EINVAL;                                          \
			return ret;                                                  \
		}                                                                    \
	} while (0)

static void efds_init(int *efds, int from, int to)
{
	for (int i = from; i < to; i++)
		efds[i] = -1;
}

struct rte_intr_handle *rte_intr_instance_alloc(uint32_t flags)
{
	if ((flags & ~INTR_KNOWN_FLAGS) != 0) {
		INTR_LOG(ERR, "rte_intr_instance_alloc: unknown flags 0x%x\n",
			 flags & ~INTR_KNOWN_FLAGS);
		rte_errno = EINVAL;
		return NULL;
	}
	struct rte_intr_handle *h = calloc(1, sizeof(*h));
	int *efds = calloc(RTE_MAX_RXTX_INTR_VEC_ID, sizeof(*efds));
	struct rte_epoll_event *elist = calloc(RTE_MAX_RXTX_INTR_VEC_ID, sizeof(*elist));
	if (h == NULL || efds == NULL || elist == NULL) {
		free(h);
		free(efds);
		free(elist);
		INTR_LOG(ERR, "rte_intr_instance_alloc: out of memory\n");
		rte_errno = ENOMEM;
		return NULL;
	}
	h->fd = -1;
	h->dev_fd = -1;
	h->type = RTE_INTR_HANDLE_UNKNOWN;
	h->alloc_flags = flags;
	h->nb_intr = RTE_MAX_RXTX_INTR_VEC_ID;
	h->efd_counter_size = EAL_INTR_MAX_COUNTER_SIZE;
	h->efds = efds;
	h->elist = elist;
	efds_init(efds, 0, h->nb_intr);
	return h;
}

void rte_intr_instance_free(struct rte_intr_handle *intr_handle)
{
	if (intr_handle == NULL)
		return;
	/* An epoll instance still pointing into elist would be a use after free. */
	rte_intr_free_epoll_fd(intr_handle);
	free(intr_handle->intr_vec);
	free(intr_handle->efds);
	free(intr_handle->elist);
	free(intr_handle);
}

struct rte_intr_handle *rte_intr_instance_dup(const struct rte_intr_handle *src)
{
	CHECK_HANDLE(src, NULL);
	struct rte_intr_handle *h = rte_intr_instance_alloc(src->alloc_flags);
	if (h == NULL)
		return NULL;
	if (src->nb_intr != h->nb_intr && rte_intr_event_list_update(h, src->nb_intr) != 0) {
		rte_intr_instance_free(h);
		return NULL;
	}
	h->fd = src->fd;
	h->dev_fd = src->dev_fd;
	h->type = src->type;
	h->max_intr = src->max_intr;
	h->nb_efd = src->nb_efd;
	h->efd_counter_size = src->efd_counter_size;
	memcpy(h->efds, src->efds, (size_t)src->nb_intr * sizeof(*h->efds));
	h->ops = src->ops;
	h->ops_priv = src->ops_priv;
	return h;
}

static bool elist_in_use(const struct rte_intr_handle *h)
{
	for (int i = 0; i < h->nb_intr; i++)
		if (__atomic_load_n(&h->elist[i].status, __ATOMIC_ACQUIRE) != RTE_EPOLL_INVALID)
			return true;
	return false;
}

int rte_intr_event_list_update(struct rte_intr_handle *intr_handle, int size)
{
	CHECK_HANDLE(intr_handle, -EINVAL);
	if (size <= 0)
		return intr_fail(EINVAL);
	if (size < intr_handle->nb_efd || size < intr_handle->max_intr)
		return intr_fail(ERANGE);
	if (elist_in_use(intr_handle)) {
		INTR_LOG(ERR,
			 "cannot resize the event fd table of interrupt fd %d: Rx event fds are "
			 "still added to an epoll instance (call rte_intr_efd_disable first)\n",
			 intr_handle->fd);
		return intr_fail(EBUSY);
	}
	/* Both tables are replaced only once both exist, so a failure leaves the handle intact. */
	int *efds = malloc((size_t)size * sizeof(*efds));
	struct rte_epoll_event *elist = calloc((size_t)size, sizeof(*elist));
	if (efds == NULL || elist == NULL) {
		free(efds);
		free(elist);
		return intr_fail(ENOMEM);
	}
	int keep = RTE_MIN(size, intr_handle->nb_intr);
	memcpy(efds, intr_handle->efds, (size_t)keep * sizeof(*efds));
	efds_init(efds, keep, size);
	free(intr_handle->efds);
	free(intr_handle->elist);
	intr_handle->efds = efds;
	intr_handle->elist = elist;
	intr_handle->nb_intr = size;
	return 0;
}

int rte_intr_ops_set(struct rte_intr_handle *intr_handle, const struct rte_intr_ops *ops,
		     void *priv)
{
	CHECK_HANDLE(intr_handle, -EINVAL);
	intr_handle->ops = ops;
	intr_handle->ops_priv = ops != NULL ? priv : NULL;
	return 0;
}

int rte_intr_fd_set(struct rte_intr_handle *intr_handle, int fd)
{
	CHECK_HANDLE(intr_handle, -EINVAL);
	intr_handle->fd = fd;
	return 0;
}

int rte_intr_fd_get(const struct rte_intr_handle *intr_handle)
{
	CHECK_HANDLE(intr_handle, -1);
	return intr_handle->fd;
}

int rte_intr_type_set(struct rte_intr_handle *intr_handle, enum rte_intr_handle_type type)
{
	CHECK_HANDLE(intr_handle, -EINVAL);
	if ((unsigned int)type >= RTE_INTR_HANDLE_MAX)
		return intr_fail(EINVAL);
	intr_handle->type = type;
	return 0;
}

enum rte_intr_handle_type rte_intr_type_get(const struct rte_intr_handle *intr_handle)
{
	CHECK_HANDLE(intr_handle, RTE_INTR_HANDLE_UNKNOWN);
	return intr_handle->type;
}

int rte_intr_dev_fd_set(struct rte_intr_handle *intr_handle, int fd)
{
	CHECK_HANDLE(intr_handle, -EINVAL);
	intr_handle->dev_fd = fd;
	return 0;
}

int rte_intr_dev_fd_get(const struct rte_intr_handle *intr_handle)
{
	CHECK_HANDLE(intr_handle, -1);
	return intr_handle->dev_fd;
}

int rte_intr_max_intr_set(struct rte_intr_handle *intr_handle, int max_intr)
{
	CHECK_HANDLE(intr_handle, -EINVAL);
	if (max_intr < 0 || max_intr > intr_handle->nb_intr) {
		INTR_LOG(DEBUG, "max_intr %d outside 0..%d\n", max_intr, intr_handle->nb_intr);
		return intr_fail(ERANGE);
	}
	intr_handle->max_intr = max_intr;
	return 0;
}

int rte_intr_max_intr_get(const struct rte_intr_handle *intr_handle)
{
	CHECK_HANDLE(intr_handle, -EINVAL);
	return intr_handle->max_intr;
}

int rte_intr_nb_efd_set(struct rte_intr_handle *intr_handle, int nb_efd)
{
	CHECK_HANDLE(intr_handle, -EINVAL);
	/* rte_intr_rx_ctl indexes elist with efd numbers below nb_efd. */
	if (nb_efd < 0 || nb_efd > intr_handle->nb_intr) {
		INTR_LOG(DEBUG, "nb_efd %d outside 0..%d\n", nb_efd, intr_handle->nb_intr);
		return intr_fail(ERANGE);
	}
	intr_handle->nb_efd = nb_efd;
	return 0;
}

int rte_intr_nb_efd_get(const struct rte_intr_handle *intr_handle)
{
	CHECK_HANDLE(intr_handle, -EINVAL);
	return intr_handle->nb_efd;
}

int rte_intr_nb_intr_get(const struct rte_intr_handle *intr_handle)
{
	CHECK_HANDLE(intr_handle, -EINVAL);
	return intr_handle->nb_intr;
}

int rte_intr_efd_counter_size_set(struct rte_intr_handle *intr_handle, uint8_t efd_counter_size)
{
	CHECK_HANDLE(intr_handle, -EINVAL);
	if (efd_counter_size > EAL_INTR_MAX_COUNTER_SIZE)
		return intr_fail(EINVAL);
	intr_handle->efd_counter_size = efd_counter_size;
	return 0;
}

int rte_intr_efd_counter_size_get(const struct rte_intr_handle *intr_handle)
{
	CHECK_HANDLE(intr_handle, -EINVAL);
	return intr_handle->efd_counter_size;
}

int rte_intr_efds_index_set(struct rte_intr_handle *intr_handle, int index, int fd)
{
	CHECK_HANDLE(intr_handle, -EINVAL);
	if (index < 0 || index >= intr_handle->nb_intr) {
		INTR_LOG(DEBUG, "efds index %d outside 0..%d\n", index, intr_handle->nb_intr - 1);
		return intr_fail(ERANGE);
	}
	intr_handle->efds[index] = fd;
	return 0;
}

int rte_intr_efds_index_get(const struct rte_intr_handle *intr_handle, int index)
{
	CHECK_HANDLE(intr_handle, -EINVAL);
	if (index < 0 || index >= intr_handle->nb_intr) {
		INTR_LOG(DEBUG, "efds index %d outside 0..%d\n", index, intr_handle->nb_intr - 1);
		return intr_fail(ERANGE);
	}
	return intr_handle->efds[index];
}

int rte_intr_vec_list_alloc(struct rte_intr_handle *intr_handle, const char *name, int size)
{
	(void)name;
	CHECK_HANDLE(intr_handle, -EINVAL);
	if (intr_handle->intr_vec != NULL)
		return 0;
	if (size <= 0 || size > intr_handle->nb_intr) {
		INTR_LOG(DEBUG, "vector list size %d outside 1..%d\n", size, intr_handle->nb_intr);
		return intr_fail(ERANGE);
	}
	intr_handle->intr_vec = calloc((size_t)size, sizeof(*intr_handle->intr_vec));
	if (intr_handle->intr_vec == NULL) {
		INTR_LOG(ERR, "out of memory for a vector list of %d entries\n", size);
		return intr_fail(ENOMEM);
	}
	intr_handle->vec_list_size = size;
	return 0;
}

int rte_intr_vec_list_index_set(struct rte_intr_handle *intr_handle, int index, int vec)
{
	CHECK_HANDLE(intr_handle, -EINVAL);
	if (index < 0 || index >= intr_handle->vec_list_size) {
		INTR_LOG(DEBUG, "vector list index %d outside 0..%d\n", index,
			 intr_handle->vec_list_size - 1);
		return intr_fail(ERANGE);
	}
	intr_handle->intr_vec[index] = vec;
	return 0;
}

int rte_intr_vec_list_index_get(const struct rte_intr_handle *intr_handle, int index)
{
	CHECK_HANDLE(intr_handle, -EINVAL);
	if (index < 0 || index >= intr_handle->vec_list_size) {
		INTR_LOG(DEBUG, "vector list index %d outside 0..%d\n", index,
			 intr_handle->vec_list_size - 1);
		return intr_fail(ERANGE);
	}
	return intr_handle->intr_vec[index];
}

void rte_intr_vec_list_free(struct rte_intr_handle *intr_handle)
{
	if (intr_handle == NULL)
		return;
	free(intr_handle->intr_vec);
	intr_handle->intr_vec = NULL;
	intr_handle->vec_list_size = 0;
}

const char *eal_intr_type_name(enum rte_intr_handle_type type)
{
	static const char *const names[RTE_INTR_HANDLE_MAX] = {
	    [RTE_INTR_HANDLE_UNKNOWN] = "unknown",   [RTE_INTR_HANDLE_UIO] = "uio",
	    [RTE_INTR_HANDLE_UIO_INTX] = "uio-intx", [RTE_INTR_HANDLE_VFIO_LEGACY] = "vfio-intx",
	    [RTE_INTR_HANDLE_VFIO_MSI] = "vfio-msi", [RTE_INTR_HANDLE_VFIO_MSIX] = "vfio-msix",
	    [RTE_INTR_HANDLE_ALARM] = "alarm",	     [RTE_INTR_HANDLE_EXT] = "ext",
	    [RTE_INTR_HANDLE_VDEV] = "vdev",	     [RTE_INTR_HANDLE_DEV_EVENT] = "dev-event",
	    [RTE_INTR_HANDLE_VFIO_REQ] = "vfio-req",
	};
	return (unsigned int)type < RTE_INTR_HANDLE_MAX ? names[type] : "invalid";
}

size_t eal_intr_source_read_size(const struct rte_intr_handle *h)
{
	switch (h->type) {
	case RTE_INTR_HANDLE_EXT:
	case RTE_INTR_HANDLE_VDEV:
	case RTE_INTR_HANDLE_DEV_EVENT:
		return 0;
	default:
		return h->efd_counter_size;
	}
}

size_t eal_intr_efd_read_size(const struct rte_intr_handle *h)
{
	return h->type == RTE_INTR_HANDLE_EXT ? 0 : h->efd_counter_size;
}

/* ---- operations ---- */

static const struct rte_intr_ops *type_ops[RTE_INTR_HANDLE_MAX];

int eal_intr_type_ops_set(enum rte_intr_handle_type type, const struct rte_intr_ops *ops)
{
	if ((unsigned int)type >= RTE_INTR_HANDLE_MAX)
		return -EINVAL;
	type_ops[type] = ops;
	return 0;
}

/* The handle's own operations, else its type's (with a NULL priv), else NULL. */
static const struct rte_intr_ops *handle_ops(const struct rte_intr_handle *h, void **priv)
{
	*priv = h->ops_priv;
	if (h->ops != NULL)
		return h->ops;
	*priv = NULL;
	return (unsigned int)h->type < RTE_INTR_HANDLE_MAX ? type_ops[h->type] : NULL;
}

/*
 * The creator's operation, or why there is none. A VDEV handle without operations succeeds:
 * its driver manages its own fds and DPDK's vdev drivers call these expecting 0.
 */
static int intr_no_op(const struct rte_intr_handle *h, const struct rte_intr_ops *ops,
		      const char *what, uint32_t level)
{
	if (ops == NULL && h->type == RTE_INTR_HANDLE_VDEV)
		return 0;
	rte_log(level, eal_intr_logtype,
		"cannot %s on interrupt fd %d (type %s): %s (the kernel-driver backend or driver "
		"that created the handle must attach them with rte_intr_ops_set)\n",
		what, h->fd, eal_intr_type_name(h->type),
		ops == NULL ? "the handle has no interrupt operations"
			       : "its interrupt operations leave this one out");
	return intr_fail(ENOTSUP);
}

static int intr_op_result(int rc)
{
	return rc < 0 ? intr_fail(-rc) : rc;
}

int rte_intr_enable(const struct rte_intr_handle *intr_handle)
{
	CHECK_HANDLE(intr_handle, -EINVAL);
	void *priv;
	const struct rte_intr_ops *ops = handle_ops(intr_handle, &priv);
	if (ops == NULL || ops->enable == NULL)
		return intr_no_op(intr_handle, ops, "enable interrupts", RTE_LOG_ERR);
	return intr_op_result(ops->enable(intr_handle, priv));
}

int rte_intr_disable(const struct rte_intr_handle *intr_handle)
{
	CHECK_HANDLE(intr_handle, -EINVAL);
	void *priv;
	const struct rte_intr_ops *ops = handle_ops(intr_handle, &priv);
	if (ops == NULL || ops->disable == NULL)
		return intr_no_op(intr_handle, ops, "disable interrupts", RTE_LOG_ERR);
	return intr_op_result(ops->disable(intr_handle, priv));
}

/* Runs once per interrupt: its missing-operation line is at debug level, not to flood. */
int rte_intr_ack(const struct rte_intr_handle *intr_handle)
{
	CHECK_HANDLE(intr_handle, -EINVAL);
	void *priv;
	const struct rte_intr_ops *ops = handle_ops(intr_handle, &priv);
	if (ops == NULL || ops->ack == NULL)
		return intr_no_op(intr_handle, ops, "acknowledge an interrupt", RTE_LOG_DEBUG);
	return intr_op_result(ops->ack(intr_handle, priv));
}

int rte_intr_efd_enable(struct rte_intr_handle *intr_handle, uint32_t nb_efd)
{
	CHECK_HANDLE(intr_handle, -EINVAL);
	if (nb_efd == 0)
		return intr_fail(EINVAL);
	void *priv;
	const struct rte_intr_ops *ops = handle_ops(intr_handle, &priv);
	if (ops == NULL || ops->efd_enable == NULL)
		return intr_no_op(intr_handle, ops, "set up Rx event fds", RTE_LOG_ERR);
	/* Vector 0 stays for the other causes; a one-entry table still lends its vector to Rx. */
	int nb_intr = intr_handle->nb_intr;
	uint32_t max_rx =
	    (uint32_t)(nb_intr > RTE_INTR_VEC_RXTX_OFFSET ? nb_intr - RTE_INTR_VEC_RXTX_OFFSET : 1);
	uint32_t n = RTE_MIN(nb_efd, max_rx);
	return intr_op_result(ops->efd_enable(intr_handle, n, priv));
}

void rte_intr_efd_disable(struct rte_intr_handle *intr_handle)
{
	if (intr_handle == NULL)
		return;
	rte_intr_free_epoll_fd(intr_handle);
	void *priv;
	const struct rte_intr_ops *ops = handle_ops(intr_handle, &priv);
	if (ops != NULL && ops->efd_disable != NULL)
		ops->efd_disable(intr_handle, priv);
	intr_handle->nb_efd = 0;
	intr_handle->max_intr = 0;
}

int rte_intr_dp_is_en(struct rte_intr_handle *intr_handle)
{
	return intr_handle != NULL && intr_handle->nb_efd != 0;
}

int rte_intr_allow_others(struct rte_intr_handle *intr_handle)
{
	if (!rte_intr_dp_is_en(intr_handle))
		return 1;
	return intr_handle->max_intr > intr_handle->nb_efd;
}

/*
 * Decided by the type the creator declared, as in DPDK (PMDs rely on it): MSI-X is the
 * mechanism with a vector per queue, and a vdev driver brings one fd per queue.
 */
int rte_intr_cap_multiple(struct rte_intr_handle *intr_handle)
{
	if (intr_handle == NULL)
		return 0;
	return intr_handle->type == RTE_INTR_HANDLE_VFIO_MSIX ||
	       intr_handle->type == RTE_INTR_HANDLE_VDEV;
}
