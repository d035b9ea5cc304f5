/* SPDX-License-Identifier: BSD-3-Clause */
/* rte_devargs: both syntaxes, bus resolution, errors, and the global list. */
#include <CUnit/CUnit.h>
#include <stdlib.h>
#include <string.h>

#include <rte_devargs.h>
#include <rte_errno.h>

#include "eal_model.h"
#include "fake_bus.h"
#include "model_tests.h"
#include "test_util.h"

FAKE_BUS_DEFINE(fa); /* "fake", names fake* */
FAKE_BUS_DEFINE(fb); /* "fakeb", names fb* */
FAKE_BUS_DEFINE(fc); /* "fakec", names fake* too: registered after fa, so never chosen by name */

static int suite_init(void)
{
	fake_registry_stash();
	fake_bus_setup(&fa, &fa_ops, "fake", "fake");
	fake_bus_setup(&fb, &fb_ops, "fakeb", "fb");
	fake_bus_setup(&fc, &fc_ops, "fakec", "fake");
	rte_bus_register(&fa.bus);
	rte_bus_register(&fb.bus);
	rte_bus_register(&fc.bus);
	return fake_registry_size() == 3 ? 0 : 1;
}

static int suite_cleanup(void)
{
	eal_devargs_free_all();
	fake_registry_restore();
	return 0;
}

static void test_bus_prefix(void)
{
	struct rte_devargs da;
	CU_ASSERT_EQUAL_FATAL(rte_devargs_parse(&da, "fake:fake0,a=1,b=[1,2]"), 0);
	CU_ASSERT_PTR_EQUAL(da.bus, &fa.bus);
	CU_ASSERT_STRING_EQUAL(da.name, "fake0");
	CU_ASSERT_STRING_EQUAL(da.args, "a=1,b=[1,2]");
	CU_ASSERT_PTR_NULL(da.bus_str);
	rte_devargs_reset(&da);
	CU_ASSERT_PTR_NULL(da.data);

	/* The prefix picks the bus even when an earlier bus accepts the name too. */
	CU_ASSERT_EQUAL_FATAL(rte_devargs_parse(&da, "fakec:fake9"), 0);
	CU_ASSERT_PTR_EQUAL(da.bus, &fc.bus);
	CU_ASSERT_STRING_EQUAL(da.name, "fake9");
	CU_ASSERT_STRING_EQUAL(da.args, "");
	rte_devargs_reset(&da);
}

static void test_name_only(void)
{
	struct rte_devargs da;
	CU_ASSERT_EQUAL_FATAL(rte_devargs_parse(&da, "fake0,a=1"), 0);
	/* fa and fc both accept fake0: the first registered wins. */
	CU_ASSERT_PTR_EQUAL(da.bus, &fa.bus);
	CU_ASSERT_STRING_EQUAL(da.name, "fake0");
	CU_ASSERT_STRING_EQUAL(da.args, "a=1");
	rte_devargs_reset(&da);

	CU_ASSERT_EQUAL_FATAL(rte_devargs_parse(&da, "fb7"), 0);
	CU_ASSERT_PTR_EQUAL(da.bus, &fb.bus);
	CU_ASSERT_STRING_EQUAL(da.args, "");
	rte_devargs_reset(&da);

	CU_ASSERT_EQUAL_FATAL(rte_devargs_parse(&da, "fb7,"), 0);
	CU_ASSERT_STRING_EQUAL(da.name, "fb7");
	CU_ASSERT_STRING_EQUAL(da.args, "");
	rte_devargs_reset(&da);

	/* A name of exactly RTE_DEV_NAME_MAX_LEN - 1 characters fits. */
	char name[RTE_DEV_NAME_MAX_LEN];
	memset(name, 'n', sizeof(name) - 1);
	memcpy(name, "fake", 4);
	name[sizeof(name) - 1] = '\0';
	CU_ASSERT_EQUAL_FATAL(rte_devargs_parse(&da, name), 0);
	CU_ASSERT_STRING_EQUAL(da.name, name);
	rte_devargs_reset(&da);
}

