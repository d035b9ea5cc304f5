/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Interrupts of vfio-pci devices. The device's handle gets an eventfd for vector 0 and the
 * operations of the mechanism chosen at map (MSI-X, MSI or INTx: what the device offers and
 * --vfio-intr ask for); enabling gives the kernel the eventfds with VFIO_DEVICE_SET_IRQS.
 * The device request interrupt (VFIO_PCI_REQ_IRQ_INDEX) tells us when the kernel wants the
 * device back: its callback removes the device's driver on the EAL interrupt thread, which
 * unmaps and releases the device, so the host's hot-unplug is not blocked.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <interrupts_driver.h>
#include <rte_dev.h>
#include <rte_errno.h>
#include <rte_vfio.h>

#include "pci_backend.h"
#include "eal_dev_event.h"
#include "pci_private.h"
#include "pci_vfio.h"
#include "pci_vfio_calc.h"

int pci_vfio_set_irqs(const struct pci_vfio_state *st, uint32_t index, uint32_t action,
		      uint32_t count, const int32_t *fds)
{
	size_t data = fds != NULL ? count * sizeof(int32_t) : 0;
	struct vfio_irq_set *set = calloc(1, sizeof(*set) + data);

	if (set == NULL)
		return -ENOMEM;
	set->argsz = (uint32_t)(sizeof(*set) + data);
	set->flags = action | (fds != NULL ? VFIO_IRQ_SET_DATA_EVENTFD : VFIO_IRQ_SET_DATA_NONE);
	set->index = index;
	set->start = 0;
	set->count = count;
	if (data > 0)
		memcpy(set->data, fds, data);
	int ret = ioctl(st->dev_fd, VFIO_DEVICE_SET_IRQS, set) == 0 ? 0 : -errno;
	free(set);
	return ret;
}

/* Vectors of an index usable with eventfds (0: none, or signalled some other way). */
static int irq_count(const struct pci_vfio_state *st, uint32_t index, uint32_t *count)
{
	struct vfio_irq_info info = {.argsz = sizeof(info), .index = index};

	if (ioctl(st->dev_fd, VFIO_DEVICE_GET_IRQ_INFO, &info) != 0)
		return -errno;
	*count = (info.flags & VFIO_IRQ_INFO_EVENTFD) != 0 ? info.count : 0;
	return 0;
}

static int new_eventfd(const struct rte_pci_device *dev, const char *what)
{
	int fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (fd < 0) {
		int err = errno;
		PCI_LOG(ERR, "%s: cannot create an eventfd for %s: %s", dev->name, what,
			strerror(err));
		return -err;
	}
	return fd;
}

/* ---- operations of the device's interrupt handle ---- */

/* Vectors to enable: vector 0 plus one per Rx event fd (MSI-X only). */
static uint32_t vectors_wanted(const struct pci_vfio_state *st, const struct rte_intr_handle *h)
{
	int max = rte_intr_max_intr_get(h);

	if (st->intr_index != VFIO_PCI_MSIX_IRQ_INDEX || max <= 1)
		return 1;
	return RTE_MIN((uint32_t)max, st->intr_vectors);
}

/* MSI, MSI-X: give the kernel the eventfds; this allocates the vectors. */
static int msi_enable(const struct rte_intr_handle *h, void *priv)
{
	struct pci_vfio_state *st = priv;
	uint32_t count = vectors_wanted(st, h);
	int32_t *fds = calloc(count, sizeof(*fds));
	int ret;

	if (fds == NULL)
		return -ENOMEM;
	fds[0] = rte_intr_fd_get(h);
	for (uint32_t i = 1; i < count; i++)
		fds[i] = rte_intr_efds_index_get(h, (int)i - 1);
	pthread_mutex_lock(&st->intr_lock);
	/* vfio-pci cannot resize an enabled MSI/MSI-X block: disable it first. */
	if (st->enabled_vectors != 0 && st->enabled_vectors != count) {
		pci_vfio_set_irqs(st, (uint32_t)st->intr_index, VFIO_IRQ_SET_ACTION_TRIGGER, 0,
				  NULL);
		st->enabled_vectors = 0;
	}
	ret = pci_vfio_set_irqs(st, (uint32_t)st->intr_index, VFIO_IRQ_SET_ACTION_TRIGGER, count,
				fds);
	if (ret == 0)
		st->enabled_vectors = count;
	pthread_mutex_unlock(&st->intr_lock);
	free(fds);
	if (ret < 0)
		PCI_LOG(ERR, "%s: cannot enable %s (%u vector%s): VFIO_DEVICE_SET_IRQS: %s",
			st->dev->name, pci_vfio_intr_name(st->intr_index), count,
			count > 1 ? "s" : "", strerror(-ret));
	return ret;
}

