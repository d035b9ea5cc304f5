/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Lcores through rte_eal_init/rte_eal_cleanup: the default set and each option form, worker
 * threads pinned where the options say, launch/wait and their states, non-EAL threads, and
 * failures that must leave no thread and the caller's affinity as it was. The tests adapt to
 * the CPUs this process may use (C0 is the first of them); lcore ids are remapped onto C0 with
 * --lcores where more lcores than CPUs are needed.
 */

#include <CUnit/Basic.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rte_alarm.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_memory.h>

#include "test_util.h"

static cpu_set_t allowed; /* this process's CPUs at start */
static int c0;		  /* the first of them */
static int threads_before;

#define MAX_ARGS 12

struct init_call {
	const char *args[MAX_ARGS];
	int ret;
	int err;
};

static void init_fn(void *arg)
{
	struct init_call *c = arg;
	char *argv[MAX_ARGS + 2] = {"prog", "--no-pci"};
	int argc = 2;
	for (int i = 0; c->args[i] != NULL; i++)
		argv[argc++] = (char *)(uintptr_t)c->args[i];
	rte_errno = 0;
	c->ret = rte_eal_init(argc, argv);
	c->err = rte_errno;
}

/* rte_eal_init(--no-pci, args...): its log (malloc'd). */
static char *eal_init(struct init_call *c)
{
	char *log = test_capture_log(init_fn, c);
	CU_ASSERT_PTR_NOT_NULL(log);
	return log;
}

static bool init_ok(struct init_call *c)
{
	char *log = eal_init(c);
	bool ok = c->ret > 0 && log != NULL && log[0] == '\0';
	if (!ok)
		fprintf(stderr, "\n  init failed: ret %d: %s", c->ret, log != NULL ? log : "");
	free(log);
	return ok;
}

static bool affinity_is(const cpu_set_t *want)
{
	cpu_set_t now;
	CU_ASSERT_EQUAL_FATAL(sched_getaffinity(0, sizeof(now), &now), 0);
	return CPU_EQUAL(&now, want);
}

/* Cleanup and check that the process is as before init. */
static void cleanup_and_check(void)
{
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
	CU_ASSERT_EQUAL(test_count_threads(), threads_before);
	CU_ASSERT_TRUE(affinity_is(&allowed));
	CU_ASSERT_EQUAL(rte_lcore_id(), LCORE_ID_ANY);
	CU_ASSERT_EQUAL(rte_lcore_count(), 0);
	CU_ASSERT_EQUAL(rte_get_next_lcore((unsigned int)-1, 0, 1), RTE_MAX_LCORE);
}

/* "--lcores" value "0@C0,1@C0,...": n lcores all on C0. */
static const char *lcores_on_c0(int n, int first)
{
	static char buf[256];
	size_t off = 0;
	for (int i = 0; i < n; i++)
		off += (size_t)snprintf(buf + off, sizeof(buf) - off, "%s%d@%d", i ? "," : "",
					first + i, c0);
	return buf;
}

static void test_default_one_lcore_per_cpu(void)
{
	struct init_call c = {.args = {NULL}};
	CU_ASSERT_TRUE_FATAL(init_ok(&c));
	unsigned int n = 0, first = RTE_MAX_LCORE;
	for (unsigned int cpu = 0; cpu < RTE_MAX_LCORE; cpu++)
		if (CPU_ISSET(cpu, &allowed)) {
			n++;
			first = RTE_MIN(first, cpu);
		}
	CU_ASSERT_EQUAL(rte_lcore_count(), n);
	CU_ASSERT_EQUAL(rte_get_main_lcore(), first);
	CU_ASSERT_EQUAL(rte_lcore_id(), first);
	CU_ASSERT_EQUAL(rte_lcore_index(-1), 0);
	/* One worker thread per lcore but the main one. */
	CU_ASSERT_EQUAL(test_count_threads(), threads_before + (int)n - 1);
	unsigned int seen = 0, id;
	RTE_LCORE_FOREACH(id)
	{
		CU_ASSERT_TRUE(CPU_ISSET(id, &allowed));
		CU_ASSERT_EQUAL(rte_lcore_to_cpu_id((int)id), (int)id);
		CU_ASSERT_EQUAL(rte_eal_lcore_role(id), ROLE_RTE);
		CU_ASSERT_TRUE(rte_lcore_to_socket_id(id) < rte_socket_count());
		seen++;
	}
	CU_ASSERT_EQUAL(seen, n);
	/* The caller is pinned to its lcore's CPU, as in DPDK. */
	cpu_set_t mine;
	CPU_ZERO(&mine);
	CPU_SET(first, &mine);
	CU_ASSERT_TRUE(affinity_is(&mine));
	cleanup_and_check();
}

