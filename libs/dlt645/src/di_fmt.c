/* DL/T 645 element formats: the primitive cells the DI catalogue is made of,
 * and their decode/encode to and from the value tree. */
#include <string.h>

#include "di_internal.h"
#include "mdc/bcd.h"

/* ---- status-word bit names (notes 1.10.4, source D runCode1_s..7_s) ---- */
static const di_bit sw1_bits[] = {
    {"external_switch_pulse", 0, 1},
    {"demand_interval", 1, 1},
    {"clock_battery_low", 2, 1},
    {"reading_battery_low", 3, 1},
    {"active_reverse", 4, 1},
    {"reactive_reverse", 5, 1},
    {NULL, 0, 0},
};
static const di_bit sw2_bits[] = {
    {"a_active_reverse", 0, 1},
    {"b_active_reverse", 1, 1},
    {"c_active_reverse", 2, 1},
    {"a_reactive_reverse", 4, 1},
    {"b_reactive_reverse", 5, 1},
    {"c_reactive_reverse", 6, 1},
    {NULL, 0, 0},
};
static const di_bit sw3_bits[] = {
    {"second_segment_table", 0, 1},
    {"supply", 1, 2}, /* 0 main, 1 auxiliary, 2 battery */
    {"programming_allowed", 3, 1},
    {"relay_off", 4, 1},
    {"second_zone_table", 5, 1},
    {"relay_command_off", 6, 1},
    {"pretrip_alarm", 7, 1},
    {"meter_type", 8, 2}, /* 0 not prepaid, 1 energy, 2 money */
    {"second_price_set", 10, 1},
    {"second_step_set", 11, 1},
    {"keep_power", 12, 1},
    {"identity_authenticated", 13, 1},
    {"local_account_open", 14, 1},
    {"remote_account_open", 15, 1},
    {NULL, 0, 0},
};
static const di_bit sw456_bits[] = {
    {"voltage_loss", 0, 1},  {"undervoltage", 1, 1},
    {"overvoltage", 2, 1},   {"current_loss", 3, 1},
    {"overcurrent", 4, 1},   {"overload", 5, 1},
    {"power_reverse", 6, 1}, {"phase_break", 7, 1},
    {"current_break", 8, 1}, {NULL, 0, 0},
};
static const di_bit sw7_bits[] = {
    {"voltage_reverse_sequence", 0, 1}, {"current_reverse_sequence", 1, 1},
    {"voltage_imbalance", 2, 1},        {"current_imbalance", 3, 1},
    {"auxiliary_supply_lost", 4, 1},    {"power_down", 5, 1},
    {"demand_over_limit", 6, 1},        {"power_factor_low", 7, 1},
    {"current_severe_imbalance", 8, 1}, {NULL, 0, 0},
};
static const di_bit sw97_bits[] = {
    {"manual_reading", 0, 1}, {"demand_interval", 1, 1},  {"battery_low", 2, 1},
    {"active_reverse", 4, 1}, {"reactive_reverse", 5, 1}, {NULL, 0, 0},
};
static const di_bit weekend97_bits[] = {
    {"sunday_workday", 0, 1},   {"monday_workday", 1, 1},
    {"tuesday_workday", 2, 1},  {"wednesday_workday", 3, 1},
    {"thursday_workday", 4, 1}, {"friday_workday", 5, 1},
    {"saturday_workday", 6, 1}, {NULL, 0, 0},
};

#define NUM(name, nt, l, d, s, u) const di_fmt name = {nt, DLT645_DK_NUMBER, l, d, s, u, NULL}
#define INT(name, nt, l, u)       const di_fmt name = {nt, DLT645_DK_BCD_INT, l, 0, false, u, NULL}
#define TIM(name, nt)             const di_fmt name = {nt, DLT645_DK_TIME, sizeof(nt) / 2, 0, 0, 0, 0}

