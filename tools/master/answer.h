/* What an answer means: decodes the reassembled unit region of a response
 * and classifies it (confirmed / data, denied, malformed), then prints it for
 * people or as one JSON object. No I/O besides the FILE given to print. */
#ifndef MASTER_ANSWER_H
#define MASTER_ANSWER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "gdw13761/msg.h"

#define MANS_MAX_UNITS 2048

typedef enum mans_status {
    MANS_OK = 0,   /* data, or confirmed */
    MANS_DENY,     /* AFN00 F2, an F3 item with ERR != 0, F4, or FC 9 (no data) */
    MANS_MALFORMED /* another AFN than asked, or units that do not decode */
} mans_status;

typedef struct mans {
    uint8_t req_afn, afn, fc;
    unsigned frames;
    gdw13761_msg m;
    gdw13761_unit units[MANS_MAX_UNITS];
    gdw13761_err err;
    mdc_arena arena;
    uint8_t mem[1u << 20];
    mans_status status;
    char reason[192];
} mans;

/* Decodes region[0..len) (uplink, AFN afn, frame FC fc) as the answer to a
 * request of AFN req_afn and sets a->status and a->reason. Returns status. */
mans_status mans_decode(mans *a, uint8_t req_afn, uint8_t afn, uint8_t fc, unsigned frames,
                        const uint8_t *region, size_t len);

/* "ok", "deny", "malformed". */
const char *mans_status_name(mans_status s);

/* {"result", "reason"?, "afn", "afn_name", "frames", "units": [...]}; the
 * caller frees it. */
cJSON *mans_json(const mans *a);

/* A heading ("AFN0C class 1 data (real time): 2 units in 1 frame") and the units. */
void mans_print(FILE *f, const mans *a);

#endif
