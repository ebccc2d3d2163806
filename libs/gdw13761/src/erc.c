/* One ERC record <-> value tree, through the catalogue's ERC layouts
 * (cat_afn0e_erc.c) and the record layout of Table 353 (gdw13761_erc_record). */
#include "gdw13761/erc.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cat_afn0e.h"
#include "gdw13761/formats.h"
#include "layout_common.h"

/* Nodes the filled-in copy of a content object may need (fields of the
 * largest top level, ERC22, plus the wrapper). */
#define FILL_NODES 48u

const gdw_field *gdw13761_erc_layout(uint8_t erc)
{
    const gdw_case *c = gdw13761_lay_case(gdw13761_erc_cases, erc);
    return c ? c->layout : NULL;
}

const char *gdw13761_erc_name(uint8_t erc)
{
    const gdw_case *c = gdw13761_lay_case(gdw13761_erc_cases, erc);
    return c ? c->name : NULL;
}

static void set_err(gdw13761_err *err, gdw13761_errc code, const char *msg)
{
    if (!err)
        return;
    err->code = code;
    err->offset = 0;
    snprintf(err->msg, sizeof err->msg, "%s", msg);
}

/* A detached copy of node v (its children are shared, not copied). */
static mdc_value *shallow(mdc_arena *a, const mdc_value *v)
{
    mdc_value *c = mdc_v_new(a, v->kind);
    if (c) {
        *c = *v;
        c->next = NULL;
        c->key = NULL;
    }
    return c;
}

/* Appends to dst the members of the top-level fields of layout l that src
 * lacks: NULL (EEH) for a format with a missing form, an empty ARRAY for a
 * list. INCLUDEs are walked (their fields are top-level members). */
static void fill_absent(mdc_arena *a, const gdw_field *l, const mdc_value *src, mdc_value *dst)
{
    for (const gdw_field *f = l; f && f->kind != GDW_FK_END; f++) {
        if (f->kind == GDW_FK_INCLUDE) {
            fill_absent(a, f->sub, src, dst);
            continue;
        }
        if (!f->name || mdc_v_get(src, f->name))
            continue;
        if (f->kind == GDW_FK_FMT && gdw13761_fmt_has_null((gdw_fmt)f->fmt, f->len))
            mdc_v_add_null(a, dst, f->name);
        else if (f->kind == GDW_FK_REPEAT && (f->ref || f->len == GDW_COUNT_REST))
            mdc_v_add_arr(a, dst, f->name);
    }
}

int gdw13761_erc_encode(uint8_t erc, const mdc_value *content, uint8_t *out, size_t cap,
                        size_t *written, gdw13761_err *err)
{
    if (written)
        *written = 0;
    if (!content || !out) {
        set_err(err, GDW13761_E_MISSING, "no record content");
        return -1;
    }
    mdc_value nodes[FILL_NODES];
    mdc_arena a;
    mdc_arena_init(&a, nodes, sizeof nodes);
    mdc_value *rec = mdc_v_new(&a, MDC_V_OBJECT);
    mdc_v_add_int(&a, rec, "erc", erc, NULL);
    const gdw_field *l = gdw13761_erc_layout(erc);
    mdc_value *data = NULL;
    if (l && content->kind == MDC_V_OBJECT) {
        data = mdc_v_add_obj(&a, rec, "data");
        for (const mdc_value *m = content->u.list.head; data && m; m = m->next)
            mdc_v_append(data, m->key, shallow(&a, m));
        fill_absent(&a, l, content, data);
    } else {
        mdc_v_append(rec, "data", shallow(&a, content));
    }
    if (a.full) {
        set_err(err, GDW13761_E_ARENA, "record content has too many top-level fields");
        return -1;
    }
    uint8_t tmp[GDW13761_ERC_RECORD_MAX + 64];
    size_t w = 0;
    gdw13761_err e;
    memset(&e, 0, sizeof e);
    if (gdw13761_unit_encode(gdw13761_erc_record, rec, tmp, sizeof tmp, &w, &e) != 0) {
        /* Le (offset 1) that does not fit its byte, or a content beyond
         * the scratch buffer: the content is too long */
        if (e.code == GDW13761_E_SPACE || (e.offset == 1 && e.code != GDW13761_E_MISSING))
            set_err(err, GDW13761_E_COUNT, "record content longer than 255 bytes");
        else if (err)
            *err = e;
        return -1;
    }
    if (w > GDW13761_ERC_RECORD_MAX) {
        set_err(err, GDW13761_E_COUNT, "record content longer than 255 bytes");
        return -1;
    }
    if (w > cap) {
        set_err(err, GDW13761_E_SPACE, "output buffer too small for the record");
        return -1;
    }
    memcpy(out, tmp, w);
    if (written)
        *written = w;
    return 0;
}

int gdw13761_erc_decode(const uint8_t *p, size_t len, size_t *used, uint8_t *erc, mdc_arena *a,
                        mdc_value **content, gdw13761_err *err)
{
    if (used)
        *used = 0;
    if (!p || len < 2 || (size_t)p[1] + 2u > len) {
        set_err(err, GDW13761_E_SHORT, "record cut short (ERC, Le and Le bytes)");
        return -1;
    }
    size_t n = (size_t)p[1] + 2u, u = 0;
    mdc_value *rec = NULL;
    if (gdw13761_unit_decode(gdw13761_erc_record, p, n, &u, a, &rec, err) != 0)
        return -1;
    mdc_value *data = (mdc_value *)(uintptr_t)mdc_v_get(rec, "data");
    const mdc_value *rest = mdc_v_get(rec, "rest");
    if (!data) {
        set_err(err, GDW13761_E_FORMAT, "record without content");
        return -1;
    }
    if (rest && data->kind == MDC_V_OBJECT) {
        mdc_value *r = shallow(a, rest);
        if (!r) {
            set_err(err, GDW13761_E_ARENA, "arena full");
            return -1;
        }
        mdc_v_append(data, "rest", r);
    }
    if (erc)
        *erc = p[0];
    if (content)
        *content = data;
    if (used)
        *used = n;
    return 0;
}
