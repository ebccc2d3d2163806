#include "mdc/platform/serial.h"

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

static int fail(char *err, size_t cap, const char *what, const char *path)
{
    int e = errno;
    if (err && cap)
        snprintf(err, cap, "%s %s: %s", what, path ? path : "", strerror(e));
    errno = e;
    return -1;
}

static const struct {
    unsigned baud;
    speed_t code;
} rates[] = {
    {300, B300},   {600, B600},     {1200, B1200},   {2400, B2400},   {4800, B4800},
    {9600, B9600}, {19200, B19200}, {38400, B38400}, {57600, B57600}, {115200, B115200},
};

static int rate_code(unsigned baud, speed_t *code)
{
    for (size_t i = 0; i < sizeof rates / sizeof rates[0]; i++)
        if (rates[i].baud == baud) {
            *code = rates[i].code;
            return 0;
        }
    return -1;
}

/* True when fd is the slave side of a pseudo-terminal (/dev/pts/N). */
static bool is_pty(int fd)
{
    char link[64], target[128];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, target, sizeof target - 1);
    if (n <= 0)
        return false;
    target[n] = 0;
    return strncmp(target, "/dev/pts/", 9) == 0 || strcmp(target, "/dev/ptmx") == 0;
}

int plat_baud_supported(unsigned baud)
{
    speed_t c;
    return rate_code(baud, &c) == 0;
}

int plat_serial_config(int fd, unsigned baud, plat_parity parity, char *err, size_t errcap)
{
    struct termios t;
    speed_t code;
    if (rate_code(baud, &code) != 0) {
        errno = EINVAL;
        if (err && errcap)
            snprintf(err, errcap, "unsupported baud rate %u", baud);
        return -1;
    }
    if (tcgetattr(fd, &t) != 0)
        return fail(err, errcap, "tcgetattr", NULL);
    /* raw: the equivalent of cfmakeraw, spelled out */
    t.c_iflag &= ~(tcflag_t)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON |
                             IXOFF | IXANY | INPCK);
    t.c_oflag &= ~(tcflag_t)OPOST;
    t.c_lflag &= ~(tcflag_t)(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
    t.c_cflag &= ~(tcflag_t)(CSIZE | PARENB | PARODD | CSTOPB | CRTSCTS);
    t.c_cflag |= CS8 | CREAD | CLOCAL;
    if (parity != PLAT_PARITY_NONE) {
        t.c_cflag |= PARENB;
        if (parity == PLAT_PARITY_ODD)
            t.c_cflag |= PARODD;
    }
    t.c_cc[VMIN] = 0;
    t.c_cc[VTIME] = 0;
    cfsetispeed(&t, code);
    cfsetospeed(&t, code);
    if (tcsetattr(fd, TCSANOW, &t) != 0) {
        /* A pseudo-terminal has no parity: recent kernels refuse PARENB on a pty
         * and glibc reports EINVAL. Bytes cross a pty unchanged, so the line is
         * set up without parity there; a real serial line keeps the error. */
        if (errno != EINVAL || parity == PLAT_PARITY_NONE || !is_pty(fd))
            return fail(err, errcap, "tcsetattr", NULL);
        t.c_cflag &= ~(tcflag_t)(PARENB | PARODD);
        if (tcsetattr(fd, TCSANOW, &t) != 0)
            return fail(err, errcap, "tcsetattr", NULL);
    }
    return 0;
}

int plat_serial_open(const char *path, unsigned baud, plat_parity parity, char *err, size_t errcap)
{
    int fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return fail(err, errcap, "open", path);
    if (!isatty(fd)) {
        close(fd);
        errno = ENOTTY;
        return fail(err, errcap, "not a serial line:", path);
    }
    if (plat_serial_config(fd, baud, parity, err, errcap) != 0) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    return fd;
}

int plat_pty_open(plat_pty *p, const char *link_path, char *err, size_t errcap)
{
    memset(p, 0, sizeof *p);
    p->master_fd = p->keep_fd = -1;
    int m = posix_openpt(O_RDWR | O_NOCTTY);
    if (m < 0)
        return fail(err, errcap, "posix_openpt", NULL);
    if (grantpt(m) != 0 || unlockpt(m) != 0) {
        int e = errno;
        close(m);
        errno = e;
        return fail(err, errcap, "grantpt/unlockpt", NULL);
    }
    const char *name = ptsname(m);
    if (!name || strlen(name) >= sizeof p->slave_path) {
        close(m);
        errno = ENAMETOOLONG;
        return fail(err, errcap, "ptsname", NULL);
    }
    snprintf(p->slave_path, sizeof p->slave_path, "%s", name);
    int keep = open(p->slave_path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (keep < 0) {
        int e = errno;
        close(m);
        errno = e;
        return fail(err, errcap, "open", p->slave_path);
    }
    /* raw on the slave side, so the client's bytes reach us unchanged even
     * before it sets the line up itself */
    if (plat_serial_config(keep, 9600, PLAT_PARITY_EVEN, err, errcap) != 0)
        goto fail_close;
    int fl = fcntl(m, F_GETFL);
    if (fl < 0 || fcntl(m, F_SETFL, fl | O_NONBLOCK) != 0 || fcntl(m, F_SETFD, FD_CLOEXEC) != 0) {
        fail(err, errcap, "fcntl", NULL);
        goto fail_close;
    }
    if (link_path) {
        struct stat st;
        if (lstat(link_path, &st) == 0) {
            if (!S_ISLNK(st.st_mode)) {
                errno = EEXIST;
                fail(err, errcap, "refusing to replace a file that is not a symlink:", link_path);
                goto fail_close;
            }
            unlink(link_path);
        }
        if (symlink(p->slave_path, link_path) != 0) {
            fail(err, errcap, "symlink", link_path);
            goto fail_close;
        }
    }
    p->master_fd = m;
    p->keep_fd = keep;
    return 0;
fail_close : {
    int e = errno;
    close(keep);
    close(m);
    errno = e;
    return -1;
}
}

void plat_pty_close(plat_pty *p, const char *link_path)
{
    if (link_path) {
        char target[sizeof p->slave_path];
        ssize_t n = readlink(link_path, target, sizeof target - 1);
        if (n > 0) {
            target[n] = 0;
            if (strcmp(target, p->slave_path) == 0)
                unlink(link_path);
        }
    }
    if (p->keep_fd >= 0)
        close(p->keep_fd);
    if (p->master_fd >= 0)
        close(p->master_fd);
    p->keep_fd = p->master_fd = -1;
}

uint64_t plat_wire_time_us(size_t n, unsigned baud)
{
    if (baud == 0)
        return 0;
    return ((uint64_t)n * 11u * 1000000u + baud - 1u) / baud;
}
