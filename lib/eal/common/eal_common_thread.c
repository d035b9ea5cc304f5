/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Thread affinity for lcores and control threads (rte_lcore.h): rte_thread_set_affinity,
 * rte_thread_get_affinity, rte_ctrl_thread_create.
 */

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_lcore.h>

#include "eal_lcore.h"

int rte_thread_set_affinity(rte_cpuset_t *cpusetp)
{
	int ret = pthread_setaffinity_np(pthread_self(), sizeof(*cpusetp), cpusetp);
	if (ret != 0) {
		rte_errno = ret;
		return -1;
	}
	unsigned int id = rte_lcore_id();
	if (id != LCORE_ID_ANY) {
		eal_lcore_table[id].cpus = *cpusetp;
		__atomic_store_n(&eal_lcore_table[id].socket, -1, __ATOMIC_RELAXED);
	}
	return 0;
}

void rte_thread_get_affinity(rte_cpuset_t *cpusetp)
{
	unsigned int id = rte_lcore_id();
	if (id != LCORE_ID_ANY) {
		*cpusetp = eal_lcore_table[id].cpus;
		return;
	}
	if (pthread_getaffinity_np(pthread_self(), sizeof(*cpusetp), cpusetp) != 0)
		CPU_ZERO(cpusetp);
}

/*
 * The new thread names and pins itself, then tells its creator how that went before it runs
 * start_routine; the creator waits, so a failure is its return value and nothing is left.
 */
struct ctrl_start {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool done;
	int ret;
	char name[16];
	bool pin;
	cpu_set_t cpus;
	void *(*start_routine)(void *);
	void *arg;
};

static void *ctrl_thread_main(void *p)
{
	struct ctrl_start *s = p;
	pthread_setname_np(pthread_self(), s->name);
	int ret = s->pin ? pthread_setaffinity_np(pthread_self(), sizeof(s->cpus), &s->cpus) : 0;
	void *(*start_routine)(void *) = s->start_routine;
	void *arg = s->arg;
	pthread_mutex_lock(&s->lock);
	s->ret = ret;
	s->done = true;
	pthread_cond_signal(&s->cond);
	pthread_mutex_unlock(&s->lock);
	/* s belongs to the creator from here on. */
	if (ret != 0)
		return NULL;
	return start_routine(arg);
}

int rte_ctrl_thread_create(pthread_t *thread, const char *name, const pthread_attr_t *attr,
			   void *(*start_routine)(void *), void *arg)
{
	if (thread == NULL || name == NULL || start_routine == NULL) {
		rte_errno = EINVAL;
		return -EINVAL;
	}
	struct ctrl_start s = {.start_routine = start_routine, .arg = arg, .ret = 0};
	snprintf(s.name, sizeof(s.name), "%s", name);
	s.pin = eal_lcore_ctrl_cpus_get(&s.cpus);
	pthread_mutex_init(&s.lock, NULL);
	pthread_cond_init(&s.cond, NULL);
	int ret = pthread_create(thread, attr, ctrl_thread_main, &s);
	if (ret == 0) {
		pthread_mutex_lock(&s.lock);
		while (!s.done)
			pthread_cond_wait(&s.cond, &s.lock);
		pthread_mutex_unlock(&s.lock);
		ret = s.ret;
		/* The thread returns at once without running start_routine: reap it. */
		int detached = PTHREAD_CREATE_JOINABLE;
		if (attr != NULL)
			pthread_attr_getdetachstate(attr, &detached);
		if (ret != 0 && detached == PTHREAD_CREATE_JOINABLE)
			pthread_join(*thread, NULL);
	}
	pthread_cond_destroy(&s.cond);
	pthread_mutex_destroy(&s.lock);
	if (ret != 0) {
		rte_errno = ret;
		return -ret;
	}
	return 0;
}
