/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef EAL_LCORE_H
#define EAL_LCORE_H

/*
 * Lcores inside the EAL: what -l/-c/--lcores/--main-lcore parse into (eal_lcore_parse.c, no
 * side effects), and the start/stop hooks rte_eal_init and rte_eal_cleanup call
 * (eal_common_launch.c). See doc/lcores.md.
 */

#include <sched.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rte_lcore.h>

struct eal_lcore_opts {
	const char *option; /* "-l", "-c" or "--lcores" as given; NULL: one lcore per CPU */
	int main_lcore;	    /* --main-lcore; -1: the lowest enabled lcore */
	unsigned int count; /* enabled lcores */
	bool enabled[RTE_MAX_LCORE];
	uint8_t index[RTE_MAX_LCORE]; /* rte_lcore_index: order of first appearance */
	cpu_set_t cpus[RTE_MAX_LCORE];
};

/*
 * Parsers of the three lcore options' values into *lo (which the caller zeroed). 0, or -1 with
 * the reason (and the expected form) in why.
 */
int eal_lcores_parse_list(struct eal_lcore_opts *lo, const char *text, char *why, size_t len);
int eal_lcores_parse_mask(struct eal_lcore_opts *lo, const char *text, char *why, size_t len);
int eal_lcores_parse_map(struct eal_lcore_opts *lo, const char *text, char *why, size_t len);

/*
 * Make the lcores real: the default set (one lcore per CPU the caller may run on) when no
 * option gave one, each lcore's CPUs checked against the caller's affinity, the main lcore
 * chosen and the calling thread pinned to its CPUs, one worker thread per other lcore pinned
 * to its own. 0, or -1 with rte_errno set, one line logged and nothing left (no thread, the
 * caller's affinity restored).
 */
int eal_lcores_start(const struct eal_lcore_opts *lo);
/*
 * Join every worker (each must be back in WAIT: a function still running is waited for),
 * restore the main thread's affinity, forget the lcores and the non-EAL registrations.
 */
void eal_lcores_stop(void);
/* True in a worker lcore's thread (which rte_eal_cleanup cannot join). */
bool eal_lcore_is_worker_thread(void);

/*
 * The lcore table (eal_common_lcore.c), shared with the launch code. role is read without a
 * lock (atomically); it changes at start/stop and, OFF <-> NON_EAL, under the table's lock.
 */
struct eal_lcore {
	uint8_t role; /* enum rte_lcore_role_t */
	uint8_t index;
	cpu_set_t cpus;
	int socket; /* eal_cpu_socket_id of the first CPU, -1 until asked */
};
extern struct eal_lcore eal_lcore_table[RTE_MAX_LCORE];
extern unsigned int eal_lcore_main;

/*
 * Make lcore_id the calling thread's (LCORE_ID_ANY: none), valid until the lcores are next
 * started or stopped.
 */
void eal_lcore_id_set(unsigned int lcore_id);
/* Table back to all ROLE_OFF (and every thread's id stale) / the counts after start. */
void eal_lcore_table_reset(void);
void eal_lcore_table_publish(unsigned int count, unsigned int main_lcore);

/*
 * Control threads' CPUs (rte_ctrl_thread_create): allowed, the caller's affinity at start,
 * less every lcore's CPUs, or the main lcore's when that leaves none. set: at start, after the
 * table is filled; get: false when the lcores are not started.
 */
void eal_lcore_ctrl_cpus_set(const cpu_set_t *allowed);
bool eal_lcore_ctrl_cpus_get(cpu_set_t *out);

/* The NUMA node of a CPU (lib/eal/linux: sysfs), 0 when unknown. */
unsigned int eal_cpu_socket_id(unsigned int cpu);

#endif
