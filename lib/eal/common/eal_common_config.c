/* SPDX-License-Identifier: BSD-3-Clause */
/* The configuration in force, and the rte_eal_* getters that report it. */

#include <string.h>

#include <rte_eal.h>

#include "eal_private.h"

#define EAL_CONFIG_DEFAULTS                                                                      \
	{                                                                                        \
		.process_type = RTE_PROC_PRIMARY, .no_pci = false, .iova_mode_req = RTE_IOVA_DC, \
		.vfio_intr_mode = RTE_INTR_MODE_NONE, .syslog_facility = -1,                     \
	}

static struct eal_config eal_cfg = EAL_CONFIG_DEFAULTS;
static enum rte_iova_mode eal_iova_mode = RTE_IOVA_DC;

void eal_config_defaults(struct eal_config *cfg)
{
	*cfg = (struct eal_config)EAL_CONFIG_DEFAULTS;
}

void eal_config_commit(const struct eal_config *cfg)
{
	eal_cfg = *cfg;
}

const struct eal_config *eal_config_get(void)
{
	return &eal_cfg;
}

void eal_config_reset(void)
{
	eal_config_defaults(&eal_cfg);
	eal_iova_mode = RTE_IOVA_DC;
}

void eal_iova_mode_set(enum rte_iova_mode mode)
{
	eal_iova_mode = mode;
}

enum rte_proc_type_t rte_eal_process_type(void)
{
	return eal_cfg.process_type;
}

int rte_eal_has_pci(void)
{
	return !eal_cfg.no_pci;
}

enum rte_iova_mode rte_eal_iova_mode(void)
{
	return eal_iova_mode;
}

enum rte_intr_mode rte_eal_vfio_intr_mode(void)
{
	return eal_cfg.vfio_intr_mode;
}

void rte_eal_vfio_get_vf_token(rte_uuid_t vf_token)
{
	rte_uuid_copy(vf_token, eal_cfg.vfio_vf_token);
}

const char *rte_version(void)
{
	return eal_version_text;
}
