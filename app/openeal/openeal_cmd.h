/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef OPENEAL_CMD_H
#define OPENEAL_CMD_H

/*
 * Subcommands of the openeal program. Each lives in its own source file, which defines a
 * struct openeal_cmd and registers it with OPENEAL_CMD_REGISTER; adding a command is adding
 * that file to app/openeal/meson.build.
 */

/* Exit statuses shared by every command. */
enum {
	OPENEAL_EXIT_OK = 0,
	OPENEAL_EXIT_FAILURE = 1,
	OPENEAL_EXIT_USAGE = 2,
};

struct openeal_cmd {
	const char *name;
	const char *args;    /* argument synopsis for "openeal --help", e.g. "[EAL options]" */
	const char *summary; /* one line for "openeal --help" */
	/* argv[0] is the command name. Returns an OPENEAL_EXIT_* status; every failure has
	 * printed one line on stderr. */
	int (*run)(int argc, char **argv);
	struct openeal_cmd *next;
};

void openeal_cmd_register(struct openeal_cmd *cmd);

#define OPENEAL_CMD_REGISTER(cmd)                                                       \
	static void __attribute__((constructor, used)) openeal_cmd_register_##cmd(void) \
	{                                                                               \
		openeal_cmd_register(&cmd);                                             \
	}

/* "openeal <cmd>: <message>" on stderr; returns status, so commands can return cmd_fail(...). */
int openeal_cmd_fail(int status, const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
