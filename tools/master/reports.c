/* master reports: the active reports the server collected, decoded; and the
 * one-line query to the control socket that terminals and reports share. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "gdw13761/msg.h"
#include "master.h"
#include "mdc/hex.h"
#include "mdc/platform/usock.h"
#include "msgjson.h"
#include "request.h"

cJSON *master_ctl_query(const char *control, const char *line, char *why, size_t whycap)
{
    int fd = plat_usock_connect(control, why, whycap);
    if (fd < 0)
        return NULL;
    FILE *f = fdopen(fd, "r+");
    if (!f) {
        snprintf(why, whycap, "fdopen failed");
        return NULL;
    }
    fprintf(f, "%s\n", line);
    fflush(f);
    size_t cap = 1u << 24;
    char *reply = malloc(cap);
    cJSON *j = NULL;
    if (reply && fgets(reply, (int)cap, f))
        j = cJSON_Parse(reply);
    if (!j)
        snprintf(why, whycap, "no reply from the server at %s", control);
    free(reply);
    fclose(f);
    return j;
}

static void print_report(const cJSON *r, bool json)
{
    static gdw13761_msg m;
    static gdw13761_unit units[1024];
    static uint8_t mem[1u << 20], frame[GDW13761_FRAME_MAX];
    const cJSON *hx = cJSON_GetObjectItemCaseSensitive(r, "frame");
    long n = cJSON_IsString(hx) ? mdc_hex_parse(hx->valuestring, frame, sizeof frame, NULL) : -1;
    mdc_arena a;
    mdc_arena_init(&a, mem, sizeof mem);
    gdw13761_err err;
    memset(&err, 0, sizeof err);
    int rc = n > 0 ? gdw13761_msg_decode(frame, (size_t)n, &m, units, 1024, &a, &err) : -1;
    const char *ts = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(r, "ts"));
    const char *to = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(r, "to"));
    if (json) {
        cJSON *o = cJSON_Duplicate(r, true);
        if (rc == 0 || m.nunits)
            cJSON_AddItemToObject(o, "decoded", msgjson_msg(&m, &err));
        char *txt = cJSON_PrintUnformatted(o);
        if (txt)
            puts(txt);
        free(txt);
        cJSON_Delete(o);
        return;
    }
    printf("#%d %s %s", (int)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(r, "n")),
           ts ? ts : "?", to ? to : "?");
    if (rc != 0 && m.nunits == 0) {
        printf(": undecodable (%s)\n", n > 0 ? err.msg : "not hex");
        return;
    }
    printf(" AFN%02X %s%s%s\n", m.frame.afn, msgjson_afn_name(m.frame.afn),
           m.frame.con ? " (CON=1, confirmed)" : "",
           m.frame.fir && m.frame.fin ? ""
           : m.frame.fir              ? " first frame"
           : m.frame.fin              ? " last frame"
                                      : " middle frame");
    msgjson_print_units(stdout, m.frame.afn, units, m.nunits);
    if (rc != 0)
        printf("  decoding stopped: %s\n", err.msg);
}

int master_reports_main(int argc, char **argv)
{
    const char *control = MASTER_DEFAULT_CONTROL, *to = NULL;
    bool json = false;
    long after = 0;
    for (int i = 0; i < argc; i++) {
        char a1[5];
        uint16_t a2;
        if (strcmp(argv[i], "--json") == 0)
            json = true;
        else if (strcmp(argv[i], "--control") == 0 && i + 1 < argc)
            control = argv[++i];
        else if (strcmp(argv[i], "--to") == 0 && i + 1 < argc &&
                 mreq_parse_addr(argv[i + 1], a1, &a2) == 0)
            to = argv[++i];
        else if (strcmp(argv[i], "--after") == 0 && i + 1 < argc && atol(argv[i + 1]) >= 0)
            after = atol(argv[++i]);
        else {
            fputs("usage: master reports [--control SOCKET] [--to A1-A2] [--after N] [--json]\n",
                  stderr);
            return MASTER_EXIT_USAGE;
        }
    }
    cJSON *q = cJSON_CreateObject();
    cJSON_AddStringToObject(q, "op", "reports");
    if (to) {
        char a1[5], buf[16];
        uint16_t a2;
        mreq_parse_addr(to, a1, &a2);
        snprintf(buf, sizeof buf, "%s-%u", a1, a2);
        cJSON_AddStringToObject(q, "to", buf);
    }
    cJSON_AddNumberToObject(q, "after", (double)after);
    char *line = cJSON_PrintUnformatted(q);
    cJSON_Delete(q);
    char why[256];
    cJSON *j = line ? master_ctl_query(control, line, why, sizeof why) : NULL;
    free(line);
    if (!j) {
        fprintf(stderr, "master reports: %s\n", why);
        return MASTER_EXIT_LINK;
    }
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(j, "reports");
    for (const cJSON *r = arr ? arr->child : NULL; r; r = r->next)
        print_report(r, json);
    if (!json)
        printf("%d report frame(s) shown, %d received in all\n", cJSON_GetArraySize(arr),
               (int)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(j, "total")));
    cJSON_Delete(j);
    return 0;
}
