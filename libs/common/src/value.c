#include "mdc/value.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

void mdc_arena_init(mdc_arena *a, void *buf, size_t cap)
{
    a->buf = buf;
    a->cap = cap;
    a->used = 0;
    a->full = false;
}

void mdc_arena_reset(mdc_arena *a)
{
    a->used = 0;
    a->full = false;
}

void *mdc_arena_alloc(mdc_arena *a, size_t n)
{
    /* align the address, not just the offset: buf may be any uint8_t array */
    size_t pad = (size_t)(-(uintptr_t)(a->buf + a->used) & 7u);
    size_t start = a->used + pad;
    if (start > a->cap || n > a->cap - start) {
        a->full = true;
        return NULL;
    }
    void *p = a->buf + start;
    a->used = start + n;
    memset(p, 0, n);
    return p;
}

char *mdc_arena_strndup(mdc_arena *a, const char *s, size_t n)
{
    char *p = mdc_arena_alloc(a, n + 1);
    if (p && n)
        memcpy(p, s, n);
    return p;
}

mdc_value *mdc_v_new(mdc_arena *a, mdc_vkind kind)
{
    mdc_value *v = mdc_arena_alloc(a, sizeof *v);
    if (v)
        v->kind = kind;
    return v;
}

mdc_value *mdc_v_append(mdc_value *parent, const char *key, mdc_value *child)
{
    if (!child)
        return NULL;
    child->key = key;
    if (!parent)
        return child;
    if (parent->u.list.tail)
        parent->u.list.tail->next = child;
    else
        parent->u.list.head = child;
    parent->u.list.tail = child;
    parent->u.list.n++;
    return child;
}

static mdc_value *add(mdc_arena *a, mdc_value *parent, const char *key, mdc_vkind kind)
{
    return mdc_v_append(parent, key, mdc_v_new(a, kind));
}

mdc_value *mdc_v_add_obj(mdc_arena *a, mdc_value *parent, const char *key)
{
    return add(a, parent, key, MDC_V_OBJECT);
}

mdc_value *mdc_v_add_arr(mdc_arena *a, mdc_value *parent, const char *key)
{
    return add(a, parent, key, MDC_V_ARRAY);
}

mdc_value *mdc_v_add_null(mdc_arena *a, mdc_value *parent, const char *key)
{
    return add(a, parent, key, MDC_V_NULL);
}

mdc_value *mdc_v_add_bool(mdc_arena *a, mdc_value *parent, const char *key, bool b)
{
    mdc_value *v = add(a, parent, key, MDC_V_BOOL);
    if (v)
        v->u.b = b;
    return v;
}

mdc_value *mdc_v_add_int(mdc_arena *a, mdc_value *parent, const char *key, int64_t i,
                         const char *unit)
{
    mdc_value *v = add(a, parent, key, MDC_V_INT);
    if (v) {
        v->u.i = i;
        v->unit = unit;
    }
    return v;
}

mdc_value *mdc_v_add_dec(mdc_arena *a, mdc_value *parent, const char *key, int64_t mant,
                         uint8_t scale, const char *unit)
{
    mdc_value *v = add(a, parent, key, MDC_V_DEC);
    if (v) {
        v->u.dec.mant = mant;
        v->u.dec.scale = scale;
        v->unit = unit;
    }
    return v;
}

mdc_value *mdc_v_add_str(mdc_arena *a, mdc_value *parent, const char *key, const char *s, size_t n)
{
    char *copy = mdc_arena_strndup(a, s, n);
    if (!copy)
        return NULL;
    mdc_value *v = add(a, parent, key, MDC_V_STR);
    if (v) {
        v->u.str.p = copy;
        v->u.str.len = n;
    }
    return v;
}

mdc_value *mdc_v_add_time(mdc_arena *a, mdc_value *parent, const char *key, const mdc_tm *tm)
{
    mdc_value *v = add(a, parent, key, MDC_V_TIME);
    if (v)
        v->u.tm = *tm;
    return v;
}

mdc_value *mdc_v_add_bytes(mdc_arena *a, mdc_value *parent, const char *key, mdc_vkind kind,
                           const uint8_t *p, size_t n)
{
    uint8_t *copy = mdc_arena_alloc(a, n ? n : 1);
    if (!copy)
        return NULL;
    if (n)
        memcpy(copy, p, n);
    mdc_value *v = add(a, parent, key, kind);
    if (v) {
        v->u.bytes.p = copy;
        v->u.bytes.len = n;
    }
    return v;
}

