/* DL/T 645 function codes: every request and reply of both editions built, encoded, decoded and
 * parsed back; the worked frames of the notes byte for byte; error replies and their names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "dlt645/dlt645.h"

static const uint8_t A[6] = {0x12, 0x10, 0x78, 0x56, 0x34, 0x12}; /* 123456781012 */
static const uint8_t PW[4] = {0x02, 0x56, 0x34, 0x12};            /* level 02, 123456 */
static const uint8_t PW2[4] = {0x04, 0x11, 0x22, 0x33};
static const uint8_t OP[4] = {0x78, 0x56, 0x34, 0x12};

/* Encodes fr, checks the bytes when want is given, decodes them again into *back. */
static void wire(const dlt645_frame *fr, const uint8_t *want, size_t want_len, dlt645_frame *back)
{
    uint8_t out[DLT645_ENCODED_MAX];
    size_t n = 0;
    assert_int_equal(dlt645_frame_encode(fr, out, sizeof out, &n), DLT645_OK);
    if (want) {
        assert_int_equal(n, want_len);
        assert_memory_equal(out, want, want_len);
    }
    assert_int_equal(dlt645_frame_decode(out, n, back, NULL), DLT645_OK);
}

/* request -> frame -> bytes -> frame -> request */
static void rq_roundtrip(const dlt645_request *rq, dlt645_request *got, dlt645_frame *back)
{
    dlt645_frame fr;
    assert_int_equal(dlt645_request_build(rq, &fr), DLT645_OK);
    assert_int_equal(fr.c, rq->func);
    wire(&fr, NULL, 0, back);
    assert_int_equal(dlt645_request_parse(back, rq->proto, got), DLT645_OK);
    assert_int_equal(got->func, rq->func);
    assert_int_equal(got->proto, rq->proto);
    assert_memory_equal(got->addr, rq->addr, 6);
}

static void rp_roundtrip(const dlt645_reply *rp, dlt645_reply *got, dlt645_frame *back)
{
    dlt645_frame fr;
    assert_int_equal(dlt645_reply_build(rp, &fr), DLT645_OK);
    wire(&fr, NULL, 0, back);
    assert_int_equal(dlt645_reply_parse(back, rp->proto, got), DLT645_OK);
    assert_int_equal(got->func, rp->func);
    assert_int_equal(got->error, rp->error);
    assert_int_equal(got->more, rp->more);
    assert_memory_equal(got->addr, rp->addr, 6);
}

/* An error reply for (proto, func) with err, built and parsed. */
static void error_roundtrip(dlt645_proto proto, uint8_t func, uint8_t err)
{
    dlt645_reply rp, got;
    dlt645_frame back;
    dlt645_reply_init(&rp, proto, func, A);
    rp.error = true;
    rp.err = err;
    rp_roundtrip(&rp, &got, &back);
    assert_int_equal(back.c, 0xC0 | func);
    assert_int_equal(back.len, 1);
    assert_int_equal(got.err, err);
}

/* An L = 0 normal reply. */
static void empty_reply(dlt645_proto proto, uint8_t func)
{
    dlt645_reply rp, got;
    dlt645_frame back;
    dlt645_reply_init(&rp, proto, func, A);
    rp_roundtrip(&rp, &got, &back);
    assert_int_equal(back.c, 0x80 | func);
    assert_int_equal(back.len, 0);
}

static mdc_tm tm6(unsigned y, unsigned mo, unsigned d, unsigned h, unsigned mi, unsigned s)
{
    mdc_tm t = {(uint16_t)y, (uint8_t)mo, (uint8_t)d, (uint8_t)h,
                (uint8_t)mi, (uint8_t)s,  0,          MDC_TM_FULL};
    return t;
}

static void assert_tm(const mdc_tm *t, const mdc_tm *w)
{
    assert_int_equal(t->fields, w->fields);
    if (w->fields & MDC_TM_YEAR)
        assert_int_equal(t->year, w->year);
    if (w->fields & MDC_TM_MON)
        assert_int_equal(t->mon, w->mon);
    if (w->fields & MDC_TM_DAY)
        assert_int_equal(t->day, w->day);
    if (w->fields & MDC_TM_HOUR)
        assert_int_equal(t->hour, w->hour);
    if (w->fields & MDC_TM_MIN)
        assert_int_equal(t->min, w->min);
    if (w->fields & MDC_TM_SEC)
        assert_int_equal(t->sec, w->sec);
}

/* ---- worked frames ------------------------------------------------------------------------- */

static void test_worked_read(void **state)
{
    (void)state;
    static const uint8_t want[] = {0xFE, 0xFE, 0xFE, 0xFE, 0x68, 0x12, 0x10, 0x78, 0x56, 0x34,
                                   0x12, 0x68, 0x11, 0x04, 0x33, 0x33, 0x34, 0x33, 0xE8, 0x16};
    dlt645_request rq, got;
    dlt645_frame fr, back;
    dlt645_request_init(&rq, DLT645_PROTO_2007, DLT645_F07_READ, A);
    rq.di = 0x00010000;
    assert_int_equal(dlt645_request_build(&rq, &fr), DLT645_OK);
    wire(&fr, want, sizeof want, &back);
    assert_int_equal(dlt645_request_parse(&back, DLT645_PROTO_UNKNOWN, &got), DLT645_OK);
    assert_int_equal(got.proto, DLT645_PROTO_2007);
    assert_int_equal(got.di, 0x00010000);
    assert_false(got.has_blocks);
    assert_string_equal(dlt645_func_name(DLT645_PROTO_2007, got.func), "read");
}

