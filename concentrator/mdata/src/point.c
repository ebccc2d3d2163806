/* A measurement point's configuration from the store: its AFN04 F10 entry
 * (port, protocol, tariff count), F25 (wiring) and the port's F33 (reading
 * days and time). */
#include <stdlib.h>
#include <string.h>

#include "md_int.h"
#include "mdc/bcd.h"

enum { F10_ENTRY = 27 }; /* bytes of one F10 meter entry (Table 33) */

/* F33 element of the port: read days and reading-day time. Defaults (no F33
 * block for the port): day 1 at 00:00, as the reader's schedule. */
static int port_sched(store *st, uint8_t port, mdata_point *out)
{
    out->read_days = 1u;
    out->read_day_min = 0;
    uint8_t b[2 + 7 + 1 + 3 + 1 + 24 * 4 + 8];
    size_t len = 0;
    int rc = store_param_get_key(st, 33, 0, port, b, sizeof b, &len);
    if (rc == STORE_E_NOTFOUND)
        return 0;
    if (rc != 0)
        return rc;
    if (len < 9)
        return 0;
    /* port(1) ctl(2) read_days(4) read_day_time A.19 mm hh (2) */
    out->read_days =
        (uint32_t)b[3] | (uint32_t)b[4] << 8 | (uint32_t)b[5] << 16 | (uint32_t)b[6] << 24;
    if (mdc_bcd_valid(b[7]) && mdc_bcd_valid(b[8])) {
        unsigned mm = mdc_bcd_to_u8(b[7]), hh = mdc_bcd_to_u8(b[8]);
        if (mm < 60 && hh < 24)
            out->read_day_min = (uint16_t)(hh * 60u + mm);
    }
    return 0;
}

int mdata_point_lookup(store *st, uint16_t pn, mdata_point *out)
{
    if (!st || !out || pn == 0)
        return STORE_E_ARG;
    memset(out, 0, sizeof *out);
    uint8_t *buf = malloc(STORE_PARAM_MAX);
    if (!buf)
        return STORE_E_SPACE;
    size_t len = 0;
    int rc = store_param_get(st, 10, 0, buf, STORE_PARAM_MAX, &len);
    bool found = false;
    if (rc == 0 && len >= 2) {
        size_t n = (size_t)buf[0] | (size_t)buf[1] << 8;
        for (size_t i = 0; i < n && 2 + (i + 1) * F10_ENTRY <= len; i++) {
            const uint8_t *e = buf + 2 + i * F10_ENTRY;
            uint16_t point = (uint16_t)(e[2] | e[3] << 8);
            if (point != pn)
                continue;
            out->point = pn;
            out->port = e[4] & 0x1Fu;
            out->protocol = e[5];
            out->tariffs = e[18] & 0x0Fu; /* D3..D0 (the catalogue's tariff_count) */
            found = true;
            break;
        }
    }
    free(buf);
    if (rc != 0)
        return rc;
    if (!found)
        return STORE_E_NOTFOUND;
    if (out->tariffs == 0 || out->tariffs > 12)
        out->tariffs = out->tariffs ? 12 : 4;
    /* F25 wiring D1..D0: 1 three-phase three-wire, 2 three-phase four-wire,
     * 3 single-phase (the store's default); 0 taken as single-phase */
    uint8_t f25[16];
    out->three_phase = false;
    rc = store_param_get(st, 25, pn, f25, sizeof f25, &len);
    if (rc == 0 && len >= 11)
        out->three_phase = (f25[10] & 0x03u) == 1 || (f25[10] & 0x03u) == 2;
    else if (rc != 0 && rc != STORE_E_NOTFOUND)
        return rc;
    return port_sched(st, out->port, out);
}

int md_ctx_init(md_ctx *c, store *st, uint16_t pn, md_table tab, int64_t key, mdc_arena *a)
{
    c->st = st;
    c->pn = pn;
    c->tab = tab;
    c->key = key;
    c->a = a;
    c->err = 0;
    c->any = false;
    c->read_ts = 0;
    c->tariffs = 0;
    c->point_rc = 1;
    mdc_arena_init(&c->sc, c->scbuf, sizeof c->scbuf);
    return 0;
}

const mdata_point *md_point(md_ctx *c)
{
    if (c->point_rc == 1) {
        c->point_rc = mdata_point_lookup(c->st, c->pn, &c->point);
        if (c->point_rc != 0 && c->point_rc != STORE_E_NOTFOUND && !c->err)
            c->err = c->point_rc;
    }
    return c->point_rc == 0 ? &c->point : NULL;
}

unsigned md_tariffs(md_ctx *c)
{
    if (c->tariffs)
        return c->tariffs;
    const mdata_point *p = md_point(c);
    /* data without configuration: 4 tariffs */
    c->tariffs = p && p->tariffs ? p->tariffs : 4;
    return c->tariffs;
}
