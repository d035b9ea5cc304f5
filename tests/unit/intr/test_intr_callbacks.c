/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Callback registration and the EAL interrupt thread: lazy start and stop, dispatch of real
 * eventfd and pipe events, several callbacks per fd, unregistration from inside a callback,
 * hang-ups, and no thread or fd left after eal_intr_thread_stop (what rte_eal_cleanup calls).
 */

#include <CUnit/Basic.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <rte_errno.h>

#include "eal_intr_private.h"
#include "intr_test.h"
#include "test_util.h"

#define WAIT_MS 2000

static atomic_int runs;
static atomic_int in_intr_seen; /* rte_thread_is_intr() inside the last callback */
static atomic_int order[8];
static atomic_int order_n;

static void reset_records(void)
{
	atomic_store(&runs, 0);
	atomic_store(&in_intr_seen, -1);
	atomic_store(&order_n, 0);
	for (size_t i = 0; i < 8; i++)
		atomic_store(&order[i], 0);
}

static void cb_count(void *arg)
{
	(void)arg;
	atomic_store(&in_intr_seen, rte_thread_is_intr());
	atomic_fetch_add(&runs, 1);
}

/* Records its argument (a small integer) in call order. */
static void cb_order(void *arg)
{
	int i = atomic_fetch_add(&order_n, 1);
	if (i < 8)
		atomic_store(&order[i], (int)(intptr_t)arg);
}

static void cb_never(void *arg)
{
	(void)arg;
}

static bool runs_reach(void *arg)
{
	return atomic_load(&runs) >= *(int *)arg;
}

static bool order_reach(void *arg)
{
	return atomic_load(&order_n) >= *(int *)arg;
}

/* No source for the handle's fd: an unregister that matches nothing says -ENOENT. */
static bool source_gone(void *arg)
{
	return rte_intr_callback_unregister(arg, cb_never, NULL) == -ENOENT;
}

static bool intr_thread_present(void)
{
	DIR *d = opendir("/proc/self/task");
	if (d == NULL)
		return false;
	bool found = false;
	struct dirent *e;
	while (!found && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		char path[300], comm[32] = "";
		snprintf(path, sizeof(path), "/proc/self/task/%s/comm", e->d_name);
		FILE *f = fopen(path, "r");
		if (f == NULL)
			continue;
		if (fgets(comm, sizeof(comm), f) != NULL)
			found = strcmp(comm, "eal-intr-thread\n") == 0;
		fclose(f);
	}
	closedir(d);
	return found;
}

/*
 * The fd count once the interrupt thread has settled. Registering a callback wakes the thread,
 * which builds its new epoll set before closing the old one (a failed rebuild keeps the old
 * set), so for a moment it holds one fd more. Polls up to 2 s for want; returns the last count.
 */
static int fds_settled(int want)
{
	int n = test_count_fds();
	for (int i = 0; i < 2000 && n != want; i++) {
		usleep(1000);
		n = test_count_fds();
	}
	return n;
}