struct parse_call {
	const char *input;
	struct rte_devargs da;
	int ret;
};

static void parse_fn(void *p)
{
	struct parse_call *c = p;
	c->ret = rte_devargs_parse(&c->da, c->input);
}

struct insert_call {
	struct rte_devargs *da;
	int ret;
};

static void insert_fn(void *p)
{
	struct insert_call *c = p;
	c->ret = rte_devargs_insert(&c->da);
}

struct why_call {
	const char *input;
	int add; /* eal_devargs_add_why, else eal_devargs_parse_why */
	struct rte_devargs da;
	char why[256];
	int ret;
};

static void add_fn(void *p)
{
	struct parse_call *c = p;
	c->ret = rte_devargs_add(RTE_DEVTYPE_ALLOWED, c->input);
}

static void parsef_fn(void *p)
{
	struct parse_call *c = p;
	c->ret = rte_devargs_parsef(&c->da, "%s,k=%d", c->input, 1);
}

static void test_errors(void)
{
	char too_long[RTE_DEV_NAME_MAX_LEN + 8];
	memset(too_long, 'n', RTE_DEV_NAME_MAX_LEN);
	memcpy(too_long, "fake", 4);
	strcpy(too_long + RTE_DEV_NAME_MAX_LEN, ",a=1");

	static const struct {
		const char *input;
		const char *reason;
	} fixed[] = {
	    {"nobus0,x=1", "no bus recognises device \"nobus0\""},
	    {"nosuchbus:fake0", "no bus recognises device \"nosuchbus:fake0\""},
	    {"fake:fb1", "bus \"fake\" does not recognise device name \"fb1\""},
	    {"", "empty device name"},
	    {",a=1", "empty device name"},
	    {"fake:", "empty device name"},
	    {"fake0,reject=1", "bus \"fake\" rejected the arguments"},
	    {"bus=nope,id=1", "no bus named \"nope\""},
	    {"bus=fake,id=1/class=nocls", "no device class named \"nocls\""},
	    {"class=nocls", "no device class named \"nocls\""},
	    {"bus=fake,id=1/driver=a/driver=b", "repeated"},
	};
	for (size_t i = 0; i <= RTE_DIM(fixed); i++) {
		struct parse_call c = {.input = i < RTE_DIM(fixed) ? fixed[i].input : too_long};
		const char *reason = i < RTE_DIM(fixed) ? fixed[i].reason
							: "device name is 64 characters long, the "
							  "limit is 63";
		char *log = test_capture_log(parse_fn, &c);
		CU_ASSERT_EQUAL(c.ret, -EINVAL);
		CU_ASSERT_EQUAL(rte_errno, EINVAL);
		CU_ASSERT_PTR_NULL(c.da.data);
		CU_ASSERT_PTR_NULL(c.da.bus);
		CU_ASSERT_EQUAL(count_lines(log), 1);
		CU_ASSERT_PTR_NOT_NULL_FATAL(log);
		if (strstr(log, reason) == NULL)
			fprintf(stderr, "\"%s\": log \"%s\" lacks \"%s\"\n", c.input, log, reason);
		CU_ASSERT_PTR_NOT_NULL(strstr(log, reason));
		free(log);
	}
	struct rte_devargs da;
	CU_ASSERT_EQUAL(rte_devargs_parse(&da, NULL), -EINVAL);
	CU_ASSERT_EQUAL(rte_devargs_parse(NULL, "fake0"), -EINVAL);
}

