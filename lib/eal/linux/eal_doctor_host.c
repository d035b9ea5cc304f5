/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rte_eal_doctor_host_read: the facts of rte_eal_doctor.h, each from the same probe the code
 * that depends on it uses (the IOVA decision's IOMMU and pagemap probes, VFIO's locked-memory
 * reading), so that the doctor cannot disagree with what rte_eal_init will do.
 */

#include <errno.h>
#include <string.h>
#include <sys/resource.h>

#include <rte_errno.h>

#include "../common/eal_iova_private.h"
#include "eal_doctor_private.h"
#include "eal_vfio_private.h"

const char *rte_eal_doctor_iommu_kind_name(enum rte_eal_doctor_iommu_kind kind)
{
	switch (kind) {
	case RTE_EAL_DOCTOR_IOMMU_INTEL:
		return "Intel VT-d";
	case RTE_EAL_DOCTOR_IOMMU_AMD:
		return "AMD-Vi";
	default:
		return "other";
	}
}

static void read_memlock(struct rte_eal_doctor_host *host)
{
	struct vfio_memlock m;
	struct rlimit rl;

	vfio_memlock_read(&m);
	host->memlock_soft = m.limit;
	host->memlock_locked = m.locked;
	host->cap_ipc_lock = m.cap_ipc_lock;
	host->memlock_hard = UINT64_MAX;
	if (getrlimit(RLIMIT_MEMLOCK, &rl) == 0 && rl.rlim_max != RLIM_INFINITY)
		host->memlock_hard = (uint64_t)rl.rlim_max;
}

int rte_eal_doctor_host_read(struct rte_eal_doctor_host *host)
{
	if (host == NULL) {
		rte_errno = EINVAL;
		return -1;
	}
	memset(host, 0, sizeof(*host));
	host->iommu_present = eal_iova_iommu_present();
	eal_doctor_read_iommus(host);
	host->iommu_addr_bits = eal_iova_iommu_addr_bits();
	host->va_bits = eal_iova_va_bits();
	eal_doctor_read_hugepages(host);
	read_memlock(host);
	host->phys_readable = eal_iova_phys_readable();
	return 0;
}

bool rte_eal_doctor_memlock_enough(const struct rte_eal_doctor_host *host)
{
	const struct vfio_memlock m = {
	    .limit = host->memlock_soft,
	    .locked = host->memlock_locked,
	    .cap_ipc_lock = host->cap_ipc_lock,
	};

	return vfio_memlock_enough(&m, RTE_EAL_DOCTOR_DMA_MIN_LOCKED);
}

bool rte_eal_doctor_hugepages_free(const struct rte_eal_doctor_host *host)
{
	for (unsigned int i = 0; i < host->nb_hugepage_sizes; i++)
		if (host->hugepages[i].free > 0)
			return true;
	return false;
}
