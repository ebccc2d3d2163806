/* The event recorder over a real store in a unique /tmp directory: AFN04 F9
 * classification (record / important / drop), the 500-per-class bound, EC
 * mod 256, read pointers, the AFN0E F1 report unit queued in the same batch
 * as the record (both or neither when the store fails), raw records, and
 * the terminal builders' bytes written out from Tables 354..396. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "cc/events.h"
#include "gdw13761/msg.h"
#include "mdc/hex.h"
#include "mdc/mtime.h"

#include "ev_harness.h"

typedef struct rt {
    store_tmp db;
    cc_events ev;
} rt;

/* 2024-03-05 10:20:30 (a Tuesday) */
static int64_t t0(void)
{
    mdc_tm tm = {
        .year = 2024, .mon = 3, .day = 5, .hour = 10, .min = 20, .sec = 30, .fields = MDC_TM_FULL};
    return mdc_tm_to_epoch(&tm);
}

static int setup(void **state)
{
    rt *t = calloc(1, sizeof *t);
    if (!t || ev_open(&t->db, &t->ev, "cc_events") != 0)
        return -1;
    *state = t;
    return 0;
}

static int teardown(void **state)
{
    rt *t = *state;
    store_tmp_remove(&t->db);
    free(t);
    return 0;
}

/* The stored record of class cls at ptr equals hex. */
static void assert_record(rt *t, int cls, uint8_t ptr, const char *h)
{
    uint8_t want[300], got[300];
    size_t n = ev_hex(h, want, sizeof want), len = 0;
    assert_int_equal(store_event_get(t->db.st, cls, ptr, got, sizeof got, &len), 0);
    if (len != n || memcmp(got, want, n) != 0) {
        char s[700];
        mdc_hex_format(got, len, ' ', s, sizeof s);
        fail_msg("record %d/%u: %s", cls, ptr, s);
    }
}

static size_t count(rt *t, int cls)
{
    size_t n = 0;
    assert_int_equal(store_event_count(t->db.st, cls, &n), 0);
    return n;
}

static size_t reports(rt *t)
{
    size_t n = 0;
    assert_int_equal(store_report_count(t->db.st, &n), 0);
    return n;
}

static void set_f9(rt *t, const char *h)
{
    uint8_t b[16];
    assert_int_equal(ev_hex(h, b, sizeof b), 16);
    assert_int_equal(store_param_set(t->db.st, 9, 0, b, 16, 1, t0()), 0);
}

static void test_f9_default_classes(void **state)
{
    rt *t = *state;
    cc_event_result r;
    /* default F9: everything recorded, ERC1 and ERC14 important */
    assert_int_equal(cc_events_erc21_fault(&t->ev, t0(), 2), 0);
    assert_int_equal(count(t, STORE_EV_GENERAL), 1);
    assert_int_equal(count(t, STORE_EV_IMPORTANT), 0);
    assert_int_equal(reports(t), 0);
    assert_int_equal(cc_events_erc14_power(&t->ev, t0() - 600, t0(), true), 0);
    assert_int_equal(count(t, STORE_EV_IMPORTANT), 1);
    assert_int_equal(reports(t), 1);
    assert_true(cc_events_unread(t->db.st, STORE_EV_IMPORTANT));
    assert_true(cc_events_unread(t->db.st, STORE_EV_GENERAL));
    assert_int_equal(store_event_read_ptr_set(t->db.st, STORE_EV_IMPORTANT, 1), 0);
    assert_false(cc_events_unread(t->db.st, STORE_EV_IMPORTANT));
    assert_int_equal(t->ev.raised, 2);
    (void)r;
}

static void test_f9_set_drop_and_important(void **state)
{
    rt *t = *state;
    /* record everything but ERC21 (D20); ERC32 (D31) important */
    set_f9(t, "FF FF EF FF FF FF FF FF  00 00 00 80 00 00 00 00");
    cc_event_result r;
    memset(&r, 0xA5, sizeof r);
    uint8_t content[6] = {0x30, 0x20, 0x10, 0x05, 0x03, 0x24};
    assert_int_equal(cc_events_raise_raw(&t->ev, 21, content, 6, t0(), &r), 0);
    assert_false(r.recorded);
    assert_false(r.reported);
    assert_int_equal(t->ev.dropped, 1);
    assert_int_equal(count(t, STORE_EV_GENERAL), 0);
    assert_int_equal(cc_events_erc32_traffic(&t->ev, t0(), 1000, 800), 0);
    assert_int_equal(count(t, STORE_EV_IMPORTANT), 1);
    assert_int_equal(reports(t), 1);
    /* ERC14 is no longer important */
    assert_int_equal(cc_events_erc14_power(&t->ev, t0() - 60, t0(), true), 0);
    assert_int_equal(count(t, STORE_EV_GENERAL), 1);
    assert_int_equal(reports(t), 1);
}

