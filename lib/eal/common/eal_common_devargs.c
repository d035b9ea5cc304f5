/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Device arguments (-a, -b, --vdev, hotplug) and the global list of them.
 *
 * Two syntaxes are parsed:
 *  - legacy "[bus:]name[,args]": the "bus:" prefix counts only when a registered bus has
 *    exactly that name (PCI addresses contain ':' too), and that bus must then accept the name;
 *    without a prefix the first bus whose parse() accepts the name owns the device;
 *  - layered "bus=NAME[,bus keys][/class=NAME[,class keys]][/driver=...[,args]]", DPDK's
 *    global syntax, starting with its bus or class layer; each layer at most once. The bus's
 *    devargs_parse op derives the device name from its keys (e.g. "addr="). A class-only
 *    string ("class=eth,mac=...") parses, with no bus and no name, as in DPDK: it selects
 *    class devices (rte_dev_iterator) but cannot be added or hotplugged.
 * The work is done by the eal_devargs_*_why functions, which log nothing and hand the reason
 * back, so that rte_eal_init can say in one line which option failed and why; the public
 * functions are those plus one line naming the input and the reason.
 *
 * Locking: one mutex makes each operation on the list atomic (insert, remove, each step of
 * rte_devargs_next, count, dump, free_all), so that hotplug in one thread (rte_dev_probe) and
 * device creation in another (rte_vdev_init) cannot corrupt it. It is a leaf lock: nothing is
 * called with it held but the list code itself (bus parse ops run before it is taken), so any
 * bus may hold its own lock around devargs calls. What it cannot cover is a walk with
 * rte_devargs_next across calls: the devargs given as start must stay listed until the next
 * call, so a walker serialises against whoever removes them, as in DPDK (the vdev bus walks
 * and removes its own under its lock; the EAL walks and removes under the hotplug lock, or
 * in one step with eal_devargs_remove_named).
 */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bus_driver.h>
#include <rte_class.h>
#include <rte_devargs.h>
#include <rte_errno.h>
#include <rte_log.h>

#include "eal_model.h"

RTE_LOG_REGISTER(eal_devargs_logtype, lib.eal.devargs, INFO);
#define DEVARGS_LOG(level, ...) rte_log(RTE_LOG_##level, eal_devargs_logtype, __VA_ARGS__)

/* Inputs are quoted in error lines up to this length, so that a huge input stays one line. */
#define DEVARGS_QUOTE_MAX 80
#define QUOTE_LEN(s) ((int)RTE_MIN(strlen(s), (size_t)DEVARGS_QUOTE_MAX))
#define QUOTE_TAIL(s) (strlen(s) > DEVARGS_QUOTE_MAX ? "..." : "")
/* Room for a reason: a quoted name or layer is at most DEVARGS_QUOTE_MAX (name: 63). */
#define DEVARGS_WHY_MAX 256

#define LAYER_BUS RTE_DEVARGS_KEY_BUS "="
#define LAYER_CLASS RTE_DEVARGS_KEY_CLASS "="
#define LAYER_DRIVER RTE_DEVARGS_KEY_DRIVER "="

static RTE_TAILQ_HEAD(rte_devargs_list,
		      rte_devargs) devargs_list = TAILQ_HEAD_INITIALIZER(devargs_list);
static pthread_mutex_t devargs_mutex = PTHREAD_MUTEX_INITIALIZER;

static void devargs_lock(void)
{
	pthread_mutex_lock(&devargs_mutex);
}

static void devargs_unlock(void)
{
	pthread_mutex_unlock(&devargs_mutex);
}

static bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

struct name_span {
	const char *s;
	size_t len;
};

static int bus_name_is(const struct rte_bus *bus, const void *data)
{
	const struct name_span *n = data;
	return !(strlen(bus->name) == n->len && memcmp(bus->name, n->s, n->len) == 0);
}

static struct rte_bus *bus_find_by_span(const char *s, size_t len)
{
	struct name_span span = {s, len};
	return rte_bus_find(NULL, bus_name_is, &span);
}

static int bus_accepts_name(const struct rte_bus *bus, const void *name)
{
	if (bus->parse == NULL)
		return -1;
	return bus->parse(name, NULL);
}

/* Write the reason of a failure into why (len bytes; may be 0) and return err. */
static __rte_format_printf(4, 5) int why_set(char *why, size_t len, int err, const char *fmt, ...)
{
	va_list ap;

	if (len > 0) {
		va_start(ap, fmt);
		vsnprintf(why, len, fmt, ap);
		va_end(ap);
	}
	return err;
}