/* In a worker: its lcore id, and whether its affinity is its lcore's CPUs. */
static int where_am_i(void *arg)
{
	_Atomic int *bad = arg;
	unsigned int id = rte_lcore_id();
	cpu_set_t now, want = rte_lcore_cpuset(id);
	if (pthread_getaffinity_np(pthread_self(), sizeof(now), &now) != 0 ||
	    !CPU_EQUAL(&now, &want))
		atomic_fetch_add(bad, 1);
	return (int)id + 1000;
}

static void test_workers_pinned_and_launched(void)
{
	struct init_call c = {.args = {"--lcores", lcores_on_c0(4, 0), NULL}};
	CU_ASSERT_TRUE_FATAL(init_ok(&c));
	CU_ASSERT_EQUAL(rte_lcore_count(), 4);
	CU_ASSERT_EQUAL(rte_get_main_lcore(), 0);
	CU_ASSERT_EQUAL(test_count_threads(), threads_before + 3);
	_Atomic int bad = 0;
	unsigned int id;
	RTE_LCORE_FOREACH_WORKER(id)
	CU_ASSERT_EQUAL(rte_eal_remote_launch(where_am_i, &bad, id), 0);
	RTE_LCORE_FOREACH_WORKER(id)
	CU_ASSERT_EQUAL(rte_eal_wait_lcore(id), (int)id + 1000);
	CU_ASSERT_EQUAL(atomic_load(&bad), 0);
	/* The return value stays until the next launch. */
	CU_ASSERT_EQUAL(rte_eal_wait_lcore(2), 1002);
	/* Main, unused and out-of-range ids are not workers. */
	CU_ASSERT_EQUAL(rte_eal_remote_launch(where_am_i, &bad, 0), -EINVAL);
	CU_ASSERT_EQUAL(rte_eal_remote_launch(where_am_i, &bad, 5), -EINVAL);
	CU_ASSERT_EQUAL(rte_eal_remote_launch(where_am_i, &bad, RTE_MAX_LCORE), -EINVAL);
	CU_ASSERT_EQUAL(rte_eal_remote_launch(NULL, &bad, 1), -EINVAL);
	CU_ASSERT_EQUAL(rte_eal_wait_lcore(5), 0);
	cleanup_and_check();
}

/* A function that runs until released. */
static _Atomic int gate, gate_runs;

static int wait_gate(void *arg)
{
	RTE_SET_USED(arg);
	atomic_fetch_add(&gate_runs, 1);
	while (!atomic_load(&gate)) {
		struct timespec ts = {0, 1000000};
		nanosleep(&ts, NULL);
	}
	return 7;
}

