/* Reading rounds: which meter and item comes next, what a reply means for
 * the meter's memory (block denied, item absent, missing today), the clock
 * deviation, the per-meter and per-port statistics, and the schedule that
 * starts rounds (interval, day start, reading day, 补抄, master). */
#include <string.h>

#include "mdc/bcd.h"
#include "rd.h"

#define DAY_MS          86400000LL
#define MIN_MS          60000LL
#define RD_REREAD_MAX   3              /* 补抄 rounds per day at most */
#define RD_REREAD_DELAY (5LL * MIN_MS) /* after the end of a round with failures */
#define RD_ABANDON_FAIL 3u             /* consecutive failed requests that end a meter's turn */

static const char *const reason_names[] = {"scheduled", "day start", "reading day", "master",
                                           "re-read"};

static int64_t day_of(int64_t clock_ms)
{
    return rd_floor_div(clock_ms, DAY_MS);
}

static unsigned minute_of_day(int64_t clock_ms)
{
    return (unsigned)((clock_ms - day_of(clock_ms) * DAY_MS) / MIN_MS);
}

static unsigned popcount64(uint64_t x)
{
    unsigned c = 0;
    for (; x; x &= x - 1)
        c++;
    return c;
}

static bool readable(const cc_reader_meter *m)
{
    return m->protocol == CC_PROTO_645_1997 || m->protocol == CC_PROTO_645_2007;
}

static bool in_round(const cc_reader *r, size_t i)
{
    const cc_reader_meter *m = &r->meters[i];
    if (!readable(m) || (r->sched.key_only && !m->key))
        return false;
    return r->rnd.info.reason != CC_READ_REREAD || r->ms[i].missing != 0;
}

static void day_check(cc_reader *r, size_t i, int64_t day)
{
    rd_mstate *ms = &r->ms[i];
    if (ms->day == day)
        return;
    ms->day = day;
    ms->absent = ms->missing = ms->ok_today = 0;
    ms->st.items_missing = 0;
}

static bool has_wire(const cc_reader *r, const cc_reader_meter *m, size_t ei)
{
    return m->protocol == CC_PROTO_645_2007 || r->has97[m->rcd ? 1 : 0][ei];
}

void rd_plan_prepare(cc_reader *r)
{
    cc_reader_meter all = {0};
    all.protocol = CC_PROTO_645_1997;
    all.tariffs = 12;
    all.three_phase = true;
    for (unsigned k = 0; k < 2; k++) {
        size_t np;
        const rd_item *plan = rd_plan(k == 1, &np);
        for (size_t ei = 0; ei < np && ei < RD_PLAN_MAX; ei++) {
            uint32_t w = 0, mem[RD_MEM_MAX];
            bool any = rd_wire_di(CC_PROTO_645_1997, plan[ei].di, &w);
            r->w97[k][ei] = any ? w : 0;
            size_t nm =
                rd_item_is_block(&plan[ei]) ? rd_item_members(&plan[ei], &all, mem, RD_MEM_MAX) : 0;
            for (size_t j = 0; j < nm && !any; j++)
                any = rd_wire_di(CC_PROTO_645_1997, mem[j], &w);
            r->has97[k][ei] = any;
        }
    }
}

static bool wanted(const cc_reader *r, size_t i, size_t ei, const rd_item *it)
{
    const cc_reader_meter *m = &r->meters[i];
    const rd_mstate *ms = &r->ms[i];
    uint64_t bit = 1ull << ei;
    if ((it->flags & RD_F_2007) && m->protocol != CC_PROTO_645_2007)
        return false;
    if (ms->absent & bit)
        return false;
    if ((it->flags & RD_F_DAILY) && (ms->ok_today & bit))
        return false;
    if ((it->flags & RD_F_CHANGE) && (ms->ok_today & bit)) {
        /* read again only when the count before it changed in this round */
        size_t np, c = ei;
        const rd_item *plan = rd_plan(m->rcd, &np);
        while (c > 0 && !(plan[c].flags & RD_F_COUNT))
            c--;
        if (!((ms->changed >> c) & 1u))
            return false;
    }
    if (r->rnd.info.reason == CC_READ_REREAD && !(ms->missing & bit))
        return false;
    return has_wire(r, m, ei);
}