/* Take the eventfds back from the kernel (frees the vectors). Lock held. */
static int trigger_release_locked(struct pci_vfio_state *st)
{
	/* vfio-pci refuses to disable an index that is not enabled. */
	if (st->enabled_vectors == 0)
		return 0;
	int ret =
	    pci_vfio_set_irqs(st, (uint32_t)st->intr_index, VFIO_IRQ_SET_ACTION_TRIGGER, 0, NULL);
	if (ret == 0)
		st->enabled_vectors = 0;
	return ret;
}

static int msi_disable(const struct rte_intr_handle *h, void *priv)
{
	struct pci_vfio_state *st = priv;

	RTE_SET_USED(h);
	pthread_mutex_lock(&st->intr_lock);
	int ret = trigger_release_locked(st);
	pthread_mutex_unlock(&st->intr_lock);
	if (ret < 0)
		PCI_LOG(ERR, "%s: cannot disable %s: VFIO_DEVICE_SET_IRQS: %s", st->dev->name,
			pci_vfio_intr_name(st->intr_index), strerror(-ret));
	return ret;
}

/*
 * INTx: the eventfd is given once; enable and disable then unmask and mask (the command
 * register's INTx-disable bit, or the host IRQ line). Unlike tearing the trigger down, a
 * mask keeps what the device raised meanwhile: on unmask vfio-pci finds it pending and
 * signals the eventfd, where a new trigger would wait for an edge that never comes.
 */
static int intx_enable(const struct rte_intr_handle *h, void *priv)
{
	struct pci_vfio_state *st = priv;
	int32_t fd = rte_intr_fd_get(h);
	int ret = 0;

	pthread_mutex_lock(&st->intr_lock);
	if (st->enabled_vectors == 0) {
		ret = pci_vfio_set_irqs(st, VFIO_PCI_INTX_IRQ_INDEX, VFIO_IRQ_SET_ACTION_TRIGGER, 1,
					&fd);
		if (ret == 0)
			st->enabled_vectors = 1;
	}
	if (ret == 0)
		ret = pci_vfio_set_irqs(st, VFIO_PCI_INTX_IRQ_INDEX, VFIO_IRQ_SET_ACTION_UNMASK, 1,
					NULL);
	pthread_mutex_unlock(&st->intr_lock);
	if (ret < 0)
		PCI_LOG(ERR, "%s: cannot enable INTx: VFIO_DEVICE_SET_IRQS: %s", st->dev->name,
			strerror(-ret));
	return ret;
}

static int intx_disable(const struct rte_intr_handle *h, void *priv)
{
	struct pci_vfio_state *st = priv;
	int ret = 0;

	RTE_SET_USED(h);
	pthread_mutex_lock(&st->intr_lock);
	if (st->enabled_vectors != 0)
		ret = pci_vfio_set_irqs(st, VFIO_PCI_INTX_IRQ_INDEX, VFIO_IRQ_SET_ACTION_MASK, 1,
					NULL);
	pthread_mutex_unlock(&st->intr_lock);
	if (ret < 0)
		PCI_LOG(ERR, "%s: cannot mask INTx: VFIO_DEVICE_SET_IRQS: %s", st->dev->name,
			strerror(-ret));
	return ret;
}

