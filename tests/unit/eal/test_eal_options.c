/* SPDX-License-Identifier: BSD-3-Clause */
/* EAL option parser: every option in each spelling, what it stores, and its error lines. */

#include <CUnit/Basic.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

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
	CU_ASSERT_PTR_NULL(c.opts.plugins);
	CU_ASSERT_EQUAL(c.opts.n_plugins, 0);
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
	struct parse_call c = {.args = {"-d", "/a/x.so", "-d/b", "-d", "y.so", NULL}};
	PARSE_OK(&c, 6);
	CU_ASSERT_EQUAL_FATAL(c.opts.n_plugins, 3);
	CU_ASSERT_STRING_EQUAL(c.opts.plugins[0], "/a/x.so");
	CU_ASSERT_STRING_EQUAL(c.opts.plugins[1], "/b");
	CU_ASSERT_STRING_EQUAL(c.opts.plugins[2], "y.so");
	eal_options_free(&c.opts);
	CU_ASSERT_PTR_NULL(c.opts.plugins);
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


/* The lcore a parse enabled, with its index and CPUs. */
static void check_lcore(const struct eal_lcore_opts *lo, unsigned int id, int index,
			const char *cpus)
{
	CU_ASSERT_TRUE_FATAL(lo->enabled[id]);
	CU_ASSERT_EQUAL(lo->index[id], index);
	cpu_set_t want;
	CPU_ZERO(&want);
	/* cpus: "1,5-7" */
	for (const char *p = cpus; *p != '\0';) {
		char *end;
		unsigned long lo_cpu = strtoul(p, &end, 10), hi_cpu = lo_cpu;
		if (*end == '-')
			hi_cpu = strtoul(end + 1, &end, 10);
		for (unsigned long c = lo_cpu; c <= hi_cpu; c++)
			CPU_SET(c, &want);
		p = *end == ',' ? end + 1 : end;
	}
	CU_ASSERT_TRUE(CPU_EQUAL(&want, &lo->cpus[id]));
	if (!CPU_EQUAL(&want, &lo->cpus[id]))
		fprintf(stderr, "\n  lcore %u: cpus differ from %s (count %d)", id, cpus,
			CPU_COUNT(&lo->cpus[id]));
}

static void test_lcore_list_and_mask(void)
{
	struct parse_call c = {.args = {"-l", "0-3,6", NULL}};
	PARSE_OK(&c, 3);
	CU_ASSERT_STRING_EQUAL(c.opts.lcores.option, "-l");
	CU_ASSERT_EQUAL(c.opts.lcores.count, 5);
	for (unsigned int i = 0; i < 4; i++)
		check_lcore(&c.opts.lcores, i, (int)i, (char[]){(char)('0' + i), 0});
	check_lcore(&c.opts.lcores, 6, 4, "6");
	CU_ASSERT_FALSE(c.opts.lcores.enabled[4]);
	CU_ASSERT_EQUAL(c.opts.lcores.main_lcore, -1);

	/* Index follows the order given; a repeated id keeps its first index. */
	struct parse_call o = {.args = {"-l3,1,3", NULL}};
	PARSE_OK(&o, 2);
	CU_ASSERT_EQUAL(o.opts.lcores.count, 2);
	check_lcore(&o.opts.lcores, 3, 0, "3");
	check_lcore(&o.opts.lcores, 1, 1, "1");

	struct parse_call m = {.args = {"-c", "0x5", "--main-lcore", "2", NULL}};
	PARSE_OK(&m, 5);
	CU_ASSERT_STRING_EQUAL(m.opts.lcores.option, "-c");
	CU_ASSERT_EQUAL(m.opts.lcores.count, 2);
	check_lcore(&m.opts.lcores, 0, 0, "0");
	check_lcore(&m.opts.lcores, 2, 1, "2");
	CU_ASSERT_EQUAL(m.opts.lcores.main_lcore, 2);

	/* Without 0x, upper case, the highest lcore id. */
	struct parse_call h = {.args = {"-cF0", NULL}};
	PARSE_OK(&h, 2);
	CU_ASSERT_EQUAL(h.opts.lcores.count, 4);
	check_lcore(&h.opts.lcores, 4, 0, "4");
	check_lcore(&h.opts.lcores, 7, 3, "7");
	struct parse_call top = {.args = {"-c", "0x80000000000000000000000000000000", NULL}};
	PARSE_OK(&top, 3);
	check_lcore(&top.opts.lcores, 127, 0, "127");
	struct parse_call l127 = {.args = {"-l", "127", NULL}};
	PARSE_OK(&l127, 3);
	check_lcore(&l127.opts.lcores, 127, 0, "127");
}