/* ---- round begin / end ---- */

static void round_begin(cc_reader *r, cc_link_now now, cc_reader_reason reason)
{
    rd_round *rn = &r->rnd;
    memset(rn, 0, sizeof *rn);
    rn->active = true;
    rn->info.round = ++r->port.rounds;
    rn->info.reason = reason;
    rn->info.start_clock_ms = now.clock_ms;
    int64_t day = day_of(now.clock_ms);
    unsigned iv = r->sched.interval_min ? r->sched.interval_min : 15u;
    unsigned next = (minute_of_day(now.clock_ms) / iv + 1) * iv;
    rn->slot_end_clock = day * DAY_MS + (int64_t)(next < 1440 ? next : 1440) * MIN_MS;
    for (size_t i = 0; i < r->n; i++)
        day_check(r, i, day);
    if (reason == CC_READ_REREAD) {
        if (r->reread_day != day) {
            r->reread_day = day;
            r->rereads_today = 0;
        }
        r->rereads_today++;
    }
    for (size_t i = 0; i < r->n; i++)
        if (in_round(r, i))
            rn->info.meters++;
    if (reason == CC_READ_MASTER) /* it stands for the interval it starts in */
        r->last_slot = day * 1440 + minute_of_day(now.clock_ms) / iv * iv;
    r->last_round_day = day;
    r->port.busy = true;
    r->port.start_clock_ms = now.clock_ms;
    r->port.end_clock_ms = 0;
    if (r->ops.round_begin)
        r->ops.round_begin(r->ctx, &rn->info);
    rd_log(r, "round %u start (%s), %u meters", (unsigned)rn->info.round, reason_names[reason],
           (unsigned)rn->info.meters);
}

static void round_end(cc_reader *r, cc_link_now now)
{
    rd_round *rn = &r->rnd;
    rn->info.end_clock_ms = now.clock_ms;
    r->port.busy = false;
    r->port.ok = rn->info.ok;
    r->port.key_ok = (uint8_t)rn->info.key_ok;
    r->port.end_clock_ms = now.clock_ms;
    r->port.done_in_period = now.clock_ms <= rn->slot_end_clock;
    rn->active = false;
    if (r->ops.round_end)
        r->ops.round_end(r->ctx, &rn->info);
    rd_log(r, "round %u end: %u of %u meters ok, %u requests, %u failures",
           (unsigned)rn->info.round, (unsigned)rn->info.ok, (unsigned)rn->info.meters,
           (unsigned)rn->info.requests, (unsigned)rn->info.failures);
    bool missing = false;
    for (size_t i = 0; i < r->n; i++)
        if (readable(&r->meters[i]) && r->ms[i].missing)
            missing = true;
    int64_t day = day_of(now.clock_ms);
    unsigned done = r->reread_day == day ? r->rereads_today : 0u;
    r->reread_at =
        missing && !rn->stop && done < RD_REREAD_MAX ? now.clock_ms + RD_REREAD_DELAY : 0;
    if (rn->stop)
        r->master_pending = true;
}

void rd_round_abort(cc_reader *r, cc_link_now now)
{
    if (r->rnd.active)
        round_end(r, now);
}

/* ---- per meter ---- */

static void meter_begin(cc_reader *r, size_t i)
{
    rd_mstate *ms = &r->ms[i];
    ms->answered = ms->failed = ms->date_ok = false;
    ms->changed = 0;
    r->rnd.meter_begun = true;
    r->rnd.ei = 0;
    r->rnd.entry_begun = false;
    r->rnd.consecutive_fail = 0;
}

