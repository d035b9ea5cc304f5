/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * openeal list [--json] [FILTER...]: the PCI devices as the bus scan sees them, with the
 * openeal PMDs whose ID table matches each. A scan only: no EAL init, no probe, no mapping,
 * so it is safe on devices that kernel drivers are using.
 */

#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bus_driver.h>
#include <bus_pci_driver.h>
#include <rte_bus.h>
#include <rte_pci.h>

#include "openeal_cmd.h"

#define LIST_ANY (-1)

/* An address, or vendor:device ids where LIST_ANY is a wildcard (lspci -d). */
struct list_filter {
	const char *text;
	bool is_addr;
	struct rte_pci_addr addr;
	int32_t vendor, device;
	bool matched;
};

static void list_usage(FILE *f)
{
	fprintf(
	    f,
	    "usage: openeal list [--json] [FILTER...]\n"
	    "List the PCI devices of $SYSFS_PCI_DEVICES (default /sys/bus/pci/devices) with\n"
	    "their ids, class, kernel driver, IOMMU group, NUMA node, BARs and the openeal PMDs\n"
	    "that match them. Scans only: nothing is probed or mapped.\n\n"
	    "  --json     one JSON object {\"devices\": [...]}\n"
	    "  FILTER     a PCI address (0000:00:02.0 or 00:02.0), or VENDOR:DEVICE in hex\n"
	    "             where * or an empty part matches anything (8086:*, *:100e, 8086:);\n"
	    "             a device is listed when it matches any filter\n");
}

/* One id of a VENDOR:DEVICE filter: "" or "*" is any, else 1 to 4 hex digits. */
static int parse_id(const char *s, size_t len, int32_t *out)
{
	if (len == 0 || (len == 1 && s[0] == '*')) {
		*out = LIST_ANY;
		return 0;
	}
	if (len > 4)
		return -1;
	int32_t v = 0;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		int d = (c >= '0' && c <= '9')	 ? c - '0'
			: (c >= 'a' && c <= 'f') ? c - 'a' + 10
			: (c >= 'A' && c <= 'F') ? c - 'A' + 10
						 : -1;
		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	*out = v;
	return 0;
}

static int parse_filter(const char *text, struct list_filter *f)
{
	memset(f, 0, sizeof(*f));
	f->text = text;
	if (rte_pci_addr_parse(text, &f->addr) == 0) {
		f->is_addr = true;
		return 0;
	}
	const char *colon = strchr(text, ':');
	if (colon == NULL || strchr(colon + 1, ':') != NULL)
		return -1;
	if (parse_id(text, (size_t)(colon - text), &f->vendor) != 0 ||
	    parse_id(colon + 1, strlen(colon + 1), &f->device) != 0)
		return -1;
	return 0;
}

static bool filter_matches(const struct list_filter *f, const struct rte_pci_device *dev)
{
	if (f->is_addr)
		return rte_pci_addr_cmp(&f->addr, &dev->addr) == 0;
	return (f->vendor == LIST_ANY || f->vendor == dev->id.vendor_id) &&
	       (f->device == LIST_ANY || f->device == dev->id.device_id);
}

/* Listed when there is no filter or any filter matches; every match is noted. */
static bool device_selected(struct list_filter *filters, int nb, const struct rte_pci_device *dev)
{
	bool selected = nb == 0;
	for (int i = 0; i < nb; i++)
		if (filter_matches(&filters[i], dev)) {
			filters[i].matched = true;
			selected = true;
		}
	return selected;
}

static const char *bar_type(const struct rte_pci_resource *r)
{
	if (r->flags & RTE_PCI_IORESOURCE_IO)
		return "io";
	return (r->flags & RTE_PCI_IORESOURCE_MEM_64) ? "mem64" : "mem";
}

/* The BARs worth showing: present, and I/O or memory (not a bridge window or garbage). */
static bool bar_shown(const struct rte_pci_device *dev, unsigned int i)
{
	const struct rte_pci_resource *r = &dev->resource[i];
	return i < dev->nb_resources && r->len != 0 &&
	       (r->flags & (RTE_PCI_IORESOURCE_IO | RTE_PCI_IORESOURCE_MEM)) != 0;
}

