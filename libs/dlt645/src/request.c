/* Requests (master -> meter) of every function code: build and parse. */
#include <string.h>

#include "mdc/bcd.h"
#include "mdc/cursor.h"

#include "bcdtime.h"
#include "func_table.h"

void dlt645_request_init(dlt645_request *rq, dlt645_proto proto, uint8_t func,
                         const uint8_t addr[DLT645_ADDR_LEN])
{
    memset(rq, 0, sizeof *rq);
    rq->proto = proto;
    rq->func = func;
    if (addr)
        memcpy(rq->addr, addr, DLT645_ADDR_LEN);
}

static void put_di(mdc_wr *w, dlt645_proto proto, uint32_t di)
{
    if (proto == DLT645_PROTO_1997)
        mdc_wr_le16(w, (uint16_t)di);
    else
        mdc_wr_le32(w, di);
}

static uint32_t get_di(mdc_rd *r, dlt645_proto proto)
{
    return proto == DLT645_PROTO_1997 ? mdc_rd_le16(r) : mdc_rd_le32(r);
}

/* Writes a time in the given field order; false when the time cannot be expressed. */
static bool put_time(mdc_wr *w, const mdc_tm *t, const uint8_t *order, size_t n, bool wildcard)
{
    uint8_t *p = mdc_wr_reserve(w, n);
    return p && dlt645_time_put(t, order, n, wildcard, p);
}

static bool addr_concrete(const uint8_t a[DLT645_ADDR_LEN])
{
    for (unsigned i = 0; i < DLT645_ADDR_LEN; i++)
        if (!mdc_bcd_valid(a[i]))
            return false;
    return true;
}

/* Data of a request, by layout. Returns DLT645_OK or an error. */
static int build_data(const dlt645_request *rq, rq_layout lay, mdc_wr *w)
{
    bool is07 = rq->proto == DLT645_PROTO_2007;
    switch (lay) {
    case RQ_NONE:
    case RQ_NONE_OR_PW:
        return DLT645_OK;
    case RQ_READ:
        put_di(w, rq->proto, rq->di);
        if (!is07 || !rq->has_blocks)
            return rq->has_blocks || rq->has_time ? DLT645_ERR_ARG : DLT645_OK;
        if (rq->blocks > 99u)
            return DLT645_ERR_ARG;
        mdc_wr_u8(w, mdc_u8_to_bcd(rq->blocks));
        if (!rq->has_time)
            return DLT645_OK;
        if (rq->time_len == DLT645_LOADTIME_LONG)
            return put_time(w, &rq->time, dlt645_tf_sec6, 6, false) ? DLT645_OK : DLT645_ERR_ARG;
        if (rq->time_len != 0 && rq->time_len != DLT645_LOADTIME_SHORT)
            return DLT645_ERR_ARG;
        return put_time(w, &rq->time, dlt645_tf_min5, 5, false) ? DLT645_OK : DLT645_ERR_ARG;
    case RQ_READ_MORE:
        put_di(w, rq->proto, rq->di);
        if (is07)
            mdc_wr_u8(w, rq->seq);
        return DLT645_OK;
    case RQ_WRITE:
        put_di(w, rq->proto, rq->di);
        mdc_wr_bytes(w, rq->pw, 4);
        if (is07)
            mdc_wr_bytes(w, rq->op, 4);
        if (rq->len && !rq->data)
            return DLT645_ERR_ARG;
        mdc_wr_bytes(w, rq->data, rq->len);
        return DLT645_OK;
    case RQ_NEW_ADDR:
        if (!addr_concrete(rq->new_addr))
            return DLT645_ERR_ADDR;
        mdc_wr_bytes(w, rq->new_addr, DLT645_ADDR_LEN);
        return DLT645_OK;
    case RQ_TIME:
        return put_time(w, &rq->time, dlt645_tf_sec6, 6, false) ? DLT645_OK : DLT645_ERR_ARG;
    case RQ_FREEZE:
        return put_time(w, &rq->time, dlt645_tf_freeze, 4, true) ? DLT645_OK : DLT645_ERR_ARG;
    case RQ_Z:
        mdc_wr_u8(w, rq->z);
        return DLT645_OK;
    case RQ_PASSWORD:
        if (is07)
            mdc_wr_le32(w, rq->di);
        mdc_wr_bytes(w, rq->pw, 4);
        mdc_wr_bytes(w, rq->new_pw, 4);
        return DLT645_OK;
    case RQ_AUTH:
    case RQ_EVENT:
    case RQ_CONTROL:
        mdc_wr_bytes(w, rq->pw, 4);
        mdc_wr_bytes(w, rq->op, 4);
        if (lay == RQ_EVENT)
            mdc_wr_le32(w, rq->di);
        if (lay != RQ_CONTROL)
            return DLT645_OK;
        mdc_wr_u8(w, rq->ctl);
        mdc_wr_u8(w, rq->ctl_n2);
        return put_time(w, &rq->time, dlt645_tf_sec6, 6, false) ? DLT645_OK : DLT645_ERR_ARG;
    case RQ_SECURITY:
        mdc_wr_le32(w, rq->di);
        mdc_wr_bytes(w, rq->op, 4);
        if (rq->len && !rq->data)
            return DLT645_ERR_ARG;
        mdc_wr_bytes(w, rq->data, rq->len);
        return DLT645_OK;
    }
    return DLT645_ERR_FUNC;
}

