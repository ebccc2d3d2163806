/* The meter-event detector, item part (cc/events.h, docs/meter-events.md):
 * each item the reader read is compared with the value stored before it and
 * the change is raised as an ERC record through the recorder.
 *
 *   0001FF00 / 00010000 forward active total down    -> ERC27
 *   040005FF / 04000501..07 status words changed     -> ERC33 (+ ERC13 edges)
 *   03300000 programming count up                    -> ERC13 D0, ERC8 (pending)
 *   03300200 demand-reset count up                   -> ERC13 D0, ERC8 D5
 *   03300500 / 03300600 segment / zone table count   -> ERC8 D0
 *   03300C00 settlement-day programming count        -> ERC8 D2
 *   03110000 power-down count up                     -> ERC13 D3
 *   03300D00 / 03300E00 / 03350000 counts up         -> ERC37 / 38 / 40 (pending)
 *
 * "Pending" events are raised at the end of the meter's turn
 * (cc_mevents_on_meter, mev_meter.c) with the event record the reader reads
 * right after the count. No previous value (old == NULL): baseline only. */
#include <string.h>

#include "mev_int.h"

/* ---- thresholds ---- */

#define MEV_CLOCK_MIN_DEFAULT 5u /* the store's F59 default, when F59 cannot be read */

void cc_mevents_cfg_load(store *st, cc_mevents_cfg *cfg)
{
    uint8_t b[16];
    size_t n = 0;
    cfg->clock_dev_min = MEV_CLOCK_MIN_DEFAULT;
    cfg->down_kwh_x100 = 0; /* any decrease (0.01 kWh is a meter's resolution) */
    /* F59 Table 69: tolerance A.22, fast A.22, stopped BIN (15 min), clock BIN (min) */
    if (st && store_param_get(st, 59, 0, b, sizeof b, &n) == 0 && n == 4)
        cfg->clock_dev_min = b[3];
}

/* ---- one item ---- */

typedef struct mev_item {
    cc_events *e;
    const cc_mevents_cfg *cfg;
    uint16_t pn;
    uint32_t di;
    const uint8_t *old, *data;
    size_t old_len, len;
    int64_t now;
} mev_item;

/* ERC13 flags (Table 367) and ERC8 flags (Table 362), named as the layouts. */
enum {
    E13_PROGRAM = 1u << 0,
    E13_PHASE_BREAK = 1u << 1,
    E13_VOLTAGE_LOSS = 1u << 2,
    E13_POWER_OFF = 1u << 3,
    E13_BATTERY = 1u << 4,
};
static const char *const erc13_names[] = {"program_count", "phase_break_count",
                                          "voltage_loss_count", "power_off_count", "battery_low"};
static const char *const erc8_names[] = {"tariff_periods", "program_time",      "reading_day",
                                         "pulse_constant", "transformer_ratio", "demand_reset"};

static void raise_flags(const mev_item *it, uint8_t erc, int occurred, unsigned flags,
                        const char *const *names, size_t nnames)
{
    uint8_t buf[MEV_ARENA];
    mdc_arena a;
    mdc_arena_init(&a, buf, sizeof buf);
    mdc_value *r = mev_rec_new(&a, it->now, it->pn, occurred);
    for (size_t i = 0; r && i < nnames; i++)
        mdc_v_add_int(&a, r, names[i], (flags >> i) & 1u, NULL);
    mev_raise(it->e, erc, &a, r, it->now);
}

static void raise13(const mev_item *it, int occurred, unsigned flags)
{
    raise_flags(it, 13, occurred, flags, erc13_names, sizeof erc13_names / sizeof erc13_names[0]);
}

void mev_raise_erc8(cc_events *e, uint16_t pn, int64_t now_s, unsigned flags)
{
    mev_item it = {.e = e, .pn = pn, .now = now_s};
    raise_flags(&it, 8, -1, flags, erc8_names, sizeof erc8_names / sizeof erc8_names[0]);
}

