/* The event recorder (cc/events.h, docs/events.md): AFN04 F9 decides whether
 * an ERC is recorded and whether it is important; the record is encoded with
 * the catalogue's ERC layout (gdw13761/erc.h) and stored in its class; an
 * important one also becomes an AFN0E F1 report unit in the durable report
 * queue, in the same store batch as the record. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cc/events.h"
#include "gdw13761/erc.h"
#include "gdw13761/msg.h"

/* AFN04 F9 (Table 30): record-valid flags D0..D63 = ERC1..ERC64, then the
 * importance flags. */
#define F9_LEN 16u

/* The report unit: DA/DT (4), EC1 EC2 Pm Pn (4), the record. */
#define REPORT_UNIT_MAX (8u + CC_EVENTS_RECORD_MAX)

void cc_events_init(cc_events *e, store *st)
{
    memset(e, 0, sizeof *e);
    e->st = st;
}

__attribute__((format(printf, 2, 3))) static int fail(cc_events *e, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    e->failed++;
    vsnprintf(e->why, sizeof e->why, fmt, ap);
    va_end(ap);
    return -1;
}

static bool bit(const uint8_t *flags, uint8_t erc)
{
    unsigned b = erc - 1u, byte = flags[b / 8];
    return (byte >> (b % 8)) & 1u;
}

/* Reads F9 from the store each time (events are rare; a set or a reset is
 * effective at once). */
static int classify(cc_events *e, uint8_t erc, bool *record, bool *important)
{
    uint8_t f9[64];
    size_t n = 0;
    if (store_param_get(e->st, 9, 0, f9, sizeof f9, &n) != 0 || n != F9_LEN)
        return fail(e, "AFN04 F9: %s", n != F9_LEN ? "not 16 bytes" : store_errmsg(e->st));
    *record = bit(f9, erc);
    *important = bit(f9 + 8, erc);
    return 0;
}

/* The AFN0E F1 unit region of one important record at pointer ptr. */
static int report_unit(cc_events *e, uint8_t ptr, const uint8_t *rec, size_t len, uint8_t *out,
                       size_t cap, size_t *w)
{
    uint8_t ec1 = 0, ec2 = 0;
    if (store_event_counters(e->st, &ec1, &ec2) != 0)
        return fail(e, "event counters: %s", store_errmsg(e->st));
    uint8_t body[REPORT_UNIT_MAX];
    body[0] = ec1;
    body[1] = ec2;
    body[2] = ptr;
    body[3] = (uint8_t)(ptr + 1u);
    memcpy(body + 4, rec, len);
    mdc_value v;
    memset(&v, 0, sizeof v);
    v.kind = MDC_V_BYTES;
    v.u.bytes.p = body;
    v.u.bytes.len = len + 4;
    gdw13761_unit u;
    memset(&u, 0, sizeof u);
    u.pn = 0;
    u.fn = 1;
    u.value = &v;
    gdw13761_err err;
    memset(&err, 0, sizeof err);
    if (gdw13761_msg_encode_units(0x0E, true, &u, 1, out, cap, w, NULL, 0, NULL, &err) != 0)
        return fail(e, "report unit: %s", err.msg);
    return 0;
}

/* rec[0..len): ERC, Le, content, checked. */
static int record(cc_events *e, const uint8_t *rec, size_t len, int64_t now_s, cc_event_result *out)
{
    cc_event_result r = {.recorded = false, .cls = 0, .ptr = 0, .reported = false, .report_id = 0};
    bool keep = false, important = false;
    if (classify(e, rec[0], &keep, &important) != 0)
        return -1;
    if (!keep) {
        e->dropped++;
        if (out)
            *out = r;
        return 0;
    }
    r.cls = important ? STORE_EV_IMPORTANT : STORE_EV_GENERAL;
    if (store_batch_begin(e->st) != 0)
        return fail(e, "store: %s", store_errmsg(e->st));
    int rc = store_event_add(e->st, r.cls, rec, len, now_s, &r.ptr);
    if (rc == 0 && important) {
        uint8_t unit[REPORT_UNIT_MAX + 8];
        size_t w = 0;
        if (report_unit(e, r.ptr, rec, len, unit, sizeof unit, &w) != 0) {
            store_batch_rollback(e->st);
            return -1;
        }
        rc = store_report_enqueue(e->st, CC_EVENTS_REPORT_KIND, unit, w, now_s, &r.report_id);
        r.reported = rc == 0;
    }
    if (rc == 0)
        rc = store_batch_commit(e->st);
    else
        store_batch_rollback(e->st);
    if (rc != 0)
        return fail(e, "store: %s", store_errmsg(e->st));
    r.recorded = true;
    e->raised++;
    if (out)
        *out = r;
    return 0;
}

static bool erc_ok(cc_events *e, uint8_t erc)
{
    if (erc >= 1 && erc <= 64)
        return true;
    fail(e, "ERC%u: outside 1..64 (AFN04 F9 cannot classify it)", erc);
    return false;
}

int cc_events_raise(cc_events *e, uint8_t erc, const mdc_value *rec, int64_t now_s,
                    cc_event_result *out)
{
    if (out)
        memset(out, 0, sizeof *out);
    if (!erc_ok(e, erc))
        return -1;
    uint8_t buf[CC_EVENTS_RECORD_MAX + 8];
    size_t w = 0;
    gdw13761_err err;
    memset(&err, 0, sizeof err);
    if (gdw13761_erc_encode(erc, rec, buf, sizeof buf, &w, &err) != 0)
        return fail(e, "record: %s", err.msg);
    return record(e, buf, w, now_s, out);
}

int cc_events_raise_raw(cc_events *e, uint8_t erc, const uint8_t *content, size_t len,
                        int64_t now_s, cc_event_result *out)
{
    if (out)
        memset(out, 0, sizeof *out);
    if (!erc_ok(e, erc))
        return -1;
    if (len > 255 || (!content && len))
        return fail(e, "record: %s", len > 255 ? "content longer than 255 bytes" : "no content");
    uint8_t buf[CC_EVENTS_RECORD_MAX + 8];
    buf[0] = erc;
    buf[1] = (uint8_t)len;
    if (len)
        memcpy(buf + 2, content, len);
    /* the bytes must read back with the ERC's layout */
    uint8_t abuf[8192];
    mdc_arena a;
    mdc_arena_init(&a, abuf, sizeof abuf);
    mdc_value *v = NULL;
    size_t used = 0;
    gdw13761_err err;
    memset(&err, 0, sizeof err);
    if (gdw13761_erc_decode(buf, len + 2, &used, NULL, &a, &v, &err) != 0)
        return fail(e, "record: %s", err.msg);
    return record(e, buf, len + 2, now_s, out);
}

bool cc_events_unread(store *st, int cls)
{
    uint8_t ec1 = 0, ec2 = 0, rp = 0;
    if (store_event_counters(st, &ec1, &ec2) != 0 || store_event_read_ptr_get(st, cls, &rp) != 0)
        return false;
    return (cls == STORE_EV_IMPORTANT ? ec1 : ec2) != rp;
}
