/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Strict parser of kernel uevent messages (eal_uevent.h). The kernel writes these messages
 * itself (lib/kobject_uevent.c): "ACTION@DEVPATH", then "KEY=VALUE" fields, each ended by a
 * NUL. Anything else did not come from it or was garbled, so every rule below refuses rather
 * than guesses; unknown keys are allowed because kernels add new ones.
 */
#include <string.h>

#include "eal_uevent.h"

static const char *const action_names[] = {
    [EAL_UEVENT_ADD] = "add",	      [EAL_UEVENT_REMOVE] = "remove",
    [EAL_UEVENT_BIND] = "bind",	      [EAL_UEVENT_UNBIND] = "unbind",
    [EAL_UEVENT_CHANGE] = "change",   [EAL_UEVENT_MOVE] = "move",
    [EAL_UEVENT_ONLINE] = "online",   [EAL_UEVENT_OFFLINE] = "offline",
};
#define NB_ACTIONS (sizeof(action_names) / sizeof(action_names[0]))

const char *eal_uevent_action_name(enum eal_uevent_action a)
{
	return (unsigned int)a < NB_ACTIONS ? action_names[a] : "unknown";
}

static int action_parse(const char *s, size_t len, enum eal_uevent_action *a)
{
	for (size_t i = 0; i < NB_ACTIONS; i++)
		if (strlen(action_names[i]) == len && memcmp(action_names[i], s, len) == 0) {
			*a = (enum eal_uevent_action)i;
			return 0;
		}
	return -1;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Exactly n hex digits (n <= 8). */
static int hex_fixed(const char *s, size_t n, uint32_t *out)
{
	uint32_t v = 0;
	for (size_t i = 0; i < n; i++) {
		int d = hexval(s[i]);
		if (d < 0)
			return -1;
		v = v << 4 | (uint32_t)d;
	}
	*out = v;
	return 0;
}

static int copy(char *dst, size_t size, const char *src, size_t len)
{
	if (len >= size)
		return -1;
	memcpy(dst, src, len);
	dst[len] = '\0';
	return 0;
}

/* '/'-separated, no empty, "." or ".." component. */
static int devpath_ok(const char *p, size_t len)
{
	if (len < 2 || p[0] != '/')
		return -1;
	size_t start = 1;
	for (size_t i = 1; i <= len; i++) {
		if (i < len && p[i] != '/')
			continue;
		size_t n = i - start;
		if (n == 0 || (n == 1 && p[start] == '.') ||
		    (n == 2 && p[start] == '.' && p[start + 1] == '.'))
			return -1;
		start = i + 1;
	}
	return 0;
}

/* Canonical lowercase DDDD:BB:DD.F with device <= 0x1f and function <= 7. */
static bool pci_name_ok(const char *s)
{
	static const char shape[] = "xxxx:xx:xx.x";
	if (strlen(s) != sizeof(shape) - 1)
		return false;
	for (size_t i = 0; shape[i]; i++) {
		if (shape[i] != 'x') {
			if (s[i] != shape[i])
				return false;
		} else if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) {
			return false;
		}
	}
	return hexval(s[8]) * 16 + hexval(s[9]) <= 0x1f && hexval(s[11]) <= 7;
}

enum { K_ACTION, K_DEVPATH, K_SUBSYSTEM, K_SEQNUM, K_DRIVER, K_PCI_ID, K_PCI_CLASS, K_SLOT,
       K_DEVNAME, K_COUNT };
static const char *const keys[K_COUNT] = {"ACTION",   "DEVPATH", "SUBSYSTEM",
					  "SEQNUM",   "DRIVER",	 "PCI_ID",
					  "PCI_CLASS", "PCI_SLOT_NAME", "DEVNAME"};

#define FAIL(reason)                                                                                \
	do {                                                                                        \
		if (why != NULL)                                                                    \
			*why = (reason);                                                            \
		return -1;                                                                          \
	} while (0)

