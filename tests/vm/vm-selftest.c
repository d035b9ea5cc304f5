/*
 * vm-selftest: a build-tree program that the VM lab copies into the guest (meson passes it to
 * vm-run with --bin), proving the path later scenarios use for the openeal CLI: the program,
 * every library ldd reports, the ELF interpreter and libgcc_s, which ldd never lists but glibc
 * dlopens for pthread_cancel's unwinding ("libgcc_s.so.1 must be installed" abort otherwise).
 */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static void *wait_forever(void *arg)
{
	(void)arg;
	for (;;)
		pause(); /* a cancellation point */
	return NULL;
}

int main(void)
{
	pthread_t t;
	void *res = NULL;

	if (pthread_create(&t, NULL, wait_forever, NULL) != 0) {
		fprintf(stderr, "vm-selftest: pthread_create failed\n");
		return 1;
	}
	if (pthread_cancel(t) != 0 || pthread_join(t, &res) != 0 || res != PTHREAD_CANCELED) {
		fprintf(stderr, "vm-selftest: thread cancellation failed\n");
		return 1;
	}
	printf("vm-selftest: thread cancelled and joined (libgcc_s present)\n");
	return 0;
}
