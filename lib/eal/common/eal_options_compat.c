/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The rest of DPDK 22.11's EAL options, with its syntax: lcores (-l, -c, --lcores,
 * --main-lcore), driver plugins (-d), process and memory options, logging and tracing.
 * Each is validated as DPDK validates it; doc/options.md says, for each, what openeal does with
 * it or why it is recorded and changes nothing. Like the parser's own options, no function here
 * has a side effect beyond *opts.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include <rte_log.h>

#include "eal_options_table.h"

/* A decimal number 1..max with nothing after it. 0 or -1. */
static int parse_uint(const char *text, unsigned long max, unsigned long *out)
{
	unsigned long v = 0;
	if (text[0] == '\0')
		return -1;
	for (const char *p = text; *p != '\0'; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		v = v * 10 + (unsigned long)(*p - '0');
		if (v > max)
			return -1;
	}
	*out = v;
	return v == 0 ? -1 : 0;
}

typedef int (*lcore_parser_t)(struct eal_lcore_opts *lo, const char *text, char *why, size_t len);

static int apply_lcores_with(struct eal_options *opts, const struct eal_option *opt,
			     const char *value, const char *label, lcore_parser_t parse)
{
	struct eal_lcore_opts *lo = &opts->lcores;
	if (lo->option != NULL)
		return eal_option_error(opt, EINVAL,
					"cannot be combined with %s (give the lcores once, with "
					"one of -l, -c or --lcores)",
					lo->option);
	char why[256];
	if (parse(lo, value, why, sizeof(why)) != 0) {
		/* Nothing half-parsed stays: a later check must not see these lcores. */
		int main_lcore = lo->main_lcore;
		memset(lo, 0, sizeof(*lo));
		lo->main_lcore = main_lcore;
		return eal_option_error(opt, EINVAL, "%s", why);
	}
	lo->option = label;
	return 0;
}

static int apply_lcore_list(struct eal_options *opts, const struct eal_option *opt,
			    const char *value)
{
	return apply_lcores_with(opts, opt, value, "-l", eal_lcores_parse_list);
}

static int apply_lcore_mask(struct eal_options *opts, const struct eal_option *opt,
			    const char *value)
{
	return apply_lcores_with(opts, opt, value, "-c", eal_lcores_parse_mask);
}

static int apply_lcore_map(struct eal_options *opts, const struct eal_option *opt,
			   const char *value)
{
	return apply_lcores_with(opts, opt, value, "--lcores", eal_lcores_parse_map);
}

static int apply_main_lcore(struct eal_options *opts, const struct eal_option *opt,
			    const char *value)
{
	unsigned long id;
	/* 0 is a valid id: parse_uint refuses it, so test it first. */
	if (strcmp(value, "0") == 0)
		id = 0;
	else if (parse_uint(value, RTE_MAX_LCORE - 1, &id) != 0)
		return eal_option_error(opt, EINVAL, "invalid lcore id '%s' (expected 0-%d)", value,
					RTE_MAX_LCORE - 1);
	opts->lcores.main_lcore = (int)id;
	return 0;
}

static int apply_plugin(struct eal_options *opts, const struct eal_option *opt, const char *value)
{
	if (value[0] == '\0')
		return eal_option_error(opt, EINVAL,
					"empty path (expected a PMD shared object or a directory "
					"of them)");
	const char **p = realloc(opts->plugins, (opts->n_plugins + 1) * sizeof(p[0]));
	if (p == NULL)
		return eal_option_error(opt, ENOMEM, "out of memory");
	opts->plugins = p;
	p[opts->n_plugins++] = value;
	return 0;
}

static int apply_mem_channels(struct eal_options *opts, const struct eal_option *opt,
			      const char *value)
{
	unsigned long n;
	if (parse_uint(value, 1024, &n) != 0)
		return eal_option_error(
		    opt, EINVAL, "invalid number of memory channels '%s' (expected 1-1024)", value);
	opts->cfg.mem_channels = (unsigned int)n;
	return 0;
}

static int apply_mem_ranks(struct eal_options *opts, const struct eal_option *opt,
			   const char *value)
{
	unsigned long n;
	/* DPDK's bound: at most 16 ranks. */
	if (parse_uint(value, 16, &n) != 0)
		return eal_option_error(
		    opt, EINVAL, "invalid number of memory ranks '%s' (expected 1-16)", value);
	opts->cfg.mem_ranks = (unsigned int)n;
	return 0;
}

