/* AFN05 control commands (§5.6) that a concentrator without load control
 * handles: F29 allow active reporting, F37 forbid it, F31 time set, F38
 * activate the connection to the master, F39 disconnect. Every unit is
 * checked first; any other Fn (trip, power control, messages...) or a bad
 * F31 time denies the whole request with nothing applied. Answer: AFN00 F1.
 *
 * F31: the new clock offset is the requested time (A.1) minus the wall clock,
 * where wall clock = now.clock_ms - the stored offset. The store keeps the
 * offset in whole seconds (rounded), so fx->clock_offset_ms is that value
 * times 1000 and the terminal clock is within 0.5 s of the time sent. */
#include "disp_int.h"

static bool supported(uint16_t fn)
{
    return fn == 29 || fn == 31 || fn == 37 || fn == 38 || fn == 39;
}

/* The A.1 time of an F31 unit as civil seconds; false when it is not a
 * whole, valid time. */
static bool f31_time(const gdw13761_unit *u, int64_t *out)
{
    const mdc_value *t =
        u->value && u->value->kind == MDC_V_OBJECT ? mdc_v_get(u->value, "time") : NULL;
    if (!t || t->kind != MDC_V_TIME)
        return false;
    mdc_tm tm = t->u.tm;
    if ((tm.fields & MDC_TM_FULL) != MDC_TM_FULL || !mdc_tm_valid(&tm))
        return false;
    *out = mdc_tm_to_epoch(&tm);
    return true;
}

static int64_t div_round(int64_t ms)
{
    return ms >= 0 ? (ms + 500) / 1000 : -((-ms + 500) / 1000);
}

int disp_afn05(disp_ctx *c)
{
    const gdw13761_msg *m = c->m;
    for (size_t i = 0; i < m->nunits; i++) {
        const gdw13761_unit *u = &m->units[i];
        int64_t t;
        if (!supported(u->fn) || u->pn != 0)
            return disp_deny(c, "AFN05: p%u F%u is not supported", u->pn, u->fn);
        if (u->fn == 31 && !f31_time(u, &t))
            return disp_deny(c, "AFN05 F31: the time is not a valid A.1 time");
    }
    for (size_t i = 0; i < m->nunits; i++) {
        const gdw13761_unit *u = &m->units[i];
        switch (u->fn) {
        case 29:
            c->fx->reporting = 1;
            break;
        case 37:
            c->fx->reporting = -1;
            break;
        case 38:
            c->fx->connection = 1;
            break;
        case 39:
            c->fx->connection = -1;
            break;
        default: { /* 31 */
            int64_t t = 0;
            f31_time(u, &t);
            int64_t old_ms = store_clock_offset_get(c->d->st) * 1000;
            int64_t wall_ms = c->now.clock_ms - old_ms;
            int64_t off_s = div_round(t * 1000 - wall_ms);
            if (store_clock_offset_set(c->d->st, off_s) != 0)
                return disp_fail(c, "AFN05 F31 clock offset");
            c->fx->clock_set = true;
            c->fx->clock_offset_ms = off_s * 1000;
            break;
        }
        }
    }
    return disp_confirm(c);
}
