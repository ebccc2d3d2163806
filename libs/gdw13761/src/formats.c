/* Appendix A data formats and the plain field types (see formats.h and
 * docs/gdw13761-formats.md). Table first, then one decoder and one encoder
 * per class of format. */
#include "gdw13761/formats.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "mdc/bcd.h"
#include "mdc/hex.h"

enum fclass {
    FC_NONE,
    FC_NUM,   /* BCD number, optional S in D7 of the last byte, fixed decimals */
    FC_A2,    /* +-XXX x 10^G */
    FC_A3,    /* +-XXXXXXX, G flag */
    FC_A12,   /* 12-digit address */
    FC_TIME,  /* BCD time parts */
    FC_A28,   /* longitude / latitude */
    FC_BIN,   /* unsigned binary */
    FC_SBIN,  /* signed binary */
    FC_BS,    /* bit string */
    FC_ASCII, /* text */
    FC_RAW,   /* raw bytes */
    FC_DADT,  /* data unit identifier */
};

typedef struct fmtinfo {
    const char *name;
    uint8_t cls;       /* enum fclass */
    uint8_t size;      /* fixed wire size; 0: the field's len */
    uint8_t dec;       /* FC_NUM: decimals */
    uint8_t sign;      /* FC_NUM: sign bit S in D7 of the last byte */
    const char *parts; /* FC_TIME: one letter per byte, wire order (s m h D M Y; W = week|month) */
} fmtinfo;

static const fmtinfo infos[GDW_FMT_COUNT] = {
    [GDW_A1] = {"A.1", FC_TIME, 6, 0, 0, "smhDWY"},
    [GDW_A2] = {"A.2", FC_A2, 2, 0, 1, NULL},
    [GDW_A3] = {"A.3", FC_A3, 4, 0, 1, NULL},
    [GDW_A4] = {"A.4", FC_NUM, 1, 0, 1, NULL},
    [GDW_A5] = {"A.5", FC_NUM, 2, 1, 1, NULL},
    [GDW_A6] = {"A.6", FC_NUM, 2, 2, 1, NULL},
    [GDW_A7] = {"A.7", FC_NUM, 2, 1, 0, NULL},
    [GDW_A8] = {"A.8", FC_NUM, 2, 0, 0, NULL},
    [GDW_A9] = {"A.9", FC_NUM, 3, 4, 1, NULL},
    [GDW_A10] = {"A.10", FC_NUM, 3, 0, 0, NULL},
    [GDW_A11] = {"A.11", FC_NUM, 4, 2, 0, NULL},
    [GDW_A12] = {"A.12", FC_A12, 6, 0, 0, NULL},
    [GDW_A13] = {"A.13", FC_NUM, 4, 4, 0, NULL},
    [GDW_A14] = {"A.14", FC_NUM, 5, 4, 0, NULL},
    [GDW_A15] = {"A.15", FC_TIME, 5, 0, 0, "mhDMY"},
    [GDW_A16] = {"A.16", FC_TIME, 4, 0, 0, "smhD"},
    [GDW_A17] = {"A.17", FC_TIME, 4, 0, 0, "mhDM"},
    [GDW_A18] = {"A.18", FC_TIME, 3, 0, 0, "mhD"},
    [GDW_A19] = {"A.19", FC_TIME, 2, 0, 0, "mh"},
    [GDW_A20] = {"A.20", FC_TIME, 3, 0, 0, "DMY"},
    [GDW_A21] = {"A.21", FC_TIME, 2, 0, 0, "MY"},
    [GDW_A22] = {"A.22", FC_NUM, 1, 1, 0, NULL},
    [GDW_A23] = {"A.23", FC_NUM, 3, 4, 0, NULL},
    [GDW_A24] = {"A.24", FC_TIME, 2, 0, 0, "hD"},
    [GDW_A25] = {"A.25", FC_NUM, 3, 3, 1, NULL},
    [GDW_A26] = {"A.26", FC_NUM, 2, 3, 0, NULL},
    [GDW_A27] = {"A.27", FC_NUM, 4, 0, 0, NULL},
    [GDW_A28] = {"A.28", FC_A28, 5, 0, 0, NULL},
    [GDW_BIN] = {"BIN", FC_BIN, 0, 0, 0, NULL},
    [GDW_SBIN] = {"SBIN", FC_SBIN, 0, 0, 0, NULL},
    [GDW_BS] = {"BS", FC_BS, 0, 0, 0, NULL},
    [GDW_ASCII] = {"ASCII", FC_ASCII, 0, 0, 0, NULL},
    [GDW_BCD] = {"BCD", FC_NUM, 0, 0, 0, NULL},
    [GDW_RAW] = {"RAW", FC_RAW, 0, 0, 0, NULL},
    [GDW_DADT] = {"DADT", FC_DADT, 4, 0, 0, NULL},
};

