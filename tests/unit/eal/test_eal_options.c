/* SPDX-License-Identifier: BSD-3-Clause */
/* EAL option parser: every option in each spelling, what it stores, and its error lines. */

#include <CUnit/Basic.h>
#include <stdlib.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_log.h>

#include "eal_options.h"
#include "test_util.h"

#define MAX_ARGS 16

/* A parse of a NULL-terminated argument list, argv[0] supplied. */
struct parse_call {
	const char *args[MAX_ARGS];
	struct eal_options opts;
	int ret;
	int err;
};

static void parse_fn(void *arg)
{
	struct parse_call *c = arg;
	char *argv[MAX_ARGS + 1] = {"prog"};
	int argc = 1;
	for (int i = 0; c->args[i] != NULL; i++)
		argv[argc++] = (char *)(uintptr_t)c->args[i];
	rte_errno = 0;
	c->ret = eal_options_parse(&c->opts, argc, argv);
	c->err = rte_errno;
}

/* Parse and return what was logged (malloc'd). */
static char *parse(struct parse_call *c)
{
	return test_capture_log(parse_fn, c);
}

#define PARSE_OK(call, expected_ret)                        \
	do {                                                \
		char *log_ = parse(call);                   \
		CU_ASSERT_PTR_NOT_NULL_FATAL(log_);         \
		CU_ASSERT_STRING_EQUAL(log_, "");           \
		CU_ASSERT_EQUAL((call)->ret, expected_ret); \
		free(log_);                                 \
	} while (0)

static int count_lines(const char *s)
{
	int n = 0;
	for (; *s != '\0'; s++)
		n += *s == '\n';
	return n;
}

/* The parse fails with EINVAL, logs exactly `line`, and leaves nothing allocated. */
static void expect_error(const char *line, const char *a0, const char *a1, const char *a2,
			 const char *a3)
{
	struct parse_call c = {.args = {a0, a1, a2, a3, NULL}};
	char *log = parse(&c);
	CU_ASSERT_PTR_NOT_NULL_FATAL(log);
	CU_ASSERT_EQUAL(c.ret, -1);
	CU_ASSERT_EQUAL(c.err, EINVAL);
	CU_ASSERT_STRING_EQUAL(log, line);
	CU_ASSERT_EQUAL(count_lines(log), 1);
	if (strcmp(log, line) != 0)
		fprintf(stderr, "\n  got:      %s  expected: %s", log, line);
	CU_ASSERT_PTR_NULL(c.opts.devs);
	CU_ASSERT_EQUAL(c.opts.n_devs, 0);
	CU_ASSERT_PTR_NULL(c.opts.logs);
	CU_ASSERT_EQUAL(c.opts.n_logs, 0);
	free(log);
}

static void test_no_options(void)
{
	struct parse_call c = {.args = {NULL}};
	PARSE_OK(&c, 1);
	CU_ASSERT_FALSE(c.opts.cfg.no_pci);
	CU_ASSERT_EQUAL(c.opts.cfg.iova_mode_req, RTE_IOVA_DC);
	CU_ASSERT_EQUAL(c.opts.cfg.vfio_intr_mode, RTE_INTR_MODE_NONE);
	CU_ASSERT_EQUAL(c.opts.cfg.process_type, RTE_PROC_PRIMARY);
	CU_ASSERT_TRUE(rte_uuid_is_null(c.opts.cfg.vfio_vf_token));
	CU_ASSERT_FALSE(c.opts.help);
	CU_ASSERT_FALSE(c.opts.version);
	CU_ASSERT_EQUAL(c.opts.n_devs, 0);
	CU_ASSERT_EQUAL(c.opts.n_logs, 0);

	struct eal_options opts;
	CU_ASSERT_EQUAL(eal_options_parse(&opts, 0, NULL), 0);
	CU_ASSERT_EQUAL(opts.n_devs, 0);
}

static void check_one_dev(const char *a0, const char *a1, enum rte_devtype type, const char *label,
			  const char *str, int consumed)
{
	struct parse_call c = {.args = {a0, a1, NULL}};
	PARSE_OK(&c, consumed);
	CU_ASSERT_EQUAL_FATAL(c.opts.n_devs, 1);
	CU_ASSERT_EQUAL(c.opts.devs[0].type, type);
	CU_ASSERT_STRING_EQUAL(c.opts.devs[0].option, label);
	CU_ASSERT_STRING_EQUAL(c.opts.devs[0].str, str);
	eal_options_free(&c.opts);
}

