/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * eal_uevent_parse on hand-built kernel uevent messages: PCI add/remove/bind/unbind and a
 * vfio group add as the kernel sends them, every rejection, and every truncation. Each message
 * is parsed from a heap copy of exactly its length so that ASan reports any read past it.
 */

#include <CUnit/Basic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_common.h>

#include "eal_uevent.h"
#include "test_util.h"

#define PARTS(...) ((const char *const[]){__VA_ARGS__, NULL})

#define DP "/devices/pci0000:00/0000:00:10.0/0000:01:00.0"
#define F_DEVPATH "DEVPATH=" DP
#define F_SUBSYS "SUBSYSTEM=pci"
#define F_CLASS "PCI_CLASS=20000"
#define F_ID "PCI_ID=8086:10D3"
#define F_SUBSYS_ID "PCI_SUBSYS_ID=8086:0000"
#define F_SLOT "PCI_SLOT_NAME=0000:01:00.0"
#define F_MODALIAS "MODALIAS=pci:v00008086d000010D3sv00008086sd00000000bc02sc00i00"
#define F_SEQ "SEQNUM=1234"
#define PCI_FIELDS F_SUBSYS, F_CLASS, F_ID, F_SUBSYS_ID, F_SLOT, F_MODALIAS
#define PCI_ADD "add@" DP, "ACTION=add", F_DEVPATH, PCI_FIELDS, F_SEQ

#define VFIO_DP "/devices/virtual/vfio/5"
#define VFIO_ADD                                                                         \
	"add@" VFIO_DP, "ACTION=add", "DEVPATH=" VFIO_DP, "SUBSYSTEM=vfio", "MAJOR=241", \
	    "MINOR=0", "DEVNAME=vfio/5", "SEQNUM=4711"

/* Join parts with NULs into a malloc'd buffer (a NUL after the last one when trailing). */
static char *join(const char *const *parts, bool trailing, size_t *len)
{
	size_t n = 0;
	for (size_t i = 0; parts[i] != NULL; i++)
		n += strlen(parts[i]) + 1;
	char *buf = malloc(n + 1);
	CU_ASSERT_FATAL(buf != NULL);
	size_t off = 0;
	for (size_t i = 0; parts[i] != NULL; i++) {
		size_t l = strlen(parts[i]);
		memcpy(buf + off, parts[i], l + 1);
		off += l + 1;
	}
	*len = trailing || n == 0 ? n : n - 1;
	return buf;
}

/* Parse a heap copy of exactly len bytes of msg. */
static int parse_exact(const char *msg, size_t len, struct eal_uevent *ev, const char **why)
{
	char *copy = malloc(len > 0 ? len : 1);
	CU_ASSERT_FATAL(copy != NULL);
	memcpy(copy, msg, len);
	int ret = eal_uevent_parse(copy, len, ev, why);
	free(copy);
	return ret;
}

/* Parse the joined parts, both with and without the final NUL; the two must agree. */
static int parse_parts(const char *const *parts, struct eal_uevent *ev, const char **why)
{
	struct eal_uevent ev2;
	const char *why2 = NULL;
	size_t len;
	char *msg = join(parts, true, &len);
	int ret = parse_exact(msg, len, ev, why);
	int ret2 = parse_exact(msg, len - 1, &ev2, &why2);
	CU_ASSERT_EQUAL(ret, ret2);
	if (ret == 0 && ret2 == 0)
		CU_ASSERT_EQUAL(memcmp(ev, &ev2, sizeof(ev2)), 0);
	free(msg);
	return ret;
}

static void check_pci(const struct eal_uevent *ev, enum eal_uevent_action a, const char *driver)
{
	CU_ASSERT_EQUAL(ev->action, a);
	CU_ASSERT_EQUAL(ev->seqnum, 1234);
	CU_ASSERT_STRING_EQUAL(ev->subsystem, "pci");
	CU_ASSERT_STRING_EQUAL(ev->devpath, DP);
	CU_ASSERT_STRING_EQUAL(ev->name, "0000:01:00.0");
	CU_ASSERT_STRING_EQUAL(ev->driver, driver);
	CU_ASSERT(ev->has_pci_id);
	CU_ASSERT_EQUAL(ev->vendor_id, 0x8086);
	CU_ASSERT_EQUAL(ev->device_id, 0x10d3);
	CU_ASSERT(ev->has_class);
	CU_ASSERT_EQUAL(ev->class_id, 0x20000);
	CU_ASSERT_STRING_EQUAL(ev->devname, "");
}

