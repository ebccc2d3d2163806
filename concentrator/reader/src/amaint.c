/* Auto-maintenance policy (cc/amaint.h): a found meter against the F10 list. */
#include <stdio.h>
#include <string.h>

#include "cc/amaint.h"
#include "dlt645/frame.h"
#include "mdc/bcd.h"
#include "mdc/cursor.h"

/* Offsets inside one 27-byte F10 element (Table 31). */
enum {
    E_INDEX = 0,
    E_POINT = 2,
    E_PORT = 4, /* D7..D5 rate code, D4..D0 port */
    E_PROTO = 5,
    E_ADDR = 6,
    E_PW = 12,
    E_TARIFFS = 18,
    E_DIGITS = 19,
    E_COLLECTOR = 20,
    E_CLASS = 26,
};

static const uint32_t rates[8] = {0, 600, 1200, 2400, 4800, 7200, 9600, 19200};

uint8_t amaint_baud_code(uint32_t baud)
{
    for (uint8_t c = 1; c < 8; c++)
        if (rates[c] == baud)
            return c;
    return 0;
}

uint32_t amaint_baud_of_code(uint8_t code, uint32_t dflt)
{
    return code >= 1 && code < 8 ? rates[code] : dflt;
}

static unsigned le16(const uint8_t *p)
{
    return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static void put_le16(uint8_t *p, unsigned v)
{
    mdc_wr w = mdc_wr_init(p, 2);
    mdc_wr_le16(&w, (uint16_t)v);
}

static uint8_t elem_port(const uint8_t *e)
{
    return (uint8_t)(e[E_PORT] & 0x1Fu);
}

static uint8_t elem_code(const uint8_t *e)
{
    return (uint8_t)(e[E_PORT] >> 5);
}

/* The elements of an F10 unit: *elems and *count, or -1 with why. */
static int f10_parse(const uint8_t *f10, size_t len, const uint8_t **elems, size_t *count,
                     char *why, size_t whycap)
{
    *elems = NULL;
    *count = 0;
    if (len == 0)
        return 0;
    if (f10 == NULL || len < 2) {
        snprintf(why, whycap, "F10 list of %zu bytes: the count (2 bytes) is missing", len);
        return -1;
    }
    mdc_rd r = mdc_rd_init(f10, len);
    size_t n = mdc_rd_le16(&r);
    if (n > AMAINT_INDEX_MAX || mdc_rd_left(&r) != n * AMAINT_F10_ELEM) {
        snprintf(why, whycap, "F10 list: count %zu needs %zu bytes, %zu given", n,
                 2 + n * AMAINT_F10_ELEM, len);
        return -1;
    }
    const uint8_t *e = mdc_rd_take(&r, n * AMAINT_F10_ELEM);
    for (size_t i = 0; i < n; i++) {
        const uint8_t *x = e + i * AMAINT_F10_ELEM;
        unsigned idx = le16(x + E_INDEX), pt = le16(x + E_POINT);
        if (idx < 1 || idx > AMAINT_INDEX_MAX || pt > AMAINT_INDEX_MAX) {
            snprintf(why, whycap, "F10 element %zu: index %u / point %u outside 1..2040 / 0..2040",
                     i + 1, idx, pt);
            return -1;
        }
    }
    *elems = e;
    *count = n;
    return 0;
}

static bool addr_ok(const uint8_t a[6])
{
    for (unsigned i = 0; i < 6; i++)
        if (!mdc_bcd_valid(a[i]))
            return false;
    return true;
}

static int bad(amaint_decision *out, const char *why)
{
    snprintf(out->why, sizeof out->why, "%s", why);
    return -1;
}

/* Meters read on port: elements with a point and a protocol (0 = not read). */
static unsigned port_meters(const uint8_t *e, size_t n, uint8_t port)
{
    unsigned k = 0;
    for (size_t i = 0; i < n; i++, e += AMAINT_F10_ELEM)
        k += le16(e + E_POINT) != 0 && e[E_PROTO] != 0 && elem_port(e) == port;
    return k;
}

/* The element configuring addr: on port if one is there, else any; NULL. */
static const uint8_t *find_meter(const uint8_t *e, size_t n, const uint8_t addr[6], uint8_t port)
{
    const uint8_t *any = NULL;
    for (size_t i = 0; i < n; i++, e += AMAINT_F10_ELEM) {
        if (le16(e + E_POINT) == 0 || memcmp(e + E_ADDR, addr, 6) != 0)
            continue;
        if (elem_port(e) == port)
            return e;
        if (any == NULL)
            any = e;
    }
    return any;
}

static bool bit_set(const uint8_t *bits, unsigned v)
{
    return ((unsigned)bits[v / 8u] & 1u << (v % 8u)) != 0;
}

/* The lowest index (used[] false or only by deleted elements) and point free. */
static void lowest_free(const uint8_t *e, size_t n, unsigned *index, unsigned *point)
{
    uint8_t idx_used[AMAINT_INDEX_MAX / 8u + 1u], pt_used[AMAINT_INDEX_MAX / 8u + 1u];
    memset(idx_used, 0, sizeof idx_used);
    memset(pt_used, 0, sizeof pt_used);
    for (size_t i = 0; i < n; i++, e += AMAINT_F10_ELEM) {
        unsigned pt = le16(e + E_POINT), idx = le16(e + E_INDEX);
        if (pt == 0)
            continue;
        idx_used[idx / 8u] = (uint8_t)(idx_used[idx / 8u] | 1u << (idx % 8u));
        pt_used[pt / 8u] = (uint8_t)(pt_used[pt / 8u] | 1u << (pt % 8u));
    }
    *index = *point = 0;
    for (unsigned v = AMAINT_INDEX_MAX; v >= 1; v--) {
        if (!bit_set(idx_used, v))
            *index = v;
        if (!bit_set(pt_used, v))
            *point = v;
    }
}

static void unit_of(amaint_decision *out, const uint8_t *elem)
{
    put_le16(out->f10, 1);
    memcpy(out->f10 + 2, elem, AMAINT_F10_ELEM);
    out->f10_len = 2u + AMAINT_F10_ELEM;
    out->index = (uint16_t)le16(elem + E_INDEX);
    out->point = (uint16_t)le16(elem + E_POINT);
}

/* State 2: the meter (new or different) becomes an AFN0C F13 record. */
static int record(amaint_decision *out, const amaint_found *m, const char *as)
{
    out->action = AMAINT_F13_RECORD;
    out->found = *m;
    snprintf(out->why, sizeof out->why, "%s found on port %u (protocol %u, %u bit/s): F13 record",
             as, m->port, m->protocol, (unsigned)m->baud);
    return 0;
}

int amaint_decide(uint8_t state, const amaint_found *m, const uint8_t *f10, size_t f10_len,
                  uint32_t default_baud, amaint_decision *out)
{
    if (out == NULL)
        return -1;
    memset(out, 0, sizeof *out);
    if (m == NULL)
        return bad(out, "no meter given");
    if (state > AMAINT_REPORT_F13) {
        snprintf(out->why, sizeof out->why, "auto-maintenance state %u: 0, 1 or 2 (AFN05 F149)",
                 state);
        return -1;
    }
    if (m->port < 1 || m->port > 31) {
        snprintf(out->why, sizeof out->why, "port %u outside 1..31", m->port);
        return -1;
    }
    if (m->protocol != 1 && m->protocol != 30) {
        snprintf(out->why, sizeof out->why, "protocol %u: 1 (DL/T 645-1997) or 30 (-2007)",
                 m->protocol);
        return -1;
    }
    if (!addr_ok(m->addr))
        return bad(out, "meter address is not 12 BCD digits");
    uint8_t code = amaint_baud_code(m->baud);
    if (code == 0) {
        snprintf(out->why, sizeof out->why, "rate %u bit/s has no F10 code", (unsigned)m->baud);
        return -1;
    }
    const uint8_t *elems;
    size_t n;
    if (f10_parse(f10, f10_len, &elems, &n, out->why, sizeof out->why))
        return -1;
    if (default_baud == 0)
        default_baud = 2400;
    char as[13];
    dlt645_addr_format(m->addr, as);
    if (state == AMAINT_OFF) {
        snprintf(out->why, sizeof out->why, "%s found on port %u: auto-maintenance off", as,
                 m->port);
        return 0;
    }

    const uint8_t *cur = find_meter(elems, n, m->addr, m->port);
    uint8_t e[AMAINT_F10_ELEM];
    if (cur != NULL) {
        unsigned idx = le16(cur + E_INDEX), pt = le16(cur + E_POINT);
        if (cur[E_PROTO] == 0) {
            snprintf(out->why, sizeof out->why,
                     "%s is F10 index %u point %u with protocol 0 (not to be read): left alone", as,
                     idx, pt);
            return 0;
        }
        bool same_rate = amaint_baud_of_code(elem_code(cur), default_baud) == m->baud;
        bool same = same_rate && cur[E_PROTO] == m->protocol && elem_port(cur) == m->port;
        if (same) {
            snprintf(out->why, sizeof out->why, "%s is F10 index %u point %u as found", as, idx,
                     pt);
            return 0;
        }
        if (state == AMAINT_REPORT_F13)
            return record(out, m, as);
        if (elem_port(cur) != m->port && port_meters(elems, n, m->port) >= AMAINT_PORT_METERS) {
            out->action = AMAINT_REFUSED;
            snprintf(out->why, sizeof out->why,
                     "%s (F10 index %u) found on port %u, which has %u meters already (at most "
                     "%u per port): not moved",
                     as, idx, m->port, AMAINT_PORT_METERS, AMAINT_PORT_METERS);
            return 0;
        }
        memcpy(e, cur, sizeof e);
        e[E_PORT] = (uint8_t)((same_rate ? elem_code(cur) : code) << 5 | m->port);
        e[E_PROTO] = m->protocol;
        out->action = AMAINT_F10_UPDATE;
        unit_of(out, e);
        snprintf(out->why, sizeof out->why,
                 "%s F10 index %u point %u updated: port %u, protocol %u, %u bit/s", as, idx, pt,
                 m->port, m->protocol, (unsigned)m->baud);
        return 0;
    }
    if (state == AMAINT_REPORT_F13)
        return record(out, m, as);
    if (port_meters(elems, n, m->port) >= AMAINT_PORT_METERS) {
        out->action = AMAINT_REFUSED;
        snprintf(out->why, sizeof out->why,
                 "%s found on port %u, which has %u meters already (at most %u per port): not "
                 "added",
                 as, m->port, AMAINT_PORT_METERS, AMAINT_PORT_METERS);
        return 0;
    }
    unsigned idx, pt;
    lowest_free(elems, n, &idx, &pt);
    if (idx == 0 || pt == 0) {
        out->action = AMAINT_REFUSED;
        snprintf(out->why, sizeof out->why, "%s: every F10 %s 1..2040 is in use: not added", as,
                 idx == 0 ? "index" : "point number");
        return 0;
    }
    memset(e, 0, sizeof e); /* password, collector address, user class: 0 */
    put_le16(e + E_INDEX, idx);
    put_le16(e + E_POINT, pt);
    e[E_PORT] = (uint8_t)(code << 5 | m->port);
    e[E_PROTO] = m->protocol;
    memcpy(e + E_ADDR, m->addr, 6);
    e[E_TARIFFS] = AMAINT_TARIFFS;
    e[E_DIGITS] = AMAINT_DIGITS_CODE;
    out->action = AMAINT_F10_ADD;
    unit_of(out, e);
    snprintf(out->why, sizeof out->why,
             "%s F10 index %u point %u added: port %u, protocol %u, %u bit/s", as, idx, pt, m->port,
             m->protocol, (unsigned)m->baud);
    return 0;
}

int amaint_f10_merge(uint8_t *f10, size_t *len, size_t cap, const uint8_t *elems, size_t n)
{
    char why[96];
    const uint8_t *have;
    size_t count;
    if (f10 == NULL || len == NULL || (elems == NULL && n > 0))
        return -1;
    if (f10_parse(f10, *len, &have, &count, why, sizeof why))
        return -1;
    for (size_t i = 0; i < n; i++) {
        unsigned idx = le16(elems + i * AMAINT_F10_ELEM + E_INDEX);
        if (idx < 1 || idx > AMAINT_INDEX_MAX)
            return -1;
    }
    /* room check first: count the new indexes */
    size_t grow = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned idx = le16(elems + i * AMAINT_F10_ELEM + E_INDEX);
        bool there = false;
        for (size_t j = 0; j < count && !there; j++)
            there = le16(have + j * AMAINT_F10_ELEM + E_INDEX) == idx;
        for (size_t j = 0; j < i && !there; j++) /* the same index twice in elems */
            there = le16(elems + j * AMAINT_F10_ELEM + E_INDEX) == idx;
        grow += !there;
    }
    size_t total = count + grow;
    if (total > AMAINT_INDEX_MAX || 2 + total * AMAINT_F10_ELEM > cap)
        return -1;
    if (*len == 0)
        put_le16(f10, 0);
    uint8_t *list = f10 + 2;
    for (size_t i = 0; i < n; i++) {
        const uint8_t *x = elems + i * AMAINT_F10_ELEM;
        unsigned idx = le16(x + E_INDEX);
        size_t j = 0;
        while (j < count && le16(list + j * AMAINT_F10_ELEM + E_INDEX) < idx)
            j++;
        uint8_t *at = list + j * AMAINT_F10_ELEM;
        if (!(j < count && le16(at + E_INDEX) == idx)) { /* insert: shift the tail */
            memmove(at + AMAINT_F10_ELEM, at, (count - j) * AMAINT_F10_ELEM);
            count++;
        }
        memcpy(at, x, AMAINT_F10_ELEM);
    }
    put_le16(f10, (unsigned)count);
    *len = 2 + count * AMAINT_F10_ELEM;
    return 0;
}

