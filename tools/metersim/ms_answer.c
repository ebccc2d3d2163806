/* metersim: how a meter answers a request frame (both editions). No I/O. */
#include <string.h>

#include "mdc/mtime.h"
#include "mdc/value.h"

#include "dlt645/di.h"
#include "ms_meter.h"

static bool all_wildcard(const uint8_t a[DLT645_ADDR_LEN])
{
    return memcmp(a, dlt645_addr_wildcard, DLT645_ADDR_LEN) == 0;
}

static int error_reply(const ms_meter *m, uint8_t func, uint8_t err, dlt645_frame *out)
{
    dlt645_reply rp;
    dlt645_reply_init(&rp, m->cfg.proto, func, m->cfg.addr);
    rp.error = true;
    rp.err = err;
    if (m->cfg.proto == DLT645_PROTO_2007 && func == DLT645_F07_SECURITY) {
        rp.serr = DLT645_SERR_AUTH;
        rp.err = 0;
    }
    return dlt645_reply_build(&rp, out) == DLT645_OK ? 1 : 0;
}

static int empty_reply(const ms_meter *m, uint8_t func, dlt645_frame *out)
{
    dlt645_reply rp;
    dlt645_reply_init(&rp, m->cfg.proto, func, m->cfg.addr);
    return dlt645_reply_build(&rp, out) == DLT645_OK ? 1 : 0;
}

static bool password_ok(const ms_meter *m, const uint8_t pw[4])
{
    return memcmp(pw, m->cfg.password, 4) == 0;
}

static uint8_t err_password(const ms_meter *m)
{
    return m->cfg.proto == DLT645_PROTO_1997 ? DLT645_E97_PASSWORD : DLT645_E07_PASSWORD;
}

static uint8_t err_other(const ms_meter *m)
{
    return m->cfg.proto == DLT645_PROTO_1997 ? DLT645_E97_ILLEGAL_DATA : DLT645_E07_OTHER;
}

/* A read answer: one frame, or the first of several (the rest come with 12H / 02H). */
static int read_reply(ms_meter *m, uint8_t func, uint32_t di, const uint8_t *data, size_t len,
                      dlt645_frame *out)
{
    if (len > sizeof m->fu_data)
        return error_reply(m, func, err_other(m), out);
    memcpy(m->fu_data, data, len);
    m->fu_len = len;
    m->fu_di = di;
    m->fu_next = 1;
    return dlt645_followup_split(m->cfg.proto, m->cfg.addr, di, m->fu_data, len, 0, out) ==
                   DLT645_OK
               ? 1
               : 0;
}

static int do_read(ms_meter *m, const dlt645_request *rq, int64_t now, dlt645_frame *out)
{
    uint8_t data[MS_FOLLOW_CAP];
    uint8_t err = 0;
    int n;
    if (m->cfg.proto == DLT645_PROTO_2007 && (rq->di >> 24) == 0x06) {
        n = ms_meter_read_load(m, rq->di, rq->has_blocks ? rq->blocks : 1u,
                               rq->has_time ? &rq->time : NULL, now, data, sizeof data);
        err = DLT645_E07_NO_DATA;
    } else {
        n = ms_meter_read(m, (unsigned)m->cfg.proto, rq->di, now, data, sizeof data, &err);
    }
    if (n < 0)
        return error_reply(m, rq->func, err, out);
    return read_reply(m, rq->func, rq->di, data, (size_t)n, out);
}

static int do_read_more(ms_meter *m, const dlt645_request *rq, dlt645_frame *out)
{
    unsigned idx = m->cfg.proto == DLT645_PROTO_2007 ? rq->seq : m->fu_next;
    unsigned count = dlt645_followup_count(m->cfg.proto, m->fu_len);
    if (m->fu_len == 0 || rq->di != m->fu_di || idx < 1 || idx >= count)
        return error_reply(
            m, rq->func, m->cfg.proto == DLT645_PROTO_1997 ? DLT645_E97_BAD_DI : DLT645_E07_NO_DATA,
            out);
    m->fu_next = idx + 1;
    if (dlt645_followup_split(m->cfg.proto, m->cfg.addr, m->fu_di, m->fu_data, m->fu_len, idx,
                              out) != DLT645_OK)
        return 0;
    out->c = dlt645_c_make(rq->func, true, false, dlt645_c_has_more(out->c));
    return 1;
}

