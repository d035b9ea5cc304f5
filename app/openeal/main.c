/* SPDX-License-Identifier: BSD-3-Clause */
/* openeal: one program, subcommands registered by their own source files. */

#include <stdio.h>
#include <string.h>

#include <rte_eal.h>

#include "openeal_cmd.h"

/* Kept sorted by name, so that help lists commands the same way whatever the link order. */
static struct openeal_cmd *cmd_list;

void openeal_cmd_register(struct openeal_cmd *cmd)
{
	struct openeal_cmd **pos = &cmd_list;
	while (*pos != NULL && strcmp((*pos)->name, cmd->name) < 0)
		pos = &(*pos)->next;
	cmd->next = *pos;
	*pos = cmd;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: openeal COMMAND [ARGS...]\n"
		   "       openeal --help | --version\n\n"
		   "Commands:\n");
	for (const struct openeal_cmd *c = cmd_list; c != NULL; c = c->next) {
		char left[64];
		snprintf(left, sizeof(left), "%s %s", c->name, c->args);
		fprintf(f, "  %-28s %s\n", left, c->summary);
	}
	fprintf(f, "\n'openeal COMMAND --help' describes a command.\n"
		   "This program links openeal's PMDs %s; the EAL option -d LIB|DIR (openeal probe)\n"
		   "loads more, built as shared objects.\n",
		OPENEAL_CLI_PMDS);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "openeal: missing command (openeal --help lists them)\n");
		return OPENEAL_EXIT_USAGE;
	}
	const char *name = argv[1];
	if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
		usage(stdout);
		return OPENEAL_EXIT_OK;
	}
	if (strcmp(name, "--version") == 0 || strcmp(name, "-v") == 0) {
		printf("%s\n", rte_version());
		return OPENEAL_EXIT_OK;
	}
	for (const struct openeal_cmd *c = cmd_list; c != NULL; c = c->next)
		if (strcmp(c->name, name) == 0)
			return c->run(argc - 1, argv + 1);

	fprintf(stderr, "openeal: unknown command '%s' (openeal --help lists them)\n", name);
	return OPENEAL_EXIT_USAGE;
}
