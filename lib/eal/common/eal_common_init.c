/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rte_eal_init and rte_eal_cleanup. Init applies the parsed options step by step and, when a
 * step fails, undoes every earlier one, so that a failed init leaves the process as it found
 * it and can simply be retried.
 */

#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include <rte_bus.h>
#include <rte_devargs.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_interrupts.h>
#include <rte_log.h>

#include "eal_dev_event.h"
#include "eal_intr_private.h"
#include "eal_iova_private.h"
#include "eal_lcore.h"
#include "eal_memory.h"
#include "eal_model.h"
#include "eal_options.h"
#include "eal_private.h"

/* BUSY covers a running init or cleanup, so that concurrent callers are refused, not raced. */
enum eal_state { EAL_IDLE, EAL_BUSY, EAL_READY };
static _Atomic int eal_state = EAL_IDLE;

static void eal_set_state(enum eal_state state)
{
	atomic_store(&eal_state, state);
}

/* Apply the --log-level options in order, so that later ones win as they do on any CLI. */
static void eal_apply_log_options(const struct eal_options *opts)
{
	for (size_t i = 0; i < opts->n_logs; i++) {
		const struct eal_logopt *l = &opts->logs[i];
		switch (l->kind) {
		case EAL_LOGOPT_GLOBAL:
			rte_log_set_global_level(l->level);
			break;
		case EAL_LOGOPT_GLOB:
			rte_log_set_level_pattern(l->pattern, l->level);
			break;
		case EAL_LOGOPT_REGEX:
			rte_log_set_level_regexp(l->pattern, l->level);
			break;
		}
	}
}

/* Option values are quoted in error lines up to this length, so that each stays one line. */
#define EAL_QUOTE_MAX 80

/*
 * One line per refused device option, naming the option, its value and the reason (the
 * devargs layer hands the reason back instead of logging it).
 */
static int eal_add_devargs(const struct eal_options *opts)
{
	char why[256];

	for (size_t i = 0; i < opts->n_devs; i++) {
		const struct eal_devopt *d = &opts->devs[i];
		int ret = eal_devargs_add_why(d->type, d->str, why, sizeof(why));
		if (ret == 0)
			continue;
		/* No bus knowing the name of a --vdev means no vdev driver claims it. */
		if (ret == -ENODEV && d->type == RTE_DEVTYPE_VIRTUAL)
			snprintf(
			    why, sizeof(why),
			    "no vdev driver claims this name (a vdev driver claims the names it "
			    "prefixes: net_null claims net_null0)");
		rte_errno = ret == -ENOMEM ? ENOMEM : EINVAL;
		size_t len = strlen(d->str);
		RTE_LOG(ERR, EAL, "%s '%.*s%s': %s\n", d->option,
			(int)RTE_MIN(len, (size_t)EAL_QUOTE_MAX), d->str,
			len > EAL_QUOTE_MAX ? "..." : "", why);
		return -1;
	}
	return 0;
}

/*
 * DPDK's return convention, which applications rely on with "argc -= ret; argv += ret;": ret
 * counts the EAL arguments (a "--" included, argv[0] not), and the program name is copied into
 * argv[ret], the last EAL argument, so that the shifted argv starts with it and getopt-style
 * parsing of the application's own arguments works unchanged. Only done on success: a failed
 * init leaves argv as it was. next is the index of the first argument not parsed.
 */
static int eal_hand_back_argv(int argc, char **argv, int next)
{
	if (argc <= 0)
		return 0;
	int ret = next - 1;
	argv[ret] = argv[0];
	return ret;
}

/*
 * Release everything init sets up, in the one order both rte_eal_cleanup and a failed init
 * need (each step is harmless when it had not run). Returns the buses' cleanup result.
 */
static int eal_release(void)
{
	/*
	 * Workers first: a function still running on one is waited for, and must not see the
	 * devices and memory it may use go away under it.
	 */
	eal_lcores_stop();
	int ret = eal_bus_cleanup_all();
	eal_devargs_free_all();
	/* After the buses, whose drivers may still touch a removed device's fenced mappings;
	 * before the alarms and the interrupt thread that serve the monitor. */
	eal_dev_event_cleanup();
	/* After the buses (drivers cancel their own alarms when removed), before the interrupt
	 * thread that runs them. */
	eal_alarm_cleanup();
	/* After the buses: drivers unregister their interrupt callbacks when removed (and a probe
	 * may have started the interrupt thread). */
	eal_intr_thread_stop();
	/*
	 * Every memzone and allocation the drivers and the application left, then the memory;
	 * before VFIO, which holds its IOMMU mappings.
	 */
	eal_memory_cleanup();
	eal_iova_forget();
	/*
	 * After the buses too, whose devices unmap their DMA and release their VFIO groups when
	 * removed; what is left (a container or mapping the application made and kept) is closed
	 * and forgotten here, so that no /dev/vfio fd outlives the EAL.
	 */
	eal_vfio_cleanup();
	eal_config_reset();
	/* Last: until here a driver, bus or callback of a plugin may still run. */
	eal_plugins_unload();
	return ret;
}

/*
 * --hotplug-bind: the buses bind and probe arriving devices (their device_arrived hooks read
 * the option); the EAL listens, and detaches a removed device whose REMOVE no application
 * callback takes (DPDK's rule: an application that listens detaches it itself).
 */
