/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RTE_LOG_H
#define RTE_LOG_H

/*
 * Logging with DPDK's interface: numbered log types (static ones below, dynamic ones from
 * rte_log_register), a level per type, and one output stream. Every line written starts with
 * the name of its type, so a user can tell which component spoke and filter it by that name.
 */

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <rte_common.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Static log types kept at DPDK's numbers so that DPDK code using them compiles unchanged. */
#define RTE_LOGTYPE_EAL 0
#define RTE_LOGTYPE_PMD 5
#define RTE_LOGTYPE_USER1 24
#define RTE_LOGTYPE_USER2 25
#define RTE_LOGTYPE_USER3 26
#define RTE_LOGTYPE_USER4 27
#define RTE_LOGTYPE_USER5 28
#define RTE_LOGTYPE_USER6 29
#define RTE_LOGTYPE_USER7 30
#define RTE_LOGTYPE_USER8 31
#define RTE_LOGTYPE_FIRST_EXT_ID 32

#define RTE_LOG_EMERG 1U
#define RTE_LOG_ALERT 2U
#define RTE_LOG_CRIT 3U
#define RTE_LOG_ERR 4U
#define RTE_LOG_WARNING 5U
#define RTE_LOG_NOTICE 6U
#define RTE_LOG_INFO 7U
#define RTE_LOG_DEBUG 8U
#define RTE_LOG_MAX RTE_LOG_DEBUG

/* Direct output to f (NULL: back to the default, stderr). Returns 0. */
int rte_openlog_stream(FILE *f);
FILE *rte_log_get_stream(void);

void rte_log_set_global_level(uint32_t level);
uint32_t rte_log_get_global_level(void);
/* Level of a type, or -1 if logtype is not registered. */
int rte_log_get_level(uint32_t logtype);
bool rte_log_can_log(uint32_t logtype, uint32_t loglevel);
/* 0 on success, -1 on an unknown type or a level out of range. */
int rte_log_set_level(uint32_t logtype, uint32_t level);
/*
 * Set the level of every type whose name matches the shell glob, and remember the pattern so
 * that types registered later pick it up too. 0 on success, -1 on error.
 */
int rte_log_set_level_pattern(const char *pattern, uint32_t level);
/*
 * Same with a POSIX extended regular expression, of at most 128 characters, 4 '+' and 2
 * intervals {m,n} with counts up to 8: glibc's regcomp copies the pattern per repetition, so
 * unbounded patterns could take gigabytes. -1 (and one line) for a pattern outside the bounds.
 */
int rte_log_set_level_regexp(const char *regex, uint32_t level);
/*
 * Parse a level given as a number (1..8) or a name (emergency alert critical error warning
 * notice info debug, or their DPDK short forms emerg crit err). Returns the level or -1.
 */
int rte_log_parse_level(const char *text);

/* Register a dynamic type by name; returns its id (the same id if already registered), <0 on error. */
int rte_log_register(const char *name);
/* Register and set its level: level_def unless a remembered pattern matches the name. */
int rte_log_register_type_and_pick_level(const char *name, uint32_t level_def);
/* Name of a registered type, NULL if none. */
const char *rte_log_type_name(uint32_t logtype);

void rte_log_list_types(FILE *out, const char *prefix);
void rte_log_dump(FILE *f);

int rte_log_cur_msg_loglevel(void);
int rte_log_cur_msg_logtype(void);

int rte_log(uint32_t level, uint32_t logtype, const char *format, ...) __rte_format_printf(3, 4);
int rte_vlog(uint32_t level, uint32_t logtype, const char *format, va_list ap)
	__rte_format_printf(3, 0);

/* RTE_LOG(ERR, EAL, "...") */
#define RTE_LOG(l, t, ...) rte_log(RTE_LOG_##l, RTE_LOGTYPE_##t, __VA_ARGS__)

/* Data-path logs compiled out above RTE_LOG_DP_LEVEL. */
#ifndef RTE_LOG_DP_LEVEL
#define RTE_LOG_DP_LEVEL RTE_LOG_INFO
#endif
#define RTE_LOG_DP(l, t, ...)                                                                       \
	(void)((RTE_LOG_##l <= RTE_LOG_DP_LEVEL) ? rte_log(RTE_LOG_##l, RTE_LOGTYPE_##t, __VA_ARGS__) \
						 : 0)

#define RTE_LOG_REGISTER_IMPL(type, name, level)                                                    \
	int type;                                                                                   \
	RTE_INIT(__##type)                                                                          \
	{                                                                                           \
		type = rte_log_register_type_and_pick_level(name, RTE_LOG_##level);                 \
		if (type < 0)                                                                       \
			type = RTE_LOGTYPE_EAL;                                                     \
	}
#define RTE_LOG_REGISTER(type, name, level) RTE_LOG_REGISTER_IMPL(type, RTE_STR(name), level)
#define RTE_LOG_REGISTER_DEFAULT(type, level)                                                       \
	RTE_LOG_REGISTER_IMPL(type, RTE_STR(RTE_LOG_DEFAULT_LOGTYPE), level)
#define RTE_LOG_REGISTER_SUFFIX(type, suffix, level)                                                \
	RTE_LOG_REGISTER_IMPL(type, RTE_STR(RTE_LOG_DEFAULT_LOGTYPE) "." RTE_STR(suffix), level)

#ifdef __cplusplus
}
#endif
#endif
