/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * -d LIB|DIR: PMDs built as shared objects, added without relinking the application. They are
 * loaded by rte_eal_init before devargs are parsed and buses scanned, so that their
 * constructors have registered their drivers (and buses) by then, as in DPDK. Unlike DPDK,
 * they are closed again by rte_eal_cleanup and by a failed rte_eal_init: the registration
 * macros unregister from destructors, so that nothing is left pointing into unloaded code and
 * a second rte_eal_init loads them afresh.
 */

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <rte_errno.h>
#include <rte_log.h>

#include "eal_private.h"

/* Every dlopen that succeeded, in load order; each is closed once, in reverse order. */
static void **plugin_handles;
static size_t n_plugin_handles;

/*
 * Code that any user of the machine could have replaced is not loaded: a file writable by
 * everyone, or one in a directory where everyone may rename and replace files (writable by
 * all and not sticky, as /tmp is). A bare name is the dynamic linker's business.
 */
static int plugin_check_writers(const char *path, const char *dir)
{
	struct stat st;
	if (stat(path, &st) == 0 && (st.st_mode & S_IWOTH) != 0) {
		RTE_LOG(ERR, EAL,
			"-d %s: refused: every user may write it, so anyone on this machine could "
			"have replaced the code (chmod o-w %s)\n",
			path, path);
		rte_errno = EPERM;
		return -1;
	}
	if (dir != NULL && stat(dir, &st) == 0 && (st.st_mode & S_IWOTH) != 0 &&
	    (st.st_mode & S_ISVTX) == 0) {
		RTE_LOG(ERR, EAL,
			"-d %s: refused: every user may replace files in %s (chmod o-w or +t %s)\n",
			path, dir, dir);
		rte_errno = EPERM;
		return -1;
	}
	return 0;
}

static int plugin_load_file(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (slash != NULL) {
		char dir[PATH_MAX];
		size_t len = slash == path ? 1 : (size_t)(slash - path);
		if (len >= sizeof(dir))
			len = sizeof(dir) - 1;
		memcpy(dir, path, len);
		dir[len] = '\0';
		if (plugin_check_writers(path, dir) != 0)
			return -1;
	}
	void **handles = realloc(plugin_handles, (n_plugin_handles + 1) * sizeof(handles[0]));
	if (handles == NULL) {
		RTE_LOG(ERR, EAL, "-d %s: out of memory\n", path);
		rte_errno = ENOMEM;
		return -1;
	}
	plugin_handles = handles;
	/* RTLD_NOW: a PMD with an unresolved symbol fails here, not at its first call. */
	void *h = dlopen(path, RTLD_NOW);
	if (h == NULL) {
		RTE_LOG(ERR, EAL, "-d %s: cannot load it: %s (give a PMD shared object)\n", path,
			dlerror());
		rte_errno = EINVAL;
		return -1;
	}
	handles[n_plugin_handles++] = h;
	RTE_LOG(DEBUG, EAL, "-d %s: loaded\n", path);
	return 0;
}

/* What a directory's shared objects are called: "x.so" or "x.so.<version>". */
static bool is_shared_object_name(const char *name)
{
	size_t len = strlen(name);
	return (len > 3 && strcmp(name + len - 3, ".so") == 0) || strstr(name, ".so.") != NULL;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The directory's regular files (links followed) with shared-object names, in name order. */
static int plugin_load_dir(const char *dir)
{
	DIR *d = opendir(dir);
	if (d == NULL) {
		RTE_LOG(ERR, EAL, "-d %s: cannot list the directory: %s\n", dir, strerror(errno));
		rte_errno = errno;
		return -1;
	}
	char **names = NULL;
	size_t n = 0;
	int ret = 0;
	struct dirent *e;
	while (ret == 0 && (e = readdir(d)) != NULL) {
		char path[PATH_MAX];
		struct stat st;
		if (!is_shared_object_name(e->d_name) ||
		    snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) >= (int)sizeof(path) ||
		    stat(path, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		char **grown = realloc(names, (n + 1) * sizeof(names[0]));
		char *copy = strdup(path);
		if (grown != NULL)
			names = grown;
		if (grown == NULL || copy == NULL) {
			free(copy);
			RTE_LOG(ERR, EAL, "-d %s: out of memory\n", dir);
			rte_errno = ENOMEM;
			ret = -1;
			break;
		}
		names[n++] = copy;
	}
	closedir(d);
	if (ret == 0 && n == 0)
		RTE_LOG(NOTICE, EAL, "-d %s: no shared object (*.so, *.so.*) in the directory\n",
			dir);
	if (n > 1) /* glibc declares qsort's array non-null, even for no element */
		qsort(names, n, sizeof(names[0]), compare_names);
	for (size_t i = 0; i < n; i++) {
		if (ret == 0)
			ret = plugin_load_file(names[i]);
		free(names[i]);
	}
	free(names);
	return ret;
}

int eal_plugins_load(const char *const *paths, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		/* A bare name is for the dynamic linker's search path, as with dlopen. */
		bool is_dir = strchr(paths[i], '/') != NULL && stat(paths[i], &st) == 0 &&
			      S_ISDIR(st.st_mode);
		int ret = is_dir ? plugin_load_dir(paths[i]) : plugin_load_file(paths[i]);
		if (ret != 0) {
			eal_plugins_unload();
			return -1;
		}
	}
	return 0;
}

void eal_plugins_unload(void)
{
	while (n_plugin_handles > 0) {
		void *h = plugin_handles[--n_plugin_handles];
		if (dlclose(h) != 0)
			RTE_LOG(WARNING, EAL, "closing a -d plugin failed: %s\n", dlerror());
	}
	free(plugin_handles);
	plugin_handles = NULL;
}