/* clang-format off */

/* clang-format on */

static const fmtinfo *info_of(gdw_fmt fmt)
{
    if ((unsigned)fmt >= GDW_FMT_COUNT || infos[fmt].cls == FC_NONE)
        return NULL;
    return &infos[fmt];
}

size_t gdw13761_fmt_size(gdw_fmt fmt, uint16_t len)
{
    const fmtinfo *fi = info_of(fmt);
    if (!fi)
        return 0;
    if (fi->size)
        return fi->size;
    switch (fi->cls) {
    case FC_BIN:
    case FC_SBIN:
        return len >= 1 && len <= 8 ? len : 0;
    case FC_NUM: /* plain BCD */
        return len >= 1 && len <= 9 ? len : 0;
    default:
        return len;
    }
}

const char *gdw13761_fmt_name(gdw_fmt fmt)
{
    const fmtinfo *fi = info_of(fmt);
    return fi ? fi->name : "?";
}

int gdw13761_fmt_has_null(gdw_fmt fmt, uint16_t len)
{
    const fmtinfo *fi = info_of(fmt);
    if (!fi || fi->cls == FC_BS || fi->cls == FC_RAW || fi->cls == FC_DADT)
        return 0;
    if ((fi->cls == FC_BIN || fi->cls == FC_SBIN) && len < 2)
        return 0;
    return 1;
}

/* ---- helpers ---- */

__attribute__((format(printf, 3, 4))) static gdw13761_errc fail(char *why, size_t cap,
                                                                const char *f, ...)
{
    if (why && cap) {
        va_list ap;
        va_start(ap, f);
        vsnprintf(why, cap, f, ap);
        va_end(ap);
    }
    return GDW13761_E_FORMAT;
}

static bool all_ee(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != 0xEE)
            return false;
    return n > 0;
}

static const char *kind_name(mdc_vkind k)
{
    static const char *const names[] = {"null", "bool",  "integer",       "number", "text",
                                        "time", "bytes", "invalid bytes", "array",  "object"};
    return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "?";
}

static mdc_value *new_invalid(mdc_arena *a, const uint8_t *p, size_t n)
{
    return mdc_v_add_bytes(a, NULL, NULL, MDC_V_INVALID, p, n);
}

static mdc_value *new_num(mdc_arena *a, int64_t m, uint8_t dec, const char *unit)
{
    return dec ? mdc_v_add_dec(a, NULL, NULL, m, dec, unit) : mdc_v_add_int(a, NULL, NULL, m, unit);
}

/* Text of a number value for messages. */
static const char *num_text(const mdc_value *v, char *buf, size_t cap)
{
    if (v->kind == MDC_V_DEC && mdc_dec_format(v->u.dec.mant, v->u.dec.scale, buf, cap))
        return buf;
    if (v->kind == MDC_V_INT && mdc_dec_format(v->u.i, 0, buf, cap))
        return buf;
    return "?";
}

/* The value as a mantissa with `dec` decimals, or E_FORMAT. */
static gdw13761_errc get_mant(const fmtinfo *fi, const mdc_value *v, uint8_t dec, int64_t *m,
                              char *why, size_t cap)
{
    char t[48];
    if (v->kind != MDC_V_INT && v->kind != MDC_V_DEC && v->kind != MDC_V_BOOL)
        return fail(why, cap, "%s expects a number, got %s", fi->name, kind_name(v->kind));
    if (v->kind == MDC_V_BOOL) {
        *m = v->u.b ? (int64_t)mdc_pow10((unsigned)(dec)) : 0;
        return GDW13761_OK;
    }
    if (!mdc_v_mant(v, dec, m)) {
        if (v->kind == MDC_V_DEC && v->u.dec.scale > dec)
            return fail(why, cap, "%s has more than %u decimals (%s)", num_text(v, t, sizeof t),
                        (unsigned)dec, fi->name);
        return fail(why, cap, "%s is too large for %s", num_text(v, t, sizeof t), fi->name);
    }
    return GDW13761_OK;
}

static uint64_t mag_of(int64_t m)
{
    return m < 0 ? (uint64_t)0 - (uint64_t)m : (uint64_t)m;
}

