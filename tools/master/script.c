/* master script: a file of requests with expected results, run in order
 * (format in docs/master.md). Prints one TAP-like line per request. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "master.h"

#define MAX_WORDS 128

/* Splits a line into words; '...' and "..." group words with spaces. */
static int split(char *s, char **w, int max, char *why, size_t whycap)
{
    int n = 0;
    while (*s) {
        while (*s == ' ' || *s == '\t')
            s++;
        if (!*s || *s == '#')
            break;
        if (n == max) {
            snprintf(why, whycap, "more than %d words", max);
            return -1;
        }
        char *out = s;
        w[n++] = out;
        while (*s && *s != ' ' && *s != '\t') {
            if (*s == '\'' || *s == '"') {
                char q = *s++;
                while (*s && *s != q)
                    *out++ = *s++;
                if (!*s) {
                    snprintf(why, whycap, "unclosed %c quote", q);
                    return -1;
                }
                s++;
            } else
                *out++ = *s++;
        }
        if (*s)
            s++;
        *out = 0;
    }
    return n;
}

static const char *const k_results[] = {"ok", "deny", "timeout", "malformed", "error"};

static const char *result_of(int rc)
{
    switch (rc) {
    case MASTER_EXIT_OK:
        return "ok";
    case MASTER_EXIT_DENY:
        return "deny";
    case MASTER_EXIT_TIMEOUT:
        return "timeout";
    case MASTER_EXIT_MALFORMED:
        return "malformed";
    default:
        return "error";
    }
}

static void script_usage(FILE *f)
{
    fputs(
        "usage: master script FILE [--to A1-A2] [--control SOCKET | --serial PATH ...]\n"
        "                          [--json] [send options]\n"
        "FILE lines: 'to A1-A2', 'wait SECONDS', or 'REQUEST [=> ok|deny|timeout|malformed|error\n"
        "            [contains TEXT]]'; '#' starts a comment; '-' reads standard input\n",
        f);
}

int master_script_main(int argc, char **argv)
{
    if (argc < 1 || strcmp(argv[0], "--help") == 0) {
        script_usage(argc < 1 ? stderr : stdout);
        return argc < 1 ? MASTER_EXIT_USAGE : 0;
    }
    send_opts base;
    send_opts_init(&base);
    char **rest = calloc((size_t)argc, sizeof *rest);
    int nrest = 0;
    char why[256];
    if (!rest || send_opts_parse(argc - 1, argv + 1, &base, rest, &nrest, why, sizeof why) != 0 ||
        nrest) {
        fprintf(stderr, "master script: %s\n",
                !rest   ? "out of memory"
                : nrest ? "unexpected words after FILE"
                        : why);
        free(rest);
        return MASTER_EXIT_USAGE;
    }
    free(rest);
    FILE *f = strcmp(argv[0], "-") == 0 ? stdin : fopen(argv[0], "r");
    if (!f) {
        fprintf(stderr, "master script: cannot open %s\n", argv[0]);
        return MASTER_EXIT_USAGE;
    }
    mlink *l = mlink_open(&base.link, why, sizeof why);
    if (!l) {
        fprintf(stderr, "master script: %s\n", why);
        if (f != stdin)
            fclose(f);
        return MASTER_EXIT_LINK;
    }
    static char line[65536];
    char *w[MAX_WORDS], *req[MAX_WORDS];
    unsigned lineno = 0, run = 0, failed = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        line[strcspn(line, "\r\n")] = 0;
        int n = split(line, w, MAX_WORDS, why, sizeof why);
        if (n == 0)
            continue;
        if (n < 0) {
            printf("not ok %u - line %u: %s\n", ++run, lineno, why);
            failed++;
            continue;
        }
        if (strcmp(w[0], "to") == 0 && n == 2) {
            char *to_argv[2] = {"--to", w[1]};
            int dummy;
            if (send_opts_parse(2, to_argv, &base, req, &dummy, why, sizeof why) != 0) {
                printf("not ok %u - line %u: %s\n", ++run, lineno, why);
                failed++;
            }
            continue;
        }
        if (strcmp(w[0], "wait") == 0 && n == 2) {
            double s = atof(w[1]);
            struct timespec ts = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};
            nanosleep(&ts, NULL);
            continue;
        }
        /* REQUEST [=> RESULT [contains TEXT]] */
        const char *want = "ok", *contains = NULL;
        int nreq = n;
        for (int i = 0; i < n; i++)
            if (strcmp(w[i], "=>") == 0) {
                nreq = i;
                if (i + 1 < n)
                    want = w[i + 1];
                if (i + 3 < n && strcmp(w[i + 2], "contains") == 0)
                    contains = w[i + 3];
                break;
            }
        bool known = false;
        for (size_t k = 0; k < sizeof k_results / sizeof k_results[0]; k++)
            known |= strcmp(want, k_results[k]) == 0;
        send_opts o = base;
        int nr;
        if (!known || send_opts_parse(nreq, w, &o, req, &nr, why, sizeof why) != 0 || !o.has_to) {
            printf("not ok %u - line %u: %s\n", ++run, lineno,
                   !known      ? "expected result must be ok|deny|timeout|malformed|error"
                   : !o.has_to ? "no terminal: add a 'to A1-A2' line or --to"
                               : why);
            failed++;
            continue;
        }
        char *json = NULL;
        int rc = master_send_one(l, &o, nr, req, o.json ? stdout : NULL, NULL, &json);
        const char *got = rc == MASTER_EXIT_USAGE ? "error" : result_of(rc);
        bool pass = strcmp(got, want) == 0 && (!contains || (json && strstr(json, contains)));
        run++;
        if (!pass)
            failed++;
        printf("%s %u - line %u:", pass ? "ok" : "not ok", run, lineno);
        for (int i = 0; i < nr; i++)
            printf(" %s", req[i]);
        printf(" => %s", got);
        if (!pass) {
            if (strcmp(got, want) != 0)
                printf(" (expected %s)", want);
            else
                printf(" (answer lacks '%s')", contains);
        }
        printf("\n");
        if (!pass && json)
            printf("# %s\n", json);
        free(json);
        fflush(stdout);
    }
    if (f != stdin)
        fclose(f);
    mlink_close(l);
    printf("# %u run, %u failed\n", run, failed);
    return failed ? MASTER_EXIT_SCRIPT : MASTER_EXIT_OK;
}
