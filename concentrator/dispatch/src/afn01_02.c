/* AFN01 reset (§5.2, Table 13) and AFN02 link test (§5.3) requests.
 *
 * AFN01: every unit must be F1..F4 at p0, else the whole request is denied
 * and nothing is reset. The resets run in the request's order (F1 hardware:
 * checkpoint, then the shell restarts; F2 data area; F3 parameters and data;
 * F4 parameters except master communication, and data) and are confirmed
 * with AFN00 F1. Allowed from every source (local maintenance included). */
#include "disp_int.h"
#include "gdw13761/catalog.h"

/* Every AFN04 Fn of the catalogue that a reset may change: all of them for
 * F3, the non-communication ones for F4. */
static void changed_all(disp_ctx *c, bool keep_comm)
{
    for (size_t i = 0; gdw13761_cat_at(i); i++) {
        const gdw13761_fn *row = gdw13761_cat_at(i);
        if (row->afn != 0x04 || row->dir != GDW13761_DOWN)
            continue;
        if (keep_comm && store_param_is_comm(row->fn))
            continue;
        disp_changed(c, row->fn);
    }
}

int disp_afn01(disp_ctx *c)
{
    const gdw13761_msg *m = c->m;
    for (size_t i = 0; i < m->nunits; i++) {
        const gdw13761_unit *u = &m->units[i];
        if (u->fn < 1 || u->fn > 4 || u->pn != 0)
            return disp_deny(c, "AFN01: p%u F%u is no reset", u->pn, u->fn);
    }
    for (size_t i = 0; i < m->nunits; i++) {
        uint16_t fn = m->units[i].fn;
        if (store_reset(c->d->st, (store_reset_kind)fn) != 0)
            return disp_fail(c, "AFN01 reset");
        switch (fn) {
        case 1:
            c->fx->restart = true;
            break;
        case 2:
            c->fx->data_cleared = true;
            break;
        default: /* 3, 4 */
            c->fx->data_cleared = true;
            changed_all(c, fn == 4);
            break;
        }
    }
    return disp_confirm(c);
}

/* AFN02 is the terminal's link test (login, logout, heartbeat), which the
 * master confirms. Should a master or a maintenance tool send F1..F3 the
 * other way, it is confirmed (AFN00 F1); any other Fn is denied. */
int disp_afn02(disp_ctx *c)
{
    const gdw13761_msg *m = c->m;
    for (size_t i = 0; i < m->nunits; i++) {
        const gdw13761_unit *u = &m->units[i];
        if (u->fn < 1 || u->fn > 3 || u->pn != 0)
            return disp_deny(c, "AFN02: p%u F%u is no link test", u->pn, u->fn);
    }
    return disp_confirm(c);
}