static void meter_end(cc_reader *r, cc_link_now now, size_t i)
{
    rd_mstate *ms = &r->ms[i];
    const cc_reader_meter *m = &r->meters[i];
    bool ok = !ms->failed;
    if (ms->answered) {
        ms->st.fail_streak = 0;
        ms->st.failing = false;
    } else {
        if (ms->st.fail_streak < UINT16_MAX)
            ms->st.fail_streak++;
        ms->st.failing = true;
    }
    ms->st.items_missing = (uint16_t)popcount64(ms->missing);
    if (ok) {
        r->rnd.info.ok++;
        if (m->key)
            r->rnd.info.key_ok++;
        ms->st.last_round_ok_ms = now.clock_ms;
    }
    char a[16];
    dlt645_addr_format(m->addr, a);
    if (!ms->answered)
        rd_log(r, "p%u %s no answer (%u rounds)", (unsigned)m->point, a,
               (unsigned)ms->st.fail_streak);
    else if (!ok)
        rd_log(r, "p%u %s %u items missing", (unsigned)m->point, a, (unsigned)ms->st.items_missing);
    if (r->ops.meter_done)
        r->ops.meter_done(r->ctx, m, ok, &ms->st, now);
    r->rnd.meter_begun = false;
}

/* ---- per entry ---- */

static void entry_begin(cc_reader *r, size_t i, const rd_item *it)
{
    rd_round *rn = &r->rnd;
    const cc_reader_meter *m = &r->meters[i];
    rn->entry_begun = true;
    rn->entry_failed = rn->entry_got = false;
    rn->entry_denied = 0;
    rn->mem = 0;
    if (m->protocol == CC_PROTO_645_1997 && (it->di == 0x0101FF00u || it->di == 0x0102FF00u)) {
        /* the total's demand and its time (RD_DEM97_TIME) */
        rn->entry_single = true;
        rn->nmems = 2;
        rn->mems[0] = it->di & 0xFFFF0000u;
        rn->mems[1] = (it->di & 0xFFFF0000u) | RD_DEM97_TIME;
        r->dem97_ok = false;
        return;
    }
    bool block = rd_item_is_block(it);
    bool whole = m->protocol == CC_PROTO_645_2007 || r->w97[m->rcd ? 1 : 0][rn->ei] != 0;
    rn->entry_single = block && (((r->ms[i].singles >> rn->ei) & 1u) || !whole);
    if (rn->entry_single) {
        rn->nmems = rd_item_members(it, m, rn->mems, RD_MEM_MAX);
    } else {
        rn->nmems = 1;
        rn->mems[0] = it->di;
    }
}

static void entry_end(cc_reader *r, size_t i)
{
    rd_round *rn = &r->rnd;
    rd_mstate *ms = &r->ms[i];
    uint64_t bit = 1ull << rn->ei;
    if (rn->entry_failed) {
        ms->missing |= bit;
        ms->failed = true;
    } else {
        ms->missing &= ~bit;
        if (rn->entry_got)
            ms->ok_today |= bit;
        else if (rn->entry_denied)
            ms->absent |= bit;
    }
    rn->entry_begun = false;
    rn->ei++;
}

/* The meter stopped answering: the rest of its wanted entries are missing. */
static void abandon(cc_reader *r, size_t i, const rd_item *plan, size_t np)
{
    rd_round *rn = &r->rnd;
    rd_mstate *ms = &r->ms[i];
    if (rn->entry_begun) {
        rn->entry_failed = true;
        entry_end(r, i);
    }
    for (; rn->ei < np; rn->ei++)
        if (wanted(r, i, rn->ei, &plan[rn->ei])) {
            ms->missing |= 1ull << rn->ei;
            ms->failed = true;
        }
}

