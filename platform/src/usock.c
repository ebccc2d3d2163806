#include "mdc/platform/usock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

static int fail(char *err, size_t cap, const char *what, const char *path)
{
    int e = errno;
    if (err && cap)
        snprintf(err, cap, "%s %s: %s", what, path, strerror(e));
    errno = e;
    return -1;
}

static int addr_of(const char *path, struct sockaddr_un *a, char *err, size_t cap)
{
    memset(a, 0, sizeof *a);
    a->sun_family = AF_UNIX;
    if (strlen(path) >= sizeof a->sun_path) {
        errno = ENAMETOOLONG;
        return fail(err, cap, "socket path too long:", path);
    }
    memcpy(a->sun_path, path, strlen(path) + 1);
    return 0;
}

int plat_usock_connect(const char *path, char *err, size_t errcap)
{
    struct sockaddr_un a;
    if (addr_of(path, &a, err, errcap) != 0)
        return -1;
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return fail(err, errcap, "socket", path);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        int e = errno;
        close(fd);
        errno = e;
        return fail(err, errcap, "connect", path);
    }
    return fd;
}

int plat_usock_listen(const char *path, char *err, size_t errcap)
{
    struct sockaddr_un a;
    if (addr_of(path, &a, err, errcap) != 0)
        return -1;
    struct stat st;
    if (lstat(path, &st) == 0) {
        if (!S_ISSOCK(st.st_mode)) {
            errno = EEXIST;
            return fail(err, errcap, "not a socket, refusing to replace:", path);
        }
        int probe = plat_usock_connect(path, NULL, 0);
        if (probe >= 0) {
            close(probe);
            errno = EADDRINUSE;
            return fail(err, errcap, "another process listens at", path);
        }
        unlink(path); /* stale: its owner is gone */
    }
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0)
        return fail(err, errcap, "socket", path);
    if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(fd, 16) != 0) {
        int e = errno;
        close(fd);
        errno = e;
        return fail(err, errcap, "bind/listen", path);
    }
    return fd;
}
