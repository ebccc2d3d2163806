/* Q/GDW 1376.1-2013 link frame codec (§4.3). See frame.h. */
#include "gdw13761/frame.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "mdc/bcd.h"
#include "mdc/cursor.h"

int gdw13761_err_set(gdw13761_err *err, gdw13761_errc code, size_t offset, const char *fmt, ...)
{
    if (!err)
        return -1;
    err->code = code;
    err->offset = offset;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return -1;
}

/* AFNs whose frame figures (§5) put PW in the AUX. */
static const uint8_t pw_down_afns[] = {0x01, 0x04, 0x05, 0x06, 0x0F, 0x10};

bool gdw13761_aux_has_pw(uint8_t afn, bool uplink)
{
    if (uplink)
        return afn == 0x06; /* Fig. 24: the authentication answer carries PW too */
    for (size_t i = 0; i < sizeof pw_down_afns; i++)
        if (pw_down_afns[i] == afn)
            return true;
    return false;
}

size_t gdw13761_aux_len(const gdw13761_frame *f)
{
    size_t n = 0;
    if (gdw13761_aux_has_pw(f->afn, f->dir))
        n += GDW13761_PW_LEN;
    if (f->dir && f->acd)
        n += GDW13761_EC_LEN;
    if (f->tpv)
        n += GDW13761_TP_LEN;
    return n;
}

static const char *const fc_names_prm1[16] = {
    [GDW13761_FC_RESET] = "reset command",
    [GDW13761_FC_USER_DATA] = "user data (send/no answer)",
    [GDW13761_FC_LINK_TEST] = "link test",
    [GDW13761_FC_REQ_CLASS1] = "request class-1 data",
    [GDW13761_FC_REQ_CLASS2] = "request class-2 data",
};
static const char *const fc_names_prm0[16] = {
    [GDW13761_FC_ACK] = "confirm (acknowledged)",
    [GDW13761_FC_RSP_DATA] = "response: user data",
    [GDW13761_FC_RSP_NODATA] = "response: denied, no data",
    [GDW13761_FC_RSP_STATUS] = "response: link status",
};

const char *gdw13761_fc_name(bool prm, uint8_t fc)
{
    const char *s = fc < 16 ? (prm ? fc_names_prm1 : fc_names_prm0)[fc] : NULL;
    return s ? s : "reserved";
}

bool gdw13761_addr_is_broadcast(const gdw13761_frame *f)
{
    return f->a2 == GDW13761_A2_BROADCAST && f->group;
}

static const char hexd[] = "0123456789ABCDEF";

static void a1_to_text(uint16_t w, char out[5])
{
    for (int i = 0; i < 4; i++)
        out[i] = hexd[((unsigned)w >> (12u - 4u * (unsigned)i)) & 0xFu];
    out[4] = '\0';
}

static bool a1_from_text(const char *s, uint16_t *w)
{
    uint16_t v = 0;
    for (int i = 0; i < 4; i++) {
        char c = s[i];
        unsigned d;
        if (c >= '0' && c <= '9')
            d = (unsigned)(c - '0');
        else if (c >= 'A' && c <= 'F')
            d = (unsigned)(c - 'A' + 10);
        else if (c >= 'a' && c <= 'f')
            d = (unsigned)(c - 'a' + 10);
        else
            return false;
        v = (uint16_t)((unsigned)v << 4 | d);
    }
    if (s[4] != '\0')
        return false;
    *w = v;
    return true;
}

static uint8_t sum8(const uint8_t *p, size_t n)
{
    uint8_t s = 0;
    for (size_t i = 0; i < n; i++)
        s = (uint8_t)(s + p[i]);
    return s;
}

static bool bcd_in(uint8_t b, unsigned lo, unsigned hi, uint8_t *out)
{
    if (!mdc_bcd_valid(b))
        return false;
    unsigned v = mdc_bcd_to_u8(b);
    if (v < lo || v > hi)
        return false;
    *out = (uint8_t)v;
    return true;
}

