/* SPDX-License-Identifier: BSD-3-Clause */
/* Generic device API: accessors, rte_dev_probe/rte_dev_remove, iteration, DMA map. */
#include <CUnit/CUnit.h>
#include <stdlib.h>
#include <string.h>

#include <rte_dev.h>
#include <rte_devargs.h>
#include <rte_errno.h>

#include "eal_model.h"
#include "fake_bus.h"
#include "model_tests.h"
#include "test_util.h"

FAKE_BUS_DEFINE(fd); /* "fake": fake0..fake3, hotplug, dev_iterate, DMA */
FAKE_BUS_DEFINE(fe); /* "fakee": fe0, fe1; no hotplug, no dev_iterate, no DMA */

static void fresh_buses(void)
{
	rte_bus_unregister(&fd.bus);
	rte_bus_unregister(&fe.bus);
	eal_devargs_free_all();
	fake_bus_setup(&fd, &fd_ops, "fake", "fake");
	fd.dev_names[0] = "fake0";
	fd.dev_names[1] = "fake1";
	fd.dev_names[2] = "fake2";
	fd.dev_names[3] = "fake3";
	fd.attach_devargs = true;
	fake_bus_setup(&fe, &fe_ops, "fakee", "fe");
	fe.dev_names[0] = "fe0";
	fe.dev_names[1] = "fe1";
	fe.bus.plug = NULL;
	fe.bus.unplug = NULL;
	fe.bus.dev_iterate = NULL;
	fe.bus.dma_map = NULL;
	fe.bus.dma_unmap = NULL;
	rte_bus_register(&fd.bus);
	rte_bus_register(&fe.bus);
	fake_events_clear();
}

static int suite_init(void)
{
	fake_registry_stash();
	fresh_buses();
	return fake_registry_size() == 2 ? 0 : 1;
}

static int suite_cleanup(void)
{
	eal_devargs_free_all();
	fake_registry_restore();
	return 0;
}

static unsigned int devargs_count(void)
{
	unsigned int n = 0;
	for (struct rte_devargs *da = rte_devargs_next(NULL, NULL); da != NULL;
	     da = rte_devargs_next(NULL, da))
		n++;
	return n;
}

struct call {
	const char *str;
	struct rte_device *dev;
	int ret;
};

static void probe_fn(void *p)
{
	struct call *c = p;
	c->ret = rte_dev_probe(c->str);
}

static void remove_fn(void *p)
{
	struct call *c = p;
	c->ret = rte_dev_remove(c->dev);
}

/* rte_dev_probe(str) with the log captured: its result, and the log in *log if asked. */
static int probe_logged(const char *str, char **log)
{
	struct call c = {.str = str};
	char *out = test_capture_log(probe_fn, &c);
	if (log != NULL)
		*log = out;
	else
		free(out);
	return c.ret;
}

static void test_accessors(void)
{
	fresh_buses();
	CU_ASSERT_EQUAL_FATAL(rte_bus_scan(), 0);
	struct rte_device *dev = &fd.devs[1];
	CU_ASSERT_STRING_EQUAL(rte_dev_name(dev), "fake1");
	CU_ASSERT_PTR_EQUAL(rte_dev_bus(dev), &fd.bus);
	CU_ASSERT_EQUAL(rte_dev_numa_node(dev), 1);
	CU_ASSERT_PTR_NULL(rte_dev_driver(dev));
	CU_ASSERT_EQUAL(rte_dev_is_probed(dev), 0);
	CU_ASSERT_PTR_NULL(rte_dev_devargs(dev));
	CU_ASSERT_PTR_NULL(rte_dev_bus_info(dev));
	dev->bus_info = "slot 1";
	dev->driver = &fake_driver;
	CU_ASSERT_STRING_EQUAL(rte_dev_bus_info(dev), "slot 1");
	CU_ASSERT_EQUAL(rte_dev_is_probed(dev), 1);
	CU_ASSERT_STRING_EQUAL(rte_driver_name(rte_dev_driver(dev)), "fake_drv");
	CU_ASSERT_PTR_NULL(rte_dev_name(NULL));
	CU_ASSERT_EQUAL(rte_dev_numa_node(NULL), SOCKET_ID_ANY);
	CU_ASSERT_EQUAL(rte_dev_is_probed(NULL), 0);
	CU_ASSERT_PTR_NULL(rte_driver_name(NULL));
	dev->driver = NULL;
	dev->bus_info = NULL;
}

