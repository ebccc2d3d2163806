/* Private to the DI catalogue (di*.c): element formats, layouts and table rows. */
#ifndef DLT645_DI_INTERNAL_H
#define DLT645_DI_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dlt645/di.h"

/* One named bit field of a status word; width 1 decodes to BOOL, wider to INT. */
typedef struct di_bit {
    const char *name;
    uint8_t shift;
    uint8_t width;
} di_bit;

/* A primitive element format. */
typedef struct di_fmt {
    const char *notation; /* "XXXXXX.XX", "YYMMDDhhmm", ... */
    uint8_t kind;         /* dlt645_di_kind: NUMBER..RAW */
    uint8_t len;          /* bytes (0 for RAW: takes the rest) */
    uint8_t decimals;
    bool is_signed;
    const char *unit;
    const di_bit *bits; /* BITS: NULL-name terminated, may be NULL */
} di_fmt;

typedef struct di_layout di_layout;

/* One field of a layout: a primitive format or a nested layout, repeated
 * min..max times (1..1 = a single member; max > 1 = an ARRAY). Only the last
 * field of a layout may have min != max. */
typedef struct di_field {
    const char *key; /* NULL in a SCALAR layout */
    const di_fmt *fmt;
    const di_layout *sub;
    uint8_t min;
    uint8_t max;
} di_field;

enum { DI_SHAPE_SCALAR = 0, DI_SHAPE_OBJECT, DI_SHAPE_LOADREC };

struct di_layout {
    uint8_t shape;
    uint8_t kind; /* dlt645_di_kind reported for the DI (BLOCK / RECORD / the scalar's kind) */
    const char *notation; /* overall notation for records/blocks (or NULL: built from fields) */
    const di_field *fields;
    uint8_t nfields;
};

/* How a varying DI byte is named in labels. */
enum {
    DI_ROLE_NONE = 0,
    DI_ROLE_TARIFF,   /* 00 total, nn tariff nn */
    DI_ROLE_SETTLE,   /* 00 current, nn previous settlement day nn */
    DI_ROLE_LAST,     /* nn: the nn-th most recent record */
    DI_ROLE_DAY,      /* nn: the nn-th previous day's freeze */
    DI_ROLE_PHASE,    /* 00 total, 01..03 phase A..C */
    DI_ROLE_PHASE3,   /* 01..03 phase A..C */
    DI_ROLE_INDEX,    /* nn: item nn */
    DI_ROLE_MONTH97,  /* 1997 DI1 low bits: 0 current, 4 last month, 8 month before last */
    DI_ROLE_TARIFF97, /* 1997 DI0 low nibble: 0 total, n tariff n */
    DI_ROLE_READMODE, /* load records: 00 earliest, 01 at a given time, 02 latest */
    DI_ROLE_LEVEL     /* passwords: nn = level nn - 1 */
};

/* Layout kind taken from the scalar's element format. */
#define DI_KIND_FMT 0xFFu

/* Building blocks for the tables (file-scope compound literals). */
#define DI_FLD(k, f)                                                                               \
    {                                                                                              \
        k, &(f), NULL, 1, 1                                                                        \
    }
#define DI_SUB(k, l)                                                                               \
    {                                                                                              \
        k, NULL, l, 1, 1                                                                           \
    }
#define DI_ARR(k, f, lo, hi)                                                                       \
    {                                                                                              \
        k, &(f), NULL, lo, hi                                                                      \
    }
#define DI_SARR(k, l, lo, hi)                                                                      \
    {                                                                                              \
        k, NULL, l, lo, hi                                                                         \
    }
#define DI_SC(f)                                                                                   \
    (&(const di_layout){DI_SHAPE_SCALAR, DI_KIND_FMT, NULL,                                        \
                        (const di_field[]){{NULL, &(f), NULL, 1, 1}}, 1})
#define DI_OBJ(kind, nt, ...)                                                                      \
    (&(const di_layout){DI_SHAPE_OBJECT, kind, nt, (const di_field[]){__VA_ARGS__},                \
                        (uint8_t)(sizeof((const di_field[]){__VA_ARGS__}) / sizeof(di_field))})
#define DI_V(b, l, h, r)                                                                           \
    {                                                                                              \
        b, l, h, r, 0                                                                              \
    }
#define DI_NOV                                                                                     \
    {                                                                                              \
        0, 0, 0, DI_ROLE_NONE, 0                                                                   \
    }
/* Row with no / one / two varying DI bytes. */
#define DI_R0(di, n, zh, lay)                                                                      \
    {                                                                                              \
        di, {DI_NOV, DI_NOV}, n, zh, lay, NULL                                                     \
    }
#define DI_R1(di, va, n, zh, lay)                                                                  \
    {                                                                                              \
        di, {va, DI_NOV}, n, zh, lay, NULL                                                         \
    }
#define DI_R2(di, va, vb, n, zh, lay)                                                              \
    {                                                                                              \
        di, {va, vb}, n, zh, lay, NULL                                                             \
    }
