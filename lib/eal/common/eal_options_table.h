/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef EAL_OPTIONS_TABLE_H
#define EAL_OPTIONS_TABLE_H

/*
 * The option table's row type and the helpers the files defining options share: the parser
 * and the options of its own (eal_common_options.c), the lcore, process and compatibility
 * options (eal_options_compat.c).
 */

#include "eal_options.h"

struct eal_option;
/* Store value (NULL for options without one) into opts. 0 or -errno, after logging why. */
typedef int (*eal_option_apply_t)(struct eal_options *opts, const struct eal_option *opt,
				  const char *value);

enum eal_option_arg {
	EAL_ARG_NONE,	  /* a flag */
	EAL_ARG_REQUIRED, /* "--opt VALUE", "--opt=VALUE", "-oVALUE", "-o VALUE" */
	EAL_ARG_OPTIONAL, /* "--opt" or "--opt=VALUE" only, as getopt's optional arguments */
};

struct eal_option {
	const char *name; /* long name, without "--" */
	char short_name;  /* 0 when none */
	const char *arg;  /* placeholder of the value in usage, NULL when the option takes none */
	const char *help;
	eal_option_apply_t apply;
	enum eal_option_arg arg_kind;
};

/* Log "option -x/--name: <reason>" (one line) and return -err. */
__rte_format_printf(3, 4) int eal_option_error(const struct eal_option *opt, int err,
					       const char *fmt, ...);

/* The rows of eal_options_compat.c, appended to the parser's own. */
extern const struct eal_option eal_compat_options[];
extern const size_t eal_compat_options_count;

/* Checks across options once all are parsed (--main-lcore among -l's lcores). 0 or -errno. */
int eal_compat_options_check(const struct eal_options *opts);

#endif
