/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TEST_JSON_H
#define TEST_JSON_H

/*
 * A strict little JSON reader for checking `openeal doctor --json`: it refuses anything RFC 8259
 * refuses (trailing commas, bare words, control bytes in strings, text after the value), so a
 * test that parses the output also proves it is JSON, and then looks values up by path.
 */

#include <stdbool.h>
#include <stddef.h>

enum json_type { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT };

struct json {
	enum json_type type;
	bool b;
	double num;
	char *str;	     /* JSON_STRING, decoded (\uXXXX below 0x80 only) */
	size_t n;	     /* array elements or object members */
	struct json **items; /* elements, or member values */
	char **keys;	     /* member names (JSON_OBJECT) */
};

/* NULL when text is not one JSON value; err then says where. */
struct json *json_parse(const char *text, char *err, size_t err_size);
void json_free(struct json *j);
/* "iova.mode", "devices[2].fix", "hugepages[0].nodes[0].free": NULL when absent. */
const struct json *json_get(const struct json *root, const char *path);
/* The element of array arr whose member key is the string value, or NULL. */
const struct json *json_find(const struct json *arr, const char *key, const char *value);

#endif
