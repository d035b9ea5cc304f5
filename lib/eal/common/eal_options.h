/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef EAL_OPTIONS_H
#define EAL_OPTIONS_H

/*
 * EAL command-line parsing. Parsing has no side effect: it fills a struct eal_options that
 * rte_eal_init then applies (log levels, config, devargs) in its own order.
 */

#include <stddef.h>
#include <stdint.h>

#include <rte_devargs.h>

#include "eal_private.h"

/* A -a/-b/--vdev argument, kept as given: turning it into devargs needs the buses. */
struct eal_devopt {
	enum rte_devtype type;
	const char *option; /* "-a/--allow", for messages */
	const char *str;    /* points into argv */
};

enum eal_logopt_kind {
	EAL_LOGOPT_GLOBAL, /* LEVEL */
	EAL_LOGOPT_GLOB,   /* TYPE:LEVEL, TYPE a shell glob */
	EAL_LOGOPT_REGEX,  /* TYPE,LEVEL, TYPE an extended regular expression (DPDK form) */
};

struct eal_logopt {
	enum eal_logopt_kind kind;
	char *pattern; /* owned; NULL for EAL_LOGOPT_GLOBAL */
	uint32_t level;
};

struct eal_options {
	struct eal_config cfg;
	bool help;
	bool version;
	struct eal_devopt *devs; /* in command-line order */
	size_t n_devs;
	struct eal_logopt *logs; /* in command-line order: later ones win */
	size_t n_logs;
	const char **plugins; /* -d paths, pointing into argv, in command-line order */
	size_t n_plugins;
};

/*
 * Parse argv[1..] up to "--" (consumed) or the end. Returns the index of the first argument
 * not parsed (getopt's optind: argc when there is none, 0 when argc is 0); rte_eal_init turns
 * it into DPDK's return value. On error: one line naming the option and the reason is logged,
 * rte_errno = EINVAL, -1 is returned and *opts holds nothing to free.
 */
int eal_options_parse(struct eal_options *opts, int argc, char **argv);
void eal_options_free(struct eal_options *opts);

#endif
