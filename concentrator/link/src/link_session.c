/* Uplink session: parameters, connection, login/heartbeat/logout, the one
 * outstanding initiated frame with its timeout and resends, timers and the
 * statistics. Requests are in link_rx.c, reports in link_report.c. */
#include <string.h>

#include "link_internal.h"
#include "mdc/bcd.h"

#define DEFAULT_TIMEOUT_MS 30000
#define DEFAULT_CONNECT_MS 30000
#define NO_HB_BACKOFF_MS   60000 /* base of the retry delay when no heartbeat period */

static const uint8_t dadt_login[4] = {0x00, 0x00, 0x01, 0x00};  /* p0 F1 */
static const uint8_t dadt_logout[4] = {0x00, 0x00, 0x02, 0x00}; /* p0 F2 */
static const uint8_t dadt_hb[4] = {0x00, 0x00, 0x04, 0x00};     /* p0 F3 */

static const char *const state_names[] = {
    [CC_LINK_IDLE] = "idle",           [CC_LINK_REDIAL] = "redial",
    [CC_LINK_DORMANT] = "dormant",     [CC_LINK_CONNECTING] = "connecting",
    [CC_LINK_CONNECTED] = "connected", [CC_LINK_ONLINE] = "online",
    [CC_LINK_STOPPING] = "stopping",
};

const char *cc_link_state_name(cc_link_state s)
{
    if ((unsigned)s < sizeof state_names / sizeof state_names[0])
        return state_names[s];
    return "?";
}

void cc_link_params_default(cc_link_params *p)
{
    memset(p, 0, sizeof *p);
    memcpy(p->a1, "0000", 5);
    p->a2 = 1;
    p->timeout_s = 30;
    p->retries = 3;
    p->heartbeat_min = 15;
    p->redial_s = 30;
    p->work_mode = CC_LINK_MODE_PERMANENT;
    p->passive_redials = 3;
    p->passive_idle_min = 10;
    p->online_hours = 0xFFFFFFu;
    p->login_delay_min_ms = 0;
    p->login_delay_max_ms = 30000;
    p->connect_timeout_ms = DEFAULT_CONNECT_MS;
    p->max_frame_len = GDW13761_FRAME_MAX;
    p->report_fc_con = GDW13761_FC_REQ_CLASS1;
}

void cc_link_params_apply_f1(cc_link_params *p, const uint8_t f1[6])
{
    /* f1[0] RTS delay (radio only), f1[1] allowed delay when we initiate */
    p->tp_delay_min = f1[1];
    p->timeout_s = (uint16_t)(f1[2] | ((f1[3] & 0x0Fu) << 8));
    p->retries = (uint8_t)((f1[3] >> 4) & 0x03u);
    p->con_flags = (uint8_t)(f1[4] & 0x07u);
    p->heartbeat_min = f1[5];
}

void cc_link_params_apply_f3(cc_link_params *p, const uint8_t f3[12])
{
    for (unsigned i = 0; i < 2; i++) {
        memcpy(p->master[i].ip, f3 + i * 6, 4);
        p->master[i].port = (uint16_t)(f3[i * 6 + 4] | (f3[i * 6 + 5] << 8));
    }
}

static bool is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
}

static bool params_valid(const cc_link_params *p)
{
    for (unsigned i = 0; i < 4; i++)
        if (!is_hex(p->a1[i]))
            return false;
    if (p->a1[4] != '\0' || p->a2 == 0)
        return false;
    if (p->max_frame_len < CC_LINK_FRAME_LEN_MIN || p->max_frame_len > GDW13761_FRAME_MAX)
        return false;
    return p->login_delay_min_ms <= p->login_delay_max_ms;
}

static void set_state(cc_link *l, cc_link_state st)
{
    if (l->st == st)
        return;
    l->st = st;
    l->stats.online = st == CC_LINK_ONLINE;
    if (l->ops.state)
        l->ops.state(l->ctx, st);
}

/* The responder's output: answers to the master count as uplink traffic. */
static void resp_send(void *ctx, cc_link_now now, const uint8_t *p, size_t n)
{
    cc_link_priv_send(ctx, now, p, n);
}

