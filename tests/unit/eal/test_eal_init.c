/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rte_eal_init / rte_eal_cleanup: consumed counts, the committed configuration, repeated
 * cycles, and failures at every step (options, devargs, bus scan, bus probe) leaving no fd,
 * thread, devargs, device or log setting behind. A test bus injects scan/probe failures.
 */

#include <CUnit/Basic.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bus_driver.h>
#include <rte_bus.h>
#include <rte_dev.h>
#include <rte_devargs.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_interrupts.h>
#include <rte_log.h>
#include <rte_malloc.h>
#include <rte_vfio.h>
#include <sys/eventfd.h>

#include "test_util.h"

/*
 * A bus with no devices whose scan and probe fail on demand and which counts its calls. With
 * dma, its probe records a DMA mapping in the default VFIO container (no vfio node is needed
 * for that) and its cleanup removes it, as a PCI driver's remove would.
 */
#define FAKE_DMA_LEN (2u << 20)
static uint8_t fake_dma_mem[FAKE_DMA_LEN] __attribute__((aligned(4096)));
#define FAKE_DMA_VA ((uint64_t)(uintptr_t)fake_dma_mem)
#define FAKE_DMA_IOVA 0x40000000ull

static struct {
	int scan_ret;
	int probe_ret;
	int scans;
	int probes;
	int cleanups;
	enum rte_iova_mode iommu_class;
	bool dma;
	bool dma_leak; /* cleanup leaves the mapping */
	int map_ret;   /* the probe's map */
	int unmap_ret; /* the cleanup's unmap */
} fake;

static int fake_scan(void)
{
	fake.scans++;
	return fake.scan_ret;
}

static int fake_probe(void)
{
	fake.probes++;
	if (fake.dma)
		fake.map_ret = rte_vfio_container_dma_map(RTE_VFIO_DEFAULT_CONTAINER_FD,
							  FAKE_DMA_VA, FAKE_DMA_IOVA, FAKE_DMA_LEN);
	return fake.probe_ret;
}

static struct rte_device *fake_find_device(const struct rte_device *start, rte_dev_cmp_t cmp,
					   const void *data)
{
	RTE_SET_USED(start);
	RTE_SET_USED(cmp);
	RTE_SET_USED(data);
	return NULL;
}

static int fake_cleanup(void)
{
	fake.cleanups++;
	if (fake.dma && !fake.dma_leak)
		fake.unmap_ret = rte_vfio_container_dma_unmap(
		    RTE_VFIO_DEFAULT_CONTAINER_FD, FAKE_DMA_VA, FAKE_DMA_IOVA, FAKE_DMA_LEN);
	return 0;
}

static enum rte_iova_mode fake_iommu_class(void)
{
	return fake.iommu_class;
}

static struct rte_bus fake_bus = {
    .name = "testfake",
    .scan = fake_scan,
    .probe = fake_probe,
    .find_device = fake_find_device,
    .cleanup = fake_cleanup,
    .get_iommu_class = fake_iommu_class,
};

static void fake_reset(void)
{
	memset(&fake, 0, sizeof(fake));
}

#define MAX_ARGS 16

struct init_call {
	const char *args[MAX_ARGS];
	int ret;
	int err;
};

static void init_fn(void *arg)
{
	struct init_call *c = arg;
	char *argv[MAX_ARGS + 1] = {"prog"};
	int argc = 1;
	for (int i = 0; c->args[i] != NULL; i++)
		argv[argc++] = (char *)(uintptr_t)c->args[i];
	rte_errno = 0;
	c->ret = rte_eal_init(argc, argv);
	c->err = rte_errno;
}

/* Run rte_eal_init on args (argv[0] added) and return its log output. */
static char *eal_init(struct init_call *c)
{
	char *log = test_capture_log(init_fn, c);
	CU_ASSERT_PTR_NOT_NULL(log);
	return log;
}

static struct rte_device *find_device(const char *name)
{
	struct rte_dev_iterator it;
	struct rte_device *dev;
	RTE_DEV_FOREACH(dev, NULL, &it)
	{
		if (strcmp(rte_dev_name(dev), name) == 0)
			return dev;
	}
	return NULL;
}

static unsigned int devargs_total(void)
{
	return rte_devargs_type_count(RTE_DEVTYPE_ALLOWED) +
	       rte_devargs_type_count(RTE_DEVTYPE_BLOCKED) +
	       rte_devargs_type_count(RTE_DEVTYPE_VIRTUAL);
}