static void test_worked_reply(void **state)
{
    (void)state;
    static const uint8_t want[] = {0x68, 0x12, 0x10, 0x78, 0x56, 0x34, 0x12, 0x68, 0x91, 0x08,
                                   0x33, 0x33, 0x34, 0x33, 0x89, 0x67, 0x45, 0x33, 0xD4, 0x16};
    static const uint8_t value[] = {0x56, 0x34, 0x12, 0x00}; /* 001234.56 */
    dlt645_reply rp, got;
    dlt645_frame fr, back;
    dlt645_reply_init(&rp, DLT645_PROTO_2007, DLT645_F07_READ, A);
    rp.di = 0x00010000;
    rp.data = value;
    rp.len = 4;
    assert_int_equal(dlt645_reply_build(&rp, &fr), DLT645_OK);
    wire(&fr, want, sizeof want, &back);
    assert_int_equal(dlt645_reply_parse(&back, DLT645_PROTO_UNKNOWN, &got), DLT645_OK);
    assert_false(got.error);
    assert_false(got.more);
    assert_int_equal(got.di, 0x00010000);
    assert_int_equal(got.len, 4);
    assert_memory_equal(got.data, value, 4);
    assert_ptr_equal(got.data, back.data + 4); /* borrowed from the frame */
}

static void test_worked_error_reply(void **state)
{
    (void)state;
    static const uint8_t want[] = {0x68, 0x12, 0x10, 0x78, 0x56, 0x34, 0x12,
                                   0x68, 0xD1, 0x01, 0x35, 0x0D, 0x16};
    dlt645_reply rp, got;
    dlt645_frame fr, back;
    dlt645_reply_init(&rp, DLT645_PROTO_2007, DLT645_F07_READ, A);
    rp.error = true;
    rp.err = DLT645_E07_NO_DATA;
    assert_int_equal(dlt645_reply_build(&rp, &fr), DLT645_OK);
    wire(&fr, want, sizeof want, &back);
    assert_int_equal(dlt645_reply_parse(&back, DLT645_PROTO_2007, &got), DLT645_OK);
    assert_true(got.error);
    assert_int_equal(got.err, 0x02);
    const char *names[8];
    assert_int_equal(dlt645_err_names(DLT645_PROTO_2007, got.err, names, 8), 1);
    assert_string_equal(names[0], "no_data");
}

static void test_worked_read_addr(void **state)
{
    (void)state;
    static const uint8_t want[] = {0x68, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA,
                                   0xAA, 0x68, 0x13, 0x00, 0xDF, 0x16};
    dlt645_request rq, got;
    dlt645_frame fr, back;
    dlt645_request_init(&rq, DLT645_PROTO_2007, DLT645_F07_READ_ADDR, dlt645_addr_wildcard);
    assert_int_equal(dlt645_request_build(&rq, &fr), DLT645_OK);
    fr.preamble = 0;
    wire(&fr, want, sizeof want, &back);
    assert_int_equal(dlt645_request_parse(&back, DLT645_PROTO_UNKNOWN, &got), DLT645_OK);
    assert_int_equal(got.func, DLT645_F07_READ_ADDR);
    /* the reply: 93 with the address as data, from the real address */
    dlt645_reply rp, rgot;
    dlt645_reply_init(&rp, DLT645_PROTO_2007, DLT645_F07_READ_ADDR, A);
    memcpy(rp.meter_addr, A, 6);
    rp_roundtrip(&rp, &rgot, &back);
    assert_int_equal(back.c, 0x93);
    assert_int_equal(back.len, 6);
    assert_memory_equal(rgot.meter_addr, A, 6);
}

static void test_worked_time_set(void **state)
{
    (void)state;
    static const uint8_t want[] = {0x68, 0x99, 0x99, 0x99, 0x99, 0x99, 0x99, 0x68, 0x08,
                                   0x06, 0x33, 0x63, 0x3B, 0x35, 0x44, 0x58, 0x16, 0x16};
    dlt645_request rq, got;
    dlt645_frame fr, back;
    dlt645_request_init(&rq, DLT645_PROTO_2007, DLT645_F07_TIME_SET, dlt645_addr_broadcast);
    rq.time = tm6(2025, 11, 2, 8, 30, 0);
    assert_int_equal(dlt645_request_build(&rq, &fr), DLT645_OK);
    fr.preamble = 0;
    wire(&fr, want, sizeof want, &back);
    assert_int_equal(dlt645_request_parse(&back, DLT645_PROTO_UNKNOWN, &got), DLT645_OK);
    assert_int_equal(got.proto, DLT645_PROTO_2007); /* 08 is the same in both */
    assert_true(got.has_time);
    assert_tm(&got.time, &rq.time);
    assert_false(dlt645_func_has_reply(DLT645_PROTO_2007, DLT645_F07_TIME_SET));
    assert_false(dlt645_func_has_reply(DLT645_PROTO_1997, DLT645_F97_TIME_SET));
    /* there is no reply to build */
    dlt645_reply rp;
    dlt645_reply_init(&rp, DLT645_PROTO_2007, DLT645_F07_TIME_SET, A);
    assert_int_equal(dlt645_reply_build(&rp, &fr), DLT645_ERR_FUNC);
    /* 1997 time set: same bytes */
    rq.proto = DLT645_PROTO_1997;
    assert_int_equal(dlt645_request_build(&rq, &fr), DLT645_OK);
    fr.preamble = 0;
    wire(&fr, want, sizeof want, &back);
    assert_int_equal(dlt645_request_parse(&back, DLT645_PROTO_1997, &got), DLT645_OK);
    assert_tm(&got.time, &rq.time);
    /* bad time */
    rq.time.mon = 13;
    assert_int_equal(dlt645_request_build(&rq, &fr), DLT645_ERR_ARG);
    rq.time = tm6(2125, 1, 1, 0, 0, 0); /* YY cannot express it */
    assert_int_equal(dlt645_request_build(&rq, &fr), DLT645_ERR_ARG);
}

