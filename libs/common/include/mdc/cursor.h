/* Bounds-checked byte cursors. A read or write past the end sets a sticky
 * error flag and yields zeros / writes nothing, so a decoder can read a whole
 * structure and check the flag once. Nothing here allocates. */
#ifndef MDC_CURSOR_H
#define MDC_CURSOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct mdc_rd {
    const uint8_t *p;
    size_t len;
    size_t pos;
    bool err; /* set by any read past the end; never cleared by reads */
} mdc_rd;

typedef struct mdc_wr {
    uint8_t *p;
    size_t cap;
    size_t pos;
    bool err; /* set by any write past cap */
} mdc_wr;

static inline mdc_rd mdc_rd_init(const uint8_t *p, size_t len)
{
    mdc_rd r = {p, len, 0, false};
    return r;
}

static inline size_t mdc_rd_left(const mdc_rd *r)
{
    return r->err ? 0 : r->len - r->pos;
}

/* Pointer to the next n bytes and advance, or NULL (and err) when fewer remain. */
const uint8_t *mdc_rd_take(mdc_rd *r, size_t n);
uint8_t mdc_rd_u8(mdc_rd *r);
uint16_t mdc_rd_le16(mdc_rd *r);
uint32_t mdc_rd_le32(mdc_rd *r);
/* Copies n bytes to out (zero-filled on error). */
bool mdc_rd_copy(mdc_rd *r, void *out, size_t n);

static inline mdc_wr mdc_wr_init(uint8_t *p, size_t cap)
{
    mdc_wr w = {p, cap, 0, false};
    return w;
}

/* Reserves n bytes and returns them for the caller to fill, or NULL (and err). */
uint8_t *mdc_wr_reserve(mdc_wr *w, size_t n);
void mdc_wr_u8(mdc_wr *w, uint8_t v);
void mdc_wr_le16(mdc_wr *w, uint16_t v);
void mdc_wr_le32(mdc_wr *w, uint32_t v);
void mdc_wr_bytes(mdc_wr *w, const void *src, size_t n);
void mdc_wr_fill(mdc_wr *w, uint8_t v, size_t n);

#endif
