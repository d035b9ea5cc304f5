/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Hotplug from several threads. rte_dev_probe and rte_dev_remove are serialised against each
 * other and against rte_eal_init/rte_eal_cleanup by the EAL hotplug lock; an interrupt
 * callback does not wait for that lock; the devargs list and the bus registry stay whole under
 * concurrent changes. A test bus ("hpbus") whose plug and probe can block shows what runs at
 * the same time; the stress test races rte_dev_probe/remove of net_null devices against
 * rte_vdev_init/uninit and bus (un)registrations (run it under ASan).
 */

#include <CUnit/Basic.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <bus_driver.h>
#include <rte_bus.h>
#include <rte_bus_vdev.h>
#include <rte_dev.h>
#include <rte_devargs.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_interrupts.h>

#include "test_util.h"

/* hpbus: devices "hpdev*" made by scan from the bus's devargs, plugged only by hotplug. */
#define HP_MAX 8

static struct {
	struct rte_device devs[HP_MAX];
	char names[HP_MAX][RTE_DEV_NAME_MAX_LEN];
	unsigned int n;
	_Atomic int block_plug;	 /* plug waits while set */
	_Atomic int block_probe; /* the bus probe (rte_eal_init) waits while set */
	_Atomic int in_plug;	 /* plugs running now */
	_Atomic int in_probe;	 /* bus probes running now */
	_Atomic int plugs;	 /* plugs started */
	_Atomic int cleanups;	 /* cleanups done */
	_Atomic int overlaps;	 /* a plug or cleanup started while a plug or probe ran */
} hp;

static const struct rte_driver hp_driver = {.name = "hp_drv"};
static struct rte_bus hp_bus;

static void wait_while(_Atomic int *flag)
{
	while (atomic_load(flag))
		usleep(1000);
}

/* Poll (up to 5 s) until *value reaches want. */
static bool wait_for(_Atomic int *value, int want)
{
	for (int i = 0; i < 5000 && atomic_load(value) < want; i++)
		usleep(1000);
	return atomic_load(value) >= want;
}

static struct rte_device *hp_find(const char *name)
{
	for (unsigned int i = 0; i < hp.n; i++)
		if (strcmp(hp.devs[i].name, name) == 0)
			return &hp.devs[i];
	return NULL;
}

static int hp_scan(void)
{
	struct rte_devargs *da;

	RTE_EAL_DEVARGS_FOREACH("hpbus", da)
	{
		if (hp_find(da->name) != NULL || hp.n == HP_MAX)
			continue;
		struct rte_device *dev = &hp.devs[hp.n];
		snprintf(hp.names[hp.n], sizeof(hp.names[0]), "%s", da->name);
		*dev = (struct rte_device){
		    .name = hp.names[hp.n], .bus = &hp_bus, .devargs = da, .numa_node = -1};
		hp.n++;
	}
	return 0;
}

static int hp_probe(void)
{
	atomic_fetch_add(&hp.in_probe, 1);
	wait_while(&hp.block_probe);
	atomic_fetch_sub(&hp.in_probe, 1);
	return 0;
}

static struct rte_device *hp_find_device(const struct rte_device *start, rte_dev_cmp_t cmp,
					 const void *data)
{
	unsigned int i = start != NULL ? (unsigned int)(start - hp.devs) + 1 : 0;
	for (; i < hp.n; i++)
		if (cmp(&hp.devs[i], data) == 0)
			return &hp.devs[i];
	return NULL;
}

static int hp_plug(struct rte_device *dev)
{
	if (atomic_fetch_add(&hp.in_plug, 1) > 0 || atomic_load(&hp.in_probe) > 0)
		atomic_fetch_add(&hp.overlaps, 1);
	atomic_fetch_add(&hp.plugs, 1);
	wait_while(&hp.block_plug);
	dev->driver = &hp_driver;
	atomic_fetch_sub(&hp.in_plug, 1);
	return 0;
}

/* The device goes (its devargs are dropped by rte_dev_remove right after). */
static int hp_unplug(struct rte_device *dev)
{
	unsigned int i = (unsigned int)(dev - hp.devs);
	for (; i + 1 < hp.n; i++) {
		hp.devs[i] = hp.devs[i + 1];
		memcpy(hp.names[i], hp.names[i + 1], sizeof(hp.names[0]));
		hp.devs[i].name = hp.names[i];
	}
	hp.n--;
	return 0;
}

static int hp_parse(const char *name, void *addr)
{
	RTE_SET_USED(addr);
	return strncmp(name, "hpdev", 5) != 0;
}

