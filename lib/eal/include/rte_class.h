/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RTE_CLASS_H
#define RTE_CLASS_H

/*
 * Device classes (DPDK 22.11): a class ("eth", "crypto", ...) groups the class devices (ports,
 * queues) that drivers create on top of bus devices. A class registers itself from a
 * constructor with RTE_REGISTER_CLASS; the class layer of a devargs or device filter string
 * ("bus=pci,addr=0000:00:02.0/class=eth,mac=...") names it, and rte_dev_iterator_next asks
 * its dev_iterate which class devices of each bus device match the layer's filters.
 */

#include <rte_common.h>
#include <rte_dev.h>

#ifdef __cplusplus
extern "C" {
#endif

RTE_TAILQ_HEAD(rte_class_list, rte_class);

struct rte_class {
	RTE_TAILQ_ENTRY(rte_class) next;
	const char *name;
	/*
	 * The class device after start (NULL: the first) that belongs to it->device and matches
	 * the filters in str (the class layer's "key=value" list, "" for none), or NULL.
	 */
	rte_dev_iterate_t dev_iterate;
};

/* 0 when cls is the one sought (as rte_bus_cmp_t). */
typedef int (*rte_class_cmp_t)(const struct rte_class *cls, const void *data);

/* The first registered class after start (NULL: from the first) for which cmp returns 0. */
__rte_experimental
struct rte_class *rte_class_find(const struct rte_class *start, rte_class_cmp_t cmp,
				 const void *data);
/* The registered class of that name, or NULL. */
__rte_experimental
struct rte_class *rte_class_find_by_name(const char *name);
/* Add cls to the registry. A class without a name, or whose name is taken, is refused with
 * one line (the registry is left as it was). */
__rte_experimental
void rte_class_register(struct rte_class *cls);
/* Remove cls from the registry (nothing happens if it is not registered). */
__rte_experimental
void rte_class_unregister(struct rte_class *cls);

#define RTE_REGISTER_CLASS(nm, cls)                                                                 \
	RTE_INIT_PRIO(classinitfn_##nm, CLASS)                                                      \
	{                                                                                           \
		(cls).name = RTE_STR(nm);                                                           \
		rte_class_register(&(cls));                                                         \
	}

#define RTE_UNREGISTER_CLASS(nm, cls)                                                               \
	RTE_FINI_PRIO(classfinifn_##nm, CLASS)                                                      \
	{                                                                                           \
		rte_class_unregister(&(cls));                                                       \
	}

#ifdef __cplusplus
}
#endif
#endif
