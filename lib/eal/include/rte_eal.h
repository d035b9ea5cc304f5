/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RTE_EAL_H
#define RTE_EAL_H

/*
 * Environment initialisation: parse the EAL options, scan every bus, decide the IOVA mode,
 * probe drivers onto devices. rte_eal_cleanup() undoes all of it, and a failed rte_eal_init
 * leaves nothing behind, so init -> cleanup -> init works.
 */

#include <stdio.h>
#include <rte_common.h>
#include <rte_uuid.h>

#ifdef __cplusplus
extern "C" {
#endif

enum rte_proc_type_t {
	RTE_PROC_AUTO = -1,
	RTE_PROC_PRIMARY = 0,
	RTE_PROC_SECONDARY,
	RTE_PROC_INVALID
};

enum rte_iova_mode {
	RTE_IOVA_DC = 0, /* don't care */
	RTE_IOVA_PA = (1 << 0),
	RTE_IOVA_VA = (1 << 1)
};

/* Interrupt mode requested with --vfio-intr. */
enum rte_intr_mode {
	RTE_INTR_MODE_NONE = 0,
	RTE_INTR_MODE_LEGACY,
	RTE_INTR_MODE_MSI,
	RTE_INTR_MODE_MSIX
};

/*
 * Parses the EAL options in argv[1..], up to and including a "--" (what follows belongs to the
 * application). Returns, as DPDK does, the number of EAL arguments parsed, argv[0] not counted
 * and a "--" counted, and copies argv[0] (the program name) into argv[ret], so that after
 *     argc -= ret; argv += ret;
 * argv[0] is the program name and argv[1..argc-1] are the application's arguments. argv is
 * changed only on success. On failure returns -1 with rte_errno set: EALREADY (already
 * initialised), EINVAL (bad option; one line says which and why), ECANCELED (-h/--help was
 * given: usage was printed, nothing done), or the errno of the step that failed.
 */
int rte_eal_init(int argc, char **argv);
/* Removes every probed device once, frees every device, devargs, thread and fd. 0 or -1. */
int rte_eal_cleanup(void);

/* Print the EAL option summary (what -h prints). */
void rte_eal_usage(FILE *f);

enum rte_proc_type_t rte_eal_process_type(void);
/* 0 when --no-pci was given, else 1. */
int rte_eal_has_pci(void);
/* IOVA mode in force after rte_eal_init (RTE_IOVA_DC before it). */
enum rte_iova_mode rte_eal_iova_mode(void);
enum rte_intr_mode rte_eal_vfio_intr_mode(void);
/* The --vfio-vf-token UUID, or all zeroes when none was given. */
void rte_eal_vfio_get_vf_token(rte_uuid_t vf_token);

/*
 * Ask for permission to use the in/out instructions (x86: iopl(3), which needs CAP_SYS_RAWIO).
 * 0 when the process may use them, -1 when not or on an architecture without them. For PMDs
 * that issue in/out themselves: openeal's rte_pci_ioport_* accessors do not need it (they go
 * through the device fd or sysfs, see doc/backends.md).
 */
int rte_eal_iopl_init(void);

/* "openeal X.Y.Z" */
const char *rte_version(void);

/* The calling thread's kernel thread id (gettid(2)), from the kernel each time. */
int rte_sys_gettid(void);

/*
 * The same id, asked of the kernel once per thread and translation unit (DPDK caches it in a
 * per-lcore variable; a thread-local of the inline function needs no exported variable).
 */
static inline int rte_gettid(void)
{
	static __thread int rte_gettid_cached_ = -1;

	if (rte_gettid_cached_ == -1)
		rte_gettid_cached_ = rte_sys_gettid();
	return rte_gettid_cached_;
}

#ifdef __cplusplus
}
#endif
#endif