static void test_thread_lazy_start_and_stop(void)
{
	int efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	CU_ASSERT_FATAL(efd >= 0);
	struct rte_intr_handle *h = intr_handle_on_fd(efd, RTE_INTR_HANDLE_VFIO_MSIX);
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	int threads0 = test_count_threads();
	int fds0 = test_count_fds();

	/* A handle alone starts nothing. */
	CU_ASSERT_EQUAL(test_count_threads(), threads0);
	CU_ASSERT_FALSE(intr_thread_present());

	CU_ASSERT_EQUAL(rte_intr_callback_register(h, cb_count, NULL), 0);
	CU_ASSERT_EQUAL(test_count_threads(), threads0 + 1);
	CU_ASSERT_TRUE(intr_thread_present());
	CU_ASSERT_EQUAL(fds_settled(fds0 + 2), fds0 + 2); /* its epoll set and wakeup fd */
	CU_ASSERT_EQUAL(rte_intr_callback_register(h, cb_order, NULL), 0);
	CU_ASSERT_EQUAL(test_count_threads(), threads0 + 1);

	/* The thread outlives its callbacks: it stops only with the EAL. */
	CU_ASSERT_EQUAL(rte_intr_callback_unregister(h, cb_count, NULL), 1);
	CU_ASSERT_EQUAL(rte_intr_callback_unregister(h, cb_order, NULL), 1);
	CU_ASSERT_EQUAL(test_count_threads(), threads0 + 1);

	CU_ASSERT_EQUAL(eal_intr_thread_stop(), 0);
	CU_ASSERT_EQUAL(test_count_threads(), threads0);
	CU_ASSERT_FALSE(intr_thread_present());
	CU_ASSERT_EQUAL(test_count_fds(), fds0);
	CU_ASSERT_EQUAL(eal_intr_thread_stop(), 0); /* nothing to stop */

	/* Restartable, as init -> cleanup -> init needs. */
	CU_ASSERT_EQUAL(rte_intr_callback_register(h, cb_count, NULL), 0);
	CU_ASSERT_EQUAL(test_count_threads(), threads0 + 1);
	CU_ASSERT_EQUAL(rte_intr_callback_unregister(h, cb_count, NULL), 1);
	CU_ASSERT_EQUAL(eal_intr_thread_stop(), 0);
	CU_ASSERT_EQUAL(test_count_threads(), threads0);
	CU_ASSERT_EQUAL(test_count_fds(), fds0);

	rte_intr_instance_free(h);
	close(efd);
}

static void test_eventfd_runs_callback(void)
{
	int efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	CU_ASSERT_FATAL(efd >= 0);
	struct rte_intr_handle *h = intr_handle_on_fd(efd, RTE_INTR_HANDLE_VFIO_MSIX);
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	reset_records();
	CU_ASSERT_EQUAL(rte_intr_callback_register(h, cb_count, NULL), 0);
	/* The caller may free its handle: the EAL keeps a copy. */
	rte_intr_instance_free(h);
	h = intr_handle_on_fd(efd, RTE_INTR_HANDLE_VFIO_MSIX);

	int one = 1, two = 2;
	CU_ASSERT_EQUAL(eventfd_write(efd, 1), 0);
	CU_ASSERT_TRUE(intr_wait_until(runs_reach, &one, WAIT_MS));
	CU_ASSERT_EQUAL(atomic_load(&in_intr_seen), 1);
	CU_ASSERT_EQUAL(rte_thread_is_intr(), 0);
	/* The EAL read the counter: nothing left, and no second run. */
	eventfd_t value;
	CU_ASSERT_EQUAL(eventfd_read(efd, &value), -1);
	usleep(20000);
	CU_ASSERT_EQUAL(atomic_load(&runs), 1);

	CU_ASSERT_EQUAL(eventfd_write(efd, 5), 0);
	CU_ASSERT_TRUE(intr_wait_until(runs_reach, &two, WAIT_MS));
	CU_ASSERT_EQUAL(rte_intr_callback_unregister(h, cb_count, NULL), 1);
	CU_ASSERT_EQUAL(eal_intr_thread_stop(), 0);
	rte_intr_instance_free(h);
	close(efd);
}