/* The responder answers as our address, within our frame length. */
static void resp_set_addr(cc_link *l)
{
    cc_link_resp_set_addr(&l->resp, l->p.a1, l->p.a2, l->p.groups, l->p.max_frame_len, 0);
}

int cc_link_init(cc_link *l, const cc_link_ops *ops, void *ctx, const cc_link_params *p)
{
    if (!l || !ops || !p || !ops->connect || !ops->close || !ops->send || !ops->request ||
        !ops->rand || !params_valid(p))
        return -1;
    memset(l, 0, sizeof *l);
    l->ops = *ops;
    l->ctx = ctx;
    l->p = *p;
    l->st = CC_LINK_IDLE;
    l->stats.last_heartbeat_clock_ms = -1;
    l->stats.last_login_clock_ms = -1;
    l->stats.day_key = -1;
    l->stats.month_key = -1;
    cc_link_resp_init(&l->resp, resp_send, l);
    resp_set_addr(l);
    return 0;
}

void cc_link_priv_roll(cc_link *l, cc_link_now now)
{
    mdc_tm t;
    cc_link_now_calendar(now, &t);
    int32_t month = (int32_t)t.year * 100 + t.mon;
    int32_t day = month * 100 + t.day;
    cc_link_stats *s = &l->stats;
    if (s->day_key != day) {
        if (s->day_key >= 0)
            s->prev_day = s->day;
        memset(&s->day, 0, sizeof s->day);
        s->day_key = day;
    }
    if (s->month_key != month) {
        if (s->month_key >= 0)
            s->prev_month = s->month;
        memset(&s->month, 0, sizeof s->month);
        s->month_key = month;
    }
}

void cc_link_priv_send(cc_link *l, cc_link_now now, const uint8_t *p, size_t n)
{
    cc_link_priv_roll(l, now);
    l->stats.day.tx_bytes += n;
    l->stats.month.tx_bytes += n;
    l->stats.day.tx_frames++;
    l->stats.month.tx_frames++;
    l->ops.send(l->ctx, p, n);
}

int64_t cc_link_priv_timeout_ms(const cc_link *l)
{
    return l->p.timeout_s ? (int64_t)l->p.timeout_s * 1000 : DEFAULT_TIMEOUT_MS;
}

static int64_t hb_period_ms(const cc_link *l)
{
    return (int64_t)l->p.heartbeat_min * 60000;
}

/* Uniform in [lo, hi] from the injected source. */
static int64_t rand_between(cc_link *l, int64_t lo, int64_t hi)
{
    if (hi <= lo)
        return lo;
    uint64_t span = (uint64_t)(hi - lo) + 1u;
    return lo + (int64_t)((uint64_t)l->ops.rand(l->ctx) % span);
}

int64_t cc_link_priv_backoff_ms(cc_link *l)
{
    int64_t base = hb_period_ms(l) ? hb_period_ms(l) : NO_HB_BACKOFF_MS;
    return rand_between(l, base / 2, base * 16 / 10);
}

void cc_link_priv_uplink_tmpl(const cc_link *l, gdw13761_frame *f, uint8_t afn, uint8_t fc,
                              bool con)
{
    memset(f, 0, sizeof *f);
    f->dir = true;
    f->prm = true;
    f->fc = fc;
    memcpy(f->a1, l->p.a1, sizeof f->a1);
    f->a2 = l->p.a2;
    f->afn = afn;
    f->fir = true;
    f->fin = true;
    f->con = con;
}

/* ---- connection ---- */

static bool addr_set(const cc_link *l, unsigned i)
{
    return l->p.master[i].port != 0;
}

static void do_connect(cc_link *l, cc_link_now now)
{
    if (!addr_set(l, l->addr_idx))
        l->addr_idx ^= 1u;
    if (!addr_set(l, l->addr_idx)) {
        /* nowhere to go: wait for parameters */
        l->t_redial = CC_LINK_NO_DEADLINE;
        set_state(l, CC_LINK_REDIAL);
        return;
    }
    l->t_connect =
        now.ms + (l->p.connect_timeout_ms ? l->p.connect_timeout_ms : DEFAULT_CONNECT_MS);
    set_state(l, CC_LINK_CONNECTING);
    l->ops.connect(l->ctx, l->addr_idx, &l->p.master[l->addr_idx]);
}