static void expect_defaults(void)
{
	rte_uuid_t token;
	CU_ASSERT_EQUAL(rte_eal_process_type(), RTE_PROC_PRIMARY);
	CU_ASSERT_EQUAL(rte_eal_has_pci(), 1);
	CU_ASSERT_EQUAL(rte_eal_iova_mode(), RTE_IOVA_DC);
	CU_ASSERT_EQUAL(rte_eal_vfio_intr_mode(), RTE_INTR_MODE_NONE);
	memset(token, 0xff, sizeof(token));
	rte_eal_vfio_get_vf_token(token);
	CU_ASSERT_TRUE(rte_uuid_is_null(token));
	CU_ASSERT_EQUAL(devargs_total(), 0);
	CU_ASSERT_PTR_NULL(find_device("net_null0"));
}

static void test_init_commits_config(void)
{
	expect_defaults();
	struct init_call c = {.args = {"--no-pci", "--vdev", "net_null0,size=64", "--iova-mode=va",
				       "--vfio-intr", "msix", "--vfio-vf-token",
				       "14d63f20-8445-11ea-8900-1f9ce7d5650d", "--", "app-arg",
				       NULL}};
	char *log = eal_init(&c);
	CU_ASSERT_EQUAL(c.ret, 9); /* 8 option entries and "--", not argv[0] */
	CU_ASSERT_STRING_EQUAL(log, "");
	free(log);

	CU_ASSERT_EQUAL(rte_eal_has_pci(), 0);
	CU_ASSERT_EQUAL(rte_eal_iova_mode(), RTE_IOVA_VA);
	CU_ASSERT_EQUAL(rte_eal_vfio_intr_mode(), RTE_INTR_MODE_MSIX);
	rte_uuid_t token, expect;
	rte_uuid_parse("14d63f20-8445-11ea-8900-1f9ce7d5650d", expect);
	rte_eal_vfio_get_vf_token(token);
	CU_ASSERT_EQUAL(rte_uuid_compare(token, expect), 0);
	CU_ASSERT_EQUAL(rte_devargs_type_count(RTE_DEVTYPE_VIRTUAL), 1);

	struct rte_device *dev = find_device("net_null0");
	CU_ASSERT_PTR_NOT_NULL_FATAL(dev);
	CU_ASSERT_TRUE(rte_dev_is_probed(dev));
	CU_ASSERT_STRING_EQUAL(rte_driver_name(rte_dev_driver(dev)), "net_null");
	CU_ASSERT_EQUAL(fake.scans, 1);
	CU_ASSERT_EQUAL(fake.probes, 1);

	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
	CU_ASSERT_EQUAL(fake.cleanups, 1);
	expect_defaults();
	fake_reset();
}

static void init_null_argv_fn(void *arg)
{
	struct init_call *c = arg;
	rte_errno = 0;
	c->ret = rte_eal_init(2, NULL);
	c->err = rte_errno;
}

static void init_bad_argv_fn(void *argv)
{
	CU_ASSERT_EQUAL(rte_eal_init(4, argv), -1);
}

static void test_init_no_args(void)
{
	char *argv[] = {"prog", NULL};
	CU_ASSERT_EQUAL(rte_eal_init(1, argv), 0);
	CU_ASSERT_STRING_EQUAL(argv[0], "prog");
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
	CU_ASSERT_EQUAL(rte_eal_init(0, NULL), 0);
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
	struct init_call bad = {.args = {NULL}};
	char *log = test_capture_log(init_null_argv_fn, &bad);
	CU_ASSERT_EQUAL(bad.ret, -1);
	CU_ASSERT_EQUAL(bad.err, EINVAL);
	CU_ASSERT_STRING_EQUAL(log, "lib.eal: rte_eal_init: argc is 2 but argv is NULL\n");
	free(log);
	fake_reset();
}

/*
 * The DPDK idiom: shift argv by the return value and parse the application's arguments from
 * argv[0] = program name. argv is a writable copy, as main()'s is.
 */