static int apply_file_prefix(struct eal_options *opts, const struct eal_option *opt,
			     const char *value)
{
	if (value[0] == '\0' || strchr(value, '/') != NULL || strchr(value, '%') != NULL)
		return eal_option_error(opt, EINVAL,
					"invalid prefix '%s' (expected a non-empty name without "
					"'/' or '%%')",
					value);
	if (strlen(value) >= sizeof(opts->cfg.file_prefix))
		return eal_option_error(opt, EINVAL, "prefix longer than %zu bytes",
					sizeof(opts->cfg.file_prefix) - 1);
	snprintf(opts->cfg.file_prefix, sizeof(opts->cfg.file_prefix), "%s", value);
	return 0;
}

static int apply_proc_type(struct eal_options *opts, const struct eal_option *opt,
			   const char *value)
{
	if (strcmp(value, "primary") == 0 || strcmp(value, "auto") == 0) {
		/* auto finds no running primary: openeal processes share nothing. */
		opts->cfg.process_type = RTE_PROC_PRIMARY;
		return 0;
	}
	if (strcmp(value, "secondary") == 0)
		return eal_option_error(opt, ENOTSUP,
					"secondary processes are not supported yet (openeal has "
					"no multi-process support; run as primary)");
	return eal_option_error(
	    opt, EINVAL, "invalid process type '%s' (expected primary, secondary or auto)", value);
}

static int apply_flag(struct eal_options *opts, const struct eal_option *opt, const char *value)
{
	RTE_SET_USED(value);
	struct eal_config *cfg = &opts->cfg;
	if (strcmp(opt->name, "no-shconf") == 0)
		cfg->no_shconf = true;
	else if (strcmp(opt->name, "in-memory") == 0)
		cfg->in_memory = cfg->no_shconf = true;
	else if (strcmp(opt->name, "single-file-segments") == 0)
		cfg->single_file_segments = true;
	else if (strcmp(opt->name, "legacy-mem") == 0)
		cfg->legacy_mem = true;
	else if (strcmp(opt->name, "match-allocations") == 0)
		cfg->match_allocations = true;
	else if (strcmp(opt->name, "no-telemetry") == 0)
		cfg->no_telemetry = true;
	else if (strcmp(opt->name, "telemetry") == 0)
		cfg->no_telemetry = false;
	return 0;
}

static int apply_huge_unlink(struct eal_options *opts, const struct eal_option *opt,
			     const char *value)
{
	if (value == NULL || strcmp(value, "existing") == 0)
		opts->cfg.huge_unlink = EAL_HUGE_UNLINK_EXISTING;
	else if (strcmp(value, "always") == 0)
		opts->cfg.huge_unlink = EAL_HUGE_UNLINK_ALWAYS;
	else if (strcmp(value, "never") == 0)
		opts->cfg.huge_unlink = EAL_HUGE_UNLINK_NEVER;
	else
		return eal_option_error(
		    opt, EINVAL, "invalid value '%s' (expected existing, always or never)", value);
	return 0;
}

/* Megabytes per socket, "0" meaning no limit there: 1024,0,512. */
static int apply_socket_limit(struct eal_options *opts, const struct eal_option *opt,
			      const char *value)
{
	struct eal_config *cfg = &opts->cfg;
	uint64_t limit[RTE_MAX_NUMA_NODES] = {0};
	unsigned int n = 0;
	for (const char *p = value;; n++) {
		size_t len = strcspn(p, ",");
		char item[16];
		unsigned long mb = 0;
		if (n == RTE_MAX_NUMA_NODES)
			return eal_option_error(opt, EINVAL, "more than %d sockets in '%s'",
						RTE_MAX_NUMA_NODES, value);
		if (len >= sizeof(item))
			goto bad;
		memcpy(item, p, len);
		item[len] = '\0';
		if (strcmp(item, "0") != 0 && parse_uint(item, 1UL << 40, &mb) != 0)
			goto bad;
		limit[n] = (uint64_t)mb << 20;
		if (p[len] == '\0')
			break;
		p += len + 1;
	}
	memcpy(cfg->socket_limit, limit, sizeof(limit));
	cfg->nb_socket_limit = n + 1;
	return 0;
bad:
	return eal_option_error(opt, EINVAL,
				"invalid list '%s' (expected megabytes per socket, 0 for no "
				"limit, e.g. 1024,0)",
				value);
}