static void test_states_busy_and_mp(void)
{
	struct init_call c = {.args = {"--lcores", lcores_on_c0(3, 0), NULL}};
	CU_ASSERT_TRUE_FATAL(init_ok(&c));
	atomic_store(&gate, 0);
	atomic_store(&gate_runs, 0);
	CU_ASSERT_EQUAL(rte_eal_get_lcore_state(1), WAIT);
	CU_ASSERT_EQUAL(rte_eal_remote_launch(wait_gate, NULL, 1), 0);
	CU_ASSERT_EQUAL(rte_eal_get_lcore_state(1), RUNNING);
	CU_ASSERT_EQUAL(rte_eal_remote_launch(wait_gate, NULL, 1), -EBUSY);
	/* One worker busy: nothing is started. */
	CU_ASSERT_EQUAL(rte_eal_mp_remote_launch(wait_gate, NULL, SKIP_MAIN), -EBUSY);
	atomic_store(&gate, 1);
	CU_ASSERT_EQUAL(rte_eal_wait_lcore(1), 7);
	CU_ASSERT_EQUAL(rte_eal_get_lcore_state(1), WAIT);
	CU_ASSERT_EQUAL(atomic_load(&gate_runs), 1);

	/* Every worker, and the main lcore in the caller with CALL_MAIN. */
	CU_ASSERT_EQUAL(rte_eal_mp_remote_launch(wait_gate, NULL, SKIP_MAIN), 0);
	rte_eal_mp_wait_lcore();
	CU_ASSERT_EQUAL(atomic_load(&gate_runs), 3);
	CU_ASSERT_EQUAL(rte_eal_mp_remote_launch(wait_gate, NULL, CALL_MAIN), 0);
	/* The main lcore's run has returned; the workers' may not have started yet. */
	CU_ASSERT_TRUE(atomic_load(&gate_runs) >= 4);
	rte_eal_mp_wait_lcore();
	CU_ASSERT_EQUAL(atomic_load(&gate_runs), 6);
	CU_ASSERT_EQUAL(rte_eal_wait_lcore(0), 7);
	cleanup_and_check();
}

static void test_main_lcore_and_getters(void)
{
	char map[64];
	/* Lcores 4 and 9, and 6 on (C0) as a group: indexes follow the order given. */
	snprintf(map, sizeof(map), "9@%d,4@%d,(6)@(%d)", c0, c0, c0);
	struct init_call c = {.args = {"--lcores", map, "--main-lcore", "9", NULL}};
	CU_ASSERT_TRUE_FATAL(init_ok(&c));
	CU_ASSERT_EQUAL(rte_get_main_lcore(), 9);
	CU_ASSERT_EQUAL(rte_lcore_id(), 9);
	CU_ASSERT_EQUAL(rte_lcore_index(9), 0);
	CU_ASSERT_EQUAL(rte_lcore_index(4), 1);
	CU_ASSERT_EQUAL(rte_lcore_index(6), 2);
	CU_ASSERT_EQUAL(rte_lcore_index(5), -1);
	CU_ASSERT_EQUAL(rte_lcore_index(RTE_MAX_LCORE), -1);
	CU_ASSERT_EQUAL(rte_lcore_to_cpu_id(4), c0);
	CU_ASSERT_EQUAL(rte_lcore_to_cpu_id(5), -1);
	CU_ASSERT_TRUE(rte_lcore_is_enabled(4));
	CU_ASSERT_FALSE(rte_lcore_is_enabled(5));
	CU_ASSERT_FALSE(rte_lcore_is_enabled(RTE_MAX_LCORE));
	CU_ASSERT_EQUAL(rte_lcore_has_role(5, ROLE_OFF), 1);
	CU_ASSERT_EQUAL(rte_lcore_has_role(RTE_MAX_LCORE, ROLE_OFF), -EINVAL);
	rte_cpuset_t none = rte_lcore_cpuset(5);
	CU_ASSERT_EQUAL(CPU_COUNT(&none), 0);
	/* Next lcore: in id order, skipping the main one, wrapping. */
	CU_ASSERT_EQUAL(rte_get_next_lcore((unsigned int)-1, 0, 0), 4);
	CU_ASSERT_EQUAL(rte_get_next_lcore(4, 0, 0), 6);
	CU_ASSERT_EQUAL(rte_get_next_lcore(6, 0, 0), 9);
	CU_ASSERT_EQUAL(rte_get_next_lcore(6, 1, 0), RTE_MAX_LCORE);
	CU_ASSERT_EQUAL(rte_get_next_lcore(6, 1, 1), 4);
	CU_ASSERT_EQUAL(rte_get_next_lcore(9, 0, 1), 4);
	unsigned int id, workers = 0;
	RTE_LCORE_FOREACH_WORKER(id)
	{
		CU_ASSERT_NOT_EQUAL(id, 9);
		workers++;
	}
	CU_ASSERT_EQUAL(workers, 2);
	cleanup_and_check();
}