static void test_device_options(void)
{
	const char *pci = "0000:00:02.0,k=v";
	check_one_dev("-a", pci, RTE_DEVTYPE_ALLOWED, "-a/--allow", pci, 3);
	check_one_dev("-a0000:00:02.0,k=v", NULL, RTE_DEVTYPE_ALLOWED, "-a/--allow", pci, 2);
	check_one_dev("--allow", pci, RTE_DEVTYPE_ALLOWED, "-a/--allow", pci, 3);
	check_one_dev("--allow=0000:00:02.0,k=v", NULL, RTE_DEVTYPE_ALLOWED, "-a/--allow", pci, 2);
	check_one_dev("-b", "0000:00:03.0", RTE_DEVTYPE_BLOCKED, "-b/--block", "0000:00:03.0", 3);
	check_one_dev("-b0000:00:03.0", NULL, RTE_DEVTYPE_BLOCKED, "-b/--block", "0000:00:03.0", 2);
	check_one_dev("--block", "0000:00:03.0", RTE_DEVTYPE_BLOCKED, "-b/--block", "0000:00:03.0",
		      3);
	check_one_dev("--block=0000:00:03.0", NULL, RTE_DEVTYPE_BLOCKED, "-b/--block",
		      "0000:00:03.0", 2);
	check_one_dev("--vdev", "net_null0,size=64", RTE_DEVTYPE_VIRTUAL, "--vdev",
		      "net_null0,size=64", 3);
	check_one_dev("--vdev=net_null0,size=64", NULL, RTE_DEVTYPE_VIRTUAL, "--vdev",
		      "net_null0,size=64", 2);
	/* "=" inside the value belongs to the value. */
	check_one_dev("--vdev=a=b", NULL, RTE_DEVTYPE_VIRTUAL, "--vdev", "a=b", 2);
}

static void test_devices_keep_order(void)
{
	struct parse_call c = {.args = {"--vdev", "net_null1", "-a", "0000:00:01.0",
					"--vdev=net_null0", "-a", "0000:00:02.0", NULL}};
	PARSE_OK(&c, 8);
	CU_ASSERT_EQUAL_FATAL(c.opts.n_devs, 4);
	CU_ASSERT_STRING_EQUAL(c.opts.devs[0].str, "net_null1");
	CU_ASSERT_STRING_EQUAL(c.opts.devs[1].str, "0000:00:01.0");
	CU_ASSERT_STRING_EQUAL(c.opts.devs[2].str, "net_null0");
	CU_ASSERT_STRING_EQUAL(c.opts.devs[3].str, "0000:00:02.0");
	CU_ASSERT_EQUAL(c.opts.devs[3].type, RTE_DEVTYPE_ALLOWED);
	eal_options_free(&c.opts);
	CU_ASSERT_PTR_NULL(c.opts.devs);
}

static void test_plugin_paths_keep_order(void)
{
	struct parse_call c = {.args = {"-d", "/a/x.so", "-d/b", "--driver-path", "y.so", NULL}};
	PARSE_OK(&c, 6);
	CU_ASSERT_EQUAL_FATAL(c.opts.n_plugins, 3);
	CU_ASSERT_STRING_EQUAL(c.opts.plugins[0], "/a/x.so");
	CU_ASSERT_STRING_EQUAL(c.opts.plugins[1], "/b");
	CU_ASSERT_STRING_EQUAL(c.opts.plugins[2], "y.so");
	eal_options_free(&c.opts);
	CU_ASSERT_PTR_NULL(c.opts.plugins);
	expect_error("lib.eal: option -d/--driver-path: empty path (name a PMD shared object or a "
		     "directory of them)\n",
		     "-d", "", NULL, NULL);
}

