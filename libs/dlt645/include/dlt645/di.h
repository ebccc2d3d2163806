/* DL/T 645 data identifiers (DI): what the data after a DI means, and how to
 * turn those bytes into a typed value tree (mdc/value.h) and back.
 *
 * Everything here works on the *unscrambled* DATA that follows the DI in a
 * frame (the +33H already removed, the DI itself not included). The frame
 * codec (dlt645/frame.h) is not needed.
 *
 * Editions: pass 2007 or 1997 as `ed` (the same numbers as dlt645_proto in
 * frame.h, so DLT645_PROTO_2007 works). A 2007 DI is the uint32 0xDI3DI2DI1DI0
 * (sent DI0 first); a 1997 DI is the uint16 0xDI1DI0 (sent DI0 first).
 *
 * The catalogue is a set of table rows; one row can cover a family of DIs
 * through up to two varying DI bytes (tariff, settlement day, event record
 * index, freeze day, phase). Lookup is a binary search on the row key
 * (DI3 DI2 for 2007, DI1 for 1997) and then a scan of the few rows sharing
 * that key: O(log R + b), b <= 60 in the current tables (docs/dlt645-di.md). No allocation. */
#ifndef DLT645_DI_H
#define DLT645_DI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mdc/mtime.h"
#include "mdc/value.h"

#define DLT645_DI_ED_1997 1997u
#define DLT645_DI_ED_2007 2007u

/* What kind of value a DI (or one element of it) carries. */
typedef enum dlt645_di_kind {
    DLT645_DK_NUMBER = 0, /* BCD with implied decimals -> MDC_V_DEC (scale = decimals, unit) */
    DLT645_DK_BCD_INT,    /* BCD integer (counts, NN parameters) -> MDC_V_INT */
    DLT645_DK_TIME,       /* BCD calendar parts -> MDC_V_TIME with the parts present */
    DLT645_DK_ADDRESS,    /* 12 BCD digits -> MDC_V_STR "123456789012" (high digits first) */
    DLT645_DK_ASCII,      /* text, sent last character first -> MDC_V_STR */
    DLT645_DK_HEX,        /* opaque word (operator code, DI, password, mode word) -> STR of hex */
    DLT645_DK_BITS,       /* status word -> OBJECT {"raw": int, "<bit>": bool | int ...} */
    DLT645_DK_RAW,        /* opaque bytes -> MDC_V_BYTES */
    DLT645_DK_BLOCK,      /* a sequence of like elements -> OBJECT (total + tariffs, phases) */
    DLT645_DK_RECORD,     /* named fields of different formats -> OBJECT */
    DLT645_DK_LOADREC,    /* a load-record block (DI3 = 06), see docs/dlt645-di.md */
} dlt645_di_kind;

/* Description of one DI, pattern already resolved. Strings are static. */
typedef struct dlt645_di_info {
    unsigned ed;         /* 1997 or 2007 */
    uint32_t di;         /* the DI asked for */
    const char *name;    /* short English name of the row (family) */
    const char *name_zh; /* Chinese name when known, else NULL */
    const char
        *format; /* standard notation: "XXXXXX.XX", "YYMMDDhhmm", "8 x (XX.XXXX YYMMDDhhmm)" */
    dlt645_di_kind kind;
    size_t len;        /* data bytes; for variable blocks the smallest length */
    size_t len_max;    /* == len for fixed items; largest accepted otherwise */
    size_t len_step;   /* variable blocks: length grows in steps of this (0 for fixed) */
    uint8_t decimals;  /* NUMBER: implied decimals */
    bool is_signed;    /* NUMBER: top bit of the top byte is the sign */
    const char *unit;  /* "kWh", "V", ... or NULL */
    uint8_t tm_fields; /* TIME: the MDC_TM_* parts the format carries (e.g. YYMMDDWW = DATE|WDAY) */
    const char *note;  /* provenance / disagreement note, or NULL */
} dlt645_di_info;

/* One catalogue row as stored: the DI of its first member, and the ranges. */
typedef struct dlt645_di_row_info {
    uint32_t first;      /* first DI of the family */
    uint32_t last;       /* last DI of the family (== first for a single DI) */
    uint32_t count;      /* number of DIs the row covers */
    dlt645_di_info info; /* resolved for `first` */
} dlt645_di_row_info;

/* Outcome of a decode or encode. `reason` is a static English sentence. */
typedef enum dlt645_di_status {
    DLT645_DI_OK = 0,      /* typed value produced / bytes written */
    DLT645_DI_UNKNOWN,     /* decode: DI not catalogued, value is BYTES of the data */
    DLT645_DI_BAD_LENGTH,  /* decode: known DI, wrong data length, value is BYTES */
    DLT645_DI_HAS_INVALID, /* decode: typed, but some parts are INVALID (bad BCD / range) */
    DLT645_DI_EINVAL,      /* bad arguments (NULL pointers, unknown edition) */
    DLT645_DI_ENOMEM,      /* arena full (decode) or output buffer too small (encode) */
    DLT645_DI_EVALUE,      /* encode: value missing, wrong type or out of range */
} dlt645_di_status;

typedef struct dlt645_di_err {
    dlt645_di_status status;
    const char *reason; /* never NULL after a call */
    const char *where;  /* key of the element that failed, or NULL */
} dlt645_di_err;

