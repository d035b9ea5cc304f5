/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The lcore table and the rte_lcore.h getters, and rte_thread_register for threads the
 * application creates. Which thread has which lcore id is a thread-local pair (id, generation):
 * the generation changes whenever the lcores are started or stopped, so an id a thread got
 * from an earlier rte_eal_init reads as LCORE_ID_ANY without visiting every thread.
 */

#include <errno.h>
#include <pthread.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_log.h>

#include "eal_lcore.h"

struct eal_lcore eal_lcore_table[RTE_MAX_LCORE];
unsigned int eal_lcore_main;

/* Register/unregister against each other and against start/stop. */
static pthread_mutex_t lcore_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned int lcore_count;
static unsigned int lcore_gen;
static bool lcores_up;

static cpu_set_t ctrl_cpus;
static bool ctrl_cpus_valid;

static __thread unsigned int tls_lcore_id = LCORE_ID_ANY;
static __thread unsigned int tls_lcore_gen;

static enum rte_lcore_role_t role_of(unsigned int id)
{
	return (enum rte_lcore_role_t)__atomic_load_n(&eal_lcore_table[id].role, __ATOMIC_ACQUIRE);
}

static void table_clear(void)
{
	for (unsigned int i = 0; i < RTE_MAX_LCORE; i++) {
		eal_lcore_table[i].role = ROLE_OFF;
		eal_lcore_table[i].index = 0;
		CPU_ZERO(&eal_lcore_table[i].cpus);
		eal_lcore_table[i].socket = -1;
	}
}

RTE_INIT(eal_lcore_table_init)
{
	table_clear();
}

void eal_lcore_table_reset(void)
{
	pthread_mutex_lock(&lcore_lock);
	table_clear();
	__atomic_store_n(&lcore_count, 0, __ATOMIC_RELEASE);
	eal_lcore_main = 0;
	lcores_up = false;
	ctrl_cpus_valid = false;
	__atomic_add_fetch(&lcore_gen, 1, __ATOMIC_ACQ_REL);
	pthread_mutex_unlock(&lcore_lock);
}

void eal_lcore_table_publish(unsigned int count, unsigned int main_lcore)
{
	pthread_mutex_lock(&lcore_lock);
	eal_lcore_main = main_lcore;
	__atomic_store_n(&lcore_count, count, __ATOMIC_RELEASE);
	lcores_up = true;
	pthread_mutex_unlock(&lcore_lock);
}

void eal_lcore_ctrl_cpus_set(const cpu_set_t *allowed)
{
	cpu_set_t used, left;
	CPU_ZERO(&used);
	for (unsigned int i = 0; i < RTE_MAX_LCORE; i++)
		if (eal_lcore_table[i].role == ROLE_RTE)
			CPU_OR(&used, &used, &eal_lcore_table[i].cpus);
	CPU_XOR(&left, allowed, &used);
	CPU_AND(&left, &left, allowed);
	pthread_mutex_lock(&lcore_lock);
	ctrl_cpus = CPU_COUNT(&left) > 0 ? left : eal_lcore_table[eal_lcore_main].cpus;
	ctrl_cpus_valid = true;
	pthread_mutex_unlock(&lcore_lock);
}

bool eal_lcore_ctrl_cpus_get(cpu_set_t *out)
{
	pthread_mutex_lock(&lcore_lock);
	bool valid = ctrl_cpus_valid;
	if (valid)
		*out = ctrl_cpus;
	pthread_mutex_unlock(&lcore_lock);
	return valid;
}

void eal_lcore_id_set(unsigned int lcore_id)
{
	tls_lcore_id = lcore_id;
	tls_lcore_gen = __atomic_load_n(&lcore_gen, __ATOMIC_ACQUIRE);
}

unsigned int rte_lcore_id(void)
{
	if (tls_lcore_gen != __atomic_load_n(&lcore_gen, __ATOMIC_ACQUIRE))
		return LCORE_ID_ANY;
	return tls_lcore_id;
}

unsigned int rte_get_main_lcore(void)
{
	return eal_lcore_main;
}

unsigned int rte_lcore_count(void)
{
	return __atomic_load_n(&lcore_count, __ATOMIC_ACQUIRE);
}

int rte_lcore_index(int lcore_id)
{
	if (lcore_id >= RTE_MAX_LCORE)
		return -1;
	if (lcore_id < 0) {
		unsigned int self = rte_lcore_id();
		if (self == LCORE_ID_ANY)
			return -1;
		lcore_id = (int)self;
	}
	if (role_of((unsigned int)lcore_id) != ROLE_RTE)
		return -1;
	return eal_lcore_table[lcore_id].index;
}

static int first_cpu(const cpu_set_t *set)
{
	for (int cpu = 0; cpu < CPU_SETSIZE; cpu++)
		if (CPU_ISSET(cpu, set))
			return cpu;
	return -1;
}

