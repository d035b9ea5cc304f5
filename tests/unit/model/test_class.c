/* SPDX-License-Identifier: BSD-3-Clause */
/* Device classes: the registry, the class layer of devargs, and iteration by class. */
#include <CUnit/CUnit.h>
#include <stdlib.h>
#include <string.h>

#include <rte_class.h>
#include <rte_dev.h>
#include <rte_devargs.h>
#include <rte_errno.h>
#include <rte_kvargs.h>

#include "eal_model.h"
#include "fake_bus.h"
#include "model_tests.h"
#include "test_util.h"

FAKE_BUS_DEFINE(cb); /* "fake": fake0..fake3, with dev_iterate */
FAKE_BUS_DEFINE(ce); /* "fakee": fe0, fe1, without dev_iterate */

/* The class devices ("ports") of the fake class, by the device they sit on. */
struct port {
	const char *dev;
	const char *name;
};
static const struct port ports[] = {
    {"fake1", "p0"}, {"fake1", "p1"}, {"fake3", "p0"}, {"fe0", "p0"},
};
static char class_filters_seen[128];

static void *ports_iterate(const void *start, const char *str, const struct rte_dev_iterator *it)
{
	static const char *const keys[] = {"port", NULL};
	const struct port *p = start != NULL ? (const struct port *)start + 1 : ports;

	snprintf(class_filters_seen, sizeof(class_filters_seen), "%s", str);
	struct rte_kvargs *kv = rte_kvargs_parse(str, keys);
	if (kv == NULL) {
		rte_errno = EINVAL;
		return NULL;
	}
	const char *want = rte_kvargs_get(kv, "port");
	for (; p < ports + RTE_DIM(ports); p++)
		if (strcmp(p->dev, it->device->name) == 0 && (want == NULL || strcmp(want, p->name) == 0))
			break;
	rte_kvargs_free(kv);
	return p < ports + RTE_DIM(ports) ? (void *)(uintptr_t)p : NULL;
}

static struct rte_class fakecls = {.dev_iterate = ports_iterate};
RTE_REGISTER_CLASS(fakecls, fakecls);
static struct rte_class other = {.name = "other", .dev_iterate = ports_iterate};
static struct rte_class blind = {.name = "blind"}; /* cannot list its devices */

static int suite_init(void)
{
	fake_registry_stash();
	fake_bus_setup(&cb, &cb_ops, "fake", "fake");
	for (int i = 0; i < 4; i++)
		cb.dev_names[i] = (const char *[]){"fake0", "fake1", "fake2", "fake3"}[i];
	fake_bus_setup(&ce, &ce_ops, "fakee", "fe");
	ce.dev_names[0] = "fe0";
	ce.dev_names[1] = "fe1";
	ce.bus.dev_iterate = NULL;
	rte_bus_register(&cb.bus);
	rte_bus_register(&ce.bus);
	rte_class_register(&blind);
	return rte_bus_scan() == 0 ? 0 : 1;
}

static int suite_cleanup(void)
{
	rte_class_unregister(&blind);
	rte_bus_unregister(&cb.bus);
	rte_bus_unregister(&ce.bus);
	eal_devargs_free_all();
	fake_registry_restore();
	return 0;
}

static int name_is(const struct rte_class *cls, const void *name)
{
	return strcmp(cls->name, name);
}

static int any_class(const struct rte_class *cls, const void *data)
{
	(void)cls;
	(void)data;
	return 0;
}

struct reg_call {
	struct rte_class *cls;
};

static void register_fn(void *p)
{
	rte_class_register(((struct reg_call *)p)->cls);
}