NUM(DI_F_E4, "XXXXXX.XX", 4, 2, false, "kWh");
NUM(DI_F_E4S, "XXXXXX.XX", 4, 2, true, "kWh");
NUM(DI_F_Q4, "XXXXXX.XX", 4, 2, false, "kvarh");
NUM(DI_F_Q4S, "XXXXXX.XX", 4, 2, true, "kvarh");
NUM(DI_F_S4, "XXXXXX.XX", 4, 2, false, "kVAh");
NUM(DI_F_D3, "XX.XXXX", 3, 4, false, "kW");
NUM(DI_F_D3S, "XX.XXXX", 3, 4, true, "kW");
NUM(DI_F_DQ3, "XX.XXXX", 3, 4, false, "kvar");
NUM(DI_F_DQ3S, "XX.XXXX", 3, 4, true, "kvar");
NUM(DI_F_DS3, "XX.XXXX", 3, 4, false, "kVA");
NUM(DI_F_V2, "XXX.X", 2, 1, false, "V");
NUM(DI_F_I3S, "XXX.XXX", 3, 3, true, "A");
NUM(DI_F_I3, "XXX.XXX", 3, 3, false, "A");
NUM(DI_F_P3S, "XX.XXXX", 3, 4, true, "kW");
NUM(DI_F_Q3S, "XX.XXXX", 3, 4, true, "kvar");
NUM(DI_F_S3S, "XX.XXXX", 3, 4, true, "kVA");
NUM(DI_F_PF2S, "X.XXX", 2, 3, true, NULL);
NUM(DI_F_HZ2, "XX.XX", 2, 2, false, "Hz");
NUM(DI_F_TEMP2S, "XXX.X", 2, 1, true, "degC");
NUM(DI_F_BATV2, "XX.XX", 2, 2, false, "V");
NUM(DI_F_ANG2, "XXX.X", 2, 1, false, "deg");
NUM(DI_F_MONEY4, "XXXXXX.XX", 4, 2, false, "CNY");
NUM(DI_F_MONEY4S, "XXXXXX.XX", 4, 2, true, "CNY");
NUM(DI_F_V2_97, "XXX", 2, 0, false, "V");
NUM(DI_F_I2_97, "XX.XX", 2, 2, false, "A");
NUM(DI_F_P3_97, "XX.XXXX", 3, 4, false, "kW");
NUM(DI_F_D3_97, "XX.XXXX", 3, 4, false, "kW");
NUM(DI_F_Q2_97, "XX.XX", 2, 2, false, "kvar");
NUM(DI_F_PF2_97, "X.XXX", 2, 3, false, NULL);
INT(DI_F_MIN4, "XXXXXXXX", 4, "min");
INT(DI_F_MIN3, "NNNNNN", 3, "min");
INT(DI_F_CNT3, "XXXXXX", 3, NULL);
INT(DI_F_CNT2, "NNNN", 2, NULL);
INT(DI_F_NN1, "NN", 1, NULL);
INT(DI_F_NN1_MIN, "NN", 1, "min");
INT(DI_F_NNNN2, "NNNN", 2, NULL);
INT(DI_F_NNNN2_MIN, "NNNN", 2, "min");
INT(DI_F_NNNN2_MS, "XXXX", 2, "ms");
INT(DI_F_CONST3, "XXXXXX", 3, "imp/kWh");
INT(DI_F_CONSTQ3, "XXXXXX", 3, "imp/kvarh");
TIM(DI_F_T_YMDHM, "YYMMDDhhmm");
TIM(DI_F_T_YMDW, "YYMMDDWW");
TIM(DI_F_T_HMS, "hhmmss");
TIM(DI_F_T_YMDWHMS, "YYMMDDWWhhmmss");
TIM(DI_F_T_YMDHMS, "YYMMDDhhmmss");
TIM(DI_F_T_MDHM, "MMDDhhmm");
TIM(DI_F_T_DH, "DDhh");
const di_fmt DI_F_ADDR6 = {"NNNNNNNNNNNN", DLT645_DK_ADDRESS, 6, 0, false, NULL, NULL};
const di_fmt DI_F_HEX1 = {"NN", DLT645_DK_HEX, 1, 0, false, NULL, NULL};
const di_fmt DI_F_HEX2 = {"NNNN", DLT645_DK_HEX, 2, 0, false, NULL, NULL};
const di_fmt DI_F_HEX4 = {"NNNNNNNN", DLT645_DK_HEX, 4, 0, false, NULL, NULL};
const di_fmt DI_F_RAW = {"raw", DLT645_DK_RAW, 0, 0, false, NULL, NULL};
const di_fmt DI_F_SW1 = {"XXXX", DLT645_DK_BITS, 2, 0, false, NULL, sw1_bits};
const di_fmt DI_F_SW2 = {"XXXX", DLT645_DK_BITS, 2, 0, false, NULL, sw2_bits};
const di_fmt DI_F_SW3 = {"XXXX", DLT645_DK_BITS, 2, 0, false, NULL, sw3_bits};
const di_fmt DI_F_SW456 = {"XXXX", DLT645_DK_BITS, 2, 0, false, NULL, sw456_bits};
const di_fmt DI_F_SW7 = {"XXXX", DLT645_DK_BITS, 2, 0, false, NULL, sw7_bits};
const di_fmt DI_F_SW97 = {"NN", DLT645_DK_BITS, 1, 0, false, NULL, sw97_bits};
const di_fmt DI_F_GRID97 = {"NN", DLT645_DK_BITS, 1, 0, false, NULL, NULL};
const di_fmt DI_F_WEEKEND97 = {"NN", DLT645_DK_BITS, 1, 0, false, NULL, weekend97_bits};