static void test_one_lcore_no_thread(void)
{
	char l[16];
	snprintf(l, sizeof(l), "%d", c0);
	struct init_call c = {.args = {"-l", l, NULL}};
	CU_ASSERT_TRUE_FATAL(init_ok(&c));
	CU_ASSERT_EQUAL(rte_lcore_count(), 1);
	CU_ASSERT_EQUAL(test_count_threads(), threads_before);
	atomic_store(&gate, 1);
	atomic_store(&gate_runs, 0);
	CU_ASSERT_EQUAL(rte_eal_mp_remote_launch(wait_gate, NULL, CALL_MAIN), 0);
	CU_ASSERT_EQUAL(atomic_load(&gate_runs), 1);
	rte_eal_mp_wait_lcore();
	cleanup_and_check();
}

/* Non-EAL threads. */
struct reg_result {
	int ret, err;
	unsigned int id, id_after_unregister;
	int enabled;
	enum rte_lcore_role_t role;
	bool unregister;
};

static void *register_thread(void *arg)
{
	struct reg_result *r = arg;
	rte_errno = 0;
	r->ret = rte_thread_register();
	r->err = rte_errno;
	r->id = rte_lcore_id();
	if (r->id != LCORE_ID_ANY) {
		r->enabled = rte_lcore_is_enabled(r->id);
		r->role = rte_eal_lcore_role(r->id);
		/* Registering again keeps the id. */
		if (rte_thread_register() != 0 || rte_lcore_id() != r->id)
			r->ret = -2;
	}
	if (r->unregister) {
		rte_thread_unregister();
		r->id_after_unregister = rte_lcore_id();
	}
	return NULL;
}

static struct reg_result run_register(bool unregister)
{
	struct reg_result r = {.unregister = unregister};
	pthread_t t;
	CU_ASSERT_EQUAL_FATAL(pthread_create(&t, NULL, register_thread, &r), 0);
	pthread_join(t, NULL);
	return r;
}

static void register_in_thread_fn(void *arg)
{
	*(struct reg_result *)arg = run_register(false);
}

static void test_thread_register(void)
{
	struct reg_result before;
	char *early = test_capture_log(register_in_thread_fn, &before);
	CU_ASSERT_EQUAL(before.ret, -1);
	CU_ASSERT_EQUAL(before.err, EINVAL);
	CU_ASSERT_STRING_EQUAL(early, "lib.eal: rte_thread_register: called before rte_eal_init\n");
	free(early);

	struct init_call c = {.args = {"--lcores", lcores_on_c0(2, 0), NULL}};
	CU_ASSERT_TRUE_FATAL(init_ok(&c));
	struct reg_result a = run_register(true);
	CU_ASSERT_EQUAL(a.ret, 0);
	CU_ASSERT_EQUAL(a.id, 2); /* the first free id */
	CU_ASSERT_EQUAL(a.enabled, 0);
	CU_ASSERT_EQUAL(a.role, ROLE_NON_EAL);
	CU_ASSERT_EQUAL(a.id_after_unregister, LCORE_ID_ANY);
	CU_ASSERT_EQUAL(rte_lcore_count(), 2);
	CU_ASSERT_EQUAL(rte_eal_lcore_role(2), ROLE_OFF);

	/* Kept registered: counted, not visited; the ids run out after RTE_MAX_LCORE. */
	for (unsigned int i = 2; i < RTE_MAX_LCORE; i++) {
		struct reg_result k = run_register(false);
		CU_ASSERT_EQUAL(k.ret, 0);
		CU_ASSERT_EQUAL(k.id, i);
	}
	CU_ASSERT_EQUAL(rte_lcore_count(), RTE_MAX_LCORE);
	unsigned int id, n = 0;
	RTE_LCORE_FOREACH(id)
	n++;
	CU_ASSERT_EQUAL(n, 2);
	struct reg_result full;
	char *log = test_capture_log(register_in_thread_fn, &full);
	CU_ASSERT_EQUAL(full.ret, -1);
	CU_ASSERT_EQUAL(full.err, ENOMEM);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "all 128 lcore ids are in use"));
	free(log);
	/* The main thread already has an id. */
	CU_ASSERT_EQUAL(rte_thread_register(), 0);
	CU_ASSERT_EQUAL(rte_lcore_id(), 0);
	cleanup_and_check();
	/* Ids from before cleanup are gone. */
	CU_ASSERT_EQUAL(rte_eal_lcore_role(5), ROLE_OFF);
}

