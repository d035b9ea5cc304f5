/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VDEV_TEST_H
#define VDEV_TEST_H

/* Shared by the vdev bus unit tests: EAL init with an argument list, recording drivers, log
 * helpers. */

#include <stdbool.h>

#include <CUnit/CUnit.h>

#include <bus_vdev_driver.h>
#include <rte_bus.h>

/* rte_eal_init("test", "--no-pci", args..., NULL): returns 2 + number of args on success. */
int vt_eal_init(const char *const *args);
#define VT_EAL_INIT(...) vt_eal_init((const char *const[]){__VA_ARGS__, NULL})
#define VT_EAL_INIT0() vt_eal_init((const char *const[]){NULL})

/* rte_eal_init with args while capturing the log: returns the captured text (malloc'd) and
 * stores the init result in *ret. */
char *vt_eal_init_logged(const char *const *args, int *ret);
#define VT_EAL_INIT_LOGGED(ret, ...) \
	vt_eal_init_logged((const char *const[]){__VA_ARGS__, NULL}, ret)

/* Number of lines of log that contain needle; the last such line is copied to line (if not
 * NULL, up to len bytes, without its newline). */
int vt_log_lines_with(const char *log, const char *needle, char *line, size_t len);

/* The vdev bus, and its device of that name (NULL if none). */
struct rte_bus *vt_vdev_bus(void);
struct rte_device *vt_find(const char *name);

/*
 * "vdtest": a driver that records what the bus does to it. Its probe refuses (-EIO) devices
 * whose arguments contain "fail=1"; remove fails while vt_rec.remove_error is set;
 * dma_map/dma_unmap count their calls.
 */
#define VT_MAX_EVENTS 64
struct vt_record {
	int probes;  /* successful probe calls */
	int refused; /* probe calls that refused */
	int removes;
	int dma_maps;
	int dma_unmaps;
	int remove_error; /* when not 0, remove fails with it (and records nothing) */
	char removed[VT_MAX_EVENTS][RTE_DEV_NAME_MAX_LEN]; /* device names in remove order */
};
extern struct vt_record vt_rec;
extern struct rte_vdev_driver vt_driver;
/* Reset the record. */
void vt_record_reset(void);
/* How many times devname was removed. */
int vt_removed_count(const char *devname);

/* "vdva": a driver flagged RTE_VDEV_DRV_NEED_IOVA_AS_VA (registered with its alias declared
 * before RTE_PMD_REGISTER_VDEV, "vdvirt"). */
extern struct rte_vdev_driver vt_va_driver;

void vt_add_options_suite(void);
void vt_add_api_suite(void);
void vt_add_bus_ops_suite(void);
void vt_add_null_args_suite(void);

#endif