static void record_program(ms_meter *m, uint32_t di, int64_t now, const uint8_t op[4])
{
    ms_meter_event_begin(m, MS_EV_PROGRAM, now, op);
    m->ev[MS_EV_PROGRAM].rec[0].dis[0] = di;
    m->ev[MS_EV_PROGRAM].rec[0].n_dis = 1;
}

static void record_clock(ms_meter *m, int64_t now, int64_t new_ms, const uint8_t op[4])
{
    int64_t before = ms_meter_clock(m, now) / 1000;
    ms_meter_clock_set(m, now, new_ms);
    ms_meter_event_begin(m, MS_EV_CLOCK, now, op);
    m->ev[MS_EV_CLOCK].rec[0].t_before = before;
    m->ev[MS_EV_CLOCK].rec[0].t_after = new_ms / 1000;
}

/* Writes (2007 14H / 1997 04H): clock, demand period, settlement day. */
static int do_write(ms_meter *m, const dlt645_request *rq, int64_t now, dlt645_frame *out)
{
    static uint8_t abuf[4096];
    static const uint8_t no_op[4] = {0};
    const uint8_t *op = m->cfg.proto == DLT645_PROTO_2007 ? rq->op : no_op;
    if (!password_ok(m, rq->pw))
        return error_reply(m, rq->func, err_password(m), out);
    mdc_arena a;
    mdc_arena_init(&a, abuf, sizeof abuf);
    mdc_value *v = NULL;
    unsigned ed = (unsigned)m->cfg.proto;
    dlt645_di_status st = dlt645_di_decode(ed, rq->di, rq->data, rq->len, &a, &v, NULL);
    if (st != DLT645_DI_OK || !v)
        return error_reply(m, rq->func, err_other(m), out);
    uint32_t di07 = rq->di;
    if (ed == 1997)
        di07 = rq->di == 0xC010   ? 0x04000101u
               : rq->di == 0xC011 ? 0x04000102u
               : rq->di == 0xC111 ? 0x04000103u
               : rq->di == 0xC117 ? 0x04000B01u
                                  : 0u;
    int64_t clock_s = ms_meter_clock(m, now) / 1000;
    mdc_tm cur;
    mdc_tm_from_epoch(clock_s, &cur);
    const mdc_tm *t = v->kind == MDC_V_TIME ? &v->u.tm : NULL;
    int64_t x = 0;
    switch (di07) {
    case 0x04000101:
    case 0x04000102:
    case 0x0400010C: {
        if (!t)
            return error_reply(m, rq->func, err_other(m), out);
        mdc_tm n = cur;
        if (t->fields & MDC_TM_YEAR) {
            n.year = t->year;
            n.mon = t->mon;
            n.day = t->day;
        }
        if (t->fields & MDC_TM_HOUR) {
            n.hour = t->hour;
            n.min = t->min;
            n.sec = t->sec;
        }
        n.fields = MDC_TM_FULL;
        if (!mdc_tm_valid(&n))
            return error_reply(m, rq->func, err_other(m), out);
        record_clock(m, now, mdc_tm_to_epoch(&n) * 1000, op);
        break;
    }
    case 0x04000103:
        if (!mdc_v_int(v, &x) || x < 1 || x > 60)
            return error_reply(m, rq->func, err_other(m), out);
        m->cfg.demand_period_min = (uint8_t)x;
        record_program(m, rq->di, now, op);
        break;
    case 0x04000B01:
        if (!t || t->day < 1 || t->day > 28)
            return error_reply(m, rq->func, err_other(m), out);
        m->cfg.settle_day = t->day;
        m->cfg.settle_hour = t->hour;
        record_program(m, rq->di, now, op);
        break;
    default:
        return error_reply(m, rq->func, err_other(m), out);
    }
    return empty_reply(m, rq->func, out);
}