int dlt645_request_build(const dlt645_request *rq, dlt645_frame *out)
{
    if (!rq || !out)
        return DLT645_ERR_ARG;
    const func_desc *d = dlt645_func_find(rq->proto, rq->func);
    if (!d)
        return rq->proto == DLT645_PROTO_UNKNOWN ? DLT645_ERR_ARG : DLT645_ERR_FUNC;
    dlt645_frame_init(out, rq->addr, rq->func);
    mdc_wr w = mdc_wr_init(out->data, DLT645_DATA_MAX);
    int rc = build_data(rq, d->rq, &w);
    if (rc != DLT645_OK)
        return rc;
    if (w.err)
        return DLT645_ERR_TOO_LONG;
    out->len = (uint8_t)w.pos;
    return dlt645_frame_check(out);
}

/* Takes the rest of the data as the borrowed payload. */
static void take_rest(mdc_rd *r, dlt645_request *rq)
{
    size_t n = mdc_rd_left(r);
    rq->data = n ? mdc_rd_take(r, n) : NULL;
    rq->len = (uint8_t)n;
}

static bool get_time(mdc_rd *r, mdc_tm *t, const uint8_t *order, size_t n, bool wildcard)
{
    const uint8_t *p = mdc_rd_take(r, n);
    return p && dlt645_time_get(p, order, n, wildcard, t);
}

static int parse_read(mdc_rd *r, dlt645_request *rq)
{
    rq->di = get_di(r, rq->proto);
    size_t left = mdc_rd_left(r);
    if (rq->proto == DLT645_PROTO_1997 || left == 0)
        return DLT645_OK;
    uint8_t nn = mdc_rd_u8(r);
    if (!mdc_bcd_valid(nn))
        return DLT645_ERR_DATA;
    rq->has_blocks = true;
    rq->blocks = (uint8_t)mdc_bcd_to_u8(nn);
    if (left == 1)
        return DLT645_OK;
    rq->has_time = true;
    if (left == 1 + DLT645_LOADTIME_SHORT) {
        rq->time_len = DLT645_LOADTIME_SHORT;
        return get_time(r, &rq->time, dlt645_tf_min5, 5, false) ? DLT645_OK : DLT645_ERR_DATA;
    }
    if (left == 1 + DLT645_LOADTIME_LONG) {
        rq->time_len = DLT645_LOADTIME_LONG;
        return get_time(r, &rq->time, dlt645_tf_sec6, 6, false) ? DLT645_OK : DLT645_ERR_DATA;
    }
    return DLT645_ERR_DATA;
}