/* DPDK's own example of --lcores, and each form alone. */
static void test_lcores_map(void)
{
	struct parse_call c = {.args = {"--lcores", "1,2@(5-7),(3-5)@(0,2),(0,6),7-8", NULL}};
	PARSE_OK(&c, 3);
	const struct eal_lcore_opts *lo = &c.opts.lcores;
	CU_ASSERT_STRING_EQUAL(lo->option, "--lcores");
	CU_ASSERT_EQUAL(lo->count, 9);
	check_lcore(lo, 1, 0, "1");
	check_lcore(lo, 2, 1, "5-7");
	check_lcore(lo, 3, 2, "0,2");
	check_lcore(lo, 4, 3, "0,2");
	check_lcore(lo, 5, 4, "0,2");
	check_lcore(lo, 0, 5, "0,6");
	check_lcore(lo, 6, 6, "0,6");
	check_lcore(lo, 7, 7, "7");
	check_lcore(lo, 8, 8, "8");

	struct parse_call r = {.args = {"--lcores=0-2@3", NULL}};
	PARSE_OK(&r, 2);
	for (unsigned int i = 0; i < 3; i++)
		check_lcore(&r.opts.lcores, i, (int)i, "3");

	/* A CPU above RTE_MAX_LCORE is fine (CPU ids go to CPU_SETSIZE). */
	struct parse_call big = {.args = {"--lcores", "(0-1)@(200,1023)", NULL}};
	PARSE_OK(&big, 3);
	check_lcore(&big.opts.lcores, 0, 0, "200,1023");
	check_lcore(&big.opts.lcores, 1, 1, "200,1023");

	/* A later assignment of an lcore replaces its CPUs. */
	struct parse_call again = {.args = {"--lcores", "0@1,0@2", NULL}};
	PARSE_OK(&again, 3);
	CU_ASSERT_EQUAL(again.opts.lcores.count, 1);
	check_lcore(&again.opts.lcores, 0, 0, "2");
}