static int do_control(ms_meter *m, const dlt645_request *rq, int64_t now, dlt645_frame *out)
{
    if (!password_ok(m, rq->pw))
        return error_reply(m, rq->func, err_password(m), out);
    switch (rq->ctl) {
    case DLT645_CTL_TRIP:
        if (m->keep_power)
            return error_reply(m, rq->func, DLT645_E07_OTHER, out);
        ms_meter_relay(m, true, now, rq->op, 0);
        break;
    case DLT645_CTL_CLOSE:
        ms_meter_relay(m, false, now, rq->op, 0);
        break;
    case DLT645_CTL_ALARM:
        m->alarm = true;
        break;
    case DLT645_CTL_ALARM_OFF:
        m->alarm = false;
        break;
    case DLT645_CTL_KEEP:
        m->keep_power = true;
        break;
    case DLT645_CTL_KEEP_OFF:
        m->keep_power = false;
        break;
    default:
        return error_reply(m, rq->func, DLT645_E07_OTHER, out);
    }
    return empty_reply(m, rq->func, out);
}

static int do_password(ms_meter *m, const dlt645_request *rq, dlt645_frame *out)
{
    if (!password_ok(m, rq->pw))
        return error_reply(m, rq->func, err_password(m), out);
    memcpy(m->cfg.password, rq->new_pw, 4);
    dlt645_reply rp;
    dlt645_reply_init(&rp, m->cfg.proto, rq->func, m->cfg.addr);
    memcpy(rp.new_pw, rq->new_pw, 4);
    return dlt645_reply_build(&rp, out) == DLT645_OK ? 1 : 0;
}

static int do_reset(ms_meter *m, const dlt645_request *rq, int64_t now, dlt645_frame *out)
{
    bool is97 = m->cfg.proto == DLT645_PROTO_1997;
    bool pw_given = !(is97 && rq->func == DLT645_F97_DEMAND_RESET);
    if (pw_given && !password_ok(m, rq->pw))
        return error_reply(m, rq->func, err_password(m), out);
    ms_meter_advance(m, now);
    if (rq->func == DLT645_F07_METER_RESET && !is97) {
        memset(m->wms, 0, sizeof m->wms);
        m->fwd_at_start = 0;
    } else if (rq->func == DLT645_F07_EVENT_RESET && !is97) {
        memset(m->ev, 0, sizeof m->ev);
    } else {
        memset(m->dmd, 0, sizeof m->dmd);
    }
    return empty_reply(m, rq->func, out);
}

static int answer_1997(ms_meter *m, const dlt645_request *rq, bool bcast, int64_t now,
                       dlt645_frame *out)
{
    if (rq->func == DLT645_F97_WRITE_ADDR) { /* sent to 99..99: point-to-point only */
        memcpy(m->cfg.addr, rq->new_addr, DLT645_ADDR_LEN);
        return empty_reply(m, rq->func, out);
    }
    if (bcast)
        return 0;
    switch (rq->func) {
    case DLT645_F97_READ:
        return do_read(m, rq, now, out);
    case DLT645_F97_READ_MORE:
        return do_read_more(m, rq, out);
    case DLT645_F97_REREAD:
        if (!m->has_last)
            return error_reply(m, rq->func, DLT645_E97_ILLEGAL_DATA, out);
        *out = m->last_reply;
        out->c = dlt645_c_make(DLT645_F97_REREAD, true, false, dlt645_c_has_more(out->c));
        return 1;
    case DLT645_F97_WRITE:
        return do_write(m, rq, now, out);
    case DLT645_F97_PASSWORD:
        return do_password(m, rq, out);
    case DLT645_F97_DEMAND_RESET:
        return do_reset(m, rq, now, out);
    case DLT645_F97_BAUD:
        return error_reply(m, rq->func, DLT645_E97_ILLEGAL_DATA, out);
    default:
        return 0;
    }
}