/* Raw bytes of a BYTES / INVALID value, or hex text, into out[0..n) exactly. */
static gdw13761_errc put_raw(const fmtinfo *fi, const mdc_value *v, uint8_t *out, size_t n,
                             char *why, size_t cap)
{
    if (v->kind == MDC_V_BYTES || v->kind == MDC_V_INVALID) {
        if (v->u.bytes.len != n)
            return fail(why, cap, "%s needs %zu bytes, got %zu", fi->name, n, v->u.bytes.len);
        if (n)
            memcpy(out, v->u.bytes.p, n);
        return GDW13761_OK;
    }
    if (v->kind == MDC_V_STR) {
        char tmp[1024];
        uint8_t buf[512];
        size_t bad = 0;
        if (v->u.str.len >= sizeof tmp)
            return fail(why, cap, "%s: hex text too long", fi->name);
        memcpy(tmp, v->u.str.p, v->u.str.len);
        tmp[v->u.str.len] = '\0';
        long got = mdc_hex_parse(tmp, buf, sizeof buf, &bad);
        if (got < 0)
            return fail(why, cap, "%s: bad hex text at offset %zu", fi->name, bad);
        if ((size_t)got != n)
            return fail(why, cap, "%s needs %zu bytes, got %ld", fi->name, n, got);
        memcpy(out, buf, n);
        return GDW13761_OK;
    }
    return fail(why, cap, "%s expects bytes, got %s", fi->name, kind_name(v->kind));
}

/* ---- BCD numbers (A.4 .. A.27 except the special ones, and plain BCD) ---- */

static mdc_value *dec_num(const fmtinfo *fi, size_t n, const char *unit, const uint8_t *p,
                          mdc_arena *a)
{
    uint8_t t[9];
    uint64_t u = 0;
    bool neg = false;
    memcpy(t, p, n);
    if (fi->sign) {
        neg = (t[n - 1] & 0x80u) != 0;
        t[n - 1] &= 0x7Fu;
    }
    if (!mdc_bcd_decode_le(t, n, &u))
        return new_invalid(a, p, n);
    return new_num(a, neg ? -(int64_t)u : (int64_t)u, fi->dec, unit);
}

static gdw13761_errc enc_num(const fmtinfo *fi, size_t n, const mdc_value *v, uint8_t *out,
                             char *why, size_t cap)
{
    int64_t m;
    char t[48], mx[48];
    gdw13761_errc e = get_mant(fi, v, fi->dec, &m, why, cap);
    if (e)
        return e;
    if (m < 0 && !fi->sign)
        return fail(why, cap, "%s: negative value %s for an unsigned format", fi->name,
                    num_text(v, t, sizeof t));
    /* S takes D7 of the last byte, leaving 0..7 for its top digit */
    uint64_t max =
        fi->sign ? 8u * mdc_pow10((unsigned)(2 * n - 1)) - 1u : mdc_pow10((unsigned)(2 * n)) - 1u;
    uint64_t mag = mag_of(m);
    if (mag > max) {
        mdc_dec_format((int64_t)max, fi->dec, mx, sizeof mx);
        return fail(why, cap, "%s out of range for %s (max %s%s)", num_text(v, t, sizeof t),
                    fi->name, fi->sign ? "+-" : "", mx);
    }
    mdc_bcd_encode_le(mag, out, n);
    if (m < 0)
        out[n - 1] |= 0x80u;
    return GDW13761_OK;
}

/* ---- A.2: +-XXX x 10^(4-G) ---- */

static mdc_value *dec_a2(const fmtinfo *fi, const char *unit, const uint8_t *p, mdc_arena *a)
{
    if (!mdc_bcd_valid(p[0]) || (p[1] & 0x0Fu) > 9u)
        return new_invalid(a, p, fi->size);
    int64_t m = (int64_t)(p[1] & 0x0Fu) * 100 + (int64_t)mdc_bcd_to_u8(p[0]);
    int e = 4 - (p[1] >> 5);
    if (p[1] & 0x10u)
        m = -m;
    if (e < 0)
        return mdc_v_add_dec(a, NULL, NULL, m, (uint8_t)-e, unit);
    return mdc_v_add_dec(a, NULL, NULL, m * (int64_t)mdc_pow10((unsigned)(e)), 0, unit);
}

/* Picks the smallest exponent (-3..4) that holds the value exactly in three
 * digits, so the most significant digits are kept; zero is sent as 10^0. */
