/* SPDX-License-Identifier: BSD-3-Clause */
/* What the commands share: the failure line and the argument loop. */

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "openeal_cmd.h"

int openeal_cmd_fail(int status, const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "openeal %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return status;
}

static bool *flag_of(const struct openeal_flag *flags, const char *arg)
{
	for (; flags->name != NULL; flags++)
		if (strcmp(flags->name, arg) == 0)
			return flags->set;
	return NULL;
}

int openeal_cmd_args(const char *cmd, int argc, char **argv, const struct openeal_flag *flags,
		     void (*usage)(FILE *f), int (*operand)(char *arg, void *ctx), void *ctx)
{
	bool options_done = false;

	for (int i = 1; i < argc; i++) {
		char *a = argv[i];
		bool *flag = options_done ? NULL : flag_of(flags, a);
		if (!options_done && strcmp(a, "--") == 0) {
			options_done = true;
		} else if (flag != NULL) {
			*flag = true;
		} else if (!options_done && (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)) {
			usage(stdout);
			return OPENEAL_EXIT_OK;
		} else if (!options_done && a[0] == '-' && a[1] != '\0') {
			return openeal_cmd_fail(OPENEAL_EXIT_USAGE, cmd,
						"unknown option '%s' (openeal %s --help)", a, cmd);
		} else {
			int status = operand(a, ctx);
			if (status != OPENEAL_ARGS_TAKEN)
				return status;
		}
	}
	return OPENEAL_ARGS_TAKEN;
}
