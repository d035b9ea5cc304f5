/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef EAL_MALLOC_H
#define EAL_MALLOC_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The heaps to try for a request on socket requested, in order, into order[max]: the socket
 * alone (socket 0 when NUMA is not known: one heap serves all), or for SOCKET_ID_ANY the
 * current socket and then every other. Returns how many, or -EINVAL for a socket that is not
 * SOCKET_ID_ANY nor a node of this machine.
 */
int eal_malloc_socket_order(int requested, unsigned int current, unsigned int nb_sockets, bool numa,
			    unsigned int *order, unsigned int max);

/*
 * size bytes aligned to align on socket, not crossing a multiple of bound (0: no bound); what
 * names the caller in log lines.
 */
void *eal_malloc_on(size_t size, size_t align, size_t bound, int socket, const char *what);

#endif
