/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RTE_BUS_VDEV_H
#define RTE_BUS_VDEV_H

/*
 * Application API of the virtual device bus: create and destroy software devices at run time,
 * and let a component contribute devices while the bus scans.
 */

#ifdef __cplusplus
extern "C" {
#endif

/* Called at the start of every vdev scan; typically adds devargs (rte_devargs_add with
 * RTE_DEVTYPE_VIRTUAL) for the devices the caller wants the scan to create. */
typedef void (*rte_vdev_scan_callback)(void *user_arg);

/* Register callback/user_arg (registering the same pair twice is a no-op). 0, or -1 with
 * rte_errno = ENOMEM. Registrations outlive rte_eal_cleanup, like driver registrations. */
int rte_vdev_add_custom_scan(rte_vdev_scan_callback callback, void *user_arg);
/* Unregister callback/user_arg; user_arg == (void *)-1 removes every pair of callback.
 * Returns 0. */
int rte_vdev_remove_custom_scan(rte_vdev_scan_callback callback, void *user_arg);

/*
 * Create the virtual device name with arguments args ("k=v,...", NULL for none) and probe it
 * now. 0 on success; -EINVAL (NULL or too long name), -EEXIST (a device of that name exists),
 * -ENOTSUP (no vdev driver claims the name), -ENOMEM, or the driver's probe error; on any
 * error nothing is left behind.
 */
int rte_vdev_init(const char *name, const char *args);
/*
 * Remove the driver from the virtual device name (if probed) and free it with its devargs.
 * 0 on success; -EINVAL (NULL name), -ENOENT (no such device), or the driver's remove error
 * (the device is then kept).
 */
int rte_vdev_uninit(const char *name);

#ifdef __cplusplus
}
#endif
#endif
