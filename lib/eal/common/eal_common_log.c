/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Log types, levels, level patterns and the output stream.
 *
 * The type table is read on every rte_log call from any thread while registration may grow it,
 * so it is never moved: it is a directory of fixed-size chunks, each published once with release
 * order and never freed. Readers take no lock. Registration, pattern memory and snapshots are
 * serialised by one mutex.
 */

#include <fnmatch.h>
#include <pthread.h>
#include <regex.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_log.h>

#include "eal_private.h"

#define LOG_CHUNK_TYPES 64
#define LOG_MAX_CHUNKS 1024 /* 65536 types */

struct log_type {
	const char *name; /* NULL: id not registered */
	_Atomic uint32_t level;
};

/* Static types live at DPDK's numbers in the first chunk, which exists from the start. */
static struct log_type log_first_chunk[LOG_CHUNK_TYPES] = {
    [RTE_LOGTYPE_EAL] = {"lib.eal", RTE_LOG_INFO}, [RTE_LOGTYPE_PMD] = {"pmd", RTE_LOG_INFO},
    [RTE_LOGTYPE_USER1] = {"user1", RTE_LOG_INFO}, [RTE_LOGTYPE_USER2] = {"user2", RTE_LOG_INFO},
    [RTE_LOGTYPE_USER3] = {"user3", RTE_LOG_INFO}, [RTE_LOGTYPE_USER4] = {"user4", RTE_LOG_INFO},
    [RTE_LOGTYPE_USER5] = {"user5", RTE_LOG_INFO}, [RTE_LOGTYPE_USER6] = {"user6", RTE_LOG_INFO},
    [RTE_LOGTYPE_USER7] = {"user7", RTE_LOG_INFO}, [RTE_LOGTYPE_USER8] = {"user8", RTE_LOG_INFO},
};
static struct log_type *_Atomic log_chunks[LOG_MAX_CHUNKS] = {log_first_chunk};
/* Ids below this may be registered; the table is written up to here. */
static _Atomic uint32_t log_type_end = RTE_LOGTYPE_FIRST_EXT_ID;
static _Atomic uint32_t log_global_level = RTE_LOG_DEBUG;
/* NULL means stderr, which is not a constant expression. */
static FILE *_Atomic log_stream;

/* A remembered rte_log_set_level_pattern/_regexp, applied to types registered later. */
struct log_pattern {
	bool is_regex;
	char *text;
	uint32_t level;
};
static struct log_pattern *log_patterns;
static size_t log_pattern_count;

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

static __thread int log_cur_level = -1;
static __thread int log_cur_type = -1;

static struct log_type *log_type_get(uint32_t id)
{
	if (id >= atomic_load_explicit(&log_type_end, memory_order_acquire))
		return NULL;
	struct log_type *chunk =
	    atomic_load_explicit(&log_chunks[id / LOG_CHUNK_TYPES], memory_order_acquire);
	struct log_type *t = &chunk[id % LOG_CHUNK_TYPES];
	return t->name != NULL ? t : NULL;
}

int rte_openlog_stream(FILE *f)
{
	atomic_store(&log_stream, f);
	return 0;
}

FILE *rte_log_get_stream(void)
{
	FILE *f = atomic_load(&log_stream);
	return f != NULL ? f : stderr;
}

void rte_log_set_global_level(uint32_t level)
{
	if (level <= RTE_LOG_MAX)
		atomic_store(&log_global_level, level);
}

uint32_t rte_log_get_global_level(void)
{
	return atomic_load(&log_global_level);
}

int rte_log_get_level(uint32_t logtype)
{
	struct log_type *t = log_type_get(logtype);
	return t != NULL ? (int)atomic_load_explicit(&t->level, memory_order_relaxed) : -1;
}

bool rte_log_can_log(uint32_t logtype, uint32_t loglevel)
{
	struct log_type *t = log_type_get(logtype);
	if (t == NULL || loglevel > rte_log_get_global_level())
		return false;
	return loglevel <= atomic_load_explicit(&t->level, memory_order_relaxed);
}

int rte_log_set_level(uint32_t logtype, uint32_t level)
{
	struct log_type *t = log_type_get(logtype);
	if (t == NULL || level > RTE_LOG_MAX)
		return -1;
	atomic_store_explicit(&t->level, level, memory_order_relaxed);
	return 0;
}