static void test_lcore_errors(void)
{
	expect_error("lib.eal: option -l: invalid lcore list '0-' (expected ids and ranges below "
		     "128, such as 0-3,6)\n",
		     "-l", "0-", NULL, NULL);
	expect_error("lib.eal: option -l: invalid lcore list '3-1' (expected ids and ranges below "
		     "128, such as 0-3,6)\n",
		     "-l", "3-1", NULL, NULL);
	expect_error("lib.eal: option -l: invalid lcore list '128' (expected ids and ranges below "
		     "128, such as 0-3,6)\n",
		     "-l128", NULL, NULL, NULL);
	expect_error("lib.eal: option -l: invalid lcore list '0,,1' (expected ids and ranges below "
		     "128, such as 0-3,6)\n",
		     "-l", "0,,1", NULL, NULL);
	expect_error("lib.eal: option -l: missing value (expected LIST)\n", "-l", NULL, NULL, NULL);
	expect_error("lib.eal: option -c: mask '0x0' selects no lcore\n", "-c", "0x0", NULL, NULL);
	expect_error("lib.eal: option -c: invalid mask '0xg' (expected hexadecimal digits, such as "
		     "0x3 for lcores 0 and 1)\n",
		     "-c", "0xg", NULL, NULL);
	expect_error("lib.eal: option -c: invalid mask '0x' (expected hexadecimal digits, such as "
		     "0x3 for lcores 0 and 1)\n",
		     "-c", "0x", NULL, NULL);
	expect_error("lib.eal: option -c: mask '0x100000000000000000000000000000000' has lcore 128 "
		     "(lcore ids are below 128)\n",
		     "-c", "0x100000000000000000000000000000000", NULL, NULL);
	expect_error("lib.eal: option --lcores: invalid CPU set at '' in '1@' (expected a CPU "
		     "below 1024, a range N-M or a group (N,M-K))\n",
		     "--lcores", "1@", NULL, NULL);
	expect_error("lib.eal: option --lcores: invalid lcore set at '(1' in '(1' (expected an id "
		     "below 128, a range N-M or a group (N,M-K), optionally @ a CPU set)\n",
		     "--lcores", "(1", NULL, NULL);
	expect_error("lib.eal: option --lcores: invalid CPU set at '(2' in '1@(2' (expected a CPU "
		     "below 1024, a range N-M or a group (N,M-K))\n",
		     "--lcores", "1@(2", NULL, NULL);
	expect_error("lib.eal: option --lcores: unexpected ';' at ';2' in '1;2' (items are "
		     "separated by ',')\n",
		     "--lcores", "1;2", NULL, NULL);
	expect_error("lib.eal: option --lcores: invalid CPU set at '1024' in '0@1024' (expected a "
		     "CPU below 1024, a range N-M or a group (N,M-K))\n",
		     "--lcores", "0@1024", NULL, NULL);
	expect_error("lib.eal: option -c: cannot be combined with -l (give the lcores once, with "
		     "one of -l, -c or --lcores)\n",
		     "-l", "0", "-c", "1");
	expect_error("lib.eal: option --main-lcore: invalid lcore id '128' (expected 0-127)\n",
		     "--main-lcore", "128", NULL, NULL);
	expect_error("lib.eal: option --main-lcore: invalid lcore id 'x' (expected 0-127)\n",
		     "--main-lcore=x", NULL, NULL, NULL);
	expect_error("lib.eal: option --main-lcore: lcore 5 is not one of the lcores given with "
		     "-l\n",
		     "-l", "0-3", "--main-lcore", "5");
}

static void test_dpdk_command_lines(void)
{
	/* What nearly every DPDK command line carries, and what DPDK's own tests pass. */
	struct parse_call c = {.args = {"-l", "0", "-n", "4", "--file-prefix", "x", "--no-telemetry",
					"--no-shconf", "-a", "0000:00:02.0", NULL}};
	PARSE_OK(&c, 11);
	CU_ASSERT_EQUAL(c.opts.cfg.mem_channels, 4);
	CU_ASSERT_STRING_EQUAL(c.opts.cfg.file_prefix, "x");
	CU_ASSERT_TRUE(c.opts.cfg.no_telemetry);
	CU_ASSERT_TRUE(c.opts.cfg.no_shconf);
	CU_ASSERT_EQUAL(c.opts.n_devs, 1);
	eal_options_free(&c.opts);

	struct parse_call t = {
	    .args = {"--no-huge", "-m", "64", "--no-shconf", "--no-telemetry", "-l", "0", NULL}};
	PARSE_OK(&t, 8);
	CU_ASSERT_TRUE(t.opts.cfg.no_huge);
	CU_ASSERT_EQUAL(t.opts.cfg.mem_total, UINT64_C(64) << 20);
	CU_ASSERT_EQUAL(t.opts.lcores.count, 1);
}