static void redial_later(cc_link *l, cc_link_now now)
{
    l->t_redial = now.ms + (int64_t)l->p.redial_s * 1000;
    set_state(l, CC_LINK_REDIAL);
}

/* Everything tied to one connection is forgotten; queued reports stay. */
static void conn_reset(cc_link *l)
{
    l->tx = CC_TX_NONE;
    l->rep_active = false;
    cc_link_priv_rx_reset(l);
}

/* We end the connection (heartbeat failure, address change). */
static void drop_connection(cc_link *l, cc_link_now now)
{
    l->ops.close(l->ctx);
    l->stats.disconnects++;
    conn_reset(l);
    redial_later(l, now);
}

static void go_dormant(cc_link *l, cc_link_now now)
{
    l->t_wake =
        l->p.work_mode == CC_LINK_MODE_WINDOW ? cc_link_priv_next_hour(now) : CC_LINK_NO_DEADLINE;
    set_state(l, CC_LINK_DORMANT);
}

static bool has_socket(cc_link_state st)
{
    return st == CC_LINK_CONNECTING || st == CC_LINK_CONNECTED || st == CC_LINK_ONLINE ||
           st == CC_LINK_STOPPING;
}

/* Ends the connection we chose to end (stop, F39, idle, window end, logout
 * done) and goes to leave_to. `closed`: the shell reported it closed. */
static void finish_leave(cc_link *l, cc_link_now now, bool closed)
{
    if (has_socket(l->st)) {
        if (l->st != CC_LINK_CONNECTING)
            l->stats.disconnects++;
        if (!closed)
            l->ops.close(l->ctx);
    }
    conn_reset(l);
    switch (l->leave_to) {
    case CC_LINK_REDIAL:
        redial_later(l, now);
        break;
    case CC_LINK_DORMANT:
        go_dormant(l, now);
        break;
    default:
        set_state(l, CC_LINK_IDLE);
        break;
    }
}

void cc_link_start(cc_link *l, cc_link_now now)
{
    if (l->st != CC_LINK_IDLE)
        return;
    cc_link_priv_roll(l, now);
    l->first_login = true;
    l->t_login = now.ms + rand_between(l, l->p.login_delay_min_ms, l->p.login_delay_max_ms);
    l->addr_idx = 0;
    l->redial_fails = 0;
    if (l->p.work_mode == CC_LINK_MODE_PASSIVE || !cc_link_priv_in_window(l, now))
        go_dormant(l, now);
    else
        do_connect(l, now);
    cc_link_priv_pump(l, now);
}

void cc_link_on_connected(cc_link *l, cc_link_now now)
{
    if (l->st != CC_LINK_CONNECTING)
        return;
    l->stats.connects++;
    l->redial_fails = 0;
    l->t_app = now.ms;
    gdw13761_framer_init(&l->resp.framer);
    conn_reset(l);
    if (!l->first_login || l->t_login < now.ms)
        l->t_login = now.ms;
    set_state(l, CC_LINK_CONNECTED);
    cc_link_priv_pump(l, now);
}

static void connect_failed(cc_link *l, cc_link_now now)
{
    l->stats.connect_failures++;
    if (addr_set(l, l->addr_idx ^ 1u))
        l->addr_idx ^= 1u; /* main, backup, main, ... */
    if (l->p.work_mode == CC_LINK_MODE_PASSIVE && ++l->redial_fails >= l->p.passive_redials) {
        go_dormant(l, now); /* wait for the next activation */
        return;
    }
    redial_later(l, now);
}

void cc_link_on_connect_failed(cc_link *l, cc_link_now now)
{
    if (l->st != CC_LINK_CONNECTING)
        return;
    connect_failed(l, now);
    cc_link_priv_pump(l, now);
}

void cc_link_on_closed(cc_link *l, cc_link_now now)
{
    if (l->st == CC_LINK_CONNECTING) {
        connect_failed(l, now);
    } else if (l->st == CC_LINK_STOPPING) {
        finish_leave(l, now, true);
    } else if (l->st == CC_LINK_CONNECTED || l->st == CC_LINK_ONLINE) {
        l->stats.disconnects++;
        conn_reset(l);
        redial_later(l, now); /* the same address first */
    }
    cc_link_priv_pump(l, now);
}

/* ---- initiated frames ---- */

