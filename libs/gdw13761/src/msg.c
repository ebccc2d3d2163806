/* Message layer: frame + data units through the catalogue. See msg.h. */
#include "gdw13761/msg.h"

#include <stdio.h>
#include <string.h>

/* Units one gdw13761_msg_encode call can group (stack scratch). */
#define MSG_MAX_UNITS 1024

static bool layout_empty(const gdw_field *l)
{
    return l == NULL || l[0].kind == GDW_FK_END;
}

/* "p2 F129" / "p0 F3" / "pALL F1" */
static void unit_label(uint16_t pn, uint16_t fn, char *out, size_t cap)
{
    if (pn == GDW13761_PN_ALL)
        snprintf(out, cap, "pALL F%u", fn);
    else
        snprintf(out, cap, "p%u F%u", pn, fn);
}

/* Copies a layout error under a "p2 F129: " prefix, moving its offset. */
static int unit_err(gdw13761_err *err, const gdw13761_err *u, uint16_t pn, uint16_t fn, size_t base)
{
    char label[32];
    unit_label(pn, fn, label, sizeof label);
    return gdw13761_err_set(err, u->code, base + u->offset, "%s: %.100s", label, u->msg);
}

/* Walks the unit region u[0..ulen) of an (afn, dir) message into m->units;
 * error offsets are base + the region offset. */
static int walk(uint8_t afn, bool uplink, const uint8_t *u, size_t ulen, size_t base,
                gdw13761_msg *m, size_t cap, mdc_arena *a, gdw13761_err *err)
{
    size_t pos = 0;
    uint8_t dir = uplink ? GDW13761_UP : GDW13761_DOWN;
    while (pos < ulen) {
        if (ulen - pos < 4)
            return gdw13761_err_set(err, GDW13761_E_FRAME, base + pos,
                                    "truncated identifier: %zu bytes left in the unit region",
                                    ulen - pos);
        gdw13761_dadt d;
        gdw13761_err derr = {0};
        if (gdw13761_dadt_decode(u + pos, &d, &derr) != 0)
            return gdw13761_err_set(err, GDW13761_E_FRAME, base + pos + derr.offset,
                                    "identifier %zu: %.100s", m->ngroups, derr.msg);
        pos += 4;
        m->ngroups++;
        for (unsigned i = 0; i < d.npn; i++) {
            for (unsigned j = 0; j < d.nfn; j++) {
                uint16_t pn = d.pn[i], fn = d.fn[j];
                bool last = i + 1u == d.npn && j + 1u == d.nfn;
                if (m->nunits == cap)
                    return gdw13761_err_set(err, GDW13761_E_SPACE, base + pos,
                                            "more than %zu data units", cap);
                const gdw13761_fn *row = gdw13761_cat_find(afn, fn, dir);
                size_t rest = ulen - pos, used = 0;
                mdc_value *v = NULL;
                if (row && layout_empty(row->layout)) {
                    v = mdc_v_new(a, MDC_V_OBJECT);
                } else if (row && afn == 0x02 && fn == 3 && uplink && last && rest == 0) {
                    /* a 2009-style heartbeat carries no clock (2013 Table 15 adds it):
                     * accepted as an empty unit; encoders always send the clock */
                    v = mdc_v_new(a, MDC_V_OBJECT);
                } else if (row) {
                    gdw13761_err uerr = {0};
                    if (gdw13761_unit_decode(row->layout, u + pos, rest, &used, a, &v, &uerr) != 0)
                        return unit_err(err, &uerr, pn, fn, base + pos);
                } else if (last) {
                    /* the last unit of its identifier: take the rest as raw */
                    used = rest;
                    v = mdc_v_add_bytes(a, NULL, NULL, MDC_V_BYTES, u + pos, rest);
                } else {
                    char label[32];
                    unit_label(pn, fn, label, sizeof label);
                    return gdw13761_err_set(err, GDW13761_E_UNKNOWN, base + pos,
                                            "%s: AFN %02X F%u (%s) is not catalogued and more "
                                            "units follow, so its length is unknown",
                                            label, afn, fn, uplink ? "up" : "down");
                }
                if (!v)
                    return gdw13761_err_set(err, GDW13761_E_ARENA, base + pos, "value arena full");
                gdw13761_unit *out = &m->units[m->nunits++];
                out->pn = pn;
                out->fn = fn;
                out->row = row;
                out->value = v;
                out->raw = u + pos;
                out->raw_len = used;
                pos += used;
            }
        }
    }
    m->complete = true;
    return 0;
}