static void test_600_keep_500_ec_wraps(void **state)
{
    rt *t = *state;
    cc_event_result r;
    for (int i = 0; i < 600; i++) {
        assert_int_equal(cc_events_erc21_fault(&t->ev, t0() + i, (uint8_t)(i % 6 + 1)), 0);
        memset(&r, 0, sizeof r);
        assert_int_equal(cc_events_erc1_init(&t->ev, t0() + i, true, false, NULL, NULL), 0);
    }
    assert_int_equal(count(t, STORE_EV_GENERAL), STORE_EVENTS_PER_CLASS);
    assert_int_equal(count(t, STORE_EV_IMPORTANT), STORE_EVENTS_PER_CLASS);
    uint8_t ec1 = 0, ec2 = 0;
    assert_int_equal(store_event_counters(t->db.st, &ec1, &ec2), 0);
    assert_int_equal(ec1, 600 % 256);
    assert_int_equal(ec2, 600 % 256);
    /* the newest general record (i = 599, pointer 87) carries fault 599 % 6 + 1 = 6 */
    uint8_t rec[300];
    size_t len = 0;
    assert_int_equal(store_event_get(t->db.st, STORE_EV_GENERAL, 87, rec, sizeof rec, &len), 0);
    assert_int_equal(len, 8);
    assert_int_equal(rec[0], 21);
    assert_int_equal(rec[7], 6);
    /* the report queue is bounded too */
    assert_int_equal(reports(t), STORE_REPORT_QUEUE_MAX);
    /* the next pointer is 88 */
    assert_int_equal(cc_events_erc21_fault(&t->ev, t0(), 1), 0);
    assert_int_equal(store_event_get(t->db.st, STORE_EV_GENERAL, 88, rec, sizeof rec, &len), 0);
    assert_int_equal(rec[7], 1);
}

static void test_report_unit_bytes(void **state)
{
    rt *t = *state;
    /* two general events first: EC2 = 2 in the report */
    assert_int_equal(cc_events_erc21_fault(&t->ev, t0(), 1), 0);
    assert_int_equal(cc_events_erc21_fault(&t->ev, t0(), 2), 0);
    cc_event_result r;
    assert_int_equal(cc_events_erc14_power(&t->ev, t0() - 300, t0(), true), 0);
    assert_int_equal(cc_events_erc1_init(&t->ev, t0(), true, true, "0.09", "0.10"), 0);
    int64_t id = 0;
    int kind = 0;
    uint8_t buf[600];
    size_t len = 0;
    assert_int_equal(store_report_peek(t->db.st, &id, &kind, buf, sizeof buf, &len), 0);
    assert_int_equal(kind, CC_EVENTS_REPORT_KIND);
    /* DA/DT p0 F1, EC1 1, EC2 2, Pm 0, Pn 1, ERC14 off 10:15 on 10:20 */
    uint8_t want[64];
    size_t n = ev_hex("00 00 01 00 01 02 00 01 0E 0A 15 10 05 03 24 20 10 05 03 24", want, 64);
    assert_int_equal(len, n);
    assert_memory_equal(buf, want, n);
    /* it decodes through the message layer as AFN0E F1 up */
    gdw13761_msg m;
    gdw13761_unit units[4];
    uint8_t abuf[8192];
    mdc_arena a;
    mdc_arena_init(&a, abuf, sizeof abuf);
    gdw13761_err e;
    assert_int_equal(gdw13761_msg_decode_units(0x0E, true, buf, len, &m, units, 4, &a, &e), 0);
    assert_int_equal(m.nunits, 1);
    assert_int_equal(units[0].fn, 1);
    /* the second report: Pm 1, Pn 2, EC1 2 */
    assert_int_equal(store_report_ack(t->db.st, id), 0);
    assert_int_equal(store_report_peek(t->db.st, &id, &kind, buf, sizeof buf, &len), 0);
    static const uint8_t second[10] = {0, 0, 1, 0, 2, 2, 1, 2, 1, 14};
    assert_memory_equal(buf, second, 10);
    (void)r;
}

