/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Kernel uevent messages (eal_uevent.h): the header "ACTION@DEVPATH", then NUL-separated
 * "KEY=VALUE" fields, the last one optionally followed by a NUL. Every byte is read through
 * a bounded memchr or an index below len, so an unterminated buffer is fine. The result is
 * built in a local struct and copied out only when the whole message is accepted.
 */

#include <string.h>

#include "eal_hex.h"
#include "eal_uevent.h"

/* A value inside the message: not NUL-terminated. */
struct span {
	const char *p;
	size_t n;
	bool set;
};

enum key {
	K_ACTION,
	K_DEVPATH,
	K_SUBSYSTEM,
	K_SEQNUM,
	K_DRIVER,
	K_PCI_ID,
	K_PCI_CLASS,
	K_PCI_SLOT_NAME,
	K_DEVNAME,
	K_COUNT,
};

/* The keys the parser interprets; any other well-formed key is ignored. */
static const struct {
	const char *key;
	const char *twice;
} keys[K_COUNT] = {
    [K_ACTION] = {"ACTION", "ACTION= appears twice"},
    [K_DEVPATH] = {"DEVPATH", "DEVPATH= appears twice"},
    [K_SUBSYSTEM] = {"SUBSYSTEM", "SUBSYSTEM= appears twice"},
    [K_SEQNUM] = {"SEQNUM", "SEQNUM= appears twice"},
    [K_DRIVER] = {"DRIVER", "DRIVER= appears twice"},
    [K_PCI_ID] = {"PCI_ID", "PCI_ID= appears twice"},
    [K_PCI_CLASS] = {"PCI_CLASS", "PCI_CLASS= appears twice"},
    [K_PCI_SLOT_NAME] = {"PCI_SLOT_NAME", "PCI_SLOT_NAME= appears twice"},
    [K_DEVNAME] = {"DEVNAME", "DEVNAME= appears twice"},
};

static const char *const action_names[] = {
    [EAL_UEVENT_ADD] = "add",	    [EAL_UEVENT_REMOVE] = "remove",   [EAL_UEVENT_BIND] = "bind",
    [EAL_UEVENT_UNBIND] = "unbind", [EAL_UEVENT_CHANGE] = "change",   [EAL_UEVENT_MOVE] = "move",
    [EAL_UEVENT_ONLINE] = "online", [EAL_UEVENT_OFFLINE] = "offline",
};

#define N_ACTIONS (sizeof(action_names) / sizeof(action_names[0]))

const char *eal_uevent_action_name(enum eal_uevent_action a)
{
	if ((unsigned int)a >= N_ACTIONS)
		return "unknown";
	return action_names[a];
}

static int fail(const char **why, const char *reason)
{
	if (why != NULL)
		*why = reason;
	return -1;
}

static bool span_is(const char *p, size_t n, const char *s)
{
	return strlen(s) == n && memcmp(p, s, n) == 0;
}

static bool span_eq(struct span a, struct span b)
{
	return a.n == b.n && memcmp(a.p, b.p, a.n) == 0;
}

static bool has_control(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c < 0x20 || c == 0x7f)
			return true;
	}
	return false;
}

static bool key_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* Copy a span into a buffer of size bytes with its NUL; false when it does not fit. */
static bool copy_span(char *dst, size_t size, const char *p, size_t n)
{
	if (n >= size)
		return false;
	memcpy(dst, p, n);
	dst[n] = '\0';
	return true;
}

/*
 * Components of a '/'-separated path (p[0..n), leading '/' already stripped or absent): none
 * empty, none "." or "..". Sets *last to the start of the last component.
 */
static const char *check_components(const char *p, size_t n, size_t *last)
{
	size_t start = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && p[i] != '/')
			continue;
		size_t clen = i - start;
		if (clen == 0)
			return "empty component";
		if ((clen == 1 && p[start] == '.') ||
		    (clen == 2 && p[start] == '.' && p[start + 1] == '.'))
			return "'.' or '..' component";
		*last = start;
		start = i + 1;
	}
	return NULL;
}

