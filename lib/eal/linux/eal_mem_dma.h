/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef EAL_MEM_DMA_H
#define EAL_MEM_DMA_H

/*
 * A vfio device was set up (its group is in a container): map the DMA memory into the default
 * container if that was not done yet. The VFIO layer calls this after rte_vfio_setup_device
 * succeeded, outside its own lock. 0, or -1 with one line logged (memlock limit, no room in the
 * IOMMU's IOVA ranges, a failed mapping); the memory then stays unmapped.
 */
int eal_mem_dma_vfio_device_added(void);

#endif
