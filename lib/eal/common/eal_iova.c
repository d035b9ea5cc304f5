/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The IOVA decision as rte_eal_init runs it: gather the facts (buses, devices through their
 * bus's describer, the machine's probes), decide with the pure table (eal_iova_decide.c), log
 * each input and the conclusion, keep them for rte_eal_iova_report(), and answer the per-device
 * check buses make before probing.
 */

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <bus_driver.h>
#include <rte_bus.h>
#include <rte_errno.h>
#include <rte_log.h>

#include "eal_iova_decide.h"
#include "eal_iova_private.h"
#include "eal_memory.h"
#include "eal_strbuf.h"

RTE_LOG_REGISTER(eal_iova_logtype, lib.eal.iova, NOTICE);
#define IOVA_LOG(level, fmt, ...) \
	rte_log(RTE_LOG_##level, eal_iova_logtype, "IOVA: " fmt "\n", ##__VA_ARGS__)

struct describer {
	char bus[32];
	rte_iova_describe_t describe;
};

/* Registration happens from constructors; the lock covers it and the decision state. */
static pthread_mutex_t iova_lock = PTHREAD_MUTEX_INITIALIZER;
static struct describer describers[RTE_IOVA_MAX_BUSES];
static unsigned int nb_describers;

static struct {
	bool decided;
	struct eal_iova_input in; /* in.devices is malloc'd, in.nb_devices entries */
	unsigned int max_devices;
	struct eal_iova_decision d;
} state;

const char *rte_iova_mode_name(enum rte_iova_mode mode)
{
	switch (mode) {
	case RTE_IOVA_PA:
		return "PA";
	case RTE_IOVA_VA:
		return "VA";
	default:
		return "DC";
	}
}

const char *rte_iova_domain_name(enum rte_iova_domain domain)
{
	switch (domain) {
	case RTE_IOVA_DOMAIN_NONE:
		return "none";
	case RTE_IOVA_DOMAIN_IDENTITY:
		return "identity";
	case RTE_IOVA_DOMAIN_TRANSLATED:
		return "translated";
	default:
		return "unknown";
	}
}

enum rte_iova_domain rte_iova_domain_parse(const char *type_text)
{
	if (type_text == NULL)
		return RTE_IOVA_DOMAIN_NONE;
	size_t len = strcspn(type_text, "\n");
	if (len == strlen("identity") && strncmp(type_text, "identity", len) == 0)
		return RTE_IOVA_DOMAIN_IDENTITY;
	/* "DMA", "DMA-FQ" (flush queue) and any future DMA-* variant translate. */
	if (len >= 3 && strncmp(type_text, "DMA", 3) == 0 && (len == 3 || type_text[3] == '-'))
		return RTE_IOVA_DOMAIN_TRANSLATED;
	/* "blocked", "unmanaged" (owned by vfio) and anything new: not for us to guess. */
	return RTE_IOVA_DOMAIN_UNKNOWN;
}

void rte_iova_bus_describer_register(const char *bus_name, rte_iova_describe_t describe)
{
	pthread_mutex_lock(&iova_lock);
	unsigned int i;
	for (i = 0; i < nb_describers; i++)
		if (strcmp(describers[i].bus, bus_name) == 0)
			break;
	if (i < RTE_DIM(describers)) {
		snprintf(describers[i].bus, sizeof(describers[i].bus), "%s", bus_name);
		describers[i].describe = describe;
		if (i == nb_describers)
			nb_describers++;
	} else {
		IOVA_LOG(ERR, "cannot register the describer of bus %s: %u buses have one already",
			 bus_name, nb_describers);
	}
	pthread_mutex_unlock(&iova_lock);
}

static rte_iova_describe_t describer_of(const char *bus_name)
{
	rte_iova_describe_t fn = NULL;

	pthread_mutex_lock(&iova_lock);
	for (unsigned int i = 0; i < nb_describers; i++)
		if (strcmp(describers[i].bus, bus_name) == 0)
			fn = describers[i].describe;
	pthread_mutex_unlock(&iova_lock);
	return fn;
}

/* Collects the devices of one bus through its find_device op. */
struct device_walk {
	struct eal_iova_input *in;
	unsigned int *max;
	rte_iova_describe_t describe;
	const char *bus;
	int err;
};

static int add_device(struct device_walk *w, const struct rte_iova_device *dev)
{
	struct eal_iova_input *in = w->in;

	if (in->nb_devices == *w->max) {
		unsigned int max = *w->max ? *w->max * 2 : 16;
		struct rte_iova_device *devs = realloc(in->devices, max * sizeof(*devs));
		if (devs == NULL)
			return -ENOMEM;
		in->devices = devs;
		*w->max = max;
	}
	in->devices[in->nb_devices++] = *dev;
	return 0;
}

static int collect_device(const struct rte_device *dev, const void *data)
{
	struct device_walk *w = (struct device_walk *)(uintptr_t)data;
	struct rte_iova_device d = {.iommu_group = -1, .ok = true};

	if (w->describe(dev, &d) == 1) {
		d.bus = w->bus;
		if (add_device(w, &d) != 0) {
			w->err = ENOMEM;
			return 0; /* stop the walk */
		}
	}
	return 1;
}

/*
 * The class a described bus's get_iommu_class reports, summed up from the devices just
 * described (the same per-device rule), so their drivers are not matched a second time:
 * PA or VA when only that is needed, DC when nothing or both are (the decision then picks).
 */
static enum rte_iova_mode class_of_devices(const struct rte_iova_device *devs, unsigned int n)
{
	bool want_pa = false, want_va = false;

	for (unsigned int i = 0; i < n; i++) {
		want_pa |= devs[i].need == RTE_IOVA_PA;
		want_va |= devs[i].need == RTE_IOVA_VA;
	}
	if (want_pa == want_va)
		return RTE_IOVA_DC;
	return want_va ? RTE_IOVA_VA : RTE_IOVA_PA;
}

static int collect_bus(const struct rte_bus *bus, const void *data)
{
	struct device_walk *w = (struct device_walk *)(uintptr_t)data;
	struct eal_iova_input *in = w->in;

	if (w->err != 0 || bus->get_iommu_class == NULL)
		return 1;
	if (in->nb_buses == RTE_DIM(in->buses)) {
		IOVA_LOG(WARNING, "more than %u buses with an IOMMU class: bus %s not counted",
			 (unsigned int)RTE_DIM(in->buses), bus->name);
		return 1;
	}
	struct eal_iova_bus_input *b = &in->buses[in->nb_buses++];
	b->name = bus->name;
	w->describe = describer_of(bus->name);
	b->described = w->describe != NULL;
	if (!b->described) {
		b->iommu_class = bus->get_iommu_class();
		return 1;
	}
	unsigned int first = in->nb_devices;
	w->bus = bus->name;
	bus->find_device(NULL, collect_device, w);
	/* No device collected yet leaves devices NULL, and NULL + 0 is undefined in C. */
	b->iommu_class = class_of_devices(in->devices != NULL ? in->devices + first : NULL,
					  in->nb_devices - first);
	return 1;
}

static void log_inputs(const struct eal_iova_input *in)
{
	IOVA_LOG(INFO, "requested: %s",
		 in->requested == RTE_IOVA_DC ? "nothing (no --iova-mode)"
					      : rte_iova_mode_name(in->requested));
	IOVA_LOG(INFO, "physical addresses readable (/proc/self/pagemap): %s",
		 in->phys_readable ? "yes" : "no");
	IOVA_LOG(INFO, "hugepages: %s",
		 in->no_huge	 ? "not used (--no-huge)"
		 : in->hugepages ? "free ones exist"
				 : "none free");
	if (!in->iommu_present)
		IOVA_LOG(INFO, "IOMMU: none; virtual addresses use %u bits", in->va_bits);
	else if (in->iommu_addr_bits != 0)
		IOVA_LOG(INFO, "IOMMU: present, %u-bit addresses; virtual addresses use %u bits",
			 in->iommu_addr_bits, in->va_bits);
	else
		IOVA_LOG(INFO,
			 "IOMMU: present, address width not shown; virtual addresses use %u "
			 "bits",
			 in->va_bits);
	for (unsigned int i = 0; i < in->nb_buses; i++)
		IOVA_LOG(INFO, "bus %s: wants %s%s", in->buses[i].name,
			 rte_iova_mode_name(in->buses[i].iommu_class),
			 in->buses[i].described ? " (its devices are counted one by one)" : "");
	for (unsigned int i = 0; i < in->nb_devices; i++) {
		const struct rte_iova_device *d = &in->devices[i];
		if (d->iommu_group >= 0)
			IOVA_LOG(INFO, "device %s (%s): needs %s (%s), IOMMU group %d, %s domain",
				 d->name, d->bus, rte_iova_mode_name(d->need), d->needed_by,
				 d->iommu_group, rte_iova_domain_name(d->domain));
		else
			IOVA_LOG(INFO, "device %s (%s): needs %s (%s), no IOMMU group", d->name,
				 d->bus, rte_iova_mode_name(d->need), d->needed_by);
	}
}

/* The facts for cfg, devices included (in->devices malloc'd). 0, or -1 with rte_errno. */
static int gather(const struct eal_config *cfg, struct eal_iova_input *in, unsigned int *max)
{
	*in = (struct eal_iova_input){
	    .requested = cfg->iova_mode_req,
	    .phys_readable = eal_iova_phys_readable(),
	    .no_huge = cfg->no_huge,
	    .hugepages = !cfg->no_huge && eal_mem_hugepages_available(cfg),
	    .iommu_present = eal_iova_iommu_present(),
	    .va_bits = eal_iova_va_bits(),
	};
	struct device_walk w = {.in = in, .max = max};

	*max = 0;
	if (in->iommu_present)
		in->iommu_addr_bits = eal_iova_iommu_addr_bits();
	rte_bus_find(NULL, collect_bus, &w);
	if (w.err != 0) {
		free(in->devices);
		in->devices = NULL;
		IOVA_LOG(ERR, "out of memory listing the devices for the IOVA decision");
		rte_errno = w.err;
		return -1;
	}
	return 0;
}

int eal_iova_decide_mode(const struct eal_config *cfg)
{
	struct eal_iova_input in;
	struct eal_iova_decision d;
	unsigned int max;

	if (gather(cfg, &in, &max) != 0)
		return -1;
	eal_iova_decide(&in, &d);
	log_inputs(&in);
	if (d.error != 0) {
		IOVA_LOG(ERR, "cannot decide (rule %s): %s", d.rule, d.reason);
		free(in.devices);
		rte_errno = d.error;
		return -1;
	}
	IOVA_LOG(INFO, "mode %s (rule %s): %s", rte_iova_mode_name(d.mode), d.rule, d.reason);
	if (d.nb_refused > 0)
		IOVA_LOG(INFO, "%u device(s) cannot work in this mode and will not be probed",
			 d.nb_refused);

	pthread_mutex_lock(&iova_lock);
	free(state.in.devices);
	state.in = in;
	state.max_devices = max;
	state.d = d;
	state.decided = true;
	pthread_mutex_unlock(&iova_lock);
	eal_iova_mode_set(d.mode);
	return 0;
}

static void fill_report(const struct eal_iova_input *in, const struct eal_iova_decision *d,
			struct rte_iova_report *r)
{
	r->decided = true;
	r->requested = in->requested;
	r->mode = d->mode;
	r->rule = d->rule;
	snprintf(r->reason, sizeof(r->reason), "%s", d->reason);
	r->phys_readable = in->phys_readable;
	r->hugepages = in->hugepages;
	r->iommu_present = in->iommu_present;
	r->iommu_addr_bits = in->iommu_addr_bits;
	r->va_bits = in->va_bits;
	r->iova_remap = d->iova_remap;
	r->nb_buses = in->nb_buses;
	for (unsigned int i = 0; i < in->nb_buses; i++) {
		r->buses[i].name = in->buses[i].name;
		r->buses[i].iommu_class = in->buses[i].iommu_class;
	}
	r->nb_devices = in->nb_devices;
	for (unsigned int i = 0; i < in->nb_devices; i++)
		r->nb_refused += !in->devices[i].ok;
}

int rte_eal_iova_evaluate(enum rte_iova_mode requested, int no_huge, struct rte_iova_report *report,
			  struct rte_iova_device *devs, unsigned int max)
{
	struct eal_config cfg;
	struct eal_iova_input in;
	struct eal_iova_decision d;
	unsigned int cap;

	if (report == NULL || (devs == NULL && max != 0)) {
		rte_errno = EINVAL;
		return -1;
	}
	eal_config_defaults(&cfg);
	cfg.iova_mode_req = requested;
	cfg.no_huge = no_huge != 0;
	if (gather(&cfg, &in, &cap) != 0)
		return -1;
	eal_iova_decide(&in, &d);
	memset(report, 0, sizeof(*report));
	fill_report(&in, &d, report);
	for (unsigned int i = 0; i < in.nb_devices && i < max; i++)
		devs[i] = in.devices[i];
	free(in.devices);
	return (int)report->nb_devices;
}

void eal_iova_forget(void)
{
	pthread_mutex_lock(&iova_lock);
	free(state.in.devices);
	memset(&state, 0, sizeof(state));
	pthread_mutex_unlock(&iova_lock);
}

unsigned int eal_iova_dma_addr_bits(void)
{
	pthread_mutex_lock(&iova_lock);
	unsigned int bits = state.decided && state.in.iommu_present ? state.in.iommu_addr_bits : 0;
	pthread_mutex_unlock(&iova_lock);
	return bits;
}

bool eal_iova_note_fallback(const char *why)
{
	pthread_mutex_lock(&iova_lock);
	bool first = state.decided && !state.d.iova_remap;
	if (first) {
		state.d.iova_remap = true;
		eal_strbuf_appendf(state.d.reason, sizeof(state.d.reason), "; but %s", why);
	}
	pthread_mutex_unlock(&iova_lock);
	return first;
}

int rte_eal_iova_report(struct rte_iova_report *r)
{
	if (r == NULL) {
		rte_errno = EINVAL;
		return -1;
	}
	memset(r, 0, sizeof(*r));
	pthread_mutex_lock(&iova_lock);
	if (state.decided)
		fill_report(&state.in, &state.d, r);
	pthread_mutex_unlock(&iova_lock);
	return 0;
}

unsigned int rte_eal_iova_devices(struct rte_iova_device *devs, unsigned int max)
{
	pthread_mutex_lock(&iova_lock);
	unsigned int n = state.in.nb_devices;
	for (unsigned int i = 0; devs != NULL && i < n && i < max; i++)
		devs[i] = state.in.devices[i];
	pthread_mutex_unlock(&iova_lock);
	return n;
}

/* Keep the report in step with what probe found: update the device's entry, or add it. */
static void remember_locked(const struct rte_iova_device *d)
{
	for (unsigned int i = 0; i < state.in.nb_devices; i++) {
		if (strcmp(state.in.devices[i].name, d->name) == 0 &&
		    strcmp(state.in.devices[i].bus, d->bus) == 0) {
			state.in.devices[i] = *d;
			return;
		}
	}
	struct device_walk w = {.in = &state.in, .max = &state.max_devices};
	if (add_device(&w, d) != 0)
		IOVA_LOG(DEBUG, "device %s not added to the report: out of memory", d->name);
}

int rte_eal_iova_device_ok(const struct rte_device *dev, const char **why)
{
	static __thread char why_buf[RTE_IOVA_TEXT_LEN];

	if (dev == NULL || dev->bus == NULL)
		return 1;
	const char *bus_name = rte_bus_name(dev->bus);
	rte_iova_describe_t describe = describer_of(bus_name);
	struct rte_iova_device d = {.iommu_group = -1, .ok = true, .bus = bus_name};
	if (describe == NULL || describe(dev, &d) != 1)
		return 1;

	pthread_mutex_lock(&iova_lock);
	if (!state.decided || rte_eal_iova_mode() == RTE_IOVA_DC) {
		pthread_mutex_unlock(&iova_lock);
		return 1;
	}
	eal_iova_verdict(&state.in, &state.d, &d);
	remember_locked(&d);
	pthread_mutex_unlock(&iova_lock);
	if (d.ok)
		return 1;
	snprintf(why_buf, sizeof(why_buf), "%s", d.why);
	if (why != NULL)
		*why = why_buf;
	return 0;
}