static gdw13761_errc enc_a2(const fmtinfo *fi, const mdc_value *v, uint8_t *out, char *why,
                            size_t cap)
{
    int64_t mant;
    unsigned scale;
    char t[48];
    if (v->kind == MDC_V_DEC) {
        mant = v->u.dec.mant;
        scale = v->u.dec.scale;
    } else {
        gdw13761_errc e = get_mant(fi, v, 0, &mant, why, cap);
        if (e)
            return e;
        scale = 0;
    }
    while (scale > 0 && mant % 10 == 0) {
        mant /= 10;
        scale--;
    }
    uint64_t mag = mag_of(mant);
    int exp = 99;
    uint64_t m = 0;
    if (mag == 0) {
        exp = 0;
    } else {
        for (int e = -3; e <= 4 && exp == 99; e++) {
            if (e < 0 && scale <= (unsigned)-e && mag <= 999u) {
                uint64_t x = mag * mdc_pow10((unsigned)((unsigned)-e - scale));
                if (x <= 999u) {
                    exp = e;
                    m = x;
                }
            } else if (e >= 0 && scale == 0 && mag % mdc_pow10((unsigned)(e)) == 0 &&
                       mag / mdc_pow10((unsigned)(e)) <= 999u) {
                exp = e;
                m = mag / mdc_pow10((unsigned)(e));
            }
        }
    }
    if (exp == 99)
        return fail(why, cap, "%s does not fit A.2 (3 significant digits x 10^-3..10^4)",
                    v->kind == MDC_V_DEC || v->kind == MDC_V_INT ? num_text(v, t, sizeof t)
                                                                 : "value");
    out[0] = mdc_u8_to_bcd((unsigned)(m % 100u));
    out[1] = (uint8_t)((unsigned)(4 - exp) << 5 | (mant < 0 ? 0x10u : 0u) | (unsigned)(m / 100u));
    return GDW13761_OK;
}

/* ---- A.3: +-XXXXXXX, G = 1: thousands of the unit ---- */

static mdc_value *dec_a3(const fmtinfo *fi, const char *unit, const uint8_t *p, mdc_arena *a)
{
    uint8_t t[4];
    uint64_t u = 0;
    memcpy(t, p, 4);
    if (t[3] & 0xA0u) /* reserved D7 and D5 */
        return new_invalid(a, p, fi->size);
    bool g = (t[3] & 0x40u) != 0, neg = (t[3] & 0x10u) != 0;
    t[3] &= 0x0Fu;
    if (!mdc_bcd_decode_le(t, 4, &u))
        return new_invalid(a, p, fi->size);
    if (g)
        u *= 1000u;
    return mdc_v_add_int(a, NULL, NULL, neg ? -(int64_t)u : (int64_t)u, unit);
}

static gdw13761_errc enc_a3(const fmtinfo *fi, const mdc_value *v, uint8_t *out, char *why,
                            size_t cap)
{
    int64_t m;
    char t[48];
    gdw13761_errc e = get_mant(fi, v, 0, &m, why, cap);
    if (e)
        return e;
    uint64_t mag = mag_of(m);
    uint8_t g = 0;
    if (mag > 9999999u) {
        if (mag % 1000u != 0 || mag / 1000u > 9999999u)
            return fail(why, cap, "%s does not fit A.3 (7 digits, or 7 digits x 1000)",
                        num_text(v, t, sizeof t));
        mag /= 1000u;
        g = 0x40u;
    }
    mdc_bcd_encode_le(mag, out, 4);
    out[3] |= (uint8_t)(g | (m < 0 ? 0x10u : 0u));
    return GDW13761_OK;
}

/* ---- A.12: 12-digit address ---- */

static mdc_value *dec_a12(const fmtinfo *fi, const uint8_t *p, mdc_arena *a)
{
    char s[12];
    for (size_t i = 0; i < 6; i++) {
        if (!mdc_bcd_valid(p[i]))
            return new_invalid(a, p, fi->size);
        s[10 - 2 * i] = (char)('0' + (p[i] >> 4));
        s[11 - 2 * i] = (char)('0' + (p[i] & 0x0Fu));
    }
    return mdc_v_add_str(a, NULL, NULL, s, sizeof s);
}

static gdw13761_errc enc_a12(const fmtinfo *fi, const mdc_value *v, uint8_t *out, char *why,
                             size_t cap)
{
    uint64_t u = 0;
    if (v->kind == MDC_V_STR) {
        if (v->u.str.len < 1 || v->u.str.len > 12)
            return fail(why, cap, "A.12 address needs 1..12 digits, got %zu characters",
                        v->u.str.len);
        for (size_t i = 0; i < v->u.str.len; i++) {
            char c = v->u.str.p[i];
            if (c < '0' || c > '9')
                return fail(why, cap, "A.12 address has a non-digit '%c'",
                            c >= 0x20 && c < 0x7F ? c : '?');
            u = u * 10u + (uint64_t)(c - '0');
        }
    } else {
        int64_t m;
        gdw13761_errc e = get_mant(fi, v, 0, &m, why, cap);
        if (e)
            return e;
        if (m < 0 || (uint64_t)m > 999999999999u)
            return fail(why, cap, "A.12 address out of range");
        u = (uint64_t)m;
    }
    mdc_bcd_encode_le(u, out, 6);
    return GDW13761_OK;
}