static void test_scalar_options(void)
{
	struct parse_call c = {.args = {"--no-pci", "--iova-mode", "pa", "--vfio-intr=msi", NULL}};
	PARSE_OK(&c, 5);
	CU_ASSERT_TRUE(c.opts.cfg.no_pci);
	CU_ASSERT_EQUAL(c.opts.cfg.iova_mode_req, RTE_IOVA_PA);
	CU_ASSERT_EQUAL(c.opts.cfg.vfio_intr_mode, RTE_INTR_MODE_MSI);

	struct parse_call v = {.args = {"--iova-mode=va", "--vfio-intr", "legacy", NULL}};
	PARSE_OK(&v, 4);
	CU_ASSERT_FALSE(v.opts.cfg.no_pci);
	CU_ASSERT_EQUAL(v.opts.cfg.iova_mode_req, RTE_IOVA_VA);
	CU_ASSERT_EQUAL(v.opts.cfg.vfio_intr_mode, RTE_INTR_MODE_LEGACY);

	/* A repeated option: the last one counts. */
	struct parse_call r = {.args = {"--vfio-intr", "msi", "--vfio-intr", "msix", NULL}};
	PARSE_OK(&r, 5);
	CU_ASSERT_EQUAL(r.opts.cfg.vfio_intr_mode, RTE_INTR_MODE_MSIX);
}

static void test_vf_token(void)
{
	static const unsigned char expect[16] = {0x14, 0xd6, 0x3f, 0x20, 0x84, 0x45, 0x11, 0xea,
						 0x89, 0x00, 0x1f, 0x9c, 0xe7, 0xd5, 0x65, 0x0d};
	struct parse_call c = {
	    .args = {"--vfio-vf-token", "14d63f20-8445-11ea-8900-1f9ce7d5650d", NULL}};
	PARSE_OK(&c, 3);
	CU_ASSERT_EQUAL(memcmp(c.opts.cfg.vfio_vf_token, expect, 16), 0);

	struct parse_call e = {
	    .args = {"--vfio-vf-token=14D63F20-8445-11EA-8900-1F9CE7D5650D", NULL}};
	PARSE_OK(&e, 2);
	CU_ASSERT_EQUAL(memcmp(e.opts.cfg.vfio_vf_token, expect, 16), 0);
}

static void test_help_version(void)
{
	const char *forms[][2] = {{"-h", NULL}, {"--help", NULL}};
	for (size_t i = 0; i < 2; i++) {
		struct parse_call c = {.args = {forms[i][0], NULL}};
		PARSE_OK(&c, 2);
		CU_ASSERT_TRUE(c.opts.help);
		CU_ASSERT_FALSE(c.opts.version);
	}
	struct parse_call v = {.args = {"-v", NULL}};
	PARSE_OK(&v, 2);
	CU_ASSERT_TRUE(v.opts.version);
	CU_ASSERT_FALSE(v.opts.help);
	struct parse_call lv = {.args = {"--version", NULL}};
	PARSE_OK(&lv, 2);
	CU_ASSERT_TRUE(lv.opts.version);
	/* Grouped flags, and a value attached after a flag. */
	struct parse_call g = {.args = {"-vh", NULL}};
	PARSE_OK(&g, 2);
	CU_ASSERT_TRUE(g.opts.version);
	CU_ASSERT_TRUE(g.opts.help);
	struct parse_call ga = {.args = {"-va0000:00:01.0", NULL}};
	PARSE_OK(&ga, 2);
	CU_ASSERT_TRUE(ga.opts.version);
	CU_ASSERT_EQUAL_FATAL(ga.opts.n_devs, 1);
	CU_ASSERT_STRING_EQUAL(ga.opts.devs[0].str, "0000:00:01.0");
	eal_options_free(&ga.opts);
}

static void check_log_opt(const char *value, enum eal_logopt_kind kind, const char *pattern,
			  uint32_t level)
{
	struct parse_call c = {.args = {"--log-level", value, NULL}};
	PARSE_OK(&c, 3);
	CU_ASSERT_EQUAL_FATAL(c.opts.n_logs, 1);
	CU_ASSERT_EQUAL(c.opts.logs[0].kind, kind);
	CU_ASSERT_EQUAL(c.opts.logs[0].level, level);
	if (pattern == NULL) {
		CU_ASSERT_PTR_NULL(c.opts.logs[0].pattern);
	} else {
		CU_ASSERT_STRING_EQUAL(c.opts.logs[0].pattern, pattern);
	}
	eal_options_free(&c.opts);
}

