/* Serial lines: real RS485/infrared devices and pseudo-terminals.
 *
 * Every function returns 0 (or an fd >= 0) on success and -1 on failure with
 * a readable reason in err[0..errcap) (errno is kept). File descriptors are
 * non-blocking and close-on-exec; the caller owns and closes them. */
#ifndef MDC_PLATFORM_SERIAL_H
#define MDC_PLATFORM_SERIAL_H

#include <stddef.h>
#include <stdint.h>

typedef enum plat_parity {
    PLAT_PARITY_NONE = 'N',
    PLAT_PARITY_EVEN = 'E', /* DL/T 645 and 1376.1 serial links: 8E1 */
    PLAT_PARITY_ODD = 'O',
} plat_parity;

/* True for the rates termios can set here (300 .. 115200). */
int plat_baud_supported(unsigned baud);

/* Opens a serial device raw (no echo, no line editing, no flow control), 8
 * data bits, 1 stop bit, the given parity and rate. */
int plat_serial_open(const char *path, unsigned baud, plat_parity parity, char *err, size_t errcap);

/* Changes rate and parity of an open line (the master may switch a port's rate per meter).
 * On a pseudo-terminal, which has no parity (the kernel refuses PARENB there), the
 * line is set up without parity: bytes cross a pty unchanged either way. */
int plat_serial_config(int fd, unsigned baud, plat_parity parity, char *err, size_t errcap);

/* A pseudo-terminal whose slave side stands in for a serial device.
 * master_fd is the side the simulator reads and writes; keep_fd is a
 * descriptor of the slave held open so the master side does not see a hang-up
 * while no client has the device open (close it with the master). When
 * link_path is not NULL, a symbolic link to the slave device is put there (an
 * existing symbolic link at that path is replaced; any other file is an error). */
typedef struct plat_pty {
    int master_fd;
    int keep_fd;
    char slave_path[64];
} plat_pty;

int plat_pty_open(plat_pty *p, const char *link_path, char *err, size_t errcap);
/* Closes both descriptors and removes the link made by plat_pty_open (when link_path is given). */
void plat_pty_close(plat_pty *p, const char *link_path);

/* Time on the wire of n characters at baud with 11-bit characters (start, 8
 * data, parity, stop), in microseconds, rounded up. */
uint64_t plat_wire_time_us(size_t n, unsigned baud);

#endif