const char *rte_log_type_name(uint32_t logtype)
{
	struct log_type *t = log_type_get(logtype);
	return t != NULL ? t->name : NULL;
}

/* Largest repetition count of the interval starting at s ("{m}", "{m,}", "{m,n}"). */
static unsigned long interval_count(const char *s)
{
	unsigned long max = 0, v = 0;
	for (s++; *s != '\0' && *s != '}'; s++) {
		if (*s >= '0' && *s <= '9') {
			v = v > 1000 ? v : v * 10 + (unsigned long)(*s - '0');
			max = RTE_MAX(max, v);
		} else {
			v = 0;
		}
	}
	return max;
}

int eal_log_regex_compile(regex_t *re, const char *text, char *why, size_t whylen)
{
	size_t len = strlen(text);
	unsigned int plus = 0, intervals = 0;

	if (len > EAL_LOG_REGEX_MAX_LEN) {
		snprintf(why, whylen, "regular expression longer than %d characters",
			 EAL_LOG_REGEX_MAX_LEN);
		return -1;
	}
	/* Counted everywhere, bracket expressions included: stricter, never looser. */
	for (const char *s = text; *s != '\0'; s++) {
		if (*s == '+' && ++plus > EAL_LOG_REGEX_MAX_PLUS) {
			snprintf(why, whylen, "more than %d '+' in a regular expression",
				 EAL_LOG_REGEX_MAX_PLUS);
			return -1;
		}
		if (*s != '{')
			continue;
		if (++intervals > EAL_LOG_REGEX_MAX_INTERVALS ||
		    interval_count(s) > EAL_LOG_REGEX_MAX_COUNT) {
			snprintf(why, whylen,
				 "at most %d intervals {m,n} with counts up to %d in a regular "
				 "expression",
				 EAL_LOG_REGEX_MAX_INTERVALS, EAL_LOG_REGEX_MAX_COUNT);
			return -1;
		}
	}
	if (regcomp(re, text, REG_EXTENDED | REG_NOSUB) != 0) {
		snprintf(why, whylen, "invalid regular expression");
		return -1;
	}
	return 0;
}

/* A compiled pattern; fnmatch needs no compilation, so only regexes carry state. */
struct log_matcher {
	bool is_regex;
	const char *text;
	regex_t re;
};

static int log_matcher_init(struct log_matcher *m, bool is_regex, const char *text)
{
	m->is_regex = is_regex;
	m->text = text;
	char why[128];
	if (is_regex && eal_log_regex_compile(&m->re, text, why, sizeof(why)) != 0) {
		RTE_LOG(ERR, EAL, "log level regex '%.*s': %s\n", EAL_LOG_REGEX_MAX_LEN, text, why);
		return -1;
	}
	return 0;
}

static bool log_matcher_match(const struct log_matcher *m, const char *name)
{
	if (m->is_regex)
		return regexec(&m->re, name, 0, NULL, 0) == 0;
	return fnmatch(m->text, name, 0) == 0;
}

static void log_matcher_fini(struct log_matcher *m)
{
	if (m->is_regex)
		regfree(&m->re);
}

/* Level from the remembered patterns for name; the last matching one wins. Lock held. */
static uint32_t log_pick_level(const char *name, uint32_t level_def)
{
	uint32_t level = level_def;
	for (size_t i = 0; i < log_pattern_count; i++) {
		struct log_matcher m;
		if (log_matcher_init(&m, log_patterns[i].is_regex, log_patterns[i].text) != 0)
			continue;
		if (log_matcher_match(&m, name))
			level = log_patterns[i].level;
		log_matcher_fini(&m);
	}
	return level;
}

/*
 * Remember a pattern. An identical earlier one is superseded entirely (it matches the same
 * types and comes first), so it is dropped: repeated settings do not grow the list. Lock held.
 */
