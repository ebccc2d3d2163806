/* GPIO lines (mdc/platform/gpio.h): Linux character device (uAPI v2) or a
 * directory of files standing in for the lines. */
#include "mdc/platform/gpio.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/gpio.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

struct plat_gpio {
    bool sim;
    char dir[256];
    size_t nout, nin;
    char out_name[PLAT_GPIO_MAX][32];
    char in_name[PLAT_GPIO_MAX][32];
    int out_fd, in_fd; /* line request fds (real chip), -1 when none */
};

static int fail(char *err, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(char *err, size_t cap, const char *fmt, ...)
{
    int saved = errno;
    va_list ap;
    va_start(ap, fmt);
    if (err && cap)
        vsnprintf(err, cap, fmt, ap);
    va_end(ap);
    errno = saved;
    return -1;
}

static int sim_write(plat_gpio *g, size_t i, int value, char *err, size_t cap)
{
    char path[300], tmp[310];
    snprintf(path, sizeof path, "%s/%s", g->dir, g->out_name[i]);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return fail(err, cap, "gpio %s: %s", tmp, strerror(errno));
    const char *s = value ? "1\n" : "0\n";
    ssize_t w = write(fd, s, 2);
    close(fd);
    if (w != 2 || rename(tmp, path) != 0) /* readers never see a half-written file */
        return fail(err, cap, "gpio %s: %s", path, strerror(errno));
    return 0;
}

static int request_lines(plat_gpio *g, int chip_fd, const plat_gpio_line *l, size_t n, bool output,
                         int *fd_out, char *err, size_t cap)
{
    *fd_out = -1;
    if (n == 0)
        return 0;
    struct gpio_v2_line_request rq;
    memset(&rq, 0, sizeof rq);
    for (size_t i = 0; i < n; i++)
        rq.offsets[i] = l[i].offset;
    snprintf(rq.consumer, sizeof rq.consumer, "concentratord");
    rq.config.flags = output ? GPIO_V2_LINE_FLAG_OUTPUT : GPIO_V2_LINE_FLAG_INPUT;
    rq.num_lines = (unsigned)n;
    if (ioctl(chip_fd, GPIO_V2_GET_LINE_IOCTL, &rq) != 0)
        return fail(err, cap, "gpio: requesting %zu %s lines: %s", n, output ? "output" : "input",
                    strerror(errno));
    (void)g;
    *fd_out = rq.fd;
    return 0;
}

int plat_gpio_open(plat_gpio **out, const char *chip, const plat_gpio_line *outs, size_t nout,
                   const plat_gpio_line *ins, size_t nin, char *err, size_t errcap)
{
    *out = NULL;
    if (nout > PLAT_GPIO_MAX || nin > PLAT_GPIO_MAX || (nout && !outs) || (nin && !ins))
        return fail(err, errcap, "gpio: at most %u lines per direction", PLAT_GPIO_MAX);
    plat_gpio *g = calloc(1, sizeof *g);
    if (!g)
        return fail(err, errcap, "gpio: out of memory");
    g->out_fd = g->in_fd = -1;
    g->nout = nout;
    g->nin = nin;
    for (size_t i = 0; i < nout; i++)
        snprintf(g->out_name[i], sizeof g->out_name[i], "%s", outs[i].name ? outs[i].name : "out");
    for (size_t i = 0; i < nin; i++)
        snprintf(g->in_name[i], sizeof g->in_name[i], "%s", ins[i].name ? ins[i].name : "in");
    if (strncmp(chip, "sim:", 4) == 0) {
        g->sim = true;
        if (strlen(chip + 4) == 0 || strlen(chip + 4) >= sizeof g->dir) {
            free(g);
            return fail(err, errcap, "gpio %s: empty or too long directory", chip);
        }
        snprintf(g->dir, sizeof g->dir, "%s", chip + 4);
        if (mkdir(g->dir, 0755) != 0 && errno != EEXIST) {
            fail(err, errcap, "gpio %s: %s", g->dir, strerror(errno));
            free(g);
            return -1;
        }
        for (size_t i = 0; i < nout; i++)
            if (sim_write(g, i, 0, err, errcap) != 0) {
                free(g);
                return -1;
            }
        *out = g;
        return 0;
    }
    int cfd = open(chip, O_RDWR | O_CLOEXEC);
    if (cfd < 0) {
        fail(err, errcap, "gpio %s: %s", chip, strerror(errno));
        free(g);
        return -1;
    }
    int rc = request_lines(g, cfd, outs, nout, true, &g->out_fd, err, errcap);
    if (rc == 0)
        rc = request_lines(g, cfd, ins, nin, false, &g->in_fd, err, errcap);
    close(cfd);
    if (rc != 0) {
        plat_gpio_close(g);
        return -1;
    }
    *out = g;
    return 0;
}

int plat_gpio_set(plat_gpio *g, size_t i, int value, char *err, size_t errcap)
{
    if (!g || i >= g->nout)
        return fail(err, errcap, "gpio: no output %zu", i);
    if (g->sim)
        return sim_write(g, i, value, err, errcap);
    struct gpio_v2_line_values v = {.bits = value ? (1ull << i) : 0, .mask = 1ull << i};
    if (ioctl(g->out_fd, GPIO_V2_LINE_SET_VALUES_IOCTL, &v) != 0)
        return fail(err, errcap, "gpio: set line %zu: %s", i, strerror(errno));
    return 0;
}

int plat_gpio_get(plat_gpio *g, size_t i, int *value, char *err, size_t errcap)
{
    if (!g || i >= g->nin)
        return fail(err, errcap, "gpio: no input %zu", i);
    if (g->sim) {
        char path[300], buf[4] = "";
        snprintf(path, sizeof path, "%s/%s", g->dir, g->in_name[i]);
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        ssize_t r = fd >= 0 ? read(fd, buf, sizeof buf - 1) : -1;
        if (fd >= 0)
            close(fd);
        *value = r > 0 && buf[0] == '1';
        return 0;
    }
    struct gpio_v2_line_values v = {.bits = 0, .mask = 1ull << i};
    if (ioctl(g->in_fd, GPIO_V2_LINE_GET_VALUES_IOCTL, &v) != 0)
        return fail(err, errcap, "gpio: get line %zu: %s", i, strerror(errno));
    *value = (v.bits >> i) & 1u ? 1 : 0;
    return 0;
}

void plat_gpio_close(plat_gpio *g)
{
    if (!g)
        return;
    if (g->out_fd >= 0)
        close(g->out_fd);
    if (g->in_fd >= 0)
        close(g->in_fd);
    free(g);
}
