/* The data-unit layout interpreter (layout.h), part 1: error messages with
 * their field path, member and ref lookup (dotted paths included), and the
 * facts of a layout (smallest and fixed length). Decoding is in
 * layout_decode.c, encoding in layout_encode.c. */
#include "gdw13761/layout.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "gdw13761/formats.h"
#include "layout_common.h"

/* ---- errors ---- */

/* Appends src to the NUL-terminated dst of capacity cap, cutting what does not fit. */
static void msg_append(char *dst, size_t cap, const char *src)
{
    size_t used = strlen(dst);
    size_t n = strlen(src);
    if (used + 1 >= cap)
        return;
    if (n > cap - 1 - used)
        n = cap - 1 - used;
    memcpy(dst + used, src, n);
    dst[used + n] = '\0';
}

static size_t path_of(const gdw_scope *sc, char *buf, size_t cap)
{
    if (!sc)
        return 0;
    size_t n = path_of(sc->up, buf, cap);
    int k = 0;
    if (sc->name && n < cap) {
        if (sc->idx >= 0)
            k = snprintf(buf + n, cap - n, "%s%s[%ld]", n ? "." : "", sc->name, sc->idx);
        else
            k = snprintf(buf + n, cap - n, "%s%s", n ? "." : "", sc->name);
    }
    if (k > 0)
        n += (size_t)k;
    if (sc->note && n < cap) {
        k = snprintf(buf + n, cap - n, "(%s)", sc->note);
        if (k > 0)
            n += (size_t)k;
    }
    return n < cap ? n : cap - 1;
}

int gdw13761_lay_err(gdw13761_err *err, gdw13761_errc code, size_t off, const gdw_scope *sc,
                     const char *field, const char *f, ...)
{
    char path[96];
    char why[128];
    va_list ap;
    size_t n = path_of(sc, path, sizeof path);
    if (field && n < sizeof path)
        snprintf(path + n, sizeof path - n, "%s%s", n ? "." : "", field);
    else if (n == 0)
        snprintf(path, sizeof path, "%s", "(unit)");
    va_start(ap, f);
    vsnprintf(why, sizeof why, f, ap);
    va_end(ap);
    err->code = code;
    err->offset = off;
    /* "path: reason"; a deep path makes the reason shorter, never overruns msg */
    err->msg[0] = '\0';
    msg_append(err->msg, sizeof err->msg, path);
    msg_append(err->msg, sizeof err->msg, ": ");
    msg_append(err->msg, sizeof err->msg, why);
    return -1;
}

const char *gdw13761_strerror(gdw13761_errc code)
{
    static const char *const names[] = {
        [GDW13761_OK] = "ok",
        [GDW13761_E_SHORT] = "data too short",
        [GDW13761_E_FORMAT] = "value does not fit its format",
        [GDW13761_E_MISSING] = "field missing",
        [GDW13761_E_COUNT] = "count or size disagrees with the data",
        [GDW13761_E_SPACE] = "output buffer too small",
        [GDW13761_E_ARENA] = "value arena full",
        [GDW13761_E_LAYOUT] = "bad layout table",
        [GDW13761_E_FRAME] = "bad frame",
        [GDW13761_E_UNKNOWN] = "unknown data unit",
    };
    if ((unsigned)code < sizeof names / sizeof names[0] && names[code])
        return names[code];
    return "unknown error";
}

/* ---- members and refs ---- */

bool gdw13761_lay_is_scalar(const gdw_field *sub)
{
    return sub && sub[0].kind == GDW_FK_FMT && !sub[0].name && sub[1].kind == GDW_FK_END;
}

const mdc_value *gdw13761_lay_member(const mdc_value *obj, const char *key, size_t n)
{
    const mdc_value *hit = NULL;
    if (!obj || obj->kind != MDC_V_OBJECT || !key)
        return NULL;
    for (const mdc_value *c = obj->u.list.head; c; c = c->next)
        if (c->key && strncmp(c->key, key, n) == 0 && c->key[n] == '\0')
            hit = c;
    return hit;
}

const mdc_value *gdw13761_lay_holder(const mdc_value *obj, const char *ref, const char **last)
{
    const char *dot;
    if (!ref)
        return NULL;
    while ((dot = strchr(ref, '.')) != NULL) {
        obj = gdw13761_lay_member(obj, ref, (size_t)(dot - ref));
        if (!obj || obj->kind != MDC_V_OBJECT)
            return NULL;
        ref = dot + 1;
    }
    *last = ref;
    return obj && obj->kind == MDC_V_OBJECT ? obj : NULL;
}

const mdc_value *gdw13761_lay_path(const mdc_value *obj, const char *ref)
{
    const char *last = NULL;
    const mdc_value *h = gdw13761_lay_holder(obj, ref, &last);
    return h ? gdw13761_lay_member(h, last, strlen(last)) : NULL;
}

const mdc_value *gdw13761_lay_find(const gdw_scope *sc, const char *ref)
{
    for (; sc; sc = sc->up) {
        const mdc_value *v = gdw13761_lay_path(sc->obj, ref);
        if (v)
            return v;
    }
    return NULL;
}

bool gdw13761_lay_ref_is(const char *ref, const char *name)
{
    if (!ref || !name)
        return false;
    const char *dot = strrchr(ref, '.');
    return strcmp(dot ? dot + 1 : ref, name) == 0;
}

const gdw_case *gdw13761_lay_case(const gdw_case *cs, int64_t x)
{
    for (; cs && cs->layout; cs++)
        if (cs->value == x)
            return cs;
    return NULL;
}

/* ---- layout facts ---- */

size_t gdw13761_lay_min_len(const gdw_field *l, int depth)
{
    size_t n = 0;
    if (!l || depth > GDW_LAY_MAX_DEPTH)
        return 0;
    for (; l->kind != GDW_FK_END; l++) {
        size_t k = 0;
        switch (l->kind) {
        case GDW_FK_FMT:
            k = gdw13761_fmt_size((gdw_fmt)l->fmt, l->len);
            break;
        case GDW_FK_GROUP:
        case GDW_FK_INCLUDE:
            k = gdw13761_lay_min_len(l->sub, depth + 1);
            break;
        case GDW_FK_REPEAT:
            if (!l->ref)
                k = (size_t)l->len * gdw13761_lay_min_len(l->sub, depth + 1);
            break;
        case GDW_FK_BITS:
            k = l->len;
            break;
        default:
            break;
        }
        n += k;
    }
    return n;
}

static long fixed_len(const gdw_field *l, int depth)
{
    long n = 0;
    if (!l || depth > GDW_LAY_MAX_DEPTH)
        return -1;
    for (; l->kind != GDW_FK_END; l++) {
        long k;
        switch (l->kind) {
        case GDW_FK_FMT: {
            size_t s = gdw13761_fmt_size((gdw_fmt)l->fmt, l->len);
            k = s ? (long)s : -1;
            break;
        }
        case GDW_FK_GROUP:
        case GDW_FK_INCLUDE:
            k = fixed_len(l->sub, depth + 1);
            break;
        case GDW_FK_REPEAT:
            k = -1;
            if (!l->ref && l->len > 0) {
                long e = fixed_len(l->sub, depth + 1);
                if (e >= 0 && e <= 1000000L)
                    k = e * (long)l->len;
            }
            break;
        case GDW_FK_BITS:
            k = l->len;
            break;
        default:
            k = -1;
            break;
        }
        if (k < 0)
            return -1;
        n += k;
    }
    return n;
}

long gdw13761_unit_fixed_len(const gdw_field *layout)
{
    return fixed_len(layout, 0);
}
