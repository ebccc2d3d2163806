/* The mapping table of the "readings" units: which DL/T 645-2007 block
 * each array of an AFN0C / AFN0D data unit comes from (docs/meter-data.md).
 * Shapes are the data units of §5.12.2.4 (read time, M, arrays); AFN0C
 * takes them from the current data (DI0 = 00 now, 01 the previous
 * settlement day), AFN0D from the daily / reading-day / monthly tables. */
#include "md_int.h"

typedef struct md_shape {
    uint8_t n;
    uint8_t m_max; /* largest M the data unit carries */
    md_part parts[4];
} md_shape;

#define P(nm, di, k)                                                                               \
    {                                                                                              \
        nm, di, k                                                                                  \
    }
static const md_shape SH_FWD = {
    4,
    12,
    {P("fwd_active", 0x0001FF00u, MD_PK_A14), P("fwd_reactive", 0x0003FF00u, MD_PK_A11),
     P("q1_reactive", 0x0005FF00u, MD_PK_A11), P("q4_reactive", 0x0008FF00u, MD_PK_A11)}};
static const md_shape SH_REV = {
    4,
    12,
    {P("rev_active", 0x0002FF00u, MD_PK_A14), P("rev_reactive", 0x0004FF00u, MD_PK_A11),
     P("q2_reactive", 0x0006FF00u, MD_PK_A11), P("q3_reactive", 0x0007FF00u, MD_PK_A11)}};
static const md_shape SH_FWD_DEM = {4,
                                    12,
                                    {P("fwd_active_demand", 0x0101FF00u, MD_PK_DEM_KW),
                                     P("fwd_active_time", 0, MD_PK_DEM_TIME),
                                     P("fwd_reactive_demand", 0x0103FF00u, MD_PK_DEM_KVAR),
                                     P("fwd_reactive_time", 0, MD_PK_DEM_TIME)}};
static const md_shape SH_REV_DEM = {4,
                                    12,
                                    {P("rev_active_demand", 0x0102FF00u, MD_PK_DEM_KW),
                                     P("rev_active_time", 0, MD_PK_DEM_TIME),
                                     P("rev_reactive_demand", 0x0104FF00u, MD_PK_DEM_KVAR),
                                     P("rev_reactive_time", 0, MD_PK_DEM_TIME)}};
#define ONE(id, di, k) static const md_shape id = {1, 63, {P("energy", di, k)}}
ONE(SH_E00, 0x0000FF00u, MD_PK_A14); /* combined active */
ONE(SH_E01, 0x0001FF00u, MD_PK_A14);
ONE(SH_E02, 0x0002FF00u, MD_PK_A14);
ONE(SH_E03, 0x0003FF00u, MD_PK_A11);
ONE(SH_E04, 0x0004FF00u, MD_PK_A11);
ONE(SH_E05, 0x0005FF00u, MD_PK_A11);
ONE(SH_E06, 0x0006FF00u, MD_PK_A11);
ONE(SH_E07, 0x0007FF00u, MD_PK_A11);
ONE(SH_E08, 0x0008FF00u, MD_PK_A11);
#define DEM(id, di, k) static const md_shape id = {1, 63, {P("demand", di, k)}}
DEM(SH_D01, 0x0101FF00u, MD_PK_PAIR_KW);
DEM(SH_D02, 0x0102FF00u, MD_PK_PAIR_KW);
DEM(SH_D03, 0x0103FF00u, MD_PK_PAIR_KVAR);
DEM(SH_D04, 0x0104FF00u, MD_PK_PAIR_KVAR);

typedef struct md_row {
    uint16_t fn;
    uint8_t tab; /* md_table (0C: MD_CUR) */
    uint8_t di0; /* 0C: settlement day (00 now, 01 the previous one) */
    const md_shape *shape;
} md_row;

