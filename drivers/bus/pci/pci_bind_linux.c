/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rte_pci_bind, rte_pci_unbind, rte_pci_bind_restore: the sysfs write sequences and the checks
 * that each step did what it should. The kernel does every step synchronously (the unbind
 * write returns after the driver's remove, the drivers_probe write after the probe), so the
 * driver link read right after a write is the result; no polling.
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <rte_errno.h>

#include "eal_file.h"
#include "pci_bind_private.h"

/* Room for "<dir>/driver_override" and "<bus>/drivers_probe". */
#define BIND_PATH_MAX (PATH_MAX + 32)

/* Header type register (low 7 bits: 0 normal function, 1 PCI bridge, 2 CardBus bridge). */
#define PCI_HEADER_TYPE_OFFSET 0x0e

static int write_attr(const struct pci_bind_dev *d, const char *dir, const char *file,
		      const char *value, char *path, size_t size)
{
	snprintf(path, size, "%s/%s", dir, file);
	return pci_bind_write(d, path, value);
}

/* Unless the caller checks the group itself, warn when vfio-pci cannot use it yet. */
static int bound(const struct pci_bind_dev *d, const char *driver, unsigned int flags)
{
	if (strcmp(driver, "vfio-pci") == 0 && !(flags & RTE_PCI_BIND_NO_GROUP_CHECK))
		(void)rte_pci_bind_group_check(d->name, NULL);
	return 0;
}

/* Where the device ended up, for the end of an error line. */
static void where_now(const struct pci_bind_dev *d, const char *before, char *out, size_t size)
{
	if (d->driver[0] == '\0')
		snprintf(out, size,
			 before[0] ? "it is left without a driver (fix: openeal bind --restore %s)"
				   : "it has no driver, as before",
			 d->name);
	else if (strcmp(d->driver, before) == 0)
		snprintf(out, size, "it is back on %s", d->driver);
	else
		snprintf(out, size, "it is now on %s", d->driver);
}

/* Put the old override back and re-probe if the device is left without a driver. */
static void rollback(struct pci_bind_dev *d, const char *old_override)
{
	char path[BIND_PATH_MAX];

	(void)write_attr(d, d->dir, "driver_override", old_override, path, sizeof(path));
	pci_bind_dev_reread(d);
	if (d->driver[0] == '\0') {
		(void)write_attr(d, d->bus, "drivers_probe", d->name, path, sizeof(path));
		pci_bind_dev_reread(d);
	}
}

/* Why the driver is not bound after drivers_probe; returns the errno to report. */
static int diagnose(const struct pci_bind_dev *d, const char *driver, const char *before,
		    int probe_err, char *why, size_t size)
{
	char path[BIND_PATH_MAX];
	unsigned char header = 0;

	if (d->driver[0] != '\0' && strcmp(d->driver, before) == 0) {
		snprintf(why, size, "it is still on %s after writing %s/driver/unbind", before,
			 d->dir);
		return EBUSY;
	}
	if (d->driver[0] != '\0') {
		snprintf(why, size, "%s took it instead of %s (driver_override not honoured)",
			 d->driver, driver);
		return EIO;
	}
	if (probe_err != 0) {
		snprintf(why, size, "writing %s/drivers_probe failed: %s", d->bus,
			 eal_file_strerror(probe_err));
		return probe_err;
	}
	snprintf(path, sizeof(path), "%s/drivers/%s", d->bus, driver);
	if (access(path, F_OK) != 0) {
		snprintf(why, size, "driver %s went away during the bind (%s is gone)", driver,
			 path);
		return ENOENT;
	}
	if (strcmp(driver, "vfio-pci") == 0) {
		snprintf(path, sizeof(path), "%s/iommu_group", d->dir);
		if (access(path, F_OK) != 0) {
			snprintf(
			    why, size,
			    "vfio-pci needs an IOMMU group and the device has none; fix: enable "
			    "the IOMMU (intel_iommu=on or amd_iommu=on on the kernel command "
			    "line)");
			return ENODEV;
		}
		snprintf(path, sizeof(path), "%s/config", d->dir);
		int fd = eal_file_open(AT_FDCWD, path, O_RDONLY);
		if (fd >= 0) {
			if (pread(fd, &header, 1, PCI_HEADER_TYPE_OFFSET) != 1)
				header = 0;
			close(fd);
		}
		if ((header & 0x7f) != 0) {
			snprintf(
			    why, size,
			    "vfio-pci only takes normal functions and this one has header type "
			    "%u (a bridge)",
			    header & 0x7f);
			return EINVAL;
		}
	}
	snprintf(why, size,
		 "%s did not take the device (its probe failed; the kernel log says why: "
		 "dmesg | tail)",
		 driver);
	return EIO;
}

/* Unbind, override, probe, verify; on failure, back to how it was. */
static int bind_switch(struct pci_bind_dev *d, const char *driver, const char *what,
		       unsigned int flags)
{
	char before[RTE_PCI_BIND_NAME_MAX], old_override[RTE_PCI_BIND_NAME_MAX];
	char path[BIND_PATH_MAX], why[PATH_MAX + 256], now[PATH_MAX + 64];
	int err;

	memcpy(before, d->driver, sizeof(before));
	memcpy(old_override, d->override, sizeof(old_override));
	if (before[0] != '\0') {
		err = write_attr(d, d->dir, "driver/unbind", d->name, path, sizeof(path));
		if (err != 0) {
			BIND_LOG(ERR, "%s: cannot %s: writing %s failed: %s; it stays on %s",
				 d->name, what, path, eal_file_strerror(err), before);
			rte_errno = err;
			return -1;
		}
	}
	err = write_attr(d, d->dir, "driver_override", driver, path, sizeof(path));
	if (err != 0) {
		rollback(d, old_override);
		where_now(d, before, now, sizeof(now));
		BIND_LOG(ERR, "%s: cannot %s: writing %s failed: %s%s; %s", d->name, what, path,
			 eal_file_strerror(err),
			 err == ENOENT ? " (no driver_override: the kernel is older than 3.16)"
				       : "",
			 now);
		rte_errno = err;
		return -1;
	}
	int probe_err = write_attr(d, d->bus, "drivers_probe", d->name, path, sizeof(path));
	pci_bind_dev_reread(d);
	if (strcmp(d->driver, driver) == 0) {
		BIND_LOG(INFO, "%s: %s -> %s", d->name, before[0] ? before : "no driver", driver);
		return bound(d, driver, flags);
	}
	err = diagnose(d, driver, before, probe_err, why, sizeof(why));
	rollback(d, old_override);
	where_now(d, before, now, sizeof(now));
	if (err == EIO && (flags & RTE_PCI_BIND_RETRYING) != 0)
		BIND_LOG(DEBUG, "%s: cannot %s yet: %s; %s", d->name, what, why, now);
	else
		BIND_LOG(ERR, "%s: cannot %s: %s; %s", d->name, what, why, now);
	rte_errno = err;
	return -1;
}

int rte_pci_bind(const char *addr, const char *driver_name, unsigned int flags)
{
	/* NULL is refused like any other non-name. */
	const char *driver = driver_name != NULL ? driver_name : "";
	struct pci_bind_dev d;
	char what[RTE_PCI_BIND_NAME_MAX + 16];

	if (!pci_bind_driver_name_valid(driver)) {
		BIND_LOG(ERR,
			 "%s: cannot bind: '%s' is not a driver name (1 to %d characters, no '/' "
			 "or spaces)",
			 addr != NULL ? addr : "(null)", driver_name != NULL ? driver : "(null)",
			 RTE_PCI_BIND_NAME_MAX - 1);
		rte_errno = EINVAL;
		return -1;
	}
	snprintf(what, sizeof(what), "bind to %s", driver);
	if (pci_bind_dev_open(&d, addr, what) != 0)
		return -1;
	if (strcmp(d.driver, driver) == 0) {
		BIND_LOG(INFO, "%s: already on %s", d.name, driver);
		return bound(&d, driver, flags);
	}
	if (pci_bind_check_in_use(&d, what, flags) != 0 ||
	    pci_bind_load_driver(&d, driver, what) != 0)
		return -1;
	return bind_switch(&d, driver, what, flags);
}

int rte_pci_unbind(const char *addr, unsigned int flags)
{
	struct pci_bind_dev d;
	char path[BIND_PATH_MAX];
	const char *what = "unbind";

	if (pci_bind_dev_open(&d, addr, what) != 0)
		return -1;
	if (d.driver[0] == '\0') {
		BIND_LOG(INFO, "%s: not bound to a driver", d.name);
		return 0;
	}
	if (pci_bind_check_in_use(&d, what, flags) != 0)
		return -1;
	char before[RTE_PCI_BIND_NAME_MAX];
	memcpy(before, d.driver, sizeof(before));
	int err = write_attr(&d, d.dir, "driver/unbind", d.name, path, sizeof(path));
	if (err != 0) {
		BIND_LOG(ERR, "%s: cannot unbind: writing %s failed: %s; it stays on %s", d.name,
			 path, eal_file_strerror(err), before);
		rte_errno = err;
		return -1;
	}
	pci_bind_dev_reread(&d);
	if (d.driver[0] != '\0') {
		BIND_LOG(ERR, "%s: cannot unbind: it is still on %s after writing %s", d.name,
			 d.driver, path);
		rte_errno = EBUSY;
		return -1;
	}
	BIND_LOG(INFO, "%s: %s -> no driver", d.name, before);
	return 0;
}

/* No driver after the re-probe: load the module its modalias names, as udev would. */
static void probe_by_modalias(struct pci_bind_dev *d, char *note, size_t size)
{
	char alias[256], why[PATH_MAX + 256], path[BIND_PATH_MAX];
	const char *modprobe = pci_bind_modprobe_path(d);

	if (modprobe == NULL) {
		snprintf(note, size,
			 "no loaded kernel driver matches it; fix: load its driver's module, then "
			 "openeal bind --restore %s",
			 d->name);
		return;
	}
	if (pci_bind_read_attr(d, "modalias", alias, sizeof(alias)) != 0 || alias[0] == '\0') {
		snprintf(note, size, "no loaded kernel driver matches it and it has no modalias");
		return;
	}
	if (pci_bind_modprobe(modprobe, alias, why, sizeof(why)) != 0) {
		snprintf(note, size, "no loaded kernel driver matches it and %s", why);
		return;
	}
	/* Loading a driver binds it to every matching unbound device; probe in case not. */
	pci_bind_dev_reread(d);
	if (d->driver[0] == '\0') {
		(void)write_attr(d, d->bus, "drivers_probe", d->name, path, sizeof(path));
		pci_bind_dev_reread(d);
	}
	snprintf(note, size, "no kernel driver matches it ('%s %s' loaded none)", modprobe, alias);
}

int rte_pci_bind_restore(const char *addr)
{
	struct pci_bind_dev d;
	char path[BIND_PATH_MAX], note[PATH_MAX + 512];
	const char *what = "restore its kernel driver";
	int err;

	if (pci_bind_dev_open(&d, addr, what) != 0)
		return -1;
	if (d.driver[0] != '\0' && !rte_pci_bind_driver_is_userspace(d.driver)) {
		/* Nothing to move; only make sure no override sends it elsewhere later. */
		err = d.override[0]
			  ? write_attr(&d, d.dir, "driver_override", "", path, sizeof(path))
			  : 0;
		if (err != 0) {
			BIND_LOG(ERR, "%s: cannot %s: writing %s failed: %s", d.name, what, path,
				 eal_file_strerror(err));
			rte_errno = err;
			return -1;
		}
		BIND_LOG(INFO, "%s: already on kernel driver %s", d.name, d.driver);
		return 0;
	}
	char before[RTE_PCI_BIND_NAME_MAX];
	memcpy(before, d.driver, sizeof(before));
	if (before[0] != '\0') {
		err = write_attr(&d, d.dir, "driver/unbind", d.name, path, sizeof(path));
		if (err != 0) {
			BIND_LOG(ERR, "%s: cannot %s: writing %s failed: %s; it stays on %s",
				 d.name, what, path, eal_file_strerror(err), before);
			rte_errno = err;
			return -1;
		}
	}
	/* Clearing may fail (no driver_override); the probe below then still re-binds it. */
	char probe_path[BIND_PATH_MAX];
	int clear_err = write_attr(&d, d.dir, "driver_override", "", path, sizeof(path));
	int probe_err =
	    write_attr(&d, d.bus, "drivers_probe", d.name, probe_path, sizeof(probe_path));
	pci_bind_dev_reread(&d);
	if (d.driver[0] == '\0' && clear_err == 0 && probe_err == 0)
		probe_by_modalias(&d, note, sizeof(note));
	if (d.driver[0] != '\0' && !rte_pci_bind_driver_is_userspace(d.driver)) {
		BIND_LOG(INFO, "%s: %s -> %s", d.name, before[0] ? before : "no driver", d.driver);
		return 0;
	}
	if (clear_err != 0 || probe_err != 0) {
		where_now(&d, before, note, sizeof(note));
		BIND_LOG(ERR, "%s: cannot %s: writing %s failed: %s; %s", d.name, what,
			 clear_err ? path : probe_path,
			 eal_file_strerror(clear_err ? clear_err : probe_err), note);
		rte_errno = clear_err ? clear_err : probe_err;
		return -1;
	}
	if (d.driver[0] != '\0') {
		char vendor[16] = "", device[16] = "";
		(void)pci_bind_read_attr(&d, "vendor", vendor, sizeof(vendor));
		(void)pci_bind_read_attr(&d, "device", device, sizeof(device));
		BIND_LOG(
		    ERR,
		    "%s: cannot %s: %s took it again with driver_override cleared, so it claims "
		    "the ids itself (new_id or a module option); fix: echo '%s %s' > "
		    "%s/drivers/%s/remove_id, then openeal bind --restore %s",
		    d.name, what, d.driver, vendor + (strncmp(vendor, "0x", 2) == 0 ? 2 : 0),
		    device + (strncmp(device, "0x", 2) == 0 ? 2 : 0), d.bus, d.driver, d.name);
		rte_errno = EBUSY;
		return -1;
	}
	BIND_LOG(NOTICE, "%s: %s -> no driver: %s", d.name, before[0] ? before : "no driver", note);
	return 0;
}
