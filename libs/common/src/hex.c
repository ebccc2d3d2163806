#include "mdc/hex.h"

#include <string.h>

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static int is_sep(char c)
{
    return c == ' ' || c == '\t' || c == ':' || c == '-' || c == ',' || c == '\r' || c == '\n';
}

long mdc_hex_parse(const char *s, uint8_t *out, size_t cap, size_t *bad)
{
    size_t n = 0;
    int hi = -1;
    for (size_t i = 0; s[i]; i++) {
        char c = s[i];
        if (is_sep(c))
            continue;
        if (c == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X') && hi < 0) {
            i++;
            continue;
        }
        int v = hexval(c);
        if (v < 0) {
            if (bad)
                *bad = i;
            return -1;
        }
        if (hi < 0) {
            hi = v;
            continue;
        }
        if (n >= cap) {
            if (bad)
                *bad = i;
            return -1;
        }
        out[n++] = (uint8_t)(hi << 4 | v);
        hi = -1;
    }
    if (hi >= 0) {
        if (bad)
            *bad = strlen(s);
        return -1;
    }
    return (long)n;
}

char *mdc_hex_format(const uint8_t *p, size_t n, char sep, char *out, size_t cap)
{
    static const char digits[] = "0123456789ABCDEF";
    size_t o = 0;
    if (cap == 0)
        return out;
    for (size_t i = 0; i < n; i++) {
        size_t need = (sep && i) ? 3 : 2;
        if (o + need >= cap)
            break;
        if (sep && i)
            out[o++] = sep;
        out[o++] = digits[p[i] >> 4];
        out[o++] = digits[p[i] & 15];
    }
    out[o] = 0;
    return out;
}