/* ---- times ---- */

/* The parts, by letter of fmtinfo.parts ('W' is the month byte of A.1 with
 * the week in D7-D5); val[] holds them in this order, the year as YY. */
static const char part_letters[] = "YMDhms";
static const uint8_t part_flags[6] = {MDC_TM_YEAR, MDC_TM_MON, MDC_TM_DAY,
                                      MDC_TM_HOUR, MDC_TM_MIN, MDC_TM_SEC};
static const char *const part_names[6] = {" year", " month", " day", " hour", " minute", " second"};

static size_t part_index(char c)
{
    const char *at = strchr(part_letters, c == 'W' ? 'M' : c);
    return at ? (size_t)(at - part_letters) : 0;
}

static mdc_value *dec_time(const fmtinfo *fi, const uint8_t *p, mdc_arena *a)
{
    unsigned val[6] = {0, 0, 0, 0, 0, 0}, week = 0;
    mdc_tm tm;
    memset(&tm, 0, sizeof tm);
    for (size_t i = 0; fi->parts[i]; i++) {
        uint8_t b = p[i];
        if (fi->parts[i] == 'W') {
            week = b >> 5;
            b &= 0x1Fu;
        }
        if (!mdc_bcd_valid(b))
            return new_invalid(a, p, fi->size);
        size_t k = part_index(fi->parts[i]);
        val[k] = mdc_bcd_to_u8(b);
        tm.fields |= part_flags[k];
    }
    tm.year = (tm.fields & MDC_TM_YEAR) ? (uint16_t)(2000u + val[0]) : 0;
    tm.mon = (uint8_t)val[1];
    tm.day = (uint8_t)val[2];
    tm.hour = (uint8_t)val[3];
    tm.min = (uint8_t)val[4];
    tm.sec = (uint8_t)val[5];
    if (!mdc_tm_valid(&tm))
        return new_invalid(a, p, fi->size);
    if (week) {
        tm.wday = (uint8_t)week;
        tm.fields |= MDC_TM_WDAY;
    }
    return mdc_v_add_time(a, NULL, NULL, &tm);
}

static gdw13761_errc enc_time(const fmtinfo *fi, const mdc_value *v, uint8_t *out, char *why,
                              size_t cap)
{
    if (v->kind != MDC_V_TIME)
        return fail(why, cap, "%s expects a time, got %s", fi->name, kind_name(v->kind));
    const mdc_tm *tm = &v->u.tm;
    uint8_t need = 0;
    for (size_t i = 0; fi->parts[i]; i++)
        need = (uint8_t)(need | part_flags[part_index(fi->parts[i])]);
    if ((tm->fields & need) != need) {
        char lack[64] = "";
        for (size_t k = 0; k < 6; k++)
            if ((need & part_flags[k]) && !(tm->fields & part_flags[k]))
                strncat(lack, part_names[k], sizeof lack - strlen(lack) - 1);
        return fail(why, cap, "%s time lacks:%s", fi->name, lack);
    }
    if (!mdc_tm_valid(tm))
        return fail(why, cap, "%s: not a valid time", fi->name);
    if ((need & MDC_TM_YEAR) && (tm->year < 2000 || tm->year > 2099))
        return fail(why, cap, "%s: year %u outside 2000..2099", fi->name, (unsigned)tm->year);
    const unsigned val[6] = {tm->year - 2000u, tm->mon, tm->day, tm->hour, tm->min, tm->sec};
    for (size_t i = 0; fi->parts[i]; i++) {
        out[i] = mdc_u8_to_bcd(val[part_index(fi->parts[i])]);
        if (fi->parts[i] == 'W') {
            unsigned w;
            if (tm->fields & MDC_TM_WDAY) {
                w = tm->wday == 0 ? 7u : tm->wday; /* 0 = Sunday (mtime convention) */
                if (w > 7)
                    return fail(why, cap, "%s: weekday %u out of range", fi->name, w);
            } else {
                w = mdc_weekday(tm->year, tm->mon, tm->day);
                if (w == 0)
                    w = 7;
            }
            out[i] = (uint8_t)(out[i] | w << 5);
        }
    }
    return GDW13761_OK;
}