static void test_layered(void)
{
	struct rte_devargs da;
	CU_ASSERT_EQUAL_FATAL(rte_devargs_parse(&da, "bus=fake,id=3"), 0);
	CU_ASSERT_PTR_EQUAL(da.bus, &fa.bus);
	CU_ASSERT_STRING_EQUAL(da.name, "fake3"); /* from the bus's devargs_parse */
	CU_ASSERT_STRING_EQUAL(da.bus_str, "bus=fake,id=3");
	CU_ASSERT_STRING_EQUAL(da.args, "");
	rte_devargs_reset(&da);

	/* '/' inside a value does not start a layer; "/driver=" does. */
	CU_ASSERT_EQUAL_FATAL(rte_devargs_parse(&da, "bus=fakeb,id=4,path=/tmp/a/b/driver=drv,k=v"),
			      0);
	CU_ASSERT_PTR_EQUAL(da.bus, &fb.bus);
	CU_ASSERT_STRING_EQUAL(da.name, "fb4");
	CU_ASSERT_STRING_EQUAL(da.bus_str, "bus=fakeb,id=4,path=/tmp/a/b");
	/* The pin is taken out of what the driver parses (DPDK leaves it in drv_str). */
	CU_ASSERT_STRING_EQUAL(da.args, "k=v");
	CU_ASSERT_STRING_EQUAL(da.drv_name, "drv");
	rte_devargs_reset(&da);
	CU_ASSERT_PTR_NULL(da.drv_name);

	/* Valid to parse (DPDK accepts it) but names no device. */
	CU_ASSERT_EQUAL_FATAL(rte_devargs_parse(&da, "bus=fake"), 0);
	CU_ASSERT_STRING_EQUAL(da.name, "");
	rte_devargs_reset(&da);
}

static void test_parsef(void)
{
	struct rte_devargs da;
	CU_ASSERT_EQUAL_FATAL(rte_devargs_parsef(&da, "fake%d,k=%s", 7, "v"), 0);
	CU_ASSERT_STRING_EQUAL(da.name, "fake7");
	CU_ASSERT_STRING_EQUAL(da.args, "k=v");
	rte_devargs_reset(&da);
	struct parse_call c = {.input = "nobus1"};
	char *log = test_capture_log(parsef_fn, &c);
	CU_ASSERT_EQUAL(c.ret, -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "no bus recognises device \"nobus1\""));
	CU_ASSERT_PTR_NULL(c.da.data);
	free(log);
}

static unsigned int count_on(const char *bus, char *names, size_t cap)
{
	struct rte_devargs *da;
	unsigned int n = 0;

	if (names != NULL)
		names[0] = '\0';
	RTE_EAL_DEVARGS_FOREACH(bus, da)
	{
		if (names != NULL)
			snprintf(names + strlen(names), cap - strlen(names), "%s ", da->name);
		n++;
	}
	return n;
}