static void test_several_callbacks_per_fd(void)
{
	int efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	CU_ASSERT_FATAL(efd >= 0);
	struct rte_intr_handle *h = intr_handle_on_fd(efd, RTE_INTR_HANDLE_VFIO_MSIX);
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	reset_records();
	CU_ASSERT_EQUAL(rte_intr_callback_register(h, cb_order, (void *)1), 0);
	CU_ASSERT_EQUAL(rte_intr_callback_register(h, cb_count, NULL), 0);
	CU_ASSERT_EQUAL(rte_intr_callback_register(h, cb_order, (void *)3), 0);

	int one = 1;
	CU_ASSERT_EQUAL(eventfd_write(efd, 1), 0);
	CU_ASSERT_TRUE(intr_wait_until(order_reach, &(int){2}, WAIT_MS));
	CU_ASSERT_TRUE(intr_wait_until(runs_reach, &one, WAIT_MS));
	CU_ASSERT_EQUAL(atomic_load(&order[0]), 1);
	CU_ASSERT_EQUAL(atomic_load(&order[1]), 3);

	/* (void *)-1 matches every argument. */
	CU_ASSERT_EQUAL(rte_intr_callback_unregister(h, cb_order, (void *)-1), 2);
	CU_ASSERT_EQUAL(rte_intr_callback_unregister(h, cb_order, (void *)-1), 0);
	CU_ASSERT_EQUAL(eventfd_write(efd, 1), 0);
	CU_ASSERT_TRUE(intr_wait_until(runs_reach, &(int){2}, WAIT_MS));
	usleep(20000);
	CU_ASSERT_EQUAL(atomic_load(&order_n), 2);

	CU_ASSERT_EQUAL(rte_intr_callback_unregister(h, cb_count, NULL), 1);
	CU_ASSERT_EQUAL(rte_intr_callback_unregister(h, cb_count, NULL), -ENOENT);
	CU_ASSERT_EQUAL(eal_intr_thread_stop(), 0);
	rte_intr_instance_free(h);
	close(efd);
}

