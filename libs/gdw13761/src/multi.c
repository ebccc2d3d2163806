/* Multi-frame split and reassembly (§4.3.4.3). See frame.h. */
#include "gdw13761/frame.h"

#include <string.h>

/* Frame bytes besides the units: 68 L L 68, C A AFN SEQ, AUX, CS 16. */
static size_t overhead(const gdw13761_frame *f)
{
    return GDW13761_FRAME_MIN + gdw13761_aux_len(f);
}

int gdw13761_split_init(gdw13761_split *s, const gdw13761_frame *tmpl, const gdw13761_span *units,
                        size_t n, size_t max_frame_len, gdw13761_err *err)
{
    memset(s, 0, sizeof *s);
    s->tmpl = *tmpl;
    s->tmpl.units = NULL;
    s->tmpl.units_len = 0;
    s->units = units;
    s->n = n;
    if (max_frame_len > GDW13761_FRAME_MAX)
        max_frame_len = GDW13761_FRAME_MAX;
    s->max_len = max_frame_len;
    size_t oh = overhead(&s->tmpl);
    if (max_frame_len < oh)
        return gdw13761_err_set(err, GDW13761_E_FRAME, 0,
                                "frame limit %zu bytes below the %zu an empty frame needs",
                                max_frame_len, oh);
    for (size_t i = 0; i < n; i++)
        if (units[i].len > max_frame_len - oh)
            return gdw13761_err_set(err, GDW13761_E_FRAME, i,
                                    "data unit %zu (%zu bytes) does not fit a frame of %zu "
                                    "bytes (room for %zu)",
                                    i, units[i].len, max_frame_len, max_frame_len - oh);
    return 0;
}

int gdw13761_split_next(gdw13761_split *s, uint8_t *out, size_t cap, size_t *written,
                        gdw13761_err *err)
{
    if (s->done)
        return 0;
    size_t room = s->max_len - overhead(&s->tmpl);
    size_t first = s->next, end = first, bytes = 0;
    while (end < s->n && bytes + s->units[end].len <= room)
        bytes += s->units[end++].len;
    if (GDW13761_HDR_LEN + bytes > cap)
        return gdw13761_err_set(err, GDW13761_E_SPACE, cap, "frame needs more than %zu bytes", cap);
    size_t at = GDW13761_HDR_LEN;
    for (size_t i = first; i < end; i++) {
        memcpy(out + at, s->units[i].p, s->units[i].len);
        at += s->units[i].len;
    }
    gdw13761_frame f = s->tmpl;
    f.fir = s->frames == 0;
    f.fin = end == s->n;
    f.seq = (uint8_t)((s->tmpl.seq + s->frames) & 0x0Fu);
    f.units = out + GDW13761_HDR_LEN;
    f.units_len = bytes;
    if (gdw13761_frame_encode(&f, out, cap, written, err) != 0)
        return -1;
    s->frames++;
    s->next = end;
    s->done = f.fin;
    return 1;
}

void gdw13761_reasm_init(gdw13761_reasm *r, uint8_t *buf, size_t cap)
{
    memset(r, 0, sizeof *r);
    r->buf = buf;
    r->cap = cap;
}

static void start(gdw13761_reasm *r, const gdw13761_frame *f)
{
    r->active = true;
    r->len = 0;
    r->frames = 0;
    r->afn = f->afn;
    r->dir = f->dir;
    r->a2 = f->a2;
    memcpy(r->a1, f->a1, sizeof r->a1);
}

static int append(gdw13761_reasm *r, const gdw13761_frame *f, gdw13761_err *err)
{
    if (f->units_len > r->cap - r->len) {
        r->active = false;
        return gdw13761_err_set(err, GDW13761_E_SPACE, r->len,
                                "reassembly buffer full: %zu + %zu bytes > %zu", r->len,
                                f->units_len, r->cap);
    }
    if (f->units_len)
        memcpy(r->buf + r->len, f->units, f->units_len);
    r->len += f->units_len;
    r->frames++;
    r->next_seq = (uint8_t)((f->seq + 1u) & 0x0Fu);
    return 0;
}

int gdw13761_reasm_add(gdw13761_reasm *r, const gdw13761_frame *f, gdw13761_err *err)
{
    if (f->fir) {
        if (r->active)
            r->abandoned++;
        start(r, f);
    } else {
        if (!r->active)
            return gdw13761_err_set(err, GDW13761_E_FRAME, 0,
                                    "%s frame (seq %u) without a first frame",
                                    f->fin ? "last" : "middle", f->seq);
        if (f->afn != r->afn || f->dir != r->dir || f->a2 != r->a2 ||
            memcmp(f->a1, r->a1, sizeof r->a1) != 0) {
            r->active = false;
            return gdw13761_err_set(err, GDW13761_E_FRAME, 0,
                                    "frame of another sequence (AFN %02X, A2 %u) in the middle "
                                    "of AFN %02X from A2 %u",
                                    f->afn, f->a2, r->afn, r->a2);
        }
        if (f->seq != r->next_seq) {
            r->active = false;
            return gdw13761_err_set(err, GDW13761_E_FRAME, 0,
                                    "sequence gap or reorder: expected seq %u, got %u after %u "
                                    "frames",
                                    r->next_seq, f->seq, r->frames);
        }
    }
    if (append(r, f, err) != 0)
        return -1;
    if (f->fin) {
        r->active = false;
        return 1;
    }
    return 0;
}
