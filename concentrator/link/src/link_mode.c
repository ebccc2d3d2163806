/* Online modes of AFN04 F8 (client mode): permanent, passive activation and
 * time window; the parameter decoding and the hour arithmetic. The state
 * changes themselves are in link_session.c. */
#include "link_internal.h"

#define HOUR_MS 3600000

void cc_link_params_apply_f8(cc_link_params *p, const uint8_t f8[8])
{
    unsigned mode = f8[0] & 0x03u;
    p->work_mode = (uint8_t)(mode >= CC_LINK_MODE_PERMANENT ? mode : CC_LINK_MODE_PERMANENT);
    p->redial_s = (uint16_t)(f8[1] | (f8[2] << 8));
    p->passive_redials = f8[3];
    p->passive_idle_min = f8[4];
    p->online_hours = (uint32_t)f8[5] | ((uint32_t)f8[6] << 8) | ((uint32_t)f8[7] << 16);
}

/* Milliseconds since the terminal clock's last full hour, 0..HOUR_MS-1. */
static int64_t into_hour(cc_link_now now)
{
    int64_t r = now.clock_ms % HOUR_MS;
    return r < 0 ? r + HOUR_MS : r;
}

bool cc_link_priv_in_window(const cc_link *l, cc_link_now now)
{
    if (l->p.work_mode != CC_LINK_MODE_WINDOW)
        return true;
    mdc_tm t;
    cc_link_now_calendar(now, &t);
    return (l->p.online_hours >> t.hour) & 1u;
}

int64_t cc_link_priv_next_hour(cc_link_now now)
{
    return now.ms + (HOUR_MS - into_hour(now));
}