static void test_probe_remove(void)
{
	fresh_buses();
	char *log = NULL;
	CU_ASSERT_EQUAL(rte_dev_probe("fake:fake1,k=v"), 0);
	CU_ASSERT_EQUAL(fd.plugs, 1);
	CU_ASSERT_STRING_EQUAL(fake_events, "fake.scan fake.plug ");
	struct rte_device *dev = &fd.devs[1];
	CU_ASSERT_EQUAL(rte_dev_is_probed(dev), 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(dev->devargs);
	CU_ASSERT_STRING_EQUAL(dev->devargs->args, "k=v");
	CU_ASSERT_EQUAL(devargs_count(), 1);

	/* Already probed: refused before anything changes. */
	CU_ASSERT_EQUAL(probe_logged("fake1,k=w", &log), -EEXIST);
	CU_ASSERT_EQUAL(rte_errno, EEXIST);
	CU_ASSERT_EQUAL(fd.plugs, 1);
	CU_ASSERT_STRING_EQUAL(dev->devargs->args, "k=v");
	CU_ASSERT_EQUAL(devargs_count(), 1);
	CU_ASSERT_EQUAL(count_lines(log), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "cannot hotplug \"fake1\": already probed by driver "
					   "\"fake_drv\""));
	free(log);

	CU_ASSERT_EQUAL(rte_dev_remove(dev), 0);
	CU_ASSERT_EQUAL(fd.unplugs, 1);
	CU_ASSERT_EQUAL(rte_dev_is_probed(dev), 0);
	CU_ASSERT_EQUAL(devargs_count(), 0);

	struct call c = {.dev = dev};
	log = test_capture_log(remove_fn, &c);
	CU_ASSERT_EQUAL(c.ret, -ENOENT);
	CU_ASSERT_EQUAL(fd.unplugs, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "cannot remove \"fake1\": it is not probed"));
	free(log);

	/* And again, now that it is gone. */
	CU_ASSERT_EQUAL(rte_dev_probe("fake1"), 0);
	CU_ASSERT_EQUAL(fd.plugs, 2);
	CU_ASSERT_STRING_EQUAL(dev->devargs->args, "");
	CU_ASSERT_EQUAL(rte_dev_remove(dev), 0);
	CU_ASSERT_EQUAL(devargs_count(), 0);
}

static void test_probe_failures(void)
{
	char *log = NULL;

	fresh_buses();
	CU_ASSERT_EQUAL(probe_logged("fake9", &log), -ENODEV);
	CU_ASSERT_EQUAL(rte_errno, ENODEV);
	CU_ASSERT_EQUAL(count_lines(log), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "cannot hotplug \"fake9\": bus \"fake\" has no such "
					   "device"));
	free(log);
	CU_ASSERT_EQUAL(fd.plugs, 0);
	CU_ASSERT_EQUAL(devargs_count(), 0);

	CU_ASSERT_EQUAL(probe_logged("nobus0,k=v", &log), -EINVAL);
	CU_ASSERT_EQUAL(count_lines(log), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "no bus recognises device \"nobus0\""));
	free(log);
	CU_ASSERT_EQUAL(rte_dev_probe(NULL), -EINVAL);

	CU_ASSERT_EQUAL(probe_logged("fakee:fe0", &log), -ENOTSUP);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "bus \"fakee\" does not support hotplug"));
	free(log);
	CU_ASSERT_EQUAL(devargs_count(), 0);

	/* Scan failure: the devargs go again. */
	fd.attach_devargs = false;
	fd.scan_ret = -EIO;
	CU_ASSERT_EQUAL(probe_logged("fake0", &log), -EIO);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "bus \"fake\" scan failed"));
	free(log);
	CU_ASSERT_EQUAL(devargs_count(), 0);
	fd.scan_ret = 0;

	/* Plug failure, the device not holding the devargs: they go again. */
	fd.plug_ret = -EIO;
	CU_ASSERT_EQUAL(probe_logged("fake3,a=1", &log), -EIO);
	CU_ASSERT_EQUAL(count_lines(log), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "cannot hotplug \"fake3\": probe failed"));
	free(log);
	CU_ASSERT_EQUAL(devargs_count(), 0);
	/* "no driver took it" (positive) becomes -ENOTSUP. */
	fd.plug_ret = 1;
	CU_ASSERT_EQUAL(probe_logged("fake3", NULL), -ENOTSUP);
	CU_ASSERT_EQUAL(devargs_count(), 0);
}