static bool parse_u64(struct span s, uint64_t *out)
{
	uint64_t v = 0;
	if (s.n == 0)
		return false;
	for (size_t i = 0; i < s.n; i++) {
		if (s.p[i] < '0' || s.p[i] > '9')
			return false;
		unsigned int d = (unsigned int)(s.p[i] - '0');
		if (v > (UINT64_MAX - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*out = v;
	return true;
}

/* n hex digits (either case) at p; -1 when one is not a hex digit. */
static int64_t hex_n(const char *p, size_t n)
{
	int64_t v = 0;
	for (size_t i = 0; i < n; i++) {
		int d = eal_hex_digit(p[i]);
		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

static bool lower_hex(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' && p[i] <= 'f')))
			return false;
	return true;
}

/* "DDDD:BB:DD.F", lowercase hex, device below 0x20, function below 8. */
static bool canonical_pci_addr(struct span s)
{
	const char *p = s.p;
	if (s.n != 12 || p[4] != ':' || p[7] != ':' || p[10] != '.')
		return false;
	if (!lower_hex(p, 4) || !lower_hex(p + 5, 2) || !lower_hex(p + 8, 2) ||
	    !lower_hex(p + 11, 1))
		return false;
	return hex_n(p + 8, 2) < 0x20 && hex_n(p + 11, 1) < 8;
}

static const char *parse_pci(const struct span *v, struct eal_uevent *e)
{
	if (v[K_PCI_ID].set) {
		const char *p = v[K_PCI_ID].p;
		int64_t vid, did;
		if (v[K_PCI_ID].n != 9 || p[4] != ':' || (vid = hex_n(p, 4)) < 0 ||
		    (did = hex_n(p + 5, 4)) < 0)
			return "PCI_ID= is not VVVV:DDDD in hex";
		e->has_pci_id = true;
		e->vendor_id = (uint16_t)vid;
		e->device_id = (uint16_t)did;
	}
	if (v[K_PCI_CLASS].set) {
		int64_t c;
		if (v[K_PCI_CLASS].n == 0 || v[K_PCI_CLASS].n > 6 ||
		    (c = hex_n(v[K_PCI_CLASS].p, v[K_PCI_CLASS].n)) < 0)
			return "PCI_CLASS= is not 1 to 6 hex digits";
		e->has_class = true;
		e->class_id = (uint32_t)c;
	}
	if (v[K_PCI_SLOT_NAME].set) {
		if (!canonical_pci_addr(v[K_PCI_SLOT_NAME]))
			return "PCI_SLOT_NAME= is not a canonical DDDD:BB:DD.F address";
		if (!span_is(v[K_PCI_SLOT_NAME].p, v[K_PCI_SLOT_NAME].n, e->name))
			return "PCI_SLOT_NAME= differs from the devpath's last component";
	}
	return NULL;
}

static const char *parse_vfio(const struct span *v, struct eal_uevent *e)
{
	if (!v[K_DEVNAME].set)
		return NULL;
	if (!copy_span(e->devname, sizeof(e->devname), v[K_DEVNAME].p, v[K_DEVNAME].n))
		return "DEVNAME= is too long";
	/* A name under /dev: relative, and never climbing out of it. */
	size_t last;
	if (v[K_DEVNAME].n > 0 && check_components(v[K_DEVNAME].p, v[K_DEVNAME].n, &last) != NULL)
		return "DEVNAME= is not a plain path under /dev";
	return NULL;
}

int eal_uevent_parse(const char *buf, size_t len, struct eal_uevent *ev, const char **why)
{
	struct span v[K_COUNT] = {{0}};
	struct eal_uevent e;
	const char *r;

	if (buf == NULL || ev == NULL)
		return fail(why, "no message or no result");
	if (len == 0)
		return fail(why, "empty message");
	if (len > EAL_UEVENT_MSG_MAX)
		return fail(why, "message longer than EAL_UEVENT_MSG_MAX");
	if (len >= 7 && memcmp(buf, "libudev", 7) == 0)
		return fail(why, "a udevd (libudev) message, not the kernel's");

	/* The header, up to the first NUL or len. */
	const char *nul = memchr(buf, '\0', len);
	size_t hlen = nul != NULL ? (size_t)(nul - buf) : len;
	const char *at = memchr(buf, '@', hlen);
	if (at == NULL)
		return fail(why, "no '@' in the header");
	if (has_control(buf, hlen))
		return fail(why, "a control character in the header");
	struct span hact = {buf, (size_t)(at - buf), true};
	struct span hpath = {at + 1, hlen - hact.n - 1, true};
	if (hact.n == 0)
		return fail(why, "empty action in the header");
	if (hpath.n == 0)
		return fail(why, "empty devpath in the header");
	if (hpath.p[0] != '/')
		return fail(why, "the header's devpath does not start with '/'");

	memset(&e, 0, sizeof(e));
	size_t a;
	for (a = 0; a < N_ACTIONS; a++)
		if (span_is(hact.p, hact.n, action_names[a]))
			break;
	if (a == N_ACTIONS)
		return fail(why, "unknown action in the header");
	e.action = (enum eal_uevent_action)a;

	if (!copy_span(e.devpath, sizeof(e.devpath), hpath.p, hpath.n))
		return fail(why, "devpath is too long");
	size_t last = 0;
	r = check_components(hpath.p + 1, hpath.n - 1, &last);
	if (r != NULL)
		return fail(why, r[0] == 'e' ? "an empty component in the devpath"
					     : "a '.' or '..' component in the devpath");
	if (!copy_span(e.name, sizeof(e.name), hpath.p + 1 + last, hpath.n - 1 - last))
		return fail(why, "the devpath's last component is too long");

	/* The fields. */
	for (size_t pos = hlen + 1; pos < len;) {
		const char *f = buf + pos;
		const char *end = memchr(f, '\0', len - pos);
		size_t flen = end != NULL ? (size_t)(end - f) : len - pos;
		pos += flen + 1;

		if (flen == 0)
			return fail(why, "an empty field");
		const char *eq = memchr(f, '=', flen);
		if (eq == NULL)
			return fail(why, "a field without '='");
		size_t klen = (size_t)(eq - f);
		if (klen == 0)
			return fail(why, "a field with an empty key");
		for (size_t i = 0; i < klen; i++)
			if (!key_char(f[i]))
				return fail(why, "a key with a character outside [A-Z0-9_]");
		if (has_control(eq + 1, flen - klen - 1))
			return fail(why, "a value with a control character");
		for (unsigned int k = 0; k < K_COUNT; k++) {
			if (!span_is(f, klen, keys[k].key))
				continue;
			if (v[k].set)
				return fail(why, keys[k].twice);
			v[k] = (struct span){eq + 1, flen - klen - 1, true};
			break;
		}
	}

	if (!v[K_ACTION].set)
		return fail(why, "no ACTION= field");
	if (!v[K_DEVPATH].set)
		return fail(why, "no DEVPATH= field");
	if (!v[K_SUBSYSTEM].set)
		return fail(why, "no SUBSYSTEM= field");
	if (!v[K_SEQNUM].set)
		return fail(why, "no SEQNUM= field");
	if (!span_eq(v[K_ACTION], hact))
		return fail(why, "ACTION= differs from the header's action");
	if (!span_eq(v[K_DEVPATH], hpath))
		return fail(why, "DEVPATH= differs from the header's devpath");
	if (v[K_SUBSYSTEM].n == 0)
		return fail(why, "empty SUBSYSTEM=");
	if (!copy_span(e.subsystem, sizeof(e.subsystem), v[K_SUBSYSTEM].p, v[K_SUBSYSTEM].n))
		return fail(why, "SUBSYSTEM= is too long");
	if (!parse_u64(v[K_SEQNUM], &e.seqnum))
		return fail(why, "SEQNUM= is not a decimal 64-bit number");
	if (v[K_DRIVER].set && !copy_span(e.driver, sizeof(e.driver), v[K_DRIVER].p, v[K_DRIVER].n))
		return fail(why, "DRIVER= is too long");

	r = NULL;
	if (strcmp(e.subsystem, "pci") == 0)
		r = parse_pci(v, &e);
	else if (strcmp(e.subsystem, "vfio") == 0)
		r = parse_vfio(v, &e);
	if (r != NULL)
		return fail(why, r);

	memcpy(ev, &e, sizeof(e)); /* padding included: zero, as memset left it */
	return 0;
}