/* vfio-pci masks INTx when it fires (it is level-triggered): unmask it for the next one. */
static int intx_ack(const struct rte_intr_handle *h, void *priv)
{
	const struct pci_vfio_state *st = priv;

	RTE_SET_USED(h);
	int ret =
	    pci_vfio_set_irqs(st, VFIO_PCI_INTX_IRQ_INDEX, VFIO_IRQ_SET_ACTION_UNMASK, 1, NULL);
	if (ret < 0)
		PCI_LOG(ERR, "%s: cannot unmask INTx: VFIO_DEVICE_SET_IRQS: %s", st->dev->name,
			strerror(-ret));
	return ret;
}

/* MSI and MSI-X are messages: nothing stays asserted, nothing to re-arm. */
static int msi_ack(const struct rte_intr_handle *h, void *priv)
{
	RTE_SET_USED(h);
	RTE_SET_USED(priv);
	return 0;
}

static void msix_efds_close(struct rte_intr_handle *h, int nb)
{
	for (int i = 0; i < nb; i++) {
		int fd = rte_intr_efds_index_get(h, i);
		if (fd >= 0)
			close(fd);
		rte_intr_efds_index_set(h, i, -1);
	}
}

/* MSI-X: one eventfd per Rx queue, on vectors 1..nb_efd (vector 0 keeps the other causes). */
static int msix_efd_enable(struct rte_intr_handle *h, uint32_t nb_efd, void *priv)
{
	const struct pci_vfio_state *st = priv;

	/* rte_intr_efd_enable left no vector for Rx (the device has only one): share it. */
	if (nb_efd == 0)
		return pci_single_efd_enable(h, nb_efd, priv);
	if (rte_intr_nb_efd_get(h) > 0) {
		PCI_LOG(ERR, "%s: Rx event fds are already set up: call rte_intr_efd_disable first",
			st->dev->name);
		return -EBUSY;
	}
	for (uint32_t i = 0; i < nb_efd; i++) {
		int fd = new_eventfd(st->dev, "an MSI-X Rx vector");
		if (fd < 0) {
			msix_efds_close(h, (int)i);
			return fd;
		}
		rte_intr_efds_index_set(h, (int)i, fd);
	}
	rte_intr_nb_efd_set(h, (int)nb_efd);
	rte_intr_max_intr_set(h, (int)nb_efd + 1);
	return 0;
}

static void msix_efd_disable(struct rte_intr_handle *h, void *priv)
{
	RTE_SET_USED(priv);
	int nb = rte_intr_nb_efd_get(h);
	/* A single-vector fallback shares the vector-0 fd, which is not ours to close here. */
	if (nb == 1 && rte_intr_efds_index_get(h, 0) == rte_intr_fd_get(h)) {
		rte_intr_efds_index_set(h, 0, -1);
		return;
	}
	msix_efds_close(h, nb);
}

static const struct rte_intr_ops msix_ops = {
    .enable = msi_enable,
    .disable = msi_disable,
    .ack = msi_ack,
    .efd_enable = msix_efd_enable,
    .efd_disable = msix_efd_disable,
};

static const struct rte_intr_ops msi_ops = {
    .enable = msi_enable,
    .disable = msi_disable,
    .ack = msi_ack,
    .efd_enable = pci_single_efd_enable,
    .efd_disable = pci_single_efd_disable,
};

static const struct rte_intr_ops intx_ops = {
    .enable = intx_enable,
    .disable = intx_disable,
    .ack = intx_ack,
    .efd_enable = pci_single_efd_enable,
    .efd_disable = pci_single_efd_disable,
};

static int no_intr(const struct rte_intr_handle *h, void *priv)
{
	const struct pci_vfio_state *st = priv;

	RTE_SET_USED(h);
	PCI_LOG(ERR, "%s: the device has no interrupt (no INTx pin, MSI or MSI-X)", st->dev->name);
	return -ENOTSUP;
}

static const struct rte_intr_ops none_ops = {
    .enable = no_intr,
    .disable = no_intr,
    .ack = no_intr,
};

/* ---- setup and teardown of the device's handle ---- */

static void handle_release(struct rte_intr_handle **slot, bool own)
{
	if (own) {
		rte_intr_instance_free(*slot);
		*slot = NULL;
		return;
	}
	/* A handle the bus allocated outlives the mapping: leave it describing nothing. */
	rte_intr_ops_set(*slot, NULL, NULL);
	rte_intr_type_set(*slot, RTE_INTR_HANDLE_UNKNOWN);
	rte_intr_fd_set(*slot, -1);
	rte_intr_dev_fd_set(*slot, -1);
}