static void test_worked_read97(void **state)
{
    (void)state;
    static const uint8_t want[] = {0x68, 0x12, 0x10, 0x78, 0x56, 0x34, 0x12,
                                   0x68, 0x01, 0x02, 0x43, 0xC3, 0x0F, 0x16};
    dlt645_request rq, got;
    dlt645_frame fr, back;
    dlt645_request_init(&rq, DLT645_PROTO_1997, DLT645_F97_READ, A);
    rq.di = 0x9010;
    assert_int_equal(dlt645_request_build(&rq, &fr), DLT645_OK);
    fr.preamble = 0;
    wire(&fr, want, sizeof want, &back);
    assert_int_equal(dlt645_request_parse(&back, DLT645_PROTO_UNKNOWN, &got), DLT645_OK);
    assert_int_equal(got.proto, DLT645_PROTO_1997);
    assert_int_equal(got.di, 0x9010);
    /* reply 81 with 4 bytes of energy */
    dlt645_reply rp, rgot;
    dlt645_reply_init(&rp, DLT645_PROTO_1997, DLT645_F97_READ, A);
    rp.di = 0x9010;
    rp.data = (const uint8_t *)"\x56\x34\x12\x00";
    rp.len = 4;
    rp_roundtrip(&rp, &rgot, &back);
    assert_int_equal(back.c, 0x81);
    assert_int_equal(back.len, 6);
    assert_int_equal(rgot.di, 0x9010);
    assert_memory_equal(rgot.data, rp.data, 4);
    error_roundtrip(DLT645_PROTO_1997, DLT645_F97_READ, DLT645_E97_BAD_DI);
}

/* ---- every 2007 code ------------------------------------------------------------------------ */

static void test_2007_read_load_record(void **state)
{
    (void)state;
    dlt645_request rq, got;
    dlt645_frame back;
    dlt645_request_init(&rq, DLT645_PROTO_2007, DLT645_F07_READ, A);
    rq.di = 0x06010001;
    rq.has_blocks = true;
    rq.blocks = 12;
    rq_roundtrip(&rq, &got, &back);
    assert_int_equal(back.len, 5);
    assert_int_equal(back.data[4], 0x12); /* NN in BCD */
    assert_true(got.has_blocks);
    assert_int_equal(got.blocks, 12);
    assert_false(got.has_time);

    /* with a time: 5-byte mm hh DD MM YY sent */
    rq.has_time = true;
    rq.time = tm6(2025, 11, 2, 8, 30, 0);
    rq.time.fields = MDC_TM_DATE | MDC_TM_HOUR | MDC_TM_MIN;
    rq_roundtrip(&rq, &got, &back);
    assert_int_equal(back.len, 10);
    assert_memory_equal(back.data + 5, "\x30\x08\x02\x11\x25", 5);
    assert_int_equal(got.time_len, DLT645_LOADTIME_SHORT);
    assert_tm(&got.time, &rq.time);

    /* the 6-byte form ss mm hh DD MM YY is accepted when parsing, and can be sent */
    rq.time = tm6(2025, 11, 2, 8, 30, 15);
    rq.time_len = DLT645_LOADTIME_LONG;
    rq_roundtrip(&rq, &got, &back);
    assert_int_equal(back.len, 11);
    assert_memory_equal(back.data + 5, "\x15\x30\x08\x02\x11\x25", 6);
    assert_int_equal(got.time_len, DLT645_LOADTIME_LONG);
    assert_tm(&got.time, &rq.time);

    /* other sizes are refused */
    back.len = 8;
    assert_int_equal(dlt645_request_parse(&back, DLT645_PROTO_2007, &got), DLT645_ERR_DATA);
    back.len = 3;
    assert_int_equal(dlt645_request_parse(&back, DLT645_PROTO_2007, &got), DLT645_ERR_DATA);
    back.len = 5;
    back.data[4] = 0x1A; /* NN not BCD */
    assert_int_equal(dlt645_request_parse(&back, DLT645_PROTO_2007, &got), DLT645_ERR_DATA);
    rq.blocks = 100;
    dlt645_frame fr;
    assert_int_equal(dlt645_request_build(&rq, &fr), DLT645_ERR_ARG);
}