static int devargs_set_name(struct rte_devargs *da, const char *name, size_t len, char *why,
			    size_t why_len)
{
	if (len == 0)
		return why_set(why, why_len, -EINVAL, "empty device name");
	if (len >= sizeof(da->name))
		return why_set(why, why_len, -EINVAL,
			       "device name is %zu characters long, the limit is %zu", len,
			       sizeof(da->name) - 1);
	memcpy(da->name, name, len);
	da->name[len] = '\0';
	return 0;
}

static int devargs_parse_legacy(struct rte_devargs *da, const char *dev, char *why, size_t why_len)
{
	const char *name = dev;
	const char *name_end = dev + strcspn(dev, ",");
	const char *colon = memchr(dev, ':', (size_t)(name_end - dev));
	struct rte_bus *bus = NULL;
	int ret;

	if (colon != NULL) {
		bus = bus_find_by_span(dev, (size_t)(colon - dev));
		if (bus != NULL)
			name = colon + 1;
	}
	ret = devargs_set_name(da, name, (size_t)(name_end - name), why, why_len);
	if (ret != 0)
		return ret;
	if (bus != NULL) {
		if (bus->parse != NULL && bus->parse(da->name, NULL) != 0)
			return why_set(why, why_len, -EINVAL,
				       "bus \"%s\" does not recognise device name \"%s\"",
				       bus->name, da->name);
	} else {
		bus = rte_bus_find(NULL, bus_accepts_name, da->name);
		if (bus == NULL)
			return why_set(why, why_len, -ENODEV,
				       "no bus recognises device \"%s\" (name its bus as "
				       "\"BUS:%s\", or link the driver that handles it)",
				       da->name, da->name);
	}
	da->data = strdup(*name_end == ',' ? name_end + 1 : "");
	if (da->data == NULL)
		return why_set(why, why_len, -ENOMEM, "out of memory");
	da->bus = bus;
	da->args = da->data;
	return 0;
}

static bool is_layer_start(const char *s)
{
	return starts_with(s, LAYER_BUS) || starts_with(s, LAYER_CLASS) || starts_with(s, LAYER_DRIVER);
}

/*
 * A layer starts at the beginning or after a '/' followed by a layer key, so that values may
 * contain '/' (paths): "bus=vdev,path=/tmp/x/driver=foo" has the layers "bus=vdev,path=/tmp/x"
 * and "driver=foo". (DPDK's iterator cuts its copies at the first '/' instead.)
 */
const char *eal_devargs_layer_end(const char *layer)
{
	for (const char *p = strchr(layer, '/'); p != NULL; p = strchr(p + 1, '/'))
		if (is_layer_start(p + 1))
			return p;
	return layer + strlen(layer);
}

/* Cut data in place after the layer starting at layer; the next layer, or NULL. */
static char *next_layer(char *layer)
{
	char *end = layer + (eal_devargs_layer_end(layer) - layer);

	if (*end == '\0')
		return NULL;
	*end = '\0';
	return end + 1;
}

static int class_name_is(const struct rte_class *cls, const void *data)
{
	const struct name_span *n = data;
	return !(strlen(cls->name) == n->len && memcmp(cls->name, n->s, n->len) == 0);
}

/* The name in a "key=NAME[,...]" layer. */
static struct name_span layer_name(const char *layer, const char *key)
{
	const char *name = layer + strlen(key);
	return (struct name_span){name, strcspn(name, ",")};
}

static int devargs_parse_layers(struct rte_devargs *da, const char *dev, char *why, size_t why_len)
{
	da->data = strdup(dev);
	if (da->data == NULL)
		return why_set(why, why_len, -ENOMEM, "out of memory");
	da->args = "";
	for (char *layer = da->data; layer != NULL;) {
		char *next = next_layer(layer);

		if (starts_with(layer, LAYER_BUS) && da->bus_str == NULL)
			da->bus_str = layer;
		else if (starts_with(layer, LAYER_CLASS) && da->cls_str == NULL)
			da->cls_str = layer;
		else if (starts_with(layer, LAYER_DRIVER) && da->args[0] == '\0')
			da->args = layer;
		else
			return why_set(why, why_len, -EINVAL, "layer \"%.*s%s\" is repeated",
				       QUOTE_LEN(layer), layer, QUOTE_TAIL(layer));
		layer = next;
	}
	if (da->bus_str != NULL) {
		struct name_span n = layer_name(da->bus_str, LAYER_BUS);
		da->bus = bus_find_by_span(n.s, n.len);
		if (da->bus == NULL)
			return why_set(why, why_len, -EINVAL, "no bus named \"%.*s\"",
				       (int)RTE_MIN(n.len, (size_t)DEVARGS_QUOTE_MAX), n.s);
	}
	if (da->cls_str != NULL) {
		struct name_span n = layer_name(da->cls_str, LAYER_CLASS);
		da->cls = rte_class_find(NULL, class_name_is, &n);
		if (da->cls == NULL)
			return why_set(why, why_len, -EINVAL,
				       "no device class named \"%.*s\" (a class exists once the "
				       "library providing it, e.g. its ethdev layer, is linked)",
				       (int)RTE_MIN(n.len, (size_t)DEVARGS_QUOTE_MAX), n.s);
	}
	return 0;
}

