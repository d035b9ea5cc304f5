/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * An application outside the openeal tree, built only from the installed headers and
 * `pkg-config --cflags --libs openeal`. It brings its own vdev driver, asks for a device of
 * it with --vdev, and succeeds only if the EAL probed that device with its arguments and
 * removed it at cleanup. libopeneal holds no PMD: no PCI driver may be registered, and the
 * in-tree net_null must not claim --vdev net_null0.
 */

#include <stdio.h>
#include <string.h>

#include <bus_pci_driver.h>
#include <bus_vdev_driver.h>
#include <rte_dev.h>
#include <rte_eal.h>
#include <rte_errno.h>

static int probes;
static int removes;
static char probed_name[64];
static char probed_args[64];

static int consumer_probe(struct rte_vdev_device *dev)
{
	probes++;
	snprintf(probed_name, sizeof(probed_name), "%s", rte_vdev_device_name(dev));
	snprintf(probed_args, sizeof(probed_args), "%s", rte_vdev_device_args(dev));
	return 0;
}

static int consumer_remove(struct rte_vdev_device *dev)
{
	(void)dev;
	removes++;
	return 0;
}

static struct rte_vdev_driver consumer_driver = {
    .probe = consumer_probe,
    .remove = consumer_remove,
};

RTE_PMD_REGISTER_VDEV(consumer_vdev, consumer_driver);

int main(void)
{
	if (rte_pci_driver_next(NULL) != NULL) {
		fprintf(stderr, "consumer: libopeneal registered PCI driver %s; it must hold none\n",
			rte_pci_driver_next(NULL)->driver.name);
		return 1;
	}
	char *null_argv[] = {"consumer", "--no-pci", "--vdev", "net_null0", NULL};
	if (rte_eal_init(4, null_argv) >= 0) {
		fprintf(stderr, "consumer: --vdev net_null0 was accepted without the net_null PMD\n");
		rte_eal_cleanup();
		return 1;
	}
	char *argv[] = {"consumer", "--no-pci", "--vdev", "consumer_vdev0,greeting=hello", NULL};

	if (rte_eal_init(4, argv) < 0) {
		fprintf(stderr, "consumer: rte_eal_init failed: %s\n", rte_strerror(rte_errno));
		return 1;
	}
	if (probes != 1 || strcmp(probed_name, "consumer_vdev0") != 0 ||
	    strcmp(probed_args, "greeting=hello") != 0) {
		fprintf(stderr,
			"consumer: expected one probe of consumer_vdev0 with greeting=hello, "
			"got %d probe(s) of '%s' with '%s'\n",
			probes, probed_name, probed_args);
		rte_eal_cleanup();
		return 1;
	}
	if (rte_eal_cleanup() != 0 || removes != 1) {
		fprintf(stderr, "consumer: cleanup did not remove consumer_vdev0 once (%d)\n",
			removes);
		return 1;
	}
	printf("consumer: consumer_vdev0 probed by consumer_vdev and removed at cleanup\n");
	return 0;
}