int eal_uevent_parse(const char *buf, size_t len, struct eal_uevent *out, const char **why)
{
	const char *val[K_COUNT] = {NULL};
	size_t vlen[K_COUNT] = {0};
	struct eal_uevent ev;

	if (buf == NULL || len == 0)
		FAIL("empty message");
	if (len > EAL_UEVENT_MSG_MAX)
		FAIL("message longer than any uevent");
	if (len >= 7 && memcmp(buf, "libudev", 7) == 0)
		FAIL("a udevd message, not the kernel's");
	memset(&ev, 0, sizeof(ev));

	/* The header: up to the first NUL (or the end). */
	const char *end = memchr(buf, '\0', len);
	size_t hlen = end != NULL ? (size_t)(end - buf) : len;
	const char *at = memchr(buf, '@', hlen);
	if (at == NULL)
		FAIL("no '@' in the header");
	if (action_parse(buf, (size_t)(at - buf), &ev.action) != 0)
		FAIL("unknown action in the header");
	const char *hpath = at + 1;
	size_t hpath_len = hlen - (size_t)(hpath - buf);
	if (devpath_ok(hpath, hpath_len) != 0)
		FAIL("malformed device path in the header");

	/* The fields. */
	for (size_t pos = hlen + 1; pos < len;) {
		const char *f = buf + pos;
		const char *nul = memchr(f, '\0', len - pos);
		size_t flen = nul != NULL ? (size_t)(nul - f) : len - pos;
		pos += flen + 1;
		if (flen == 0)
			FAIL("empty field");
		const char *eq = memchr(f, '=', flen);
		if (eq == NULL)
			FAIL("a field without '='");
		size_t klen = (size_t)(eq - f);
		if (klen == 0)
			FAIL("a field with an empty key");
		for (size_t i = 0; i < klen; i++)
			if (!((f[i] >= 'A' && f[i] <= 'Z') || (f[i] >= '0' && f[i] <= '9') ||
			      f[i] == '_'))
				FAIL("a key not made of A-Z, 0-9 and '_'");
		const char *v = eq + 1;
		size_t n = flen - klen - 1;
		for (size_t i = 0; i < n; i++)
			if ((unsigned char)v[i] < 0x20 || v[i] == 0x7f)
				FAIL("a control character in a value");
		for (int k = 0; k < K_COUNT; k++) {
			if (strlen(keys[k]) != klen || memcmp(keys[k], f, klen) != 0)
				continue;
			if (val[k] != NULL)
				FAIL("a key given twice");
			val[k] = v;
			vlen[k] = n;
		}
	}
	if (val[K_ACTION] == NULL || val[K_DEVPATH] == NULL || val[K_SUBSYSTEM] == NULL ||
	    val[K_SEQNUM] == NULL)
		FAIL("ACTION, DEVPATH, SUBSYSTEM or SEQNUM missing");
	if (vlen[K_ACTION] != (size_t)(at - buf) || memcmp(val[K_ACTION], buf, vlen[K_ACTION]) != 0)
		FAIL("ACTION differs from the header's");
	if (vlen[K_DEVPATH] != hpath_len || memcmp(val[K_DEVPATH], hpath, hpath_len) != 0)
		FAIL("DEVPATH differs from the header's");
	if (vlen[K_SEQNUM] == 0 || vlen[K_SEQNUM] > 20)
		FAIL("SEQNUM is not a number");
	for (size_t i = 0; i < vlen[K_SEQNUM]; i++) {
		char c = val[K_SEQNUM][i];
		if (c < '0' || c > '9' || ev.seqnum > (UINT64_MAX - (uint64_t)(c - '0')) / 10)
			FAIL("SEQNUM is not a number below 2^64");
		ev.seqnum = ev.seqnum * 10 + (uint64_t)(c - '0');
	}
	if (copy(ev.devpath, sizeof(ev.devpath), hpath, hpath_len) != 0)
		FAIL("device path too long");
	const char *slash = strrchr(ev.devpath, '/');
	if (copy(ev.name, sizeof(ev.name), slash + 1, strlen(slash + 1)) != 0)
		FAIL("device name too long");
	if (vlen[K_SUBSYSTEM] == 0 ||
	    copy(ev.subsystem, sizeof(ev.subsystem), val[K_SUBSYSTEM], vlen[K_SUBSYSTEM]) != 0)
		FAIL("SUBSYSTEM empty or too long");
	if (val[K_DRIVER] != NULL &&
	    (vlen[K_DRIVER] == 0 || copy(ev.driver, sizeof(ev.driver), val[K_DRIVER], vlen[K_DRIVER]) != 0))
		FAIL("DRIVER empty or too long");
	if (val[K_DEVNAME] != NULL &&
	    copy(ev.devname, sizeof(ev.devname), val[K_DEVNAME], vlen[K_DEVNAME]) != 0)
		FAIL("DEVNAME too long");
	if (strcmp(ev.subsystem, "pci") == 0) {
		if (!pci_name_ok(ev.name))
			FAIL("a PCI device path that does not end in a canonical address");
		if (val[K_SLOT] != NULL &&
		    (vlen[K_SLOT] != strlen(ev.name) || memcmp(val[K_SLOT], ev.name, vlen[K_SLOT]) != 0))
			FAIL("PCI_SLOT_NAME differs from the device path");
		if (val[K_PCI_ID] != NULL) {
			uint32_t v, d;
			if (vlen[K_PCI_ID] != 9 || val[K_PCI_ID][4] != ':' ||
			    hex_fixed(val[K_PCI_ID], 4, &v) != 0 ||
			    hex_fixed(val[K_PCI_ID] + 5, 4, &d) != 0)
				FAIL("PCI_ID is not VVVV:DDDD");
			ev.has_pci_id = true;
			ev.vendor_id = (uint16_t)v;
			ev.device_id = (uint16_t)d;
		}
		if (val[K_PCI_CLASS] != NULL) {
			if (vlen[K_PCI_CLASS] == 0 || vlen[K_PCI_CLASS] > 6 ||
			    hex_fixed(val[K_PCI_CLASS], vlen[K_PCI_CLASS], &ev.class_id) != 0)
				FAIL("PCI_CLASS is not up to 6 hex digits");
			ev.has_class = true;
		}
	}
	*out = ev;
	return 0;
}