static void test_pci_add_remove(void)
{
	struct eal_uevent ev;
	const char *why = NULL;

	CU_ASSERT_EQUAL_FATAL(parse_parts(PARTS(PCI_ADD), &ev, &why), 0);
	check_pci(&ev, EAL_UEVENT_ADD, "");

	CU_ASSERT_EQUAL_FATAL(
	    parse_parts(PARTS("remove@" DP, "ACTION=remove", F_DEVPATH, PCI_FIELDS, F_SEQ), &ev,
			&why),
	    0);
	check_pci(&ev, EAL_UEVENT_REMOVE, "");
}

static void test_pci_bind_unbind(void)
{
	struct eal_uevent ev;
	const char *why = NULL;

	CU_ASSERT_EQUAL_FATAL(parse_parts(PARTS("bind@" DP, "ACTION=bind", F_DEVPATH,
						"DRIVER=vfio-pci", PCI_FIELDS, F_SEQ),
					  &ev, &why),
			      0);
	check_pci(&ev, EAL_UEVENT_BIND, "vfio-pci");

	CU_ASSERT_EQUAL_FATAL(
	    parse_parts(PARTS("unbind@" DP, "ACTION=unbind", F_DEVPATH, PCI_FIELDS, F_SEQ), &ev,
			&why),
	    0);
	check_pci(&ev, EAL_UEVENT_UNBIND, "");

	/* A device still bound when it goes ("remove" with DRIVER=). */
	CU_ASSERT_EQUAL_FATAL(parse_parts(PARTS("remove@" DP, "ACTION=remove", F_DEVPATH,
						"DRIVER=ixgbe", PCI_FIELDS, F_SEQ),
					  &ev, &why),
			      0);
	check_pci(&ev, EAL_UEVENT_REMOVE, "ixgbe");
}

static void test_vfio_add(void)
{
	struct eal_uevent ev;
	const char *why = NULL;

	CU_ASSERT_EQUAL_FATAL(parse_parts(PARTS(VFIO_ADD), &ev, &why), 0);
	CU_ASSERT_EQUAL(ev.action, EAL_UEVENT_ADD);
	CU_ASSERT_EQUAL(ev.seqnum, 4711);
	CU_ASSERT_STRING_EQUAL(ev.subsystem, "vfio");
	CU_ASSERT_STRING_EQUAL(ev.devpath, VFIO_DP);
	CU_ASSERT_STRING_EQUAL(ev.name, "5");
	CU_ASSERT_STRING_EQUAL(ev.devname, "vfio/5");
	CU_ASSERT_STRING_EQUAL(ev.driver, "");
	CU_ASSERT(!ev.has_pci_id);
	CU_ASSERT(!ev.has_class);
}

