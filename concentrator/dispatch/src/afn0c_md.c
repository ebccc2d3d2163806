/* AFN0C / AFN0D units of measurement points through cc/mdata.h, AFN0C F11
 * (meter reading status of the reader ports) and F13 (meters found by the
 * search). docs/dispatch.md, docs/meter-data.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "afn0c_md.h"
#include "cc/mdata.h"
#include "gdw13761/catalog.h"

enum { F10_ENTRY = 27 };

/* The points of AFN04 F10 (entries with point != 0), ascending, no
 * duplicates, into pts[0..cap). Returns the count, or -1 on a store error. */
static long points_of_f10(disp_ctx *c, uint16_t *pts, size_t cap)
{
    uint8_t *b = malloc(STORE_PARAM_MAX);
    if (!b)
        return -1;
    size_t len = 0, n = 0;
    if (store_param_get(c->d->st, 10, 0, b, STORE_PARAM_MAX, &len) != 0) {
        free(b);
        return -1;
    }
    size_t count = len >= 2 ? (size_t)(b[0] | b[1] << 8) : 0;
    for (size_t i = 0; i < count && 2 + (i + 1) * F10_ENTRY <= len; i++) {
        const uint8_t *e = b + 2 + i * F10_ENTRY;
        uint16_t pn = (uint16_t)(e[2] | e[3] << 8);
        if (pn == 0)
            continue;
        size_t k = 0;
        while (k < n && pts[k] < pn)
            k++;
        if ((k < n && pts[k] == pn) || n >= cap)
            continue;
        memmove(pts + k + 1, pts + k, (n - k) * sizeof *pts);
        pts[k] = pn;
        n++;
    }
    free(b);
    return (long)n;
}

/* Room kept in the answer buffer for the identifiers (4 bytes each). */
static bool room(const disp_ctx *c, size_t len)
{
    size_t ids = 4 * (c->nout + 1);
    return c->pool_used + len + ids + 16 <= CC_DISPATCH_ANSWER_MAX;
}

/* One point's unit: built, encoded into the pool, added as BYTES. *full
 * when the answer has no room left. Returns 0, or -1 on a store error. */
static int one(disp_ctx *c, uint8_t afn, uint16_t pn, const gdw13761_unit *u, bool *full)
{
    const gdw13761_fn *row = gdw13761_cat_find(afn, u->fn, GDW13761_UP);
    if (!row)
        return 0;
    mdc_arena *a = &c->arena;
    size_t mark = a->used;
    mdc_value *v = NULL;
    int64_t now = disp_now_s(c);
    int rc = afn == 0x0C ? mdata_build_0c(c->d->st, pn, u->fn, now, a, &v)
                         : mdata_build_0d(c->d->st, pn, u->fn, u->value, now, a, &v);
    if (rc == STORE_E_SPACE || (rc == 0 && a->full)) {
        a->used = mark;
        a->full = false;
        *full = true;
        return 0;
    }
    if (rc != 0) {
        a->used = mark;
        return -1;
    }
    if (!v)
        return 0;
    size_t cap = sizeof c->d->work_pool - c->pool_used, w = 0;
    gdw13761_err e;
    if (gdw13761_unit_encode(row->layout, v, c->d->work_pool + c->pool_used, cap, &w, &e) != 0) {
        a->used = mark;
        if (e.code == GDW13761_E_SPACE)
            *full = true;
        return 0; /* a value the format refuses: the unit is left out */
    }
    a->used = mark; /* the tree is encoded: its memory is free again */
    if (!room(c, w)) {
        *full = true;
        return 0;
    }
    uint8_t *p = disp_pool(c, w);
    mdc_value *bv = p ? disp_bytes(c, p, w) : NULL;
    if (!bv || !disp_add(c, pn, u->fn, bv))
        *full = true;
    return 0;
}

int disp_md_units(disp_ctx *c, uint8_t afn)
{
    const gdw13761_msg *m = c->m;
    uint16_t *all = NULL;
    long nall = -1;
    bool full = false;
    int rc = 0;
    for (size_t i = 0; i < m->nunits && !full && rc == 0; i++) {
        const gdw13761_unit *u = &m->units[i];
        if (u->pn == 0 || !mdata_supports(afn, u->fn))
            continue;
        if (u->pn != GDW13761_PN_ALL) {
            if (one(c, afn, u->pn, u, &full) != 0)
                rc = -1;
            continue;
        }
        if (nall < 0) {
            all = malloc(2040 * sizeof *all);
            nall = all ? points_of_f10(c, all, 2040) : -1;
            if (nall < 0) {
                rc = -1;
                break;
            }
        }
        for (long k = 0; k < nall && !full && rc == 0; k++)
            if (one(c, afn, all[k], u, &full) != 0)
                rc = -1;
    }
    free(all);
    if (rc != 0)
        return disp_fail(c, afn == 0x0C ? "AFN0C point data" : "AFN0D point data");
    return 0;
}

/* ---- F11 ---- */