static int answer_2007(ms_meter *m, const dlt645_request *rq, bool bcast, int64_t now,
                       dlt645_frame *out)
{
    if (rq->func == DLT645_F07_FREEZE) {
        ms_meter_freeze_now(m, now);
        return bcast ? 0 : empty_reply(m, rq->func, out);
    }
    if (bcast)
        return 0;
    switch (rq->func) {
    case DLT645_F07_READ:
        return do_read(m, rq, now, out);
    case DLT645_F07_READ_MORE:
        return do_read_more(m, rq, out);
    case DLT645_F07_READ_ADDR: {
        if (!all_wildcard(rq->addr))
            return 0;
        dlt645_reply rp;
        dlt645_reply_init(&rp, m->cfg.proto, rq->func, m->cfg.addr);
        memcpy(rp.meter_addr, m->cfg.addr, DLT645_ADDR_LEN);
        return dlt645_reply_build(&rp, out) == DLT645_OK ? 1 : 0;
    }
    case DLT645_F07_WRITE_ADDR:
        if (!all_wildcard(rq->addr))
            return 0;
        memcpy(m->cfg.addr, rq->new_addr, DLT645_ADDR_LEN);
        return empty_reply(m, rq->func, out);
    case DLT645_F07_WRITE:
        return do_write(m, rq, now, out);
    case DLT645_F07_CONTROL:
        return do_control(m, rq, now, out);
    case DLT645_F07_PASSWORD:
        return do_password(m, rq, out);
    case DLT645_F07_DEMAND_RESET:
    case DLT645_F07_METER_RESET:
    case DLT645_F07_EVENT_RESET:
        return do_reset(m, rq, now, out);
    case DLT645_F07_BAUD:
        return error_reply(m, rq->func, DLT645_E07_BAUD, out);
    case DLT645_F07_OUTPUT: {
        dlt645_reply rp;
        dlt645_reply_init(&rp, m->cfg.proto, rq->func, m->cfg.addr);
        rp.z = rq->z;
        return dlt645_reply_build(&rp, out) == DLT645_OK ? 1 : 0;
    }
    case DLT645_F07_SECURITY:
        return error_reply(m, rq->func, 0, out);
    default:
        return 0;
    }
}

int ms_meter_answer(ms_meter *m, const dlt645_frame *req, int64_t now, dlt645_frame *reply)
{
    dlt645_request rq;
    if (!m->powered || dlt645_c_is_reply(req->c))
        return 0;
    if (!dlt645_addr_match(req->addr, m->cfg.addr))
        return 0;
    if (dlt645_request_parse(req, m->cfg.proto, &rq) != DLT645_OK)
        return 0; /* a frame it does not understand: silence, as real meters do */
    bool bcast = dlt645_addr_is_broadcast(req->addr);
    ms_meter_advance(m, now);
    if (rq.func == DLT645_F07_TIME_SET) { /* same code and layout in both editions */
        mdc_tm t = rq.time;
        t.fields = MDC_TM_FULL;
        if (mdc_tm_valid(&t))
            record_clock(m, now, mdc_tm_to_epoch(&t) * 1000, NULL);
        return 0;
    }
    int r = m->cfg.proto == DLT645_PROTO_1997 ? answer_1997(m, &rq, bcast, now, reply)
                                              : answer_2007(m, &rq, bcast, now, reply);
    if (r == 1) {
        reply->preamble = 0;
        if (m->cfg.proto == DLT645_PROTO_1997 && rq.func != DLT645_F97_REREAD) {
            m->last_reply = *reply;
            m->has_last = true;
        }
    }
    return r;
}
