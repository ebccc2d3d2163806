/* The request dispatcher: AFN -> handler table, the answer helpers and the
 * deny rules (docs/dispatch.md). */
#include <stdio.h>
#include <string.h>

#include "disp_int.h"

/* AFN0E events (afn0e.c); disp_int.h does not list it yet. */

static const struct {
    uint8_t afn;
    disp_handler fn;
} handlers[] = {
    {0x01, disp_afn01}, {0x02, disp_afn02}, {0x04, disp_afn04}, {0x05, disp_afn05},
    {0x09, disp_afn09}, {0x0A, disp_afn0a}, {0x0C, disp_afn0c}, {0x0D, disp_afn0d},
    {0x0E, disp_afn0e}, {0x10, disp_afn10},
};

void cc_dispatch_init(cc_dispatch *d, store *st, const cc_terminal_info *info,
                      int64_t started_clock_ms)
{
    d->st = st;
    d->info = info;
    d->started_clock_ms = started_clock_ms;
    d->nspans = 0;
    d->handled = 0;
    d->denied = 0;
    d->why[0] = '\0';
}

const char *cc_dispatch_why(const cc_dispatch *d)
{
    return d->why;
}

int disp_deny(disp_ctx *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->d->why, sizeof c->d->why, fmt, ap);
    va_end(ap);
    c->ans->kind = CC_LINK_ANS_DENY;
    c->ans->afn = 0x00;
    c->ans->units = NULL;
    c->ans->n = 0;
    c->d->nspans = 0;
    return 0;
}

int disp_fail(disp_ctx *c, const char *what)
{
    disp_deny(c, "%s: %s", what, store_errmsg(c->d->st));
    return -1;
}

int disp_confirm(disp_ctx *c)
{
    c->ans->kind = CC_LINK_ANS_CONFIRM;
    c->ans->afn = 0x00;
    c->ans->units = NULL;
    c->ans->n = 0;
    return 0;
}

bool disp_add(disp_ctx *c, uint16_t pn, uint16_t fn, const mdc_value *v)
{
    for (size_t i = 0; i < c->nout; i++) /* asked twice: answered once */
        if (c->d->work_units[i].pn == pn && c->d->work_units[i].fn == fn)
            return true;
    if (c->nout >= CC_DISPATCH_UNITS_MAX)
        return false;
    gdw13761_unit *u = &c->d->work_units[c->nout++];
    memset(u, 0, sizeof *u);
    u->pn = pn;
    u->fn = fn;
    u->value = v;
    return true;
}

int disp_finish(disp_ctx *c, uint8_t afn)
{
    if (c->nout == 0)
        return disp_deny(c, "AFN%02X: no data for any unit asked", afn);
    if (c->arena.full)
        return disp_deny(c, "AFN%02X: answer too large (value arena full)", afn);
    size_t w = 0, ns = 0;
    gdw13761_err e;
    if (gdw13761_msg_encode_units(afn, true, c->d->work_units, c->nout, c->d->buf, sizeof c->d->buf,
                                  &w, c->d->spans, CC_DISPATCH_SPANS_MAX, &ns, &e) != 0)
        return disp_deny(c, "AFN%02X answer: %s", afn, e.msg);
    c->d->nspans = ns;
    c->ans->kind = CC_LINK_ANS_DATA;
    c->ans->afn = afn;
    c->ans->units = c->d->spans;
    c->ans->n = ns;
    return 0;
}

uint8_t *disp_pool(disp_ctx *c, size_t n)
{
    if (n > sizeof c->d->work_pool - c->pool_used)
        return NULL;
    uint8_t *p = c->d->work_pool + c->pool_used;
    c->pool_used += n;
    return p;
}

mdc_value *disp_obj(disp_ctx *c)
{
    return mdc_v_new(&c->arena, MDC_V_OBJECT);
}

mdc_value *disp_bytes(disp_ctx *c, const uint8_t *p, size_t n)
{
    mdc_value *v = mdc_v_new(&c->arena, MDC_V_BYTES);
    if (v) { /* not copied: p is in the work pool or static */
        v->u.bytes.p = p;
        v->u.bytes.len = n;
    }
    return v;
}

