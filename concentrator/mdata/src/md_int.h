/* Private to the meter-data layer: the DI families it keys on, the frozen
 * record format, the source reader used by the answer builders and the
 * value converters (DL/T 645 value -> 1376.1 field). docs/meter-data.md
 * has the Fn <- DI mapping table. */
#ifndef CC_MD_INT_H
#define CC_MD_INT_H

#include "cc/mdata.h"
#include "gdw13761/layout.h"

/* Frozen rows (daily, reading-day, monthly) hold an 8-byte little-endian
 * header, the terminal time the item was read (the A.15 "终端抄表时间" of
 * the answer), then the meter's bytes. Current rows keep the time in the
 * store's ts column; curve rows are the meter's bytes at the grid time. */
#define MD_HDR 8u

/* Pseudo items in the current table (DI3 = FF is not a DL/T 645-2007 DI):
 * the change flags of the 7 status words against the previous reading. */
#define MD_ITEM_SW_CHANGED 0xFF000001u
/* Pseudo item in the daily / monthly tables: the voltage statistics of the
 * period (stats.c), 3 phases x 28 bytes after the 8-byte header. */
#define MD_ITEM_VSTATS 0xFF000002u

/* Curve grid (seconds) and the largest stored item we read back. */
#define MD_GRID     900
#define MD_ITEM_MAX 512u

typedef enum md_table {
    MD_CUR = 0, /* current data */
    MD_DAY,     /* daily frozen (key yyyymmdd) */
    MD_RDAY,    /* reading-day frozen (key yyyymmdd) */
    MD_MON,     /* monthly frozen (key yyyymm) */
    MD_CURVE,   /* curve point (key = grid time, seconds) */
} md_table;

/* True when di is kept in the daily / reading-day / monthly tables (the
 * energy blocks and single items 0001..0008 and demands 0101..0104, DI0 = 00). */
bool md_is_frozen_di(uint32_t di);
/* True when di is kept on the 15-minute curve grid. */
/* A maximum-demand item of the last settlement (01xxxx01): month M's demand. */
bool md_is_settled_demand_di(uint32_t di);
bool md_is_curve_di(uint32_t di);

/* The context of one answer unit: where its sources are read from, a scratch
 * arena for the decoded meter values and the answer arena. */
typedef struct md_ctx {
    store *st;
    uint16_t pn;
    md_table tab;
    int64_t key;       /* day/month key, or curve time */
    int point_rc;      /* mdata_point_lookup of pn, done when first needed (1: not yet) */
    mdata_point point; /* its result */
    unsigned tariffs;  /* the point's F10 tariff count (0: not yet) */
    mdc_arena *a;      /* answer values */
    mdc_arena sc;      /* scratch: decoded meter values */
    int err;           /* first store error (0 none) */
    bool any;          /* a source was found */
    int64_t read_ts;   /* reading time of the sources used (the latest), 0 none */
    uint8_t buf[MD_ITEM_MAX + MD_HDR];
    uint8_t scbuf[16384];
} md_ctx;

/* Sets c up. Returns 0. */
int md_ctx_init(md_ctx *c, store *st, uint16_t pn, md_table tab, int64_t key, mdc_arena *a);
/* The point's tariff count (AFN04 F10; 4 when not configured), looked up
 * once, only when single items or a missing block need it. */
unsigned md_tariffs(md_ctx *c);
/* The point's configuration (mdata_point_lookup, once per context): NULL when
 * pn is not configured or the store failed (then c->err is set). */
const mdata_point *md_point(md_ctx *c);

/* The decoded (2007) value of di from c's table, or NULL when absent (or on
 * a store error, kept in c->err). Marks c->any and c->read_ts. */
const mdc_value *md_src(md_ctx *c, uint32_t di);
/* The same from the curve table at time ts (does not touch read_ts). */
const mdc_value *md_src_curve(md_ctx *c, uint32_t di, int64_t ts);

/* Appends field `key` of format fmt (unit u) to obj: v when it is a number /
 * time that the format can carry, else NULL (EE). scale_shift moves the
 * decimal point (power factor X.XXX -> % XXX.X: 2). Returns false when the
 * answer arena is full. */