static void test_probe_failure_kept_devargs(void)
{
	fresh_buses();
	/* The scan points fake2 to its devargs: freeing them would leave it dangling. */
	fd.plug_ret = -EIO;
	CU_ASSERT_EQUAL(probe_logged("fake2,a=1", NULL), -EIO);
	struct rte_device *dev = &fd.devs[2];
	CU_ASSERT_EQUAL(rte_dev_is_probed(dev), 0);
	CU_ASSERT_EQUAL(devargs_count(), 1);
	struct rte_devargs *kept = dev->devargs;
	CU_ASSERT_PTR_EQUAL_FATAL(kept, rte_devargs_next("fake", NULL));

	/* A retry replaces them in place and succeeds. */
	fd.plug_ret = 0;
	CU_ASSERT_EQUAL(rte_dev_probe("fake2,a=2"), 0);
	CU_ASSERT_PTR_EQUAL(dev->devargs, kept);
	CU_ASSERT_STRING_EQUAL(dev->devargs->args, "a=2");
	CU_ASSERT_EQUAL(devargs_count(), 1);
	CU_ASSERT_EQUAL(rte_dev_remove(dev), 0);
	CU_ASSERT_EQUAL(devargs_count(), 0);
}

static void test_remove_failures(void)
{
	fresh_buses();
	CU_ASSERT_EQUAL(rte_dev_remove(NULL), -EINVAL);

	CU_ASSERT_EQUAL_FATAL(rte_bus_scan(), 0);
	struct call c = {.dev = &fe.devs[0]};
	fe.devs[0].driver = &fake_driver;
	char *log = test_capture_log(remove_fn, &c);
	CU_ASSERT_EQUAL(c.ret, -ENOTSUP);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "cannot remove \"fe0\": bus \"fakee\" does not support "
					   "hotplug"));
	free(log);
	fe.devs[0].driver = NULL;

	CU_ASSERT_EQUAL_FATAL(rte_dev_probe("fake0,x=1"), 0);
	fd.unplug_ret = -EBUSY;
	c.dev = &fd.devs[0];
	log = test_capture_log(remove_fn, &c);
	CU_ASSERT_EQUAL(c.ret, -EBUSY);
	CU_ASSERT_EQUAL(rte_errno, EBUSY);
	CU_ASSERT_EQUAL(count_lines(log), 1);
	free(log);
	/* Still probed, devargs still there. */
	CU_ASSERT_EQUAL(rte_dev_is_probed(&fd.devs[0]), 1);
	CU_ASSERT_EQUAL(devargs_count(), 1);
	fd.unplug_ret = 0;
	CU_ASSERT_EQUAL(rte_dev_remove(&fd.devs[0]), 0);
	CU_ASSERT_EQUAL(devargs_count(), 0);
}

/* Names of the devices str selects, space-separated; init's result in *init_ret. */
static char *iterate(const char *str, int *init_ret)
{
	static char names[256];
	struct rte_dev_iterator it;
	struct rte_device *dev;

	names[0] = '\0';
	*init_ret = rte_dev_iterator_init(&it, str);
	for (dev = rte_dev_iterator_next(&it); dev != NULL; dev = rte_dev_iterator_next(&it))
		snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s ", dev->name);
	/* Finished iterators stay finished. */
	CU_ASSERT_PTR_NULL(rte_dev_iterator_next(&it));
	return names;
}

struct iter_call {
	const char *str;
	int ret;
	unsigned int n;
};

static void iter_fn(void *p)
{
	struct iter_call *c = p;
	struct rte_dev_iterator it;
	struct rte_device *dev;

	c->n = 0;
	RTE_DEV_FOREACH(dev, c->str, &it)
	c->n++;
	c->ret = rte_dev_iterator_init(&it, c->str);
}

static struct rte_device *iter_next_result;

static void iter_next_fn(void *it)
{
	iter_next_result = rte_dev_iterator_next(it);
}