static void test_2007_read_more(void **state)
{
    (void)state;
    dlt645_request rq, got;
    dlt645_frame back;
    dlt645_request_init(&rq, DLT645_PROTO_2007, DLT645_F07_READ_MORE, A);
    rq.di = 0x0001FF00;
    rq.seq = 3;
    rq_roundtrip(&rq, &got, &back);
    assert_int_equal(back.len, 5);
    assert_int_equal(got.di, 0x0001FF00);
    assert_int_equal(got.seq, 3);

    dlt645_reply rp, rgot;
    dlt645_reply_init(&rp, DLT645_PROTO_2007, DLT645_F07_READ_MORE, A);
    rp.di = 0x0001FF00;
    rp.data = (const uint8_t *)"\x01\x02\x03";
    rp.len = 3;
    rp.seq = 3;
    rp.more = true;
    rp_roundtrip(&rp, &rgot, &back);
    assert_int_equal(back.c, 0xB2);
    assert_int_equal(back.len, 8);
    assert_true(rgot.has_seq);
    assert_int_equal(rgot.seq, 3);
    assert_int_equal(rgot.len, 3);
    assert_memory_equal(rgot.data, "\x01\x02\x03", 3);
    rp.more = false;
    rp_roundtrip(&rp, &rgot, &back);
    assert_int_equal(back.c, 0x92);
    error_roundtrip(DLT645_PROTO_2007, DLT645_F07_READ_MORE, DLT645_E07_NO_DATA);
}

static void test_2007_write(void **state)
{
    (void)state;
    dlt645_request rq, got;
    dlt645_frame back, fr;
    static const uint8_t val[] = {0x30, 0x08, 0x02, 0x11, 0x25, 0x00};
    dlt645_request_init(&rq, DLT645_PROTO_2007, DLT645_F07_WRITE, A);
    rq.di = 0x04000102;
    memcpy(rq.pw, PW, 4);
    memcpy(rq.op, OP, 4);
    rq.data = val;
    rq.len = sizeof val;
    rq_roundtrip(&rq, &got, &back);
    assert_int_equal(back.len, 4 + 4 + 4 + sizeof val);
    assert_memory_equal(back.data, "\x02\x01\x00\x04\x02\x56\x34\x12\x78\x56\x34\x12", 12);
    assert_int_equal(got.di, 0x04000102);
    assert_memory_equal(got.pw, PW, 4);
    assert_memory_equal(got.op, OP, 4);
    assert_int_equal(got.len, sizeof val);
    assert_memory_equal(got.data, val, sizeof val);
    /* 50 bytes in all is the limit */
    uint8_t big[40] = {0};
    rq.data = big;
    rq.len = 38;
    assert_int_equal(dlt645_request_build(&rq, &fr), DLT645_OK);
    assert_int_equal(fr.len, 50);
    rq.len = 39;
    assert_int_equal(dlt645_request_build(&rq, &fr), DLT645_ERR_TOO_LONG);
    empty_reply(DLT645_PROTO_2007, DLT645_F07_WRITE);
    error_roundtrip(DLT645_PROTO_2007, DLT645_F07_WRITE, DLT645_E07_PASSWORD);
}

static void test_2007_write_addr(void **state)
{
    (void)state;
    dlt645_request rq, got;
    dlt645_frame back, fr;
    dlt645_request_init(&rq, DLT645_PROTO_2007, DLT645_F07_WRITE_ADDR, dlt645_addr_wildcard);
    memcpy(rq.new_addr, A, 6);
    rq_roundtrip(&rq, &got, &back);
    assert_int_equal(back.len, 6);
    assert_memory_equal(got.new_addr, A, 6);
    memcpy(rq.new_addr, dlt645_addr_wildcard, 6);
    assert_int_equal(dlt645_request_build(&rq, &fr), DLT645_ERR_ADDR);
    back.data[0] = 0xAA;
    assert_int_equal(dlt645_request_parse(&back, DLT645_PROTO_2007, &got), DLT645_ERR_DATA);
    empty_reply(DLT645_PROTO_2007, DLT645_F07_WRITE_ADDR);
}

static void test_2007_freeze(void **state)
{
    (void)state;
    dlt645_request rq, got;
    dlt645_frame back;
    dlt645_request_init(&rq, DLT645_PROTO_2007, DLT645_F07_FREEZE, A);
    /* daily freeze at 00:00: DD and MM are 99 */
    rq.time.fields = MDC_TM_HOUR | MDC_TM_MIN;
    rq_roundtrip(&rq, &got, &back);
    assert_int_equal(back.len, 4);
    assert_memory_equal(back.data, "\x00\x00\x99\x99", 4);
    assert_tm(&got.time, &rq.time);
    /* immediate freeze: all 99 */
    rq.time.fields = 0;
    rq_roundtrip(&rq, &got, &back);
    assert_memory_equal(back.data, "\x99\x99\x99\x99", 4);
    assert_int_equal(got.time.fields, 0);
    /* monthly on the 1st at 12:30 */
    rq.time.fields = MDC_TM_DAY | MDC_TM_HOUR | MDC_TM_MIN;
    rq.time.day = 1;
    rq.time.hour = 12;
    rq.time.min = 30;
    rq_roundtrip(&rq, &got, &back);
    assert_memory_equal(back.data, "\x30\x12\x01\x99", 4);
    assert_tm(&got.time, &rq.time);
    back.data[0] = 0x60; /* minute 60 */
    assert_int_equal(dlt645_request_parse(&back, DLT645_PROTO_2007, &got), DLT645_ERR_DATA);
    empty_reply(DLT645_PROTO_2007, DLT645_F07_FREEZE);
    error_roundtrip(DLT645_PROTO_2007, DLT645_F07_FREEZE, DLT645_E07_OTHER);
}