/* ---- time parts ---- */
typedef enum { TP_YY, TP_MON, TP_DD, TP_WW, TP_HH, TP_MIN, TP_SS, TP_BAD } tpart;

static tpart part_of(const char *t)
{
    static const struct {
        char a, b;
        tpart p;
    } map[] = {{'Y', 'Y', TP_YY}, {'M', 'M', TP_MON}, {'D', 'D', TP_DD}, {'W', 'W', TP_WW},
               {'h', 'h', TP_HH}, {'m', 'm', TP_MIN}, {'s', 's', TP_SS}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (t[0] == map[i].a && t[1] == map[i].b)
            return map[i].p;
    return TP_BAD;
}

static const uint8_t part_mask[] = {MDC_TM_YEAR, MDC_TM_MON, MDC_TM_DAY, MDC_TM_WDAY,
                                    MDC_TM_HOUR, MDC_TM_MIN, MDC_TM_SEC, 0};

static bool time_decode(const di_fmt *f, const uint8_t *p, size_t n, mdc_tm *tm)
{
    memset(tm, 0, sizeof *tm);
    for (size_t i = 0; i < n; i++) {
        uint8_t b = p[n - 1 - i]; /* notation is written high byte first */
        if (!mdc_bcd_valid(b))
            return false;
        unsigned v = mdc_bcd_to_u8(b);
        tpart tp = part_of(f->notation + 2 * i);
        switch (tp) {
        case TP_YY:
            tm->year = (uint16_t)(2000u + v);
            break;
        case TP_MON:
            tm->mon = (uint8_t)v;
            break;
        case TP_DD:
            tm->day = (uint8_t)v;
            break;
        case TP_WW:
            tm->wday = (uint8_t)v;
            break;
        case TP_HH:
            tm->hour = (uint8_t)v;
            break;
        case TP_MIN:
            tm->min = (uint8_t)v;
            break;
        case TP_SS:
            tm->sec = (uint8_t)v;
            break;
        case TP_BAD:
            return false;
        }
        tm->fields = (uint8_t)(tm->fields | part_mask[tp]);
    }
    if ((tm->fields & MDC_TM_WDAY) && tm->wday > 6)
        return false;
    return mdc_tm_valid(tm);
}

static const char *time_encode(const di_fmt *f, const mdc_tm *tm, uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        tpart tp = part_of(f->notation + 2 * i);
        unsigned v = 0;
        if (tp == TP_BAD)
            return "bad time notation";
        if (tp == TP_WW && !(tm->fields & MDC_TM_WDAY) && (tm->fields & MDC_TM_DATE) == MDC_TM_DATE)
            v = mdc_weekday(tm->year, tm->mon, tm->day);
        else if (!(tm->fields & part_mask[tp]))
            return "the time lacks a part the format carries";
        else
            switch (tp) {
            case TP_YY:
                if (tm->year < 2000 || tm->year > 2099)
                    return "year outside 2000..2099";
                v = tm->year - 2000u;
                break;
            case TP_MON:
                v = tm->mon;
                break;
            case TP_DD:
                v = tm->day;
                break;
            case TP_WW:
                v = tm->wday;
                break;
            case TP_HH:
                v = tm->hour;
                break;
            case TP_MIN:
                v = tm->min;
                break;
            case TP_SS:
                v = tm->sec;
                break;
            case TP_BAD:
                break;
            }
        static const unsigned lim[TP_BAD + 1] = {100, 13, 32, 7, 24, 60, 60, 0};
        if (v >= lim[tp] || ((tp == TP_MON || tp == TP_DD) && v == 0))
            return "time part out of range";
        p[n - 1 - i] = mdc_u8_to_bcd(v);
    }
    return NULL;
}