int gdw13761_msg_decode(const uint8_t *p, size_t len, gdw13761_msg *m, gdw13761_unit *units,
                        size_t cap, mdc_arena *a, gdw13761_err *err)
{
    memset(m, 0, sizeof *m);
    m->units = units;
    if (gdw13761_frame_decode(p, len, &m->frame, NULL, err) != 0)
        return -1;
    return walk(m->frame.afn, m->frame.dir, m->frame.units, m->frame.units_len, GDW13761_HDR_LEN, m,
                cap, a, err);
}

int gdw13761_msg_decode_units(uint8_t afn, bool uplink, const uint8_t *p, size_t len,
                              gdw13761_msg *m, gdw13761_unit *units, size_t cap, mdc_arena *a,
                              gdw13761_err *err)
{
    memset(m, 0, sizeof *m);
    m->units = units;
    m->frame.afn = afn;
    m->frame.dir = uplink;
    m->frame.units = p;
    m->frame.units_len = len;
    return walk(afn, uplink, p, len, 0, m, cap, a, err);
}

/* Index of the k-th (0-based) unit with (pn, fn) in units[0..n), or n. */
static size_t find_kth(const gdw13761_unit *units, size_t n, uint16_t pn, uint16_t fn, size_t k)
{
    for (size_t i = 0; i < n; i++)
        if (units[i].pn == pn && units[i].fn == fn && k-- == 0)
            return i;
    return n;
}

/* layer[i] = how many earlier units carry the same (pn, fn). */
static void layers(const gdw13761_unit *units, size_t n, uint16_t *layer)
{
    for (size_t i = 0; i < n; i++) {
        layer[i] = 0;
        for (size_t j = i; j-- > 0;)
            if (units[j].pn == units[i].pn && units[j].fn == units[i].fn) {
                layer[i] = (uint16_t)(layer[j] + 1u);
                break;
            }
    }
}

static int encode_unit(uint8_t afn, bool uplink, const gdw13761_unit *un, uint8_t *out, size_t cap,
                       size_t *written, size_t base, gdw13761_err *err)
{
    const gdw13761_fn *row = gdw13761_cat_find(afn, un->fn, uplink ? GDW13761_UP : GDW13761_DOWN);
    const mdc_value *v = un->value;
    *written = 0;
    char label[32];
    unit_label(un->pn, un->fn, label, sizeof label);
    if (v && (v->kind == MDC_V_BYTES || v->kind == MDC_V_INVALID)) {
        if (v->u.bytes.len > cap)
            return gdw13761_err_set(err, GDW13761_E_SPACE, base, "%s: output full", label);
        memcpy(out, v->u.bytes.p, v->u.bytes.len);
        *written = v->u.bytes.len;
        return 0;
    }
    if (!row)
        return gdw13761_err_set(err, GDW13761_E_UNKNOWN, base,
                                "%s: AFN %02X F%u (%s) is not catalogued; give its bytes as BYTES",
                                label, afn, un->fn, uplink ? "up" : "down");
    if (layout_empty(row->layout))
        return 0;
    if (!v)
        return gdw13761_err_set(err, GDW13761_E_MISSING, base, "%s (%s): no value", label,
                                row->name);
    gdw13761_err uerr = {0};
    if (gdw13761_unit_encode(row->layout, v, out, cap, written, &uerr) != 0)
        return unit_err(err, &uerr, un->pn, un->fn, base);
    return 0;
}