/* The handle in *slot, allocated when the bus gave none (*own set). NULL after one line. */
static struct rte_intr_handle *handle_get(const struct rte_pci_device *dev,
					  struct rte_intr_handle **slot, bool *own)
{
	*own = false;
	if (*slot != NULL)
		return *slot;
	*slot = rte_intr_instance_alloc(RTE_INTR_INSTANCE_F_PRIVATE);
	if (*slot == NULL) {
		PCI_LOG(ERR, "%s: cannot allocate an interrupt handle: %s", dev->name,
			rte_strerror(rte_errno));
		return NULL;
	}
	*own = true;
	return *slot;
}

int pci_vfio_intr_setup(struct pci_vfio_state *st)
{
	struct rte_pci_device *dev = st->dev;
	struct pci_vfio_irq_counts c;
	char msg[256];
	int index, ret;

	if ((ret = irq_count(st, VFIO_PCI_INTX_IRQ_INDEX, &c.intx)) < 0 ||
	    (ret = irq_count(st, VFIO_PCI_MSI_IRQ_INDEX, &c.msi)) < 0 ||
	    (ret = irq_count(st, VFIO_PCI_MSIX_IRQ_INDEX, &c.msix)) < 0) {
		PCI_LOG(ERR, "%s: VFIO_DEVICE_GET_IRQ_INFO failed: %s", dev->name, strerror(-ret));
		return ret;
	}
	ret =
	    pci_vfio_intr_choose(&c, rte_eal_vfio_intr_mode(), dev->name, &index, msg, sizeof(msg));
	if (ret < 0) {
		PCI_LOG(ERR, "%s", msg);
		return ret;
	}
	struct rte_intr_handle *h = handle_get(dev, &dev->intr_handle, &st->own_intr_handle);
	if (h == NULL)
		return -ENOMEM;
	rte_intr_dev_fd_set(h, st->dev_fd);
	if (index < 0) {
		rte_intr_type_set(h, RTE_INTR_HANDLE_UNKNOWN);
		rte_intr_fd_set(h, -1);
		rte_intr_ops_set(h, &none_ops, st);
		return 0;
	}
	int fd = new_eventfd(dev, pci_vfio_intr_name(index));
	if (fd < 0) {
		handle_release(&dev->intr_handle, st->own_intr_handle);
		return fd;
	}
	st->intr_index = index;
	st->intr_fd = fd;
	st->intr_vectors = index == VFIO_PCI_MSIX_IRQ_INDEX  ? c.msix
			   : index == VFIO_PCI_MSI_IRQ_INDEX ? c.msi
							     : c.intx;
	rte_intr_fd_set(h, fd);
	rte_intr_efd_counter_size_set(h, sizeof(uint64_t));
	if (index == VFIO_PCI_MSIX_IRQ_INDEX) {
		rte_intr_type_set(h, RTE_INTR_HANDLE_VFIO_MSIX);
		/* Rx event fds can use every vector but vector 0, and no more. */
		ret = rte_intr_event_list_update(h, (int)c.msix);
		rte_intr_ops_set(h, &msix_ops, st);
	} else if (index == VFIO_PCI_MSI_IRQ_INDEX) {
		rte_intr_type_set(h, RTE_INTR_HANDLE_VFIO_MSI);
		rte_intr_ops_set(h, &msi_ops, st);
	} else {
		rte_intr_type_set(h, RTE_INTR_HANDLE_VFIO_LEGACY);
		rte_intr_ops_set(h, &intx_ops, st);
	}
	if (ret < 0) {
		PCI_LOG(ERR, "%s: cannot size the interrupt handle for %u MSI-X vectors: %s",
			dev->name, c.msix, rte_strerror(-ret));
		pci_vfio_intr_teardown(st);
		return ret;
	}
	return 0;
}