/* ---- A.28: longitude / latitude ---- */

static mdc_value *dec_a28(const fmtinfo *fi, const uint8_t *p, mdc_arena *a)
{
    if ((p[4] & 0x70u) || (p[4] & 0x0Fu) > 9u || !mdc_bcd_valid(p[0]) || !mdc_bcd_valid(p[1]) ||
        !mdc_bcd_valid(p[2]) || !mdc_bcd_valid(p[3]))
        return new_invalid(a, p, fi->size);
    unsigned deg = (p[4] & 0x0Fu) * 100u + mdc_bcd_to_u8(p[3]);
    unsigned min = mdc_bcd_to_u8(p[2]);
    unsigned sec = mdc_bcd_to_u8(p[1]) * 100u + mdc_bcd_to_u8(p[0]);
    if (deg > 180u || min > 59u || sec > 5999u)
        return new_invalid(a, p, fi->size);
    mdc_value *o = mdc_v_new(a, MDC_V_OBJECT);
    if (!o || !mdc_v_add_int(a, o, "deg", deg, NULL) || !mdc_v_add_int(a, o, "min", min, NULL) ||
        !mdc_v_add_dec(a, o, "sec", sec, 2, NULL) ||
        !mdc_v_add_int(a, o, "hemi", (p[4] & 0x80u) ? 1 : 0, NULL))
        return NULL;
    return o;
}

static gdw13761_errc enc_a28(const fmtinfo *fi, const mdc_value *v, uint8_t *out, char *why,
                             size_t cap)
{
    static const struct {
        const char *key;
        uint8_t dec;
        int64_t max;
    } parts[] = {{"deg", 0, 180}, {"min", 0, 59}, {"sec", 2, 5999}, {"hemi", 0, 1}};
    int64_t x[4];
    if (v->kind != MDC_V_OBJECT)
        return fail(why, cap, "A.28 expects an object {deg, min, sec, hemi}, got %s",
                    kind_name(v->kind));
    for (size_t i = 0; i < 4; i++) {
        const mdc_value *c = mdc_v_get(v, parts[i].key);
        if (!c)
            return fail(why, cap, "A.28 lacks \"%s\"", parts[i].key);
        gdw13761_errc e = get_mant(fi, c, parts[i].dec, &x[i], why, cap);
        if (e)
            return e;
        if (x[i] < 0 || x[i] > parts[i].max)
            return fail(why, cap, "A.28 \"%s\" out of range", parts[i].key);
    }
    out[0] = mdc_u8_to_bcd((unsigned)(x[2] % 100));
    out[1] = mdc_u8_to_bcd((unsigned)(x[2] / 100));
    out[2] = mdc_u8_to_bcd((unsigned)x[1]);
    out[3] = mdc_u8_to_bcd((unsigned)(x[0] % 100));
    out[4] = (uint8_t)((unsigned)(x[0] / 100) | (x[3] ? 0x80u : 0u));
    return GDW13761_OK;
}

/* ---- binary ---- */

static mdc_value *dec_bin(const fmtinfo *fi, size_t n, const char *unit, const uint8_t *p,
                          mdc_arena *a)
{
    uint64_t u = 0;
    for (size_t i = n; i-- > 0;)
        u = u << 8 | p[i];
    if (fi->cls == FC_SBIN) {
        if (n < 8 && (u >> (8 * n - 1)) & 1u)
            u |= ~(uint64_t)0 << (8 * n);
        return mdc_v_add_int(a, NULL, NULL, (int64_t)u, unit);
    }
    if (u > (uint64_t)INT64_MAX)
        return new_invalid(a, p, n);
    return mdc_v_add_int(a, NULL, NULL, (int64_t)u, unit);
}

static gdw13761_errc enc_bin(const fmtinfo *fi, size_t n, const mdc_value *v, uint8_t *out,
                             char *why, size_t cap)
{
    int64_t m;
    char t[48];
    gdw13761_errc e = get_mant(fi, v, 0, &m, why, cap);
    if (e)
        return e;
    if (fi->cls == FC_BIN) {
        if (m < 0 || (n < 8 && (uint64_t)m >> (8 * n)))
            return fail(why, cap, "%s out of range for %zu-byte BIN", num_text(v, t, sizeof t), n);
    } else if (n < 8) {
        int64_t lim = (int64_t)1 << (8 * n - 1);
        if (m < -lim || m >= lim)
            return fail(why, cap, "%s out of range for %zu-byte SBIN", num_text(v, t, sizeof t), n);
    }
    uint64_t u = (uint64_t)m;
    for (size_t i = 0; i < n; i++, u >>= 8)
        out[i] = (uint8_t)u;
    return GDW13761_OK;
}