static void test_iterator(void)
{
	int ret;

	fresh_buses();
	CU_ASSERT_EQUAL_FATAL(rte_bus_scan(), 0);
	CU_ASSERT_STRING_EQUAL(iterate(NULL, &ret), "fake0 fake1 fake2 fake3 fe0 fe1 ");
	CU_ASSERT_EQUAL(ret, 0);
	CU_ASSERT_STRING_EQUAL(iterate("", &ret), "fake0 fake1 fake2 fake3 fe0 fe1 ");
	CU_ASSERT_STRING_EQUAL(iterate("bus=fake", &ret), "fake0 fake1 fake2 fake3 ");
	CU_ASSERT_EQUAL(ret, 0);
	CU_ASSERT_STRING_EQUAL(iterate("bus=fake,name=fake2", &ret), "fake2 ");
	/* Without dev_iterate the bus is walked with find_device. */
	CU_ASSERT_STRING_EQUAL(iterate("bus=fakee", &ret), "fe0 fe1 ");
	CU_ASSERT_EQUAL(ret, 0);

	/* A filter the bus rejects ends the walk with rte_errno set. */
	struct rte_dev_iterator it;
	CU_ASSERT_EQUAL(rte_dev_iterator_init(&it, "bus=fake,colour=red"), 0);
	char *log = test_capture_log(iter_next_fn, &it);
	free(log);
	CU_ASSERT_PTR_NULL(iter_next_result);
	CU_ASSERT_EQUAL(rte_errno, EINVAL);

	static const struct {
		const char *str;
		const char *reason;
	} bad[] = {
	    {"bus=fakee,x=1", "this bus cannot filter devices"},
	    {"bus=nope", "no such bus"},
	    {"class=nocls", "no such device class"},
	    {"bus=fake/class=nocls", "no such device class"},
	    {"bus=fake,name=fake1/driver=x", "expected one \"bus=NAME"},
	    {"name=fake1", "expected one \"bus=NAME"},
	    {"bus=fake/bus=fake", "expected one \"bus=NAME"},
	};
	for (size_t i = 0; i < RTE_DIM(bad); i++) {
		struct iter_call c = {.str = bad[i].str};
		log = test_capture_log(iter_fn, &c);
		CU_ASSERT_EQUAL(c.ret, -EINVAL);
		/* RTE_DEV_FOREACH ignores the init result: it must visit nothing. */
		CU_ASSERT_EQUAL(c.n, 0);
		CU_ASSERT_PTR_NOT_NULL_FATAL(log);
		CU_ASSERT_PTR_NOT_NULL(strstr(log, bad[i].reason));
		free(log);
	}
	CU_ASSERT_EQUAL(rte_dev_iterator_init(NULL, ""), -EINVAL);
	CU_ASSERT_PTR_NULL(rte_dev_iterator_next(NULL));
}

struct dma_call {
	struct rte_device *dev;
	void *addr;
	uint64_t iova;
	size_t len;
	int map, unmap;
};

static void dma_fn(void *p)
{
	struct dma_call *c = p;
	c->map = rte_dev_dma_map(c->dev, c->addr, c->iova, c->len);
	c->unmap = rte_dev_dma_unmap(c->dev, c->addr, c->iova, c->len);
}

static void test_dma(void)
{
	static char buf[4096];

	fresh_buses();
	CU_ASSERT_EQUAL_FATAL(rte_bus_scan(), 0);
	CU_ASSERT_EQUAL(rte_dev_dma_map(&fd.devs[0], buf, 0x1000, sizeof(buf)), 0);
	CU_ASSERT_EQUAL(fd.dma_maps, 1);
	fd.dma_ret = -ENOSPC;
	CU_ASSERT_EQUAL(rte_dev_dma_unmap(&fd.devs[0], buf, 0x1000, sizeof(buf)), -ENOSPC);
	CU_ASSERT_EQUAL(fd.dma_unmaps, 1);

	struct {
		struct rte_device *dev;
		void *addr;
		uint64_t iova;
		size_t len;
		int expect;
	} cases[] = {
	    {&fe.devs[0], buf, 0x1000, sizeof(buf), -ENOTSUP},
	    {NULL, buf, 0x1000, sizeof(buf), -EINVAL},
	    {&fd.devs[0], NULL, 0x1000, sizeof(buf), -EINVAL},
	    {&fd.devs[0], buf, 0x1000, 0, -EINVAL},
	    {&fd.devs[0], buf, RTE_BAD_IOVA, sizeof(buf), -EINVAL},
	};
	for (size_t i = 0; i < RTE_DIM(cases); i++) {
		struct dma_call c = {
		    cases[i].dev, cases[i].addr, cases[i].iova, cases[i].len, 0, 0};
		rte_errno = 0;
		char *log = test_capture_log(dma_fn, &c);
		CU_ASSERT_EQUAL(c.map, cases[i].expect);
		CU_ASSERT_EQUAL(c.unmap, cases[i].expect);
		CU_ASSERT_EQUAL(rte_errno, -cases[i].expect);
		CU_ASSERT_EQUAL(count_lines(log), 2);
		free(log);
	}
	CU_ASSERT_EQUAL(fd.dma_maps, 1);
	CU_ASSERT_EQUAL(fe.dma_maps, 0);
}

void model_add_dev_suite(void)
{
	CU_pSuite s = CU_add_suite("dev", suite_init, suite_cleanup);
	CU_add_test(s, "accessors", test_accessors);
	CU_add_test(s, "rte_dev_probe / rte_dev_remove", test_probe_remove);
	CU_add_test(s, "rte_dev_probe failures undo", test_probe_failures);
	CU_add_test(s, "plug failure keeps devargs a device holds",
		    test_probe_failure_kept_devargs);
	CU_add_test(s, "rte_dev_remove failures", test_remove_failures);
	CU_add_test(s, "iterator", test_iterator);
	CU_add_test(s, "DMA map/unmap", test_dma);
}