/* Writes the identifiers and units into out[0..cap) from offset `base` (for
 * error offsets); spans (when not NULL) get one entry per identifier. */
static int encode_region(uint8_t afn, bool uplink, const gdw13761_unit *units, size_t n,
                         uint8_t *out, size_t cap, size_t base, size_t *written,
                         gdw13761_span *spans, size_t span_cap, size_t *nspans, gdw13761_err *err)
{
    if (n > MSG_MAX_UNITS)
        return gdw13761_err_set(err, GDW13761_E_SPACE, 0, "%zu units: one call handles at most %d",
                                n, MSG_MAX_UNITS);
    gdw13761_pnfn pairs[MSG_MAX_UNITS];
    uint8_t ids[MSG_MAX_UNITS][4];
    uint16_t layer_no[MSG_MAX_UNITS];
    layers(units, n, layer_no);
    size_t pos = 0, ns = 0;
    /* units repeating a (pn, Fn) (AFN0D days, curves) go to later layers */
    for (size_t layer = 0;; layer++) {
        size_t np = 0;
        for (size_t i = 0; i < n; i++)
            if (layer_no[i] == layer)
                pairs[np++] = (gdw13761_pnfn){units[i].pn, units[i].fn};
        if (np == 0)
            break;
        size_t nid = 0;
        if (gdw13761_dadt_group(pairs, np, ids, MSG_MAX_UNITS, &nid, err) != 0)
            return -1;
        for (size_t g = 0; g < nid; g++) {
            size_t id_at = pos;
            if (cap - pos < 4)
                return gdw13761_err_set(err, GDW13761_E_SPACE, base + pos, "output full");
            memcpy(out + pos, ids[g], 4);
            pos += 4;
            gdw13761_dadt d;
            gdw13761_dadt_decode(ids[g], &d, NULL);
            for (unsigned i = 0; i < d.npn; i++)
                for (unsigned j = 0; j < d.nfn; j++) {
                    size_t k = find_kth(units, n, d.pn[i], d.fn[j], layer);
                    size_t w = 0;
                    if (encode_unit(afn, uplink, &units[k], out + pos, cap - pos, &w, base + pos,
                                    err) != 0)
                        return -1;
                    pos += w;
                }
            if (spans) {
                if (ns == span_cap)
                    return gdw13761_err_set(err, GDW13761_E_SPACE, base + id_at,
                                            "more than %zu identifiers", span_cap);
                spans[ns++] = (gdw13761_span){out + id_at, pos - id_at};
            }
        }
    }
    *written = pos;
    if (nspans)
        *nspans = ns;
    return 0;
}

int gdw13761_msg_encode_units(uint8_t afn, bool uplink, const gdw13761_unit *units, size_t n,
                              uint8_t *out, size_t cap, size_t *written, gdw13761_span *spans,
                              size_t span_cap, size_t *nspans, gdw13761_err *err)
{
    return encode_region(afn, uplink, units, n, out, cap, 0, written, spans, span_cap, nspans, err);
}

int gdw13761_msg_encode(const gdw13761_frame *f, const gdw13761_unit *units, size_t n, uint8_t *out,
                        size_t cap, size_t *written, gdw13761_err *err)
{
    if (cap < GDW13761_FRAME_MIN)
        return gdw13761_err_set(err, GDW13761_E_SPACE, cap, "buffer below the smallest frame");
    size_t len = 0;
    if (encode_region(f->afn, f->dir, units, n, out + GDW13761_HDR_LEN, cap - GDW13761_HDR_LEN,
                      GDW13761_HDR_LEN, &len, NULL, 0, NULL, err) != 0)
        return -1;
    gdw13761_frame hdr = *f;
    hdr.units = out + GDW13761_HDR_LEN;
    hdr.units_len = len;
    return gdw13761_frame_encode(&hdr, out, cap, written, err);
}
