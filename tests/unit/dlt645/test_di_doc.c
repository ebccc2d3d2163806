/* docs/dlt645-di.md agrees with the catalogue: the coverage tables in the doc
 * are exactly the rows this test generates from the tables (same lines, both
 * ways). Run with DLT645_DI_DUMP=1 to print the tables for pasting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dlt645/di.h"

static const char *const kind_name[] = {"number", "BCD integer", "time",       "address",
                                        "ASCII",  "hex",         "bits",       "raw",
                                        "block",  "record",      "load record"};

/* One markdown table line for catalogue row i. */
static void row_line(unsigned ed, size_t i, char *out, size_t cap)
{
    dlt645_di_row_info ri;
    char pat[40], len[40], range[48];
    assert_true(dlt645_di_row_at(ed, i, &ri));
    dlt645_di_row_pattern(ed, i, pat, sizeof pat);
    const dlt645_di_info *f = &ri.info;
    if (f->len == f->len_max)
        snprintf(len, sizeof len, "%zu", f->len);
    else
        snprintf(len, sizeof len, "%zu..%zu (+%zu)", f->len, f->len_max, f->len_step);
    if (ri.count == 1)
        snprintf(range, sizeof range, "1");
    else if (ed == DLT645_DI_ED_1997)
        snprintf(range, sizeof range, "%04X..%04X (%u)", (unsigned)ri.first, (unsigned)ri.last,
                 (unsigned)ri.count);
    else
        snprintf(range, sizeof range, "%08X..%08X (%u)", (unsigned)ri.first, (unsigned)ri.last,
                 (unsigned)ri.count);
    snprintf(out, cap, "| `%s` | %s | %s | %s | %s%s | %s | %s | %s |", pat, range, f->name,
             f->name_zh ? f->name_zh : "-", f->format, f->is_signed ? " (signed)" : "", len,
             f->unit ? f->unit : "-", kind_name[f->kind]);
}

static char *read_doc(void)
{
    char path[512];
    snprintf(path, sizeof path, "%s/docs/dlt645-di.md", MDC_SOURCE_DIR);
    FILE *fp = fopen(path, "rb");
    if (!fp)
        fail_msg("cannot open %s", path);
    static char buf[1 << 18];
    size_t n = fread(buf, 1, sizeof buf - 1, fp);
    fclose(fp);
    buf[n] = '\0';
    return buf;
}

static void test_doc_tables(void **s)
{
    (void)s;
    const char *doc = read_doc();
    const bool dump = getenv("DLT645_DI_DUMP") != NULL;
    static char lines[2][400][400];
    size_t nl[2] = {0, 0};
    const unsigned eds[2] = {DLT645_DI_ED_2007, DLT645_DI_ED_1997};
    for (int e = 0; e < 2; e++) {
        if (dump)
            printf("\n| DI pattern | DIs | name | 中文 | format | bytes | unit | kind |\n"
                   "|---|---|---|---|---|---|---|---|\n");
        for (size_t i = 0; i < dlt645_di_row_count(eds[e]); i++) {
            assert_true(nl[e] < 400);
            row_line(eds[e], i, lines[e][nl[e]], sizeof lines[e][0]);
            if (dump)
                printf("%s\n", lines[e][nl[e]]);
            /* Every catalogue row is in the doc. */
            if (!dump && !strstr(doc, lines[e][nl[e]]))
                fail_msg("doc lacks the row: %s", lines[e][nl[e]]);
            nl[e]++;
        }
    }
    /* Every table row of the coverage sections is a catalogue row. */
    size_t doc_rows = 0;
    const char *cov = strstr(doc, "\n## Coverage");
    assert_non_null(cov);
    for (const char *p = cov; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
        if (strncmp(p, "| `", 3) != 0)
            continue;
        const char *eol = strchr(p, '\n');
        size_t n = eol ? (size_t)(eol - p) : strlen(p);
        bool found = false;
        for (int e = 0; e < 2 && !found; e++)
            for (size_t i = 0; i < nl[e] && !found; i++)
                found = strlen(lines[e][i]) == n && memcmp(lines[e][i], p, n) == 0;
        if (!found && !dump)
            fail_msg("doc row not in the catalogue: %.*s", (int)n, p);
        doc_rows++;
    }
    if (!dump)
        assert_int_equal(doc_rows, nl[0] + nl[1]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_doc_tables),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