/* The interrupt thread (which runs alarms) is not an lcore. */
static _Atomic unsigned int alarm_lcore = 12345;

static void alarm_cb(void *arg)
{
	RTE_SET_USED(arg);
	atomic_store(&alarm_lcore, rte_lcore_id());
}

static void test_intr_thread_not_lcore(void)
{
	struct init_call c = {.args = {NULL}};
	CU_ASSERT_TRUE_FATAL(init_ok(&c));
	CU_ASSERT_EQUAL(rte_eal_alarm_set(1000, alarm_cb, NULL), 0);
	for (int i = 0; i < 2000 && atomic_load(&alarm_lcore) == 12345; i++) {
		struct timespec ts = {0, 1000000};
		nanosleep(&ts, NULL);
	}
	CU_ASSERT_EQUAL(atomic_load(&alarm_lcore), LCORE_ID_ANY);
	cleanup_and_check();
}

static _Atomic int cleanup_from_worker_ret, cleanup_from_worker_errno;

static int cleanup_in_worker(void *arg)
{
	RTE_SET_USED(arg);
	atomic_store(&cleanup_from_worker_ret, rte_eal_cleanup());
	atomic_store(&cleanup_from_worker_errno, rte_errno);
	return 0;
}

static void launch_cleanup_in_worker(void *arg)
{
	RTE_SET_USED(arg);
	CU_ASSERT_EQUAL(rte_eal_remote_launch(cleanup_in_worker, NULL, 1), 0);
	rte_eal_wait_lcore(1);
}

static void test_cleanup_from_worker_refused(void)
{
	struct init_call c = {.args = {"--lcores", lcores_on_c0(2, 0), NULL}};
	CU_ASSERT_TRUE_FATAL(init_ok(&c));
	char *log = test_capture_log(launch_cleanup_in_worker, NULL);
	CU_ASSERT_STRING_EQUAL(log, "lib.eal: rte_eal_cleanup: called from worker lcore 1; call it "
				    "from the main lcore after rte_eal_mp_wait_lcore\n");
	free(log);
	CU_ASSERT_EQUAL(atomic_load(&cleanup_from_worker_ret), -1);
	CU_ASSERT_EQUAL(atomic_load(&cleanup_from_worker_errno), EDEADLK);
	cleanup_and_check();
}

/* In a worker: pin itself to C0 alone, and report what the getters say. */
static int repin_to_c0(void *arg)
{
	RTE_SET_USED(arg);
	rte_cpuset_t one, got, now;
	CPU_ZERO(&one);
	CPU_SET(c0, &one);
	if (rte_thread_set_affinity(&one) != 0)
		return 1;
	rte_thread_get_affinity(&got);
	rte_cpuset_t lc = rte_lcore_cpuset(rte_lcore_id());
	if (pthread_getaffinity_np(pthread_self(), sizeof(now), &now) != 0)
		return 2;
	return CPU_EQUAL(&got, &one) && CPU_EQUAL(&lc, &one) && CPU_EQUAL(&now, &one) ? 0 : 3;
}

static void test_thread_affinity(void)
{
	char map[64];
	snprintf(map, sizeof(map), "0@%d,(1)@(%d)", c0, c0);
	struct init_call c = {.args = {"--lcores", map, NULL}};
	CU_ASSERT_TRUE_FATAL(init_ok(&c));
	CU_ASSERT_EQUAL(rte_eal_remote_launch(repin_to_c0, NULL, 1), 0);
	CU_ASSERT_EQUAL(rte_eal_wait_lcore(1), 0);
	/* An empty set is refused and changes nothing. */
	rte_cpuset_t none, before, after;
	CPU_ZERO(&none);
	rte_thread_get_affinity(&before);
	rte_errno = 0;
	CU_ASSERT_EQUAL(rte_thread_set_affinity(&none), -1);
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	rte_thread_get_affinity(&after);
	CU_ASSERT_TRUE(CPU_EQUAL(&before, &after));
	cleanup_and_check();
}

