/* master: the master-station tool. `master serve` accepts concentrators over
 * TCP; `master send` and `master script` talk to them through it (or over a
 * serial line directly); `master terminals` lists them. See docs/master.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "master.h"

void master_clock(mdc_tm *t)
{
    time_t now = time(NULL);
    struct tm lt;
    localtime_r(&now, &lt);
    memset(t, 0, sizeof *t);
    t->year = (uint16_t)(lt.tm_year + 1900);
    t->mon = (uint8_t)(lt.tm_mon + 1);
    t->day = (uint8_t)lt.tm_mday;
    t->hour = (uint8_t)lt.tm_hour;
    t->min = (uint8_t)lt.tm_min;
    t->sec = (uint8_t)(lt.tm_sec > 59 ? 59 : lt.tm_sec);
    t->wday = (uint8_t)lt.tm_wday;
    t->fields = MDC_TM_FULL | MDC_TM_WDAY;
}

unsigned long master_raise_nofile(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return 0;
    if (rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
        getrlimit(RLIMIT_NOFILE, &rl);
    }
    return (unsigned long)rl.rlim_cur;
}

/* master terminals: the server's terminal table. */
int master_terminals_main(int argc, char **argv)
{
    const char *control = MASTER_DEFAULT_CONTROL;
    bool json = false;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            json = true;
        else if (strcmp(argv[i], "--control") == 0 && i + 1 < argc)
            control = argv[++i];
        else {
            fputs("usage: master terminals [--control SOCKET] [--json]\n", stderr);
            return MASTER_EXIT_USAGE;
        }
    }
    char why[256];
    cJSON *j = master_ctl_query(control, "{\"op\":\"terminals\"}", why, sizeof why);
    if (!j) {
        fprintf(stderr, "master terminals: %s\n", why);
        return MASTER_EXIT_LINK;
    }
    if (json) {
        char *txt = cJSON_PrintUnformatted(j);
        if (txt)
            puts(txt);
        free(txt);
        cJSON_Delete(j);
        return 0;
    }
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(j, "terminals");
    printf("%-12s %-7s %-22s %-20s %8s %5s %6s %7s\n", "ADDRESS", "ONLINE", "PEER",
           "CLOCK (heartbeat)", "HB AGO s", "PFC", "HB", "REPORTS");
    for (const cJSON *t = arr ? arr->child : NULL; t; t = t->next) {
        const cJSON *clock = cJSON_GetObjectItemCaseSensitive(t, "clock");
        const cJSON *ago = cJSON_GetObjectItemCaseSensitive(t, "last_heartbeat_s");
        printf("%-12s %-7s %-22s %-20s %8.1f %5d %6d %7d\n",
               cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(t, "address")),
               cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(t, "online")) ? "yes" : "no",
               cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(t, "peer")),
               cJSON_IsString(clock) ? clock->valuestring : "-",
               cJSON_IsNumber(ago) ? ago->valuedouble : -1.0,
               (int)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(t, "pfc")),
               (int)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(t, "heartbeats")),
               (int)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(t, "reports")));
    }
    printf("%d terminal(s), %d connection(s)\n", cJSON_GetArraySize(arr),
           (int)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(j, "connections")));
    cJSON_Delete(j);
    return 0;
}

static void usage(FILE *f)
{
    fputs("usage:\n"
          "  master serve --listen HOST:PORT [--control SOCKET] [--ack-style f3|f1] [--json]\n"
          "  master send --to A1-A2 [--control SOCKET | --serial PATH ...] [--json] REQUEST\n"
          "  master script FILE [--to A1-A2] [--control SOCKET | --serial PATH ...] [--json]\n"
          "  master terminals [--control SOCKET] [--json]\n"
          "  master reports [--control SOCKET] [--to A1-A2] [--after N] [--json]\n"
          "  (master COMMAND --help for the options; docs/master.md for everything)\n",
          f);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return MASTER_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "serve") == 0)
        return master_serve_main(argc - 2, argv + 2);
    if (strcmp(cmd, "send") == 0)
        return master_send_main(argc - 2, argv + 2);
    if (strcmp(cmd, "script") == 0)
        return master_script_main(argc - 2, argv + 2);
    if (strcmp(cmd, "terminals") == 0)
        return master_terminals_main(argc - 2, argv + 2);
    if (strcmp(cmd, "reports") == 0)
        return master_reports_main(argc - 2, argv + 2);
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
        usage(stdout);
        return 0;
    }
    fprintf(stderr, "master: unknown command '%s'\n", cmd);
    usage(stderr);
    return MASTER_EXIT_USAGE;
}