static void test_other_accepted(void)
{
	struct eal_uevent ev;
	const char *why = NULL;

	/* Every action, and its name. */
	static const char *const names[] = {"add",    "remove", "bind",	  "unbind",
					    "change", "move",	"online", "offline"};
	for (unsigned int a = 0; a < RTE_DIM(names); a++) {
		char hdr[64], act[64];
		snprintf(hdr, sizeof(hdr), "%s@/devices/system/cpu/cpu1", names[a]);
		snprintf(act, sizeof(act), "ACTION=%s", names[a]);
		CU_ASSERT_EQUAL(parse_parts(PARTS(hdr, act, "DEVPATH=/devices/system/cpu/cpu1",
						  "SUBSYSTEM=cpu", "SEQNUM=7"),
					    &ev, &why),
				0);
		CU_ASSERT_EQUAL(ev.action, (enum eal_uevent_action)a);
		CU_ASSERT_STRING_EQUAL(eal_uevent_action_name(ev.action), names[a]);
		CU_ASSERT_STRING_EQUAL(ev.name, "cpu1");
	}
	CU_ASSERT_STRING_EQUAL(eal_uevent_action_name((enum eal_uevent_action)99), "unknown");

	/* Unknown keys, even repeated, are ignored; the fields in any order. */
	CU_ASSERT_EQUAL(
	    parse_parts(PARTS("add@" DP, "SEQNUM=1234", "NEW_KEY=x", "NEW_KEY=y", "MODALIAS=a",
			      "MODALIAS=b", PCI_FIELDS, F_DEVPATH, "ACTION=add", "X="),
			&ev, &why),
	    0);
	check_pci(&ev, EAL_UEVENT_ADD, "");

	/* PCI fields are optional, lowercase hex in PCI_ID, a short PCI_CLASS. */
	CU_ASSERT_EQUAL(parse_parts(PARTS("add@" DP, "ACTION=add", F_DEVPATH, F_SUBSYS,
					  "PCI_ID=abcd:ef01", "PCI_CLASS=1", "SEQNUM=0"),
				    &ev, &why),
			0);
	CU_ASSERT(ev.has_pci_id && ev.vendor_id == 0xabcd && ev.device_id == 0xef01);
	CU_ASSERT(ev.has_class && ev.class_id == 1);
	CU_ASSERT_EQUAL(
	    parse_parts(PARTS("add@" DP, "ACTION=add", F_DEVPATH, F_SUBSYS, "SEQNUM=1"), &ev, &why),
	    0);
	CU_ASSERT(!ev.has_pci_id && !ev.has_class);
	CU_ASSERT_EQUAL(parse_parts(PARTS("add@" DP, "ACTION=add", F_DEVPATH, F_SUBSYS,
					  "PCI_CLASS=ffffff", "SEQNUM=18446744073709551615"),
				    &ev, &why),
			0);
	CU_ASSERT_EQUAL(ev.class_id, 0xffffff);
	CU_ASSERT_EQUAL(ev.seqnum, UINT64_MAX);

	/* PCI_* keys mean nothing outside subsystem pci; DEVNAME is kept for vfio only. */
	CU_ASSERT_EQUAL(
	    parse_parts(PARTS("add@/devices/x", "ACTION=add", "DEVPATH=/devices/x", "SUBSYSTEM=usb",
			      "PCI_ID=zz", "DEVNAME=bus/usb/001", "SEQNUM=1"),
			&ev, &why),
	    0);
	CU_ASSERT(!ev.has_pci_id);
	CU_ASSERT_STRING_EQUAL(ev.devname, "");

	/* Bytes above 0x7e are not control characters. */
	CU_ASSERT_EQUAL(parse_parts(PARTS("add@/devices/x", "ACTION=add", "DEVPATH=/devices/x",
					  "SUBSYSTEM=x", "NAME=caf\xc3\xa9", "SEQNUM=1"),
				    &ev, &why),
			0);
}

struct reject {
	const char *const *parts;
	const char *why;
};