static void test_init_argv_shift(void)
{
	char *with[] = {"myapp", "--no-pci", "--vdev", "net_null0", "--", "-x", "app-arg", NULL};
	int argc = 7;
	char **argv = with;
	int ret = rte_eal_init(argc, argv);
	CU_ASSERT_EQUAL_FATAL(ret, 4); /* --no-pci, --vdev, net_null0, -- */
	argc -= ret;
	argv += ret;
	CU_ASSERT_EQUAL(argc, 3);
	CU_ASSERT_STRING_EQUAL(argv[0], "myapp");
	CU_ASSERT_STRING_EQUAL(argv[1], "-x");
	CU_ASSERT_STRING_EQUAL(argv[2], "app-arg");
	CU_ASSERT_PTR_NULL(argv[3]);
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);

	/* Without "--" nothing is left but the program name. */
	char *without[] = {"myapp", "--no-pci", "--vdev=net_null0", NULL};
	argc = 3;
	argv = without;
	ret = rte_eal_init(argc, argv);
	CU_ASSERT_EQUAL_FATAL(ret, 2);
	argc -= ret;
	argv += ret;
	CU_ASSERT_EQUAL(argc, 1);
	CU_ASSERT_STRING_EQUAL(argv[0], "myapp");
	CU_ASSERT_PTR_NULL(argv[1]);
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);

	/* "--" alone: it is the one EAL argument, and the application gets what follows. */
	char *dashes[] = {"myapp", "--", "--no-pci", NULL};
	argc = 3;
	argv = dashes;
	ret = rte_eal_init(argc, argv);
	CU_ASSERT_EQUAL_FATAL(ret, 1);
	argc -= ret;
	argv += ret;
	CU_ASSERT_EQUAL(argc, 2);
	CU_ASSERT_STRING_EQUAL(argv[0], "myapp");
	CU_ASSERT_STRING_EQUAL(argv[1], "--no-pci");
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);

	/* An init that fails after parsing leaves argv alone. */
	char *bad[] = {"myapp", "--no-pci", "--vdev", "nosuch0", NULL};
	free(test_capture_log(init_bad_argv_fn, bad));
	CU_ASSERT_STRING_EQUAL(bad[0], "myapp");
	CU_ASSERT_STRING_EQUAL(bad[1], "--no-pci");
	CU_ASSERT_STRING_EQUAL(bad[2], "--vdev");
	CU_ASSERT_STRING_EQUAL(bad[3], "nosuch0");
	expect_defaults();
	fake_reset();
}

/*
 * Without --iova-mode the buses decide (the decision table, tests/unit/iova, has every case);
 * before init and after cleanup it is DC.
 */
static void test_iova_from_buses(void)
{
	fake.iommu_class = RTE_IOVA_VA;
	struct init_call c = {.args = {"--no-pci", NULL}};
	free(eal_init(&c));
	CU_ASSERT_EQUAL(c.ret, 1);
	CU_ASSERT_EQUAL(rte_eal_iova_mode(), RTE_IOVA_VA);
	rte_eal_cleanup();
	CU_ASSERT_EQUAL(rte_eal_iova_mode(), RTE_IOVA_DC);

	/* The option overrides the buses. */
	fake.iommu_class = RTE_IOVA_PA;
	struct init_call o = {.args = {"--no-pci", "--iova-mode", "va", NULL}};
	free(eal_init(&o));
	CU_ASSERT_EQUAL(o.ret, 3);
	CU_ASSERT_EQUAL(rte_eal_iova_mode(), RTE_IOVA_VA);
	rte_eal_cleanup();
	fake_reset();
}

static void test_second_init_refused(void)
{
	struct init_call c = {.args = {"--no-pci", "--vdev", "net_null0", NULL}};
	free(eal_init(&c));
	CU_ASSERT_EQUAL_FATAL(c.ret, 3);

	struct init_call again = {.args = {"--no-pci", "--vdev", "net_null1", NULL}};
	char *log = eal_init(&again);
	CU_ASSERT_EQUAL(again.ret, -1);
	CU_ASSERT_EQUAL(again.err, EALREADY);
	CU_ASSERT_STRING_EQUAL(log,
			       "lib.eal: rte_eal_init: already initialised (call rte_eal_cleanup "
			       "first)\n");
	free(log);
	/* The first init is untouched. */
	CU_ASSERT_PTR_NOT_NULL(find_device("net_null0"));
	CU_ASSERT_PTR_NULL(find_device("net_null1"));
	CU_ASSERT_EQUAL(rte_eal_has_pci(), 0);

	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
	/* Cleanup with nothing initialised is harmless. */
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
	expect_defaults();
	fake_reset();
}