/* Makes every report insert fail through a second connection. */
static void break_reports(rt *t, bool on)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(t->db.path, &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 2000);
    const char *sql = on ? "CREATE TRIGGER no_report BEFORE INSERT ON report BEGIN "
                           "SELECT RAISE(ABORT, 'injected failure'); END"
                         : "DROP TRIGGER no_report";
    char *msg = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK)
        fail_msg("%s", msg);
    sqlite3_close(db);
}

static void test_record_and_report_both_or_neither(void **state)
{
    rt *t = *state;
    assert_int_equal(cc_events_erc14_power(&t->ev, t0() - 60, t0(), true), 0);
    break_reports(t, true);
    cc_event_result r;
    memset(&r, 0, sizeof r);
    assert_int_equal(cc_events_erc1_init(&t->ev, t0(), true, false, NULL, NULL), -1);
    assert_non_null(strstr(t->ev.why, "injected failure"));
    assert_int_equal(t->ev.failed, 1);
    /* neither the record nor the report, and EC1 unchanged */
    assert_int_equal(count(t, STORE_EV_IMPORTANT), 1);
    assert_int_equal(reports(t), 1);
    uint8_t ec1 = 9, ec2 = 9;
    assert_int_equal(store_event_counters(t->db.st, &ec1, &ec2), 0);
    assert_int_equal(ec1, 1);
    /* a general event needs no report: still recorded */
    assert_int_equal(cc_events_erc21_fault(&t->ev, t0(), 3), 0);
    assert_int_equal(count(t, STORE_EV_GENERAL), 1);
    /* repaired: both again, at the next pointer */
    break_reports(t, false);
    assert_int_equal(cc_events_raise_raw(&t->ev, 14,
                                         (const uint8_t *)"\x20\x10\x05\x03\x24"
                                                          "\x21\x10\x05\x03\x24",
                                         10, t0(), &r),
                     0);
    assert_true(r.recorded && r.reported);
    assert_int_equal(r.cls, STORE_EV_IMPORTANT);
    assert_int_equal(r.ptr, 1);
    assert_true(r.report_id > 0);
    assert_int_equal(reports(t), 2);
}

static void test_survives_restart(void **state)
{
    rt *t = *state;
    cc_event_result r;
    assert_int_equal(cc_events_erc1_init(&t->ev, t0(), true, false, NULL, NULL), 0);
    assert_int_equal(cc_events_raise_raw(&t->ev, 14,
                                         (const uint8_t *)"\x20\x10\x05\x03\x24"
                                                          "\xEE\xEE\xEE\xEE\xEE",
                                         10, t0(), &r),
                     0);
    ev_reopen(&t->db, &t->ev);
    /* both records and both reports are there, oldest report first */
    assert_int_equal(count(t, STORE_EV_IMPORTANT), 2);
    assert_int_equal(reports(t), 2);
    int64_t id = 0;
    uint8_t buf[300];
    size_t len = 0;
    assert_int_equal(store_report_peek(t->db.st, &id, NULL, buf, sizeof buf, &len), 0);
    assert_int_equal(buf[6], 0);
    assert_int_equal(buf[8], 1); /* ERC1 */
    assert_int_equal(store_report_ack(t->db.st, id), 0);
    assert_int_equal(store_report_peek(t->db.st, &id, NULL, buf, sizeof buf, &len), 0);
    assert_int_equal(buf[6], r.ptr);
    assert_int_equal(id, r.report_id);
    /* the counters went on */
    assert_int_equal(cc_events_erc14_power(&t->ev, t0(), t0() + 60, true), 0);
    assert_record(t, STORE_EV_IMPORTANT, 2, "0E 0A 20 10 05 03 24 21 10 05 03 24");
}

