/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * An application outside the tree that links one PMD library (pkg-config openeal-<pmd>, or
 * its static archive) and nothing of its own: that PMD, and only it, must be registered.
 * usage: consumer-pmd DRIVER pci|vdev
 *   pci:  DRIVER is the one registered PCI driver;
 *   vdev: no PCI driver is registered, and --vdev DRIVER0 is probed by DRIVER.
 */

#include <stdio.h>
#include <string.h>

#include <bus_pci_driver.h>
#include <rte_dev.h>
#include <rte_eal.h>
#include <rte_errno.h>

static int pci_drivers(const char **first)
{
	int n = 0;
	*first = NULL;
	for (const struct rte_pci_driver *d = rte_pci_driver_next(NULL); d != NULL;
	     d = rte_pci_driver_next(d), n++)
		if (*first == NULL)
			*first = d->driver.name;
	return n;
}

static int check_vdev(const char *driver)
{
	char devname[64];
	snprintf(devname, sizeof(devname), "%s0", driver);
	char *argv[] = {"consumer-pmd", "--no-pci", "--vdev", devname, NULL};
	if (rte_eal_init(4, argv) < 0) {
		fprintf(stderr, "consumer-pmd: rte_eal_init --vdev %s failed: %s\n", devname,
			rte_strerror(rte_errno));
		return 1;
	}
	struct rte_dev_iterator it;
	struct rte_device *dev;
	int ok = 0;
	RTE_DEV_FOREACH(dev, "bus=vdev", &it)
	if (strcmp(rte_dev_name(dev), devname) == 0 && rte_dev_is_probed(dev) &&
	    strcmp(rte_driver_name(rte_dev_driver(dev)), driver) == 0)
		ok = 1;
	rte_eal_cleanup();
	if (!ok) {
		fprintf(stderr, "consumer-pmd: %s was not probed by %s\n", devname, driver);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 3 || (strcmp(argv[2], "pci") != 0 && strcmp(argv[2], "vdev") != 0)) {
		fprintf(stderr, "usage: consumer-pmd DRIVER pci|vdev\n");
		return 2;
	}
	const char *driver = argv[1];
	const char *first;
	int n = pci_drivers(&first);
	if (strcmp(argv[2], "pci") == 0) {
		if (n != 1 || strcmp(first, driver) != 0) {
			fprintf(stderr,
				"consumer-pmd: expected PCI driver %s alone, found %d (first: %s)\n",
				driver, n, first != NULL ? first : "none");
			return 1;
		}
	} else {
		if (n != 0) {
			fprintf(stderr, "consumer-pmd: expected no PCI driver, found %d (%s)\n", n,
				first);
			return 1;
		}
		if (check_vdev(driver) != 0)
			return 1;
	}
	printf("consumer-pmd: %s registered alone\n", driver);
	return 0;
}