static const md_row rows_0c[] = {
    {33, MD_CUR, 0, &SH_FWD},     {34, MD_CUR, 0, &SH_REV},     {35, MD_CUR, 0, &SH_FWD_DEM},
    {36, MD_CUR, 0, &SH_REV_DEM}, {37, MD_CUR, 1, &SH_FWD},     {38, MD_CUR, 1, &SH_REV},
    {39, MD_CUR, 1, &SH_FWD_DEM}, {40, MD_CUR, 1, &SH_REV_DEM}, {129, MD_CUR, 0, &SH_E01},
    {130, MD_CUR, 0, &SH_E03},    {131, MD_CUR, 0, &SH_E02},    {132, MD_CUR, 0, &SH_E04},
    {133, MD_CUR, 0, &SH_E05},    {134, MD_CUR, 0, &SH_E06},    {135, MD_CUR, 0, &SH_E07},
    {136, MD_CUR, 0, &SH_E08},    {137, MD_CUR, 1, &SH_E01},    {138, MD_CUR, 1, &SH_E03},
    {139, MD_CUR, 1, &SH_E02},    {140, MD_CUR, 1, &SH_E04},    {141, MD_CUR, 1, &SH_E05},
    {142, MD_CUR, 1, &SH_E06},    {143, MD_CUR, 1, &SH_E07},    {144, MD_CUR, 1, &SH_E08},
    {145, MD_CUR, 0, &SH_D01},    {146, MD_CUR, 0, &SH_D03},    {147, MD_CUR, 0, &SH_D02},
    {148, MD_CUR, 0, &SH_D04},    {149, MD_CUR, 1, &SH_D01},    {150, MD_CUR, 1, &SH_D03},
    {151, MD_CUR, 1, &SH_D02},    {152, MD_CUR, 1, &SH_D04},    {177, MD_CUR, 0, &SH_E00},
    {178, MD_CUR, 1, &SH_E00},
};

/* AFN0D: daily (F1-F4, F161-F168, F185-F188), reading-day (F9-F12,
 * F169-F176, F189-F192), monthly (F17-F20, F177-F184, F193-F196). */
static const md_shape *const group_rd[8] = {&SH_E01, &SH_E03, &SH_E02, &SH_E04,
                                            &SH_E05, &SH_E06, &SH_E07, &SH_E08};
static const md_shape *const group_4[4] = {&SH_FWD, &SH_REV, &SH_FWD_DEM, &SH_REV_DEM};
static const md_shape *const group_dem[4] = {&SH_D01, &SH_D03, &SH_D02, &SH_D04};

static bool row_0d(uint16_t fn, md_row *out)
{
    static const struct {
        uint16_t first, n;
        uint8_t tab;
        const md_shape *const *shapes;
    } groups[] = {
        {1, 4, MD_DAY, group_4},     {9, 4, MD_RDAY, group_4},     {17, 4, MD_MON, group_4},
        {161, 8, MD_DAY, group_rd},  {169, 8, MD_RDAY, group_rd},  {177, 8, MD_MON, group_rd},
        {185, 4, MD_DAY, group_dem}, {189, 4, MD_RDAY, group_dem}, {193, 4, MD_MON, group_dem},
    };
    for (size_t i = 0; i < sizeof groups / sizeof groups[0]; i++)
        if (fn >= groups[i].first && fn < groups[i].first + groups[i].n) {
            out->fn = fn;
            out->tab = groups[i].tab;
            out->di0 = 0;
            out->shape = groups[i].shapes[fn - groups[i].first];
            return true;
        }
    return false;
}

static const md_row *row_0c(uint16_t fn)
{
    for (size_t i = 0; i < sizeof rows_0c / sizeof rows_0c[0]; i++)
        if (rows_0c[i].fn == fn)
            return &rows_0c[i];
    return NULL;
}

static int build_row(md_ctx *c, const md_row *r, mdc_value *obj, bool *found)
{
    md_part parts[4];
    for (size_t k = 0; k < r->shape->n; k++) {
        parts[k] = r->shape->parts[k];
        if (parts[k].di)
            parts[k].di = (parts[k].di & 0xFFFFFF00u) | r->di0;
    }
    return md_readings(c, parts, r->shape->n, r->shape->m_max, obj, found);
}

bool md_0c_readings(uint16_t fn)
{
    return row_0c(fn) != NULL;
}

int md_0c_readings_build(md_ctx *c, uint16_t fn, mdc_value *obj, bool *found)
{
    const md_row *r = row_0c(fn);
    *found = false;
    return r ? build_row(c, r, obj, found) : 0;
}

bool md_0d_frozen_supported(uint16_t fn)
{
    md_row r;
    return row_0d(fn, &r);
}

int md_0d_frozen_table(uint16_t fn)
{
    md_row r;
    return row_0d(fn, &r) ? r.tab : -1;
}

int md_0d_frozen_build(md_ctx *c, uint16_t fn, mdc_value *obj, bool *found)
{
    md_row r;
    *found = false;
    return row_0d(fn, &r) ? build_row(c, &r, obj, found) : 0;
}