bool disp_get_int(const mdc_value *obj, const char *key, int64_t *out)
{
    if (!obj || obj->kind != MDC_V_OBJECT)
        return false;
    return mdc_v_int(mdc_v_get(obj, key), out);
}

int64_t disp_now_s(const disp_ctx *c)
{
    int64_t ms = c->now.clock_ms;
    return ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
}

bool disp_reader_port(const disp_ctx *c, int64_t port)
{
    const cc_live *l = c->live;
    if (port < 1 || port > 31 || !l->reader_ports)
        return false;
    for (size_t i = 0; i < l->n_reader_ports; i++)
        if (l->reader_ports[i].port == port)
            return true;
    return false;
}

void disp_changed(disp_ctx *c, uint16_t fn)
{
    cc_dispatch_effects *fx = c->fx;
    fx->params_changed = true;
    for (size_t i = 0; i < fx->n_changed; i++)
        if (fx->changed_fn[i] == fn)
            return;
    if (fx->n_changed < sizeof fx->changed_fn / sizeof fx->changed_fn[0])
        fx->changed_fn[fx->n_changed++] = fn;
}

int cc_dispatch_request(cc_dispatch *d, cc_source src, const gdw13761_msg *m, int decode_rc,
                        cc_link_now now, const cc_live *live, cc_link_answer *ans,
                        cc_dispatch_effects *fx)
{
    static const cc_live no_live = {.link = NULL, .link_state = CC_LINK_IDLE};
    memset(fx, 0, sizeof *fx);
    fx->amaint = -1; /* unchanged */
    d->nspans = 0;
    d->why[0] = '\0';
    disp_ctx c = {
        .d = d,
        .src = src,
        .m = m,
        .now = now,
        .live = live ? live : &no_live,
        .fx = fx,
        .ans = ans,
    };
    mdc_arena_init(&c.arena, d->work_arena, sizeof d->work_arena);
    ans->kind = CC_LINK_ANS_NONE;
    ans->afn = 0;
    ans->units = NULL;
    ans->n = 0;
    int rc = 0;
    if (!m)
        disp_deny(&c, "no request");
    else if (decode_rc != 0 || !m->complete)
        disp_deny(&c, "AFN%02X: the data units did not decode", m->frame.afn);
    else if (m->frame.dir)
        disp_deny(&c, "AFN%02X: an uplink frame is no request", m->frame.afn);
    else if (m->nunits == 0)
        disp_deny(&c, "AFN%02X: no data unit", m->frame.afn);
    else {
        disp_handler h = NULL;
        for (size_t i = 0; i < sizeof handlers / sizeof handlers[0]; i++)
            if (handlers[i].afn == m->frame.afn)
                h = handlers[i].fn;
        if (!h)
            disp_deny(&c, "AFN%02X is not handled", m->frame.afn);
        else
            rc = h(&c);
        /* AFN01 F3/F4 deleted the internal state with the parameters: the
         * shell learns the auto-maintenance state it fell back to */
        int64_t am = 0;
        if (rc == 0 && m->frame.afn == 0x01 && fx->params_changed && fx->amaint < 0 &&
            store_state_get(d->st, "amaint", &am, 0) == 0)
            fx->amaint = (int)am;
        /* never silence, except for a forwarding job (answered later) */
        if (ans->kind == CC_LINK_ANS_NONE && !fx->forward)
            disp_deny(&c, "AFN%02X: no answer built", m->frame.afn);
    }
    if (ans->kind == CC_LINK_ANS_DENY) {
        d->denied++;
        /* a deny has no effects, except what the store already did (a reset,
         * the clock, parameters changed before a later unit failed) */
        if (!fx->data_cleared && !fx->restart && !fx->clock_set && !fx->params_changed) {
            memset(fx, 0, sizeof *fx);
            fx->amaint = -1;
        }
        fx->forward = false;
    } else {
        d->handled++;
    }
    return rc;
}