/* 8M, 32K, 64: exact binary units, else bytes. */
static void format_size(uint64_t size, char *buf, size_t len)
{
	static const char units[] = "KMGTP";
	int u = -1;
	while (u < 4 && size >= 1024 && size % 1024 == 0) {
		size /= 1024;
		u++;
	}
	if (u < 0)
		snprintf(buf, len, "%" PRIu64, size);
	else
		snprintf(buf, len, "%" PRIu64 "%c", size, units[u]);
}

/* Names of the registered PCI drivers whose ID table matches dev, in registration order:
 * "a,b" (or "-") for text, a JSON array's elements for JSON. */
static void print_pmds(const struct rte_pci_device *dev, bool json)
{
	const char *sep = "";
	for (const struct rte_pci_driver *drv = rte_pci_driver_next(NULL); drv != NULL;
	     drv = rte_pci_driver_next(drv)) {
		if (!rte_pci_driver_match(drv, dev))
			continue;
		fputs(sep, stdout);
		if (json)
			openeal_json_string(drv->driver.name);
		else
			fputs(drv->driver.name, stdout);
		sep = json ? ", " : ",";
	}
	if (!json && sep[0] == '\0')
		putchar('-');
}

/* A name from the tree as one token of a text line: blanks and controls become '?'. */
static void print_token(const char *s)
{
	for (; *s != '\0'; s++)
		putchar((unsigned char)*s <= ' ' || *s == 0x7f ? '?' : *s);
}

static void print_text(const struct rte_pci_device *dev)
{
	char name[PCI_PRI_STR_SIZE];
	rte_pci_device_name(&dev->addr, name, sizeof(name));
	printf("%s %04x:%04x class=%06x driver=", name, dev->id.vendor_id, dev->id.device_id,
	       dev->id.class_id);
	print_token(dev->kdrv_name[0] != '\0' ? dev->kdrv_name : "-");
	if (dev->iommu_group >= 0)
		printf(" iommu=%d", dev->iommu_group);
	else
		printf(" iommu=-");
	printf(" numa=%d", dev->device.numa_node);
	for (unsigned int i = 0; i < PCI_MAX_RESOURCE; i++) {
		if (!bar_shown(dev, i))
			continue;
		char size[32];
		format_size(dev->resource[i].len, size, sizeof(size));
		printf(" bar%u=%s:0x%" PRIx64 ":%s", i, bar_type(&dev->resource[i]),
		       dev->resource[i].start, size);
	}
	fputs(" pmds=", stdout);
	print_pmds(dev, false);
	putchar('\n');
}

static void print_json(const struct rte_pci_device *dev, bool first)
{
	char name[PCI_PRI_STR_SIZE];
	rte_pci_device_name(&dev->addr, name, sizeof(name));
	printf("%s\n  {\"addr\": \"%s\", \"vendor\": \"0x%04x\", \"device\": \"0x%04x\", "
	       "\"subsystem_vendor\": \"0x%04x\", \"subsystem_device\": \"0x%04x\", "
	       "\"class\": \"0x%06x\", \"revision\": \"0x%02x\", \"numa_node\": %d, "
	       "\"kernel_driver\": ",
	       first ? "" : ",", name, dev->id.vendor_id, dev->id.device_id,
	       dev->id.subsystem_vendor_id, dev->id.subsystem_device_id, dev->id.class_id,
	       dev->revision, dev->device.numa_node);
	if (dev->kdrv_name[0] != '\0')
		openeal_json_string(dev->kdrv_name);
	else
		fputs("null", stdout);
	if (dev->iommu_group >= 0)
		printf(", \"iommu_group\": %d", dev->iommu_group);
	else
		fputs(", \"iommu_group\": null", stdout);
	if (dev->is_vf) {
		char pf[PCI_PRI_STR_SIZE];
		rte_pci_device_name(&dev->physfn, pf, sizeof(pf));
		printf(", \"physfn\": \"%s\"", pf);
	} else {
		fputs(", \"physfn\": null", stdout);
	}
	printf(", \"sriov_totalvfs\": %u, \"sriov_numvfs\": %u, \"bars\": [", dev->sriov_totalvfs,
	       dev->max_vfs);
	const char *sep = "";
	for (unsigned int i = 0; i < PCI_MAX_RESOURCE; i++) {
		const struct rte_pci_resource *r = &dev->resource[i];
		if (!bar_shown(dev, i))
			continue;
		printf("%s{\"index\": %u, \"start\": \"0x%" PRIx64 "\", \"size\": %" PRIu64
		       ", \"type\": \"%s\", \"prefetchable\": %s}",
		       sep, i, r->start, r->len, bar_type(r),
		       (r->flags & RTE_PCI_IORESOURCE_PREFETCH) ? "true" : "false");
		sep = ", ";
	}
	fputs("], \"pmds\": [", stdout);
	print_pmds(dev, true);
	fputs("]}", stdout);
}