int gdw13761_frame_decode(const uint8_t *p, size_t len, gdw13761_frame *f, size_t *frame_len,
                          gdw13761_err *err)
{
    memset(f, 0, sizeof *f);
    if (len < 6)
        return gdw13761_err_set(err, GDW13761_E_FRAME, len,
                                "truncated: %zu bytes, the header needs 6", len);
    if (p[0] != 0x68)
        return gdw13761_err_set(err, GDW13761_E_FRAME, 0, "no 68H start byte (got %02X)", p[0]);
    uint16_t l_a = (uint16_t)(p[1] | p[2] << 8), l_b = (uint16_t)(p[3] | p[4] << 8);
    if (l_a != l_b)
        return gdw13761_err_set(err, GDW13761_E_FRAME, 3, "L copies differ: %04X vs %04X", l_a,
                                l_b);
    if ((l_a & 3u) != GDW13761_PROTO_ID)
        return gdw13761_err_set(err, GDW13761_E_FRAME, 1,
                                "bad protocol identifier %u in L (this protocol is 2)", l_a & 3u);
    if (p[5] != 0x68)
        return gdw13761_err_set(err, GDW13761_E_FRAME, 5, "no second 68H start byte (got %02X)",
                                p[5]);
    size_t l1 = l_a >> 2;
    if (l1 < GDW13761_L1_MIN)
        return gdw13761_err_set(err, GDW13761_E_FRAME, 1, "L1 = %zu below the minimum %u", l1,
                                GDW13761_L1_MIN);
    size_t total = l1 + 8;
    if (total > len)
        return gdw13761_err_set(err, GDW13761_E_FRAME, len,
                                "L past the buffer: L1 = %zu needs %zu bytes, have %zu", l1, total,
                                len);
    const uint8_t *ud = p + 6;
    if (sum8(ud, l1) != p[6 + l1])
        return gdw13761_err_set(err, GDW13761_E_FRAME, 6 + l1, "bad CS: computed %02X, frame %02X",
                                sum8(ud, l1), p[6 + l1]);
    if (p[7 + l1] != 0x16)
        return gdw13761_err_set(err, GDW13761_E_FRAME, 7 + l1, "no 16H end byte (got %02X)",
                                p[7 + l1]);

    mdc_rd r = mdc_rd_init(ud, l1);
    uint8_t c = mdc_rd_u8(&r);
    f->proto = (uint8_t)(l_a & 3u);
    f->dir = (c & 0x80) != 0;
    f->prm = (c & 0x40) != 0;
    if (f->dir)
        f->acd = (c & 0x20) != 0;
    else
        f->fcb = (c & 0x20) != 0;
    f->fcv = (c & 0x10) != 0; /* uplink: the reserved D4, kept so the frame round-trips */
    f->fc = c & 0x0F;
    a1_to_text(mdc_rd_le16(&r), f->a1);
    f->a2 = mdc_rd_le16(&r);
    uint8_t a3 = mdc_rd_u8(&r);
    f->group = (a3 & 1u) != 0;
    f->msa = (uint8_t)(a3 >> 1);
    f->afn = mdc_rd_u8(&r);
    uint8_t seq = mdc_rd_u8(&r);
    f->tpv = (seq & 0x80) != 0;
    f->fir = (seq & 0x40) != 0;
    f->fin = (seq & 0x20) != 0;
    f->con = (seq & 0x10) != 0;
    f->seq = seq & 0x0F;
    if (f->a2 == 0)
        return gdw13761_err_set(err, GDW13761_E_FRAME, 9, "A2 = 0 is an invalid terminal address");

    f->has_pw = gdw13761_aux_has_pw(f->afn, f->dir);
    f->has_ec = f->dir && f->acd;
    size_t aux = gdw13761_aux_len(f);
    size_t left = mdc_rd_left(&r);
    if (left < aux)
        return gdw13761_err_set(err, GDW13761_E_FRAME, 6 + r.pos,
                                "too short for AUX: %zu bytes after SEQ, AUX (%s%s%s) needs %zu",
                                left, f->has_pw ? "PW " : "", f->has_ec ? "EC " : "",
                                f->tpv ? "Tp" : "", aux);
    f->units = ud + r.pos;
    f->units_len = left - aux;
    r.pos += f->units_len;
    if (f->has_pw)
        mdc_rd_copy(&r, f->pw, GDW13761_PW_LEN);
    if (f->has_ec) {
        f->ec1 = mdc_rd_u8(&r);
        f->ec2 = mdc_rd_u8(&r);
    }
    if (f->tpv) {
        size_t at = 6 + r.pos;
        const uint8_t *t = mdc_rd_take(&r, GDW13761_TP_LEN);
        f->tp.pfc = t[0];
        f->tp.delay_min = t[5];
        if (!bcd_in(t[1], 0, 59, &f->tp.sec) || !bcd_in(t[2], 0, 59, &f->tp.min) ||
            !bcd_in(t[3], 0, 23, &f->tp.hour) || !bcd_in(t[4], 1, 31, &f->tp.day))
            return gdw13761_err_set(err, GDW13761_E_FRAME, at + 1,
                                    "Tp send time is not a valid A.16 time (%02X %02X %02X %02X)",
                                    t[1], t[2], t[3], t[4]);
    }
    if (frame_len)
        *frame_len = total;
    return 0;
}