static void test_register_errors(void)
{
	struct rte_intr_handle *h = rte_intr_instance_alloc(0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	int threads0 = test_count_threads();
	rte_errno = 0;
	CU_ASSERT_EQUAL(rte_intr_callback_register(h, cb_count, NULL), -EINVAL); /* fd -1 */
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	CU_ASSERT_EQUAL(rte_intr_callback_register(NULL, cb_count, NULL), -EINVAL);
	rte_intr_fd_set(h, 0);
	CU_ASSERT_EQUAL(rte_intr_callback_register(h, NULL, NULL), -EINVAL);
	CU_ASSERT_EQUAL(test_count_threads(), threads0); /* no thread for a refused call */

	rte_errno = 0;
	CU_ASSERT_EQUAL(rte_intr_callback_unregister(h, cb_count, NULL), -ENOENT);
	CU_ASSERT_EQUAL(rte_errno, ENOENT);
	CU_ASSERT_EQUAL(rte_intr_callback_unregister(NULL, cb_count, NULL), -EINVAL);
	CU_ASSERT_EQUAL(rte_intr_callback_unregister_pending(h, cb_count, NULL, NULL), -ENOENT);
	rte_intr_instance_free(h);
}

/* ---- unregistering from inside a callback ---- */

static struct rte_intr_handle *self_handle;
static atomic_int self_unregister_ret;
static atomic_int self_pending_ret;
static atomic_int ucb_calls;
static atomic_int ucb_fd;

static void ucb(struct rte_intr_handle *h, void *arg)
{
	(void)arg;
	atomic_store(&ucb_fd, rte_intr_fd_get(h));
	atomic_fetch_add(&ucb_calls, 1);
}

static void cb_unregister_self(void *arg)
{
	atomic_store(&self_unregister_ret,
		     rte_intr_callback_unregister(self_handle, cb_unregister_self, arg));
	atomic_store(&self_pending_ret, rte_intr_callback_unregister_pending(
					    self_handle, cb_unregister_self, arg, ucb));
	atomic_fetch_add(&runs, 1);
}

static bool ucb_called(void *arg)
{
	(void)arg;
	return atomic_load(&ucb_calls) > 0;
}

static void test_unregister_inside_callback(void)
{
	int efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	CU_ASSERT_FATAL(efd >= 0);
	self_handle = intr_handle_on_fd(efd, RTE_INTR_HANDLE_VFIO_MSIX);
	CU_ASSERT_PTR_NOT_NULL_FATAL(self_handle);
	reset_records();
	atomic_store(&ucb_calls, 0);
	atomic_store(&ucb_fd, -1);
	CU_ASSERT_EQUAL(rte_intr_callback_register(self_handle, cb_unregister_self, NULL), 0);
	CU_ASSERT_EQUAL(rte_intr_callback_register(self_handle, cb_count, NULL), 0);
	/* Outside a callback, a pending unregistration makes no sense. */
	CU_ASSERT_EQUAL(
	    rte_intr_callback_unregister_pending(self_handle, cb_unregister_self, NULL, ucb),
	    -EAGAIN);

	CU_ASSERT_EQUAL(eventfd_write(efd, 1), 0);
	CU_ASSERT_TRUE(intr_wait_until(ucb_called, NULL, WAIT_MS));
	CU_ASSERT_EQUAL(atomic_load(&self_unregister_ret), -EAGAIN);
	CU_ASSERT_EQUAL(atomic_load(&self_pending_ret), 1);
	CU_ASSERT_EQUAL(atomic_load(&ucb_calls), 1);
	CU_ASSERT_EQUAL(atomic_load(&ucb_fd), efd);
	CU_ASSERT_EQUAL(atomic_load(&runs), 2); /* both callbacks ran that time */

	/* Removed: the next event runs only cb_count. */
	CU_ASSERT_EQUAL(eventfd_write(efd, 1), 0);
	CU_ASSERT_TRUE(intr_wait_until(runs_reach, &(int){3}, WAIT_MS));
	usleep(20000);
	CU_ASSERT_EQUAL(atomic_load(&runs), 3);
	CU_ASSERT_EQUAL(rte_intr_callback_unregister(self_handle, cb_unregister_self, NULL), 0);
	CU_ASSERT_EQUAL(rte_intr_callback_unregister(self_handle, cb_count, NULL), 1);
	CU_ASSERT_EQUAL(eal_intr_thread_stop(), 0);
	rte_intr_instance_free(self_handle);
	close(efd);
}

static atomic_int slow_started, slow_finished;

static void cb_slow(void *arg)
{
	(void)arg;
	atomic_store(&slow_started, 1);
	usleep(200000);
	atomic_store(&slow_finished, 1);
}

static bool slow_running(void *arg)
{
	(void)arg;
	return atomic_load(&slow_started) == 1;
}

static void test_unregister_sync_waits(void)
{
	int efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	CU_ASSERT_FATAL(efd >= 0);
	struct rte_intr_handle *h = intr_handle_on_fd(efd, RTE_INTR_HANDLE_VFIO_MSIX);
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	atomic_store(&slow_started, 0);
	atomic_store(&slow_finished, 0);
	CU_ASSERT_EQUAL(rte_intr_callback_register(h, cb_slow, NULL), 0);
	CU_ASSERT_EQUAL(eventfd_write(efd, 1), 0);
	CU_ASSERT_TRUE_FATAL(intr_wait_until(slow_running, NULL, WAIT_MS));

	rte_errno = 0;
	CU_ASSERT_EQUAL(rte_intr_callback_unregister(h, cb_slow, NULL), -EAGAIN);
	CU_ASSERT_EQUAL(rte_errno, EAGAIN);
	CU_ASSERT_EQUAL(rte_intr_callback_unregister_sync(h, cb_slow, NULL), 1);
	CU_ASSERT_EQUAL(atomic_load(&slow_finished), 1);
	CU_ASSERT_EQUAL(rte_intr_callback_unregister(h, cb_slow, NULL), -ENOENT);
	CU_ASSERT_EQUAL(eal_intr_thread_stop(), 0);
	rte_intr_instance_free(h);
	close(efd);
}

static struct rte_intr_handle *sync_self_handle;
static atomic_int sync_self_ret;

static void cb_sync_self(void *arg)
{
	atomic_store(&sync_self_ret,
		     rte_intr_callback_unregister_sync(sync_self_handle, cb_sync_self, arg));
	atomic_fetch_add(&runs, 1);
}

static void test_unregister_sync_inside_callback(void)
{
	int efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	CU_ASSERT_FATAL(efd >= 0);
	sync_self_handle = intr_handle_on_fd(efd, RTE_INTR_HANDLE_VFIO_MSIX);
	CU_ASSERT_PTR_NOT_NULL_FATAL(sync_self_handle);
	reset_records();
	CU_ASSERT_EQUAL(rte_intr_callback_register(sync_self_handle, cb_sync_self, NULL), 0);
	CU_ASSERT_EQUAL(eventfd_write(efd, 1), 0);
	CU_ASSERT_TRUE(intr_wait_until(runs_reach, &(int){1}, WAIT_MS));
	CU_ASSERT_EQUAL(atomic_load(&sync_self_ret), -EDEADLK);
	CU_ASSERT_EQUAL(rte_intr_callback_unregister_sync(sync_self_handle, cb_sync_self, NULL), 1);
	CU_ASSERT_EQUAL(eal_intr_thread_stop(), 0);
	rte_intr_instance_free(sync_self_handle);
	close(efd);
}

/* ---- what the EAL reads, and hang-ups ---- */

static atomic_int ext_byte;
static int ext_fd = -1;

/* An EXT source belongs to its callback, which drains it itself. */
static void cb_ext_drain(void *arg)
{
	(void)arg;
	char c = 0;
	if (read(ext_fd, &c, 1) == 1)
		atomic_store(&ext_byte, c);
	atomic_fetch_add(&runs, 1);
}

static void test_ext_fd_not_read(void)
{
	int p[2];
	CU_ASSERT_FATAL(pipe2(p, O_NONBLOCK | O_CLOEXEC) == 0);
	ext_fd = p[0];
	struct rte_intr_handle *h = intr_handle_on_fd(p[0], RTE_INTR_HANDLE_EXT);
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	reset_records();
	atomic_store(&ext_byte, 0);
	CU_ASSERT_EQUAL(rte_intr_callback_register(h, cb_ext_drain, NULL), 0);
	CU_ASSERT_EQUAL(write(p[1], "x", 1), 1);
	CU_ASSERT_TRUE(intr_wait_until(runs_reach, &(int){1}, WAIT_MS));
	CU_ASSERT_EQUAL(atomic_load(&ext_byte), 'x');
	CU_ASSERT_EQUAL(rte_intr_callback_unregister(h, cb_ext_drain, NULL), 1);
	CU_ASSERT_EQUAL(eal_intr_thread_stop(), 0);
	rte_intr_instance_free(h);
	close(p[0]);
	close(p[1]);
}

/* A UIO fd has a 4-byte counter: 8 bytes in the pipe are two events. */
static void test_counter_size_from_creator(void)
{
	int p[2];
	CU_ASSERT_FATAL(pipe2(p, O_NONBLOCK | O_CLOEXEC) == 0);
	struct rte_intr_handle *h = intr_handle_on_fd(p[0], RTE_INTR_HANDLE_UIO);
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	CU_ASSERT_EQUAL(rte_intr_efd_counter_size_set(h, 4), 0);
	reset_records();
	CU_ASSERT_EQUAL(rte_intr_callback_register(h, cb_count, NULL), 0);
	CU_ASSERT_EQUAL(write(p[1], "abcdefgh", 8), 8);
	CU_ASSERT_TRUE(intr_wait_until(runs_reach, &(int){2}, WAIT_MS));
	usleep(20000);
	CU_ASSERT_EQUAL(atomic_load(&runs), 2);
	char c;
	CU_ASSERT_EQUAL(read(p[0], &c, 1), -1); /* all eight bytes consumed */
	CU_ASSERT_EQUAL(rte_intr_callback_unregister(h, cb_count, NULL), 1);
	CU_ASSERT_EQUAL(eal_intr_thread_stop(), 0);
	rte_intr_instance_free(h);
	close(p[0]);
	close(p[1]);
}

struct hangup_case {
	struct rte_intr_handle *h;
	int write_end;
	bool gone;
};

static void close_and_wait_gone(void *arg)
{
	struct hangup_case *c = arg;
	close(c->write_end);
	c->gone = intr_wait_until(source_gone, c->h, WAIT_MS);
}

static void test_hangup_removes_callbacks(void)
{
	int p[2];
	CU_ASSERT_FATAL(pipe2(p, O_NONBLOCK | O_CLOEXEC) == 0);
	struct rte_intr_handle *h = intr_handle_on_fd(p[0], RTE_INTR_HANDLE_UIO);
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	reset_records();
	CU_ASSERT_EQUAL(rte_intr_callback_register(h, cb_count, NULL), 0);
	CU_ASSERT_EQUAL(rte_intr_callback_register(h, cb_order, (void *)7), 0);

	struct hangup_case c = {.h = h, .write_end = p[1]};
	char *log = test_capture_log(close_and_wait_gone, &c);
	CU_ASSERT_TRUE(c.gone);
	CU_ASSERT_EQUAL(atomic_load(&runs), 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(log);
	char expect[64];
	snprintf(expect, sizeof(expect), "interrupt fd %d (type uio) hung up", p[0]);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, expect));
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "its 2 callbacks are removed"));
	CU_ASSERT_EQUAL(intr_count_lines(log), 1);
	free(log);

	/* The thread carries on with the other sources. */
	int efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	struct rte_intr_handle *h2 = intr_handle_on_fd(efd, RTE_INTR_HANDLE_VFIO_MSI);
	CU_ASSERT_PTR_NOT_NULL_FATAL(h2);
	CU_ASSERT_EQUAL(rte_intr_callback_register(h2, cb_count, NULL), 0);
	CU_ASSERT_EQUAL(eventfd_write(efd, 1), 0);
	CU_ASSERT_TRUE(intr_wait_until(runs_reach, &(int){1}, WAIT_MS));
	CU_ASSERT_EQUAL(rte_intr_callback_unregister(h2, cb_count, NULL), 1);
	CU_ASSERT_EQUAL(eal_intr_thread_stop(), 0);
	rte_intr_instance_free(h2);
	rte_intr_instance_free(h);
	close(efd);
	close(p[0]);
}

