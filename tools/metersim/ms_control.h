/* metersim control language: one command per line, one JSON answer per line. No I/O: the
 * shell feeds lines from the control socket and the script file (docs/metersim.md lists
 * every command). */
#ifndef METERSIM_MS_CONTROL_H
#define METERSIM_MS_CONTROL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ms_bus.h"

typedef struct ms_ctl {
    ms_bus *bus;
    unsigned baud;        /* default rate of meters added with "add" */
    uint8_t garbage[256]; /* bytes the shell must put on the wire now ("garbage N") */
    size_t n_garbage;
    bool quit; /* "quit" was asked */
} ms_ctl;

/* Executes one command line at sim time now; writes one JSON object (no newline) into out:
 * {"ok":true,...} or {"ok":false,"error":"reason"}. Returns its length. */
size_t ms_control_exec(ms_ctl *c, const char *line, int64_t now, char *out, size_t cap);

#endif
