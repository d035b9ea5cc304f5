/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef NULL_PRIVATE_H
#define NULL_PRIVATE_H

#include <stdbool.h>

#include <rte_log.h>

extern int null_logtype;
#define NULL_LOG(level, fmt, ...) rte_log(RTE_LOG_##level, null_logtype, fmt "\n", ##__VA_ARGS__)

/* What the devargs of one net_null device ask for. */
struct null_config {
	unsigned size;
	bool copy;
};

/* Fill cfg from the "k=v,..." args of device devname (defaults for what is absent). 0, or
 * -EINVAL after logging one line that names the device, the key, the value and what is
 * accepted. */
int null_parse_args(const char *devname, const char *args, struct null_config *cfg);

#endif
