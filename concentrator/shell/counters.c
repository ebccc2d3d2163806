/* Power-on minutes and uplink traffic into the store's day/month counters
 * (AFN0D F49/F51, F53/F54, AFN0C F10). Counted in memory and written in one
 * small transaction per flush: every [store] counters_flush_min minutes
 * (default 60), when the terminal clock's day changes (the pending amounts
 * go to the day they belong to) and at stop. Flash wear stays at one
 * transaction an hour when idle; a power cut loses at most the last period. */
#include "daemon.h"
#include "log.h"

static void flush_at(cd_daemon *d, int64_t clock_s)
{
    if (d->power_pending_min == 0 && d->traffic_pending == 0)
        return;
    int rc = 0;
    if (d->power_pending_min)
        rc |= store_count_power(d->st, clock_s, d->power_pending_min);
    if (d->traffic_pending) {
        uint32_t t = d->traffic_pending > UINT32_MAX ? UINT32_MAX : (uint32_t)d->traffic_pending;
        rc |= store_count_traffic(d->st, clock_s, t);
    }
    if (rc != 0)
        cd_log(CD_LOG_WARN, "store: counters: %s", store_errmsg(d->st));
    d->power_pending_min = 0;
    d->traffic_pending = 0;
    d->counters_flushed_mono = cd_now_mono_ms();
}

void cd_counters_tick(cd_daemon *d)
{
    cc_link_now now = cd_now(d);
    int64_t clock_s = now.clock_ms / 1000;
    if (d->counters_minute_mono == 0) {
        d->counters_minute_mono = now.ms;
        d->counters_flushed_mono = now.ms;
        d->counters_last_clock_s = clock_s;
        return;
    }
    /* a new day of the terminal clock: what is pending belongs to the old one */
    if (store_day_of(clock_s) != store_day_of(d->counters_last_clock_s))
        flush_at(d, d->counters_last_clock_s);
    while (now.ms - d->counters_minute_mono >= 60000) {
        d->power_pending_min++;
        d->counters_minute_mono += 60000;
    }
    d->counters_last_clock_s = clock_s;
    if (now.ms - d->counters_flushed_mono >= (int64_t)d->cfg.counters_flush_min * 60000)
        flush_at(d, clock_s);
}

void cd_counters_flush(cd_daemon *d)
{
    cc_link_now now = cd_now(d);
    flush_at(d, now.clock_ms / 1000);
}
