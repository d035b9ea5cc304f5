/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The PCI bus's keys: device iteration filters ("bus=pci,addr=0000:00:02.0") and the bus layer
 * of DPDK's layered devargs ("bus=pci,addr=0000:00:02.0/driver=NAME,k=v"). As in DPDK 22.11,
 * "addr" is the only key; it is compared parsed, so either address spelling works.
 */

#include <rte_devargs.h>
#include <rte_errno.h>
#include <rte_kvargs.h>

#include "pci_private.h"

static const char *const pci_params_keys[] = {"addr", NULL};

static int addr_differs(const char *key, const char *value, void *opaque)
{
	const struct rte_pci_device *dev = opaque;
	struct rte_pci_addr a;

	RTE_SET_USED(key);
	if (rte_pci_addr_parse(value, &a) != 0)
		return -1;
	return rte_pci_addr_cmp(&a, &dev->addr) != 0 ? -1 : 0;
}

static int pci_dev_match(const struct rte_device *d, const void *kvlist)
{
	const struct rte_pci_device *dev = RTE_DEV_TO_PCI_CONST(d);

	if (kvlist == NULL)
		return 0;
	return rte_kvargs_process(kvlist, "addr", addr_differs, (void *)(uintptr_t)dev) == 0 ? 0
											     : 1;
}

void *pci_dev_iterate(const void *start, const char *str, const struct rte_dev_iterator *it)
{
	struct rte_kvargs *kvargs = NULL;

	RTE_SET_USED(it);
	if (str != NULL && str[0] != '\0') {
		kvargs = rte_kvargs_parse(str, pci_params_keys);
		if (kvargs == NULL) {
			PCI_LOG(ERR, "cannot parse device filter \"%s\" (only addr=ADDRESS)", str);
			rte_errno = EINVAL;
			return NULL;
		}
	}
	struct rte_device *dev = pci_bus.find_device(start, pci_dev_match, kvargs);
	rte_kvargs_free(kvargs);
	return dev;
}

static int take_addr(const char *key, const char *value, void *opaque)
{
	RTE_SET_USED(key);
	return rte_pci_addr_parse(value, opaque) == 0 ? 0 : -1;
}

/* The layered syntax names the device by "addr=" in its bus layer; it becomes the name. */
int pci_devargs_parse(struct rte_devargs *da)
{
	static const char *const keys[] = {"bus", "addr", NULL};
	struct rte_pci_addr addr;

	if (da->bus_str == NULL)
		return 0;
	struct rte_kvargs *kvargs = rte_kvargs_parse(da->bus_str, keys);
	if (kvargs == NULL)
		return -EINVAL;
	/* As in DPDK, "bus=pci" without an address parses and names no device (it selects all
	 * of them as a filter; adding it as a device is refused for want of a name). */
	unsigned int naddr = rte_kvargs_count(kvargs, "addr");
	int ret = naddr == 0 || (naddr == 1 && rte_kvargs_process(kvargs, "addr", take_addr,
								    &addr) == 0)
		      ? 0
		      : -EINVAL;
	rte_kvargs_free(kvargs);
	if (ret == 0 && naddr == 1)
		rte_pci_device_name(&addr, da->name, sizeof(da->name));
	return ret;
}