/* Fills *out (when not NULL) with the description of `di` in edition `ed`.
 * False when the DI is not catalogued (out untouched). */
bool dlt645_di_lookup(unsigned ed, uint32_t di, dlt645_di_info *out);

/* A readable label for people, e.g. "forward active energy, tariff 2,
 * previous settlement day 3". Writes a NUL-terminated string into out
 * (truncated to cap) and returns its length. Unknown DIs give
 * "unknown DI 12345678" (2007) or "unknown DI 9A10" (1997). */
size_t dlt645_di_label(unsigned ed, uint32_t di, char *out, size_t cap);

/* Decodes `len` bytes of unscrambled data for `di` into a value tree built in
 * `arena`; *out points into the arena (caller owns the arena).
 * Never fails on data content: an unknown DI gives BYTES (status UNKNOWN), a
 * known DI with a wrong length gives BYTES (status BAD_LENGTH, reason says
 * what was expected), bad BCD gives INVALID nodes (status HAS_INVALID).
 * Returns the status (also in err->status when err is not NULL); only EINVAL
 * and ENOMEM leave *out NULL. */
dlt645_di_status dlt645_di_decode(unsigned ed, uint32_t di, const uint8_t *data, size_t len,
                                  mdc_arena *arena, mdc_value **out, dlt645_di_err *err);

/* Encodes value `v` for `di` into out[0..cap) and sets *len. The inverse of
 * dlt645_di_decode: decode followed by encode gives the same bytes. BYTES for
 * the whole DI (or INVALID for one element) is written as is. Numbers may be
 * INT or DEC; more decimals than the format has, values that do not fit, a
 * negative value in an unsigned format, a missing member or a wrong kind give
 * EVALUE with a reason and err->where naming the member. An unknown DI
 * accepts only BYTES. Returns the status. */
dlt645_di_status dlt645_di_encode(unsigned ed, uint32_t di, const mdc_value *v, uint8_t *out,
                                  size_t cap, size_t *len, dlt645_di_err *err);

/* Catalogue enumeration: rows 0..count-1 in lookup order. False past the end. */
size_t dlt645_di_row_count(unsigned ed);
bool dlt645_di_row_at(unsigned ed, size_t i, dlt645_di_row_info *out);
/* The i-th DI covered by row `row` (i < count), in ascending order. */
uint32_t dlt645_di_row_member(unsigned ed, size_t row, uint32_t i);
/* The row's DI pattern, high byte first, varying bytes as ranges:
 * "0001[00-3F][00-0C]", 1997 "[90-98/4][10-14]" (/4 = every 4th value).
 * NUL-terminated in out (truncated to cap); returns the length. */
size_t dlt645_di_row_pattern(unsigned ed, size_t i, char *out, size_t cap);

/* ---- 1997 <-> 2007 mapping ---- */

typedef enum dlt645_di_conv {
    DLT645_CONV_SAME = 0, /* same bytes in both editions */
    DLT645_CONV_RESCALE,  /* same quantity, different digits/decimals: via the value tree */
    DLT645_CONV_PART,     /* the 1997 item is one member of the 2007 record (see `member`) */
} dlt645_di_conv;

typedef struct dlt645_di_map {
    uint16_t di97;
    uint32_t di07;
    uint8_t conv;       /* dlt645_di_conv */
    const char *member; /* CONV_PART: key of the 2007 member the 1997 item equals */
    const char *note;   /* what changes, e.g. "1997 whole volts, 2007 XXX.X" */
} dlt645_di_map;

/* Fills *out with the mapping of a 1997 DI / a 2007 DI; false when the item
 * has no counterpart. Patterned families (tariffs, phases, last month) are
 * resolved: 9012 -> 00010200, 00010200 -> 9012. Strings in *out are static. */
bool dlt645_di_map_97_to_07(uint16_t di97, dlt645_di_map *out);
bool dlt645_di_map_07_to_97(uint32_t di07, dlt645_di_map *out);

/* Converts data of `from_di` in edition `from_ed` into the data of its
 * counterpart in the other edition (written to out, *out_len set, *to_di set).
 * Precision lost going to a format with fewer decimals (2007 220.1 V -> 1997
 * 220 V) is rounded half away from zero. Fails (EVALUE, reason) when the value
 * cannot be carried (negative into an unsigned 1997 format, a 1997 demand
 * without its time for 2007 01010000, invalid BCD), EINVAL when no mapping.
 * `arena` is scratch space for the intermediate value tree. */
dlt645_di_status dlt645_di_convert(unsigned from_ed, uint32_t from_di, const uint8_t *data,
                                   size_t len, mdc_arena *arena, uint32_t *to_di, uint8_t *out,
                                   size_t cap, size_t *out_len, dlt645_di_err *err);

/* ---- load records (DI3 = 06) ---- */

/* Writes the request data that follows a load-record DI for read mode DI0:
 * 00 / 02 -> N (block count, 1 byte BCD); 01 -> N + YYMMDDhhmm (wire: N mm hh
 * DD MM YY, 6 bytes). t is used only for DI0 = 01. Returns the length, or 0
 * when di is not a load-record DI, n is 0 or > 99, t lacks date/hour/minute,
 * or cap is too small. */
size_t dlt645_di_loadrec_request(uint32_t di, unsigned n, const mdc_tm *t, uint8_t *out,
                                 size_t cap);

#endif