static void test_inside_round(void **state)
{
    rt *t = *state;
    /* raised while a reading round is open: part of the round */
    assert_int_equal(store_round_begin(t->db.st), 0);
    assert_int_equal(cc_events_erc14_power(&t->ev, t0() - 60, t0(), true), 0);
    assert_int_equal(store_round_rollback(t->db.st), 0);
    assert_int_equal(count(t, STORE_EV_IMPORTANT), 0);
    assert_int_equal(reports(t), 0);
    assert_int_equal(store_round_begin(t->db.st), 0);
    assert_int_equal(cc_events_erc14_power(&t->ev, t0() - 60, t0(), true), 0);
    assert_int_equal(store_round_commit(t->db.st, t0()), 0);
    assert_int_equal(count(t, STORE_EV_IMPORTANT), 1);
    assert_int_equal(reports(t), 1);
    /* a failing batch inside a round undoes only its own writes */
    assert_int_equal(store_round_begin(t->db.st), 0);
    assert_int_equal(cc_events_erc21_fault(&t->ev, t0(), 1), 0);
    assert_int_equal(store_batch_begin(t->db.st), 0);
    assert_int_equal(
        store_event_add(t->db.st, STORE_EV_GENERAL, (const uint8_t *)"\x15\x00", 2, t0(), NULL), 0);
    assert_int_equal(store_batch_rollback(t->db.st), 0);
    assert_int_equal(store_round_commit(t->db.st, t0()), 0);
    assert_int_equal(count(t, STORE_EV_GENERAL), 1);
}

static void test_builders_bytes(void **state)
{
    rt *t = *state;
    int64_t now = t0();
    static const uint8_t pw[16] = {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,
                                   0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF, 0x00};
    /* every ERC recorded, all general, so pointers count 0, 1, 2... */
    set_f9(t, "FF FF FF FF FF FF FF FF  00 00 00 00 00 00 00 00");
    const uint16_t pn[3] = {0, 0, 0}, fn[3] = {1, 9, 3};
    assert_int_equal(cc_events_erc1_init(&t->ev, now, true, true, "0.09", "0.10"), 0);
    assert_int_equal(cc_events_erc2_param_loss(&t->ev, now, true, false), 0);
    assert_int_equal(cc_events_erc3_param_change(&t->ev, now, 5, pn, fn, 3), 0);
    assert_int_equal(cc_events_erc4_state_input(&t->ev, now, 0x03, 0x01), 0);
    assert_int_equal(cc_events_erc14_power(&t->ev, now - 300, now, true), 0);
    assert_int_equal(cc_events_erc14_power(&t->ev, now - 300, 0, false), 0);
    assert_int_equal(cc_events_erc20_auth(&t->ev, now, pw, 7), 0);
    assert_int_equal(cc_events_erc21_fault(&t->ev, now, 4), 0);
    assert_int_equal(cc_events_erc32_traffic(&t->ev, now, 0x00012345, 0x00010000), 0);
    assert_int_equal(cc_events_erc41_time_set(&t->ev, now, now + 30, 0), 0);
    int g = STORE_EV_GENERAL;
    /* Table 354: time, flags D0 init D1 version, old and new version ASCII */
    assert_record(t, g, 0, "01 0E 20 10 05 03 24 03 30 2E 30 39 30 2E 31 30");
    /* Table 355: D0 terminal parameters lost */
    assert_record(t, g, 1, "02 06 20 10 05 03 24 01");
    /* Table 356: msa 5, p0 F1+F3 in one identifier, p0 F9 */
    assert_record(t, g, 2, "03 0E 20 10 05 03 24 05 00 00 05 00 00 00 01 01");
    /* Table 357: changed, state */
    assert_record(t, g, 3, "04 07 20 10 05 03 24 03 01");
    /* Table 368: off, on (A.15); on still unknown: EEH */
    assert_record(t, g, 4, "0E 0A 15 10 05 03 24 20 10 05 03 24");
    assert_record(t, g, 5, "0E 0A 15 10 05 03 24 EE EE EE EE EE");
    /* Table 374: time, PW (16), msa */
    assert_record(t, g, 6,
                  "14 16 20 10 05 03 24 11 22 33 44 55 66 77 88 99 AA BB CC DD EE FF 00 07");
    /* Table 375: fault code 4 (RS-485 reading) */
    assert_record(t, g, 7, "15 06 20 10 05 03 24 04");
    /* Table 387: used, limit (BIN 4) */
    assert_record(t, g, 8, "20 0D 20 10 05 03 24 45 23 01 00 00 00 01 00");
    /* Table 396: pn 0, before / after as A.1 (week 2 = Tuesday in the month byte) */
    assert_record(t, g, 9, "29 0E 00 00 30 20 10 05 43 24 00 21 10 05 43 24");
}