static int log_pattern_save(bool is_regex, const char *text, uint32_t level)
{
	char *copy = strdup(text);
	if (copy == NULL)
		return -1;
	for (size_t i = 0; i < log_pattern_count; i++) {
		if (log_patterns[i].is_regex != is_regex || strcmp(log_patterns[i].text, text) != 0)
			continue;
		free(log_patterns[i].text);
		memmove(&log_patterns[i], &log_patterns[i + 1],
			(log_pattern_count - i - 1) * sizeof(log_patterns[0]));
		log_pattern_count--;
		break;
	}
	struct log_pattern *grown =
	    realloc(log_patterns, (log_pattern_count + 1) * sizeof(log_patterns[0]));
	if (grown == NULL) {
		free(copy);
		return -1;
	}
	log_patterns = grown;
	log_patterns[log_pattern_count++] =
	    (struct log_pattern){.is_regex = is_regex, .text = copy, .level = level};
	return 0;
}

static int log_set_level_matching(bool is_regex, const char *text, uint32_t level)
{
	struct log_matcher m;
	if (text == NULL || level > RTE_LOG_MAX || log_matcher_init(&m, is_regex, text) != 0)
		return -1;

	pthread_mutex_lock(&log_lock);
	uint32_t end = atomic_load(&log_type_end);
	for (uint32_t id = 0; id < end; id++) {
		struct log_type *t = log_type_get(id);
		if (t != NULL && log_matcher_match(&m, t->name))
			atomic_store_explicit(&t->level, level, memory_order_relaxed);
	}
	int rc = log_pattern_save(is_regex, text, level);
	pthread_mutex_unlock(&log_lock);

	log_matcher_fini(&m);
	return rc;
}

int rte_log_set_level_pattern(const char *pattern, uint32_t level)
{
	return log_set_level_matching(false, pattern, level);
}

int rte_log_set_level_regexp(const char *regex, uint32_t level)
{
	return log_set_level_matching(true, regex, level);
}

static const char *const log_level_names[RTE_LOG_MAX + 1] = {
    [RTE_LOG_EMERG] = "emergency", [RTE_LOG_ALERT] = "alert",	  [RTE_LOG_CRIT] = "critical",
    [RTE_LOG_ERR] = "error",	   [RTE_LOG_WARNING] = "warning", [RTE_LOG_NOTICE] = "notice",
    [RTE_LOG_INFO] = "info",	   [RTE_LOG_DEBUG] = "debug",
};

int rte_log_parse_level(const char *text)
{
	static const struct {
		const char *name;
		int level;
	} short_names[] = {
	    {"emerg", RTE_LOG_EMERG},
	    {"crit", RTE_LOG_CRIT},
	    {"err", RTE_LOG_ERR},
	};

	if (text == NULL || text[0] == '\0')
		return -1;
	if (text[0] >= '1' && text[0] <= '0' + (int)RTE_LOG_MAX && text[1] == '\0')
		return text[0] - '0';
	for (int level = RTE_LOG_EMERG; level <= (int)RTE_LOG_MAX; level++)
		if (strcasecmp(text, log_level_names[level]) == 0)
			return level;
	for (size_t i = 0; i < RTE_DIM(short_names); i++)
		if (strcasecmp(text, short_names[i].name) == 0)
			return short_names[i].level;
	return -1;
}

/* Find name among registered types. Lock held. */
static int log_type_lookup(const char *name)
{
	uint32_t end = atomic_load(&log_type_end);
	for (uint32_t id = 0; id < end; id++) {
		struct log_type *t = log_type_get(id);
		if (t != NULL && strcmp(t->name, name) == 0)
			return (int)id;
	}
	return -1;
}

/* Append a dynamic type with the given level. Lock held. Returns its id or -errno. */
static int log_type_append(const char *name, uint32_t level)
{
	uint32_t id = atomic_load(&log_type_end);
	size_t chunk_idx = id / LOG_CHUNK_TYPES;
	if (chunk_idx >= LOG_MAX_CHUNKS)
		return -ENOSPC;

	char *copy = strdup(name);
	if (copy == NULL)
		return -ENOMEM;
	struct log_type *chunk = atomic_load(&log_chunks[chunk_idx]);
	if (chunk == NULL) {
		chunk = calloc(LOG_CHUNK_TYPES, sizeof(*chunk));
		if (chunk == NULL) {
			free(copy);
			return -ENOMEM;
		}
		atomic_store_explicit(&log_chunks[chunk_idx], chunk, memory_order_release);
	}
	chunk[id % LOG_CHUNK_TYPES].name = copy;
	atomic_store_explicit(&chunk[id % LOG_CHUNK_TYPES].level, level, memory_order_relaxed);
	/* Publishes the entry: readers check the id against the end before touching it. */
	atomic_store_explicit(&log_type_end, id + 1, memory_order_release);
	return (int)id;
}

