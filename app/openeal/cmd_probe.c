/* SPDX-License-Identifier: BSD-3-Clause */
/* openeal probe [EAL options]: initialise the EAL, list what got probed, clean up. */

#include <stdio.h>

#include <rte_bus.h>
#include <rte_devargs.h>
#include <rte_dev.h>
#include <rte_eal.h>
#include <rte_errno.h>

#include "openeal_cmd.h"

static void print_probed(void)
{
	struct rte_dev_iterator it;
	struct rte_device *dev;

	RTE_DEV_FOREACH(dev, NULL, &it)
	{
		if (rte_dev_is_probed(dev))
			printf("%s %s %s\n", rte_bus_name(rte_dev_bus(dev)), rte_dev_name(dev),
			       rte_driver_name(rte_dev_driver(dev)));
	}
}

/* The device created for da (by -a or --vdev), or NULL when no bus found one. */
static struct rte_device *device_of(const struct rte_devargs *da)
{
	struct rte_dev_iterator it;
	struct rte_device *dev;

	RTE_DEV_FOREACH(dev, NULL, &it)
	{
		if (rte_dev_devargs(dev) == da)
			return dev;
	}
	return NULL;
}

/*
 * Every device the user named must have been probed. One that exists but was refused has
 * already had its line from the bus or driver that refused it; one that does not exist has
 * not, so it gets its line here.
 */
static int check_requested(void)
{
	struct rte_devargs *da;
	int status = OPENEAL_EXIT_OK;

	RTE_EAL_DEVARGS_FOREACH(NULL, da)
	{
		if (da->type == RTE_DEVTYPE_BLOCKED)
			continue;
		struct rte_device *dev = device_of(da);
		if (dev == NULL)
			status = openeal_cmd_fail(OPENEAL_EXIT_FAILURE, "probe",
						  "no device '%s' on bus %s", da->name,
						  rte_bus_name(da->bus));
		else if (!rte_dev_is_probed(dev))
			status = OPENEAL_EXIT_FAILURE;
	}
	return status;
}

static int probe_run(int argc, char **argv)
{
	int ret = rte_eal_init(argc, argv);
	if (ret < 0) {
		/* The EAL printed the usage (--help) or the line saying what failed. */
		if (rte_errno == ECANCELED)
			return OPENEAL_EXIT_OK;
		return rte_errno == EINVAL ? OPENEAL_EXIT_USAGE : OPENEAL_EXIT_FAILURE;
	}
	/* What is left after the EAL's arguments (and a "--"), behind the command name. */
	argc -= ret;
	argv += ret;
	int status = OPENEAL_EXIT_OK;
	if (argc > 1) {
		status = openeal_cmd_fail(OPENEAL_EXIT_USAGE, "probe",
					  "unexpected argument '%s' (probe takes EAL options only)",
					  argv[1]);
	} else {
		print_probed();
		status = check_requested();
	}
	if (rte_eal_cleanup() != 0 && status == OPENEAL_EXIT_OK)
		status = openeal_cmd_fail(OPENEAL_EXIT_FAILURE, "probe", "cleanup failed: %s",
					  rte_strerror(rte_errno));
	return status;
}

static struct openeal_cmd probe_cmd = {
    .name = "probe",
    .args = "[EAL options]",
    .summary = "Initialise the EAL, print each probed device (bus, name, driver), clean up",
    .run = probe_run,
};
OPENEAL_CMD_REGISTER(probe_cmd)
