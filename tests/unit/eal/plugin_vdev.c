/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A PMD built as a shared object for the -d tests: a vdev driver "test_plugin" (alias
 * "tplug"). It links no openeal library: the test program exports the EAL it carries
 * (export_dynamic), as an application linking libopeneal.so provides it.
 */
#include <bus_vdev_driver.h>

static int plugin_probe(struct rte_vdev_device *dev)
{
	(void)dev;
	return 0;
}

static int plugin_remove(struct rte_vdev_device *dev)
{
	(void)dev;
	return 0;
}

static struct rte_vdev_driver plugin_driver = {
    .probe = plugin_probe,
    .remove = plugin_remove,
};

RTE_PMD_REGISTER_VDEV(test_plugin, plugin_driver);
RTE_PMD_REGISTER_ALIAS(test_plugin, tplug);
