/* SPDX-License-Identifier: BSD-3-Clause */
/* Registry of kernel-driver backends, looked up by sysfs driver name at scan time. */

#include <string.h>
#include <sys/queue.h>

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
