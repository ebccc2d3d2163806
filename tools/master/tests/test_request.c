/* REQUEST grammar -> unit region bytes, addresses, and answer classification. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "answer.h"
#include "mdc/hex.h"
#include "request.h"

static const mdc_tm k_now = {2026, 11, 20, 10, 58, 37, 5, MDC_TM_FULL | MDC_TM_WDAY};

static mreq *g_r;
static mans *g_a;

static int setup(void **state)
{
    (void)state;
    g_r = malloc(sizeof *g_r);
    g_a = malloc(sizeof *g_a);
    return g_r && g_a ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    free(g_r);
    free(g_a);
    return 0;
}

/* Parses the words of `line` and compares the encoded region with want (hex). */
static void region_is(const char *line, const char *want)
{
    char buf[512], *argv[32], why[200];
    int argc = 0;
    snprintf(buf, sizeof buf, "%s", line);
    for (char *t = strtok(buf, " "); t && argc < 32; t = strtok(NULL, " "))
        argv[argc++] = t;
    int rc = mreq_parse(argc, argv, &k_now, g_r, why, sizeof why);
    if (rc != 0)
        fail_msg("%s: %s", line, why);
    uint8_t out[1024], w[1024];
    size_t n;
    assert_int_equal(mreq_encode(g_r, out, sizeof out, &n, why, sizeof why), 0);
    long wn = mdc_hex_parse(want, w, sizeof w, NULL);
    assert_int_equal(n, (size_t)wn);
    assert_memory_equal(out, w, n);
}

static void parse_fails(const char *line, const char *reason_part)
{
    char buf[512], *argv[32], why[200] = "";
    int argc = 0;
    snprintf(buf, sizeof buf, "%s", line);
    for (char *t = strtok(buf, " "); t && argc < 32; t = strtok(NULL, " "))
        argv[argc++] = t;
    assert_int_equal(mreq_parse(argc, argv, &k_now, g_r, why, sizeof why), -1);
    if (!strstr(why, reason_part))
        fail_msg("'%s': reason '%s' lacks '%s'", line, why, reason_part);
}

static void grammar(void **state)
{
    (void)state;
    /* notes §1.10 row 10: AFN0C F129 p2 is DA 02 01, DT 01 10 */
    region_is("0C F129 p2", "02 01 01 10");
    region_is("0C F129 p1-8", "FF 01 01 10");
    region_is("0c f2", "00 00 02 00");
    region_is("0C F2-F3", "00 00 06 00");
    region_is("0C F129 pall", "FF 00 01 10");
    /* AFN0D F161 (DT 01 14) with Td_d A.20 = DD MM YY */
    region_is("0D F161 p1 --td 2026-11-20", "01 01 01 14 20 11 26");
    /* curve F81 (DT 01 0A): Td_c = A.15 mm hh DD MM YY, density 1 (15 min), 4 points */
    region_is("0D F81 p1 --from 2026-11-20T00:15 --points 4 --density 15",
              "01 01 01 0A 15 00 20 11 26 01 04");
    /* AFN05 F31 time set from the master's clock: A.1 with Friday (5) in the month byte */
    region_is("05 F31", "00 00 40 03 37 58 10 20 B1 26");
    /* AFN0E F1 event pointers */
    region_is("0E F1 --range 0-10", "00 00 01 00 00 0A");
    /* --data: AFN04 F1 (6 bytes), JSON as frametool prints it */
    region_is("04 F1 --data {\"rts\":1,\"tx_delay\":2,\"timeout_s\":30,\"retries\":3,"
              "\"con_class1\":1,\"con_class2\":0,\"con_class3\":1,\"heartbeat\":5}",
              "00 00 01 00 01 02 1E 30 05 05");
    /* --data @FILE */
    region_is("04 F1 --data @" MDC_SOURCE_DIR "/examples/master/link-params.json",
              "00 00 01 00 01 02 1E 30 05 05");
}