const mdc_value *mdc_v_get(const mdc_value *obj, const char *key)
{
    if (!obj || obj->kind != MDC_V_OBJECT)
        return NULL;
    for (const mdc_value *c = obj->u.list.head; c; c = c->next)
        if (c->key && strcmp(c->key, key) == 0)
            return c;
    return NULL;
}

const mdc_value *mdc_v_at(const mdc_value *list, size_t i)
{
    if (!list || (list->kind != MDC_V_ARRAY && list->kind != MDC_V_OBJECT))
        return NULL;
    const mdc_value *c = list->u.list.head;
    while (c && i--)
        c = c->next;
    return c;
}

static const uint64_t pow10_tab[20] = {1u,
                                       10u,
                                       100u,
                                       1000u,
                                       10000u,
                                       100000u,
                                       1000000u,
                                       10000000u,
                                       100000000u,
                                       1000000000u,
                                       10000000000u,
                                       100000000000u,
                                       1000000000000u,
                                       10000000000000u,
                                       100000000000000u,
                                       1000000000000000u,
                                       10000000000000000u,
                                       100000000000000000u,
                                       1000000000000000000u,
                                       10000000000000000000u};

uint64_t mdc_pow10(unsigned n)
{
    return n < sizeof pow10_tab / sizeof pow10_tab[0] ? pow10_tab[n] : 0;
}

bool mdc_v_mant(const mdc_value *v, uint8_t scale, int64_t *mant)
{
    int64_t m;
    unsigned from;
    if (!v || scale > 18)
        return false;
    if (v->kind == MDC_V_INT) {
        m = v->u.i;
        from = 0;
    } else if (v->kind == MDC_V_DEC && v->u.dec.scale <= 18) {
        m = v->u.dec.mant;
        from = v->u.dec.scale;
    } else {
        return false;
    }
    if (from > scale) {
        int64_t d = (int64_t)pow10_tab[from - scale];
        if (m % d != 0)
            return false;
        *mant = m / d;
        return true;
    }
    int64_t f = (int64_t)pow10_tab[scale - from];
    if (m > INT64_MAX / f || m < INT64_MIN / f)
        return false;
    *mant = m * f;
    return true;
}

bool mdc_v_int(const mdc_value *v, int64_t *out)
{
    if (v && v->kind == MDC_V_BOOL) {
        *out = v->u.b;
        return true;
    }
    return mdc_v_mant(v, 0, out);
}

size_t mdc_dec_format(int64_t mant, uint8_t scale, char *out, size_t cap)
{
    char buf[48];
    uint64_t mag = mant < 0 ? (uint64_t)0 - (uint64_t)mant : (uint64_t)mant;
    int n;
    if (scale == 0 || scale > 18) {
        n = snprintf(buf, sizeof buf, "%s%llu", mant < 0 ? "-" : "", (unsigned long long)mag);
    } else {
        uint64_t d = pow10_tab[scale];
        n = snprintf(buf, sizeof buf, "%s%llu.%0*llu", mant < 0 ? "-" : "",
                     (unsigned long long)(mag / d), (int)scale, (unsigned long long)(mag % d));
    }
    if (n < 0 || (size_t)n >= cap)
        return 0;
    memcpy(out, buf, (size_t)n + 1);
    return (size_t)n;
}

bool mdc_dec_parse(const char *s, uint8_t scale, int64_t *mant)
{
    bool neg = false, any = false;
    uint64_t m = 0;
    unsigned frac = 0;
    bool dot = false;
    if (scale > 18)
        return false;
    if (*s == '-' || *s == '+')
        neg = *s++ == '-';
    for (; *s; s++) {
        if (*s == '.' && !dot) {
            dot = true;
            continue;
        }
        if (*s < '0' || *s > '9')
            return false;
        any = true;
        unsigned dgt = (unsigned)(*s - '0');
        if (dot && frac >= scale) {
            if (dgt != 0)
                return false;
            continue;
        }
        if (m > (UINT64_MAX - dgt) / 10u)
            return false;
        m = m * 10u + dgt;
        if (dot)
            frac++;
    }
    if (!any)
        return false;
    for (; frac < scale; frac++) {
        if (m > UINT64_MAX / 10u)
            return false;
        m *= 10u;
    }
    if (m > (uint64_t)INT64_MAX)
        return false;
    *mant = neg ? -(int64_t)m : (int64_t)m;
    return true;
}