static void test_erc3_many_identifiers(void **state)
{
    rt *t = *state;
    /* F25 of 200 points 8 apart: each in its own DA2 group, so 200
     * identifiers; at most 62 fit a record (Le 254) */
    uint16_t pn[200], fn[200];
    for (int i = 0; i < 200; i++) {
        pn[i] = (uint16_t)(1 + i * 8); /* each its own DA2 group */
        fn[i] = 25;
    }
    assert_int_equal(cc_events_erc3_param_change(&t->ev, t0(), 5, pn, fn, 200), 0);
    /* 200 identifiers: records of 62, 62, 62, 14 */
    assert_int_equal(count(t, STORE_EV_GENERAL), 4);
    uint8_t rec[300];
    size_t len = 0;
    assert_int_equal(store_event_get(t->db.st, STORE_EV_GENERAL, 0, rec, sizeof rec, &len), 0);
    assert_int_equal(rec[1], 6 + 62 * 4);
    assert_int_equal(store_event_get(t->db.st, STORE_EV_GENERAL, 3, rec, sizeof rec, &len), 0);
    assert_int_equal(rec[1], 6 + 14 * 4);
    /* nothing changed: one record without identifiers */
    assert_int_equal(cc_events_erc3_param_change(&t->ev, t0(), 5, NULL, NULL, 0), 0);
    assert_record(t, STORE_EV_GENERAL, 4, "03 06 20 10 05 03 24 05");
}

static void test_errors(void **state)
{
    rt *t = *state;
    cc_event_result r;
    memset(&r, 0xA5, sizeof r);
    /* ERC0 and ERC65 cannot be classified by F9 */
    assert_int_equal(cc_events_raise_raw(&t->ev, 0, NULL, 0, t0(), &r), -1);
    assert_false(r.recorded);
    assert_non_null(strstr(t->ev.why, "ERC0"));
    assert_int_equal(cc_events_raise_raw(&t->ev, 65, NULL, 0, t0(), NULL), -1);
    /* raw bytes too short for ERC31's layout */
    assert_int_equal(
        cc_events_raise_raw(&t->ev, 31, (const uint8_t *)"\x01\x02\x03", 3, t0(), NULL), -1);
    assert_true(t->ev.why[0] != '\0');
    /* a record without a field that cannot be missing (ERC21 fault is BIN) */
    uint8_t abuf[4096];
    mdc_arena a;
    mdc_arena_init(&a, abuf, sizeof abuf);
    mdc_value *v = mdc_v_new(&a, MDC_V_OBJECT);
    mdc_tm tm;
    mdc_tm_from_epoch(t0(), &tm);
    mdc_v_add_time(&a, v, "time", &tm);
    assert_int_equal(cc_events_raise(&t->ev, 21, v, t0(), NULL), -1);
    assert_non_null(strstr(t->ev.why, "fault"));
    /* content over 255 bytes */
    uint8_t big[300] = {0};
    assert_int_equal(cc_events_raise_raw(&t->ev, 50, big, 256, t0(), NULL), -1);
    assert_non_null(strstr(t->ev.why, "255"));
    /* an ERC without a layout takes any bytes */
    assert_int_equal(cc_events_raise_raw(&t->ev, 50, big, 3, t0(), &r), 0);
    assert_true(r.recorded);
    assert_int_equal(count(t, STORE_EV_IMPORTANT) + count(t, STORE_EV_GENERAL), 1);
    assert_int_equal(t->ev.failed, 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_f9_default_classes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_f9_set_drop_and_important, setup, teardown),
        cmocka_unit_test_setup_teardown(test_600_keep_500_ec_wraps, setup, teardown),
        cmocka_unit_test_setup_teardown(test_report_unit_bytes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_record_and_report_both_or_neither, setup, teardown),
        cmocka_unit_test_setup_teardown(test_survives_restart, setup, teardown),
        cmocka_unit_test_setup_teardown(test_inside_round, setup, teardown),
        cmocka_unit_test_setup_teardown(test_builders_bytes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_erc3_many_identifiers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
