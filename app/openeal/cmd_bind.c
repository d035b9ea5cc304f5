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

static int bind_run(int argc, char **argv)
{
	bool force = false, restore = false, options_done = false;
	char *driver = NULL;
	char **addrs = calloc((size_t)argc, sizeof(*addrs));
	bool *bound = calloc((size_t)argc, sizeof(*bound));
	size_t nb = 0;

	if (addrs == NULL || bound == NULL) {
		free(addrs);
		free(bound);
		return openeal_cmd_fail(OPENEAL_EXIT_FAILURE, "bind", "out of memory");
	}
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!options_done && strcmp(a, "--") == 0) {
			options_done = true;
		} else if (!options_done && strcmp(a, "--force") == 0) {
			force = true;
		} else if (!options_done && strcmp(a, "--restore") == 0) {
			restore = true;
		} else if (!options_done && (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)) {
			bind_usage(stdout);
			free(addrs);
			free(bound);
			return OPENEAL_EXIT_OK;
		} else if (!options_done && a[0] == '-' && a[1] != '\0') {
			free(addrs);
			free(bound);
			return openeal_cmd_fail(OPENEAL_EXIT_USAGE, "bind",
						"unknown option '%s' (openeal bind --help)", a);
		} else if (!restore && driver == NULL && nb == 0) {
			driver = argv[i];
		} else {
			addrs[nb++] = argv[i];
		}
	}
	/* --restore may come after what was taken for DRIVER. */
	if (restore && driver != NULL) {
		memmove(addrs + 1, addrs, nb * sizeof(*addrs));
		addrs[0] = driver;
		driver = NULL;
		nb++;
	}
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
		free(addrs);
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
	free(addrs);
	return status;
}

static struct openeal_cmd bind_cmd = {
    .name = "bind",
    .args = "[--force] DRIVER ADDR...",
    .summary = "Bind PCI devices to vfio-pci, igb_uio, ...; --restore: back to the kernel driver",
    .run = bind_run,
};
OPENEAL_CMD_REGISTER(bind_cmd)