static void test_cycles(void)
{
	int fds = test_count_fds();
	int threads = test_count_threads();
	for (int i = 0; i < 5; i++) {
		struct init_call c = {.args = {"--no-pci", "--vdev", "net_null0,size=128", "--vdev",
					       "net_null1", NULL}};
		char *log = eal_init(&c);
		CU_ASSERT_EQUAL(c.ret, 5);
		CU_ASSERT_STRING_EQUAL(log, "");
		free(log);
		CU_ASSERT_TRUE(rte_dev_is_probed(find_device("net_null0")));
		CU_ASSERT_TRUE(rte_dev_is_probed(find_device("net_null1")));
		CU_ASSERT_EQUAL(rte_devargs_type_count(RTE_DEVTYPE_VIRTUAL), 2);
		CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
		CU_ASSERT_EQUAL(fake.cleanups, i + 1);
		expect_defaults();
	}
	CU_ASSERT_EQUAL(test_count_fds(), fds);
	CU_ASSERT_EQUAL(test_count_threads(), threads);
	fake_reset();
}

/* Runs fn with stdout sent to a temporary file; returns what it printed (malloc'd). */
static char *capture_stdout(void (*fn)(void *), void *arg)
{
	fflush(stdout);
	int saved = dup(STDOUT_FILENO);
	FILE *tmp = tmpfile();
	if (saved < 0 || tmp == NULL)
		return NULL;
	dup2(fileno(tmp), STDOUT_FILENO);
	fn(arg);
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);

	/* Written through the descriptor, so the FILE's own position knows nothing of it. */
	off_t len = lseek(fileno(tmp), 0, SEEK_END);
	if (len < 0)
		len = 0;
	char *text = calloc(1, (size_t)len + 1);
	if (text != NULL && pread(fileno(tmp), text, (size_t)len, 0) != len)
		text[0] = '\0';
	fclose(tmp);
	return text;
}

static void init_quiet_fn(void *arg)
{
	free(eal_init(arg));
}

static void test_help_cancels(void)
{
	struct init_call c = {.args = {"--vdev", "net_null0", "-h", NULL}};
	char *out = capture_stdout(init_quiet_fn, &c);
	CU_ASSERT_EQUAL(c.ret, -1);
	CU_ASSERT_EQUAL(c.err, ECANCELED);
	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	CU_ASSERT_EQUAL(strncmp(out, "EAL options", 11), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "--vfio-vf-token UUID"));
	free(out);
	/* Nothing was done: no devargs, no device, and init works afterwards. */
	expect_defaults();
	CU_ASSERT_EQUAL(fake.scans, 0);

	struct init_call v = {.args = {"-v", "--no-pci", NULL}};
	out = capture_stdout(init_quiet_fn, &v);
	CU_ASSERT_EQUAL(v.ret, 2);
	char expect[64];
	snprintf(expect, sizeof(expect), "%s\n", rte_version());
	CU_ASSERT_STRING_EQUAL(out, expect);
	CU_ASSERT_EQUAL(strncmp(rte_version(), "openeal ", 8), 0);
	free(out);
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
	fake_reset();
}

struct resources {
	int fds;
	int threads;
	unsigned int devargs;
	int eal_level;
	uint32_t global_level;
};

static struct resources resources_now(void)
{
	return (struct resources){
	    .fds = test_count_fds(),
	    .threads = test_count_threads(),
	    .devargs = devargs_total(),
	    .eal_level = rte_log_get_level(RTE_LOGTYPE_EAL),
	    .global_level = rte_log_get_global_level(),
	};
}

static void expect_unchanged(const struct resources *before)
{
	struct resources now = resources_now();
	CU_ASSERT_EQUAL(now.fds, before->fds);
	CU_ASSERT_EQUAL(now.threads, before->threads);
	CU_ASSERT_EQUAL(now.devargs, before->devargs);
	CU_ASSERT_EQUAL(now.eal_level, before->eal_level);
	CU_ASSERT_EQUAL(now.global_level, before->global_level);
	expect_defaults();
}

/* A failed init, then a good one: the failure did not block the retry. */
static void expect_retry_works(void)
{
	struct init_call ok = {.args = {"--no-pci", "--vdev", "net_null0", NULL}};
	free(eal_init(&ok));
	CU_ASSERT_EQUAL(ok.ret, 3);
	CU_ASSERT_TRUE(rte_dev_is_probed(find_device("net_null0")));
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
}

