/* SPDX-License-Identifier: BSD-3-Clause */
/* The binding tests' fixture and main. */

#include "bind_test.h"

#include <CUnit/Basic.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <rte_errno.h>
#include <rte_log.h>
#include <rte_pci_bind.h>

#include "test_util.h"

const char *bind_openeal_bin;

static char path_buf[4][PATH_MAX];
static unsigned int path_next;

const char *bind_path(const struct bind_env *e, const char *rel)
{
	char *p = path_buf[path_next++ % 4];
	snprintf(p, PATH_MAX, "%s/%s", fake_sysfs_root(e->fs), rel);
	return p;
}

void bind_env_setup(struct bind_env *e, const struct fake_pci_dev *devs, unsigned int nb)
{
	memset(e, 0, sizeof(*e));
	e->fs = fake_sysfs_create();
	e->tmp = test_make_tmpdir("openeal-bind-test");
	CU_ASSERT_FATAL(e->fs != NULL && e->tmp != NULL);
	for (unsigned int i = 0; i < nb; i++) {
		CU_ASSERT_FATAL(fake_sysfs_add(e->fs, &devs[i]) == 0);
		/* The generator makes it read-only; the kernel's is root-writable. */
		CU_ASSERT_FATAL(fake_sysfs_set_attr(e->fs, devs[i].addr, "driver_override",
						    "(null)\n", 7) == 0);
	}
	snprintf(e->mountinfo, sizeof(e->mountinfo), "%s/mountinfo", e->tmp);
	bind_set_mounts(e, "22 1 0:20 / /proc rw,relatime - proc proc rw\n");
	setenv("SYSFS_PCI_DEVICES", fake_sysfs_devices_dir(e->fs), 1);
	setenv("OPENEAL_MOUNTINFO", e->mountinfo, 1);
	unsetenv("OPENEAL_MODPROBE");
	rte_log_set_level_pattern("bus.pci.bind", RTE_LOG_DEBUG);
}

void bind_env_teardown(struct bind_env *e)
{
	fake_sysfs_destroy(e->fs);
	if (e->tmp != NULL)
		test_remove_tree(e->tmp);
	free(e->tmp);
	test_restore_sysfs_env(); /* OPENEAL_MOUNTINFO included */
	unsetenv("OPENEAL_MODPROBE");
	memset(e, 0, sizeof(*e));
}

void bind_load_driver(const struct bind_env *e, const char *driver)
{
	char rel[256];
	snprintf(rel, sizeof(rel), "bus/pci/drivers/%s", driver);
	CU_ASSERT_FATAL(test_mkdirs(bind_path(e, rel)) == 0);
}

void bind_set_mounts(const struct bind_env *e, const char *content)
{
	CU_ASSERT_FATAL(test_write_file(e->mountinfo, content) == 0);
}

static const char *dev_path(const struct bind_env *e, const char *addr, const char *rel)
{
	static char p[PATH_MAX];
	snprintf(p, sizeof(p), "%s/%s/%s", fake_sysfs_devices_dir(e->fs), addr, rel);
	return p;
}

void bind_add_block(const struct bind_env *e, const char *addr, const char *rel, const char *devnum,
		    bool subsystem)
{
	char dir[PATH_MAX], file[PATH_MAX + 16];
	snprintf(dir, sizeof(dir), "%s", dev_path(e, addr, rel));
	CU_ASSERT_FATAL(test_mkdirs(dir) == 0);
	snprintf(file, sizeof(file), "%s/dev", dir);
	char content[64];
	snprintf(content, sizeof(content), "%s\n", devnum);
	CU_ASSERT_FATAL(test_write_file(file, content) == 0);
	if (subsystem) {
		CU_ASSERT_FATAL(test_mkdirs(bind_path(e, "class/block")) == 0);
		snprintf(file, sizeof(file), "%s/subsystem", dir);
		CU_ASSERT_FATAL(symlink(bind_path(e, "class/block"), file) == 0);
	}
}

void bind_add_netif(const struct bind_env *e, const char *addr, const char *rel, bool up)
{
	char dir[PATH_MAX], file[PATH_MAX + 16];
	snprintf(dir, sizeof(dir), "%s", dev_path(e, addr, rel));
	CU_ASSERT_FATAL(test_mkdirs(dir) == 0);
	snprintf(file, sizeof(file), "%s/flags", dir);
	CU_ASSERT_FATAL(test_write_file(file, up ? "0x1003\n" : "0x1002\n") == 0);
	snprintf(file, sizeof(file), "%s/operstate", dir);
	CU_ASSERT_FATAL(test_write_file(file, up ? "up\n" : "down\n") == 0);
}

void bind_set_modprobe(const struct bind_env *e, const char *body)
{
	char script[PATH_MAX], content[2048];
	snprintf(script, sizeof(script), "%s/modprobe", e->tmp);
	snprintf(content, sizeof(content), "#!/bin/sh\necho \"$*\" >>'%s/modprobe.log'\n%s\n",
		 e->tmp, body);
	CU_ASSERT_FATAL(test_write_file(script, content) == 0);
	CU_ASSERT_FATAL(chmod(script, 0755) == 0);
	setenv("OPENEAL_MODPROBE", script, 1);
}

