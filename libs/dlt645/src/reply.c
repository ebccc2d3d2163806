/* Replies (meter -> master) of every function code: build and parse, and the ERR/SERR words. */
#include <string.h>

#include "mdc/bcd.h"
#include "mdc/cursor.h"

#include "func_table.h"

void dlt645_reply_init(dlt645_reply *rp, dlt645_proto proto, uint8_t func,
                       const uint8_t addr[DLT645_ADDR_LEN])
{
    memset(rp, 0, sizeof *rp);
    rp->proto = proto;
    rp->func = func;
    if (addr)
        memcpy(rp->addr, addr, DLT645_ADDR_LEN);
}

/* 2007 03H error replies carry the 2-byte SERR instead of ERR. */
static bool uses_serr(dlt645_proto proto, uint8_t func)
{
    return proto == DLT645_PROTO_2007 && func == DLT645_F07_SECURITY;
}

static void put_di(mdc_wr *w, dlt645_proto proto, uint32_t di)
{
    if (proto == DLT645_PROTO_1997)
        mdc_wr_le16(w, (uint16_t)di);
    else
        mdc_wr_le32(w, di);
}

int dlt645_reply_build(const dlt645_reply *rp, dlt645_frame *out)
{
    if (!rp || !out)
        return DLT645_ERR_ARG;
    const func_desc *d = dlt645_func_find(rp->proto, rp->func);
    if (!d)
        return rp->proto == DLT645_PROTO_UNKNOWN ? DLT645_ERR_ARG : DLT645_ERR_FUNC;
    if (d->rp == RP_NO_REPLY || (rp->more && (!d->more || rp->error)))
        return DLT645_ERR_FUNC;
    dlt645_frame_init(out, rp->addr, dlt645_c_make(rp->func, true, rp->error, rp->more));
    out->preamble = 0;
    mdc_wr w = mdc_wr_init(out->data, DLT645_DATA_MAX);
    if (rp->error) {
        if (uses_serr(rp->proto, rp->func))
            mdc_wr_le16(&w, rp->serr);
        else
            mdc_wr_u8(&w, rp->err);
    } else {
        switch (d->rp) {
        case RP_NO_REPLY:
        case RP_NONE:
            break;
        case RP_DI_DATA:
        case RP_DI_DATA_SEQ:
            put_di(&w, rp->proto, rp->di);
            if (rp->len && !rp->data)
                return DLT645_ERR_ARG;
            mdc_wr_bytes(&w, rp->data, rp->len);
            if (d->rp == RP_DI_DATA_SEQ)
                mdc_wr_u8(&w, rp->seq);
            break;
        case RP_ADDR:
            mdc_wr_bytes(&w, rp->meter_addr, DLT645_ADDR_LEN);
            break;
        case RP_Z:
            mdc_wr_u8(&w, rp->z);
            break;
        case RP_PW:
            mdc_wr_bytes(&w, rp->new_pw, 4);
            break;
        }
    }
    if (w.err)
        return DLT645_ERR_TOO_LONG;
    out->len = (uint8_t)w.pos;
    return dlt645_frame_check(out);
}

int dlt645_reply_parse(const dlt645_frame *f, dlt645_proto proto, dlt645_reply *out)
{
    if (!f || !out)
        return DLT645_ERR_ARG;
    if (!dlt645_c_is_reply(f->c))
        return DLT645_ERR_FUNC;
    if (proto == DLT645_PROTO_UNKNOWN)
        proto = dlt645_guess_proto(f);
    const func_desc *d = dlt645_func_find(proto, dlt645_c_func(f->c));
    if (!d || d->rp == RP_NO_REPLY)
        return DLT645_ERR_FUNC;
    dlt645_reply_init(out, proto, d->func, f->addr);
    out->error = dlt645_c_is_error(f->c);
    out->more = dlt645_c_has_more(f->c);
    if (out->more && (!d->more || out->error))
        return DLT645_ERR_DATA;
    mdc_rd r = mdc_rd_init(f->data, f->len);
    if (out->error) {
        if (uses_serr(proto, d->func))
            out->serr = mdc_rd_le16(&r);
        else
            out->err = mdc_rd_u8(&r);
    } else {
        switch (d->rp) {
        case RP_NO_REPLY:
        case RP_NONE:
            break;
        case RP_DI_DATA:
        case RP_DI_DATA_SEQ: {
            out->di = proto == DLT645_PROTO_1997 ? mdc_rd_le16(&r) : mdc_rd_le32(&r);
            size_t n = mdc_rd_left(&r);
            if (d->rp == RP_DI_DATA_SEQ) {
                if (n == 0)
                    return DLT645_ERR_DATA;
                n--;
            }
            out->data = n ? mdc_rd_take(&r, n) : NULL;
            out->len = (uint8_t)n;
            if (d->rp == RP_DI_DATA_SEQ) {
                out->has_seq = true;
                out->seq = mdc_rd_u8(&r);
            }
            break;
        }
        case RP_ADDR:
            mdc_rd_copy(&r, out->meter_addr, DLT645_ADDR_LEN);
            break;
        case RP_Z:
            out->z = mdc_rd_u8(&r);
            break;
        case RP_PW:
            mdc_rd_copy(&r, out->new_pw, 4);
            break;
        }
    }
    if (r.err || mdc_rd_left(&r) != 0)
        return DLT645_ERR_DATA;
    return DLT645_OK;
}

static const char *const err07_names[8] = {
    "other",      "no_data",      "bad_password", "baud_locked",
    "year_zones", "day_segments", "tariffs",      "reserved7",
};
static const char *const err97_names[8] = {
    "illegal_data", "bad_di",       "bad_password", "reserved3",
    "year_zones",   "day_segments", "tariffs",      "reserved7",
};
static const char *const serr_names[16] = {
    "other",      "repeat_topup", "esam",       "auth",       "customer",   "topup_count",
    "hoarding",   "reserved7",    "reserved8",  "reserved9",  "reserved10", "reserved11",
    "reserved12", "reserved13",   "reserved14", "reserved15",
};

static size_t bit_names(unsigned word, unsigned bits, const char *const *table, const char **names,
                        size_t cap)
{
    size_t k = 0;
    for (unsigned b = 0; b < bits; b++) {
        if (!(word & (1u << b)))
            continue;
        if (names && k < cap)
            names[k] = table[b];
        k++;
    }
    return k;
}

size_t dlt645_err_names(dlt645_proto proto, uint8_t err, const char **names, size_t cap)
{
    return bit_names(err, 8, proto == DLT645_PROTO_1997 ? err97_names : err07_names, names, cap);
}

size_t dlt645_serr_names(uint16_t serr, const char **names, size_t cap)
{
    return bit_names(serr, 16, serr_names, names, cap);
}
