/* Unit tests for the 1376.1 link frame codec (frame.h): the worked frames of
 * the notes §1.10 decoded field by field and re-encoded byte-identical, each
 * field rule, and every rejection reason. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "gdw13761/frame.h"
#include "mdc/hex.h"

typedef struct {
    uint8_t b[512];
    size_t n;
} bytes;

static bytes hex(const char *s)
{
    bytes r;
    size_t bad = 0;
    long n = mdc_hex_parse(s, r.b, sizeof r.b, &bad);
    assert_true(n >= 0);
    r.n = (size_t)n;
    return r;
}

/* decode, then re-encode and compare */
static gdw13761_frame roundtrip(const bytes *in)
{
    gdw13761_frame f;
    gdw13761_err err = {0};
    size_t flen = 0;
    int rc = gdw13761_frame_decode(in->b, in->n, &f, &flen, &err);
    if (rc != 0)
        fail_msg("decode failed: %s", err.msg);
    assert_int_equal(flen, in->n);
    uint8_t out[512];
    size_t w = 0;
    assert_int_equal(gdw13761_frame_encode(&f, out, sizeof out, &w, &err), 0);
    assert_int_equal(w, in->n);
    assert_memory_equal(out, in->b, in->n);
    return f;
}

static void expect_reject(const bytes *in, const char *reason_part, size_t offset)
{
    gdw13761_frame f;
    gdw13761_err err = {0};
    assert_int_equal(gdw13761_frame_decode(in->b, in->n, &f, NULL, &err), -1);
    assert_int_equal(err.code, GDW13761_E_FRAME);
    if (!strstr(err.msg, reason_part))
        fail_msg("reason \"%s\" lacks \"%s\"", err.msg, reason_part);
    assert_int_equal(err.offset, offset);
}

/* Notes §1.10 row 1: login with ACD=1 carrying EC 1C 04 ([PCAP-S] frame 7). */
static void test_login_acd_ec(void **state)
{
    (void)state;
    bytes in = hex("68 3A 00 3A 00 68 E9 49 24 45 58 00 02 70 00 00 01 00 1C 04 86 16");
    gdw13761_frame f = roundtrip(&in);
    assert_int_equal(f.proto, 2);
    assert_true(f.dir);
    assert_true(f.prm);
    assert_true(f.acd);
    assert_int_equal(f.fc, GDW13761_FC_LINK_TEST);
    assert_string_equal(gdw13761_fc_name(f.prm, f.fc), "link test");
    assert_string_equal(f.a1, "2449");
    assert_int_equal(f.a2, 0x5845);
    assert_false(f.group);
    assert_int_equal(f.msa, 0);
    assert_int_equal(f.afn, 0x02);
    assert_false(f.tpv);
    assert_true(f.fir);
    assert_true(f.fin);
    assert_true(f.con);
    assert_int_equal(f.seq, 0);
    assert_int_equal(f.units_len, 4);
    assert_memory_equal(f.units, "\x00\x00\x01\x00", 4);
    assert_true(f.has_ec);
    assert_false(f.has_pw);
    assert_int_equal(f.ec1, 0x1C);
    assert_int_equal(f.ec2, 0x04);
}

/* Row 2: master ACK AFN00 F1 with A3 = 02 (MSA 1 where the standard says 0). */
static void test_master_ack_f1(void **state)
{
    (void)state;
    bytes in = hex("68 32 00 32 00 68 0B 49 24 45 58 02 00 60 00 00 01 00 78 16");
    gdw13761_frame f = roundtrip(&in);
    assert_false(f.dir);
    assert_false(f.prm);
    assert_false(f.fcb);
    assert_false(f.fcv);
    assert_int_equal(f.fc, GDW13761_FC_RSP_STATUS);
    assert_string_equal(gdw13761_fc_name(f.prm, f.fc), "response: link status");
    assert_int_equal(f.msa, 1);
    assert_false(f.group);
    assert_int_equal(f.afn, 0);
    assert_true(f.fir && f.fin);
    assert_false(f.con);
    assert_false(f.has_ec);
    assert_int_equal(f.units_len, 4);
}