int gdw13761_frame_encode(const gdw13761_frame *f, uint8_t *out, size_t cap, size_t *written,
                          gdw13761_err *err)
{
    uint16_t a1;
    if (!a1_from_text(f->a1, &a1))
        return gdw13761_err_set(err, GDW13761_E_FRAME, 7, "A1 \"%.4s\" is not 4 digits", f->a1);
    if (f->a2 == 0)
        return gdw13761_err_set(err, GDW13761_E_FRAME, 9, "A2 = 0 is an invalid terminal address");
    if (f->msa > 127)
        return gdw13761_err_set(err, GDW13761_E_FRAME, 11, "MSA %u out of range 0..127", f->msa);
    if (f->fc > 15)
        return gdw13761_err_set(err, GDW13761_E_FRAME, 6, "function code %u out of range 0..15",
                                f->fc);
    if (f->seq > 15)
        return gdw13761_err_set(err, GDW13761_E_FRAME, 13, "PSEQ/RSEQ %u out of range 0..15",
                                f->seq);
    if (f->tpv &&
        (f->tp.sec > 59 || f->tp.min > 59 || f->tp.hour > 23 || f->tp.day < 1 || f->tp.day > 31))
        return gdw13761_err_set(err, GDW13761_E_FRAME, 0, "Tp time %02u %02u:%02u:%02u invalid",
                                f->tp.day, f->tp.hour, f->tp.min, f->tp.sec);
    size_t aux = gdw13761_aux_len(f);
    size_t l1 = GDW13761_L1_MIN + f->units_len + aux;
    if (f->units_len > GDW13761_L1_MAX || l1 > GDW13761_L1_MAX)
        return gdw13761_err_set(err, GDW13761_E_FRAME, 1, "L1 = %zu exceeds %u", l1,
                                GDW13761_L1_MAX);
    size_t total = l1 + 8;
    if (total > cap)
        return gdw13761_err_set(err, GDW13761_E_SPACE, cap, "frame needs %zu bytes, buffer has %zu",
                                total, cap);
    /* units first: they may alias out + GDW13761_HDR_LEN */
    if (f->units_len)
        memmove(out + GDW13761_HDR_LEN, f->units, f->units_len);
    uint16_t lw = (uint16_t)(l1 << 2 | GDW13761_PROTO_ID);
    uint8_t c = (uint8_t)((f->dir ? 0x80 : 0) | (f->prm ? 0x40 : 0) | (f->fc & 0x0F));
    c |= (uint8_t)(((f->dir ? f->acd : f->fcb) ? 0x20 : 0) | (f->fcv ? 0x10 : 0));
    uint8_t seq = (uint8_t)((f->tpv ? 0x80 : 0) | (f->fir ? 0x40 : 0) | (f->fin ? 0x20 : 0) |
                            (f->con ? 0x10 : 0) | f->seq);
    mdc_wr w = mdc_wr_init(out, cap);
    mdc_wr_u8(&w, 0x68);
    mdc_wr_le16(&w, lw);
    mdc_wr_le16(&w, lw);
    mdc_wr_u8(&w, 0x68);
    mdc_wr_u8(&w, c);
    mdc_wr_le16(&w, a1);
    mdc_wr_le16(&w, f->a2);
    mdc_wr_u8(&w, (uint8_t)(f->msa << 1 | (f->group ? 1 : 0)));
    mdc_wr_u8(&w, f->afn);
    mdc_wr_u8(&w, seq);
    w.pos += f->units_len;
    if (gdw13761_aux_has_pw(f->afn, f->dir))
        mdc_wr_bytes(&w, f->pw, GDW13761_PW_LEN);
    if (f->dir && f->acd) {
        mdc_wr_u8(&w, f->ec1);
        mdc_wr_u8(&w, f->ec2);
    }
    if (f->tpv) {
        mdc_wr_u8(&w, f->tp.pfc);
        mdc_wr_u8(&w, mdc_u8_to_bcd(f->tp.sec));
        mdc_wr_u8(&w, mdc_u8_to_bcd(f->tp.min));
        mdc_wr_u8(&w, mdc_u8_to_bcd(f->tp.hour));
        mdc_wr_u8(&w, mdc_u8_to_bcd(f->tp.day));
        mdc_wr_u8(&w, f->tp.delay_min);
    }
    mdc_wr_u8(&w, sum8(out + 6, l1));
    mdc_wr_u8(&w, 0x16);
    if (w.err || w.pos != total)
        return gdw13761_err_set(err, GDW13761_E_SPACE, w.pos, "internal: frame length mismatch");
    *written = total;
    return 0;
}