/* What a control thread sees. */
struct ctrl_report {
	cpu_set_t cpus;
	unsigned int lcore;
	char name[32];
};

static void *ctrl_fn(void *arg)
{
	struct ctrl_report *r = arg;
	pthread_getaffinity_np(pthread_self(), sizeof(r->cpus), &r->cpus);
	r->lcore = rte_lcore_id();
	pthread_getname_np(pthread_self(), r->name, sizeof(r->name));
	return (void *)(uintptr_t)0x5a;
}

static struct ctrl_report run_ctrl(const char *name)
{
	struct ctrl_report r;
	memset(&r, 0, sizeof(r));
	pthread_t t;
	void *ret = NULL;
	CU_ASSERT_EQUAL_FATAL(rte_ctrl_thread_create(&t, name, NULL, ctrl_fn, &r), 0);
	pthread_join(t, &ret);
	CU_ASSERT_EQUAL((uintptr_t)ret, 0x5a);
	return r;
}

static void test_ctrl_thread(void)
{
	/* Before init: left where it was created (the creator's CPUs). */
	struct ctrl_report early = run_ctrl("ctrl-early");
	CU_ASSERT_TRUE(CPU_EQUAL(&early.cpus, &allowed));
	CU_ASSERT_STRING_EQUAL(early.name, "ctrl-early");

	char map[32];
	snprintf(map, sizeof(map), "0@%d", c0);
	struct init_call c = {.args = {"--lcores", map, NULL}};
	CU_ASSERT_TRUE_FATAL(init_ok(&c));
	/* The CPUs no lcore uses, or the main lcore's when there are none. */
	cpu_set_t want = allowed;
	CPU_CLR(c0, &want);
	if (CPU_COUNT(&want) == 0)
		CPU_SET(c0, &want);
	struct ctrl_report r = run_ctrl("a-control-thread-name");
	CU_ASSERT_TRUE(CPU_EQUAL(&r.cpus, &want));
	CU_ASSERT_EQUAL(r.lcore, LCORE_ID_ANY);
	CU_ASSERT_STRING_EQUAL(r.name, "a-control-threa"); /* 15 characters */
	pthread_t t;
	CU_ASSERT_EQUAL(rte_ctrl_thread_create(&t, NULL, NULL, ctrl_fn, &r), -EINVAL);
	CU_ASSERT_EQUAL(rte_ctrl_thread_create(&t, "x", NULL, NULL, &r), -EINVAL);
	cleanup_and_check();
}

/* Failures: one line naming the option, nothing left. */
static void expect_init_error(struct init_call *c, const char *line)
{
	char *log = eal_init(c);
	CU_ASSERT_EQUAL(c->ret, -1);
	CU_ASSERT_EQUAL(c->err, EINVAL);
	CU_ASSERT_STRING_EQUAL(log, line);
	if (strcmp(log, line) != 0)
		fprintf(stderr, "\n  got:      %s  expected: %s", log, line);
	free(log);
	CU_ASSERT_EQUAL(test_count_threads(), threads_before);
	CU_ASSERT_TRUE(affinity_is(&allowed));
	CU_ASSERT_EQUAL(rte_lcore_count(), 0);
	CU_ASSERT_EQUAL(rte_lcore_id(), LCORE_ID_ANY);
}

static void format_cpus(const cpu_set_t *set, char *buf, size_t len)
{
	size_t off = 0;
	buf[0] = '\0';
	for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
		if (!CPU_ISSET(cpu, set))
			continue;
		int last = cpu;
		while (last + 1 < CPU_SETSIZE && CPU_ISSET(last + 1, set))
			last++;
		off += (size_t)(last == cpu
				    ? snprintf(buf + off, len - off, "%s%d", off ? "," : "", cpu)
				    : snprintf(buf + off, len - off, "%s%d-%d", off ? "," : "", cpu,
					       last));
		cpu = last;
	}
}