/* Rows 3 and 7: heartbeats with an A.1 clock; row 4: logout. */
static void test_heartbeat_logout(void **state)
{
    (void)state;
    bytes hb = hex("68 4A 00 4A 00 68 C9 49 24 45 58 00 02 71 00 00 04 00 40 00 17 04 87 19 45 16");
    gdw13761_frame f = roundtrip(&hb);
    assert_int_equal(f.afn, 2);
    assert_int_equal(f.seq, 1);
    assert_false(f.acd);
    assert_false(f.has_ec);
    assert_int_equal(f.units_len, 10);
    assert_memory_equal(f.units + 4, "\x40\x00\x17\x04\x87\x19", 6);

    bytes hb2 =
        hex("68 4A 00 4A 00 68 C9 34 08 94 04 00 02 75 00 00 04 00 33 30 14 12 D2 20 93 16");
    f = roundtrip(&hb2);
    assert_string_equal(f.a1, "0834");
    assert_int_equal(f.a2, 0x0494);
    assert_int_equal(f.seq, 5);

    bytes ack2 =
        hex("68 4A 00 4A 00 68 0B 34 08 94 04 02 00 65 00 00 04 00 02 00 00 04 00 00 50 16");
    f = roundtrip(&ack2);
    assert_int_equal(f.afn, 0);
    assert_int_equal(f.seq, 5);
    assert_int_equal(f.units_len, 10);

    bytes lo = hex("68 32 00 32 00 68 C9 49 24 45 58 00 02 71 00 00 02 00 48 16");
    f = roundtrip(&lo);
    assert_memory_equal(f.units, "\x00\x00\x02\x00", 4);
}

/* Row 6: AFN00 F3 ACK as the standard specifies. */
static void test_ack_f3(void **state)
{
    (void)state;
    bytes in = hex("68 4A 00 4A 00 68 0B 21 45 03 00 02 00 64 00 00 04 00 02 00 00 01 00 00 E1 16");
    gdw13761_frame f = roundtrip(&in);
    assert_string_equal(f.a1, "4521");
    assert_int_equal(f.a2, 3);
    assert_int_equal(f.msa, 1);
    assert_int_equal(f.seq, 4);
    assert_memory_equal(f.units, "\x00\x00\x04\x00\x02\x00\x00\x01\x00\x00", 10);
}

/* Row 5: AFN0E F1 active report (FC4, ACD=0: the EC bytes belong to the data unit). */
static void test_afn0e_report(void **state)
{
    (void)state;
    bytes in = hex("68 76 00 76 00 68 C4 49 24 45 58 02 0E 60 00 00 01 00 1C 04 1B 1C 0E 0B 01 18 "
                   "15 04 07 19 53 16 04 07 19 8E 16");
    gdw13761_frame f = roundtrip(&in);
    assert_true(f.dir && f.prm);
    assert_int_equal(f.fc, GDW13761_FC_USER_DATA);
    assert_int_equal(f.afn, 0x0E);
    assert_false(f.has_ec);
    assert_int_equal(f.units_len, 21);
}

/* Row 8: AFN01 F2 reset with PW (16 bytes) and Tp. */
static void test_reset_pw_tp(void **state)
{
    (void)state;
    bytes in = hex("68 8A 00 8A 00 68 41 03 44 07 00 02 01 F1 00 00 02 00 "
                   "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 C1 37 58 10 17 00 FC 16");
    gdw13761_frame f = roundtrip(&in);
    assert_false(f.dir);
    assert_true(f.prm);
    assert_false(f.fcb);
    assert_false(f.fcv);
    assert_int_equal(f.fc, GDW13761_FC_RESET);
    assert_string_equal(gdw13761_fc_name(true, f.fc), "reset command");
    assert_int_equal(f.afn, 1);
    assert_true(f.tpv && f.fir && f.fin && f.con);
    assert_int_equal(f.seq, 1);
    assert_true(f.has_pw);
    assert_int_equal(f.units_len, 4);
    assert_int_equal(f.tp.pfc, 0xC1);
    assert_int_equal(f.tp.sec, 37);
    assert_int_equal(f.tp.min, 58);
    assert_int_equal(f.tp.hour, 10);
    assert_int_equal(f.tp.day, 17);
    assert_int_equal(f.tp.delay_min, 0);
}