static void test_2007_baud(void **state)
{
    (void)state;
    dlt645_request rq, got;
    dlt645_frame back;
    dlt645_request_init(&rq, DLT645_PROTO_2007, DLT645_F07_BAUD, A);
    rq.z = 0x20; /* 9600 */
    rq_roundtrip(&rq, &got, &back);
    assert_int_equal(back.len, 1);
    assert_int_equal(got.z, 0x20);
    dlt645_reply rp, rgot;
    dlt645_reply_init(&rp, DLT645_PROTO_2007, DLT645_F07_BAUD, A);
    rp.z = 0x20;
    rp_roundtrip(&rp, &rgot, &back);
    assert_int_equal(back.c, 0x97);
    assert_int_equal(rgot.z, 0x20);
    error_roundtrip(DLT645_PROTO_2007, DLT645_F07_BAUD, DLT645_E07_BAUD);
}

static void test_2007_password(void **state)
{
    (void)state;
    dlt645_request rq, got;
    dlt645_frame back;
    dlt645_request_init(&rq, DLT645_PROTO_2007, DLT645_F07_PASSWORD, A);
    rq.di = 0x04000C05;
    memcpy(rq.pw, PW, 4);
    memcpy(rq.new_pw, PW2, 4);
    rq_roundtrip(&rq, &got, &back);
    assert_int_equal(back.len, 12);
    assert_int_equal(got.di, 0x04000C05);
    assert_memory_equal(got.pw, PW, 4);
    assert_memory_equal(got.new_pw, PW2, 4);
    dlt645_reply rp, rgot;
    dlt645_reply_init(&rp, DLT645_PROTO_2007, DLT645_F07_PASSWORD, A);
    memcpy(rp.new_pw, PW2, 4);
    rp_roundtrip(&rp, &rgot, &back);
    assert_int_equal(back.c, 0x98);
    assert_int_equal(back.len, 4);
    assert_memory_equal(rgot.new_pw, PW2, 4);
    error_roundtrip(DLT645_PROTO_2007, DLT645_F07_PASSWORD, DLT645_E07_PASSWORD);
}

static void test_2007_resets(void **state)
{
    (void)state;
    static const uint8_t codes[] = {DLT645_F07_DEMAND_RESET, DLT645_F07_METER_RESET};
    for (size_t i = 0; i < sizeof codes; i++) {
        dlt645_request rq, got;
        dlt645_frame back;
        dlt645_request_init(&rq, DLT645_PROTO_2007, codes[i], A);
        memcpy(rq.pw, PW, 4);
        memcpy(rq.op, OP, 4);
        rq_roundtrip(&rq, &got, &back);
        assert_int_equal(back.len, 8);
        assert_memory_equal(got.pw, PW, 4);
        assert_memory_equal(got.op, OP, 4);
        empty_reply(DLT645_PROTO_2007, codes[i]);
        error_roundtrip(DLT645_PROTO_2007, codes[i], DLT645_E07_PASSWORD);
    }
    dlt645_request rq, got;
    dlt645_frame back;
    dlt645_request_init(&rq, DLT645_PROTO_2007, DLT645_F07_EVENT_RESET, A);
    memcpy(rq.pw, PW, 4);
    memcpy(rq.op, OP, 4);
    rq.di = 0xFFFFFFFF;
    rq_roundtrip(&rq, &got, &back);
    assert_int_equal(back.len, 12);
    assert_int_equal(got.di, 0xFFFFFFFF);
    empty_reply(DLT645_PROTO_2007, DLT645_F07_EVENT_RESET);
    error_roundtrip(DLT645_PROTO_2007, DLT645_F07_EVENT_RESET, DLT645_E07_OTHER);
    /* an 8-byte reset with a byte missing */
    back.c = DLT645_F07_DEMAND_RESET;
    back.len = 7;
    assert_int_equal(dlt645_request_parse(&back, DLT645_PROTO_2007, &got), DLT645_ERR_DATA);
}

static void test_2007_control(void **state)
{
    (void)state;
    dlt645_request rq, got;
    dlt645_frame back;
    dlt645_request_init(&rq, DLT645_PROTO_2007, DLT645_F07_CONTROL, A);
    memcpy(rq.pw, PW, 4);
    memcpy(rq.op, OP, 4);
    rq.ctl = DLT645_CTL_TRIP;
    rq.time = tm6(2027, 12, 31, 23, 59, 59);
    rq_roundtrip(&rq, &got, &back);
    assert_int_equal(back.len, 16);
    assert_int_equal(back.data[8], 0x1A);
    assert_int_equal(back.data[9], 0x00);
    assert_memory_equal(back.data + 10, "\x59\x59\x23\x31\x12\x27", 6);
    assert_int_equal(got.ctl, DLT645_CTL_TRIP);
    assert_tm(&got.time, &rq.time);
    /* close is sent as 1B ... */
    rq.ctl = DLT645_CTL_CLOSE;
    rq_roundtrip(&rq, &got, &back);
    assert_int_equal(back.data[8], 0x1B);
    assert_int_equal(got.ctl, DLT645_CTL_CLOSE);
    /* ... and 1C is accepted as close */
    back.data[8] = 0x1C;
    assert_int_equal(dlt645_request_parse(&back, DLT645_PROTO_2007, &got), DLT645_OK);
    assert_int_equal(got.ctl, DLT645_CTL_CLOSE);
    assert_int_equal(got.ctl_raw, 0x1C);
    rq.ctl = DLT645_CTL_KEEP;
    rq_roundtrip(&rq, &got, &back);
    assert_int_equal(got.ctl, 0x3A);
    empty_reply(DLT645_PROTO_2007, DLT645_F07_CONTROL);
    error_roundtrip(DLT645_PROTO_2007, DLT645_F07_CONTROL, DLT645_E07_PASSWORD);
}

