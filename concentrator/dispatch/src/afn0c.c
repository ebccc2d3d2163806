/* AFN0C class 1 data (§5.12). The terminal (p0): F2 clock, F3 parameter
 * status, F4 uplink status, F7 event counters, F8 event flags, F9 state
 * inputs, F10 traffic, F11 reading status, F13 meters found by the search.
 * Measurement points (pn >= 1, DA FF 00 = every point of AFN04 F10): the
 * Fn that cc/mdata.h serves (afn0c_md.c); a point without data leaves its
 * unit out. Other Fn are left out (DT bit cleared); nothing left: denied. */
#include <string.h>

#include "afn0c_md.h"
#include "gdw13761/catalog.h"

/* F2: the terminal clock (A.1). */
static mdc_value *f2(disp_ctx *c)
{
    mdc_tm tm;
    mdc_tm_from_epoch(disp_now_s(c), &tm);
    mdc_value *o = disp_obj(c);
    mdc_v_add_time(&c->arena, o, "time", &tm);
    return o;
}

/* F3: D0..D247 = AFN04 F1..F248 was set (at any pn) since the last reset. */
static mdc_value *f3(disp_ctx *c)
{
    uint8_t *bits = disp_pool(c, 31);
    if (!bits || store_param_set_fns(c->d->st, bits) != 0)
        return NULL;
    mdc_value *o = disp_obj(c);
    mdc_v_append(o, "params", disp_bytes(c, bits, 31));
    return o;
}

/* F4: reporting 1 allowed / 2 forbidden; talking to the master is not
 * supported: 2 forbidden. */
static mdc_value *f4(disp_ctx *c)
{
    mdc_value *o = disp_obj(c);
    mdc_v_add_int(&c->arena, o, "report", c->live->reporting_allowed ? 1 : 2, NULL);
    mdc_v_add_int(&c->arena, o, "talk", 2, NULL);
    mdc_v_add_int(&c->arena, o, "reserved", 0, NULL);
    return o;
}

/* F7: EC1, EC2. */
static mdc_value *f7(disp_ctx *c)
{
    uint8_t ec1 = 0, ec2 = 0;
    if (store_event_counters(c->d->st, &ec1, &ec2) != 0)
        return NULL;
    mdc_value *o = disp_obj(c);
    mdc_v_add_int(&c->arena, o, "ec1", ec1, NULL);
    mdc_v_add_int(&c->arena, o, "ec2", ec2, NULL);
    return o;
}

/* F8: D0..D63 = ERC1..ERC64 has a stored record (either class). The
 * records reachable by pointer (the latest 256 of each class) are read. */
static mdc_value *f8(disp_ctx *c)
{
    uint8_t *flags = disp_pool(c, 8);
    if (!flags)
        return NULL;
    memset(flags, 0, 8);
    for (int cls = STORE_EV_IMPORTANT; cls <= STORE_EV_GENERAL; cls++) {
        size_t n = 0;
        if (store_event_count(c->d->st, cls, &n) != 0 || n == 0)
            continue;
        for (unsigned ptr = 0; ptr < 256; ptr++) {
            uint8_t rec[512];
            size_t len = 0;
            if (store_event_get(c->d->st, cls, (uint8_t)ptr, rec, sizeof rec, &len) != 0 ||
                len == 0 || rec[0] < 1 || rec[0] > 64)
                continue;
            unsigned b = rec[0] - 1u;
            flags[b / 8] = (uint8_t)(flags[b / 8] | (1u << (b % 8)));
        }
    }
    mdc_value *o = disp_obj(c);
    mdc_v_append(o, "erc_flags", disp_bytes(c, flags, 8));
    return o;
}

/* F9: state inputs and change flags from the shell. */
static mdc_value *f9(disp_ctx *c)
{
    uint8_t *b = disp_pool(c, 2);
    if (!b)
        return NULL;
    b[0] = c->live->state_inputs;
    b[1] = c->live->state_changes;
    mdc_value *o = disp_obj(c);
    mdc_v_append(o, "state", disp_bytes(c, b, 1));
    mdc_v_append(o, "changed", disp_bytes(c, b + 1, 1));
    return o;
}

static uint32_t clip32(uint64_t v)
{
    return v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

/* F10: bytes exchanged with the master today and this month: the larger of
 * the store's counters and the live link counters of the same day/month. */
static mdc_value *f10(disp_ctx *c)
{
    int64_t now = disp_now_s(c);
    store_counters day = {0}, mon = {0};
    uint32_t dkey = store_day_of(now), mkey = store_month_of(now);
    if (store_counters_day(c->d->st, dkey, &day) != 0 ||
        store_counters_month(c->d->st, mkey, &mon) != 0)
        return NULL;
    uint64_t db = day.traffic, mb = mon.traffic;
    const cc_link_stats *ls = c->live->link;
    if (ls && ls->day_key == (int32_t)dkey && ls->day.tx_bytes + ls->day.rx_bytes > db)
        db = ls->day.tx_bytes + ls->day.rx_bytes;
    if (ls && ls->month_key == (int32_t)mkey && ls->month.tx_bytes + ls->month.rx_bytes > mb)
        mb = ls->month.tx_bytes + ls->month.rx_bytes;
    mdc_value *o = disp_obj(c);
    mdc_v_add_int(&c->arena, o, "day_bytes", clip32(db), "byte");
    mdc_v_add_int(&c->arena, o, "month_bytes", clip32(mb), "byte");
    return o;
}

/* F11 (reader ports) and F13 (found meters): afn0c_md.c. */
static mdc_value *f11(disp_ctx *c)
{
    return disp_0c_f11(c);
}

static const struct {
    uint16_t fn;
    mdc_value *(*build)(disp_ctx *c);
} fns[] = {
    {2, f2}, {3, f3}, {4, f4}, {7, f7}, {8, f8}, {9, f9}, {10, f10}, {11, f11},
};

int disp_afn0c(disp_ctx *c)
{
    const gdw13761_msg *m = c->m;
    bool f13_more = false, f9_answered = false;
    for (size_t i = 0; i < m->nunits; i++) {
        const gdw13761_unit *u = &m->units[i];
        if (u->pn != 0)
            continue;
        if (u->fn == 13) {
            mdc_value *v = disp_0c_f13(c, &f13_more);
            if (!v)
                return disp_fail(c, "AFN0C F13");
            if (!disp_add(c, 0, 13, v))
                return disp_deny(c, "AFN0C: too many units");
            continue;
        }
        for (size_t k = 0; k < sizeof fns / sizeof fns[0]; k++)
            if (fns[k].fn == u->fn) {
                mdc_value *v = fns[k].build(c);
                if (v && !disp_add(c, 0, u->fn, v))
                    return disp_deny(c, "AFN0C: too many units");
                if (v && u->fn == 9)
                    f9_answered = true;
            }
    }
    if (disp_md_units(c, 0x0C) != 0)
        return -1;
    int rc = disp_finish(c, 0x0C);
    /* the change flags went to the master: the shell clears them */
    if (rc == 0 && f9_answered && c->ans->kind == CC_LINK_ANS_DATA)
        c->fx->inputs_read = true;
    if (rc == 0 && f13_more)
        rc = disp_0c_f13_more(c);
    return rc;
}