static void test_process_and_memory_options(void)
{
	struct parse_call c = {.args = {"-r", "2", "--proc-type", "auto", "--in-memory",
					"--huge-unlink", "--single-file-segments", "--legacy-mem",
					"--match-allocations", "--telemetry", NULL}};
	PARSE_OK(&c, 11);
	CU_ASSERT_EQUAL(c.opts.cfg.mem_ranks, 2);
	CU_ASSERT_EQUAL(c.opts.cfg.process_type, RTE_PROC_PRIMARY);
	CU_ASSERT_TRUE(c.opts.cfg.in_memory);
	CU_ASSERT_TRUE(c.opts.cfg.no_shconf);
	CU_ASSERT_EQUAL(c.opts.cfg.huge_unlink, EAL_HUGE_UNLINK_EXISTING);
	CU_ASSERT_TRUE(c.opts.cfg.single_file_segments);
	CU_ASSERT_TRUE(c.opts.cfg.legacy_mem);
	CU_ASSERT_TRUE(c.opts.cfg.match_allocations);
	CU_ASSERT_FALSE(c.opts.cfg.no_telemetry);

	const char *unlink_forms[] = {"--huge-unlink=existing", "--huge-unlink=always",
				      "--huge-unlink=never"};
	enum eal_huge_unlink unlink_want[] = {EAL_HUGE_UNLINK_EXISTING, EAL_HUGE_UNLINK_ALWAYS,
					      EAL_HUGE_UNLINK_NEVER};
	for (size_t i = 0; i < RTE_DIM(unlink_forms); i++) {
		struct parse_call u = {.args = {unlink_forms[i], NULL}};
		PARSE_OK(&u, 2);
		CU_ASSERT_EQUAL(u.opts.cfg.huge_unlink, unlink_want[i]);
	}
	struct parse_call p = {.args = {"--proc-type=primary", "--no-telemetry", "--telemetry",
					"--syslog", "local3", NULL}};
	PARSE_OK(&p, 6);
	CU_ASSERT_FALSE(p.opts.cfg.no_telemetry); /* the last one counts */
	CU_ASSERT_EQUAL(p.opts.cfg.syslog_facility, LOG_LOCAL3);

	struct parse_call l = {.args = {"--socket-limit", "1024,0,512", "--socket-mem", "512,0",
					"--base-virtaddr", "0x100000000", NULL}};
	PARSE_OK(&l, 7);
	CU_ASSERT_EQUAL(l.opts.cfg.nb_socket_limit, 3);
	CU_ASSERT_EQUAL(l.opts.cfg.socket_limit[0], UINT64_C(1024) << 20);
	CU_ASSERT_EQUAL(l.opts.cfg.socket_limit[1], 0);
	CU_ASSERT_EQUAL(l.opts.cfg.socket_limit[2], UINT64_C(512) << 20);
	CU_ASSERT_EQUAL(l.opts.cfg.base_virtaddr, UINT64_C(0x100000000));
	struct parse_call b = {.args = {"--base-virtaddr=7f0000000000", NULL}};
	PARSE_OK(&b, 2);
	CU_ASSERT_EQUAL(b.opts.cfg.base_virtaddr, UINT64_C(0x7f0000000000));
}

static void test_plugins_and_trace(void)
{
	struct parse_call c = {.args = {"-d", "/opt/pmds", "-d/opt/librte_net_x.so", "--trace",
					"lib.eal.*", "--trace-dir=/tmp", "--trace-bufsz", "2M",
					"--trace-mode", "overwrite", NULL}};
	PARSE_OK(&c, 11);
	CU_ASSERT_EQUAL_FATAL(c.opts.n_plugins, 2);
	CU_ASSERT_STRING_EQUAL(c.opts.plugins[0], "/opt/pmds");
	CU_ASSERT_STRING_EQUAL(c.opts.plugins[1], "/opt/librte_net_x.so");
	CU_ASSERT_STRING_EQUAL(c.opts.trace_option, "trace");
	eal_options_free(&c.opts);
	CU_ASSERT_PTR_NULL(c.opts.plugins);
	CU_ASSERT_EQUAL(c.opts.n_plugins, 0);

	struct parse_call m = {.args = {"--trace-mode=d", NULL}};
	PARSE_OK(&m, 2);
	CU_ASSERT_STRING_EQUAL(m.opts.trace_option, "trace-mode");
}