unsigned int rte_lcore_to_socket_id(unsigned int lcore_id)
{
	if (lcore_id >= RTE_MAX_LCORE || role_of(lcore_id) == ROLE_OFF)
		return 0;
	struct eal_lcore *l = &eal_lcore_table[lcore_id];
	int socket = __atomic_load_n(&l->socket, __ATOMIC_RELAXED);
	if (socket < 0) {
		/* Looked up at the first question, not at init: sysfs reads cost init time. */
		int cpu = first_cpu(&l->cpus);
		socket = cpu < 0 ? 0 : (int)eal_cpu_socket_id((unsigned int)cpu);
		__atomic_store_n(&l->socket, socket, __ATOMIC_RELAXED);
	}
	return (unsigned int)socket;
}

int rte_lcore_to_cpu_id(int lcore_id)
{
	if (lcore_id < 0 || lcore_id >= RTE_MAX_LCORE ||
	    role_of((unsigned int)lcore_id) == ROLE_OFF)
		return -1;
	return first_cpu(&eal_lcore_table[lcore_id].cpus);
}

rte_cpuset_t rte_lcore_cpuset(unsigned int lcore_id)
{
	rte_cpuset_t set;
	CPU_ZERO(&set);
	if (lcore_id < RTE_MAX_LCORE && role_of(lcore_id) != ROLE_OFF)
		set = eal_lcore_table[lcore_id].cpus;
	return set;
}

int rte_lcore_is_enabled(unsigned int lcore_id)
{
	return lcore_id < RTE_MAX_LCORE && role_of(lcore_id) == ROLE_RTE;
}

enum rte_lcore_role_t rte_eal_lcore_role(unsigned int lcore_id)
{
	return lcore_id < RTE_MAX_LCORE ? role_of(lcore_id) : ROLE_OFF;
}

int rte_lcore_has_role(unsigned int lcore_id, enum rte_lcore_role_t role)
{
	if (lcore_id >= RTE_MAX_LCORE)
		return -EINVAL;
	return role_of(lcore_id) == role;
}

unsigned int rte_get_next_lcore(unsigned int i, int skip_main, int wrap)
{
	/* DPDK loops forever when wrapping with no lcore left to find; stop after one lap. */
	for (unsigned int step = 0; step < RTE_MAX_LCORE; step++) {
		i++;
		if (wrap)
			i %= RTE_MAX_LCORE;
		if (i >= RTE_MAX_LCORE)
			return RTE_MAX_LCORE;
		if (rte_lcore_is_enabled(i) && !(skip_main && i == eal_lcore_main))
			return i;
	}
	return RTE_MAX_LCORE;
}

int rte_thread_register(void)
{
	if (rte_lcore_id() != LCORE_ID_ANY)
		return 0;
	cpu_set_t cpus;
	if (pthread_getaffinity_np(pthread_self(), sizeof(cpus), &cpus) != 0)
		CPU_ZERO(&cpus);
	pthread_mutex_lock(&lcore_lock);
	if (!lcores_up) {
		pthread_mutex_unlock(&lcore_lock);
		RTE_LOG(ERR, EAL, "rte_thread_register: called before rte_eal_init\n");
		rte_errno = EINVAL;
		return -1;
	}
	unsigned int id = 0;
	while (id < RTE_MAX_LCORE && eal_lcore_table[id].role != ROLE_OFF)
		id++;
	if (id == RTE_MAX_LCORE) {
		pthread_mutex_unlock(&lcore_lock);
		RTE_LOG(ERR, EAL,
			"rte_thread_register: all %d lcore ids are in use (unregister threads "
			"that are done, or give fewer lcores)\n",
			RTE_MAX_LCORE);
		rte_errno = ENOMEM;
		return -1;
	}
	eal_lcore_table[id].cpus = cpus;
	eal_lcore_table[id].socket = -1;
	__atomic_store_n(&eal_lcore_table[id].role, ROLE_NON_EAL, __ATOMIC_RELEASE);
	__atomic_add_fetch(&lcore_count, 1, __ATOMIC_ACQ_REL);
	eal_lcore_id_set(id);
	pthread_mutex_unlock(&lcore_lock);
	return 0;
}

void rte_thread_unregister(void)
{
	pthread_mutex_lock(&lcore_lock);
	unsigned int id = rte_lcore_id();
	if (id != LCORE_ID_ANY && eal_lcore_table[id].role == ROLE_NON_EAL) {
		__atomic_store_n(&eal_lcore_table[id].role, ROLE_OFF, __ATOMIC_RELEASE);
		CPU_ZERO(&eal_lcore_table[id].cpus);
		__atomic_sub_fetch(&lcore_count, 1, __ATOMIC_ACQ_REL);
		eal_lcore_id_set(LCORE_ID_ANY);
	}
	pthread_mutex_unlock(&lcore_lock);
}