/* ERC27: the forward active total went down by more than the threshold. */
static void on_forward(const mev_item *it)
{
    uint64_t before, after;
    if (it->old_len < 4 || it->len < 4 || !mev_bcd(it->old, 4, &before) ||
        !mev_bcd(it->data, 4, &after) || before <= after ||
        before - after <= it->cfg->down_kwh_x100)
        return;
    uint8_t buf[MEV_ARENA];
    mdc_arena a;
    mdc_arena_init(&a, buf, sizeof buf);
    mdc_value *r = mev_rec_new(&a, it->now, it->pn, 1);
    if (r) {
        mev_add_kwh(&a, r, "before", it->old, 4, false, "kWh");
        mev_add_kwh(&a, r, "after", it->data, 4, false, "kWh");
    }
    mev_raise(it->e, 27, &a, r, it->now);
}

/* ---- status words (ERC33, ERC13 edges) ---- */

#define SW_N 7u

typedef struct sw_set {
    uint16_t w[SW_N];
    bool known[SW_N];
} sw_set;

static void sw_from_block(sw_set *s, const uint8_t *p, size_t len)
{
    memset(s, 0, sizeof *s);
    for (size_t i = 0; i < SW_N && len >= 2 * (i + 1); i++) {
        s->w[i] = mev_le16(p + 2 * i);
        s->known[i] = true;
    }
}

/* The words stored for pn (block, else the single words), for the record. */
static void sw_stored(store *st, uint16_t pn, sw_set *s)
{
    uint8_t b[64];
    size_t n = 0;
    if (mev_current(st, pn, 0x040005FFu, b, sizeof b, &n, NULL) && n >= 2 * SW_N) {
        sw_from_block(s, b, n);
        return;
    }
    memset(s, 0, sizeof *s);
    for (uint32_t i = 0; i < SW_N; i++)
        if (mev_current(st, pn, 0x04000501u + i, b, sizeof b, &n, NULL) && n >= 2) {
            s->w[i] = mev_le16(b);
            s->known[i] = true;
        }
}

/* Bits of the words whose rising edge means an ERC13 flag (notes 1.10.4:
 * SW1 b2 clock battery, b3 reading battery; SW4..6 b7 phase break, b0
 * voltage loss). */
static unsigned sw_faults(const sw_set *s, const sw_set *known_in)
{
    unsigned f = 0;
    if (known_in->known[0] && (s->w[0] & 0x000Cu))
        f |= E13_BATTERY;
    for (size_t i = 3; i <= 5; i++) {
        if (!known_in->known[i])
            continue;
        if (s->w[i] & 0x0080u)
            f |= E13_PHASE_BREAK;
        if (s->w[i] & 0x0001u)
            f |= E13_VOLTAGE_LOSS;
    }
    return f;
}

/* old/new: the words before and after (a word compared only when known in
 * both); shown: the words the record carries (new ones, others stored). */
static void status_change(const mev_item *it, const sw_set *old, const sw_set *nw,
                          const sw_set *shown)
{
    sw_set both;
    memset(&both, 0, sizeof both);
    bool any = false;
    uint16_t changed[SW_N] = {0};
    for (size_t i = 0; i < SW_N; i++) {
        both.known[i] = old->known[i] && nw->known[i];
        if (both.known[i]) {
            changed[i] = (uint16_t)(old->w[i] ^ nw->w[i]);
            any = any || changed[i];
        }
    }
    if (!any)
        return;
    uint8_t buf[MEV_ARENA];
    mdc_arena a;
    mdc_arena_init(&a, buf, sizeof buf);
    mdc_value *r = mev_rec_new(&a, it->now, it->pn, -1);
    mdc_value *ch = r ? mdc_v_add_arr(&a, r, "changed") : NULL;
    mdc_value *stw = r ? mdc_v_add_arr(&a, r, "status") : NULL;
    for (size_t i = 0; ch && stw && i < SW_N; i++) {
        const uint8_t c[2] = {(uint8_t)(changed[i] & 0xFFu), (uint8_t)(changed[i] >> 8)};
        uint8_t w[2] = {0xEE, 0xEE}; /* a word never read */
        if (shown->known[i]) {
            w[0] = (uint8_t)(shown->w[i] & 0xFFu);
            w[1] = (uint8_t)(shown->w[i] >> 8);
        }
        mdc_v_add_bytes(&a, ch, NULL, MDC_V_BYTES, c, 2);
        mdc_v_add_bytes(&a, stw, NULL, MDC_V_BYTES, w, 2);
    }
    mev_raise(it->e, 33, &a, r, it->now);

    /* ERC13 on the edges of the fault bits: one record for what rose, one
     * (restored) for a battery that is no longer low */
    unsigned was = sw_faults(old, &both), is = sw_faults(nw, &both);
    if (is & ~was)
        raise13(it, 1, is & ~was);
    if ((was & E13_BATTERY) && !(is & E13_BATTERY))
        raise13(it, 0, E13_BATTERY);
}

