/* The REQUEST grammar of `master send` and script mode (docs/master.md):
 *
 *   AFN Fn... [pn...] [--data JSON] [--td DATE] [--tm YYYY-MM]
 *       [--from TIME --points N --density MIN] [--range A-B]
 *       [--file PATH [--file-id N] [--segment BYTES]]
 *
 * AFN is hex ("0C"), each Fn "F129" or a range "F1-F3", each pn "p1", a
 * range "p1-8" or "pall" (DA = FF 00); without pn, p0. --data gives the data
 * unit in the JSON shape frametool prints (an object, used for every pn x Fn,
 * or an array of {pn, fn, data}). AFN0D time labels come from --td (day),
 * --tm (month) or --from/--points/--density (curves), according to what each
 * Fn's row needs; AFN0E event pointers from --range; AFN05 F31 without --data
 * takes the master's clock. */
#ifndef MASTER_REQUEST_H
#define MASTER_REQUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gdw13761/msg.h"
#include "mdc/mtime.h"
#include "mdc/value.h"

#define MREQ_MAX_UNITS 512
#define MREQ_ARENA     (256u * 1024u)

typedef struct mreq {
    uint8_t afn;
    gdw13761_unit units[MREQ_MAX_UNITS];
    size_t n;
    /* AFN0F F1: a whole file in segments */
    const char *file;
    unsigned file_id;  /* 1 = terminal firmware (Table 398) */
    unsigned seg_size; /* bytes per segment */
    mdc_arena arena;
    uint8_t mem[MREQ_ARENA];
} mreq;

/* Parses argv[0..argc) into r (values in r->arena; r->file points into argv).
 * `now` is the master's clock (AFN05 F31). Returns 0, or -1 with a readable
 * reason in why: bad AFN, Fn or pn, an option without its value, JSON that
 * does not parse, a row that needs data and got none, an Fn not catalogued
 * for this AFN downlink. */
int mreq_parse(int argc, char **argv, const mdc_tm *now, mreq *r, char *why, size_t whycap);

/* Encodes the unit region of r into out[0..cap). Returns 0 with *written,
 * or -1 with the encoder's reason. */
int mreq_encode(const mreq *r, uint8_t *out, size_t cap, size_t *written, char *why, size_t whycap);

/* Parses "A1-A2": A1 4 hex digits (region code), A2 decimal 1..65535 or hex
 * with a 0x prefix or an H suffix. Returns 0, -1 on a bad address. */
int mreq_parse_addr(const char *s, char a1[5], uint16_t *a2);

#endif
