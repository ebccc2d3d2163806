/* frametool as a user runs it: the real binary, its stdout, stderr and exit status. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <cmocka.h>

typedef struct run {
    int status;
    char out[1 << 16];
    char err[4096];
} run;

static run R;

static void slurp(const char *path, char *buf, size_t cap)
{
    FILE *f = fopen(path, "r");
    size_t n = f ? fread(buf, 1, cap - 1, f) : 0;
    buf[n] = 0;
    if (f)
        fclose(f);
}

/* Runs frametool with the shell words in args, stdin from `in` (may be NULL). */
static int ft(const char *in, const char *fmt, ...)
{
    char args[8192], cmd[16384];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(args, sizeof args, fmt, ap);
    va_end(ap);
    char inpath[] = "/tmp/ft_in_XXXXXX";
    int fd = mkstemp(inpath);
    assert_true(fd >= 0);
    if (in)
        assert_int_equal(write(fd, in, strlen(in)), (ssize_t)strlen(in));
    close(fd);
    snprintf(cmd, sizeof cmd, "%s %s <%s >/tmp/ft_out.%d 2>/tmp/ft_err.%d", FRAMETOOL, args, inpath,
             (int)getpid(), (int)getpid());
    int st = system(cmd);
    unlink(inpath);
    char p[64];
    snprintf(p, sizeof p, "/tmp/ft_out.%d", (int)getpid());
    slurp(p, R.out, sizeof R.out);
    unlink(p);
    snprintf(p, sizeof p, "/tmp/ft_err.%d", (int)getpid());
    slurp(p, R.err, sizeof R.err);
    unlink(p);
    R.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return R.status;
}

static cJSON *json_line(size_t index)
{
    const char *s = R.out;
    for (size_t i = 0; i < index && s; i++) {
        s = strchr(s, '\n');
        if (s)
            s++;
    }
    assert_non_null(s);
    cJSON *j = cJSON_ParseWithOpts(s, NULL, 0);
    assert_non_null(j);
    return j;
}

static const char *str(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    assert_non_null(v);
    assert_true(cJSON_IsString(v));
    return v->valuestring;
}

static double num(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    assert_non_null(v);
    assert_true(cJSON_IsNumber(v));
    return v->valuedouble;
}

static void test_645_json_fields(void **state)
{
    (void)state;
    assert_int_equal(
        ft(NULL, "decode --json 68 12 10 78 56 34 12 68 91 08 33 33 34 33 89 67 45 33 D4 16"), 0);
    cJSON *j = json_line(0);
    assert_string_equal(str(j, "proto"), "dlt645-2007");
    assert_string_equal(str(j, "addr"), "123456781012");
    assert_string_equal(str(j, "ctrl"), "91");
    assert_string_equal(str(j, "func"), "11");
    assert_string_equal(str(j, "dir"), "reply");
    assert_string_equal(str(j, "di"), "00010000");
    assert_string_equal(str(j, "unit"), "kWh");
    assert_float_equal(num(j, "values"), 1234.56, 1e-9);
    assert_true(cJSON_IsFalse(cJSON_GetObjectItem(j, "error")));
    assert_true(cJSON_IsFalse(cJSON_GetObjectItem(j, "more")));
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(j, "cs_ok")));
    assert_string_equal(str(j, "data_hex"), "0000010056341200");
    cJSON_Delete(j);
}

static void test_645_error_and_1997(void **state)
{
    (void)state;
    assert_int_equal(ft("68 12 10 78 56 34 12 68 D1 01 35 0D 16\n"
                        "# a comment line\n"
                        "68 12 10 78 56 34 12 68 01 02 43 C3 0F 16\n",
                        "decode --json"),
                     0);
    cJSON *j = json_line(0);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(j, "error")));
    const cJSON *err = cJSON_GetObjectItem(j, "err");
    assert_int_equal(cJSON_GetArraySize(err), 1);
    assert_string_equal(cJSON_GetArrayItem(err, 0)->valuestring, "no_data");
    cJSON_Delete(j);
    j = json_line(1);
    assert_string_equal(str(j, "proto"), "dlt645-1997");
    assert_string_equal(str(j, "di"), "9010");
    assert_string_equal(str(j, "dir"), "request");
    cJSON_Delete(j);
}

