/* SPDX-License-Identifier: BSD-3-Clause */
/* Argument parsing of net_null devices: size=<1..9600>, copy=<0|1>. */

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rte_kvargs.h>

#include "null_private.h"
#include "rte_pmd_null.h"

struct parse_ctx {
	const char *devname;
	struct null_config *cfg;
};

static int parse_size(const struct parse_ctx *ctx, const char *value)
{
	unsigned long n;
	char *end;

	/* strtoul alone would take " 12", "+12", "-1" (as ULONG_MAX) and "" (as 0). */
	if (value != NULL && isdigit((unsigned char)value[0])) {
		errno = 0;
		n = strtoul(value, &end, 10);
		if (errno == 0 && *end == '\0' && n >= RTE_PMD_NULL_SIZE_MIN &&
		    n <= RTE_PMD_NULL_SIZE_MAX) {
			ctx->cfg->size = (unsigned)n;
			return 0;
		}
	}
	NULL_LOG(ERR, "%s: invalid size=%s: expected an integer from %u to %u", ctx->devname,
		 value != NULL ? value : "", RTE_PMD_NULL_SIZE_MIN, RTE_PMD_NULL_SIZE_MAX);
	return -EINVAL;
}

static int parse_copy(const struct parse_ctx *ctx, const char *value)
{
	if (value != NULL && (strcmp(value, "0") == 0 || strcmp(value, "1") == 0)) {
		ctx->cfg->copy = value[0] == '1';
		return 0;
	}
	NULL_LOG(ERR, "%s: invalid copy=%s: expected 0 or 1", ctx->devname,
		 value != NULL ? value : "");
	return -EINVAL;
}

static int parse_pair(const char *key, const char *value, void *opaque)
{
	const struct parse_ctx *ctx = opaque;

	if (strcmp(key, "size") == 0)
		return parse_size(ctx, value);
	if (strcmp(key, "copy") == 0)
		return parse_copy(ctx, value);
	NULL_LOG(ERR, "%s: unknown argument '%s': accepted are size=<%u..%u> and copy=<0|1>",
		 ctx->devname, key, RTE_PMD_NULL_SIZE_MIN, RTE_PMD_NULL_SIZE_MAX);
	return -EINVAL;
}

int null_parse_args(const char *devname, const char *args, struct null_config *cfg)
{
	struct parse_ctx ctx = {.devname = devname, .cfg = cfg};
	struct rte_kvargs *kv;
	int ret;

	cfg->size = RTE_PMD_NULL_SIZE_DEFAULT;
	cfg->copy = false;
	if (args == NULL || args[0] == '\0')
		return 0;
	/* Keys are checked here rather than by rte_kvargs_parse so that an unknown key gets a
	 * line of its own instead of a generic parse failure. */
	kv = rte_kvargs_parse(args, NULL);
	if (kv == NULL) {
		NULL_LOG(
		    ERR,
		    "%s: cannot parse arguments '%s': expected key=value pairs separated by ','",
		    devname, args);
		return -EINVAL;
	}
	/* Repeated keys are applied in order, so the last one wins, as in DPDK. */
	ret = rte_kvargs_process(kv, NULL, parse_pair, &ctx);
	rte_kvargs_free(kv);
	return ret == 0 ? 0 : -EINVAL;
}
