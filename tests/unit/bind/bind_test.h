/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef BIND_TEST_H
#define BIND_TEST_H

/*
 * Shared fixture of the binding tests: a fake sysfs tree per test (SYSFS_PCI_DEVICES points
 * at it), a mountinfo file of the test's making (OPENEAL_MOUNTINFO), no modprobe unless a test
 * installs a script, and helpers to run an API call with its log captured, to record the order
 * in which sysfs files were written (inotify), and to run the openeal binary.
 */

#include <stdbool.h>

#include "fake_sysfs.h"

#define MEM32 0x00040200ull
#define IO 0x00040101ull

/* Path of the openeal binary (the test's argument). */
extern const char *bind_openeal_bin;

struct bind_env {
	struct fake_sysfs *fs;
	char *tmp;	      /* scratch directory: mountinfo, scripts, outputs */
	char mountinfo[4096]; /* $OPENEAL_MOUNTINFO */
};

/* New tree with the given devices (driver_override made writable, "(null)"). Fatal on failure. */
void bind_env_setup(struct bind_env *e, const struct fake_pci_dev *devs, unsigned int nb);
void bind_env_teardown(struct bind_env *e);
/* R + "/" + rel */
const char *bind_path(const struct bind_env *e, const char *rel);
/* mkdir -p R/bus/pci/drivers/<driver>: the driver is "loaded". */
void bind_load_driver(const struct bind_env *e, const char *driver);
/* Write the mount table the library reads. */
void bind_set_mounts(const struct bind_env *e, const char *content);
/*
 * A block device directory <device dir>/<rel> with a "dev" file and, when subsystem is true, a
 * subsystem link ending in "block" (as the kernel's; false: found through a parent "block").
 */
void bind_add_block(const struct bind_env *e, const char *addr, const char *rel, const char *devnum,
		    bool subsystem);
/* A network interface directory <device dir>/<rel> (flags and operstate). */
void bind_add_netif(const struct bind_env *e, const char *addr, const char *rel, bool up);
/*
 * Install $OPENEAL_MODPROBE: a script that appends its arguments to <tmp>/modprobe.log, runs
 * body (sh), and exits with its status.
 */
void bind_set_modprobe(const struct bind_env *e, const char *body);
/* Content of a file (malloc'd, "" when missing). */
char *bind_read(const char *path);

/* One library call with its log captured. */
enum bind_op { OP_BIND, OP_UNBIND, OP_RESTORE, OP_GROUP };
struct bind_call {
	enum bind_op op;
	const char *addr;
	const char *driver;
	unsigned int flags;
	int rc;	   /* result */
	int err;   /* rte_errno after it */
	int group; /* OP_GROUP: the group number given back */
	char *log; /* everything logged, malloc'd */
};
void bind_run(struct bind_call *c);
void bind_call_free(struct bind_call *c);
/* The lines of log holding needle. */
int bind_count_lines(const char *log, const char *needle);
/*
 * The sysfs writes the library logged at DEBUG, in order, one "'value' > path" per line with
 * the tree's root replaced by R (malloc'd).
 */
char *bind_writes(const struct bind_env *e, const char *log);

/* inotify on the directories whose files the library writes (those that exist): the order of
 * the writes. */
struct bind_watch {
	int fd;
};
void bind_watch_start(struct bind_watch *w, const struct bind_env *e, const char *const *rel_dirs);
/* Names of the files closed after writing, comma separated (malloc'd); stops watching. */
char *bind_watch_names(struct bind_watch *w);

/* The openeal binary with args (NULL-terminated); stdout and stderr captured. */
struct bind_cli {
	int status;
	char *out, *err;
};
struct bind_cli bind_cli_run(const struct bind_env *e, const char *const *args);
void bind_cli_free(struct bind_cli *r);
#define CLI(e, ...) bind_cli_run(e, (const char *const[]){__VA_ARGS__, NULL})

/* Suites of each file. */
int bind_parse_suite(void);
int bind_refuse_suite(void);
int bind_writes_suite(void);
int bind_status_suite(void);

#endif