static void on_status_block(const mev_item *it)
{
    if (it->old_len < 2 * SW_N || it->len < 2 * SW_N)
        return;
    sw_set o, n;
    sw_from_block(&o, it->old, it->old_len);
    sw_from_block(&n, it->data, it->len);
    status_change(it, &o, &n, &n);
}

static void on_status_word(const mev_item *it)
{
    size_t k = (size_t)(it->di & 0xFFu) - 1u; /* 04000501..07 */
    if (it->old_len < 2 || it->len < 2 || k >= SW_N)
        return;
    sw_set o, n, shown;
    memset(&o, 0, sizeof o);
    memset(&n, 0, sizeof n);
    o.w[k] = mev_le16(it->old);
    n.w[k] = mev_le16(it->data);
    o.known[k] = n.known[k] = true;
    sw_stored(it->e->st, it->pn, &shown);
    shown.w[k] = n.w[k];
    shown.known[k] = true;
    status_change(it, &o, &n, &shown);
}

/* ---- event counts (XXXXXX, 3 bytes BCD) ---- */

typedef struct count_rule {
    uint32_t di;
    unsigned erc13; /* ERC13 flags raised at once */
    unsigned erc8;  /* ERC8 flags raised at once */
    uint32_t pend;  /* MEV_S_PEND_* raised at the end of the meter's turn */
} count_rule;

enum { E8_TARIFF = 1u << 0, E8_READING_DAY = 1u << 2, E8_DEMAND_RESET = 1u << 5 };

static const count_rule counts[] = {
    {0x03110000u, E13_POWER_OFF, 0, 0},          /* power down */
    {0x03300000u, E13_PROGRAM, 0, MEV_S_PEND_8}, /* programming (record 03300001) */
    {0x03300200u, E13_PROGRAM, E8_DEMAND_RESET, 0},
    {0x03300500u, 0, E8_TARIFF, 0},      /* time-segment table programming */
    {0x03300600u, 0, E8_TARIFF, 0},      /* time-zone table programming */
    {0x03300C00u, 0, E8_READING_DAY, 0}, /* settlement-day programming */
    {0x03300D00u, 0, 0, MEV_S_PEND_37},  /* cover opened */
    {0x03300E00u, 0, 0, MEV_S_PEND_38},  /* terminal box opened */
    {0x03350000u, 0, 0, MEV_S_PEND_40},  /* magnetic interference */
};

static void on_count(const mev_item *it, const count_rule *c)
{
    uint64_t before, after;
    if (it->old_len < 3 || it->len < 3 || !mev_bcd(it->old, 3, &before) ||
        !mev_bcd(it->data, 3, &after) || after <= before)
        return; /* no new event; a count that went down was reset (1BH) or replaced */
    if (c->erc13)
        raise13(it, 1, c->erc13);
    if (c->erc8)
        mev_raise_erc8(it->e, it->pn, it->now, c->erc8);
    if (c->pend) {
        uint32_t s = mev_state_get(it->e->st, it->pn);
        if (!(s & c->pend))
            mev_state_set(it->e->st, it->pn, s | c->pend);
    }
}

void cc_mevents_on_item(cc_events *e, const cc_mevents_cfg *cfg, uint16_t pn, uint32_t di,
                        const uint8_t *old, size_t old_len, const uint8_t *data, size_t len,
                        int64_t now_s)
{
    if (!e || !e->st || !cfg || !old || !data || pn == 0)
        return; /* first reading: the baseline */
    const mev_item it = {e, cfg, pn, di, old, data, old_len, len, now_s};
    if (di == 0x0001FF00u || di == 0x00010000u) {
        on_forward(&it);
    } else if (di == 0x040005FFu) {
        on_status_block(&it);
    } else if (di >= 0x04000501u && di <= 0x04000507u) {
        on_status_word(&it);
    } else {
        for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++)
            if (counts[i].di == di) {
                on_count(&it, &counts[i]);
                break;
            }
    }
}
