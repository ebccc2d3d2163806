/* metersim live tests: helpers shared by test_live*.c (spawn the real binary, talk DL/T 645 over
 * its pty, ask the control socket). Every helper fails the current cmocka test on error. */
#ifndef METERSIM_LIVE_UTIL_H
#define METERSIM_LIVE_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "dlt645/dlt645.h"

/* Paths of the current test (a fresh /tmp directory per test, made by setup). */
extern char dir[64], link_path[96], sock_path[96], conf_path[96], script_path[96], errf[96];
extern pid_t child;
extern int line_fd, ctl_fd;

uint64_t ms_now(void);
void sleep_ms(unsigned ms);
/* Stops metersim (SIGTERM, then SIGKILL after 3 s) and closes the line and the socket. */
void stop_sim(void);
/* cmocka setup/teardown: a unique directory; everything in it removed afterwards. */
int setup(void **state);
int teardown(void **state);
/* Spawns metersim with args (NULL-terminated), stderr to errf. */
pid_t spawn(const char *const *args);
/* Spawns metersim and connects to its link (2400 8E1) and control socket. */
void start_sim(const char *const *args);
/* One control command; the answer line (static storage). */
const char *ctl(const char *cmd);
/* The "data" hex of a control answer. */
void ctl_data(const char *answer, char *hex, size_t cap);
/* Discards pending input on the line. */
void drain(void);
/* Sends f, waits up to wait_ms for a reply frame: 1 with *rep (and *ms from the end of our write,
 * *dropped bytes the framer threw away), 0 on silence. ms, dropped may be NULL. */
int xfer(const dlt645_frame *f, unsigned wait_ms, dlt645_frame *rep, unsigned *ms,
         uint32_t *dropped);
/* A read request (11H / 01H) for di at addr. */
void read_req(const char *addr, uint32_t di, dlt645_proto proto, dlt645_frame *f);
void hex_of(const uint8_t *p, size_t n, char *out);
/* The 4-byte BCD value written as hex (low byte first) as a number. */
unsigned long bcd_hex4(const char *hex);
void write_file(const char *path, const char *text);
/* ss mm hh WW DD MM YY (hex) -> "YYMMDDhhmmss". */
void clock_key(const char *hex, char out[13]);
/* Reads di over the bus (2007); the data after the DI as hex. */
void bus_read_hex(const char *addr, uint32_t di, char *hex);
/* The control socket's "read addr di" data as hex. */
void truth_hex(const char *addr, const char *di, char *hex, size_t cap);

#endif
