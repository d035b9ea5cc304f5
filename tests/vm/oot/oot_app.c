/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The application of the out-of-tree PMD scenario: rte_eal_init with its command line, one
 * line per probed device naming its driver, rte_eal_cleanup. Built several ways by build.sh:
 * with the out-of-tree PMDs compiled in, also linking openeal's own PMD libraries, or with
 * no PMD at all (they come with -d).
 */

#include <stdio.h>

#include <rte_dev.h>
#include <rte_eal.h>
#include <rte_errno.h>

int main(int argc, char **argv)
{
	if (rte_eal_init(argc, argv) < 0) {
		printf("app: rte_eal_init failed: %s\n", rte_strerror(rte_errno));
		return 1;
	}
	struct rte_dev_iterator it;
	struct rte_device *dev;
	RTE_DEV_FOREACH(dev, NULL, &it)
	if (rte_dev_is_probed(dev))
		printf("app: %s probed by %s\n", rte_dev_name(dev),
		       rte_driver_name(rte_dev_driver(dev)));
	fflush(stdout);
	if (rte_eal_cleanup() != 0) {
		printf("app: rte_eal_cleanup failed: %s\n", rte_strerror(rte_errno));
		return 1;
	}
	printf("app: cleanup done\n");
	return 0;
}
