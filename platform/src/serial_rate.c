#include "mdc/platform/serial_rate.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>

static const struct {
    speed_t code;
    long baud;
} rates[] = {
    {B300, 300},   {B600, 600},     {B1200, 1200},   {B2400, 2400},   {B4800, 4800},
    {B9600, 9600}, {B19200, 19200}, {B38400, 38400}, {B57600, 57600}, {B115200, 115200},
};

long plat_serial_get_baud(int fd, char *err, size_t errcap)
{
    struct termios t;
    if (tcgetattr(fd, &t) != 0) {
        int e = errno;
        if (err && errcap)
            snprintf(err, errcap, "tcgetattr: %s", strerror(e));
        errno = e;
        return -1;
    }
    speed_t code = cfgetispeed(&t);
    if (code == B0)
        code = cfgetospeed(&t);
    for (size_t i = 0; i < sizeof rates / sizeof rates[0]; i++)
        if (rates[i].code == code)
            return rates[i].baud;
    return 0;
}