/* ---- helpers ---- */
static const char hexd[] = "0123456789ABCDEF";

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

static mdc_value *add_invalid(mdc_arena *a, mdc_value *parent, const char *key, const uint8_t *p,
                              size_t n, bool *invalid)
{
    *invalid = true;
    return mdc_v_add_bytes(a, parent, key, MDC_V_INVALID, p, n);
}

static bool all_zero(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i])
            return false;
    return true;
}

static mdc_value *bits_decode(const di_fmt *f, const uint8_t *p, size_t n, mdc_arena *a,
                              mdc_value *parent, const char *key)
{
    uint64_t raw = 0;
    for (size_t i = n; i-- > 0;)
        raw = raw << 8 | p[i];
    mdc_value *o = mdc_v_add_obj(a, parent, key);
    if (!o)
        return NULL;
    mdc_v_add_int(a, o, "raw", (int64_t)raw, NULL);
    for (const di_bit *b = f->bits; b && b->name; b++) {
        uint64_t x = (raw >> b->shift) & ((1u << b->width) - 1u);
        if (b->width == 1)
            mdc_v_add_bool(a, o, b->name, x != 0);
        else
            mdc_v_add_int(a, o, b->name, (int64_t)x, NULL);
    }
    return o;
}

mdc_value *dlt645_di_prim_decode(const di_fmt *f, const uint8_t *p, size_t n, mdc_arena *a,
                                 mdc_value *parent, const char *key, bool *invalid)
{
    switch ((dlt645_di_kind)f->kind) {
    case DLT645_DK_NUMBER:
    case DLT645_DK_BCD_INT: {
        uint8_t tmp[9];
        uint64_t mag = 0;
        bool neg = false;
        if (n > sizeof tmp)
            return add_invalid(a, parent, key, p, n, invalid);
        memcpy(tmp, p, n);
        if (f->is_signed) {
            neg = (tmp[n - 1] & 0x80u) != 0;
            tmp[n - 1] &= 0x7Fu;
        }
        /* A negative zero cannot be written back from a number: keep it raw. */
        if (!mdc_bcd_decode_le(tmp, n, &mag) || (neg && mag == 0))
            return add_invalid(a, parent, key, p, n, invalid);
        int64_t v = neg ? -(int64_t)mag : (int64_t)mag;
        if (f->kind == DLT645_DK_BCD_INT)
            return mdc_v_add_int(a, parent, key, v, f->unit);
        return mdc_v_add_dec(a, parent, key, v, f->decimals, f->unit);
    }
    case DLT645_DK_TIME: {
        mdc_tm tm;
        if (all_zero(p, n))
            return mdc_v_add_null(a, parent, key);
        if (!time_decode(f, p, n, &tm))
            return add_invalid(a, parent, key, p, n, invalid);
        return mdc_v_add_time(a, parent, key, &tm);
    }
    case DLT645_DK_ADDRESS: {
        char s[2 * 16];
        if (n > 16)
            return add_invalid(a, parent, key, p, n, invalid);
        for (size_t i = 0; i < n; i++) {
            if (!mdc_bcd_valid(p[n - 1 - i]))
                return add_invalid(a, parent, key, p, n, invalid);
            s[2 * i] = hexd[p[n - 1 - i] >> 4];
            s[2 * i + 1] = hexd[p[n - 1 - i] & 15];
        }
        return mdc_v_add_str(a, parent, key, s, 2 * n);
    }
    case DLT645_DK_HEX: {
        char s[2 * 16];
        if (n > 16)
            return add_invalid(a, parent, key, p, n, invalid);
        for (size_t i = 0; i < n; i++) {
            s[2 * i] = hexd[p[n - 1 - i] >> 4];
            s[2 * i + 1] = hexd[p[n - 1 - i] & 15];
        }
        return mdc_v_add_str(a, parent, key, s, 2 * n);
    }
    case DLT645_DK_ASCII: {
        char s[64];
        size_t len = 0;
        bool pad = false;
        if (n > sizeof s)
            return add_invalid(a, parent, key, p, n, invalid);
        for (size_t i = 0; i < n; i++) {
            uint8_t c = p[n - 1 - i]; /* sent last character first */
            if (c == 0) {
                pad = true;
            } else if (pad || c < 0x20 || c > 0x7E) {
                return add_invalid(a, parent, key, p, n, invalid);
            } else {
                s[len++] = (char)c;
            }
        }
        return mdc_v_add_str(a, parent, key, s, len);
    }
    case DLT645_DK_BITS:
        return bits_decode(f, p, n, a, parent, key);
    default:
        return mdc_v_add_bytes(a, parent, key, MDC_V_BYTES, p, n);
    }
}