static void test_fail_bad_option(void)
{
	struct resources before = resources_now();
	struct init_call c = {.args = {"--no-pci", "--vdev", "net_null0", "--bogus", NULL}};
	char *log = eal_init(&c);
	CU_ASSERT_EQUAL(c.ret, -1);
	CU_ASSERT_EQUAL(c.err, EINVAL);
	CU_ASSERT_STRING_EQUAL(log,
			       "lib.eal: unknown option '--bogus' (-h lists the EAL options)\n");
	free(log);
	CU_ASSERT_EQUAL(fake.scans, 0);
	expect_unchanged(&before);
	expect_retry_works();
	fake_reset();
}

/* The vdev devargs are in, then -a names a device no bus knows: everything is undone. */
static void test_fail_after_devargs(void)
{
	struct resources before = resources_now();
	struct init_call c = {.args = {"--log-level", "lib.*:debug", "--log-level", "4", "--vdev",
				       "net_null0", "-a", "no_such_device_xyz", NULL}};
	char *log = eal_init(&c);
	CU_ASSERT_EQUAL(c.ret, -1);
	CU_ASSERT_EQUAL(c.err, EINVAL);
	/* One line: the option, its value and the reason (the devargs layer logs nothing). */
	CU_ASSERT_STRING_EQUAL(log, "lib.eal: -a/--allow 'no_such_device_xyz': no bus recognises "
				    "device \"no_such_device_xyz\" (name its bus as "
				    "\"BUS:no_such_device_xyz\", or link the driver that handles "
				    "it)\n");
	free(log);
	CU_ASSERT_EQUAL(fake.scans, 0);
	/* The log levels the options set are back too. */
	expect_unchanged(&before);
	int later = rte_log_register_type_and_pick_level("lib.test_after_fail", RTE_LOG_NOTICE);
	CU_ASSERT_EQUAL(rte_log_get_level((uint32_t)later), (int)RTE_LOG_NOTICE);
	expect_retry_works();
	fake_reset();
}

/* Every refused device option: exactly one line naming the option, its value and why. */
static void test_fail_device_option_one_line(void)
{
	static const struct {
		const char *opt;
		const char *value;
		const char *line;
	} cases[] = {
	    {"--vdev", "nosuch0",
	     "lib.eal: --vdev 'nosuch0': no vdev driver claims this name (a vdev driver claims the "
	     "names it prefixes: net_null claims net_null0)\n"},
	    {"--vdev", "vdev:nosuch0",
	     "lib.eal: --vdev 'vdev:nosuch0': bus \"vdev\" does not recognise device name "
	     "\"nosuch0\"\n"},
	    {"-a", "nosuch",
	     "lib.eal: -a/--allow 'nosuch': no bus recognises device \"nosuch\" (name its bus as "
	     "\"BUS:nosuch\", or link the driver that handles it)\n"},
	    {"-b", "bus=nope,x=1", "lib.eal: -b/--block 'bus=nope,x=1': no bus named \"nope\"\n"},
	    {"--allow", "bus=vdev",
	     "lib.eal: -a/--allow 'bus=vdev': no device name (add the address key of bus "
	     "\"vdev\", e.g. \"addr=\")\n"},
	    {"--vdev", "vdev:,k=v", "lib.eal: --vdev 'vdev:,k=v': empty device name\n"},
	};
	struct resources before = resources_now();
	for (size_t i = 0; i < RTE_DIM(cases); i++) {
		struct init_call c = {.args = {"--no-pci", "--vdev", "net_null0", cases[i].opt,
					       cases[i].value, NULL}};
		char *log = eal_init(&c);
		CU_ASSERT_EQUAL(c.ret, -1);
		CU_ASSERT_EQUAL(c.err, EINVAL);
		CU_ASSERT_STRING_EQUAL(log, cases[i].line);
		if (strcmp(log, cases[i].line) != 0)
			fprintf(stderr, "\n  got:      %s  expected: %s", log, cases[i].line);
		free(log);
		expect_unchanged(&before);
	}
	expect_retry_works();
	fake_reset();
}

static void test_fail_scan(void)
{
	struct resources before = resources_now();
	fake.scan_ret = -EIO;
	struct init_call c = {
	    .args = {"--no-pci", "--vdev", "net_null0", "--iova-mode", "pa", NULL}};
	char *log = eal_init(&c);
	CU_ASSERT_EQUAL(c.ret, -1);
	CU_ASSERT_EQUAL(c.err, EIO);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "testfake"));
	free(log);
	CU_ASSERT_EQUAL(fake.probes, 0);
	CU_ASSERT_EQUAL(fake.cleanups, 1); /* unwinding cleaned every bus */
	expect_unchanged(&before);
	fake.scan_ret = 0;
	expect_retry_works();
	fake_reset();
}