bool rd_round_step(cc_reader *r, cc_link_now now)
{
    rd_round *rn = &r->rnd;
    if (!rn->active)
        return false;
    if (rn->stop) {
        round_end(r, now);
        return false;
    }
    while (rn->mi < r->n) {
        size_t i = rn->mi;
        if (!rn->meter_begun) {
            if (!in_round(r, i)) {
                rn->mi++;
                continue;
            }
            meter_begin(r, i);
        }
        const cc_reader_meter *m = &r->meters[i];
        size_t np;
        const rd_item *plan = rd_plan(m->rcd, &np);
        bool give_up = rn->consecutive_fail >= RD_ABANDON_FAIL ||
                       (rn->consecutive_fail > 0 && !r->ms[i].answered);
        if (give_up)
            abandon(r, i, plan, np);
        while (rn->ei < np) {
            const rd_item *it = &plan[rn->ei];
            if (!rn->entry_begun) {
                if (!wanted(r, i, rn->ei, it)) {
                    rn->ei++;
                    continue;
                }
                entry_begin(r, i, it);
            }
            while (rn->mem < rn->nmems) {
                uint32_t w;
                if (!rd_wire_di(m->protocol, rn->mems[rn->mem], &w)) {
                    rn->mem++;
                    continue;
                }
                if (!rd_tx_read(r, now, RD_TX_ROUND, m->addr, m->protocol, rd_baud(r, m), w)) {
                    rn->mem++;
                    continue;
                }
                r->ms[i].st.requests++;
                return true;
            }
            entry_end(r, i);
        }
        meter_end(r, now, i);
        rn->mi++;
    }
    round_end(r, now);
    return false;
}

/* ---- results ---- */

static void clock_deviation(cc_reader *r, cc_link_now now, rd_mstate *ms, const uint8_t *t,
                            size_t reply_len, uint32_t baud)
{
    const uint8_t *d = ms->date;
    for (unsigned k = 0; k < 3; k++)
        if (!mdc_bcd_valid(t[k]) || !mdc_bcd_valid(d[k + 1]))
            return;
    mdc_tm tm = {0};
    tm.year = (uint16_t)(2000 + mdc_bcd_to_u8(d[3]));
    tm.mon = (uint8_t)mdc_bcd_to_u8(d[2]);
    tm.day = (uint8_t)mdc_bcd_to_u8(d[1]);
    tm.hour = (uint8_t)mdc_bcd_to_u8(t[2]);
    tm.min = (uint8_t)mdc_bcd_to_u8(t[1]);
    tm.sec = (uint8_t)mdc_bcd_to_u8(t[0]);
    tm.fields = MDC_TM_FULL;
    if (!mdc_tm_valid(&tm))
        return;
    /* the meter read its clock between the end of our request and the start of its reply */
    int64_t reply_start = now.clock_ms - rd_wire_ms(reply_len, baud, 2, 8, 1);
    int64_t req_end = r->tx.wire_end + r->clock_off;
    int64_t sample = req_end < reply_start ? (req_end + reply_start) / 2 : reply_start;
    int64_t dev = mdc_tm_to_epoch(&tm) * 1000 + 500 - sample; /* seconds are truncated */
    if (dev > DAY_MS / 2)
        dev -= DAY_MS; /* the date was read before midnight, the time after */
    else if (dev < -DAY_MS / 2)
        dev += DAY_MS;
    ms->st.clock_dev_s = (int32_t)rd_floor_div(dev + 500, 1000);
    ms->st.clock_valid = true;
}

