/* Q/GDW 1376.1 messages (gdw13761/msg.h) as JSON and readable text: the link
 * fields and data units of a decoded frame, in the shape `frametool decode
 * --json` prints (the same shape `frametool encode 1376.1 --json` and
 * `master send --data` read back). Needs the gdw13761 library at link time. */
#ifndef MDC_TOOLS_MSGJSON_H
#define MDC_TOOLS_MSGJSON_H

#include <stdint.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "gdw13761/msg.h"

/* Readable name of an AFN ("class 1 data (real time)"), "reserved AFN" for
 * the others. Static string. */
const char *msgjson_afn_name(uint8_t afn);

/* Readable name of an Appendix D error code (AFN00 F3 "err"). Static string. */
const char *msgjson_err_name(int64_t e);

/* One unit as {pn ("all" for DA = FF 00), fn, name, data}. The caller frees
 * the result with cJSON_Delete; NULL on allocation failure. */
cJSON *msgjson_unit(const gdw13761_unit *u);

/* The whole message: proto, dir, prm, fcb_acd, fcv, fc, a1, a2, msa, group,
 * afn, afn_name, seq{tpv, fir, fin, con, seq}, units[], ec{}, tp{}, pw, and
 * complete=false + error when m->complete is false (err may be NULL). The
 * caller frees the result with cJSON_Delete. */
cJSON *msgjson_msg(const gdw13761_msg *m, const gdw13761_err *err);

/* Prints units[0..n) of the given AFN for people: a heading per unit
 * ("p1 F129  forward active reading, tariffs / ..."), its value indented,
 * and for AFN00 F3 the name of each item's error code. */
void msgjson_print_units(FILE *f, uint8_t afn, const gdw13761_unit *units, size_t n);

#endif