static void test_fail_probe(void)
{
	struct resources before = resources_now();
	fake.probe_ret = -ENODEV;
	struct init_call c = {
	    .args = {"--no-pci", "--vdev", "net_null0", "--log-level", "user1:1", NULL}};
	char *log = eal_init(&c);
	CU_ASSERT_EQUAL(c.ret, -1);
	CU_ASSERT_EQUAL(c.err, ENODEV);
	free(log);
	CU_ASSERT_EQUAL(fake.scans, 1);
	CU_ASSERT_EQUAL(fake.cleanups, 1);
	CU_ASSERT_EQUAL(rte_log_get_level(RTE_LOGTYPE_USER1), (int)RTE_LOG_INFO);
	expect_unchanged(&before);
	fake.probe_ret = 0;
	expect_retry_works();
	fake_reset();
}

/* Log levels given to a successful init stay after cleanup: they are logging settings. */
static void test_log_levels_applied(void)
{
	struct init_call c = {
	    .args = {"--no-pci", "--log-level", "user*:debug", "--log-level", "user2:err", NULL}};
	free(eal_init(&c));
	CU_ASSERT_EQUAL(c.ret, 5);
	CU_ASSERT_EQUAL(rte_log_get_level(RTE_LOGTYPE_USER1), (int)RTE_LOG_DEBUG);
	CU_ASSERT_EQUAL(rte_log_get_level(RTE_LOGTYPE_USER2), (int)RTE_LOG_ERR);
	int later = rte_log_register_type_and_pick_level("user.later", RTE_LOG_INFO);
	CU_ASSERT_EQUAL(rte_log_get_level((uint32_t)later), (int)RTE_LOG_DEBUG);
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
	CU_ASSERT_EQUAL(rte_log_get_level(RTE_LOGTYPE_USER1), (int)RTE_LOG_DEBUG);
	rte_log_set_level_pattern("user*", RTE_LOG_INFO);
	fake_reset();
}

static void intr_cb(void *arg)
{
	RTE_SET_USED(arg);
}

static struct {
	int efd;
	_Atomic int done;
	int ret;
	int err;
} from_cb;

/* Runs on the interrupt thread: cleanup there would have the thread join itself. */
static void cleanup_from_cb(void *arg)
{
	RTE_SET_USED(arg);
	uint64_t v;
	if (read(from_cb.efd, &v, sizeof(v)) != sizeof(v))
		return;
	rte_errno = 0;
	from_cb.ret = rte_eal_cleanup();
	from_cb.err = rte_errno;
	from_cb.done = 1;
}

/* Wake the callback and wait for it (the log stream is captured meanwhile). */
static void fire_and_wait(void *arg)
{
	RTE_SET_USED(arg);
	uint64_t one = 1;
	if (write(from_cb.efd, &one, sizeof(one)) != (ssize_t)sizeof(one))
		return;
	for (int i = 0; i < 5000 && !from_cb.done; i++)
		usleep(1000);
}

static void test_cleanup_refused_in_intr_thread(void)
{
	struct init_call c = {.args = {"--no-pci", "--vdev", "net_null0", NULL}};
	free(eal_init(&c));
	CU_ASSERT_EQUAL_FATAL(c.ret, 3);

	struct rte_intr_handle *h = rte_intr_instance_alloc(RTE_INTR_INSTANCE_F_PRIVATE);
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	from_cb.efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	from_cb.done = 0;
	rte_intr_fd_set(h, from_cb.efd);
	rte_intr_type_set(h, RTE_INTR_HANDLE_EXT);
	CU_ASSERT_EQUAL_FATAL(rte_intr_callback_register(h, cleanup_from_cb, NULL), 0);
	char *log = test_capture_log(fire_and_wait, NULL);
	CU_ASSERT_STRING_EQUAL(log, "lib.eal: rte_eal_cleanup: called from an interrupt callback; "
				    "call it from another thread\n");
	free(log);
	CU_ASSERT_TRUE_FATAL(from_cb.done);
	CU_ASSERT_EQUAL(from_cb.ret, -1);
	CU_ASSERT_EQUAL(from_cb.err, EDEADLK);
	/* Refused before touching anything: still initialised, device still probed. */
	CU_ASSERT_TRUE(rte_dev_is_probed(find_device("net_null0")));

	CU_ASSERT(rte_intr_callback_unregister_sync(h, cleanup_from_cb, NULL) >= 0);
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
	expect_defaults();
	rte_intr_instance_free(h);
	close(from_cb.efd);
	fake_reset();
}