static void test_compat_errors(void)
{
	expect_error("lib.eal: option -n: invalid number of memory channels '0' (expected "
		     "1-1024)\n",
		     "-n", "0", NULL, NULL);
	expect_error("lib.eal: option -n: invalid number of memory channels '4x' (expected "
		     "1-1024)\n",
		     "-n4x", NULL, NULL, NULL);
	expect_error("lib.eal: option -r: invalid number of memory ranks '17' (expected 1-16)\n",
		     "-r", "17", NULL, NULL);
	expect_error("lib.eal: option --file-prefix: invalid prefix 'a/b' (expected a non-empty "
		     "name without '/' or '%')\n",
		     "--file-prefix", "a/b", NULL, NULL);
	expect_error("lib.eal: option --file-prefix: invalid prefix '' (expected a non-empty name "
		     "without '/' or '%')\n",
		     "--file-prefix=", NULL, NULL, NULL);
	expect_error("lib.eal: option --proc-type: invalid process type 'other' (expected "
		     "primary, secondary or auto)\n",
		     "--proc-type", "other", NULL, NULL);
	expect_error("lib.eal: option --huge-unlink: invalid value 'sometimes' (expected existing, "
		     "always or never)\n",
		     "--huge-unlink=sometimes", NULL, NULL, NULL);
	/* The value of an optional argument is only taken after '=', as getopt does. */
	expect_error("lib.eal: unexpected argument 'never' (application arguments go after "
		     "'--')\n",
		     "--huge-unlink", "never", NULL, NULL);
	expect_error("lib.eal: option --socket-limit: invalid list '1024,x' (expected megabytes "
		     "per socket, 0 for no limit, e.g. 1024,0)\n",
		     "--socket-limit", "1024,x", NULL, NULL);
	expect_error("lib.eal: option --socket-limit: invalid list '' (expected megabytes per "
		     "socket, 0 for no limit, e.g. 1024,0)\n",
		     "--socket-limit=", NULL, NULL, NULL);
	expect_error("lib.eal: option --socket-limit: 256 MB on socket 0 is below the 512 MB "
		     "--socket-mem reserves there\n",
		     "--socket-mem", "512", "--socket-limit", "256");
	expect_error("lib.eal: option --base-virtaddr: invalid address '0x' (expected a non-zero "
		     "hexadecimal address, e.g. 0x100000000)\n",
		     "--base-virtaddr", "0x", NULL, NULL);
	expect_error("lib.eal: option --base-virtaddr: invalid address '0' (expected a non-zero "
		     "hexadecimal address, e.g. 0x100000000)\n",
		     "--base-virtaddr", "0", NULL, NULL);
	expect_error("lib.eal: option --base-virtaddr: invalid address '0x1g' (expected a non-zero "
		     "hexadecimal address, e.g. 0x100000000)\n",
		     "--base-virtaddr", "0x1g", NULL, NULL);
	expect_error("lib.eal: option --syslog: invalid facility 'local8' (expected auth, cron, "
		     "daemon, ftp, kern, lpr, mail, news, syslog, user, uucp or local0-local7)\n",
		     "--syslog", "local8", NULL, NULL);
	expect_error("lib.eal: option --trace-mode: invalid mode 'x' (expected o, overwrite, d or "
		     "discard)\n",
		     "--trace-mode", "x", NULL, NULL);
	expect_error("lib.eal: option --trace-bufsz: invalid size '2MB' (expected a number of "
		     "bytes, with an optional K, M or G suffix)\n",
		     "--trace-bufsz", "2MB", NULL, NULL);
	expect_error("lib.eal: option --trace: empty value\n", "--trace=", NULL, NULL, NULL);
	expect_error("lib.eal: option -d: empty path (expected a PMD shared object or a directory "
		     "of them)\n",
		     "-d", "", NULL, NULL);
	expect_error("lib.eal: option --no-shconf: takes no value (got '1')\n", "--no-shconf=1",
		     NULL, NULL, NULL);
	/* What -d stored is freed by a later error. */
	expect_error("lib.eal: unknown option '--bogus' (-h lists the EAL options)\n", "-d", "x.so",
		     "--bogus", NULL);

	/* Secondary processes: refused with ENOTSUP, one line. */
	struct parse_call s = {.args = {"--proc-type", "secondary", NULL}};
	char *log = parse(&s);
	CU_ASSERT_EQUAL(s.ret, -1);
	CU_ASSERT_EQUAL(s.err, ENOTSUP);
	CU_ASSERT_STRING_EQUAL(log, "lib.eal: option --proc-type: secondary processes are not "
				    "supported yet (openeal has no multi-process support; run as "
				    "primary)\n");
	free(log);
}