static void test_2007_output(void **state)
{
    (void)state;
    dlt645_request rq, got;
    dlt645_frame back;
    dlt645_request_init(&rq, DLT645_PROTO_2007, DLT645_F07_OUTPUT, A);
    rq.z = 0x01;
    rq_roundtrip(&rq, &got, &back);
    assert_int_equal(back.len, 1);
    assert_int_equal(got.z, 1);
    dlt645_reply rp, rgot;
    dlt645_reply_init(&rp, DLT645_PROTO_2007, DLT645_F07_OUTPUT, A);
    rp.z = 0x02;
    rp_roundtrip(&rp, &rgot, &back);
    assert_int_equal(back.c, 0x9D);
    assert_int_equal(rgot.z, 2);
    error_roundtrip(DLT645_PROTO_2007, DLT645_F07_OUTPUT, DLT645_E07_OTHER);
}

static void test_2007_security(void **state)
{
    (void)state;
    dlt645_request rq, got;
    dlt645_frame back, fr;
    static const uint8_t body[] = {1, 2, 3, 4, 5, 6, 7, 8};
    dlt645_request_init(&rq, DLT645_PROTO_2007, DLT645_F07_SECURITY, A);
    rq.di = 0x070000FF;
    memcpy(rq.op, OP, 4);
    rq.data = body;
    rq.len = sizeof body;
    rq_roundtrip(&rq, &got, &back);
    assert_int_equal(back.len, 16);
    assert_int_equal(got.di, 0x070000FF);
    assert_memory_equal(got.op, OP, 4);
    assert_memory_equal(got.data, body, sizeof body);
    /* guessed as 2007 from its data */
    assert_int_equal(dlt645_request_parse(&back, DLT645_PROTO_UNKNOWN, &got), DLT645_OK);
    assert_int_equal(got.proto, DLT645_PROTO_2007);

    dlt645_reply rp, rgot;
    dlt645_reply_init(&rp, DLT645_PROTO_2007, DLT645_F07_SECURITY, A);
    rp.di = 0x070000FF;
    rp.data = body;
    rp.len = 4;
    rp_roundtrip(&rp, &rgot, &back);
    assert_int_equal(back.c, 0x83);
    assert_int_equal(rgot.di, 0x070000FF);
    assert_int_equal(dlt645_reply_parse(&back, DLT645_PROTO_UNKNOWN, &rgot), DLT645_OK);
    assert_int_equal(rgot.proto, DLT645_PROTO_2007);
    /* SERR: 2 bytes */
    dlt645_reply_init(&rp, DLT645_PROTO_2007, DLT645_F07_SECURITY, A);
    rp.error = true;
    rp.serr = DLT645_SERR_ESAM | DLT645_SERR_AUTH;
    assert_int_equal(dlt645_reply_build(&rp, &fr), DLT645_OK);
    wire(&fr, NULL, 0, &back);
    assert_int_equal(back.c, 0xC3);
    assert_int_equal(back.len, 2);
    assert_int_equal(dlt645_reply_parse(&back, DLT645_PROTO_UNKNOWN, &rgot), DLT645_OK);
    assert_int_equal(rgot.proto, DLT645_PROTO_2007);
    assert_true(rgot.error);
    assert_int_equal(rgot.serr, 0x000C);
    const char *names[4];
    assert_int_equal(dlt645_serr_names(rgot.serr, names, 4), 2);
    assert_string_equal(names[0], "esam");
    assert_string_equal(names[1], "auth");
}

/* ---- every 1997 code ------------------------------------------------------------------------ */

