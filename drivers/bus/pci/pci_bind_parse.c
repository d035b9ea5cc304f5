/* SPDX-License-Identifier: BSD-3-Clause */
/* Pure helpers of the binding code: driver classes, driver names, mountinfo lines, numbers. */

#include <ctype.h>
#include <string.h>

#include <rte_common.h>

#include "eal_hex.h"
#include "pci_bind_private.h"

static const char *const userspace_drivers[] = {"vfio-pci", "igb_uio", "uio_pci_generic"};

bool rte_pci_bind_driver_is_userspace(const char *driver)
{
	if (driver == NULL)
		return false;
	for (size_t i = 0; i < RTE_DIM(userspace_drivers); i++)
		if (strcmp(driver, userspace_drivers[i]) == 0)
			return true;
	return false;
}

enum rte_pci_bind_kind pci_bind_kind_of(const char *driver)
{
	if (driver == NULL || driver[0] == '\0')
		return RTE_PCI_BIND_NONE;
	return rte_pci_bind_driver_is_userspace(driver) ? RTE_PCI_BIND_USERSPACE
							: RTE_PCI_BIND_KERNEL;
}

const char *rte_pci_bind_kind_name(enum rte_pci_bind_kind kind)
{
	switch (kind) {
	case RTE_PCI_BIND_USERSPACE:
		return "userspace driver";
	case RTE_PCI_BIND_KERNEL:
		return "kernel driver";
	case RTE_PCI_BIND_NONE:
		return "no driver";
	}
	return "?";
}

bool pci_bind_driver_name_valid(const char *driver)
{
	if (driver == NULL || driver[0] == '\0' || strlen(driver) >= RTE_PCI_BIND_NAME_MAX)
		return false;
	if (strcmp(driver, ".") == 0 || strcmp(driver, "..") == 0)
		return false;
	for (const char *p = driver; *p != '\0'; p++)
		if (*p == '/' || !isgraph((unsigned char)*p))
			return false;
	return true;
}

/* Undo mountinfo's octal escapes (\040 for a space, \011, \012, \134) in place. */
static void unescape(char *s)
{
	char *out = s;
	while (*s != '\0') {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' &&
		    s[3] >= '0' && s[3] <= '7') {
			*out++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
			s += 4;
		} else {
			*out++ = *s++;
		}
	}
	*out = '\0';
}

int pci_bind_parse_devnum(const char *s, unsigned int *major, unsigned int *minor)
{
	unsigned long v[2] = {0, 0};
	for (int i = 0; i < 2; i++) {
		if (!isdigit((unsigned char)*s))
			return -1;
		while (isdigit((unsigned char)*s)) {
			v[i] = v[i] * 10 + (unsigned long)(*s++ - '0');
			if (v[i] > UINT32_MAX)
				return -1;
		}
		if (i == 0 && *s++ != ':')
			return -1;
	}
	if (*s == '\n')
		s++;
	if (*s != '\0')
		return -1;
	*major = (unsigned int)v[0];
	*minor = (unsigned int)v[1];
	return 0;
}

int pci_bind_parse_hex(const char *s, unsigned long *v)
{
	unsigned long n = 0;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	if (eal_hex_digit(*s) < 0)
		return -1;
	for (int d; (d = eal_hex_digit(*s)) >= 0; s++) {
		if (n > (~0ul >> 4))
			return -1;
		n = n * 16 + (unsigned long)d;
	}
	if (*s == '\n')
		s++;
	if (*s != '\0')
		return -1;
	*v = n;
	return 0;
}

/*
 * "36 35 98:0 /mnt1 /mnt/parent rw,noatime master:1 - ext3 /dev/root rw,errors=continue":
 * id, parent, MAJ:MIN, root, mount point, options, optional fields up to "-", then type,
 * source, super options (proc(5)).
 */
int pci_bind_mountinfo_parse(char *line, struct pci_bind_mount *m)
{
	char *field[6];
	int n = 0;
	char *save = NULL;
	char *tok = strtok_r(line, " \n", &save);

	for (; tok != NULL && n < 6; tok = strtok_r(NULL, " \n", &save))
		field[n++] = tok;
	if (n < 6 || pci_bind_parse_devnum(field[2], &m->major, &m->minor) != 0)
		return -1;
	/* Optional fields (shared:N, master:N, ...) until the lone "-". */
	while (tok != NULL && strcmp(tok, "-") != 0)
		tok = strtok_r(NULL, " \n", &save);
	if (tok == NULL)
		return -1;
	char *fstype = strtok_r(NULL, " \n", &save);
	char *source = strtok_r(NULL, " \n", &save);
	if (fstype == NULL || source == NULL)
		return -1;
	unescape(field[4]);
	unescape(source);
	m->mount_point = field[4];
	m->source = source;
	return 0;
}