static int eal_hotplug_policy_start(void)
{
	if (rte_dev_event_monitor_start() != 0 || rte_dev_hotplug_handle_enable() != 0) {
		RTE_LOG(ERR, EAL, "option --hotplug-bind: cannot listen to device events: %s\n",
			rte_strerror(rte_errno));
		return -1;
	}
	return 0;
}

/* Undo whatever init did before failing. */
static void eal_unwind(struct eal_log_snapshot *log_snap)
{
	int saved_errno = rte_errno;
	eal_release();
	if (log_snap != NULL)
		eal_log_snapshot_restore(log_snap);
	rte_errno = saved_errno;
}

int rte_eal_init(int argc, char **argv)
{
	int expected = EAL_IDLE;
	if (!atomic_compare_exchange_strong(&eal_state, &expected, EAL_BUSY)) {
		RTE_LOG(ERR, EAL,
			"rte_eal_init: already initialised (call rte_eal_cleanup first)\n");
		rte_errno = EALREADY;
		return -1;
	}
	if (argc > 0 && argv == NULL) {
		RTE_LOG(ERR, EAL, "rte_eal_init: argc is %d but argv is NULL\n", argc);
		eal_set_state(EAL_IDLE);
		rte_errno = EINVAL;
		return -1;
	}

	struct eal_options opts;
	int next = eal_options_parse(&opts, argc, argv);
	if (next < 0) {
		eal_set_state(EAL_IDLE);
		return -1;
	}
	if (opts.help) {
		rte_eal_usage(stdout);
		eal_options_free(&opts);
		eal_set_state(EAL_IDLE);
		rte_errno = ECANCELED;
		return -1;
	}
	if (opts.version)
		printf("%s\n", rte_version());

	/* Hotplug from other threads waits until the devices are all in place (or all gone). */
	eal_hotplug_lock();
	/* Only taken when there is something to undo: init without --log-level stays cheap. */
	struct eal_log_snapshot *log_snap = NULL;
	if (opts.n_logs > 0) {
		log_snap = eal_log_snapshot_take();
		if (log_snap == NULL) {
			RTE_LOG(ERR, EAL,
				"option --log-level: out of memory saving the log levels\n");
			rte_errno = ENOMEM;
			goto fail;
		}
		eal_apply_log_options(&opts);
	}

	eal_config_commit(&opts.cfg);
	/* Before devargs: a --vdev name is accepted only when a driver claims it. */
	if (eal_plugins_load(opts.plugins, opts.n_plugins) != 0)
		goto fail;
	/* Before the probe, so that drivers see the lcores (rte_lcore_count, per-lcore state). */
	if (eal_lcores_start(&opts.lcores) != 0)
		goto fail;
	if (opts.trace_option != NULL)
		RTE_LOG(NOTICE, EAL, "option --%s: ignored (openeal has no trace points)\n",
			opts.trace_option);
	if (eal_add_devargs(&opts) != 0)
		goto fail;
	/* The bus layer logs which bus failed and why. */
	if (rte_bus_scan() != 0)
		goto fail;
	/* The IOVA mode and the memory for it, before drivers need either; both log failures. */
	if (eal_iova_decide_mode(eal_config_get()) != 0 || eal_memory_init(eal_config_get()) != 0)
		goto fail;
	if (rte_bus_probe() != 0)
		goto fail;
	if (eal_config_get()->hotplug_bind[0] != '\0' && eal_hotplug_policy_start() != 0)
		goto fail;

	eal_hotplug_unlock();
	eal_log_snapshot_drop(log_snap);
	eal_options_free(&opts);
	eal_set_state(EAL_READY);
	return eal_hand_back_argv(argc, argv, next);

fail:
	eal_unwind(log_snap);
	eal_hotplug_unlock();
	eal_options_free(&opts);
	eal_set_state(EAL_IDLE);
	return -1;
}

/*
 * Cleanup without a successful init has nothing to undo and returns 0, as DPDK's does, so that
 * error paths may call it unconditionally. Log levels set by --log-level stay: they are the
 * process's logging settings, not EAL resources.
 */
int rte_eal_cleanup(void)
{
	/* The interrupt thread cannot join itself: refuse before removing anything. */
	if (rte_thread_is_intr()) {
		RTE_LOG(ERR, EAL,
			"rte_eal_cleanup: called from an interrupt callback; call it from "
			"another thread\n");
		rte_errno = EDEADLK;
		return -1;
	}
	/* Nor can a worker lcore join itself. */
	if (eal_lcore_is_worker_thread()) {
		RTE_LOG(ERR, EAL,
			"rte_eal_cleanup: called from worker lcore %u; call it from the main lcore "
			"after rte_eal_mp_wait_lcore\n",
			rte_lcore_id());
		rte_errno = EDEADLK;
		return -1;
	}
	int expected = EAL_READY;
	if (!atomic_compare_exchange_strong(&eal_state, &expected, EAL_BUSY))
		return 0;

	/*
	 * Waits for a running rte_dev_probe/rte_dev_remove, and makes later ones wait. Held while
	 * the interrupt thread is joined: a callback does not wait for this lock (it gets EBUSY).
	 */
	eal_hotplug_lock();
	int ret = eal_release();
	eal_hotplug_unlock();
	eal_set_state(EAL_IDLE);
	if (ret != 0) {
		rte_errno = ret < 0 ? -ret : EIO;
		return -1;
	}
	return 0;
}