static int hp_cleanup(void)
{
	if (atomic_load(&hp.in_plug) > 0)
		atomic_fetch_add(&hp.overlaps, 1);
	hp.n = 0;
	atomic_fetch_add(&hp.cleanups, 1);
	return 0;
}

static struct rte_bus hp_bus = {
    .name = "hpbus",
    .scan = hp_scan,
    .probe = hp_probe,
    .find_device = hp_find_device,
    .plug = hp_plug,
    .unplug = hp_unplug,
    .parse = hp_parse,
    .cleanup = hp_cleanup,
};

static void hp_reset(void)
{
	memset(&hp, 0, sizeof(hp));
}

static int name_is(const struct rte_device *dev, const void *name)
{
	return strcmp(dev->name, name);
}

static struct rte_device *find_on(const char *bus, const char *name)
{
	struct rte_bus *b = rte_bus_find_by_name(bus);
	return b != NULL ? b->find_device(NULL, name_is, name) : NULL;
}

static unsigned int devargs_total(void)
{
	return rte_devargs_type_count(RTE_DEVTYPE_ALLOWED) +
	       rte_devargs_type_count(RTE_DEVTYPE_BLOCKED) +
	       rte_devargs_type_count(RTE_DEVTYPE_VIRTUAL);
}

struct probe_call {
	const char *devargs;
	int ret;
	int err;
	_Atomic int done;
};

static void *probe_thread(void *arg)
{
	struct probe_call *c = arg;
	rte_errno = 0;
	c->ret = rte_dev_probe(c->devargs);
	c->err = rte_errno;
	atomic_store(&c->done, 1);
	return NULL;
}

static void *cleanup_thread(void *arg)
{
	struct probe_call *c = arg;
	c->ret = rte_eal_cleanup();
	atomic_store(&c->done, 1);
	return NULL;
}

static int init_args(const char *a1)
{
	char *argv[] = {"test", "--no-pci", (char *)(uintptr_t)a1, NULL};
	return rte_eal_init(a1 != NULL ? 3 : 2, argv);
}

static void *init_thread(void *arg)
{
	struct probe_call *c = arg;
	c->ret = init_args(NULL);
	atomic_store(&c->done, 1);
	return NULL;
}

/* A second rte_dev_probe waits until the first one's plug has returned. */
static void test_probe_waits_for_probe(void)
{
	hp_reset();
	atomic_store(&hp.block_plug, 1);
	struct probe_call a = {.devargs = "hpdev0"}, b = {.devargs = "hpdev1"};
	pthread_t ta, tb;
	CU_ASSERT_EQUAL_FATAL(pthread_create(&ta, NULL, probe_thread, &a), 0);
	CU_ASSERT_FATAL(wait_for(&hp.plugs, 1));
	CU_ASSERT_EQUAL_FATAL(pthread_create(&tb, NULL, probe_thread, &b), 0);
	usleep(50 * 1000);
	/* Without the lock the second plug would be running by now. */
	CU_ASSERT_EQUAL(atomic_load(&hp.plugs), 1);
	CU_ASSERT_FALSE(atomic_load(&b.done));
	atomic_store(&hp.block_plug, 0);
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	CU_ASSERT_EQUAL(a.ret, 0);
	CU_ASSERT_EQUAL(b.ret, 0);
	CU_ASSERT_EQUAL(atomic_load(&hp.plugs), 2);
	CU_ASSERT_EQUAL(atomic_load(&hp.overlaps), 0);

	CU_ASSERT_EQUAL(rte_dev_remove(find_on("hpbus", "hpdev0")), 0);
	CU_ASSERT_EQUAL(rte_dev_remove(find_on("hpbus", "hpdev1")), 0);
	CU_ASSERT_EQUAL(hp.n, 0);
	CU_ASSERT_EQUAL(devargs_total(), 0);
}

/* rte_eal_cleanup waits for a running hotplug, then removes what it plugged. */
static void test_cleanup_waits_for_probe(void)
{
	hp_reset();
	CU_ASSERT_EQUAL_FATAL(init_args(NULL), 1);
	atomic_store(&hp.block_plug, 1);
	struct probe_call a = {.devargs = "hpdev0"}, c = {0};
	pthread_t ta, tc;
	CU_ASSERT_EQUAL_FATAL(pthread_create(&ta, NULL, probe_thread, &a), 0);
	CU_ASSERT_FATAL(wait_for(&hp.plugs, 1));
	CU_ASSERT_EQUAL_FATAL(pthread_create(&tc, NULL, cleanup_thread, &c), 0);
	usleep(50 * 1000);
	CU_ASSERT_EQUAL(atomic_load(&hp.cleanups), 0);
	CU_ASSERT_FALSE(atomic_load(&c.done));
	atomic_store(&hp.block_plug, 0);
	pthread_join(ta, NULL);
	pthread_join(tc, NULL);
	CU_ASSERT_EQUAL(a.ret, 0);
	CU_ASSERT_EQUAL(c.ret, 0);
	CU_ASSERT_EQUAL(atomic_load(&hp.cleanups), 1);
	CU_ASSERT_EQUAL(atomic_load(&hp.overlaps), 0);
	CU_ASSERT_EQUAL(hp.n, 0);
	CU_ASSERT_EQUAL(devargs_total(), 0);
}

