/* frametool: decode DL/T 645 and Q/GDW 1376.1 frames for people and scripts,
 * and build frames from arguments. See docs/frametool.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ft.h"
#include "mdc/hex.h"

#define MAX_INPUT 65536

static void usage(FILE *f)
{
    fputs("usage:\n"
          "  frametool decode [--proto auto|645|1376.1] [--json] [HEX...]\n"
          "      Decodes the frames in HEX (all arguments joined; spaces allowed), or in\n"
          "      each line of standard input when no HEX is given.\n"
          "  frametool encode 645 COMMAND [OPTIONS]     (frametool encode 645 --help)\n"
          "  frametool encode 1376.1 --json DESCRIPTION (the JSON shape decode prints)\n"
          "  frametool catalog [--markdown]             the 1376.1 (AFN, Fn) coverage table\n",
          f);
}

void ft_print_json(cJSON *j)
{
    char *s = cJSON_PrintUnformatted(j);
    if (s) {
        puts(s);
        free(s);
    }
    cJSON_Delete(j);
}

/* Which protocol does the frame at p look like? FE bytes are skipped first. */
static ft_proto sniff(const uint8_t *p, size_t n)
{
    size_t i = 0;
    while (i < n && p[i] == 0xFE)
        i++;
    p += i;
    n -= i;
    if (n >= 6 && p[0] == 0x68 && p[5] == 0x68 && p[1] == p[3] && p[2] == p[4] && (p[1] & 3) != 0)
        return FT_13761;
    return FT_645;
}

/* Decodes every frame in one input. Returns 0 when all bytes were frames. */
static int decode_input(const char *text, const ft_opts *o, const char *what)
{
    static uint8_t buf[MAX_INPUT];
    size_t bad = 0;
    long n = mdc_hex_parse(text, buf, sizeof buf, &bad);
    if (n < 0) {
        fprintf(stderr, "frametool: %s: not hex at character %zu%s\n", what, bad + 1,
                bad >= strlen(text) ? " (odd number of digits)" : "");
        return 1;
    }
    if (n == 0) {
        fprintf(stderr, "frametool: %s: no bytes\n", what);
        return 1;
    }
    size_t pos = 0;
    while (pos < (size_t)n) {
        ft_proto p = o->proto == FT_AUTO ? sniff(buf + pos, (size_t)n - pos) : o->proto;
        long used = p == FT_13761 ? ft13761_decode_one(buf + pos, (size_t)n - pos, o)
                                  : ft645_decode_one(buf + pos, (size_t)n - pos, o);
        if (used <= 0)
            return 1;
        pos += (size_t)used;
        if (!o->json && pos < (size_t)n)
            putchar('\n');
    }
    return 0;
}

static int decode_main(int argc, char **argv)
{
    ft_opts o = {FT_AUTO, false};
    int i = 0;
    for (; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0) {
            o.json = true;
        } else if (strcmp(argv[i], "--proto") == 0 && i + 1 < argc) {
            const char *p = argv[++i];
            if (strcmp(p, "auto") == 0)
                o.proto = FT_AUTO;
            else if (strcmp(p, "645") == 0 || strcmp(p, "dlt645") == 0)
                o.proto = FT_645;
            else if (strcmp(p, "1376.1") == 0 || strcmp(p, "13761") == 0)
                o.proto = FT_13761;
            else {
                fprintf(stderr, "frametool: unknown protocol '%s' (auto, 645, 1376.1)\n", p);
                return 2;
            }
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return 0;
        } else if (strncmp(argv[i], "--", 2) == 0) {
            fprintf(stderr, "frametool: unknown option '%s'\n", argv[i]);
            return 2;
        } else {
            break;
        }
    }
    if (i < argc) {
        size_t len = 1;
        for (int k = i; k < argc; k++)
            len += strlen(argv[k]) + 1;
        char *all = calloc(1, len);
        if (!all)
            return 1;
        for (int k = i; k < argc; k++) {
            strcat(all, argv[k]);
            strcat(all, " ");
        }
        int rc = decode_input(all, &o, "input");
        free(all);
        return rc;
    }
    static char line[MAX_INPUT * 3 + 2];
    int rc = 0;
    unsigned lineno = 0;
    while (fgets(line, sizeof line, stdin)) {
        lineno++;
        size_t len = strlen(line);
        if (len == sizeof line - 1 && line[len - 1] != '\n') {
            fprintf(stderr, "frametool: line %u: longer than %zu characters\n", lineno,
                    sizeof line - 2);
            return 1;
        }
        char *s = line + strspn(line, " \t\r\n");
        if (*s == 0 || *s == '#')
            continue;
        char what[32];
        snprintf(what, sizeof what, "line %u", lineno);
        if (decode_input(s, &o, what) != 0)
            rc = 1;
    }
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "decode") == 0)
        return decode_main(argc - 2, argv + 2);
    if (strcmp(cmd, "encode") == 0) {
        if (argc >= 3 && (strcmp(argv[2], "645") == 0 || strcmp(argv[2], "dlt645") == 0))
            return ft645_encode_main(argc - 3, argv + 3);
        if (argc >= 3 && (strcmp(argv[2], "1376.1") == 0 || strcmp(argv[2], "13761") == 0))
            return ft13761_encode_main(argc - 3, argv + 3);
        fprintf(stderr, "frametool: encode needs a protocol: 645 or 1376.1\n");
        return 2;
    }
    if (strcmp(cmd, "catalog") == 0)
        return ft_catalog_main(argc - 2, argv + 2);
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        usage(stdout);
        return 0;
    }
    fprintf(stderr, "frametool: unknown command '%s'\n", cmd);
    usage(stderr);
    return 2;
}
