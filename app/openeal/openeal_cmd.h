/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef OPENEAL_CMD_H
#define OPENEAL_CMD_H

/*
 * Subcommands of the openeal program. Each lives in its own source file, which defines a
 * struct openeal_cmd and registers it with OPENEAL_CMD_REGISTER; adding a command is adding
 * that file to app/openeal/meson.build.
 */

#include <stdbool.h>
#include <stdio.h>

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

/* A boolean option of a command ("--force") and the flag it sets. */
struct openeal_flag {
	const char *name;
	bool *set;
};

/* From openeal_cmd_args and its operand callback: go on (not an exit status). */
#define OPENEAL_ARGS_TAKEN (-1)

/*
 * The argument loop of a command that takes flags and operands, over argv[1..argc-1] in order.
 * Until "--": an argument named in flags (ended by a NULL name) sets its bool; --help or -h
 * prints usage on stdout and stops with OPENEAL_EXIT_OK; any other one starting with '-' (not
 * "-" alone) stops with OPENEAL_EXIT_USAGE after "unknown option" on stderr. Every other
 * argument goes to operand(arg, ctx), which returns OPENEAL_ARGS_TAKEN to go on or the exit
 * status to stop with (after its own line). Returns OPENEAL_ARGS_TAKEN once all are taken.
 */
int openeal_cmd_args(const char *cmd, int argc, char **argv, const struct openeal_flag *flags,
		     void (*usage)(FILE *f), int (*operand)(char *arg, void *ctx), void *ctx);

/*
 * Print str on stdout as a JSON string: quotes, backslashes and control characters escaped,
 * valid UTF-8 kept as is, each byte of invalid UTF-8 replaced by U+FFFD (sysfs and driver
 * names are bytes, not text).
 */
void openeal_json_string(const char *str);

#endif