/* Mantissa of v at `scale`, rounding half away from zero when `round`. */
static bool get_mant(const mdc_value *v, uint8_t scale, bool round, int64_t *m)
{
    if (mdc_v_mant(v, scale, m))
        return true;
    if (!round || v->kind != MDC_V_DEC || v->u.dec.scale <= scale || v->u.dec.scale > 17)
        return false;
    int64_t d = (int64_t)mdc_pow10((unsigned)(v->u.dec.scale - scale));
    int64_t q = v->u.dec.mant / d, r = v->u.dec.mant % d;
    if (r >= d / 2 + d % 2 || -r >= d / 2 + d % 2)
        q += v->u.dec.mant < 0 ? -1 : 1;
    *m = q;
    return true;
}

static const char *bits_encode(const di_fmt *f, const mdc_value *v, uint8_t *p, size_t n)
{
    int64_t raw = 0, x;
    const mdc_value *m;
    if (v->kind != MDC_V_OBJECT)
        return "a status word must be an object";
    if ((m = mdc_v_get(v, "raw")) != NULL && !mdc_v_int(m, &raw))
        return "status word \"raw\" must be an integer";
    if (raw < 0 || (uint64_t)raw >> (8 * n))
        return "status word \"raw\" out of range";
    for (const di_bit *b = f->bits; b && b->name; b++) {
        if ((m = mdc_v_get(v, b->name)) == NULL)
            continue;
        if (!mdc_v_int(m, &x) || x < 0 || x >= (1 << b->width))
            return "status-word bit value out of range";
        int64_t mask = ((1 << b->width) - 1) << b->shift;
        raw = (raw & ~mask) | (x << b->shift);
    }
    for (size_t i = 0; i < n; i++)
        p[i] = (uint8_t)((uint64_t)raw >> (8 * i));
    return NULL;
}