static int match_any(const struct rte_device *dev, const void *data)
{
	(void)dev;
	(void)data;
	return 0;
}

static int list_devices(struct rte_bus *bus, bool json, struct list_filter *filters, int nb)
{
	bool first = true;
	if (json)
		fputs("{\"devices\": [", stdout);
	for (struct rte_device *d = bus->find_device(NULL, match_any, NULL); d != NULL;
	     d = bus->find_device(d, match_any, NULL)) {
		const struct rte_pci_device *dev = RTE_DEV_TO_PCI_CONST(d);
		if (!device_selected(filters, nb, dev))
			continue;
		if (json)
			print_json(dev, first);
		else
			print_text(dev);
		first = false;
	}
	if (json)
		fputs(first ? "]}\n" : "\n]}\n", stdout);
	int status = OPENEAL_EXIT_OK;
	for (int i = 0; i < nb; i++)
		if (filters[i].is_addr && !filters[i].matched)
			status = openeal_cmd_fail(OPENEAL_EXIT_FAILURE, "list", "no PCI device %s",
						  filters[i].text);
	if (fflush(stdout) != 0 || ferror(stdout))
		status = openeal_cmd_fail(OPENEAL_EXIT_FAILURE, "list", "cannot write the list");
	return status;
}

struct list_filters {
	struct list_filter *v;
	int nb;
};

static int take_filter(char *arg, void *ctx)
{
	struct list_filters *f = ctx;
	if (parse_filter(arg, &f->v[f->nb++]) != 0)
		return openeal_cmd_fail(
		    OPENEAL_EXIT_USAGE, "list",
		    "bad filter '%s': expected a PCI address (0000:00:02.0 or 00:02.0) or "
		    "VENDOR:DEVICE in hex with * wildcards (8086:100e, 8086:*, *:100e)",
		    arg);
	return OPENEAL_ARGS_TAKEN;
}

static int list_run(int argc, char **argv)
{
	bool json = false;
	const struct openeal_flag opts[] = {{"--json", &json}, {NULL, NULL}};
	struct list_filters f = {calloc((size_t)argc, sizeof(*f.v)), 0};
	if (f.v == NULL)
		return openeal_cmd_fail(OPENEAL_EXIT_FAILURE, "list", "out of memory");
	int taken = openeal_cmd_args("list", argc, argv, opts, list_usage, take_filter, &f);
	if (taken != OPENEAL_ARGS_TAKEN) {
		free(f.v);
		return taken;
	}
	struct rte_bus *bus = rte_bus_find_by_name("pci");
	int status;
	if (bus == NULL)
		status = openeal_cmd_fail(OPENEAL_EXIT_FAILURE, "list", "no PCI bus in this build");
	/* The bus's scan op: the program links the shared library, which exports only the public
	 * API (doc/abi.md). The bus logged the line: which directory and why. */
	else if (bus->scan() != 0)
		status = OPENEAL_EXIT_FAILURE;
	else
		status = list_devices(bus, json, f.v, f.nb);
	if (bus != NULL && bus->cleanup != NULL)
		bus->cleanup();
	free(f.v);
	return status;
}

static struct openeal_cmd list_cmd = {
    .name = "list",
    .args = "[--json] [FILTER...]",
    .summary = "List PCI devices (ids, class, driver, IOMMU group, NUMA, BARs, matching PMDs)",
    .run = list_run,
};
OPENEAL_CMD_REGISTER(list_cmd)
