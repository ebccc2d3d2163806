/* Test helper shared by the protocol libraries' tests: checks a TIME value
 * part by part (only the parts in `fields` are compared).
 * Include after <cmocka.h> and "mdc/value.h". */
#ifndef TESTS_CHECK_TIME_H
#define TESTS_CHECK_TIME_H

static void check_tm(const mdc_value *v, unsigned y, unsigned mo, unsigned d, unsigned h,
                     unsigned mi, unsigned s, uint8_t fields)
{
    assert_non_null(v);
    assert_int_equal(v->kind, MDC_V_TIME);
    assert_int_equal(v->u.tm.fields, fields);
    if (fields & MDC_TM_YEAR)
        assert_int_equal(v->u.tm.year, y);
    if (fields & MDC_TM_MON)
        assert_int_equal(v->u.tm.mon, mo);
    if (fields & MDC_TM_DAY)
        assert_int_equal(v->u.tm.day, d);
    if (fields & MDC_TM_HOUR)
        assert_int_equal(v->u.tm.hour, h);
    if (fields & MDC_TM_MIN)
        assert_int_equal(v->u.tm.min, mi);
    if (fields & MDC_TM_SEC)
        assert_int_equal(v->u.tm.sec, s);
}

#endif