void gdw13761_tp_from_tm(gdw13761_tp *tp, uint8_t pfc, const mdc_tm *t, uint8_t delay_min)
{
    tp->pfc = pfc;
    tp->sec = t->sec;
    tp->min = t->min;
    tp->hour = t->hour;
    tp->day = t->day;
    tp->delay_min = delay_min;
}

gdw13761_tp_state gdw13761_tp_check(const gdw13761_tp *tp, const mdc_tm *now, int64_t *age_s)
{
    unsigned need = MDC_TM_FULL;
    if ((now->fields & need) != need || !mdc_tm_valid(now))
        return GDW13761_TP_INVALID;
    if (tp->sec > 59 || tp->min > 59 || tp->hour > 23 || tp->day < 1 || tp->day > 31)
        return GDW13761_TP_INVALID;
    int64_t t_now = mdc_tm_to_epoch(now);
    bool found = false;
    int64_t best = 0;
    for (int dm = -1; dm <= 1; dm++) {
        int y = now->year, m = now->mon + dm;
        if (m < 1) {
            m = 12;
            y--;
        } else if (m > 12) {
            m = 1;
            y++;
        }
        if (tp->day > mdc_days_in_month((unsigned)y, (unsigned)m))
            continue;
        mdc_tm s = {.year = (uint16_t)y,
                    .mon = (uint8_t)m,
                    .day = tp->day,
                    .hour = tp->hour,
                    .min = tp->min,
                    .sec = tp->sec,
                    .fields = MDC_TM_FULL};
        int64_t age = t_now - mdc_tm_to_epoch(&s);
        int64_t mag = age < 0 ? -age : age;
        int64_t bmag = best < 0 ? -best : best;
        if (!found || mag < bmag) {
            best = age;
            found = true;
        }
    }
    if (!found)
        return GDW13761_TP_INVALID;
    if (age_s)
        *age_s = best;
    if (tp->delay_min == 0)
        return GDW13761_TP_FRESH;
    return best > (int64_t)tp->delay_min * 60 ? GDW13761_TP_STALE : GDW13761_TP_FRESH;
}
