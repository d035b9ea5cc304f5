/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * EAL option parsing, with DPDK's option names. A small explicit parser rather than
 * getopt_long: getopt permutes argv, prints its own messages, accepts abbreviations and keeps
 * global state between calls, none of which a library that may be initialised repeatedly wants.
 * Accepted forms: "--opt value", "--opt=value", "-a value", "-avalue", "-hv".
 */

#include <ctype.h>
#include <errno.h>
#include <regex.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <rte_errno.h>
#include <rte_log.h>

#include "eal_options.h"
#include "eal_options_table.h"

/* "-a/--allow", "--vdev" or "-l": how messages name an option. */
struct option_label {
	char text[48];
};

static struct option_label option_label(const struct eal_option *opt)
{
	struct option_label l;
	if (opt->short_name != 0 && opt->name != NULL)
		snprintf(l.text, sizeof(l.text), "-%c/--%s", opt->short_name, opt->name);
	else if (opt->short_name != 0)
		snprintf(l.text, sizeof(l.text), "-%c", opt->short_name);
	else
		snprintf(l.text, sizeof(l.text), "--%s", opt->name);
	return l;
}

int eal_option_error(const struct eal_option *opt, int err, const char *fmt, ...)
{
	char reason[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	RTE_LOG(ERR, EAL, "option %s: %s\n", option_label(opt).text, reason);
	return -err;
}

static int add_device(struct eal_options *opts, const struct eal_option *opt, const char *value,
		      enum rte_devtype type)
{
	if (value[0] == '\0')
		return eal_option_error(opt, EINVAL, "empty device name");
	/* A bus either probes only what is allowed or all but what is blocked, never both. */
	enum rte_devtype other = type == RTE_DEVTYPE_ALLOWED   ? RTE_DEVTYPE_BLOCKED
				 : type == RTE_DEVTYPE_BLOCKED ? RTE_DEVTYPE_ALLOWED
							       : type;
	for (size_t i = 0; other != type && i < opts->n_devs; i++)
		if (opts->devs[i].type == other)
			return eal_option_error(opt, EINVAL,
					    "cannot be combined with %s (give either the devices "
					    "to use or the devices to skip)",
					    opts->devs[i].option);

	struct eal_devopt *devs = realloc(opts->devs, (opts->n_devs + 1) * sizeof(devs[0]));
	if (devs == NULL)
		return eal_option_error(opt, ENOMEM, "out of memory");
	opts->devs = devs;
	devs[opts->n_devs++] = (struct eal_devopt){
	    .type = type,
	    .option = type == RTE_DEVTYPE_ALLOWED   ? "-a/--allow"
		      : type == RTE_DEVTYPE_BLOCKED ? "-b/--block"
						    : "--vdev",
	    .str = value,
	};
	return 0;
}

static int apply_allow(struct eal_options *opts, const struct eal_option *opt, const char *value)
{
	return add_device(opts, opt, value, RTE_DEVTYPE_ALLOWED);
}

static int apply_block(struct eal_options *opts, const struct eal_option *opt, const char *value)
{
	return add_device(opts, opt, value, RTE_DEVTYPE_BLOCKED);
}

static int apply_vdev(struct eal_options *opts, const struct eal_option *opt, const char *value)
{
	return add_device(opts, opt, value, RTE_DEVTYPE_VIRTUAL);
}

static int apply_no_pci(struct eal_options *opts, const struct eal_option *opt, const char *value)
{
	RTE_SET_USED(opt);
	RTE_SET_USED(value);
	opts->cfg.no_pci = true;
	return 0;
}

static int apply_iova_mode(struct eal_options *opts, const struct eal_option *opt,
			   const char *value)
{
	if (strcmp(value, "pa") == 0)
		opts->cfg.iova_mode_req = RTE_IOVA_PA;
	else if (strcmp(value, "va") == 0)
		opts->cfg.iova_mode_req = RTE_IOVA_VA;
	else
		return eal_option_error(opt, EINVAL, "invalid value '%s' (expected pa or va)", value);
	return 0;
}

static int apply_vfio_intr(struct eal_options *opts, const struct eal_option *opt,
			   const char *value)
{
	if (strcmp(value, "legacy") == 0)
		opts->cfg.vfio_intr_mode = RTE_INTR_MODE_LEGACY;
	else if (strcmp(value, "msi") == 0)
		opts->cfg.vfio_intr_mode = RTE_INTR_MODE_MSI;
	else if (strcmp(value, "msix") == 0)
		opts->cfg.vfio_intr_mode = RTE_INTR_MODE_MSIX;
	else
		return eal_option_error(opt, EINVAL,
				    "invalid value '%s' (expected legacy, msi or msix)", value);
	return 0;
}

/*
 * The kernel drivers a userspace PMD runs on, the only ones the hotplug policy binds to. The
 * PCI bus checks each device as openeal bind does; the name is checked here, so that a typo
 * fails init with the option named instead of failing each arrival.
 */
static int apply_hotplug_bind(struct eal_options *opts, const struct eal_option *opt,
			      const char *value)
{
	static const char *const drivers[] = {"vfio-pci", "igb_uio", "uio_pci_generic"};

	for (size_t i = 0; i < RTE_DIM(drivers); i++) {
		if (strcmp(value, drivers[i]) == 0) {
			snprintf(opts->cfg.hotplug_bind, sizeof(opts->cfg.hotplug_bind), "%s",
				 value);
			return 0;
		}
	}
	return eal_option_error(opt, EINVAL,
				"invalid driver '%s' (expected vfio-pci, igb_uio or uio_pci_generic)",
				value);
}

static int apply_vf_token(struct eal_options *opts, const struct eal_option *opt, const char *value)
{
	if (rte_uuid_parse(value, opts->cfg.vfio_vf_token) != 0)
		return eal_option_error(opt, EINVAL,
				    "invalid UUID '%s' (expected 8-4-4-4-12 hex digits, e.g. "
				    "14d63f20-8445-11ea-8900-1f9ce7d5650d)",
				    value);
	return 0;
}

/*
 * DPDK also takes any prefix of a level's name ("warn", "crit", "d"), the first level in
 * severity order that it begins winning; rte_log_parse_level takes full names and a few short
 * ones. -1 when text begins no name.
 */
static int log_level_by_prefix(const char *text)
{
	static const char *const names[] = {"emergency", "alert", "critical", "error",
					    "warning",	 "notice", "info",     "debug"};
	size_t len = strlen(text);
	for (size_t i = 0; i < RTE_DIM(names) && len > 0; i++)
		if (strncasecmp(names[i], text, len) == 0)
			return (int)i + RTE_LOG_EMERG;
	return -1;
}

/* [TYPE:]LEVEL with TYPE a glob, or TYPE,LEVEL with TYPE a regular expression (as DPDK). */
static int apply_log_level(struct eal_options *opts, const struct eal_option *opt,
			   const char *value)
{
	enum eal_logopt_kind kind = EAL_LOGOPT_REGEX;
	const char *sep = strrchr(value, ',');
	if (sep == NULL) {
		kind = EAL_LOGOPT_GLOB;
		sep = strrchr(value, ':');
	}
	if (sep == NULL)
		kind = EAL_LOGOPT_GLOBAL;
	const char *level_text = sep != NULL ? sep + 1 : value;

	int level = rte_log_parse_level(level_text);
	if (level < 0)
		level = log_level_by_prefix(level_text);
	if (level < 0)
		return eal_option_error(opt, EINVAL,
				    "invalid level '%s' in '%s' (expected 1-8 or emergency, alert, "
				    "critical, error, warning, notice, info, debug)",
				    level_text, value);
	if (sep == value)
		return eal_option_error(opt, EINVAL, "empty log type in '%s' (expected [TYPE:]LEVEL)",
				    value);

	char *pattern = NULL;
	if (sep != NULL) {
		pattern = strndup(value, (size_t)(sep - value));
		if (pattern == NULL)
			return eal_option_error(opt, ENOMEM, "out of memory");
	}
	if (kind == EAL_LOGOPT_REGEX) {
		regex_t re;
		char why[128];
		if (eal_log_regex_compile(&re, pattern, why, sizeof(why)) != 0) {
			free(pattern);
			return eal_option_error(opt, EINVAL,
					    "%s in '%.*s' (TYPE,LEVEL takes a regex; use TYPE:LEVEL "
					    "for a glob)",
					    why, 2 * EAL_LOG_REGEX_MAX_LEN, value);
		}
		regfree(&re);
	}

	struct eal_logopt *logs = realloc(opts->logs, (opts->n_logs + 1) * sizeof(logs[0]));
	if (logs == NULL) {
		free(pattern);
		return eal_option_error(opt, ENOMEM, "out of memory");
	}
	opts->logs = logs;
	logs[opts->n_logs++] =
	    (struct eal_logopt){.kind = kind, .pattern = pattern, .level = (uint32_t)level};
	return 0;
}

/* A size in megabytes: decimal digits only, 1 .. 2^40 (a petabyte). */
static int parse_megabytes(const char *text, uint64_t *bytes)
{
	uint64_t mb = 0;

	if (text[0] == '\0')
		return -1;
	for (const char *p = text; *p != '\0'; p++) {
		if (*p < '0' || *p > '9' || mb > (UINT64_C(1) << 40))
			return -1;
		mb = mb * 10 + (uint64_t)(*p - '0');
	}
	if (mb == 0 || mb > (UINT64_C(1) << 40))
		return -1;
	*bytes = mb << 20;
	return 0;
}

static int apply_memory(struct eal_options *opts, const struct eal_option *opt, const char *value)
{
	if (opts->cfg.nb_socket_mem != 0)
		return eal_option_error(opt, EINVAL,
				    "cannot be combined with --socket-mem (give the total or the "
				    "amount per socket)");
	if (parse_megabytes(value, &opts->cfg.mem_total) != 0)
		return eal_option_error(opt, EINVAL,
				    "invalid size '%s' (expected megabytes, a whole number such as "
				    "512)",
				    value);
	return 0;
}

static int apply_socket_mem(struct eal_options *opts, const struct eal_option *opt,
			    const char *value)
{
	struct eal_config *cfg = &opts->cfg;

	if (cfg->mem_total != 0)
		return eal_option_error(opt, EINVAL,
				    "cannot be combined with -m (give the total or the amount per "
				    "socket)");
	if (cfg->no_huge)
		return eal_option_error(opt, EINVAL,
				    "cannot be combined with --no-huge (without hugepages memory "
				    "is not placed per socket; use -m)");
	unsigned int n = 0;
	uint64_t total = 0;
	for (const char *p = value;; n++) {
		size_t len = strcspn(p, ",");
		char item[24];
		if (n == RTE_MAX_NUMA_NODES)
			return eal_option_error(opt, EINVAL, "more than %d sockets in '%s'",
					    RTE_MAX_NUMA_NODES, value);
		if (len >= sizeof(item))
			return eal_option_error(opt, EINVAL,
					    "invalid list '%s' (expected megabytes per socket, "
					    "e.g. 1024,1024)",
					    value);
		memcpy(item, p, len);
		item[len] = '\0';
		/* 0 is allowed for a socket: "nothing there", as in DPDK. */
		if (strcmp(item, "0") == 0)
			cfg->socket_mem[n] = 0;
		else if (parse_megabytes(item, &cfg->socket_mem[n]) != 0)
			return eal_option_error(opt, EINVAL,
					    "invalid list '%s' (expected megabytes per socket, "
					    "e.g. 1024,1024)",
					    value);
		total += cfg->socket_mem[n];
		if (p[len] == '\0')
			break;
		p += len + 1;
	}
	if (total == 0)
		return eal_option_error(opt, EINVAL, "'%s' asks for no memory on any socket", value);
	cfg->nb_socket_mem = n + 1;
	return 0;
}

static int apply_no_huge(struct eal_options *opts, const struct eal_option *opt, const char *value)
{
	RTE_SET_USED(value);
	if (opts->cfg.nb_socket_mem != 0)
		return eal_option_error(
		    opt, EINVAL,
		    "cannot be combined with --socket-mem (without hugepages memory "
		    "is not placed per socket; use -m)");
	if (opts->cfg.huge_dir[0] != '\0')
		return eal_option_error(opt, EINVAL, "cannot be combined with --huge-dir");
	opts->cfg.no_huge = true;
	return 0;
}

static int apply_huge_dir(struct eal_options *opts, const struct eal_option *opt, const char *value)
{
	if (opts->cfg.no_huge)
		return eal_option_error(opt, EINVAL, "cannot be combined with --no-huge");
	if (value[0] == '\0')
		return eal_option_error(opt, EINVAL, "empty directory");
	if (strlen(value) >= sizeof(opts->cfg.huge_dir))
		return eal_option_error(opt, EINVAL, "directory name longer than %zu bytes",
				    sizeof(opts->cfg.huge_dir) - 1);
	snprintf(opts->cfg.huge_dir, sizeof(opts->cfg.huge_dir), "%s", value);
	return 0;
}

/* Where IOVA-as-VA DMA memory starts (doc/memory.md): hex, as DPDK takes it, "0x" optional. */
static int apply_help(struct eal_options *opts, const struct eal_option *opt, const char *value)
{
	RTE_SET_USED(opt);
	RTE_SET_USED(value);
	opts->help = true;
	return 0;
}

static int apply_version(struct eal_options *opts, const struct eal_option *opt, const char *value)
{
	RTE_SET_USED(opt);
	RTE_SET_USED(value);
	opts->version = true;
	return 0;
}

/* Every EAL option: adding one is adding a row (and its field in struct eal_config). */
static const struct eal_option eal_option_table[] = {
    {"allow", 'a', "DEV[,key=value...]",
     "Probe only the listed devices, with driver arguments (repeatable; not with -b)", apply_allow, EAL_ARG_REQUIRED},
    {"block", 'b', "DEV", "Never probe this device (repeatable; not with -a)", apply_block, EAL_ARG_REQUIRED},
    {"vdev", 0, "NAME[,key=value...]",
     "Create a virtual device, e.g. net_null0,size=64 (repeatable)", apply_vdev, EAL_ARG_REQUIRED},
    {"no-pci", 0, NULL, "Do not scan or probe PCI devices", apply_no_pci, EAL_ARG_NONE},
    {"iova-mode", 0, "pa|va", "Use physical (pa) or virtual (va) addresses for DMA",
     apply_iova_mode, EAL_ARG_REQUIRED},
    {"log-level", 0, "[TYPE:]LEVEL",
     "Log level of all types, or of those matching a glob (bus.*:debug); TYPE,LEVEL takes "
     "a regex; LEVEL is 1-8 or a name (repeatable, later ones win)",
     apply_log_level, EAL_ARG_REQUIRED},
    {"vfio-intr", 0, "legacy|msi|msix", "Interrupt mode of vfio-pci devices", apply_vfio_intr, EAL_ARG_REQUIRED},
    {"vfio-vf-token", 0, "UUID", "VF token shared by a vfio-pci PF and its VFs", apply_vf_token, EAL_ARG_REQUIRED},
    {"hotplug-bind", 0, "DRIVER",
     "Bind arriving PCI devices that a PMD matches (and -a allows) to DRIVER and probe them; "
     "removed ones are detached unless a callback takes their REMOVE",
     apply_hotplug_bind, EAL_ARG_REQUIRED},
    {"memory", 'm', "MB",
     "Reserve this much DMA memory at init, and use no more (default: grow on demand)",
     apply_memory, EAL_ARG_REQUIRED},
    {"socket-mem", 0, "MB[,MB...]",
     "Reserve this much DMA memory per NUMA socket at init, and use no more (not with -m)",
     apply_socket_mem, EAL_ARG_REQUIRED},
    {"no-huge", 0, NULL, "Use locked ordinary pages, not hugepages (IOVA as VA only)",
     apply_no_huge, EAL_ARG_NONE},
    {"huge-dir", 0, "DIR", "Take hugepages from this hugetlbfs mount (default: anonymous)",
     apply_huge_dir, EAL_ARG_REQUIRED},
    {"help", 'h', NULL, "Print this help; rte_eal_init then fails with ECANCELED", apply_help, EAL_ARG_NONE},
    {"version", 'v', NULL, "Print the version", apply_version, EAL_ARG_NONE},
};

/* Row i of the parser's table followed by the compatibility options; NULL past the end. */
static const struct eal_option *option_at(size_t i)
{
	if (i < RTE_DIM(eal_option_table))
		return &eal_option_table[i];
	i -= RTE_DIM(eal_option_table);
	return i < eal_compat_options_count ? &eal_compat_options[i] : NULL;
}

static enum eal_option_arg option_arg_kind(const struct eal_option *opt)
{
	return opt->arg_kind;
}

void rte_eal_usage(FILE *f)
{
	fprintf(f, "EAL options (end them with '--' to pass what follows to the application):\n");
	const struct eal_option *opt;
	for (size_t i = 0; (opt = option_at(i)) != NULL; i++) {
		char left[64];
		const char *arg = opt->arg != NULL ? opt->arg : "";
		const char *sep = opt->arg == NULL		       ? ""
				  : option_arg_kind(opt) == EAL_ARG_OPTIONAL ? "[="
									      : " ";
		const char *close = option_arg_kind(opt) == EAL_ARG_OPTIONAL ? "]" : "";
		if (opt->short_name != 0 && opt->name != NULL)
			snprintf(left, sizeof(left), "-%c, --%s%s%s%s", opt->short_name, opt->name,
				 sep, arg, close);
		else if (opt->short_name != 0)
			snprintf(left, sizeof(left), "-%c%s%s", opt->short_name, sep, arg);
		else
			snprintf(left, sizeof(left), "    --%s%s%s%s", opt->name, sep, arg, close);
		fprintf(f, "  %-36s %s\n", left, opt->help);
	}
}

static const struct eal_option *find_long(const char *name, size_t len)
{
	const struct eal_option *opt;
	for (size_t i = 0; (opt = option_at(i)) != NULL; i++)
		if (opt->name != NULL && strncmp(opt->name, name, len) == 0 &&
		    opt->name[len] == '\0')
			return opt;
	return NULL;
}

static const struct eal_option *find_short(char c)
{
	const struct eal_option *opt;
	for (size_t i = 0; (opt = option_at(i)) != NULL; i++)
		if (opt->short_name == c)
			return opt;
	return NULL;
}

static bool is_option(const char *arg)
{
	return arg[0] == '-' && arg[1] != '\0';
}

/*
 * Value of opt given as the next argument. An option-looking next argument is not taken as a
 * value, so "--vdev --no-pci" or "--vdev --" reports the missing value instead of eating it;
 * "--opt=-x" passes such a value explicitly.
 */
static const char *next_value(const struct eal_option *opt, int argc, char **argv, int *i)
{
	if (*i + 1 >= argc || is_option(argv[*i + 1])) {
		eal_option_error(opt, EINVAL, "missing value (expected %s)", opt->arg);
		return NULL;
	}
	return argv[++*i];
}

static int parse_long(struct eal_options *opts, int argc, char **argv, int *i)
{
	const char *name = argv[*i] + 2;
	const char *eq = strchr(name, '=');
	size_t len = eq != NULL ? (size_t)(eq - name) : strlen(name);
	const struct eal_option *opt = find_long(name, len);

	if (opt == NULL) {
		RTE_LOG(ERR, EAL, "unknown option '--%.*s' (-h lists the EAL options)\n", (int)len,
			name);
		return -EINVAL;
	}
	const char *value = NULL;
	enum eal_option_arg kind = option_arg_kind(opt);
	if (kind == EAL_ARG_NONE && eq != NULL)
		return eal_option_error(opt, EINVAL, "takes no value (got '%s')", eq + 1);
	if (kind == EAL_ARG_OPTIONAL && eq != NULL)
		value = eq + 1;
	if (kind == EAL_ARG_REQUIRED) {
		value = eq != NULL ? eq + 1 : next_value(opt, argc, argv, i);
		if (value == NULL)
			return -EINVAL;
	}
	(*i)++;
	return opt->apply(opts, opt, value);
}

/* One argument of short options: flags may be grouped ("-hv"), a value may be attached. */
static int parse_short(struct eal_options *opts, int argc, char **argv, int *i)
{
	for (const char *p = argv[*i] + 1; *p != '\0'; p++) {
		const struct eal_option *opt = find_short(*p);
		if (opt == NULL) {
			RTE_LOG(ERR, EAL, "unknown option '-%c' (-h lists the EAL options)\n", *p);
			return -EINVAL;
		}
		if (opt->arg == NULL) {
			int rc = opt->apply(opts, opt, NULL);
			if (rc < 0)
				return rc;
			continue;
		}
		const char *value = p[1] != '\0' ? p + 1 : next_value(opt, argc, argv, i);
		if (value == NULL)
			return -EINVAL;
		(*i)++;
		return opt->apply(opts, opt, value);
	}
	(*i)++;
	return 0;
}

int eal_options_parse(struct eal_options *opts, int argc, char **argv)
{
	memset(opts, 0, sizeof(*opts));
	eal_config_defaults(&opts->cfg);
	opts->lcores.main_lcore = -1;
	if (argc <= 0)
		return 0;

	int i = 1;
	int rc = 0;
	while (i < argc && rc == 0) {
		const char *arg = argv[i];
		if (strcmp(arg, "--") == 0) {
			i++;
			break;
		}
		if (arg[0] == '-' && arg[1] == '-')
			rc = parse_long(opts, argc, argv, &i);
		else if (is_option(arg))
			rc = parse_short(opts, argc, argv, &i);
		else {
			RTE_LOG(ERR, EAL,
				"unexpected argument '%s' (application arguments go after '--')\n",
				arg);
			rc = -EINVAL;
		}
	}
	if (rc == 0)
		rc = eal_compat_options_check(opts);
	if (rc < 0) {
		eal_options_free(opts);
		rte_errno = -rc;
		return -1;
	}
	return i;
}

void eal_options_free(struct eal_options *opts)
{
	for (size_t i = 0; i < opts->n_logs; i++)
		free(opts->logs[i].pattern);
	free(opts->logs);
	free(opts->devs);
	free(opts->plugins);
	opts->plugins = NULL;
	opts->n_plugins = 0;
	opts->logs = NULL;
	opts->n_logs = 0;
	opts->devs = NULL;
	opts->n_devs = 0;
}
