/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef EAL_DEV_EVENT_H
#define EAL_DEV_EVENT_H

/* Internal side of device events (doc/hotplug.md): for the monitor, the buses and cleanup. */

#include <stdbool.h>

#include <rte_dev.h>

/* Call the openeal uevent callbacks (rte_dev_uevent_callback_register) for event. */
void eal_dev_uevent_process(const struct rte_dev_uevent *event);
/* Does an application callback want device_name's DPDK events? */
bool eal_dev_event_has_callback(const char *device_name);
/* rte_eal_cleanup: drop every callback (one still running is freed when it returns). */
void eal_dev_event_callbacks_free(void);

/*
 * A bus learnt that one of its devices is going (vfio-pci's release request comes before the
 * kernel's remove event): report REMOVE now, once. The monitor's later remove event for the
 * same name is then not reported again. Whether an application callback took the event, in
 * which case detaching the device is the application's job (rte_dev_remove), as in DPDK.
 */
bool eal_dev_event_report_removal(const char *bus, const char *device_name);

/* Is surprise removal handling enabled (rte_dev_hotplug_handle_enable)? */
bool eal_dev_hotplug_handling(void);
/* rte_eal_cleanup: stop the monitor whatever its count, disable handling, free callbacks. */
void eal_dev_event_cleanup(void);

#endif