static void tx_send(cc_link *l, cc_link_now now, cc_link_txkind kind, const gdw13761_frame *f)
{
    gdw13761_err err;
    if (gdw13761_frame_encode(f, l->tx_frame, sizeof l->tx_frame, &l->tx_len, &err) != 0)
        return; /* cannot happen with valid parameters */
    l->pfc++;
    l->tx = kind;
    l->tx_seq = f->seq;
    l->tx_tries = 1;
    l->t_tx = now.ms + cc_link_priv_timeout_ms(l);
    cc_link_priv_send(l, now, l->tx_frame, l->tx_len);
}

static void send_link_test(cc_link *l, cc_link_now now, cc_link_txkind kind)
{
    gdw13761_frame f;
    uint8_t units[10];
    size_t n = 4;
    cc_link_priv_uplink_tmpl(l, &f, 0x02, GDW13761_FC_LINK_TEST, true);
    f.seq = l->pfc & 0x0Fu;
    if (kind == CC_TX_LOGIN) {
        memcpy(units, dadt_login, 4);
    } else if (kind == CC_TX_LOGOUT) {
        memcpy(units, dadt_logout, 4);
    } else {
        /* heartbeat: the terminal clock, A.1 ss mm hh DD week|MM YY */
        mdc_tm t;
        cc_link_now_calendar(now, &t);
        unsigned week = t.wday ? t.wday : 7u;
        memcpy(units, dadt_hb, 4);
        units[4] = mdc_u8_to_bcd(t.sec);
        units[5] = mdc_u8_to_bcd(t.min);
        units[6] = mdc_u8_to_bcd(t.hour);
        units[7] = mdc_u8_to_bcd(t.day);
        units[8] = (uint8_t)((week << 5) | mdc_u8_to_bcd(t.mon));
        units[9] = mdc_u8_to_bcd((unsigned)(t.year % 100u));
        n = 10;
        l->t_hb_base = now.ms;
        l->t_heartbeat = hb_period_ms(l) ? now.ms + hb_period_ms(l) : CC_LINK_NO_DEADLINE;
    }
    f.units = units;
    f.units_len = n;
    tx_send(l, now, kind, &f);
}

static void tx_failed(cc_link *l, cc_link_now now)
{
    cc_link_txkind kind = l->tx;
    l->tx = CC_TX_NONE;
    switch (kind) {
    case CC_TX_LOGIN:
        l->stats.login_failures++;
        l->first_login = false;
        l->t_login = now.ms + cc_link_priv_backoff_ms(l);
        break;
    case CC_TX_HEARTBEAT:
        l->stats.heartbeat_failures++;
        drop_connection(l, now);
        break;
    case CC_TX_LOGOUT:
        finish_leave(l, now, false);
        break;
    case CC_TX_REPORT:
        cc_link_priv_report_failed(l, now);
        break;
    case CC_TX_NONE:
        break;
    }
}

void cc_link_priv_ack(cc_link *l, cc_link_now now, uint8_t seq, bool ok)
{
    if (l->tx == CC_TX_NONE || seq != l->tx_seq) {
        l->stats.unmatched_acks++;
        return;
    }
    switch (l->tx) {
    case CC_TX_LOGIN:
        if (!ok) {
            tx_failed(l, now);
            return;
        }
        l->tx = CC_TX_NONE;
        l->first_login = false;
        l->stats.logins++;
        l->stats.last_login_clock_ms = now.clock_ms;
        l->t_hb_base = now.ms;
        l->t_heartbeat = hb_period_ms(l) ? now.ms + hb_period_ms(l) : CC_LINK_NO_DEADLINE;
        l->t_report = now.ms;
        set_state(l, CC_LINK_ONLINE);
        break;
    case CC_TX_HEARTBEAT:
        /* a deny still proves the link is alive */
        l->tx = CC_TX_NONE;
        l->stats.heartbeats++;
        l->stats.last_heartbeat_clock_ms = now.clock_ms;
        break;
    case CC_TX_LOGOUT:
        l->tx = CC_TX_NONE;
        finish_leave(l, now, false);
        break;
    case CC_TX_REPORT:
        l->tx = CC_TX_NONE;
        cc_link_priv_report_acked(l, now, ok);
        break;
    case CC_TX_NONE:
        break;
    }
}