static void test_failures_leave_nothing(void)
{
	int absent = -1;
	for (int cpu = 0; cpu < RTE_MAX_LCORE && absent < 0; cpu++)
		if (!CPU_ISSET(cpu, &allowed))
			absent = cpu;
	CU_ASSERT_FATAL(absent >= 0);
	char have[256], l[32], line[512];
	format_cpus(&allowed, have, sizeof(have));

	/* A worker lcore on a CPU this process may not use. */
	snprintf(l, sizeof(l), "%d,%d", c0, absent);
	struct init_call a = {.args = {"-l", l, NULL}};
	snprintf(line, sizeof(line),
		 "lib.eal: option -l: lcore %d would run on CPU(s) %d, but this process may only "
		 "use CPU(s) %s (fix: choose lcores or @CPUs among those)\n",
		 absent, absent, have);
	expect_init_error(&a, line);

	snprintf(l, sizeof(l), "0@%d,1@%d", c0, absent);
	struct init_call b = {.args = {"--lcores", l, NULL}};
	snprintf(line, sizeof(line),
		 "lib.eal: option --lcores: lcore 1 would run on CPU(s) %d, but this process may "
		 "only use CPU(s) %s (fix: choose lcores or @CPUs among those)\n",
		 absent, have);
	expect_init_error(&b, line);

	/* --main-lcore outside the default set (one lcore per CPU). */
	snprintf(l, sizeof(l), "%d", absent);
	struct init_call m = {.args = {"--main-lcore", l, NULL}};
	snprintf(line, sizeof(line),
		 "lib.eal: option --main-lcore: lcore %d is not one of the lcores (%s: one per "
		 "CPU)\n",
		 absent, have);
	expect_init_error(&m, line);

	/* A later step fails after the workers started: they are joined. */
	struct init_call v = {.args = {"--lcores", lcores_on_c0(3, 0), "--vdev", "nosuch0", NULL}};
	char *log = eal_init(&v);
	CU_ASSERT_EQUAL(v.ret, -1);
	free(log);
	CU_ASSERT_EQUAL(test_count_threads(), threads_before);
	CU_ASSERT_TRUE(affinity_is(&allowed));
	CU_ASSERT_EQUAL(rte_lcore_count(), 0);
}

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	if (sched_getaffinity(0, sizeof(allowed), &allowed) != 0)
		return 1;
	for (c0 = 0; c0 < CPU_SETSIZE && !CPU_ISSET(c0, &allowed); c0++)
		;
	threads_before = test_count_threads();
	CU_pSuite s = CU_add_suite("lcore", NULL, NULL);
	if (s == NULL)
		return 1;
	CU_add_test(s, "default: one lcore per CPU, caller is the main lcore",
		    test_default_one_lcore_per_cpu);
	CU_add_test(s, "workers pinned to their CPUs, launch and wait",
		    test_workers_pinned_and_launched);
	CU_add_test(s, "states, EBUSY, mp launch with SKIP_MAIN and CALL_MAIN",
		    test_states_busy_and_mp);
	CU_add_test(s, "--main-lcore, index, next lcore, getters", test_main_lcore_and_getters);
	CU_add_test(s, "one lcore: no thread", test_one_lcore_no_thread);
	CU_add_test(s, "rte_thread_register/unregister", test_thread_register);
	CU_add_test(s, "the interrupt thread is not an lcore", test_intr_thread_not_lcore);
	CU_add_test(s, "rte_eal_cleanup from a worker is refused",
		    test_cleanup_from_worker_refused);
	CU_add_test(s, "rte_thread_set_affinity/get_affinity", test_thread_affinity);
	CU_add_test(s, "rte_ctrl_thread_create: named, on the CPUs lcores leave", test_ctrl_thread);
	CU_add_test(s, "failures: one line, no thread, affinity restored",
		    test_failures_leave_nothing);
	return test_run_registry();
}