static void test_log_level_option(void)
{
	check_log_opt("7", EAL_LOGOPT_GLOBAL, NULL, RTE_LOG_INFO);
	check_log_opt("debug", EAL_LOGOPT_GLOBAL, NULL, RTE_LOG_DEBUG);
	check_log_opt("pci.*:debug", EAL_LOGOPT_GLOB, "pci.*", RTE_LOG_DEBUG);
	check_log_opt("bus.*:4", EAL_LOGOPT_GLOB, "bus.*", RTE_LOG_ERR);
	check_log_opt("lib.eal:WARNING", EAL_LOGOPT_GLOB, "lib.eal", RTE_LOG_WARNING);
	check_log_opt("^bus\\.,notice", EAL_LOGOPT_REGEX, "^bus\\.", RTE_LOG_NOTICE);
	/* The last separator splits, so a regex may hold a comma of its own. */
	check_log_opt("a{1,2},err", EAL_LOGOPT_REGEX, "a{1,2}", RTE_LOG_ERR);

	struct parse_call c = {
	    .args = {"--log-level=pmd.*:info", "--log-level", "3", "--log-level", "x:8", NULL}};
	PARSE_OK(&c, 6);
	CU_ASSERT_EQUAL_FATAL(c.opts.n_logs, 3);
	CU_ASSERT_STRING_EQUAL(c.opts.logs[0].pattern, "pmd.*");
	CU_ASSERT_EQUAL(c.opts.logs[1].kind, EAL_LOGOPT_GLOBAL);
	CU_ASSERT_EQUAL(c.opts.logs[1].level, RTE_LOG_CRIT);
	CU_ASSERT_STRING_EQUAL(c.opts.logs[2].pattern, "x");
	eal_options_free(&c.opts);
	CU_ASSERT_PTR_NULL(c.opts.logs);
}

static void test_double_dash(void)
{
	struct parse_call c = {.args = {"--no-pci", "--", "app", "--bogus", NULL}};
	PARSE_OK(&c, 3);
	CU_ASSERT_TRUE(c.opts.cfg.no_pci);

	/* Options after "--" belong to the application. */
	struct parse_call d = {.args = {"--", "--no-pci", NULL}};
	PARSE_OK(&d, 2);
	CU_ASSERT_FALSE(d.opts.cfg.no_pci);

	struct parse_call e = {.args = {"--vdev", "net_null0", "--", NULL}};
	PARSE_OK(&e, 4);
	eal_options_free(&e.opts);
}