#define HDR "add@" DP, "ACTION=add", F_DEVPATH
static const struct reject rejects[] = {
    /* The header. */
    {PARTS("add/devices/x", "ACTION=add", "DEVPATH=/devices/x", "SUBSYSTEM=x", "SEQNUM=1"),
     "no '@' in the header"},
    {PARTS("@/devices/x", "ACTION=", "DEVPATH=/devices/x", "SUBSYSTEM=x", "SEQNUM=1"),
     "empty action in the header"},
    {PARTS("add@", "ACTION=add", "DEVPATH=", "SUBSYSTEM=x", "SEQNUM=1"),
     "empty devpath in the header"},
    {PARTS("add@devices/x", "ACTION=add", "DEVPATH=devices/x", "SUBSYSTEM=x", "SEQNUM=1"),
     "the header's devpath does not start with '/'"},
    {PARTS("plug@/devices/x", "ACTION=plug", "DEVPATH=/devices/x", "SUBSYSTEM=x", "SEQNUM=1"),
     "unknown action in the header"},
    {PARTS("ADD@/devices/x", "ACTION=ADD", "DEVPATH=/devices/x", "SUBSYSTEM=x", "SEQNUM=1"),
     "unknown action in the header"},
    {PARTS("add@/devices/\tx", "ACTION=add", "DEVPATH=/devices/\tx", "SUBSYSTEM=x", "SEQNUM=1"),
     "a control character in the header"},
    /* The devpath's components. */
    {PARTS("add@/", "ACTION=add", "DEVPATH=/", "SUBSYSTEM=x", "SEQNUM=1"),
     "an empty component in the devpath"},
    {PARTS("add@//x", "ACTION=add", "DEVPATH=//x", "SUBSYSTEM=x", "SEQNUM=1"),
     "an empty component in the devpath"},
    {PARTS("add@/x/", "ACTION=add", "DEVPATH=/x/", "SUBSYSTEM=x", "SEQNUM=1"),
     "an empty component in the devpath"},
    {PARTS("add@/x//y", "ACTION=add", "DEVPATH=/x//y", "SUBSYSTEM=x", "SEQNUM=1"),
     "an empty component in the devpath"},
    {PARTS("add@/x/./y", "ACTION=add", "DEVPATH=/x/./y", "SUBSYSTEM=x", "SEQNUM=1"),
     "a '.' or '..' component in the devpath"},
    {PARTS("add@/x/..", "ACTION=add", "DEVPATH=/x/..", "SUBSYSTEM=x", "SEQNUM=1"),
     "a '.' or '..' component in the devpath"},
    {PARTS("add@/..", "ACTION=add", "DEVPATH=/..", "SUBSYSTEM=x", "SEQNUM=1"),
     "a '.' or '..' component in the devpath"},
    /* Fields. */
    {PARTS(HDR, "SUBSYSTEMpci", F_SEQ), "a field without '='"},
    {PARTS(HDR, F_SUBSYS, "=x", F_SEQ), "a field with an empty key"},
    {PARTS(HDR, F_SUBSYS, "=", F_SEQ), "a field with an empty key"},
    {PARTS(HDR, F_SUBSYS, "", F_SEQ), "an empty field"},
    {PARTS(HDR, F_SUBSYS, "seqnum=1", F_SEQ), "a key with a character outside [A-Z0-9_]"},
    {PARTS(HDR, F_SUBSYS, "PCI-ID=1", F_SEQ), "a key with a character outside [A-Z0-9_]"},
    {PARTS(HDR, F_SUBSYS, "A B=1", F_SEQ), "a key with a character outside [A-Z0-9_]"},
    {PARTS(HDR, F_SUBSYS, "MODALIAS=pci\tv", F_SEQ), "a value with a control character"},
    {PARTS(HDR, F_SUBSYS, "MODALIAS=pci\x7f", F_SEQ), "a value with a control character"},
    {PARTS(HDR, F_SUBSYS, "MODALIAS=pci\n", F_SEQ), "a value with a control character"},
    {PARTS(HDR, F_SUBSYS, "X=\x1f", F_SEQ), "a value with a control character"},
    /* Duplicates. */
    {PARTS(HDR, "ACTION=add", F_SUBSYS, F_SEQ), "ACTION= appears twice"},
    {PARTS(HDR, F_DEVPATH, F_SUBSYS, F_SEQ), "DEVPATH= appears twice"},
    {PARTS(HDR, F_SUBSYS, F_SUBSYS, F_SEQ), "SUBSYSTEM= appears twice"},
    {PARTS(HDR, F_SUBSYS, F_SEQ, F_SEQ), "SEQNUM= appears twice"},
    {PARTS(HDR, "DRIVER=a", "DRIVER=a", F_SUBSYS, F_SEQ), "DRIVER= appears twice"},
    {PARTS(HDR, F_SUBSYS, F_ID, F_ID, F_SEQ), "PCI_ID= appears twice"},
    {PARTS(HDR, F_SUBSYS, F_CLASS, F_CLASS, F_SEQ), "PCI_CLASS= appears twice"},
    {PARTS(HDR, F_SUBSYS, F_SLOT, F_SLOT, F_SEQ), "PCI_SLOT_NAME= appears twice"},
    {PARTS(VFIO_ADD, "DEVNAME=vfio/5"), "DEVNAME= appears twice"},
    /* Missing. */
    {PARTS("add@" DP, F_DEVPATH, F_SUBSYS, F_SEQ), "no ACTION= field"},
    {PARTS("add@" DP, "ACTION=add", F_SUBSYS, F_SEQ), "no DEVPATH= field"},
    {PARTS(HDR, F_SEQ), "no SUBSYSTEM= field"},
    {PARTS(HDR, F_SUBSYS), "no SEQNUM= field"},
    {PARTS("add@" DP), "no ACTION= field"},
    /* Against the header. */
    {PARTS("add@" DP, "ACTION=remove", F_DEVPATH, F_SUBSYS, F_SEQ),
     "ACTION= differs from the header's action"},
    {PARTS("add@" DP, "ACTION=add ", F_DEVPATH, F_SUBSYS, F_SEQ),
     "ACTION= differs from the header's action"},
    {PARTS("add@" DP, "ACTION=add", "DEVPATH=/devices/pci0000:00/0000:00:10.0/0000:02:00.0",
	   F_SUBSYS, F_SEQ),
     "DEVPATH= differs from the header's devpath"},
    {PARTS("add@" DP, "ACTION=add", "DEVPATH=" DP "/", F_SUBSYS, F_SEQ),
     "DEVPATH= differs from the header's devpath"},
    /* SUBSYSTEM and SEQNUM. */
    {PARTS(HDR, "SUBSYSTEM=", F_SEQ), "empty SUBSYSTEM="},
    {PARTS(HDR, F_SUBSYS, "SEQNUM="), "SEQNUM= is not a decimal 64-bit number"},
    {PARTS(HDR, F_SUBSYS, "SEQNUM=+1"), "SEQNUM= is not a decimal 64-bit number"},
    {PARTS(HDR, F_SUBSYS, "SEQNUM=-1"), "SEQNUM= is not a decimal 64-bit number"},
    {PARTS(HDR, F_SUBSYS, "SEQNUM= 1"), "SEQNUM= is not a decimal 64-bit number"},
    {PARTS(HDR, F_SUBSYS, "SEQNUM=1 "), "SEQNUM= is not a decimal 64-bit number"},
    {PARTS(HDR, F_SUBSYS, "SEQNUM=0x10"), "SEQNUM= is not a decimal 64-bit number"},
    {PARTS(HDR, F_SUBSYS, "SEQNUM=12a"), "SEQNUM= is not a decimal 64-bit number"},
    {PARTS(HDR, F_SUBSYS, "SEQNUM=18446744073709551616"), "SEQNUM= is not a decimal 64-bit number"},
    {PARTS(HDR, F_SUBSYS, "SEQNUM=99999999999999999999"), "SEQNUM= is not a decimal 64-bit number"},
    /* PCI. */
    {PARTS(HDR, F_SUBSYS, "PCI_SLOT_NAME=0000:02:00.0", F_SEQ),
     "PCI_SLOT_NAME= differs from the devpath's last component"},
    {PARTS("add@/devices/pci0000:00/0000:0A:00.0", "ACTION=add",
	   "DEVPATH=/devices/pci0000:00/0000:0A:00.0", F_SUBSYS, "PCI_SLOT_NAME=0000:0A:00.0",
	   F_SEQ),
     "PCI_SLOT_NAME= is not a canonical DDDD:BB:DD.F address"},
    {PARTS(HDR, F_SUBSYS, "PCI_SLOT_NAME=01:00.0", F_SEQ),
     "PCI_SLOT_NAME= is not a canonical DDDD:BB:DD.F address"},
    {PARTS(HDR, F_SUBSYS, "PCI_SLOT_NAME=0000:01:00", F_SEQ),
     "PCI_SLOT_NAME= is not a canonical DDDD:BB:DD.F address"},
    {PARTS(HDR, F_SUBSYS, "PCI_SLOT_NAME=0000:01:20.0", F_SEQ),
     "PCI_SLOT_NAME= is not a canonical DDDD:BB:DD.F address"},
    {PARTS(HDR, F_SUBSYS, "PCI_SLOT_NAME=0000:01:00.8", F_SEQ),
     "PCI_SLOT_NAME= is not a canonical DDDD:BB:DD.F address"},
    {PARTS(HDR, F_SUBSYS, "PCI_SLOT_NAME=0000-01:00.0", F_SEQ),
     "PCI_SLOT_NAME= is not a canonical DDDD:BB:DD.F address"},
    {PARTS(HDR, F_SUBSYS, "PCI_SLOT_NAME=", F_SEQ),
     "PCI_SLOT_NAME= is not a canonical DDDD:BB:DD.F address"},
    {PARTS(HDR, F_SUBSYS, "PCI_ID=8086:10D", F_SEQ), "PCI_ID= is not VVVV:DDDD in hex"},
    {PARTS(HDR, F_SUBSYS, "PCI_ID=8086:10D3 ", F_SEQ), "PCI_ID= is not VVVV:DDDD in hex"},
    {PARTS(HDR, F_SUBSYS, "PCI_ID=8086-10D3", F_SEQ), "PCI_ID= is not VVVV:DDDD in hex"},
    {PARTS(HDR, F_SUBSYS, "PCI_ID=808G:10D3", F_SEQ), "PCI_ID= is not VVVV:DDDD in hex"},
    {PARTS(HDR, F_SUBSYS, "PCI_ID=08086:10D3", F_SEQ), "PCI_ID= is not VVVV:DDDD in hex"},
    {PARTS(HDR, F_SUBSYS, "PCI_ID=", F_SEQ), "PCI_ID= is not VVVV:DDDD in hex"},
    {PARTS(HDR, F_SUBSYS, "PCI_CLASS=", F_SEQ), "PCI_CLASS= is not 1 to 6 hex digits"},
    {PARTS(HDR, F_SUBSYS, "PCI_CLASS=1000000", F_SEQ), "PCI_CLASS= is not 1 to 6 hex digits"},
    {PARTS(HDR, F_SUBSYS, "PCI_CLASS=0x2000", F_SEQ), "PCI_CLASS= is not 1 to 6 hex digits"},
    {PARTS(HDR, F_SUBSYS, "PCI_CLASS=2000g", F_SEQ), "PCI_CLASS= is not 1 to 6 hex digits"},
    /* vfio's DEVNAME is a path under /dev. */
    {PARTS("add@" VFIO_DP, "ACTION=add", "DEVPATH=" VFIO_DP, "SUBSYSTEM=vfio", "DEVNAME=../vfio/5",
	   "SEQNUM=1"),
     "DEVNAME= is not a plain path under /dev"},
    {PARTS("add@" VFIO_DP, "ACTION=add", "DEVPATH=" VFIO_DP, "SUBSYSTEM=vfio",
	   "DEVNAME=/dev/vfio/5", "SEQNUM=1"),
     "DEVNAME= is not a plain path under /dev"},
};

