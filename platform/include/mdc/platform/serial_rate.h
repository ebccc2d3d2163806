/* Reading back the rate a serial line (or a pty's slave side) is set to. Used by simulators to
 * tell which rate the master is talking at: on a pty the client's tcsetattr is visible through
 * the master and the held slave descriptor. Same conventions as serial.h. */
#ifndef MDC_PLATFORM_SERIAL_RATE_H
#define MDC_PLATFORM_SERIAL_RATE_H

#include <stddef.h>

/* The input rate of fd in bits per second (300 .. 115200), 0 when termios reports a rate outside
 * that table; -1 with a reason in err when fd is not a terminal. */
long plat_serial_get_baud(int fd, char *err, size_t errcap);

#endif
