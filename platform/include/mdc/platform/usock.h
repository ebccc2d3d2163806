/* UNIX-domain stream sockets for the tools' control interfaces.
 * Same conventions as serial.h: -1 and a reason in err; fds non-blocking,
 * close-on-exec, owned by the caller. */
#ifndef MDC_PLATFORM_USOCK_H
#define MDC_PLATFORM_USOCK_H

#include <stddef.h>

/* Listens at path; a stale socket file left by a dead process is replaced,
 * a live one (something accepts connections there) is an error. */
int plat_usock_listen(const char *path, char *err, size_t errcap);

/* Connects to path (blocking connect; the returned fd is blocking too, for
 * simple request/response clients). */
int plat_usock_connect(const char *path, char *err, size_t errcap);

#endif