static void test_registry(void)
{
	/* RTE_REGISTER_CLASS named it from its first argument, before main. */
	CU_ASSERT_PTR_EQUAL(rte_class_find_by_name("fakecls"), &fakecls);
	CU_ASSERT_STRING_EQUAL(fakecls.name, "fakecls");
	CU_ASSERT_PTR_NULL(rte_class_find_by_name("other"));
	CU_ASSERT_PTR_NULL(rte_class_find_by_name(NULL));

	rte_class_register(&other);
	CU_ASSERT_PTR_EQUAL(rte_class_find_by_name("other"), &other);
	CU_ASSERT_PTR_EQUAL(rte_class_find(NULL, name_is, "other"), &other);
	/* find starts after start: from other, nothing named other follows. */
	CU_ASSERT_PTR_NULL(rte_class_find(&other, name_is, "other"));
	/* Registration order: fakecls (constructor), blind (suite init), other. */
	struct rte_class *c = rte_class_find(NULL, any_class, NULL);
	CU_ASSERT_PTR_EQUAL(c, &fakecls);
	c = rte_class_find(c, any_class, NULL);
	CU_ASSERT_PTR_EQUAL(c, &blind);
	c = rte_class_find(c, any_class, NULL);
	CU_ASSERT_PTR_EQUAL(c, &other);
	CU_ASSERT_PTR_NULL(rte_class_find(c, any_class, NULL));
	CU_ASSERT_PTR_NULL(rte_class_find(NULL, NULL, NULL));

	/* A second class of a taken name is refused with one line; the first stays. */
	struct rte_class twin = {.name = "other"};
	struct reg_call r = {&twin};
	char *log = test_capture_log(register_fn, &r);
	CU_ASSERT_EQUAL(count_lines(log), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "device class \"other\" not registered"));
	free(log);
	CU_ASSERT_PTR_EQUAL(rte_class_find_by_name("other"), &other);
	/* Registering the same class twice changes nothing, silently. */
	r.cls = &other;
	log = test_capture_log(register_fn, &r);
	CU_ASSERT_STRING_EQUAL(log, "");
	free(log);
	/* No name: refused. */
	struct rte_class anon = {0};
	r.cls = &anon;
	log = test_capture_log(register_fn, &r);
	CU_ASSERT_EQUAL(count_lines(log), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "it has no name"));
	free(log);
	r.cls = NULL;
	log = test_capture_log(register_fn, &r);
	CU_ASSERT_EQUAL(count_lines(log), 1);
	free(log);

	rte_class_unregister(&twin); /* not registered: nothing happens */
	rte_class_unregister(NULL);
	rte_class_unregister(&other);
	CU_ASSERT_PTR_NULL(rte_class_find_by_name("other"));
	CU_ASSERT_PTR_EQUAL(rte_class_find_by_name("fakecls"), &fakecls);
}

static void test_devargs_class_layer(void)
{
	struct rte_devargs da;

	CU_ASSERT_EQUAL_FATAL(rte_devargs_parse(&da, "class=fakecls"), 0);
	CU_ASSERT_PTR_EQUAL(da.cls, &fakecls);
	CU_ASSERT_PTR_NULL(da.bus);
	CU_ASSERT_STRING_EQUAL(da.cls_str, "class=fakecls");
	CU_ASSERT_STRING_EQUAL(da.name, "");
	rte_devargs_reset(&da);
	CU_ASSERT_PTR_NULL(da.cls_str);

	/* Every layer, with '/' inside a bus value (a path) kept there. */
	CU_ASSERT_EQUAL_FATAL(
	    rte_devargs_parse(&da, "bus=fake,name=fake1,path=/a/b/class=fakecls,port=p1/driver=d,x=1"),
	    0);
	CU_ASSERT_PTR_EQUAL(da.bus, &cb.bus);
	CU_ASSERT_PTR_EQUAL(da.cls, &fakecls);
	CU_ASSERT_STRING_EQUAL(da.bus_str, "bus=fake,name=fake1,path=/a/b");
	CU_ASSERT_STRING_EQUAL(da.cls_str, "class=fakecls,port=p1");
	/* The driver pin is taken out of the driver layer (DPDK keeps "driver=d,x=1" there). */
	CU_ASSERT_STRING_EQUAL(da.drv_name, "d");
	CU_ASSERT_STRING_EQUAL(da.drv_str, "x=1");
	rte_devargs_reset(&da);

	/* Class before bus is a layer order DPDK accepts too. */
	CU_ASSERT_EQUAL_FATAL(rte_devargs_parse(&da, "class=fakecls/bus=fake,name=fake2"), 0);
	CU_ASSERT_PTR_EQUAL(da.bus, &cb.bus);
	CU_ASSERT_PTR_EQUAL(da.cls, &fakecls);
	rte_devargs_reset(&da);
}

struct add_call {
	const char *str;
	int ret;
};

static void add_fn(void *p)
{
	struct add_call *c = p;
	c->ret = rte_devargs_add(RTE_DEVTYPE_ALLOWED, c->str);
}

static void probe_fn(void *p)
{
	struct add_call *c = p;
	c->ret = rte_dev_probe(c->str);
}

static void test_class_alone_names_no_device(void)
{
	void (*fns[])(void *) = {add_fn, probe_fn};
	for (size_t i = 0; i < RTE_DIM(fns); i++) {
		struct add_call c = {.str = "class=fakecls,port=p0"};
		char *log = test_capture_log(fns[i], &c);
		CU_ASSERT_EQUAL(c.ret, -EINVAL);
		CU_ASSERT_EQUAL(count_lines(log), 1);
		CU_ASSERT_PTR_NOT_NULL(strstr(log, "a class layer alone names no device"));
		free(log);
	}
	CU_ASSERT_PTR_NULL(rte_devargs_next(NULL, NULL));
}