static mdc_value *a1_or_null(disp_ctx *c, mdc_value *o, const char *key, int64_t clock_ms)
{
    if (clock_ms <= 0)
        return mdc_v_add_null(&c->arena, o, key);
    mdc_tm tm;
    mdc_tm_from_epoch(clock_ms / 1000, &tm);
    if (tm.year < 2000 || tm.year > 2099)
        return mdc_v_add_null(&c->arena, o, key);
    return mdc_v_add_time(&c->arena, o, key, &tm);
}

mdc_value *disp_0c_f11(disp_ctx *c)
{
    static const uint8_t dflt[] = {1, 2, 31};
    const cc_live *l = c->live;
    size_t n = l->reader_ports && l->n_reader_ports ? l->n_reader_ports : sizeof dflt;
    if (n > 31)
        n = 31;
    mdc_arena *a = &c->arena;
    mdc_value *o = disp_obj(c);
    mdc_v_add_int(a, o, "count", (int64_t)n, NULL);
    mdc_value *arr = mdc_v_add_arr(a, o, "ports");
    for (size_t i = 0; i < n; i++) {
        cc_reader_port_stats s;
        if (l->reader_ports && l->n_reader_ports)
            s = l->reader_ports[i];
        else
            s = (cc_reader_port_stats){.port = dflt[i]};
        mdc_value *p = mdc_v_add_obj(a, arr, NULL);
        mdc_v_add_int(a, p, "port", s.port, NULL);
        mdc_v_add_int(a, p, "meters", s.meters, NULL);
        mdc_v_add_int(a, p, "busy", s.busy ? 1 : 0, NULL);
        mdc_v_add_int(a, p, "done_in_period", s.done_in_period ? 1 : 0, NULL);
        mdc_v_add_int(a, p, "reserved", 0, NULL);
        mdc_v_add_int(a, p, "success", s.ok, NULL);
        mdc_v_add_int(a, p, "key_success", s.key_ok, NULL);
        a1_or_null(c, p, "start", s.start_clock_ms);
        a1_or_null(c, p, "end", s.end_clock_ms);
    }
    return o;
}

/* ---- F13 ---- */

/* One F13 block: meters [from, from + count) of the list, total n. */
static mdc_value *f13_block(disp_ctx *c, const store_found *f, size_t n, size_t from, size_t count)
{
    mdc_arena *a = &c->arena;
    mdc_value *o = disp_obj(c);
    mdc_v_add_int(a, o, "total", (int64_t)n, NULL);
    mdc_v_add_int(a, o, "count", (int64_t)count, NULL);
    mdc_value *arr = mdc_v_add_arr(a, o, "meters");
    for (size_t i = from; i < from + count; i++) {
        char addr[13];
        bool bcd = true;
        for (size_t k = 0; k < 6; k++) {
            uint8_t b = f[i].addr[5 - k];
            snprintf(addr + 2 * k, 3, "%02X", b);
            if ((b & 0x0F) > 9 || (b >> 4) > 9)
                bcd = false;
        }
        mdc_value *e = mdc_v_add_obj(a, arr, NULL);
        if (bcd)
            mdc_v_add_str(a, e, "addr", addr, 12);
        else
            mdc_v_add_null(a, e, "addr"); /* not a BCD address: A.12 cannot carry it */
        mdc_v_add_int(a, e, "protocol", f[i].protocol, NULL);
        mdc_v_add_str(a, e, "collector_addr", "000000000000", 12);
    }
    return o;
}

mdc_value *disp_0c_f13(disp_ctx *c, bool *more)
{
    store_found f[STORE_FOUND_MAX];
    size_t n = 0;
    *more = false;
    if (store_found_list(c->d->st, f, STORE_FOUND_MAX, &n) != 0)
        return NULL;
    size_t k = n < DISP_F13_PER_UNIT ? n : DISP_F13_PER_UNIT;
    *more = n > k;
    return f13_block(c, f, n, 0, k);
}

int disp_0c_f13_more(disp_ctx *c)
{
    cc_dispatch *d = c->d;
    if (c->ans->kind != CC_LINK_ANS_DATA || d->nspans == 0)
        return 0;
    store_found f[STORE_FOUND_MAX];
    size_t n = 0;
    if (store_found_list(d->st, f, STORE_FOUND_MAX, &n) != 0)
        return disp_fail(c, "AFN0C F13");
    const gdw13761_span *last = &d->spans[d->nspans - 1];
    size_t used = (size_t)(last->p + last->len - d->buf);
    for (size_t from = DISP_F13_PER_UNIT; from < n; from += DISP_F13_PER_UNIT) {
        size_t k = n - from < DISP_F13_PER_UNIT ? n - from : DISP_F13_PER_UNIT;
        gdw13761_unit u = {.pn = 0, .fn = 13, .value = f13_block(c, f, n, from, k)};
        size_t w = 0, ns = 0;
        gdw13761_err e;
        if (c->arena.full || d->nspans >= CC_DISPATCH_SPANS_MAX ||
            gdw13761_msg_encode_units(0x0C, true, &u, 1, d->buf + used, sizeof d->buf - used, &w,
                                      d->spans + d->nspans, CC_DISPATCH_SPANS_MAX - d->nspans, &ns,
                                      &e) != 0)
            break; /* no room: the master has the first blocks and the total */
        used += w;
        d->nspans += ns;
    }
    c->ans->units = d->spans;
    c->ans->n = d->nspans;
    return 0;
}
