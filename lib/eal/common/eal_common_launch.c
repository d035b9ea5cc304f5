/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Worker lcores (rte_launch.h) and their start/stop for rte_eal_init/rte_eal_cleanup. Each
 * worker is a thread created pinned to its lcore's CPUs (the affinity is in the creation
 * attributes, so it never runs elsewhere) that sleeps on a condition variable until a function
 * is launched, runs it, and goes back to WAIT with its return value. DPDK spins or blocks on a
 * pipe pair per worker; a mutex and two condition variables cost no fd.
 */

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <rte_errno.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_log.h>

#include "eal_lcore.h"

struct worker {
	pthread_t thread;
	bool started; /* a thread exists (and lock/conds are initialised) */
	pthread_mutex_t lock;
	pthread_cond_t wake; /* a function was launched, or stop */
	pthread_cond_t done; /* back in WAIT */
	lcore_function_t *f;
	void *arg;
	int ret;
	int state; /* enum rte_lcore_state_t, atomic */
	bool stop;
};

static struct worker workers[RTE_MAX_LCORE];
/* The thread that called rte_eal_init, and its affinity before it was pinned. */
static pid_t main_tid;
static cpu_set_t main_saved_cpus;
static bool main_pinned;

static bool is_worker(unsigned int id)
{
	return id < RTE_MAX_LCORE && workers[id].started;
}