static void give_item(cc_reader *r, cc_link_now now, size_t i, uint32_t wire, uint32_t di07,
                      const uint8_t *data, size_t len, size_t reply_len)
{
    const cc_reader_meter *m = &r->meters[i];
    rd_mstate *ms = &r->ms[i];
    if (m->protocol == CC_PROTO_645_1997 && (wire == 0xA010u || wire == 0xA020u)) {
        r->dem97_ok = len == 3;
        if (r->dem97_ok)
            memcpy(r->dem97, data, 3);
        r->rnd.entry_got = true;
        return;
    }
    if (m->protocol == CC_PROTO_645_1997 && (wire == 0xB010u || wire == 0xB020u)) {
        if (!r->dem97_ok || len != 4) {
            r->rnd.entry_denied++;
            return;
        }
        /* XX.XXXX, then mm hh DD MM of 1997 and the year of the terminal clock
         * (the year before when that day is still to come this year) */
        mdc_tm t;
        mdc_tm_from_epoch(rd_floor_div(now.clock_ms, 1000), &t);
        unsigned mon = mdc_bcd_to_u8(data[3]), day = mdc_bcd_to_u8(data[2]);
        unsigned year = t.year % 100u;
        if (mon > t.mon || (mon == t.mon && day > t.day))
            year = (year + 99u) % 100u;
        memcpy(r->conv, r->dem97, 3);
        memcpy(r->conv + 3, data, 4);
        r->conv[7] = mon == 0 && day == 0 ? 0 : mdc_u8_to_bcd(year);
        r->dem97_ok = false;
        data = r->conv;
        len = 8;
        di07 = wire == 0xB010u ? 0x01010000u : 0x01020000u;
        r->rnd.entry_got = true;
        r->ops.item(r->ctx, m, di07, data, len, now);
        return;
    }
    if (m->protocol == CC_PROTO_645_1997) {
        mdc_arena a;
        mdc_arena_init(&a, r->arena_buf, sizeof r->arena_buf);
        uint32_t to = 0;
        size_t olen = 0;
        dlt645_di_err e;
        if (dlt645_di_convert(1997, wire, data, len, &a, &to, r->conv, sizeof r->conv, &olen, &e) !=
            DLT645_DI_OK) {
            char ad[16];
            dlt645_addr_format(m->addr, ad);
            rd_log(r, "p%u %s %04X not convertible to 2007", (unsigned)m->point, ad,
                   (unsigned)wire);
            r->rnd.entry_denied++;
            return;
        }
        data = r->conv;
        len = olen;
        di07 = to;
    }
    r->rnd.entry_got = true;
    size_t np;
    const rd_item *it = &rd_plan(m->rcd, &np)[r->rnd.ei];
    if (it->flags & RD_F_COUNT) {
        uint32_t h = 2166136261u;
        for (size_t k = 0; k < len; k++)
            h = (h ^ data[k]) * 16777619u;
        h |= 1u; /* never 0 (= nothing seen) */
        if (h != ms->hash[r->rnd.ei])
            ms->changed |= 1ull << r->rnd.ei;
        ms->hash[r->rnd.ei] = h;
    }
    if (di07 == 0x04000101u && len >= 4) {
        memcpy(ms->date, data, 4);
        ms->date_ok = true;
    } else if (di07 == 0x04000102u && len >= 3 && ms->date_ok) {
        clock_deviation(r, now, ms, data, reply_len, rd_baud(r, m));
    }
    r->ops.item(r->ctx, m, di07, data, len, now);
}

void rd_round_result(cc_reader *r, cc_link_now now, rd_res res, const uint8_t *data, size_t len,
                     size_t reply_len)
{
    rd_round *rn = &r->rnd;
    if (!rn->active || rn->stop || rn->mi >= r->n || !rn->entry_begun)
        return;
    size_t i = rn->mi;
    rd_mstate *ms = &r->ms[i];
    const cc_reader_meter *m = &r->meters[i];
    size_t np;
    const rd_item *it = &rd_plan(m->rcd, &np)[rn->ei];
    uint32_t di07 = rn->mems[rn->mem];
    uint32_t wire = r->tx.di;
    char a[16];
    dlt645_addr_format(m->addr, a);
    switch (res) {
    case RD_RES_OK:
        ms->answered = true;
        ms->st.last_ok_clock_ms = now.clock_ms;
        rn->consecutive_fail = 0;
        give_item(r, now, i, wire, di07, data, len, reply_len);
        rn->mem++;
        break;
    case RD_RES_DENIED:
        ms->answered = true;
        ms->st.last_ok_clock_ms = now.clock_ms;
        rn->consecutive_fail = 0;
        if (!rn->entry_single && rd_item_is_block(it)) {
            rd_log(r, "p%u %s %08X denied: block read item by item", (unsigned)m->point, a,
                   (unsigned)wire);
            ms->singles |= 1ull << rn->ei;
            rn->entry_single = true;
            rn->nmems = rd_item_members(it, m, rn->mems, RD_MEM_MAX);
            rn->mem = 0;
        } else {
            rn->entry_denied++;
            rn->mem++;
        }
        break;
    case RD_RES_FAIL:
    default:
        rn->entry_failed = true;
        rn->consecutive_fail++;
        rn->mem++;
        break;
    }
}

/* ---- schedule ---- */