/* rte_dev_probe waits for a running rte_eal_init to finish probing. */
static void test_probe_waits_for_init(void)
{
	hp_reset();
	atomic_store(&hp.block_probe, 1);
	struct probe_call i = {0}, a = {.devargs = "hpdev2"};
	pthread_t ti, ta;
	CU_ASSERT_EQUAL_FATAL(pthread_create(&ti, NULL, init_thread, &i), 0);
	CU_ASSERT_FATAL(wait_for(&hp.in_probe, 1));
	CU_ASSERT_EQUAL_FATAL(pthread_create(&ta, NULL, probe_thread, &a), 0);
	usleep(50 * 1000);
	CU_ASSERT_EQUAL(atomic_load(&hp.plugs), 0);
	CU_ASSERT_FALSE(atomic_load(&a.done));
	atomic_store(&hp.block_probe, 0);
	pthread_join(ti, NULL);
	pthread_join(ta, NULL);
	CU_ASSERT_EQUAL(i.ret, 1);
	CU_ASSERT_EQUAL(a.ret, 0);
	CU_ASSERT_EQUAL(atomic_load(&hp.overlaps), 0);
	CU_ASSERT_TRUE(rte_dev_is_probed(find_on("hpbus", "hpdev2")));
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
	CU_ASSERT_EQUAL(hp.n, 0);
	CU_ASSERT_EQUAL(devargs_total(), 0);
}

/* An interrupt callback calling rte_dev_probe while the lock is taken. */
static struct {
	int efd;
	int ret;
	int err;
	_Atomic int done;
} cb;

static void probe_from_cb(void *arg)
{
	RTE_SET_USED(arg);
	uint64_t v;
	if (read(cb.efd, &v, sizeof(v)) != sizeof(v))
		return;
	rte_errno = 0;
	cb.ret = rte_dev_probe("hpdev3");
	cb.err = rte_errno;
	atomic_store(&cb.done, 1);
}

static void fire_and_wait(void *arg)
{
	RTE_SET_USED(arg);
	uint64_t one = 1;
	atomic_store(&cb.done, 0);
	if (write(cb.efd, &one, sizeof(one)) == (ssize_t)sizeof(one))
		wait_for(&cb.done, 1);
}

/*
 * The callback does not wait for the hotplug lock (the holder could be rte_eal_cleanup
 * joining the interrupt thread): it gets EBUSY at once, with one line, and succeeds once the
 * lock is free.
 */
static void test_intr_callback_gets_ebusy(void)
{
	hp_reset();
	int threads = test_count_threads();
	int fds = test_count_fds();
	struct rte_intr_handle *h = rte_intr_instance_alloc(RTE_INTR_INSTANCE_F_PRIVATE);
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	cb.efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	CU_ASSERT_FATAL(cb.efd >= 0);
	rte_intr_fd_set(h, cb.efd);
	rte_intr_type_set(h, RTE_INTR_HANDLE_EXT);
	CU_ASSERT_EQUAL_FATAL(rte_intr_callback_register(h, probe_from_cb, NULL), 0);

	atomic_store(&hp.block_plug, 1);
	struct probe_call a = {.devargs = "hpdev0"};
	pthread_t ta;
	CU_ASSERT_EQUAL_FATAL(pthread_create(&ta, NULL, probe_thread, &a), 0);
	CU_ASSERT_FATAL(wait_for(&hp.plugs, 1));
	char *log = test_capture_log(fire_and_wait, NULL);
	CU_ASSERT_TRUE(atomic_load(&cb.done));
	CU_ASSERT_EQUAL(cb.ret, -EBUSY);
	CU_ASSERT_EQUAL(cb.err, EBUSY);
	CU_ASSERT_STRING_EQUAL(log,
			       "lib.eal.dev: cannot hotplug \"hpdev3\" from an interrupt "
			       "callback now: another hotplug, rte_eal_init or rte_eal_cleanup "
			       "is running (retry later, or from another thread)\n");
	free(log);
	CU_ASSERT_EQUAL(atomic_load(&hp.plugs), 1);
	atomic_store(&hp.block_plug, 0);
	pthread_join(ta, NULL);
	CU_ASSERT_EQUAL(a.ret, 0);

	/* Free lock: the callback's hotplug works. */
	log = test_capture_log(fire_and_wait, NULL);
	CU_ASSERT_EQUAL(cb.ret, 0);
	CU_ASSERT_STRING_EQUAL(log, "");
	free(log);
	CU_ASSERT_TRUE(rte_dev_is_probed(find_on("hpbus", "hpdev3")));

	CU_ASSERT(rte_intr_callback_unregister_sync(h, probe_from_cb, NULL) >= 0);
	rte_intr_instance_free(h);
	close(cb.efd);
	CU_ASSERT_EQUAL(rte_dev_remove(find_on("hpbus", "hpdev0")), 0);
	CU_ASSERT_EQUAL(rte_dev_remove(find_on("hpbus", "hpdev3")), 0);
	CU_ASSERT_EQUAL(devargs_total(), 0);
	/* The interrupt thread started for the callback; cleanup stops it. */
	CU_ASSERT_EQUAL(init_args(NULL), 1);
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
	CU_ASSERT_EQUAL(test_count_threads(), threads);
	CU_ASSERT_EQUAL(test_count_fds(), fds);
}