static void test_645_encode_matches_notes(void **state)
{
    (void)state;
    assert_int_equal(ft(NULL, "encode 645 read --addr 123456781012 --di 00010000"), 0);
    assert_string_equal(R.out, "FE FE FE FE 68 12 10 78 56 34 12 68 11 04 33 33 34 33 E8 16\n");
    assert_int_equal(ft(NULL, "encode 645 --fe 0 time --time 2025-11-02T08:30:00"), 0);
    assert_string_equal(R.out, "68 99 99 99 99 99 99 68 08 06 33 63 3B 35 44 58 16 16\n");
    assert_int_equal(ft(NULL, "encode 645 --fe 0 read-addr"), 0);
    assert_string_equal(R.out, "68 AA AA AA AA AA AA 68 13 00 DF 16\n");
    assert_int_equal(ft(NULL, "encode 645 --proto 1997 --fe 0 read --addr 123456781012 --di 9010"),
                     0);
    assert_string_equal(R.out, "68 12 10 78 56 34 12 68 01 02 43 C3 0F 16\n");
    /* a write built from a typed value decodes back to that value */
    assert_int_equal(ft(NULL, "encode 645 write --addr 1 --di 04000102 --value '\"08:30:05\"'"), 0);
    char *frame = strdup(R.out);
    assert_int_equal(ft(frame, "decode --json"), 0);
    free(frame);
    cJSON *j = json_line(0);
    assert_string_equal(str(j, "values"), "08:30:05");
    cJSON_Delete(j);
}

static void test_bad_input_reasons(void **state)
{
    (void)state;
    assert_int_not_equal(ft(NULL, "decode 68 12 10 78 56 34 12 68 11 04 33 33 34 33 E9 16"), 0);
    assert_non_null(strstr(R.err, "checksum"));
    assert_int_not_equal(ft(NULL, "decode zz"), 0);
    assert_non_null(strstr(R.err, "not hex"));
    assert_int_not_equal(ft(NULL, "decode 68 12 10"), 0);
    assert_non_null(strstr(R.err, "truncated"));
    assert_int_not_equal(ft(NULL, "decode 68 12 10 78 56 34 12 68 11 04 33 33 34 33 E8 15"), 0);
    assert_non_null(strstr(R.err, "16"));
    assert_int_not_equal(
        ft(NULL, "decode 68 32 00 33 00 68 0B 49 24 45 58 02 00 60 00 00 01 00 78 16"), 0);
    assert_true(strlen(R.err) > 10);
    assert_int_not_equal(ft(NULL, "decode 0"), 0);
    assert_non_null(strstr(R.err, "odd"));
    assert_int_not_equal(ft(NULL, "frobnicate"), 0);
    assert_int_not_equal(ft(NULL, "encode 645 read --di 00010000"), 0);
    assert_non_null(strstr(R.err, "--addr"));
    assert_int_not_equal(ft(NULL, "encode 1376.1 --json '{\"afn\":2'"), 0);
    assert_non_null(strstr(R.err, "JSON"));
}

static void test_13761_fields(void **state)
{
    (void)state;
    assert_int_equal(ft(NULL, "decode --json 68 4A 00 4A 00 68 C9 49 24 45 58 00 02 71 00 00 04 00 "
                              "40 00 17 04 87 19 45 16"),
                     0);
    cJSON *j = json_line(0);
    assert_string_equal(str(j, "proto"), "1376.1");
    assert_string_equal(str(j, "dir"), "up");
    assert_string_equal(str(j, "a1"), "2449");
    assert_int_equal((int)num(j, "a2"), 0x5845);
    assert_int_equal((int)num(j, "afn"), 2);
    assert_int_equal((int)num(j, "fc"), 9);
    const cJSON *seq = cJSON_GetObjectItem(j, "seq");
    assert_int_equal((int)num(seq, "seq"), 1);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(seq, "con")));
    const cJSON *u = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "units"), 0);
    assert_int_equal((int)num(u, "pn"), 0);
    assert_int_equal((int)num(u, "fn"), 3);
    assert_string_equal(str(cJSON_GetObjectItem(u, "data"), "time"), "2019-07-04T17:00:40");
    cJSON_Delete(j);

    /* login with ACD: EC present */
    assert_int_equal(
        ft(NULL, "decode --json 68 3A 00 3A 00 68 E9 49 24 45 58 00 02 70 00 00 01 00 1C 04 86 16"),
        0);
    j = json_line(0);
    const cJSON *ec = cJSON_GetObjectItem(j, "ec");
    assert_int_equal((int)num(ec, "important"), 28);
    assert_int_equal((int)num(ec, "general"), 4);
    cJSON_Delete(j);
}