static int apply_base_virtaddr(struct eal_options *opts, const struct eal_option *opt,
			       const char *value)
{
	const char *p = value;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		p += 2;
	char *end;
	errno = 0;
	unsigned long long addr = strtoull(p, &end, 16);
	/* Above 2^56 no x86-64 or arm64 process has user addresses (5-level paging included). */
	if (p[0] == '\0' || *end != '\0' || errno != 0 || addr == 0 || p[0] == '-' || p[0] == '+' ||
	    p[0] == ' ' || addr >= (1ull << 56))
		return eal_option_error(opt, EINVAL,
					"invalid address '%s' (expected a non-zero hexadecimal "
					"address, e.g. 0x100000000)",
					value);
	opts->cfg.base_virtaddr = addr;
	return 0;
}

static int apply_syslog(struct eal_options *opts, const struct eal_option *opt, const char *value)
{
	static const struct {
		const char *name;
		int facility;
	} facilities[] = {
	    {"auth", LOG_AUTH},	    {"cron", LOG_CRON},	    {"daemon", LOG_DAEMON},
	    {"ftp", LOG_FTP},	    {"kern", LOG_KERN},	    {"lpr", LOG_LPR},
	    {"mail", LOG_MAIL},	    {"news", LOG_NEWS},	    {"syslog", LOG_SYSLOG},
	    {"user", LOG_USER},	    {"uucp", LOG_UUCP},	    {"local0", LOG_LOCAL0},
	    {"local1", LOG_LOCAL1}, {"local2", LOG_LOCAL2}, {"local3", LOG_LOCAL3},
	    {"local4", LOG_LOCAL4}, {"local5", LOG_LOCAL5}, {"local6", LOG_LOCAL6},
	    {"local7", LOG_LOCAL7},
	};
	for (size_t i = 0; i < RTE_DIM(facilities); i++)
		if (strcmp(value, facilities[i].name) == 0) {
			opts->cfg.syslog_facility = facilities[i].facility;
			return 0;
		}
	return eal_option_error(opt, EINVAL,
				"invalid facility '%s' (expected auth, cron, daemon, ftp, kern, "
				"lpr, mail, news, syslog, user, uucp or local0-local7)",
				value);
}

static int note_trace(struct eal_options *opts, const struct eal_option *opt)
{
	if (opts->trace_option == NULL)
		opts->trace_option = opt->name;
	return 0;
}

static int apply_trace(struct eal_options *opts, const struct eal_option *opt, const char *value)
{
	if (value[0] == '\0')
		return eal_option_error(opt, EINVAL, "empty value");
	return note_trace(opts, opt);
}

static int apply_trace_bufsz(struct eal_options *opts, const struct eal_option *opt,
			     const char *value)
{
	/* DPDK's form: a number with an optional K, M or G suffix. */
	const char *p = value;
	while (*p >= '0' && *p <= '9')
		p++;
	if (p == value || (*p != '\0' && strchr("kKmMgG", *p) == NULL) ||
	    (*p != '\0' && p[1] != '\0'))
		return eal_option_error(opt, EINVAL,
					"invalid size '%s' (expected a number of bytes, with an "
					"optional K, M or G suffix)",
					value);
	return note_trace(opts, opt);
}

static int apply_trace_mode(struct eal_options *opts, const struct eal_option *opt,
			    const char *value)
{
	static const char *const modes[] = {"o", "overwrite", "d", "discard"};
	for (size_t i = 0; i < RTE_DIM(modes); i++)
		if (strcmp(value, modes[i]) == 0)
			return note_trace(opts, opt);
	return eal_option_error(opt, EINVAL,
				"invalid mode '%s' (expected o, overwrite, d or discard)", value);
}