/* Data written before the hang-up still reaches the callbacks once. */
static void test_last_event_before_hangup(void)
{
	int p[2];
	CU_ASSERT_FATAL(pipe2(p, O_NONBLOCK | O_CLOEXEC) == 0);
	struct rte_intr_handle *h = intr_handle_on_fd(p[0], RTE_INTR_HANDLE_UNKNOWN);
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	reset_records();
	CU_ASSERT_EQUAL(rte_intr_callback_register(h, cb_count, NULL), 0);
	CU_ASSERT_EQUAL(write(p[1], "12345678", 8), 8);
	struct hangup_case c = {.h = h, .write_end = p[1]};
	char *log = test_capture_log(close_and_wait_gone, &c);
	CU_ASSERT_TRUE(c.gone);
	CU_ASSERT_EQUAL(atomic_load(&runs), 1);
	CU_ASSERT_PTR_NOT_NULL(log != NULL ? strstr(log, "hung up") : NULL);
	free(log);
	CU_ASSERT_EQUAL(eal_intr_thread_stop(), 0);
	rte_intr_instance_free(h);
	close(p[0]);
}

static void register_unwatchable(void *arg)
{
	struct hangup_case *c = arg;
	c->gone = rte_intr_callback_register(c->h, cb_count, NULL) == 0 &&
		  intr_wait_until(source_gone, c->h, WAIT_MS);
}

