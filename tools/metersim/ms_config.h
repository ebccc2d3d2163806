/* metersim configuration: the config file format (docs/metersim.md) and the quick form.
 * Parsing works on text already read (no I/O); errors come back as "file:line: reason". */
#ifndef METERSIM_MS_CONFIG_H
#define METERSIM_MS_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ms_meter.h"

#define MS_METERS_MAX 64u
#define MS_PATH_MAX   256u

typedef struct ms_sim_cfg {
    char link[MS_PATH_MAX];    /* pty symlink path, or "" */
    char device[MS_PATH_MAX];  /* serial device, or "" */
    char control[MS_PATH_MAX]; /* control socket path, or "" */
    char script[MS_PATH_MAX];  /* script file, or "" */
    unsigned baud;             /* serial device rate (default 2400) */
    double speed;              /* simulated seconds per real second (default 1) */
    int64_t start_ms;          /* simulated start time, ms since epoch civil; 0 = system clock */
    unsigned n;
    ms_meter_cfg meter[MS_METERS_MAX];
} ms_sim_cfg;

/* Defaults: no paths, 2400 baud, speed 1, start 0, no meters. */
void ms_config_init(ms_sim_cfg *c);

/* Parses the text of a config file named fname. Returns 0, or -1 with "fname:line: reason"
 * in err. */
int ms_config_parse(ms_sim_cfg *c, const char *text, const char *fname, char *err, size_t errcap);

/* The quick form: count meters from first_addr (12 digits, consecutive addresses), edition
 * and rate. Returns 0 or -1 with a reason. */
int ms_config_quick(ms_sim_cfg *c, unsigned count, const char *first_addr, dlt645_proto proto,
                    unsigned baud, char *err, size_t errcap);

/* Parses "2007" / "1997". */
bool ms_parse_proto(const char *s, dlt645_proto *out);
/* The address plus k (decimal digits, wraps at 10^12); false when addr is not 12 BCD digits. */
bool ms_addr_add(const uint8_t addr[DLT645_ADDR_LEN], uint64_t k, uint8_t out[DLT645_ADDR_LEN]);

#endif