/* "dev:port ..." for what str selects; init's result in *init_ret. */
static char *iterate(const char *str, int *init_ret)
{
	static char out[256];
	struct rte_dev_iterator it;
	struct rte_device *dev;

	out[0] = '\0';
	*init_ret = rte_dev_iterator_init(&it, str);
	RTE_DEV_FOREACH(dev, str, &it)
	{
		const struct port *p = it.class_device;
		snprintf(out + strlen(out), sizeof(out) - strlen(out), "%s:%s ", dev->name,
			 p != NULL ? p->name : "-");
	}
	CU_ASSERT_PTR_NULL(rte_dev_iterator_next(&it));
	return out;
}

static void test_iterate_by_class(void)
{
	int ret;

	/* Once per class device; devices without one are skipped; every bus is walked. */
	CU_ASSERT_STRING_EQUAL(iterate("class=fakecls", &ret), "fake1:p0 fake1:p1 fake3:p0 fe0:p0 ");
	CU_ASSERT_EQUAL(ret, 0);
	CU_ASSERT_STRING_EQUAL(class_filters_seen, "");
	CU_ASSERT_STRING_EQUAL(iterate("class=fakecls,port=p0", &ret), "fake1:p0 fake3:p0 fe0:p0 ");
	CU_ASSERT_STRING_EQUAL(class_filters_seen, "port=p0");
	/* Bus and class layers: each gets its own filters. */
	CU_ASSERT_STRING_EQUAL(iterate("bus=fake/class=fakecls", &ret), "fake1:p0 fake1:p1 fake3:p0 ");
	CU_ASSERT_STRING_EQUAL(iterate("bus=fake,name=fake1/class=fakecls,port=p1", &ret),
			       "fake1:p1 ");
	CU_ASSERT_EQUAL(ret, 0);
	CU_ASSERT_STRING_EQUAL(iterate("class=fakecls,port=p1/bus=fake,name=fake1", &ret),
			       "fake1:p1 ");
	CU_ASSERT_STRING_EQUAL(iterate("bus=fakee/class=fakecls", &ret), "fe0:p0 ");
	CU_ASSERT_STRING_EQUAL(iterate("bus=fake,name=fake2/class=fakecls", &ret), "");
	/* Without a class layer class devices are not looked at. */
	CU_ASSERT_STRING_EQUAL(iterate("bus=fake,name=fake1", &ret), "fake1:- ");

	/* A class filter the class rejects ends the walk with rte_errno set. */
	struct rte_dev_iterator it;
	CU_ASSERT_EQUAL(rte_dev_iterator_init(&it, "class=fakecls,colour=red"), 0);
	CU_ASSERT_PTR_NULL(rte_dev_iterator_next(&it));
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	CU_ASSERT_PTR_NULL(rte_dev_iterator_next(&it));
}

struct iter_call {
	const char *str;
	int ret;
};

static void iter_init_fn(void *p)
{
	struct iter_call *c = p;
	struct rte_dev_iterator it;
	c->ret = rte_dev_iterator_init(&it, c->str);
}

static void test_iterate_by_class_errors(void)
{
	static const struct {
		const char *str;
		const char *reason;
	} bad[] = {
	    {"class=blind", "this device class cannot list its devices"},
	    {"class=nocls", "no such device class"},
	    {"class=fakecls/class=fakecls", "expected one"},
	    {"class=fakecls/driver=x", "expected one"},
	};
	for (size_t i = 0; i < RTE_DIM(bad); i++) {
		struct iter_call c = {.str = bad[i].str};
		char *log = test_capture_log(iter_init_fn, &c);
		CU_ASSERT_EQUAL(c.ret, -EINVAL);
		CU_ASSERT_EQUAL(count_lines(log), 1);
		CU_ASSERT_PTR_NOT_NULL_FATAL(log);
		if (strstr(log, bad[i].reason) == NULL)
			fprintf(stderr, "\"%s\": log \"%s\" lacks \"%s\"\n", bad[i].str, log,
				bad[i].reason);
		CU_ASSERT_PTR_NOT_NULL(strstr(log, bad[i].reason));
		free(log);
	}
}

void model_add_class_suite(void)
{
	CU_pSuite s = CU_add_suite("class", suite_init, suite_cleanup);
	CU_add_test(s, "registry", test_registry);
	CU_add_test(s, "devargs class layer", test_devargs_class_layer);
	CU_add_test(s, "a class layer alone names no device", test_class_alone_names_no_device);
	CU_add_test(s, "iteration by class", test_iterate_by_class);
	CU_add_test(s, "iteration by class: errors", test_iterate_by_class_errors);
}
