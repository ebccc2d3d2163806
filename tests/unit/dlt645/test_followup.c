/* DL/T 645 follow-up reads: the master-side accumulator (11H -> B1, 12H SEQ -> B2 ... 92; 1997
 * 01H -> A1, 02H ... 82) fed by the meter-side splitter, across every frame-size boundary, and
 * every way a follow-up dialogue can go wrong. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "dlt645/dlt645.h"

static const uint8_t A[6] = {0x12, 0x10, 0x78, 0x56, 0x34, 0x12}; /* 123456781012 */

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

/* ---- follow-up ------------------------------------------------------------------------------ */

static void run_followup(dlt645_proto proto, size_t len)
{
    static uint8_t answer[1500];
    for (size_t i = 0; i < len; i++)
        answer[i] = (uint8_t)(i * 7 + 1);
    uint32_t di = proto == DLT645_PROTO_2007 ? 0x06000001u : 0x901Fu;
    unsigned count = dlt645_followup_count(proto, len);
    dlt645_followup fu;
    dlt645_followup_start(&fu, proto, A, di);
    dlt645_frame rq;
    assert_int_equal(dlt645_followup_next(&fu, &rq), DLT645_ERR_SEQUENCE); /* first read is ours */
    for (unsigned k = 0; k < count; k++) {
        dlt645_frame rp, back;
        assert_int_equal(dlt645_followup_split(proto, A, di, answer, len, k, &rp), DLT645_OK);
        wire(&rp, NULL, 0, &back);
        assert_true(back.len <= DLT645_DATA_MAX_READ);
        assert_int_equal(dlt645_c_has_more(back.c), k + 1 < count);
        bool done = true;
        assert_int_equal(dlt645_followup_add(&fu, &back, &done), DLT645_OK);
        assert_int_equal(done, k + 1 == count);
        if (!done) {
            assert_int_equal(dlt645_followup_next(&fu, &rq), DLT645_OK);
            dlt645_request got;
            assert_int_equal(dlt645_request_parse(&rq, proto, &got), DLT645_OK);
            assert_int_equal(got.di, di);
            if (proto == DLT645_PROTO_2007) {
                assert_int_equal(rq.c, 0x12);
                assert_int_equal(got.seq, k + 1);
            } else {
                assert_int_equal(rq.c, 0x02);
            }
        }
    }
    size_t n = 0;
    const uint8_t *d = dlt645_followup_data(&fu, &n);
    assert_int_equal(n, len);
    if (len)
        assert_memory_equal(d, answer, len);
    assert_int_equal(dlt645_followup_next(&fu, &rq), DLT645_ERR_SEQUENCE);
}

static void test_followup(void **state)
{
    (void)state;
    assert_int_equal(dlt645_followup_count(DLT645_PROTO_2007, 196), 1);
    assert_int_equal(dlt645_followup_count(DLT645_PROTO_2007, 197), 2);
    assert_int_equal(dlt645_followup_count(DLT645_PROTO_2007, 196 + 195), 2);
    assert_int_equal(dlt645_followup_count(DLT645_PROTO_2007, 196 + 196), 3);
    assert_int_equal(dlt645_followup_count(DLT645_PROTO_1997, 198), 1);
    assert_int_equal(dlt645_followup_count(DLT645_PROTO_1997, 199), 2);
    assert_int_equal(dlt645_followup_count(DLT645_PROTO_UNKNOWN, 1), 0);
    static const size_t lens[] = {0, 10, 196, 197, 391, 392, 1000};
    for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
        run_followup(DLT645_PROTO_2007, lens[i]);
        run_followup(DLT645_PROTO_1997, lens[i]);
    }
    dlt645_frame fr;
    assert_int_equal(dlt645_followup_split(DLT645_PROTO_2007, A, 1, NULL, 0, 1, &fr),
                     DLT645_ERR_ARG);
}

static void test_followup_errors(void **state)
{
    (void)state;
    static uint8_t answer[1000];
    dlt645_followup fu;
    dlt645_frame f0, f1, f2;
    bool done;
    assert_int_equal(dlt645_followup_split(DLT645_PROTO_2007, A, 5, answer, 600, 0, &f0), 0);
    assert_int_equal(dlt645_followup_split(DLT645_PROTO_2007, A, 5, answer, 600, 1, &f1), 0);
    assert_int_equal(dlt645_followup_split(DLT645_PROTO_2007, A, 5, answer, 600, 2, &f2), 0);

    /* a follow-up frame first */
    dlt645_followup_start(&fu, DLT645_PROTO_2007, A, 5);
    assert_int_equal(dlt645_followup_add(&fu, &f1, &done), DLT645_ERR_SEQUENCE);
    /* skipping a SEQ */
    assert_int_equal(dlt645_followup_add(&fu, &f0, &done), DLT645_OK);
    assert_int_equal(dlt645_followup_add(&fu, &f2, &done), DLT645_ERR_SEQUENCE);
    /* another DI */
    dlt645_followup_start(&fu, DLT645_PROTO_2007, A, 6);
    assert_int_equal(dlt645_followup_add(&fu, &f0, &done), DLT645_ERR_SEQUENCE);
    /* an error reply */
    dlt645_reply rp;
    dlt645_frame fe;
    dlt645_reply_init(&rp, DLT645_PROTO_2007, DLT645_F07_READ, A);
    rp.error = true;
    rp.err = DLT645_E07_NO_DATA;
    assert_int_equal(dlt645_reply_build(&rp, &fe), DLT645_OK);
    dlt645_followup_start(&fu, DLT645_PROTO_2007, A, 5);
    assert_int_equal(dlt645_followup_add(&fu, &fe, &done), DLT645_ERR_REPLY);
    assert_int_equal(fu.err, DLT645_E07_NO_DATA);
    /* overflow: more than DLT645_FOLLOWUP_CAP */
    static uint8_t huge[DLT645_FOLLOWUP_CAP + 200];
    size_t hl = sizeof huge;
    unsigned count = dlt645_followup_count(DLT645_PROTO_2007, hl);
    dlt645_followup_start(&fu, DLT645_PROTO_2007, A, 5);
    int rc = DLT645_OK;
    for (unsigned k = 0; k < count && rc == DLT645_OK; k++) {
        dlt645_frame f;
        assert_int_equal(dlt645_followup_split(DLT645_PROTO_2007, A, 5, huge, hl, k, &f), 0);
        rc = dlt645_followup_add(&fu, &f, &done);
    }
    assert_int_equal(rc, DLT645_ERR_OVERFLOW);
    /* a complete answer takes nothing more */
    dlt645_followup_start(&fu, DLT645_PROTO_2007, A, 5);
    assert_int_equal(dlt645_followup_split(DLT645_PROTO_2007, A, 5, answer, 10, 0, &f0), 0);
    assert_int_equal(dlt645_followup_add(&fu, &f0, &done), DLT645_OK);
    assert_true(done);
    assert_int_equal(dlt645_followup_add(&fu, &f0, &done), DLT645_ERR_SEQUENCE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_followup),
        cmocka_unit_test(test_followup_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