static void test_rejects(void)
{
	for (size_t i = 0; i < RTE_DIM(rejects); i++) {
		struct eal_uevent ev;
		const char *why = NULL;
		memset(&ev, 0xa5, sizeof(ev));
		int ret = parse_parts(rejects[i].parts, &ev, &why);
		CU_ASSERT_EQUAL(ret, -1);
		CU_ASSERT_PTR_NOT_NULL(why);
		bool same = why != NULL && strcmp(why, rejects[i].why) == 0;
		CU_ASSERT(same);
		if (ret != -1 || !same)
			fprintf(stderr, "case %zu (%s): got %d \"%s\", expected \"%s\"\n", i,
				rejects[i].parts[0], ret, why != NULL ? why : "(null)",
				rejects[i].why);
		/* *ev untouched. */
		struct eal_uevent pattern;
		memset(&pattern, 0xa5, sizeof(pattern));
		CU_ASSERT_EQUAL(memcmp(&ev, &pattern, sizeof(ev)), 0);
	}
}

static void test_reject_buffers(void)
{
	struct eal_uevent ev;
	const char *why = NULL;

	/* Length 0, and NULL arguments. */
	CU_ASSERT_EQUAL(parse_exact("", 0, &ev, &why), -1);
	CU_ASSERT_STRING_EQUAL(why, "empty message");
	why = NULL;
	CU_ASSERT_EQUAL(eal_uevent_parse(NULL, 10, &ev, &why), -1);
	CU_ASSERT_PTR_NOT_NULL(why);
	why = NULL;
	CU_ASSERT_EQUAL(eal_uevent_parse("add@/x", 6, NULL, &why), -1);
	CU_ASSERT_PTR_NOT_NULL(why);
	/* why may be NULL. */
	CU_ASSERT_EQUAL(eal_uevent_parse("add", 3, &ev, NULL), -1);

	/* udevd's messages: "libudev\0" and a binary header. */
	static const char udev[] = "libudev\0\xfe\xed\xca\xfe\x28\0\0\0ACTION=add\0SEQNUM=1";
	why = NULL;
	CU_ASSERT_EQUAL(parse_exact(udev, sizeof(udev) - 1, &ev, &why), -1);
	CU_ASSERT_STRING_EQUAL(why, "a udevd (libudev) message, not the kernel's");

	/* Exactly EAL_UEVENT_MSG_MAX bytes (a long unknown field) passes; one more does not. */
	char *big = malloc(EAL_UEVENT_MSG_MAX + 1);
	CU_ASSERT_FATAL(big != NULL);
	static const char head[] = "add@/devices/x\0ACTION=add\0DEVPATH=/devices/x\0SUBSYSTEM=x\0"
				   "SEQNUM=9\0PAD=";
	memcpy(big, head, sizeof(head) - 1);
	memset(big + sizeof(head) - 1, 'p', EAL_UEVENT_MSG_MAX + 1 - (sizeof(head) - 1));
	CU_ASSERT_EQUAL(parse_exact(big, EAL_UEVENT_MSG_MAX, &ev, &why), 0);
	CU_ASSERT_EQUAL(ev.seqnum, 9);
	big[EAL_UEVENT_MSG_MAX - 1] = '\0';
	CU_ASSERT_EQUAL(parse_exact(big, EAL_UEVENT_MSG_MAX, &ev, &why), 0);
	why = NULL;
	CU_ASSERT_EQUAL(parse_exact(big, EAL_UEVENT_MSG_MAX + 1, &ev, &why), -1);
	CU_ASSERT_STRING_EQUAL(why, "message longer than EAL_UEVENT_MSG_MAX");
	free(big);
}