/* The end of the argument at s: the next ',' outside brackets ("k=[0,1]" is one), or the NUL. */
static char *argument_end(char *s)
{
	int depth = 0;

	for (; *s != '\0'; s++) {
		if (*s == '[')
			depth++;
		else if (*s == ']' && depth > 0)
			depth--;
		else if (*s == ',' && depth == 0)
			break;
	}
	return s;
}

/*
 * Take "driver=NAME" out of the arguments into drv_name. args points into data; removing
 * "driver=NAME" (and a comma) frees at least strlen(NAME) + 1 bytes at its end, where NAME is
 * then kept, so that the devargs still own one buffer.
 */
static int devargs_take_driver(struct rte_devargs *da, char *why, size_t why_len)
{
	char *args = (char *)da->args;
	char name[RTE_DEV_NAME_MAX_LEN];
	bool pinned = false;

	for (char *arg = args; *arg != '\0';) {
		char *end = argument_end(arg);
		if (!starts_with(arg, LAYER_DRIVER)) {
			arg = *end == ',' ? end + 1 : end;
			continue;
		}
		size_t len = (size_t)(end - arg) - strlen(LAYER_DRIVER);
		if (pinned)
			return why_set(why, why_len, -EINVAL, "\"driver=\" is given twice");
		if (len == 0)
			return why_set(why, why_len, -EINVAL, "\"driver=\" names no driver");
		if (len >= sizeof(name))
			return why_set(why, why_len, -EINVAL,
				       "the driver name is %zu characters long, the limit is %zu",
				       len, sizeof(name) - 1);
		memcpy(name, arg + strlen(LAYER_DRIVER), len);
		name[len] = '\0';
		pinned = true;
		char *rest = *end == ',' ? end + 1 : end;
		/* The last argument takes the comma before it along. */
		char *from = (*rest == '\0' && arg > args) ? arg - 1 : arg;
		memmove(from, rest, strlen(rest) + 1);
		arg = from;
	}
	if (pinned) {
		char *slot = args + strlen(args) + 1;
		memcpy(slot, name, strlen(name) + 1);
		da->drv_name = slot;
	}
	return 0;
}

int eal_devargs_parse_why(struct rte_devargs *da, const char *dev, char *why, size_t why_len)
{
	int ret;

	if (da == NULL || dev == NULL)
		return why_set(why, why_len, -EINVAL, "no devargs string");
	memset(da, 0, sizeof(*da));
	if (starts_with(dev, LAYER_BUS) || starts_with(dev, LAYER_CLASS))
		ret = devargs_parse_layers(da, dev, why, why_len);
	else
		ret = devargs_parse_legacy(da, dev, why, why_len);
	if (ret == 0)
		ret = devargs_take_driver(da, why, why_len);
	if (ret == 0 && da->bus != NULL && da->bus->devargs_parse != NULL &&
	    da->bus->devargs_parse(da) != 0)
		ret = why_set(why, why_len, -EINVAL, "bus \"%s\" rejected the arguments",
			      da->bus->name);
	if (ret != 0) {
		rte_devargs_reset(da);
		da->bus = NULL;
		da->cls = NULL;
	}
	return ret;
}

/* The public functions keep DPDK's contract: -EINVAL for anything wrong with the string. */
static int public_err(int ret)
{
	return ret == -ENODEV ? -EINVAL : ret;
}

int rte_devargs_parse(struct rte_devargs *da, const char *dev)
{
	char why[DEVARGS_WHY_MAX];

	if (da == NULL || dev == NULL) {
		rte_errno = EINVAL;
		return -EINVAL;
	}
	int ret = public_err(eal_devargs_parse_why(da, dev, why, sizeof(why)));
	if (ret != 0) {
		DEVARGS_LOG(ERR, "devargs \"%.*s%s\": %s\n", QUOTE_LEN(dev), dev, QUOTE_TAIL(dev),
			    why);
		rte_errno = -ret;
	}
	return ret;
}