/*
 * The stress test. Every worker counts its own failures; the log must stay empty (each
 * failure would log a line).
 */
#define STRESS_ITERATIONS 10000
#define STRESS_NAMES 6

static _Atomic int stress_stop;
static _Atomic int stress_failures;

static void stress_fail(const char *what, const char *name, int ret)
{
	if (atomic_fetch_add(&stress_failures, 1) < 5)
		fprintf(stderr, "\n  %s %s: %d (%s)", what, name, ret, rte_strerror(-ret));
}

/* rte_dev_probe then rte_dev_remove of net_null_h<id>_<k>. */
static void *stress_hotplug(void *arg)
{
	int id = (int)(intptr_t)arg;
	char name[32], devargs[48];
	for (int i = 0; i < STRESS_ITERATIONS; i++) {
		snprintf(name, sizeof(name), "net_null_h%d_%d", id, i % STRESS_NAMES);
		snprintf(devargs, sizeof(devargs), "%s,size=64", name);
		int ret = rte_dev_probe(devargs);
		if (ret != 0) {
			stress_fail("rte_dev_probe", name, ret);
			continue;
		}
		struct rte_device *dev = find_on("vdev", name);
		ret = dev != NULL ? rte_dev_remove(dev) : -ENODEV;
		if (ret != 0)
			stress_fail("rte_dev_remove", name, ret);
	}
	return NULL;
}

/* rte_vdev_init then rte_vdev_uninit of net_null_v<id>_<k>. */
static void *stress_vdev(void *arg)
{
	int id = (int)(intptr_t)arg;
	char name[32];
	for (int i = 0; i < STRESS_ITERATIONS; i++) {
		snprintf(name, sizeof(name), "net_null_v%d_%d", id, i % STRESS_NAMES);
		int ret = rte_vdev_init(name, "size=32");
		if (ret != 0) {
			stress_fail("rte_vdev_init", name, ret);
			continue;
		}
		ret = rte_vdev_uninit(name);
		if (ret != 0)
			stress_fail("rte_vdev_uninit", name, ret);
	}
	return NULL;
}

static int any_bus(const struct rte_bus *bus, const void *data)
{
	RTE_SET_USED(bus);
	RTE_SET_USED(data);
	return 0;
}

/* Names of the registered buses, in order, space-separated. */
static void bus_names(char *buf, size_t len)
{
	size_t used = 0;
	buf[0] = '\0';
	for (struct rte_bus *b = rte_bus_find(NULL, any_bus, NULL); b != NULL && used < len;
	     b = rte_bus_find(b, any_bus, NULL))
		used += (size_t)snprintf(buf + used, len - used, "%s ", rte_bus_name(b));
}

static struct rte_device *dummy_find(const struct rte_device *start, rte_dev_cmp_t cmp,
				     const void *data)
{
	RTE_SET_USED(start);
	RTE_SET_USED(cmp);
	RTE_SET_USED(data);
	return NULL;
}

static int dummy_op(void)
{
	return 0;
}

static struct rte_bus dummy1 = {
    .name = "hpdummy1", .scan = dummy_op, .probe = dummy_op, .find_device = dummy_find};