/* ---- text ---- */

static mdc_value *dec_ascii(const uint8_t *p, size_t n, mdc_arena *a)
{
    size_t k = n;
    while (k > 0 && (p[k - 1] == 0x00 || p[k - 1] == 0x20))
        k--;
    for (size_t i = 0; i < k; i++)
        if (p[i] < 0x20 || p[i] > 0x7E)
            return new_invalid(a, p, n);
    return mdc_v_add_str(a, NULL, NULL, (const char *)p, k);
}

static gdw13761_errc enc_ascii(const fmtinfo *fi, size_t n, const mdc_value *v, uint8_t *out,
                               char *why, size_t cap)
{
    char iso[40];
    const char *t;
    size_t len;
    if (v->kind == MDC_V_STR) {
        t = v->u.str.p;
        len = v->u.str.len;
    } else if (v->kind == MDC_V_TIME && (len = mdc_tm_format_iso(&v->u.tm, iso, sizeof iso))) {
        t = iso; /* text that a JSON reader took for a time ("08:30") */
    } else {
        return fail(why, cap, "%s expects text, got %s", fi->name, kind_name(v->kind));
    }
    if (len > n)
        return fail(why, cap, "text of %zu characters longer than %zu bytes", len, n);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)t[i];
        if (c < 0x20 || c > 0x7E)
            return fail(why, cap, "text has a non-ASCII character at %zu", i);
    }
    memcpy(out, t, len);
    memset(out + len, 0x00, n - len);
    return GDW13761_OK;
}

/* ---- DA/DT ---- */

static mdc_value *add_bits(mdc_arena *a, mdc_value *o, const char *key, uint8_t bits, unsigned base)
{
    mdc_value *arr = mdc_v_add_arr(a, o, key);
    if (!arr)
        return NULL;
    for (unsigned b = 0; b < 8; b++)
        if (((unsigned)bits >> b) & 1u)
            if (!mdc_v_add_int(a, arr, NULL, (int64_t)(base + b + 1u), NULL))
                return NULL;
    return arr;
}

static mdc_value *dec_dadt(const uint8_t *p, mdc_arena *a)
{
    uint8_t da1 = p[0], da2 = p[1], dt1 = p[2], dt2 = p[3];
    bool p0 = da1 == 0 && da2 == 0, all = da1 == 0xFF && da2 == 0;
    if (!p0 && !all && (da1 == 0 || da2 == 0))
        return new_invalid(a, p, 4);
    if (dt1 == 0 || dt2 > 30)
        return new_invalid(a, p, 4);
    mdc_value *o = mdc_v_new(a, MDC_V_OBJECT);
    if (!o)
        return NULL;
    if (p0) {
        mdc_value *arr = mdc_v_add_arr(a, o, "pn");
        if (!arr || !mdc_v_add_int(a, arr, NULL, 0, NULL))
            return NULL;
    } else if (all) {
        if (!mdc_v_add_str(a, o, "pn", "all", 3))
            return NULL;
    } else if (!add_bits(a, o, "pn", da1, (da2 - 1u) * 8u)) {
        return NULL;
    }
    if (!add_bits(a, o, "fn", dt1, dt2 * 8u))
        return NULL;
    return o;
}

/* Collects the numbers of a "pn"/"fn" member (an array, or one integer) into
 * a group byte and a bit byte. unit0: pn (groups from 1, p0 allowed) or fn. */
static gdw13761_errc enc_ids(const mdc_value *v, bool pn, uint8_t *bits, uint8_t *grp, char *why,
                             size_t cap)
{
    const char *what = pn ? "pn" : "fn";
    long maxn = pn ? 2040 : 248;
    const mdc_value *one = v;
    size_t count = 1;
    int group = -1;
    *bits = 0;
    *grp = 0;
    if (v->kind == MDC_V_ARRAY) {
        count = v->u.list.n;
        one = v->u.list.head;
    }
    if (count == 0)
        return fail(why, cap, "DADT \"%s\" is empty", what);
    for (size_t i = 0; i < count && one; i++, one = one->next) {
        int64_t x;
        if (!mdc_v_int(one, &x) || one->kind == MDC_V_BOOL)
            return fail(why, cap, "DADT \"%s\" expects integers", what);
        if (pn && x == 0 && count == 1)
            return GDW13761_OK; /* p0 */
        if (x < 1 || x > maxn)
            return fail(why, cap, "DADT %s %" PRId64 " out of range 1..%ld", what, x, maxn);
        int g = pn ? (int)((x - 1) / 8 + 1) : (int)((x - 1) / 8);
        if (group >= 0 && g != group)
            return fail(why, cap, "DADT %s values must share one group of 8", what);
        group = g;
        *bits = (uint8_t)(*bits | 1u << ((x - 1) % 8));
    }
    *grp = (uint8_t)group;
    return GDW13761_OK;
}

