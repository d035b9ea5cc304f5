/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The one-line failure messages of the VFIO layer. vfio_fail_format() is a pure function of the
 * failure's context (the step, errno, paths, uid, the group's devices and drivers, memlock
 * figures) so that each message can be unit-tested; the callers gather the context.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <linux/vfio.h>
#include <rte_common.h>
#include <rte_errno.h>

#include "eal_vfio_private.h"

/* An append-only text buffer with snprintf's semantics: len counts what would have been written. */
struct line {
	char *buf;
	size_t size;
	size_t len;
};

static void __rte_format_printf(2, 3) put(struct line *l, const char *fmt, ...)
{
	va_list ap;
	size_t room = l->len < l->size ? l->size - l->len : 0;

	va_start(ap, fmt);
	int n = vsnprintf(room ? l->buf + l->len : NULL, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		l->len += (size_t)n;
}

static const char *err_text(int err)
{
	return err ? rte_strerror(err) : "unknown error";
}

static const char *type_name(int type)
{
	switch (type) {
	case VFIO_TYPE1v2_IOMMU:
		return "Type1v2";
	case VFIO_TYPE1_IOMMU:
		return "Type1";
	default:
		return "unknown type";
	}
}

/* "0000:00:02.0", else "IOMMU group 7", else the container, else "vfio". */
static void put_subject(struct line *l, const struct vfio_fail *f)
{
	if (f->dev_addr != NULL)
		put(l, "%s: ", f->dev_addr);
	else if (f->group_num >= 0)
		put(l, "IOMMU group %d: ", f->group_num);
	else if (f->container != NULL)
		put(l, "%s: ", f->container);
	else
		put(l, "vfio: ");
}

static const char *path_or(const struct vfio_fail *f, const char *dflt)
{
	return f->path != NULL ? f->path : dflt;
}

static void put_permission(struct line *l, const struct vfio_fail *f, const char *path)
{
	put(l, "cannot open %s: permission denied for uid %u", path, f->uid);
	if (f->path_stat_known)
		put(l, " (the node belongs to uid %u, mode %04o)", f->path_uid,
		    f->path_mode & 07777u);
	put(l,
	    "; fix: run as root, or give uid %u the node (chown %u %s, or a udev rule "
	    "SUBSYSTEM==\"vfio\", OWNER=\"<user>\") and raise its locked-memory limit (ulimit -l)",
	    f->uid, f->uid, path);
}

static void put_busy(struct line *l, const struct vfio_fail *f, const char *path)
{
	put(l, "cannot open %s: the group is already open", path);
	if (f->holder_pid > 0 && f->holder_pid == f->self_pid)
		put(l, " in this process (pid %d) outside openeal", f->holder_pid);
	else if (f->holder_pid > 0)
		put(l, " by pid %d (%s)", f->holder_pid,
		    f->holder_comm != NULL && f->holder_comm[0] ? f->holder_comm : "?");
	else
		put(l, " by another process (another openeal or DPDK application, QEMU, ...)");
	put(l, " and the kernel lets one opener hold it; fix: ");
	if (f->holder_pid > 0 && f->holder_pid == f->self_pid)
		put(l, "close that fd, or get the group through rte_vfio_get_group_fd()");
	else
		put(l, "stop that process or release the group there, or use a device of another "
		       "IOMMU group");
}

/* The other members of the group, with drivers: " 0000:00:12.0 (e1000), 0000:00:11.0 (no
 * driver)". Returns how many of them keep the group from being viable. */
static unsigned int put_members(struct line *l, const struct vfio_fail *f)
{
	unsigned int shown = 0, blocking = 0;

	for (unsigned int i = 0; i < f->nb_members; i++) {
		const struct vfio_group_member *m = &f->members[i];

		if (f->dev_addr != NULL && strcmp(m->addr, f->dev_addr) == 0)
			continue;
		put(l, "%s%s (%s)", shown ? ", " : " ", m->addr,
		    m->driver[0] ? m->driver : "no driver");
		shown++;
		if (!rte_vfio_driver_keeps_group_viable(m->driver))
			blocking++;
	}
	if (f->total_members > f->nb_members)
		put(l, " and %u more", f->total_members - f->nb_members);
	if (shown == 0 && f->total_members <= f->nb_members)
		put(l, " devices that could not be listed");
	return blocking;
}

static void put_not_viable(struct line *l, const struct vfio_fail *f)
{
	put(l,
	    "IOMMU group %d is not viable: every device in it must be bound to vfio-pci or to "
	    "no driver, and it also holds",
	    f->group_num);
	unsigned int blocking = put_members(l, f);

	put(l, "; fix: ");
	if (blocking == 0) {
		put(l,
		    "bind every device of %s/%d/devices to vfio-pci (openeal bind vfio-pci ADDR)",
		    VFIO_SYSFS_IOMMU_GROUPS, f->group_num);
		return;
	}
	unsigned int n = 0;
	for (unsigned int i = 0; i < f->nb_members; i++) {
		const struct vfio_group_member *m = &f->members[i];

		if (f->dev_addr != NULL && strcmp(m->addr, f->dev_addr) == 0)
			continue;
		if (rte_vfio_driver_keeps_group_viable(m->driver))
			continue;
		put(l, "%sopeneal bind vfio-pci %s", n++ ? "; " : "", m->addr);
	}
}

static void put_no_group_link(struct line *l, const struct vfio_fail *f)
{
	put(l,
	    "no IOMMU group (%s does not exist): the IOMMU is off or absent, so vfio cannot "
	    "isolate "
	    "the device; fix: enable VT-d/AMD-Vi in the firmware and boot with intel_iommu=on "
	    "(Intel) or amd_iommu=on (AMD), with iommu=pt to keep other devices fast",
	    path_or(f, "iommu_group"));
}

static void put_open_container(struct line *l, const struct vfio_fail *f)
{
	const char *path = path_or(f, "/dev/vfio/vfio");

	if (f->err == ENOENT || f->err == ENODEV || f->err == ENXIO)
		put(l,
		    "cannot open %s: %s: the vfio modules are not loaded; fix: modprobe vfio-pci "
		    "(vfio also needs the IOMMU on: intel_iommu=on or amd_iommu=on)",
		    path, err_text(f->err));
	else if (f->err == EACCES || f->err == EPERM)
		put_permission(l, f, path);
	else
		put(l, "cannot open %s: %s; fix: check that the vfio module loaded (dmesg)", path,
		    err_text(f->err));
}

static void put_open_group(struct line *l, const struct vfio_fail *f)
{
	char dflt[32];

	snprintf(dflt, sizeof(dflt), "/dev/vfio/%d", f->group_num);
	const char *path = path_or(f, dflt);

	if (f->err == EACCES || f->err == EPERM) {
		put_permission(l, f, path);
	} else if (f->err == EBUSY) {
		put_busy(l, f, path);
	} else if (f->err == ENOENT || f->err == ENODEV) {
		put(l,
		    "cannot open %s: %s: no device of IOMMU group %d is bound to vfio-pci; fix: ",
		    path, err_text(f->err), f->group_num);
		if (f->dev_addr != NULL)
			put(l, "openeal bind vfio-pci %s", f->dev_addr);
		else
			put(l, "bind the group's devices to vfio-pci (openeal bind vfio-pci ADDR)");
	} else {
		put(l, "cannot open %s: %s; fix: check the kernel log (dmesg)", path,
		    err_text(f->err));
	}
}

static void put_set_iommu(struct line *l, const struct vfio_fail *f)
{
	put(l, "VFIO_SET_IOMMU(%s) failed: %s", type_name(f->value), err_text(f->err));
	if (f->err == EPERM)
		put(l,
		    ": the platform has no interrupt remapping, so vfio refuses to give the group "
		    "a DMA domain; fix: enable interrupt remapping (VT-d/AMD-Vi with IR in the "
		    "firmware; QEMU: -device intel-iommu,intremap=on), or accept the risk with "
		    "the vfio_iommu_type1 parameter allow_unsafe_interrupts=1");
	else
		put(l, "; fix: the kernel log (dmesg) gives the IOMMU driver's reason");
}

static void put_device_fd(struct line *l, const struct vfio_fail *f)
{
	const char *dev = f->dev_addr != NULL ? f->dev_addr : "the device";

	if (f->err == EACCES && f->vf_token) {
		put(l,
		    "VFIO_GROUP_GET_DEVICE_FD refused the VF token given with --vfio-vf-token: it "
		    "differs from the one the PF's user set; fix: pass that user's token");
	} else if (f->err == EACCES) {
		put(l,
		    "VFIO_GROUP_GET_DEVICE_FD: %s: the device needs a VF token (a VF whose PF is "
		    "on vfio-pci, or a PF whose VFs are in use); fix: pass --vfio-vf-token UUID "
		    "with the token the PF's user set",
		    err_text(f->err));
	} else if (f->err == ENODEV || f->err == EINVAL) {
		put(l, "VFIO_GROUP_GET_DEVICE_FD: %s: %s is not a vfio device of IOMMU group %d",
		    err_text(f->err), dev, f->group_num);
		if (f->dev_driver != NULL)
			put(l, " (it is bound to %s)",
			    f->dev_driver[0] ? f->dev_driver : "no driver");
		put(l, "; fix: openeal bind vfio-pci %s", dev);
	} else {
		put(l, "VFIO_GROUP_GET_DEVICE_FD failed: %s; fix: check the kernel log (dmesg)",
		    err_text(f->err));
	}
}

/* Why pinning len more bytes failed with ENOMEM, and the fix. */
static void put_memlock(struct line *l, const struct vfio_fail *f)
{
	if (f->memlock.cap_ipc_lock || f->memlock.limit == UINT64_MAX) {
		put(l, "%s pinning the pages; fix: free memory or map less", err_text(ENOMEM));
		return;
	}
	put(l,
	    "the locked-memory limit (RLIMIT_MEMLOCK) is %" PRIu64 " bytes, %" PRIu64
	    " are locked already and %" PRIu64 " more are needed; fix: raise it (ulimit -l "
	    "unlimited, LimitMEMLOCK=infinity in the systemd unit, or memlock in "
	    "/etc/security/limits.conf), or run as root",
	    f->memlock.limit, f->memlock.locked, f->len);
}

static void put_dma_map(struct line *l, const struct vfio_fail *f)
{
	put(l, "cannot map %" PRIu64 " bytes at IOVA 0x%" PRIx64 " for DMA: ", f->len, f->iova);
	switch (f->err) {
	case ENOMEM:
		put_memlock(l, f);
		break;
	case ENOSPC:
		put(l, "the container reached the number of DMA mappings vfio_iommu_type1 allows "
		       "(dma_entry_limit); fix: map fewer, larger segments (hugepages) or raise "
		       "dma_entry_limit");
		break;
	case EEXIST:
		put(l,
		    "the IOVA range overlaps a mapping of this container; fix: unmap it first or "
		    "use another IOVA");
		break;
	case EINVAL:
		put(l,
		    "the kernel refused the range (%s); fix: align address, IOVA and length to the "
		    "IOMMU page size and keep the IOVA inside the usable ranges "
		    "(rte_vfio_container_get_iommu_info)",
		    err_text(f->err));
		break;
	case EFAULT:
		put(l,
		    "%s: the virtual range is not mapped in this process; fix: map only memory "
		    "the process owns",
		    err_text(f->err));
		break;
	default:
		put(l, "%s; fix: check the kernel log (dmesg)", err_text(f->err));
		break;
	}
}

int vfio_fail_format(const struct vfio_fail *f, char *buf, size_t size)
{
	struct line l = {.buf = buf, .size = size, .len = 0};

	if (size > 0)
		buf[0] = '\0';
	put_subject(&l, f);
	switch (f->step) {
	case VFIO_STEP_GROUP_LINK:
		if (f->err == ENOENT)
			put_no_group_link(&l, f);
		else
			put(&l, "cannot read %s: %s", path_or(f, "iommu_group"), err_text(f->err));
		break;
	case VFIO_STEP_OPEN_CONTAINER:
		put_open_container(&l, f);
		break;
	case VFIO_STEP_API_VERSION:
		put(&l,
		    "%s speaks VFIO API version %d, openeal needs %d; fix: use a kernel with the "
		    "standard vfio API",
		    path_or(f, "/dev/vfio/vfio"), f->value, VFIO_API_VERSION);
		break;
	case VFIO_STEP_OPEN_GROUP:
		put_open_group(&l, f);
		break;
	case VFIO_STEP_GROUP_STATUS:
		if (f->err == 0)
			put_not_viable(&l, f);
		else
			put(&l, "VFIO_GROUP_GET_STATUS failed: %s", err_text(f->err));
		break;
	case VFIO_STEP_SET_CONTAINER:
		/* The kernel claims DMA ownership here: EPERM means a driver still owns a device.
		 */
		if (f->err == EPERM)
			put_not_viable(&l, f);
		else
			put(&l,
			    "VFIO_GROUP_SET_CONTAINER failed: %s; fix: check the kernel log "
			    "(dmesg)",
			    err_text(f->err));
		break;
	case VFIO_STEP_IOMMU_TYPE:
		put(&l,
		    "the container offers no IOMMU type openeal can use (tried Type1v2 and "
		    "Type1): vfio_iommu_type1 is not loaded or the IOMMU supports neither; fix: "
		    "modprobe vfio_iommu_type1");
		break;
	case VFIO_STEP_SET_IOMMU:
		put_set_iommu(&l, f);
		break;
	case VFIO_STEP_DEVICE_FD:
		put_device_fd(&l, f);
		break;
	case VFIO_STEP_DEVICE_INFO:
		put(&l, "VFIO_DEVICE_GET_INFO failed: %s", err_text(f->err));
		break;
	case VFIO_STEP_DMA_MAP:
		put_dma_map(&l, f);
		break;
	case VFIO_STEP_MEMLOCK:
		put(&l, "cannot pin %" PRIu64 " more bytes for DMA: ", f->len);
		put_memlock(&l, f);
		break;
	case VFIO_STEP_DMA_UNMAP:
		put(&l, "cannot unmap %" PRIu64 " bytes at IOVA 0x%" PRIx64 ": %s", f->len, f->iova,
		    err_text(f->err));
		break;
	}
	return l.len > INT32_MAX ? INT32_MAX : (int)l.len;
}

void vfio_fail_log(const struct vfio_fail *f)
{
	char line[1536];

	vfio_fail_format(f, line, sizeof(line));
	VFIO_LOG(ERR, "%s\n", line);
}