static void test_1997_codes(void **state)
{
    (void)state;
    dlt645_request rq, got;
    dlt645_reply rp, rgot;
    dlt645_frame back;

    /* 02 read follow-up: DI, reply A2/82 */
    dlt645_request_init(&rq, DLT645_PROTO_1997, DLT645_F97_READ_MORE, A);
    rq.di = 0x901F;
    rq_roundtrip(&rq, &got, &back);
    assert_int_equal(back.len, 2);
    assert_int_equal(got.di, 0x901F);
    dlt645_reply_init(&rp, DLT645_PROTO_1997, DLT645_F97_READ_MORE, A);
    rp.di = 0x901F;
    rp.data = (const uint8_t *)"\x11\x22";
    rp.len = 2;
    rp.more = true;
    rp_roundtrip(&rp, &rgot, &back);
    assert_int_equal(back.c, 0xA2);
    assert_false(rgot.has_seq);
    assert_memory_equal(rgot.data, "\x11\x22", 2);
    error_roundtrip(DLT645_PROTO_1997, DLT645_F97_READ_MORE, DLT645_E97_BAD_DI);

    /* 03 re-read: no data; reply repeats DI + data */
    dlt645_request_init(&rq, DLT645_PROTO_1997, DLT645_F97_REREAD, A);
    rq_roundtrip(&rq, &got, &back);
    assert_int_equal(back.len, 0);
    assert_int_equal(dlt645_request_parse(&back, DLT645_PROTO_UNKNOWN, &got), DLT645_OK);
    assert_int_equal(got.proto, DLT645_PROTO_1997);
    dlt645_reply_init(&rp, DLT645_PROTO_1997, DLT645_F97_REREAD, A);
    rp.di = 0x9010;
    rp.data = (const uint8_t *)"\x56\x34\x12\x00";
    rp.len = 4;
    rp_roundtrip(&rp, &rgot, &back);
    assert_int_equal(back.c, 0x83);
    assert_int_equal(dlt645_reply_parse(&back, DLT645_PROTO_UNKNOWN, &rgot), DLT645_OK);
    assert_int_equal(rgot.proto, DLT645_PROTO_1997);
    assert_int_equal(rgot.di, 0x9010);
    error_roundtrip(DLT645_PROTO_1997, DLT645_F97_REREAD, DLT645_E97_ILLEGAL_DATA);

    /* 04 write: DI + password + data, no operator code */
    dlt645_request_init(&rq, DLT645_PROTO_1997, DLT645_F97_WRITE, A);
    rq.di = 0xC011;
    memcpy(rq.pw, PW, 4);
    rq.data = (const uint8_t *)"\x00\x30\x08";
    rq.len = 3;
    rq_roundtrip(&rq, &got, &back);
    assert_int_equal(back.len, 9);
    assert_memory_equal(back.data, "\x11\xC0\x02\x56\x34\x12\x00\x30\x08", 9);
    assert_int_equal(got.di, 0xC011);
    assert_memory_equal(got.pw, PW, 4);
    assert_int_equal(got.len, 3);
    empty_reply(DLT645_PROTO_1997, DLT645_F97_WRITE);
    error_roundtrip(DLT645_PROTO_1997, DLT645_F97_WRITE, DLT645_E97_PASSWORD);

    /* 0A write address (to 99..99) */
    dlt645_request_init(&rq, DLT645_PROTO_1997, DLT645_F97_WRITE_ADDR, dlt645_addr_broadcast);
    memcpy(rq.new_addr, A, 6);
    rq_roundtrip(&rq, &got, &back);
    assert_memory_equal(got.new_addr, A, 6);
    empty_reply(DLT645_PROTO_1997, DLT645_F97_WRITE_ADDR);

    /* 0C baud */
    dlt645_request_init(&rq, DLT645_PROTO_1997, DLT645_F97_BAUD, A);
    rq.z = 0x08;
    rq_roundtrip(&rq, &got, &back);
    assert_int_equal(got.z, 0x08);
    dlt645_reply_init(&rp, DLT645_PROTO_1997, DLT645_F97_BAUD, A);
    rp.z = 0x08;
    rp_roundtrip(&rp, &rgot, &back);
    assert_int_equal(back.c, 0x8C);
    assert_int_equal(rgot.z, 0x08);
    error_roundtrip(DLT645_PROTO_1997, DLT645_F97_BAUD, DLT645_E97_ILLEGAL_DATA);

    /* 0F password: old + new (8), reply new (4) */
    dlt645_request_init(&rq, DLT645_PROTO_1997, DLT645_F97_PASSWORD, A);
    memcpy(rq.pw, PW, 4);
    memcpy(rq.new_pw, PW2, 4);
    rq_roundtrip(&rq, &got, &back);
    assert_int_equal(back.len, 8);
    assert_memory_equal(got.pw, PW, 4);
    assert_memory_equal(got.new_pw, PW2, 4);
    dlt645_reply_init(&rp, DLT645_PROTO_1997, DLT645_F97_PASSWORD, A);
    memcpy(rp.new_pw, PW2, 4);
    rp_roundtrip(&rp, &rgot, &back);
    assert_int_equal(back.c, 0x8F);
    assert_memory_equal(rgot.new_pw, PW2, 4);
    error_roundtrip(DLT645_PROTO_1997, DLT645_F97_PASSWORD, DLT645_E97_PASSWORD);

    /* 10 demand reset: sent without data, a 4-byte password accepted */
    dlt645_request_init(&rq, DLT645_PROTO_1997, DLT645_F97_DEMAND_RESET, A);
    rq_roundtrip(&rq, &got, &back);
    assert_int_equal(back.len, 0);
    back.len = 4;
    memcpy(back.data, PW, 4);
    assert_int_equal(dlt645_request_parse(&back, DLT645_PROTO_1997, &got), DLT645_OK);
    assert_memory_equal(got.pw, PW, 4);
    back.len = 3;
    assert_int_equal(dlt645_request_parse(&back, DLT645_PROTO_1997, &got), DLT645_ERR_DATA);
    empty_reply(DLT645_PROTO_1997, DLT645_F97_DEMAND_RESET);
    error_roundtrip(DLT645_PROTO_1997, DLT645_F97_DEMAND_RESET, DLT645_E97_PASSWORD);

    /* a 1997 read with a 4-byte DI is malformed */
    dlt645_request_init(&rq, DLT645_PROTO_1997, DLT645_F97_READ, A);
    rq.di = 0x9010;
    rq_roundtrip(&rq, &got, &back);
    back.len = 4;
    assert_int_equal(dlt645_request_parse(&back, DLT645_PROTO_1997, &got), DLT645_ERR_DATA);
}

/* ---- misuse and names ---------------------------------------------------------------------- */

