/* SPDX-License-Identifier: BSD-3-Clause */
/* A strict little JSON reader for the doctor's tests (test_json.h). */

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_json.h"

struct parser {
	const char *p;
	const char *start;
	char *err;
	size_t err_size;
	int depth;
};

static struct json *fail(struct parser *ps, const char *what)
{
	if (ps->err[0] == '\0')
		snprintf(ps->err, ps->err_size, "%s at offset %td", what, ps->p - ps->start);
	return NULL;
}

static void skip_ws(struct parser *ps)
{
	while (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r')
		ps->p++;
}

static struct json *node(enum json_type type)
{
	struct json *j = calloc(1, sizeof(*j));
	if (j != NULL)
		j->type = type;
	return j;
}

static char *parse_string_raw(struct parser *ps)
{
	size_t cap = 16, len = 0;
	char *s = malloc(cap);

	if (s == NULL || *ps->p != '"')
		goto bad;
	ps->p++;
	while (*ps->p != '"') {
		unsigned char c = (unsigned char)*ps->p;
		if (c == '\0' || c < 0x20)
			goto bad;
		if (c == '\\') {
			ps->p++;
			switch (*ps->p) {
			case '"':
			case '\\':
			case '/':
				c = (unsigned char)*ps->p;
				break;
			case 'b':
				c = '\b';
				break;
			case 'f':
				c = '\f';
				break;
			case 'n':
				c = '\n';
				break;
			case 'r':
				c = '\r';
				break;
			case 't':
				c = '\t';
				break;
			case 'u': {
				unsigned int v = 0;
				for (int i = 1; i <= 4; i++) {
					if (!isxdigit((unsigned char)ps->p[i]))
						goto bad;
					v = v * 16 +
					    (unsigned int)(isdigit((unsigned char)ps->p[i])
							       ? ps->p[i] - '0'
							       : tolower((unsigned char)ps->p[i]) -
								     'a' + 10);
				}
				ps->p += 4;
				c = v < 0x80 ? (unsigned char)v : '?';
				break;
			}
			default:
				goto bad;
			}
		}
		if (len + 2 > cap) {
			char *t = realloc(s, cap *= 2);
			if (t == NULL)
				goto bad;
			s = t;
		}
		s[len++] = (char)c;
		ps->p++;
	}
	ps->p++;
	s[len] = '\0';
	return s;
bad:
	free(s);
	fail(ps, "bad string");
	return NULL;
}

static struct json *parse_value(struct parser *ps);

static int add_item(struct json *j, struct json *item, char *key)
{
	struct json **items = realloc(j->items, (j->n + 1) * sizeof(*items));
	if (items == NULL)
		return -1;
	j->items = items;
	if (j->type == JSON_OBJECT) {
		char **keys = realloc(j->keys, (j->n + 1) * sizeof(*keys));
		if (keys == NULL)
			return -1;
		j->keys = keys;
		j->keys[j->n] = key;
	}
	j->items[j->n++] = item;
	return 0;
}

static struct json *parse_container(struct parser *ps, bool object)
{
	struct json *j = node(object ? JSON_OBJECT : JSON_ARRAY);
	char close = object ? '}' : ']';

	if (j == NULL || ++ps->depth > 64)
		goto bad;
	ps->p++;
	skip_ws(ps);
	if (*ps->p == close) {
		ps->p++;
		ps->depth--;
		return j;
	}
	for (;;) {
		char *key = NULL;
		skip_ws(ps);
		if (object) {
			if ((key = parse_string_raw(ps)) == NULL)
				goto bad;
			skip_ws(ps);
			if (*ps->p != ':') {
				free(key);
				fail(ps, "expected ':'");
				goto bad;
			}
			ps->p++;
		}
		struct json *v = parse_value(ps);
		if (v == NULL || add_item(j, v, key) != 0) {
			free(key);
			json_free(v);
			goto bad;
		}
		skip_ws(ps);
		if (*ps->p == ',') {
			ps->p++;
			continue;
		}
		if (*ps->p != close) {
			fail(ps, object ? "expected ',' or '}'" : "expected ',' or ']'");
			goto bad;
		}
		ps->p++;
		ps->depth--;
		return j;
	}
bad:
	json_free(j);
	return fail(ps, "bad container");
}

static struct json *parse_value(struct parser *ps)
{
	skip_ws(ps);
	const char *p = ps->p;
	struct json *j;

	if (*p == '{' || *p == '[')
		return parse_container(ps, *p == '{');
	if (*p == '"') {
		char *s = parse_string_raw(ps);
		if (s == NULL || (j = node(JSON_STRING)) == NULL) {
			free(s);
			return NULL;
		}
		j->str = s;
		return j;
	}
	static const struct {
		const char *word;
		enum json_type type;
		bool b;
	} words[] = {
	    {"true", JSON_BOOL, true}, {"false", JSON_BOOL, false}, {"null", JSON_NULL, false}};
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		size_t n = strlen(words[i].word);
		if (strncmp(p, words[i].word, n) == 0) {
			ps->p += n;
			if ((j = node(words[i].type)) != NULL)
				j->b = words[i].b;
			return j;
		}
	}
	/* -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
	const char *q = p;
	if (*q == '-')
		q++;
	if (*q == '0')
		q++;
	else if (isdigit((unsigned char)*q))
		while (isdigit((unsigned char)*q))
			q++;
	else
		return fail(ps, "unexpected character");
	if (*q == '.') {
		if (!isdigit((unsigned char)*++q))
			return fail(ps, "bad number");
		while (isdigit((unsigned char)*q))
			q++;
	}
	if (*q == 'e' || *q == 'E') {
		q++;
		if (*q == '+' || *q == '-')
			q++;
		if (!isdigit((unsigned char)*q))
			return fail(ps, "bad number");
		while (isdigit((unsigned char)*q))
			q++;
	}
	if ((j = node(JSON_NUMBER)) == NULL)
		return NULL;
	j->num = strtod(p, NULL);
	ps->p = q;
	return j;
}

struct json *json_parse(const char *text, char *err, size_t err_size)
{
	struct parser ps = {.p = text, .start = text, .err = err, .err_size = err_size};

	err[0] = '\0';
	struct json *j = parse_value(&ps);
	if (j == NULL)
		return NULL;
	skip_ws(&ps);
	if (*ps.p != '\0') {
		json_free(j);
		return fail(&ps, "text after the value");
	}
	return j;
}

void json_free(struct json *j)
{
	if (j == NULL)
		return;
	for (size_t i = 0; i < j->n; i++) {
		json_free(j->items[i]);
		if (j->keys != NULL)
			free(j->keys[i]);
	}
	free(j->items);
	free(j->keys);
	free(j->str);
	free(j);
}

static const struct json *member(const struct json *j, const char *key, size_t len)
{
	if (j == NULL || j->type != JSON_OBJECT)
		return NULL;
	for (size_t i = 0; i < j->n; i++)
		if (strlen(j->keys[i]) == len && strncmp(j->keys[i], key, len) == 0)
			return j->items[i];
	return NULL;
}

const struct json *json_get(const struct json *root, const char *path)
{
	const struct json *j = root;
	const char *p = path;

	while (j != NULL && *p != '\0') {
		if (*p == '.')
			p++;
		if (*p == '[') {
			char *end;
			unsigned long i = strtoul(p + 1, &end, 10);
			if (*end != ']' || j->type != JSON_ARRAY || i >= j->n)
				return NULL;
			j = j->items[i];
			p = end + 1;
			continue;
		}
		size_t len = strcspn(p, ".[");
		j = member(j, p, len);
		p += len;
	}
	return j;
}

const struct json *json_find(const struct json *arr, const char *key, const char *value)
{
	if (arr == NULL || arr->type != JSON_ARRAY)
		return NULL;
	for (size_t i = 0; i < arr->n; i++) {
		const struct json *v = member(arr->items[i], key, strlen(key));
		if (v != NULL && v->type == JSON_STRING && strcmp(v->str, value) == 0)
			return arr->items[i];
	}
	return NULL;
}