const struct eal_option eal_compat_options[] = {
    {NULL, 'l', "LIST", "Lcores, e.g. 0-3,6: lcore N runs on CPU N (default: one per CPU)",
     apply_lcore_list, EAL_ARG_REQUIRED},
    {NULL, 'c', "MASK", "Lcores as a hexadecimal mask, e.g. 0x3 for lcores 0 and 1",
     apply_lcore_mask, EAL_ARG_REQUIRED},
    {"lcores", 0, "MAP",
     "Lcores and their CPUs: LCORES[@CPUS],..., each a number, a range or a (group), e.g. "
     "0@1,(2-3)@(4-5)",
     apply_lcore_map, EAL_ARG_REQUIRED},
    {"main-lcore", 0, "ID", "The lcore of the thread calling rte_eal_init (default: lowest)",
     apply_main_lcore, EAL_ARG_REQUIRED},
    {NULL, 'd', "LIB|DIR", "Load a PMD shared object, or each of a directory's (repeatable)",
     apply_plugin, EAL_ARG_REQUIRED},
    {NULL, 'n', "N", "Memory channels (accepted; openeal places memory without it)",
     apply_mem_channels, EAL_ARG_REQUIRED},
    {NULL, 'r', "N", "Memory ranks (accepted; openeal places memory without it)", apply_mem_ranks,
     EAL_ARG_REQUIRED},
    {"file-prefix", 0, "NAME", "Name of runtime files (accepted; openeal creates none)",
     apply_file_prefix, EAL_ARG_REQUIRED},
    {"proc-type", 0, "primary|secondary|auto",
     "Process type; only primary (auto means primary: there is no multi-process support)",
     apply_proc_type, EAL_ARG_REQUIRED},
    {"no-shconf", 0, NULL, "No shared config file (openeal never creates one)", apply_flag,
     EAL_ARG_NONE},
    {"in-memory", 0, NULL, "No files at all (openeal's default: hugepage files are unlinked)",
     apply_flag, EAL_ARG_NONE},
    {"huge-unlink", 0, "existing|always|never",
     "Hugepage file removal (openeal always unlinks them at once)", apply_huge_unlink,
     EAL_ARG_OPTIONAL},
    {"single-file-segments", 0, NULL, "Accepted (openeal has one file per segment already)",
     apply_flag, EAL_ARG_NONE},
    {"legacy-mem", 0, NULL, "Accepted (openeal's memory is dynamic only)", apply_flag,
     EAL_ARG_NONE},
    {"match-allocations", 0, NULL, "Accepted (openeal frees segments whole already)", apply_flag,
     EAL_ARG_NONE},
    {"socket-limit", 0, "MB[,MB...]",
     "Never use more DMA memory than this per NUMA socket (0: no limit there)", apply_socket_limit,
     EAL_ARG_REQUIRED},
    {"base-virtaddr", 0, "ADDR", "Preferred virtual address of DMA memory (hexadecimal)",
     apply_base_virtaddr, EAL_ARG_REQUIRED},
    {"no-telemetry", 0, NULL, "Accepted (openeal has no telemetry)", apply_flag, EAL_ARG_NONE},
    {"telemetry", 0, NULL, "Accepted (openeal has no telemetry)", apply_flag, EAL_ARG_NONE},
    {"syslog", 0, "FACILITY", "Syslog facility (accepted; openeal logs to stderr)", apply_syslog,
     EAL_ARG_REQUIRED},
    {"trace", 0, "REGEX", "Accepted, unsupported: openeal has no trace points", apply_trace,
     EAL_ARG_REQUIRED},
    {"trace-dir", 0, "DIR", "Accepted, unsupported (see --trace)", apply_trace, EAL_ARG_REQUIRED},
    {"trace-bufsz", 0, "SIZE", "Accepted, unsupported (see --trace)", apply_trace_bufsz,
     EAL_ARG_REQUIRED},
    {"trace-mode", 0, "o|d", "Accepted, unsupported (see --trace)", apply_trace_mode,
     EAL_ARG_REQUIRED},
};
const size_t eal_compat_options_count = RTE_DIM(eal_compat_options);

int eal_compat_options_check(const struct eal_options *opts)
{
	const struct eal_lcore_opts *lo = &opts->lcores;
	/* Without -l/-c/--lcores the lcores are the CPUs, known at init: checked there. */
	if (lo->main_lcore >= 0 && lo->option != NULL && !lo->enabled[lo->main_lcore]) {
		RTE_LOG(ERR, EAL,
			"option --main-lcore: lcore %d is not one of the lcores given with %s\n",
			lo->main_lcore, lo->option);
		return -EINVAL;
	}
	/* As DPDK: a socket's limit cannot be below what --socket-mem reserves there. */
	const struct eal_config *cfg = &opts->cfg;
	for (unsigned int s = 0; s < cfg->nb_socket_limit && s < cfg->nb_socket_mem; s++)
		if (cfg->socket_limit[s] != 0 && cfg->socket_limit[s] < cfg->socket_mem[s]) {
			RTE_LOG(ERR, EAL,
				"option --socket-limit: %" PRIu64 " MB on socket %u is below the "
				"%" PRIu64 " MB --socket-mem reserves there\n",
				cfg->socket_limit[s] >> 20, s, cfg->socket_mem[s] >> 20);
			return -EINVAL;
		}
	return 0;
}