char *bind_read(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0;
	if (f == NULL)
		return strdup("");
	FILE *mem = open_memstream(&buf, &len);
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		fwrite(chunk, 1, n, mem);
	fclose(mem);
	fclose(f);
	return buf;
}

static void call(void *arg)
{
	struct bind_call *c = arg;
	rte_errno = 0;
	switch (c->op) {
	case OP_BIND:
		c->rc = rte_pci_bind(c->addr, c->driver, c->flags);
		break;
	case OP_UNBIND:
		c->rc = rte_pci_unbind(c->addr, c->flags);
		break;
	case OP_RESTORE:
		c->rc = rte_pci_bind_restore(c->addr);
		break;
	case OP_GROUP:
		c->rc = rte_pci_bind_group_check(c->addr, &c->group);
		break;
	}
	c->err = rte_errno;
}

void bind_run(struct bind_call *c)
{
	c->log = test_capture_log(call, c);
	if (c->log == NULL)
		c->log = strdup("");
}

void bind_call_free(struct bind_call *c)
{
	free(c->log);
	c->log = NULL;
}

int bind_count_lines(const char *log, const char *needle)
{
	int n = 0;
	for (const char *l = log; *l != '\0';) {
		const char *end = strchr(l, '\n');
		size_t len = end ? (size_t)(end - l) : strlen(l);
		char *line = strndup(l, len);
		if (strstr(line, needle) != NULL)
			n++;
		free(line);
		l += len + (end ? 1 : 0);
	}
	return n;
}

char *bind_writes(const struct bind_env *e, const char *log)
{
	const char *root = fake_sysfs_root(e->fs);
	char *out = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&out, &len);
	for (const char *l = strstr(log, ": writing '"); l != NULL;
	     l = strstr(l + 1, ": writing '")) {
		const char *value = l + strlen(": writing '");
		const char *q = strstr(value, "' to ");
		const char *end = q != NULL ? strchr(q, '\n') : NULL;
		if (q == NULL || end == NULL)
			break;
		const char *path = q + strlen("' to ");
		fprintf(mem, "'%.*s' > ", (int)(q - value), value);
		if (strncmp(path, root, strlen(root)) == 0) {
			fputc('R', mem);
			path += strlen(root);
		}
		fprintf(mem, "%.*s\n", (int)(end - path), path);
	}
	fclose(mem);
	return out;
}

void bind_watch_start(struct bind_watch *w, const struct bind_env *e, const char *const *rel_dirs)
{
	w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	CU_ASSERT_FATAL(w->fd >= 0);
	/* A directory the tree does not have cannot be written to: nothing to watch. */
	for (int i = 0; rel_dirs[i] != NULL; i++)
		CU_ASSERT_FATAL(
		    inotify_add_watch(w->fd, bind_path(e, rel_dirs[i]), IN_CLOSE_WRITE) >= 0 ||
		    errno == ENOENT);
}

char *bind_watch_names(struct bind_watch *w)
{
	char buf[8192] __attribute__((aligned(__alignof__(struct inotify_event))));
	char *out = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&out, &len);
	ssize_t n;
	bool first = true;

	while ((n = read(w->fd, buf, sizeof(buf))) > 0) {
		for (char *p = buf; p < buf + n;) {
			struct inotify_event *ev = (struct inotify_event *)(void *)p;
			if (ev->len > 0) {
				fprintf(mem, "%s%s", first ? "" : ",", ev->name);
				first = false;
			}
			p += sizeof(*ev) + ev->len;
		}
	}
	fclose(mem);
	close(w->fd);
	w->fd = -1;
	return out;
}

struct bind_cli bind_cli_run(const struct bind_env *e, const char *const *args)
{
	struct bind_cli r = {.status = -1};
	char out_path[PATH_MAX], err_path[PATH_MAX];
	char *argv[16] = {(char *)(uintptr_t)bind_openeal_bin};
	int argc = 1;

	snprintf(out_path, sizeof(out_path), "%s/cli.out", e->tmp);
	snprintf(err_path, sizeof(err_path), "%s/cli.err", e->tmp);
	for (int i = 0; args[i] != NULL && argc < 15; i++)
		argv[argc++] = (char *)(uintptr_t)args[i];
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		int o = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		int er = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (o < 0 || er < 0 || dup2(o, 1) < 0 || dup2(er, 2) < 0)
			_exit(126);
		execv(bind_openeal_bin, argv);
		_exit(127);
	}
	int st;
	if (pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st))
		r.status = WEXITSTATUS(st);
	r.out = bind_read(out_path);
	r.err = bind_read(err_path);
	return r;
}

void bind_cli_free(struct bind_cli *r)
{
	free(r->out);
	free(r->err);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s PATH_TO_OPENEAL\n", argv[0]);
		return 2;
	}
	bind_openeal_bin = argv[1];
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	if (bind_parse_suite() != 0 || bind_refuse_suite() != 0 || bind_writes_suite() != 0 ||
	    bind_status_suite() != 0) {
		CU_cleanup_registry();
		return 1;
	}
	return test_run_registry();
}