static int log_register(const char *name, bool pick, uint32_t level_def)
{
	if (name == NULL || name[0] == '\0' || level_def > RTE_LOG_MAX)
		return -EINVAL;

	pthread_mutex_lock(&log_lock);
	int id = log_type_lookup(name);
	if (id < 0)
		id = log_type_append(name, pick ? log_pick_level(name, level_def) : level_def);
	else if (pick)
		atomic_store_explicit(&log_type_get((uint32_t)id)->level,
				      log_pick_level(name, level_def), memory_order_relaxed);
	pthread_mutex_unlock(&log_lock);
	return id;
}

int rte_log_register(const char *name)
{
	return log_register(name, false, RTE_LOG_INFO);
}

int rte_log_register_type_and_pick_level(const char *name, uint32_t level_def)
{
	return log_register(name, true, level_def);
}

static const char *log_level_name(uint32_t level)
{
	return level <= RTE_LOG_MAX && log_level_names[level] != NULL ? log_level_names[level]
								      : "none";
}

void rte_log_list_types(FILE *out, const char *prefix)
{
	uint32_t end = atomic_load(&log_type_end);
	for (uint32_t id = 0; id < end; id++) {
		const char *name = rte_log_type_name(id);
		if (name != NULL)
			fprintf(out, "%s%s\n", prefix != NULL ? prefix : "", name);
	}
}

void rte_log_dump(FILE *f)
{
	fprintf(f, "global log level: %s\n", log_level_name(rte_log_get_global_level()));
	uint32_t end = atomic_load(&log_type_end);
	for (uint32_t id = 0; id < end; id++) {
		const char *name = rte_log_type_name(id);
		if (name != NULL)
			fprintf(f, "id %u: %s, level %s\n", id, name,
				log_level_name((uint32_t)rte_log_get_level(id)));
	}
	pthread_mutex_lock(&log_lock);
	for (size_t i = 0; i < log_pattern_count; i++)
		fprintf(f, "%s '%s': level %s\n", log_patterns[i].is_regex ? "regexp" : "pattern",
			log_patterns[i].text, log_level_name(log_patterns[i].level));
	pthread_mutex_unlock(&log_lock);
}

int rte_log_cur_msg_loglevel(void)
{
	return log_cur_level;
}

int rte_log_cur_msg_logtype(void)
{
	return log_cur_type;
}

/*
 * Build "name: line\n" for every line of msg into out (NUL-terminated); returns its length.
 * out must hold log_line_size(...) bytes.
 */
static size_t log_line_size(const char *name, const char *msg, size_t msg_len)
{
	size_t lines = 1;
	for (size_t i = 0; i + 1 < msg_len; i++)
		if (msg[i] == '\n')
			lines++;
	return msg_len + lines * (strlen(name) + 2) + 2;
}

static size_t log_line_format(char *out, const char *name, const char *msg, size_t msg_len)
{
	size_t name_len = strlen(name);
	size_t n = 0;
	bool line_start = true;

	for (size_t i = 0; i < msg_len; i++) {
		if (line_start) {
			memcpy(out + n, name, name_len);
			n += name_len;
			out[n++] = ':';
			out[n++] = ' ';
			line_start = false;
		}
		out[n++] = msg[i];
		line_start = msg[i] == '\n';
	}
	if (msg_len == 0) {
		memcpy(out + n, name, name_len);
		n += name_len;
		out[n++] = ':';
	}
	if (out[n - 1] != '\n')
		out[n++] = '\n';
	out[n] = '\0';
	return n;
}

