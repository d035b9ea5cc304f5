/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RTE_LAUNCH_H
#define RTE_LAUNCH_H

/*
 * Running functions on worker lcores, with DPDK 22.11's names and semantics: each worker waits
 * (asleep) in WAIT, runs one launched function in RUNNING, and goes back to WAIT keeping the
 * function's return value for rte_eal_wait_lcore. Call these from the main lcore.
 */

#ifdef __cplusplus
extern "C" {
#endif

enum rte_lcore_state_t {
	WAIT,	 /* waiting for a function */
	RUNNING, /* running one */
};

typedef int(lcore_function_t)(void *);

enum rte_rmt_call_main_t {
	SKIP_MAIN = 0, /* workers only */
	CALL_MAIN,     /* the main lcore too, in the caller, after the workers were started */
};

/*
 * Run f(arg) on worker worker_id. 0; -EBUSY when it is not in WAIT; -EINVAL when worker_id is
 * not a worker lcore (out of range, not enabled, or the main lcore; DPDK does not check).
 */
int rte_eal_remote_launch(lcore_function_t *f, void *arg, unsigned int worker_id);
/*
 * Run f(arg) on every worker, and on the caller too with CALL_MAIN. -EBUSY (nothing started)
 * when a worker is not in WAIT, else 0.
 */
int rte_eal_mp_remote_launch(lcore_function_t *f, void *arg, enum rte_rmt_call_main_t call_main);
/* WAIT or RUNNING (WAIT for an lcore id that is not a worker). */
enum rte_lcore_state_t rte_eal_get_lcore_state(unsigned int worker_id);
/* Wait until worker_id is back in WAIT; the return value of the last function it ran (0 if
 * none, or for an lcore id that is not in use). */
int rte_eal_wait_lcore(unsigned int worker_id);
/* rte_eal_wait_lcore on every worker. */
void rte_eal_mp_wait_lcore(void);

#ifdef __cplusplus
}
#endif
#endif