static void test_add_type_count_scan_mode(void)
{
	CU_ASSERT_EQUAL(rte_devargs_add(RTE_DEVTYPE_ALLOWED, "fake1,a=1"), 0);
	CU_ASSERT_EQUAL(rte_devargs_add(RTE_DEVTYPE_BLOCKED, "fb2"), 0);
	CU_ASSERT_EQUAL(rte_devargs_add(RTE_DEVTYPE_VIRTUAL, "fake3,x"), 0);
	CU_ASSERT_EQUAL(rte_devargs_type_count(RTE_DEVTYPE_ALLOWED), 1);
	CU_ASSERT_EQUAL(rte_devargs_type_count(RTE_DEVTYPE_BLOCKED), 1);
	CU_ASSERT_EQUAL(rte_devargs_type_count(RTE_DEVTYPE_VIRTUAL), 1);
	/* The first devargs of a bus decide its scan mode. */
	CU_ASSERT_EQUAL(fa.bus.conf.scan_mode, RTE_BUS_SCAN_ALLOWLIST);
	CU_ASSERT_EQUAL(fb.bus.conf.scan_mode, RTE_BUS_SCAN_BLOCKLIST);
	CU_ASSERT_EQUAL(fc.bus.conf.scan_mode, RTE_BUS_SCAN_UNDEFINED);
	struct rte_devargs *da = rte_devargs_next("fakeb", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(da);
	CU_ASSERT_EQUAL(da->policy, RTE_DEV_BLOCKED);
	CU_ASSERT_EQUAL(da->type, RTE_DEVTYPE_BLOCKED);

	struct parse_call c = {.input = "nobus9"};
	char *log = test_capture_log(add_fn, &c);
	CU_ASSERT_EQUAL(c.ret, -EINVAL);
	free(log);
	CU_ASSERT_EQUAL(rte_devargs_add((enum rte_devtype)99, "fake4"), -EINVAL);
	CU_ASSERT_EQUAL(count_on(NULL, NULL, 0), 3);

	eal_devargs_free_all();
	CU_ASSERT_EQUAL(count_on(NULL, NULL, 0), 0);
	CU_ASSERT_EQUAL(rte_devargs_type_count(RTE_DEVTYPE_ALLOWED), 0);
	CU_ASSERT_EQUAL(fa.bus.conf.scan_mode, RTE_BUS_SCAN_UNDEFINED);
	CU_ASSERT_EQUAL(fb.bus.conf.scan_mode, RTE_BUS_SCAN_UNDEFINED);
}

static void test_add_errors(void)
{
	struct parse_call c = {.input = "nobus9,a=1"};
	char *log = test_capture_log(add_fn, &c);
	CU_ASSERT_EQUAL(c.ret, -EINVAL);
	CU_ASSERT_EQUAL(count_lines(log), 1);
	free(log);

	/* Layered devargs that name no device cannot be listed. */
	c.input = "bus=fake";
	log = test_capture_log(add_fn, &c);
	CU_ASSERT_EQUAL(c.ret, -EINVAL);
	CU_ASSERT_EQUAL(count_lines(log), 1);
	CU_ASSERT_STRING_EQUAL(log, "lib.eal.devargs: devargs \"bus=fake\": no device name (add "
				    "the address key of bus \"fake\", e.g. \"addr=\")\n");
	free(log);
	CU_ASSERT_EQUAL(count_on(NULL, NULL, 0), 0);
	CU_ASSERT_EQUAL(fa.bus.conf.scan_mode, RTE_BUS_SCAN_UNDEFINED);

	/* The same reason from rte_devargs_insert, which names the bus (it has no string). */
	struct rte_devargs *da = calloc(1, sizeof(*da));
	CU_ASSERT_EQUAL_FATAL(rte_devargs_parse(da, "bus=fake"), 0);
	struct insert_call ic = {.da = da};
	log = test_capture_log(insert_fn, &ic);
	CU_ASSERT_EQUAL(ic.ret, -EINVAL);
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	CU_ASSERT_STRING_EQUAL(log, "lib.eal.devargs: devargs of bus \"fake\": no device name (add "
				    "the address key of bus \"fake\", e.g. \"addr=\")\n");
	free(log);
	rte_devargs_reset(da);
	free(da);
	CU_ASSERT_EQUAL(count_on(NULL, NULL, 0), 0);
}

/*
 * The internal variants log nothing and hand the reason back, so that rte_eal_init can log
 * one line that names the option too; "no bus knows the name" has its own code for it.
 */
static void why_fn(void *p)
{
	struct why_call *c = p;
	if (c->add)
		c->ret = eal_devargs_add_why(RTE_DEVTYPE_VIRTUAL, c->input, c->why, sizeof(c->why));
	else
		c->ret = eal_devargs_parse_why(&c->da, c->input, c->why, sizeof(c->why));
}

static void test_why(void)
{
	static const struct {
		const char *input;
		int ret;
		const char *why;
	} cases[] = {
	    {"nobus0,x=1", -ENODEV,
	     "no bus recognises device \"nobus0\" (name its bus as \"BUS:nobus0\", or link the "
	     "driver that handles it)"},
	    {"fake:fb1", -EINVAL, "bus \"fake\" does not recognise device name \"fb1\""},
	    {",a=1", -EINVAL, "empty device name"},
	    {"fake0,reject=1", -EINVAL, "bus \"fake\" rejected the arguments"},
	    {"bus=nope,id=1", -EINVAL, "no bus named \"nope\""},
	    {"bus=fake,id=1/class=nocls", -EINVAL,
	     "no device class named \"nocls\" (a class exists once the library providing it, "
	     "e.g. its ethdev layer, is linked)"},
	};
	for (int add = 0; add <= 1; add++) {
		for (size_t i = 0; i < RTE_DIM(cases); i++) {
			struct why_call c = {.input = cases[i].input, .add = add};
			rte_errno = 0;
			char *log = test_capture_log(why_fn, &c);
			CU_ASSERT_EQUAL(c.ret, cases[i].ret);
			CU_ASSERT_STRING_EQUAL(c.why, cases[i].why);
			CU_ASSERT_STRING_EQUAL(log, "");
			CU_ASSERT_EQUAL(rte_errno, 0);
			CU_ASSERT_PTR_NULL(c.da.data);
			free(log);
		}
	}
	struct why_call c = {.input = "bus=fake", .add = 1};
	char *log = test_capture_log(why_fn, &c);
	CU_ASSERT_EQUAL(c.ret, -EINVAL);
	CU_ASSERT_STRING_EQUAL(c.why, "no device name (add the address key of bus \"fake\", e.g. "
				      "\"addr=\")");
	CU_ASSERT_STRING_EQUAL(log, "");
	free(log);
	CU_ASSERT_EQUAL(count_on(NULL, NULL, 0), 0);

	/* Success writes no reason and lists the devargs. */
	c = (struct why_call){.input = "fake3,k=v", .add = 1};
	strcpy(c.why, "untouched");
	free(test_capture_log(why_fn, &c));
	CU_ASSERT_EQUAL(c.ret, 0);
	CU_ASSERT_STRING_EQUAL(c.why, "untouched");
	CU_ASSERT_EQUAL(rte_devargs_type_count(RTE_DEVTYPE_VIRTUAL), 1);
	eal_devargs_free_all();
}

static void test_insert_replace(void)
{
	CU_ASSERT_EQUAL_FATAL(rte_devargs_add(RTE_DEVTYPE_ALLOWED, "fake1,a=1"), 0);
	CU_ASSERT_EQUAL_FATAL(rte_devargs_add(RTE_DEVTYPE_ALLOWED, "fake2"), 0);
	struct rte_devargs *listed = rte_devargs_next("fake", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(listed);

	struct rte_devargs *da = calloc(1, sizeof(*da));
	CU_ASSERT_EQUAL_FATAL(rte_devargs_parse(da, "fake1,a=2,b"), 0);
	CU_ASSERT_EQUAL(rte_devargs_insert(&da), 0);
	/* Same struct (devices keep pointing to it), new contents, still two entries. */
	CU_ASSERT_PTR_EQUAL(da, listed);
	CU_ASSERT_STRING_EQUAL(listed->args, "a=2,b");
	char names[64];
	CU_ASSERT_EQUAL(count_on("fake", names, sizeof(names)), 2);
	CU_ASSERT_STRING_EQUAL(names, "fake1 fake2 ");

	/* Inserting the listed struct again changes nothing. */
	CU_ASSERT_EQUAL(rte_devargs_insert(&listed), 0);
	CU_ASSERT_EQUAL(count_on(NULL, NULL, 0), 2);

	/* Same name on another bus is another device. */
	da = calloc(1, sizeof(*da));
	CU_ASSERT_EQUAL_FATAL(rte_devargs_parse(da, "fakec:fake1"), 0);
	CU_ASSERT_EQUAL(rte_devargs_insert(&da), 0);
	CU_ASSERT_EQUAL(count_on(NULL, NULL, 0), 3);

	struct rte_devargs *none = NULL;
	CU_ASSERT_EQUAL(rte_devargs_insert(NULL), -EINVAL);
	CU_ASSERT_EQUAL(rte_devargs_insert(&none), -EINVAL);
	eal_devargs_free_all();
}

static void test_remove(void)
{
	CU_ASSERT_EQUAL_FATAL(rte_devargs_add(RTE_DEVTYPE_ALLOWED, "fake1"), 0);
	CU_ASSERT_EQUAL_FATAL(rte_devargs_add(RTE_DEVTYPE_ALLOWED, "fake2,k=v"), 0);

	/* Any devargs with the same bus and name select the listed ones. */
	struct rte_devargs key;
	CU_ASSERT_EQUAL_FATAL(rte_devargs_parse(&key, "fake2"), 0);
	CU_ASSERT_EQUAL(rte_devargs_remove(&key), 0);
	CU_ASSERT_EQUAL(rte_devargs_remove(&key), 1);
	rte_devargs_reset(&key);
	char names[64];
	CU_ASSERT_EQUAL(count_on(NULL, names, sizeof(names)), 1);
	CU_ASSERT_STRING_EQUAL(names, "fake1 ");

	/* The listed struct itself. */
	CU_ASSERT_EQUAL(rte_devargs_remove(rte_devargs_next(NULL, NULL)), 0);
	CU_ASSERT_EQUAL(count_on(NULL, NULL, 0), 0);
	CU_ASSERT_TRUE(rte_devargs_remove(NULL) < 0);
}

static void test_next_foreach(void)
{
	static const char *const list[] = {"fake1", "fb1", "fake2", "fb2,x=1"};
	for (size_t i = 0; i < RTE_DIM(list); i++)
		CU_ASSERT_EQUAL_FATAL(rte_devargs_add(RTE_DEVTYPE_ALLOWED, list[i]), 0);
	char names[64];
	CU_ASSERT_EQUAL(count_on("fake", names, sizeof(names)), 2);
	CU_ASSERT_STRING_EQUAL(names, "fake1 fake2 ");
	CU_ASSERT_EQUAL(count_on("fakeb", names, sizeof(names)), 2);
	CU_ASSERT_STRING_EQUAL(names, "fb1 fb2 ");
	CU_ASSERT_EQUAL(count_on(NULL, names, sizeof(names)), 4);
	CU_ASSERT_STRING_EQUAL(names, "fake1 fb1 fake2 fb2 ");
	CU_ASSERT_EQUAL(count_on("nobus", NULL, 0), 0);

	struct rte_devargs *second = rte_devargs_next("fake", rte_devargs_next("fake", NULL));
	CU_ASSERT_PTR_NOT_NULL_FATAL(second);
	CU_ASSERT_STRING_EQUAL(second->name, "fake2");
	CU_ASSERT_PTR_NULL(rte_devargs_next("fake", second));
	eal_devargs_free_all();
}

static void test_dump(void)
{
	CU_ASSERT_EQUAL_FATAL(rte_devargs_add(RTE_DEVTYPE_ALLOWED, "fake1,a=1"), 0);
	CU_ASSERT_EQUAL_FATAL(rte_devargs_add(RTE_DEVTYPE_BLOCKED, "fb2"), 0);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	rte_devargs_dump(f);
	fclose(f);
	CU_ASSERT_STRING_EQUAL(buf, "User device list:\n  [fake]: fake1 a=1\n  [fakeb]: fb2 \n");
	free(buf);
	eal_devargs_free_all();
}

void model_add_devargs_suite(void)
{
	CU_pSuite s = CU_add_suite("devargs", suite_init, suite_cleanup);
	CU_add_test(s, "bus prefix", test_bus_prefix);
	CU_add_test(s, "name only, bus found by parse", test_name_only);
	CU_add_test(s, "errors: one line each", test_errors);
	CU_add_test(s, "layered syntax", test_layered);
	CU_add_test(s, "parsef", test_parsef);
	CU_add_test(s, "add, type_count, scan mode, free_all", test_add_type_count_scan_mode);
	CU_add_test(s, "add errors", test_add_errors);
	CU_add_test(s, "insert replaces in place", test_insert_replace);
	CU_add_test(s, "internal parse/add hand the reason back", test_why);
	CU_add_test(s, "remove", test_remove);
	CU_add_test(s, "next and foreach by bus", test_next_foreach);
	CU_add_test(s, "dump", test_dump);
}