/*
 * A message whose value for key has n characters: SUBSYSTEM, DEVPATH, NAME (the devpath's last
 * component), DRIVER or DEVNAME (subsystem vfio).
 */
static int parse_long(const char *key, size_t n, const char **why, struct eal_uevent *ev)
{
	char *val = malloc(n + 1);
	char *dp = malloc(n + 16), *hdr = malloc(n + 32), *dpf = malloc(n + 32);
	char *fld = malloc(n + 32);
	CU_ASSERT_FATAL(val && dp && hdr && dpf && fld);
	memset(val, 'a', n);
	val[n] = '\0';
	const char *subsys = "SUBSYSTEM=x";
	if (strcmp(key, "NAME") == 0) {
		snprintf(dp, n + 16, "/d/%s", val);
	} else if (strcmp(key, "DEVPATH") == 0) {
		/* "/" then components of 100 characters and a last one making up n. */
		for (size_t i = 0; i < n; i++)
			dp[i] = i % 101 == 0 ? '/' : 'd';
		dp[n] = '\0';
		if (dp[n - 1] == '/')
			dp[n - 1] = 'd';
	} else {
		snprintf(dp, n + 16, "/d/x");
	}
	snprintf(hdr, n + 32, "add@%s", dp);
	snprintf(dpf, n + 32, "DEVPATH=%s", dp);
	if (strcmp(key, "SUBSYSTEM") == 0) {
		snprintf(fld, n + 32, "SUBSYSTEM=%s", val);
		subsys = "X=1";
	} else if (strcmp(key, "DEVNAME") == 0) {
		snprintf(fld, n + 32, "DEVNAME=%s", val);
		subsys = "SUBSYSTEM=vfio";
	} else if (strcmp(key, "DRIVER") == 0) {
		snprintf(fld, n + 32, "DRIVER=%s", val);
	} else {
		snprintf(fld, n + 32, "Y=1");
	}
	int ret = parse_parts(PARTS(hdr, "ACTION=add", dpf, subsys, fld, "SEQNUM=1"), ev, why);
	free(val);
	free(dp);
	free(hdr);
	free(dpf);
	free(fld);
	return ret;
}