static struct rte_bus dummy2 = {
    .name = "hpdummy2", .scan = dummy_op, .probe = dummy_op, .find_device = dummy_find};

/* Moves two buses to the end of the registry, again and again, until told to stop. */
static void *stress_registry(void *arg)
{
	RTE_SET_USED(arg);
	while (!atomic_load(&stress_stop)) {
		rte_bus_unregister(&dummy1);
		rte_bus_register(&dummy1);
		rte_bus_unregister(&dummy2);
		rte_bus_register(&dummy2);
	}
	return NULL;
}

/* Walks the registry and the devargs list while the others change them. */
static void *stress_reader(void *arg)
{
	RTE_SET_USED(arg);
	while (!atomic_load(&stress_stop)) {
		bool vdev = false;
		for (struct rte_bus *b = rte_bus_find(NULL, any_bus, NULL); b != NULL;
		     b = rte_bus_find(b, any_bus, NULL))
			vdev = vdev || b == rte_bus_find_by_name("vdev");
		if (!vdev)
			stress_fail("registry walk", "vdev", -ENOENT);
		if (rte_devargs_type_count(RTE_DEVTYPE_VIRTUAL) > 4 * STRESS_NAMES)
			stress_fail("devargs count", "VIRTUAL", -E2BIG);
	}
	return NULL;
}

static void stress_run(void *arg)
{
	RTE_SET_USED(arg);
	pthread_t workers[4], others[2];
	atomic_store(&stress_stop, 0);
	atomic_store(&stress_failures, 0);
	pthread_create(&others[0], NULL, stress_registry, NULL);
	pthread_create(&others[1], NULL, stress_reader, NULL);
	for (int i = 0; i < 2; i++) {
		pthread_create(&workers[2 * i], NULL, stress_hotplug, (void *)(intptr_t)i);
		pthread_create(&workers[2 * i + 1], NULL, stress_vdev, (void *)(intptr_t)i);
	}
	for (int i = 0; i < 4; i++)
		pthread_join(workers[i], NULL);
	atomic_store(&stress_stop, 1);
	for (int i = 0; i < 2; i++)
		pthread_join(others[i], NULL);
}

static void test_stress(void)
{
	hp_reset();
	int threads = test_count_threads();
	int fds = test_count_fds();
	char before[256], after[256];
	rte_bus_register(&dummy1);
	rte_bus_register(&dummy2);
	bus_names(before, sizeof(before));

	CU_ASSERT_EQUAL_FATAL(init_args("--vdev=net_null_init0"), 2);
	char *log = test_capture_log(stress_run, NULL);
	CU_ASSERT_EQUAL(atomic_load(&stress_failures), 0);
	CU_ASSERT_STRING_EQUAL(log, "");
	free(log);

	/* Only init's device and devargs are left; the registry holds each bus once. */
	CU_ASSERT_EQUAL(rte_devargs_type_count(RTE_DEVTYPE_VIRTUAL), 1);
	struct rte_dev_iterator it;
	struct rte_device *dev;
	unsigned int n = 0;
	RTE_DEV_FOREACH(dev, "bus=vdev", &it)
	{
		n++;
	}
	CU_ASSERT_EQUAL(n, 1);
	CU_ASSERT_TRUE(rte_dev_is_probed(find_on("vdev", "net_null_init0")));
	bus_names(after, sizeof(after));
	CU_ASSERT_STRING_EQUAL(after, before);
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
	CU_ASSERT_EQUAL(devargs_total(), 0);
	rte_bus_unregister(&dummy1);
	rte_bus_unregister(&dummy2);
	CU_ASSERT_EQUAL(test_count_threads(), threads);
	CU_ASSERT_EQUAL(test_count_fds(), fds);
}

/* The PCI bus linked in scans the empty tree test_util gives every test. */
static int suite_init(void)
{
	rte_bus_register(&hp_bus);
	return rte_bus_find_by_name("hpbus") == &hp_bus ? 0 : -1;
}

static int suite_clean(void)
{
	rte_bus_unregister(&hp_bus);
	return 0;
}

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	CU_pSuite s = CU_add_suite("eal_hotplug", suite_init, suite_clean);
	CU_add_test(s, "a hotplug waits for another", test_probe_waits_for_probe);
	CU_add_test(s, "cleanup waits for a hotplug", test_cleanup_waits_for_probe);
	CU_add_test(s, "a hotplug waits for init", test_probe_waits_for_init);
	CU_add_test(s, "an interrupt callback gets EBUSY", test_intr_callback_gets_ebusy);
	CU_add_test(s, "hotplug, vdev init/uninit and bus registrations in threads", test_stress);
	return test_run_registry();
}
