/* SPDX-License-Identifier: BSD-3-Clause */
/* openeal unbind [--force] ADDR...: rte_pci_unbind on each address. */

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <rte_log.h>
#include <rte_pci.h>
#include <rte_pci_bind.h>

#include "openeal_cmd.h"

static void unbind_usage(FILE *f)
{
	fprintf(
	    f, "usage: openeal unbind [--force] ADDR...\n"
	       "Unbind PCI functions from their driver, leaving them without one. driver_override\n"
	       "is left as it is (openeal bind --restore clears it).\n\n"
	       "  --force    also unbind a device whose network interface is up or that holds a\n"
	       "             mounted filesystem (refused otherwise)\n"
	       "  ADDR       0000:00:02.0 or 00:02.0\n");
}

/* Counts the addresses; a bad one stops the command before anything is unbound. */
static int check_address(char *arg, void *ctx)
{
	struct rte_pci_addr check;

	if (rte_pci_addr_parse(arg, &check) != 0)
		return openeal_cmd_fail(OPENEAL_EXIT_USAGE, "unbind",
					"bad address '%s': expected 0000:00:02.0 or 00:02.0", arg);
	(*(int *)ctx)++;
	return OPENEAL_ARGS_TAKEN;
}

static int unbind_run(int argc, char **argv)
{
	bool force = false;
	const struct openeal_flag opts[] = {{"--force", &force}, {NULL, NULL}};
	int nb = 0;

	int taken = openeal_cmd_args("unbind", argc, argv, opts, unbind_usage, check_address, &nb);
	if (taken != OPENEAL_ARGS_TAKEN)
		return taken;
	if (nb == 0)
		return openeal_cmd_fail(OPENEAL_EXIT_USAGE, "unbind",
					"missing ADDR (openeal unbind --help)");
	/* Say what changed: the library reports each move at INFO. */
	rte_log_set_level_pattern("bus.pci.bind", RTE_LOG_INFO);
	int status = OPENEAL_EXIT_OK;
	for (int i = 1; i < argc; i++) {
		/* Every argument was checked above; an address never starts with '-'. */
		if (argv[i][0] == '-')
			continue;
		if (rte_pci_unbind(argv[i], force ? RTE_PCI_BIND_FORCE : 0) != 0)
			status = OPENEAL_EXIT_FAILURE; /* the line is logged */
	}
	return status;
}

static struct openeal_cmd unbind_cmd = {
    .name = "unbind",
    .args = "[--force] ADDR...",
    .summary = "Unbind PCI devices from their driver",
    .run = unbind_run,
};
OPENEAL_CMD_REGISTER(unbind_cmd)
