/* SPDX-License-Identifier: BSD-3-Clause */
/* What the commands share: the failure line and the argument loop. */

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "openeal_cmd.h"

int openeal_cmd_fail(int status, const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "openeal %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return status;
}

static bool *flag_of(const struct openeal_flag *flags, const char *arg)
{
	for (; flags->name != NULL; flags++)
		if (strcmp(flags->name, arg) == 0)
			return flags->set;
	return NULL;
}

int openeal_cmd_args(const char *cmd, int argc, char **argv, const struct openeal_flag *flags,
		     void (*usage)(FILE *f), int (*operand)(char *arg, void *ctx), void *ctx)
{
	bool options_done = false;

	for (int i = 1; i < argc; i++) {
		char *a = argv[i];
		bool *flag = options_done ? NULL : flag_of(flags, a);
		if (!options_done && strcmp(a, "--") == 0) {
			options_done = true;
		} else if (flag != NULL) {
			*flag = true;
		} else if (!options_done && (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)) {
			usage(stdout);
			return OPENEAL_EXIT_OK;
		} else if (!options_done && a[0] == '-' && a[1] != '\0') {
			return openeal_cmd_fail(OPENEAL_EXIT_USAGE, cmd,
						"unknown option '%s' (openeal %s --help)", a, cmd);
		} else {
			int status = operand(a, ctx);
			if (status != OPENEAL_ARGS_TAKEN)
				return status;
		}
	}
	return OPENEAL_ARGS_TAKEN;
}

/* Length of the valid UTF-8 sequence at s, or 0 when the bytes are not one. */
static size_t utf8_len(const unsigned char *s)
{
	size_t n = s[0] >= 0xf0 && s[0] <= 0xf4 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc2 ? 2 : 0;
	if (s[0] >= 0xf5)
		n = 0;
	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

/* A JSON string: quotes, backslashes and controls escaped; invalid UTF-8 becomes U+FFFD. */
void openeal_json_string(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	putchar('"');
	while (*s != '\0') {
		if (*s == '"' || *s == '\\') {
			printf("\\%c", *s++);
		} else if (*s < 0x20 || *s == 0x7f) {
			printf("\\u%04x", *s++);
		} else if (*s < 0x80) {
			putchar(*s++);
		} else {
			size_t n = utf8_len(s);
			if (n == 0) {
				fputs("\\ufffd", stdout);
				s++;
			} else {
				fwrite(s, 1, n, stdout);
				s += n;
			}
		}
	}
	putchar('"');
}
