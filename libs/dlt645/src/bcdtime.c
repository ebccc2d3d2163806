/* DL/T 645 BCD time fields. */
#include <string.h>

#include "mdc/bcd.h"

#include "bcdtime.h"

const uint8_t dlt645_tf_sec6[6] = {TF_SEC, TF_MIN, TF_HOUR, TF_DAY, TF_MON, TF_YEAR};
const uint8_t dlt645_tf_min5[5] = {TF_MIN, TF_HOUR, TF_DAY, TF_MON, TF_YEAR};
const uint8_t dlt645_tf_freeze[4] = {TF_MIN, TF_HOUR, TF_DAY, TF_MON};

static const uint8_t part_mask[] = {MDC_TM_SEC, MDC_TM_MIN, MDC_TM_HOUR,
                                    MDC_TM_DAY, MDC_TM_MON, MDC_TM_YEAR};

static unsigned get_part(const mdc_tm *t, unsigned p)
{
    switch (p) {
    case TF_SEC:
        return t->sec;
    case TF_MIN:
        return t->min;
    case TF_HOUR:
        return t->hour;
    case TF_DAY:
        return t->day;
    case TF_MON:
        return t->mon;
    default:
        return t->year >= 2000u ? t->year - 2000u : 100u;
    }
}

static void set_part(mdc_tm *t, unsigned p, unsigned v)
{
    switch (p) {
    case TF_SEC:
        t->sec = (uint8_t)v;
        break;
    case TF_MIN:
        t->min = (uint8_t)v;
        break;
    case TF_HOUR:
        t->hour = (uint8_t)v;
        break;
    case TF_DAY:
        t->day = (uint8_t)v;
        break;
    case TF_MON:
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
