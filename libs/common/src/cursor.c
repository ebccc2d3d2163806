#include "mdc/cursor.h"

#include <string.h>

const uint8_t *mdc_rd_take(mdc_rd *r, size_t n)
{
    if (r->err || n > r->len - r->pos) {
        r->err = true;
        return NULL;
    }
    const uint8_t *p = r->p + r->pos;
    r->pos += n;
    return p;
}

uint8_t mdc_rd_u8(mdc_rd *r)
{
    const uint8_t *p = mdc_rd_take(r, 1);
    return p ? p[0] : 0;
}

uint16_t mdc_rd_le16(mdc_rd *r)
{
    const uint8_t *p = mdc_rd_take(r, 2);
    if (!p)
        return 0;
    uint16_t v = p[1];
    return (uint16_t)(v << 8 | p[0]);
}

uint32_t mdc_rd_le32(mdc_rd *r)
{
    const uint8_t *p = mdc_rd_take(r, 4);
    return p ? (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24
             : 0;
}

bool mdc_rd_copy(mdc_rd *r, void *out, size_t n)
{
    const uint8_t *p = mdc_rd_take(r, n);
    if (!p) {
        memset(out, 0, n);
        return false;
    }
    memcpy(out, p, n);
    return true;
}

uint8_t *mdc_wr_reserve(mdc_wr *w, size_t n)
{
    if (w->err || n > w->cap - w->pos) {
        w->err = true;
        return NULL;
    }
    uint8_t *p = w->p + w->pos;
    w->pos += n;
    return p;
}

void mdc_wr_u8(mdc_wr *w, uint8_t v)
{
    uint8_t *p = mdc_wr_reserve(w, 1);
    if (p)
        p[0] = v;
}

void mdc_wr_le16(mdc_wr *w, uint16_t v)
{
    uint8_t *p = mdc_wr_reserve(w, 2);
    if (p) {
        p[0] = (uint8_t)v;
        p[1] = (uint8_t)(v >> 8);
    }
}

void mdc_wr_le32(mdc_wr *w, uint32_t v)
{
    uint8_t *p = mdc_wr_reserve(w, 4);
    if (p) {
        for (int i = 0; i < 4; i++)
            p[i] = (uint8_t)(v >> (8 * i));
    }
}

void mdc_wr_bytes(mdc_wr *w, const void *src, size_t n)
{
    uint8_t *p = mdc_wr_reserve(w, n);
    if (p && n)
        memcpy(p, src, n);
}

void mdc_wr_fill(mdc_wr *w, uint8_t v, size_t n)
{
    uint8_t *p = mdc_wr_reserve(w, n);
    if (p && n)
        memset(p, v, n);
}