/* Row 10: master AFN0C F129 p2 request, C = 7B. */
static void test_afn0c_request(void **state)
{
    (void)state;
    bytes in = hex("68 32 00 32 00 68 7B 01 58 11 28 02 0C 60 02 01 01 10 8F 16");
    gdw13761_frame f = roundtrip(&in);
    assert_false(f.dir);
    assert_true(f.prm);
    assert_true(f.fcb);
    assert_true(f.fcv);
    assert_int_equal(f.fc, GDW13761_FC_REQ_CLASS2);
    assert_string_equal(f.a1, "5801");
    assert_int_equal(f.a2, 0x2811);
    assert_false(f.has_pw);
    assert_memory_equal(f.units, "\x02\x01\x01\x10", 4);
}

static gdw13761_frame base(bool up, uint8_t afn)
{
    gdw13761_frame f;
    memset(&f, 0, sizeof f);
    memcpy(f.a1, "3501", 5);
    f.a2 = 0x1234;
    f.dir = up;
    f.prm = !up;
    f.afn = afn;
    f.fir = f.fin = true;
    f.fc = up ? GDW13761_FC_RSP_DATA : GDW13761_FC_REQ_CLASS2;
    return f;
}

static size_t enc(const gdw13761_frame *f, uint8_t *out)
{
    size_t w = 0;
    gdw13761_err err = {0};
    if (gdw13761_frame_encode(f, out, 512, &w, &err) != 0)
        fail_msg("encode: %s", err.msg);
    return w;
}

/* Each AUX rule: PW on the AFNs whose figures carry it, EC exactly when
 * uplink ACD=1, Tp exactly with TpV. */
static void test_aux_rules(void **state)
{
    (void)state;
    static const uint8_t pw_down[] = {0x01, 0x04, 0x05, 0x06, 0x0F, 0x10};
    for (unsigned afn = 0; afn <= 0x10; afn++) {
        bool want = memchr(pw_down, (int)afn, sizeof pw_down) != NULL;
        assert_int_equal(gdw13761_aux_has_pw((uint8_t)afn, false), want);
        assert_int_equal(gdw13761_aux_has_pw((uint8_t)afn, true), afn == 0x06);
    }
    uint8_t out[512];
    const uint8_t unit[] = {0x00, 0x00, 0x01, 0x00};
    /* downlink AFN 04: PW, no EC even if acd were set (no ACD bit downlink) */
    gdw13761_frame f = base(false, 0x04);
    f.units = unit;
    f.units_len = 4;
    f.acd = true;
    memset(f.pw, 0xA5, sizeof f.pw);
    size_t n = enc(&f, out);
    assert_int_equal(n, 16 + 4 + 16);
    assert_int_equal(out[18], 0xA5);
    gdw13761_frame d;
    assert_int_equal(gdw13761_frame_decode(out, n, &d, NULL, NULL), 0);
    assert_true(d.has_pw);
    assert_false(d.has_ec);
    assert_false(d.acd);
    /* downlink AFN 0C: nothing */
    f = base(false, 0x0C);
    f.units = unit;
    f.units_len = 4;
    assert_int_equal(enc(&f, out), 16 + 4);
    /* uplink AFN 0C ACD=0: no EC; ACD=1: EC after the units */
    f = base(true, 0x0C);
    f.units = unit;
    f.units_len = 4;
    assert_int_equal(enc(&f, out), 20);
    f.acd = true;
    f.ec1 = 7;
    f.ec2 = 9;
    n = enc(&f, out);
    assert_int_equal(n, 22);
    assert_int_equal(out[6], 0xA8); /* DIR PRM=0 ACD FC8 */
    assert_int_equal(out[18], 7);
    assert_int_equal(out[19], 9);
    assert_int_equal(gdw13761_frame_decode(out, n, &d, NULL, NULL), 0);
    assert_true(d.has_ec);
    assert_int_equal(d.ec1, 7);
    assert_int_equal(d.ec2, 9);
    /* Tp only with TpV, after EC */
    f.tpv = true;
    f.tp = (gdw13761_tp){.pfc = 0x21, .sec = 5, .min = 4, .hour = 23, .day = 31, .delay_min = 3};
    n = enc(&f, out);
    assert_int_equal(n, 28);
    assert_int_equal(out[13] & 0x80, 0x80);
    assert_memory_equal(out + 20, "\x21\x05\x04\x23\x31\x03", 6);
    assert_int_equal(gdw13761_frame_decode(out, n, &d, NULL, NULL), 0);
    assert_true(d.tpv);
    assert_int_equal(d.tp.day, 31);
    assert_int_equal(d.tp.hour, 23);
    assert_int_equal(d.units_len, 4);
    /* uplink AFN 06 carries PW */
    f = base(true, 0x06);
    assert_int_equal(enc(&f, out), 16 + 16);
}