static void cleanup_fn(void *arg)
{
	*(int *)arg = rte_eal_cleanup();
}

/* A callback registered after init starts the interrupt thread; cleanup stops and joins it. */
static void test_cleanup_stops_intr_thread(void)
{
	int threads = test_count_threads();
	int fds = test_count_fds();
	struct init_call c = {.args = {"--no-pci", NULL}};
	free(eal_init(&c));
	CU_ASSERT_EQUAL_FATAL(c.ret, 1);
	/* The worker lcores (one per other CPU by default) are threads too. */
	int threads_init = test_count_threads();

	struct rte_intr_handle *h = rte_intr_instance_alloc(RTE_INTR_INSTANCE_F_PRIVATE);
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	int efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	CU_ASSERT_FATAL(efd >= 0);
	rte_intr_fd_set(h, efd);
	rte_intr_type_set(h, RTE_INTR_HANDLE_EXT);
	CU_ASSERT_EQUAL(rte_intr_callback_register(h, intr_cb, NULL), 0);
	CU_ASSERT_EQUAL(test_count_threads(), threads_init + 1);

	/* The callback is left registered on purpose: cleanup releases it too. */
	int ret = -1;
	char *log = test_capture_log(cleanup_fn, &ret);
	CU_ASSERT_EQUAL(ret, 0);
	free(log);
	CU_ASSERT_EQUAL(test_count_threads(), threads);
	rte_intr_instance_free(h);
	close(efd);
	CU_ASSERT_EQUAL(test_count_fds(), fds);
	fake_reset();
}

static void dma_map_fn(void *ret)
{
	*(int *)ret = rte_vfio_container_dma_map(RTE_VFIO_DEFAULT_CONTAINER_FD, FAKE_DMA_VA,
						 FAKE_DMA_IOVA, FAKE_DMA_LEN);
}

static void dma_unmap_fn(void *ret)
{
	*(int *)ret = rte_vfio_container_dma_unmap(RTE_VFIO_DEFAULT_CONTAINER_FD, FAKE_DMA_VA,
						   FAKE_DMA_IOVA, FAKE_DMA_LEN);
}

/* Whether the default container still records the fake bus's mapping (unmapping it if so). */
static bool dma_recorded(void)
{
	int ret = -1;
	free(test_capture_log(dma_unmap_fn, &ret));
	return ret == 0;
}

/*
 * rte_eal_cleanup releases VFIO state after the buses: a bus's cleanup still finds its DMA
 * mapping (its devices unmap on remove), and what nobody released is forgotten afterwards. A
 * process that used no vfio node keeps its fd count.
 */
static void test_cleanup_releases_vfio(void)
{
	int fds = test_count_fds();

	/* The bus unmaps in its cleanup: VFIO cleanup has not run yet at that point. */
	fake.dma = true;
	struct init_call c = {.args = {"--no-pci", NULL}};
	free(eal_init(&c));
	CU_ASSERT_EQUAL_FATAL(c.ret, 1);
	CU_ASSERT_EQUAL(fake.map_ret, 0);
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
	CU_ASSERT_EQUAL(fake.cleanups, 1);
	CU_ASSERT_EQUAL(fake.unmap_ret, 0);
	CU_ASSERT_FALSE(dma_recorded());
	fake_reset();

	/* A mapping made after init and never unmapped is gone after cleanup. */
	free(eal_init(&c));
	CU_ASSERT_EQUAL_FATAL(c.ret, 1);
	int map_ret = -1;
	free(test_capture_log(dma_map_fn, &map_ret));
	CU_ASSERT_EQUAL(map_ret, 0);
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
	CU_ASSERT_FALSE(dma_recorded());
	CU_ASSERT_EQUAL(test_count_fds(), fds);
	fake_reset();
}