static gdw13761_errc enc_dadt(const mdc_value *v, uint8_t *out, char *why, size_t cap)
{
    if (v->kind != MDC_V_OBJECT)
        return fail(why, cap, "DADT expects an object {pn, fn}, got %s", kind_name(v->kind));
    const mdc_value *pn = mdc_v_get(v, "pn"), *fn = mdc_v_get(v, "fn");
    if (!pn || !fn)
        return fail(why, cap, "DADT lacks \"%s\"", pn ? "fn" : "pn");
    gdw13761_errc e;
    if (pn->kind == MDC_V_STR) {
        if (pn->u.str.len != 3 || memcmp(pn->u.str.p, "all", 3) != 0)
            return fail(why, cap, "DADT \"pn\" text must be \"all\"");
        out[0] = 0xFF;
        out[1] = 0x00;
    } else if ((e = enc_ids(pn, true, &out[0], &out[1], why, cap)) != GDW13761_OK) {
        return e;
    }
    return enc_ids(fn, false, &out[2], &out[3], why, cap);
}

/* ---- entry points ---- */

mdc_value *gdw13761_fmt_decode(gdw_fmt fmt, uint16_t len, const char *unit, const uint8_t *p,
                               mdc_arena *a)
{
    const fmtinfo *fi = info_of(fmt);
    size_t n = gdw13761_fmt_size(fmt, len);
    if (!fi || n == 0)
        return new_invalid(a, p, 0);
    if (gdw13761_fmt_has_null(fmt, len) && all_ee(p, n))
        return mdc_v_new(a, MDC_V_NULL);
    switch (fi->cls) {
    case FC_NUM:
        return dec_num(fi, n, unit, p, a);
    case FC_A2:
        return dec_a2(fi, unit, p, a);
    case FC_A3:
        return dec_a3(fi, unit, p, a);
    case FC_A12:
        return dec_a12(fi, p, a);
    case FC_TIME:
        return dec_time(fi, p, a);
    case FC_A28:
        return dec_a28(fi, p, a);
    case FC_BIN:
    case FC_SBIN:
        return dec_bin(fi, n, unit, p, a);
    case FC_ASCII:
        return dec_ascii(p, n, a);
    case FC_DADT:
        return dec_dadt(p, a);
    default: /* BS, RAW */
        return mdc_v_add_bytes(a, NULL, NULL, MDC_V_BYTES, p, n);
    }
}

gdw13761_errc gdw13761_fmt_encode(gdw_fmt fmt, uint16_t len, const mdc_value *v, uint8_t *out,
                                  char *why, size_t whycap)
{
    const fmtinfo *fi = info_of(fmt);
    size_t n = gdw13761_fmt_size(fmt, len);
    if (!fi || n == 0)
        return fail(why, whycap, "format %d with length %u is not valid", (int)fmt, (unsigned)len);
    if (!v)
        return fail(why, whycap, "%s: no value", fi->name);
    if (v->kind == MDC_V_NULL) {
        if (!gdw13761_fmt_has_null(fmt, len))
            return fail(why, whycap, "%s cannot be missing (null)", fi->name);
        memset(out, 0xEE, n);
        return GDW13761_OK;
    }
    if (v->kind == MDC_V_INVALID)
        return put_raw(fi, v, out, n, why, whycap);
    switch (fi->cls) {
    case FC_NUM:
        return enc_num(fi, n, v, out, why, whycap);
    case FC_A2:
        return enc_a2(fi, v, out, why, whycap);
    case FC_A3:
        return enc_a3(fi, v, out, why, whycap);
    case FC_A12:
        return enc_a12(fi, v, out, why, whycap);
    case FC_TIME:
        return enc_time(fi, v, out, why, whycap);
    case FC_A28:
        return enc_a28(fi, v, out, why, whycap);
    case FC_BIN:
    case FC_SBIN:
        return enc_bin(fi, n, v, out, why, whycap);
    case FC_ASCII:
        return enc_ascii(fi, n, v, out, why, whycap);
    case FC_DADT:
        return enc_dadt(v, out, why, whycap);
    default: /* BS, RAW */
        return put_raw(fi, v, out, n, why, whycap);
    }
}
