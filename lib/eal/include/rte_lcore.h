/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RTE_LCORE_H
#define RTE_LCORE_H

/*
 * Lcores, with DPDK 22.11's names and semantics. rte_eal_init makes one lcore per id given
 * with -l/-c/--lcores (default: one per CPU the caller may run on, lcore N on CPU N): the
 * calling thread becomes the main lcore (the lowest id, or --main-lcore), and every other
 * lcore is a worker thread pinned to its CPUs that waits for rte_eal_remote_launch
 * (rte_launch.h). rte_eal_cleanup joins the workers. Threads the application creates may take a
 * free lcore id with rte_thread_register. The EAL's interrupt thread (which runs alarms too) is
 * not an lcore: rte_lcore_id() is LCORE_ID_ANY there. See doc/lcores.md.
 */

#include <pthread.h>
#include <sched.h>

#include <rte_common.h>
#include <rte_per_lcore.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LCORE_ID_ANY UINT32_MAX

typedef cpu_set_t rte_cpuset_t;

enum rte_lcore_role_t {
	ROLE_RTE,     /* an EAL lcore: the main one or a worker */
	ROLE_OFF,     /* not in use */
	ROLE_SERVICE, /* DPDK's service cores; openeal has none */
	ROLE_NON_EAL, /* taken by rte_thread_register */
};

/*
 * The calling thread's lcore id: the main lcore's in the thread that called rte_eal_init, a
 * worker's in its thread, the registered id after rte_thread_register, else LCORE_ID_ANY.
 * (A function, where DPDK reads a thread-local variable inline: the ABI exports functions only.)
 */
unsigned int rte_lcore_id(void);
/* The main lcore's id (0 before rte_eal_init). */
unsigned int rte_get_main_lcore(void);
/* EAL lcores plus registered non-EAL threads, as DPDK counts (0 before rte_eal_init). */
unsigned int rte_lcore_count(void);
/* The position of lcore_id in the option that enabled it (LCORE_ID_ANY: the caller's); -1 when
 * it is not an EAL lcore. */
int rte_lcore_index(int lcore_id);
/* The NUMA node of the first CPU of lcore_id (0 when unknown or out of range). */
unsigned int rte_lcore_to_socket_id(unsigned int lcore_id);
/* The first CPU of lcore_id, or -1 when it is not in use. */
int rte_lcore_to_cpu_id(int lcore_id);
/* The CPUs lcore_id is pinned to (empty when it is not in use). */
rte_cpuset_t rte_lcore_cpuset(unsigned int lcore_id);
/* 1 when lcore_id is an EAL lcore (ROLE_RTE), else 0. */
int rte_lcore_is_enabled(unsigned int lcore_id);
enum rte_lcore_role_t rte_eal_lcore_role(unsigned int lcore_id);
/* 1 when lcore_id has role, 0 when not, -EINVAL when lcore_id is out of range. */
int rte_lcore_has_role(unsigned int lcore_id, enum rte_lcore_role_t role);
/*
 * The next EAL lcore after i (i = -1 for the first), skipping the main one when skip_main,
 * wrapping around when wrap; RTE_MAX_LCORE when there is none.
 */
unsigned int rte_get_next_lcore(unsigned int i, int skip_main, int wrap);

/* The NUMA node of the CPU the caller runs on (also declared in rte_memory.h). */
unsigned int rte_socket_id(void);

/*
 * Give the calling thread (not an EAL lcore) a free lcore id (role ROLE_NON_EAL: counted by
 * rte_lcore_count, not visited by RTE_LCORE_FOREACH), so that code keyed by rte_lcore_id works
 * in it. Only after rte_eal_init; rte_eal_cleanup takes the ids back. 0 (also when the thread
 * already has an lcore id: it keeps it); or -1 with rte_errno EINVAL (before init) or ENOMEM
 * (all RTE_MAX_LCORE ids in use; one line logged).
 */
int rte_thread_register(void);
/* Give the id back (no-op for a thread that has none, or an EAL lcore). */
void rte_thread_unregister(void);

/*
 * Pin the calling thread to *cpusetp; an lcore's thread also changes its lcore's CPU set
 * (rte_lcore_cpuset, rte_lcore_to_socket_id). 0, or -1 with rte_errno set (nothing changed).
 */
int rte_thread_set_affinity(rte_cpuset_t *cpusetp);
/* The calling thread's CPUs: its lcore's set for an lcore, else its affinity. */
void rte_thread_get_affinity(rte_cpuset_t *cpusetp);

/*
 * A control thread (DPDK 22.11): pthread_create(thread, attr, start_routine, arg), the thread
 * named name (truncated to 15 characters) and pinned, before start_routine runs, to the CPUs
 * the process had at rte_eal_init that no lcore uses (the main lcore's when lcores use them
 * all); before rte_eal_init, left where it was created. 0, or a negative errno (nothing
 * created). Not an lcore: rte_lcore_id() is LCORE_ID_ANY in it.
 */
int rte_ctrl_thread_create(pthread_t *thread, const char *name, const pthread_attr_t *attr,
			   void *(*start_routine)(void *), void *arg);

#define RTE_LCORE_FOREACH(i)                                                    \
	for (i = rte_get_next_lcore((unsigned int)-1, 0, 0); i < RTE_MAX_LCORE; \
	     i = rte_get_next_lcore(i, 0, 0))
#define RTE_LCORE_FOREACH_WORKER(i)                                             \
	for (i = rte_get_next_lcore((unsigned int)-1, 1, 0); i < RTE_MAX_LCORE; \
	     i = rte_get_next_lcore(i, 1, 0))

#ifdef __cplusplus
}
#endif
#endif