/* Logout when online, else close at once; then leave_to = to. */
static void leave(cc_link *l, cc_link_now now, cc_link_state to)
{
    l->leave_to = to;
    if (l->st == CC_LINK_ONLINE) {
        l->tx = CC_TX_NONE; /* an outstanding report stays queued */
        l->rep_active = false;
        send_link_test(l, now, CC_TX_LOGOUT);
        set_state(l, CC_LINK_STOPPING);
    } else if (l->st != CC_LINK_STOPPING) {
        finish_leave(l, now, false);
    }
}

void cc_link_stop(cc_link *l, cc_link_now now)
{
    leave(l, now, CC_LINK_IDLE);
}

void cc_link_disconnect(cc_link *l, cc_link_now now)
{
    if (!has_socket(l->st) || l->st == CC_LINK_STOPPING)
        return;
    leave(l, now, l->p.work_mode == CC_LINK_MODE_PASSIVE ? CC_LINK_DORMANT : CC_LINK_REDIAL);
    cc_link_priv_pump(l, now);
}

void cc_link_activate(cc_link *l, cc_link_now now)
{
    if ((l->st == CC_LINK_DORMANT && l->p.work_mode != CC_LINK_MODE_WINDOW) ||
        l->st == CC_LINK_REDIAL) {
        l->redial_fails = 0;
        if (l->st == CC_LINK_DORMANT)
            l->addr_idx = 0;
        do_connect(l, now);
    }
    cc_link_priv_pump(l, now);
}

/* Window mode outside the online hours, or passive mode idle too long. */
static bool must_leave(cc_link *l, cc_link_now now)
{
    if (l->p.work_mode == CC_LINK_MODE_WINDOW) {
        l->t_wake = cc_link_priv_next_hour(now);
        return !cc_link_priv_in_window(l, now);
    }
    return l->p.work_mode == CC_LINK_MODE_PASSIVE && l->p.passive_idle_min &&
           now.ms >= l->t_app + (int64_t)l->p.passive_idle_min * 60000;
}

/* ---- timers ---- */

void cc_link_priv_pump(cc_link *l, cc_link_now now)
{
    cc_link_priv_roll(l, now);
    /* a few rounds: one step may enable the next (e.g. a failure -> redial) */
    for (unsigned round = 0; round < 4u + CC_LINK_REPORTS; round++) {
        cc_link_state st0 = l->st;
        cc_link_txkind tx0 = l->tx;
        unsigned rep0 = l->rep_count;
        switch (l->st) {
        case CC_LINK_IDLE:
            return;
        case CC_LINK_REDIAL:
            if (now.ms < l->t_redial)
                break;
            if (cc_link_priv_in_window(l, now))
                do_connect(l, now);
            else
                go_dormant(l, now);
            break;
        case CC_LINK_DORMANT:
            if (l->p.work_mode == CC_LINK_MODE_PERMANENT) {
                do_connect(l, now); /* the mode changed */
            } else if (l->p.work_mode == CC_LINK_MODE_WINDOW && now.ms >= l->t_wake) {
                if (cc_link_priv_in_window(l, now)) {
                    l->addr_idx = 0;
                    do_connect(l, now);
                } else {
                    l->t_wake = cc_link_priv_next_hour(now);
                }
            }
            break;
        case CC_LINK_CONNECTING:
            if (now.ms >= l->t_connect) {
                l->ops.close(l->ctx);
                connect_failed(l, now);
            }
            break;
        case CC_LINK_CONNECTED:
        case CC_LINK_ONLINE:
        case CC_LINK_STOPPING:
            if (l->st != CC_LINK_STOPPING && must_leave(l, now)) {
                leave(l, now, CC_LINK_DORMANT);
            } else if (l->tx != CC_TX_NONE) {
                if (now.ms < l->t_tx)
                    break;
                unsigned tries = l->tx == CC_TX_LOGOUT ? 1u : (unsigned)l->p.retries + 1u;
                if (l->tx_tries < tries) {
                    l->tx_tries++;
                    l->stats.resends++;
                    l->t_tx = now.ms + cc_link_priv_timeout_ms(l);
                    cc_link_priv_send(l, now, l->tx_frame, l->tx_len);
                } else {
                    tx_failed(l, now);
                }
            } else if (l->st == CC_LINK_CONNECTED) {
                if (now.ms >= l->t_login)
                    send_link_test(l, now, CC_TX_LOGIN);
            } else if (l->st == CC_LINK_ONLINE) {
                if (now.ms >= l->t_heartbeat)
                    send_link_test(l, now, CC_TX_HEARTBEAT);
                else if (l->rep_count && now.ms >= l->t_report)
                    cc_link_priv_report_next(l, now);
            } else {
                finish_leave(l, now, false);
            }
            break;
        }
        if (l->st == st0 && l->tx == tx0 && l->rep_count == rep0)
            return;
    }
}