int rte_devargs_parsef(struct rte_devargs *da, const char *format, ...)
{
	char *dev = NULL;
	va_list ap;

	if (da == NULL || format == NULL) {
		rte_errno = EINVAL;
		return -EINVAL;
	}
	va_start(ap, format);
	int n = vasprintf(&dev, format, ap);
	va_end(ap);
	if (n < 0) {
		DEVARGS_LOG(ERR, "devargs \"%.*s%s\": out of memory formatting it\n",
			    QUOTE_LEN(format), format, QUOTE_TAIL(format));
		rte_errno = ENOMEM;
		return -ENOMEM;
	}
	int ret = rte_devargs_parse(da, dev);
	free(dev);
	return ret;
}

void rte_devargs_reset(struct rte_devargs *da)
{
	if (da == NULL)
		return;
	free(da->data);
	da->data = NULL;
	/* These pointed into data. */
	da->args = NULL;
	da->bus_str = NULL;
	da->cls_str = NULL;
	da->drv_name = NULL;
}

static bool devargs_same_device(const struct rte_devargs *a, const struct rte_devargs *b)
{
	return a->bus == b->bus && strcmp(a->name, b->name) == 0;
}

/*
 * On replacement the listed struct keeps its address and takes the new contents, because
 * devices hold pointers to their devargs (rte_device.devargs). On error the caller keeps *da.
 * Called with the lock held.
 */
static int devargs_insert_locked(struct rte_devargs **da, char *why, size_t why_len)
{
	struct rte_devargs *listed;

	if ((*da)->name[0] == '\0')
		return why_set(why, why_len, -EINVAL,
			       "no device name (add the address key of bus \"%s\", e.g. "
			       "\"addr=\")",
			       (*da)->bus->name);
	TAILQ_FOREACH(listed, &devargs_list, next)
	{
		if (listed == *da)
			return 0;
		if (!devargs_same_device(listed, *da))
			continue;
		struct rte_devargs *fresh = *da;
		rte_devargs_reset(listed);
		fresh->next = listed->next;
		*listed = *fresh;
		free(fresh);
		*da = listed;
		return 0;
	}
	TAILQ_INSERT_TAIL(&devargs_list, *da, next);
	return 0;
}

int rte_devargs_insert(struct rte_devargs **da)
{
	char why[DEVARGS_WHY_MAX];

	if (da == NULL || *da == NULL || (*da)->bus == NULL) {
		rte_errno = EINVAL;
		return -EINVAL;
	}
	devargs_lock();
	int ret = devargs_insert_locked(da, why, sizeof(why));
	devargs_unlock();
	if (ret != 0) {
		DEVARGS_LOG(ERR, "devargs of bus \"%s\": %s\n", (*da)->bus->name, why);
		rte_errno = -ret;
	}
	return ret;
}

int eal_devargs_add_why(enum rte_devtype devtype, const char *devargs_str, char *why,
			size_t why_len)
{
	if (devtype != RTE_DEVTYPE_ALLOWED && devtype != RTE_DEVTYPE_BLOCKED &&
	    devtype != RTE_DEVTYPE_VIRTUAL)
		return why_set(why, why_len, -EINVAL, "unknown devargs type %d", (int)devtype);
	if (devargs_str == NULL)
		return why_set(why, why_len, -EINVAL, "no devargs string");
	struct rte_devargs *da = calloc(1, sizeof(*da));
	if (da == NULL)
		return why_set(why, why_len, -ENOMEM, "out of memory");
	int ret = eal_devargs_parse_why(da, devargs_str, why, why_len);
	if (ret == 0 && da->bus == NULL) {
		ret = why_set(why, why_len, -EINVAL,
			      "a class layer alone names no device (add \"bus=NAME,...\" before it)");
		rte_devargs_reset(da);
	}
	if (ret != 0) {
		free(da);
		return ret;
	}
	da->type = devtype;
	da->policy = devtype == RTE_DEVTYPE_BLOCKED ? RTE_DEV_BLOCKED : RTE_DEV_ALLOWED;
	struct rte_bus *bus = da->bus;
	devargs_lock();
	ret = devargs_insert_locked(&da, why, why_len);
	/* The first -a or -b given for a bus decides whether its scan allows or blocks. */
	if (ret == 0 && bus->conf.scan_mode == RTE_BUS_SCAN_UNDEFINED)
		bus->conf.scan_mode = devtype == RTE_DEVTYPE_BLOCKED ? RTE_BUS_SCAN_BLOCKLIST
								     : RTE_BUS_SCAN_ALLOWLIST;
	devargs_unlock();
	if (ret != 0) {
		rte_devargs_reset(da);
		free(da);
	}
	return ret;
}