/* A3: MSA in D1..D7, group flag D0; broadcast A2 FFFF only with the flag. */
static void test_address_fields(void **state)
{
    (void)state;
    uint8_t out[512];
    gdw13761_frame f = base(false, 0x0C), d;
    f.msa = 127;
    f.group = true;
    f.a2 = GDW13761_A2_BROADCAST;
    size_t n = enc(&f, out);
    assert_memory_equal(out + 7, "\x01\x35\xFF\xFF\xFF", 5);
    assert_int_equal(gdw13761_frame_decode(out, n, &d, NULL, NULL), 0);
    assert_int_equal(d.msa, 127);
    assert_true(d.group);
    assert_true(gdw13761_addr_is_broadcast(&d));
    f.group = false;
    f.msa = 5;
    n = enc(&f, out);
    assert_int_equal(out[11], 10);
    assert_int_equal(gdw13761_frame_decode(out, n, &d, NULL, NULL), 0);
    assert_false(gdw13761_addr_is_broadcast(&d));
    /* non-BCD A1 is kept as hex digits and round-trips */
    memcpy(f.a1, "12AB", 5);
    n = enc(&f, out);
    assert_memory_equal(out + 7, "\xAB\x12", 2);
    assert_int_equal(gdw13761_frame_decode(out, n, &d, NULL, NULL), 0);
    assert_string_equal(d.a1, "12AB");
}

static void test_encode_errors(void **state)
{
    (void)state;
    uint8_t out[512];
    size_t w;
    gdw13761_err err = {0};
    gdw13761_frame f = base(false, 0x0C);
    f.a2 = 0;
    assert_int_equal(gdw13761_frame_encode(&f, out, sizeof out, &w, &err), -1);
    assert_non_null(strstr(err.msg, "A2 = 0"));
    f = base(false, 0x0C);
    memcpy(f.a1, "35G1", 5);
    assert_int_equal(gdw13761_frame_encode(&f, out, sizeof out, &w, &err), -1);
    assert_non_null(strstr(err.msg, "A1"));
    f = base(false, 0x0C);
    f.msa = 128;
    assert_int_equal(gdw13761_frame_encode(&f, out, sizeof out, &w, &err), -1);
    assert_non_null(strstr(err.msg, "MSA"));
    f = base(false, 0x0C);
    f.seq = 16;
    assert_int_equal(gdw13761_frame_encode(&f, out, sizeof out, &w, &err), -1);
    f = base(false, 0x0C);
    f.tpv = true;
    f.tp.day = 0;
    assert_int_equal(gdw13761_frame_encode(&f, out, sizeof out, &w, &err), -1);
    assert_non_null(strstr(err.msg, "Tp"));
    f = base(false, 0x0C);
    assert_int_equal(gdw13761_frame_encode(&f, out, 15, &w, &err), -1);
    assert_int_equal(err.code, GDW13761_E_SPACE);
    static uint8_t big[GDW13761_L1_MAX];
    f.units = big;
    f.units_len = GDW13761_L1_MAX - 8;
    static uint8_t bigout[GDW13761_FRAME_MAX];
    assert_int_equal(gdw13761_frame_encode(&f, bigout, sizeof bigout, &w, &err), 0);
    assert_int_equal(w, GDW13761_FRAME_MAX);
    assert_int_equal(bigout[1], 0xFE);
    assert_int_equal(bigout[2], 0xFF);
    f.units_len++;
    assert_int_equal(gdw13761_frame_encode(&f, bigout, sizeof bigout, &w, &err), -1);
    assert_non_null(strstr(err.msg, "exceeds 16383"));
}