void cc_link_tick(cc_link *l, cc_link_now now)
{
    cc_link_priv_pump(l, now);
}

static int64_t min64(int64_t a, int64_t b)
{
    return a < b ? a : b;
}

/* When the online mode may end the connection: the next hour boundary
 * (window), the idle limit (passive). */
static int64_t mode_deadline(const cc_link *l)
{
    if (l->p.work_mode == CC_LINK_MODE_WINDOW)
        return l->t_wake;
    if (l->p.work_mode == CC_LINK_MODE_PASSIVE && l->p.passive_idle_min)
        return l->t_app + (int64_t)l->p.passive_idle_min * 60000;
    return CC_LINK_NO_DEADLINE;
}

int64_t cc_link_next_deadline(const cc_link *l)
{
    switch (l->st) {
    case CC_LINK_IDLE:
        return CC_LINK_NO_DEADLINE;
    case CC_LINK_REDIAL:
        return l->t_redial;
    case CC_LINK_CONNECTING:
        return l->t_connect;
    case CC_LINK_DORMANT:
        return l->t_wake;
    case CC_LINK_CONNECTED:
        return min64(mode_deadline(l), l->tx != CC_TX_NONE ? l->t_tx : l->t_login);
    case CC_LINK_ONLINE:
        if (l->tx != CC_TX_NONE)
            return min64(mode_deadline(l), l->t_tx);
        return min64(mode_deadline(l),
                     l->rep_count ? min64(l->t_heartbeat, l->t_report) : l->t_heartbeat);
    case CC_LINK_STOPPING:
        return l->tx != CC_TX_NONE ? l->t_tx : 0;
    }
    return CC_LINK_NO_DEADLINE;
}

int cc_link_params_changed(cc_link *l, cc_link_now now, const cc_link_params *p)
{
    if (!params_valid(p))
        return -1;
    cc_link_params old = l->p;
    l->p = *p;
    resp_set_addr(l);
    if (l->st == CC_LINK_ONLINE && old.heartbeat_min != p->heartbeat_min)
        l->t_heartbeat = hb_period_ms(l) ? l->t_hb_base + hb_period_ms(l) : CC_LINK_NO_DEADLINE;
    bool moved =
        memcmp(&old.master[l->addr_idx], &p->master[l->addr_idx], sizeof p->master[0]) != 0;
    if (moved) {
        switch (l->st) {
        case CC_LINK_CONNECTING:
        case CC_LINK_CONNECTED:
        case CC_LINK_ONLINE:
            /* the address in use is no longer configured: go to the new one */
            if (l->st != CC_LINK_CONNECTING)
                l->stats.disconnects++;
            l->ops.close(l->ctx);
            conn_reset(l);
            l->addr_idx = 0;
            l->t_redial = now.ms;
            set_state(l, CC_LINK_REDIAL);
            break;
        default:
            break;
        }
    }
    if (l->st == CC_LINK_REDIAL && memcmp(old.master, p->master, sizeof p->master) != 0) {
        l->addr_idx = 0;
        if (l->t_redial == CC_LINK_NO_DEADLINE)
            l->t_redial = now.ms; /* was waiting for an address */
    }
    cc_link_priv_pump(l, now);
    return 0;
}

void cc_link_set_events(cc_link *l, uint8_t ec1, uint8_t ec2, bool important_unread)
{
    cc_link_resp_set_events(&l->resp, ec1, ec2, important_unread);
}

cc_link_state cc_link_get_state(const cc_link *l)
{
    return l->st;
}

const cc_link_stats *cc_link_get_stats(const cc_link *l)
{
    return &l->stats;
}