static int parse_data(mdc_rd *r, rq_layout lay, dlt645_request *rq)
{
    bool is07 = rq->proto == DLT645_PROTO_2007;
    switch (lay) {
    case RQ_NONE:
        return DLT645_OK;
    case RQ_NONE_OR_PW:
        if (mdc_rd_left(r) == 4)
            mdc_rd_copy(r, rq->pw, 4);
        return DLT645_OK;
    case RQ_READ:
        return parse_read(r, rq);
    case RQ_READ_MORE:
        rq->di = get_di(r, rq->proto);
        if (is07)
            rq->seq = mdc_rd_u8(r);
        return DLT645_OK;
    case RQ_WRITE:
        rq->di = get_di(r, rq->proto);
        mdc_rd_copy(r, rq->pw, 4);
        if (is07)
            mdc_rd_copy(r, rq->op, 4);
        take_rest(r, rq);
        return DLT645_OK;
    case RQ_NEW_ADDR:
        mdc_rd_copy(r, rq->new_addr, DLT645_ADDR_LEN);
        return r->err || addr_concrete(rq->new_addr) ? DLT645_OK : DLT645_ERR_DATA;
    case RQ_TIME:
        return get_time(r, &rq->time, dlt645_tf_sec6, 6, false) ? (rq->has_time = true, DLT645_OK)
                                                                : DLT645_ERR_DATA;
    case RQ_FREEZE:
        return get_time(r, &rq->time, dlt645_tf_freeze, 4, true) ? (rq->has_time = true, DLT645_OK)
                                                                 : DLT645_ERR_DATA;
    case RQ_Z:
        rq->z = mdc_rd_u8(r);
        return DLT645_OK;
    case RQ_PASSWORD:
        if (is07)
            rq->di = mdc_rd_le32(r);
        mdc_rd_copy(r, rq->pw, 4);
        mdc_rd_copy(r, rq->new_pw, 4);
        return DLT645_OK;
    case RQ_AUTH:
    case RQ_EVENT:
    case RQ_CONTROL:
        mdc_rd_copy(r, rq->pw, 4);
        mdc_rd_copy(r, rq->op, 4);
        if (lay == RQ_EVENT)
            rq->di = mdc_rd_le32(r);
        if (lay != RQ_CONTROL)
            return DLT645_OK;
        rq->ctl_raw = mdc_rd_u8(r);
        rq->ctl = rq->ctl_raw == DLT645_CTL_CLOSE_ALT ? (uint8_t)DLT645_CTL_CLOSE : rq->ctl_raw;
        rq->ctl_n2 = mdc_rd_u8(r);
        rq->has_time = true;
        return get_time(r, &rq->time, dlt645_tf_sec6, 6, false) ? DLT645_OK : DLT645_ERR_DATA;
    case RQ_SECURITY:
        rq->di = mdc_rd_le32(r);
        mdc_rd_copy(r, rq->op, 4);
        take_rest(r, rq);
        return DLT645_OK;
    }
    return DLT645_ERR_FUNC;
}

int dlt645_request_parse(const dlt645_frame *f, dlt645_proto proto, dlt645_request *out)
{
    if (!f || !out)
        return DLT645_ERR_ARG;
    if (dlt645_c_is_reply(f->c))
        return DLT645_ERR_FUNC;
    if (proto == DLT645_PROTO_UNKNOWN)
        proto = dlt645_guess_proto(f);
    if (proto == DLT645_PROTO_UNKNOWN && dlt645_c_func(f->c) == DLT645_F07_TIME_SET)
        proto = DLT645_PROTO_2007;
    const func_desc *d = dlt645_func_find(proto, dlt645_c_func(f->c));
    if (!d || (f->c & (DLT645_C_ERROR | DLT645_C_MORE)))
        return DLT645_ERR_FUNC;
    dlt645_request_init(out, proto, d->func, f->addr);
    mdc_rd r = mdc_rd_init(f->data, f->len);
    int rc = parse_data(&r, d->rq, out);
    if (rc != DLT645_OK)
        return rc;
    if (r.err || mdc_rd_left(&r) != 0)
        return DLT645_ERR_DATA;
    return DLT645_OK;
}
