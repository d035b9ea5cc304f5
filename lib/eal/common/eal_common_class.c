/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The device-class registry (rte_class.h). Classes register from constructors, before main,
 * and are looked up by devargs parsing and device iteration from any thread: a read-write
 * lock guards the list, read-held while a lookup's compare callback runs (so a callback may
 * look up classes itself; glibc's default rwlock lets a thread take several read locks).
 * Unlike DPDK, a second class with a taken name is refused instead of shadowed.
 */
#include <pthread.h>
#include <string.h>

#include <rte_class.h>
#include <rte_log.h>

RTE_LOG_REGISTER(eal_class_logtype, lib.eal.class, INFO);
#define CLASS_LOG(level, ...) rte_log(RTE_LOG_##level, eal_class_logtype, __VA_ARGS__)

static struct rte_class_list class_list = TAILQ_HEAD_INITIALIZER(class_list);
static pthread_rwlock_t class_rwlock = PTHREAD_RWLOCK_INITIALIZER;

static struct rte_class *class_find_locked(const struct rte_class *start, rte_class_cmp_t cmp,
					   const void *data)
{
	struct rte_class *cls = start != NULL ? TAILQ_NEXT(start, next) : TAILQ_FIRST(&class_list);

	for (; cls != NULL; cls = TAILQ_NEXT(cls, next))
		if (cmp(cls, data) == 0)
			return cls;
	return NULL;
}

struct rte_class *rte_class_find(const struct rte_class *start, rte_class_cmp_t cmp,
				 const void *data)
{
	if (cmp == NULL)
		return NULL;
	pthread_rwlock_rdlock(&class_rwlock);
	struct rte_class *cls = class_find_locked(start, cmp, data);
	pthread_rwlock_unlock(&class_rwlock);
	return cls;
}

static int class_name_differs(const struct rte_class *cls, const void *name)
{
	return strcmp(cls->name, name);
}

struct rte_class *rte_class_find_by_name(const char *name)
{
	if (name == NULL)
		return NULL;
	return rte_class_find(NULL, class_name_differs, name);
}

static bool class_is_listed(const struct rte_class *cls)
{
	const struct rte_class *c;

	TAILQ_FOREACH(c, &class_list, next)
	if (c == cls)
		return true;
	return false;
}

void rte_class_register(struct rte_class *cls)
{
	if (cls == NULL || cls->name == NULL || cls->name[0] == '\0') {
		CLASS_LOG(ERR, "device class not registered: it has no name (use "
			       "RTE_REGISTER_CLASS(name, cls))\n");
		return;
	}
	pthread_rwlock_wrlock(&class_rwlock);
	const struct rte_class *same = class_find_locked(NULL, class_name_differs, cls->name);
	if (same == NULL)
		TAILQ_INSERT_TAIL(&class_list, cls, next);
	pthread_rwlock_unlock(&class_rwlock);
	if (same != NULL && same != cls)
		CLASS_LOG(ERR,
			  "device class \"%s\" not registered: a class of that name already is "
			  "(two libraries provide it; link only one)\n",
			  cls->name);
}

void rte_class_unregister(struct rte_class *cls)
{
	if (cls == NULL)
		return;
	pthread_rwlock_wrlock(&class_rwlock);
	if (class_is_listed(cls))
		TAILQ_REMOVE(&class_list, cls, next);
	pthread_rwlock_unlock(&class_rwlock);
}