static void grammar_errors(void **state)
{
    (void)state;
    parse_fails("XY F1", "AFN must be hex");
    parse_fails("0C", "no Fn");
    parse_fails("0C F249", "unknown REQUEST word");
    parse_fails("0C F2 p2041", "unknown REQUEST word");
    parse_fails("0C F2 p5-3", "unknown REQUEST word");
    parse_fails("0D F161 p1", "needs --td");
    parse_fails("0D F81 p1 --from 2026-11-20T00:00 --points 4 --density 7", "--density");
    parse_fails("04 F3", "needs --data");
    parse_fails("04 F1 --data {bad", "not a JSON object");
    parse_fails("0C F2 --td", "--td needs a value");
    parse_fails("0C F2 --file x", "--file is for AFN 0F");
    parse_fails("0C F200", "not catalogued downlink");
    parse_fails("04 F1 --data @/nonexistent/file.json", "cannot open");
}

static void addresses(void **state)
{
    (void)state;
    char a1[5];
    uint16_t a2 = 0;
    assert_int_equal(mreq_parse_addr("3501-1", a1, &a2), 0);
    assert_string_equal(a1, "3501");
    assert_int_equal(a2, 1);
    assert_int_equal(mreq_parse_addr("2449-0x5845", a1, &a2), 0);
    assert_int_equal(a2, 0x5845);
    assert_int_equal(mreq_parse_addr("2449-5845H", a1, &a2), 0);
    assert_int_equal(a2, 0x5845);
    assert_int_equal(mreq_parse_addr("ab01-65535", a1, &a2), 0);
    assert_string_equal(a1, "AB01");
    assert_int_equal(mreq_parse_addr("350-1", a1, &a2), -1);
    assert_int_equal(mreq_parse_addr("3501-0", a1, &a2), -1);
    assert_int_equal(mreq_parse_addr("3501-65536", a1, &a2), -1);
    assert_int_equal(mreq_parse_addr("3501", a1, &a2), -1);
    assert_int_equal(mreq_parse_addr("3501-1x", a1, &a2), -1);
}

static mans_status classify(uint8_t req_afn, uint8_t afn, uint8_t fc, const char *hex)
{
    uint8_t r[256];
    long n = mdc_hex_parse(hex, r, sizeof r, NULL);
    assert_true(n >= 0);
    return mans_decode(g_a, req_afn, afn, fc, 1, r, (size_t)n);
}

static void answers(void **state)
{
    (void)state;
    assert_int_equal(classify(0x04, 0x00, 8, "00 00 01 00"), MANS_OK);
    assert_string_equal(g_a->reason, "all confirmed");
    assert_int_equal(classify(0x04, 0x00, 8, "00 00 02 00"), MANS_DENY);
    assert_non_null(strstr(g_a->reason, "all denied"));
    /* F3: AFN04, p0 F1 ok, p0 F3 ERR 1 */
    assert_int_equal(classify(0x04, 0x00, 8, "00 00 04 00 04 00 00 01 00 00 00 00 04 00 01"),
                     MANS_DENY);
    assert_non_null(strstr(g_a->reason, "p0 F3: ERR 1"));
    assert_int_equal(classify(0x04, 0x00, 8, "00 00 04 00 04 00 00 01 00 00"), MANS_OK);
    /* clock answer: AFN0C F2 A.1 */
    assert_int_equal(classify(0x0C, 0x0C, 8, "00 00 02 00 37 58 10 20 B1 26"), MANS_OK);
    assert_int_equal(g_a->m.nunits, 1);
    assert_int_equal(g_a->units[0].fn, 2);
    assert_int_equal(classify(0x0C, 0x0A, 8, "00 00 02 00"), MANS_MALFORMED);
    assert_non_null(strstr(g_a->reason, "AFN0A to a request of AFN0C"));
    assert_int_equal(classify(0x0C, 0x0C, 8, "00 00 02 00 37 58"), MANS_MALFORMED);
    assert_non_null(strstr(g_a->reason, "does not decode"));
    assert_int_equal(classify(0x0C, 0x00, 9, ""), MANS_DENY);
    cJSON *j = mans_json(g_a);
    char *s = cJSON_PrintUnformatted(j);
    assert_non_null(strstr(s, "\"result\":\"deny\""));
    free(s);
    cJSON_Delete(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(grammar),
        cmocka_unit_test(grammar_errors),
        cmocka_unit_test(addresses),
        cmocka_unit_test(answers),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