static void *worker_main(void *arg)
{
	unsigned int id = (unsigned int)(uintptr_t)arg;
	struct worker *w = &workers[id];
	/* Named by itself: naming another thread writes its /proc comm file, on init's time. */
	char name[16];
	snprintf(name, sizeof(name), "rte-worker-%u", id);
	pthread_setname_np(pthread_self(), name);
	eal_lcore_id_set(id);
	pthread_mutex_lock(&w->lock);
	for (;;) {
		while (w->f == NULL && !w->stop)
			pthread_cond_wait(&w->wake, &w->lock);
		if (w->f == NULL)
			break;
		lcore_function_t *f = w->f;
		void *f_arg = w->arg;
		pthread_mutex_unlock(&w->lock);
		int ret = f(f_arg);
		pthread_mutex_lock(&w->lock);
		w->ret = ret;
		w->f = NULL;
		__atomic_store_n(&w->state, WAIT, __ATOMIC_RELEASE);
		pthread_cond_broadcast(&w->done);
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

int rte_eal_remote_launch(lcore_function_t *f, void *arg, unsigned int worker_id)
{
	if (f == NULL || !is_worker(worker_id))
		return -EINVAL;
	struct worker *w = &workers[worker_id];
	pthread_mutex_lock(&w->lock);
	if (__atomic_load_n(&w->state, __ATOMIC_ACQUIRE) != WAIT) {
		pthread_mutex_unlock(&w->lock);
		return -EBUSY;
	}
	w->f = f;
	w->arg = arg;
	/* RUNNING from here, so that a wait right after the launch waits for this function. */
	__atomic_store_n(&w->state, RUNNING, __ATOMIC_RELEASE);
	pthread_cond_signal(&w->wake);
	pthread_mutex_unlock(&w->lock);
	return 0;
}

int rte_eal_mp_remote_launch(lcore_function_t *f, void *arg, enum rte_rmt_call_main_t call_main)
{
	unsigned int id;
	if (f == NULL)
		return -EINVAL;
	RTE_LCORE_FOREACH_WORKER(id)
	{
		if (rte_eal_get_lcore_state(id) != WAIT)
			return -EBUSY;
	}
	RTE_LCORE_FOREACH_WORKER(id)
	rte_eal_remote_launch(f, arg, id);
	if (call_main == CALL_MAIN) {
		struct worker *m = &workers[rte_get_main_lcore()];
		__atomic_store_n(&m->state, RUNNING, __ATOMIC_RELEASE);
		m->ret = f(arg);
		__atomic_store_n(&m->state, WAIT, __ATOMIC_RELEASE);
	}
	return 0;
}

enum rte_lcore_state_t rte_eal_get_lcore_state(unsigned int worker_id)
{
	if (worker_id >= RTE_MAX_LCORE)
		return WAIT;
	return (enum rte_lcore_state_t)__atomic_load_n(&workers[worker_id].state, __ATOMIC_ACQUIRE);
}

int rte_eal_wait_lcore(unsigned int worker_id)
{
	if (worker_id >= RTE_MAX_LCORE)
		return 0;
	struct worker *w = &workers[worker_id];
	if (!w->started)
		return w->ret; /* the main lcore's, from CALL_MAIN; 0 for an id not in use */
	pthread_mutex_lock(&w->lock);
	while (__atomic_load_n(&w->state, __ATOMIC_ACQUIRE) != WAIT)
		pthread_cond_wait(&w->done, &w->lock);
	int ret = w->ret;
	pthread_mutex_unlock(&w->lock);
	return ret;
}

void rte_eal_mp_wait_lcore(void)
{
	unsigned int id;
	RTE_LCORE_FOREACH_WORKER(id)
	rte_eal_wait_lcore(id);
}

/* "0-3,6" for messages. */
static void cpus_format(const cpu_set_t *set, char *buf, size_t len)
{
	size_t off = 0;
	buf[0] = '\0';
	for (int cpu = 0; cpu < CPU_SETSIZE && off < len; cpu++) {
		if (!CPU_ISSET(cpu, set))
			continue;
		int last = cpu;
		while (last + 1 < CPU_SETSIZE && CPU_ISSET(last + 1, set))
			last++;
		int n = last == cpu
			    ? snprintf(buf + off, len - off, "%s%d", off ? "," : "", cpu)
			    : snprintf(buf + off, len - off, "%s%d-%d", off ? "," : "", cpu, last);
		off += n > 0 ? (size_t)n : 0;
		cpu = last;
	}
}

static int worker_create(unsigned int id, const cpu_set_t *cpus)
{
	struct worker *w = &workers[id];
	pthread_attr_t attr;
	int ret = pthread_attr_init(&attr);
	if (ret != 0)
		return ret;
	ret = pthread_attr_setaffinity_np(&attr, sizeof(*cpus), cpus);
	*w = (struct worker){.state = WAIT};
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->wake, NULL);
	pthread_cond_init(&w->done, NULL);
	if (ret == 0)
		ret = pthread_create(&w->thread, &attr, worker_main, (void *)(uintptr_t)id);
	pthread_attr_destroy(&attr);
	if (ret != 0) {
		pthread_cond_destroy(&w->done);
		pthread_cond_destroy(&w->wake);
		pthread_mutex_destroy(&w->lock);
		return ret;
	}
	w->started = true;
	return 0;
}

static void workers_join(void)
{
	for (unsigned int id = 0; id < RTE_MAX_LCORE; id++) {
		struct worker *w = &workers[id];
		if (!w->started) {
			*w = (struct worker){.state = WAIT};
			continue;
		}
		pthread_mutex_lock(&w->lock);
		w->stop = true;
		pthread_cond_signal(&w->wake);
		pthread_mutex_unlock(&w->lock);
		/* A function still running is waited for: it may use what cleanup removes. */
		pthread_join(w->thread, NULL);
		pthread_cond_destroy(&w->done);
		pthread_cond_destroy(&w->wake);
		pthread_mutex_destroy(&w->lock);
		*w = (struct worker){.state = WAIT};
	}
}

static void main_unpin(void)
{
	if (main_pinned)
		sched_setaffinity(main_tid, sizeof(main_saved_cpus), &main_saved_cpus);
	main_pinned = false;
}

/* lo's lcores, or one per CPU of allowed below RTE_MAX_LCORE, into the table. The count. */
static unsigned int table_fill(const struct eal_lcore_opts *lo, const cpu_set_t *allowed)
{
	unsigned int count = 0;
	for (unsigned int id = 0; id < RTE_MAX_LCORE; id++) {
		struct eal_lcore *l = &eal_lcore_table[id];
		if (lo->option != NULL) {
			if (!lo->enabled[id])
				continue;
			l->index = lo->index[id];
			l->cpus = lo->cpus[id];
		} else {
			if (!CPU_ISSET(id, allowed))
				continue;
			l->index = (uint8_t)count;
			CPU_ZERO(&l->cpus);
			CPU_SET(id, &l->cpus);
		}
		l->role = ROLE_RTE;
		count++;
	}
	return count;
}

/* One line naming the option; -1 with rte_errno EINVAL. */
static int check_cpus(const struct eal_lcore_opts *lo, const cpu_set_t *allowed)
{
	char have[256];
	for (unsigned int id = 0; id < RTE_MAX_LCORE; id++) {
		const cpu_set_t *cpus = &eal_lcore_table[id].cpus;
		if (eal_lcore_table[id].role != ROLE_RTE)
			continue;
		cpu_set_t ok;
		CPU_AND(&ok, cpus, allowed);
		if (CPU_EQUAL(&ok, cpus))
			continue;
		char want[256];
		cpus_format(cpus, want, sizeof(want));
		cpus_format(allowed, have, sizeof(have));
		RTE_LOG(ERR, EAL,
			"option %s: lcore %u would run on CPU(s) %s, but this process may only use "
			"CPU(s) %s (fix: choose lcores or @CPUs among those)\n",
			lo->option != NULL ? lo->option : "-l", id, want, have);
		rte_errno = EINVAL;
		return -1;
	}
	return 0;
}

int eal_lcores_start(const struct eal_lcore_opts *lo)
{
	cpu_set_t allowed;
	if (sched_getaffinity(0, sizeof(allowed), &allowed) != 0) {
		RTE_LOG(ERR, EAL, "lcores: cannot read this thread's CPU affinity: %s\n",
			strerror(errno));
		rte_errno = errno;
		return -1;
	}
	eal_lcore_table_reset();
	unsigned int count = table_fill(lo, &allowed);
	if (count == 0) {
		/* Only the default can be empty: every CPU allowed is at or above RTE_MAX_LCORE. */
		RTE_LOG(ERR, EAL,
			"lcores: none of this process's CPUs is below %d (fix: give lcores with "
			"--lcores, e.g. --lcores 0@CPU)\n",
			RTE_MAX_LCORE);
		rte_errno = EINVAL;
		goto fail;
	}
	if (check_cpus(lo, &allowed) != 0)
		goto fail;
	unsigned int main_lcore = rte_get_next_lcore((unsigned int)-1, 0, 0);
	if (lo->main_lcore >= 0) {
		if (!rte_lcore_is_enabled((unsigned int)lo->main_lcore)) {
			char ids[256];
			cpu_set_t ids_set;
			CPU_ZERO(&ids_set);
			for (unsigned int id = 0; id < RTE_MAX_LCORE; id++)
				if (rte_lcore_is_enabled(id))
					CPU_SET(id, &ids_set);
			cpus_format(&ids_set, ids, sizeof(ids));
			RTE_LOG(ERR, EAL,
				"option --main-lcore: lcore %d is not one of the lcores (%s%s%s)\n",
				lo->main_lcore, ids,
				lo->option != NULL ? ", from " : ": one per CPU",
				lo->option != NULL ? lo->option : "");
			rte_errno = EINVAL;
			goto fail;
		}
		main_lcore = (unsigned int)lo->main_lcore;
	}

	/* The calling thread becomes the main lcore, on its CPUs, as in DPDK. */
	main_tid = (pid_t)syscall(SYS_gettid);
	main_saved_cpus = allowed;
	if (sched_setaffinity(0, sizeof(cpu_set_t), &eal_lcore_table[main_lcore].cpus) != 0) {
		RTE_LOG(ERR, EAL, "lcores: cannot pin the main lcore %u to its CPUs: %s\n",
			main_lcore, strerror(errno));
		rte_errno = errno;
		goto fail;
	}
	main_pinned = true;
	eal_lcore_main = main_lcore;
	eal_lcore_id_set(main_lcore);
	eal_lcore_ctrl_cpus_set(&allowed);
	for (unsigned int id = 0; id < RTE_MAX_LCORE; id++) {
		if (id == main_lcore || eal_lcore_table[id].role != ROLE_RTE)
			continue;
		int ret = worker_create(id, &eal_lcore_table[id].cpus);
		if (ret != 0) {
			RTE_LOG(ERR, EAL,
				"lcores: cannot create the thread of worker lcore %u: %s (fix: "
				"give fewer lcores, or raise the thread limit)\n",
				id, strerror(ret));
			rte_errno = ret;
			goto fail;
		}
	}
	eal_lcore_table_publish(count, main_lcore);
	return 0;

fail:
	eal_lcores_stop();
	return -1;
}

void eal_lcores_stop(void)
{
	workers_join();
	main_unpin();
	eal_lcore_table_reset();
}

bool eal_lcore_is_worker_thread(void)
{
	unsigned int id = rte_lcore_id();
	return id != LCORE_ID_ANY && is_worker(id);
}
