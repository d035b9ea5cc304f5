/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * openeal bind [--force] DRIVER ADDR... and openeal bind --restore ADDR...: rte_pci_bind and
 * rte_pci_bind_restore on each address. The library logs every change and every failure.
 * For vfio-pci the IOMMU group check runs once all addresses are bound, so that binding all
 * functions of a group in one command does not warn about the ones that come next.
 */

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <rte_log.h>
#include <rte_pci.h>
#include <rte_pci_bind.h>
#include <rte_vfio.h>

#include "openeal_cmd.h"

static void bind_usage(FILE *f)
{
	fprintf(f,
		"usage: openeal bind [--force] DRIVER ADDR...\n"
		"       openeal bind --restore ADDR...\n"
		"Bind PCI functions to DRIVER (vfio-pci, igb_uio, uio_pci_generic or any kernel\n"
		"driver): unbind the current driver, set driver_override, probe, and check that\n"
		"DRIVER took the device (it goes back to its previous driver if not). The module\n"
		"is loaded with modprobe when the driver is missing. The override stays set so\n"
		"the device stays on DRIVER; --restore clears it and lets the kernel driver that\n"
		"matches the ids take the device again.\n\n"
		"  --force    also take a device whose network interface is up or that holds a\n"
		"             mounted filesystem (refused otherwise)\n"
		"  --restore  back to the kernel driver\n"
		"  ADDR       0000:00:02.0 or 00:02.0\n");
}

/* The IOMMU group of addr (as given on the command line), -1 when none or unreadable. */
static int group_of(const char *addr)
{
	struct rte_pci_addr a;
	char name[PCI_PRI_STR_SIZE];
	int group;

	if (rte_pci_addr_parse(addr, &a) != 0)
		return -1;
	rte_pci_device_name(&a, name, sizeof(name));
	return rte_vfio_get_group_num(NULL, name, &group) == 1 ? group : -1;
}

/* Check each IOMMU group of the bound addresses once: two functions of one group would
 * otherwise print the same warning twice. */
static void check_groups(char **addrs, size_t nb, const bool *bound)
{
	int *checked = calloc(nb, sizeof(*checked));
	size_t nb_checked = 0;

	for (size_t i = 0; i < nb; i++) {
		if (!bound[i])
			continue;
		int group = group_of(addrs[i]);
		bool done = false;
		for (size_t j = 0; j < nb_checked && group >= 0; j++)
			done = done || checked[j] == group;
		if (done)
			continue;
		/* Without memory every address is checked: a repeated line at worst. */
		if (group >= 0 && checked != NULL)
			checked[nb_checked++] = group;
		(void)rte_pci_bind_group_check(addrs[i], NULL);
	}
	free(checked);
}

/* The operands in command-line order: DRIVER (without --restore) and the addresses. */
struct bind_operands {
	char **v;
	size_t nb;
};

static int take_operand(char *arg, void *ctx)
{
	struct bind_operands *o = ctx;
	o->v[o->nb++] = arg;
	return OPENEAL_ARGS_TAKEN;
}

static int bind_run(int argc, char **argv)
{
	bool force = false, restore = false;
	const struct openeal_flag opts[] = {
	    {"--force", &force}, {"--restore", &restore}, {NULL, NULL}};
	struct bind_operands ops = {calloc((size_t)argc, sizeof(*ops.v)), 0};
	bool *bound = calloc((size_t)argc, sizeof(*bound));

	if (ops.v == NULL || bound == NULL) {
		free(ops.v);
		free(bound);
		return openeal_cmd_fail(OPENEAL_EXIT_FAILURE, "bind", "out of memory");
	}
	int taken = openeal_cmd_args("bind", argc, argv, opts, bind_usage, take_operand, &ops);
	if (taken != OPENEAL_ARGS_TAKEN) {
		free(ops.v);
		free(bound);
		return taken;
	}
	/* Without --restore (which may come anywhere) the first operand is DRIVER. */
	char *driver = !restore && ops.nb > 0 ? ops.v[0] : NULL;
	char **addrs = ops.v + (driver != NULL);
	size_t nb = ops.nb - (driver != NULL);
	int status = OPENEAL_EXIT_OK;
	struct rte_pci_addr check;
	if (restore && force)
		status = openeal_cmd_fail(OPENEAL_EXIT_USAGE, "bind",
					  "--force does not apply to --restore (it takes nothing a "
					  "kernel driver uses)");
	else if (!restore && driver == NULL)
		status = openeal_cmd_fail(OPENEAL_EXIT_USAGE, "bind",
					  "missing DRIVER and ADDR (openeal bind --help)");
	else if (!restore && rte_pci_addr_parse(driver, &check) == 0)
		status =
		    openeal_cmd_fail(OPENEAL_EXIT_USAGE, "bind",
				     "'%s' is an address: the driver comes first (openeal bind "
				     "DRIVER ADDR...)",
				     driver);
	else if (nb == 0)
		status = openeal_cmd_fail(OPENEAL_EXIT_USAGE, "bind",
					  "missing ADDR (openeal bind --help)");
	for (size_t i = 0; i < nb && status == OPENEAL_EXIT_OK; i++)
		if (rte_pci_addr_parse(addrs[i], &check) != 0)
			status = openeal_cmd_fail(
			    OPENEAL_EXIT_USAGE, "bind",
			    "bad address '%s': expected 0000:00:02.0 or 00:02.0", addrs[i]);
	if (status != OPENEAL_EXIT_OK) {
		free(ops.v);
		free(bound);
		return status;
	}

	/* Say what changed: the library reports each move at INFO. */
	rte_log_set_level_pattern("bus.pci.bind", RTE_LOG_INFO);
	bool vfio = !restore && strcmp(driver, "vfio-pci") == 0;
	unsigned int flags = (force ? RTE_PCI_BIND_FORCE : 0) | RTE_PCI_BIND_NO_GROUP_CHECK;
	for (size_t i = 0; i < nb; i++) {
		int rc = restore ? rte_pci_bind_restore(addrs[i])
				 : rte_pci_bind(addrs[i], driver, flags);
		if (rc != 0)
			status = OPENEAL_EXIT_FAILURE; /* the line is logged */
		else
			bound[i] = true;
	}
	if (vfio)
		check_groups(addrs, nb, bound);
	free(bound);
	free(ops.v);
	return status;
}

static struct openeal_cmd bind_cmd = {
    .name = "bind",
    .args = "[--force] DRIVER ADDR...",
    .summary = "Bind PCI devices to vfio-pci, igb_uio, ...; --restore: back to the kernel driver",
    .run = bind_run,
};
OPENEAL_CMD_REGISTER(bind_cmd)