void pci_vfio_intr_teardown(struct pci_vfio_state *st)
{
	struct rte_pci_device *dev = st->dev;
	struct rte_intr_handle *h = dev->intr_handle;

	if (h == NULL)
		return;
	if (st->intr_index >= 0) {
		pthread_mutex_lock(&st->intr_lock);
		int ret = trigger_release_locked(st);
		pthread_mutex_unlock(&st->intr_lock);
		if (ret < 0)
			PCI_LOG(ERR, "%s: cannot disable %s at unmap: VFIO_DEVICE_SET_IRQS: %s",
				dev->name, pci_vfio_intr_name(st->intr_index), strerror(-ret));
		/* A driver that left its Rx event fds set up: take them out of epoll, close them.
		 */
		if (rte_intr_nb_efd_get(h) > 0)
			rte_intr_efd_disable(h);
		close(st->intr_fd);
		st->intr_fd = -1;
		st->intr_index = -1;
	}
	handle_release(&dev->intr_handle, st->own_intr_handle);
	st->own_intr_handle = false;
}

/* ---- the device request interrupt ---- */

struct pci_vfio_req {
	struct rte_pci_device *dev;
	/* Ours, or the bus's dev->vfio_req_intr_handle; the callback list keeps its own copy. */
	bool own_handle;
	int fd;
};

static void req_free(struct pci_vfio_req *req)
{
	close(req->fd);
	free(req);
}

/* Runs once the request callback has returned, when it was unregistered from inside itself. */
static void req_free_later(struct rte_intr_handle *h, void *arg)
{
	RTE_SET_USED(h);
	req_free(arg);
}

/*
 * The kernel wants the device back (the host unplugs it, or someone unbinds vfio-pci) and
 * waits until this process closes the device fd. Remove the device as rte_dev_remove does for
 * an application: the driver's remove runs, the bus unmaps the device (releasing the fd) and
 * forgets it, so cleanup will not remove it again.
 */
static void req_handler(void *arg)
{
	struct pci_vfio_req *req = arg;
	struct rte_pci_device *dev = req->dev;
	char name[sizeof(dev->name)];

	/* dev may be freed by the removal: keep its name for the lines after it. */
	memcpy(name, dev->name, sizeof(name));
	if (!rte_dev_is_probed(&dev->device)) {
		PCI_LOG(NOTICE, "%s: the kernel asks for the device back: unmapping it", name);
		rte_pci_unmap_device(dev);
		PCI_LOG(NOTICE, "%s: released to the kernel", name);
		return;
	}
	/*
	 * An application that listens for REMOVE events detaches the device itself, as DPDK
	 * applications do for this request (testpmd from an alarm): tell it, once. If it has
	 * not let the device go by the kernel's next request (10 s later), or nobody listens,
	 * the backend detaches it, so that the kernel's unplug never waits for the process.
	 */
	struct pci_bus_device *pdev = pci_bus_device(dev);
	if (!pdev->removal_reported) {
		pdev->removal_reported = true;
		if (eal_dev_event_report_removal("pci", dev->device.name)) {
			PCI_LOG(NOTICE,
				"%s: the kernel asks for the device back: reported to the application "
				"(REMOVE event) for it to detach",
				name);
			return;
		}
	}
	const char *drv = dev->driver->driver.name;
	/* Such a device stays listed after the removal, still mapped: unmap it then. */
	bool keeps_mapping = (dev->driver->drv_flags & RTE_PCI_DRV_KEEP_MAPPED_RES) != 0;
	PCI_LOG(NOTICE, "%s: the kernel asks for the device back: removing driver %s", name, drv);
	if (rte_dev_remove(&dev->device) != 0) {
		/* EBUSY: a hotplug or cleanup holds the EAL's lock and rte_dev_remove already
		 * said so in its one line; the kernel asks again, so this is only detail. */
		if (rte_errno == EBUSY)
			PCI_LOG(
			    DEBUG,
			    "%s: cannot give the device back now (another hotplug, rte_eal_init "
			    "or rte_eal_cleanup is running); the kernel asks again every 10 s",
			    name);
		else
			PCI_LOG(ERR,
				"%s: cannot give the device back: its driver refused removal (%s); "
				"the kernel's unplug waits until this process releases the device "
				"or exits",
				name, rte_strerror(rte_errno));
		return;
	}
	if (keeps_mapping)
		rte_pci_unmap_device(dev);
	PCI_LOG(NOTICE, "%s: released to the kernel", name);
}