static void test_too_long(void)
{
	static const struct {
		const char *key;
		size_t size;
		const char *why;
	} cases[] = {
	    {"SUBSYSTEM", sizeof(((struct eal_uevent *)0)->subsystem), "SUBSYSTEM= is too long"},
	    {"DEVPATH", sizeof(((struct eal_uevent *)0)->devpath), "devpath is too long"},
	    {"NAME", sizeof(((struct eal_uevent *)0)->name),
	     "the devpath's last component is too long"},
	    {"DRIVER", sizeof(((struct eal_uevent *)0)->driver), "DRIVER= is too long"},
	    {"DEVNAME", sizeof(((struct eal_uevent *)0)->devname), "DEVNAME= is too long"},
	};
	for (size_t i = 0; i < RTE_DIM(cases); i++) {
		struct eal_uevent ev;
		const char *why = NULL;
		/* The longest that fits with its NUL, then one more. */
		CU_ASSERT_EQUAL(parse_long(cases[i].key, cases[i].size - 1, &why, &ev), 0);
		if (strcmp(cases[i].key, "DEVPATH") == 0)
			CU_ASSERT_EQUAL(strlen(ev.devpath), cases[i].size - 1);
		CU_ASSERT_EQUAL(parse_long(cases[i].key, cases[i].size, &why, &ev), -1);
		CU_ASSERT_PTR_NOT_NULL_FATAL(why);
		if (strcmp(why, cases[i].why) != 0)
			fprintf(stderr, "%s: got \"%s\"\n", cases[i].key, why);
		CU_ASSERT_STRING_EQUAL(why, cases[i].why);
	}
}