static bool in_period(const cc_reader_sched *s, unsigned mod)
{
    if (s->nperiods == 0)
        return true;
    for (unsigned k = 0; k < s->nperiods && k < 24; k++)
        if (mod >= s->periods[k].start_min && mod < s->periods[k].end_min)
            return true;
    return false;
}

static bool rday_due(const cc_reader *r, int64_t clock_ms)
{
    int64_t day = day_of(clock_ms);
    if (r->rday_done == day)
        return false;
    mdc_tm t;
    mdc_tm_from_epoch(rd_floor_div(clock_ms, 1000), &t);
    return ((r->sched.read_days >> (t.day - 1u)) & 1u) &&
           minute_of_day(clock_ms) >= r->sched.read_day_min;
}

static bool sync_due(const cc_reader *r, int64_t clock_ms)
{
    int64_t day = day_of(clock_ms);
    if (!r->sched.time_sync || r->sync_done == day)
        return false;
    mdc_tm t;
    mdc_tm_from_epoch(rd_floor_div(clock_ms, 1000), &t);
    return (r->sched.sync_day == 0 || r->sched.sync_day == t.day) &&
           minute_of_day(clock_ms) >= r->sched.sync_min;
}

bool rd_sched_check(cc_reader *r, cc_link_now now)
{
    if (r->rnd.active || r->tx.kind != RD_TX_NONE)
        return false;
    int64_t clock = now.clock_ms, day = day_of(clock);
    unsigned mod = minute_of_day(clock);
    if (sync_due(r, clock)) {
        r->sync_done = day;
        rd_sync_queue(r);
        if (r->sync_n)
            return true;
    }
    if (r->n == 0)
        return false;
    if (r->master_pending) {
        r->master_pending = false;
        round_begin(r, now, CC_READ_MASTER);
        return true;
    }
    if (r->paused || !r->sched.auto_read)
        return false;
    unsigned iv = r->sched.interval_min ? r->sched.interval_min : 15u;
    unsigned slot = mod / iv * iv;
    int64_t key = day * 1440 + slot;
    if (r->last_slot != key && in_period(&r->sched, slot)) {
        cc_reader_reason why = r->last_round_day != INT64_MIN && r->last_round_day != day
                                   ? CC_READ_DAY_START
                                   : CC_READ_SCHEDULED;
        r->last_slot = key;
        r->reread_at = 0;
        round_begin(r, now, why);
        return true;
    }
    if (rday_due(r, clock)) {
        r->rday_done = day;
        round_begin(r, now, CC_READ_READING_DAY);
        return true;
    }
    if (r->reread_at && clock >= r->reread_at) {
        r->reread_at = 0;
        round_begin(r, now, CC_READ_REREAD);
        return true;
    }
    if (r->sched.search && r->search_day != day && r->last_round_day == day && !r->search_on) {
        r->search_day = day;
        rd_search_begin(r, NULL, 0);
        return r->search_on;
    }
    return false;
}

static int64_t earliest(int64_t a, int64_t b)
{
    return a < b ? a : b;
}

int64_t rd_sched_next_clock(const cc_reader *r, int64_t base)
{
    int64_t day = day_of(base), c = INT64_MAX;
    unsigned mod = minute_of_day(base);
    int64_t midnight = (day + 1) * DAY_MS;
    if (r->sched.time_sync) {
        int64_t t = day * DAY_MS + (int64_t)r->sched.sync_min * MIN_MS;
        c = earliest(c, t > base ? t : midnight);
    }
    if (r->n == 0)
        return c;
    if (!r->paused && r->sched.auto_read) {
        unsigned iv = r->sched.interval_min ? r->sched.interval_min : 15u;
        unsigned next = (mod / iv + 1) * iv;
        c = earliest(c, next < 1440 ? day * DAY_MS + (int64_t)next * MIN_MS : midnight);
        int64_t t = day * DAY_MS + (int64_t)r->sched.read_day_min * MIN_MS;
        c = earliest(c, t > base ? t : midnight);
        if (r->reread_at > base)
            c = earliest(c, r->reread_at);
    }
    return c;
}
