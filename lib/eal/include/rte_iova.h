/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RTE_IOVA_H
#define RTE_IOVA_H

/*
 * How rte_eal_init chose the IOVA mode, and what each device needs (openeal; DPDK has no
 * equivalent). The decision is an explicit table (doc/iova.md): its inputs (--iova-mode, what
 * each bus and device needs, whether physical addresses are readable, hugepages, the IOMMU and
 * each device's IOMMU domain) and its conclusion are logged at INFO (log type lib.eal.iova,
 * whose default level is NOTICE: --log-level lib.eal.iova:info shows them) and readable here,
 * so tools such as `openeal doctor` can show them. A device that cannot work in the chosen mode is
 * not probed; rte_eal_iova_device_ok() is the check a bus makes before probing (hotplug included).
 *
 * Buses describe their devices through rte_iova_bus_describer_register(); a bus that does not
 * is counted through its get_iommu_class op alone.
 */

#include <stdbool.h>
#include <stdint.h>

#include <rte_common.h>
#include <rte_eal.h>

#ifdef __cplusplus
extern "C" {
#endif

struct rte_device;

#define RTE_IOVA_NAME_LEN 64
#define RTE_IOVA_TEXT_LEN 512
#define RTE_IOVA_MAX_BUSES 8

/* What a device's IOMMU group does to the addresses the device emits. */
enum rte_iova_domain {
	RTE_IOVA_DOMAIN_NONE = 0,   /* no IOMMU group: addresses reach memory unchanged */
	RTE_IOVA_DOMAIN_IDENTITY,   /* group type "identity" (iommu=pt): unchanged too */
	RTE_IOVA_DOMAIN_TRANSLATED, /* "DMA", "DMA-FQ": through the IOMMU's page tables */
	RTE_IOVA_DOMAIN_UNKNOWN,    /* a group whose type the kernel does not show (< 5.11) */
};

/* One device as its bus describes it, and the verdict in the chosen mode. */
struct rte_iova_device {
	char name[RTE_IOVA_NAME_LEN]; /* "0000:00:03.0" */
	const char *bus;	      /* bus name */
	/*
	 * PA: the device emits physical addresses (its kernel driver cannot program an IOMMU:
	 * uio); VA: its driver needs IOVA as VA; DC: either works (vfio).
	 */
	enum rte_iova_mode need;
	char needed_by[RTE_IOVA_NAME_LEN]; /* what imposes need: "uio_pci_generic", "driver x" */
	int iommu_group;		   /* -1: none */
	enum rte_iova_domain domain;
	bool ok;		     /* can work in the chosen mode (true before a decision) */
	char why[RTE_IOVA_TEXT_LEN]; /* when !ok: what it needs, what was chosen, the fix */
};

/* The inputs of the decision and its conclusion. */
struct rte_iova_report {
	bool decided;		      /* false until rte_eal_init decided (and after cleanup) */
	enum rte_iova_mode requested; /* --iova-mode; DC when not given */
	enum rte_iova_mode mode;      /* the conclusion */
	const char *rule; /* the row of the table that decided ("B3"), see doc/iova.md */
	char reason[RTE_IOVA_TEXT_LEN];
	bool phys_readable;	      /* /proc/self/pagemap gives non-zero frame numbers */
	bool hugepages;		      /* free hugepages exist and --no-huge was not given */
	bool iommu_present;	      /* /sys/class/iommu or /sys/kernel/iommu_groups not empty */
	unsigned int iommu_addr_bits; /* the IOMMU's address width; 0 when not known */
	unsigned int va_bits;	      /* bits the process's virtual addresses use */
	/*
	 * VA mode, but some DMA memory could not be placed below the IOMMU's address width and got
	 * an IOVA allocated inside its ranges (IOVA != VA; doc/iova.md "The fallback"). Known
	 * after rte_eal_init only: rte_eal_iova_evaluate always says false.
	 */
	bool iova_remap;
	unsigned int nb_buses;
	struct {
		const char *name;
		enum rte_iova_mode iommu_class; /* what its get_iommu_class said */
	} buses[RTE_IOVA_MAX_BUSES];
	unsigned int nb_devices; /* devices described (see rte_eal_iova_devices) */
	unsigned int nb_refused; /* of which cannot work in the chosen mode */
};

/* The last decision (report->decided false before rte_eal_init). 0, or -1 (EINVAL: NULL). */
int rte_eal_iova_report(struct rte_iova_report *report);

/*
 * The devices of the last decision, with their verdicts: up to max are copied into devs; the
 * total is returned (call with max 0 to size the array).
 */
unsigned int rte_eal_iova_devices(struct rte_iova_device *devs, unsigned int max);

/*
 * What rte_eal_init would decide now with --iova-mode requested (RTE_IOVA_DC: not given) and
 * --no-huge (no_huge != 0), without initialising anything: for tools (`openeal doctor`). The
 * buses must have been scanned (a tool calls rte_pci_scan). Fills *report (decided is true;
 * rule "A2" with mode DC means init would fail) and up to max devices with their verdicts;
 * nothing is logged or kept. Returns the number of devices described, or -1 with rte_errno.
 */
int rte_eal_iova_evaluate(enum rte_iova_mode requested, int no_huge, struct rte_iova_report *report,
			  struct rte_iova_device *devs, unsigned int max);

/*
 * Can dev work in the IOVA mode in force? 1 if so (also when no mode is decided yet, or the
 * device's bus has no describer); 0 if not, with *why (when why is not NULL) pointing at one
 * line saying what the device needs, what was chosen and how to fix it (valid until the next
 * call in this thread). Buses call this before probing a device, hotplugged ones included;
 * the device's facts (driver, IOMMU group type) are read again at each call.
 */
int rte_eal_iova_device_ok(const struct rte_device *dev, const char **why);

/*
 * A bus's description of one device for the decision: fill name, need, needed_by,
 * iommu_group and domain of *out and return 1, or return 0 when the device will not be probed
 * (ignored, no driver matches, no backend): such a device does not take part.
 */
typedef int (*rte_iova_describe_t)(const struct rte_device *dev, struct rte_iova_device *out);

/* Register the describer of the bus named bus_name (one per bus; a second replaces it). */
void rte_iova_bus_describer_register(const char *bus_name, rte_iova_describe_t describe);

/*
 * The domain of an IOMMU group from the text of its sysfs "type" file ("identity", "DMA",
 * "DMA-FQ", "blocked", ...; NULL: no group).
 */
enum rte_iova_domain rte_iova_domain_parse(const char *type_text);
/*
 * The IOMMU domain of a device from its sysfs directory (<dev_dir>/iommu_group/type): NONE when
 * it has no iommu_group link, UNKNOWN when the group has no readable type.
 */
enum rte_iova_domain rte_iova_domain_read(const char *dev_dir);

/* "PA", "VA", "DC". */
const char *rte_iova_mode_name(enum rte_iova_mode mode);
/* "none", "identity", "translated", "unknown". */
const char *rte_iova_domain_name(enum rte_iova_domain domain);

#ifdef __cplusplus
}
#endif
#endif