const char *dlt645_di_prim_encode(const di_fmt *f, const mdc_value *v, uint8_t *p, size_t n,
                                  bool round)
{
    if (!v)
        return "value missing";
    if (v->kind == MDC_V_INVALID || (v->kind == MDC_V_BYTES && f->kind != DLT645_DK_RAW)) {
        if (v->u.bytes.len != n)
            return "raw bytes of the wrong length for this element";
        memcpy(p, v->u.bytes.p, n);
        return NULL;
    }
    switch ((dlt645_di_kind)f->kind) {
    case DLT645_DK_NUMBER:
    case DLT645_DK_BCD_INT: {
        int64_t m;
        if (!get_mant(v, f->kind == DLT645_DK_NUMBER ? f->decimals : 0, round, &m))
            return v->kind == MDC_V_INT || v->kind == MDC_V_DEC
                       ? "more decimals than the format carries"
                       : "a number was expected";
        if (m < 0 && !f->is_signed)
            return "negative value in an unsigned format";
        uint64_t mag = m < 0 ? (uint64_t)0 - (uint64_t)m : (uint64_t)m;
        if (f->is_signed && n <= 9 && mag >= 8u * mdc_pow10((unsigned)(2 * n - 1)))
            return "value out of range for a signed format";
        if (!mdc_bcd_encode_le(mag, p, n))
            return "value out of range for the format";
        if (m < 0)
            p[n - 1] |= 0x80u;
        return NULL;
    }
    case DLT645_DK_TIME:
        if (v->kind == MDC_V_NULL) {
            memset(p, 0, n);
            return NULL;
        }
        if (v->kind != MDC_V_TIME)
            return "a time was expected";
        return time_encode(f, &v->u.tm, p, n);
    case DLT645_DK_ADDRESS:
    case DLT645_DK_HEX:
        if (v->kind != MDC_V_STR || v->u.str.len != 2 * n)
            return f->kind == DLT645_DK_ADDRESS
                       ? "an address must be 12 decimal digits"
                       : "a hex string of the element's width was expected";
        for (size_t i = 0; i < n; i++) {
            int hi = hexval(v->u.str.p[2 * i]), lo = hexval(v->u.str.p[2 * i + 1]);
            if (hi < 0 || lo < 0 || (f->kind == DLT645_DK_ADDRESS && (hi > 9 || lo > 9)))
                return "bad digit";
            p[n - 1 - i] = (uint8_t)(hi << 4 | lo);
        }
        return NULL;
    case DLT645_DK_ASCII:
        if (v->kind != MDC_V_STR || v->u.str.len > n)
            return "text longer than the element";
        memset(p, 0, n);
        for (size_t i = 0; i < v->u.str.len; i++) {
            uint8_t c = (uint8_t)v->u.str.p[i];
            if (c < 0x20 || c > 0x7E)
                return "text must be printable ASCII";
            p[n - 1 - i] = c;
        }
        return NULL;
    case DLT645_DK_BITS:
        return bits_encode(f, v, p, n);
    default:
        if (v->kind != MDC_V_BYTES || v->u.bytes.len != n)
            return "raw bytes expected";
        memcpy(p, v->u.bytes.p, n);
        return NULL;
    }
}

uint8_t dlt645_di_fmt_tm_fields(const di_fmt *f)
{
    uint8_t m = 0;
    if (f->kind != DLT645_DK_TIME)
        return 0;
    for (size_t i = 0; i < f->len; i++)
        m = (uint8_t)(m | part_mask[part_of(f->notation + 2 * i)]);
    return m;
}

size_t dlt645_di_field_elem_len(const di_field *f)
{
    if (f->fmt)
        return f->fmt->len;
    size_t n = 0;
    for (uint8_t i = 0; i < f->sub->nfields; i++)
        n += f->sub->fields[i].min * dlt645_di_field_elem_len(&f->sub->fields[i]);
    return n;
}

const di_fmt DI_F_ASC32 = {"ASCII(32)", DLT645_DK_ASCII, 32, 0, false, NULL, NULL};
const di_fmt DI_F_ASC16 = {"ASCII(16)", DLT645_DK_ASCII, 16, 0, false, NULL, NULL};
const di_fmt DI_F_ASC10 = {"ASCII(10)", DLT645_DK_ASCII, 10, 0, false, NULL, NULL};
const di_fmt DI_F_ASC6 = {"ASCII(6)", DLT645_DK_ASCII, 6, 0, false, NULL, NULL};
const di_fmt DI_F_ASC4 = {"ASCII(4)", DLT645_DK_ASCII, 4, 0, false, NULL, NULL};