/*
 * Every prefix of the good messages. The last field is SEQNUM, as the kernel sends it: a prefix
 * is accepted only when it holds every field up to at least one digit of SEQNUM (the final
 * NUL is optional, so a cut in the last value cannot be told from a shorter number), and then
 * it gives the same struct with the digits it holds.
 */
static void test_truncated(void)
{
	const char *const *msgs[] = {
	    PARTS(PCI_ADD),
	    PARTS("bind@" DP, "ACTION=bind", F_DEVPATH, "DRIVER=vfio-pci", PCI_FIELDS, F_SEQ),
	    PARTS(VFIO_ADD),
	};
	for (size_t m = 0; m < RTE_DIM(msgs); m++) {
		size_t full;
		char *msg = join(msgs[m], true, &full);
		struct eal_uevent want, ev;
		const char *why = NULL;
		CU_ASSERT_EQUAL_FATAL(parse_exact(msg, full, &want, &why), 0);
		/* Where SEQNUM='s digits start. */
		size_t digits = full - 1;
		while (msg[digits - 1] != '=')
			digits--;
		unsigned int accepted = 0;
		for (size_t len = 0; len <= full; len++) {
			why = NULL;
			int ret = parse_exact(msg, len, &ev, &why);
			if (len <= digits) {
				CU_ASSERT_EQUAL(ret, -1);
				CU_ASSERT_PTR_NOT_NULL(why);
				if (ret == 0)
					fprintf(stderr, "message %zu accepted at %zu\n", m, len);
				continue;
			}
			CU_ASSERT_EQUAL(ret, 0);
			if (ret != 0)
				continue;
			accepted++;
			size_t nd =
			    len - digits < full - 1 - digits ? len - digits : full - 1 - digits;
			char num[32];
			memcpy(num, msg + digits, nd);
			num[nd] = '\0';
			uint64_t seq = strtoull(num, NULL, 10);
			CU_ASSERT_EQUAL(ev.seqnum, seq);
			ev.seqnum = want.seqnum;
			CU_ASSERT_EQUAL(memcmp(&ev, &want, sizeof(ev)), 0);
		}
		CU_ASSERT_EQUAL(accepted, full - digits);
		free(msg);
	}
}

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	CU_pSuite s = CU_add_suite("eal_uevent", NULL, NULL);
	CU_add_test(s, "PCI add and remove", test_pci_add_remove);
	CU_add_test(s, "PCI bind and unbind", test_pci_bind_unbind);
	CU_add_test(s, "vfio group add", test_vfio_add);
	CU_add_test(s, "other accepted messages", test_other_accepted);
	CU_add_test(s, "rejected fields and headers", test_rejects);
	CU_add_test(s, "rejected buffers", test_reject_buffers);
	CU_add_test(s, "values too long", test_too_long);
	CU_add_test(s, "every truncation", test_truncated);
	return test_run_registry();
}