static void set_bit(uint8_t *half, unsigned point)
{
    half[point / 8u] = (uint8_t)(half[point / 8u] | 1u << (point % 8u));
}

int amaint_f150_build(const uint8_t *f10, size_t f10_len, const uint8_t *old, size_t old_len,
                      const uint16_t *changed, size_t nchanged, uint8_t out[AMAINT_F150_LEN])
{
    char why[96];
    const uint8_t *e;
    size_t n;
    if (out == NULL || (changed == NULL && nchanged > 0) || (old != NULL && old_len != 512u))
        return -1;
    if (f10_parse(f10, f10_len, &e, &n, why, sizeof why))
        return -1;
    for (size_t i = 0; i < nchanged; i++)
        if (changed[i] > AMAINT_INDEX_MAX)
            return -1;
    uint8_t f[AMAINT_F150_LEN];
    memset(f, 0, sizeof f);
    if (old != NULL)
        memcpy(f + 256, old + 256, 256);
    for (size_t i = 0; i < n; i++, e += AMAINT_F10_ELEM) {
        unsigned pt = le16(e + E_POINT);
        if (pt != 0)
            set_bit(f, pt);
    }
    for (size_t i = 0; i < nchanged; i++)
        if (changed[i] != 0)
            set_bit(f + 256, changed[i]);
    memcpy(out, f, sizeof f);
    return 0;
}

void amaint_f13_entry(const amaint_found *m, uint8_t out[AMAINT_F13_ENTRY])
{
    memset(out, 0, AMAINT_F13_ENTRY);
    memcpy(out, m->addr, 6);
    out[6] = m->protocol;
}