/* A directory cannot be waited on: the source is dropped with one line, nothing spins. */
static void test_unwatchable_fd(void)
{
	int dfd = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	CU_ASSERT_FATAL(dfd >= 0);
	struct rte_intr_handle *h = intr_handle_on_fd(dfd, RTE_INTR_HANDLE_EXT);
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	struct hangup_case c = {.h = h};
	char *log = test_capture_log(register_unwatchable, &c);
	CU_ASSERT_TRUE(c.gone);
	CU_ASSERT_PTR_NOT_NULL_FATAL(log);
	char expect[64];
	snprintf(expect, sizeof(expect), "cannot wait for interrupts on fd %d", dfd);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, expect));
	CU_ASSERT_EQUAL(intr_count_lines(log), 1);
	free(log);
	CU_ASSERT_EQUAL(eal_intr_thread_stop(), 0);
	rte_intr_instance_free(h);
	close(dfd);
}

static void stop_thread(void *arg)
{
	*(int *)arg = eal_intr_thread_stop();
}

/* Callbacks left at cleanup are dropped with one line each, and nothing is left behind. */
static void test_stop_releases_leftovers(void)
{
	int fds0 = test_count_fds();
	int threads0 = test_count_threads();
	int efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	struct rte_intr_handle *h = intr_handle_on_fd(efd, RTE_INTR_HANDLE_VFIO_MSIX);
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	CU_ASSERT_EQUAL(rte_intr_callback_register(h, cb_count, NULL), 0);
	CU_ASSERT_EQUAL(rte_intr_callback_register(h, cb_order, NULL), 0);

	int ret = -1;
	char *log = test_capture_log(stop_thread, &ret);
	CU_ASSERT_EQUAL(ret, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(log);
	char expect[80];
	snprintf(expect, sizeof(expect), "interrupt fd %d (type vfio-msix) still had 2 callbacks",
		 efd);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, expect));
	CU_ASSERT_EQUAL(intr_count_lines(log), 1);
	free(log);
	CU_ASSERT_EQUAL(rte_intr_callback_unregister(h, cb_count, NULL), -ENOENT);
	CU_ASSERT_EQUAL(test_count_threads(), threads0);
	rte_intr_instance_free(h);
	close(efd);
	CU_ASSERT_EQUAL(test_count_fds(), fds0);
}