static int req_enable(const struct rte_intr_handle *h, void *priv)
{
	const struct pci_vfio_state *st = priv;
	int32_t fd = rte_intr_fd_get(h);

	return pci_vfio_set_irqs(st, VFIO_PCI_REQ_IRQ_INDEX, VFIO_IRQ_SET_ACTION_TRIGGER, 1, &fd);
}

static int req_disable(const struct rte_intr_handle *h, void *priv)
{
	RTE_SET_USED(h);
	return pci_vfio_set_irqs(priv, VFIO_PCI_REQ_IRQ_INDEX, VFIO_IRQ_SET_ACTION_TRIGGER, 0,
				 NULL);
}

static const struct rte_intr_ops req_ops = {
    .enable = req_enable,
    .disable = req_disable,
};

int pci_vfio_req_setup(struct pci_vfio_state *st)
{
	struct rte_pci_device *dev = st->dev;
	uint32_t count = 0;

	if (irq_count(st, VFIO_PCI_REQ_IRQ_INDEX, &count) < 0 || count == 0) {
		PCI_LOG(NOTICE,
			"%s: vfio-pci offers no device request interrupt: a host-side unplug of "
			"it will wait until this process exits",
			dev->name);
		return 0;
	}
	struct pci_vfio_req *req = calloc(1, sizeof(*req));
	if (req == NULL) {
		PCI_LOG(ERR, "%s: cannot allocate its request interrupt state", dev->name);
		return -ENOMEM;
	}
	req->dev = dev;
	req->fd = new_eventfd(dev, "the device request interrupt");
	if (req->fd < 0) {
		int ret = req->fd;
		free(req);
		return ret;
	}
	struct rte_intr_handle *h = handle_get(dev, &dev->vfio_req_intr_handle, &req->own_handle);
	if (h == NULL) {
		req_free(req);
		return -ENOMEM;
	}
	rte_intr_fd_set(h, req->fd);
	rte_intr_dev_fd_set(h, st->dev_fd);
	rte_intr_type_set(h, RTE_INTR_HANDLE_VFIO_REQ);
	rte_intr_ops_set(h, &req_ops, st);
	int ret = req_enable(h, st);
	if (ret < 0) {
		PCI_LOG(ERR,
			"%s: cannot set up the device request interrupt: VFIO_DEVICE_SET_IRQS: %s",
			dev->name, strerror(-ret));
		goto fail;
	}
	ret = rte_intr_callback_register(h, req_handler, req);
	if (ret < 0) {
		PCI_LOG(ERR, "%s: cannot watch the device request interrupt: %s", dev->name,
			rte_strerror(-ret));
		req_disable(h, st);
		goto fail;
	}
	st->req = req;
	return 0;

fail:
	handle_release(&dev->vfio_req_intr_handle, req->own_handle);
	req_free(req);
	return ret;
}

void pci_vfio_req_teardown(struct pci_vfio_state *st)
{
	struct pci_vfio_req *req = st->req;
	struct rte_pci_device *dev = st->dev;
	struct rte_intr_handle *h = dev->vfio_req_intr_handle;
	int ret;

	if (req == NULL)
		return;
	st->req = NULL;
	/* The kernel stops signalling an fd that is about to be closed. */
	req_disable(h, st);
	if (rte_thread_is_intr()) {
		/* The removal path runs in the request callback itself: removal must wait. */
		ret = rte_intr_callback_unregister(h, req_handler, req);
		if (ret == -EAGAIN)
			ret = rte_intr_callback_unregister_pending(h, req_handler, req,
								   req_free_later);
		else
			ret = 0;
	} else {
		/* Waits for a request callback running on the interrupt thread to return. */
		rte_intr_callback_unregister_sync(h, req_handler, req);
		ret = 0;
	}
	handle_release(&dev->vfio_req_intr_handle, req->own_handle);
	if (ret <= 0)
		req_free(req);
}