int rte_vlog(uint32_t level, uint32_t logtype, const char *format, va_list ap)
{
	struct log_type *t = log_type_get(logtype);
	if (t == NULL)
		return -1; /* unregistered type: a caller bug, reported by the return value */
	if (level > rte_log_get_global_level() ||
	    level > atomic_load_explicit(&t->level, memory_order_relaxed))
		return 0;
	log_cur_level = (int)level;
	log_cur_type = (int)logtype;

	/* Most messages fit on the stack; longer ones are formatted again on the heap. */
	char msg_stack[512];
	char *msg = msg_stack;
	va_list ap2;
	va_copy(ap2, ap);
	int len = vsnprintf(msg_stack, sizeof(msg_stack), format, ap);
	if (len >= (int)sizeof(msg_stack)) {
		msg = malloc((size_t)len + 1);
		if (msg != NULL)
			vsnprintf(msg, (size_t)len + 1, format, ap2);
	}
	va_end(ap2);
	if (len < 0 || msg == NULL)
		return -1;

	char line_stack[768];
	char *line = line_stack;
	size_t need = log_line_size(t->name, msg, (size_t)len);
	if (need > sizeof(line_stack))
		line = malloc(need);
	int rc = -1;
	if (line != NULL) {
		size_t n = log_line_format(line, t->name, msg, (size_t)len);
		FILE *f = rte_log_get_stream();
		/* One write under the stream lock: concurrent lines never interleave. */
		flockfile(f);
		rc = (fwrite(line, 1, n, f) == n && fflush(f) == 0) ? 0 : -1;
		funlockfile(f);
	}
	if (line != line_stack)
		free(line);
	if (msg != msg_stack)
		free(msg);
	return rc;
}

int rte_log(uint32_t level, uint32_t logtype, const char *format, ...)
{
	va_list ap;
	va_start(ap, format);
	int rc = rte_vlog(level, logtype, format, ap);
	va_end(ap);
	return rc;
}

/*
 * Snapshots let rte_eal_init undo the --log-level options it applied when a later step fails:
 * the global level, every type's level and the remembered patterns.
 */
struct eal_log_snapshot {
	uint32_t global_level;
	uint32_t type_end;
	uint32_t *levels;
	struct log_pattern *patterns;
	size_t pattern_count;
};

static void log_patterns_free(struct log_pattern *patterns, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(patterns[i].text);
	free(patterns);
}

struct eal_log_snapshot *eal_log_snapshot_take(void)
{
	struct eal_log_snapshot *s = calloc(1, sizeof(*s));
	if (s == NULL)
		return NULL;

	pthread_mutex_lock(&log_lock);
	s->global_level = rte_log_get_global_level();
	s->type_end = atomic_load(&log_type_end);
	s->levels = malloc(s->type_end * sizeof(s->levels[0]));
	if (log_pattern_count > 0)
		s->patterns = calloc(log_pattern_count, sizeof(s->patterns[0]));
	bool ok = s->levels != NULL && (log_pattern_count == 0 || s->patterns != NULL);
	for (uint32_t id = 0; ok && id < s->type_end; id++)
		s->levels[id] = (uint32_t)rte_log_get_level(id);
	for (size_t i = 0; ok && i < log_pattern_count; i++) {
		s->patterns[i] = log_patterns[i];
		s->patterns[i].text = strdup(log_patterns[i].text);
		ok = s->patterns[i].text != NULL;
		s->pattern_count = i + 1;
	}
	pthread_mutex_unlock(&log_lock);

	if (!ok) {
		eal_log_snapshot_drop(s);
		return NULL;
	}
	return s;
}

void eal_log_snapshot_restore(struct eal_log_snapshot *s)
{
	pthread_mutex_lock(&log_lock);
	atomic_store(&log_global_level, s->global_level);
	for (uint32_t id = 0; id < s->type_end; id++)
		rte_log_set_level(id, s->levels[id]); /* unregistered ids (-1) are refused */
	log_patterns_free(log_patterns, log_pattern_count);
	log_patterns = s->patterns;
	log_pattern_count = s->pattern_count;
	s->patterns = NULL;
	s->pattern_count = 0;
	pthread_mutex_unlock(&log_lock);
	eal_log_snapshot_drop(s);
}

void eal_log_snapshot_drop(struct eal_log_snapshot *s)
{
	if (s == NULL)
		return;
	log_patterns_free(s->patterns, s->pattern_count);
	free(s->levels);
	free(s);
}