/* Every 1376.1 sample: decode --json, then encode that JSON: the same bytes. */
static void test_13761_roundtrip_samples(void **state)
{
    (void)state;
    char path[512];
    snprintf(path, sizeof path, "%s/examples/sample-frames.txt", MDC_SOURCE_DIR);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[2048];
    int checked = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = 0;
        if (line[0] == '#' || !line[0] || strncmp(line, "68 ", 3) != 0 || line[15] != '6')
            continue; /* 1376.1 frames have the second 68 at byte 5 */
        assert_int_equal(ft(NULL, "decode --json %s", line), 0);
        char *json = strdup(R.out);
        assert_int_equal(ft(json, "encode 1376.1 --json -"), 0);
        free(json);
        R.out[strcspn(R.out, "\n")] = 0;
        assert_string_equal(R.out, line);
        checked++;
    }
    fclose(f);
    assert_true(checked >= 5);
}

/* AFN10 F1 carrying a DL/T 645 read: built from JSON, decoded with the meter frame nested. */
static void test_13761_afn10_nested(void **state)
{
    (void)state;
    const char *desc =
        "{\"dir\":\"down\",\"prm\":true,\"fc\":10,\"a1\":\"3501\",\"a2\":1,\"afn\":16,"
        "\"seq\":{\"seq\":3},\"pw\":\"00000000000000000000000000000000\","
        "\"units\":[{\"pn\":0,\"fn\":1,\"data\":{\"port\":1,\"data_bits\":3,\"odd\":0,"
        "\"parity\":1,\"stop_bits\":0,\"baud\":3,\"frame_timeout\":10,"
        "\"frame_timeout_unit\":1,\"byte_timeout\":50,"
        "\"frame\":\"6812107856341268110433333433E816\"}}]}";
    int rc = ft(NULL, "encode 1376.1 --json '%s'", desc);
    if (rc != 0)
        fail_msg("encode failed: %s", R.err);
    char *frame = strdup(R.out);
    assert_int_equal(ft(frame, "decode --json"), 0);
    free(frame);
    cJSON *j = json_line(0);
    const cJSON *u = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "units"), 0);
    const cJSON *nested = cJSON_GetObjectItem(cJSON_GetObjectItem(u, "data"), "frame_decoded");
    assert_non_null(nested);
    assert_string_equal(str(nested, "di"), "00010000");
    assert_string_equal(str(nested, "addr"), "123456781012");
    cJSON_Delete(j);
}

static void test_catalog_lists_rows(void **state)
{
    (void)state;
    assert_int_equal(ft(NULL, "catalog --markdown"), 0);
    assert_non_null(strstr(R.out, "| 0C | F129 |"));
    assert_non_null(strstr(R.out, "| 02 | F3 |"));
    assert_non_null(strstr(R.out, "| 0E | F1 |"));
}

/* docs/gdw13761.md carries the table `frametool catalog --markdown` prints:
 * when the catalogue changes, scripts/gen-docs.sh must be run. */
static void test_catalog_doc_current(void **state)
{
    (void)state;
    char path[512];
    snprintf(path, sizeof path, "%s/docs/gdw13761.md", MDC_SOURCE_DIR);
    static char doc[1 << 18];
    slurp(path, doc, sizeof doc);
    const char *b = strstr(doc, "<!-- catalog:begin -->\n");
    const char *e = strstr(doc, "<!-- catalog:end -->");
    assert_non_null(b);
    assert_non_null(e);
    b += strlen("<!-- catalog:begin -->\n");
    assert_int_equal(ft(NULL, "catalog --markdown"), 0);
    size_t n = (size_t)(e - b);
    if (n != strlen(R.out) || memcmp(b, R.out, n) != 0)
        fail_msg("docs/gdw13761.md coverage table is stale: run scripts/gen-docs.sh");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_645_json_fields),
        cmocka_unit_test(test_645_error_and_1997),
        cmocka_unit_test(test_645_encode_matches_notes),
        cmocka_unit_test(test_bad_input_reasons),
        cmocka_unit_test(test_13761_fields),
        cmocka_unit_test(test_13761_roundtrip_samples),
        cmocka_unit_test(test_13761_afn10_nested),
        cmocka_unit_test(test_catalog_lists_rows),
        cmocka_unit_test(test_catalog_doc_current),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
