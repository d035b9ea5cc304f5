/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Registry of kernel-driver backends, looked up by sysfs driver name at scan time; and the
 * operations several backends share.
 */

#include <string.h>
#include <sys/queue.h>

#include <rte_common.h>
#include <rte_log.h>

#include "pci_backend.h"
#include "pci_private.h"

/* Static initialisation: backends register from constructors that may run before ours. */
static TAILQ_HEAD(, rte_pci_backend) pci_backends = TAILQ_HEAD_INITIALIZER(pci_backends);

void rte_pci_backend_register(struct rte_pci_backend *be)
{
	if (be == NULL || be->kdrv_name == NULL)
		return;
	if (rte_pci_backend_find(be->kdrv_name) != NULL) {
		PCI_LOG(ERR, "backend for kernel driver %s registered twice; keeping the first",
			be->kdrv_name);
		return;
	}
	TAILQ_INSERT_TAIL(&pci_backends, be, next);
}

const struct rte_pci_backend *rte_pci_backend_find(const char *kdrv_name)
{
	const struct rte_pci_backend *be;

	if (kdrv_name == NULL || kdrv_name[0] == '\0')
		return NULL;
	TAILQ_FOREACH(be, &pci_backends, next)
	if (strcmp(be->kdrv_name, kdrv_name) == 0)
		return be;
	return NULL;
}

/*
 * Rx-queue interrupts on a single-vector mechanism (uio's INTx, MSI or MSI-X as igb_uio sets
 * them up; vfio-pci's INTx and MSI): there is one interrupt fd, so it is also efds[0].
 */
int pci_single_efd_enable(struct rte_intr_handle *h, uint32_t nb_efd, void *priv)
{
	RTE_SET_USED(nb_efd);
	RTE_SET_USED(priv);
	int ret = rte_intr_efds_index_set(h, 0, rte_intr_fd_get(h));
	if (ret == 0)
		ret = rte_intr_nb_efd_set(h, 1);
	if (ret == 0)
		ret = rte_intr_max_intr_set(h, 1);
	return ret;
}

void pci_single_efd_disable(struct rte_intr_handle *h, void *priv)
{
	RTE_SET_USED(priv);
	/* efds[0] is the handle's own fd, which the backend's unmap closes. */
	rte_intr_efds_index_set(h, 0, -1);
}
