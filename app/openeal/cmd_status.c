/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * openeal status [--json]: every PCI function grouped by how it is bound (userspace driver,
 * kernel driver, no driver), as dpdk-devbind.py --status shows them. The reading is
 * rte_pci_bind_status_list's; this file only prints.
 */

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <rte_pci_bind.h>

#include "openeal_cmd.h"

static void status_usage(FILE *f)
{
	fprintf(f,
		"usage: openeal status [--json]\n"
		"Show the PCI functions of $SYSFS_PCI_DEVICES (default /sys/bus/pci/devices)\n"
		"grouped by driver: userspace (vfio-pci, igb_uio, uio_pci_generic), kernel, none;\n"
		"with ids, class, IOMMU group, driver_override when set, and the network\n"
		"interfaces of each function with whether they are up.\n\n"
		"  --json     one JSON object {\"devices\": [...]} in address order, each with\n"
		"             \"binding\": \"userspace\" | \"kernel\" | \"none\"\n");
}

static const char *const json_binding[] = {
    [RTE_PCI_BIND_USERSPACE] = "userspace",
    [RTE_PCI_BIND_KERNEL] = "kernel",
    [RTE_PCI_BIND_NONE] = "none",
};

/* Names come from sysfs: quote what JSON needs quoted, byte for byte otherwise. */
static void print_line(const struct rte_pci_bind_status *s)
{
	char name[PCI_PRI_STR_SIZE];

	rte_pci_device_name(&s->addr, name, sizeof(name));
	printf("%s %04x:%04x class=%06x driver=%s", name, s->vendor_id, s->device_id, s->class_id,
	       s->driver[0] ? s->driver : "-");
	if (s->iommu_group >= 0)
		printf(" iommu=%d", s->iommu_group);
	else
		fputs(" iommu=-", stdout);
	if (s->driver_override[0])
		printf(" override=%s", s->driver_override);
	for (unsigned int i = 0; i < s->nb_netif && i < RTE_PCI_BIND_MAX_NETIF; i++)
		printf("%s%s(%s)", i ? "," : " if=", s->netif[i].name,
		       s->netif[i].up ? "up" : "down");
	if (s->nb_netif > RTE_PCI_BIND_MAX_NETIF)
		printf(",+%u", s->nb_netif - RTE_PCI_BIND_MAX_NETIF);
	putchar('\n');
}

static void print_text(const struct rte_pci_bind_status *list, size_t nb)
{
	static const enum rte_pci_bind_kind order[] = {RTE_PCI_BIND_USERSPACE, RTE_PCI_BIND_KERNEL,
						       RTE_PCI_BIND_NONE};
	for (size_t k = 0; k < sizeof(order) / sizeof(order[0]); k++) {
		const char *title = rte_pci_bind_kind_name(order[k]);
		size_t shown = 0;

		printf("%s%c%s\n", k ? "\n" : "", toupper((unsigned char)title[0]), title + 1);
		for (size_t i = 0; title[i] != '\0'; i++)
			putchar('=');
		putchar('\n');
		for (size_t i = 0; i < nb; i++)
			if (list[i].kind == order[k]) {
				print_line(&list[i]);
				shown++;
			}
		if (shown == 0)
			puts("none");
	}
}

static void print_json(const struct rte_pci_bind_status *list, size_t nb)
{
	fputs("{\"devices\": [", stdout);
	for (size_t i = 0; i < nb; i++) {
		const struct rte_pci_bind_status *s = &list[i];
		char name[PCI_PRI_STR_SIZE];

		rte_pci_device_name(&s->addr, name, sizeof(name));
		printf("%s\n  {\"addr\": \"%s\", \"vendor\": \"0x%04x\", \"device\": \"0x%04x\", "
		       "\"class\": \"0x%06x\", \"binding\": \"%s\", \"driver\": ",
		       i ? "," : "", name, s->vendor_id, s->device_id, s->class_id,
		       json_binding[s->kind]);
		if (s->driver[0])
			openeal_json_string(s->driver);
		else
			fputs("null", stdout);
		fputs(", \"driver_override\": ", stdout);
		if (s->driver_override[0])
			openeal_json_string(s->driver_override);
		else
			fputs("null", stdout);
		if (s->iommu_group >= 0)
			printf(", \"iommu_group\": %d", s->iommu_group);
		else
			fputs(", \"iommu_group\": null", stdout);
		fputs(", \"interfaces\": [", stdout);
		for (unsigned int j = 0; j < s->nb_netif && j < RTE_PCI_BIND_MAX_NETIF; j++) {
			fputs(j ? ", {\"name\": " : "{\"name\": ", stdout);
			openeal_json_string(s->netif[j].name);
			printf(", \"up\": %s, \"operstate\": ", s->netif[j].up ? "true" : "false");
			openeal_json_string(s->netif[j].operstate);
			putchar('}');
		}
		fputs("]}", stdout);
	}
	fputs(nb ? "\n]}\n" : "]}\n", stdout);
}

static int status_run(int argc, char **argv)
{
	bool json = false;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0) {
			json = true;
		} else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			status_usage(stdout);
			return OPENEAL_EXIT_OK;
		} else {
			return openeal_cmd_fail(OPENEAL_EXIT_USAGE, "status",
						"unexpected argument '%s' (openeal status --help)",
						argv[i]);
		}
	}
	struct rte_pci_bind_status *list;
	size_t nb;
	if (rte_pci_bind_status_list(&list, &nb) != 0) /* the line is logged */
		return OPENEAL_EXIT_FAILURE;
	if (json)
		print_json(list, nb);
	else
		print_text(list, nb);
	rte_pci_bind_status_free(list);
	if (fflush(stdout) != 0 || ferror(stdout))
		return openeal_cmd_fail(OPENEAL_EXIT_FAILURE, "status", "cannot write the status");
	return OPENEAL_EXIT_OK;
}

static struct openeal_cmd status_cmd = {
    .name = "status",
    .args = "[--json]",
    .summary =
	"PCI devices grouped by driver: userspace, kernel, none (like dpdk-devbind --status)",
    .run = status_run,
};
OPENEAL_CMD_REGISTER(status_cmd)
