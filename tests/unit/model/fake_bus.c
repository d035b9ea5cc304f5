/* SPDX-License-Identifier: BSD-3-Clause */
#include "fake_bus.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_kvargs.h>

char fake_events[4096];
const struct rte_driver fake_driver = {.name = "fake_drv"};

void fake_events_clear(void)
{
	fake_events[0] = '\0';
}

static void fake_event(const struct fake_bus *fb, const char *op)
{
	size_t used = strlen(fake_events);
	snprintf(fake_events + used, sizeof(fake_events) - used, "%s.%s ", fb->bus.name, op);
}

void fake_bus_setup(struct fake_bus *fb, const struct rte_bus *ops, const char *name,
		    const char *prefix)
{
	memset(fb, 0, sizeof(*fb));
	fb->bus = *ops;
	fb->bus.name = name;
	fb->prefix = prefix;
}

static struct rte_devargs *listed_devargs(const char *bus, const char *name)
{
	struct rte_devargs *da;

	RTE_EAL_DEVARGS_FOREACH(bus, da)
	if (strcmp(da->name, name) == 0)
		return da;
	return NULL;
}

int fake_scan(struct fake_bus *fb)
{
	unsigned int n = 0;

	fake_event(fb, "scan");
	fb->scans++;
	for (; n < FAKE_MAX_DEVS && fb->dev_names[n] != NULL; n++) {
		struct rte_device *dev = &fb->devs[n];
		dev->name = fb->dev_names[n];
		dev->bus = &fb->bus;
		dev->numa_node = (int)n % 2;
		if (fb->attach_devargs)
			dev->devargs = listed_devargs(fb->bus.name, dev->name);
	}
	fb->ndevs = n;
	return fb->scan_ret;
}

int fake_probe(struct fake_bus *fb)
{
	fake_event(fb, "probe");
	fb->probes++;
	return fb->probe_ret;
}

struct rte_device *fake_find_device(struct fake_bus *fb, const struct rte_device *start,
				    rte_dev_cmp_t cmp, const void *data)
{
	unsigned int i = 0;

	if (start != NULL) {
		if (start < fb->devs || start >= fb->devs + fb->ndevs)
			return NULL;
		i = (unsigned int)(start - fb->devs) + 1;
	}
	for (; i < fb->ndevs; i++)
		if (cmp(&fb->devs[i], data) == 0)
			return &fb->devs[i];
	return NULL;
}

int fake_plug(struct fake_bus *fb, struct rte_device *dev)
{
	fake_event(fb, "plug");
	fb->plugs++;
	if (fb->plug_ret != 0)
		return fb->plug_ret;
	dev->driver = &fake_driver;
	return 0;
}

int fake_unplug(struct fake_bus *fb, struct rte_device *dev)
{
	fake_event(fb, "unplug");
	fb->unplugs++;
	if (fb->unplug_ret != 0)
		return fb->unplug_ret;
	/* Like a real bus, forget the devargs: the EAL drops them after a successful unplug. */
	dev->driver = NULL;
	dev->devargs = NULL;
	return 0;
}

int fake_parse(struct fake_bus *fb, const char *name, void *addr)
{
	(void)addr;
	return strncmp(name, fb->prefix, strlen(fb->prefix)) == 0 ? 0 : 1;
}

/* Layered syntax: "bus=NAME,id=N" names the device <prefix>N. Args with "reject" fail. */
int fake_devargs_parse(struct fake_bus *fb, struct rte_devargs *da)
{
	if (da->args != NULL && strstr(da->args, "reject") != NULL)
		return -EINVAL;
	if (da->bus_str == NULL)
		return 0;
	struct rte_kvargs *kv = rte_kvargs_parse(da->bus_str, NULL);
	if (kv == NULL)
		return -EINVAL;
	const char *id = rte_kvargs_get(kv, "id");
	if (id != NULL)
		snprintf(da->name, sizeof(da->name), "%s%s", fb->prefix, id);
	rte_kvargs_free(kv);
	return 0;
}

int fake_dma_map(struct fake_bus *fb, struct rte_device *dev, void *addr, uint64_t iova, size_t len)
{
	(void)dev;
	(void)addr;
	(void)iova;
	(void)len;
	fb->dma_maps++;
	return fb->dma_ret;
}

int fake_dma_unmap(struct fake_bus *fb, struct rte_device *dev, void *addr, uint64_t iova,
		   size_t len)
{
	(void)dev;
	(void)addr;
	(void)iova;
	(void)len;
	fb->dma_unmaps++;
	return fb->dma_ret;
}

enum rte_iova_mode fake_get_iommu_class(struct fake_bus *fb)
{
	return fb->iova;
}

static int name_is(const struct rte_device *dev, const void *name)
{
	return name != NULL && strcmp(dev->name, name) != 0;
}

/* Filters: "name=X" (only device X); no filter matches every device. */
void *fake_dev_iterate(struct fake_bus *fb, const void *start, const char *str,
		       const struct rte_dev_iterator *it)
{
	static const char *const keys[] = {"name", NULL};
	(void)it;
	struct rte_kvargs *kv = rte_kvargs_parse(str, keys);
	if (kv == NULL) {
		rte_errno = EINVAL;
		return NULL;
	}
	struct rte_device *dev = fake_find_device(fb, start, name_is, rte_kvargs_get(kv, "name"));
	rte_kvargs_free(kv);
	return dev;
}

int fake_cleanup(struct fake_bus *fb)
{
	fake_event(fb, "cleanup");
	fb->cleanups++;
	return fb->cleanup_ret;
}

static struct rte_bus *stashed[16];
static unsigned int n_stashed;

static int any_bus(const struct rte_bus *bus, const void *data)
{
	(void)bus;
	(void)data;
	return 0;
}

void fake_registry_stash(void)
{
	struct rte_bus *bus;

	while ((bus = rte_bus_find(NULL, any_bus, NULL)) != NULL && n_stashed < 16) {
		stashed[n_stashed++] = bus;
		rte_bus_unregister(bus);
	}
}

void fake_registry_restore(void)
{
	struct rte_bus *bus;

	while ((bus = rte_bus_find(NULL, any_bus, NULL)) != NULL)
		rte_bus_unregister(bus);
	for (unsigned int i = 0; i < n_stashed; i++)
		rte_bus_register(stashed[i]);
	n_stashed = 0;
}

unsigned int fake_registry_size(void)
{
	unsigned int n = 0;

	for (struct rte_bus *bus = rte_bus_find(NULL, any_bus, NULL); bus != NULL;
	     bus = rte_bus_find(bus, any_bus, NULL))
		n++;
	return n;
}

unsigned int count_lines(const char *s)
{
	unsigned int n = 0;

	for (; s != NULL && *s != '\0'; s++)
		if (*s == '\n')
			n++;
	return n;
}
