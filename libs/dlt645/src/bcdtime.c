/* DL/T 645 BCD time fields. */
#include <string.h>

#include "mdc/bcd.h"

#include "bcdtime.h"

const uint8_t dlt645_tf_sec6[6] = {TP_SEC, TP_MIN, TP_HOUR, TP_DAY, TP_MON, TP_YEAR};
const uint8_t dlt645_tf_min5[5] = {TP_MIN, TP_HOUR, TP_DAY, TP_MON, TP_YEAR};
const uint8_t dlt645_tf_freeze[4] = {TP_MIN, TP_HOUR, TP_DAY, TP_MON};

static const uint8_t part_mask[] = {MDC_TM_SEC, MDC_TM_MIN, MDC_TM_HOUR,
                                    MDC_TM_DAY, MDC_TM_MON, MDC_TM_YEAR};

static unsigned get_part(const mdc_tm *t, unsigned p)
{
    switch (p) {
    case TP_SEC:
        return t->sec;
    case TP_MIN:
        return t->min;
    case TP_HOUR:
        return t->hour;
    case TP_DAY:
        return t->day;
    case TP_MON:
        return t->mon;
    default:
        return t->year >= 2000u ? t->year - 2000u : 100u;
    }
}

static void set_part(mdc_tm *t, unsigned p, unsigned v)
{
    switch (p) {
    case TP_SEC:
        t->sec = (uint8_t)v;
        break;
    case TP_MIN:
        t->min = (uint8_t)v;
        break;
    case TP_HOUR:
        t->hour = (uint8_t)v;
        break;
    case TP_DAY:
        t->day = (uint8_t)v;
        break;
    case TP_MON:
        t->mon = (uint8_t)v;
        break;
    default:
        t->year = (uint16_t)(2000u + v);
        break;
    }
}

bool dlt645_time_put(const mdc_tm *t, const uint8_t *order, size_t n, bool wildcard, uint8_t *out)
{
    if (!mdc_tm_valid(t))
        return false;
    for (size_t i = 0; i < n; i++) {
        if (!(t->fields & part_mask[order[i]])) {
            if (!wildcard)
                return false;
            out[i] = 0x99;
            continue;
        }
        unsigned v = get_part(t, order[i]);
        if (v > 99u)
            return false;
        out[i] = mdc_u8_to_bcd(v);
    }
    return true;
}

bool dlt645_time_get(const uint8_t *in, const uint8_t *order, size_t n, bool wildcard, mdc_tm *t)
{
    memset(t, 0, sizeof *t);
    for (size_t i = 0; i < n; i++) {
        if (wildcard && in[i] == 0x99)
            continue;
        if (!mdc_bcd_valid(in[i]))
            return false;
        set_part(t, order[i], mdc_bcd_to_u8(in[i]));
        t->fields = (uint8_t)(t->fields | part_mask[order[i]]);
    }
    return mdc_tm_valid(t);
}