static void test_bad_use(void **state)
{
    (void)state;
    dlt645_request rq, got;
    dlt645_reply rp, rgot;
    dlt645_frame fr;
    /* codes outside their edition */
    dlt645_request_init(&rq, DLT645_PROTO_2007, 0x01, A);
    assert_int_equal(dlt645_request_build(&rq, &fr), DLT645_ERR_FUNC);
    dlt645_request_init(&rq, DLT645_PROTO_1997, 0x11, A);
    assert_int_equal(dlt645_request_build(&rq, &fr), DLT645_ERR_FUNC);
    dlt645_request_init(&rq, DLT645_PROTO_UNKNOWN, 0x11, A);
    assert_int_equal(dlt645_request_build(&rq, &fr), DLT645_ERR_ARG);
    assert_null(dlt645_func_name(DLT645_PROTO_2007, 0x1E));
    assert_string_equal(dlt645_func_name(DLT645_PROTO_1997, 0x0F), "password");
    /* a reply given to the request parser and the other way round */
    dlt645_frame_init(&fr, A, 0x91);
    fr.len = 4;
    assert_int_equal(dlt645_request_parse(&fr, DLT645_PROTO_2007, &got), DLT645_ERR_FUNC);
    fr.c = 0x11;
    assert_int_equal(dlt645_reply_parse(&fr, DLT645_PROTO_2007, &rgot), DLT645_ERR_FUNC);
    /* a reply too short for its DI */
    fr.c = 0x91;
    fr.len = 3;
    assert_int_equal(dlt645_reply_parse(&fr, DLT645_PROTO_2007, &rgot), DLT645_ERR_DATA);
    /* a 92 without its SEQ */
    fr.c = 0x92;
    fr.len = 4;
    assert_int_equal(dlt645_reply_parse(&fr, DLT645_PROTO_2007, &rgot), DLT645_ERR_DATA);
    /* a 93 of the wrong size, an error reply without ERR */
    fr.c = 0x93;
    fr.len = 5;
    assert_int_equal(dlt645_reply_parse(&fr, DLT645_PROTO_2007, &rgot), DLT645_ERR_DATA);
    fr.c = 0xD1;
    fr.len = 0;
    assert_int_equal(dlt645_reply_parse(&fr, DLT645_PROTO_2007, &rgot), DLT645_ERR_DATA);
    /* D5 on a code without follow-up */
    fr.c = 0xB4;
    assert_int_equal(dlt645_reply_parse(&fr, DLT645_PROTO_2007, &rgot), DLT645_ERR_DATA);
    dlt645_reply_init(&rp, DLT645_PROTO_2007, DLT645_F07_WRITE, A);
    rp.more = true;
    assert_int_equal(dlt645_reply_build(&rp, &fr), DLT645_ERR_FUNC);
    /* a read reply too long for one frame */
    static uint8_t big[200];
    dlt645_reply_init(&rp, DLT645_PROTO_2007, DLT645_F07_READ, A);
    rp.data = big;
    rp.len = 197;
    assert_int_equal(dlt645_reply_build(&rp, &fr), DLT645_ERR_TOO_LONG);
    rp.len = 196;
    assert_int_equal(dlt645_reply_build(&rp, &fr), DLT645_OK);
}

static void test_err_names(void **state)
{
    (void)state;
    const char *n[8];
    assert_int_equal(dlt645_err_names(DLT645_PROTO_2007, 0x7F, n, 8), 7);
    assert_string_equal(n[0], "other");
    assert_string_equal(n[1], "no_data");
    assert_string_equal(n[2], "bad_password");
    assert_string_equal(n[3], "baud_locked");
    assert_string_equal(n[4], "year_zones");
    assert_string_equal(n[5], "day_segments");
    assert_string_equal(n[6], "tariffs");
    assert_int_equal(dlt645_err_names(DLT645_PROTO_1997, 0x03, n, 8), 2);
    assert_string_equal(n[0], "illegal_data");
    assert_string_equal(n[1], "bad_di");
    /* the same bit means different things in the two editions */
    dlt645_err_names(DLT645_PROTO_2007, 0x02, n, 8);
    assert_string_equal(n[0], "no_data");
    dlt645_err_names(DLT645_PROTO_1997, 0x02, n, 8);
    assert_string_equal(n[0], "bad_di");
    /* count beyond cap, nothing written past it */
    n[1] = NULL;
    assert_int_equal(dlt645_err_names(DLT645_PROTO_2007, 0x03, n, 1), 2);
    assert_null(n[1]);
    assert_int_equal(dlt645_err_names(DLT645_PROTO_2007, 0, n, 8), 0);
    assert_int_equal(dlt645_serr_names(0x0041, n, 8), 2);
    assert_string_equal(n[0], "other");
    assert_string_equal(n[1], "hoarding");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_worked_read),
        cmocka_unit_test(test_worked_reply),
        cmocka_unit_test(test_worked_error_reply),
        cmocka_unit_test(test_worked_read_addr),
        cmocka_unit_test(test_worked_time_set),
        cmocka_unit_test(test_worked_read97),
        cmocka_unit_test(test_2007_read_load_record),
        cmocka_unit_test(test_2007_read_more),
        cmocka_unit_test(test_2007_write),
        cmocka_unit_test(test_2007_write_addr),
        cmocka_unit_test(test_2007_freeze),
        cmocka_unit_test(test_2007_baud),
        cmocka_unit_test(test_2007_password),
        cmocka_unit_test(test_2007_resets),
        cmocka_unit_test(test_2007_control),
        cmocka_unit_test(test_2007_output),
        cmocka_unit_test(test_2007_security),
        cmocka_unit_test(test_1997_codes),
        cmocka_unit_test(test_bad_use),
        cmocka_unit_test(test_err_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