static void test_errors(void)
{
	expect_error("lib.eal: unknown option '--bogus' (-h lists the EAL options)\n", "--bogus",
		     NULL, NULL, NULL);
	expect_error("lib.eal: unknown option '--bogus' (-h lists the EAL options)\n", "--bogus=1",
		     NULL, NULL, NULL);
	/* No abbreviations: getopt_long would take --hel for --help. */
	expect_error("lib.eal: unknown option '--hel' (-h lists the EAL options)\n", "--hel", NULL,
		     NULL, NULL);
	expect_error("lib.eal: unknown option '-x' (-h lists the EAL options)\n", "-x", NULL, NULL,
		     NULL);
	expect_error("lib.eal: unknown option '-x' (-h lists the EAL options)\n", "-hx", NULL, NULL,
		     NULL);
	expect_error("lib.eal: option --vdev: missing value (expected NAME[,key=value...])\n",
		     "--vdev", NULL, NULL, NULL);
	expect_error("lib.eal: option --vdev: missing value (expected NAME[,key=value...])\n",
		     "--vdev", "--", NULL, NULL);
	expect_error("lib.eal: option -a/--allow: missing value (expected DEV[,key=value...])\n",
		     "-a", NULL, NULL, NULL);
	expect_error("lib.eal: option -a/--allow: missing value (expected DEV[,key=value...])\n",
		     "-a", "--no-pci", NULL, NULL);
	expect_error("lib.eal: option -b/--block: missing value (expected DEV)\n", "--block", NULL,
		     NULL, NULL);
	expect_error("lib.eal: option -a/--allow: empty device name\n", "--allow=", NULL, NULL,
		     NULL);
	expect_error("lib.eal: option --vdev: empty device name\n", "--vdev", "", NULL, NULL);
	expect_error("lib.eal: option --no-pci: takes no value (got '1')\n", "--no-pci=1", NULL,
		     NULL, NULL);
	expect_error("lib.eal: option -h/--help: takes no value (got 'x')\n", "--help=x", NULL,
		     NULL, NULL);
	expect_error("lib.eal: option --iova-mode: invalid value 'xx' (expected pa or va)\n",
		     "--iova-mode", "xx", NULL, NULL);
	expect_error("lib.eal: option --iova-mode: invalid value 'PA' (expected pa or va)\n",
		     "--iova-mode=PA", NULL, NULL, NULL);
	expect_error("lib.eal: option --iova-mode: invalid value '' (expected pa or va)\n",
		     "--iova-mode=", NULL, NULL, NULL);
	expect_error("lib.eal: option --vfio-intr: invalid value 'msi-x' (expected legacy, msi or "
		     "msix)\n",
		     "--vfio-intr", "msi-x", NULL, NULL);
	expect_error(
	    "lib.eal: option --vfio-vf-token: invalid UUID '14d63f20-8445-11ea-8900' "
	    "(expected 8-4-4-4-12 hex digits, e.g. 14d63f20-8445-11ea-8900-1f9ce7d5650d)\n",
	    "--vfio-vf-token", "14d63f20-8445-11ea-8900", NULL, NULL);
	expect_error("lib.eal: option --log-level: invalid level 'bar' in 'foo:bar' (expected 1-8 "
		     "or emergency, alert, critical, error, warning, notice, info, debug)\n",
		     "--log-level", "foo:bar", NULL, NULL);
	expect_error("lib.eal: option --log-level: invalid level '9' in '9' (expected 1-8 or "
		     "emergency, alert, critical, error, warning, notice, info, debug)\n",
		     "--log-level=9", NULL, NULL, NULL);
	expect_error("lib.eal: option --log-level: invalid level '' in 'pci.*:' (expected 1-8 or "
		     "emergency, alert, critical, error, warning, notice, info, debug)\n",
		     "--log-level", "pci.*:", NULL, NULL);
	expect_error("lib.eal: option --log-level: empty log type in ':debug' (expected "
		     "[TYPE:]LEVEL)\n",
		     "--log-level", ":debug", NULL, NULL);
	expect_error("lib.eal: option --log-level: invalid regular expression in '(,debug' "
		     "(TYPE,LEVEL takes a regex; use TYPE:LEVEL for a glob)\n",
		     "--log-level", "(,debug", NULL, NULL);
	/* Regexes whose compilation would take gigabytes (found by fuzz_eal_options) are refused
	 * before regcomp sees them; an ordinary one within the bounds still compiles. */
	expect_error("lib.eal: option --log-level: more than 4 '+' in a regular expression in "
		     "'b.+++++++++,2' (TYPE,LEVEL takes a regex; use TYPE:LEVEL for a glob)\n",
		     "--log-level", "b.+++++++++,2", NULL, NULL);
	expect_error("lib.eal: option --log-level: at most 2 intervals {m,n} with counts up to 8 in "
		     "a regular expression in '(a{9}),debug' (TYPE,LEVEL takes a regex; use "
		     "TYPE:LEVEL for a glob)\n",
		     "--log-level", "(a{9}),debug", NULL, NULL);
	expect_error("lib.eal: option --log-level: at most 2 intervals {m,n} with counts up to 8 in "
		     "a regular expression in '((a{2}){2}){2},debug' (TYPE,LEVEL takes a regex; use "
		     "TYPE:LEVEL for a glob)\n",
		     "--log-level", "((a{2}){2}){2},debug", NULL, NULL);
	char long_re[EAL_LOG_REGEX_MAX_LEN + 16];
	memset(long_re, 'a', EAL_LOG_REGEX_MAX_LEN + 1);
	strcpy(long_re + EAL_LOG_REGEX_MAX_LEN + 1, ",debug");
	char long_line[2 * EAL_LOG_REGEX_MAX_LEN + 200];
	snprintf(long_line, sizeof(long_line),
		 "lib.eal: option --log-level: regular expression longer than %d characters in "
		 "'%s' (TYPE,LEVEL takes a regex; use TYPE:LEVEL for a glob)\n",
		 EAL_LOG_REGEX_MAX_LEN, long_re);
	expect_error(long_line, "--log-level", long_re, NULL, NULL);
	regex_t re;
	char why[128];
	CU_ASSERT_EQUAL(eal_log_regex_compile(&re, "^pmd\\.net\\.(e1000|null)+x{1,8}$", why,
					      sizeof(why)),
			0);
	regfree(&re);
	expect_error("lib.eal: unexpected argument 'app' (application arguments go after '--')\n",
		     "--no-pci", "app", NULL, NULL);
	expect_error("lib.eal: unexpected argument '-' (application arguments go after '--')\n",
		     "-", NULL, NULL, NULL);
}