static void test_decode_rejects(void **state)
{
    (void)state;
    const char *good = "68 32 00 32 00 68 7B 01 58 11 28 02 0C 60 02 01 01 10 8F 16";
    bytes b = hex(good);
    b.n = 5;
    expect_reject(&b, "truncated", 5);
    b = hex(good);
    b.b[0] = 0x69;
    expect_reject(&b, "no 68H start", 0);
    b = hex(good);
    b.b[3] = 0x36;
    expect_reject(&b, "L copies differ", 3);
    b = hex(good);
    b.b[1] = b.b[3] = 0x33; /* identifier 3 (a non-standard variant) */
    expect_reject(&b, "bad protocol identifier 3", 1);
    b = hex(good);
    b.b[1] = b.b[3] = 0x31;
    expect_reject(&b, "bad protocol identifier 1", 1);
    b = hex(good);
    b.b[5] = 0x00;
    expect_reject(&b, "no second 68H", 5);
    b = hex(good);
    b.b[1] = b.b[3] = 0x36; /* L1 = 13 > the 12 present */
    expect_reject(&b, "L past the buffer", 20);
    b = hex(good);
    b.b[1] = b.b[3] = 0x1E; /* L1 = 7 */
    expect_reject(&b, "below the minimum", 1);
    b = hex(good);
    b.b[18] ^= 1;
    expect_reject(&b, "bad CS", 18);
    b = hex(good);
    b.b[19] = 0x17;
    expect_reject(&b, "no 16H end", 19);
    b = hex(good);
    b.n = 19;
    expect_reject(&b, "L past the buffer", 19);
    /* A2 = 0 */
    b = hex("68 32 00 32 00 68 7B 01 58 00 00 02 0C 60 02 01 01 10 56 16");
    expect_reject(&b, "A2 = 0", 9);
    /* TpV set but only 4 bytes after SEQ */
    b = hex("68 32 00 32 00 68 7B 01 58 11 28 02 0C E0 02 01 01 10 0F 16");
    expect_reject(&b, "too short for AUX", 14);
    /* uplink ACD=1 but no room for EC */
    b = hex("68 22 00 22 00 68 A8 01 58 11 28 00 0C 60 A6 16");
    expect_reject(&b, "too short for AUX", 14);
    /* Tp with a non-BCD second */
    b = hex("68 4A 00 4A 00 68 7B 01 58 11 28 02 0C E0 02 01 01 10 01 5A 00 00 01 00 00 16");
    uint8_t cs = 0;
    for (size_t i = 6; i < 24; i++)
        cs = (uint8_t)(cs + b.b[i]);
    b.b[24] = cs;
    expect_reject(&b, "Tp send time", 19);
    /* bytes after the frame are not part of it */
    b = hex(good);
    b.b[20] = 0x68;
    b.n = 21;
    gdw13761_frame f;
    size_t flen = 0;
    assert_int_equal(gdw13761_frame_decode(b.b, b.n, &f, &flen, NULL), 0);
    assert_int_equal(flen, 20);
}

