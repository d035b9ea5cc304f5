/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Kernel uevent messages (eal_uevent_parse): arbitrary bytes, never NUL-terminated. When one
 * is accepted: every string is terminated within its buffer, devpath starts with '/' and name
 * is its last component, the header starts with the action's name and '@', for pci with a
 * PCI_SLOT_NAME field the name is a canonical address, and a minimal message rebuilt from the
 * interpreted fields parses to the same struct.
 */
#include <stdio.h>
#include <string.h>

#include "eal_uevent.h"
#include "fuzz_util.h"

#define TERMINATED(a) (memchr((a), '\0', sizeof(a)) != NULL)

static bool lower_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

static bool canonical_pci(const char *s)
{
	if (strlen(s) != 12 || s[4] != ':' || s[7] != ':' || s[10] != '.')
		return false;
	for (int i = 0; i < 12; i++)
		if (i != 4 && i != 7 && i != 10 && !lower_hex(s[i]))
			return false;
	return s[8] <= '1' && s[11] <= '7';
}

/* Whether one of the NUL-separated fields after the header starts with prefix. */
static bool has_field(const uint8_t *data, size_t size, const char *prefix)
{
	size_t pl = strlen(prefix);
	const uint8_t *nul = memchr(data, '\0', size);
	size_t pos = nul != NULL ? (size_t)(nul - data) + 1 : size;
	while (pos < size) {
		const uint8_t *end = memchr(data + pos, '\0', size - pos);
		size_t flen = end != NULL ? (size_t)(end - (data + pos)) : size - pos;
		if (flen >= pl && memcmp(data + pos, prefix, pl) == 0)
			return true;
		pos += flen + 1;
	}
	return false;
}

/* Append "fmt" and a NUL at *off. */
#define PUT(buf, off, ...)                                                          \
	do {                                                                        \
		int n_ = snprintf((buf) + (off), sizeof(buf) - (off), __VA_ARGS__); \
		FUZZ_ASSERT(n_ >= 0 && (size_t)n_ < sizeof(buf) - (off));           \
		(off) += (size_t)n_ + 1;                                            \
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct eal_uevent ev, again;
	const char *why = NULL;

	if (eal_uevent_parse((const char *)data, size, &ev, &why) != 0) {
		FUZZ_ASSERT(why != NULL && why[0] != '\0');
		return 0;
	}
	FUZZ_ASSERT(size > 0 && size <= EAL_UEVENT_MSG_MAX);
	FUZZ_ASSERT(TERMINATED(ev.subsystem) && TERMINATED(ev.devpath) && TERMINATED(ev.name) &&
		    TERMINATED(ev.driver) && TERMINATED(ev.devname));
	FUZZ_ASSERT(ev.subsystem[0] != '\0');
	FUZZ_ASSERT(ev.devpath[0] == '/');
	const char *slash = strrchr(ev.devpath, '/');
	FUZZ_ASSERT(strcmp(slash + 1, ev.name) == 0 && ev.name[0] != '\0');
	FUZZ_ASSERT(strstr(ev.devpath, "//") == NULL);

	const char *act = eal_uevent_action_name(ev.action);
	size_t al = strlen(act);
	FUZZ_ASSERT(strcmp(act, "unknown") != 0);
	FUZZ_ASSERT(size > al && memcmp(data, act, al) == 0 && data[al] == '@');

	bool pci = strcmp(ev.subsystem, "pci") == 0;
	bool slot = pci && has_field(data, size, "PCI_SLOT_NAME=");
	if (slot)
		FUZZ_ASSERT(canonical_pci(ev.name));
	if (!pci)
		FUZZ_ASSERT(!ev.has_pci_id && !ev.has_class);
	if (ev.has_class)
		FUZZ_ASSERT(ev.class_id <= 0xffffff);
	if (strcmp(ev.subsystem, "vfio") != 0)
		FUZZ_ASSERT(ev.devname[0] == '\0');

	/* The interpreted fields as a minimal message, without the final NUL. */
	static char msg[EAL_UEVENT_MSG_MAX + 64];
	size_t off = 0;
	PUT(msg, off, "%s@%s", act, ev.devpath);
	PUT(msg, off, "ACTION=%s", act);
	PUT(msg, off, "DEVPATH=%s", ev.devpath);
	PUT(msg, off, "SUBSYSTEM=%s", ev.subsystem);
	if (ev.driver[0] != '\0')
		PUT(msg, off, "DRIVER=%s", ev.driver);
	if (ev.has_pci_id)
		PUT(msg, off, "PCI_ID=%04X:%04X", ev.vendor_id, ev.device_id);
	if (ev.has_class)
		PUT(msg, off, "PCI_CLASS=%X", ev.class_id);
	if (slot)
		PUT(msg, off, "PCI_SLOT_NAME=%s", ev.name);
	if (ev.devname[0] != '\0')
		PUT(msg, off, "DEVNAME=%s", ev.devname);
	PUT(msg, off, "SEQNUM=%llu", (unsigned long long)ev.seqnum);
	memset(&again, 0x5a, sizeof(again));
	why = NULL;
	FUZZ_ASSERT(eal_uevent_parse(msg, off - 1, &again, &why) == 0);
	FUZZ_ASSERT(memcmp(&ev, &again, sizeof(ev)) == 0);
	return 0;
}
