/* AFN04 set parameters (§5.5): every unit is handed to the store as one
 * atomic set (store_param_set_many: checked first, all or nothing).
 *
 * - All units valid: stored, AFN00 F1, fx->params_changed with the Fn list.
 * - Any unit invalid (uncatalogued Fn, pn FF00 "all points", wrong length,
 *   value out of range, read-only F150): nothing is stored and the answer is
 *   AFN00 F3 (afn 04) naming every unit of the request with ERR 1 "other
 *   error" (Appendix D): the store applies a request atomically, so a unit
 *   that was itself fine was not stored either. ERR 2 (duplicate meter
 *   address) is not produced: the store does not check F10 addresses.
 * Sets are accepted from every source (R-C19: schemes may be set locally). */
#include <stdio.h>

#include "disp_int.h"

enum { ERR_OTHER = 1 };

/* AFN00 F3 naming every request unit with ERR 1. */
static int deny_units(disp_ctx *c)
{
    mdc_arena *a = &c->arena;
    mdc_value *v = disp_obj(c);
    mdc_v_add_int(a, v, "afn", 0x04, NULL);
    mdc_value *items = mdc_v_add_arr(a, v, "items");
    for (size_t i = 0; i < c->m->nunits; i++) {
        const gdw13761_unit *u = &c->m->units[i];
        mdc_value *it = mdc_v_add_obj(a, items, NULL);
        mdc_value *dadt = mdc_v_add_obj(a, it, "dadt");
        if (u->pn == GDW13761_PN_ALL) /* DA FF 00 */
            mdc_v_add_str(a, dadt, "pn", "all", 3);
        else
            mdc_v_add_int(a, mdc_v_add_arr(a, dadt, "pn"), NULL, u->pn, NULL);
        mdc_v_add_int(a, mdc_v_add_arr(a, dadt, "fn"), NULL, u->fn, NULL);
        mdc_v_add_int(a, it, "err", ERR_OTHER, NULL);
    }
    if (!disp_add(c, 0, 3, v))
        return disp_deny(c, "AFN04: too many units");
    return disp_finish(c, 0x00); /* keeps the reason in d->why */
}

int disp_afn04(disp_ctx *c)
{
    const gdw13761_msg *m = c->m;
    store_unit su[CC_LINK_REQ_UNITS];
    if (m->nunits > CC_LINK_REQ_UNITS)
        return disp_deny(c, "AFN04: %zu units, at most %u", m->nunits, CC_LINK_REQ_UNITS);
    for (size_t i = 0; i < m->nunits; i++) {
        const gdw13761_unit *u = &m->units[i];
        if (!u->row || u->pn == GDW13761_PN_ALL) {
            snprintf(c->d->why, sizeof c->d->why, "AFN04 p%u F%u: %s", u->pn, u->fn,
                     u->row ? "pn FF00 cannot be set" : "no such parameter");
            return deny_units(c);
        }
        su[i] = (store_unit){.fn = u->fn, .pn = u->pn, .data = u->raw, .len = u->raw_len};
    }
    size_t bad = 0;
    int rc = store_param_set_many(c->d->st, su, m->nunits, m->frame.msa, disp_now_s(c), &bad);
    if (rc == STORE_E_INVALID) {
        snprintf(c->d->why, sizeof c->d->why, "AFN04 unit %zu refused: %s", bad,
                 store_errmsg(c->d->st));
        return deny_units(c);
    }
    if (rc != 0)
        return disp_fail(c, "AFN04 set");
    for (size_t i = 0; i < m->nunits; i++)
        disp_changed(c, m->units[i].fn);
    return disp_confirm(c);
}
