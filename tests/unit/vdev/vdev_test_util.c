/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bus_driver.h>
#include <rte_eal.h>

#include "test_util.h"
#include "vdev_test.h"

#define VT_MAX_ARGS 32

int vt_eal_init(const char *const *args)
{
	char *argv[VT_MAX_ARGS + 2];
	int argc = 0;

	argv[argc++] = (char *)"test";
	/* Tests must never touch the host's real PCI devices. */
	argv[argc++] = (char *)"--no-pci";
	for (const char *const *a = args; *a != NULL && argc <= VT_MAX_ARGS; a++)
		argv[argc++] = (char *)*a;
	argv[argc] = NULL;
	return rte_eal_init(argc, argv);
}

struct init_call {
	const char *const *args;
	int ret;
};

static void init_with_args(void *arg)
{
	struct init_call *c = arg;
	c->ret = vt_eal_init(c->args);
}

char *vt_eal_init_logged(const char *const *args, int *ret)
{
	struct init_call c = {.args = args, .ret = 0};
	char *log = test_capture_log(init_with_args, &c);
	*ret = c.ret;
	return log;
}

int vt_log_lines_with(const char *log, const char *needle, char *line, size_t len)
{
	int n = 0;

	for (const char *p = log; p != NULL && *p != '\0';) {
		const char *eol = strchr(p, '\n');
		size_t l = eol != NULL ? (size_t)(eol - p) : strlen(p);
		if (memmem(p, l, needle, strlen(needle)) != NULL) {
			n++;
			if (line != NULL)
				snprintf(line, len, "%.*s", (int)l, p);
		}
		p = eol != NULL ? eol + 1 : NULL;
	}
	return n;
}

struct rte_bus *vt_vdev_bus(void)
{
	return rte_bus_find_by_name("vdev");
}

static int name_is(const struct rte_device *dev, const void *name)
{
	return strcmp(dev->name, name);
}

struct rte_device *vt_find(const char *name)
{
	return vt_vdev_bus()->find_device(NULL, name_is, name);
}

struct vt_record vt_rec;

void vt_record_reset(void)
{
	memset(&vt_rec, 0, sizeof(vt_rec));
}

int vt_removed_count(const char *devname)
{
	int n = 0;
	for (int i = 0; i < vt_rec.removes && i < VT_MAX_EVENTS; i++)
		if (strcmp(vt_rec.removed[i], devname) == 0)
			n++;
	return n;
}

static int vt_probe(struct rte_vdev_device *dev)
{
	if (strstr(rte_vdev_device_args(dev), "fail=1") != NULL) {
		vt_rec.refused++;
		return -EIO;
	}
	vt_rec.probes++;
	return 0;
}

static int vt_remove(struct rte_vdev_device *dev)
{
	if (vt_rec.remove_error != 0)
		return vt_rec.remove_error;
	if (vt_rec.removes < VT_MAX_EVENTS)
		snprintf(vt_rec.removed[vt_rec.removes], RTE_DEV_NAME_MAX_LEN, "%s",
			 rte_vdev_device_name(dev));
	vt_rec.removes++;
	return 0;
}

static int vt_dma_map(struct rte_vdev_device *dev, void *addr, uint64_t iova, size_t len)
{
	RTE_SET_USED(dev);
	/* Check the arguments arrive unchanged: the caller passes addr == iova, len 4096. */
	if ((uintptr_t)addr != iova || len != 4096)
		return -1;
	vt_rec.dma_maps++;
	return 0;
}

static int vt_dma_unmap(struct rte_vdev_device *dev, void *addr, uint64_t iova, size_t len)
{
	RTE_SET_USED(dev);
	if ((uintptr_t)addr != iova || len != 4096)
		return -1;
	vt_rec.dma_unmaps++;
	return 0;
}

/* Registered by main() with rte_vdev_register, the way an application adds a driver at run
 * time. */
struct rte_vdev_driver vt_driver = {
    .driver = {.name = "vdtest"},
    .probe = vt_probe,
    .remove = vt_remove,
    .dma_map = vt_dma_map,
    .dma_unmap = vt_dma_unmap,
};

static int vt_va_probe(struct rte_vdev_device *dev)
{
	RTE_SET_USED(dev);
	return 0;
}

struct rte_vdev_driver vt_va_driver = {
    .probe = vt_va_probe,
    .drv_flags = RTE_VDEV_DRV_NEED_IOVA_AS_VA,
};

/* Alias first on purpose: the registration macros must work in either order. */
RTE_PMD_REGISTER_ALIAS(vdva, vdvirt);
RTE_PMD_REGISTER_VDEV(vdva, vt_va_driver);