static void test_tp_check(void **state)
{
    (void)state;
    mdc_tm now = {
        .year = 2025, .mon = 3, .day = 1, .hour = 0, .min = 2, .sec = 0, .fields = MDC_TM_FULL};
    /* sent 28 Feb 23:58:00 (day 28 placed in February): 4 min old */
    gdw13761_tp tp = {.pfc = 1, .sec = 0, .min = 58, .hour = 23, .day = 28, .delay_min = 5};
    int64_t age = 0;
    assert_int_equal(gdw13761_tp_check(&tp, &now, &age), GDW13761_TP_FRESH);
    assert_int_equal(age, 240);
    tp.delay_min = 3;
    assert_int_equal(gdw13761_tp_check(&tp, &now, &age), GDW13761_TP_STALE);
    tp.delay_min = 0; /* no check */
    assert_int_equal(gdw13761_tp_check(&tp, &now, &age), GDW13761_TP_FRESH);
    /* year wrap: sent 31 Dec 23:59:30, now 1 Jan 00:00:10 */
    mdc_tm ny = {
        .year = 2026, .mon = 1, .day = 1, .hour = 0, .min = 0, .sec = 10, .fields = MDC_TM_FULL};
    tp = (gdw13761_tp){.sec = 30, .min = 59, .hour = 23, .day = 31, .delay_min = 1};
    assert_int_equal(gdw13761_tp_check(&tp, &ny, &age), GDW13761_TP_FRESH);
    assert_int_equal(age, 40);
    /* sender clock slightly ahead across the month end: negative age, fresh */
    mdc_tm eom = {
        .year = 2025, .mon = 4, .day = 30, .hour = 23, .min = 59, .sec = 0, .fields = MDC_TM_FULL};
    tp = (gdw13761_tp){.sec = 30, .min = 0, .hour = 0, .day = 1, .delay_min = 1};
    assert_int_equal(gdw13761_tp_check(&tp, &eom, &age), GDW13761_TP_FRESH);
    assert_int_equal(age, -90);
    /* a day ago */
    tp = (gdw13761_tp){.sec = 0, .min = 59, .hour = 23, .day = 29, .delay_min = 60};
    assert_int_equal(gdw13761_tp_check(&tp, &eom, &age), GDW13761_TP_STALE);
    assert_int_equal(age, 86400);
    /* invalid inputs */
    tp.hour = 24;
    assert_int_equal(gdw13761_tp_check(&tp, &eom, &age), GDW13761_TP_INVALID);
    tp.hour = 1;
    eom.fields = MDC_TM_DAY | MDC_TM_HOUR;
    assert_int_equal(gdw13761_tp_check(&tp, &eom, &age), GDW13761_TP_INVALID);
    /* from_tm */
    gdw13761_tp_from_tm(&tp, 9, &now, 2);
    assert_int_equal(tp.day, 1);
    assert_int_equal(tp.min, 2);
    assert_int_equal(tp.pfc, 9);
    assert_int_equal(tp.delay_min, 2);
}

/* the uplink's reserved C bit D4 is kept so a frame round-trips */
static void test_uplink_reserved_bit(void **state)
{
    (void)state;
    bytes in = hex("68 3A 00 3A 00 68 F9 49 24 45 58 00 02 70 00 00 01 00 1C 04 96 16");
    gdw13761_frame f = roundtrip(&in);
    assert_true(f.dir && f.acd && f.fcv);
    assert_int_equal(f.fc, 9);
}

static void test_fc_names(void **state)
{
    (void)state;
    assert_string_equal(gdw13761_fc_name(true, 4), "user data (send/no answer)");
    assert_string_equal(gdw13761_fc_name(true, 10), "request class-1 data");
    assert_string_equal(gdw13761_fc_name(true, 3), "reserved");
    assert_string_equal(gdw13761_fc_name(false, 0), "confirm (acknowledged)");
    assert_string_equal(gdw13761_fc_name(false, 8), "response: user data");
    assert_string_equal(gdw13761_fc_name(false, 9), "response: denied, no data");
    assert_string_equal(gdw13761_fc_name(false, 10), "reserved");
    assert_string_equal(gdw13761_fc_name(false, 200), "reserved");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_login_acd_ec),     cmocka_unit_test(test_master_ack_f1),
        cmocka_unit_test(test_heartbeat_logout), cmocka_unit_test(test_ack_f3),
        cmocka_unit_test(test_afn0e_report),     cmocka_unit_test(test_reset_pw_tp),
        cmocka_unit_test(test_afn0c_request),    cmocka_unit_test(test_aux_rules),
        cmocka_unit_test(test_address_fields),   cmocka_unit_test(test_encode_errors),
        cmocka_unit_test(test_decode_rejects),   cmocka_unit_test(test_tp_check),
        cmocka_unit_test(test_fc_names),         cmocka_unit_test(test_uplink_reserved_bit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