#define DI_R0N(di, n, zh, lay, note)                                                               \
    {                                                                                              \
        di, {DI_NOV, DI_NOV}, n, zh, lay, note                                                     \
    }
#define DI_R1N(di, va, n, zh, lay, note)                                                           \
    {                                                                                              \
        di, {va, DI_NOV}, n, zh, lay, note                                                         \
    }

typedef struct di_var {
    uint8_t byte; /* 0 = DI0 ... 3 = DI3; ignored when role == NONE */
    uint8_t lo, hi;
    uint8_t role;
    uint8_t step; /* 0 or 1: every value; otherwise the stride (1997 months: 4) */
} di_var;

typedef struct di_row {
    uint32_t di; /* the first member: varying bytes at their `lo` */
    di_var v[2];
    const char *name;
    const char *name_zh;
    const di_layout *lay;
    const char *note;
} di_row;

typedef struct di_table {
    const di_row *rows;
    size_t n;
    unsigned keyshift; /* rows are sorted by di >> keyshift, which no pattern varies */
} di_table;

extern const di_table dlt645_di_table_2007;
extern const di_table dlt645_di_table_1997;

/* ---- shared formats (di_fmt.c) ---- */
extern const di_fmt DI_F_E4, DI_F_E4S, DI_F_Q4, DI_F_Q4S, DI_F_S4, DI_F_D3, DI_F_D3S, DI_F_DQ3,
    DI_F_DQ3S, DI_F_DS3, DI_F_V2, DI_F_I3S, DI_F_P3S, DI_F_Q3S, DI_F_S3S, DI_F_PF2S, DI_F_HZ2,
    DI_F_TEMP2S, DI_F_BATV2, DI_F_MIN4, DI_F_ANG2, DI_F_CNT3, DI_F_CNT2, DI_F_NN1, DI_F_NN1_MIN,
    DI_F_NNNN2, DI_F_NNNN2_MIN, DI_F_CONST3, DI_F_T_YMDHM, DI_F_T_YMDW, DI_F_T_HMS, DI_F_T_YMDWHMS,
    DI_F_T_YMDHMS, DI_F_T_MDHM, DI_F_T_DH, DI_F_ADDR6, DI_F_HEX1, DI_F_HEX2, DI_F_HEX4, DI_F_RAW,
    DI_F_MONEY4, DI_F_MONEY4S, DI_F_I3, DI_F_V2_97, DI_F_I2_97, DI_F_P3_97, DI_F_Q2_97, DI_F_PF2_97,
    DI_F_MIN3, DI_F_D3_97, DI_F_SW1, DI_F_SW2, DI_F_SW3, DI_F_SW456, DI_F_SW7, DI_F_SW97,
    DI_F_GRID97, DI_F_WEEKEND97, DI_F_ASC32, DI_F_ASC16, DI_F_ASC10, DI_F_ASC6, DI_F_ASC4,
    DI_F_CONSTQ3, DI_F_NNNN2_MS;

/* MDC_TM_* parts a TIME format carries (0 for other kinds). */
uint8_t dlt645_di_fmt_tm_fields(const di_fmt *f);
/* Fixed byte length of a layout, or of one element of a field. */
size_t dlt645_di_field_elem_len(const di_field *f);
/* Decode / encode one primitive element (di_fmt.c). */
mdc_value *dlt645_di_prim_decode(const di_fmt *f, const uint8_t *p, size_t n, mdc_arena *a,
                                 mdc_value *parent, const char *key, bool *invalid);
/* Returns NULL on success or a static reason. `round` rounds extra decimals. */
const char *dlt645_di_prim_encode(const di_fmt *f, const mdc_value *v, uint8_t *p, size_t n,
                                  bool round);

/* The row matching di, or NULL (di.c). */
const di_row *dlt645_di_find(const di_table *t, uint32_t di);
const di_table *dlt645_di_table(unsigned ed);
/* Encode with optional rounding (used by di_map.c). */
dlt645_di_status dlt645_di_encode_ex(unsigned ed, uint32_t di, const mdc_value *v, uint8_t *out,
                                     size_t cap, size_t *len, bool round, dlt645_di_err *err);

/* Fixed-length OBJECT layouts as a whole (di.c): decode n = layout bytes under parent/key;
 * encode returns NULL or a reason (*where = member). */
mdc_value *dlt645_di_lay_decode(const di_layout *l, const uint8_t *p, size_t n, mdc_arena *a,
                                mdc_value *parent, const char *key, bool *invalid);
const char *dlt645_di_lay_encode(const di_layout *l, const mdc_value *v, uint8_t *p, size_t n,
                                 const char **where);
size_t dlt645_di_lay_len(const di_layout *l);

/* Load records (di_loadrec.c). */
bool dlt645_di_loadrec_decode(const uint8_t *p, size_t n, mdc_arena *a, mdc_value **out,
                              bool *invalid, const char **reason);
const char *dlt645_di_loadrec_encode(const mdc_value *v, uint8_t *p, size_t cap, size_t *n);

#endif