/* A failed init releases VFIO state as cleanup does, and after the buses too. */
static void test_failed_init_releases_vfio(void)
{
	int fds = test_count_fds();

	/* The probe maps and fails; the unwinding bus cleanup still finds the mapping. */
	fake.dma = true;
	fake.probe_ret = -ENODEV;
	struct init_call c = {.args = {"--no-pci", NULL}};
	free(eal_init(&c));
	CU_ASSERT_EQUAL(c.ret, -1);
	CU_ASSERT_EQUAL(fake.map_ret, 0);
	CU_ASSERT_EQUAL(fake.cleanups, 1);
	CU_ASSERT_EQUAL(fake.unmap_ret, 0);
	fake_reset();

	/* A mapping the failed probe left behind (its bus does not unmap) is forgotten. */
	fake.dma = true;
	fake.dma_leak = true;
	fake.probe_ret = -ENODEV;
	free(eal_init(&c));
	CU_ASSERT_EQUAL(c.ret, -1);
	CU_ASSERT_EQUAL(fake.map_ret, 0);
	CU_ASSERT_EQUAL(fake.cleanups, 1);
	CU_ASSERT_FALSE(dma_recorded());
	CU_ASSERT_EQUAL(test_count_fds(), fds);
	fake_reset();
}

/* The PCI bus linked in scans the empty tree test_util gives every test. */
static int suite_init(void)
{
	rte_bus_register(&fake_bus);
	return rte_bus_find_by_name("testfake") == &fake_bus ? 0 : -1;
}

static int suite_clean(void)
{
	rte_bus_unregister(&fake_bus);
	return 0;
}

static void malloc_6mb_fn(void *arg)
{
	*(void **)arg = rte_malloc(NULL, 6 << 20, 0);
}

/* --socket-limit caps how far the heap grows on demand (small locked pages here: no hugepages). */
static void test_socket_limit(void)
{
	struct init_call c = {.args = {"--no-pci", "-l", "0", "--socket-limit", "8", NULL}};
	char *log = eal_init(&c);
	CU_ASSERT_EQUAL_FATAL(c.ret, 5);
	free(log);
	void *a = rte_malloc(NULL, 2 << 20, 0);
	void *b = rte_malloc(NULL, 3 << 20, 0);
	CU_ASSERT_PTR_NOT_NULL(a);
	CU_ASSERT_PTR_NOT_NULL(b);
	void *big = NULL;
	log = test_capture_log(malloc_6mb_fn, &big);
	CU_ASSERT_PTR_NULL(big);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "limit or --socket-limit"));
	free(log);
	rte_free(b);
	rte_free(a);
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);

	/* Without it the same allocation succeeds. */
	struct init_call n = {.args = {"--no-pci", "-l", "0", NULL}};
	free(eal_init(&n));
	CU_ASSERT_EQUAL_FATAL(n.ret, 3);
	big = rte_malloc(NULL, 6 << 20, 0);
	CU_ASSERT_PTR_NOT_NULL(big);
	rte_free(big);
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
}

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	CU_pSuite s = CU_add_suite("eal_init", suite_init, suite_clean);
	CU_add_test(s, "init commits the options", test_init_commits_config);
	CU_add_test(s, "init without options", test_init_no_args);
	CU_add_test(s, "argc -= ret; argv += ret", test_init_argv_shift);
	CU_add_test(s, "IOVA mode from the buses", test_iova_from_buses);
	CU_add_test(s, "second init is refused", test_second_init_refused);
	CU_add_test(s, "five init/cleanup cycles", test_cycles);
	CU_add_test(s, "-h cancels, -v continues", test_help_cancels);
	CU_add_test(s, "failed option leaves nothing", test_fail_bad_option);
	CU_add_test(s, "failed devargs leaves nothing", test_fail_after_devargs);
	CU_add_test(s, "one line per refused device option", test_fail_device_option_one_line);
	CU_add_test(s, "failed bus scan leaves nothing", test_fail_scan);
	CU_add_test(s, "failed bus probe leaves nothing", test_fail_probe);
	CU_add_test(s, "log levels from options", test_log_levels_applied);
	CU_add_test(s, "cleanup stops the interrupt thread", test_cleanup_stops_intr_thread);
	CU_add_test(s, "cleanup releases VFIO after the buses", test_cleanup_releases_vfio);
	CU_add_test(s, "failed init releases VFIO after the buses", test_failed_init_releases_vfio);
	CU_add_test(s, "--socket-limit caps growth", test_socket_limit);
	CU_add_test(s, "cleanup refused on the interrupt thread",
		    test_cleanup_refused_in_intr_thread);
	return test_run_registry();
}