/* DPDK takes any prefix of a level name. */
static void test_log_level_prefixes(void)
{
	check_log_opt("warn", EAL_LOGOPT_GLOBAL, NULL, RTE_LOG_WARNING);
	check_log_opt("lib.eal:not", EAL_LOGOPT_GLOB, "lib.eal", RTE_LOG_NOTICE);
	check_log_opt("^pmd,inf", EAL_LOGOPT_REGEX, "^pmd", RTE_LOG_INFO);
	check_log_opt("e", EAL_LOGOPT_GLOBAL, NULL, RTE_LOG_EMERG);
	check_log_opt("cri", EAL_LOGOPT_GLOBAL, NULL, RTE_LOG_CRIT);
	check_log_opt("DEB", EAL_LOGOPT_GLOBAL, NULL, RTE_LOG_DEBUG);
	expect_error("lib.eal: option --log-level: invalid level 'debugx' in 'debugx' (expected "
		     "1-8 or emergency, alert, critical, error, warning, notice, info, debug)\n",
		     "--log-level", "debugx", NULL, NULL);
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
				"--no-pci",
				"--iova-mode pa|va",
				"--log-level [TYPE:]LEVEL",
				"--vfio-intr legacy|msi|msix",
				"--vfio-vf-token UUID",
				"--hotplug-bind DRIVER",
				"-m, --memory MB",
				"--socket-mem MB[,MB...]",
				"--no-huge",
				"--huge-dir DIR",
				"-h, --help",
				"-v, --version",
				"-l LIST",
				"-c MASK",
				"--lcores MAP",
				"--main-lcore ID",
				"-d LIB|DIR",
				"-n N",
				"-r N",
				"--file-prefix NAME",
				"--proc-type primary|secondary|auto",
				"--no-shconf",
				"--in-memory",
				"--huge-unlink[=existing|always|never]",
				"--single-file-segments",
				"--legacy-mem",
				"--match-allocations",
				"--socket-limit MB[,MB...]",
				"--base-virtaddr ADDR",
				"--no-telemetry",
				"--telemetry",
				"--syslog FACILITY",
				"--trace REGEX",
				"--trace-dir DIR",
				"--trace-bufsz SIZE",
				"--trace-mode o|d"};
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
	CU_add_test(s, "-l and -c", test_lcore_list_and_mask);
	CU_add_test(s, "--lcores with @CPU sets and (groups)", test_lcores_map);
	CU_add_test(s, "bad lcore options: one exact line each", test_lcore_errors);
	CU_add_test(s, "DPDK's usual command lines", test_dpdk_command_lines);
	CU_add_test(s, "process and memory options", test_process_and_memory_options);
	CU_add_test(s, "-d and --trace*", test_plugins_and_trace);
	CU_add_test(s, "bad DPDK option values: one exact line each", test_compat_errors);
	CU_add_test(s, "--log-level takes level-name prefixes", test_log_level_prefixes);
	return test_run_registry();
}