int rte_devargs_add(enum rte_devtype devtype, const char *devargs_str)
{
	char why[DEVARGS_WHY_MAX];
	int ret = public_err(eal_devargs_add_why(devtype, devargs_str, why, sizeof(why)));

	if (ret != 0) {
		const char *s = devargs_str != NULL ? devargs_str : "(null)";
		DEVARGS_LOG(ERR, "devargs \"%.*s%s\": %s\n", QUOTE_LEN(s), s, QUOTE_TAIL(s), why);
		rte_errno = -ret;
	}
	return ret;
}

/* The listed devargs of busname/name, or NULL. Called with the lock held. */
static struct rte_devargs *devargs_find_locked(const char *busname, const char *name)
{
	struct rte_devargs *da;

	TAILQ_FOREACH(da, &devargs_list, next)
	if (strcmp(da->bus->name, busname) == 0 && strcmp(da->name, name) == 0)
		return da;
	return NULL;
}

/* Unlinked devargs are freed after the lock is released: nobody else can reach them. */
static void devargs_free(struct rte_devargs *da)
{
	rte_devargs_reset(da);
	free(da);
}

int rte_devargs_remove(struct rte_devargs *devargs)
{
	if (devargs == NULL || devargs->bus == NULL) {
		rte_errno = EINVAL;
		return -EINVAL;
	}
	devargs_lock();
	struct rte_devargs *listed = devargs_find_locked(devargs->bus->name, devargs->name);
	if (listed != NULL)
		TAILQ_REMOVE(&devargs_list, listed, next);
	devargs_unlock();
	if (listed == NULL)
		return 1;
	devargs_free(listed);
	return 0;
}

bool eal_devargs_remove_named(const char *busname, const char *name, const struct rte_devargs *keep)
{
	devargs_lock();
	struct rte_devargs *listed = devargs_find_locked(busname, name);
	if (listed != NULL && listed != keep)
		TAILQ_REMOVE(&devargs_list, listed, next);
	else
		listed = NULL;
	devargs_unlock();
	if (listed == NULL)
		return false;
	devargs_free(listed);
	return true;
}

unsigned int rte_devargs_type_count(enum rte_devtype devtype)
{
	const struct rte_devargs *da;
	unsigned int n = 0;

	devargs_lock();
	TAILQ_FOREACH(da, &devargs_list, next)
	if (da->type == devtype)
		n++;
	devargs_unlock();
	return n;
}

void rte_devargs_dump(FILE *f)
{
	const struct rte_devargs *da;

	if (f == NULL)
		f = stdout;
	devargs_lock();
	fprintf(f, "User device list:\n");
	TAILQ_FOREACH(da, &devargs_list, next)
	fprintf(f, "  [%s]: %s %s\n", da->bus->name, da->name, da->args != NULL ? da->args : "");
	devargs_unlock();
}

struct rte_devargs *rte_devargs_next(const char *busname, const struct rte_devargs *start)
{
	devargs_lock();
	struct rte_devargs *da =
	    start != NULL ? TAILQ_NEXT(start, next) : TAILQ_FIRST(&devargs_list);

	while (da != NULL && busname != NULL && strcmp(busname, da->bus->name) != 0)
		da = TAILQ_NEXT(da, next);
	devargs_unlock();
	return da;
}

static int any_bus(const struct rte_bus *bus, const void *data)
{
	RTE_SET_USED(bus);
	RTE_SET_USED(data);
	return 0;
}

void eal_devargs_free_all(void)
{
	struct rte_devargs_list all = TAILQ_HEAD_INITIALIZER(all);
	struct rte_devargs *da;

	devargs_lock();
	TAILQ_CONCAT(&all, &devargs_list, next);
	devargs_unlock();
	while ((da = TAILQ_FIRST(&all)) != NULL) {
		TAILQ_REMOVE(&all, da, next);
		devargs_free(da);
	}
	for (struct rte_bus *bus = rte_bus_find(NULL, any_bus, NULL); bus != NULL;
	     bus = rte_bus_find(bus, any_bus, NULL))
		bus->conf.scan_mode = RTE_BUS_SCAN_UNDEFINED;
}