bool md_put(md_ctx *c, mdc_value *obj, const char *key, gdw_fmt fmt, const char *u,
            const mdc_value *v, int scale_shift);
/* Appends an unnamed element to an ARRAY (same rules). */
bool md_put_elem(md_ctx *c, mdc_value *arr, gdw_fmt fmt, const char *u, const mdc_value *v,
                 int scale_shift);

/* Member k of an OBJECT value (NULL-safe); element i of an ARRAY member. */
const mdc_value *md_m(const mdc_value *v, const char *k);

/* Total + tariffs 1..m of an energy (DI3 = 00) or demand (DI3 = 01) family:
 * di is the block form 0xTTXXFFss; the block is used when stored, else the
 * single items 0xTTXX00ss (total) and 0xTTXXiiss (tariff i). vals[0] is the
 * total, vals[1..m] the tariffs (NULL when missing). *tariffs: the block's
 * tariff count (or -1 when only single items / nothing was found). Returns
 * true when anything was found. */
bool md_family(md_ctx *c, uint32_t di, const mdc_value **vals, size_t cap, int *tariffs);

/* The A.15 read time of the unit (c->read_ts) as a TIME member "read_time". */
bool md_put_read_time(md_ctx *c, mdc_value *obj);

/* map.c: the "readings" units of the mapping table. */
bool md_0c_readings(uint16_t fn);
int md_0c_readings_build(md_ctx *c, uint16_t fn, mdc_value *obj, bool *found);
bool md_0d_frozen_supported(uint16_t fn);
int md_0d_frozen_table(uint16_t fn); /* md_table of an AFN0D frozen Fn, -1 none */
int md_0d_frozen_build(md_ctx *c, uint16_t fn, mdc_value *obj, bool *found);

/* stats.c: voltage statistics (AFN0D F27, F35). on_point adds a new curve
 * point of a voltage item (block or phase) to its day and month; build fills
 * the unit after its label (*found false: nothing for the period). */
int md_vstats_on_point(store *st, uint16_t pn, uint32_t di, const uint8_t *data, size_t len,
                       int64_t grid);
int md_vstats_build(store *st, uint16_t pn, bool monthly, uint32_t key, mdc_value *o, mdc_arena *a,
                    bool *found);

/* delta.c: energy of the day / month (AFN0C F41-F48, AFN0D F5-F8, F21-F24). */
bool md_delta_supported(uint8_t afn, uint16_t fn);
int md_delta_build(md_ctx *c, uint8_t afn, uint16_t fn, uint32_t key, int64_t now_s, mdc_value *obj,
                   bool *found);

/* build0c.c: every AFN0C Fn of a point (readings and the others). */
bool md_0c_supported(uint16_t fn);
/* curve.c: AFN0D F81-F95, F101-F108. */
bool md_0d_curve_supported(uint16_t fn);
int md_build_curve(store *st, uint16_t pn, uint16_t fn, const mdc_value *req, int64_t now_s,
                   mdc_arena *a, mdc_value **out);

/* Shared table-driven "readings" unit: read_time, tariff_count, then one
 * array per part. Used by 0C F33-F36, F129-F152, F177, F178 and the 0D
 * frozen Fn that repeat them. */
typedef struct md_part {
    const char *name; /* array name in the layout */
    uint32_t di;      /* block DI (DI0 = settlement day for 0C, 00 for frozen tables) */
    uint8_t kind;     /* MD_PK_* */
} md_part;
enum {
    MD_PK_A14 = 1,   /* A.14 kWh readings */
    MD_PK_A11,       /* A.11 kvarh readings */
    MD_PK_DEM_KW,    /* A.23 kW demands */
    MD_PK_DEM_KVAR,  /* A.23 kvar demands */
    MD_PK_DEM_TIME,  /* A.17 times of the demands of the part before */
    MD_PK_PAIR_KW,   /* {value A.23 kW, time A.17} */
    MD_PK_PAIR_KVAR, /* {value A.23 kvar, time A.17} */
};
/* Builds the unit into obj (already holding the label for 0D). Returns 0,
 * with *found false when no part has data. */
int md_readings(md_ctx *c, const md_part *parts, size_t n, size_t m_max, mdc_value *obj,
                bool *found);

#endif
