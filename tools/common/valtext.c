#include "valtext.h"

#include <stdbool.h>
#include <string.h>

#include "mdc/hex.h"

static size_t hex(const uint8_t *p, size_t n, char *out, size_t cap)
{
    mdc_hex_format(p, n, 0, out, cap);
    return strlen(out);
}

size_t valtext_scalar(const mdc_value *v, char *out, size_t cap)
{
    char buf[512];
    size_t n = 0;
    switch (v->kind) {
    case MDC_V_NULL:
        n = (size_t)snprintf(buf, sizeof buf, "(missing)");
        break;
    case MDC_V_BOOL:
        n = (size_t)snprintf(buf, sizeof buf, "%s", v->u.b ? "yes" : "no");
        break;
    case MDC_V_INT:
        n = (size_t)snprintf(buf, sizeof buf, "%lld", (long long)v->u.i);
        break;
    case MDC_V_DEC:
        n = mdc_dec_format(v->u.dec.mant, v->u.dec.scale, buf, sizeof buf);
        break;
    case MDC_V_STR:
        n = (size_t)snprintf(buf, sizeof buf, "\"%.*s\"",
                             (int)(v->u.str.len > 400 ? 400 : v->u.str.len), v->u.str.p);
        break;
    case MDC_V_TIME:
        n = mdc_tm_format_iso(&v->u.tm, buf, sizeof buf);
        break;
    case MDC_V_BYTES:
        n = v->u.bytes.len ? hex(v->u.bytes.p, v->u.bytes.len, buf, sizeof buf)
                           : (size_t)snprintf(buf, sizeof buf, "(none)");
        break;
    case MDC_V_INVALID:
        n = (size_t)snprintf(buf, sizeof buf, "(invalid: ");
        n += hex(v->u.bytes.p, v->u.bytes.len, buf + n, sizeof buf - n - 2);
        buf[n++] = ')';
        buf[n] = 0;
        break;
    case MDC_V_ARRAY:
    case MDC_V_OBJECT:
        n = (size_t)snprintf(buf, sizeof buf, "(%zu items)", v->u.list.n);
        break;
    }
    if (v->unit && v->kind != MDC_V_NULL && n + strlen(v->unit) + 2 < sizeof buf)
        n += (size_t)snprintf(buf + n, sizeof buf - n, " %s", v->unit);
    if (cap == 0)
        return 0;
    if (n >= cap)
        n = cap - 1;
    memcpy(out, buf, n);
    out[n] = 0;
    return n;
}

static bool is_scalar(const mdc_value *v)
{
    return v->kind != MDC_V_ARRAY && v->kind != MDC_V_OBJECT;
}

static bool all_scalars(const mdc_value *v)
{
    for (const mdc_value *e = v->u.list.head; e; e = e->next)
        if (!is_scalar(e))
            return false;
    return true;
}

static void print_inline_array(FILE *f, const mdc_value *v)
{
    char buf[512];
    fputc('[', f);
    const char *unit = NULL;
    for (const mdc_value *e = v->u.list.head; e; e = e->next) {
        const char *u = e->unit;
        mdc_value tmp = *e;
        tmp.unit = NULL;
        valtext_scalar(&tmp, buf, sizeof buf);
        fprintf(f, "%s%s", e == v->u.list.head ? "" : ", ", buf);
        if (u)
            unit = u;
    }
    fputc(']', f);
    if (unit)
        fprintf(f, " %s", unit);
}

void valtext_print(FILE *f, const mdc_value *v, int indent)
{
    char buf[512];
    if (is_scalar(v)) {
        valtext_scalar(v, buf, sizeof buf);
        fprintf(f, "%*s%s\n", indent, "", buf);
        return;
    }
    size_t i = 0;
    for (const mdc_value *e = v->u.list.head; e; e = e->next, i++) {
        if (v->kind == MDC_V_OBJECT)
            fprintf(f, "%*s%s:", indent, "", e->key ? e->key : "?");
        else
            fprintf(f, "%*s[%zu]", indent, "", i);
        if (is_scalar(e)) {
            valtext_scalar(e, buf, sizeof buf);
            fprintf(f, " %s\n", buf);
        } else if (e->kind == MDC_V_ARRAY && all_scalars(e)) {
            fputc(' ', f);
            print_inline_array(f, e);
            fputc('\n', f);
        } else {
            fputc('\n', f);
            valtext_print(f, e, indent + 2);
        }
    }
}