static void test_allow_block_exclusive(void)
{
	expect_error("lib.eal: option -b/--block: cannot be combined with -a/--allow (give either "
		     "the devices to use or the devices to skip)\n",
		     "-a", "0000:00:01.0", "-b", "0000:00:02.0");
	expect_error("lib.eal: option -a/--allow: cannot be combined with -b/--block (give either "
		     "the devices to use or the devices to skip)\n",
		     "--block=0000:00:02.0", "--allow=0000:00:01.0", NULL, NULL);
	/* --vdev mixes with either. */
	struct parse_call c = {.args = {"-b", "0000:00:02.0", "--vdev", "net_null0", NULL}};
	PARSE_OK(&c, 5);
	CU_ASSERT_EQUAL(c.opts.n_devs, 2);
	eal_options_free(&c.opts);
}

/* An error after earlier options allocated: all of it is released (ASan checks the leak side). */
static void test_error_after_allocations(void)
{
	struct parse_call c = {.args = {"--log-level", "pci.*:debug", "--vdev", "net_null0",
					"--log-level", "x,debug", "--iova-mode", "bad", NULL}};
	char *log = parse(&c);
	CU_ASSERT_EQUAL(c.ret, -1);
	CU_ASSERT_EQUAL(c.err, EINVAL);
	CU_ASSERT_PTR_NULL(c.opts.logs);
	CU_ASSERT_PTR_NULL(c.opts.devs);
	CU_ASSERT_STRING_EQUAL(log, "lib.eal: option --iova-mode: invalid value 'bad' (expected pa "
				    "or va)\n");
	free(log);
}

/* Parsing twice gives the same result: no state survives between calls. */
static void test_repeatable(void)
{
	for (int i = 0; i < 3; i++) {
		struct parse_call c = {.args = {"-a", "0000:00:01.0", "--no-pci", NULL}};
		PARSE_OK(&c, 4);
		CU_ASSERT_EQUAL(c.opts.n_devs, 1);
		CU_ASSERT_TRUE(c.opts.cfg.no_pci);
		eal_options_free(&c.opts);
	}
}

static void usage_fn(void *arg)
{
	rte_eal_usage(arg);
}

static void test_usage_lists_every_option(void)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	usage_fn(f);
	fclose(f);
	const char *expect[] = {"-a, --allow DEV[,key=value...]",
				"-b, --block DEV",
				"--vdev NAME[,key=value...]",
				"-d, --driver-path LIB|DIR",
				"--no-pci",
				"--iova-mode pa|va",
				"--log-level [TYPE:]LEVEL",
				"--vfio-intr legacy|msi|msix",
				"--vfio-vf-token UUID",
				"-m, --memory MB",
				"--socket-mem MB[,MB...]",
				"--no-huge",
				"--huge-dir DIR",
				"-h, --help",
				"-v, --version"};
	for (size_t i = 0; i < RTE_DIM(expect); i++)
		CU_ASSERT_PTR_NOT_NULL(strstr(text, expect[i]));
	CU_ASSERT_EQUAL(count_lines(text), (int)RTE_DIM(expect) + 1);
	free(text);
}

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	CU_pSuite s = CU_add_suite("eal_options", NULL, NULL);
	CU_add_test(s, "-d paths in order", test_plugin_paths_keep_order);
	CU_add_test(s, "no options", test_no_options);
	CU_add_test(s, "-a/-b/--vdev in every spelling", test_device_options);
	CU_add_test(s, "devices keep command-line order", test_devices_keep_order);
	CU_add_test(s, "--no-pci, --iova-mode, --vfio-intr", test_scalar_options);
	CU_add_test(s, "--vfio-vf-token", test_vf_token);
	CU_add_test(s, "-h/-v and grouped short options", test_help_version);
	CU_add_test(s, "--log-level forms", test_log_level_option);
	CU_add_test(s, "-- ends the options and is counted", test_double_dash);
	CU_add_test(s, "one exact error line per bad option", test_errors);
	CU_add_test(s, "-a and -b exclude each other", test_allow_block_exclusive);
	CU_add_test(s, "an error frees what earlier options stored", test_error_after_allocations);
	CU_add_test(s, "parsing is repeatable", test_repeatable);
	CU_add_test(s, "usage lists every option", test_usage_lists_every_option);
	return test_run_registry();
}