int intr_callbacks_suite_add(void)
{
	CU_pSuite s = CU_add_suite("intr_callbacks", NULL, NULL);
	if (s == NULL)
		return -1;
	return (CU_add_test(s, "thread starts lazily, stops", test_thread_lazy_start_and_stop) ==
		    NULL ||
		CU_add_test(s, "eventfd event runs the callback", test_eventfd_runs_callback) ==
		    NULL ||
		CU_add_test(s, "several callbacks per fd", test_several_callbacks_per_fd) == NULL ||
		CU_add_test(s, "register/unregister errors", test_register_errors) == NULL ||
		CU_add_test(s, "unregister inside callback", test_unregister_inside_callback) ==
		    NULL ||
		CU_add_test(s, "unregister_sync waits", test_unregister_sync_waits) == NULL ||
		CU_add_test(s, "unregister_sync inside callback",
			    test_unregister_sync_inside_callback) == NULL ||
		CU_add_test(s, "EXT fd is not read", test_ext_fd_not_read) == NULL ||
		CU_add_test(s, "counter size from creator", test_counter_size_from_creator) ==
		    NULL ||
		CU_add_test(s, "hang-up removes callbacks", test_hangup_removes_callbacks) ==
		    NULL ||
		CU_add_test(s, "last event before hang-up", test_last_event_before_hangup) ==
		    NULL ||
		CU_add_test(s, "unwatchable fd dropped", test_unwatchable_fd) == NULL ||
		CU_add_test(s, "stop releases leftovers", test_stop_releases_leftovers) == NULL)
		   ? -1
		   : 0;
}
